"""The statistics report on small literal graphs, with numbers worked out by hand."""

from __future__ import annotations

import json
import math
import sys
import warnings

import networkx as nx
import pytest
from click.testing import CliRunner
from graphs import tiny_graph
from PIL import Image

from graphbuild.analyze.centrality import centralities
from graphbuild.analyze.enrich import AnalysisOptions, enrich_graph
from graphbuild.analyze.report import build_report, render_markdown, write_report
from graphbuild.cli import main
from graphbuild.errors import ExportError
from graphbuild.export.files import write_node_link
from graphbuild.graph import load_graph

PLOTS = ["community_sizes.png", "degree_distribution.png", "top_concepts.png", "top_datasets.png"]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def enriched():
    """tiny_graph plus RELATED_TO p1–p2 and p3–p4 and the communities {p1, p2}, {p3, p4}."""
    graph = tiny_graph()
    enrich_graph(graph, AnalysisOptions(top_k=10, min_weight=0.5, seed=1))
    return graph


def test_plain_graph_structure():
    # 8 nodes, 8 paper–entity edges, no triangles (bipartite), one component.
    report = build_report(tiny_graph())
    assert report["knowledge_graph"] == {
        "nodes": 8,
        "edges": 8,
        "density": round(16 / 56, 6),
        "average_clustering": 0.0,
        "components": {"count": 1, "largest": 8, "largest_share": 1.0, "isolated": 0, "sizes": [8]},
    }
    assert report["degree"]["distribution"] == {
        "all": [[1, 1], [2, 6], [3, 1]],
        "Concept": [[1, 1], [3, 1]],
        "Dataset": [[2, 1]],
        "Paper": [[2, 4]],
        "Repository": [[2, 1]],
    }
    assert report["communities"] == {"count": 0, "modularity": None, "papers_in_communities": 0, "sizes": []}
    assert report["paper_graph"]["components"]["isolated"] == 4


def test_enriched_graph_counts_structure_and_clustering(enriched):
    report = build_report(enriched)
    assert report["nodes"] == {"Community": 2, "Concept": 2, "Dataset": 1, "Paper": 4, "Repository": 1}
    assert report["relationships"] == {
        "HAS_CODE": 2,
        "IN_COMMUNITY": 4,
        "MENTIONS": 4,
        "RELATED_TO": 2,
        "USES_DATASET": 2,
    }
    assert (report["node_total"], report["relationship_total"]) == (10, 14)
    # Local clustering: p1, p2 2/3; p3, p4 1/3; cifar10 and the repository 1; the concept
    # 1/3 (only p1–p2 among p1, p2, p3); the lonely concept 0. Mean 13/3 / 8.
    assert report["knowledge_graph"] == {
        "nodes": 8,
        "edges": 10,
        "density": round(20 / 56, 6),
        "average_clustering": round(13 / 24, 6),
        "components": {"count": 1, "largest": 8, "largest_share": 1.0, "isolated": 0, "sizes": [8]},
    }
    assert report["paper_graph"] == {
        "nodes": 4,
        "edges": 2,
        "density": round(2 / 6, 6),
        "average_clustering": 0.0,
        "components": {"count": 2, "largest": 2, "largest_share": 0.5, "isolated": 0, "sizes": [2, 2]},
    }
    assert report["degree"]["distribution"]["all"] == [[1, 1], [2, 2], [3, 5]]
    assert report["degree"]["by_label"]["Concept"] == {"min": 1, "median": 2.0, "mean": 2.0, "max": 3}
    assert report["degree"]["by_label"]["Paper"] == {"min": 3, "median": 3.0, "mean": 3.0, "max": 3}


def test_communities_and_modularity(enriched):
    communities = build_report(enriched)["communities"]
    # RELATED_TO weights are stored rounded to 4 places; modularity of two disjoint edges.
    w1, w2 = round(math.log(2) + math.log(4 / 3), 4), round(math.log(2), 4)
    a, b = w1 / (w1 + w2), w2 / (w1 + w2)
    assert communities == {
        "count": 2,
        "modularity": round(1 - a * a - b * b, 6),
        "papers_in_communities": 4,
        "sizes": [
            {"id": "community:0", "name": "diffusion model", "size": 2},
            {"id": "community:1", "name": "community 1", "size": 2},
        ],
    }
    assert communities["modularity"] == enriched.graph["modularity"]


def test_top_nodes_rank_by_degree_then_pagerank(enriched):
    top = build_report(enriched)["top"]
    assert list(top) == ["Paper", "Concept", "Dataset", "Repository"]
    assert [(r["id"], r["degree"]) for r in top["Concept"]] == [
        ("concept:diffusion-model", 3),
        ("concept:lonely", 1),
    ]
    independent = nx.Graph(
        [("p1", "d"), ("p2", "d"), ("p1", "c"), ("p2", "c"), ("p3", "c")]
        + [("p3", "r"), ("p4", "r"), ("p4", "l"), ("p1", "p2"), ("p3", "p4")]
    )
    # PageRank on papers and entities only, as stored by enrich_graph (no Community nodes).
    ranks = nx.pagerank(independent)
    expected = sorted(["p1", "p2", "p3", "p4"], key=lambda p: (-round(ranks[p], 8), p))
    assert [r["id"] for r in top["Paper"]] == expected
    assert top["Dataset"] == [
        {"id": "dataset:cifar10", "name": "CIFAR-10", "degree": 2, "pagerank": round(ranks["d"], 8)}
    ]


