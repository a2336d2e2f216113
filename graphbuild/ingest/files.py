"""Finding input files, decoding them, and choosing a reader by file extension."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from graphbuild.errors import InputError
from graphbuild.ingest.clean import cleaned
from graphbuild.ingest.listing import iter_listing_records
from graphbuild.ingest.tabular import iter_csv_records, iter_jsonl_records
from graphbuild.records import RawRecord, Skip

Reader = Callable[[str, str], Iterator[RawRecord | Skip]]

READERS: dict[str, Reader] = {
    ".txt": iter_listing_records,
    ".jsonl": iter_jsonl_records,
    ".ndjson": iter_jsonl_records,
    ".csv": iter_csv_records,
    ".tsv": functools.partial(iter_csv_records, delimiter="\t"),
}


def iter_input_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Yield input files: files as given, folders expanded to their known files, sorted;
    a file given twice (or also found in a folder given) is read once."""
    seen: set[str] = set()
    for path in _given_files(paths):
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            yield path


def _given_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = _files_in_folder(path)
            if not found:
                raise InputError(f"{path}: folder holds no input files ({', '.join(sorted(READERS))})")
            yield from found
        elif path.is_file():
            yield path
        elif path.exists():
            raise InputError(f"{path}: not a regular file")
        elif path.is_symlink():
            raise InputError(f"{path}: a symbolic link that leads nowhere (a loop or a missing target)")
        else:
            raise InputError(f"{path}: no such file or folder")


def _files_in_folder(folder: Path) -> list[Path]:
    """Input files anywhere under ``folder``, sorted; linked folders are followed (each
    real folder once). A subfolder that cannot be read, or a link to an input file that
    is gone, is an error: its papers would be missing without a word."""

    def unreadable(error: OSError) -> None:
        raise InputError(f"{error.filename}: cannot read the folder ({error.strerror or error})")

    found, seen = [], set()
    for root, dirs, files in os.walk(folder, onerror=unreadable, followlinks=True):
        real = os.path.realpath(root)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs.sort()
        for name in files:
            path = Path(root) / name
            if path.suffix.lower() not in READERS:
                continue
            if not path.exists():
                raise InputError(f"{path}: a link to a file that does not exist")
            if path.is_file():
                found.append(path)
    return sorted(found)


def reader_for(path: Path) -> Reader:
    try:
        return READERS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(READERS))
        raise InputError(
            f"{path}: unknown input format {path.suffix or '(no extension)'!r}; known: {known}"
        ) from None


_WIDE_BOMS = {
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\xfe\xff": "UTF-16",
    b"\xff\xfe": "UTF-16",
}


def _wide_encoding(data: bytes) -> str | None:
    return next((name for bom, name in _WIDE_BOMS.items() if data.startswith(bom)), None)


def decode_utf8(path: Path, data: bytes) -> str:
    """Decode UTF-8 (a BOM is allowed); name the line and column of the first bad byte."""
    if wide := _wide_encoding(data):
        raise InputError(f"{path}:1: {wide} text, not UTF-8 (convert it: iconv -f {wide} -t UTF-8)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = data[exc.start]
        raise InputError(f"{path}:{line}: not UTF-8 (byte 0x{byte:02x} at column {column})") from None


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if b"\x00" in data[:8192] and not _wide_encoding(data):
        raise InputError(f"{path}:1: binary file, not text")
    return decode_utf8(path, data)


def path_text(path: Path) -> str:
    """The path as text every export can write: bytes of a file name that are not UTF-8
    (kept by Python as lone surrogates) become U+FFFD."""
    return os.fsencode(path).decode("utf-8", "replace")


def iter_file_items(path: Path) -> Iterator[RawRecord | Skip]:
    """Every record (cleaned) or skip of one input file."""
    reader = reader_for(path)
    for item in reader(path_text(path), read_text(path)):
        yield cleaned(item) if isinstance(item, RawRecord) else item


def iter_raw_items(paths: Iterable[str | os.PathLike]) -> Iterator[tuple[Path, RawRecord | Skip]]:
    """Yield (file, record-or-skip) for every record in every input file."""
    for path in iter_input_files(paths):
        for item in iter_file_items(path):
            yield path, item
