"""Merging repeated papers into one ``Paper`` that keeps every source location."""

from __future__ import annotations

import os
from collections.abc import Iterable

from graphbuild.ingest.files import iter_raw_items
from graphbuild.ingest.ids import normalize_arxiv_id, normalize_title, paper_id
from graphbuild.records import IngestReport, Paper, RawRecord, Skip

_ARXIV_KEYS = ("arxiv_id", "arxiv", "id", "url")


def _year(extra: dict[str, str]) -> int | None:
    value = extra.get("year", "")
    return int(value) if value.isdigit() and len(value) == 4 else None


def _authors(extra: dict[str, str]) -> tuple[str, ...]:
    value = extra.get("authors", "")
    separator = ";" if ";" in value else ","
    return tuple(a.strip() for a in value.split(separator) if a.strip())


def _arxiv_id(extra: dict[str, str]) -> str | None:
    for key in _ARXIV_KEYS:
        found = normalize_arxiv_id(extra.get(key, ""))
        if found:
            return found
    return None


def paper_from_records(records: list[RawRecord]) -> Paper:
    """The first record gives the text; later ones add sources and missing fields."""
    first = records[0]
    extra: dict[str, str] = {}
    for record in records:
        for key, value in record.extra:
            extra.setdefault(key, value)
    arxiv = _arxiv_id(extra)
    known = {"url", "arxiv_id", "arxiv", "year", "authors"}
    return Paper(
        id=paper_id(first.title, arxiv),
        title=first.title,
        abstract=first.abstract,
        sources=tuple(sorted({r.source for r in records})),
        url=extra.get("url"),
        arxiv_id=arxiv,
        year=_year(extra),
        authors=_authors(extra),
        extra=tuple(sorted((k, v) for k, v in extra.items() if k not in known)),
    )


def merge_records(items: Iterable[RawRecord | Skip], report: IngestReport) -> list[Paper]:
    """Group records by normalized title, in first-seen order, and count into ``report``."""
    groups: dict[str, list[RawRecord]] = {}
    for item in items:
        if isinstance(item, Skip):
            report.records_seen += 1
            report.skipped.append(item)
            continue
        report.records_seen += 1
        groups.setdefault(normalize_title(item.title), []).append(item)
    papers = [paper_from_records(records) for records in groups.values()]
    report.unique_papers = len(papers)
    report.duplicates_merged = sum(len(r) - 1 for r in groups.values())
    return sorted(papers, key=lambda p: p.id)


def ingest(paths: Iterable[str | os.PathLike]) -> tuple[list[Paper], IngestReport]:
    """Read every input and return the unique papers (sorted by id) and the report."""
    report = IngestReport()

    def items():
        for path, item in iter_raw_items(paths):
            if str(path) not in report.files_read:
                report.files_read.append(str(path))
            yield item

    papers = merge_records(items(), report)
    return papers, report
