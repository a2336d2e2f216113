"""Merging repeated papers into one ``Paper`` that keeps every source location."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from graphbuild.ingest.files import iter_file_items, iter_input_files, path_text
from graphbuild.ingest.ids import normalize_arxiv_id, paper_id, title_key
from graphbuild.records import IngestReport, Paper, RawRecord, Skip

_ARXIV_KEYS = ("arxiv_id", "arxiv", "id", "url")


_YEAR = re.compile(r"(\d{4})(?:[-/]\d{1,2}(?:[-/]\d{1,2})?(?:[T ][\d:.]+Z?)?)?")


def _year(extra: dict[str, str]) -> int | None:
    """A four-digit year, alone or starting an ISO date ("2023", "2023-05-01")."""
    match = _YEAR.fullmatch(extra.get("year", ""))
    return int(match.group(1)) if match else None


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
    """Group records by normalized title, in first-seen order, and count into ``report``.

    Two different titles that claim the same explicit id (an arXiv id) cannot both be
    that paper: the first one read keeps the id, the others are skipped and reported.
    """
    groups: dict[str, list[RawRecord]] = {}
    for item in items:
        report.records_seen += 1
        if isinstance(item, Skip):
            report.skipped.append(item)
            continue
        groups.setdefault(title_key(item.title), []).append(item)
    papers: dict[str, Paper] = {}
    for records in groups.values():
        paper = paper_from_records(records)
        first = papers.get(paper.id)
        if first is not None:
            for record in records:
                reason = (
                    f"id {paper.id} already belongs to {first.title!r} ({first.sources[0]}), title differs"
                )
                report.skipped.append(Skip(record.source, reason))
            continue
        papers[paper.id] = paper
    report.unique_papers = len(papers)
    report.duplicates_merged = sum(len(p.sources) - 1 for p in papers.values())
    return sorted(papers.values(), key=lambda p: p.id)


def ingest(paths: Iterable[str | os.PathLike]) -> tuple[list[Paper], IngestReport]:
    """Read every input and return the unique papers (sorted by id) and the report."""
    report = IngestReport()

    def items():
        for path in iter_input_files(paths):
            report.files_read.append(path_text(path))
            yield from iter_file_items(path)

    papers = merge_records(items(), report)
    return papers, report
