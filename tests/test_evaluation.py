"""Extraction quality on the bundled corpus against the hand-made gold files (issue #4 targets).

The gold files and their annotation rules are in ``tests/gold/``. Each target of the issue is
its own test, so a failure names the target that a change broke.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from graphbuild.evaluation import Evaluation, evaluate, load_gold, repository_key

GOLD = Path(__file__).parent / "gold"
EXTRACTION_GOLD = GOLD / "extraction_gold.jsonl"
CONCEPT_GOLD = GOLD / "concept_gold.json"
SEED = 2026
SAMPLE_SIZE = 40


@pytest.fixture(scope="module")
def evaluation(corpus_build) -> Evaluation:
    return evaluate(EXTRACTION_GOLD, corpus_build, CONCEPT_GOLD)


def test_gold_sample_is_the_documented_random_draw(corpus_build):
    ids = sorted(paper.id for paper in corpus_build.papers)
    drawn = random.Random(SEED).sample(ids, SAMPLE_SIZE)
    rows = load_gold(EXTRACTION_GOLD)
    assert [row["id"] for row in rows] == sorted(drawn)


def test_gold_files_follow_their_rules(corpus_build):
    titles = {paper.id: paper.title for paper in corpus_build.papers}
    for row in load_gold(EXTRACTION_GOLD):
        assert row["title"] == titles[row["id"]]
        assert 3 <= len(row["key_concepts"]) <= 8, row["id"]
        assert all(d["role"] in {"uses", "introduces"} for d in row["datasets"]), row["id"]
    concepts = json.loads(CONCEPT_GOLD.read_text(encoding="utf-8"))["concepts"]
    assert len(concepts) >= 20
    assert all(set(papers) <= titles.keys() for papers in concepts.values())


def test_repositories_are_exact(evaluation):
    score = evaluation.scores["repositories"]
    assert (score.precision, score.recall) == (1.0, 1.0)


def test_dataset_precision(evaluation):
    assert evaluation.scores["datasets"].precision >= 0.92


def test_dataset_recall(evaluation):
    assert evaluation.scores["datasets"].recall >= 0.90


def test_acronym_pair_precision(evaluation):
    assert evaluation.scores["acronyms"].precision >= 0.95


def test_acronym_pair_recall(evaluation):
    assert evaluation.scores["acronyms"].recall >= 0.92


def test_concept_linking_covers_enough_concepts(evaluation):
    assert len(evaluation.concept_linking) >= 20


def test_concept_linking_precision(evaluation):
    assert evaluation.linking_totals().precision >= 0.90


def test_concept_linking_recall(evaluation):
    assert evaluation.linking_totals().recall >= 0.90


def test_key_concept_recall(evaluation):
    assert evaluation.key_concept_recall >= 0.70


def test_a_paper_carries_at_most_about_15_concepts(evaluation):
    assert evaluation.max_concepts_per_paper <= 15


def test_key_concepts_are_at_least_a_third_of_a_papers_concepts(evaluation):
    assert evaluation.key_share_of_concepts >= 1 / 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (None, ": cannot read (No such file or directory)"),
        ('{"concepts": [1]', ":1: invalid JSON (Expecting ',' delimiter at column 17)"),
        ('{"papers": {}}', ':1: no "concepts" object (concept → list of paper ids)'),
    ],
)
def test_bad_concept_gold_is_a_one_line_error(corpus_build, tmp_path, text, message):
    from graphbuild.errors import InputError

    path = tmp_path / "concepts.json"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        evaluate(EXTRACTION_GOLD, corpus_build, path)
    assert str(caught.value) == f"{path}{message}"


HELDOUT = GOLD / "extraction_heldout.jsonl"


def test_held_out_sample_is_its_documented_draw_and_scores_do_not_fall_back(corpus_build):
    """The blind held-out file (tests/gold/README.md): drawn with seed 2027 from the papers
    not in the tuning file. Its floors guard against rules fitted to the tuning file: they
    sit between the blind scores and those after the general fixes the blind run prompted."""
    tuned = {row["id"] for row in load_gold(EXTRACTION_GOLD)}
    remaining = sorted(paper.id for paper in corpus_build.papers if paper.id not in tuned)
    rows = load_gold(HELDOUT)
    assert [row["id"] for row in rows] == sorted(random.Random(2027).sample(remaining, SAMPLE_SIZE))
    scores = evaluate(HELDOUT, corpus_build).scores
    assert scores["datasets"].precision >= 0.95 and scores["datasets"].recall >= 0.95
    assert scores["acronyms"].precision >= 0.97 and scores["acronyms"].recall >= 0.94
    assert scores["methods"].precision >= 0.90 and scores["methods"].recall >= 0.70
    assert scores["repositories"].precision == scores["repositories"].recall == 1.0


HELDOUTS = [GOLD / f"extraction_heldout{n}.jsonl" for n in range(2, 26)]


def held_out_scores(corpus_build, path, seed: int) -> dict:
    """Scores on a later held-out file after checking it is its documented draw: 32 papers
    drawn with ``seed`` from the papers in no earlier gold file."""
    earlier = [EXTRACTION_GOLD, HELDOUT, *HELDOUTS[: HELDOUTS.index(path)]]
    used = {row["id"] for gold in earlier for row in load_gold(gold)}
    remaining = sorted(paper.id for paper in corpus_build.papers if paper.id not in used)
    assert [row["id"] for row in load_gold(path)] == sorted(random.Random(seed).sample(remaining, 32))
    return evaluate(path, corpus_build).scores


#: Seed and floors (precision, recall) per type of each later held-out file
#: (tests/gold/README.md): between its blind scores and those after the general fixes it
#: prompted (files 2, 3, 11–14, 16–21, 23–25), at or above its blind scores (files 4–10, 22; file 7's repositories:
#: its annotator kept hf.co where graphbuild writes huggingface.co).
HELD_OUT_FLOORS = {
    2: (
        2028,
        {"datasets": (0.95, 0.90), "methods": (0.90, 0.80), "models": (0.95, 0.95), "acronyms": (0.95, 0.85)},
    ),
    3: (
        2029,
        {"datasets": (0.95, 0.90), "methods": (0.95, 0.62), "models": (0.95, 0.80), "acronyms": (0.98, 0.97)},
    ),
    4: (
        2030,
        {
            "methods": (0.90, 0.65),
            "acronyms": (0.98, 0.95),
            "datasets": (0.75, 0.75),
            "repositories": (1.0, 1.0),
        },
    ),
    5: (
        2031,
        {
            "methods": (0.95, 0.5),
            "acronyms": (0.98, 0.98),
            "datasets": (0.95, 0.95),
            "models": (0.75, 0.95),
            "repositories": (1.0, 1.0),
        },
    ),
    6: (
        2032,
        {
            "methods": (0.95, 0.7),
            "acronyms": (0.98, 0.98),
            "datasets": (0.95, 0.95),
            "models": (0.8, 0.95),
            "repositories": (1.0, 1.0),
        },
    ),
    7: (
        2033,
        {
            "methods": (0.9, 0.78),
            "acronyms": (0.93, 0.93),
            "datasets": (0.9, 0.8),
            "models": (0.75, 0.8),
            "citations": (1.0, 0.5),
        },
    ),
    8: (
        2034,
        {
            "methods": (0.95, 0.85),
            "acronyms": (0.98, 0.98),
            "datasets": (0.92, 0.86),
            "models": (0.95, 0.75),
            "repositories": (1.0, 1.0),
            "citations": (1.0, 1.0),
        },
    ),
    9: (
        2035,
        {
            "methods": (0.88, 0.85),
            "acronyms": (0.97, 0.94),
            "datasets": (0.98, 0.95),
            "models": (0.98, 0.98),
            "repositories": (1.0, 1.0),
        },
    ),
    10: (
        2036,
        {
            "methods": (0.95, 0.65),
            "acronyms": (0.98, 0.9),
            "datasets": (0.98, 0.98),
            "models": (0.7, 0.95),
            "repositories": (1.0, 1.0),
            "citations": (1.0, 1.0),
        },
    ),
    11: (
        2037,
        {
            "methods": (0.9, 0.6),
            "acronyms": (0.97, 0.95),
            "datasets": (0.95, 0.9),
            "models": (0.75, 0.65),
            "repositories": (1.0, 1.0),
        },
    ),
    12: (
        2038,
        {
            "methods": (0.95, 0.66),
            "acronyms": (0.98, 0.96),
            "datasets": (0.95, 0.95),
            "models": (0.92, 0.76),
            "repositories": (1.0, 1.0),
            "citations": (1.0, 1.0),
        },
    ),
    13: (
        2039,
        {
            "methods": (0.8, 0.7),
            "acronyms": (0.95, 0.91),
            "datasets": (0.85, 0.95),
            "models": (0.7, 0.8),
            "repositories": (1.0, 1.0),
        },
    ),
    14: (
        2040,
        {
            "methods": (0.9, 0.78),
            "acronyms": (0.98, 0.97),
            "datasets": (0.98, 0.98),
            "models": (0.98, 0.85),
            "repositories": (1.0, 1.0),
            "citations": (1.0, 1.0),
        },
    ),
    15: (
        2041,
        {
            "methods": (0.9, 0.73),
            "acronyms": (0.98, 0.98),
            "datasets": (0.98, 0.98),
            "models": (0.98, 0.98),
            "repositories": (1.0, 1.0),
        },
    ),
    16: (
        2042,
        {
            "methods": (0.9, 0.8),
            "acronyms": (0.97, 0.97),
            "datasets": (0.98, 0.98),
            "models": (0.75, 0.98),
            "repositories": (1.0, 1.0),
        },
    ),
    17: (
        2043,
        {
            "methods": (0.95, 0.64),
            "acronyms": (0.98, 0.97),
            "datasets": (0.94, 0.94),
            "models": (0.98, 0.98),
            "repositories": (1.0, 1.0),
            "citations": (1.0, 1.0),
        },
    ),
    18: (
        2044,
        {
            "methods": (0.95, 0.72),
            "acronyms": (0.98, 0.96),
            "datasets": (0.81, 0.9),
            "models": (0.98, 0.98),
            "repositories": (1.0, 1.0),
            "citations": (1.0, 0.33),
        },
    ),
    19: (
        2045,
        {
            "methods": (0.98, 0.62),
            "acronyms": (0.98, 0.97),
            "datasets": (0.83, 0.71),
            "models": (0.98, 0.98),
            "repositories": (1.0, 1.0),
        },
    ),
    20: (
        2046,
        {
            "methods": (0.98, 0.72),
            "acronyms": (0.97, 0.95),
            "datasets": (0.98, 0.92),
            "models": (0.81, 0.98),
            "repositories": (1.0, 1.0),
            "citations": (1.0, 1.0),
        },
    ),
    21: (
        2047,
        {
            "methods": (0.94, 0.85),
            "acronyms": (0.98, 0.94),
            "datasets": (0.98, 0.98),
            "models": (0.85, 0.85),
            "repositories": (1.0, 1.0),
            "citations": (1.0, 1.0),
        },
    ),
    22: (
        2048,
        {
            "methods": (0.98, 0.57),
            "acronyms": (0.98, 0.97),
            "datasets": (0.98, 0.81),
            "models": (0.98, 0.98),
            "repositories": (1.0, 1.0),
        },
    ),
    23: (
        2049,
        {
            "methods": (0.94, 0.78),
            "acronyms": (0.98, 0.95),
            "datasets": (0.98, 0.94),
            "models": (0.98, 0.90),
            "repositories": (1.0, 1.0),
            "citations": (0.98, 0.66),
        },
    ),
    24: (
        2050,
        {
            "methods": (0.94, 0.80),
            "acronyms": (0.98, 0.97),
            "datasets": (0.98, 0.80),
            "models": (0.98, 0.98),
            "repositories": (1.0, 1.0),
            "citations": (1.0, 1.0),
        },
    ),
    25: (
        2051,
        {
            "methods": (0.89, 0.78),
            "acronyms": (0.97, 0.97),
            "datasets": (0.92, 0.82),
            "models": (0.98, 0.86),
            "repositories": (1.0, 1.0),
        },
    ),
}


@pytest.mark.parametrize("number", sorted(HELD_OUT_FLOORS))
def test_later_held_out_samples_are_their_documented_draws_and_scores_do_not_fall_back(corpus_build, number):
    seed, floors = HELD_OUT_FLOORS[number]
    scores = held_out_scores(corpus_build, GOLD / f"extraction_heldout{number}.jsonl", seed)
    below = {
        kind: (scores[kind].precision, scores[kind].recall)
        for kind, (precision, recall) in floors.items()
        if scores[kind].precision < precision or scores[kind].recall < recall
    }
    assert below == {}


@pytest.mark.parametrize(
    ("gold", "key"),
    [
        ("hf.co/AtlaAI/Selene-1-Mini-Llama-3.1-8B", "huggingface.co/atlaai/selene-1-mini-llama-3.1-8b"),
        ("https://github.com/Owner/Repo.git/tree/main/", "github.com/owner/repo"),
        ("github.com/owner/repo", "github.com/owner/repo"),
        ("example.org/code/", "example.org/code"),
    ],
)
def test_gold_repositories_are_compared_as_the_graph_names_them(gold, key):
    assert repository_key(gold) == key
