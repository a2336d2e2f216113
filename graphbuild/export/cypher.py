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
    return f"UNWIND $rows AS row MERGE (n:{check_label(label)} {{id: row.id}}) SET n += row.props"


def merge_relationships(rel_type: str, start_label: str, end_label: str) -> str:
    return (
        f"UNWIND $rows AS row "
        f"MATCH (a:{check_label(start_label)} {{id: row.source}}) "
        f"MATCH (b:{check_label(end_label)} {{id: row.target}}) "
        f"MERGE (a)-[r:{check_relationship_type(rel_type)}]->(b) SET r += row.props"
    )


def count_present_nodes(label: str) -> str:
    return f"UNWIND $ids AS id MATCH (n:{check_label(label)} {{id: id}}) RETURN count(n) AS n"


def count_present_relationships(rel_type: str, start_label: str, end_label: str) -> str:
    return (
        f"UNWIND $rows AS row "
        f"MATCH (:{check_label(start_label)} {{id: row.source}})"
        f"-[r:{check_relationship_type(rel_type)}]->(:{check_label(end_label)} {{id: row.target}}) "
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
