"""Analyze stage: statistics over a built graph."""

from graphbuild.analyze.stats import graph_summary, load_graph

__all__ = ["graph_summary", "load_graph"]
