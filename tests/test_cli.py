from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import ABSTRACT_A
from graphs import tiny_graph

from graphbuild import __version__
from graphbuild.analyze.enrich import AnalysisOptions, enrich_graph
from graphbuild.analyze.report import build_report
from graphbuild.cli import main
from graphbuild.export.files import write_node_link


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.output.strip() == f"graphbuild, version {__version__}"


def test_build_prints_counts_and_writes_files(write, tmp_path):
    path = write(
        "in.jsonl", f'{{"title": "Monge Maps", "abstract": "{ABSTRACT_A}"}}\n{{"title": "No abstract"}}\n'
    )
    out = tmp_path / "out"
    result = run("build", path, "--out", out)
    assert result.exit_code == 0, result.output
    assert "papers: 1 unique from 2 records in 1 file (0 duplicates merged, 1 skipped)" in result.output
    assert f"skipped {path}:2: record has no abstract" in result.output
    assert "Paper" in result.output and "HAS_CODE" in result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "graph.graphml",
        "graph.json",
        "neo4j-import",
        "papers.jsonl",
        "report.json",
    ]
    stats = run("stats", out, "--json")
    assert stats.exit_code == 0
    summary = json.loads(stats.output)
    assert summary["nodes"]["Paper"] == 1 and summary["relationships"]["HAS_CODE"] == 1


def test_extract_prints_one_json_line_per_paper(write):
    path = write("in.jsonl", f'{{"title": "Monge Maps", "abstract": "{ABSTRACT_A}"}}\n')
    result = run("extract", path)
    assert result.exit_code == 0
    (line,) = result.stdout.splitlines()
    row = json.loads(line)
    assert row["title"] == "Monge Maps"
    assert {"label": "Repository", "name": "github.com/example/uot-fm"}.items() <= next(
        e for e in row["entities"] if e["label"] == "Repository"
    ).items()


def test_bad_inputs_give_one_line_errors_and_nonzero_exit(write, tmp_path):
    cases = [
        (tmp_path / "missing.txt", "no such file or folder"),
        (write("latin.txt", "T\nCaf\xe9\n".encode("latin-1")), "latin.txt:2: not UTF-8"),
        (write("x.pdf", "%PDF"), "unknown input format '.pdf'"),
        (write("bad.csv", "name,text\n"), "bad.csv:1: CSV header has no title or abstract column"),
    ]
    for path, message in cases:
        result = run("build", path, "--out", tmp_path / "o")
        assert result.exit_code == 1
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], result.output
        assert "Traceback" not in result.output


def test_stats_on_a_folder_without_a_build(tmp_path):
    result = run("stats", tmp_path)
    assert result.exit_code == 1
    assert "graph.json: not found; run 'graphbuild build" in result.output


def test_explain_prints_forms_and_refuses_papers(write, tmp_path):
    from conftest import ABSTRACT_B

    rows = [("Unbalanced Monge Maps", ABSTRACT_A), ("Another Paper on Transport", ABSTRACT_B)]
    path = write("x.jsonl", "".join(f'{{"title": "{t}", "abstract": "{a}"}}\n' for t, a in rows))
    out = tmp_path / "out"
    assert run("build", path, "--out", out).exit_code == 0
    result = run("explain", "optimal transport", "--graph", out, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "id": "concept:optimal-transport",
        "label": "Concept",
        "name": "optimal transport",
        "papers": 2,
        "mentions": 3,
        "evidence": 3,
        "forms": [  # the second OT opens "OT flow matching (OT-FM)", a kind of flow matching
            {"evidence": 2, "form": "OT", "why": "short form defined with this long form"},
            {"evidence": 1, "form": "optimal transport", "why": "canonical name"},
        ],
        "merged_because": ["short form 'OT' defined with this long form"],
    }
    table = run("explain", "concept:optimal-transport", "--graph", out)
    assert [line.rstrip() for line in table.output.splitlines()[:2]] == [
        "Concept concept:optimal-transport 'optimal transport' in 2 papers, 3 mentions",
        "evidence  form               why",
    ]
    assert "  merged because short form 'OT' defined with this long form" in table.output
    title = run("explain", "Unbalanced Monge Maps", "--graph", out)
    assert title.output.startswith(
        "Concept concept:unbalanced-monge-map 'Unbalanced Monge Maps' in 1 paper, 1 mention\n"
    )
    missing = run("explain", "zzzz qqqq", "--graph", out)
    assert (missing.exit_code, missing.output) == (1, "Error: nothing called 'zzzz qqqq' in the graph\n")


