"""The hand-written data files of extraction (graphbuild/extract/data/README.md rules)."""

from collections import defaultdict

import pytest

from graphbuild.extract.lexicon import read_tsv, read_word_list, spellings
from graphbuild.extract.text import compact_key, phrase_key


def forms(row: dict[str, str]) -> list[str]:
    return [row["name"], *(a for a in (row.get("aliases") or "").split("|") if a)]


def shared_keys(rows: list[dict[str, str]], key) -> dict[str, list[str]]:
    """Keys that forms of two different rows share, with those rows' names."""
    owners = defaultdict(set)
    for row in rows:
        for form in forms(row):
            owners[key(form)].add(row["name"])
    return {k: sorted(names) for k, names in owners.items() if len(names) > 1}


@pytest.mark.parametrize(("name", "key"), [("datasets.tsv", compact_key), ("models.tsv", compact_key)])
def test_no_two_gazetteer_entries_share_a_compact_key(name, key):
    assert shared_keys(read_tsv(name), key) == {}


def test_no_two_vocabulary_concepts_share_a_phrase_key():
    assert shared_keys(read_tsv("concepts.tsv"), phrase_key) == {}


def test_a_dataset_and_a_model_of_one_compact_key_are_written_apart():
    """SuperGLUE (a benchmark) and SuperGlue (a feature matcher) may share a key; their
    written forms may not (``spelled_as_other`` tells them apart by case)."""
    datasets = {compact_key(f) for row in read_tsv("datasets.tsv") for f in forms(row)}
    models = {compact_key(f) for row in read_tsv("models.tsv") for f in forms(row)}
    assert sorted(datasets & models) == ["superglue"]
    assert spellings("datasets.tsv").isdisjoint(spellings("models.tsv"))


def test_every_ambiguous_dataset_name_is_a_listed_form():
    listed = {compact_key(f) for row in read_tsv("datasets.tsv") for f in forms(row)}
    assert (
        sorted(n for n in read_word_list("ambiguous_dataset_names.txt") if compact_key(n) not in listed) == []
    )


@pytest.mark.parametrize("name", ["datasets.tsv", "models.tsv", "concepts.tsv"])
def test_every_row_has_a_name_and_a_kind(name):
    rows = read_tsv(name)
    assert [
        row for row in rows if not row["name"].strip() or not (row.get("kind") or row.get("family"))
    ] == []
    assert len(rows) > 300


def test_no_umbrella_phrase_is_a_vocabulary_concept():
    vocabulary = {phrase_key(f) for row in read_tsv("concepts.tsv") for f in forms(row)}
    assert sorted(p for p in read_word_list("broad_concepts.txt") if phrase_key(p) in vocabulary) == []
