"""Paper↔paper links from shared entities (bibliographic coupling, IDF-weighted).

Two papers are related by the entities both link to: concepts, datasets, models,
methods, repositories and references. A shared entity counts log(N / df), so a dataset
used by two papers of 955 counts far more than a concept half the corpus mentions, and
it counts ``TITLE_WEIGHT`` times more for each of the two papers that names it in its
title: a title says what a paper is about, so two papers titled with "optimal
transport" are closer than two that both evaluate on CIFAR-10 and MNIST.
The weights of all pairs come from the sparse product X·diag(idf)·Xᵀ (papers ×
entities, X = 1, or ``TITLE_WEIGHT`` for an entity in the title), never a loop over all pairs, computed a block of rows at a time so that
memory stays linear in the number of papers. Each paper keeps its ``top_k`` strongest
links of weight ≥ ``min_weight``; a link kept by either paper is stored once, from the
smaller id to the larger, with the shared entity ids (rarest first) and the number of
shared references (co-citation).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import networkx as nx
import numpy as np
from scipy import sparse

from graphbuild.schema import ENTITY_LABELS, EVIDENCE_TYPES, PAPER, REFERENCE

DEFAULT_TOP_K = 10
DEFAULT_MIN_WEIGHT = 4.0
#: Factor of an entity a paper names in its title (its first mention starts there).
TITLE_WEIGHT = 2.0
#: Entries of X·diag(idf)·Xᵀ computed at once (~12 bytes each): bounds the memory.
PRODUCT_BUDGET = 8_000_000


@dataclass(frozen=True)
class Link:
    a: str
    b: str
    weight: float
    shared: tuple[str, ...]
    shared_references: int


def _title_factor(graph: nx.MultiDiGraph, paper: str, edge: dict) -> float:
    start = edge.get("start")
    title = graph.nodes[paper].get("title", "")
    return TITLE_WEIGHT if start is not None and start < len(title) else 1.0


def incidence(graph: nx.MultiDiGraph) -> tuple[list[str], list[str], sparse.csr_matrix]:
    """Sorted paper ids, sorted entity ids, and the paper × entity matrix: 1 where the
    paper links the entity, ``TITLE_WEIGHT`` where its title names it."""
    papers = sorted(n for n, label in graph.nodes(data="label") if label == PAPER)
    entities = sorted(n for n, label in graph.nodes(data="label") if label in ENTITY_LABELS)
    p_index = {p: i for i, p in enumerate(papers)}
    e_index = {e: i for i, e in enumerate(entities)}
    cells: dict[tuple[int, int], float] = {}
    for u, v, k, edge in graph.edges(keys=True, data=True):
        if k in EVIDENCE_TYPES and u in p_index and v in e_index:
            cell = (p_index[u], e_index[v])
            cells[cell] = max(cells.get(cell, 0.0), _title_factor(graph, u, edge))
    ordered = sorted(cells)
    rows, cols = zip(*ordered, strict=True) if ordered else ((), ())
    data = np.array([cells[c] for c in ordered], dtype=np.float64)
    return papers, entities, sparse.csr_matrix((data, (rows, cols)), shape=(len(papers), len(entities)))


def row_blocks(x: sparse.csr_matrix, df: np.ndarray, budget: int = PRODUCT_BUDGET) -> list[tuple[int, int]]:
    """Consecutive row ranges whose rows of X·Xᵀ hold about ``budget`` entries at most.

    Row i of the product has at most Σ df(e) over the entities e of paper i entries, so
    a concept half the corpus mentions makes every row that mentions it N/2 wide: the
    whole product would grow with N², the blocks keep memory linear in N.
    """
    cost = np.cumsum(x @ df)
    blocks, start = [], 0
    while start < x.shape[0]:
        base = cost[start - 1] if start else 0
        stop = max(start + 1, int(np.searchsorted(cost, base + budget, side="right")))
        blocks.append((start, min(stop, x.shape[0])))
        start = stop
    return blocks


def _strongest(i: int, cols: np.ndarray, vals: np.ndarray, top_k: int, min_weight: float) -> list[int]:
    """Row i's ``top_k`` partners of weight ≥ ``min_weight``, strongest first (weights
    compared to 6 decimals; ties: smaller index, i.e. smaller paper id). A row can hold
    thousands of partners: only those at least as strong as the k-th are sorted."""
    keep = (vals >= min_weight) & (vals != 0) & (cols != i)
    weights, partners = np.round(vals[keep], 6), cols[keep]
    if len(weights) > top_k:
        kth = np.partition(weights, len(weights) - top_k)[len(weights) - top_k]
        strong = weights >= kth
        weights, partners = weights[strong], partners[strong]
    return partners[np.lexsort((partners, -weights))[:top_k]].tolist()


def _link_weight(weighted_row: tuple[list[int], list[float]], other: dict[int, float]) -> float:
    """Σ idf·xᵢ·xⱼ over the shared entities, added in the order the sparse product adds
    them, so the weight is bit-for-bit the product's entry."""
    total = 0.0
    for e, w in zip(*weighted_row, strict=True):
        if e in other:
            total += w * other[e]
    return total


def compute_links(
    graph: nx.MultiDiGraph, top_k: int = DEFAULT_TOP_K, min_weight: float = DEFAULT_MIN_WEIGHT
) -> list[Link]:
    papers, entities, x = incidence(graph)
    if not papers or not entities:
        return []
    linked = x.copy()
    linked.data[:] = 1.0
    df = np.asarray(linked.sum(axis=0)).ravel()
    idf = np.log(len(papers) / np.maximum(df, 1))
    xd = (x @ sparse.diags(idf)).tocsr()
    xt = x.T.tocsr()
    kept: set[tuple[int, int]] = set()
    for start, stop in row_blocks(linked, df):
        block = (xd[start:stop] @ xt).tocsr()
        for r in range(stop - start):
            lo, hi = block.indptr[r], block.indptr[r + 1]
            i = start + r
            for j in _strongest(i, block.indices[lo:hi], block.data[lo:hi], top_k, min_weight):
                kept.add((min(i, j), max(i, j)))
    labels = [graph.nodes[e]["label"] for e in entities]
    links = []
    for i, j in sorted(kept):
        row_i = xd.indices[xd.indptr[i] : xd.indptr[i + 1]].tolist()
        lo, hi = x.indptr[j], x.indptr[j + 1]
        row_j = dict(zip(x.indices[lo:hi].tolist(), x.data[lo:hi].tolist(), strict=True))
        weight = _link_weight((row_i, xd.data[xd.indptr[i] : xd.indptr[i + 1]].tolist()), row_j)
        shared = sorted((e for e in row_i if e in row_j), key=lambda e: (-idf[e], e))
        refs = sum(1 for e in shared if labels[e] == REFERENCE)
        links.append(Link(papers[i], papers[j], round(weight, 4), tuple(entities[e] for e in shared), refs))
    return links


def link_properties(link: Link) -> dict:
    return {
        "type": "RELATED_TO",
        "weight": link.weight,
        "shared": json.dumps(list(link.shared)),
        "shared_count": len(link.shared),
        "shared_references": link.shared_references,
    }
