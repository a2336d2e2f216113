"""From a processed ``Doc`` to the typed ``PaperExtraction`` record."""

from __future__ import annotations

import bisect
import gc
import itertools
import threading
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from graphbuild.collector import cycle_collector_paused
from graphbuild.extract.found import (
    CONCEPT,
    DATASET,
    METHOD,
    MODEL,
    REFERENCE,
    REPOSITORY,
    ROLE_CANDIDATE,
    ROLE_EXTENDS,
    ROLE_INTRODUCES,
    ROLE_NARROWS,
    Found,
)
from graphbuild.extract.pipeline import COMPONENTS, build_nlp, definitions_of, found_by_component
from graphbuild.extract.text import doc_text
from graphbuild.extract.tokens import tokens_of
from graphbuild.records import AcronymPair, Paper, PaperExtraction, mention_from_row

T = TypeVar("T")

#: When two mentions overlap, the one whose label comes first here wins.
PRIORITY = {REPOSITORY: 0, REFERENCE: 1, METHOD: 2, DATASET: 3, MODEL: 4, CONCEPT: 5}


_EXTENDING = frozenset((ROLE_EXTENDS, ROLE_NARROWS))


def _rank(found: Found) -> tuple:
    return (PRIORITY[found.label], found.role == ROLE_CANDIDATE, -(found.end - found.start), found.start)


def settled(found: list[Found]) -> list[Found]:
    """``non_overlapping`` mentions, and the term candidates that extend a concept among
    them (``ROLE_EXTENDS``, ``ROLE_NARROWS``): each overlaps only concepts it holds whole."""
    extending = [f for f in found if f.role in _EXTENDING]
    if not extending:
        return non_overlapping(found)
    kept = non_overlapping([f for f in found if f.role not in _EXTENDING])
    starts = [f.start for f in kept]
    added = []
    for f in extending:
        first, past = bisect.bisect_left(starts, f.start), bisect.bisect_left(starts, f.end)
        if first and kept[first - 1].end > f.start:
            continue  # a kept mention reaches into it from before
        inside = kept[first:past]
        if inside and all(k.label == CONCEPT and k.end <= f.end for k in inside):
            added.append(f)
    return sorted(kept + added)


def non_overlapping(found: list[Found]) -> list[Found]:
    """The best-ranked mentions that overlap no better one, in text order.

    Mentions overlap only within a chain of spans that overlap one after the other, so
    each chain is settled on its own; most mentions overlap nothing and are kept at once."""
    kept: list[Found] = []
    chain: list[Found] = []
    reach = 0
    for f in sorted(found):
        if chain and f.start >= reach:
            kept.extend(chain if len(chain) == 1 else _best_ranked(chain))
            chain = []
        reach = max(reach, f.end) if chain else f.end
        chain.append(f)
    kept.extend(chain if len(chain) <= 1 else _best_ranked(chain))
    return kept


def _best_ranked(found: list[Found]) -> list[Found]:
    """``non_overlapping`` by rank: the kept spans stay sorted and disjoint, so one look at
    the kept span just before a mention's end tells whether it overlaps any of them."""
    spans: list[tuple[int, int]] = []
    kept: list[Found] = []
    for f in sorted(found, key=_rank):
        before = bisect.bisect_left(spans, (f.end,))
        if before == 0 or spans[before - 1][1] <= f.start:
            spans.insert(before, (f.start, f.end))
            kept.append(f)
    return sorted(kept)


def sentences_at(doc: Doc, offsets: list[int]) -> list[str]:
    """The sentence at each character offset, whitespace runs collapsed; one string per
    sentence, shared by every mention in it (a large corpus holds millions of mentions)."""
    v, text = tokens_of(doc), doc_text(doc)
    bounds = [(v.start[first], v.end(past - 1)) for first, past in v.sentences()]
    after = list(map(bisect.bisect_right, itertools.repeat([start for start, _ in bounds]), offsets))
    sentences = {k: _collapsed(text, *bounds[max(0, k - 1)]) for k in set(after)}
    return list(map(sentences.__getitem__, after))


def _collapsed(text: str, start: int, end: int) -> str:
    return " ".join(text[start:end].split())


def _no_method_named_as_an_introduced_dataset(found: list[Found]) -> list[Found]:
    """A name the paper introduces as a dataset is not also its proposed method (title
    "HALoGEN: …", then "we release HALoGEN, a comprehensive hallucination benchmark")."""
    introduced = {f.key.partition(":")[2] for f in found if f.label == DATASET and f.role == ROLE_INTRODUCES}
    if not introduced:
        return found
    return [f for f in found if f.label != METHOD or f.key.partition(":")[2] not in introduced]


def extraction_from_doc(doc: Doc, paper: Paper) -> PaperExtraction:
    by_component = found_by_component(doc)
    kept = settled(
        _no_method_named_as_an_introduced_dataset(
            [f for key in COMPONENTS.values() for f in by_component.get(key, [])]
        )
    )
    text, paper_id = doc_text(doc), paper.id
    sentences = sentences_at(doc, [f.start for f in kept])
    mentions = [
        mention_from_row((paper_id, label, text[start:end], start, end, sentence, key, name, role))
        for (start, end, label, name, key, role), sentence in zip(kept, sentences, strict=True)
    ]
    acronyms = [AcronymPair(d.short_base, d.long, d.start, d.end) for d in definitions_of(doc)]
    return PaperExtraction(paper, mentions, acronyms)


def iter_chunks(papers: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` papers (the last may be shorter)."""
    it = iter(papers)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def iter_extractions(
    papers: Iterable[Paper], nlp: Language | None = None, batch_size: int = 128
) -> Iterator[PaperExtraction]:
    """Stream papers through the pipeline; yields one extraction per paper, in order."""
    nlp = nlp or build_nlp(span_groups=False)
    for batch in iter_chunks(papers, batch_size):
        yield from _extracted_batch(batch, nlp)


def _extracted_batch(papers: list[Paper], nlp: Language) -> list[PaperExtraction]:
    """One batch's extractions, made with the cycle collector paused.

    A paper's ``Doc``, spans and memo entries are thousands of container allocations,
    and every few hundred of them start a collection; the older generations, and with
    them the pipeline's vocabulary and memo tables, are walked again and again and hold
    no garbage. Paused, a batch runs 5–8% faster. Extraction leaves about half an object
    of cyclic garbage per paper, young, so a collection of the youngest generation after
    the batch frees it without walking anything older. That collection runs even when
    the caller had paused the collector already (the build does): it is the batch's own
    cleanup, and walks only what is young.

    Only the main thread pauses: the collector's switch is one for the whole process,
    and a Dask worker runs extraction tasks in several threads at once."""
    paused = (
        cycle_collector_paused() if threading.current_thread() is threading.main_thread() else nullcontext()
    )
    with paused:
        stream = ((p.text, p) for p in papers)
        extractions = [
            extraction_from_doc(doc, paper)
            for doc, paper in nlp.pipe(stream, as_tuples=True, batch_size=len(papers))
        ]
    gc.collect(0)
    return extractions