def test_explain_marks_forms_beyond_the_kept_evidence(tmp_path):
    from test_query import capped_graph

    write_node_link(capped_graph(), tmp_path / "graph.json")
    result = run("explain", "optimal transport", "--graph", tmp_path)
    assert result.exit_code == 0, result.output
    assert [line.rstrip() for line in result.output.splitlines()] == [
        "Concept concept:optimal-transport 'optimal transport' in 1 paper, 14 mentions",
        "form counts are from the 10 of 14 mentions kept as evidence (at most 10 per relationship); "
        "— : a form written only in the other 4",
        "evidence  form               why",
        "10        OT                 short form defined with this long form",
        "—         optimal transport  canonical name",
        "  merged because short form 'OT' defined with this long form",
    ]
    payload = json.loads(run("explain", "concept:optimal-transport", "--graph", tmp_path, "--json").output)
    assert (payload["papers"], payload["mentions"], payload["evidence"]) == (1, 14, 10)
    assert [(f["form"], f["evidence"]) for f in payload["forms"]] == [("OT", 10), ("optimal transport", 0)]


def test_extract_reports_skipped_records_on_stderr_and_runs_no_analysis(write, monkeypatch):
    def no_analysis(*args, **kwargs):
        raise AssertionError("extract must not run the analysis")

    monkeypatch.setattr("graphbuild.pipeline.enrich_graph", no_analysis)
    path = write(
        "in.jsonl", f'{{"title": "Monge Maps", "abstract": "{ABSTRACT_A}"}}\n{{"title": "No abstract"}}\n'
    )
    result = run("extract", path)
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == ["Monge Maps"]
    assert result.stderr.splitlines() == [
        "papers: 1 unique from 2 records in 1 file (0 duplicates merged, 1 skipped)",
        f"  skipped {path}:2: record has no abstract",
    ]


def test_extract_interrupted_exits_130_with_one_line(write, monkeypatch):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("graphbuild.pipeline.build", interrupt)
    result = run("extract", write("in.jsonl", f'{{"title": "T", "abstract": "{ABSTRACT_A}"}}\n'))
    assert (result.exit_code, result.stdout, result.stderr) == (130, "", "interrupted: nothing printed\n")


@pytest.fixture
def enriched_folder(tmp_path):
    """tiny_graph, enriched (communities {p1, p2} and {p3, p4}), written as a build folder."""
    graph = tiny_graph()
    graph.nodes["p1"]["name"] = graph.nodes["p1"]["title"] = "Über die Schrödinger-Brücke 猫"
    enrich_graph(graph, AnalysisOptions(top_k=10, min_weight=0.5, seed=1))
    write_node_link(graph, tmp_path / "graph.json")
    return tmp_path, graph


def test_stats_table_uses_the_report_degree(enriched_folder):
    folder, graph = enriched_folder
    result = run("stats", folder)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    start = lines.index("degree, distinct linked nodes (min / median / mean / max):")
    by_label = build_report(graph)["degree"]["by_label"]
    assert lines[start + 1 :] == [
        f"  {label:<10}  {d['min']} / {d['median']} / {d['mean']} / {d['max']}"
        for label, d in by_label.items()
    ]
    assert [line.split()[0] for line in lines[start + 1 :]] == ["Concept", "Dataset", "Paper", "Repository"]
    assert json.loads(run("stats", folder, "--json").output)["degree"] == by_label
    # The stored degree is the same number.
    assert by_label["Paper"]["max"] == max(graph.nodes[p]["degree"] for p in ("p1", "p2", "p3", "p4"))


