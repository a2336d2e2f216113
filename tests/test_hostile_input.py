"""Hostile input: every case has a defined outcome (parsed, or skipped with file:line,
or one clear error), never a traceback."""

from __future__ import annotations

import hashlib
import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphbuild.cli import main
from graphbuild.errors import InputError
from graphbuild.ingest import ingest, paper_id

ABSTRACT = "We study robust learning. " * 12


def test_empty_and_whitespace_files_give_no_records(write):
    papers, report = ingest([write("empty.txt", ""), write("blank.txt", "  \n\n\t\n"), write("e.jsonl", "")])
    assert papers == [] and report.records_seen == 0 and len(report.files_read) == 3


def test_utf8_bom_and_crlf_are_parsed(write):
    bom = write("bom.jsonl", "\ufeff" + json.dumps({"title": "BOM Paper", "abstract": "A1"}) + "\r\n")
    crlf = write("crlf.txt", f"CRLF Paper\r\n{ABSTRACT}\r\n")
    papers, report = ingest([bom, crlf])
    assert sorted(p.title for p in papers) == ["BOM Paper", "CRLF Paper"]
    assert all("\r" not in p.abstract for p in papers) and report.skipped == []


def test_giant_single_lines_are_skipped_with_reasons(write):
    huge = "word " * 2_000_000  # 10 MB
    listing = write("huge.txt", huge)
    record = write("huge.jsonl", json.dumps({"title": "Huge", "abstract": huge}) + "\n")
    papers, report = ingest([listing, record])
    assert papers == []
    assert [(Path(s.source.path).name, s.source.line, s.reason) for s in report.skipped] == [
        ("huge.txt", 1, "abstract without a title line"),
        ("huge.jsonl", 1, "abstract longer than 50,000 characters"),
    ]


def test_truncated_jsonl_keeps_the_complete_lines(write):
    full = json.dumps({"title": "Complete", "abstract": "A"})
    path = write("cut.jsonl", full + "\n" + full.replace("Complete", "Cut")[:25])
    papers, report = ingest([path])
    assert [p.title for p in papers] == ["Complete"]
    assert [(s.source.line, s.reason.split(" (")[0]) for s in report.skipped] == [(2, "invalid JSON")]


def test_html_entities_and_markup_are_cleaned(write):
    path = write(
        "h.jsonl",
        json.dumps({"title": "A &amp; B <i>Net</i>", "abstract": "We use <b>CIFAR-10</b> &lt;x&gt; and a<b."})
        + "\n",
    )
    (paper,), _ = ingest([path])
    assert (paper.title, paper.abstract) == ("A & B Net", "We use CIFAR-10 <x> and a<b.")


def test_lone_surrogates_from_json_escapes_become_replacement_characters(write, tmp_path):
    line = (
        '{"title": "Bad \\ud800 title", "abstract": "We use CIFAR-10 \\udfff here.", '
        '"authors": ["A \\ud83d"], "venue": {"name": "X \\ud800"}, "note\\udc00": "kept", '
        '"emoji": "\\ud83d\\ude80"}\n'
    )
    path = write("s.jsonl", line)
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "out"), "--no-progress"])
    assert result.exit_code == 0, result.output
    (row,) = [json.loads(x) for x in (tmp_path / "out" / "papers.jsonl").read_text().splitlines()]
    assert row["title"] == "Bad \ufffd title"
    (paper,), report = ingest([path])
    assert report.skipped == [] and paper.abstract == "We use CIFAR-10 \ufffd here."
    assert paper.authors == ("A \ufffd",)
    assert dict(paper.extra)["venue"] == '{"name": "X \ufffd"}'
    assert dict(paper.extra)["note\ufffd"] == "kept" and dict(paper.extra)["emoji"] == "🚀"


