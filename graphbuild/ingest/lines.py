"""Splitting input text into numbered lines."""

from __future__ import annotations


def split_lines(text: str) -> list[str]:
    """Lines ended by LF or CRLF only: str.splitlines would also break at U+2028 and
    other separators that JSON strings may hold unescaped."""
    return [line.removesuffix("\r") for line in text.split("\n")]
