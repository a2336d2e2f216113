"""Running part of a stage in a forked process while this process runs the rest.

After extraction the build's stages run in one process; with two cores given, the
independent parts of a stage (file exports that read the same graph, halves of the
coupling's candidate blocks, halves of the papers resolution searches for linked names)
run in a forked child at the same time. A forked child sees the data as it is, with
nothing pickled or copied up front: the memory pages it only reads stay shared with
this process. (Reading a Python object still writes its reference count, so the pages
the child walks are copied one by one as it goes; the child's own memory grows towards
the size of what it reads.) Only the child's result is pickled back.

``fork`` is POSIX only; where it is not offered, or the fork itself fails (no memory
or process slot left), the parts run one after the other in this process, with the
same result. A forked child that dies or raises fails the build with one line.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from graphbuild.errors import ExportError, GraphbuildError

__all__ = ["ForkedCall", "can_fork", "in_two_processes"]

T = TypeVar("T")


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


#: Signals held back while a child is forked: until it has set its own handlers, the
#: child would run the parent's (Ctrl-C and SIGTERM raise KeyboardInterrupt in the CLI),
#: and the parent must not be interrupted before it knows the child's process.
_STOP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})
#: prctl option: the signal a process gets when its parent dies (Linux).
_PR_SET_PDEATHSIG = 1


class ForkedCall:
    """``function()`` in a forked child, started by ``start()``; ``result()`` waits for it.

    The child sends back the return value, or the error it raised: an ``OSError`` is
    raised again here as one (so the caller's handling of a full disk stays the same),
    a ``GraphbuildError`` as ``error``, anything else as an ``error`` naming it; a
    child that dies is an ``error`` too, its message starting with ``name``. The
    caller keeps the object before starting it, so that ``cancel()`` can always reach
    the child, whatever interrupts the caller."""

    def __init__(
        self,
        function: Callable[[], Any],
        error: type[GraphbuildError] = ExportError,
        name: str = "an export process",
    ):
        self._function = function
        self._error = error
        self._name = name
        self._process = None
        self._receiver = None

    def start(self) -> None:
        """Fork the child; an ``OSError`` (no memory, no process or file slot left) is
        raised with nothing left behind."""
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(
            target=_run, args=(self._function, sender, os.getpid(), self._name), daemon=True
        )
        self._process, self._receiver = process, receiver  # cancel() reaches a forked child
        held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            process.start()
        except BaseException:
            if process.pid is None:  # nothing was forked
                self._process = None
                receiver.close()
            raise
        finally:
            # The mask first: with another thread running, Ctrl-C can reach this thread's
            # handler in spite of the mask, and a KeyboardInterrupt raised in this block
            # would skip what follows it and leave both signals blocked for good.
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            sender.close()  # the child holds the only sender: its death ends the pipe

    def result(self) -> Any:
        try:
            outcome, value = self._receiver.recv()
        except EOFError:
            self._process.join()
            raise self._error(
                f"{self._name} died before it finished (exit code {self._process.exitcode})"
            ) from None
        finally:
            self._receiver.close()
        self._process.join()
        if outcome == "value":
            return value
        if outcome == "oserror":
            raise OSError(*value)
        raise self._error(value)

    def cancel(self) -> None:
        """Stop the child if it still runs (this process failed or was interrupted)."""
        if self._process is None:
            return
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receiver.close()


def _die_with(parent: int) -> None:
    """Ask Linux to kill this process when its parent dies (killed, out of memory), so
    no orphan goes on writing into a folder nobody will move; elsewhere, nothing."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request
        os._exit(1)


def _run(function: Callable[[], Any], sender, parent: int, name: str) -> None:
    # The parent handles Ctrl-C and stops the child; SIGTERM ends it without a word.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    _die_with(parent)
    try:
        value = function()
    except OSError as error:
        outcome = ("oserror", (error.errno, error.strerror or str(error)))
    except GraphbuildError as error:
        outcome = ("error", str(error))
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which raises it
        last = traceback.extract_tb(error.__traceback__)[-1:]
        where = f" at {last[0].filename}:{last[0].lineno}" if last else ""
        outcome = ("error", f"{name} failed: {type(error).__name__}: {error}{where}")
    else:
        outcome = ("value", value)
    with contextlib.suppress(OSError):  # the parent is gone: nobody to tell
        sender.send(outcome)
    sender.close()


def in_two_processes(
    task: Callable[[Sequence], T],
    items: Sequence,
    parallel: bool,
    error: type[GraphbuildError],
    name: str,
) -> list[T]:
    """``[task(first half of items), task(second half)]``, the second half in a forked
    child while this process runs the first when ``parallel`` (and ``fork`` works);
    otherwise both here, one after the other. The halves are independent, so the
    result is the same either way."""
    half = (len(items) + 1) // 2
    first, second = items[:half], items[half:]
    if not (parallel and second and can_fork()):
        return [task(first), task(second)]
    child = ForkedCall(lambda: task(second), error, name)
    try:  # cancel() whatever happens once the fork may have started (Ctrl-C included)
        try:
            child.start()
        except OSError:  # no memory or process slot left for a child: do it here
            return [task(first), task(second)]
        mine = task(first)
        return [mine, child.result()]
    finally:
        child.cancel()
