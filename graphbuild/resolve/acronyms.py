"""Acronyms across the corpus.

Within a paper, a short form always means the long form defined there (the extractor
already links its bare uses). Across papers a short form is linked to a long form
only when every paper that defines it defines the same long form, up to spelling
("reinforcement learning from/with human feedback", "batch normalisation/normalization",
"supervised fine-tuning/finetuning", "long short-term memory (network)" are one: those
variants merge into the vocabulary's long form or the one most papers write); short
forms with several long forms ("RL", "GP", "SSL") are reported as ambiguous and left
unlinked.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from rapidfuzz import fuzz

from graphbuild.extract.concepts import generic_phrase
from graphbuild.extract.text import phrase_key
from graphbuild.records import PaperExtraction

#: Upper-case words that are English words, not acronyms, when met undefined.
NOT_ACRONYMS = frozenset(
    {"IT", "US", "AND", "OR", "IN", "ON", "AT", "TO", "WE", "A", "I", "AN", "IS", "NO", "OF"}
)
#: Words a long form may gain or lose without naming something else.
_FUNCTION_WORDS = frozenset("a an the of for from with to on in by via using and".split())
#: British spellings and their American forms, at the end of a word.
_RESPELLINGS = (
    (re.compile(r"is(ations?|ers?|ed|es|ing|e)$"), r"iz\1"),
    (re.compile(r"our$"), "or"),
    (re.compile(r"ell(ing|ed)$"), r"el\1"),
)


def long_forms_by_short(extractions: list[PaperExtraction]) -> dict[str, Counter]:
    """Short form → how many papers define it as each long-form concept key. A long form
    of generic words only ("state of the art" of SOTA) is no concept, so it links nothing."""
    found: dict[str, Counter] = defaultdict(Counter)
    for extraction in extractions:
        keys = {
            (p.short, f"concept:{phrase_key(p.long)}")
            for p in extraction.acronyms
            if not generic_phrase(p.long)
        }
        for short, key in keys:
            found[short][key] += 1
    return found


def spelling_key_words(concept_key: str) -> list[str]:
    """A long form's words without function words, in American spelling."""
    words = [w for w in concept_key.split(":", 1)[1].split() if w not in _FUNCTION_WORDS]
    for pattern, replacement in _RESPELLINGS:
        words = [pattern.sub(replacement, w) for w in words]
    return words


def spelling_key(concept_key: str) -> str:
    """What two long forms of one thing share: their words without function words, in
    American spelling, run together ("reinforcement learning from human feedback" and
    "Reinforcement Learning with Human Feedback" meet)."""
    return "".join(spelling_key_words(concept_key)).replace("-", "")


#: Words a long form may add without naming something else ("long short-term memory
#: network", "maximum likelihood estimation", "large pretrained language model").
_EXTRA_WORDS = frozenset(
    "network scale based unit divergence estimation estimator pretrained artificial".split()
)
#: rapidfuzz ratio of two spelling keys at or above which they are one long form with a
#: typo or another inflection ("supervised fune tuning", "multi layer perception",
#: "gradient boosted/boosting decision tree": 91–95); distinct long forms of one short form
#: in the bundled corpus score at most 88.5 ("reward/regularized preference optimization").
RESPELLING_RATIO = 90.0


def same_long_form(a: str, b: str) -> bool:
    """Are two long-form concept keys of one short form the same thing, written
    differently (see ``spelling_key``, ``_EXTRA_WORDS``, ``RESPELLING_RATIO``)?"""
    spelled_a, spelled_b = spelling_key(a), spelling_key(b)
    if spelled_a == spelled_b or _stems(a) == _stems(b):
        return True
    short, long = sorted((spelled_a, spelled_b), key=len)
    extended = long.startswith(short) or long.endswith(short)  # "meta reinforcement learning"
    same_start = spelled_a[:4] == spelled_b[:4]  # not "self-" and "semi-supervised learning"
    if (
        len(short) >= 12
        and same_start
        and not extended
        and fuzz.ratio(spelled_a, spelled_b) >= RESPELLING_RATIO
    ):
        return True
    core_a = [w for w in a.split(":", 1)[1].split() if w not in _EXTRA_WORDS]
    core_b = [w for w in b.split(":", 1)[1].split() if w not in _EXTRA_WORDS]
    return len(core_a) >= 2 and core_a == core_b


_SUFFIX = re.compile(r"(?:ations?|ers?|ing|ed)$")


def _stems(key: str) -> list[str]:
    """The long form's words without their inflection ("low rank adapter" and "low rank
    adaptation", "gradient boosted/boosting tree" meet)."""
    return [_SUFFIX.sub("", w) for w in spelling_key_words(key)]


def _one_thing(keys: list[str]) -> bool:
    """Do all the long forms of a short form name one thing (each the same as some other)?"""
    group, rest = [keys[0]], keys[1:]
    while rest:
        joined = [k for k in rest if any(same_long_form(k, g) for g in group)]
        if not joined:
            return False
        group += joined
        rest = [k for k in rest if k not in joined]
    return True


def split_ambiguous(
    by_short: Mapping[str, Iterable[str]],
    known: frozenset[str] = frozenset(),
    mentioned: Mapping[str, int] | None = None,
) -> tuple[dict[str, str], dict[str, list[str]], dict[str, tuple[str, str]]]:
    """(short form → its one long-form key, ambiguous short form → its long forms,
    long-form key that is a spelling variant → (the key it merges into, short form)).
    The variant kept: a ``known`` key (the vocabulary's), then the one most papers
    define (where counts are given, as a ``Counter``), then the one most papers
    mention (``mentioned``), then the alphabetically first."""
    mentioned = mentioned or {}
    unambiguous, ambiguous, variants = {}, {}, {}
    for short, longs in sorted(by_short.items()):
        if short in NOT_ACRONYMS or len(short) < 2:
            continue
        counts = longs if isinstance(longs, Counter) else Counter(longs)
        if _one_thing(sorted(counts)):
            kept = sorted(counts, key=lambda k: (k not in known, -counts[k], -mentioned.get(k, 0), k))[0]
            unambiguous[short] = kept
            variants.update((key, (kept, short)) for key in counts if key != kept)
        else:
            ambiguous[short] = sorted(k.split(":", 1)[1] for k in counts)
    return unambiguous, ambiguous, variants
