"""cypher/ queries on small fixtures, against the real server, with the exact rows
written out: the cases the bundled corpus does not show (a paper linked twice to one
entity, a surface form given for a name, list properties)."""

from __future__ import annotations

import networkx as nx
import pytest
from conftest import wipe_database
from cypher_files import run
from neo4j import GraphDatabase

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


#: The small corpus's papers (ids from their titles).
MONGE = {"id": "paper:f85748c34518", "title": "Unbalanced Monge Maps"}
TRANSPORT = {"id": "paper:4106f11b8115", "title": "Another Paper on Transport"}
LORA = {"id": "paper:20bbfa912766", "title": "Low-Rank Adaptation of Language Models"}
ADAPTERS = {"id": "paper:c5ce2ed18cb7", "title": "Transporting Adapters"}


@pytest.mark.parametrize(
    "key", ["OT", "ot", "optimal transport", "Optimal Transport", "concept:optimal-transport"]
)
def test_concept_papers_by_id_name_or_surface_form(small_build, load, key):
    driver = load(small_build.graph)
    assert run(driver, "concept_papers.cypher", concept=key) == [
        # Monge's second OT opens "OT flow matching (OT-FM)", a kind of flow matching
        {"concept": "concept:optimal-transport", **MONGE, "mentions": 2},
        {"concept": "concept:optimal-transport", **TRANSPORT, "mentions": 1},
        {"concept": "concept:optimal-transport", **ADAPTERS, "mentions": 1},
    ]
    assert run(driver, "concept_papers.cypher", concept="LoRA") == [
        {"concept": "concept:low-rank-adaptation", **LORA, "mentions": 3},
        {"concept": "concept:low-rank-adaptation", **ADAPTERS, "mentions": 2},
    ]


@pytest.mark.parametrize("key", ["transport", "LLM", "OT-FM flow", "", 'a "quoted\\" name\\'])
def test_concept_papers_wants_the_whole_name_or_form(small_build, load, key):
    """A word of a name, a form nobody wrote ("LLMs" was) or Lucene syntax find nothing."""
    driver = load(small_build.graph)
    assert run(driver, "concept_papers.cypher", concept=key) == []


@pytest.mark.parametrize("key", ["CIFAR10", "cifar-10", "dataset:cifar10"])
def test_dataset_users_by_id_name_or_surface_form(small_build, load, key):
    driver = load(small_build.graph)
    assert run(driver, "dataset_users.cypher", dataset=key) == [
        {"dataset": "dataset:cifar10", **paper, "relationship": "USES_DATASET"}
        for paper in (LORA, TRANSPORT, ADAPTERS, MONGE)
    ]


def test_list_properties_work_with_in_and_list_functions(small_build, load):
    driver = load(small_build.graph)

    def rows(query: str) -> list[dict]:
        records, _, _ = driver.execute_query(query, database_="neo4j")
        return [r.data() for r in records]

    assert rows("MATCH (c:Concept) WHERE 'LoRA' IN c.surface_forms RETURN c.id AS id") == [
        {"id": "concept:low-rank-adaptation"}
    ]
    assert rows("MATCH (p:Paper) WHERE '中文' IN p.authors RETURN p.id AS id, size(p.authors) AS n") == [
        {"id": MONGE["id"], "n": 3}
    ]
    assert rows(
        "MATCH ()-[r:RELATED_TO]->() RETURN size(r.shared) AS n, r.shared[1] AS second ORDER BY second"
    ) == [
        {"n": 3, "second": "dataset:glue"},
        {"n": 3, "second": "repo:github.com/example/uot-fm"},
    ]
    assert rows("MATCH (c:Community) RETURN c.id AS id, c.top_concepts AS top ORDER BY id") == [
        {"id": "community:0", "top": ["low-rank adaptation", "large language model"]},
        {"id": "community:1", "top": ["optimal transport"]},
    ]
