"""Resolve stage: mentions → one entity per real thing.

In order: fold an acronym's long form into the method a paper names with it; keep
only term candidates that score as terms (``terms.py``); link other papers' uses of
proposed method names and of unambiguous acronyms; merge spelling variants with
rapidfuzz (``variants.py``); cap concepts per paper; name every entity. Every merge
is kept with its reason so ``graphbuild explain`` can show it.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
import string
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from graphbuild.errors import WorkerError
from graphbuild.extract.concepts import concept_lexicon
from graphbuild.extract.found import (
    CONCEPT,
    METHOD,
    ROLE_CANDIDATE,
    ROLE_EXTENDS,
    ROLE_NARROWS,
    ROLE_PROPOSES,
)
from graphbuild.extract.lexicon import read_word_list
from graphbuild.extract.shapes import is_capitalized
from graphbuild.extract.text import compact_key, phrase_key, plural_stripped
from graphbuild.forked import in_two_processes
from graphbuild.records import AcronymPair, Entity, Mention, Paper, PaperExtraction
from graphbuild.resolve.acronyms import long_forms_by_short, split_ambiguous
from graphbuild.resolve.terms import kept_terms, nested_terms
from graphbuild.resolve.variants import Merge, find_merges

MAX_CONCEPTS_PER_PAPER = 15
#: A short form defined by this many other papers is a shared term, not a coined method.
COMMON_ACRONYM_PAPERS = 2
#: Roles of term candidates, which resolution keeps only if they are terms.
CANDIDATE_ROLES = frozenset((ROLE_CANDIDATE, ROLE_EXTENDS, ROLE_NARROWS))
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+-]*[A-Za-z0-9+]|[A-Za-z0-9]")

__all__ = ["MAX_CONCEPTS_PER_PAPER", "Resolution", "entity_id", "resolve"]


@dataclass
class Resolution:
    papers: list[Paper]
    entities: dict[str, Entity]
    mentions: dict[str, list[Mention]]
    acronyms: dict[str, list[AcronymPair]]
    ambiguous_acronyms: dict[str, list[str]] = field(default_factory=dict)
    merges: list[Merge] = field(default_factory=list)


def entity_id(key: str) -> str:
    """``concept:optimal transport`` → ``concept:optimal-transport``."""
    return key.replace(" ", "-")


def _overlaps(m: Mention, taken: list[Mention]) -> bool:
    return any(m.start < t.end and t.start < m.end for t in taken)


def _common_short_forms(extractions: list[PaperExtraction]) -> dict[str, int]:
    """Method key of each short form → number of papers that define it as an acronym."""
    counts: Counter = Counter()
    for extraction in extractions:
        counts.update({f"method:{compact_key(p.short)}" for p in extraction.acronyms})
    return counts


def _title_methods(extractions: list[PaperExtraction]) -> set[str]:
    """Methods a paper names in its title ("DARTS: Differentiable Architecture Search"):
    that paper is the name's origin, however many others define the acronym."""
    return {
        m.key
        for e in extractions
        for m in e.mentions
        if m.label == METHOD and m.role == ROLE_PROPOSES and m.start < len(e.paper.title)
    }


def _without_common_acronym_methods(extraction: PaperExtraction, defined_in: dict[str, int]) -> list[Mention]:
    """Drop "methods" that are acronyms other papers define too ("language models (LMs)",
    "RNN"): a name at least two other papers define for themselves is a shared concept,
    not this paper's coined contribution, and would otherwise be linked everywhere."""
    own = {f"method:{compact_key(p.short)}" for p in extraction.acronyms}
    return [
        m
        for m in extraction.mentions
        if m.label != METHOD or defined_in.get(m.key, 0) - (m.key in own) < COMMON_ACRONYM_PAPERS
    ]


def _fold_method_long_forms(extraction: PaperExtraction, mentions: list[Mention]) -> list[Mention]:
    """ "we introduce Long Form (LF)": the long form is the method LF, not a concept."""
    keys = {m.key for m in mentions}
    alias = {}
    for pair in extraction.acronyms:
        method_key = f"method:{compact_key(pair.short)}"
        if method_key in keys:
            alias[f"concept:{phrase_key(pair.long)}"] = method_key
    names = {m.key: m.name for m in mentions if m.key in alias.values()}
    roles = {m.key: m.role for m in mentions if m.key in alias.values()}
    return [
        m._replace(label=METHOD, key=alias[m.key], name=names[alias[m.key]], role=roles[alias[m.key]])
        if m.key in alias
        else m
        for m in mentions
    ]


