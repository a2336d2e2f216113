"""What an extractor reports before it becomes a spaCy span."""

from __future__ import annotations

from dataclasses import dataclass

# Node labels an extractor may emit (the graph schema owns the full list).
REPOSITORY = "Repository"
DATASET = "Dataset"
CONCEPT = "Concept"
MODEL = "Model"
METHOD = "Method"
REFERENCE = "Reference"

# Roles refine the relationship: a dataset a paper introduces, a method it proposes.
ROLE_USES = ""
ROLE_INTRODUCES = "introduces"
ROLE_PROPOSES = "proposes"


@dataclass(frozen=True, order=True)
class Found:
    """One mention: exact character offsets into the text, the entity's label,
    its display ``name`` and resolution ``key`` (same key → same entity)."""

    start: int
    end: int
    label: str
    name: str
    key: str
    role: str = ROLE_USES


def text_order(found: Found) -> tuple:
    """``Found``'s own (dataclass) order as one tuple: sorting with it as the key gives the
    same list as ``sorted(found)`` without a Python ``__lt__`` call per comparison."""
    return (found.start, found.end, found.label, found.name, found.key, found.role)
