"""Readers for JSON Lines and CSV inputs with at least ``title`` and ``abstract``.

Keys and column names are matched case-insensitively. Fields the pipeline knows
(url, arxiv_id, year, authors) are parsed; every other non-empty field is kept as an
extra string property of the paper.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from graphbuild.errors import InputError
from graphbuild.ingest.clean import plain_text
from graphbuild.ingest.lines import split_lines
from graphbuild.records import RawRecord, Skip, SourceLocation

REQUIRED = ("title", "abstract")


def _as_text(value: object, depth: int = 0) -> str:
    """A field as text: strings as they are, a list (two levels deep) joined with "; ",
    anything else as its JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return plain_text(value)
    if isinstance(value, list) and depth < 2:
        return "; ".join(part for part in (_as_text(v, depth + 1) for v in value) if part)
    return plain_text(json.dumps(value, sort_keys=True, ensure_ascii=False))


def record_from_mapping(row: dict | list[tuple], where: SourceLocation) -> RawRecord | Skip:
    """One record from a JSON object or a CSV row (its (column, value) pairs, so that
    two columns of one name both arrive)."""
    try:
        return _record(row, where)
    except RecursionError:
        return Skip(where, "a field nested too deeply to read")


def _record(row: dict | list[tuple], where: SourceLocation) -> RawRecord | Skip:
    fields: dict[str, object] = {}
    for key, value in row.items() if isinstance(row, dict) else row:
        if key is None:
            continue
        name = plain_text(str(key)).lower()
        if name not in fields or (not _as_text(fields[name]) and _as_text(value)):
            fields[name] = value  # "Title" and "title" both given: the first one that is not empty
    title = _as_text(fields.get("title"))
    abstract = _as_text(fields.get("abstract"))
    if not title and not abstract:
        return Skip(where, "record has neither title nor abstract")
    if not title:
        return Skip(where, "record has no title")
    if not abstract:
        return Skip(where, "record has no abstract")
    texts = ((k, _as_text(v)) for k, v in fields.items() if k not in REQUIRED)
    extra = tuple(sorted((k, text) for k, text in texts if text))
    return RawRecord(title, abstract, where, extra)


def iter_jsonl_records(path: str, text: str) -> Iterator[RawRecord | Skip]:
    for number, line in enumerate(split_lines(text), start=1):
        if not line.strip():
            continue
        where = SourceLocation(path, number)
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skip(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        except RecursionError:
            yield Skip(where, "JSON nested too deeply to read")
            continue
        except ValueError:  # an integer of more digits than Python converts
            yield Skip(where, "JSON number too long to read")
            continue
        if not isinstance(row, dict):
            yield Skip(where, "JSON value is not an object")
            continue
        yield record_from_mapping(row, where)


def iter_csv_records(path: str, text: str, delimiter: str = ",") -> Iterator[RawRecord | Skip]:
    # A field longer than the csv module's limit (128 KiB) would stop the reader inside
    # it, and what follows would be read as rows; no field can be longer than the file.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise InputError(f"{path}:1: cannot parse CSV header ({exc})") from exc
    columns = [c.strip().lower() for c in header]
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise InputError(f"{path}:1: CSV header has no {' or '.join(missing)} column")
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Skip(SourceLocation(path, start), f"malformed CSV row ({exc})")
            start = reader.line_num + 1
            continue
        where = SourceLocation(path, start)
        start = reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if [cell.strip().lower() for cell in row] == columns:
            yield Skip(where, "the header row again (CSV files joined together?)")
            continue
        if len(row) != len(columns):
            yield Skip(where, f"row has {len(row)} fields, header has {len(columns)}")
            continue
        yield record_from_mapping(list(zip(columns, row, strict=True)), where)
