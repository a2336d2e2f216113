"""Which term candidates become concepts: a C-value score over the whole corpus.

C-value (Frantzi, Ananiadou & Mima 2000) rewards frequent multi-word phrases and
discounts a phrase by the frequency of the longer candidates it is nested in, so
"language model" is not counted again for every "large language model". A candidate
is kept when it appears in at least ``MIN_PAPERS`` papers with C-value at least
``MIN_CVALUE``, or is strongly evidenced in one paper: ``STRONG_IN_ONE`` times, or in
its title and again in its abstract.

A candidate that is not kept may still hold a term at its end: "improving parameter
sharing", "computing importance scores" and "minimal domain knowledge" are runs that
occur once, but "parameter sharing", "importance score" and "domain knowledge" are terms
that other papers use (English noun phrases keep their head last, so dropping leading
words keeps a noun phrase). Such a mention becomes a mention of its longest trailing
part of two words or more that is a term: kept already, or found, as a whole candidate
or at the end of one, in ``MIN_PAPERS`` papers or ``STRONG_IN_ONE`` times in one paper
(C-value counts nested occurrences the same way). Parts start at a word boundary, never
inside a hyphenated word: "self-supervised learning" holds no "supervised learning".
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from graphbuild.extract.text import phrase_key
from graphbuild.records import Mention

MIN_PAPERS = 2
MIN_CVALUE = 2.0
STRONG_IN_ONE = 2


@dataclass(frozen=True)
class TermScore:
    key: str
    papers: int
    frequency: int
    cvalue: float


def _words(key: str) -> list[str]:
    return key.split(":", 1)[1].split()


def score_terms(candidates: list[Mention]) -> dict[str, TermScore]:
    frequency = Counter(m.key for m in candidates)
    papers: dict[str, set[str]] = defaultdict(set)
    for m in candidates:
        papers[m.key].add(m.paper_id)
    nested_in: dict[str, list[str]] = defaultdict(list)
    by_words = {key: _words(key) for key in frequency}
    for longer, words in by_words.items():
        for n in range(1, len(words)):
            for i in range(len(words) - n + 1):
                inner = "concept:" + " ".join(words[i : i + n])
                if inner in frequency:
                    nested_in[inner].append(longer)
    scores = {}
    for key, f in frequency.items():
        longer = nested_in.get(key, [])
        discounted = f - (sum(frequency[k] for k in longer) / len(longer) if longer else 0)
        cvalue = math.log2(len(by_words[key])) * max(discounted, 0)
        scores[key] = TermScore(key, len(papers[key]), f, round(cvalue, 4))
    return scores


def kept_terms(candidates: list[Mention], in_title: frozenset[tuple[str, str]] = frozenset()) -> set[str]:
    """Keys of the candidates that are terms. ``in_title``: (paper id, key) pairs of
    candidates found in the paper's title."""
    per_paper = Counter((m.paper_id, m.key) for m in candidates)
    strong = {key for (paper, key), n in per_paper.items() if n >= STRONG_IN_ONE or (paper, key) in in_title}
    scores = score_terms(candidates)
    return strong | {k for k, s in scores.items() if s.papers >= MIN_PAPERS and s.cvalue >= MIN_CVALUE}


_WORD = re.compile(r"\S+")


def trailing_parts(m: Mention) -> list[Mention]:
    """The mention's trailing parts of two words or more, longest first, each a mention
    of the concept it names (same paper, role and sentence; offsets of the part)."""
    starts = [w.start() for w in _WORD.finditer(m.text)]
    parts = []
    for offset in starts[1:-1]:
        text = m.text[offset:]
        key = "concept:" + phrase_key(text)
        parts.append(m._replace(text=text, start=m.start + offset, key=key, name=text))
    return parts


def nested_terms(candidates: list[Mention], kept: set[str]) -> dict[Mention, Mention]:
    """Candidate → the mention of its longest trailing term, for the candidates that are
    not kept and hold one (see the module's docstring)."""
    dropped = [m for m in candidates if m.key not in kept]
    parts = {m: trailing_parts(m) for m in dropped}
    papers: dict[str, set[str]] = defaultdict(set)
    per_paper: Counter = Counter()
    for m in candidates:
        papers[m.key].add(m.paper_id)
        per_paper[m.paper_id, m.key] += 1
    for found in parts.values():
        for part in found:
            papers[part.key].add(part.paper_id)
            per_paper[part.paper_id, part.key] += 1

    def is_term(part: Mention) -> bool:
        return (
            part.key in kept
            or len(papers[part.key]) >= MIN_PAPERS
            or per_paper[part.paper_id, part.key] >= STRONG_IN_ONE
        )

    nested = {}
    for m, found in parts.items():
        term = next((part for part in found if is_term(part)), None)
        if term is not None:
            nested[m] = term
    return nested
