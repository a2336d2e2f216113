#!/usr/bin/env python3
"""Statistics report of a built graph: Markdown, JSON and PNG plots.

    scripts/graph_stats.py out                  # writes out/stats/{stats.md,stats.json,plots/*.png}
    scripts/graph_stats.py out --out report --no-plots

The same as `graphbuild stats DIR --plots`; the plots need matplotlib (the `plots` extra).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graphbuild.analyze.report import write_report  # noqa: E402
from graphbuild.errors import GraphbuildError  # noqa: E402
from graphbuild.graph import load_graph  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", type=Path, help="build output folder holding graph.json")
    parser.add_argument("--out", type=Path, help="report folder (default: FOLDER/stats)")
    parser.add_argument("--no-plots", action="store_true", help="write only stats.md and stats.json")
    args = parser.parse_args(argv)
    try:
        written = write_report(
            load_graph(args.folder), args.out or args.folder / "stats", plots=not args.no_plots
        )
    except GraphbuildError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
