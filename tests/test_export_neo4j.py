"""The live loader and the bulk import against the real Neo4j server started by the tests."""

from __future__ import annotations

import json
import socket
from collections import Counter

import pytest
from click.testing import CliRunner
from conftest import database_counts
from neo4j import GraphDatabase

from graphbuild import neo4j_server as ns
from graphbuild.cli import main
from graphbuild.errors import ExportError
from graphbuild.export.neo4j import Neo4jTarget, load_into_neo4j
from graphbuild.graph import count_edges_by_type, count_nodes_by_label
from graphbuild.pipeline import build

pytestmark = pytest.mark.integration

ABSTRACT = (
    "We evaluate on CIFAR-10 with ResNet-18, building on Ho et al., 2020. Code: https://github.com/x/{}."
)


def _jsonl(write, name, titles):
    rows = [json.dumps({"title": t, "abstract": ABSTRACT.format(i)}) for i, t in enumerate(titles)]
    return write(name, "\n".join(rows) + "\n")


def _database_counts(target: Neo4jTarget) -> tuple[dict, dict]:
    return database_counts(target.uri, target.user, target.password)


def test_bundled_corpus_loads_verified_and_second_run_changes_nothing(corpus_build, neo4j_target):
    graph = corpus_build.graph
    first = load_into_neo4j(graph, neo4j_target, batch_size=500)
    assert first.verified
    assert (first.nodes_created, first.relationships_created) == (
        graph.number_of_nodes(),
        graph.number_of_edges(),
    )
    assert _database_counts(neo4j_target) == (count_nodes_by_label(graph), count_edges_by_type(graph))
    second = load_into_neo4j(graph, neo4j_target, batch_size=500)
    assert (second.nodes_created, second.relationships_created) == (0, 0)
    assert _database_counts(neo4j_target) == (count_nodes_by_label(graph), count_edges_by_type(graph))


def test_incremental_load_adds_only_what_is_new_and_replace_wipes(write, neo4j_target, monkeypatch):
    small = build(
        [_jsonl(write, "a.jsonl", ["Paper A", "Paper B"])], None, progress=False, analysis=None
    ).graph
    large = build(
        [_jsonl(write, "b.jsonl", ["Paper A", "Paper B", "Paper C"])], None, progress=False, analysis=None
    ).graph
    load_into_neo4j(small, neo4j_target)
    report = load_into_neo4j(large, neo4j_target)
    assert report.nodes_created == len(set(large.nodes) - set(small.nodes)) == 2  # paper C and its repository
    assert report.relationships_created == len(set(large.edges(keys=True)) - set(small.edges(keys=True)))
    assert report.verified
    monkeypatch.setattr("graphbuild.export.neo4j.DELETE_BATCH", 2)  # many small delete transactions
    replaced = load_into_neo4j(small, neo4j_target, replace=True)
    assert replaced.nodes_deleted == large.number_of_nodes()
    assert replaced.relationships_deleted == large.number_of_edges()
    assert _database_counts(neo4j_target) == (count_nodes_by_label(small), count_edges_by_type(small))


def test_odd_names_load_and_query_back_unchanged(write, neo4j_target):
    title = "MATCH (n) DETACH DELETE n; // `backtick` {brace} \\ \"quote\" 'single'"
    path = write(
        "odd.jsonl",
        json.dumps({"title": title, "abstract": "We propose Q-`Net`, dubbed X'Y. " + "w " * 5000}) + "\n",
    )
    graph = build([path], None, progress=False, analysis=None).graph
    assert load_into_neo4j(graph, neo4j_target).verified
    with GraphDatabase.driver(neo4j_target.uri, auth=(neo4j_target.user, neo4j_target.password)) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (p:Paper) RETURN p.title AS t, p.abstract AS a", database_="neo4j"
        )
    assert [r["t"] for r in records] == [title]
    assert len(records[0]["a"]) == len(graph.nodes[next(iter(graph))]["abstract"])


def test_cli_export_prints_verified_counts_and_never_the_password(corpus_build, neo4j_target, monkeypatch):
    folder = corpus_build.outputs["graph.json"].parent
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_target.password)
    args = [
        "export",
        "neo4j",
        str(folder),
        "--uri",
        neo4j_target.uri,
        "--user",
        neo4j_target.user,
        "--batch-size",
        "1000",
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "verified: every local node and relationship is in the database" in result.output
    for label, n in count_nodes_by_label(corpus_build.graph).items():
        assert f"  {label:<14} {n:>7} {n:>12}" in result.output
    assert neo4j_target.password not in result.output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("case", ["down", "password", "database"])
def test_clear_errors_for_unreachable_server_wrong_password_unknown_database(
    corpus_build, neo4j_server, case
):
    uri = f"bolt://127.0.0.1:{_free_port()}" if case == "down" else neo4j_server.bolt_uri
    target = Neo4jTarget(
        uri,
        "neo4j",
        "wrong" if case == "password" else neo4j_server.password,
        "nope" if case == "database" else "neo4j",
    )
    expected = {
        "down": f"cannot reach Neo4j at {uri}",
        "password": f"Neo4j at {uri} refused user 'neo4j': wrong user or password",
        "database": f"Neo4j at {uri} has no database 'nope'",
    }[case]
    with pytest.raises(ExportError, match=expected.replace("(", r"\(")):
        load_into_neo4j(corpus_build.graph, target)


def test_neo4j_admin_bulk_import_of_the_build_csvs(corpus_build, tmp_path):
    graph = corpus_build.graph
    folder = corpus_build.outputs["graph.json"].parent / "neo4j-import"
    home = tmp_path / "import-home"
    info = ns.start_server(home)
    ns.stop_server(home)
    ns.import_csvs(home, folder)
    info = ns.start_server(home)
    try:
        counts = _database_counts(Neo4jTarget(info.bolt_uri, info.user, info.password))
    finally:
        ns.stop_server(home)
    assert counts == (count_nodes_by_label(graph), count_edges_by_type(graph))
    assert sum(Counter(count_nodes_by_label(graph)).values()) == graph.number_of_nodes()
