"""Acronyms across the corpus.

Within a paper, a short form always means the long form defined there (the extractor
already links its bare uses). Across papers a short form is linked to a long form
only when every paper that defines it defines the same long form; short forms with
several long forms ("RL", "GP", "SSL") are reported as ambiguous and left unlinked.
"""

from __future__ import annotations

from collections import defaultdict

from graphbuild.extract.concepts import generic_phrase
from graphbuild.extract.text import phrase_key
from graphbuild.records import PaperExtraction

#: Upper-case words that are English words, not acronyms, when met undefined.
NOT_ACRONYMS = frozenset(
    {"IT", "US", "AND", "OR", "IN", "ON", "AT", "TO", "WE", "A", "I", "AN", "IS", "NO", "OF"}
)


def long_forms_by_short(extractions: list[PaperExtraction]) -> dict[str, set[str]]:
    """Short form → the set of long-form concept keys it is defined as. A long form of
    generic words only ("state of the art" of SOTA) is no concept, so it links nothing."""
    found: dict[str, set[str]] = defaultdict(set)
    for extraction in extractions:
        for pair in extraction.acronyms:
            if not generic_phrase(pair.long):
                found[pair.short].add(f"concept:{phrase_key(pair.long)}")
    return found


def split_ambiguous(by_short: dict[str, set[str]]) -> tuple[dict[str, str], dict[str, list[str]]]:
    unambiguous, ambiguous = {}, {}
    for short, longs in sorted(by_short.items()):
        if short in NOT_ACRONYMS or len(short) < 2:
            continue
        if len(longs) == 1:
            unambiguous[short] = next(iter(longs))
        else:
            ambiguous[short] = sorted(k.split(":", 1)[1] for k in longs)
    return unambiguous, ambiguous
