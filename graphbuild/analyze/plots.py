"""PNG plots of a statistics report (``graphbuild.analyze.report``) with matplotlib.

Figures are drawn with ``matplotlib.figure.Figure`` on the Agg canvas, never through
pyplot, so no display or global backend is touched. The PNG ``Software`` field is left
out, so the same report gives the same bytes with the same matplotlib. Names from the
corpus are drawn as written: mathtext parsing is off for every text taken from the
graph, so ``$`` in a dataset name is a dollar sign, not the start of a formula.
"""

from __future__ import annotations

import io
from pathlib import Path

from graphbuild.errors import ExportError
from graphbuild.export.atomic import atomic_writer
from graphbuild.palette import LABEL_COLOURS
from graphbuild.schema import CONCEPT, DATASET, METHOD, MODEL, PAPER, REFERENCE, REPOSITORY

__all__ = ["write_plots"]

#: Marker per label, so series that share a colour tone stay apart where they overlap.
LABEL_MARKERS = {
    PAPER: "o",
    CONCEPT: "s",
    DATASET: "^",
    MODEL: "v",
    METHOD: "D",
    REPOSITORY: "P",
    REFERENCE: "X",
}
BARS = 20
NAME_CHARS = 64
DPI = 110


def _figure(width: float, height: float):
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise ExportError(
            "plots need matplotlib; install the `plots` extra (pip install 'graphbuild[plots]')"
        ) from None
    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _save(figure, path: Path) -> Path:
    """Render into memory, then write atomically (no half-written PNG)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    with atomic_writer(path, binary=True) as handle:
        handle.write(buffer.getvalue())
    return path


def _short(name: str) -> str:
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "…"


def plot_degree_distribution(report: dict, path: Path) -> Path:
    """Number of nodes per degree, one series per label, log-log (degree 0 cannot be shown)."""
    figure = _figure(7, 4.8)
    axes = figure.add_subplot()
    for label, pairs in report["degree"]["distribution"].items():
        if label == "all":
            continue
        points = [(d, n) for d, n in pairs if d > 0]
        if points:
            xs, ys = zip(*points, strict=True)
            axes.scatter(
                xs,
                ys,
                s=22,
                alpha=0.75,
                label=label,
                color=LABEL_COLOURS.get(label),
                marker=LABEL_MARKERS.get(label, "o"),
            )
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("degree (distinct linked nodes)")
    axes.set_ylabel("number of nodes")
    axes.set_title("Degree distribution (log-log, degree ≥ 1)")
    axes.grid(True, which="major", alpha=0.3)
    if axes.get_legend_handles_labels()[0]:  # an empty graph has no series to name
        axes.legend(frameon=False, fontsize="small")
    return _save(figure, path)


def _barh(title: str, xlabel: str, names: list[str], values: list[int], colour: str, path: Path) -> Path:
    figure = _figure(9, max(2.2, 0.3 * len(names) + 1.2))
    axes = figure.add_subplot()
    positions = list(range(len(names)))
    axes.barh(positions, values, color=colour)
    axes.set_yticks(positions, [_short(n) for n in names], fontsize="small", parse_math=False)
    axes.invert_yaxis()
    axes.set_xlabel(xlabel)
    figure.suptitle(title, parse_math=False)
    for y, value in zip(positions, values, strict=True):
        axes.annotate(
            str(value), (value, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize="x-small"
        )
    axes.margins(x=0.08)
    if not names:
        axes.text(0.5, 0.5, "none in this graph", ha="center", va="center", transform=axes.transAxes)
    return _save(figure, path)


def plot_community_sizes(report: dict, path: Path) -> Path:
    rows = report["communities"]["sizes"][:BARS]
    total = report["communities"]["count"]
    names = [f"{r['id'].split(':')[-1]}: {r['name']}" for r in rows]
    modularity = report["communities"]["modularity"]
    suffix = f", modularity {modularity:.3f}" if modularity is not None else ""
    shown = f"{total} communities" if len(rows) == total else f"largest {len(rows)} of {total} communities"
    title = f"Community sizes ({shown}{suffix})"
    return _barh(title, "papers", names, [r["size"] for r in rows], LABEL_COLOURS[PAPER], path)


def plot_top(report: dict, label: str, path: Path) -> Path:
    rows = report["top"].get(label, [])[:BARS]
    plural = {CONCEPT: "concepts", DATASET: "datasets"}.get(label, label)
    title = f"Top {len(rows)} {plural} by number of papers linking them"
    return _barh(
        title, "papers", [r["name"] for r in rows], [r["degree"] for r in rows], LABEL_COLOURS[label], path
    )


def write_plots(report: dict, folder: Path) -> list[Path]:
    """Write the four plots into ``folder``; returns their paths."""
    folder = Path(folder)
    return [
        plot_degree_distribution(report, folder / "degree_distribution.png"),
        plot_community_sizes(report, folder / "community_sizes.png"),
        plot_top(report, DATASET, folder / "top_datasets.png"),
        plot_top(report, CONCEPT, folder / "top_concepts.png"),
    ]
