"""Neo4j faults against a real server of the tests' own: killed mid-load, lock timeouts
retried or given up on, TLS on Bolt, and the password kept out of every output.

The server here is separate from the session server other tests share, because it is
killed and needs its own settings: a 1 s lock acquisition timeout (so a held lock
turns into a real transient error) and Bolt TLS with a self-signed certificate made
by ``openssl`` (``server.bolt.tls_level=OPTIONAL``: plain ``bolt://`` keeps working).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import database_counts, wipe_database
from neo4j import GraphDatabase

from graphbuild import neo4j_server as ns
from graphbuild.errors import ExportError
from graphbuild.export.neo4j import Neo4jTarget, RetryPolicy, load_into_neo4j
from graphbuild.graph import count_edges_by_type, count_nodes_by_label
from graphbuild.pipeline import build

pytestmark = pytest.mark.integration

LOCK_TIMEOUT_SECONDS = 1
TLS_DIR = "certificates/bolt"
ABSTRACT = "We evaluate on CIFAR-10 with ResNet-18. Code: https://github.com/x/p{}."


def _make_certificate(folder: Path) -> Path:
    """A self-signed certificate for 127.0.0.1 and localhost; returns its path."""
    for sub in ("trusted", "revoked"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout",
            str(folder / "private.key"),
            "-out",
            str(folder / "public.crt"),
        ],
        check=True,
        capture_output=True,
    )
    return folder / "public.crt"


FAULT_SETTINGS = {
    "db.lock.acquisition.timeout": f"{LOCK_TIMEOUT_SECONDS}s",
    "dbms.ssl.policy.bolt.enabled": "true",
    "dbms.ssl.policy.bolt.base_directory": TLS_DIR,
    "dbms.ssl.policy.bolt.private_key": "private.key",
    "dbms.ssl.policy.bolt.public_certificate": "public.crt",
    "dbms.ssl.policy.bolt.client_auth": "NONE",
    "server.bolt.tls_level": "OPTIONAL",
}


@pytest.fixture(scope="module")
def fault_home(tmp_path_factory):
    """Home of a server this module may kill and restart (its ports change on restart)."""
    home = tmp_path_factory.mktemp("neo4j-faults")
    _make_certificate(home / TLS_DIR)
    ns.start_server(home, settings=FAULT_SETTINGS)
    yield home
    ns.stop_server(home)


@pytest.fixture
def fault_server(fault_home):
    """The running fault server, emptied, started again if a test left it dead."""
    info = ns.server_info(fault_home) or ns.start_server(fault_home, settings=FAULT_SETTINGS)
    wipe_database(info)
    return info


@pytest.fixture(scope="module")
def tiny_build(tmp_path_factory):
    """Three papers built into a folder `graphbuild export neo4j` can read."""
    folder = tmp_path_factory.mktemp("tiny")
    rows = [json.dumps({"title": f"Paper {i}", "abstract": ABSTRACT.format(i)}) for i in range(3)]
    (folder / "tiny.jsonl").write_text("\n".join(rows) + "\n")
    return build([folder / "tiny.jsonl"], folder / "out", progress=False, analysis=None)


def _target(info) -> Neo4jTarget:
    return Neo4jTarget(info.bolt_uri, info.user, info.password)


def _database_counts(info) -> tuple[dict, dict]:
    return database_counts(info.bolt_uri, info.user, info.password)


def _expected(graph) -> tuple[dict, dict]:
    return count_nodes_by_label(graph), count_edges_by_type(graph)


def _export(folder: Path, uri: str, password: str, *args: str, env: dict | None = None) -> subprocess.Popen:
    """`graphbuild export neo4j` in a child process, as a user runs it."""
    environment = {
        **(env if env is not None else os.environ),
        "NEO4J_PASSWORD": password,
        "PYTHONUNBUFFERED": "1",
    }
    command = [sys.executable, "-m", "graphbuild.cli", "export", "neo4j", str(folder), "--uri", uri]
    return subprocess.Popen(
        [*command, "--no-progress", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )


def _finish(process: subprocess.Popen, timeout: float = 300) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def _rows_in_database(driver) -> int:
    records, _, _ = driver.execute_query(
        "CALL { MATCH (n) RETURN count(n) AS n } CALL { MATCH ()-[r]->() RETURN count(r) AS r } RETURN n + r AS rows",
        database_="neo4j",
    )
    return records[0]["rows"]


def _wait_until_loaded(info, process: subprocess.Popen, rows: int, timeout: float = 240) -> int:
    """Poll the database until the running loader has committed ``rows`` rows."""
    deadline = time.monotonic() + timeout
    with GraphDatabase.driver(info.bolt_uri, auth=(info.user, info.password)) as driver:
        while time.monotonic() < deadline:
            assert process.poll() is None, f"the load ended before the kill: {process.communicate()}"
            loaded = _rows_in_database(driver)
            if loaded >= rows:
                return loaded
            time.sleep(0.05)
    raise AssertionError(f"fewer than {rows} rows loaded after {timeout}s")


def test_server_killed_mid_load_restarted_and_rerun_gives_exactly_the_clean_counts(
    corpus_build, fault_server
):
    graph = corpus_build.graph
    folder = corpus_build.outputs["graph.json"].parent
    total = graph.number_of_nodes() + graph.number_of_edges()
    loader = _export(
        folder,
        fault_server.bolt_uri,
        fault_server.password,
        "--batch-size",
        "10",
        "--tries",
        "3",
        "--retry-delay",
        "0.2",
    )
    committed = _wait_until_loaded(fault_server, loader, total // 4)
    ns.kill_server(fault_server.home)
    code, out, err = _finish(loader)
    assert code == 1, (out, err)
    assert re.fullmatch(
        rf"Error: cannot reach Neo4j at {re.escape(fault_server.bolt_uri)}: is the server running\? "
        r"\([^\n]*\); gave up after 3 tries\n",
        err,
    ), err
    assert "verified" not in out

    restarted = ns.start_server(fault_server.home, settings=FAULT_SETTINGS)
    before_rerun = _database_counts(restarted)
    survived = sum(before_rerun[0].values()) + sum(before_rerun[1].values())
    assert committed <= survived < total  # committed batches are durable; the load was cut short
    code, out, err = _finish(_export(folder, restarted.bolt_uri, restarted.password, "--batch-size", "1000"))
    assert (code, err) == (0, ""), out
    assert "verified: every local node and relationship is in the database" in out
    missing_nodes = graph.number_of_nodes() - sum(before_rerun[0].values())
    missing_rels = graph.number_of_edges() - sum(before_rerun[1].values())
    assert f"created {missing_nodes} nodes and {missing_rels} relationships" in out
    assert _database_counts(restarted) == _expected(graph)


class _LockHolder(threading.Thread):
    """Holds a write lock on one node in an open transaction for ``seconds`` or until released."""

    def __init__(self, info, node_id: str, seconds: float):
        super().__init__(daemon=True)
        self.info, self.node_id, self.seconds = info, node_id, seconds
        self.locked, self.released = threading.Event(), threading.Event()

    def run(self) -> None:
        with GraphDatabase.driver(self.info.bolt_uri, auth=(self.info.user, self.info.password)) as driver:
            with driver.session(database="neo4j") as session, session.begin_transaction() as tx:
                tx.run("MATCH (n {id: $id}) SET n.held = true", id=self.node_id).consume()
                self.locked.set()
                self.released.wait(self.seconds)
                tx.rollback()


@contextlib.contextmanager
def _lock_held(info, node_id: str, seconds: float) -> Iterator[None]:
    """Lock the node for ``seconds``; released early when the block ends, even on failure."""
    holder = _LockHolder(info, node_id, seconds)
    holder.start()
    try:
        assert holder.locked.wait(30), "the lock holder could not lock the node"
        yield
    finally:
        holder.released.set()
        holder.join()


def test_lock_timeouts_are_retried_with_backoff_and_the_load_completes(tiny_build, fault_server):
    graph = tiny_build.graph
    target = _target(fault_server)
    load_into_neo4j(graph, target)
    paper = next(n for n, label in graph.nodes(data="label") if label == "Paper")
    with _lock_held(fault_server, paper, seconds=3 * LOCK_TIMEOUT_SECONDS):
        report = load_into_neo4j(graph, target, retry=RetryPolicy(tries=10, first_delay=0.2, multiplier=1.5))
    assert report.retries >= 1  # the held lock made at least one try time out
    assert report.verified and (report.nodes_created, report.relationships_created) == (0, 0)
    assert _database_counts(fault_server) == _expected(graph)


def test_a_lock_held_longer_than_every_try_stops_after_the_bounded_tries(tiny_build, fault_server):
    graph = tiny_build.graph
    target = _target(fault_server)
    load_into_neo4j(graph, target)
    paper = next(n for n, label in graph.nodes(data="label") if label == "Paper")
    started = time.monotonic()
    with _lock_held(fault_server, paper, seconds=60), pytest.raises(ExportError) as failure:
        load_into_neo4j(graph, target, retry=RetryPolicy(tries=3, first_delay=0.1))
    elapsed = time.monotonic() - started
    message = str(failure.value)
    assert message.startswith(
        f"Neo4j at {target.uri} failed: Neo.TransientError.Transaction.LockAcquisitionTimeout: "
    )
    assert message.endswith("; gave up after 3 tries") and "\n" not in message
    assert elapsed >= 3 * LOCK_TIMEOUT_SECONDS  # three real lock waits, not one


def test_a_lock_met_by_the_parallel_creates_stops_the_load_and_a_rerun_completes_it(tiny_build, fault_server):
    """Relationships into an empty database are CREATEd on two sessions; one batch meets a
    lock held past every try: one-line error after the bounded tries, and the next run
    (MERGE for the types that were started) ends with exactly the graph."""
    graph = tiny_build.graph
    target = _target(fault_server)
    paper = next(n for n, label in graph.nodes(data="label") if label == "Paper")
    holder = _LockHolder(fault_server, paper, seconds=60)
    loaded = []

    def lock_the_paper_once_the_nodes_are_in(rows: int) -> None:
        loaded.append(rows)
        if sum(loaded) == graph.number_of_nodes():
            holder.start()
            assert holder.locked.wait(30), "the lock holder could not lock the node"

    try:
        with pytest.raises(ExportError) as failure:
            load_into_neo4j(
                graph,
                target,
                batch_size=2,
                on_batch=lock_the_paper_once_the_nodes_are_in,
                retry=RetryPolicy(tries=2, first_delay=0.1),
            )
    finally:
        holder.released.set()
        if holder.is_alive():
            holder.join()
    message = str(failure.value)
    assert message.startswith(
        f"Neo4j at {target.uri} failed: Neo.TransientError.Transaction.LockAcquisitionTimeout: "
    )
    assert message.endswith("; gave up after 2 tries") and "\n" not in message
    assert sum(loaded) > graph.number_of_nodes()  # other relationship batches went through
    report = load_into_neo4j(graph, target)
    assert report.verified and report.nodes_created == 0
    assert _database_counts(fault_server) == _expected(graph)


def test_retry_policy_waits_grow_and_are_capped():
    assert list(RetryPolicy(tries=6, first_delay=0.5, multiplier=2, max_delay=3).delays()) == [
        0.5,
        1,
        2,
        3,
        3,
    ]
    assert list(RetryPolicy(tries=1).delays()) == []
    with pytest.raises(ValueError):
        RetryPolicy(tries=0)


def _tls_uri(info, scheme: str) -> str:
    return info.bolt_uri.replace("bolt://", f"{scheme}://", 1)


def _env_without_trust_settings() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("SSL_CERT_FILE", "SSL_CERT_DIR")}


@pytest.mark.parametrize("scheme", ["bolt+s", "neo4j+s"])
def test_tls_uris_load_when_the_certificate_is_trusted(tiny_build, fault_server, scheme):
    env = {**_env_without_trust_settings(), "SSL_CERT_FILE": str(fault_server.home / TLS_DIR / "public.crt")}
    folder = tiny_build.outputs["graph.json"].parent
    code, out, err = _finish(_export(folder, _tls_uri(fault_server, scheme), fault_server.password, env=env))
    assert (code, err) == (0, ""), out
    assert "verified: every local node and relationship is in the database" in out
    assert _database_counts(fault_server) == _expected(tiny_build.graph)


@pytest.mark.parametrize("scheme", ["bolt+s", "neo4j+s"])
def test_tls_uris_with_an_untrusted_certificate_fail_in_one_line_naming_the_uri(
    tiny_build, fault_server, scheme
):
    uri = _tls_uri(fault_server, scheme)
    folder = tiny_build.outputs["graph.json"].parent
    code, out, err = _finish(_export(folder, uri, fault_server.password, env=_env_without_trust_settings()))
    assert (code, out) == (1, "")
    assert err == (
        f"Error: TLS handshake with Neo4j at {uri} failed (self-signed certificate): for a self-signed "
        "certificate use bolt+ssc:// or neo4j+ssc://, or trust its CA (SSL_CERT_FILE)\n"
    )
    assert _database_counts(fault_server) == ({}, {})


def _secret_cases(info) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """case -> (uri, password, extra CLI args) for one success and several failures."""
    return {
        "success": (info.bolt_uri, info.password, ()),
        "wrong password": (info.bolt_uri, "Wr0ngButSecretPassw0rd", ()),
        "unknown database": (info.bolt_uri, info.password, ("--database", "nope")),
        "untrusted tls": (_tls_uri(info, "bolt+s"), info.password, ()),
        "server down": ("bolt://127.0.0.1:1", info.password, ()),
    }


def test_the_password_never_appears_in_cli_output(tiny_build, fault_server):
    folder = tiny_build.outputs["graph.json"].parent
    for case, (uri, password, args) in _secret_cases(fault_server).items():
        code, out, err = _finish(_export(folder, uri, password, *args, env=_env_without_trust_settings()))
        assert (code == 0) == (case == "success"), (case, out, err)
        assert password not in out + err, case
        assert "Traceback" not in err, case


def test_the_password_never_appears_in_driver_logs(tiny_build, fault_server, caplog):
    caplog.set_level(logging.DEBUG, logger="neo4j")
    load_into_neo4j(tiny_build.graph, _target(fault_server))
    wrong = Neo4jTarget(fault_server.bolt_uri, fault_server.user, "Wr0ngButSecretPassw0rd")
    with pytest.raises(ExportError):
        load_into_neo4j(tiny_build.graph, wrong)
    assert "HELLO" in caplog.text or "LOGON" in caplog.text  # the authentication was logged …
    assert fault_server.password not in caplog.text and wrong.password not in caplog.text  # … without secrets
