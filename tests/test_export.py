from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import multiprocessing
import os
import signal
import time

import networkx as nx
import pytest
from conftest import ABSTRACT_A, ABSTRACT_B

from graphbuild import pipeline
from graphbuild.errors import ExportError
from graphbuild.export import files, write_outputs
from graphbuild.export.files import (
    graphml_edge_id,
    iter_graphml_chunks,
    iter_paper_json_lines,
    paper_lines,
    write_csv_rows,
    write_node_csvs,
    write_relationship_csvs,
)
from graphbuild.export.values import neo4j_properties
from graphbuild.extract.engines import ExtractEngine
from graphbuild.forked import ForkedCall
from graphbuild.pipeline import build, bundled_corpus


def _fixture_build(write, tmp_path):
    path = write(
        "in.jsonl",
        "\n".join(
            [
                f'{{"title": "Unbalanced Monge Maps", "abstract": "{ABSTRACT_A}", "year": 2023}}',
                f'{{"title": "Another Paper on Transport", "abstract": "{ABSTRACT_B}"}}',
            ]
        )
        + "\n",
    )
    out = tmp_path / "out"
    return build([path], out, progress=False), out


def test_graphml_and_node_link_json_round_trip_through_networkx(write, tmp_path):
    result, out = _fixture_build(write, tmp_path)
    from_graphml = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    from_json = nx.node_link_graph(json.loads((out / "graph.json").read_text()), edges="edges")
    for graph in (from_graphml, from_json):
        assert sorted(graph.nodes) == sorted(result.graph.nodes)
    assert sorted(from_json.edges(keys=True)) == sorted(result.graph.edges(keys=True))
    # GraphML edge ids are unique ("SOURCE|TYPE|TARGET"); the type is an attribute too
    assert sorted(from_graphml.edges(keys=True)) == sorted(
        (u, v, graphml_edge_id(u, k, v)) for u, v, k in result.graph.edges(keys=True)
    )
    assert {d["type"] for *_, d in from_graphml.edges(data=True)} == {
        k for *_, k in result.graph.edges(keys=True)
    }
    paper = next(n for n, d in result.graph.nodes(data=True) if d.get("year") == 2023)
    assert from_graphml.nodes[paper]["year"] == 2023
    assert from_json.nodes[paper]["title"] == "Unbalanced Monge Maps"
    edge = from_graphml.edges[
        paper, "concept:optimal-transport", f"{paper}|MENTIONS|concept:optimal-transport"
    ]
    assert edge["count"] == 2  # "optimal transport (OT)", then "OT flow matching (OT-FM)"
    assert [e["mention"] for e in json.loads(edge["evidence"])] == ["optimal transport", "OT"]


def _lxml_graphml(graph: nx.MultiDiGraph) -> bytes:
    """What networkx writes for ``graph`` with each edge keyed by its GraphML id."""
    keyed = nx.MultiDiGraph(**graph.graph)
    keyed.add_nodes_from(graph.nodes(data=True))
    for u, v, k, data in graph.edges(keys=True, data=True):
        keyed.add_edge(u, v, key=graphml_edge_id(u, k, v), **data)
    handle = io.BytesIO()
    nx.write_graphml_lxml(keyed, handle, encoding="utf-8", prettyprint=True)
    return handle.getvalue()


def test_streamed_graphml_is_byte_for_byte_what_networkx_writes(write, tmp_path):
    result, out = _fixture_build(write, tmp_path)
    assert (out / "graph.graphml").read_bytes() == _lxml_graphml(result.graph)


def test_streamed_graphml_escapes_markup_and_keeps_types_like_networkx():
    odd = "a&b<c>d\"e'f\ng\rh\ti]]>j é 中 \u2028"
    graph = nx.MultiDiGraph(modularity=0.5)
    graph.add_node(odd, label=odd, count=3, weight=0.1, flag=True)
    graph.add_node("bare")
    graph.add_node("typed", count="three")  # same name, other type: a second key
    graph.add_edge(odd, "bare", key=odd, note=odd)
    graph.add_edge("typed", "bare", key="PLAIN")
    text = "".join(iter_graphml_chunks(graph))
    assert text.encode() == _lxml_graphml(graph)
    assert '<key id="d5" for="node" attr.name="count" attr.type="string"/>' in text
    assert '<edge source="typed" target="bare" id="typed|PLAIN|bare"/>' in text


