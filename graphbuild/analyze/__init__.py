"""Analyze stage: statistics over a built graph."""

from graphbuild.analyze.stats import graph_summary
from graphbuild.graph import load_graph

__all__ = ["graph_summary", "load_graph"]