@pytest.mark.skipif(sys.platform != "linux", reason="file names that are not UTF-8 need a Linux file system")
def test_a_file_name_that_is_not_utf8_is_written_with_replacement_characters(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (Path(os.fsdecode(bytes(folder))) / os.fsdecode(b"p\xff.jsonl")).write_text(
        json.dumps({"title": "T one", "abstract": "We use CIFAR-10 here."}) + "\n"
    )
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "out"), "--no-progress"])
    assert result.exit_code == 0, result.output
    (row,) = [json.loads(x) for x in (tmp_path / "out" / "papers.jsonl").read_text().splitlines()]
    assert row["sources"] == [f"{folder}/p\ufffd.jsonl:1"]


def test_deeply_nested_json_is_skipped_and_odd_years_are_read_or_left_out(write):
    rows = [
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"title": "Year huge", "abstract": ABSTRACT, "year": 10**30}),
        json.dumps({"title": "Year date", "abstract": ABSTRACT, "year": "2023-05-01"}),
        json.dumps({"title": "Year stamp", "abstract": ABSTRACT, "year": "2021-11-02T10:00:00Z"}),
        json.dumps({"title": "Year words", "abstract": ABSTRACT, "year": "spring 2020"}),
    ]
    path = write("nested.jsonl", "\n".join(rows) + "\n")
    papers, report = ingest([path])
    assert [(s.source.line, s.reason) for s in report.skipped] == [(1, "JSON nested too deeply to read")]
    assert sorted((p.title, p.year) for p in papers) == [
        ("Year date", 2023),
        ("Year huge", None),
        ("Year stamp", 2021),
        ("Year words", None),
    ]


def test_control_characters_in_any_field_or_field_name_do_not_stop_the_build(write, tmp_path):
    line = json.dumps(
        {
            "title": "T one\ufffe",
            "abstract": "We use CIFAR-10 here.",
            "authors": ["A\u0007B", "C\u0000D"],
            "url": "https://x.org/\u0001p",
            "bad key\u0002": "v\uffff",
        }
    )
    path = write("c.jsonl", line + "\n")
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "out"), "--no-progress"])
    assert result.exit_code == 0, result.output
    (paper,), _ = ingest([path])
    assert (paper.title, paper.authors) == ("T one", ("A B", "C D"))
    assert dict(paper.extra) == {"bad key": "v"} and paper.url == "https://x.org/ p"


