"""Queries on the embedded graph (no server): lookup, neighborhood, related papers,
paths, communities, node details. Each has a Cypher twin in ``cypher/`` that gives the
same answer in Neo4j.

Names are looked up typo-tolerantly: an exact id, then an exact name (any case), a
surface form the text wrote ("LLM", "LoRA"), a unique prefix, then rapidfuzz over all
names; a clear best match is taken, several close ones raise ``AmbiguousName`` with a
"did you mean" list. An empty name raises ``QueryError``.
"""

from __future__ import annotations

import json
import re
from collections import Counter, deque
from dataclasses import dataclass

import networkx as nx
from rapidfuzz import fuzz, process

from graphbuild.errors import GraphbuildError
from graphbuild.schema import (
    COMMUNITY,
    CONCEPT,
    DATASET,
    EVIDENCE_TYPES,
    IN_COMMUNITY,
    MODEL,
    NODE_LABELS,
    RELATED_TO,
)

MIN_SCORE = 80.0
CLEAR_MARGIN = 5.0
SUGGESTIONS = 5


class QueryError(GraphbuildError):
    """A query that cannot be answered (base of ``NotFound`` and ``AmbiguousName``)."""


class NotFound(QueryError):
    pass


class AmbiguousName(QueryError):
    def __init__(self, name: str, candidates: list[tuple[str, str, str]]):
        self.candidates = candidates
        listed = "; ".join(f"{n} [{label}, {i}]" for i, label, n in candidates)
        super().__init__(f"{name!r} is ambiguous; did you mean: {listed}")


def _candidates(graph: nx.MultiDiGraph, nodes: list[str]) -> list[tuple[str, str, str]]:
    return [(n, graph.nodes[n]["label"], graph.nodes[n]["name"]) for n in nodes[:SUGGESTIONS]]


def json_list(text: str, what: str) -> list:
    """A list property graphbuild writes as JSON text; a damaged graph file is a
    ``QueryError``, not a traceback."""
    try:
        value = json.loads(text)
    except ValueError:
        raise QueryError(
            f"graph.json: the {what} property {text[:40]!r} is not JSON; rebuild the graph"
        ) from None
    if not isinstance(value, list) or (
        what == "evidence" and not all(isinstance(v, dict) and "mention" in v for v in value)
    ):
        raise QueryError(
            f"graph.json: the {what} property {text[:40]!r} is not a graphbuild list; rebuild the graph"
        )
    return value


def find_node(
    graph: nx.MultiDiGraph, name: str, labels: tuple[str, ...] | None = None, *, hint: bool = True
) -> str:
    """The id of the node called ``name``, tried in this order: its id; its name in any
    case; a surface form the text wrote for it ("LLM", "LoRA", "BN"), as written, then in
    any case; for a community, one of the concepts in its label; the one name that
    starts with it; the one name within a typo of it (``fuzz.ratio`` ≥ MIN_SCORE,
    CLEAR_MARGIN ahead of the next). Several such nodes raise ``AmbiguousName``; none
    raises ``NotFound``, saying what the name is when it is a node of another label
    ("ImageNet is a Dataset, not a Paper"), else with the closest names by
    ``fuzz.WRatio`` if any. Communities are looked up only when ``labels`` names them
    (their names repeat concept names). An empty or blank name raises ``QueryError``
    (it would be a prefix of every name)."""
    if not name.strip():
        raise QueryError("empty name: give a paper title, an entity name or an id")
    wanted = labels or tuple(label for label in NODE_LABELS if label != COMMUNITY)
    nodes = [(n, d) for n, d in graph.nodes(data=True) if d["label"] in wanted]
    names = {n: str(d.get("name", "")).casefold() for n, d in nodes}
    if name in names:
        return name
    folded = " ".join(name.casefold().split())
    for pick in _exact_picks(nodes, name.strip(), folded):
        found = sorted(n for n, d in nodes if pick(n, d))
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise AmbiguousName(name, _candidates(graph, found))
    found = sorted(n for n, v in names.items() if v.startswith(folded))
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise AmbiguousName(name, _candidates(graph, found))
    close = process.extract(folded, names, scorer=fuzz.ratio, limit=SUGGESTIONS, score_cutoff=MIN_SCORE)
    close.sort(key=lambda t: (-t[1], t[2]))
    if close and (len(close) == 1 or close[0][1] - close[1][1] >= CLEAR_MARGIN):
        return close[0][2]
    if labels and hint:
        _raise_if_other_label(graph, name, labels)
    if not close:
        close = process.extract(folded, names, scorer=fuzz.WRatio, limit=SUGGESTIONS, score_cutoff=60)
        close.sort(key=lambda t: (-t[1], t[2]))
    if not close:
        raise NotFound(f"nothing called {name!r} in the graph")
    listed = "; ".join(f"{n} [{label}, {i}]" for i, label, n in _candidates(graph, [n for _, _, n in close]))
    raise NotFound(f"nothing called {name!r} in the graph; closest names: {listed}")


