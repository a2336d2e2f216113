"""Extraction engines: local processes and a Dask cluster give the same files as one process."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import distributed
import pytest
from click.testing import CliRunner
from conftest import ABSTRACT_A, ABSTRACT_B

from graphbuild.cli import main
from graphbuild.errors import ExtractError
from graphbuild.extract import engines
from graphbuild.extract.engines import ExtractEngine, extract_chunk, iter_chunks
from graphbuild.pipeline import build
from graphbuild.records import AcronymPair, Mention

#: Sentences recombined into a fixture corpus with shared and rare entities.
SENTENCES = [
    ABSTRACT_A,
    ABSTRACT_B,
    "We train a ResNet-50 on ImageNet and evaluate on COCO.",
    "Diffusion models (DMs) generate images; we fine-tune BERT on SQuAD.",
    "We introduce FlowMix, a data augmentation method for optimal transport.",
    "Code is available at https://github.com/example/flowmix.",
    "Following Lee et al. (2018), we report results on CIFAR-100 and MNIST.",
]
PAPERS = 14
CHUNK = 3


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Fourteen papers, each three sentences of SENTENCES picked by its index."""
    path = tmp_path_factory.mktemp("engines") / "papers.jsonl"
    lines = []
    for i in range(PAPERS):
        abstract = " ".join(SENTENCES[(i * k) % len(SENTENCES)] for k in (1, 2, 3))
        lines.append(json.dumps({"title": f"Paper {i}: Optimal Transport Study {i}", "abstract": abstract}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def output_files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("one-process") / "out"
    build([corpus], out, progress=False)
    return output_files(out)


def test_chunks_keep_order_and_cover_every_paper():
    assert list(iter_chunks(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(iter_chunks([], 3)) == []


def test_mentions_and_acronym_pairs_cross_processes_unchanged():
    """Records travel between processes as their field values."""
    mention = Mention(
        "paper:1", "Method", "SelMix", 3, 9, "We propose SelMix.", "method:selmix", "SelMix", "proposes"
    )
    pair = AcronymPair("OT", "optimal transport", 0, 22)
    back = pickle.loads(pickle.dumps([mention, pair, mention], protocol=pickle.HIGHEST_PROTOCOL))
    assert back == [mention, pair, mention]
    assert back[0] is back[2] and back[0].role == "proposes"


def test_reference_build_has_entities(reference):
    """The comparison below is worth something only if papers share entities."""
    report = json.loads(reference["report.json"])
    assert report["ingest"]["unique_papers"] == PAPERS
    assert report["relationships"]["RELATED_TO"] > 0
    assert b"dataset:cifar10" in reference["graph.json"]


def test_local_workers_give_byte_identical_files(corpus, reference, tmp_path):
    out = tmp_path / "out"
    build([corpus], out, progress=False, engine=ExtractEngine(workers=2, chunk_size=CHUNK))
    assert output_files(out) == reference


def test_cli_workers_option_gives_byte_identical_files(corpus, reference, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(out), "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert output_files(out) == reference


def test_dask_cluster_gives_byte_identical_files(corpus, reference, tmp_path):
    out = tmp_path / "out"
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        build(
            [corpus],
            out,
            progress=False,
            engine=ExtractEngine(scheduler=cluster.scheduler_address, chunk_size=CHUNK),
        )
    assert output_files(out) == reference


def test_unreachable_scheduler_is_an_extract_error(corpus, tmp_path):
    engine = ExtractEngine(scheduler="tcp://127.0.0.1:9", connect_timeout=2)
    with pytest.raises(ExtractError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        build([corpus], tmp_path / "out", progress=False, engine=engine)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--engine", "dask"], "Error: --engine dask needs --scheduler ADDRESS\n"),
        (["--scheduler", "tcp://127.0.0.1:8786"], "Error: --scheduler needs --engine dask\n"),
    ],
)
def test_engine_and_scheduler_go_together(corpus, tmp_path, args, message):
    result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(tmp_path / "out"), *args])
    assert result.exit_code == 2
    assert result.output.endswith(message)


def test_zero_workers_is_refused():
    with pytest.raises(ExtractError, match="at least 1"):
        ExtractEngine(workers=0)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("foo://bar:1", "unknown address scheme 'foo'"),
        ("not an address", "missing port number in address 'not an address'"),
        ("tcp://host:notaport", "invalid literal for int() with base 10: 'notaport'"),
        ("tcp://host:99999", "port out of range"),
    ],
)
def test_malformed_scheduler_address_is_a_one_line_error(corpus, tmp_path, address, reason):
    engine = ExtractEngine(scheduler=address, connect_timeout=2)
    with pytest.raises(ExtractError) as raised:
        build([corpus], tmp_path / "out", progress=False, engine=engine)
    message = str(raised.value)
    assert message.startswith(f"not a Dask scheduler address: {address!r} (ValueError: ")
    assert reason in message and message.endswith("; give one like tcp://HOST:8786")
    result = CliRunner().invoke(
        main,
        ["build", str(corpus), "--out", str(tmp_path / "out"), "--engine", "dask", "--scheduler", address],
    )
    assert (result.exit_code, result.output) == (1, f"Error: {message}\n")


