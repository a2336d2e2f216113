"""Splitting input text into numbered lines."""

from __future__ import annotations


def split_lines(text: str) -> list[str]:
    """Lines ended by LF, CRLF or a lone CR (old Mac files): str.splitlines would also
    break at U+2028 and other separators that JSON strings may hold unescaped. A raw CR
    cannot stand inside a JSON string, so a lone one always ends a line."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
