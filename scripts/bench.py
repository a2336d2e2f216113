#!/usr/bin/env python3
"""Benchmark every build stage against a plain baseline measured in the same run.

    scripts/bench.py                                  # the bundled corpus, 3 repetitions
    scripts/bench.py --sizes 1000,10000 --workers 2   # generated corpora (scripts/make_corpus.py)
    scripts/bench.py --sizes 10000 --neo4j            # also the live Neo4j load (own server)
    scripts/bench.py --repeat 1 --passes 7            # and 7 extraction passes in one process

Writes bench/results.json and bench/results.md. Each repetition runs in a fresh Python
process, so peak memory is that repetition's own; the medians over repetitions are
quoted. Per stage: wall time, throughput, the peak resident memory of the build
process and its extraction workers while the stage ran (their proportional set size,
/proc/PID/smaps_rollup, summed; see ``RssSampler``), and a baseline:

| stage | baseline: the least a stage of its kind does on the same data |
| --- | --- |
| ingest | read every input line, ``json.loads`` each JSONL line |
| extract | ``spacy.blank("en")`` tokenizer pass over the same texts, one process |
| resolve | group every mention by its key in a dict |
| graph | a ``MultiDiGraph`` of bare paper→entity edges, no properties |
| analyze | networkx PageRank of the same graph |
| export | ``json.dump`` of the node-link data, one file |
| neo4j | one row per transaction (MERGE of one node or relationship) on a sample |

Extraction is also timed on its own, for corpora up to ``PASSES_MAX_PAPERS`` papers,
before any Neo4j server is started: in a fresh process, with graphbuild's pipeline and the blank one both built before the
clock starts, ``--passes`` passes over the corpus, the first (cold) and the median of
the others (warm) quoted, each against the blank tokenizer's pass beside it. The
extract stage above includes building the pipeline and, with workers, starting them.

The ratio is the stage's time over the baseline's (for neo4j: the baseline's rows/s
over the loader's, on the sample versus the whole graph). Timings on a shared
machine are noisy: read them with the load average recorded beside them.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STAGES = ("ingest", "extract", "resolve", "graph", "analyze", "export", "neo4j")
BASELINES = {
    "ingest": "read every line (json.loads for JSONL)",
    "extract": 'spacy.blank("en") tokenizer, 1 process',
    "resolve": "dict of mentions by key",
    "graph": "bare MultiDiGraph edges",
    "analyze": "networkx PageRank",
    "export": "json.dump of node-link data",
    "neo4j": "1 row per transaction (sample)",
}
NAIVE_SAMPLE_PAPERS = 50
#: Largest corpus whose extraction is also timed over repeated passes in one process.
PASSES_MAX_PAPERS = 10_000
ENV_URI, ENV_PASSWORD = "GRAPHBUILD_BENCH_NEO4J_URI", "GRAPHBUILD_BENCH_NEO4J_PASSWORD"


def _process_memory(pid: int | str) -> int:
    """A process's proportional set size (Pss, /proc/PID/smaps_rollup): its resident
    pages, each page it shares with other processes divided among them. Summed over the
    build process, its extraction workers, their fork server and the forked export
    process, it counts every page once, where summed RSS would count the pages a forked
    process still shares with its parent twice. Without smaps_rollup (Linux < 4.14):
    resident pages (statm)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(child) for child in handle.read().split()]
    except OSError:
        pass
    return found


def current_rss() -> int:
    """Memory of this process and all its descendants, each shared page counted once
    (``_process_memory``), in bytes (Linux /proc); else this process's peak so far."""
    if not os.path.exists("/proc/self/statm"):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    total, pending = 0, [os.getpid()]
    while pending:
        pid = pending.pop()
        total += _process_memory(pid)
        pending += _children(pid)
    return total


class RssSampler(threading.Thread):
    """Samples memory; ``take_peak`` returns the peak since the last call.

    Reading smaps_rollup walks a process's page tables (about 5 ms per GB), so the pause
    between samples is 20 times the last reading's duration, at least ``interval`` s:
    the sampler takes at most 5% of a core from the build it measures."""

    def __init__(self, interval: float = 0.01):
        super().__init__(daemon=True)
        self.interval, self.lock, self.stopped = interval, threading.Lock(), threading.Event()
        self.peak = current_rss()

    def run(self) -> None:
        pause = self.interval
        while not self.stopped.wait(pause):
            clock = time.perf_counter()
            rss = current_rss()
            pause = max(self.interval, 20 * (time.perf_counter() - clock))
            with self.lock:
                self.peak = max(self.peak, rss)

    def take_peak(self) -> int:
        now = current_rss()
        with self.lock:
            peak, self.peak = max(self.peak, now), now
        return peak


