"""The ``graphbuild`` command: parses options, calls the library, prints results."""

from __future__ import annotations

import json
from pathlib import Path

import click
from click.core import ParameterSource

from graphbuild import __version__
from graphbuild.errors import GraphbuildError

EXIT_SKIPPED = 3
EXIT_INTERRUPTED = 130


def _fail(error: GraphbuildError) -> click.ClickException:
    """The error as one line, even when a file name holds a line break."""
    return click.ClickException(str(error).replace("\r", "\\r").replace("\n", "\\n"))


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _interruptible() -> None:
    """SIGTERM stops a build the way Ctrl-C does, so staging files are cleaned up."""
    import signal

    signal.signal(signal.SIGTERM, _raise_interrupt)


def _echo_json(data, indent: int | None = 1) -> None:
    """Every JSON graphbuild prints: non-ASCII as written, keys sorted (same input, same bytes)."""
    click.echo(json.dumps(data, indent=indent, ensure_ascii=False, sort_keys=True))


def _count(n: int, noun: str) -> str:
    """ "1 file", "2 files"."""
    return f"{n} {noun}{'s' * (n != 1)}"


def _echo_skipped(report, err: bool = False) -> None:
    """The ingest summary line and one line per skipped record."""
    click.echo(
        f"papers: {report.unique_papers} unique from {_count(report.records_seen, 'record')} in "
        f"{_count(len(report.files_read), 'file')} ({_count(report.duplicates_merged, 'duplicate')} merged, "
        f"{len(report.skipped)} skipped)",
        err=err,
    )
    for skip in report.skipped:
        click.echo(f"  skipped {skip.source}: {skip.reason}", err=err)


def _table(title: str, counts: dict[str, int]) -> str:
    width = max((len(k) for k in counts), default=0)
    rows = [f"  {k:<{width}}  {v:>7}" for k, v in counts.items()]
    return "\n".join([title, *rows])


