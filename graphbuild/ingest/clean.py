"""Cleaning one record's text, the same for every input format.

HTML entities are decoded ("&amp;" → "&") and tags dropped ("<i>x</i>" → "x"), control
characters removed and white space folded. A title over MAX_TITLE_CHARS or an
abstract over MAX_ABSTRACT_CHARS is not a paper (a run-away line of a broken export):
such a record is skipped with its reason, as is one whose text is empty once cleaned.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

from graphbuild.records import RawRecord, Skip

MAX_TITLE_CHARS = 1_000
MAX_ABSTRACT_CHARS = 50_000
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b\ufeff]")


def clean_text(text: str) -> str:
    text = html.unescape(_TAG.sub(" ", text))
    return " ".join(_CONTROL.sub(" ", text).split())


def cleaned(record: RawRecord) -> RawRecord | Skip:
    title, abstract = clean_text(record.title), clean_text(record.abstract)
    if len(title) > MAX_TITLE_CHARS:
        return Skip(record.source, f"title longer than {MAX_TITLE_CHARS:,} characters")
    if len(abstract) > MAX_ABSTRACT_CHARS:
        return Skip(record.source, f"abstract longer than {MAX_ABSTRACT_CHARS:,} characters")
    if not title:
        return Skip(record.source, "title is empty once markup is removed")
    if not abstract:
        return Skip(record.source, "abstract is empty once markup is removed")
    return replace(record, title=title, abstract=abstract)