def _concepts_proposed(
    proposals: Iterable[Mention], acronyms: dict[str, list[AcronymPair]]
) -> dict[str, tuple[str, str]]:
    """Concept key → (method key, method name), for each vocabulary concept a corpus
    paper proposes under a name the vocabulary lists as written ("Adam: A Method for
    Stochastic Optimization"): every mention of the concept ("Adam", "Adam optimizer")
    is then a mention of that paper's method, the citation-like link.

    Not converted: a lower-case form ("attention", a common noun); a name the proposing
    paper defines as an acronym of something else ("least disagree metric (LDM)" is not
    the latent diffusion model); an all-capitals name the paper does not define as the
    concept's long form (acronyms are ambiguous); a name two papers propose."""
    lexicon = concept_lexicon()
    proposers: dict[str, set[str]] = defaultdict(set)
    for m in proposals:
        proposers[m.name].add(m.paper_id)
    found = {}
    for name, papers in sorted(proposers.items()):
        entry = lexicon.lookup(name)
        if entry is None or name not in entry.forms or name.islower() or len(papers) > 1:
            continue
        longs = [p.long for p in acronyms.get(next(iter(papers)), []) if p.short == name]
        if any(lexicon.lookup(long) is not entry for long in longs) or (name.isupper() and not longs):
            continue
        found[f"concept:{phrase_key(entry.name)}"] = (f"method:{compact_key(name)}", name)
    return found


def _as_methods(mentions: list[Mention], proposed: dict[str, tuple[str, str]]) -> list[Mention]:
    return [
        m._replace(label=METHOD, key=proposed[m.key][0], name=proposed[m.key][1]) if m.key in proposed else m
        for m in mentions
    ]


class _Names:
    """Names looked for in every paper (other papers' method names, corpus acronyms),
    with their plurals ("GANs"), so that the words of a paper are matched by two set
    intersections instead of a test per word."""

    def __init__(self, names: dict[str, str]):
        self.names = names
        self.plurals = {f"{name}s": name for name in names if f"{name}s" not in names}
        # Intersecting with a dict's keys view copies every key into a set first.
        self.name_set, self.plural_set = frozenset(self.names), frozenset(self.plurals)
        #: Names of several capitalized tokens ("Integrated Gradients"), by their first
        #: token, with their other tokens: a paper is searched for a name only when it
        #: has all of them ("Learning", "Model" begin many). Lower-case phrases
        #: ("domain-specific language") are left out: they are ordinary words elsewhere.
        self.phrases: dict[str, list[tuple[str, frozenset[str]]]] = defaultdict(list)
        for name in sorted({*self.names, *self.plurals}):
            tokens = _TOKEN.findall(name)
            if (
                len(tokens) > 1
                and name.startswith(tokens[0])
                and name.endswith(tokens[-1])
                and _is_titled(tokens)
            ):
                self.phrases[tokens[0]].append((name, frozenset(tokens[1:])))
        self.phrase_starts = frozenset(self.phrases)

    def uses_in(self, text: str, words: set[str], title_end: int = 0) -> list[tuple[int, int, str]]:
        """(start, end, name) of every whole-token occurrence of a name or its plural in
        ``text``, whose tokens are ``words``, in text order. Most papers use none of
        them; the others are searched for the few names they use, not token by token."""
        uses = {word: word for word in words & self.name_set}
        uses.update((word, self.plurals[word]) for word in words & self.plural_set)
        for first in words & self.phrase_starts:
            for phrase, rest in self.phrases[first]:
                if rest <= words:
                    uses[phrase] = self.plurals.get(phrase, phrase)
        found = []
        for word, name in uses.items():
            i = text.find(word)
            plain = is_capitalized(word)
            while i >= 0:
                if (is_token_at(text, i, word) and not (plain and _any_word_at(text, i, title_end))) or (
                    " " in word and is_phrase_at(text, i, word)
                ):
                    found.append((i, i + len(name), name))
                i = text.find(word, i + 1)
        return sorted(found)


