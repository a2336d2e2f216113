"""Counts by label and type, and degree summaries, of a built graph.

The degree is the one of the statistics report (``graphbuild.analyze.report``) and of
the ``degree`` stored on every node: distinct linked nodes over the evidence and
RELATED_TO relationships, Community nodes left out.
"""

from __future__ import annotations

import networkx as nx

from graphbuild.analyze.report import degree_by_label, knowledge_graph
from graphbuild.graph import count_edges_by_type, count_nodes_by_label


def degree_summary(graph: nx.MultiDiGraph) -> dict[str, dict[str, float]]:
    """Per label: min, median, mean and max degree, as in the report's ``degree.by_label``."""
    return degree_by_label(graph, knowledge_graph(graph))


def graph_summary(graph: nx.MultiDiGraph) -> dict:
    return {
        "nodes": count_nodes_by_label(graph),
        "relationships": count_edges_by_type(graph),
        "node_total": graph.number_of_nodes(),
        "relationship_total": graph.number_of_edges(),
        "degree": degree_summary(graph),
    }
