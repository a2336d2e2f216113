from __future__ import annotations

import errno
import multiprocessing
import os
import signal
import threading

import pytest

from graphbuild.errors import WorkerError
from graphbuild.forked import ForkedCall, in_two_processes


def _with_pids(part: list[int]) -> tuple[list[int], int]:
    return [n * n for n in part], os.getpid()


def test_the_second_half_runs_in_a_forked_process_with_the_same_result():
    halves = in_two_processes(_with_pids, list(range(7)), True, WorkerError, "a test process")
    assert [squares for squares, _ in halves] == [[0, 1, 4, 9], [16, 25, 36]]
    assert halves[0][1] == os.getpid() != halves[1][1]


def test_without_parallel_both_halves_run_here():
    halves = in_two_processes(_with_pids, list(range(7)), False, WorkerError, "a test process")
    assert halves == [([0, 1, 4, 9], os.getpid()), ([16, 25, 36], os.getpid())]


def test_one_item_is_not_worth_a_process():
    halves = in_two_processes(_with_pids, [3], True, WorkerError, "a test process")
    assert halves == [([9], os.getpid()), ([], os.getpid())]


def test_when_no_process_can_be_forked_both_halves_run_here(monkeypatch):
    def no_memory(self):
        raise OSError(errno.ENOMEM, "Cannot allocate memory")

    monkeypatch.setattr(ForkedCall, "start", no_memory)
    halves = in_two_processes(_with_pids, list(range(4)), True, WorkerError, "a test process")
    assert halves == [([0, 1], os.getpid()), ([4, 9], os.getpid())]


def test_a_forked_half_that_dies_is_a_one_line_worker_error():
    def die_in_the_child(part: list[int]) -> list[int]:
        if part == [2, 3]:
            os.kill(os.getpid(), signal.SIGKILL)
        return part

    with pytest.raises(WorkerError, match=r"^a test process died before it finished \(exit code -9\)$"):
        in_two_processes(die_in_the_child, [0, 1, 2, 3], True, WorkerError, "a test process")


def test_an_error_in_the_forked_half_is_named_with_where_it_was_raised():
    def fail_in_the_child(part: list[int]) -> list[int]:
        if part == [2, 3]:
            raise ValueError("bad half")
        return part

    with pytest.raises(WorkerError) as error:
        in_two_processes(fail_in_the_child, [0, 1, 2, 3], True, WorkerError, "a test process")
    line = fail_in_the_child.__code__.co_firstlineno + 2
    assert str(error.value) == f"a test process failed: ValueError: bad half at {__file__}:{line}"


def test_an_error_in_this_half_stops_the_forked_one():
    def fail_here(part: list[int]) -> list[int]:
        if part == [0, 1]:
            raise ValueError("bad first half")
        signal.pause()  # the forked half would wait for ever
        return part

    with pytest.raises(ValueError, match="bad first half"):
        in_two_processes(fail_here, [0, 1, 2, 3], True, WorkerError, "a test process")
    assert multiprocessing.active_children() == []


def test_ctrl_c_arriving_while_the_child_is_forked_stops_the_child(monkeypatch):
    """The signal is held back during the fork and raised as soon as it is let through:
    the child exists by then and must not be left running its half."""
    start = multiprocessing.get_context("fork").Process.start

    def start_then_ctrl_c(process):
        start(process)
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)  # held until unblocked

    def slow(part: list[int]) -> list[int]:
        if part == [2, 3]:
            signal.pause()
        return part

    monkeypatch.setattr(multiprocessing.get_context("fork").Process, "start", start_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        in_two_processes(slow, [0, 1, 2, 3], True, WorkerError, "a test process")
    assert multiprocessing.active_children() == []
    assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == set()  # let through again


def test_ctrl_c_caught_by_another_thread_during_the_fork_still_stops_the_child(monkeypatch):
    """With another thread running, the kernel may hand Ctrl-C to it (the mask is this
    thread's only) and Python raises KeyboardInterrupt here at its next check: the child
    is stopped and both signals are let through again wherever that lands."""
    start = multiprocessing.get_context("fork").Process.start
    done = threading.Event()
    other = threading.Thread(target=done.wait)
    other.start()

    def start_then_ctrl_c(process):
        start(process)
        os.kill(os.getpid(), signal.SIGINT)

    def slow(part: list[int]) -> list[int]:
        if part == [2, 3]:
            signal.pause()
        return part

    monkeypatch.setattr(multiprocessing.get_context("fork").Process, "start", start_then_ctrl_c)
    try:
        with pytest.raises(KeyboardInterrupt):
            in_two_processes(slow, [0, 1, 2, 3], True, WorkerError, "a test process")
    finally:
        done.set()
        other.join()
    assert multiprocessing.active_children() == []
    assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == set()
