"""Live export into Neo4j over Bolt with the official driver.

Constraints (unique ``id`` per label) and full-text indexes first; then nodes and
relationships in batches of ``UNWIND $rows … MERGE``, one transaction per batch.
MERGE makes the load idempotent and incremental: a second run creates nothing, a
build with new papers adds only what is new, and a load cut short by a crash is
completed by running it again. ``replace=True`` deletes graphbuild's labels first.

A relationship type the database has none of when the relationships start (a first
load, ``replace=True``, a type new to the database) is written with CREATE instead:
there is nothing for MERGE to find, so it would only add a lookup and, worse, the
exclusive locks that make MERGE batches deadlock when run side by side. Such batches
run on ``PARALLEL_SESSIONS`` sessions at once, cut where the start node changes so
that two batches of one (type, start label, end label) group never write the same
start node's relationships (batches at the border of two groups may, which costs a
lock wait). This is safe because no relationship of the type exists yet, no two local
rows of it join the same two nodes (checked), and any retry of a batch runs its MERGE
form (a commit whose outcome is unknown may have gone through). MERGE batches run one
at a time. The first failure stops the load: a batch in flight ends its current try
and is not retried.

Verification: every batch returns how many of its rows it wrote (a relationship
row whose start or end node is missing is not counted), so the counts per label and
type prove that each local row is in the database once its transaction committed.
At the end the database's totals per label and type are read (Neo4j's count store);
for a type loaded with CREATE the total must equal the local count, which catches
anything else that wrote that type at the same time (a second loader started at the
same moment would have made duplicates, which a rerun, all MERGE, does not remove).

Every transaction is tried at most ``RetryPolicy.tries`` times, with exponential
backoff, when Neo4j or the driver call its failure retryable (deadlocks, lock
timeouts, a lost connection). This is the driver's managed-transaction loop made
explicit: the driver bounds retries by time (``max_transaction_retry_time``), the
loader by a number of tries, which is what a user can reason about and a test can
check.
"""

from __future__ import annotations

import ssl
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

import networkx as nx
from neo4j import WRITE_ACCESS, Driver, GraphDatabase, Transaction
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
from graphbuild.export.values import neo4j_properties
from graphbuild.schema import NODE_LABELS, RELATIONSHIP_TYPES

DEFAULT_BATCH_SIZE = 2000
DELETE_BATCH = 10000
#: Sessions writing CREATE batches at once. Two measured best on a 2-core machine with
#: the server on it; MERGE batches always run one at a time (side by side they deadlock).
PARALLEL_SESSIONS = 2


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
    """What a load did. ``present_*``: local rows the write batches confirmed written;
    ``database_*``: the database's totals at the end; ``created_types``: relationship
    types the database had none of before, written with CREATE."""

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
    created_types: tuple[str, ...] = ()
    batches: int = 0
    rows: int = 0
    retries: int = 0
    seconds: float = 0.0

    @property
    def verified(self) -> bool:
        """Every local row confirmed written, and of each type written with CREATE the
        database holds as many as this load wrote (nothing else wrote it meanwhile)."""
        return (
            self.local_nodes == self.present_nodes
            and self.local_relationships == self.present_relationships
            and all(
                self.database_relationships.get(t) == self.present_relationships.get(t)
                for t in self.created_types
            )
        )


def _node_rows(graph: nx.MultiDiGraph) -> dict[str, list[dict]]:
    """Rows per label; properties as Neo4j stores them (``export.values``)."""
    rows: dict[str, list[dict]] = defaultdict(list)
    for node_id, data in graph.nodes(data=True):
        props = neo4j_properties(data)
        rows[props.pop("label")].append({"id": node_id, "props": props})
    return rows


def _relationship_rows(graph: nx.MultiDiGraph) -> dict[tuple[str, str, str], list[dict]]:
    """Rows per (type, start label, end label), each group's rows in the graph's order,
    which keeps a start node's relationships together (see ``_batches_by_source``)."""
    labels = dict(graph.nodes(data="label"))
    rows: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for source, target, data in graph.edges(data=True):
        props = neo4j_properties(data)
        group = (props.pop("type"), labels[source], labels[target])
        rows[group].append({"source": source, "target": target, "props": props})
    return dict(sorted(rows.items(), key=lambda kv: (RELATIONSHIP_TYPES.index(kv[0][0]), kv[0])))


