"""PageRank and degree for every node, on the undirected evidence + RELATED_TO graph."""

from __future__ import annotations

import networkx as nx

from graphbuild.schema import IN_COMMUNITY

PAGERANK_DIGITS = 8


def centralities(graph: nx.MultiDiGraph) -> dict[str, tuple[float, int]]:
    """Node id → (PageRank, degree). Degree counts distinct linked nodes."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    simple.add_edges_from(sorted((u, v) for u, v, k in graph.edges(keys=True) if k != IN_COMMUNITY))
    ranks = nx.pagerank(simple) if simple.number_of_edges() else {n: 0.0 for n in simple}
    return {n: (round(ranks[n], PAGERANK_DIGITS), simple.degree(n)) for n in simple}


def top_by_label(
    graph: nx.MultiDiGraph, label: str, n: int = 10, key: str = "pagerank"
) -> list[tuple[str, str, float]]:
    nodes = [(node, d["name"], d.get(key, 0)) for node, d in graph.nodes(data=True) if d["label"] == label]
    return sorted(nodes, key=lambda t: (-t[2], t[0]))[:n]