_ALNUM = frozenset(string.ascii_letters + string.digits)
_TOKEN_CHARS = _ALNUM | frozenset(".+-")


def is_token_at(text: str, i: int, word: str) -> bool:
    """Is ``word`` the whole ``_TOKEN`` that ``_TOKEN.finditer(text)`` yields at ``i``?
    A token starts at a letter or digit and runs over letters, digits, ".", "+" and
    "-"; ``i`` starts one unless an earlier letter or digit of the same run does."""
    token = _TOKEN.match(text, i)
    if token is None or token.group() != word:
        return False
    j = i - 1
    while j >= 0 and text[j] in _TOKEN_CHARS:
        if text[j] in _ALNUM:
            return False
        j -= 1
    return True


def _is_titled(tokens: list[str]) -> bool:
    return all(t[0].isupper() or t[0].isdigit() for t in tokens)


_CAPITALIZED_BEFORE = re.compile(r"[A-Z][\w-]*\s+$")
_CAPITALIZED_AFTER = re.compile(r"\s+[A-Z]")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n\s*)$")


def _any_word_at(text: str, i: int, title_end: int) -> bool:
    """Is ``text[i]`` where any word is capitalized: a Title Case title or the start of
    a sentence? There a plain capitalized word ("Flows", "Altogether") is no name."""
    return i < title_end or opens_sentence(text, i)


def opens_sentence(text: str, i: int) -> bool:
    """Does ``text[i]`` start a sentence? There a plain capitalized word ("Adam",
    "Altogether") may be any word, not the method of that name."""
    return bool(_SENTENCE_START.search(text, max(0, i - 40), i))


def is_phrase_at(text: str, i: int, phrase: str) -> bool:
    """Does ``phrase`` stand at ``i`` as a name of its own? Its first and last tokens
    whole ("Integrated Gradients" but not "Integrated Gradients-based"), the whole run of
    capitalized words ("Expected Integrated Gradients" names another method), and not at
    the start of a sentence, where any phrase is capitalized ("Grid search is …")."""
    first, last = phrase.split()[0], phrase.split()[-1]
    end = i + len(phrase)
    before = text[max(0, i - 40) : i]
    return (
        text.startswith(phrase, i)
        and is_token_at(text, i, first)
        and is_token_at(text, end - len(last), last)
        and not _CAPITALIZED_BEFORE.search(before)
        and not _CAPITALIZED_AFTER.match(text, end)
        and not opens_sentence(text, i)
    )


def _method_names(proposed: Iterable[Mention]) -> dict[str, str]:
    """Surface form → method name, over the methods papers propose. A form two papers
    give two names ("Sparse Mixture Routing" for "SMR" in one paper, on its own in
    another) links neither."""
    names: dict[str, set[str]] = defaultdict(set)
    for m in proposed:
        names[m.text].add(m.name)
    return {text: next(iter(found)) for text, found in names.items() if len(found) == 1}


class _MethodKeys:
    """Which method a name met in a paper is: a name may be several papers' methods
    (two "GRAND"s of different long forms), and a short acronym ("DFT", "AG") is often
    another paper's abbreviation of something else."""

    def __init__(self, proposals: Iterable[Mention], long_forms: dict[str, str], ambiguous: Iterable[str]):
        self.keys: dict[str, set[str]] = defaultdict(set)
        for m in proposals:
            self.keys[m.name].add(m.key)
        self.long_forms = long_forms
        self.ambiguous = frozenset(ambiguous)

    def key_for(self, name: str, defined: dict[str, set[str]], text: str) -> str | None:
        """The method ``name`` names in a paper that defines the acronyms ``defined``
        (short form → long-form phrase keys) and reads ``text``, or None when that is
        not clear: the paper defines an all-capitals name as something else; several
        methods have the name; or the name is an acronym of three characters or less,
        or an all-capitals one the corpus defines in several ways, and the paper writes
        neither its definition nor its long form."""
        keys = self.keys.get(name, set())
        capitals = _all_capitals(name)
        here = defined.get(plural_stripped(name))
        if here is not None:
            same = [k for k in keys if self.long_forms.get(k) in here]
            if len(same) == 1:
                return same[0]
            return next(iter(keys)) if len(keys) == 1 and not capitals else None
        if len(keys) != 1:
            return None
        key = next(iter(keys))
        long = self.long_forms.get(key)
        if long and (len(compact_key(name)) <= 3 or (capitals and plural_stripped(name) in self.ambiguous)):
            return key if long in phrase_key(text) else None
        return key


