"""Stable paper ids.

A paper's id is ``arxiv:<id>`` (version suffix dropped) when an arXiv id is known,
otherwise ``paper:`` followed by the first 12 hex digits of the SHA-1 of the
normalized title. The normalized title is the NFKC form, case-folded, with every run
of characters that are not letters or digits replaced by one space. So the same title
typed with other case, punctuation or spacing gets the same id on every run.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NON_ALNUM = re.compile(r"[\W_]+", re.UNICODE)
ARXIV_ID = re.compile(r"\b(\d{4}\.\d{4,5})(?:v\d+)?\b")


def normalize_title(title: str) -> str:
    folded = unicodedata.normalize("NFKC", title).casefold()
    return _NON_ALNUM.sub(" ", folded).strip()


def title_key(title: str) -> str:
    """What two titles must share to be the same paper: the normalized title, or, for a
    title with no letters or digits at all (emoji only), its case-folded NFKC form."""
    return normalize_title(title) or unicodedata.normalize("NFKC", title).casefold().strip()


def normalize_arxiv_id(value: str) -> str | None:
    match = ARXIV_ID.search(value)
    return match.group(1) if match else None


def paper_id(title: str, arxiv_id: str | None = None) -> str:
    if arxiv_id:
        return f"arxiv:{arxiv_id}"
    digest = hashlib.sha1(title_key(title).encode("utf-8")).hexdigest()
    return f"paper:{digest[:12]}"
