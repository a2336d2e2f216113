"""Datasets and benchmarks: a gazetteer plus patterns for names it does not know.

* Gazetteer: ``data/datasets.tsv`` (names and aliases). Short names must keep their
  written case ("COCO", not "coco"), and names that are also ordinary words
  (``data/ambiguous_dataset_names.txt``) need a cue word nearby.
* A known name followed by "-" and a capital or digit suffix is a distinct variant
  ("ImageNet-X" is not ImageNet); a lower-case suffix is not ("ImageNet-pretrained").
* Unseen names: a name-like token before a cue noun ("the MatrixCity dataset", "D4RL
  benchmark"), and name-like tokens coordinated with a dataset ("on SVHN and FooBar").
* Generic phrases ("real-world datasets", "three benchmarks") are stopped by
  ``data/generic_dataset_phrases.txt``.
* A dataset the paper introduces ("we release X, the first … dataset", title "X: A
  Benchmark for …") gets the role ``introduces``.
"""

from __future__ import annotations

import functools
import re

from spacy.tokens import Doc

from graphbuild.extract.found import DATASET, ROLE_INTRODUCES, Found
from graphbuild.extract.lexicon import Lexicon, load_lexicon, read_word_list
from graphbuild.extract.models import model_lexicon
from graphbuild.extract.shapes import is_name_like
from graphbuild.extract.text import compact_key, doc_text

CUE_NOUNS = frozenset({"dataset", "datasets", "benchmark", "benchmarks", "corpus", "corpora", "suite"})
INTRO_VERBS = re.compile(
    r"\b(?:introduce|introduces|introducing|present|presents|presenting|release|releases|releasing|"
    r"collect|collects|construct|constructs|constructing|curate|curates|create|creates|build|builds|"
    r"contribute|propose|proposes|establish|establishes)\b",
    re.IGNORECASE,
)
NOT_DATASET_NAMES = frozenset(
    {
        "fid",
        "bleu",
        "rouge",
        "map",
        "auc",
        "iou",
        "miou",
        "psnr",
        "ssim",
        "lpips",
        "gpu",
        "gpus",
        "cpu",
        "sota",
        "api",
        "apis",
        "llm",
        "llms",
        "url",
        "ai",
        "ml",
        "dl",
        "nlp",
        "cv",
        "rl",
        "top1",
        "top5",
        "f1",
    }
)
LIST_JOINERS = frozenset({",", "and", "or", "&"})
ARTICLES = frozenset({"the", "a", "an", "our", "new", "novel", "this", "these", "its", "their"})


@functools.cache
def dataset_lexicon() -> Lexicon:
    return load_lexicon("datasets.tsv")


@functools.cache
def generic_phrases() -> frozenset[str]:
    return read_word_list("generic_dataset_phrases.txt")


@functools.cache
def ambiguous_names() -> frozenset[str]:
    return frozenset(compact_key(n) for n in read_word_list("ambiguous_dataset_names.txt"))


def _case_ok(surface: str, forms: tuple[str, ...]) -> bool:
    """Short names must be written as in the gazetteer, up to hyphens and spaces."""
    squeezed = re.sub(r"[\W_]+", "", surface)
    if len(squeezed) > 5:
        return True
    return any(re.sub(r"[\W_]+", "", f) in (squeezed, squeezed.rstrip("s")) for f in forms)


def _has_cue(doc: Doc, start: int, end: int, window: int = 3) -> bool:
    near = doc[max(0, start - window) : end + window]
    return any(t.lower_ in CUE_NOUNS for t in near)


def _variant_end(doc: Doc, end: int) -> int:
    """Extend a known name over a "-X" suffix that makes it a different dataset."""
    if end + 1 < len(doc) and doc[end].text == "-" and not doc[end].whitespace_:
        suffix = doc[end + 1].text
        if suffix[:1].isupper() or suffix[:1].isdigit():
            return end + 2
    return end


def _found(doc: Doc, start: int, end: int, name: str | None = None, role: str = "") -> Found:
    span = doc[start:end]
    display = name or span.text
    return Found(span.start_char, span.end_char, DATASET, display, f"dataset:{compact_key(display)}", role)


def _gazetteer_hits(doc: Doc) -> list[Found]:
    lexicon, ambiguous = dataset_lexicon(), ambiguous_names()
    hits = []
    for match in lexicon.iter_matches(doc):
        if not _case_ok(match.surface, match.entry.forms):
            continue
        if compact_key(match.surface) in ambiguous and not _has_cue(doc, match.start, match.end):
            continue
        end = _variant_end(doc, match.end)
        if end != match.end and lexicon.lookup(doc[match.start : end].text) is None:
            hits.append(_found(doc, match.start, end))
        else:
            hits.append(_found(doc, match.start, match.end, match.entry.name))
    return hits


