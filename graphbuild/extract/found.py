"""What an extractor reports before it becomes a spaCy span."""

from __future__ import annotations

from typing import NamedTuple

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
# Term candidates: kept by resolution only if they score as terms across the corpus. An
# extending one holds a stronger concept ("conditional diffusion model" around "diffusion
# model") and may overlap it.
ROLE_CANDIDATE = "candidate"
ROLE_EXTENDS = "extends"
# An extending candidate that ends with the concept it holds, whose added words only
# modify it ("online convex optimization", "zero-shot image classification"): it names a
# narrower kind of that concept, which resolution keeps even where one paper says it once.
ROLE_NARROWS = "narrows"


class Found(NamedTuple):
    """One mention: exact character offsets into the text, the entity's label,
    its display ``name`` and resolution ``key`` (same key → same entity).

    A named tuple rather than a dataclass: a document yields dozens, and a tuple is
    built and compared (text order: start, end, then the rest) in C."""

    start: int
    end: int
    label: str
    name: str
    key: str
    role: str = ROLE_USES
