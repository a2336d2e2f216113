"""File exports into one output folder.

* ``graph.graphml``: GraphML (Gephi, Cytoscape); only string/int/float attributes.
* ``graph.json``: NetworkX node-link JSON (``edges`` key), keys sorted, one node or
  edge per line (written a line at a time: the whole document is never held in memory).
* ``papers.jsonl``: one line per paper with its entities and acronym pairs.
* ``neo4j-import/``: CSVs in the ``neo4j-admin database import full`` header format,
  one node file per label and one relationship file per (type, target label), since
  each label is its own ID space (``:ID(Paper)``, ``:END_ID(Concept)``); list properties
  are ``string[]`` columns whose items are separated by ``ARRAY_DELIMITER``.
* ``report.json``: the ingest report and node/relationship counts.

Every file is written to a temporary name and renamed, and the same input always
gives byte-identical files.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import os
import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from json.encoder import c_make_encoder, encode_basestring
from pathlib import Path

import networkx as nx

from graphbuild.errors import ExportError
from graphbuild.export.atomic import atomic_writer
from graphbuild.export.values import LIST_PROPERTIES, neo4j_value
from graphbuild.forked import ForkedCall, can_fork
from graphbuild.graph import count_edges_by_type, count_nodes_by_label
from graphbuild.records import IngestReport
from graphbuild.resolve import Resolution
from graphbuild.schema import EVIDENCE_TYPES, NODE_LABELS, PAPER, RELATIONSHIP_FOR, RELATIONSHIP_TYPES

#: Property → neo4j-admin type, for properties that are not strings.
TYPED = {
    "year": "int",
    "count": "int",
    "start": "int",
    "end": "int",
    "weight": "float",
    "pagerank": "float",
    "degree": "int",
    "community": "int",
    "size": "int",
    "shared_count": "int",
    "shared_references": "int",
}
IMPORT_DIR = "neo4j-import"
#: Between the items of a ``string[]`` field (neo4j-admin's ``--array-delimiter``, which
#: ``neo4j_server.import_command`` passes): U+001F, a control character. The ingest
#: replaces those in every field and GraphML cannot hold them, so no built graph holds
#: one, whereas a surface form or a file name may hold ";", neo4j-admin's default.
ARRAY_DELIMITER = "\x1f"


def write_json(path: Path, data: object) -> None:
    with atomic_writer(path) as handle:
        json.dump(data, handle, ensure_ascii=False, sort_keys=True, indent=1)
        handle.write("\n")


#: GraphML ``attr.type`` of each Python value type (networkx's names: int is "long").
GRAPHML_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}
_GRAPHML_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">'
)
_TEXT_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
_ATTR_ESCAPES = (*_TEXT_ESCAPES, ('"', "&quot;"), ("\n", "&#10;"), ("\t", "&#9;"))
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Any character that needs a look: most values have none and are written as they are.
_TEXT_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ATTR_SPECIAL = re.compile('[&<>"\n\t\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')


def _xml_escaped(value: object, special: re.Pattern, escapes: tuple[tuple[str, str], ...]) -> str:
    text = str(value)
    if not special.search(text):
        return text
    if _NOT_XML.search(text):
        raise ExportError(f"GraphML cannot hold the control character in {text[:60]!r}")
    for char, entity in escapes:
        text = text.replace(char, entity)
    return text


def _xml_text(value: object) -> str:
    return _xml_escaped(value, _TEXT_SPECIAL, _TEXT_ESCAPES)


def _xml_attr(value: object) -> str:
    return _xml_escaped(value, _ATTR_SPECIAL, _ATTR_ESCAPES)


def _graphml_keys(graph: nx.MultiDiGraph) -> dict[tuple[str, str, str], str]:
    """(attribute, scope, GraphML type) → key id, numbered in the order networkx's
    writer numbers them: graph attributes, then node, then edge attributes, each as
    first met. Dicts with the same attributes in the same order are looked at once."""
    keys: dict[tuple[str, str, str], str] = {}
    seen: set[tuple] = set()

    def add(scope: str, data: dict) -> None:
        shape = (scope, tuple(data), tuple(map(type, data.values())))
        if shape in seen:
            return
        seen.add(shape)
        for k, v in data.items():
            if type(v) not in GRAPHML_TYPES:
                raise ExportError(
                    f"GraphML cannot hold the {type(v).__name__} value of {scope} attribute {k!r}"
                )
            keys.setdefault((str(k), scope, GRAPHML_TYPES[type(v)]), f"d{len(keys)}")

    add("graph", graph.graph)
    for _, data in graph.nodes(data=True):
        add("node", data)
    for _, _, data in graph.edges(data=True):
        add("edge", data)
    return keys


class _ElementTemplates(dict):
    """(attribute names, value types) → the %-template of one element of a scope, its
    ``<data>`` lines included: ``head % (*ids, *values)`` writes the element. Elements
    of one kind mostly share a shape, so each template is built once."""

    def __init__(self, keys: dict, scope: str, head: str, indent: str):
        super().__init__()
        self.keys, self.scope, self.head, self.indent = keys, scope, head, indent

    def __missing__(self, shape: tuple) -> str:
        names, kinds = shape
        lines = "".join(
            f'{self.indent}<data key="{self.keys[str(name), self.scope, GRAPHML_TYPES[kind]]}">%s</data>\n'
            for name, kind in zip(names, kinds, strict=True)
        )
        if self.scope == "graph":
            template = lines
        elif names:
            template = f"<{self.head}>\n{lines}</{self.scope}>\n"
        else:
            template = f"<{self.head}/>\n"
        self[shape] = template
        return template


def _needs_a_look(text: str) -> bool:
    """Might ``text`` need escaping, or hold a character XML cannot? Four substring
    tests and ``isprintable`` (false for every control character) are several times
    faster than a regular expression over the text; the exact check follows if so."""
    return "&" in text or "<" in text or ">" in text or "\r" in text or not text.isprintable()


def _element(templates: _ElementTemplates, ids: tuple[str, ...], data: dict) -> str:
    """One element (or the graph's data lines). Most elements need no escaping at all,
    which one search over all their values tells."""
    values = data.values()
    texts = tuple(map(str, values))
    if _needs_a_look("".join(texts)):
        texts = tuple(map(_xml_text, texts))
    return templates[tuple(data), tuple(map(type, values))] % (*ids, *texts)


def graphml_edge_id(source: str, key: str, target: str) -> str:
    """An edge's GraphML id, unique in the file: "SOURCE|TYPE|TARGET". networkx would
    write the edge key, the relationship type, which repeats, and Gephi keeps only the
    first edge of each id (the type is also every edge's ``type`` attribute)."""
    return f"{source}|{key}|{target}"


def iter_graphml_chunks(graph: nx.MultiDiGraph) -> Iterator[str]:
    """GraphML text, byte for byte what ``nx.write_graphml_lxml(graph, prettyprint=True)``
    writes for graphs of str/int/float/bool attributes whose edge keys are the ids of
    ``graphml_edge_id``, one node or edge at a time. networkx's writer builds an lxml
    element per node, edge and value and infers each value's type twice: on a 100k-paper
    graph it took most of the export time."""
    keys = _graphml_keys(graph)
    yield _GRAPHML_HEAD
    for (name, scope, kind), key in reversed(keys.items()):
        yield f'<key id="{key}" for="{scope}" attr.name="{_xml_attr(name)}" attr.type="{kind}"/>\n'
    yield '<graph edgedefault="directed">' + _element(
        _ElementTemplates(keys, "graph", "", ""), (), graph.graph
    )
    nodes = _ElementTemplates(keys, "node", 'node id="%s"', "  ")
    edges = _ElementTemplates(keys, "edge", 'edge source="%s" target="%s" id="%s"', "  ")
    ids = {node: _xml_attr(node) for node in graph}
    for node, data in graph.nodes(data=True):
        yield _element(nodes, (ids[node],), data)
    key_ids: dict[str, str] = {}  # edge keys are the few relationship types (escaping is per character)
    for u, v, k, data in graph.edges(keys=True, data=True):
        key_id = key_ids.get(k)
        if key_id is None:
            key_id = key_ids[k] = _xml_attr(k)
        yield _element(edges, (ids[u], ids[v], graphml_edge_id(ids[u], key_id, ids[v])), data)
    yield "</graph></graphml>"


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    with atomic_writer(path) as handle:
        handle.writelines(iter_graphml_chunks(graph))


_LINE_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def _line_encoder() -> Callable[[dict], str]:
    """``json.dumps(item, ensure_ascii=False, sort_keys=True)`` as one function.
    ``JSONEncoder.encode`` makes a new C encoder on every call (with its circular-
    reference check and its memo of encoded keys): a fifth of the time of a graph.json
    edge line. Here it is made once, without the check, as graph properties are plain
    strings and numbers. Without the C module it is ``JSONEncoder.encode``."""
    if c_make_encoder is None:
        return _LINE_ENCODER.encode
    encoder = _LINE_ENCODER
    encode = c_make_encoder(
        None,
        encoder.default,
        encode_basestring,
        None,
        encoder.key_separator,
        encoder.item_separator,
        encoder.sort_keys,
        encoder.skipkeys,
        encoder.allow_nan,
    )
    return lambda item: "".join(encode(item, 0))


_json_line = _line_encoder()


def iter_node_link_lines(graph: nx.MultiDiGraph) -> Iterator[str]:
    """``nx.node_link_data(graph, edges="edges")`` as JSON text, one node or edge per
    line, top-level keys sorted, the same as ``json.dumps(..., sort_keys=True)`` parses."""
    yield '{"directed": true, "edges": ['
    for i, (u, v, k, data) in enumerate(graph.edges(keys=True, data=True)):
        yield ("\n" if i == 0 else ",\n") + _json_line({**data, "source": u, "target": v, "key": k})
    yield f'\n], "graph": {_json_line(graph.graph)}, "multigraph": true, "nodes": ['
    for i, (n, data) in enumerate(graph.nodes(data=True)):
        yield ("\n" if i == 0 else ",\n") + _json_line({**data, "id": n})
    yield "\n]}\n"


def write_node_link(graph: nx.MultiDiGraph, path: Path) -> None:
    with atomic_writer(path) as handle:
        handle.writelines(iter_node_link_lines(graph))


def paper_lines(resolution: Resolution) -> Iterator[dict]:
    for paper in resolution.papers:
        entities = [
            {
                "id": m.key,
                "label": m.label,
                "name": resolution.entities[m.key].name,
                "mention": m.text,
                "start": m.start,
                "end": m.end,
                "sentence": m.sentence,
                "relationship": RELATIONSHIP_FOR[(m.label, m.role)],
            }
            for m in resolution.mentions.get(paper.id, [])
        ]
        yield {
            "id": paper.id,
            "title": paper.title,
            "sources": [str(s) for s in paper.sources],
            "entities": entities,
            "acronyms": [{"short": a.short, "long": a.long} for a in resolution.acronyms.get(paper.id, [])],
        }


def iter_paper_json_lines(resolution: Resolution) -> Iterator[str]:
    """``_json_line`` of each of ``paper_lines``, written directly: encoding a dict per
    mention took 80 µs a paper, and the entity ids, labels, names and the paper's
    sentences, which repeat, were escaped again for every mention."""
    entities: dict[tuple[str, str], tuple[str, str]] = {}
    relationships = {pair: encode_basestring(rel) for pair, rel in RELATIONSHIP_FOR.items()}
    for paper in resolution.papers:
        sentences: dict[str, str] = {}
        items = []
        for m in resolution.mentions.get(paper.id, []):
            entity = entities.get((m.key, m.label))
            if entity is None:
                entity = entities[m.key, m.label] = _entity_json_parts(resolution, m.key, m.label)
            sentence = sentences.get(m.sentence)
            if sentence is None:
                sentence = sentences[m.sentence] = encode_basestring(m.sentence)
            items.append(
                f'{{"end": {m.end:d}, {entity[0]}"mention": {encode_basestring(m.text)}, {entity[1]}'
                f'"relationship": {relationships[m.label, m.role]}, "sentence": {sentence}, "start": {m.start:d}}}'
            )
        acronyms = (
            f'{{"long": {encode_basestring(a.long)}, "short": {encode_basestring(a.short)}}}'
            for a in resolution.acronyms.get(paper.id, [])
        )
        sources = (encode_basestring(str(s)) for s in paper.sources)
        yield (
            f'{{"acronyms": [{", ".join(acronyms)}], "entities": [{", ".join(items)}], '
            f'"id": {encode_basestring(paper.id)}, "sources": [{", ".join(sources)}], '
            f'"title": {encode_basestring(paper.title)}}}'
        )


def _entity_json_parts(resolution: Resolution, key: str, label: str) -> tuple[str, str]:
    """The ``"id", "label"`` and the ``"name"`` members of a mention of entity ``key``."""
    name = resolution.entities[key].name
    return (
        f'"id": {encode_basestring(key)}, "label": {encode_basestring(label)}, ',
        f'"name": {encode_basestring(name)}, ',
    )


def write_jsonl(path: Path, lines: Iterable[str]) -> None:
    """JSON texts, one a line."""
    with atomic_writer(path) as handle:
        for line in lines:
            handle.write(line + "\n")


def _header(name: str) -> str:
    if name in LIST_PROPERTIES:
        return f"{name}:string[]"
    return f"{name}:{TYPED[name]}" if name in TYPED else name


def _array_field(name: str, value: object) -> str:
    """A list property's items joined with ARRAY_DELIMITER (no items: an empty field)."""
    items = neo4j_value(name, value)
    field = ARRAY_DELIMITER.join(items)
    if items and field.count(ARRAY_DELIMITER) != len(items) - 1:
        item = next(item for item in items if ARRAY_DELIMITER in item)
        raise ExportError(
            f"the {name} item {item[:60]!r} holds U+001F, the neo4j-admin CSVs' array delimiter"
        )
    return field


def _csv_values(props: list[str]) -> Callable[[dict], Iterable]:
    """The fields of the columns ``props`` for one node's or relationship's properties:
    a missing property is an empty field, a list property its items (``_array_field``)."""
    blanks = itertools.repeat("")
    arrays = [(i, p) for i, p in enumerate(props) if p in LIST_PROPERTIES]
    if not arrays:
        return lambda data: map(data.get, props, blanks)

    def values(data: dict) -> list:
        row = list(map(data.get, props, blanks))
        for i, p in arrays:
            if row[i]:
                row[i] = _array_field(p, row[i])
        return row

    return values


def _property_names(items: list[dict], skip: set[str]) -> list[str]:
    return sorted({k for item in items for k in item if k not in skip})


def _csv_field(value: object) -> str:
    """A field as the csv module's minimal quoting writes it (None empty, anything else
    as ``str``), except that a carriage return is quoted too, so that neo4j-admin never
    sees a bare one as a line break. Four substring tests are faster than a regular
    expression: a third less time per row."""
    if value is None:
        return ""
    text = value if type(value) is str else str(value)
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    if "," in text or "\n" in text or "\r" in text:
        return '"' + text + '"'
    return text


def write_csv_rows(handle, rows: Iterable[list]) -> None:
    """Rows as CSV lines, twice as fast as ``csv.writer`` (which copies each character
    on its own); the same bytes as ``csv.writer(handle, lineterminator="\\n")`` but for
    a field holding a carriage return, which is quoted here."""
    batch = []
    for row in rows:
        batch.append(",".join(map(_csv_field, row)))
        if len(batch) >= 4096:
            handle.write("\n".join(batch) + "\n")
            batch = []
    if batch:
        handle.write("\n".join(batch) + "\n")


def write_node_csvs(graph: nx.MultiDiGraph, folder: Path) -> list[str]:
    """One CSV per node label, in ``NODE_LABELS`` order; returns file names."""
    folder.mkdir(parents=True, exist_ok=True)  # present even when the graph is empty
    written = []
    nodes: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for node_id, data in graph.nodes(data=True):
        nodes[data["label"]].append((node_id, data))
    for label in NODE_LABELS:
        if not nodes.get(label):
            continue
        props = _property_names([d for _, d in nodes[label]], {"label"})
        name = f"nodes_{label}.csv"
        with atomic_writer(folder / name, newline="") as handle:
            header = [f"id:ID({label})", ":LABEL", *(_header(p) for p in props)]
            values = _csv_values(props)
            body = ([node_id, label, *values(data)] for node_id, data in nodes[label])
            write_csv_rows(handle, itertools.chain([header], body))
        written.append(name)
    return written


def write_relationship_csvs(graph: nx.MultiDiGraph, folder: Path, types: Iterable[str]) -> list[str]:
    """One CSV per (relationship type, start label, end label) of the given ``types``,
    in ``RELATIONSHIP_TYPES`` order; rows in ``graph.edges`` order. Returns file names."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = frozenset(types)
    written = []
    labels = dict(graph.nodes(data="label"))
    rels: dict[tuple[str, str, str], list[tuple[str, str, dict]]] = defaultdict(list)
    for source, neighbors in graph.adjacency():  # graph.edges order, no tuple per skipped edge
        for target, keyed in neighbors.items():
            for rel_type, data in keyed.items():
                if rel_type in wanted:
                    rels[(rel_type, labels[source], labels[target])].append((source, target, data))
    for rel_type in (t for t in RELATIONSHIP_TYPES if t in wanted):
        for (kind, start_label, end_label), rows in sorted(rels.items()):
            if kind != rel_type:
                continue
            props = _property_names([d for _, _, d in rows], {"type"})
            name = f"rels_{rel_type}_{start_label}_{end_label}.csv"
            with atomic_writer(folder / name, newline="") as handle:
                header = [f":START_ID({start_label})", f":END_ID({end_label})", ":TYPE", *map(_header, props)]
                values = _csv_values(props)
                body = ([source, target, rel_type, *values(data)] for source, target, data in rows)
                write_csv_rows(handle, itertools.chain([header], body))
            written.append(name)
    return written


def build_report(graph: nx.MultiDiGraph, ingest_report: IngestReport, resolution: Resolution) -> dict:
    return {
        "ingest": ingest_report.to_dict(),
        "nodes": count_nodes_by_label(graph),
        "relationships": count_edges_by_type(graph),
        "node_total": graph.number_of_nodes(),
        "relationship_total": graph.number_of_edges(),
        "ambiguous_acronyms": resolution.ambiguous_acronyms,
        "communities": graph.graph.get("communities", 0),
        "modularity": graph.graph.get("modularity"),
        "variant_merges": len(resolution.merges),
        "papers_without_entities": sum(
            1
            for n, d in graph.nodes(data=True)
            if d["label"] == PAPER and d.get("degree", graph.out_degree(n)) == 0
        ),
    }


OUTPUT_FILES = ("graph.graphml", "graph.json", "papers.jsonl", "report.json", IMPORT_DIR)


def write_outputs(
    graph: nx.MultiDiGraph,
    resolution: Resolution,
    ingest_report: IngestReport,
    out: Path,
    processes: int = 1,
) -> dict[str, Path]:
    """Write every file export into ``out``; returns name → path (see ``StagedOutput``)."""
    with StagedOutput(out, processes) as staged:
        staged.write_papers(resolution)
        staged.write_evidence(graph)
        return staged.finish(graph, resolution, ingest_report)


class StagedOutput:
    """The file exports of one build, written into a staging folder beside ``out`` and
    moved into ``out`` only when all are complete: a failed or interrupted build leaves
    the previous output as it was (and removes its staging folder).

    With ``processes`` ≥ 2 (and ``fork``) the writing is spread over the build, each
    file written by a forked process as soon as what it holds is final, with the same
    bytes as one process writes:

    * ``write_papers``, once the resolution is done: ``papers.jsonl``, while this
      process builds the graph;
    * ``write_evidence``, once the graph is built: the CSVs of the seven evidence
      relationship types (most rows); the build calls it once the RELATED_TO links are
      computed (in two processes themselves), so that it runs while this process finds
      the communities;
    * ``finish``: ``graph.json`` and the other CSVs, while this process writes the
      GraphML and the report, then waits for every writer.

    On the generated 100k corpus the files took 64 s after the analysis when one process
    wrote them all, 28 s with the three forked writers. With one process only ``finish``
    writes, every file.
    """

    def __init__(self, out: Path, processes: int = 1):
        check_output_folder(out)
        self.out = out
        self.parallel = processes > 1 and can_fork()
        with self._os_errors():
            self.staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
        self._children: list[ForkedCall] = []
        self._papers: ForkedCall | None = None
        self._evidence: ForkedCall | None = None

    def __enter__(self) -> StagedOutput:
        return self

    def __exit__(self, *exc_info) -> None:
        try:
            for child in self._children:
                child.cancel()
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)

    @contextlib.contextmanager
    def _os_errors(self) -> Iterator[None]:
        try:
            yield
        except OSError as error:  # a full disk, a folder removed while writing
            raise ExportError(f"{self.out}: cannot write the output ({error.strerror or error})") from None

    def _fork(self, task: Callable[[], object]) -> ForkedCall | None:
        """``task`` started in a forked child, or None when no child can be forked (no
        memory or process slot left): then this process writes everything itself."""
        child = ForkedCall(task)
        self._children.append(child)  # before the fork: __exit__ reaches it whatever happens
        try:
            child.start()
        except OSError:
            self._children.remove(child)
            self.parallel = False
            return None
        return child

    def write_papers(self, resolution: Resolution) -> None:
        if self.parallel and self._papers is None:
            self._papers = self._fork(functools.partial(_write_papers, resolution, self.staging))

    def write_evidence(self, graph: nx.MultiDiGraph) -> None:
        if self.parallel and self._evidence is None:
            self._evidence = self._fork(functools.partial(_write_evidence_csvs, graph, self.staging))

    def finish(
        self, graph: nx.MultiDiGraph, resolution: Resolution, ingest_report: IngestReport
    ) -> dict[str, Path]:
        """Write the rest, wait for the forked writers and move the files into ``out``."""
        with self._os_errors():
            late_task = functools.partial(_write_analyzed_files, graph, self.staging)
            late = self._fork(late_task) if self.parallel else None
            write_graphml(graph, self.staging / "graph.graphml")
            write_json(self.staging / "report.json", build_report(graph, ingest_report, resolution))
            if self._papers is None:
                _write_papers(resolution, self.staging)
            else:
                self._papers.result()
            if self._evidence is None:
                evidence_csvs = _write_evidence_csvs(graph, self.staging)
            else:
                evidence_csvs = self._evidence.result()
            node_csvs, analyzed_csvs = late_task() if late is None else late.result()
            _move_into(self.staging, self.out)
            _remove_stale_report(self.out)
        csvs = node_csvs + evidence_csvs + analyzed_csvs
        paths = {n: self.out / n for n in OUTPUT_FILES if n != IMPORT_DIR}
        paths.update({f"{IMPORT_DIR}/{n}": self.out / IMPORT_DIR / n for n in csvs})
        return paths


#: Where ``graphbuild stats --plots`` writes its report by default, inside the build folder.
REPORT_DIR = "stats"


def _remove_stale_report(out: Path) -> None:
    """A statistics report that ``graphbuild stats`` wrote into the build folder
    describes the graph this build replaced: it goes (a folder without its
    ``stats.json`` is not graphbuild's and stays)."""
    report = out / REPORT_DIR
    if (report / "stats.json").is_file():
        shutil.rmtree(report)


def _write_papers(resolution: Resolution, staging: Path) -> None:
    write_jsonl(staging / "papers.jsonl", iter_paper_json_lines(resolution))


def _write_evidence_csvs(graph: nx.MultiDiGraph, staging: Path) -> list[str]:
    """The evidence relationship CSVs: what the analysis leaves as it is."""
    return write_relationship_csvs(graph, staging / IMPORT_DIR, EVIDENCE_TYPES)


def _write_analyzed_files(graph: nx.MultiDiGraph, staging: Path) -> tuple[list[str], list[str]]:
    """``graph.json``, the node CSVs and the RELATED_TO and IN_COMMUNITY CSVs."""
    write_node_link(graph, staging / "graph.json")
    folder = staging / IMPORT_DIR
    analyzed = [t for t in RELATIONSHIP_TYPES if t not in EVIDENCE_TYPES]
    return write_node_csvs(graph, folder), write_relationship_csvs(graph, folder, analyzed)


def check_output_folder(out: Path) -> None:
    """Can the output be written into ``out`` (and its staging folder beside it)? Checked
    before a build starts, so that a wrong ``--out`` fails at once, not after the build."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        for folder in (out, out.parent):
            fd, probe = tempfile.mkstemp(prefix=".graphbuild-probe-", dir=folder)
            os.close(fd)
            os.unlink(probe)
    except OSError as error:
        raise ExportError(f"{out}: cannot write the output here ({error.strerror or error})") from None


def _move_into(staging: Path, out: Path) -> None:
    """Replace graphbuild's files in ``out`` by the staged ones (other files are left alone)."""
    old_import = out / IMPORT_DIR
    if old_import.exists():
        retired = Path(tempfile.mkdtemp(prefix=".retired-", dir=out))
        os.replace(old_import, retired / IMPORT_DIR)
        shutil.rmtree(retired, ignore_errors=True)
    for name in OUTPUT_FILES:
        os.replace(staging / name, out / name)