def test_graphml_refuses_a_control_character_with_a_clear_error():
    graph = nx.MultiDiGraph()
    graph.add_node("paper:1", title="bell \x07 here")
    with pytest.raises(ExportError, match="control character"):
        "".join(iter_graphml_chunks(graph))


def test_streamed_graph_json_is_networkx_node_link_data_one_item_per_line(write, tmp_path):
    result, out = _fixture_build(write, tmp_path)
    text = (out / "graph.json").read_text()
    assert json.loads(text) == json.loads(json.dumps(nx.node_link_data(result.graph, edges="edges")))
    lines = text.splitlines()
    items = result.graph.number_of_nodes() + result.graph.number_of_edges()
    assert len(lines) == items + 3  # opening, between edges and nodes, closing
    assert lines[0] == '{"directed": true, "edges": [' and lines[-1] == "]}"


def test_papers_jsonl_has_entities_and_acronyms(write, tmp_path):
    _, out = _fixture_build(write, tmp_path)
    rows = [json.loads(line) for line in (out / "papers.jsonl").read_text().splitlines()]
    row = next(r for r in rows if r["title"] == "Unbalanced Monge Maps")
    assert row["acronyms"] == [
        {"long": "optimal transport", "short": "OT"},
        {"long": "OT flow matching", "short": "OT-FM"},
    ]
    picked = [{k: e[k] for k in ("label", "name", "mention", "start", "end")} for e in row["entities"][:2]]
    assert picked == [
        {
            "label": "Concept",
            "name": "Unbalanced Monge Maps",
            "mention": "Unbalanced Monge Maps",
            "start": 0,
            "end": 21,
        },
        {
            "label": "Concept",
            "name": "optimal transport",
            "mention": "optimal transport",
            "start": 25,
            "end": 42,
        },
    ]
    text = "Unbalanced Monge Maps\n" + ABSTRACT_A
    assert all(text[e["start"] : e["end"]] == e["mention"] for e in row["entities"])


def test_paper_json_lines_are_what_json_dumps_writes_for_each_paper(corpus_build):
    expected = [
        json.dumps(row, ensure_ascii=False, sort_keys=True) for row in paper_lines(corpus_build.resolution)
    ]
    assert list(iter_paper_json_lines(corpus_build.resolution)) == expected


def test_import_csvs_use_the_neo4j_admin_header_format(write, tmp_path):
    result, out = _fixture_build(write, tmp_path)
    folder = out / "neo4j-import"
    files = sorted(p.name for p in folder.iterdir())
    assert "nodes_Paper.csv" in files and "rels_HAS_CODE_Paper_Repository.csv" in files
    with (folder / "nodes_Paper.csv").open(newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:2] == ["id:ID(Paper)", ":LABEL"] and "year:int" in rows[0]
    assert len(rows) - 1 == 2
    with (folder / "rels_HAS_CODE_Paper_Repository.csv").open(newline="") as handle:
        rels = list(csv.DictReader(handle))
    assert {r[":END_ID(Repository)"] for r in rels} == {"repo:github.com/example/uot-fm"}
    assert all(r[":TYPE"] == "HAS_CODE" and int(r["count:int"]) == 1 for r in rels)
    node_rows = sum(len(list(csv.reader(p.open()))) - 1 for p in folder.glob("nodes_*.csv"))
    rel_rows = sum(len(list(csv.reader(p.open()))) - 1 for p in folder.glob("rels_*.csv"))
    assert (node_rows, rel_rows) == (result.graph.number_of_nodes(), result.graph.number_of_edges())