@pytest.mark.parametrize("address", ["", "  "])
def test_empty_scheduler_address_is_refused(corpus, tmp_path, address):
    with pytest.raises(ExtractError, match=r"^empty Dask scheduler address: give one like tcp://HOST:8786$"):
        ExtractEngine(scheduler=address)
    result = CliRunner().invoke(
        main,
        ["build", str(corpus), "--out", str(tmp_path / "out"), "--engine", "dask", "--scheduler", address],
    )
    assert (result.exit_code, result.output) == (
        1,
        "Error: empty Dask scheduler address: give one like tcp://HOST:8786\n",
    )
    assert not (tmp_path / "out").exists()


def test_workers_with_the_dask_engine_is_a_usage_error(corpus, tmp_path):
    args = ["build", str(corpus), "--out", str(tmp_path / "out"), "--engine", "dask"]
    result = CliRunner().invoke(main, [*args, "--scheduler", "tcp://127.0.0.1:9", "--workers", "4"])
    assert result.exit_code == 2
    assert "Error: --workers is for the local engine; a Dask cluster runs on its own workers" in result.output
    with pytest.raises(ExtractError, match="workers=4 is for local processes"):
        ExtractEngine(workers=4, scheduler="tcp://127.0.0.1:9")


def test_a_cluster_without_workers_is_an_extract_error(corpus, tmp_path):
    with distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=None) as cluster:
        engine = ExtractEngine(scheduler=cluster.scheduler_address, chunk_size=CHUNK, connect_timeout=0.5)
        with pytest.raises(ExtractError) as raised:
            build([corpus], tmp_path / "out", progress=False, engine=engine)
    assert str(raised.value) == (
        f"no Dask workers connected to {cluster.scheduler_address} within 0.5s; "
        f"start some with: dask worker {cluster.scheduler_address}"
    )


def _failing_chunk(papers):
    """Fails the chunk holding "Paper 4: …", as a worker without graphbuild would."""
    if any(p.title.startswith("Paper 4:") for p in papers):
        raise ModuleNotFoundError("No module named 'graphbuild'\n(on the worker)")
    return extract_chunk(papers)


def test_a_failed_dask_task_names_its_papers(corpus, tmp_path, monkeypatch):
    from graphbuild.ingest import ingest

    papers, _ = ingest([corpus])
    first = [p.title for p in papers].index("Paper 4: Optimal Transport Study 4") // CHUNK * CHUNK
    monkeypatch.setattr(engines, "extract_chunk", _failing_chunk)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        engine = ExtractEngine(scheduler=cluster.scheduler_address, chunk_size=CHUNK)
        with pytest.raises(ExtractError) as raised:
            build([corpus], tmp_path / "out", progress=False, engine=engine)
    assert str(raised.value) == (
        f"Dask task for papers {first + 1}–{min(first + CHUNK, PAPERS)} failed: "
        "ModuleNotFoundError: No module named 'graphbuild' (on the worker)"
    )