@contextmanager
def timed(into: dict, key: str):
    clock = time.perf_counter()
    yield
    into[key] = time.perf_counter() - clock


# --- one repetition, in a fresh process ---------------------------------------------------------


def run_stages(corpus: Path, workers: int, out: Path, neo4j_target) -> tuple[dict, list, object, object]:
    """The build's stages as ``graphbuild build`` runs them: seconds and peak RSS per stage."""
    from graphbuild.analyze.enrich import DEFAULT_ANALYSIS, enrich_graph
    from graphbuild.collector import cycle_collector_paused
    from graphbuild.export.files import StagedOutput
    from graphbuild.extract.engines import ExtractEngine
    from graphbuild.graph import build_graph
    from graphbuild.ingest import ingest
    from graphbuild.pipeline import build_processes, extract_papers
    from graphbuild.resolve import resolve

    sampler = RssSampler()
    sampler.start()
    seconds, rss = {}, {}
    with timed(seconds, "ingest"):
        papers, report = ingest([corpus])
    rss["ingest"] = sampler.take_peak()
    engine = ExtractEngine(workers=workers)
    processes = build_processes(engine)
    # as graphbuild.pipeline.build does; with 2 workers, forked writers run beside the stages
    with cycle_collector_paused(), StagedOutput(out, processes) as staged:
        with timed(seconds, "extract"):
            extractions = extract_papers(papers, False, engine)
        rss["extract"] = sampler.take_peak()
        with timed(seconds, "resolve"):
            resolution = resolve(extractions, processes)
            del extractions
        rss["resolve"] = sampler.take_peak()
        with timed(seconds, "graph"):
            staged.write_papers(resolution)
            graph = build_graph(resolution)
        rss["graph"] = sampler.take_peak()
        with timed(seconds, "analyze"):
            enrich_graph(graph, DEFAULT_ANALYSIS, processes, functools.partial(staged.write_evidence, graph))
        rss["analyze"] = sampler.take_peak()
        with timed(seconds, "export"):
            staged.finish(graph, resolution, report)
        rss["export"] = sampler.take_peak()
    if neo4j_target is not None:
        from graphbuild.export.neo4j import load_into_neo4j

        wipe(neo4j_target)
        load = load_into_neo4j(graph, neo4j_target)
        seconds["neo4j"] = load.seconds
        rss["neo4j"] = sampler.take_peak()
    sampler.stopped.set()
    counts = {
        "papers": len(papers),
        "nodes": graph.number_of_nodes(),
        "relationships": graph.number_of_edges(),
    }
    return {"seconds": seconds, "rss": rss, "counts": counts}, papers, resolution, graph


def run_baselines(corpus: Path, papers, resolution, graph, out: Path, neo4j_target) -> dict:
    import networkx as nx
    import spacy

    seconds = {}
    with timed(seconds, "ingest"):
        read_lines(corpus)
    nlp = spacy.blank("en")
    texts = [p.text for p in papers]
    with timed(seconds, "extract"):
        for _ in nlp.pipe(texts, batch_size=128):
            pass
    with timed(seconds, "resolve"):
        by_key = defaultdict(list)
        for mentions in resolution.mentions.values():
            for m in mentions:
                by_key[m.key].append(m)
    with timed(seconds, "graph"):
        bare = nx.MultiDiGraph()
        bare.add_edges_from((m.paper_id, m.key) for ms in resolution.mentions.values() for m in ms)
    with timed(seconds, "analyze"):
        nx.pagerank(graph)
    with timed(seconds, "export"):
        with (out / "baseline-node-link.json").open("w", encoding="utf-8") as handle:
            json.dump(nx.node_link_data(graph, edges="edges"), handle)
    naive = {}
    if neo4j_target is not None:
        naive = naive_load(graph, neo4j_target)
        seconds["neo4j"] = naive["seconds"]
    return {"seconds": seconds, "naive_neo4j": naive}


def read_lines(corpus: Path) -> int:
    """Every line of the input read; each JSON line parsed. Returns the lines read."""
    files = sorted(corpus.iterdir()) if corpus.is_dir() else [corpus]
    count = 0
    for path in files:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if path.suffix == ".jsonl":
                    json.loads(line)
                count += 1
    return count


def wipe(target) -> None:
    """Delete graphbuild's nodes and relationships: ``export neo4j --replace`` of an empty graph."""
    import networkx as nx

    from graphbuild.export.neo4j import load_into_neo4j

    load_into_neo4j(nx.MultiDiGraph(), target, replace=True)


