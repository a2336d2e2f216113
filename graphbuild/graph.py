"""Graph stage: a resolution → a NetworkX ``MultiDiGraph``.

Nodes: ``id`` (the node key), ``label``, ``name`` and label-specific properties.
Edges go from a paper to an entity, keyed by relationship type, with ``type``,
``count`` (mentions in the paper), the first mention (``mention``, ``start``, ``end``,
``sentence``) and ``evidence``, a JSON list of every mention. Only strings, integers
and floats are stored, so the graph writes as GraphML as it is. Nodes and edges are
inserted in sorted order, so every export is byte-identical for the same input.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from json.encoder import encode_basestring
from pathlib import Path

import networkx as nx

from graphbuild.errors import InputError
from graphbuild.records import Mention, Paper
from graphbuild.resolve import Resolution
from graphbuild.schema import JOINED_LISTS, NODE_LABELS, PAPER, RELATIONSHIP_FOR

MAX_EVIDENCE = 10


def paper_properties(paper: Paper) -> dict:
    props = {
        "label": PAPER,
        "name": paper.title,
        "title": paper.title,
        "abstract": paper.abstract,
        "sources": JOINED_LISTS["sources"].join(str(s) for s in paper.sources),
    }
    if paper.url:
        props["url"] = paper.url
    if paper.arxiv_id:
        props["arxiv_id"] = paper.arxiv_id
    if paper.year is not None:
        props["year"] = paper.year
    if paper.authors:
        props["authors"] = JOINED_LISTS["authors"].join(paper.authors)
    return props


def evidence_json(mentions: list[Mention], sentences: dict[str, str]) -> str:
    """The first ``MAX_EVIDENCE`` mentions as ``json.dumps`` writes the list of their
    ``{"mention", "start", "end", "sentence"}`` dicts (``ensure_ascii=False,
    sort_keys=True``), written directly: encoding a dict per mention took most of the
    graph stage, and the paper's few sentences were escaped again for every mention.
    ``sentences`` memoizes their JSON strings (one dict per paper)."""
    items = []
    for m in mentions[:MAX_EVIDENCE]:
        sentence = sentences.get(m.sentence)
        if sentence is None:
            sentence = sentences[m.sentence] = encode_basestring(m.sentence)
        mention = encode_basestring(m.text)
        items.append(
            f'{{"end": {m.end:d}, "mention": {mention}, "sentence": {sentence}, "start": {m.start:d}}}'
        )
    return "[" + ", ".join(items) + "]"


def edge_properties(rel_type: str, mentions: list[Mention], sentences: dict[str, str]) -> dict:
    first = mentions[0]
    return {
        "type": rel_type,
        "count": len(mentions),
        "mention": first.text,
        "start": first.start,
        "end": first.end,
        "sentence": first.sentence,
        "evidence": evidence_json(mentions, sentences),
    }


def build_graph(resolution: Resolution) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for paper in resolution.papers:
        graph.add_node(paper.id, **paper_properties(paper))
    for entity in resolution.entities.values():
        graph.add_node(
            entity.id,
            label=entity.label,
            name=entity.name,
            surface_forms=JOINED_LISTS["surface_forms"].join(entity.surface_forms),
            merged_because=JOINED_LISTS["merged_because"].join(entity.merge_reasons),
        )
    for paper in resolution.papers:
        grouped: dict[tuple[str, str], list[Mention]] = defaultdict(list)
        for m in resolution.mentions.get(paper.id, []):
            grouped[(m.key, RELATIONSHIP_FOR[(m.label, m.role)])].append(m)
        sentences: dict[str, str] = {}
        for (target, rel_type), mentions in sorted(grouped.items()):
            graph.add_edge(paper.id, target, key=rel_type, **edge_properties(rel_type, mentions, sentences))
    return graph


def iter_edges_of_type(graph: nx.MultiDiGraph, rel_type: str) -> Iterator[tuple[str, str, dict]]:
    """(source, target, properties) of the edges keyed ``rel_type``, in ``graph.edges``
    order. Walks the adjacency dicts: the edge views build a tuple for every edge of
    every type, and a pass over a large graph's 2.5 M edges is what most analyses cost."""
    for source, neighbors in graph.adjacency():
        for target, keyed in neighbors.items():
            data = keyed.get(rel_type)
            if data is not None:
                yield source, target, data


def count_nodes_by_label(graph: nx.MultiDiGraph) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for _, label in graph.nodes(data="label"):
        counts[label] += 1
    return dict(sorted(counts.items()))


def count_edges_by_type(graph: nx.MultiDiGraph) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for _, _, rel_type in graph.edges(keys=True):
        counts[rel_type] += 1
    return dict(sorted(counts.items()))


def load_graph(folder: Path) -> nx.MultiDiGraph:
    """Read ``graph.json`` (node-link, edges under ``"edges"``) back from a build output
    folder. A file that is missing, unreadable, not UTF-8, not JSON or not a graphbuild
    node-link graph raises ``InputError`` naming the path and the problem in one line."""
    path = Path(folder) / "graph.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: not found; run 'graphbuild build --out {folder}' first") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a graph file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 (byte {error.start})") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise InputError(f"{path}: JSON nested too deeply to read") from None
    except ValueError as error:  # an integer of more digits than Python converts
        raise InputError(f"{path}: not readable JSON ({' '.join(str(error).split())})") from None
    if not isinstance(data, dict):
        kinds = {list: "list", str: "string", bool: "boolean", int: "number", float: "number"}
        kind = kinds.get(type(data), "null")
        raise InputError(f"{path}: not a node-link graph (a JSON {kind}, not an object)")
    if "edges" not in data:
        hint = " (an older networkx 'links' file)" if "links" in data else ""
        raise InputError(
            f"{path}: not a graphbuild node-link graph: no 'edges' list{hint}; rebuild it with 'graphbuild build'"
        )
    if data.get("directed") is False or data.get("multigraph") is False:
        raise InputError(f"{path}: not a graphbuild graph (graphbuild writes a directed multigraph)")
    try:
        graph = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    except KeyError as error:
        raise InputError(f"{path}: not a graphbuild node-link graph: a node or edge lacks {error}") from None
    except (TypeError, AttributeError, ValueError) as error:
        raise InputError(
            f"{path}: not a graphbuild node-link graph ({' '.join(str(error).split())})"
        ) from None
    for node, props in graph.nodes(data=True):
        if props.get("label") not in NODE_LABELS:
            raise InputError(f"{path}: node {node!r} has no graphbuild label (got {props.get('label')!r})")
        if not isinstance(props.get("name"), str):
            raise InputError(f"{path}: node {node!r} has no name")
    for u, v, props in graph.edges(data=True):
        for key, kinds in _EDGE_TYPES.items():
            if key in props and not isinstance(props[key], kinds):
                raise InputError(
                    f"{path}: edge {u!r} -> {v!r}: {key} is {props[key]!r}, not a {kinds[0].__name__}"
                )
    return graph


#: Edge properties the queries compute with, and the types graphbuild writes them as.
_EDGE_TYPES = {
    "count": (int,),
    "weight": (float, int),
    "shared_count": (int,),
    "evidence": (str,),
    "shared": (str,),
}
