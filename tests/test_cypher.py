"""Every file in cypher/ runs on the real server loaded with the bundled corpus, and
gives the answer computed independently from the NetworkX graph (the embedded queries
are the twins of the Cypher files)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import networkx as nx
import pytest
from conftest import wipe_database
from cypher_files import CYPHER, SCANS, plan, run, statements
from neo4j import GraphDatabase

from graphbuild.export.neo4j import Neo4jTarget, load_into_neo4j
from graphbuild.export.values import neo4j_properties
from graphbuild.query import community, evidence_graph, neighbors, related, show
from graphbuild.schema import ENTITY_LABELS, EVIDENCE_TYPES, NODE_LABELS, RELATIONSHIP_TYPES

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def loaded(corpus_build, neo4j_server):
    wipe_database(neo4j_server)
    neo4j_target = Neo4jTarget(neo4j_server.bolt_uri, neo4j_server.user, neo4j_server.password)
    load_into_neo4j(corpus_build.graph, neo4j_target)
    driver = GraphDatabase.driver(neo4j_target.uri, auth=(neo4j_target.user, neo4j_target.password))
    yield corpus_build.graph, driver
    driver.close()


def test_every_cypher_file_has_a_header_with_purpose_parameters_and_example():
    for path in sorted(CYPHER.glob("*.cypher")):
        header = path.read_text().split("\n\n")[0]
        assert header.startswith("// "), path.name
        assert "Parameters:" in header and "Example:" in header, path.name
        params = set(re.findall(r"\$(\w+)", path.read_text()))
        for param in params:
            assert f":param {param} =>" in header, (path.name, param)


def test_cypher_files_spell_only_the_schema_labels_and_relationship_types():
    spelled = set()
    for path in sorted(CYPHER.glob("*.cypher")):
        for statement in statements(path.name):
            for names in re.findall(r"(?<=[\w(\[]):(\w+(?:\|\w+)*)", statement):
                spelled.update(names.split("|"))
    assert spelled <= set(NODE_LABELS) | set(RELATIONSHIP_TYPES)
    assert spelled >= set(NODE_LABELS) | set(EVIDENCE_TYPES)


@pytest.mark.parametrize(
    ("name", "node"),
    [
        ("paper_neighborhood.cypher", "start"),
        ("neighborhood_graph.cypher", "start"),
        ("node_details.cypher", "n"),
    ],
)
def test_the_node_by_id_is_found_by_a_unique_index_seek_per_label(loaded, name, node):
    _, driver = loaded
    operators = plan(driver, name, node_id="dataset:cifar10", hops=2)
    seeks = [o["details"] for o in operators if o["operator"] == "NodeUniqueIndexSeek"]
    assert sorted(re.sub(r", cache\[.*", "", s) for s in seeks) == sorted(
        f"UNIQUE {node}:{label}(id) WHERE id = $node_id" for label in NODE_LABELS
    )
    assert not {o["operator"] for o in operators} & SCANS


def test_schema_file_creates_constraints_and_fulltext_indexes(loaded):
    _, driver = loaded
    for statement in statements("schema.cypher"):
        driver.execute_query(statement.rstrip(";"), database_="neo4j")
    records, _, _ = driver.execute_query(
        "SHOW CONSTRAINTS YIELD labelsOrTypes RETURN labelsOrTypes[0] AS l", database_="neo4j"
    )
    assert {r["l"] for r in records} >= {
        "Paper",
        "Concept",
        "Dataset",
        "Model",
        "Method",
        "Repository",
        "Reference",
        "Community",
    }
    records, _, _ = driver.execute_query("SHOW FULLTEXT INDEXES YIELD name RETURN name", database_="neo4j")
    assert {r["name"] for r in records} >= {"entity_names", "paper_text"}


def _busiest(graph, label):
    nodes = [n for n, d in graph.nodes(data=True) if d["label"] == label]
    return sorted(nodes, key=lambda n: (-graph.in_degree(n), n))[0]


def _paper_with(graph, rel_types):
    papers = sorted(n for n, d in graph.nodes(data=True) if d["label"] == "Paper")
    return next(p for p in papers if any(k in rel_types for _, _, k in graph.out_edges(p, keys=True)))


@pytest.mark.parametrize(
    ("name", "parameter", "label"),
    [("concept_papers.cypher", "concept", "Concept"), ("dataset_users.cypher", "dataset", "Dataset")],
)
def test_an_entity_by_id_name_or_surface_form_is_found_through_indexes(loaded, name, parameter, label):
    """The id by a unique-index seek, names and surface forms by the full-text index: no
    scan of the label (``toLower(name) = …`` alone could use no index)."""
    _, driver = loaded
    operators = plan(driver, name, **{parameter: "OT"})
    seeks = [o["details"] for o in operators if o["operator"] == "NodeUniqueIndexSeek"]
    assert [re.sub(r", cache\[.*", "", s) for s in seeks] == [
        f"UNIQUE {label[0].lower()}:{label}(id) WHERE id = ${parameter}"
    ]
    calls = [o["details"] for o in operators if o["operator"] == "ProcedureCall"]
    assert len(calls) == 1 and calls[0].startswith("db.index.fulltext.queryNodes(")
    assert not {o["operator"] for o in operators} & SCANS


def _start_node(graph, kind: str) -> str:
    """A paper using a dataset, or the most linked concept (a hub: 147 papers in the
    bundled corpus) or model."""
    return _paper_with(graph, {"USES_DATASET"}) if kind == "Paper" else _busiest(graph, kind)


@pytest.mark.parametrize("kind", ["Paper", "Concept", "Model"])
@pytest.mark.parametrize("hops", [1, 2, 3])
def test_paper_neighborhood_matches_embedded_neighbors(loaded, kind, hops):
    graph, driver = loaded
    start = _start_node(graph, kind)
    rows = run(driver, "paper_neighborhood.cypher", node_id=start, hops=hops)
    expected = [
        {"id": n.id, "label": n.label, "name": n.name, "distance": n.distance}
        for n in neighbors(graph, start, hops)
    ]
    assert rows == expected and len(rows) > 0


def test_paper_neighborhood_hops_below_1_find_nothing_and_above_3_find_3(loaded):
    graph, driver = loaded
    paper = _start_node(graph, "Paper")
    assert run(driver, "paper_neighborhood.cypher", node_id=paper, hops=0) == []
    within_3 = run(driver, "paper_neighborhood.cypher", node_id=paper, hops=3)
    assert run(driver, "paper_neighborhood.cypher", node_id=paper, hops=5) == within_3


@pytest.mark.parametrize("kind", ["Paper", "Concept", "Model"])
@pytest.mark.parametrize("hops", [1, 2, 3])
def test_neighborhood_graph_draws_the_neighborhood_and_its_evidence_relationships(loaded, kind, hops):
    graph, driver = loaded
    start = _start_node(graph, kind)
    nodes = {start} | {n.id for n in neighbors(graph, start, hops)}
    expected = sorted(
        (u, k, v) for u, v, k in graph.edges(keys=True) if k in EVIDENCE_TYPES and u in nodes and v in nodes
    )
    records, _, _ = driver.execute_query(
        statements("neighborhood_graph.cypher")[0].rstrip(";"),
        parameters_={"node_id": start, "hops": hops},
        database_="neo4j",
    )
    rows = [(r["a"]["id"], r["r"].type, r["b"]["id"]) for r in records]
    assert rows == expected and len(expected) > hops


def _step_expansions(graph, start: str, hops: int) -> list[int]:
    """The relationships each of the three steps of the neighborhood queries expands: those
    of the distinct nodes the step before reached (the start node for the first), none for
    a step past ``hops``."""
    degree, adjacent = Counter(), defaultdict(set)
    for u, v, k in graph.edges(keys=True):
        if k in EVIDENCE_TYPES:
            degree[u] += 1
            degree[v] += 1
            adjacent[u].add(v)
            adjacent[v].add(u)
    reached, expanded = {start}, []
    for step in (1, 2, 3):
        expanded.append(sum(degree[n] for n in reached) if step <= hops else 0)
        reached = set().union(*(adjacent[n] for n in reached))
    return expanded


@pytest.mark.parametrize("name", ["paper_neighborhood.cypher", "neighborhood_graph.cypher"])
@pytest.mark.parametrize("hops", [1, 2, 3])
def test_neighborhood_expansion_is_bounded_by_hops_before_it_happens(loaded, name, hops):
    """On the hub concept: each step's Expand produces exactly the relationships of the
    distinct nodes reached so far, and nothing past $hops (the variable-length form
    expanded every path of 3 hops, then filtered)."""
    graph, driver = loaded
    hub = _start_node(graph, "Concept")
    operators = plan(driver, name, node_id=hub, hops=hops, profile=True)
    steps = [o["rows"] for o in operators if o["operator"] == "Expand(All)" and "]-(b)" in o["details"]]
    assert steps == _step_expansions(graph, hub, hops)
    assert not {o["operator"] for o in operators} & {"VarLengthExpand(All)", "VarLengthExpand(Pruning)"}


def _named(graph, label: str, key: str) -> list[str]:
    """The ``label`` nodes whose id is ``key``, or whose name or a surface form is ``key``
    in any case."""
    folded = key.lower()
    return sorted(
        n
        for n, d in graph.nodes(data=True)
        if d["label"] == label
        and (n == key or folded in {form.lower() for form in [d["name"], *d["surface_forms"].split(" | ")]})
    )


def _concept_papers(graph, key: str) -> list[dict]:
    """concept_papers.cypher's rows, from the NetworkX graph."""
    rows = [
        {"concept": c, "id": u, "title": graph.nodes[u]["title"], "mentions": d["count"]}
        for c in _named(graph, "Concept", key)
        for u, _, k, d in graph.in_edges(c, keys=True, data=True)
        if k == "MENTIONS"
    ]
    return sorted(rows, key=lambda r: (r["concept"], -r["mentions"], r["id"]))