def test_math_cjk_and_emoji_titles_have_distinct_stable_ids(write):
    rows = [{"title": t, "abstract": "∑ x² — 数据 🚀"} for t in ("深度学习 for ∑ math", "🚀🚀", "🔥")]
    path = write("u.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    papers, report = ingest([path])
    assert len({p.id for p in papers}) == 3 and report.skipped == []
    assert paper_id("🚀🚀") != paper_id("🔥")


def test_duplicate_explicit_ids_with_different_titles(write):
    rows = [
        {"title": "First Title", "abstract": "A", "arxiv_id": "2101.00001"},
        {"title": "Other Title", "abstract": "B", "arxiv_id": "2101.00001v2"},
        {"title": "first title", "abstract": "C", "arxiv_id": "2101.00001"},
    ]
    path = write("d.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    papers, report = ingest([path])
    assert [(p.id, p.title, len(p.sources)) for p in papers] == [("arxiv:2101.00001", "First Title", 2)]
    ((line, reason),) = [(s.source.line, s.reason) for s in report.skipped]
    assert line == 2 and reason.startswith("id arxiv:2101.00001 already belongs to 'First Title'")
    assert report.records_seen == len(report.skipped) + sum(len(p.sources) for p in papers)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bin.txt", bytes(range(256)), "bin.txt:1: binary file, not text"),
        ("l1.txt", "Title\nna\xefve\n".encode("latin-1"), "l1.txt:2: not UTF-8 (byte 0xef at column 3)"),
        ("nocol.csv", "title,summary\nT,S\n", "nocol.csv:1: CSV header has no abstract column"),
    ],
)
def test_unreadable_files_stop_with_one_line(write, tmp_path, name, content, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ingest([write(name, content)])
    result = CliRunner().invoke(main, ["build", str(tmp_path / name), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1 and result.output.count("\n") == 1 and message in result.output


def test_strict_exits_3_when_records_were_skipped(write, tmp_path):
    path = write(
        "s.jsonl",
        json.dumps({"title": "Only title"}) + "\n" + json.dumps({"title": "T", "abstract": "A"}) + "\n",
    )
    result = CliRunner().invoke(main, ["build", str(path), "--out", str(tmp_path / "o"), "--strict"])
    assert result.exit_code == 3
    assert CliRunner().invoke(main, ["build", str(path), "--out", str(tmp_path / "o")]).exit_code == 0


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_interrupted_build_leaves_previous_output_intact(write, tmp_path, monkeypatch):
    path = write("p.jsonl", json.dumps({"title": "T", "abstract": ABSTRACT}) + "\n")
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", str(path), "--out", str(out)]).exit_code == 0
    before = _digests(out)

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("graphbuild.export.files.write_jsonl", interrupt)
    other = write("q.jsonl", json.dumps({"title": "Other", "abstract": ABSTRACT}) + "\n")
    result = CliRunner().invoke(main, ["build", str(other), "--out", str(out)])
    assert result.exit_code == 130
    assert _digests(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.staging")] == []


def _read_until(process: subprocess.Popen, marker: bytes, timeout: float) -> bytes:
    """stderr of ``process`` up to the moment ``marker`` appears (its progress bar started)."""
    seen, deadline = b"", time.monotonic() + timeout
    while marker not in seen and time.monotonic() < deadline and process.poll() is None:
        ready, _, _ = select.select([process.stderr], [], [], 0.5)
        if ready:
            seen += os.read(process.stderr.fileno(), 4096)
    assert marker in seen, seen
    return seen


def test_sigterm_during_a_real_build_keeps_previous_output(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.json").write_text("previous")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "graphbuild.cli", "build", "--out", str(out), "--progress"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    seen = _read_until(process, b"extract", timeout=120)
    process.send_signal(signal.SIGTERM)
    _, rest = process.communicate(timeout=60)
    err = (seen + rest).decode("utf-8", "replace")
    assert process.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert sorted(p.name for p in out.iterdir()) == ["graph.json"]
    assert (out / "graph.json").read_text() == "previous"


def test_unicode_line_separators_inside_json_strings_do_not_split_records(write):
    row = json.dumps({"title": "Sep\u2028Title", "abstract": "A\u2029B\x85C"}, ensure_ascii=False)
    papers, report = ingest([write("sep.jsonl", row + "\n")])
    assert [p.title for p in papers] == ["Sep Title"] and report.skipped == []


GOOD = json.dumps({"title": "Good Paper", "abstract": "We propose FooNet. It works on CIFAR-10."}) + "\n"


def _build(*args):
    return CliRunner().invoke(main, ["build", *map(str, args), "--no-progress"])


def test_a_build_without_papers_is_one_error_and_keeps_the_previous_output(write, tmp_path):
    out = tmp_path / "out"
    assert _build(write("good.jsonl", GOOD), "-o", out).exit_code == 0
    before = sorted(p.name for p in out.iterdir())
    for name, content in [("empty.jsonl", ""), ("skipped.jsonl", '{"title": "only a title"}\n')]:
        result = _build(write(name, content), "-o", out)
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert "no paper to build from" in result.output
    assert "(first: " in result.output and "skipped.jsonl:1: record has no abstract" in result.output
    extracted = CliRunner().invoke(main, ["extract", str(write("empty2.jsonl", ""))])
    assert extracted.exit_code == 0 and extracted.stdout == ""
    assert sorted(p.name for p in out.iterdir()) == before == sorted([*OUTPUT_NAMES])


OUTPUT_NAMES = ("graph.graphml", "graph.json", "neo4j-import", "papers.jsonl", "report.json")


def test_huge_numbers_and_deeply_nested_fields_are_read_or_skipped_at_once(write):
    rows = [
        '{"title": "Big Int", "abstract": "We use CIFAR-10.", "year": 1' + "0" * 5000 + "}",
        json.dumps(
            {"title": "Deep 26", "abstract": "We use MNIST.", "tags": eval("[" * 26 + "1" + "]" * 26)}
        ),
        '{"title": "Deep 600", "abstract": "We use COCO.", "tags": ' + "[" * 600 + "]" * 600 + "}",
    ]
    papers, report = ingest([write("n.jsonl", "\n".join(rows) + "\n")])
    assert [(s.source.line, s.reason) for s in report.skipped] == [(1, "JSON number too long to read")]
    assert sorted(p.title for p in papers) == ["Deep 26", "Deep 600"]
    assert dict(next(p for p in papers if p.title == "Deep 26").extra)["tags"] == "[" * 24 + "1" + "]" * 24


def test_an_output_folder_that_cannot_be_written_fails_before_the_build(write, tmp_path):
    good = write("good.jsonl", GOOD)
    result = _build(good, "-o", tmp_path / "good.jsonl" / "sub")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip().endswith("cannot write the output here (Not a directory)")


def test_seed_and_bolt_uri_out_of_range_are_usage_errors(write, tmp_path):
    result = _build(write("good.jsonl", GOOD), "-o", tmp_path / "o", "--seed", "-1")
    assert result.exit_code == 2 and "--seed" in result.output
    result = CliRunner().invoke(
        main, ["export", "neo4j", str(tmp_path / "o"), "--uri", "http://localhost:7474"]
    )
    assert result.exit_code == 2 and "is not a Bolt URI" in result.output


def test_view_output_onto_a_fifo_is_refused_and_through_a_symlink_writes_the_target(write, tmp_path):
    out = tmp_path / "out"
    assert _build(write("good.jsonl", GOOD), "-o", out).exit_code == 0
    fifo, target, link = tmp_path / "pipe.html", tmp_path / "target.html", tmp_path / "link.html"
    os.mkfifo(fifo)
    target.write_text("old")
    link.symlink_to(target)
    result = CliRunner().invoke(main, ["view", "method:foonet", "--graph", str(out), "--out", str(fifo)])
    assert result.exit_code == 1 and "is not a regular file" in result.output
    result = CliRunner().invoke(main, ["view", "method:foonet", "--graph", str(out), "--out", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and target.read_text().startswith("<!doctype html>")


def test_a_graph_file_nested_too_deeply_or_with_a_huge_number_is_one_error(tmp_path):
    for name, text in [("deep", "[" * 100_000 + "]" * 100_000), ("big", '{"x": 1' + "0" * 5000 + "}")]:
        (tmp_path / name).mkdir()
        (tmp_path / name / "graph.json").write_text(text)
        result = CliRunner().invoke(main, ["stats", str(tmp_path / name)])
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output


def test_folders_follow_links_once_and_refuse_unreadable_parts(tmp_path):
    folder, real = tmp_path / "d", tmp_path / "real"
    (folder / "sub").mkdir(parents=True)
    real.mkdir()
    for path, title in [
        (folder / "top.jsonl", "Top"),
        (folder / "sub" / "h.jsonl", "Hidden"),
        (real / "l.jsonl", "Linked"),
    ]:
        path.write_text(json.dumps({"title": f"{title} Paper", "abstract": ABSTRACT}) + "\n")
    (folder / "linkdir").symlink_to(real)
    (folder / "sub" / "loop").symlink_to(folder)
    papers, _ = ingest([folder])
    assert sorted(p.title for p in papers) == ["Hidden Paper", "Linked Paper", "Top Paper"]
    (folder / "broken.jsonl").symlink_to(tmp_path / "missing.jsonl")
    with pytest.raises(InputError, match="broken.jsonl: a link to a file that does not exist"):
        ingest([folder])


def test_repeated_columns_keep_the_first_value_and_huge_csv_fields_stay_in_their_row(write):
    papers, _ = ingest([write("dup.csv", f'title,abstract,Title\nFirst Title,"{ABSTRACT}",Other\n')])
    assert [p.title for p in papers] == ["First Title"]
    papers, _ = ingest(
        [write("case.jsonl", json.dumps({"Title": "Real", "title": "", "abstract": ABSTRACT}) + "\n")]
    )
    assert [p.title for p in papers] == ["Real"]
    huge = "word " * 30_000 + "\nNot A Row," + ABSTRACT + "\n"
    text = f'title,abstract\nOne,"{ABSTRACT}"\nHuge,"{huge}"\nTwo,"{ABSTRACT}"\n'
    papers, report = ingest([write("huge.csv", text)])
    assert sorted(p.title for p in papers) == ["One", "Two"]
    assert [(s.source.line, s.reason) for s in report.skipped] == [
        (3, "abstract longer than 50,000 characters")
    ]


def test_clear_messages_for_wide_encodings_link_loops_and_names_with_line_breaks(tmp_path):
    wide = tmp_path / "u16.jsonl"
    wide.write_text(GOOD, encoding="utf-16")
    with pytest.raises(InputError, match=r"u16.jsonl:1: UTF-16 text, not UTF-8"):
        ingest([wide])
    (tmp_path / "a.jsonl").symlink_to(tmp_path / "b.jsonl")
    (tmp_path / "b.jsonl").symlink_to(tmp_path / "a.jsonl")
    with pytest.raises(InputError, match="a symbolic link that leads nowhere"):
        ingest([tmp_path / "a.jsonl"])
    odd = tmp_path / "bad\nname.jsonl"
    odd.write_bytes(b'{"title": "x\xe9"}\n')
    result = CliRunner().invoke(main, ["extract", str(odd)])
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert "bad\\nname.jsonl:1: not UTF-8" in result.output


def test_cr_line_ends_a_file_given_twice_and_a_repeated_csv_header(write):
    rows = [json.dumps({"title": f"CR {n}", "abstract": ABSTRACT}) for n in ("One", "Two", "Three")]
    papers, report = ingest([write("cr.jsonl", "\r".join(rows) + "\r")])
    assert [p.title for p in papers] == ["CR One", "CR Two", "CR Three"] and report.skipped == []
    good = write("good.jsonl", GOOD)
    papers, report = ingest([good, good])
    assert (len(papers), report.records_seen, len(report.files_read)) == (1, 1, 1)
    joined = f"title,abstract\nP One,{ABSTRACT}\ntitle,abstract\nP Two,{ABSTRACT}\n"
    papers, report = ingest([write("joined.csv", joined)])
    assert [p.title for p in papers] == ["P One", "P Two"]
    assert [(s.source.line, s.reason) for s in report.skipped] == [
        (3, "the header row again (CSV files joined together?)")
    ]


def test_unknown_names_and_nan_weights_are_said_plainly(write, tmp_path):
    out = tmp_path / "out"
    assert _build(write("good.jsonl", GOOD), "-o", out).exit_code == 0
    result = CliRunner().invoke(main, ["show", "zzzz-nonsense-qqqq", "--graph", str(out)])
    assert result.exit_code == 1 and "nothing called 'zzzz-nonsense-qqqq'" in result.output
    result = _build(write("g2.jsonl", GOOD), "-o", tmp_path / "o2", "--min-weight", "nan")
    assert result.exit_code == 2 and "nan is not a number" in result.output


@pytest.mark.parametrize(
    ("damage", "command", "message"),
    [
        (lambda g: g.update(directed=False), ["stats"], "not a graphbuild graph"),
        (lambda g: [n.pop("name") for n in g["nodes"]], ["show", "FooNet"], "has no name"),
        (
            lambda g: [e.update(count="many") for e in g["edges"] if "count" in e],
            ["stats"],
            "count is 'many'",
        ),
        (
            lambda g: [e.update(evidence="{bad") for e in g["edges"] if "evidence" in e],
            ["explain", "FooNet"],
            "is not JSON",
        ),
    ],
)
def test_a_damaged_graph_file_is_one_error_in_every_command(write, tmp_path, damage, command, message):
    out = tmp_path / "out"
    assert _build(write("good.jsonl", GOOD), "-o", out).exit_code == 0
    graph = json.loads((out / "graph.json").read_text())
    damage(graph)
    (out / "graph.json").write_text(json.dumps(graph))
    args = [command[0], *command[1:], *(["--graph", str(out)] if command[0] != "stats" else [str(out)])]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and "Traceback" not in result.output and message in result.output, (
        result.output
    )
