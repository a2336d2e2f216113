"""The bulk path at scale: a generated corpus of 100,000 abstracts built by the CLI with
two extraction workers, then loaded with the real neo4j-admin importer into a fresh
server, whose counts by label and type must equal the build's report.

It takes minutes (see bench/results.md), so it is marked ``scale`` as well as
``integration``; ``GRAPHBUILD_SCALE_PAPERS`` picks another size (for a quick local run).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import database_counts

from graphbuild import neo4j_server as ns

pytestmark = [pytest.mark.integration, pytest.mark.scale]

ROOT = Path(__file__).resolve().parent.parent
PAPERS = int(os.environ.get("GRAPHBUILD_SCALE_PAPERS", "100000"))


def _run(*args: str) -> None:
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


def test_generated_corpus_builds_and_bulk_imports_with_exact_counts(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    out = tmp_path / "out"
    _run(str(ROOT / "scripts" / "make_corpus.py"), str(PAPERS), "--seed", "1", "--out", str(corpus))
    _run("-m", "graphbuild.cli", "build", str(corpus), "--out", str(out), "--workers", "2", "--no-progress")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["ingest"]["unique_papers"] == PAPERS
    assert report["ingest"]["skipped"] == []
    assert report["nodes"]["Paper"] == PAPERS

    home = tmp_path / "bulk-home"
    ns.start_server(home)
    ns.stop_server(home)
    ns.import_csvs(home, out / "neo4j-import")
    info = ns.start_server(home, heap="1g")
    try:
        nodes, relationships = database_counts(info.bolt_uri, info.user, info.password)
    finally:
        ns.stop_server(home)
    assert (nodes, relationships) == (report["nodes"], report["relationships"])
    assert sum(nodes.values()) == report["node_total"]
    assert sum(relationships.values()) == report["relationship_total"]
