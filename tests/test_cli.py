from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import ABSTRACT_A

from graphbuild import __version__
from graphbuild.cli import main


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
    assert "papers: 1 unique from 2 records in 1 files (0 duplicates merged, 1 skipped)" in result.output
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
    (line,) = result.output.splitlines()
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
        "forms": [
            {"mentions": 1, "form": "OT", "why": "short form defined with this long form"},
            {"mentions": 1, "form": "optimal transport", "why": "canonical name"},
        ],
        "merged_because": ["short form 'OT' defined with this long form"],
    }
    table = run("explain", "concept:optimal-transport", "--graph", out)
    assert table.output.splitlines()[0] == "Concept concept:optimal-transport 'optimal transport' in 2 papers"
    assert "  merged because short form 'OT' defined with this long form" in table.output
    title = run("explain", "Unbalanced Monge Maps", "--graph", out)
    assert title.output.startswith(
        "Concept concept:unbalanced-monge-map 'Unbalanced Monge Maps' in 1 paper\n"
    )
    missing = run("explain", "zzzz qqqq", "--graph", out)
    assert (missing.exit_code, missing.output) == (1, "Error: nothing called 'zzzz qqqq' in the graph\n")