def test_concept_papers(loaded):
    graph, driver = loaded
    concept = _busiest(graph, "Concept")
    expected = _concept_papers(graph, concept)
    assert run(driver, "concept_papers.cypher", concept=graph.nodes[concept]["name"].upper()) == expected
    assert run(driver, "concept_papers.cypher", concept=concept) == expected
    assert len(expected) >= 10 and {r["concept"] for r in expected} == {concept}


def test_concept_papers_finds_a_concept_by_any_of_its_surface_forms(loaded):
    """Every surface form of the 20 most mentioned concepts and of optimal transport ("OT"),
    as written and in upper case."""
    graph, driver = loaded
    concepts = [n for n, d in graph.nodes(data=True) if d["label"] == "Concept"]
    busiest = sorted(concepts, key=lambda n: (-graph.in_degree(n), n))[:20] + ["concept:optimal-transport"]
    forms = sorted({f for c in busiest for f in graph.nodes[c]["surface_forms"].split(" | ")})
    assert "OT" in forms and len(forms) > 40
    for form in forms:
        for key in (form, form.upper()):
            expected = _concept_papers(graph, key)
            assert run(driver, "concept_papers.cypher", concept=key) == expected and expected, key


def test_papers_sharing_a_dataset(loaded):
    graph, driver = loaded
    dataset = _busiest(graph, "Dataset")
    paper = sorted(
        u for u, _, k in graph.in_edges(dataset, keys=True) if k in ("USES_DATASET", "INTRODUCES")
    )[0]
    mine = {v for _, v, k in graph.out_edges(paper, keys=True) if k in ("USES_DATASET", "INTRODUCES")}
    expected = []
    for other in sorted(n for n, d in graph.nodes(data=True) if d["label"] == "Paper" and n != paper):
        shared = sorted(
            graph.nodes[v]["name"]
            for _, v, k in graph.out_edges(other, keys=True)
            if k in ("USES_DATASET", "INTRODUCES") and v in mine
        )
        if shared:
            expected.append(
                {"id": other, "title": graph.nodes[other]["title"], "shared": len(shared), "datasets": shared}
            )
    expected.sort(key=lambda r: (-r["shared"], r["id"]))
    rows = run(driver, "papers_sharing_dataset.cypher", paper_id=paper)
    assert [{**r, "datasets": sorted(r["datasets"])} for r in rows] == expected and expected