def _list_property_graph() -> nx.MultiDiGraph:
    """Every list property as the graph holds it: joined ("; ", " | ") or JSON text."""
    g = nx.MultiDiGraph()
    g.add_node(
        "paper:a", label="Paper", name="A", title="A", sources='in, "odd".jsonl:1', authors="Ada; O'Brien"
    )
    g.add_node("paper:b", label="Paper", name="B", title="B", sources="b.jsonl:1; b.jsonl:7")
    forms = {"surface_forms": "OT | optimal transport", "merged_because": ""}
    g.add_node("concept:ot", label="Concept", name="optimal transport", **forms)
    g.add_node(
        "community:0",
        label="Community",
        name="optimal transport",
        size=2,
        top_concepts='["optimal transport"]',
    )
    evidence = '[{"end": 2, "mention": "OT", "sentence": "OT, again.", "start": 0}]'
    g.add_edge("paper:a", "concept:ot", key="MENTIONS", type="MENTIONS", count=1, evidence=evidence)
    g.add_edge("paper:a", "paper:b", key="RELATED_TO", type="RELATED_TO", weight=1.5, shared='["concept:ot"]')
    return g


def test_list_properties_are_neo4j_lists_and_empty_values_are_left_out():
    g = _list_property_graph()
    assert neo4j_properties(g.nodes["paper:a"]) == {
        "label": "Paper",
        "name": "A",
        "title": "A",
        "sources": ['in, "odd".jsonl:1'],
        "authors": ["Ada", "O'Brien"],
    }
    assert neo4j_properties(g.nodes["concept:ot"]) == {
        "label": "Concept",
        "name": "optimal transport",
        "surface_forms": ["OT", "optimal transport"],
    }
    assert neo4j_properties(g.nodes["community:0"])["top_concepts"] == ["optimal transport"]
    assert neo4j_properties(g.edges["paper:a", "paper:b", "RELATED_TO"])["shared"] == ["concept:ot"]
    mentions = g.edges["paper:a", "concept:ot", "MENTIONS"]
    assert neo4j_properties(mentions) == mentions  # evidence (a list of objects) stays JSON text
    with pytest.raises(ExportError) as refused:
        neo4j_properties({"shared": '{"concept:ot": 1}'})
    assert str(refused.value) == (
        "graph.json: the shared property '{\"concept:ot\": 1}' is not a JSON list of strings; rebuild the graph"
    )


def test_import_csvs_write_list_properties_as_string_arrays(tmp_path):
    g = _list_property_graph()
    write_node_csvs(g, tmp_path)
    write_relationship_csvs(g, tmp_path, ("MENTIONS", "RELATED_TO"))
    assert (tmp_path / "nodes_Paper.csv").read_text() == (
        "id:ID(Paper),:LABEL,authors:string[],name,sources:string[],title\n"
        'paper:a,Paper,Ada\x1fO\'Brien,A,"in, ""odd"".jsonl:1",A\n'
        "paper:b,Paper,,B,b.jsonl:1\x1fb.jsonl:7,B\n"
    )
    assert (tmp_path / "nodes_Concept.csv").read_text() == (
        "id:ID(Concept),:LABEL,merged_because:string[],name,surface_forms:string[]\n"
        "concept:ot,Concept,,optimal transport,OT\x1foptimal transport\n"
    )
    assert (tmp_path / "nodes_Community.csv").read_text() == (
        "id:ID(Community),:LABEL,name,size:int,top_concepts:string[]\n"
        "community:0,Community,optimal transport,2,optimal transport\n"
    )
    assert (tmp_path / "rels_RELATED_TO_Paper_Paper.csv").read_text() == (
        ":START_ID(Paper),:END_ID(Paper),:TYPE,shared:string[],weight:float\n"
        "paper:a,paper:b,RELATED_TO,concept:ot,1.5\n"
    )
    assert (tmp_path / "rels_MENTIONS_Paper_Concept.csv").read_text().splitlines()[0] == (
        ":START_ID(Paper),:END_ID(Concept),:TYPE,count:int,evidence"
    )


