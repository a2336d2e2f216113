"""Acronym definitions, after Schwartz & Hearst (2003), "A simple algorithm for
identifying abbreviation definitions in biomedical text".

Both directions are found: "long form (SHORT)" and "SHORT (long form)". A short form
is 2–10 characters, at most two words, starts with a letter or digit and holds a
capital letter, or is lower case with a digit between letters ("seq2seq"); plural and
hyphenated forms are allowed ("LLMs", "OT-FM"). The long
form is chosen by matching the short form's letters right to left, the first letter
having to start a word, within min(|S| + 5, 2·|S|) words before the parenthesis; the long
form then reaches further back when more of the short form's capitals become first letters
of words ("Sparse Subspace Variational Inference (SSVI)", not "Subspace …"). A long
form is two words or more, or a hyphenated word, or one plain word for a short form of
two or three capitals ("autoregressive (AR)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphbuild.extract.text import plural_stripped

PAREN = re.compile(r"\(([^()]{1,100})\)")
_WORD = re.compile(r"\S+")
_BOUNDARY = re.compile(r"[.;:!?\[\])]\s|[.;:!?]$|\s--?\s|\u2014")
SHORT_SHAPE = re.compile(r"^[A-Za-z0-9][\w\-./&+']{0,9}$")
#: Parenthesised words that look like short forms but are not ("e.g", "i.e", "ours").
NOT_SHORT = frozenset(
    {"e.g", "i.e", "etc", "ours", "resp", "cf", "see", "vs", "et al", "a", "b", "c", "i", "ii"}
)


@dataclass(frozen=True)
class Definition:
    short: str  # as written, e.g. "LLMs"
    long: str
    start: int  # of the whole definition "long (SHORT)" or "SHORT (long)"
    end: int
    short_start: int
    long_start: int

    @property
    def short_base(self) -> str:
        return plural_stripped(self.short)


#: A lower-case short form with a digit between letters ("seq2seq", "w2v"): the digit
#: marks it as an abbreviation where capitals otherwise would.
_LOWER_WITH_DIGIT = re.compile(r"[a-z]+\d[a-z]+")


def is_short_form(candidate: str) -> bool:
    if not SHORT_SHAPE.match(candidate) or candidate.casefold().rstrip(".") in NOT_SHORT:
        return False
    if not any(c.isupper() for c in candidate) and not _LOWER_WITH_DIGIT.fullmatch(candidate):
        return False
    if not any(c.isalpha() for c in candidate):
        return False
    if candidate.isdigit() or re.fullmatch(r"(?:19|20)\d\d[a-z]?", candidate):
        return False
    return len(candidate) >= 2


def _letters_to_match(short: str, lowered_long: str) -> list[str]:
    """The short form's letters and digits, lower case. A digit between two letters that
    the long form does not spell ("Black-Box Knowledge Distillation (B2KD)",
    "text-to-image (T2I)") stands for a repeated letter or "to" and is skipped; a final
    digit is a version ("GPT-2", "S4") and must be matched."""
    kept = []
    for i, c in enumerate(short):
        inner_digit = (
            c.isdigit() and 0 < i < len(short) - 1 and short[i - 1].isalpha() and short[i + 1].isalpha()
        )
        if c.isalnum() and not (inner_digit and c not in lowered_long):
            kept.append(c.lower())
    return kept


def _starts_with(long: str, letter: str) -> bool:
    """Does the long form, or a hyphenated part of its first word, start with ``letter``
    ("Weight-Decomposed Low-Rank Adaptation (DoRA)")?"""
    first_word = (long.split() or [""])[0]
    return any(next((c for c in part if c.isalnum()), "").lower() == letter for part in first_word.split("-"))


def best_long_form(short: str, long: str) -> str | None:
    """Schwartz–Hearst: match the short form's characters right to left in ``long``."""
    lowered = long.lower()
    chars = _letters_to_match(plural_stripped(short), lowered)
    if not chars:
        return None
    s_index, l_index = len(chars) - 1, len(long) - 1
    while s_index >= 0:
        c = chars[s_index]
        while l_index >= 0 and (
            lowered[l_index] != c or (s_index == 0 and l_index > 0 and long[l_index - 1].isalnum())
        ):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    start = long.rfind(" ", 0, l_index + 1) + 1
    result = long[start:].strip(" ,;:-{}~")  # "{\\it least disagree metric} (LDM)", "estimation~(NCE)"
    if len(result) <= len(short) or (
        " " not in result and "-" not in result and not _one_word_long_form(short, result)
    ):
        return None  # a long form shorter than its short form is not a definition
    if not _starts_with(result, chars[0]) or "\\" in result:
        return None  # it starts with the short form's first letter; a TeX command is no long form
    return _without_uncovered_kind(result, chars)


