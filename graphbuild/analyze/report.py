"""The statistics report of a built graph: one JSON-ready dict, rendered as Markdown.

Structure is measured on the *knowledge graph*: papers and entities joined by the
evidence relationships and RELATED_TO, undirected, one edge per linked pair.
Community nodes are left out, since they group papers rather than describe them.
The degree of a node is its number of distinct linked nodes (for an entity: the
papers linking it), the same degree graphbuild stores on every node; the PageRank of
the top nodes is the ``pagerank`` stored on them (computed only for a graph built
without analysis). Communities
and their modularity come from the IN_COMMUNITY memberships stored in the graph, on
the RELATED_TO paper graph with unassigned papers as singletons (as in
``graphbuild.analyze.communities``). Floats are rounded to ``DIGITS`` places and every
list is sorted, so the same graph gives the same report byte for byte.

Examples
--------
>>> from graphbuild.analyze.report import build_report
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("p", label="Paper", name="P")
>>> g.add_node("c", label="Concept", name="C")
>>> _ = g.add_edge("p", "c", key="MENTIONS")
>>> build_report(g)["knowledge_graph"]["density"]
1.0
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from pathlib import Path

import networkx as nx

from graphbuild.analyze.centrality import centralities
from graphbuild.analyze.communities import modularity as community_modularity
from graphbuild.analyze.communities import paper_graph, related_edges
from graphbuild.errors import ExportError
from graphbuild.export.atomic import atomic_writer
from graphbuild.export.files import write_json
from graphbuild.graph import count_edges_by_type, count_nodes_by_label
from graphbuild.schema import COMMUNITY, ENTITY_LABELS, EVIDENCE_TYPES, IN_COMMUNITY, PAPER, RELATED_TO

__all__ = ["build_report", "knowledge_graph", "render_markdown", "write_report"]

DIGITS = 6
TOP_N = 20
LARGEST_COMPONENTS = 10
REPORT_JSON = "stats.json"
REPORT_MARKDOWN = "stats.md"


def knowledge_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """Undirected simple graph of papers and entities (evidence and RELATED_TO edges)."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(n for n, label in graph.nodes(data="label") if label != COMMUNITY))
    kept = (*EVIDENCE_TYPES, RELATED_TO)
    simple.add_edges_from(sorted((u, v) for u, v, k in graph.edges(keys=True) if k in kept))
    return simple


def _rounded(value: float) -> float:
    return round(float(value), DIGITS)


def degree_by_label(graph: nx.MultiDiGraph, simple: nx.Graph) -> dict[str, dict[str, float]]:
    """Per label: min, median, mean and max degree."""
    by_label: dict[str, list[int]] = defaultdict(list)
    for node in simple:
        by_label[graph.nodes[node]["label"]].append(simple.degree(node))
    return {
        label: {
            "min": min(values),
            "median": _rounded(statistics.median(values)),
            "mean": _rounded(statistics.fmean(values)),
            "max": max(values),
        }
        for label, values in sorted(by_label.items())
    }


