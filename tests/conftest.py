"""Shared fixtures: small corpora written for the tests, and the bundled corpus build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from graphbuild.analyze.enrich import AnalysisOptions
from graphbuild.export.values import neo4j_properties
from graphbuild.pipeline import BuildResult, build, bundled_corpus

# Hypothesis profiles: "ci" (default) runs a few hundred cases per property;
# `pytest tests/test_fuzz.py --hypothesis-profile=long` runs 10,000.
settings.register_profile("ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile("ci")

ABSTRACT_A = (
    "In optimal transport (OT), a Monge map transports one distribution to another. "
    "We propose UOT-FM, which integrates with the OT flow matching (OT-FM) framework. "
    "We evaluate on CIFAR-10 and CelebA. Code: https://github.com/Example/UOT-FM."
)
ABSTRACT_B = (
    "Large language models (LLMs) are trained on CIFAR10 images, following Ho et al., 2020. "
    "We build on the OT framework of Aitchison (1986) and compare with UOT-FM. "
    "Code is at https://github.com/example/uot-fm/tree/main."
)

ABSTRACT_C = (
    "We introduce low-rank adaptation (LoRA), which freezes the weights of large language models (LLMs) "
    "and trains rank decomposition matrices. We evaluate on CIFAR-10 and GLUE. Code: https://github.com/example/lora."
)
ABSTRACT_D = (
    "We study LoRA fine-tuning of large language models through optimal transport (OT). "
    "Experiments on GLUE and CIFAR-10 show gains over LoRA."
)
#: The small corpus's file name: a comma, quotes and " | " in a source path.
SMALL_CORPUS_NAME = 'in, "odd" | name.jsonl'


@pytest.fixture(scope="session")
def small_build(tmp_path_factory) -> BuildResult:
    """Four papers, two about optimal transport and two about LoRA, built with a low
    RELATED_TO threshold so that every list property occurs: authors, sources, surface
    forms, merge reasons, shared entities, a community's top concepts."""
    folder = tmp_path_factory.mktemp("small")
    papers = [
        {
            "title": "Unbalanced Monge Maps",
            "abstract": ABSTRACT_A,
            "year": 2023,
            "authors": 'Ada Lovelace; O\'Brien, "Q"; 中文',
        },
        {"title": "Another Paper on Transport", "abstract": ABSTRACT_B},
        {
            "title": "Low-Rank Adaptation of Language Models",
            "abstract": ABSTRACT_C,
            "authors": "E. Hu, Y. Shen",
        },
        {"title": "Transporting Adapters", "abstract": ABSTRACT_D},
    ]
    path = folder / SMALL_CORPUS_NAME
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in papers), encoding="utf-8")
    return build([path], folder / "out", progress=False, analysis=AnalysisOptions(min_weight=1.0))


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory) -> BuildResult:
    """The bundled corpus built once per test session into a temporary folder."""
    out = tmp_path_factory.mktemp("bundled") / "out"
    return build([bundled_corpus()], out, progress=False)


def database_counts(uri: str, user: str, password: str) -> tuple[dict, dict]:
    """Nodes by label and relationships by type in the server's ``neo4j`` database."""
    from neo4j import GraphDatabase

    with GraphDatabase.driver(uri, auth=(user, password)) as driver:
        labels, _, _ = driver.execute_query(
            "MATCH (n) RETURN labels(n)[0] AS l, count(*) AS n", database_="neo4j"
        )
        types, _, _ = driver.execute_query(
            "MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n", database_="neo4j"
        )
    return dict(sorted((r["l"], r["n"]) for r in labels)), dict(sorted((r["t"], r["n"]) for r in types))


def database_contents(uri: str, user: str, password: str) -> tuple[dict, dict]:
    """Every node (id → labels, properties) and relationship ((start id, type, end id) →
    properties) in the server's ``neo4j`` database."""
    from neo4j import GraphDatabase

    with GraphDatabase.driver(uri, auth=(user, password)) as driver:
        nodes, _, _ = driver.execute_query(
            "MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props", database_="neo4j"
        )
        rels, _, _ = driver.execute_query(
            "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS props",
            database_="neo4j",
        )
    return (
        {r["id"]: (r["labels"], r["props"]) for r in nodes},
        {(r["a"], r["t"], r["b"]): r["props"] for r in rels},
    )


def graph_contents(graph) -> tuple[dict, dict]:
    """What ``database_contents`` reads once ``graph`` is loaded: its properties as Neo4j
    stores them (``graphbuild.export.values``)."""
    nodes = {}
    for node, data in graph.nodes(data=True):
        props = neo4j_properties(data)
        nodes[node] = ([props.pop("label")], {**props, "id": node})
    rels = {}
    for source, target, data in graph.edges(data=True):
        props = neo4j_properties(data)
        rels[(source, props.pop("type"), target)] = props
    return nodes, rels


def wipe_database(info) -> None:
    """Delete every node and relationship (constraints and indexes stay)."""
    from neo4j import GraphDatabase

    with GraphDatabase.driver(info.bolt_uri, auth=(info.user, info.password)) as driver:
        with driver.session(database="neo4j") as session:
            session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    """One real Neo4j Community server for the whole test session (see scripts/neo4j-server)."""
    from graphbuild import neo4j_server as ns

    home = tmp_path_factory.mktemp("neo4j-session")
    info = ns.start_server(home)
    yield info
    ns.stop_server(home)


@pytest.fixture
def neo4j_target(neo4j_server):
    """The session server's database, emptied before the test."""
    from graphbuild.export.neo4j import Neo4jTarget

    wipe_database(neo4j_server)
    return Neo4jTarget(neo4j_server.bolt_uri, neo4j_server.user, neo4j_server.password, "neo4j")


@pytest.fixture
def write(tmp_path: Path):
    """write(name, text) -> Path: a file in the test's temporary folder."""

    def _write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return _write
