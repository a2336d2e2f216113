"""Property-based tests: ingest and extraction never raise on arbitrary input, every
record is accounted for, and every offset points into the text it came from."""

from __future__ import annotations

import json
import re

from hypothesis import example, given
from hypothesis import strategies as st

from graphbuild.extract import build_nlp, iter_extractions
from graphbuild.extract.concepts import bare_uses
from graphbuild.extract.found import CONCEPT, DATASET, METHOD, MODEL, Found
from graphbuild.extract.mentions import _rank, non_overlapping, settled
from graphbuild.extract.methods import (
    _APPOSED_WORDS,
    _QUOTED_WORDS,
    _TRIGGER_WORDS,
    APPOSED,
    QUOTED,
    TRIGGER,
    _lowered,
    _scan,
)
from graphbuild.extract.tokens import _scanned_words, split_words
from graphbuild.ingest import ingest
from graphbuild.ingest.ids import paper_id
from graphbuild.records import Paper, SourceLocation
from graphbuild.resolve import _TOKEN, is_token_at

NLP = build_nlp()
WORDS = st.sampled_from(
    [
        "CIFAR-10",
        "ImageNet",
        "(OT)",
        "optimal transport",
        "Ho et al., 2020",
        "https://github.com/a/b.",
        "we propose",
        "SelMix",
        "dubbed",
        "LLMs",
        "the",
        "dataset",
        "Subscribe",
        "new",
        "Mar 14",
        "<b>",
        "&amp;",
        "\n",
        ".",
        ",",
        "(",
        ")",
    ]
)
TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=400),
    st.lists(WORDS, max_size=80).map(" ".join),
)
LINES = st.lists(
    st.one_of(TEXT, st.just(""), st.just("Get trending papers in your email inbox!")), max_size=30
)


def _accounted(papers, report) -> bool:
    return report.records_seen == len(report.skipped) + sum(len(p.sources) for p in papers)


