"""Small literal graphs for the analyze and query tests."""

from __future__ import annotations

import networkx as nx


def tiny_graph() -> nx.MultiDiGraph:
    """Four papers: p1 and p2 share a dataset and a concept, p3 shares the concept, p3 and
    p4 share a repository. idf: dataset log(4/2), concept log(4/3), repository log(4/2)."""
    g = nx.MultiDiGraph()
    for p in ("p1", "p2", "p3", "p4"):
        g.add_node(p, label="Paper", name=f"Paper {p[-1]}", title=f"Paper {p[-1]}")
    g.add_node("dataset:cifar10", label="Dataset", name="CIFAR-10")
    g.add_node("concept:diffusion-model", label="Concept", name="diffusion model")
    g.add_node("repo:github.com/a/b", label="Repository", name="github.com/a/b")
    g.add_node("concept:lonely", label="Concept", name="lonely concept")
    edges = [
        ("p1", "dataset:cifar10", "USES_DATASET"),
        ("p2", "dataset:cifar10", "USES_DATASET"),
        ("p1", "concept:diffusion-model", "MENTIONS"),
        ("p2", "concept:diffusion-model", "MENTIONS"),
        ("p3", "concept:diffusion-model", "MENTIONS"),
        ("p3", "repo:github.com/a/b", "HAS_CODE"),
        ("p4", "repo:github.com/a/b", "HAS_CODE"),
        ("p4", "concept:lonely", "MENTIONS"),
    ]
    for u, v, k in edges:
        g.add_edge(u, v, key=k, type=k, count=1)
    return g