def _is_candidate_name(text: str) -> bool:
    return (
        is_name_like(text)
        and text.casefold() not in generic_phrases()
        and compact_key(text) not in NOT_DATASET_NAMES
        and model_lexicon().lookup(text) is None
    )


def _cue_hits(doc: Doc) -> list[Found]:
    """ "the X dataset", "X benchmark": one name-like token (optionally hyphen-joined) before the cue."""
    hits = []
    for token in doc:
        if token.lower_ not in CUE_NOUNS or token.i == 0:
            continue
        prev = doc[token.i - 1]
        if _is_candidate_name(prev.text):
            hits.append(_found(doc, prev.i, prev.i + 1))
    return hits


def _list_neighbours(doc: Doc, start: int, end: int) -> list[int]:
    """Token indices of names listed with ``doc[start:end]``: "X, Y, and Z"."""
    found = []
    for step, i in ((1, end), (-1, start - 1)):
        while True:
            j = i
            while 0 <= j < len(doc) and doc[j].lower_ in LIST_JOINERS:
                j += step
            if j == i or not 0 <= j < len(doc) or not _is_candidate_name(doc[j].text):
                break
            found.append(j)
            i = j + step
    return found


def _coordinated_hits(doc: Doc, known: list[Found]) -> list[Found]:
    """Name-like tokens listed together with a found dataset: "on SVHN, Foo and Bar"."""
    covered = {i for f in known for i in range(f.start, f.end)}
    hits = []
    for found in known:
        span = doc.char_span(found.start, found.end, alignment_mode="expand")
        for i in _list_neighbours(doc, span.start, span.end):
            if doc[i].idx not in covered:
                covered.update(range(doc[i].idx, doc[i].idx + len(doc[i])))
                hits.append(_found(doc, i, i + 1))
    return hits


def _introduced_names(doc: Doc) -> set[int]:
    """Token starts of names a paper says it introduces, in a sentence naming a cue noun."""
    starts = set()
    for sent in doc.sents:
        if not any(t.lower_ in CUE_NOUNS for t in sent) or not INTRO_VERBS.search(sent.text):
            continue
        for token in sent:
            if not INTRO_VERBS.fullmatch(token.text):
                continue
            i = token.i + 1
            while i < sent.end and (
                doc[i].lower_ in ARTICLES or doc[i].lower_ == "and" or INTRO_VERBS.fullmatch(doc[i].text)
            ):
                i += 1
            if i < sent.end and _is_candidate_name(doc[i].text):
                window = doc[i + 1 : min(sent.end, i + 10)]
                if any(t.lower_ in CUE_NOUNS for t in window):
                    starts.add(doc[i].idx)
    return starts


def _title_introduced(doc: Doc, title_end: int) -> Found | None:
    """Title "X: A Benchmark for …" or "X: … Dataset …" introduces X."""
    head, sep, rest = doc_text(doc)[:title_end].partition(":")
    if not sep or not any(w.lower() in CUE_NOUNS for w in re.findall(r"\w+", rest)):
        return None
    name = head.strip()
    if not name or len(name.split()) > 3 or not any(is_name_like(w) for w in name.split()):
        return None
    start = doc_text(doc).index(name)
    return Found(start, start + len(name), DATASET, name, f"dataset:{compact_key(name)}", ROLE_INTRODUCES)


def find_datasets(doc: Doc, title_end: int | None = None) -> list[Found]:
    hits = _gazetteer_hits(doc)
    taken = {f.start for f in hits}
    hits += [f for f in _cue_hits(doc) if f.start not in taken]
    hits += _coordinated_hits(doc, hits)
    introduced = _introduced_names(doc)
    title = _title_introduced(doc, title_end) if title_end else None
    result = {}
    for f in hits:
        role = ROLE_INTRODUCES if f.start in introduced else f.role
        result[f.start] = Found(f.start, f.end, f.label, f.name, f.key, role)
    for start in introduced - set(result):
        span = doc.char_span(start, start + 1, alignment_mode="expand")
        result[start] = _found(doc, span.start, span.end, role=ROLE_INTRODUCES)
    if title:
        result[title.start] = title
    introduced_keys = {f.key for f in result.values() if f.role == ROLE_INTRODUCES}
    return sorted(
        Found(f.start, f.end, f.label, f.name, f.key, ROLE_INTRODUCES if f.key in introduced_keys else f.role)
        for f in result.values()
    )
