"""The interactive HTML view: the embedded data, the page itself, and the page in Chromium."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest
from browser import chromium_page
from click.testing import CliRunner
from graphs import tiny_graph

from graphbuild.analyze.enrich import AnalysisOptions, enrich_graph
from graphbuild.cli import main
from graphbuild.export.files import write_node_link
from graphbuild.query import evidence_graph, find_node, neighbors
from graphbuild.schema import DATASET
from graphbuild.view import community_view, neighborhood_view, render_html, write_view

DATA = re.compile(r'<script type="application/json" id="graph-data">(.*?)</script>', re.S)
CONCEPT, DATASET_ID = "concept:diffusion-model", "dataset:cifar10"


@pytest.fixture
def graph():
    g = tiny_graph()
    enrich_graph(g, AnalysisOptions(top_k=10, min_weight=0.5, seed=1))
    return g


def embedded(html: str) -> dict:
    blocks = DATA.findall(html)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def edge_triples(data: dict) -> list[tuple[str, str, str]]:
    return [(e["from"], e["to"], e["type"]) for e in data["edges"]]


def test_neighborhood_page_embeds_the_two_hop_neighborhood(graph):
    data = embedded(render_html(neighborhood_view(graph, "p1", hops=2)))
    assert [n["id"] for n in data["nodes"]] == [CONCEPT, DATASET_ID, "p1", "p2", "p3"]
    assert edge_triples(data) == [
        ("p1", CONCEPT, "MENTIONS"),
        ("p1", DATASET_ID, "USES_DATASET"),
        ("p2", CONCEPT, "MENTIONS"),
        ("p2", DATASET_ID, "USES_DATASET"),
        ("p3", CONCEPT, "MENTIONS"),
    ]
    assert data["focus"] == ["p1"]
    assert data["legend"] == [
        {"label": "Paper", "colour": "#4e79a7", "count": 3},
        {"label": "Concept", "colour": "#f28e2b", "count": 1},
        {"label": "Dataset", "colour": "#59a14f", "count": 1},
    ]
    p1 = next(n for n in data["nodes"] if n["id"] == "p1")
    assert p1["name"] == "Paper 1" and p1["size"] == graph.nodes["p1"]["pagerank"]
    assert p1["properties"]["community"] == 0


def test_neighborhood_page_agrees_with_the_query_module(graph):
    for node in graph:
        if graph.nodes[node]["label"] == "Community":
            continue
        for hops in (1, 2, 3):
            data = embedded(render_html(neighborhood_view(graph, node, hops)))
            ids = {n["id"] for n in data["nodes"]}
            assert ids == {node} | {n.id for n in neighbors(graph, node, hops)}
            expected = {frozenset(e) for e in evidence_graph(graph).subgraph(ids).edges}
            assert {frozenset((f, t)) for f, t, _ in edge_triples(data)} == expected


def test_neighborhood_is_capped_nearest_first(graph):
    view = neighborhood_view(graph, "p1", hops=2, max_nodes=3)
    assert [n["id"] for n in view.nodes] == [CONCEPT, DATASET_ID, "p1"]
    assert (view.found, view.notes) == (5, ["showing 3 of 5 nodes"])


def test_community_page_shows_papers_links_and_shared_entities(graph):
    data = embedded(render_html(community_view(graph, "0")))
    assert data["title"] == "community:0: diffusion model (2 papers)"
    assert [n["id"] for n in data["nodes"]] == [CONCEPT, DATASET_ID, "p1", "p2"]
    assert edge_triples(data) == [
        ("p1", CONCEPT, "MENTIONS"),
        ("p1", DATASET_ID, "USES_DATASET"),
        ("p1", "p2", "RELATED_TO"),
        ("p2", CONCEPT, "MENTIONS"),
        ("p2", DATASET_ID, "USES_DATASET"),
    ]
    related = data["edges"][2]["properties"]
    assert json.loads(related["shared"]) == [DATASET_ID, CONCEPT]


def test_community_page_counts_papers_not_relationships(graph):
    """p1 both mentions and proposes a method: one paper, so the method is not shared."""
    graph.add_node("method:flowmix", label="Method", name="FlowMix")
    for key in ("MENTIONS", "PROPOSES"):
        graph.add_edge("p1", "method:flowmix", key=key, type=key, count=1)
    view = community_view(graph, "0")
    assert [n["id"] for n in view.nodes] == [CONCEPT, DATASET_ID, "p1", "p2"]
    assert view.found == 4
    graph.add_edge("p2", "method:flowmix", key="MENTIONS", type="MENTIONS", count=1)
    assert [n["id"] for n in community_view(graph, "0").nodes] == [
        CONCEPT,
        DATASET_ID,
        "method:flowmix",
        "p1",
        "p2",
    ]


def test_page_is_self_contained_and_escapes_graph_text(graph):
    hostile = "</script><script>alert(1)</script> & <b>"
    graph.nodes["p2"]["name"] = hostile
    html = render_html(neighborhood_view(graph, "p1", hops=2))
    assert html.count("</script>") == 3  # the data, the library and the page's own script
    assert next(n for n in embedded(html)["nodes"] if n["id"] == "p2")["name"] == hostile
    assert "<title>Paper 1: 2-hop neighborhood</title>" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "sourceMappingURL" not in html
    library = (resources.files("graphbuild.view") / "vendor" / "vis-network.min.js").read_text(
        encoding="utf-8"
    )
    assert library.split("//# sourceMappingURL")[0] in html
    licences = resources.files("graphbuild.view") / "vendor"
    assert "MIT License" in (licences / "LICENSE-MIT").read_text(encoding="utf-8")
    assert "Apache License" in (licences / "LICENSE-APACHE-2.0").read_text(encoding="utf-8")


def test_cli_view_looks_names_up_and_writes_the_page(graph, tmp_path):
    write_node_link(graph, tmp_path / "graph.json")
    runner = CliRunner()
    out = tmp_path / "view.html"
    result = runner.invoke(main, ["view", "CIFAR 10", "--graph", str(tmp_path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out}: CIFAR-10: 2-hop neighborhood: 4 nodes, 4 relationships\n"
    data = embedded(out.read_text(encoding="utf-8"))
    assert [n["id"] for n in data["nodes"]] == [CONCEPT, DATASET_ID, "p1", "p2"]
    result = runner.invoke(main, ["view", "--community", "1", "--graph", str(tmp_path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert embedded(out.read_text(encoding="utf-8"))["title"] == "community:1: community 1 (2 papers)"
    neither = runner.invoke(main, ["view", "--graph", str(tmp_path)])
    assert neither.exit_code == 2 and "give either NAME or --community ID" in neither.output
    missing = runner.invoke(main, ["view", "--community", "7", "--graph", str(tmp_path), "--out", str(out)])
    assert (missing.exit_code, missing.output) == (1, "Error: no community '7'\n")


def _open(page, path, problems: list[str], requests: list[str]) -> dict:
    page.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.resolve().as_uri())
    page.wait_for_function("window.graphbuildView && window.graphbuildView.stabilized", timeout=60_000)
    return page.evaluate("window.graphbuildView")


def _node_point(page, node: str) -> tuple[float, float]:
    """Where ``node`` is drawn, in page coordinates."""
    return tuple(
        page.evaluate(
            """(id) => {
                const net = window.graphbuildNetwork;
                const p = net.canvasToDOM(net.getPositions([id])[id]);
                const box = document.getElementById("graph").getBoundingClientRect();
                return [box.left + p.x, box.top + p.y];
            }""",
            node,
        )
    )


@pytest.mark.browser
def test_browser_renders_hovers_and_clicks(graph, tmp_path):
    path = write_view(neighborhood_view(graph, "p1", hops=2), tmp_path / "view.html")
    problems: list[str] = []
    requests: list[str] = []
    with chromium_page(tmp_path / "profile") as page:
        state = _open(page, path, problems, requests)
        assert state == {"nodes": 5, "edges": 5, "rendered": 5, "stabilized": True, "error": None}
        assert page.locator("#graph canvas").count() == 1
        assert page.locator("#legend li").all_inner_texts() == ["Paper (3)", "Concept (1)", "Dataset (1)"]
        x, y = _node_point(page, DATASET_ID)
        page.mouse.move(x, y)
        tooltip = page.locator(".vis-tooltip")
        tooltip.wait_for(state="visible", timeout=5_000)
        assert tooltip.inner_text().startswith("CIFAR-10\nDataset · dataset:cifar10")
        page.mouse.click(x, y)
        assert page.locator("#details h2").inner_text() == "CIFAR-10"
        assert "surface_forms" not in page.locator("#details").inner_text()
        x, y = _node_point(page, "p2")
        page.mouse.click(x, y)
        assert page.locator("#details h2").inner_text() == "Paper 2"
        assert "community\n0" in page.locator("#details dl").inner_text()
    assert problems == []
    assert [u for u in requests if not u.startswith("file:")] == []


@pytest.mark.browser
def test_browser_renders_a_bundled_corpus_neighborhood(corpus_build, tmp_path):
    graph = corpus_build.graph
    datasets = sorted(
        (n for n, d in graph.nodes(data=True) if d["label"] == DATASET),
        key=lambda n: (-graph.nodes[n].get("degree", 0), n),
    )
    node = next(n for n in datasets if len(neighbors(graph, n, 2)) < 150)
    expected = 1 + len(neighbors(graph, node, 2))
    assert find_node(graph, graph.nodes[node]["name"]) == node
    path = write_view(neighborhood_view(graph, node, hops=2), tmp_path / "view.html")
    problems: list[str] = []
    requests: list[str] = []
    with chromium_page(tmp_path / "profile") as page:
        state = _open(page, path, problems, requests)
        assert (state["nodes"], state["rendered"], state["error"]) == (expected, expected, None)
        assert page.locator("#graph canvas").count() == 1
        summary = page.locator("#summary").inner_text()
        assert summary.startswith(f"{expected} nodes, {state['edges']} relationships")
    assert problems == []
    assert [u for u in requests if not u.startswith("file:")] == []
