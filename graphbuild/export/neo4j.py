"""Live export into Neo4j over Bolt with the official driver.

Constraints (unique ``id`` per label) and full-text indexes first; then nodes and
relationships in batches of ``UNWIND $rows … MERGE`` inside managed write
transactions (the driver retries transient errors). MERGE makes the load idempotent
and incremental: a second run creates nothing, a build with new papers adds only what
is new. ``replace=True`` deletes graphbuild's labels first. At the end every local
node and relationship is looked up in the database and the counts are compared.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import networkx as nx
from neo4j import GraphDatabase, ManagedTransaction
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
)

from graphbuild.errors import ExportError
from graphbuild.export import cypher
from graphbuild.schema import NODE_LABELS, RELATIONSHIP_TYPES

DEFAULT_BATCH_SIZE = 2000
DELETE_BATCH = 10000


@dataclass(frozen=True)
class Neo4jTarget:
    uri: str
    user: str
    password: str = field(repr=False)
    database: str = "neo4j"


@dataclass
class LoadReport:
    nodes_created: int = 0
    relationships_created: int = 0
    nodes_deleted: int = 0
    local_nodes: dict[str, int] = field(default_factory=dict)
    local_relationships: dict[str, int] = field(default_factory=dict)
    present_nodes: dict[str, int] = field(default_factory=dict)
    present_relationships: dict[str, int] = field(default_factory=dict)
    database_nodes: dict[str, int] = field(default_factory=dict)
    database_relationships: dict[str, int] = field(default_factory=dict)
    batches: int = 0
    rows: int = 0
    seconds: float = 0.0

    @property
    def verified(self) -> bool:
        return (
            self.local_nodes == self.present_nodes and self.local_relationships == self.present_relationships
        )


def _node_rows(graph: nx.MultiDiGraph) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = defaultdict(list)
    for node_id, data in graph.nodes(data=True):
        props = {k: v for k, v in data.items() if k != "label"}
        rows[data["label"]].append({"id": node_id, "props": props})
    return rows


def _relationship_rows(graph: nx.MultiDiGraph) -> dict[tuple[str, str, str], list[dict]]:
    rows: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for source, target, data in graph.edges(data=True):
        group = (data["type"], graph.nodes[source]["label"], graph.nodes[target]["label"])
        props = {k: v for k, v in data.items() if k != "type"}
        rows[group].append({"source": source, "target": target, "props": props})
    return dict(sorted(rows.items(), key=lambda kv: (RELATIONSHIP_TYPES.index(kv[0][0]), kv[0])))


def _batches(rows: list[dict], size: int) -> Iterator[list[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _explain(error: Exception, target: Neo4jTarget) -> ExportError:
    if isinstance(error, AuthError):
        return ExportError(f"Neo4j at {target.uri} refused user {target.user!r}: wrong user or password")
    if isinstance(error, ServiceUnavailable):
        return ExportError(f"cannot reach Neo4j at {target.uri}: is the server running? ({error})")
    if isinstance(error, ClientError) and "DatabaseNotFound" in (error.code or ""):
        return ExportError(f"Neo4j at {target.uri} has no database {target.database!r}")
    if isinstance(error, ConfigurationError | ValueError):
        return ExportError(f"bad Neo4j URI {target.uri!r}: {error}")
    return ExportError(f"Neo4j at {target.uri} failed: {error}")


def _write(session, statement: str, **parameters) -> tuple[int, int, int]:
    def work(tx: ManagedTransaction) -> tuple[int, int, int]:
        summary = tx.run(statement, **parameters).consume()
        c = summary.counters
        return c.nodes_created, c.relationships_created, c.nodes_deleted

    return session.execute_write(work)


def _read_count(session, statement: str, **parameters) -> int:
    return session.execute_read(lambda tx: tx.run(statement, **parameters).single()["n"])


def _replace(session, report: LoadReport) -> None:
    for label in NODE_LABELS:
        while True:
            _, _, deleted = _write(session, cypher.delete_label_batch(label), limit=DELETE_BATCH)
            report.nodes_deleted += deleted
            if deleted == 0:
                break


def _verify(session, nodes: dict, rels: dict, report: LoadReport) -> None:
    for label, rows in nodes.items():
        ids = [r["id"] for r in rows]
        report.present_nodes[label] = sum(
            _read_count(session, cypher.count_present_nodes(label), ids=batch)
            for batch in _batches(ids, 10000)
        )
    present: dict[str, int] = defaultdict(int)
    for (rel_type, start, end), rows in rels.items():
        keys = [{"source": r["source"], "target": r["target"]} for r in rows]
        for batch in _batches(keys, 10000):
            present[rel_type] += _read_count(
                session, cypher.count_present_relationships(rel_type, start, end), rows=batch
            )
    report.present_relationships = dict(sorted(present.items()))
    report.database_nodes = {label: _read_count(session, cypher.count_label(label)) for label in NODE_LABELS}
    report.database_relationships = {
        t: _read_count(session, cypher.count_type(t)) for t in RELATIONSHIP_TYPES
    }


def load_into_neo4j(
    graph: nx.MultiDiGraph,
    target: Neo4jTarget,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    replace: bool = False,
    on_batch: Callable[[int], None] | None = None,
) -> LoadReport:
    """Load ``graph`` into the target database; raises ExportError with a clear message."""
    clock = time.perf_counter()
    nodes, rels = _node_rows(graph), _relationship_rows(graph)
    report = LoadReport(
        local_nodes={label: len(rows) for label, rows in sorted(nodes.items())},
        local_relationships=dict(sorted(_count_by_type(rels).items())),
    )
    try:
        with GraphDatabase.driver(target.uri, auth=(target.user, target.password)) as driver:
            driver.verify_connectivity()
            with driver.session(database=target.database) as session:
                for statement in cypher.constraint_statements() + cypher.fulltext_statements():
                    _write(session, statement)
                if replace:
                    _replace(session, report)
                groups = [(cypher.merge_nodes(label), rows) for label, rows in nodes.items()]
                groups += [(cypher.merge_relationships(*key), rows) for key, rows in rels.items()]
                for statement, rows in groups:
                    for batch in _batches(rows, batch_size):
                        created_nodes, created_rels, _ = _write(session, statement, rows=batch)
                        report.nodes_created += created_nodes
                        report.relationships_created += created_rels
                        report.batches += 1
                        report.rows += len(batch)
                        if on_batch:
                            on_batch(len(batch))
                _verify(session, nodes, rels, report)
    except (Neo4jError, DriverError, ValueError) as error:
        raise _explain(error, target) from None
    report.seconds = time.perf_counter() - clock
    return report


def _count_by_type(rels: dict[tuple[str, str, str], list[dict]]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for (rel_type, _, _), rows in rels.items():
        counts[rel_type] += len(rows)
    return counts