def _surface_forms(data: dict) -> list[str]:
    return [form for form in str(data.get("surface_forms", "")).split(" | ") if form]


def _exact_picks(nodes: list[tuple[str, dict]], name: str, folded: str) -> list:
    """Tests of a node, strictest first, that ``find_node`` tries one after the other."""
    return [
        lambda n, d: str(d.get("name", "")).casefold() == folded,
        lambda n, d: name in _surface_forms(d),
        lambda n, d: any(form.casefold() == folded for form in _surface_forms(d)),
        lambda n, d: d["label"] == COMMUNITY and folded in str(d.get("name", "")).casefold().split(", "),
    ]


def _raise_if_other_label(graph: nx.MultiDiGraph, name: str, labels: tuple[str, ...]) -> None:
    """``NotFound`` naming what ``name`` is, when it is exactly a node of another label."""
    try:
        other = find_node(
            graph, name, tuple(label for label in NODE_LABELS if label not in labels), hint=False
        )
    except QueryError:
        return
    data = graph.nodes[other]
    if str(data.get("name", "")).casefold() == " ".join(name.casefold().split()) or name.strip() in (
        other,
        *_surface_forms(data),
    ):
        wanted = " or ".join(labels)
        raise NotFound(f"{name!r} is a {data['label']} ({other}), not a {wanted}")


def evidence_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """Undirected view of the paper–entity relationships only (what the text says)."""
    view = nx.Graph()
    view.add_nodes_from(sorted(n for n, d in graph.nodes(data=True) if d["label"] != COMMUNITY))
    view.add_edges_from(sorted((u, v) for u, v, k in graph.edges(keys=True) if k in EVIDENCE_TYPES))
    return view


@dataclass(frozen=True)
class Neighbor:
    id: str
    label: str
    name: str
    distance: int


def neighbors(graph: nx.MultiDiGraph, node: str, hops: int = 1) -> list[Neighbor]:
    """Every node within ``hops`` of ``node`` over the evidence relationships, by distance then id."""
    distances = nx.single_source_shortest_path_length(evidence_graph(graph), node, cutoff=hops)
    return sorted(
        (
            Neighbor(n, graph.nodes[n]["label"], graph.nodes[n]["name"], d)
            for n, d in distances.items()
            if n != node
        ),
        key=lambda nb: (nb.distance, nb.id),
    )


@dataclass(frozen=True)
class Related:
    id: str
    title: str
    weight: float
    shared: tuple[str, ...]
    shared_names: tuple[str, ...]


def related(graph: nx.MultiDiGraph, paper: str, top: int = 10) -> list[Related]:
    """Papers linked by RELATED_TO, strongest first, with the shared entities that explain each."""
    found = []
    for u, v, k, d in graph.edges(keys=True, data=True):
        if k == RELATED_TO and paper in (u, v):
            other = v if u == paper else u
            shared = tuple(json_list(d["shared"], "shared"))
            names = tuple(graph.nodes[s]["name"] for s in shared)
            found.append(Related(other, graph.nodes[other]["name"], d["weight"], shared, names))
    return sorted(found, key=lambda r: (-r.weight, r.id))[:top]


def path(graph: nx.MultiDiGraph, a: str, b: str) -> list[str]:
    """A shortest chain paper → entity → paper … between two nodes (evidence only).

    Breadth-first over neighbours in sorted order, so the same graph gives the same path.
    """
    view = evidence_graph(graph)
    if a not in view or b not in view:
        raise NotFound(f"{a if a not in view else b} is not in the graph")
    parent = {a: None}
    queue = deque([a])
    while queue:
        node = queue.popleft()
        if node == b:
            break
        for nxt in sorted(view.neighbors(node)):
            if nxt not in parent:
                parent[nxt] = node
                queue.append(nxt)
    if b not in parent:
        raise NotFound(f"no path between {a} and {b}")
    chain = [b]
    while parent[chain[-1]] is not None:
        chain.append(parent[chain[-1]])
    return chain[::-1]


@dataclass(frozen=True)
class CommunityView:
    id: str
    name: str
    size: int
    papers: tuple[tuple[str, str, float], ...]  # (id, title, pagerank), highest PageRank first


def community(graph: nx.MultiDiGraph, key: str) -> CommunityView:
    """A community by number, id (``community:3``) or (fuzzy) label; surrounding spaces
    are ignored."""
    key = key.strip()
    if not key:
        raise QueryError("empty name: give a community number, id or label words")
    if key.isascii() and key.isdigit():
        node = f"community:{key.lstrip('0') or '0'}"
    else:
        node = find_node(graph, key, (COMMUNITY,))
    if node not in graph or graph.nodes[node]["label"] != COMMUNITY:
        raise NotFound(f"no community {key!r}")
    members = [u for u, _, k in graph.in_edges(node, keys=True) if k == IN_COMMUNITY]
    papers = sorted(
        ((p, graph.nodes[p]["name"], graph.nodes[p].get("pagerank", 0.0)) for p in members),
        key=lambda t: (-t[2], t[0]),
    )
    return CommunityView(node, graph.nodes[node]["name"], len(papers), tuple(papers))


