"""scripts/make_corpus.py: deterministic, the requested size, readable by ingest."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graphbuild.ingest import ingest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "make_corpus.py"
COUNT = 40


def make_corpus(out: Path, seed: int, hash_seed: str) -> bytes:
    """Run the script as a user would, under a given string-hash seed."""
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run(
        [sys.executable, str(SCRIPT), str(COUNT), "--seed", str(seed), "--out", str(out)],
        check=True,
        env=env,
        capture_output=True,
    )
    return out.read_bytes()


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("corpora")
    paths = {"a": folder / "a.jsonl", "b": folder / "b.jsonl", "other": folder / "other.jsonl"}
    make_corpus(paths["a"], seed=7, hash_seed="1")
    make_corpus(paths["b"], seed=7, hash_seed="2")
    make_corpus(paths["other"], seed=8, hash_seed="1")
    return paths


def test_same_seed_gives_byte_identical_file(corpora):
    assert corpora["a"].read_bytes() == corpora["b"].read_bytes()


def test_other_seed_gives_other_papers(corpora):
    assert corpora["a"].read_bytes() != corpora["other"].read_bytes()


def test_count_and_fields(corpora):
    lines = corpora["a"].read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == COUNT
    assert all(set(r) == {"title", "abstract"} and r["title"] and r["abstract"] for r in records)


def test_ingest_reads_every_paper_as_unique(corpora):
    papers, report = ingest([corpora["a"]])
    assert len(papers) == COUNT
    assert report.records_seen == COUNT
    assert report.duplicates_merged == 0
    assert report.skipped == []