def sample_rows(graph, papers: int) -> tuple[list, list]:
    """Nodes and relationships of the first ``papers`` papers (by id) and their neighbours."""
    from graphbuild.schema import PAPER

    chosen = sorted(n for n, label in graph.nodes(data="label") if label == PAPER)[:papers]
    rels = [(u, v, d) for u in chosen for _, v, d in graph.out_edges(u, data=True)]
    node_ids = sorted(set(chosen) | {v for _, v, _ in rels})
    nodes = [(graph.nodes[n]["label"], {"id": n, "props": dict(graph.nodes[n])}) for n in node_ids]
    rel_rows = [
        (
            (d["type"], graph.nodes[u]["label"], graph.nodes[v]["label"]),
            {"source": u, "target": v, "props": {k: x for k, x in d.items() if k != "type"}},
        )
        for u, v, d in rels
    ]
    return nodes, rel_rows


def _write_row(tx, statement: str, row: dict) -> None:
    tx.run(statement, rows=[row]).consume()


def naive_load(graph, target) -> dict:
    """The loader's own MERGE statements, one row per transaction: what batching saves."""
    from neo4j import GraphDatabase

    from graphbuild.export import cypher

    nodes, rels = sample_rows(graph, NAIVE_SAMPLE_PAPERS)
    wipe(target)
    with GraphDatabase.driver(target.uri, auth=(target.user, target.password)) as driver:
        with driver.session(database=target.database) as session:
            for statement in cypher.constraint_statements():
                session.run(statement).consume()
            clock = time.perf_counter()
            for label, row in nodes:
                session.execute_write(_write_row, cypher.merge_nodes(label), row)
            for key, row in rels:
                session.execute_write(_write_row, cypher.merge_relationships(*key), row)
            seconds = time.perf_counter() - clock
    wipe(target)
    return {"seconds": seconds, "rows": len(nodes) + len(rels), "relationships": len(rels)}


def child(corpus: Path, workers: int) -> dict:
    """One repetition: the stages, then the baselines on the same data."""
    neo4j_target = None
    if os.environ.get(ENV_URI):
        from graphbuild.export.neo4j import Neo4jTarget

        neo4j_target = Neo4jTarget(os.environ[ENV_URI], "neo4j", os.environ[ENV_PASSWORD])
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        out = Path(tmp)
        stages, papers, resolution, graph = run_stages(corpus, workers, out / "out", neo4j_target)
        baselines = run_baselines(corpus, papers, resolution, graph, out, neo4j_target)
    return {**stages, "baselines": baselines}


def extraction_passes(corpus: Path, passes: int) -> dict:
    """Extraction in one process with its pipeline built, as the baseline's blank
    pipeline is (building graphbuild's takes about half a second, once per process):
    papers/s of the first pass over the corpus (cold: new words, empty memos) and the
    median of the later passes (warm, as in a long run), for graphbuild's pipeline and
    for ``spacy.blank("en")``'s tokenizer, passes alternating so both see the same load."""
    import spacy

    from graphbuild.extract import build_nlp, iter_extractions
    from graphbuild.ingest import ingest

    papers, _ = ingest([corpus])
    texts = [p.text for p in papers]
    ours, blank = build_nlp(span_groups=False), spacy.blank("en")  # as the build makes it
    seconds: dict[str, list[float]] = {"graphbuild": [], "blank": []}
    for _ in range(passes):
        clock = time.perf_counter()
        for _ in iter_extractions(papers, ours):
            pass
        seconds["graphbuild"].append(time.perf_counter() - clock)
        clock = time.perf_counter()
        for _ in blank.pipe(texts, batch_size=128):
            pass
        seconds["blank"].append(time.perf_counter() - clock)
    return {"papers": len(papers), "seconds": seconds}


def summarize_passes(result: dict) -> dict:
    n, seconds = result["papers"], result["seconds"]
    rates = {}
    for who, times in seconds.items():
        rates[who] = {
            "first_pass_per_second": round(n / times[0], 1),
            "later_passes_per_second": round(n / _median(times[1:]), 1),
            "seconds_all": [round(t, 4) for t in times],
        }
    ours, blank = rates["graphbuild"], rates["blank"]
    return {
        **rates,
        "ratio_first_pass": round(ours["first_pass_per_second"] / blank["first_pass_per_second"], 3),
        "ratio_later_passes": round(ours["later_passes_per_second"] / blank["later_passes_per_second"], 3),
    }


# --- the driver ----------------------------------------------------------------------------------