def _one_word_long_form(short: str, word: str) -> bool:
    """ "autoregressive (AR)": one word may be the long form of a short form of two or
    three capitals, when it is a plain word more than three times as long ("models (MS)"
    and "Python (PY)" are no definitions)."""
    base = plural_stripped(short)
    return (
        2 <= len(base) <= 3
        and base.isalpha()
        and base.isupper()
        and len(word) > 3 * len(base)
        and word.isalpha()
        and (word.islower() or word[1:].islower())
    )


#: Words for the kind of thing a long form names, or the way it is done ("in a zero-shot
#: learning fashion (ZSL)"), which a short form often leaves out.
_KIND_WORDS = frozenset(
    "method methods approach approaches framework frameworks algorithm algorithms technique techniques "
    "strategy strategies scheme schemes procedure procedures sampler samplers fashion manner paradigm "
    "setting settings".split()
)


def _without_uncovered_kind(long: str, chars: list[str]) -> str:
    """The long form without a last word that only says what kind of thing it is, when the
    short form ends on the word before it: "optimal data-effective learning method
    (OptiDEL)" is "optimal data-effective learning"; "Bayesian Flow Networks (BFNs)" keeps
    its last word, and so does a long form whose short form ends elsewhere ("… of a learning
    algorithm (CEHPO)")."""
    head, _, last = long.rpartition(" ")
    head = head.rstrip(" ,;:-")
    if (
        len(head) > len(chars)
        and last.lower() in _KIND_WORDS
        and last[:1].lower() != chars[-1]
        and head.split()[-1][:1].lower() == chars[-1]
    ):
        return head
    return long


def _window_before(text: str, end: int, words: int, floor: int) -> tuple[str, int]:
    """Up to ``words`` words before ``end``, not crossing a clause boundary or ``floor``."""
    chunk_start = floor
    for boundary in _BOUNDARY.finditer(text, floor, end):
        chunk_start = boundary.end()
    spans = [m for m in _WORD.finditer(text, chunk_start, end)]
    spans = spans[-words:]
    if not spans:
        return "", end
    return text[spans[0].start() : end].rstrip(), spans[0].start()


_SHORT_AT_END = re.compile(r"([A-Za-z0-9][\w\-]{0,9})\s*$")
_POSSESSIVE = re.compile(r"['’]s?$")


def _long_before(text: str, paren: re.Match, short: str, floor: int) -> Definition | None:
    limit = min(len(short) + 5, len(short) * 2)
    window, window_start = _window_before(text, paren.start(), limit, floor)
    window = _POSSESSIVE.sub("", window)  # "a language model's (LM) activations"
    long = best_long_form(short, window) if window else None
    if not long:
        return None
    long = _without_suffix(short, _spelled_by_initials(short, window, long))
    long_start = window_start + window.rfind(long)
    return Definition(short, long, long_start, paren.end(), paren.start(1), long_start)


#: "-based", "-like" … at the end of a long form: "Stochastic Gradient Descent-based (SGD)
#: algorithms" defines SGD as "Stochastic Gradient Descent".
_SUFFIX = re.compile(r"-(?:based|like|style|driven|type)$", re.IGNORECASE)


def _without_suffix(short: str, long: str) -> str:
    """The long form without a ``_SUFFIX`` the short form does not spell."""
    suffix = _SUFFIX.search(long)
    if not suffix:
        return long
    letters = _initial_letters(short)
    stripped = long[: suffix.start()]
    return stripped if _initials_spelled(letters, stripped.split()) == len(letters) else long


def _initial_letters(short: str) -> list[str]:
    """The letters of a short form that words' initials spell: its capitals when it mixes
    cases ("FedWad": f, w), every letter when it has none in lower case ("SGD")."""
    base = plural_stripped(short)
    capitals = [c for c in base if c.isupper()] if any(c.islower() for c in base) else list(base)
    return [c.lower() for c in capitals if c.isalpha()]


#: Words whose first letter a short form does not take ("Series of Imaging Studies").
_FUNCTION_WORDS = frozenset("a an and as at by for from in of on or the to via with".split())


