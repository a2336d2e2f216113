"""Every Cypher statement the loader sends, built only from whitelisted labels and
relationship types (``graphbuild.schema``); values always travel as parameters."""

from __future__ import annotations

from graphbuild.schema import ENTITY_LABELS, NODE_LABELS, PAPER, check_label, check_relationship_type


def constraint_statements() -> list[str]:
    return [
        f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{check_label(label)}) REQUIRE n.id IS UNIQUE"
        for label in NODE_LABELS
    ]


def fulltext_statements() -> list[str]:
    entity_labels = "|".join(check_label(label) for label in ENTITY_LABELS)
    return [
        f"CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:{entity_labels}) ON EACH [n.name, n.surface_forms]",
        f"CREATE FULLTEXT INDEX paper_text IF NOT EXISTS FOR (n:{PAPER}) ON EACH [n.title, n.abstract]",
    ]


def merge_nodes(label: str) -> str:
    """MERGE a batch of nodes; returns how many rows were written (``n``)."""
    return (
        f"UNWIND $rows AS row MERGE (n:{check_label(label)} {{id: row.id}}) SET n += row.props "
        f"RETURN count(n) AS n"
    )


def merge_relationships(rel_type: str, start_label: str, end_label: str) -> str:
    """MERGE a batch of relationships; returns how many rows found both ends and were
    written (``n``): a row whose start or end node is missing is not counted."""
    return _write_relationships("MERGE", rel_type, start_label, end_label, "+=")


def create_relationships(rel_type: str, start_label: str, end_label: str) -> str:
    """CREATE a batch of relationships, for a type the database has none of (see
    ``graphbuild.export.neo4j``); returns ``n`` like ``merge_relationships``."""
    return _write_relationships("CREATE", rel_type, start_label, end_label, "=")


def _write_relationships(clause: str, rel_type: str, start_label: str, end_label: str, assign: str) -> str:
    return (
        f"UNWIND $rows AS row "
        f"MATCH (a:{check_label(start_label)} {{id: row.source}}) "
        f"MATCH (b:{check_label(end_label)} {{id: row.target}}) "
        f"{clause} (a)-[r:{check_relationship_type(rel_type)}]->(b) SET r {assign} row.props "
        f"RETURN count(r) AS n"
    )


def count_label(label: str) -> str:
    return f"MATCH (n:{check_label(label)}) RETURN count(n) AS n"


def count_type(rel_type: str) -> str:
    return f"MATCH ()-[r:{check_relationship_type(rel_type)}]->() RETURN count(r) AS n"


def delete_relationship_batch(rel_type: str) -> str:
    """Up to ``$limit`` of graphbuild's relationships of one type (they all start at a Paper)."""
    return f"MATCH (:Paper)-[r:{check_relationship_type(rel_type)}]->() WITH r LIMIT $limit DELETE r"


def delete_label_batch(label: str) -> str:
    return f"MATCH (n:{check_label(label)}) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS n"
