"""The graph schema: the only place that spells node labels and relationship types.

Every Cypher statement graphbuild sends takes its labels and types from these
whitelists; values always travel as parameters.
"""

from __future__ import annotations

PAPER = "Paper"
CONCEPT = "Concept"
DATASET = "Dataset"
REPOSITORY = "Repository"
REFERENCE = "Reference"
MODEL = "Model"
METHOD = "Method"
COMMUNITY = "Community"

#: Labels of the things papers link to (what coupling counts as shared evidence).
ENTITY_LABELS = (CONCEPT, DATASET, MODEL, METHOD, REPOSITORY, REFERENCE)
NODE_LABELS = (PAPER, *ENTITY_LABELS, COMMUNITY)

MENTIONS = "MENTIONS"
USES_DATASET = "USES_DATASET"
INTRODUCES = "INTRODUCES"
HAS_CODE = "HAS_CODE"
CITES = "CITES"
USES_MODEL = "USES_MODEL"
PROPOSES = "PROPOSES"
RELATED_TO = "RELATED_TO"
IN_COMMUNITY = "IN_COMMUNITY"

#: Paper → entity relationships: the evidence the extraction found.
EVIDENCE_TYPES = (MENTIONS, USES_DATASET, INTRODUCES, USES_MODEL, PROPOSES, HAS_CODE, CITES)
RELATIONSHIP_TYPES = (*EVIDENCE_TYPES, RELATED_TO, IN_COMMUNITY)

#: (entity label, mention role) → relationship type from the paper to the entity.
RELATIONSHIP_FOR = {
    (CONCEPT, ""): MENTIONS,
    (DATASET, ""): USES_DATASET,
    (DATASET, "introduces"): INTRODUCES,
    (MODEL, ""): USES_MODEL,
    (METHOD, ""): MENTIONS,
    (METHOD, "proposes"): PROPOSES,
    (REPOSITORY, ""): HAS_CODE,
    (REFERENCE, ""): CITES,
}


#: Properties holding a list of strings that the graph joins into one string (GraphML
#: holds no lists), with the separator. The Neo4j exports split them back into lists
#: (``graphbuild.export.values``); an item holding its separator would come back as two
#: (authors cannot: they are split at ";" when read).
JOINED_LISTS = {"authors": "; ", "sources": "; ", "surface_forms": " | ", "merged_because": " | "}
#: Properties holding a list of strings that the graph keeps as JSON text.
JSON_LISTS = ("shared", "top_concepts")


def check_label(label: str) -> str:
    if label not in NODE_LABELS:
        raise ValueError(f"not a graphbuild node label: {label!r}")
    return label


def check_relationship_type(rel_type: str) -> str:
    if rel_type not in RELATIONSHIP_TYPES:
        raise ValueError(f"not a graphbuild relationship type: {rel_type!r}")
    return rel_type