def _spelled_by_initials(short: str, window: str, long: str) -> str:
    """The long form reaching further back, to a word that starts with the short form's
    first letter, when more of the short form's capitals are then the first letters of
    words: "Sparse Subspace Variational Inference (SSVI)", where the letter-by-letter match
    found both S's in "Subspace"; "Bellman Equation based automatic rank Regularizer
    (BEER)"; "Open Access Series of Imaging Studies (OASIS)". Not across a comma or
    another mark, and of equally good ones the shortest is kept."""
    letters = _initial_letters(short)
    words = window.split()
    taken = len(long.split())
    if len(letters) < 2 or len(words) <= taken or not window.endswith(long):
        return long
    best, best_score = long, _initials_spelled(letters, long.split())
    for k in range(taken + 1, len(words) + 1):
        word = words[-k]
        if not word[-1:].isalnum() and not word.endswith("-"):
            break  # "ImageNet-CoG, a novel benchmark on the ImageNet-21K (IN-21K)"
        if word[:1].lower() != letters[0] or word.lower() in _FUNCTION_WORDS:
            continue
        score = _initials_spelled(letters, words[-k:])
        if score > best_score:
            best, best_score = " ".join(words[-k:]), score
    return best


def _initials_spelled(letters: list[str], words: list[str]) -> int:
    """How many of the short form's letters the first letters of the words (hyphenated
    parts included, function words left out) spell in order: their longest common
    subsequence."""
    initials = [
        p[0].lower()
        for w in words
        if w.lower() not in _FUNCTION_WORDS
        for p in w.split("-")
        if p[:1].isalnum()
    ]
    row = [0] * (len(letters) + 1)
    for c in initials:
        previous = 0
        for j, letter in enumerate(letters, start=1):
            current = row[j]
            row[j] = previous + 1 if c == letter else max(row[j], row[j - 1])
            previous = current
    return row[-1]


#: "FedWad (for Federated Wasserstein Distance)": the long form after "for".
_FOR = re.compile(r"^for\s+")


def _short_before(text: str, paren: re.Match, inside: str) -> Definition | None:
    """ "SHORT (long form)": the word before the parenthesis is the short form."""
    # A short form is at most 10 characters: only the last 10 before the blanks that
    # precede the parenthesis can hold it (searching the whole prefix for a match ending
    # there would try every position of it, for every parenthesis).
    word_end = paren.start()
    while word_end > 0 and text[word_end - 1].isspace():
        word_end -= 1
    before = _SHORT_AT_END.search(text, max(0, word_end - 10), paren.start())
    if not before or not is_short_form(before.group(1)):
        return None
    spelled = _FOR.sub("", inside.strip())  # "FedWad (for Federated Wasserstein Distance)"
    long = best_long_form(before.group(1), spelled)
    if not long or long != spelled:
        return None
    long_start = paren.start(1) + paren.group(1).find(spelled)
    return Definition(before.group(1), long, before.start(1), paren.end(), before.start(1), long_start)


_LIST_SEPARATOR = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")


def _names_listed(inside: str) -> bool:
    """ "(LCBench, NAS-Bench-201, Taskset, and PD1)", "(SHAP, LIME, Meaningful
    Perturbations, permutation tests)", "(LLaMA 2, Tulu, and NousHermes)": three or more
    short items listed in a parenthesis are examples of what precedes it, not its short
    form."""
    if "," not in inside:
        return False
    items = _LIST_SEPARATOR.split(inside)
    return len(items) >= 3 and all(item and len(item.split()) <= 3 for item in items)


def find_definitions(text: str, floor: int = 0) -> list[Definition]:
    """Every definition in ``text``. ``floor`` (the end of the title) keeps long forms in
    the abstract from reaching before it; a definition in the title ("Recurrent Neural
    Networks (RNNs): …") stays inside the title."""
    found = []
    for paren in PAREN.finditer(text):
        if paren.start() < floor <= paren.end():
            continue
        start = floor if paren.start() >= floor else 0
        inside = paren.group(1).strip()
        first = re.split(r"[;,]\s|\s+or\s+", inside, maxsplit=1)[0].strip()  # "(DSAC or DSACv1)"
        if _names_listed(inside):
            definition = None
        elif " " not in first and is_short_form(first):
            definition = _long_before(text, paren, first, start)
        elif len(inside.split()) >= 2:
            definition = _short_before(text, paren, inside)
        else:
            definition = None
        if definition:
            found.append(definition)
    return found
