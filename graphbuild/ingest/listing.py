"""Reader for paper-listing text dumps (a title line, then its abstract paragraph).

Two layouts occur: blank-line separated blocks and plain alternating lines. Page
boilerplate (subscribe banners, "byAK …" credits, date lines such as "Mar 14", "new")
is dropped, "Subscribe" glued to the start of a title is cut off, and several pages
may follow each other in one file. Lines are classified as title-like or
abstract-like so that a missing abstract or title is reported instead of shifting
every later pair by one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphbuild.ingest.lines import split_lines
from graphbuild.records import RawRecord, Skip, SourceLocation

_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
BOILERPLATE = re.compile(
    r"^(?:"
    r"Get trending papers in your email inbox.*"
    r"|Subscribe"
    r"|by\s*AK\b.*"
    r"|new"
    r"|(?:" + _MONTHS + r")[a-z]*\.? \d{1,2}(?:, \d{4})?"
    r"|(?:Daily|Trending) Papers"
    r")$",
    re.IGNORECASE,
)
GLUED_SUBSCRIBE = re.compile(r"^Subscribe(?=\S)")
_SENTENCE_BREAK = re.compile(r"[.!?][\"')\]]?\s+[A-Z(\"']")

MIN_ABSTRACT_CHARS = 250


def is_boilerplate(line: str) -> bool:
    return bool(BOILERPLATE.match(line))


def looks_like_abstract(line: str) -> bool:
    """An abstract is long, or several sentences ending in a full stop.

    Titles may hold a question mark mid-line ("Wider or Deeper? Scaling …") but do not
    end with a full stop, so a short line counts as an abstract only when it does.
    """
    if len(line) >= MIN_ABSTRACT_CHARS:
        return True
    return len(line) > 120 and line.endswith(".") and bool(_SENTENCE_BREAK.search(line))


def iter_content_lines(lines: list[str]) -> Iterator[tuple[int, str]]:
    """Yield (1-based line number, cleaned text) for every non-boilerplate line."""
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or is_boilerplate(line):
            continue
        line = GLUED_SUBSCRIBE.sub("", line).strip()
        if line:
            yield number, line


def iter_listing_records(path: str, text: str) -> Iterator[RawRecord | Skip]:
    pending: tuple[int, str] | None = None
    for number, line in iter_content_lines(split_lines(text)):
        if looks_like_abstract(line):
            if pending is None:
                yield Skip(SourceLocation(path, number), "abstract without a title line")
            else:
                yield RawRecord(pending[1], line, SourceLocation(path, pending[0]))
                pending = None
            continue
        if pending is not None:
            yield Skip(SourceLocation(path, pending[0]), "title without an abstract")
        pending = (number, line)
    if pending is not None:
        yield Skip(SourceLocation(path, pending[0]), "title without an abstract")
