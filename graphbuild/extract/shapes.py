"""Token shapes that mark proper names of datasets, models and methods."""

from __future__ import annotations

import re

#: "CIFAR-10", "WMT14", "D4RL", "SelMix", "NeRF-XL", "As-ViT", "d1", "YOLOv9", "Free^2Guide".
NAME_TOKEN = re.compile(r"^(?=.*[A-Z0-9])[A-Za-z0-9][A-Za-z0-9.+^]*(?:-[A-Za-z0-9.+^]+)*$")

#: Lower-case last parts that make a hyphenated word an adjective ("AI-based").
ADJECTIVE_SUFFIXES = frozenset(
    "based like aware free specific driven style level wise guided conditioned only agnostic augmented "
    "enhanced scale sized shot selected centric oriented inspired friendly efficient intensive".split()
)
VERSION = re.compile(r"^[vV]\d+(?:\.\d+)*$")


def is_name_like(text: str) -> bool:
    """A token that reads as a coined name: capitals inside, digits mixed with letters,
    or all capitals. Not one: a plain Capitalized word ("Deep", "The"), a Title-Case
    compound of plain words ("Gradient-Based", "Few-Shot"), an adjective ("AI-based"),
    a version ("v1.0")."""
    if not NAME_TOKEN.match(text) or len(text) < 2 or VERSION.match(text):
        return False
    if "-" in text and all(is_capitalized(p) or (p.isalpha() and p.islower()) for p in text.split("-")):
        return False
    if "-" in text and text.rsplit("-", 1)[1] in ADJECTIVE_SUFFIXES:
        return False
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    inner_caps = any(c.isupper() for c in text[1:])
    has_digit = any(c.isdigit() for c in text)
    return inner_caps or (has_digit and len(letters) >= 1)


def is_capitalized(text: str) -> bool:
    return text[:1].isupper() and text[1:].islower() and text.isalpha()
