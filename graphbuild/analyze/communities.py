"""Communities of papers: Louvain (networkx) with a fixed seed on the RELATED_TO graph.

Papers with no RELATED_TO link form no community. Communities are numbered by size
(largest first, ties by smallest paper id), so ids are stable for the same input.
Each is labelled by its most distinctive concepts with class-based TF-IDF (as in
BERTopic): tf = share of the community's papers mentioning the concept, weighted by
log(1 + average community size / papers mentioning it anywhere).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass

import networkx as nx

from graphbuild.schema import CONCEPT, MENTIONS, PAPER, RELATED_TO

DEFAULT_SEED = 42
LABEL_WORDS = 3


@dataclass(frozen=True)
class Community:
    number: int
    papers: tuple[str, ...]
    top_concepts: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"community:{self.number}"

    @property
    def name(self) -> str:
        return ", ".join(self.top_concepts) or f"community {self.number}"


def paper_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """Undirected weighted graph of papers joined by RELATED_TO, nodes in sorted order."""
    papers = nx.Graph()
    papers.add_nodes_from(sorted(n for n, label in graph.nodes(data="label") if label == PAPER))
    edges = sorted((u, v, d["weight"]) for u, v, k, d in graph.edges(keys=True, data=True) if k == RELATED_TO)
    papers.add_weighted_edges_from(edges)
    return papers


def find_communities(graph: nx.MultiDiGraph, seed: int = DEFAULT_SEED) -> tuple[list[list[str]], float]:
    """Communities (each a sorted list of ≥ 2 papers, largest first) and the modularity
    of the whole partition (isolated papers as singletons)."""
    papers = paper_graph(graph)
    linked = papers.subgraph(n for n in papers if papers.degree(n) > 0)
    if linked.number_of_edges() == 0:
        return [], 0.0
    found = nx.community.louvain_communities(linked, weight="weight", seed=seed)
    groups = sorted((sorted(c) for c in found if len(c) >= 2), key=lambda c: (-len(c), c[0]))
    covered = {p for c in groups for p in c}
    partition = groups + [[p] for p in papers if p not in covered]
    modularity = nx.community.modularity(papers, partition, weight="weight")
    return groups, round(modularity, 6)


def label_communities(graph: nx.MultiDiGraph, groups: list[list[str]]) -> list[Community]:
    """Each community with its ``LABEL_WORDS`` most distinctive concepts. Counts come
    from the members' own MENTIONS edges, so the work is linear in the edges, not
    communities × concepts."""
    paper_concepts: dict[str, list[str]] = {}
    total: Counter = Counter()
    for u, v, k in graph.edges(keys=True):
        if k == MENTIONS and graph.nodes[v]["label"] == CONCEPT:
            paper_concepts.setdefault(u, []).append(v)
            total[v] += 1
    average = sum(len(g) for g in groups) / len(groups) if groups else 1.0
    communities = []
    for number, members in enumerate(groups):
        tf = Counter(c for paper in members for c in paper_concepts.get(paper, ()))
        score = {c: (n / len(members)) * math.log(1 + average / total[c]) for c, n in tf.items() if n >= 2}
        ranked = sorted(score, key=lambda c: (-round(score[c], 9), c))[:LABEL_WORDS]
        names = tuple(graph.nodes[c]["name"] for c in ranked)
        communities.append(Community(number, tuple(members), names))
    return communities


def community_properties(community: Community) -> dict:
    return {
        "label": "Community",
        "name": community.name,
        "size": len(community.papers),
        "top_concepts": json.dumps(list(community.top_concepts)),
    }