class _Rows(list):
    """A batch of rows whose ``repr`` is short. The driver formats every RUN message
    for its debug log before checking whether debug logging is on (neo4j 6.x,
    ``_bolt5.py``), so a plain list made it ``repr`` each whole batch: 0.8 s of CPU on
    the 10,000-paper graph, and the batches' contents in a debug log."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


def _batches(rows: list[dict], size: int) -> Iterator[_Rows]:
    for start in range(0, len(rows), size):
        yield _Rows(rows[start : start + size])


def _batches_by_source(rows: list[dict], size: int) -> Iterator[_Rows]:
    """Batches of about ``size`` rows that never split one start node's run of rows, so
    that batches of a group written side by side touch different start nodes. A start
    node whose rows are not contiguous lands in two batches; that costs a lock wait, not
    correctness. A start node with more than ``size`` rows is one larger batch."""
    start = 0
    while start < len(rows):
        end = min(start + size, len(rows))
        while end < len(rows) and rows[end]["source"] == rows[end - 1]["source"]:
            end += 1
        yield _Rows(rows[start:end])
        start = end


def _repeated_types(graph: nx.MultiDiGraph) -> set[str]:
    """Relationship types of which two local relationships join the same two nodes in
    the same direction: MERGE writes them as one relationship, CREATE would write two."""
    repeated: set[str] = set()
    for neighbours in graph.adj.values():
        for parallel in neighbours.values():
            if len(parallel) > 1:
                types = [data["type"] for data in parallel.values()]
                repeated.update(t for t in types if types.count(t) > 1)
    return repeated


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
    commit whose connection dropped went through, but every retry is idempotent (a
    MERGE, a constraint IF NOT EXISTS, a delete), so running it again is safe either way."""
    return isinstance(error, IncompleteCommit) or error.is_retryable()


class _Runner:
    """Runs each statement in its own transaction, retried under a RetryPolicy.

    Thread-safe: every try opens its own session from the driver's pool. Once
    ``stopped`` is set (another batch failed, or Ctrl-C), a failing try is not retried,
    so the load ends as soon as the batches in flight have ended."""

    def __init__(self, driver: Driver, target: Neo4jTarget, policy: RetryPolicy, report: LoadReport):
        self.driver, self.target, self.policy, self.report = driver, target, policy, report
        self._lock = threading.Lock()
        self.stopped = threading.Event()

    def write(self, statement: str, **parameters) -> None:
        self._run(lambda tx: tx.run(statement, **parameters).consume())

    def write_rows(self, statement: str, rows: list[dict], retry_statement: str) -> tuple[int, int, int]:
        """Rows written (the statement's ``n``), nodes and relationships created.
        ``retry_statement`` (a MERGE) runs on every retry instead of ``statement``."""

        def work(statement: str) -> Callable[[Transaction], tuple[int, int, int]]:
            def run(tx: Transaction) -> tuple[int, int, int]:
                result = tx.run(statement, rows=rows)
                written = result.single(strict=True)["n"]
                c = result.consume().counters
                return written, c.nodes_created, c.relationships_created

            return run

        return self._run(work(statement), work(retry_statement))

    def delete(self, statement: str, **parameters) -> tuple[int, int]:
        """Nodes and relationships the statement deleted."""

        def work(tx: Transaction) -> tuple[int, int]:
            c = tx.run(statement, **parameters).consume().counters
            return c.nodes_deleted, c.relationships_deleted

        return self._run(work)

    def read_count(self, statement: str, **parameters) -> int:
        """A count, read in a write session: on a cluster that is the leader, which has
        every write of this and earlier loads (a lagging replica could report a type as
        empty and make the load CREATE it twice)."""
        return self._run(lambda tx: tx.run(statement, **parameters).single()["n"])

    def _run(
        self,
        work: Callable[[Transaction], object],
        retry_work: Callable[[Transaction], object] | None = None,
    ):
        delays = self.policy.delays()
        tries = 0
        while True:
            tries += 1
            try:
                return self._run_once(work if tries == 1 else retry_work or work)
            except (Neo4jError, DriverError) as error:
                if not _retryable(error) or self.stopped.is_set():
                    raise
                delay = next(delays, None)
                if delay is None:
                    raise ExportError(
                        f"{_explain(error, self.target)}; gave up after {tries} tries"
                    ) from None
                with self._lock:
                    self.report.retries += 1
                if self.stopped.wait(delay):
                    raise

    def _run_once(self, work: Callable[[Transaction], object]):
        """One try in its own write session (counts too: on a cluster, the leader's)."""
        with self.driver.session(database=self.target.database, default_access_mode=WRITE_ACCESS) as session:
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