@given(lines=LINES)
def test_listing_ingest_accounts_for_every_record(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("fuzz") / "in.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    papers, report = ingest([path])
    assert _accounted(papers, report)
    assert all(p.title and p.abstract for p in papers)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
ROWS = st.lists(
    st.one_of(
        st.fixed_dictionaries(
            {"title": TEXT, "abstract": TEXT},
            optional={
                "arxiv_id": st.sampled_from(["2101.00001", "x"]),
                "year": JSON_VALUES,
                "authors": JSON_VALUES,
            },
        ),
        JSON_VALUES,
    ).map(lambda v: json.dumps(v, ensure_ascii=False))
    | st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\n\r"), max_size=40),
    max_size=20,
)


@given(rows=ROWS)
def test_jsonl_ingest_accounts_for_every_record(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("fuzz") / "in.jsonl"
    path.write_text("\n".join(rows), encoding="utf-8")
    papers, report = ingest([path])
    assert _accounted(papers, report)
    assert len({p.id for p in papers}) == len(papers)


@given(title=TEXT.filter(lambda t: "\n" not in t), abstract=TEXT)
def test_extraction_offsets_point_into_the_text(title, abstract):
    paper = Paper(paper_id(title), title, abstract, (SourceLocation("x", 1),))
    (extraction,) = iter_extractions([paper], NLP)
    text = paper.text
    for m in extraction.mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
    for pair in extraction.acronyms:
        assert 0 <= pair.start < pair.end <= len(text)


SPANS = st.lists(
    st.builds(
        lambda start, length, label, role: Found(start, start + length, label, "n", f"k{start}", role),
        st.integers(0, 40),
        st.integers(0, 8),
        st.sampled_from([CONCEPT, DATASET, METHOD, MODEL]),
        st.sampled_from(["", "candidate"]),
    ),
    max_size=25,
)


@given(SPANS)
def test_non_overlapping_keeps_what_the_pairwise_definition_keeps(found):
    """Best rank first, a mention is kept when it overlaps no kept one; text order."""
    kept: list[Found] = []
    for f in sorted(found, key=_rank):
        if all(f.end <= k.start or k.end <= f.start for k in kept):
            kept.append(f)
    assert non_overlapping(found) == sorted(kept)


@given(SPANS, SPANS.map(lambda found: [f._replace(label=CONCEPT, role="extends") for f in found]))
def test_an_extending_candidate_is_kept_where_it_overlaps_only_concepts_it_holds(found, extending):
    """The other mentions are settled as ever; an extending one is kept exactly when the
    mentions they keep that overlap it are concepts inside it, at least one (mentions are
    never empty)."""
    found = [f for f in found if f.end > f.start]
    extending = [e for e in extending if e.end > e.start]
    kept = non_overlapping(found)
    expected = [
        e
        for e in extending
        if (overlapped := [k for k in kept if k.start < e.end and e.start < k.end])
        and all(k.label == CONCEPT and e.start <= k.start and k.end <= e.end for k in overlapped)
    ]
    assert settled(found + extending) == sorted(kept + expected)


@given(
    st.text(alphabet="OTs -_é(x)1", max_size=30),
    st.sampled_from(["OT", "OTs", "T", "x1"]),
    st.integers(0, 5),
)
def test_bare_uses_finds_what_the_word_boundary_pattern_finds(text, short, start):
    """The ``str.find`` loop agrees with the regular expression it replaces."""
    pattern = re.compile(r"(?<![\w-])" + re.escape(short) + r"s?(?![\w-])")
    assert bare_uses(text, short, start) == [m.span() for m in pattern.finditer(text, start)]


@given(st.text(alphabet="GANs.+-x1 (", max_size=30), st.sampled_from(["GAN", "GANs", "x1", "G", "s"]))
def test_is_token_at_agrees_with_the_token_scan(text, word):
    """A name is used where the resolver's token scan yields exactly that token."""
    scanned = {m.start() for m in _TOKEN.finditer(text) if m.group() == word}
    assert {i for i in range(len(text)) if is_token_at(text, i, word)} == scanned


PIECEWISE_TEXT = st.one_of(
    TEXT,
    st.text(alphabet="ab.,(e.g)\u00a0\t\n -1:/https", max_size=60),
    st.lists(st.sampled_from(["a", "e.g.", " ", "\n", "\t", "http://x.io/a.", "1,000", "3.5", "(", "."])).map(
        "".join
    ),
)


@given(PIECEWISE_TEXT)
def test_piecewise_tokens_are_the_tokens_of_one_scan(text):
    """Tokenizing the pieces between single spaces gives what one scan of the text
    gives; the ``Doc`` built from the pieces' orth ids has the same words and text."""
    words, starts, spaces = split_words(text)
    assert (words, starts, spaces) == _scanned_words(text)
    doc = NLP.make_doc(text)
    assert [t.text for t in doc] == words
    assert [t.whitespace_ for t in doc] == spaces
    assert doc.text == text


CUE_TEXT = st.lists(
    st.sampled_from(
        [
            "we",
            "We",
            "WE",
            "propose",
            "and",
            "which",
            "that",
            "called",
            "so",
            "so-",
            "named",
            "new",
            "Novel",
            "a",
            "an",
            "our",
            "method",
            "--",
            "ReLOAD",
            "\u0130",
            "th\u0131s",
            "wh\u0130ch",
            "paper",
            "proposes",
            "\u212a",
            "\u017f",
            "\u00df",
            "_",
            "é",
            '"',
            " ",
            "  ",
            "\n",
        ]
    ),
    max_size=40,
).map(" ".join)


@given(st.one_of(CUE_TEXT, TEXT))
@example("Th\u0131s paper proposes X; \u017fo called Y, a new method -- Z")
@example('a novel model: \u212aAN, which we call "KAN" and we propose Q')
def test_cue_scan_finds_what_finditer_finds(text):
    """Trying a pattern only where its first words open a word finds what ``finditer``
    finds, non-ASCII case folding included."""
    lowered = _lowered(text)
    for pattern, words in ((TRIGGER, _TRIGGER_WORDS), (APPOSED, _APPOSED_WORDS), (QUOTED, _QUOTED_WORDS)):
        assert [m.span() for m in _scan(pattern, text, lowered, words)] == [
            m.span() for m in pattern.finditer(text)
        ]