def run_child(args: list[str], env: dict) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), *args]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"repetition failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def corpus_for(size: int, seed: int) -> Path:
    """A generated corpus under bench/tmp/ (kept between runs: generating 100k takes a minute)."""
    path = ROOT / "bench" / "tmp" / f"corpus-{size}-seed{seed}.jsonl"
    if not path.exists():
        script = ROOT / "scripts" / "make_corpus.py"
        subprocess.run(
            [sys.executable, str(script), str(size), "--seed", str(seed), "--out", str(path)], check=True
        )
    return path


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def summarize(label: str, corpus: Path, workers: int, runs: list[dict]) -> dict:
    counts = runs[0]["counts"]
    stages = {}
    for stage in STAGES:
        times = [r["seconds"][stage] for r in runs if stage in r["seconds"]]
        if not times:
            continue
        base = [r["baselines"]["seconds"][stage] for r in runs if stage in r["baselines"]["seconds"]]
        entry = {
            "seconds": round(_median(times), 4),
            "seconds_all": [round(t, 4) for t in times],
            "peak_rss_mb": round(_median([r["rss"][stage] for r in runs]) / 2**20, 1),
            "baseline": BASELINES[stage],
            "baseline_seconds": round(_median(base), 4),
            "baseline_seconds_all": [round(t, 4) for t in base],
        }
        if stage == "neo4j":
            naive = runs[0]["baselines"]["naive_neo4j"]
            rows = counts["nodes"] + counts["relationships"]
            entry["unit"] = "rows/s"
            entry["throughput"] = round(rows / entry["seconds"], 1)
            entry["relationships_per_second"] = round(counts["relationships"] / entry["seconds"], 1)
            entry["baseline_throughput"] = round(naive["rows"] / entry["baseline_seconds"], 1)
            entry["baseline_rows"] = naive["rows"]
            entry["ratio"] = round(entry["baseline_throughput"] / entry["throughput"], 4)
        else:
            entry["unit"] = "papers/s"
            entry["throughput"] = round(counts["papers"] / entry["seconds"], 1)
            entry["baseline_throughput"] = round(counts["papers"] / entry["baseline_seconds"], 1)
            entry["ratio"] = round(entry["seconds"] / entry["baseline_seconds"], 2)
        stages[stage] = entry
    cores = min(workers, os.cpu_count() or 1)
    build_stages = [s for s in stages if s != "neo4j"]
    totals = [sum(r["seconds"][s] for s in build_stages) for r in runs]
    return {
        "corpus": label,
        "path": str(corpus.relative_to(ROOT)) if corpus.is_relative_to(ROOT) else str(corpus),
        "workers": workers,
        "repetitions": len(runs),
        "counts": counts,
        "stages": stages,
        "build_seconds": round(_median(totals), 3),
        "peak_rss_mb": round(max(max(r["rss"].values()) for r in runs) / 2**20, 1),
        "extract_papers_per_second_per_core": round(stages["extract"]["throughput"] / cores, 1),
    }


def render_markdown(results: dict) -> str:
    machine = results["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {machine['cpus']} cores, Python {machine['python']}, {machine['platform']}. "
        f"Load average before / after: {machine['load_before']} / {machine['load_after']}. "
        f"Median of {results['repetitions']} repetitions, each in a fresh process.",
        "",
        "The machine is shared (other test suites ran at the same time), so times are noisy; "
        "`seconds_all` in results.json lists every repetition.",
        "",
    ]
    for run in results["runs"]:
        c = run["counts"]
        lines += [
            f"## {run['corpus']}: {c['papers']} papers, {c['nodes']} nodes, {c['relationships']} relationships "
            f"(workers {run['workers']})",
            "",
            f"Build (all stages but Neo4j): **{run['build_seconds']:.1f} s**; peak memory of the build "
            f"{run['peak_rss_mb']:.0f} MB (PSS of the build process and its workers, shared pages once). "
            f"Extraction: **{run['extract_papers_per_second_per_core']:.0f} abstracts/s per core**.",
            "",
            "| stage | median s | throughput | peak PSS MB | baseline | baseline s | baseline throughput | ratio |",
            "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
        ]
        for stage, e in run["stages"].items():
            ratio = f"{e['ratio']:.3f} (rows/s)" if stage == "neo4j" else f"{e['ratio']:.2f}×"
            lines.append(
                f"| {stage} | {e['seconds']:.3f} | {e['throughput']:,.0f} {e['unit']} | {e['peak_rss_mb']:.0f} "
                f"| {e['baseline']} | {e['baseline_seconds']:.3f} | {e['baseline_throughput']:,.0f} {e['unit']} "
                f"| {ratio} |"
            )
        if "extraction_one_process" in run:
            x = run["extraction_one_process"]
            ours, blank = x["graphbuild"], x["blank"]
            lines += [
                "",
                f"Extraction in one process, its pipeline built (as the blank one is), "
                f"{len(ours['seconds_all'])} passes in a fresh process: first pass "
                f"**{ours['first_pass_per_second']:,.0f} abstracts/s** (blank spaCy tokenizer "
                f"{blank['first_pass_per_second']:,.0f}/s, ratio {x['ratio_first_pass']:.2f}); later passes, "
                f"median **{ours['later_passes_per_second']:,.0f} abstracts/s** (blank "
                f"{blank['later_passes_per_second']:,.0f}/s, ratio {x['ratio_later_passes']:.2f}).",
            ]
        if "neo4j" in run["stages"]:
            n = run["stages"]["neo4j"]
            lines += [
                "",
                f"Neo4j: {n['relationships_per_second']:,.0f} relationships/s over the whole load "
                f"(constraints, batches of 2000, verification included); one row per transaction: "
                f"{n['baseline_throughput']:,.0f} rows/s on {n['baseline_rows']} rows.",
            ]
        lines.append("")
    if len(results["runs"]) > 1:
        lines += growth_table(results["runs"])
    return "\n".join(lines) + "\n"


