"""PageRank and degree for every node, on the undirected evidence + RELATED_TO graph.

PageRank is networkx's power iteration (``nx.pagerank``: damping 0.85, tolerance
1e-6 per node, at most 100 iterations, dangling nodes spread uniformly) run on a
sparse adjacency matrix built straight from the edge list: building an ``nx.Graph``
and converting it took most of the time on large graphs. The values agree with
``nx.pagerank`` (tested) and are rounded to ``PAGERANK_DIGITS``.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
from scipy import sparse

from graphbuild.schema import IN_COMMUNITY

PAGERANK_DIGITS = 8
ALPHA, TOLERANCE, MAX_ITERATIONS = 0.85, 1e-6, 100


def adjacency(graph: nx.MultiDiGraph) -> tuple[list[str], sparse.csr_matrix]:
    """Sorted node ids and the symmetric 0/1 matrix of the nodes they link (any edge
    but IN_COMMUNITY, either direction). One pair per linked (u, v), read from the
    adjacency dicts, not one per edge from the edge view."""
    nodes = sorted(graph.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    pairs = [
        (index[u], index[v])
        for u, neighbors in graph.adjacency()
        for v, keyed in neighbors.items()
        if u != v and (len(keyed) > 1 or IN_COMMUNITY not in keyed)
    ]
    ends = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    rows, cols = np.concatenate([ends[:, 0], ends[:, 1]]), np.concatenate([ends[:, 1], ends[:, 0]])
    matrix = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(nodes), len(nodes)))
    matrix.data[:] = 1.0  # several edges between two nodes are one link
    return nodes, matrix


def pagerank(matrix: sparse.csr_matrix) -> np.ndarray:
    n = matrix.shape[0]
    out = np.asarray(matrix.sum(axis=1)).ravel()
    inverse = np.divide(1.0, out, out=np.zeros(n), where=out != 0)
    walk = (sparse.diags(inverse) @ matrix).tocsr()
    x = p = np.repeat(1.0 / n, n)
    dangling = np.flatnonzero(out == 0)
    for _ in range(MAX_ITERATIONS):
        last = x
        x = ALPHA * (x @ walk + sum(x[dangling]) * p) + (1 - ALPHA) * p
        if np.absolute(x - last).sum() < n * TOLERANCE:
            return x
    raise nx.PowerIterationFailedConvergence(MAX_ITERATIONS)


def centralities(graph: nx.MultiDiGraph) -> dict[str, tuple[float, int]]:
    """Node id → (PageRank, degree). Degree counts distinct linked nodes."""
    nodes, matrix = adjacency(graph)
    degrees = np.diff(matrix.indptr).tolist()
    ranks = pagerank(matrix).tolist() if matrix.nnz else [0.0] * len(nodes)
    return {n: (round(r, PAGERANK_DIGITS), d) for n, r, d in zip(nodes, ranks, degrees, strict=True)}
