"""Counts by label and type, and degree summaries, of a built graph."""

from __future__ import annotations

import statistics
from collections import defaultdict

import networkx as nx

from graphbuild.graph import count_edges_by_type, count_nodes_by_label


def degree_summary(graph: nx.MultiDiGraph) -> dict[str, dict[str, float]]:
    """Per label: min, median, mean and max total degree (in + out relationships)."""
    by_label: dict[str, list[int]] = defaultdict(list)
    for node, label in graph.nodes(data="label"):
        by_label[label].append(graph.degree(node))
    return {
        label: {
            "min": min(values),
            "median": statistics.median(values),
            "mean": round(statistics.fmean(values), 3),
            "max": max(values),
        }
        for label, values in sorted(by_label.items())
    }


def graph_summary(graph: nx.MultiDiGraph) -> dict:
    return {
        "nodes": count_nodes_by_label(graph),
        "relationships": count_edges_by_type(graph),
        "node_total": graph.number_of_nodes(),
        "relationship_total": graph.number_of_edges(),
        "degree": degree_summary(graph),
    }
