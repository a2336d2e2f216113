"""Live export into Neo4j over Bolt with the official driver.

Constraints (unique ``id`` per label) and full-text indexes first; then nodes and
relationships in batches of ``UNWIND $rows … MERGE``, one transaction per batch.
MERGE makes the load idempotent and incremental: a second run creates nothing, a
build with new papers adds only what is new, and a load cut short by a crash is
completed by running it again. ``replace=True`` deletes graphbuild's labels first.
At the end every local node and relationship is looked up in the database and the
counts are compared.

Every transaction is tried at most ``RetryPolicy.tries`` times, with exponential
backoff, when Neo4j or the driver call its failure retryable (deadlocks, lock
timeouts, a lost connection). This is the driver's managed-transaction loop made
explicit: the driver bounds retries by time (``max_transaction_retry_time``), the
loader by a number of tries, which is what a user can reason about and a test can
check.
"""

from __future__ import annotations

import ssl
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import networkx as nx
from neo4j import READ_ACCESS, WRITE_ACCESS, Driver, GraphDatabase, Transaction
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DriverError,
    IncompleteCommit,
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


@dataclass(frozen=True)
class RetryPolicy:
    """How often one transaction is tried, and how long to wait before each retry.

    The defaults wait 0.5, 1, 2 and 4 s: enough to ride out a deadlock, a lock
    timeout or a server restart of a few seconds, short enough that a server that
    stays down is reported within ten seconds.
    """

    tries: int = 5
    first_delay: float = 0.5
    multiplier: float = 2.0
    max_delay: float = 10.0

    def __post_init__(self) -> None:
        if self.tries < 1 or self.first_delay < 0 or self.multiplier < 1 or self.max_delay < 0:
            raise ValueError(f"invalid retry policy {self}")

    def delays(self) -> Iterator[float]:
        """The waits before the 2nd, 3rd, … try (``tries - 1`` of them)."""
        delay = self.first_delay
        for _ in range(self.tries - 1):
            yield min(delay, self.max_delay)
            delay *= self.multiplier


@dataclass
class LoadReport:
    nodes_created: int = 0
    relationships_created: int = 0
    nodes_deleted: int = 0
    relationships_deleted: int = 0
    local_nodes: dict[str, int] = field(default_factory=dict)
    local_relationships: dict[str, int] = field(default_factory=dict)
    present_nodes: dict[str, int] = field(default_factory=dict)
    present_relationships: dict[str, int] = field(default_factory=dict)
    database_nodes: dict[str, int] = field(default_factory=dict)
    database_relationships: dict[str, int] = field(default_factory=dict)
    batches: int = 0
    rows: int = 0
    retries: int = 0
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


def _explain(error: Exception, target: Neo4jTarget) -> str:
    """One line naming the URI and, where possible, the fix."""
    if isinstance(error, AuthError):
        return f"Neo4j at {target.uri} refused user {target.user!r}: wrong user or password"
    tls_reason = _tls_failure(error)
    if tls_reason is not None:
        return (
            f"TLS handshake with Neo4j at {target.uri} failed ({tls_reason}): for a self-signed "
            "certificate use bolt+ssc:// or neo4j+ssc://, or trust its CA (SSL_CERT_FILE)"
        )
    if isinstance(error, ServiceUnavailable):
        return f"cannot reach Neo4j at {target.uri}: is the server running? ({_first_line(error)})"
    if isinstance(error, ClientError) and "DatabaseNotFound" in (error.code or ""):
        return f"Neo4j at {target.uri} has no database {target.database!r}"
    if isinstance(error, ConfigurationError | ValueError):
        return f"bad Neo4j URI {target.uri!r}: {_first_line(error)}"
    code = getattr(error, "code", None)
    return f"Neo4j at {target.uri} failed: {code + ': ' if code else ''}{_first_line(error)}"


def _first_line(error: Exception) -> str:
    """The driver's messages run over several lines with generic advice after the first."""
    message = getattr(error, "message", None) or str(error)
    return " ".join(message.strip().splitlines()[:1]) or type(error).__name__


def _tls_failure(error: BaseException) -> str | None:
    """The TLS error behind a connection failure, if any (the driver wraps it, for
    ``neo4j+s://`` inside an ExceptionGroup of routing attempts)."""
    seen: set[int] = set()
    pending: list[BaseException] = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ssl.SSLError):
            return getattr(current, "verify_message", None) or current.reason or type(current).__name__
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)
        pending.extend(getattr(current, "exceptions", ()))
    return None


def _retryable(error: Exception) -> bool:
    """Neo4j's own verdict, plus IncompleteCommit: the driver cannot know whether a
    commit whose connection dropped went through, but every batch is a MERGE, so
    running it again is safe either way."""
    return isinstance(error, IncompleteCommit) or error.is_retryable()


