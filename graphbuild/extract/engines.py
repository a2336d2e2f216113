"""Where extraction runs: this process, a pool of local processes, or a Dask cluster.

Extraction is per paper (no corpus-wide state), so the papers are cut into chunks,
each chunk is extracted wherever a worker is free, and the results are put back in
input order. Every engine therefore yields exactly what ``iter_extractions`` yields in
one process, and the build's files are byte-identical whatever the engine.

Each worker process (or Dask worker thread) builds its own spaCy pipeline once and
reuses it for every chunk it gets: building one costs about a second, a chunk of
``DEFAULT_CHUNK_SIZE`` papers about half a second.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from spacy.language import Language

from graphbuild.errors import ExtractError
from graphbuild.extract.mentions import iter_chunks, iter_extractions
from graphbuild.extract.pipeline import build_nlp
from graphbuild.records import AcronymPair, Paper, PaperExtraction, mention_from_row

DEFAULT_CHUNK_SIZE = 256
#: Chunks sent to a Dask cluster ahead of the one being collected, per worker thread;
#: bounds the memory the results waiting in order can take.
DASK_CHUNKS_IN_FLIGHT = 4

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "LOCAL",
    "ExtractEngine",
    "check_scheduler_address",
    "extract_chunk",
    "iter_chunks",
    "iter_extractions_with",
]

_local = threading.local()


@dataclass(frozen=True)
class ExtractEngine:
    """How to run extraction: ``workers`` local processes, or a Dask ``scheduler`` address."""

    workers: int = 1
    scheduler: str | None = None
    chunk_size: int = DEFAULT_CHUNK_SIZE
    connect_timeout: float = 20.0

    def __post_init__(self) -> None:
        if self.workers < 1 or self.chunk_size < 1:
            raise ExtractError(
                f"workers and chunk size must be at least 1 (got {self.workers}, {self.chunk_size})"
            )
        if self.scheduler is not None and not self.scheduler.strip():
            raise ExtractError("empty Dask scheduler address: give one like tcp://HOST:8786")
        if self.scheduler is not None and self.workers != 1:
            raise ExtractError(
                f"workers={self.workers} is for local processes; a Dask cluster's workers are its own"
            )

    @property
    def name(self) -> str:
        if self.scheduler:
            return "dask"
        return "local" if self.workers == 1 else f"local×{self.workers}"


#: Extraction in this process, one paper after the other.
LOCAL = ExtractEngine()


def _thread_nlp() -> Language:
    """One pipeline per thread: Dask may run several tasks of one worker in threads."""
    nlp = getattr(_local, "nlp", None)
    if nlp is None:
        nlp = _local.nlp = build_nlp(span_groups=False)
    return nlp


#: What a worker sends back for one paper: its mentions, each as the plain tuple of its
#: fields, and its acronym pairs.
Found = tuple[list[tuple], list[AcronymPair]]


def extract_chunk(papers: list[Paper]) -> list[Found]:
    """The task every engine runs on a worker: what each paper of one chunk contains,
    in order. The papers are not sent back (the caller has them): that halves what
    crosses between processes and keeps one copy of every abstract in the caller. A
    mention travels as a plain tuple: pickle writes and reads those in C, where a named
    tuple costs a Python call each way (1.9 against 4.6 µs a mention, there and back,
    with the ``Mention`` built again; 2.5 M mentions at 100k papers)."""
    return [(list(map(tuple, e.mentions)), e.acronyms) for e in iter_extractions(papers, _thread_nlp())]


def _attached(papers: list[Paper], found: list[Found]) -> list[PaperExtraction]:
    return [
        PaperExtraction(paper, list(map(mention_from_row, rows)), acronyms)
        for paper, (rows, acronyms) in zip(papers, found, strict=True)
    ]


def _iter_pool(chunks: Iterator[list[Paper]], workers: int) -> Iterator[list[PaperExtraction]]:
    """Workers come from a fork server that has imported the extractor once: cheap to
    start like ``fork``, but never a copy of a parent that holds another thread's lock.
    A worker that dies (killed, out of memory) fails the build instead of leaving it
    waiting for a result that never comes, as ``multiprocessing.Pool`` would."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    chunks = list(chunks)  # the executor submits every chunk at once anyway
    try:
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            for chunk, found in zip(chunks, pool.map(extract_chunk, chunks), strict=True):
                yield _attached(chunk, found)
    except BrokenProcessPool as error:
        raise ExtractError(f"an extraction worker process died: {error}") from None


