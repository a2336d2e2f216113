"""Merging surface variants of one entity with rapidfuzz.

Keys are already normalized (case, hyphens, spacing, plural of the last word), so
what is left are near-identical spellings: "pretrained language model" vs
"pre-trained language model", "finetuning" vs "fine-tuning" inside longer phrases.
Comparisons are blocked: only keys of the same label that share their first three
letters are compared, never all pairs; inside a block, only keys with the same
squeezed letters or the same fuzzy signature (digits, word count, each word's first
two letters), the only pairs that can merge. Two keys merge when their letters are
identical once spaces are dropped, or (concepts only) their ``fuzz.ratio`` is at
least ``FUZZY_THRESHOLD`` with both at least ``MIN_FUZZY_LENGTH`` long, the same
digits, and word by word the same word or a respelling of it. So "ImageNet-21K"
never meets "ImageNet-1K", nor "supervised learning" "unsupervised learning".
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

FUZZY_THRESHOLD = 94.0
MIN_FUZZY_LENGTH = 12
FUZZY_LABELS = frozenset({"Concept"})


@dataclass(frozen=True)
class Merge:
    kept: str
    merged: str
    reason: str


def _body(key: str) -> str:
    return key.split(":", 1)[1]


def _squeezed(key: str) -> str:
    return re.sub(r"[\W_]+", "", _body(key))


def _digits(key: str) -> str:
    return "".join(re.findall(r"\d+", key))


def _pick_kept(a: str, b: str, counts: dict[str, int]) -> tuple[str, str]:
    """The more frequent key stays; ties go to the alphabetically first."""
    ordered = sorted((a, b), key=lambda k: (-counts.get(k, 0), k))
    return ordered[0], ordered[1]


def _fuzzy_signature(key: str, label: str) -> tuple | None:
    """What two keys must share to be fuzzy variants at all (``_why_same``): the
    digits, the number of words and each word's first two letters; None if the key
    can never be one (not a concept, or too short)."""
    body = _body(key)
    if label not in FUZZY_LABELS or len(body) < MIN_FUZZY_LENGTH:
        return None
    return (_digits(key), tuple(word[:2] for word in body.split()))


def _candidates(block: list[str], label: str) -> list[list[int]]:
    """For each key of a block, the later keys that could be the same: those with the
    same squeezed letters or the same fuzzy signature. Every other pair would be
    refused by ``_why_same``, so skipping it changes nothing but the time (a block of
    a large corpus holds thousands of keys)."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    signatures = []
    for index, key in enumerate(block):
        own = [("squeezed", _squeezed(key))]
        fuzzy = _fuzzy_signature(key, label)
        if fuzzy is not None:
            own.append(("fuzzy", fuzzy))
        for signature in own:
            groups[signature].append(index)
        signatures.append(own)
    return [
        sorted({j for signature in own for j in groups[signature] if j > index})
        for index, own in enumerate(signatures)
    ]


def find_merges(keys_by_label: dict[str, set[str]], counts: dict[str, int]) -> list[Merge]:
    merges = []
    for label, keys in sorted(keys_by_label.items()):
        blocks: dict[str, list[str]] = defaultdict(list)
        for key in sorted(keys):
            blocks[_squeezed(key)[:3]].append(key)
        parent: dict[str, str] = {}
        for block in blocks.values():
            for i, later in enumerate(_candidates(block, label)):
                a = block[i]
                for b in (block[j] for j in later):
                    ra, rb = _root(parent, a), _root(parent, b)
                    if ra == rb:
                        continue
                    reason = _why_same(a, b, label)
                    if reason:
                        kept, merged = _pick_kept(ra, rb, counts)
                        parent[merged] = kept
                        merges.append(Merge(kept, merged, reason))
    return merges


def _root(parent: dict[str, str], key: str) -> str:
    while key in parent:
        key = parent[key]
    return key


def _why_same(a: str, b: str, label: str) -> str | None:
    if _squeezed(a) == _squeezed(b):
        return "same letters once spaces and punctuation are dropped"
    if label not in FUZZY_LABELS or _digits(a) != _digits(b):
        return None
    if min(len(_body(a)), len(_body(b))) < MIN_FUZZY_LENGTH:
        return None
    words_a, words_b = _body(a).split(), _body(b).split()
    if len(words_a) != len(words_b) or not all(
        _spelling_variant(x, y) for x, y in zip(words_a, words_b, strict=True)
    ):
        return None
    score = fuzz.ratio(_body(a), _body(b))
    if score >= FUZZY_THRESHOLD:
        return f"rapidfuzz ratio {score:.1f} >= {FUZZY_THRESHOLD}"
    return None


def _spelling_variant(x: str, y: str) -> bool:
    """Same word or a respelling ("modelling"/"modeling"), never a prefixed word
    ("supervised"/"unsupervised") or a different word of similar letters."""
    if x == y:
        return True
    if x.endswith(y) or y.endswith(x) or x[:2] != y[:2]:
        return False
    return fuzz.ratio(x, y) >= 85