@dataclass(frozen=True)
class NodeView:
    id: str
    label: str
    properties: dict
    relationships: tuple[tuple[str, str, str, str], ...]  # (direction, type, other id, other name)


def show(graph: nx.MultiDiGraph, node: str) -> NodeView:
    rels = [("out", k, v, graph.nodes[v]["name"]) for _, v, k in graph.out_edges(node, keys=True)]
    rels += [("in", k, u, graph.nodes[u]["name"]) for u, _, k in graph.in_edges(node, keys=True)]
    data = dict(graph.nodes[node])
    return NodeView(node, data.pop("label"), dict(sorted(data.items())), tuple(sorted(rels)))


@dataclass(frozen=True)
class Explanation:
    """How an entity came to be.

    ``mentions`` counts every mention in the corpus (the ``count`` of each paper's
    relationship to the entity); ``evidence`` counts the mentions kept as evidence, at
    most ``graph.MAX_EVIDENCE`` per relationship. Each form's count is its number among the
    kept evidence: exact when ``evidence == mentions``, a lower bound otherwise, and 0
    for a surface form written only in mentions beyond the kept evidence.
    """

    id: str
    label: str
    name: str
    #: (surface form, mentions of it among the kept evidence, why it is this entity)
    forms: tuple[tuple[str, int, str], ...]
    reasons: tuple[str, ...]
    papers: int
    mentions: int = 0
    evidence: int = 0

    @property
    def complete(self) -> bool:
        """Whether every mention was kept as evidence, so the form counts are exact."""
        return self.evidence == self.mentions


_LEXICON_FILES = {DATASET: "datasets.tsv", MODEL: "models.tsv", CONCEPT: "concepts.tsv"}


def _form_reason(form: str, label: str, name: str, acronyms: set[str], reasons: tuple[str, ...] = ()) -> str:
    """Why ``form`` was resolved to the entity called ``name``."""
    from graphbuild.extract.concepts import concept_lexicon
    from graphbuild.extract.datasets import dataset_lexicon
    from graphbuild.extract.models import checkpoint_family, model_lexicon
    from graphbuild.extract.text import american, compact_key, phrase_key, plural_stripped

    if form == name:
        return "canonical name"
    same = (
        phrase_key(form) == phrase_key(name) if label == CONCEPT else compact_key(form) == compact_key(name)
    )
    if same and label == CONCEPT and any(american(w) != w for w in re.findall(r"[a-z]+", form.casefold())):
        return "same name in American spelling"
    if same:
        return "same name up to case, hyphens, spaces and plural"
    lexicon = {DATASET: dataset_lexicon, MODEL: model_lexicon, CONCEPT: concept_lexicon}.get(label)
    entry = lexicon().lookup(form) if lexicon else None
    if entry is not None and entry.name.casefold() == name.casefold():
        return f"alias listed in data/{_LEXICON_FILES[label]}"
    if plural_stripped(form) in acronyms:
        return "short form defined with this long form"
    family = checkpoint_family(form) if label == MODEL else None
    if family is not None and family.name.casefold() == name.casefold():
        return f"a checkpoint of this model (its size or variant after a name listed in data/{_LEXICON_FILES[label]})"
    for reason in reasons:
        quoted = reason.split("'")[1] if reason.startswith("'") and reason.count("'") >= 2 else ""
        if quoted and (phrase_key(quoted) == phrase_key(form) or compact_key(quoted) == compact_key(form)):
            return reason.split(": ", 1)[1] if ": " in reason else reason
    return "variant merged by the resolver (see reasons)"


def explain(graph: nx.MultiDiGraph, node: str) -> Explanation:
    """How an entity came to be: every surface form merged into it, how often each was
    written among the kept evidence, the total number of mentions, and why the
    resolver merged them (see ``Explanation`` for what each number means)."""
    data = graph.nodes[node]
    forms: Counter = Counter()
    papers = set()
    mentions = evidence = 0
    for paper, _, edge in graph.in_edges(node, data=True):
        if "evidence" not in edge:
            continue
        kept = [item["mention"] for item in json_list(edge["evidence"], "evidence")]
        papers.add(paper)
        forms.update(kept)
        evidence += len(kept)
        mentions += max(int(edge.get("count", len(kept))), len(kept))
    for form in str(data.get("surface_forms", "")).split(" | "):
        if form:
            forms[form] += 0  # listed even when no kept evidence item wrote it
    reasons = tuple(r for r in str(data.get("merged_because", "")).split(" | ") if r)
    acronyms = {r.split("'")[1] for r in reasons if r.startswith("short form '")}
    ranked = sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))
    return Explanation(
        node,
        data["label"],
        data["name"],
        tuple(
            (form, n, _form_reason(form, data["label"], data["name"], acronyms, reasons))
            for form, n in ranked
        ),
        reasons,
        len(papers),
        mentions,
        evidence,
    )