def test_json_outputs_keep_non_ascii_and_sort_keys(enriched_folder):
    folder, graph = enriched_folder
    result = run("community", "0", "--graph", folder, "--json")
    assert result.exit_code == 0, result.output
    expected = {
        "id": "community:0",
        "name": "diffusion model",
        "size": 2,
        "papers": sorted(
            (
                {"id": p, "title": graph.nodes[p]["name"], "pagerank": graph.nodes[p]["pagerank"]}
                for p in ("p1", "p2")
            ),
            key=lambda r: (-r["pagerank"], r["id"]),
        ),
    }
    assert result.output == json.dumps(expected, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    assert "Über die Schrödinger-Brücke 猫" in result.output and "\\u" not in result.output
    for args in (
        ["neighbors", "concept:diffusion-model"],
        ["path", "p1", "p2"],
        ["show", "p1"],
        ["related", "p2"],
    ):
        text = run(*args, "--graph", folder, "--json").output
        assert "Über die Schrödinger-Brücke 猫" in text, args
        assert text == json.dumps(json.loads(text), indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    stats = run("stats", folder, "--json").output
    assert stats == json.dumps(json.loads(stats), indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def test_stats_takes_graph_like_the_other_commands_and_show_json_names_relationship_fields(enriched_folder):
    folder, graph = enriched_folder
    assert run("stats", "--graph", folder, "--json").output == run("stats", folder, "--json").output
    both = run("stats", folder, "--graph", folder / "other")
    assert both.exit_code == 2 and "two graph folders given" in both.output
    shown = json.loads(run("show", "dataset:cifar10", "--graph", folder, "--json").output)
    assert shown["relationships"] == [
        {"direction": "in", "id": "p1", "name": graph.nodes["p1"]["name"], "type": "USES_DATASET"},
        {"direction": "in", "id": "p2", "name": "Paper 2", "type": "USES_DATASET"},
    ]


def test_a_long_table_cell_is_cut_with_an_ellipsis(enriched_folder):
    folder, graph = enriched_folder
    graph.nodes["p2"]["name"] = "A" * 70
    write_node_link(graph, folder / "graph.json")
    table = run("neighbors", "dataset:cifar10", "--graph", folder).output
    assert "A" * 59 + "…" in table and "A" * 60 not in table


@pytest.mark.parametrize("name", ["", "   "])
def test_empty_names_are_one_line_errors(enriched_folder, name):
    folder, _ = enriched_folder
    for args in (["neighbors", name], ["show", name], ["community", name]):
        result = run(*args, "--graph", folder)
        assert result.exit_code == 1, args
        assert result.output.startswith("Error: empty name: give ") and result.output.count("\n") == 1


BAD_GRAPHS = {
    "folder": (None, "graph.json: is a folder, not a graph file"),
    "latin-1": (b'{"nodes": [{"id": "caf\xe9"}]}', "graph.json: not UTF-8 (byte 22)"),
    "links": (
        b'{"directed": true, "multigraph": true, "graph": {}, "nodes": [], "links": []}',
        "graph.json: not a graphbuild node-link graph: no 'edges' list (an older networkx 'links' file); "
        "rebuild it with 'graphbuild build'",
    ),
    "list": (b"[]", "graph.json: not a node-link graph (a JSON list, not an object)"),
    "edge without target": (
        b'{"nodes": [{"id": "a", "label": "Paper"}], "edges": [{"source": "a"}]}',
        "graph.json: not a graphbuild node-link graph: a node or edge lacks 'target'",
    ),
    "node without label": (
        b'{"nodes": [{"id": "a"}], "edges": []}',
        "graph.json: node 'a' has no graphbuild label (got None)",
    ),
}


@pytest.mark.parametrize("case", list(BAD_GRAPHS))
def test_unusable_graph_json_is_a_one_line_input_error_in_every_command(tmp_path, case):
    content, message = BAD_GRAPHS[case]
    target = tmp_path / "graph.json"
    if content is None:
        target.mkdir()
    else:
        target.write_bytes(content)
    commands = [
        ["stats", tmp_path],
        ["neighbors", "x", "--graph", tmp_path],
        ["related", "x", "--graph", tmp_path],
        ["path", "x", "y", "--graph", tmp_path],
        ["community", "0", "--graph", tmp_path],
        ["show", "x", "--graph", tmp_path],
        ["explain", "x", "--graph", tmp_path],
        ["view", "x", "--graph", tmp_path, "--out", tmp_path / "v.html"],
        ["export", "neo4j", tmp_path],
    ]
    for args in commands:
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert result.output == f"Error: {target}: {message.removeprefix('graph.json: ')}\n", args
        assert "Traceback" not in result.output
