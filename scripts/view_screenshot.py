#!/usr/bin/env python3
"""Screenshot of a page written by `graphbuild view`, in headless Debian Chromium.

    scripts/view_screenshot.py view.html docs/screenshots/view.png [--click NODE_ID]
        [--hover NODE_ID | --hover-edge FROM TO]

Waits until the layout has settled, optionally clicks a node (its properties fill the side
panel) and hovers a node or the middle of an edge (its tooltip shows), and saves a PNG. Needs Playwright (dev extra) and /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import chromium_page  # noqa: E402  (the browser tests' Chromium setup)

POINT = """(ids) => {
    const net = window.graphbuildNetwork;
    const box = document.getElementById("graph").getBoundingClientRect();
    const points = ids.map((id) => net.canvasToDOM(net.getPositions([id])[id]));
    const x = points.reduce((s, p) => s + p.x, 0) / points.length;
    const y = points.reduce((s, p) => s + p.y, 0) / points.length;
    return [box.left + x, box.top + y];
}"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("page", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--click", metavar="NODE_ID", help="click this node first")
    hover = parser.add_mutually_exclusive_group()
    hover.add_argument("--hover", metavar="NODE_ID", help="show this node's tooltip")
    hover.add_argument("--hover-edge", nargs=2, metavar=("FROM", "TO"), help="show this edge's tooltip")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args(argv)

    with (
        tempfile.TemporaryDirectory() as profile,
        chromium_page(Path(profile), args.width, args.height) as page,
    ):
        page.goto(args.page.resolve().as_uri())
        page.wait_for_function("window.graphbuildView && window.graphbuildView.stabilized", timeout=120_000)
        if args.click:
            page.mouse.click(*page.evaluate(POINT, [args.click]))
        targets = [args.hover] if args.hover else args.hover_edge
        if targets:
            x, y = page.evaluate(POINT, targets)
            page.mouse.move(x, y)
            page.locator(".vis-tooltip").wait_for(state="visible", timeout=5_000)
        args.png.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.png))
    print(f"wrote {args.png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