class _Commands(click.Group):
    """Every command's library error becomes one line and exit code 1: the commands
    themselves only let ``GraphbuildError`` through."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except GraphbuildError as error:
            raise _fail(error) from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="graphbuild")
def main() -> None:
    """Turn research-paper text into a citation-style knowledge graph.

    Inputs are paper-listing text dumps (.txt), JSON Lines (.jsonl) or CSV/TSV files
    with title and abstract fields, or folders of them. Without inputs, the bundled
    example corpus is used.
    """


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Output folder.",
)
@click.option(
    "--top-k",
    type=click.IntRange(0),
    default=10,
    show_default=True,
    help="RELATED_TO links kept per paper (strongest first).",
)
@click.option(
    "--min-weight",
    type=click.FloatRange(0),
    callback=lambda ctx, param, value: _a_number(param, value),
    default=4.0,
    show_default=True,
    help="Smallest RELATED_TO weight (sum of log(N/df) over shared entities, x2 per title naming one).",
)
@click.option(
    "--seed",
    type=click.IntRange(0, 2**64 - 1),
    default=42,
    show_default=True,
    help="Seed of the Leiden community detection (0 to 2**64-1).",
)
@click.option(
    "--strict", is_flag=True, help=f"Exit with code {EXIT_SKIPPED} when any input record was skipped."
)
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
@click.option(
    "--workers",
    type=click.IntRange(1),
    default=1,
    show_default=True,
    help="Local processes for extraction; 2+ also splits resolution, coupling and file writing over two (same output for any number); not with --engine dask.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Run extraction here or on a Dask cluster (needs --scheduler and the `dask` extra).",
)
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786.")
def build(
    inputs: tuple[Path, ...],
    out: Path,
    top_k: int,
    min_weight: float,
    seed: int,
    strict: bool,
    progress: bool | None,
    workers: int,
    engine: str,
    scheduler: str | None,
) -> None:
    """Build the graph from INPUTS and write GraphML, JSON, JSONL, neo4j-admin CSVs and a report.

    Exit codes: 0 done; 1 an input or output error; 2 a usage error; 3 with --strict,
    some records were skipped; 130 interrupted (the previous output is left as it was).
    """
    from graphbuild.analyze.enrich import AnalysisOptions
    from graphbuild.extract.engines import ExtractEngine
    from graphbuild.graph import count_edges_by_type, count_nodes_by_label
    from graphbuild.pipeline import build as run_build

    if engine == "dask" and scheduler is None:
        raise click.UsageError("--engine dask needs --scheduler ADDRESS")
    if engine != "dask" and scheduler is not None:
        raise click.UsageError("--scheduler needs --engine dask")
    if engine == "dask" and click.get_current_context().get_parameter_source("workers") not in (
        ParameterSource.DEFAULT,
        None,
    ):
        raise click.UsageError("--workers is for the local engine; a Dask cluster runs on its own workers")
    _interruptible()
    try:
        result = run_build(
            inputs,
            out,
            progress=progress,
            analysis=AnalysisOptions(top_k, min_weight, seed),
            engine=ExtractEngine(workers=workers, scheduler=scheduler),
        )
    except KeyboardInterrupt:
        click.echo(f"interrupted: {out}/ was left as it was", err=True)
        raise SystemExit(EXIT_INTERRUPTED) from None
    report = result.report
    _echo_skipped(report)
    click.echo(_table("nodes:", count_nodes_by_label(result.graph)))
    click.echo(_table("relationships:", count_edges_by_type(result.graph)))
    if result.graph.graph.get("communities"):
        click.echo(
            f"communities: {result.graph.graph['communities']} (modularity {result.graph.graph['modularity']:.3f})"
        )
    timing = ", ".join(f"{k} {v:.2f}s" for k, v in result.seconds.items())
    click.echo(f"time: {timing}")
    click.echo(f"wrote {len(result.outputs)} files to {out}/")
    if strict and report.skipped:
        click.echo(f"--strict: {_count(len(report.skipped), 'record')} skipped", err=True)
        raise SystemExit(EXIT_SKIPPED)


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
def extract(inputs: tuple[Path, ...]) -> None:
    """Print one JSON line per paper with its entities and acronyms (no files written).

    The ingest summary and the skipped records go to stderr. Exit codes: 0 done; 1 an
    input error; 130 interrupted (nothing printed).
    """
    from graphbuild.export.files import paper_lines
    from graphbuild.pipeline import build as run_build

    _interruptible()
    try:
        result = run_build(inputs, None, progress=False, analysis=None)
    except KeyboardInterrupt:
        click.echo("interrupted: nothing printed", err=True)
        raise SystemExit(EXIT_INTERRUPTED) from None
    _echo_skipped(result.report, err=True)
    for line in paper_lines(result.resolution):
        _echo_json(line, indent=None)


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), required=False)
@click.option(
    "--graph",
    "graph_folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="Build output folder, as the other query commands take it (the same as FOLDER)  [default: out]",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@click.option(
    "--out",
    "-o",
    "report_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the full report (stats.md, stats.json) into this folder [default with --plots: FOLDER/stats].",
)
@click.option(
    "--plots", is_flag=True, help="Also write PNG plots into the report folder's plots/ (needs matplotlib)."
)
def stats(
    folder: Path | None, graph_folder: Path | None, as_json: bool, report_dir: Path | None, plots: bool
) -> None:
    """Counts by label and relationship type, and degree summaries, of a built graph in FOLDER.

    With --out or --plots, also writes the full report: components, density, clustering,
    degree distribution, communities and modularity, top nodes per label.
    """
    from graphbuild.analyze import graph_summary, load_graph
    from graphbuild.analyze.report import write_report

    if folder is not None and graph_folder is not None and folder != graph_folder:
        raise click.UsageError(f"two graph folders given: {folder} and --graph {graph_folder}")
    folder = folder or graph_folder or Path("out")

    graph = load_graph(folder)
    summary = graph_summary(graph)
    if plots and report_dir is None:
        from graphbuild.export.files import REPORT_DIR

        report_dir = folder / REPORT_DIR
    written = write_report(graph, report_dir, plots=plots) if report_dir is not None else []
    if as_json:
        _echo_json(summary)
    else:
        click.echo(_table("nodes:", summary["nodes"]))
        click.echo(_table("relationships:", summary["relationships"]))
        click.echo("degree, distinct linked nodes (min / median / mean / max):")
        for label, d in summary["degree"].items():
            click.echo(f"  {label:<10}  {d['min']} / {d['median']} / {d['mean']} / {d['max']}")
    for path in written:
        click.echo(f"wrote {path}", err=as_json)


@main.group()
def export() -> None:
    """Export a built graph somewhere else."""


def _a_number(param: click.Parameter, value: float) -> float:
    """FloatRange lets NaN through (every comparison with it is false)."""
    if value != value:
        raise click.BadParameter("nan is not a number", param=param)
    return value


BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def _bolt_uri(value: str) -> str:
    """A URI the Neo4j driver can open, or a usage error that says what one looks like."""
    scheme, sep, rest = value.partition("://")
    if not sep or scheme.lower() not in BOLT_SCHEMES or not rest.strip("/"):
        raise click.BadParameter(
            f"{value!r} is not a Bolt URI; use SCHEME://HOST[:PORT] with SCHEME one of {', '.join(BOLT_SCHEMES)}"
        )
    return value


@export.command("neo4j")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=Path("out"))
@click.option(
    "--uri",
    envvar="NEO4J_URI",
    default="bolt://localhost:7687",
    show_default=True,
    help="Bolt URI (bolt://, bolt+s://, bolt+ssc://, neo4j://, neo4j+s://, neo4j+ssc://); env NEO4J_URI.",
    callback=lambda ctx, param, value: _bolt_uri(value),
)
@click.option("--user", envvar="NEO4J_USER", default="neo4j", show_default=True, help="User; env NEO4J_USER.")
@click.option(
    "--database", envvar="NEO4J_DATABASE", default="neo4j", show_default=True, help="Database name."
)
@click.option(
    "--batch-size",
    type=click.IntRange(1, 100_000),
    default=2000,
    show_default=True,
    help="Rows per UNWIND transaction.",
)
@click.option(
    "--tries",
    type=click.IntRange(1, 100),
    default=5,
    show_default=True,
    help="Tries per transaction on transient errors (deadlock, lock timeout, lost connection).",
)
@click.option(
    "--retry-delay",
    type=click.FloatRange(0, 60),
    default=0.5,
    show_default=True,
    help="Seconds before the first retry; doubled before each further one.",
)
@click.option("--replace", is_flag=True, help="Delete graphbuild's nodes in the database first.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
def export_neo4j(
    folder: Path,
    uri: str,
    user: str,
    database: str,
    batch_size: int,
    tries: int,
    retry_delay: float,
    replace: bool,
    progress: bool | None,
) -> None:
    """Load the graph built in FOLDER into a running Neo4j (password: env NEO4J_PASSWORD or a prompt)."""
    import logging
    import os
    import sys

    from tqdm import tqdm

    from graphbuild.export.neo4j import Neo4jTarget, RetryPolicy, load_into_neo4j
    from graphbuild.graph import load_graph

    graph = load_graph(folder)
    # Without a handler, Python prints the driver's warnings (e.g. "Unable to retrieve
    # routing information") to stderr next to the one-line error that already says it.
    logging.getLogger("neo4j").addHandler(logging.NullHandler())
    password = os.environ.get("NEO4J_PASSWORD")
    if password is None:
        password = click.prompt(f"Password for {user} at {uri}", hide_input=True)
    show = sys.stderr.isatty() if progress is None else progress
    with tqdm(
        total=graph.number_of_nodes() + graph.number_of_edges(),
        unit="row",
        disable=not show,
        file=sys.stderr,
        desc="neo4j",
    ) as bar:
        try:
            report = load_into_neo4j(
                graph,
                Neo4jTarget(uri, user, password, database),
                batch_size=batch_size,
                replace=replace,
                on_batch=bar.update,
                retry=RetryPolicy(tries=tries, first_delay=retry_delay),
            )
        except KeyboardInterrupt:
            click.echo(
                "interrupted: the batches committed so far stay; run it again to complete the load", err=True
            )
            raise SystemExit(EXIT_INTERRUPTED) from None
    rate = report.rows / report.seconds if report.seconds else 0.0
    click.echo(
        f"loaded {report.rows} rows in {report.batches} batches, {report.seconds:.2f}s ({rate:,.0f} rows/s)"
    )
    click.echo(
        f"created {report.nodes_created} nodes and {report.relationships_created} relationships"
        + (
            f" after deleting {report.nodes_deleted} nodes and {report.relationships_deleted} relationships"
            if replace
            else ""
        )
    )
    if report.retries:
        click.echo(f"retried {report.retries} transactions after transient errors")
    click.echo("label/type        local  written  in database")
    for label, n in report.local_nodes.items():
        written, held = report.present_nodes.get(label, 0), report.database_nodes.get(label, 0)
        click.echo(f"  {label:<14} {n:>7} {written:>8} {held:>12}")
    for rel_type, n in report.local_relationships.items():
        written, held = (
            report.present_relationships.get(rel_type, 0),
            report.database_relationships.get(rel_type, 0),
        )
        click.echo(f"  {rel_type:<14} {n:>7} {written:>8} {held:>12}")
    problems = _load_problems(report)
    if problems:
        raise click.ClickException("verification failed: " + "; ".join(problems))
    click.echo("verified: every local node and relationship is in the database")


def _load_problems(report) -> list[str]:
    """Why a load is not verified, one phrase per label or type."""
    problems = []
    for kind, local, written in (
        ("nodes", report.local_nodes, report.present_nodes),
        ("relationships", report.local_relationships, report.present_relationships),
    ):
        problems += [
            f"{n - written.get(name, 0)} of {n} {name} {kind} not written (start or end node missing?)"
            for name, n in local.items()
            if written.get(name, 0) != n
        ]
    for rel_type in report.created_types:
        extra = report.database_relationships.get(rel_type, 0) - report.present_relationships.get(rel_type, 0)
        if extra > 0:
            problems.append(
                f"the database holds {extra} more {rel_type} relationships than this load wrote "
                "(another writer during the load? a rerun does not remove them)"
            )
        elif extra < 0:
            problems.append(
                f"{-extra} {rel_type} relationships this load wrote are gone (deleted during it?)"
            )
    return problems


GRAPH_OPTION = click.option(
    "--graph",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Build output folder holding graph.json.",
)
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def hops_option(default: int):
    return click.option(
        "--hops",
        type=click.IntRange(1, 3),
        default=default,
        show_default=True,
        help="How many relationships away (1-3).",
    )


def _load(folder: Path):
    from graphbuild.graph import load_graph

    return load_graph(folder)


def _lookup(graph, name: str, labels: tuple[str, ...] | None = None) -> str:
    from graphbuild.query import find_node

    return find_node(graph, name, labels)


def _emit(rows: list[dict], as_json: bool, columns: list[str]) -> None:
    if as_json:
        _echo_json(rows)
        return
    widths = {c: min(TABLE_CELL, max([len(c)] + [len(str(r[c])) for r in rows])) for c in columns}
    click.echo("  ".join(c.ljust(widths[c]) for c in columns))
    for r in rows:
        click.echo("  ".join(_cell(str(r[c]), widths[c]) for c in columns))


#: Widest table cell; a longer value is cut with "…" (--json prints every value whole).
TABLE_CELL = 60


def _cell(text: str, width: int) -> str:
    return (text if len(text) <= width else text[: width - 1] + "…").ljust(width)


@main.command()
@click.argument("name")
@hops_option(1)
@GRAPH_OPTION
@JSON_OPTION
def neighbors(name: str, hops: int, folder: Path, as_json: bool) -> None:
    """Everything within HOPS of NAME (a paper title, entity name or id; typos tolerated)."""
    from dataclasses import asdict

    from graphbuild.query import neighbors as find_neighbors

    graph = _load(folder)
    rows = [asdict(n) for n in find_neighbors(graph, _lookup(graph, name), hops)]
    _emit(rows, as_json, ["distance", "label", "id", "name"])


@main.command()
@click.argument("paper")
@click.option("--top", type=click.IntRange(1), default=10, show_default=True, help="How many related papers.")
@GRAPH_OPTION
@JSON_OPTION
def related(paper: str, top: int, folder: Path, as_json: bool) -> None:
    """Papers most related to PAPER, with the shared entities that explain each link."""
    from graphbuild.query import related as find_related
    from graphbuild.schema import PAPER

    graph = _load(folder)
    hits = find_related(graph, _lookup(graph, paper, (PAPER,)), top)
    rows = [{"weight": r.weight, "id": r.id, "title": r.title, "shared": list(r.shared_names)} for r in hits]
    if as_json:
        _emit(rows, True, [])
        return
    for r in rows:
        click.echo(f"{r['weight']:>7.2f}  {r['id']}  {r['title']}")
        click.echo(f"         shared: {'; '.join(r['shared'])}")


@main.command()
@click.argument("source")
@click.argument("target")
@GRAPH_OPTION
@JSON_OPTION
def path(source: str, target: str, folder: Path, as_json: bool) -> None:
    """The chain of entities connecting SOURCE and TARGET (papers or entities)."""
    from graphbuild.query import path as find_path

    graph = _load(folder)
    chain = find_path(graph, _lookup(graph, source), _lookup(graph, target))
    rows = [
        {"step": i, "label": graph.nodes[n]["label"], "id": n, "name": graph.nodes[n]["name"]}
        for i, n in enumerate(chain)
    ]
    _emit(rows, as_json, ["step", "label", "id", "name"])


@main.command()
@click.argument("key")
@GRAPH_OPTION
@JSON_OPTION
def community(key: str, folder: Path, as_json: bool) -> None:
    """A community (number, id or label words) and its papers, most central first."""
    from graphbuild.query import community as find_community

    graph = _load(folder)
    view = find_community(graph, key)
    if as_json:
        _echo_json(
            {
                "id": view.id,
                "name": view.name,
                "size": view.size,
                "papers": [{"id": p, "title": t, "pagerank": r} for p, t, r in view.papers],
            }
        )
        return
    click.echo(f"{view.id}: {view.name} ({view.size} papers)")
    _emit(
        [{"pagerank": r, "id": p, "title": t} for p, t, r in view.papers], False, ["pagerank", "id", "title"]
    )


@main.command()
@click.argument("name")
@GRAPH_OPTION
@JSON_OPTION
def show(name: str, folder: Path, as_json: bool) -> None:
    """A node's properties and relationships."""
    from graphbuild.query import show as show_node

    graph = _load(folder)
    view = show_node(graph, _lookup(graph, name))
    if as_json:
        _echo_json(
            {
                "id": view.id,
                "label": view.label,
                "properties": view.properties,
                "relationships": [
                    {"direction": d, "type": t, "id": i, "name": n} for d, t, i, n in view.relationships
                ],
            }
        )
        return
    click.echo(f"{view.label} {view.id}")
    for key, value in view.properties.items():
        text = str(value)
        click.echo(f"  {key}: {text if len(text) <= 200 else text[:197] + '...'}")
    _emit(
        [{"direction": d, "type": t, "id": i, "name": n} for d, t, i, n in view.relationships],
        False,
        ["direction", "type", "id", "name"],
    )