#: Schemes whose addresses are HOST:PORT (``inproc`` and ``ucx`` addresses are not).
_HOST_PORT_SCHEMES = ("tcp", "tls", "ws", "wss")


def check_scheduler_address(scheduler: str) -> None:
    """Raise ``ExtractError`` unless ``scheduler`` parses as a Dask address: a known
    scheme (``tcp://`` when none is given) and, for host-and-port schemes, a port.
    Checked before a ``Client`` is built, so a typo is named as one instead of
    surfacing as Dask's ``ValueError`` from deep inside the connection attempt."""
    from distributed.comm import get_address_host_port, parse_address
    from distributed.comm.registry import get_backend

    try:
        scheme, _ = parse_address(scheduler)
        get_backend(scheme)
        if scheme in _HOST_PORT_SCHEMES and not 0 < get_address_host_port(scheduler)[1] < 65536:
            raise ValueError("port out of range")
    except ValueError as error:
        raise ExtractError(_not_an_address(scheduler, error)) from None


def _not_an_address(scheduler: str, error: Exception) -> str:
    return f"not a Dask scheduler address: {scheduler!r} ({_one_line(error)}); give one like tcp://HOST:8786"


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _dask_client(scheduler: str, timeout: float):
    try:
        from distributed import Client
    except ImportError:
        raise ExtractError("the dask engine needs Dask distributed: install the `dask` extra") from None
    check_scheduler_address(scheduler)
    try:
        return Client(scheduler, timeout=timeout)
    except ValueError as error:
        raise ExtractError(_not_an_address(scheduler, error)) from None
    except (OSError, TimeoutError) as error:
        raise ExtractError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None


def _wait_for_a_worker(client, engine: ExtractEngine) -> None:
    """A scheduler with no worker would accept every chunk and never run one."""
    try:
        client.wait_for_workers(1, timeout=engine.connect_timeout)
    except TimeoutError:
        raise ExtractError(
            f"no Dask workers connected to {engine.scheduler} within {engine.connect_timeout:g}s; "
            f"start some with: dask worker {engine.scheduler}"
        ) from None


def _chunk_result(future, first: int, last: int, chunk: list[Paper]) -> list[PaperExtraction]:
    """The result of one chunk's task; a task that failed on the cluster (worker killed,
    task cancelled, graphbuild missing on the worker …) becomes one ``ExtractError``
    line naming the papers of the chunk (1-based, in input order)."""
    try:
        found = future.result()
    except (Exception, asyncio.CancelledError) as error:
        raise ExtractError(f"Dask task for papers {first}–{last} failed: {_one_line(error)}") from None
    return _attached(chunk, found)


def _iter_dask(chunks: Iterator[list[Paper]], engine: ExtractEngine) -> Iterator[list[PaperExtraction]]:
    """Chunks submitted ahead in a bounded window, results collected in submission order."""
    with _dask_client(engine.scheduler, engine.connect_timeout) as client:
        _wait_for_a_worker(client, engine)
        threads = sum(client.nthreads().values()) or 1
        window: deque = deque()
        done = 0
        for chunk in chunks:
            window.append(
                (client.submit(extract_chunk, chunk, pure=False), done + 1, done + len(chunk), chunk)
            )
            done += len(chunk)
            if len(window) >= threads * DASK_CHUNKS_IN_FLIGHT:
                yield _chunk_result(*window.popleft())
        while window:
            yield _chunk_result(*window.popleft())


def iter_extractions_with(engine: ExtractEngine, papers: Iterable[Paper]) -> Iterator[PaperExtraction]:
    """Extractions of ``papers`` in input order, computed by ``engine``."""
    if engine.scheduler is None and engine.workers == 1:
        yield from iter_extractions(papers)
        return
    chunks = iter_chunks(papers, engine.chunk_size)
    if engine.scheduler:
        results = _iter_dask(chunks, engine)
    else:
        results = _iter_pool(chunks, engine.workers)
    for extractions in results:
        yield from extractions