def _all_capitals(name: str) -> bool:
    """ "DFT", "RPO", "BAL-PM": an acronym, which other papers may define otherwise; a
    coined name with lower-case letters ("Grad-CAM", "GraNd") much less often is."""
    return plural_stripped(name).upper() == plural_stripped(name)


def _linked_mentions(
    paper: Paper,
    own: list[Mention],
    methods: _Names,
    method_keys: _MethodKeys,
    acronyms: _Names,
    defined: dict[str, set[str]],
) -> list[Mention]:
    """Mentions of other papers' method names and of corpus-wide acronyms in ``paper``."""
    text = paper.text
    words = set(_TOKEN.findall(text))
    own_roles = {m.key: m.role for m in own}
    taken = list(own)
    added = []
    for start, end, name in methods.uses_in(text, words, len(paper.title)):
        key = method_keys.key_for(methods.names[name], defined, text)
        if key is None:
            continue
        m = Mention(
            paper.id,
            METHOD,
            text[start:end],
            start,
            end,
            "",
            key,
            methods.names[name],
            own_roles.get(key, ""),
        )
        if not _overlaps(m, taken):
            taken.append(m)
            added.append(m)
    for start, end, short in acronyms.uses_in(text, words):
        if short in defined:
            continue
        key = acronyms.names[short]
        m = Mention(paper.id, CONCEPT, text[start:end], start, end, "", key, key.split(":", 1)[1])
        if not _overlaps(m, taken):
            taken.append(m)
            added.append(m)
    return added


#: Where a sentence starts: after [.!?] and spaces before a capital or "(", or after a
#: line break (written without a lookbehind, which is tried at every offset: twice as slow).
_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[A-Z(])|\n")


def _with_sentences(paper: Paper, mentions: list[Mention]) -> list[Mention]:
    """Fill the sentence of mentions added after extraction (a simple splitter is enough)."""
    if all(m.sentence for m in mentions):
        return mentions
    text = paper.text
    bounds = [0] + [m.end() for m in _SENTENCE_BREAK.finditer(text)] + [len(text)]
    out = []
    for m in mentions:
        if not m.sentence:
            past = min(bisect.bisect_right(bounds, m.start), len(bounds) - 1)
            m = m._replace(sentence=text[bounds[past - 1] : bounds[past]].strip())
        out.append(m)
    return out


@functools.cache
def broad_concepts() -> frozenset[str]:
    """Keys of the umbrella phrases that link no papers (``data/broad_concepts.txt``)."""
    return frozenset(f"concept:{phrase_key(p)}" for p in read_word_list("broad_concepts.txt"))


def _as_long_form(mention: Mention, long_forms: set[str]) -> Mention:
    """A long form that holds a vocabulary concept comes out of extraction as extending
    it; it is a defined term all the same, ranked with the strong concepts."""
    return (
        mention.with_key(mention.key, "")
        if mention.role == ROLE_EXTENDS and mention.key in long_forms
        else mention
    )


def _capped_concepts(mentions: list[Mention], title_end: int) -> list[Mention]:
    """At most MAX_CONCEPTS_PER_PAPER concepts. Ranked: named in the title first, then
    vocabulary/acronym concepts before term candidates, then by mentions."""
    counts = Counter(m.key for m in mentions if m.label == CONCEPT)
    strong = {m.key for m in mentions if m.label == CONCEPT and m.role not in CANDIDATE_ROLES}
    in_title = {m.key for m in mentions if m.label == CONCEPT and m.start < title_end}
    ranked = sorted(counts, key=lambda k: (k not in in_title, k not in strong, -counts[k], k))
    keep = set(ranked[:MAX_CONCEPTS_PER_PAPER])
    return [m for m in mentions if m.label != CONCEPT or m.key in keep]


