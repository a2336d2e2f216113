"""One colour per node label, shared by the statistics plots and the interactive view."""

from __future__ import annotations

from graphbuild.schema import COMMUNITY, CONCEPT, DATASET, METHOD, MODEL, PAPER, REFERENCE, REPOSITORY

__all__ = ["LABEL_COLOURS"]

#: Tableau 10 colours (distinguishable, print-safe), in the order of ``NODE_LABELS``.
LABEL_COLOURS = {
    PAPER: "#4e79a7",
    CONCEPT: "#f28e2b",
    DATASET: "#59a14f",
    MODEL: "#e15759",
    METHOD: "#b07aa1",
    REPOSITORY: "#76b7b2",
    REFERENCE: "#9c755f",
    COMMUNITY: "#bab0ac",
}
