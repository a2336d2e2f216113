"""Which term candidates become concepts: a C-value score over the whole corpus.

C-value (Frantzi, Ananiadou & Mima 2000) rewards frequent multi-word phrases and
discounts a phrase by the frequency of the longer candidates it is nested in, so
"language model" is not counted again for every "large language model". A candidate
is kept when it appears in at least ``MIN_PAPERS`` papers with C-value at least
``MIN_CVALUE``, or is strongly evidenced in one paper: ``STRONG_IN_ONE`` times, or in
its title and again in its abstract.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

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