@main.command()
@click.argument("name")
@GRAPH_OPTION
@JSON_OPTION
def explain(name: str, folder: Path, as_json: bool) -> None:
    """Why an entity is one node: the surface forms merged into NAME, how often each
    was written, and the resolver's reasons. Only entities are looked up, so a paper
    title that is also a concept finds the concept.

    MENTIONS counts every mention in the corpus; the per-form counts come from the
    mentions kept as evidence (at most 10 per relationship), so they add up to fewer when a
    paper mentions the entity more often; a form shown as "—" was written only in
    mentions beyond the kept evidence."""
    from graphbuild.graph import MAX_EVIDENCE
    from graphbuild.query import explain as explain_node
    from graphbuild.schema import ENTITY_LABELS

    graph = _load(folder)
    node = _lookup(graph, name, ENTITY_LABELS)
    view = explain_node(graph, node)
    if as_json:
        _echo_json(
            {
                "id": view.id,
                "label": view.label,
                "name": view.name,
                "papers": view.papers,
                "mentions": view.mentions,
                "evidence": view.evidence,
                "forms": [{"evidence": n, "form": form, "why": why} for form, n, why in view.forms],
                "merged_because": list(view.reasons),
            }
        )
        return
    click.echo(
        f"{view.label} {view.id} '{view.name}' in {view.papers} paper{'' if view.papers == 1 else 's'}, "
        f"{view.mentions} mention{'' if view.mentions == 1 else 's'}"
    )
    if not view.complete:
        unseen = any(n == 0 for _, n, _ in view.forms)
        click.echo(
            f"form counts are from the {view.evidence} of {view.mentions} mentions kept as evidence "
            f"(at most {MAX_EVIDENCE} per relationship)"
            + (f"; — : a form written only in the other {view.mentions - view.evidence}" if unseen else "")
        )
    rows = [{"evidence": n or "—", "form": form, "why": why} for form, n, why in view.forms]
    _emit(rows, False, ["evidence", "form", "why"])
    for reason in view.reasons:
        click.echo(f"  merged because {reason}")


