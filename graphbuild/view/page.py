"""A self-contained interactive HTML page of a neighborhood or a community.

The page inlines the vendored vis-network bundle (``vendor/``) and the graph as JSON,
so it opens from disk with no network. What is shown comes from the embedded queries
in ``graphbuild.query``: a neighborhood is the node plus ``query.neighbors`` with the
evidence relationships among them; a community is its papers (``query.community``),
the RELATED_TO links among them and the entities at least two of them share, which
is what the group has in common. A view is capped at ``max_nodes``: nearest first,
then highest PageRank, then id, so the same graph always gives the same page.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import networkx as nx

from graphbuild.errors import ExportError
from graphbuild.export.atomic import atomic_writer
from graphbuild.palette import LABEL_COLOURS
from graphbuild.query import community, neighbors
from graphbuild.schema import EVIDENCE_TYPES, NODE_LABELS, PAPER, RELATED_TO

__all__ = ["View", "community_view", "neighborhood_view", "render_html", "write_view"]

DEFAULT_MAX_NODES = 200
LIBRARY = "vendor/vis-network.min.js"
#: Edge properties left out of the page: ``evidence`` repeats ``mention``/``sentence``
#: up to ten times and ``type`` is the edge's own field.
SKIPPED_EDGE_PROPERTIES = {"evidence", "type"}


@dataclass(frozen=True)
class View:
    """What one page shows: nodes and edges as plain JSON-ready dicts."""

    title: str
    focus: list[str]
    nodes: list[dict]
    edges: list[dict]
    found: int  # nodes the query found before the max_nodes cap
    notes: list[str] = field(default_factory=list)


def _node(graph: nx.MultiDiGraph, node: str) -> dict:
    data = graph.nodes[node]
    properties = {k: v for k, v in sorted(data.items()) if k not in {"label", "name"}}
    return {
        "id": node,
        "label": data["label"],
        "name": str(data.get("name", node)),
        "size": data.get("pagerank", data.get("degree", 1)),
        "properties": properties,
    }


def _edges(graph: nx.MultiDiGraph, kept: set[str], types: tuple[str, ...]) -> list[dict]:
    rows = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        if key in types and u in kept and v in kept:
            properties = {k: val for k, val in sorted(data.items()) if k not in SKIPPED_EDGE_PROPERTIES}
            rows.append({"from": u, "to": v, "type": key, "properties": properties})
    return sorted(rows, key=lambda e: (e["from"], e["to"], e["type"]))


def _pagerank(graph: nx.MultiDiGraph, node: str) -> float:
    return graph.nodes[node].get("pagerank", 0.0)


def neighborhood_view(
    graph: nx.MultiDiGraph, node: str, hops: int = 2, max_nodes: int = DEFAULT_MAX_NODES
) -> View:
    """``node`` and everything within ``hops`` of it, with the evidence relationships among them."""
    found = sorted(neighbors(graph, node, hops), key=lambda n: (n.distance, -_pagerank(graph, n.id), n.id))
    kept = [node] + [n.id for n in found[: max(0, max_nodes - 1)]]
    name = graph.nodes[node].get("name", node)
    notes = [] if len(kept) == len(found) + 1 else [f"showing {len(kept)} of {len(found) + 1} nodes"]
    return View(
        title=f"{name}: {hops}-hop neighborhood",
        focus=[node],
        nodes=[_node(graph, n) for n in sorted(kept)],
        edges=_edges(graph, set(kept), EVIDENCE_TYPES),
        found=len(found) + 1,
        notes=notes,
    )


def _shared_entities(graph: nx.MultiDiGraph, papers: set[str]) -> list[str]:
    """Entities linked by at least two of ``papers``, most shared first. A paper counts
    once per entity, however many relationships it has to it (USES_DATASET and
    INTRODUCES, MENTIONS and PROPOSES)."""
    pairs = {(u, v) for u, v, k in graph.edges(keys=True) if k in EVIDENCE_TYPES and u in papers}
    linked = Counter(v for _, v in pairs)
    shared = [e for e, n in linked.items() if n >= 2]
    return sorted(shared, key=lambda e: (-linked[e], -_pagerank(graph, e), e))


def community_view(graph: nx.MultiDiGraph, key: str, max_nodes: int = DEFAULT_MAX_NODES) -> View:
    """A community's papers, the RELATED_TO links among them and the entities they share."""
    found = community(graph, key)
    papers = [p for p, _, _ in found.papers]
    entities = _shared_entities(graph, set(papers))
    ordered = papers + entities
    kept = set(ordered[:max_nodes])
    notes = [] if len(kept) == len(ordered) else [f"showing {len(kept)} of {len(ordered)} nodes"]
    return View(
        title=f"{found.id}: {found.name} ({found.size} papers)",
        focus=[],
        nodes=[_node(graph, n) for n in sorted(kept)],
        edges=_edges(graph, kept, (*EVIDENCE_TYPES, RELATED_TO)),
        found=len(ordered),
        notes=notes,
    )


def _payload(view: View) -> dict:
    counts = Counter(n["label"] for n in view.nodes)
    return {
        "title": view.title,
        "focus": view.focus,
        "nodes": view.nodes,
        "edges": view.edges,
        "found": view.found,
        "notes": view.notes,
        "legend": [
            {"label": label, "colour": LABEL_COLOURS[label], "count": counts[label]}
            for label in NODE_LABELS
            if counts[label]
        ],
        "paperLabel": PAPER,
    }


def _script_json(data: dict) -> str:
    """JSON safe inside a <script> element: no "</", "<!--" or line separators can end it early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _library() -> str:
    """The vendored bundle without its source-map comment (the map is not shipped)."""
    text = (resources.files("graphbuild.view") / LIBRARY).read_text(encoding="utf-8")
    return re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text)


def render_html(view: View) -> str:
    template = (resources.files("graphbuild.view") / "template.html").read_text(encoding="utf-8")
    parts = {
        "TITLE": html.escape(view.title),
        "DATA": _script_json(_payload(view)),
        "LIBRARY": _library(),
    }
    return re.sub(r"@@(TITLE|DATA|LIBRARY)@@", lambda m: parts[m.group(1)], template)


def write_view(view: View, path: Path) -> Path:
    """Write the page atomically; returns its path."""
    path = Path(path)
    try:
        with atomic_writer(path) as handle:
            handle.write(render_html(view))
    except OSError as error:
        raise ExportError(f"{path}: cannot write ({error.strerror or error})") from None
    return path