def test_import_csvs_refuse_a_list_item_holding_the_array_delimiter(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node("concept:x", label="Concept", name="x", surface_forms="x | a\x1fb")
    with pytest.raises(ExportError) as refused:
        write_node_csvs(g, tmp_path)
    assert str(refused.value) == (
        "the surface_forms item 'a\\x1fb' holds U+001F, the neo4j-admin CSVs' array delimiter"
    )


def test_import_csv_lines_are_what_the_csv_module_writes_and_quote_carriage_returns():
    rows = [
        ["id", "plain text", 'say "hi"', "a,b", "two\nlines", "", None, 3, 0.25, True, " padded "],
        ["id2", "café 中", "", "x", "y", "z", None, -1, 1e-07, False, ("a", "b")],
    ]
    expected = io.StringIO()
    csv.writer(expected, lineterminator="\n").writerows(rows)
    written = io.StringIO()
    write_csv_rows(written, rows)
    assert written.getvalue() == expected.getvalue()
    written = io.StringIO()
    write_csv_rows(written, [["a\rb", "c"]])
    assert written.getvalue() == '"a\rb",c\n'
    assert list(csv.reader(io.StringIO(written.getvalue(), newline=""))) == [["a\rb", "c"]]


def _digests(folder):
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_input_gives_byte_identical_output(tmp_path, corpus_build):
    second = tmp_path / "again"
    build([bundled_corpus()], second, progress=False)
    first = next(iter(corpus_build.outputs.values())).parent
    assert _digests(first) == _digests(second)
    assert len(_digests(second)) >= 10


def test_report_counts_match_the_graph(corpus_build):
    out = corpus_build.outputs["report.json"]
    report = json.loads(out.read_text())
    assert report["ingest"]["unique_papers"] == 955
    assert report["nodes"]["Paper"] == 955
    assert sum(report["nodes"].values()) == corpus_build.graph.number_of_nodes()
    assert sum(report["relationships"].values()) == corpus_build.graph.number_of_edges()


def test_output_files_get_the_usual_permissions(write, tmp_path):
    previous = os.umask(0o022)
    try:
        _, out = _fixture_build(write, tmp_path)
    finally:
        os.umask(previous)
    modes = {p.relative_to(out).as_posix(): p.stat().st_mode & 0o777 for p in out.rglob("*") if p.is_file()}
    assert modes and set(modes.values()) == {0o644}, modes


def test_two_export_processes_write_the_same_bytes_as_one(tmp_path, corpus_build):
    two = tmp_path / "two"
    write_outputs(corpus_build.graph, corpus_build.resolution, corpus_build.report, two, processes=2)
    first = next(iter(corpus_build.outputs.values())).parent
    assert _digests(two) == _digests(first)
    assert list(tmp_path.iterdir()) == [two]  # no staging folder left


def _previous_output(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.json").write_text("previous")
    return out


#: The writers the forked processes run: after resolution, after the links, and with the GraphML.
FORKED_WRITERS = ("_write_papers", "_write_evidence_csvs", "_write_analyzed_files")


def _outputs_from_a_failing_child(monkeypatch, corpus_build, out, writer, failure):
    monkeypatch.setattr(files, writer, lambda *args: failure())
    write_outputs(corpus_build.graph, corpus_build.resolution, corpus_build.report, out, processes=2)


@pytest.mark.parametrize("writer", FORKED_WRITERS)
def test_a_full_disk_in_the_export_process_is_a_one_line_error_and_keeps_the_old_output(
    writer, monkeypatch, corpus_build, tmp_path
):
    out = _previous_output(tmp_path)

    def full_disk():
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(ExportError) as error:
        _outputs_from_a_failing_child(monkeypatch, corpus_build, out, writer, full_disk)
    assert str(error.value) == f"{out}: cannot write the output (No space left on device)"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert [p.name for p in out.iterdir()] == ["graph.json"]
    assert (out / "graph.json").read_text() == "previous"


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM])
@pytest.mark.parametrize("writer", FORKED_WRITERS)
def test_an_export_process_that_dies_fails_the_export_and_keeps_the_old_output(
    writer, stop, monkeypatch, corpus_build, tmp_path
):
    out = _previous_output(tmp_path)
    died = rf"^an export process died before it finished \(exit code -{int(stop)}\)$"
    with pytest.raises(ExportError, match=died):
        _outputs_from_a_failing_child(
            monkeypatch, corpus_build, out, writer, lambda: os.kill(os.getpid(), stop)
        )
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert (out / "graph.json").read_text() == "previous"


