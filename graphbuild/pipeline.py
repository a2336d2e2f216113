"""The whole build: ingest → extract → resolve → graph → file exports."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TypeVar

import networkx as nx
from tqdm import tqdm

from graphbuild.analyze.enrich import DEFAULT_ANALYSIS, AnalysisOptions, enrich_graph
from graphbuild.collector import cycle_collector_paused
from graphbuild.errors import InputError
from graphbuild.export.files import StagedOutput, check_output_folder
from graphbuild.extract.engines import LOCAL, ExtractEngine, iter_extractions_with
from graphbuild.graph import build_graph
from graphbuild.ingest import ingest
from graphbuild.records import IngestReport, Paper, PaperExtraction
from graphbuild.resolve import Resolution, resolve

T = TypeVar("T")


def bundled_corpus() -> Path:
    """The example corpus shipped in the package (paper-listing text dumps)."""
    return Path(str(resources.files("graphbuild") / "data" / "hf-papers"))


def default_inputs(inputs: Iterable[str | os.PathLike]) -> list[str | os.PathLike]:
    inputs = list(inputs)
    if inputs:
        return inputs
    corpus = bundled_corpus()
    try:
        return [corpus.relative_to(Path.cwd())]
    except ValueError:
        return [corpus]


@dataclass
class BuildResult:
    papers: list[Paper]
    report: IngestReport
    resolution: Resolution
    graph: nx.MultiDiGraph
    outputs: dict[str, Path] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


class _Bar(tqdm):
    """tqdm without its monitor thread: the build forks its file writers, and a process
    is forked safely only while it runs no other thread (a lock held there stays held in
    the child, a signal caught there interrupts the fork)."""

    monitor_interval = 0


def with_progress(items: Iterable[T], total: int, label: str, show: bool | None) -> Iterator[T]:
    """A progress bar on a terminal (stderr), nothing otherwise."""
    show = sys.stderr.isatty() if show is None else show
    return iter(_Bar(items, total=total, desc=label, unit="paper", disable=not show, file=sys.stderr))


def extract_papers(
    papers: list[Paper], progress: bool | None = None, engine: ExtractEngine = LOCAL
) -> list[PaperExtraction]:
    """Extractions in paper order; the bar counts finished papers, whatever the engine."""
    return list(with_progress(iter_extractions_with(engine, papers), len(papers), "extract", progress))


def _nothing_to_build(report: IngestReport) -> str:
    """Why a build that writes files has no paper, in one line: an empty graph would
    replace a previous output with nothing. (``extract`` and the Python API without an
    output folder just return no paper.)"""
    records, files = report.records_seen, len(report.files_read)
    message = (
        f"no paper to build from: {records} record{'s' * (records != 1)} read from {files} "
        f"file{'s' * (files != 1)}, {len(report.skipped)} skipped"
    )
    if report.skipped:
        first = report.skipped[0]
        message += f" (first: {first.source}: {first.reason})"
    return message


def build_processes(engine: ExtractEngine) -> int:
    """Processes the stages after extraction use: two when extraction runs in several
    local processes (the user gave the build that many cores), else one."""
    return 2 if engine.scheduler is None and engine.workers > 1 else 1


def build(
    inputs: Iterable[str | os.PathLike],
    out: Path | None = None,
    *,
    progress: bool | None = None,
    analysis: AnalysisOptions | None = DEFAULT_ANALYSIS,
    engine: ExtractEngine = LOCAL,
) -> BuildResult:
    """Run every stage; write the file exports into ``out`` when given.

    ``engine`` says where extraction runs (local processes or a Dask cluster); the
    result is the same whatever it is."""
    if out is not None:
        check_output_folder(out)
    seconds = {}
    clock = time.perf_counter()
    papers, report = ingest(default_inputs(inputs))
    seconds["ingest"] = time.perf_counter() - clock
    if not papers and out is not None:
        raise InputError(_nothing_to_build(report))

    processes = build_processes(engine)
    with contextlib.ExitStack() as stages:
        stages.enter_context(cycle_collector_paused())  # see graphbuild.collector
        clock = time.perf_counter()
        extractions = extract_papers(papers, progress, engine)
        seconds["extract"] = time.perf_counter() - clock
        # the staging folder from here: a build killed while extracting leaves none behind
        staged = stages.enter_context(StagedOutput(out, processes)) if out is not None else None

        clock = time.perf_counter()
        resolution = resolve(extractions, processes)
        del extractions  # the resolution holds what later stages need; let the rest go
        seconds["resolve"] = time.perf_counter() - clock
        if staged is not None:  # with two processes, a forked one writes papers.jsonl now
            staged.write_papers(resolution)

        clock = time.perf_counter()
        graph = build_graph(resolution)
        seconds["graph"] = time.perf_counter() - clock

        if analysis is not None:
            clock = time.perf_counter()
            links_found = functools.partial(staged.write_evidence, graph) if staged is not None else None
            enrich_graph(graph, analysis, processes, links_found)
            seconds["analyze"] = time.perf_counter() - clock

        result = BuildResult(papers, report, resolution, graph, seconds=seconds)
        if staged is not None:
            clock = time.perf_counter()
            result.outputs = staged.finish(graph, resolution, report)
            seconds["export"] = time.perf_counter() - clock
    return result