def _paper_roles(mentions: list[Mention]) -> dict[str, str]:
    """One role per entity in a paper: a paper that introduces or proposes a thing
    anywhere does so for all its mentions; term candidates become plain concepts."""
    roles: dict[str, str] = {}
    for m in mentions:
        role = "" if m.role in CANDIDATE_ROLES else m.role
        roles[m.key] = max(roles.get(m.key, ""), role)
    return roles


_SMALL_WORDS = frozenset("a an and by for from in of on or the to via with".split())


def _title_case(name: str) -> bool:
    """ "Markov Decision Processes", "Low-Rank Adaptation": a title's capitals. A concept
    is named as an abstract writes it ("Markov decision processes") where one does."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z']*", name) if w.lower() not in _SMALL_WORDS]
    return len(words) >= 2 and all(w[0].isupper() and not w.isupper() for w in words)


#: A mention's key, name, text and label (item access on the tuple: a 100k corpus
#: gives 2.5 M mentions, and attribute access by name is several times slower).
_ENTITY_FIELDS = operator.itemgetter(*map(Mention._fields.index, ("key", "name", "text", "label")))
_START_AND_KEY = operator.itemgetter(*map(Mention._fields.index, ("start", "key")))


def _entities(mentions: Iterable[Mention], reasons: dict[str, list[str]]) -> dict[str, Entity]:
    names: dict[str, Counter] = defaultdict(Counter)
    forms: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for key, name, text, label in map(_ENTITY_FIELDS, mentions):
        names[key][name] += 1
        forms[key].add(text)
        labels[key] = label
    entities = {}
    for key, counter in names.items():
        concept = labels[key] == CONCEPT
        name = sorted(counter.items(), key=lambda kv: (concept and _title_case(kv[0]), -kv[1], kv[0]))[0][0]
        eid = entity_id(key)
        entities[eid] = Entity(
            eid, labels[key], name, tuple(sorted(forms[key])), tuple(sorted(reasons.get(key, [])))
        )
    return dict(sorted(entities.items()))


def _respelled(m: Mention, variants: dict[str, tuple[str, str]]) -> Mention:
    if m.label == CONCEPT and m.key in variants:
        return m._replace(key=variants[m.key][0])
    return m


def _defined_long_forms(pairs: Iterable[AcronymPair]) -> dict[str, set[str]]:
    """Short form → the long-form phrase keys a paper defines it with."""
    found: dict[str, set[str]] = defaultdict(set)
    for pair in pairs:
        found[pair.short].add(phrase_key(pair.long))
    return found


def _methods_told_apart(
    per_paper: dict[str, list[Mention]],
    defined: dict[str, dict[str, set[str]]],
    reasons: dict[str, list[str]],
) -> tuple[dict[str, list[Mention]], dict[str, str]]:
    """Methods of one key that different papers define with different long forms
    ("GRAND" graph neural diffusion, "GraNd" gradient normed) are different methods:
    each such paper's method gets its long form in its key. A plural key that is
    another method's singular ("CoAtNets", "CoAtNet") joins it. Also returns method
    key → the long form its proposers define its name with, where they do."""
    long_of: dict[tuple[str, str], str] = {}  # (paper, method key) → its long form, or ""
    names_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    for pid, ms in per_paper.items():
        for m in ms:
            if m.label == METHOD and m.role == ROLE_PROPOSES:
                longs = defined[pid].get(plural_stripped(m.name), set())
                names_of[pid, m.key].add(m.name)
                if len(longs) == 1 or (pid, m.key) not in long_of:
                    long_of[pid, m.key] = min(longs) if len(longs) == 1 else ""
    identities: dict[str, set[str]] = defaultdict(set)  # one per proposing paper
    for (pid, key), long in long_of.items():
        identities[key].add(long or min(names_of[pid, key]))
    told_apart = {key for key, found in identities.items() if len(found) > 1}
    keys = {m.key for ms in per_paper.values() for m in ms if m.label == METHOD}
    singular = {k: k[:-1] for k in keys if k.endswith("s") and k[:-1] in keys}
    for plural, key in singular.items():
        reasons[key].append(f"{plural.split(':', 1)[1]!r}: the plural of this name")
    rekeyed: dict[str, list[Mention]] = {}
    for pid, ms in per_paper.items():
        out = []
        for m in ms:
            if m.label == METHOD:
                if m.key in told_apart and long_of.get((pid, m.key)):
                    m = m._replace(key=f"{m.key} {long_of[pid, m.key]}")
                elif m.key in singular:
                    m = m._replace(key=singular[m.key])
            out.append(m)
        rekeyed[pid] = out
    long_forms: dict[str, set[str]] = defaultdict(set)
    for (_, key), long in long_of.items():
        if long:
            long_forms[key if key not in told_apart else f"{key} {long}"].add(long)
    for key in sorted(told_apart):
        for long in sorted(identities[key]):
            if f"{key} {long}" in long_forms:
                reasons[f"{key} {long}"].append(
                    f"another paper's method has the name {key.split(':', 1)[1]!r}; this one's long form is {long!r}"
                )
    return rekeyed, {key: min(found) for key, found in long_forms.items() if len(found) == 1}


def _long_forms_named(
    proposals: list[Mention],
    method_keys: _MethodKeys,
    long_forms: dict[str, str],
    unambiguous: dict[str, str],
) -> dict[str, tuple[str, str]]:
    """Concept key of a method's long form → (method key, name): "differentiable
    architecture search" in any paper is the method DARTS that a corpus paper proposes.
    The long form is the proposer's definition, or the one the corpus gives the name;
    not where two methods share a name or a long form."""
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for m in proposals:
        if len(method_keys.keys.get(m.name, ())) != 1:
            continue
        long = long_forms.get(m.key)
        concept = f"concept:{long}" if long else unambiguous.get(plural_stripped(m.name))
        if concept:
            found[concept].add((m.key, m.name))
    return {concept: next(iter(pairs)) for concept, pairs in found.items() if len(pairs) == 1}


def resolve(extractions: Iterable[PaperExtraction], processes: int = 1) -> Resolution:
    """Entities and each paper's mentions of them, from every paper's extraction. With
    ``processes`` ≥ 2, the search of each paper for the names other papers define
    (its slowest step) is split over two processes; the result is the same."""
    extractions = list(extractions)
    defined_in = _common_short_forms(extractions)
    for key in _title_methods(extractions):
        defined_in.pop(key, None)
    per_paper = {
        e.paper.id: _fold_method_long_forms(e, _without_common_acronym_methods(e, defined_in))
        for e in extractions
    }
    reasons: dict[str, list[str]] = defaultdict(list)
    for e in extractions:
        keys = {m.key for m in per_paper[e.paper.id] if m.label == METHOD}
        for pair in e.acronyms:
            if (key := f"method:{compact_key(pair.short)}") in keys:
                reasons[key].append(
                    f"{phrase_key(pair.long)!r}: the long form of {pair.short!r} in its paper"
                )

    candidates = [m for ms in per_paper.values() for m in ms if m.role in CANDIDATE_ROLES]
    strong_concepts = {
        m.key for ms in per_paper.values() for m in ms if m.label == CONCEPT and m.role not in CANDIDATE_ROLES
    }
    title_ends = {e.paper.id: len(e.paper.title) for e in extractions}
    in_title = frozenset((m.paper_id, m.key) for m in candidates if m.start < title_ends[m.paper_id])
    # an acronym's long form is a term, also where a paper's method took it over
    long_forms = {f"concept:{phrase_key(p.long)}" for e in extractions for p in e.acronyms}
    narrower = {m.key for m in candidates if m.role == ROLE_NARROWS}
    kept = kept_terms(candidates, in_title) | strong_concepts | long_forms | narrower
    nested = nested_terms([m for m in candidates if m.role != ROLE_NARROWS], kept)
    per_paper = {
        pid: [
            _as_long_form(nested.get(m, m), long_forms)
            for m in ms
            if m.role not in CANDIDATE_ROLES or m.key in kept or m in nested
        ]
        for pid, ms in per_paper.items()
    }

    vocabulary = frozenset(f"concept:{phrase_key(entry.name)}" for entry in concept_lexicon().entries)
    mentioned = Counter(key for ms in per_paper.values() for key in {m.key for m in ms if m.label == CONCEPT})
    unambiguous, ambiguous, variants = split_ambiguous(
        long_forms_by_short(extractions), vocabulary, mentioned
    )
    for short, key in unambiguous.items():
        reasons[key].append(f"short form {short!r} defined with this long form")
    if variants:
        per_paper = {pid: [_respelled(m, variants) for m in ms] for pid, ms in per_paper.items()}
        for merged, (kept, short) in variants.items():
            reasons[kept].append(
                f"{merged.split(':', 1)[1]!r}: another spelling of the long form of {short!r}"
            )
    defined = {e.paper.id: _defined_long_forms(e.acronyms) for e in extractions}
    per_paper, method_long_forms = _methods_told_apart(per_paper, defined, reasons)
    proposals = [m for ms in per_paper.values() for m in ms if m.role == ROLE_PROPOSES and m.label == METHOD]
    methods = _method_names(m for ms in per_paper.values() for m in ms if m.role == ROLE_PROPOSES)
    proposed = _concepts_proposed(
        (m for ms in per_paper.values() for m in ms if m.role == ROLE_PROPOSES and m.label == METHOD),
        {e.paper.id: e.acronyms for e in extractions},
    )
    if proposed:
        per_paper = {pid: _as_methods(ms, proposed) for pid, ms in per_paper.items()}
    for concept, (key, _) in proposed.items():
        reasons[key].append(
            f"the concept {concept.split(':', 1)[1]!r} is this method, proposed in the corpus"
        )
    method_names, acronym_names = _Names(methods), _Names(unambiguous)
    method_keys = _MethodKeys(proposals, method_long_forms, ambiguous)

    def linked(part: list[PaperExtraction]) -> list[list[Mention]]:
        """The mentions of other papers' names in each paper of ``part``."""
        return [
            _with_sentences(
                e.paper,
                _linked_mentions(
                    e.paper,
                    per_paper[e.paper.id],
                    method_names,
                    method_keys,
                    acronym_names,
                    defined[e.paper.id],
                ),
            )
            for e in part
        ]

    halves = in_two_processes(linked, extractions, processes > 1, WorkerError, "a resolution process")
    for e, added in zip(extractions, itertools.chain(*halves), strict=True):
        per_paper[e.paper.id] = per_paper[e.paper.id] + added
    named = _long_forms_named(proposals, method_keys, method_long_forms, unambiguous)
    met = {m.key for ms in per_paper.values() for m in ms if m.key in named}
    if met:
        per_paper = {pid: _as_methods(ms, named) for pid, ms in per_paper.items()}
        for concept in sorted(met):
            key, name = named[concept]
            reasons[key].append(f"the concept {concept.split(':', 1)[1]!r} is the long form of {name!r}")

    keys_by_label: dict[str, set[str]] = defaultdict(set)
    paper_counts: Counter = Counter()
    for ms in per_paper.values():
        for key, label in {(m.key, m.label) for m in ms}:
            keys_by_label[label].add(key)
            paper_counts[key] += 1
    merges = find_merges(keys_by_label, paper_counts)
    target = {mg.merged: mg.kept for mg in merges}
    for mg in merges:
        reasons[mg.kept].append(f"{mg.merged.split(':', 1)[1]!r}: {mg.reason}")

    def final(key: str) -> str:
        while key in target:
            key = target[key]
        return key

    merged_into = {key: final(key) for key in target}
    papers = {e.paper.id: e.paper for e in extractions}
    broad = broad_concepts()
    mentions: dict[str, list[Mention]] = {}
    for pid, ms in sorted(per_paper.items()):
        merged = [m if (k := merged_into.get(m.key)) is None else m.with_key(k) for m in ms]
        resolved = _capped_concepts([m for m in merged if m.key not in broad], len(papers[pid].title))
        roles = _paper_roles(resolved)
        mentions[pid] = sorted(
            (m.with_key(entity_id(m.key), roles[m.key]) for m in resolved), key=_START_AND_KEY
        )
    entities = _entities(
        (m for ms in mentions.values() for m in ms), {entity_id(k): v for k, v in reasons.items()}
    )
    return Resolution(
        papers=sorted((e.paper for e in extractions), key=lambda p: p.id),
        entities=entities,
        mentions=mentions,
        acronyms={e.paper.id: e.acronyms for e in extractions},
        ambiguous_acronyms=ambiguous,
        merges=merges,
    )