def growth_table(runs: list[dict]) -> list[str]:
    lines = [
        "## Growth",
        "",
        "| papers | build s | s per 1k papers | peak PSS MB | MB per 1k papers |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        k = run["counts"]["papers"] / 1000
        lines.append(
            f"| {run['counts']['papers']} | {run['build_seconds']:.1f} | {run['build_seconds'] / k:.2f} "
            f"| {run['peak_rss_mb']:.0f} | {run['peak_rss_mb'] / k:.1f} |"
        )
    return [*lines, ""]


@contextmanager
def neo4j_server(enabled: bool):
    """A server of its own under bench/tmp/ (graphbuild.neo4j_server), or nothing."""
    if not enabled:
        yield {}
        return
    from graphbuild import neo4j_server as ns

    home = ROOT / "bench" / "tmp" / "neo4j"
    if ns.server_info(home) is not None:
        ns.stop_server(home)
    info = ns.start_server(home, heap="1g", pagecache="512m")
    try:
        yield {ENV_URI: info.bolt_uri, ENV_PASSWORD: info.password}
    finally:
        ns.stop_server(home)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", help="comma-separated sizes of generated corpora, e.g. 1000,10000,100000")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated corpora")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions per corpus (median quoted)")
    parser.add_argument("--workers", type=int, default=1, help="extraction processes")
    parser.add_argument("--neo4j", action="store_true", help="also load into a Neo4j server started here")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "bench", help="folder of results.json and results.md"
    )
    parser.add_argument(
        "--passes",
        type=int,
        default=5,
        help=f"extraction passes in one process, corpora up to {PASSES_MAX_PAPERS} papers (0: none)",
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-passes", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.workers)))
        return 0
    if args.child_passes:
        print(json.dumps(extraction_passes(args.child_passes, max(args.passes, 2))))
        return 0

    from graphbuild.pipeline import bundled_corpus

    if args.sizes:
        corpora = [(f"generated {n}", corpus_for(int(n), args.seed)) for n in args.sizes.split(",")]
    else:
        corpora = [("bundled hf-papers", bundled_corpus())]
    load_before = os.getloadavg()
    # Extraction passes first, before any Neo4j server starts: its JVM would share the cores.
    passes = {}
    for label, corpus in corpora:
        sized = label.split()[-1]
        if args.passes and (not sized.isdigit() or int(sized) <= PASSES_MAX_PAPERS):
            print(f"{label}: extraction passes in one process", file=sys.stderr)
            passes[label] = run_child(
                ["--child-passes", str(corpus), "--passes", str(args.passes)], dict(os.environ)
            )
    runs = []
    with neo4j_server(args.neo4j) as neo4j_env:
        env = {**os.environ, **neo4j_env}
        for label, corpus in corpora:
            reps = []
            for i in range(args.repeat):
                print(f"{label}: repetition {i + 1}/{args.repeat}", file=sys.stderr)
                reps.append(run_child(["--child", str(corpus), "--workers", str(args.workers)], env))
            runs.append(summarize(label, corpus, args.workers, reps))
            if label in passes:
                runs[-1]["extraction_one_process"] = summarize_passes(passes[label])
    results = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()],
        },
        "repetitions": args.repeat,
        "runs": runs,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    (args.out / "results.md").write_text(render_markdown(results), encoding="utf-8")
    print(render_markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