def test_report_pagerank_and_degree_are_the_stored_properties(enriched, tmp_path):
    """The report of a loaded build shows the ``pagerank`` and ``degree`` every export
    carries, not values recomputed with the Community nodes in the graph."""
    write_node_link(enriched, tmp_path / "graph.json")
    loaded = load_graph(tmp_path)
    rows = [row for label_rows in build_report(loaded)["top"].values() for row in label_rows]
    assert len(rows) == 8
    for row in rows:
        assert row["pagerank"] == enriched.nodes[row["id"]]["pagerank"], row["id"]
        assert row["degree"] == enriched.nodes[row["id"]]["degree"], row["id"]
    # With the Community nodes in the graph a recomputation gives other numbers.
    assert centralities(loaded)["p1"][0] != enriched.nodes["p1"]["pagerank"]
    write_report(loaded, tmp_path / "stats")
    stored = json.loads((tmp_path / "stats" / "stats.json").read_text(encoding="utf-8"))
    assert stored["top"]["Dataset"][0]["pagerank"] == enriched.nodes["dataset:cifar10"]["pagerank"]


def test_report_of_a_graph_without_analysis_computes_pagerank():
    graph = tiny_graph()
    rows = {r["id"]: r for label_rows in build_report(graph)["top"].values() for r in label_rows}
    ranks = centralities(graph)
    assert {n: (r["pagerank"], r["degree"]) for n, r in rows.items()} == ranks


def test_markdown_lists_the_numbers(enriched):
    text = render_markdown(build_report(enriched), ["plots/top_concepts.png"])
    assert "| density | 0.357143 | 0.333333 |" in text
    assert "| average clustering | 0.541667 | 0.0 |" in text
    assert "2 communities holding 4 papers, modularity " in text
    assert "| community:0 | 2 | diffusion model |" in text
    assert "| diffusion model | concept:diffusion-model | 3 |" in text
    assert text.endswith("![top concepts](plots/top_concepts.png)\n")


def test_write_report_is_deterministic_with_valid_pngs(enriched, tmp_path):
    first = write_report(enriched, tmp_path / "a", plots=True)
    second = write_report(enriched, tmp_path / "b", plots=True)
    assert [p.relative_to(tmp_path / "a").as_posix() for p in first] == [
        "stats.json",
        "stats.md",
        "plots/degree_distribution.png",
        "plots/community_sizes.png",
        "plots/top_datasets.png",
        "plots/top_concepts.png",
    ]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    text = (tmp_path / "a" / "stats.json").read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    for name in PLOTS:
        data = (tmp_path / "a" / "plots" / name).read_bytes()
        assert data.startswith(PNG_SIGNATURE)
        with Image.open(tmp_path / "a" / "plots" / name) as image:
            image.verify()
        with Image.open(tmp_path / "a" / "plots" / name) as image:
            assert image.format == "PNG" and image.width > 300 and image.height > 200


def test_plots_draw_dollar_signs_as_written(tmp_path):
    """A name with ``$`` is not mathtext: ``\\unknowncmd`` would stop the parser."""
    graph = tiny_graph()
    graph.nodes["dataset:cifar10"]["name"] = r"$\unknowncmd$ bench"
    graph.nodes["concept:diffusion-model"]["name"] = "costs $5 and $x^2$"
    written = write_report(graph, tmp_path, plots=True)
    assert [p.name for p in written[2:]] == [
        "degree_distribution.png",
        "community_sizes.png",
        "top_datasets.png",
        "top_concepts.png",
    ]
    assert sorted(p.name for p in (tmp_path / "plots").iterdir()) == PLOTS  # no temporary files left
    assert (tmp_path / "plots" / "top_datasets.png").read_bytes().startswith(PNG_SIGNATURE)


def test_plots_of_an_empty_graph_warn_nothing(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        write_report(nx.MultiDiGraph(), tmp_path, plots=True)
    assert sorted(p.name for p in (tmp_path / "plots").iterdir()) == PLOTS


def test_plots_without_matplotlib_name_the_extra(enriched, tmp_path, monkeypatch):
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ExportError, match=r"install the `plots` extra"):
        write_report(enriched, tmp_path, plots=True)


def test_cli_stats_plots_writes_the_report(enriched, tmp_path):
    write_node_link(enriched, tmp_path / "graph.json")
    result = CliRunner().invoke(main, ["stats", str(tmp_path), "--plots"])
    assert result.exit_code == 0, result.output
    assert f"wrote {tmp_path / 'stats' / 'stats.md'}" in result.output
    assert sorted(p.name for p in (tmp_path / "stats" / "plots").iterdir()) == PLOTS
    report = json.loads((tmp_path / "stats" / "stats.json").read_text(encoding="utf-8"))
    assert report["communities"]["count"] == 2
    plain = CliRunner().invoke(main, ["stats", str(tmp_path), "--json", "--out", str(tmp_path / "r")])
    assert json.loads(plain.stdout)["node_total"] == 10
    assert sorted(p.name for p in (tmp_path / "r").iterdir()) == ["stats.json", "stats.md"]


def test_script_writes_the_same_report(enriched, tmp_path):
    import subprocess
    from pathlib import Path

    write_node_link(enriched, tmp_path / "graph.json")
    write_report(enriched, tmp_path / "library", plots=False)
    script = Path(__file__).resolve().parent.parent / "scripts" / "graph_stats.py"
    done = subprocess.run(
        [sys.executable, str(script), str(tmp_path), "--out", str(tmp_path / "script"), "--no-plots"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for name in ("stats.json", "stats.md"):
        assert (tmp_path / "script" / name).read_bytes() == (tmp_path / "library" / name).read_bytes()
    missing = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "nothing")], capture_output=True, text=True, check=False
    )
    assert missing.returncode == 1
    assert missing.stderr.startswith("Error: ") and "graph.json: not found" in missing.stderr