def test_dataset_users(loaded):
    graph, driver = loaded
    dataset = _busiest(graph, "Dataset")
    forms = graph.nodes[dataset]["surface_forms"].split(" | ")
    users = [
        {"dataset": dataset, "id": u, "title": graph.nodes[u]["title"], "relationship": k}
        for u, _, k in graph.in_edges(dataset, keys=True)
    ]
    expected = sorted(users, key=lambda r: (r["relationship"] != "INTRODUCES", r["id"]))
    assert len(expected) >= 5 and len(forms) >= 2
    for key in [dataset, graph.nodes[dataset]["name"].lower(), *forms]:
        assert _named(graph, "Dataset", key) == [dataset]
        assert run(driver, "dataset_users.cypher", dataset=key) == expected, key


def test_neighborhood_repositories(loaded):
    graph, driver = loaded
    paper = _paper_with(graph, {"HAS_CODE"})
    papers = {paper}
    for _, entity, k in graph.out_edges(paper, keys=True):
        if k in EVIDENCE_TYPES:
            papers |= {u for u, _, k2 in graph.in_edges(entity, keys=True) if k2 in EVIDENCE_TYPES}
    expected = sorted(
        (
            {"repository": v, "paper_id": p, "title": graph.nodes[p]["title"]}
            for p in papers
            for _, v, k in graph.out_edges(p, keys=True)
            if k == "HAS_CODE"
        ),
        key=lambda r: (r["repository"], r["paper_id"]),
    )
    assert run(driver, "neighborhood_repositories.cypher", paper_id=paper) == expected


