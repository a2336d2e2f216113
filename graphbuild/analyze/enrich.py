"""Adds the analytics to a built graph: RELATED_TO links, communities, centralities."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from graphbuild.analyze.centrality import centralities
from graphbuild.analyze.communities import (
    DEFAULT_SEED,
    Community,
    community_properties,
    find_communities,
    label_communities,
)
from graphbuild.analyze.coupling import DEFAULT_MIN_WEIGHT, DEFAULT_TOP_K, compute_links, link_properties
from graphbuild.schema import IN_COMMUNITY, RELATED_TO


@dataclass(frozen=True)
class AnalysisOptions:
    top_k: int = DEFAULT_TOP_K
    min_weight: float = DEFAULT_MIN_WEIGHT
    seed: int = DEFAULT_SEED


DEFAULT_ANALYSIS = AnalysisOptions()


def enrich_graph(
    graph: nx.MultiDiGraph,
    options: AnalysisOptions = DEFAULT_ANALYSIS,
    processes: int = 1,
    links_found: Callable[[], object] | None = None,
) -> list[Community]:
    """Add RELATED_TO edges, Community nodes with IN_COMMUNITY edges, and the paper
    ``community``, ``pagerank`` and ``degree`` properties, in place.

    With ``processes`` ≥ 2 the links are computed in two processes. ``links_found`` is
    called once they are (the build starts a file writer there: the second core is
    free again for the rest of the analysis)."""
    links = compute_links(graph, options.top_k, options.min_weight, processes)
    if links_found is not None:
        links_found()
    for link in links:
        # add_edge: add_edges_from sets each edge's properties through two views
        graph.add_edge(link.a, link.b, key=RELATED_TO, **link_properties(link))
    groups, modularity = find_communities(graph, options.seed)
    communities = label_communities(graph, groups)
    for node, (rank, degree) in sorted(centralities(graph).items()):
        graph.nodes[node]["pagerank"] = rank
        graph.nodes[node]["degree"] = degree
    for community in communities:
        graph.add_node(community.id, **community_properties(community))
        for paper in community.papers:
            graph.nodes[paper]["community"] = community.number
            graph.add_edge(paper, community.id, key=IN_COMMUNITY, type=IN_COMMUNITY)
    graph.graph["modularity"] = modularity
    graph.graph["communities"] = len(communities)
    return communities
