"""The live loader and the bulk import against the real Neo4j server started by the tests."""

from __future__ import annotations

import json
import socket
import threading
from collections import Counter

import networkx as nx
import pytest
from click.testing import CliRunner
from conftest import SMALL_CORPUS_NAME, database_contents, database_counts, graph_contents
from neo4j import GraphDatabase
from neo4j.exceptions import IncompleteCommit

from graphbuild import neo4j_server as ns
from graphbuild.cli import _load_problems, main
from graphbuild.errors import ExportError
from graphbuild.export.neo4j import (
    Neo4jTarget,
    RetryPolicy,
    _batches_by_source,
    _Runner,
    load_into_neo4j,
)
from graphbuild.graph import count_edges_by_type, count_nodes_by_label
from graphbuild.pipeline import build
from graphbuild.schema import RELATIONSHIP_TYPES

pytestmark = pytest.mark.integration

ABSTRACT = (
    "We evaluate on CIFAR-10 with ResNet-18, building on Ho et al., 2020. Code: https://github.com/x/{}."
)


def _jsonl(write, name, titles):
    rows = [json.dumps({"title": t, "abstract": ABSTRACT.format(i)}) for i, t in enumerate(titles)]
    return write(name, "\n".join(rows) + "\n")


def _database_counts(target: Neo4jTarget) -> tuple[dict, dict]:
    return database_counts(target.uri, target.user, target.password)


def _run_query(target: Neo4jTarget, statement: str, **params) -> None:
    with GraphDatabase.driver(target.uri, auth=(target.user, target.password)) as driver:
        driver.execute_query(statement, parameters_=params, database_="neo4j")


def test_bundled_corpus_loads_verified_and_second_run_changes_nothing(corpus_build, neo4j_target):
    graph = corpus_build.graph
    first = load_into_neo4j(graph, neo4j_target, batch_size=500)
    assert first.verified
    assert (first.nodes_created, first.relationships_created) == (
        graph.number_of_nodes(),
        graph.number_of_edges(),
    )
    # An empty database: every type written with CREATE, in parallel sessions.
    assert first.created_types == tuple(t for t in RELATIONSHIP_TYPES if t in count_edges_by_type(graph))
    assert first.present_relationships == first.database_relationships == count_edges_by_type(graph)
    assert _database_counts(neo4j_target) == (count_nodes_by_label(graph), count_edges_by_type(graph))
    second = load_into_neo4j(graph, neo4j_target, batch_size=500)
    assert (second.nodes_created, second.relationships_created) == (0, 0)
    assert second.created_types == () and second.verified  # MERGE: every type already there
    assert _database_counts(neo4j_target) == (count_nodes_by_label(graph), count_edges_by_type(graph))


def test_parallel_batches_never_split_the_rows_of_one_start_node():
    rows = [{"source": s, "target": f"{s}{i}"} for s, i in ["a1", "a2", "a3", "b1", "c1", "c2", "d1"]]
    batches = list(_batches_by_source(rows, 2))
    assert [[r["target"] for r in b] for b in batches] == [["a1", "a2", "a3"], ["b1", "c1", "c2"], ["d1"]]
    assert repr(batches[0]) == "<3 rows>"  # not the rows: the driver formats it for every RUN


def test_a_create_batch_whose_commit_is_unknown_is_retried_as_merge(corpus_build, neo4j_target, monkeypatch):
    """The first batch that creates relationships commits, then its connection "drops":
    the retry must not create them a second time."""
    graph = corpus_build.graph
    run_once, lock, lost = _Runner._run_once, threading.Lock(), []

    def commit_then_lose_the_connection(self, work):
        result = run_once(self, work)
        with lock:
            if not lost and isinstance(result, tuple) and len(result) == 3 and result[2] > 0:
                lost.append(result[2])
                raise IncompleteCommit("connection lost while waiting for the COMMIT reply")
        return result

    monkeypatch.setattr(_Runner, "_run_once", commit_then_lose_the_connection)
    report = load_into_neo4j(graph, neo4j_target, batch_size=500, retry=RetryPolicy(first_delay=0))
    assert len(lost) == 1 and report.retries >= 1  # more if the MERGE retry met a deadlock
    assert "MENTIONS" in report.created_types and report.verified
    assert report.relationships_created == graph.number_of_edges() - lost[0]  # the retry found them
    assert _database_counts(neo4j_target) == (count_nodes_by_label(graph), count_edges_by_type(graph))


def test_another_writer_of_a_type_being_created_fails_the_verification(corpus_build, neo4j_target):
    graph = corpus_build.graph
    paper, concept = next((s, t) for s, t, k in graph.edges(keys=True) if k == "MENTIONS")
    loaded = []

    def write_a_duplicate_once_relationships_load(rows: int) -> None:
        loaded.append(rows)
        if sum(loaded) > graph.number_of_nodes() and sum(loaded) - rows <= graph.number_of_nodes():
            _run_query(
                neo4j_target,
                "MATCH (p:Paper {id: $p}), (c:Concept {id: $c}) CREATE (p)-[:MENTIONS]->(c)",
                p=paper,
                c=concept,
            )

    report = load_into_neo4j(
        graph, neo4j_target, batch_size=500, on_batch=write_a_duplicate_once_relationships_load
    )
    assert "MENTIONS" in report.created_types
    assert report.present_relationships == report.local_relationships  # every local row written …
    assert report.database_relationships["MENTIONS"] == report.local_relationships["MENTIONS"] + 1
    assert not report.verified  # … but the database holds a MENTIONS the graph does not
    assert _load_problems(report) == [
        "the database holds 1 more MENTIONS relationships than this load wrote "
        "(another writer during the load? a rerun does not remove them)"
    ]