@pytest.mark.parametrize("writer", FORKED_WRITERS)
def test_an_unexpected_error_in_the_export_process_is_named_in_one_line(
    writer, monkeypatch, corpus_build, tmp_path
):
    out = _previous_output(tmp_path)

    def broken():
        raise ValueError("no such property")

    with pytest.raises(ExportError) as error:
        _outputs_from_a_failing_child(monkeypatch, corpus_build, out, writer, broken)
    message = str(error.value)
    assert message.startswith("an export process failed: ValueError: no such property at ")
    assert message.endswith("test_export.py:" + str(broken.__code__.co_firstlineno + 1))
    assert "\n" not in message


def test_a_build_that_fails_in_the_analysis_stops_the_early_writers_and_keeps_the_old_output(
    write, monkeypatch, tmp_path
):
    out = _previous_output(tmp_path)
    corpus = write("in/papers.jsonl", f'{{"title": "Unbalanced Monge Maps", "abstract": "{ABSTRACT_A}"}}\n')
    started = []

    def slow(writer):
        def run(*args):
            time.sleep(30)
            return writer(*args)

        return run

    def failing_analysis(graph, options, processes, links_found):
        links_found()
        started.extend(multiprocessing.active_children())
        raise RuntimeError("analysis failed")

    monkeypatch.setattr(files, "_write_papers", slow(files._write_papers))
    monkeypatch.setattr(files, "_write_evidence_csvs", slow(files._write_evidence_csvs))
    monkeypatch.setattr(pipeline, "enrich_graph", failing_analysis)
    clock = time.perf_counter()
    with pytest.raises(RuntimeError, match="analysis failed"):
        build([corpus], out, progress=False, engine=ExtractEngine(workers=2))
    assert time.perf_counter() - clock < 20  # the writers were stopped, not waited for
    assert len(started) == 2  # the writers of papers.jsonl and of the evidence CSVs
    assert multiprocessing.active_children() == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]
    assert (out / "graph.json").read_text() == "previous"


def test_when_no_process_can_be_forked_this_one_writes_every_file(monkeypatch, tmp_path, corpus_build):
    def no_memory(self):
        raise OSError(errno.ENOMEM, "Cannot allocate memory")

    monkeypatch.setattr(ForkedCall, "start", no_memory)
    out = tmp_path / "out"
    write_outputs(corpus_build.graph, corpus_build.resolution, corpus_build.report, out, processes=2)
    assert _digests(out) == _digests(next(iter(corpus_build.outputs.values())).parent)


def test_a_writer_stopped_just_after_its_fork_ends_at_once_and_silently(capfd):
    child = ForkedCall(lambda: time.sleep(5))
    child.start()
    clock = time.perf_counter()
    child.cancel()
    assert time.perf_counter() - clock < 2
    assert child._process.exitcode == -signal.SIGTERM
    assert capfd.readouterr().err == ""


def test_a_rebuild_removes_the_stats_report_of_the_old_graph(write, tmp_path):
    _, out = _fixture_build(write, tmp_path)
    (out / "stats").mkdir()
    (out / "stats" / "stats.json").write_text("{}\n")
    (out / "notes").mkdir()
    (out / "notes" / "mine.txt").write_text("kept\n")
    _fixture_build(write, tmp_path)  # the same folder again
    assert not (out / "stats").exists()
    assert (out / "notes" / "mine.txt").read_text() == "kept\n"
