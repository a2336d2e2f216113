"""Pausing Python's cycle collector while a stage builds millions of acyclic objects."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["cycle_collector_paused"]


@contextlib.contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Run the block with the cycle collector off, then put it back as it was.

    The stages after extraction allocate millions of small containers that live until
    the build ends (mentions, edge dicts, rows). Each burst of allocations triggers a
    collection, and every few a full one that walks the whole heap and finds next to
    nothing: on the generated 30k corpus collections took 5.8 s of the 44 s of the four
    stages, and on 10k the four stages leave 41 objects of cyclic garbage in all.
    Reference counting still frees everything else at once; cyclic garbage made inside
    the block waits for the first collection after it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
