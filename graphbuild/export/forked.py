"""Running one export writer in a forked process while this process writes the others.

The file exports are independent read-only passes over the same graph, each bound by
one core. A forked child sees the graph as it is, with nothing pickled or copied up
front: the memory pages it only reads stay shared with this process. (Reading a Python
object still writes its reference count, so the pages the child walks are copied one by
one as it goes; the child's own memory grows towards the size of what it reads.)

``fork`` is POSIX only; where it is not offered the writers run one after the other.
"""

from __future__ import annotations

import multiprocessing
import signal
import traceback
from collections.abc import Callable
from typing import Any

from graphbuild.errors import ExportError

__all__ = ["ForkedCall", "can_fork"]


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class ForkedCall:
    """``function()`` started at once in a forked child; ``result()`` waits for it.

    The child sends back the return value, or the error it raised: an ``OSError`` is
    raised again here as one (so the caller's handling of a full disk stays the same),
    an ``ExportError`` as one, anything else as an ``ExportError`` naming it."""

    def __init__(self, function: Callable[[], Any]):
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(function, sender), daemon=True)
        self._process.start()
        sender.close()  # the child holds the only sender: its death ends the pipe

    def result(self) -> Any:
        try:
            outcome, value = self._receiver.recv()
        except EOFError:
            self._process.join()
            raise ExportError(
                f"an export process died before it finished (exit code {self._process.exitcode})"
            ) from None
        finally:
            self._receiver.close()
        self._process.join()
        if outcome == "value":
            return value
        if outcome == "oserror":
            raise OSError(*value)
        raise ExportError(value)

    def cancel(self) -> None:
        """Stop the child if it still runs (this process failed or was interrupted)."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receiver.close()


def _run(function: Callable[[], Any], sender) -> None:
    # The parent handles Ctrl-C and stops the child; SIGTERM ends it without a word.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        value = function()
    except OSError as error:
        sender.send(("oserror", (error.errno, error.strerror or str(error))))
    except ExportError as error:
        sender.send(("error", str(error)))
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which raises it
        last = traceback.extract_tb(error.__traceback__)[-1:]
        where = f" at {last[0].filename}:{last[0].lineno}" if last else ""
        sender.send(("error", f"export process failed: {type(error).__name__}: {error}{where}"))
    else:
        sender.send(("value", value))
    finally:
        sender.close()