@main.command()
@click.argument("name", required=False)
@hops_option(2)
@click.option("--community", "community_key", help="Show this community (number, id or label words) instead.")
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("view.html"),
    show_default=True,
    help="HTML file to write.",
)
@click.option(
    "--max-nodes",
    type=click.IntRange(2),
    default=200,
    show_default=True,
    help="Most nodes shown (nearest first, then highest PageRank).",
)
@GRAPH_OPTION
def view(
    name: str | None, hops: int, community_key: str | None, out: Path, max_nodes: int, folder: Path
) -> None:
    """Write a self-contained interactive HTML page of NAME's neighborhood (or of a --community).

    The page needs no network: the vis-network library is inlined. Nodes are coloured by
    label and sized by PageRank; hover shows a summary and the evidence, click shows every property.
    """
    from graphbuild.view import community_view, neighborhood_view, write_view

    if (name is None) == (community_key is None):
        raise click.UsageError("give either NAME or --community ID")
    graph = _load(folder)
    if community_key is not None:
        page = community_view(graph, community_key, max_nodes)
    else:
        page = neighborhood_view(graph, _lookup(graph, name), hops, max_nodes)
    write_view(page, out)
    shown = f"{len(page.nodes)} nodes, {len(page.edges)} relationships"
    capped = (
        f" (of {page.found} found; raise --max-nodes to show more)" if page.found > len(page.nodes) else ""
    )
    click.echo(f"wrote {out}: {page.title}: {shown}{capped}")


if __name__ == "__main__":
    main()