def test_labels_types_and_batch_sizes_it_cannot_load_are_refused_before_connecting():
    nowhere = Neo4jTarget("bolt://127.0.0.1:9", "neo4j", "secret")  # nothing listens: never reached
    graph = nx.MultiDiGraph()
    graph.add_node("paper:a", label="Paper")
    graph.add_node("paper:b", label="Paper")
    graph.add_edge("paper:a", "paper:b", key="LIKES", type="LIKES")
    with pytest.raises(ExportError) as refused:
        load_into_neo4j(graph, nowhere)
    assert str(refused.value) == (
        "the graph has relationship types graphbuild does not load: 'LIKES' (known: "
        + ", ".join(RELATIONSHIP_TYPES)
        + ")"
    )
    graph.remove_edge("paper:a", "paper:b")
    graph.add_node("person:c", label="Person")
    with pytest.raises(
        ExportError, match=r"^the graph has node labels graphbuild does not load: 'Person' \(known: "
    ):
        load_into_neo4j(graph, nowhere)
    graph.remove_node("person:c")
    with pytest.raises(ExportError, match=r"^batch size must be at least 1 \(got 0\)$"):
        load_into_neo4j(graph, nowhere, batch_size=0)


def test_relationships_whose_end_node_vanished_are_not_counted_present(corpus_build, neo4j_target):
    graph = corpus_build.graph
    concept = next(n for n, label in graph.nodes(data="label") if label == "Concept")
    lost = Counter(k for _, _, k in graph.in_edges(concept, keys=True))
    loaded = []

    def delete_the_concept_after_the_nodes(rows: int) -> None:
        loaded.append(rows)
        if sum(loaded) == graph.number_of_nodes():
            _run_query(neo4j_target, "MATCH (c:Concept {id: $id}) DETACH DELETE c", id=concept)

    report = load_into_neo4j(graph, neo4j_target, batch_size=500, on_batch=delete_the_concept_after_the_nodes)
    assert sum(loaded) == graph.number_of_nodes() + graph.number_of_edges()
    expected = Counter(report.local_relationships)
    expected.subtract(lost)
    assert report.present_relationships == dict(expected) != report.local_relationships
    assert not report.verified
    assert _load_problems(report) == [
        f"{lost[t]} of {n} {t} relationships not written (start or end node missing?)"
        for t, n in report.local_relationships.items()
        if lost[t]
    ]


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
    assert "label/type        local  written  in database\n" in result.output
    for label, n in count_nodes_by_label(corpus_build.graph).items():
        assert f"  {label:<14} {n:>7} {n:>8} {n:>12}\n" in result.output  # an empty database
    for rel_type, n in count_edges_by_type(corpus_build.graph).items():
        assert f"  {rel_type:<14} {n:>7} {n:>8} {n:>12}\n" in result.output
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


@pytest.mark.parametrize("corpus", ["corpus_build", "small_build"])
def test_the_bolt_loader_and_the_bulk_import_give_the_same_database(request, corpus, neo4j_target, tmp_path):
    """Every node and relationship with every property, as ``graph_contents`` expects:
    list properties are lists (``string[]``) in both, empty values left out by both."""
    result = request.getfixturevalue(corpus)
    expected = graph_contents(result.graph)
    assert load_into_neo4j(result.graph, neo4j_target).verified
    loaded = database_contents(neo4j_target.uri, neo4j_target.user, neo4j_target.password)
    home = tmp_path / "import-home"
    ns.start_server(home)
    ns.stop_server(home)
    ns.import_csvs(home, result.outputs["graph.json"].parent / "neo4j-import")
    info = ns.start_server(home)
    try:
        imported = database_contents(info.bolt_uri, info.user, info.password)
    finally:
        ns.stop_server(home)
    assert loaded == expected
    assert imported == expected


def test_list_properties_reach_neo4j_as_lists_of_strings(small_build, neo4j_target):
    graph = small_build.graph
    assert load_into_neo4j(graph, neo4j_target).verified
    nodes, rels = database_contents(neo4j_target.uri, neo4j_target.user, neo4j_target.password)
    paper = next(n for n, d in graph.nodes(data=True) if d["name"] == "Unbalanced Monge Maps")
    source = str(small_build.outputs["graph.json"].parent.parent / SMALL_CORPUS_NAME)
    assert nodes[paper][1]["authors"] == ["Ada Lovelace", 'O\'Brien, "Q"', "中文"]
    assert nodes[paper][1]["sources"] == [f"{source}:1"]
    assert nodes["concept:low-rank-adaptation"][1]["surface_forms"] == [
        "LoRA",
        "Low-Rank Adaptation",
        "low-rank adaptation",
    ]
    assert nodes["concept:low-rank-adaptation"][1]["merged_because"] == [
        "short form 'LoRA' defined with this long form"
    ]
    assert "merged_because" not in nodes["dataset:glue"][1]  # no reasons: no property
    assert nodes["community:0"][1]["top_concepts"] == ["low-rank adaptation", "large language model"]
    related = next(
        props for (_, t, _), props in rels.items() if t == "RELATED_TO" and "dataset:glue" in props["shared"]
    )
    assert related["shared"] == [
        "concept:low-rank-adaptation",
        "dataset:glue",
        "concept:large-language-model",
    ]
    evidence = rels[(paper, "PROPOSES", "method:uotfm")]["evidence"]
    assert isinstance(evidence, str) and json.loads(evidence)[0]["mention"] == "UOT-FM"  # objects: JSON text