def degree_distribution(graph: nx.MultiDiGraph, simple: nx.Graph) -> dict[str, list[list[int]]]:
    """``[degree, number of nodes]`` pairs, for all nodes (``"all"``) and per label."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for node in simple:
        degree = simple.degree(node)
        counts["all"][degree] += 1
        counts[graph.nodes[node]["label"]][degree] += 1
    return {group: [[d, n] for d, n in sorted(c.items())] for group, c in sorted(counts.items())}


def component_summary(simple: nx.Graph) -> dict:
    sizes = sorted((len(c) for c in nx.connected_components(simple)), reverse=True)
    return {
        "count": len(sizes),
        "largest": sizes[0] if sizes else 0,
        "largest_share": _rounded(sizes[0] / simple.number_of_nodes()) if sizes else 0.0,
        "isolated": sum(1 for s in sizes if s == 1),
        "sizes": sizes[:LARGEST_COMPONENTS],
    }


def structure_summary(simple: nx.Graph) -> dict:
    """Size, density, average clustering and components of an undirected graph."""
    return {
        "nodes": simple.number_of_nodes(),
        "edges": simple.number_of_edges(),
        "density": _rounded(nx.density(simple)) if simple.number_of_nodes() > 1 else 0.0,
        "average_clustering": _rounded(nx.average_clustering(simple)) if simple else 0.0,
        "components": component_summary(simple),
    }


def community_summary(graph: nx.MultiDiGraph) -> dict:
    """Communities by size (largest first), and the modularity of the stored partition."""
    members: dict[str, list[str]] = defaultdict(list)
    for paper, community, key in graph.edges(keys=True):
        if key == IN_COMMUNITY:
            members[community].append(paper)
    rows = sorted(
        ({"id": c, "name": graph.nodes[c].get("name", c), "size": len(p)} for c, p in members.items()),
        key=lambda r: (-r["size"], r["id"]),
    )
    if not rows:
        return {"count": 0, "modularity": None, "papers_in_communities": 0, "sizes": []}
    edges = related_edges(graph)
    covered = {p for group in members.values() for p in group}
    linked = sorted({p for u, v, _ in edges for p in (u, v)} - covered)
    partition = [list(group) for group in members.values()] + [[p] for p in linked]
    modularity = community_modularity(edges, partition) if edges else 0.0
    return {
        "count": len(rows),
        "modularity": _rounded(modularity),
        "papers_in_communities": len(covered),
        "sizes": rows,
    }


def stored_centralities(graph: nx.MultiDiGraph, simple: nx.Graph) -> dict[str, tuple[float, int]]:
    """Node id → (PageRank, degree) of the nodes of ``simple``: the ``pagerank`` and
    ``degree`` stored on the nodes by ``enrich_graph``, so the report shows the values
    every export carries. A graph built without them (no analysis) gets them computed
    the way ``enrich_graph`` does, on papers and entities only (no Community nodes)."""
    if all("pagerank" in graph.nodes[n] and "degree" in graph.nodes[n] for n in simple):
        return {n: (graph.nodes[n]["pagerank"], graph.nodes[n]["degree"]) for n in simple}
    return centralities(graph.subgraph(list(simple)))


def top_nodes(graph: nx.MultiDiGraph, simple: nx.Graph, n: int = TOP_N) -> dict[str, list[dict]]:
    """Per label, the ``n`` most linked nodes (degree, then PageRank, then id)."""
    ranks = stored_centralities(graph, simple)
    by_label: dict[str, list[dict]] = defaultdict(list)
    for node in simple:
        pagerank, degree = ranks[node]
        by_label[graph.nodes[node]["label"]].append(
            {
                "id": node,
                "name": graph.nodes[node].get("name", node),
                "degree": degree,
                "pagerank": pagerank,
            }
        )
    order = (PAPER, *ENTITY_LABELS)
    return {
        label: sorted(rows, key=lambda r: (-r["degree"], -r["pagerank"], r["id"]))[:n]
        for label, rows in sorted(by_label.items(), key=lambda kv: order.index(kv[0]))
    }


def build_report(graph: nx.MultiDiGraph) -> dict:
    """Every statistic of the report, as plain JSON-ready values."""
    simple = knowledge_graph(graph)
    return {
        "nodes": count_nodes_by_label(graph),
        "relationships": count_edges_by_type(graph),
        "node_total": graph.number_of_nodes(),
        "relationship_total": graph.number_of_edges(),
        "knowledge_graph": structure_summary(simple),
        "degree": {
            "by_label": degree_by_label(graph, simple),
            "distribution": degree_distribution(graph, simple),
        },
        "paper_graph": structure_summary(paper_graph(graph)),
        "communities": community_summary(graph),
        "top": top_nodes(graph, simple),
    }


def _table(header: list[str], rows: list[list]) -> list[str]:
    def cell(value) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return lines + [""]


def render_markdown(report: dict, plots: list[str] | None = None) -> str:
    """The report as a Markdown page; ``plots`` are image paths relative to the page."""
    whole, papers = report["knowledge_graph"], report["paper_graph"]
    communities = report["communities"]
    lines = ["# Graph statistics", ""]
    lines += [
        f"{report['node_total']} nodes, {report['relationship_total']} relationships. Structure below is "
        "measured on papers and entities (Community nodes left out), undirected, one edge per linked pair.",
        "",
    ]
    lines += ["## Nodes by label", ""] + _table(
        ["label", "nodes"], [[k, v] for k, v in report["nodes"].items()]
    )
    lines += ["## Relationships by type", ""] + _table(
        ["type", "relationships"], [[k, v] for k, v in report["relationships"].items()]
    )
    lines += ["## Structure", ""] + _table(
        ["measure", "knowledge graph", "paper graph (RELATED_TO)"],
        [
            ["nodes", whole["nodes"], papers["nodes"]],
            ["edges (linked pairs)", whole["edges"], papers["edges"]],
            ["density", whole["density"], papers["density"]],
            ["average clustering", whole["average_clustering"], papers["average_clustering"]],
            ["connected components", whole["components"]["count"], papers["components"]["count"]],
            ["largest component", whole["components"]["largest"], papers["components"]["largest"]],
            [
                "largest component share",
                whole["components"]["largest_share"],
                papers["components"]["largest_share"],
            ],
            ["isolated nodes", whole["components"]["isolated"], papers["components"]["isolated"]],
        ],
    )
    lines += ["## Degree by label", ""] + _table(
        ["label", "min", "median", "mean", "max"],
        [[k, d["min"], d["median"], d["mean"], d["max"]] for k, d in report["degree"]["by_label"].items()],
    )
    lines += ["## Communities", ""]
    if communities["count"]:
        lines += [
            f"{communities['count']} communities holding {communities['papers_in_communities']} papers, "
            f"modularity {communities['modularity']}.",
            "",
        ] + _table(["id", "size", "name"], [[r["id"], r["size"], r["name"]] for r in communities["sizes"]])
    else:
        lines += ["No communities in this graph.", ""]
    lines += ["## Top nodes per label", "", "Ranked by degree (linked nodes), then PageRank.", ""]
    for label, rows in report["top"].items():
        lines += [f"### {label}", ""] + _table(
            ["name", "id", "degree", "pagerank"],
            [[r["name"], r["id"], r["degree"], r["pagerank"]] for r in rows],
        )
    if plots:
        lines += ["## Plots", ""] + [f"![{Path(p).stem.replace('_', ' ')}]({p})" for p in plots] + [""]
    return "\n".join(lines)


def write_report(graph: nx.MultiDiGraph, folder: Path, plots: bool = False) -> list[Path]:
    """Write ``stats.json``, ``stats.md`` and, with ``plots``, PNG plots under ``plots/``.

    Returns the written paths. Plots need matplotlib (the ``plots`` extra).
    """
    folder = Path(folder)
    report = build_report(graph)
    written: list[Path] = []
    try:
        if plots:
            from graphbuild.analyze.plots import write_plots

            written = write_plots(report, folder / "plots")
        write_json(folder / REPORT_JSON, report)
        with atomic_writer(folder / REPORT_MARKDOWN) as handle:
            handle.write(render_markdown(report, [p.relative_to(folder).as_posix() for p in written]))
    except OSError as error:
        raise ExportError(f"{error.filename or folder}: cannot write ({error.strerror or error})") from None
    return [folder / REPORT_JSON, folder / REPORT_MARKDOWN, *written]
