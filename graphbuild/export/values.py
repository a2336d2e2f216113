"""Property values as Neo4j stores them, the same for the neo4j-admin CSVs and the Bolt
loader, so that both give one database.

The graph holds only strings and numbers, all GraphML can hold, so a list of strings is
one string there: joined with a separator (``schema.JOINED_LISTS``) or JSON text
(``schema.JSON_LISTS``). Neo4j holds lists of strings, and ``IN``, ``size()`` and the
other list functions work only on those, so both exports write these as ``string[]``.
``evidence`` stays JSON text: its items are objects (mention, offsets, sentence), and a
Neo4j property holds no maps.

A property without a value (an empty string or list) is left out: neo4j-admin reads an
empty CSV field as no value, and the Bolt loader writes none either.
"""

from __future__ import annotations

import json

from graphbuild.errors import ExportError
from graphbuild.schema import JOINED_LISTS, JSON_LISTS

__all__ = ["LIST_PROPERTIES", "neo4j_properties", "neo4j_value"]

#: Properties written to Neo4j as lists of strings.
LIST_PROPERTIES = frozenset(JOINED_LISTS) | frozenset(JSON_LISTS)


def neo4j_value(name: str, value: object) -> object:
    """``value`` of the property ``name`` as Neo4j stores it: a list of strings for the
    list properties (empty items dropped), anything else as it is.

    >>> neo4j_value("surface_forms", "optimal transport | OT")
    ['optimal transport', 'OT']
    """
    separator = JOINED_LISTS.get(name)
    if separator is not None:
        return [item for item in str(value).split(separator) if item]
    if name in JSON_LISTS:
        return _json_strings(name, value)
    return value


def neo4j_properties(props: dict) -> dict:
    """The properties of a node or relationship as Neo4j stores them, those without a
    value left out."""
    if not LIST_PROPERTIES.isdisjoint(props):
        props = {name: neo4j_value(name, value) for name, value in props.items()}
    return {name: value for name, value in props.items() if value != "" and value != [] and value is not None}


def _json_strings(name: str, text: object) -> list[str]:
    """A JSON list of strings; anything else (an edited graph.json) is an ExportError."""
    try:
        value = json.loads(str(text))
    except ValueError:
        value = None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ExportError(
            f"graph.json: the {name} property {str(text)[:40]!r} is not a JSON list of strings; rebuild the graph"
        )
    return [item for item in value if item]