class _Load:
    """The batches of one load: each batch's confirmed rows counted per label or type."""

    def __init__(self, runner: _Runner, batch_size: int, on_batch: Callable[[int], None] | None) -> None:
        self.runner, self.report, self.batch_size, self.on_batch = runner, runner.report, batch_size, on_batch
        self.present: dict[str, int] = defaultdict(int)

    def nodes(self, nodes: dict[str, list[dict]]) -> None:
        jobs = [
            (label, cypher.merge_nodes(label), cypher.merge_nodes(label), batch)
            for label, rows in nodes.items()
            for batch in _batches(rows, self.batch_size)
        ]
        self._write(jobs, sessions=1)
        self.report.present_nodes = {label: self.present[label] for label in self.report.local_nodes}

    def relationships(self, rels: dict[tuple[str, str, str], list[dict]], repeated: set[str]) -> None:
        """CREATE, on ``PARALLEL_SESSIONS`` sessions, the types the database has none of
        (Neo4j's count store: one lookup each) unless two local rows would make one
        relationship; MERGE the others one batch at a time."""
        types = {rel_type for rel_type, _, _ in rels} - repeated
        to_create = {t for t in types if self.runner.read_count(cypher.count_type(t)) == 0}
        create_jobs, merge_jobs = [], []
        for key, rows in rels.items():
            merge = cypher.merge_relationships(*key)
            if key[0] in to_create:
                create = cypher.create_relationships(*key)
                create_jobs += [(key[0], create, merge, b) for b in _batches_by_source(rows, self.batch_size)]
            else:
                merge_jobs += [(key[0], merge, merge, b) for b in _batches(rows, self.batch_size)]
        self._write(create_jobs, sessions=PARALLEL_SESSIONS)
        self._write(merge_jobs, sessions=1)
        self.report.present_relationships = {t: self.present[t] for t in self.report.local_relationships}
        self.report.created_types = tuple(t for t in RELATIONSHIP_TYPES if t in to_create)

    def _write(self, jobs: list[tuple[str, str, str, _Rows]], sessions: int) -> None:
        """Run (key, statement, retry statement, rows) jobs, ``sessions`` at a time; the
        first failure (or Ctrl-C) stops the load once the batches already running have
        ended their current try, and is the one raised."""
        if sessions == 1:
            for key, statement, retry_statement, rows in jobs:
                self._done(key, rows, self.runner.write_rows(statement, rows, retry_statement))
            return
        pending = iter(jobs)
        running: dict[Future, tuple[str, _Rows]] = {}
        with ThreadPoolExecutor(max_workers=sessions, thread_name_prefix="neo4j-load") as pool:
            try:
                while True:
                    while len(running) < sessions and (job := next(pending, None)) is not None:
                        key, statement, retry_statement, rows = job
                        future = pool.submit(self.runner.write_rows, statement, rows, retry_statement)
                        running[future] = key, rows
                    if not running:
                        return
                    finished, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in finished:
                        key, rows = running.pop(future)
                        self._done(key, rows, future.result())
            except BaseException:
                self.runner.stopped.set()  # the batch in flight ends without more retries
                raise

    def _done(self, key: str, rows: _Rows, result: tuple[int, int, int]) -> None:
        written, created_nodes, created_rels = result
        self.present[key] += written
        self.report.nodes_created += created_nodes
        self.report.relationships_created += created_rels
        self.report.batches += 1
        self.report.rows += len(rows)
        if self.on_batch:
            self.on_batch(len(rows))


def _count_database(runner: _Runner, report: LoadReport) -> None:
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
    _check_loadable(graph, batch_size)
    nodes = _node_rows(graph)
    report = LoadReport(local_nodes={label: len(rows) for label, rows in sorted(nodes.items())})
    try:
        # The relationship rows are built in a thread while the nodes load (the client
        # mostly waits for the server then).
        with ThreadPoolExecutor(max_workers=1) as prepare:
            rels = prepare.submit(lambda: (_relationship_rows(graph), _repeated_types(graph)))
            with GraphDatabase.driver(target.uri, auth=(target.user, target.password)) as driver:
                driver.verify_connectivity()
                runner = _Runner(driver, target, retry, report)
                for statement in cypher.constraint_statements() + cypher.fulltext_statements():
                    runner.write(statement)
                if replace:
                    _replace(runner, report)
                load = _Load(runner, batch_size, on_batch)
                load.nodes(nodes)
                rel_rows, repeated = rels.result()
                report.local_relationships = dict(sorted(_count_by_type(rel_rows).items()))
                load.relationships(rel_rows, repeated)
                _count_database(runner, report)
    except (Neo4jError, DriverError, ValueError) as error:
        raise ExportError(_explain(error, target)) from None
    report.seconds = time.perf_counter() - clock
    return report


def _check_loadable(graph: nx.MultiDiGraph, batch_size: int) -> None:
    """Refuse, before connecting, what would fail half-way: labels and types outside the
    schema (an edited or outdated graph.json), a batch size below 1."""
    if batch_size < 1:
        raise ExportError(f"batch size must be at least 1 (got {batch_size})")
    labels = {label for _, label in graph.nodes(data="label")} - set(NODE_LABELS)
    types = {rel_type for _, _, rel_type in graph.edges(data="type")} - set(RELATIONSHIP_TYPES)
    for kind, unknown, known in (
        ("node label", labels, NODE_LABELS),
        ("relationship type", types, RELATIONSHIP_TYPES),
    ):
        if unknown:
            names = ", ".join(sorted(map(repr, unknown)))
            raise ExportError(
                f"the graph has {kind}s graphbuild does not load: {names} (known: {', '.join(known)})"
            )


def _count_by_type(rels: dict[tuple[str, str, str], list[dict]]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for (rel_type, _, _), rows in rels.items():
        counts[rel_type] += len(rows)
    return counts