def test_top_entities_per_label(loaded):
    graph, driver = loaded
    expected = []
    labels = sorted({d["label"] for _, d in graph.nodes(data=True)} & set(ENTITY_LABELS))
    for label in labels:
        nodes = [
            (n, d["name"], len({u for u, _ in graph.in_edges(n) if graph.nodes[u]["label"] == "Paper"}))
            for n, d in graph.nodes(data=True)
            if d["label"] == label
        ]
        for n, name, papers in sorted(nodes, key=lambda t: (-t[2], t[0]))[:3]:
            expected.append({"label": label, "id": n, "name": name, "papers": papers})
    assert run(driver, "top_entities.cypher", limit=3) == expected


def test_shortest_path_between_two_papers(loaded):
    graph, driver = loaded
    view = evidence_graph(graph)
    a = _paper_with(graph, {"USES_DATASET"})
    far = nx.single_source_shortest_path_length(view, a)
    within = [n for n, d in far.items() if graph.nodes[n]["label"] == "Paper" and d <= 6]
    b = sorted(within, key=lambda n: (-far[n], n))[0]
    rows = run(driver, "shortest_path.cypher", from_id=a, to_id=b)
    assert len(rows) == 1, (a, b, far[b], rows)
    (row,) = rows
    assert row["hops"] == far[b] >= 4
    assert row["ids"][0] == a and row["ids"][-1] == b
    assert all(view.has_edge(x, y) for x, y in zip(row["ids"], row["ids"][1:], strict=False))


def test_related_papers(loaded):
    graph, driver = loaded
    paper = sorted(
        n
        for n, d in graph.nodes(data=True)
        if d["label"] == "Paper"
        and d.get("degree", 0) > 0
        and any(k == "RELATED_TO" for _, _, k in graph.edges(n, keys=True))
    )[0]
    expected = [
        {"id": r.id, "title": r.title, "weight": r.weight, "shared": list(r.shared)}
        for r in related(graph, paper, 5)
    ]
    assert run(driver, "related_papers.cypher", paper_id=paper, top=5) == expected and expected


def test_community_members(loaded):
    graph, driver = loaded
    view = community(graph, "1")
    rows = run(driver, "community_members.cypher", community_id="community:1")
    assert [(r["id"], r["title"], r["pagerank"]) for r in rows] == list(view.papers)
    assert {r["community"] for r in rows} == {view.name}


def test_node_details(loaded):
    graph, driver = loaded
    dataset = _busiest(graph, "Dataset")
    view = show(graph, dataset)
    rows = run(driver, "node_details.cypher", node_id=dataset)
    assert [(r["direction"], r["type"], r["other_id"], r["other_name"]) for r in rows] == list(
        view.relationships
    )
    assert rows[0]["properties"] == {**neo4j_properties(view.properties), "id": dataset}