class _Runner:
    """Runs each statement in its own transaction, retried under a RetryPolicy."""

    def __init__(self, driver: Driver, target: Neo4jTarget, policy: RetryPolicy, report: LoadReport):
        self.driver, self.target, self.policy, self.report = driver, target, policy, report

    def write(self, statement: str, **parameters) -> tuple[int, int, int]:
        def work(tx: Transaction) -> tuple[int, int, int]:
            c = tx.run(statement, **parameters).consume().counters
            return c.nodes_created, c.relationships_created, c.nodes_deleted

        return self._run(WRITE_ACCESS, work)

    def delete(self, statement: str, **parameters) -> tuple[int, int]:
        """Nodes and relationships the statement deleted."""

        def work(tx: Transaction) -> tuple[int, int]:
            c = tx.run(statement, **parameters).consume().counters
            return c.nodes_deleted, c.relationships_deleted

        return self._run(WRITE_ACCESS, work)

    def read_count(self, statement: str, **parameters) -> int:
        return self._run(READ_ACCESS, lambda tx: tx.run(statement, **parameters).single()["n"])

    def _run(self, access_mode: str, work: Callable[[Transaction], object]):
        delays = self.policy.delays()
        tries = 0
        while True:
            tries += 1
            try:
                return self._run_once(access_mode, work)
            except (Neo4jError, DriverError) as error:
                if not _retryable(error):
                    raise
                delay = next(delays, None)
                if delay is None:
                    raise ExportError(
                        f"{_explain(error, self.target)}; gave up after {tries} tries"
                    ) from None
                self.report.retries += 1
                time.sleep(delay)

    def _run_once(self, access_mode: str, work: Callable[[Transaction], object]):
        with self.driver.session(database=self.target.database, default_access_mode=access_mode) as session:
            with session.begin_transaction() as tx:
                result = work(tx)
                tx.commit()
                return result


def _replace(runner: _Runner, report: LoadReport) -> None:
    """Relationships first, then nodes, ``DELETE_BATCH`` a transaction: detaching a
    batch of nodes at once would delete all their relationships in the same
    transaction (a concept can have thousands), past the server's memory pool."""
    for rel_type in RELATIONSHIP_TYPES:
        while True:
            _, deleted = runner.delete(cypher.delete_relationship_batch(rel_type), limit=DELETE_BATCH)
            report.relationships_deleted += deleted
            if deleted == 0:
                break
    for label in NODE_LABELS:
        while True:
            deleted, detached = runner.delete(cypher.delete_label_batch(label), limit=DELETE_BATCH)
            report.nodes_deleted += deleted
            report.relationships_deleted += detached
            if deleted == 0:
                break


def _verify(runner: _Runner, nodes: dict, rels: dict, report: LoadReport) -> None:
    for label, rows in nodes.items():
        ids = [r["id"] for r in rows]
        report.present_nodes[label] = sum(
            runner.read_count(cypher.count_present_nodes(label), ids=batch) for batch in _batches(ids, 10000)
        )
    present: dict[str, int] = defaultdict(int)
    for (rel_type, start, end), rows in rels.items():
        keys = [{"source": r["source"], "target": r["target"]} for r in rows]
        for batch in _batches(keys, 10000):
            present[rel_type] += runner.read_count(
                cypher.count_present_relationships(rel_type, start, end), rows=batch
            )
    report.present_relationships = dict(sorted(present.items()))
    report.database_nodes = {label: runner.read_count(cypher.count_label(label)) for label in NODE_LABELS}
    report.database_relationships = {t: runner.read_count(cypher.count_type(t)) for t in RELATIONSHIP_TYPES}


def load_into_neo4j(
    graph: nx.MultiDiGraph,
    target: Neo4jTarget,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    replace: bool = False,
    on_batch: Callable[[int], None] | None = None,
    retry: RetryPolicy = RetryPolicy(),
) -> LoadReport:
    """Load ``graph`` into the target database; raises ExportError with a clear message.

    A server that cannot be reached at the start fails at once; failures during the
    load are retried under ``retry`` and then raised, leaving every batch committed
    so far in place for the next run to complete.
    """
    clock = time.perf_counter()
    nodes, rels = _node_rows(graph), _relationship_rows(graph)
    report = LoadReport(
        local_nodes={label: len(rows) for label, rows in sorted(nodes.items())},
        local_relationships=dict(sorted(_count_by_type(rels).items())),
    )
    try:
        with GraphDatabase.driver(target.uri, auth=(target.user, target.password)) as driver:
            driver.verify_connectivity()
            runner = _Runner(driver, target, retry, report)
            for statement in cypher.constraint_statements() + cypher.fulltext_statements():
                runner.write(statement)
            if replace:
                _replace(runner, report)
            groups = [(cypher.merge_nodes(label), rows) for label, rows in nodes.items()]
            groups += [(cypher.merge_relationships(*key), rows) for key, rows in rels.items()]
            for statement, rows in groups:
                for batch in _batches(rows, batch_size):
                    created_nodes, created_rels, _ = runner.write(statement, rows=batch)
                    report.nodes_created += created_nodes
                    report.relationships_created += created_rels
                    report.batches += 1
                    report.rows += len(batch)
                    if on_batch:
                        on_batch(len(batch))
            _verify(runner, nodes, rels, report)
    except (Neo4jError, DriverError, ValueError) as error:
        raise ExportError(_explain(error, target)) from None
    report.seconds = time.perf_counter() - clock
    return report


def _count_by_type(rels: dict[tuple[str, str, str], list[dict]]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for (rel_type, _, _), rows in rels.items():
        counts[rel_type] += len(rows)
    return counts
