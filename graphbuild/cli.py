"""The ``graphbuild`` command: parses options, calls the library, prints results."""

from __future__ import annotations

import json
from pathlib import Path

import click

from graphbuild import __version__
from graphbuild.errors import GraphbuildError


def _fail(error: GraphbuildError) -> click.ClickException:
    return click.ClickException(str(error))


def _table(title: str, counts: dict[str, int]) -> str:
    width = max((len(k) for k in counts), default=0)
    rows = [f"  {k:<{width}}  {v:>7}" for k, v in counts.items()]
    return "\n".join([title, *rows])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
def build(inputs: tuple[Path, ...], out: Path, progress: bool | None) -> None:
    """Build the graph from INPUTS and write GraphML, JSON, JSONL, neo4j-admin CSVs and a report."""
    from graphbuild.pipeline import build as run_build

    try:
        result = run_build(inputs, out, progress=progress)
    except GraphbuildError as error:
        raise _fail(error) from None
    report = result.report
    click.echo(
        f"papers: {report.unique_papers} unique from {report.records_seen} records in "
        f"{len(report.files_read)} files ({report.duplicates_merged} duplicates merged, "
        f"{len(report.skipped)} skipped)"
    )
    for skip in report.skipped:
        click.echo(f"  skipped {skip.source}: {skip.reason}")
    from graphbuild.graph import count_edges_by_type, count_nodes_by_label

    click.echo(_table("nodes:", count_nodes_by_label(result.graph)))
    click.echo(_table("relationships:", count_edges_by_type(result.graph)))
    timing = ", ".join(f"{k} {v:.2f}s" for k, v in result.seconds.items())
    click.echo(f"time: {timing}")
    click.echo(f"wrote {len(result.outputs)} files to {out}/")


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
def extract(inputs: tuple[Path, ...]) -> None:
    """Print one JSON line per paper with its entities and acronyms (no files written)."""
    from graphbuild.export.files import paper_lines
    from graphbuild.pipeline import build as run_build

    try:
        result = run_build(inputs, None, progress=False)
    except GraphbuildError as error:
        raise _fail(error) from None
    for line in paper_lines(result.resolution):
        click.echo(json.dumps(line, ensure_ascii=False, sort_keys=True))


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=Path("out"))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
def stats(folder: Path, as_json: bool) -> None:
    """Counts by label and relationship type, and degree summaries, of a built graph in FOLDER."""
    from graphbuild.analyze import graph_summary, load_graph

    try:
        summary = graph_summary(load_graph(folder))
    except GraphbuildError as error:
        raise _fail(error) from None
    if as_json:
        click.echo(json.dumps(summary, indent=1, sort_keys=True))
        return
    click.echo(_table("nodes:", summary["nodes"]))
    click.echo(_table("relationships:", summary["relationships"]))
    click.echo("degree (min / median / mean / max):")
    for label, d in summary["degree"].items():
        click.echo(f"  {label:<10}  {d['min']} / {d['median']} / {d['mean']} / {d['max']}")
