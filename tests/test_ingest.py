from __future__ import annotations

import re

import pytest

from graphbuild.errors import InputError
from graphbuild.ingest import ingest, normalize_title, paper_id
from graphbuild.pipeline import bundled_corpus

ABS1 = "We study a thing. " * 15 + "It works."
ABS2 = "Another abstract sentence here. " * 10 + "Done."
ABS3 = "Third abstract with several sentences. " * 8 + "End."


def test_plain_layout_with_banners_and_glued_subscribe(write):
    path = write(
        "plain.txt",
        "Get trending papers in your email inbox once a day!\n"
        "Get trending papers in your email inbox!\n"
        f"SubscribeFirst Paper Title\n{ABS1}\nSecond: A Paper?\n{ABS2}",
    )
    papers, report = ingest([path])
    assert sorted(p.title for p in papers) == ["First Paper Title", "Second: A Paper?"]
    by_title = {p.title: p for p in papers}
    assert by_title["First Paper Title"].abstract == ABS1
    assert by_title["First Paper Title"].sources[0].line == 3
    assert by_title["Second: A Paper?"].abstract == ABS2
    assert report.records_seen == 2 and report.skipped == []


def test_blank_line_layout_with_credit_date_and_new_lines(write):
    path = write(
        "blank.txt",
        "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\n"
        f"Mar 14\n\nFirst Paper Title\n\n{ABS1}\n\nSecond Title\n\n{ABS2}\n",
    )
    papers, report = ingest([path])
    assert [(p.title, p.abstract, p.sources[0].line) for p in sorted(papers, key=lambda p: p.title)] == [
        ("First Paper Title", ABS1, 11),
        ("Second Title", ABS2, 15),
    ]
    assert report.skipped == []


def test_pages_concatenated_in_one_file(write):
    page = "Get trending papers in your email inbox!\nSubscribe{title}\n{abstract}\n"
    path = write(
        "two.txt",
        page.format(title="Page One Paper", abstract=ABS1)
        + page.format(title="Page Two Paper", abstract=ABS2),
    )
    papers, _ = ingest([path])
    assert sorted(p.title for p in papers) == ["Page One Paper", "Page Two Paper"]


def test_missing_abstract_and_missing_title_are_reported_not_shifted(write):
    path = write("gaps.txt", f"Lonely Title\nGood Title\n{ABS1}\n{ABS2}\nLast Title\n{ABS3}\n")
    papers, report = ingest([path])
    assert [(p.title, p.abstract) for p in sorted(papers, key=lambda p: p.title)] == [
        ("Good Title", ABS1),
        ("Last Title", ABS3),
    ]
    assert [(s.source.line, s.reason) for s in report.skipped] == [
        (1, "title without an abstract"),
        (4, "abstract without a title line"),
    ]
    assert report.records_seen == 4


def test_title_with_question_mark_is_not_taken_for_an_abstract(write):
    title = "Prompt, Translate, Fine-Tune, Re-Initialize, or Instruction-Tune? Adapting LLMs for In-Context Learning"
    path = write("q.txt", f"{title}\n{ABS1}\n")
    papers, report = ingest([path])
    assert [p.title for p in papers] == [title]
    assert report.skipped == []


def test_duplicates_within_and_across_files_are_merged_with_all_sources(write):
    a = write("a.txt", f"Shared Paper\n{ABS1}\nOnly In A\n{ABS2}\nshared  paper\n{ABS1}\n")
    b = write("b.jsonl", '{"title": "Shared Paper!", "abstract": "x y z"}\n')
    papers, report = ingest([a, b])
    shared = next(p for p in papers if p.title == "Shared Paper")
    assert [(s.path.rsplit("/", 1)[-1], s.line) for s in shared.sources] == [
        ("a.txt", 1),
        ("a.txt", 5),
        ("b.jsonl", 1),
    ]
    assert shared.abstract == ABS1
    assert report.records_seen == 4 and report.unique_papers == 2 and report.duplicates_merged == 2


