"""Atomic file writes: write to a temporary name in the same folder, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from graphbuild.errors import ExportError


def file_mode() -> int:
    """The mode ``open()`` would give a new file (0o666 less the umask); ``mkstemp``
    always makes 0o600, which would hide a shared output folder's files from others."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def writable_target(path: Path) -> Path:
    """The file an atomic write replaces: a symbolic link's target (the link stays), and
    never anything but a regular file. Replacing a FIFO or a device (``/dev/null``) by a
    regular file would break whatever else uses it."""
    path = Path(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    if path.exists() and not path.is_file():
        raise ExportError(f"{path}: exists and is not a regular file; choose another output path")
    return path


@contextlib.contextmanager
def atomic_writer(path: Path, newline: str | None = "\n", binary: bool = False) -> Iterator[IO]:
    """A text handle (UTF-8), or a binary one with ``binary``, on a temporary file that
    replaces ``path`` only when the block ends without an exception."""
    path = writable_target(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        opened = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline=newline)
        with opened as handle:
            yield handle
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
