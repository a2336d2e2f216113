"""cypher/ queries on small fixtures, against the real server, with the exact rows
written out: the cases the bundled corpus does not show (a paper linked twice to one
entity, a surface form given for a name, list properties)."""

from __future__ import annotations

import networkx as nx
import pytest
from conftest import wipe_database
from neo4j import GraphDatabase
from test_cypher import run

from graphbuild.export.neo4j import Neo4jTarget, load_into_neo4j

pytestmark = pytest.mark.integration


@pytest.fixture
def load(neo4j_server):
    """load(graph) -> a driver on the session server's database, holding only ``graph``."""
    drivers = []

    def _load(graph: nx.MultiDiGraph):
        wipe_database(neo4j_server)
        target = Neo4jTarget(neo4j_server.bolt_uri, neo4j_server.user, neo4j_server.password)
        assert load_into_neo4j(graph, target).verified
        drivers.append(GraphDatabase.driver(target.uri, auth=(target.user, target.password)))
        return drivers[-1]

    yield _load
    for driver in drivers:
        driver.close()


def _twice_linked_graph() -> nx.MultiDiGraph:
    """Four papers and a community. p1 proposes and mentions method:m, which p2 mentions
    too: 3 relationships, 2 papers; method:n has 3 papers. p1 uses and introduces
    dataset:d: 2 relationships, 1 paper; dataset:e has 2 papers."""
    g = nx.MultiDiGraph()
    for p in ("p1", "p2", "p3", "p4"):
        g.add_node(f"paper:{p}", label="Paper", name=p, title=p)
    for node, label in [
        ("method:m", "Method"),
        ("method:n", "Method"),
        ("method:o", "Method"),
        ("dataset:d", "Dataset"),
        ("dataset:e", "Dataset"),
        ("concept:c", "Concept"),
    ]:
        g.add_node(node, label=label, name=node.split(":")[1].upper())
    g.add_node("community:0", label="Community", name="c", size=4)
    links = [
        ("p1", "PROPOSES", "method:m"),
        ("p1", "MENTIONS", "method:m"),
        ("p2", "MENTIONS", "method:m"),
        ("p1", "MENTIONS", "method:n"),
        ("p2", "MENTIONS", "method:n"),
        ("p3", "MENTIONS", "method:n"),
        ("p4", "MENTIONS", "method:o"),
        ("p1", "USES_DATASET", "dataset:d"),
        ("p1", "INTRODUCES", "dataset:d"),
        ("p2", "USES_DATASET", "dataset:e"),
        ("p3", "USES_DATASET", "dataset:e"),
        *((p, "MENTIONS", "concept:c") for p in ("p1", "p2", "p3", "p4")),
        *((p, "IN_COMMUNITY", "community:0") for p in ("p1", "p2", "p3", "p4")),
    ]
    for paper, rel_type, target in links:
        g.add_edge(f"paper:{paper}", target, key=rel_type, type=rel_type, count=1)
    return g


def test_top_entities_counts_distinct_papers_and_leaves_out_communities(load):
    driver = load(_twice_linked_graph())
    assert run(driver, "top_entities.cypher", limit=2) == [
        {"label": "Concept", "id": "concept:c", "name": "C", "papers": 4},
        {"label": "Dataset", "id": "dataset:e", "name": "E", "papers": 2},
        {"label": "Dataset", "id": "dataset:d", "name": "D", "papers": 1},
        {"label": "Method", "id": "method:n", "name": "N", "papers": 3},
        {"label": "Method", "id": "method:m", "name": "M", "papers": 2},
    ]
