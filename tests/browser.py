"""Headless Debian Chromium driven by Playwright, for the browser tests (mark ``browser``).

Playwright never downloads a browser here: it drives /usr/bin/chromium (installed by
scripts/setup-test-deps) with a fresh profile, and the flags keep Chromium from opening
background connections, which this machine's closed network refuses.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@contextlib.contextmanager
def chromium_page(profile: Path, width: int = 1280, height: int = 800) -> Iterator:
    """A Playwright page in a new Chromium with an empty user-data dir at ``profile``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": width, "height": height},
        )
        try:
            yield context.new_page()
        finally:
            context.close()