def test_paper_id_is_stable_and_documented():
    assert normalize_title("  Attention Is All-You-Need!! ") == "attention is all you need"
    assert paper_id("Attention is all you need") == paper_id("ATTENTION IS ALL YOU NEED.")
    assert re.fullmatch(r"paper:[0-9a-f]{12}", paper_id("x"))
    assert paper_id("anything", "1706.03762") == "arxiv:1706.03762"


def test_jsonl_keeps_extra_fields_and_reports_bad_lines(write):
    path = write(
        "p.jsonl",
        '{"title": "T1", "abstract": "A1", "year": 2021, "authors": ["Ann Lee", "Bo Chen"], '
        '"url": "https://arxiv.org/abs/2101.00001v2", "venue": "NeurIPS"}\n'
        "\n"
        '{"title": "T2", "abstract": \n'
        '{"title": "T3"}\n'
        "[1, 2]\n",
    )
    papers, report = ingest([path])
    (paper,) = papers
    assert (paper.id, paper.year, paper.authors, paper.arxiv_id) == (
        "arxiv:2101.00001",
        2021,
        ("Ann Lee", "Bo Chen"),
        "2101.00001",
    )
    assert paper.extra == (("venue", "NeurIPS"),)
    assert [(s.source.line, s.reason.split(" (")[0]) for s in report.skipped] == [
        (3, "invalid JSON"),
        (4, "record has no abstract"),
        (5, "JSON value is not an object"),
    ]


def test_csv_with_quoted_multiline_cell_and_case_insensitive_header(write):
    path = write("p.csv", 'Title,Abstract,Year\n"T1","line one\nline two",2020\nT2,,2021\nT3,A3,1999\n')
    papers, report = ingest([path])
    assert sorted((p.title, p.abstract, p.year) for p in papers) == [
        ("T1", "line one line two", 2020),
        ("T3", "A3", 1999),
    ]
    assert [(s.source.line, s.reason) for s in report.skipped] == [(4, "record has no abstract")]


def test_csv_without_abstract_column_is_a_clear_error(write):
    path = write("bad.csv", "title,summary\nT,S\n")
    with pytest.raises(InputError, match=r"bad\.csv:1: CSV header has no abstract column"):
        ingest([path])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "latin1.txt",
            "Title\nCaf\xe9 abstract\n".encode("latin-1"),
            r"latin1\.txt:2: not UTF-8 \(byte 0xe9 at column 4\)",
        ),
        ("data.xml", "<a/>", r"data\.xml: unknown input format '\.xml'"),
        ("bin.txt", b"\x00\x01\x02", r"bin\.txt:1: binary file"),
    ],
)
def test_bad_files_raise_input_errors_naming_file_and_line(write, name, content, message):
    with pytest.raises(InputError, match=message):
        ingest([write(name, content)])


def test_missing_input_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        ingest([tmp_path / "nope.txt"])


def _independent_unique_titles(folder) -> tuple[int, set[str]]:
    """Count records without the ingest code: drop known boilerplate lines, pair the rest."""
    boilerplate = {
        "new",
        "Subscribe",
        "Get trending papers in your email inbox!",
        "Get trending papers in your email inbox once a day!",
        "byAK and the research community",
    }
    records, titles = 0, set()
    for path in sorted(folder.glob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        lines = [
            line.removeprefix("Subscribe") if line.startswith("Subscribe") and line != "Subscribe" else line
            for line in lines
        ]
        content = [
            line
            for line in lines
            if line and line not in boilerplate and not re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}", line)
        ]
        assert len(content) % 2 == 0, path
        records += len(content) // 2
        titles.update(re.sub(r"\W+", " ", t.casefold()).strip() for t in content[0::2])
    return records, titles


def test_bundled_corpus_unique_paper_count():
    """955 unique papers in 1006 records: the same numbers come from a plain count of
    the files' title lines, so the figure does not rest on the ingest code alone."""
    papers, report = ingest([bundled_corpus()])
    records, titles = _independent_unique_titles(bundled_corpus())
    assert (report.records_seen, report.unique_papers, report.duplicates_merged) == (1006, 955, 51)
    assert (records, len(titles)) == (1006, 955)
    assert report.skipped == []
    assert len(report.files_read) == 5
