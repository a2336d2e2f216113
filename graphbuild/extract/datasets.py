"""Datasets and benchmarks: a gazetteer plus patterns for names it does not know.

* Gazetteer: ``data/datasets.tsv`` (names and aliases). Short names must keep their
  written case ("COCO", not "coco"), and names that are also ordinary words
  (``data/ambiguous_dataset_names.txt``) need a cue word nearby.
* A known name followed by "-" and a capital or digit suffix is a distinct variant
  ("ImageNet-X" is not ImageNet); a lower-case suffix is not ("ImageNet-pretrained").
* Unseen names: a name-like token before a cue noun ("the MatrixCity dataset", "D4RL
  benchmark") or set off right after one ("a … dataset, MotionVerse, comprising"),
  capitalized words after "the" ("the CNN QA benchmark"), names listed in a parenthesis
  after a cue noun ("benchmarks (LCBench, Taskset, and PD1)"), name-like tokens
  coordinated with a dataset ("on SVHN and FooBar"), and names made with "Bench" ("on
  DreamBench", "MT-Bench", "NAS-Bench-201").
* Generic phrases ("real-world datasets", "three benchmarks") are stopped by
  ``data/generic_dataset_phrases.txt``.
* A dataset the paper introduces ("we release X, the first … dataset", title "X: A
  Benchmark for …") gets the role ``introduces``.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from graphbuild.extract.acronyms import Definition
from graphbuild.extract.found import DATASET, ROLE_INTRODUCES, Found
from graphbuild.extract.lexicon import (
    Lexicon,
    LexiconEntry,
    load_lexicon,
    read_word_list,
    slashed_versions,
    spelled_as_other,
)
from graphbuild.extract.models import model_lexicon
from graphbuild.extract.shapes import is_name_like
from graphbuild.extract.text import Memo, compact_key, doc_text
from graphbuild.extract.tokens import TokenView, compound_end, compound_start, tokens_of

CUE_NOUNS = frozenset({"dataset", "datasets", "benchmark", "benchmarks", "corpus", "corpora", "suite"})
INTRO_VERBS = frozenset(
    """introduce introduces introducing present presents presenting release releases releasing
    collect collects construct constructs constructing curate curates create creates build builds
    contribute propose proposes establish establishes""".split()
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
        "vl",
        "vlm",
        "vlms",
        "mllm",
        "lvlm",
        "top1",
        "top5",
        "f1",
    }
)
#: Tokens after an introduced name within which a cue noun must follow.
INTRO_WINDOW = 12
NAMING_WORDS = frozenset({"named", "called", "dubbed", "termed", "coined"})
NEW_WORDS = frozenset({"new", "novel", "our"})
NAME_VERBS = frozenset({"name", "call", "dub", "term"})
OLD_WORDS = frozenset(
    {"existing", "public", "publicly", "standard", "widely", "popular", "well-known", "known"}
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
    """Short names must be written as in the gazetteer, up to hyphens and spaces. A
    longer name whose every form has capitals inside ("ReCoRD", "ImageNet") is not
    matched by a lower-case word: "records" is not ReCoRD."""
    squeezed = re.sub(r"[\W_]+", "", surface)
    if len(squeezed) > 5:
        return not (surface.islower() and all(any(c.isupper() for c in f[1:]) for f in forms))
    return any(re.sub(r"[\W_]+", "", f) in (squeezed, squeezed.rstrip("s")) for f in forms)


def known_dataset(name: str) -> LexiconEntry | None:
    """The gazetteer entry ``name`` is found as wherever it stands: listed, written in a
    listed case and not an ambiguous name (those need a cue noun: "GoPro" may be a
    camera, and "GOPro" is a prompt-learning method)."""
    entry = dataset_lexicon().lookup(name)
    key, ambiguous = compact_key(name), ambiguous_names()
    if (
        entry is None
        or not _case_ok(name, entry.forms)
        or key in ambiguous
        or key.removesuffix("s") in ambiguous
    ):
        return None
    return entry


def _has_cue(v: TokenView, start: int, end: int, window: int = 3) -> bool:
    """A cue noun within ``window`` tokens, or before the words that introduce examples
    ("benchmarks such as the Atari game environment")."""
    if any(w in CUE_NOUNS for w in v.lower[max(0, start - window) : end + window]):
        return True
    k = start - 1
    while k >= 0 and v.lower[k] in _EXAMPLE_WORDS:
        k -= 1
    return 0 <= k < start - 1 and v.lower[k] in CUE_NOUNS


_EXAMPLE_WORDS = frozenset({"such", "as", "the", "like", "including", "e.g.", "namely", ",", "("})


def _variant_end(v: TokenView, end: int) -> int:
    """Extend a known name over a "-X" suffix that makes it a different dataset."""
    if end + 1 < len(v) and v.text[end] == "-" and not v.space[end]:
        suffix = v.text[end + 1]
        if suffix[:1].isupper() or suffix[:1].isdigit():
            return end + 2
    return end


def _found(doc: Doc, v: TokenView, start: int, end: int, name: str | None = None, role: str = "") -> Found:
    first, last = v.start[start], v.end(end - 1)
    display = name or doc_text(doc)[first:last]
    return Found(first, last, DATASET, display, f"dataset:{compact_key(display)}", role)


def _gazetteer_hits(doc: Doc, v: TokenView) -> tuple[list[Found], list[tuple[int, int, str]]]:
    """Known names found, and (token start, token end, name) of the known names written
    in another case ("Squad"), which count only listed with a dataset (see
    ``_listed_recased``)."""
    lexicon, ambiguous = dataset_lexicon(), ambiguous_names()
    text = doc_text(doc)
    hits, recased = [], []
    for match in lexicon.iter_matches(doc):
        if spelled_as_other(match.surface, "datasets.tsv", "models.tsv"):
            continue
        if not _case_ok(match.surface, match.entry.forms):
            if match.surface[:1].isupper():
                recased.append((match.start, match.end, match.entry.name))
            continue
        key = compact_key(match.surface)
        if (key in ambiguous or key.removesuffix("s") in ambiguous) and not _has_cue(
            v, match.start, match.end
        ):
            continue
        end = _variant_end(v, match.end)
        if end != match.end and lexicon.lookup(text[v.start[match.start] : v.end(end - 1)]) is None:
            hits.append(_found(doc, v, match.start, end))
        else:
            hits.append(_found(doc, v, match.start, match.end, match.entry.name))
            hits += [
                Found(first, past, DATASET, entry.name, f"dataset:{compact_key(entry.name)}", "")
                for first, past, entry in slashed_versions(
                    text, v.start[match.start], v.end(match.end - 1), lexicon.lookup
                )
            ]
    return hits, recased


def _listed_recased(
    doc: Doc, v: TokenView, recased: list[tuple[int, int, str]], known: list[Found]
) -> list[Found]:
    """Known names written in another case that stand in a list with a found dataset:
    "benchmarks such as GLUE, Squad, WikiText2" (SQuAD). Alone, "Squad" may be a word."""
    ranges = [_token_range(v, f.start, f.end) for f in known]
    hits = []
    for start, end, name in recased:
        for first, past in ranges:
            between = v.lower[past:start] if past <= start else v.lower[end:first]
            if between and all(w in LIST_JOINERS for w in between):
                hits.append(_found(doc, v, start, end, name))
                break
    return hits


def _lower_suffix(text: str) -> bool:
    suffix = text.rsplit("-", 1)[-1] if "-" in text else ""
    return suffix.isalpha() and suffix.islower()


_PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,}s$")


def _is_candidate_name(text: str) -> bool:
    """A name-like word that is not generic, not a metric, not a model, not a plural
    acronym ("MLLMs benchmarks" are benchmarks of models) and not a name with a
    lower-case suffix ("BlockMNIST-based", "PDS-selected")."""
    return (
        is_name_like(text)
        and not _PLURAL_ACRONYM.match(text)
        and not _lower_suffix(text)
        and text.casefold() not in generic_phrases()
        and compact_key(text) not in NOT_DATASET_NAMES
        and model_lexicon().lookup(text) is None
    )


def _bench_hits(doc: Doc, v: TokenView) -> list[Found]:
    """A name made with "Bench" names a benchmark: a capitalized word ending in it
    ("DreamBench", "LCBench") or a hyphenated compound with it as a part ("MT-Bench",
    "SWE-bench", "NAS-Bench-201"), or "Bench" after a name-like word ("the BiGGen Bench");
    not "workbench" nor "Bench" alone."""
    if "ench" not in doc_text(doc):
        return []
    hits, past = [], 0
    for i in itertools.compress(itertools.count(), map(_BENCH_WORD.__getitem__, v.text)):
        first = compound_start(v, i)
        if first == i and v.text[i] == "Bench" and i and v.space[i - 1] and is_name_like(v.text[i - 1]):
            first = compound_start(v, i - 1)
        if i < past or (first == i and len(v.text[i]) == 5):
            continue
        past = compound_end(v, i)
        hits.append(_found(doc, v, first, past))
    return hits


_BENCH_WORD = Memo(lambda word: word.endswith("Bench") or word in ("bench", "Bench"))


def _span_text(doc: Doc, v: TokenView, start: int, end: int) -> str:
    return doc_text(doc)[v.start[start] : v.end(end - 1)]


def _cue_indices(v: TokenView) -> list[int]:
    return list(itertools.compress(itertools.count(), map(CUE_NOUNS.__contains__, v.lower)))


def _cue_hits(doc: Doc, v: TokenView, cues: list[int], title_end: int) -> list[Found]:
    """ "the X dataset", "X benchmark": one name-like (possibly hyphenated) word before
    the cue, or a run of capitalized words after "the" ("the CNN QA benchmark"), which
    takes a capitalized cue noun in ("the AI Safety Benchmark")."""
    hits = []
    for i in cues:
        if i > 0:
            run = _capitalized_run(doc, v, i, title_end)
            start = run if run is not None else compound_start(v, i - 1)
            if run is not None:
                hits.append(_found(doc, v, start, i + 1 if v.text[i][:1].isupper() else i))
            elif _is_candidate_name(_span_text(doc, v, start, i)):
                hits.append(_found(doc, v, start, i))
        if (apposed := _apposed_name(doc, v, i)) is not None:
            hits.append(_found(doc, v, i + 2, apposed))
    return hits


def _apposed_name(doc: Doc, v: TokenView, cue: int) -> int | None:
    """ "a unified motion generation dataset, MotionVerse, comprising …": a name-like word
    set off by a comma right after the cue noun and ending its phrase; the token past it."""
    if cue + 2 >= len(v) or v.text[cue + 1] not in (",", ":"):
        return None
    end = compound_end(v, cue + 2)
    if end < len(v) and v.text[end] not in (",", ".", ";", ":", "("):
        return None
    return end if _is_candidate_name(_span_text(doc, v, cue + 2, end)) else None


def _parenthesized_hits(doc: Doc, v: TokenView, cues: list[int]) -> list[Found]:
    """ "four learning curve benchmarks (LCBench, NAS-Bench-201, Taskset, and PD1)": a
    parenthesis right after a cue noun that lists only capitalized names (after an
    optional "e.g.") names datasets, plain words ("Taskset") included; a parenthesis
    with one name only when it looks coined ("datasets (DriveLM-Data)")."""
    hits = []
    for i in cues:
        if i + 2 >= len(v) or v.text[i + 1] != "(":
            continue
        j = i + 2
        if v.lower[j] in ("e.g.", "i.e."):
            j += 2 if j + 1 < len(v) and v.text[j + 1] == "," else 1
        names = []
        while j < len(v) and v.text[j] != ")":
            past = compound_end(v, j)
            text = _span_text(doc, v, j, past)
            if not _listed_name(text):
                names = []
                break
            names.append((j, past))
            j = past
            if j < len(v) and v.text[j] != ")" and v.lower[j] not in LIST_JOINERS:
                names = []  # not a plain list of names: "(Table 2)", "(see Section 3)"
                break
            while j < len(v) and v.lower[j] in LIST_JOINERS:
                j += 1
        if j < len(v) and (
            len(names) >= 2 or (len(names) == 1 and _is_candidate_name(_span_text(doc, v, *names[0])))
        ):
            hits += [_found(doc, v, first, past) for first, past in names]
    return hits


_REFERENCE_WORDS = frozenset({"table", "tables", "fig", "figure", "figures", "section", "appendix", "eq"})


def _listed_name(text: str) -> bool:
    return (
        (text[:1].isupper() or text[:1].isdigit())
        and any(c.isalpha() for c in text)
        and text.casefold() not in generic_phrases()
        and text.casefold() not in _REFERENCE_WORDS
    )


#: Words of a capitalized run that name a dataset in the text ("the Public Figures and
#: OSR benchmarks", "the Long Range Arena benchmark").
MAX_RUN = 4


def _capitalized_run(doc: Doc, v: TokenView, end: int, title_end: int) -> int | None:
    """First token of two to ``MAX_RUN`` capitalized words ending just before token
    ``end`` and coming right after "the", in the abstract (in a Title Case title every
    word is capitalized); None if there is none or it is a generic phrase or a model."""
    start = end
    while start > 0 and end - start < MAX_RUN and _capitalized_word(v.text[start - 1]):
        start -= 1
    while end - start >= 2 and not _after_the(v, start):
        start += 1
    if end - start < 2 or v.start[start] < title_end or v.lower[start] in ARTICLES:
        return None
    text = _span_text(doc, v, start, end)
    if text.casefold() in generic_phrases() or model_lexicon().lookup(text) is not None:
        return None
    return start


def _after_the(v: TokenView, start: int) -> bool:
    """Does token ``start`` follow "the", or "the" and an opening quote ("the 'Semantic
    Shift Benchmark'")?"""
    if v.lower[start - 1] == "the":
        return True
    return start >= 2 and v.text[start - 1] in _OPENING_QUOTES and v.lower[start - 2] == "the"


_OPENING_QUOTES = frozenset("'\"\u2018\u201c")


def _capitalized_word(text: str) -> bool:
    return text[:1].isupper() and text.isalnum()


def _list_neighbours(doc: Doc, v: TokenView, start: int, end: int, title_end: int) -> list[tuple[int, int]]:
    """Token ranges of names listed with tokens ``start:end``: "X, Y, and Z"; before
    them, a run of capitalized words after "the" too ("the Public Figures and OSR")."""
    found = []
    for step, i in ((1, end), (-1, start - 1)):
        while True:
            j = i
            while 0 <= j < len(v) and v.lower[j] in LIST_JOINERS:
                j += step
            if j == i or not 0 <= j < len(v):
                break
            first, past = (j, compound_end(v, j)) if step > 0 else (compound_start(v, j), j + 1)
            if step > 0 and _opens_a_clause(v, past):
                break  # "in Minecraft and ALFWorld, WALL-E achieves …": WALL-E is no list item
            if not _is_candidate_name(_span_text(doc, v, first, past)):
                run = _capitalized_run(doc, v, j + 1, title_end) if step < 0 else None
                if run is None:
                    break
                first = run
            found.append((first, past))
            i = past if step > 0 else first - 1
    return found


def _opens_a_clause(v: TokenView, after: int) -> bool:
    """Is the word after a name a lower-case content word, no cue noun ("achieves",
    "outperforms": the name is the subject of a new clause; "which", "and", "datasets"
    may follow a listed name)?"""
    if after >= len(v) or v.is_space[after]:
        return False
    word = v.text[after]
    return word.isalpha() and word.islower() and word not in STOP_WORDS and word not in CUE_NOUNS


def _token_range(v: TokenView, start: int, end: int) -> tuple[int, int]:
    """Tokens covering the characters ``start:end``."""
    first = bisect.bisect_right(v.start, start) - 1
    last = bisect.bisect_left(v.start, end)
    return max(first, 0), last


def _coordinated_hits(doc: Doc, v: TokenView, known: list[Found], title_end: int) -> list[Found]:
    """Names listed together with a found dataset: "on SVHN, Foo and Bar"."""
    covered = {i for f in known for i in range(f.start, f.end)}
    walked: set[int] = set()  # tokens of lists already walked: a list of n names is walked once, not n times
    hits = []
    for found in known:
        start, end = _token_range(v, found.start, found.end)
        if start in walked:
            continue
        walked.update(range(start, end))
        for first, past in _list_neighbours(doc, v, start, end, title_end):
            walked.update(range(first, past))
            if v.start[first] not in covered:
                covered.update(range(v.start[first], v.end(past - 1)))
                hits.append(_found(doc, v, first, past))
    return hits


def _introduced_names(doc: Doc, v: TokenView) -> dict[int, tuple[int, int]]:
    """Names a paper says it introduces, in a sentence naming a cue noun: character
    start → token range."""
    found: dict[int, tuple[int, int]] = {}
    if CUE_NOUNS.isdisjoint(v.lower) or (INTRO_VERBS.isdisjoint(v.lower) and NEW_WORDS.isdisjoint(v.lower)):
        return found
    for first, past in v.sentences():
        words = v.lower[first:past]
        if CUE_NOUNS.isdisjoint(words):
            continue
        if not NEW_WORDS.isdisjoint(words):
            found.update(_set_off_before_a_new_one(doc, v, first, past))
        if INTRO_VERBS.isdisjoint(words):
            continue
        found.update(_named_after_cue(doc, v, first, past))
        found.update(_named_it(doc, v, first, past))
        for k in range(first, past):
            if v.lower[k] not in INTRO_VERBS:
                continue
            i = k + 1
            while i < past and (v.lower[i] in ARTICLES or v.lower[i] == "and" or v.lower[i] in INTRO_VERBS):
                i += 1
            if i >= past:
                continue
            end = min(compound_end(v, i), past)
            if _is_candidate_name(_span_text(doc, v, i, end)) and any(
                w in CUE_NOUNS for w in v.lower[end : min(past, end + INTRO_WINDOW)]
            ):
                found[v.start[i]] = (i, end)
    return found


def _set_off_before_a_new_one(doc: Doc, v: TokenView, first: int, past: int) -> dict[int, tuple[int, int]]:
    """ "The framework is implemented in OneStopQA, a new high-quality dataset": a name
    set off by a comma before "a new/novel … <cue noun>" (whatever the verb): character
    start → token range."""
    found = {}
    for k in range(first + 1, past - 3):
        if v.text[k] != "," or v.lower[k + 1] not in ("a", "an") or v.lower[k + 2] not in ("new", "novel"):
            continue
        if not any(w in CUE_NOUNS for w in v.lower[k + 3 : min(past, k + 9)]):
            continue
        start = compound_start(v, k - 1)
        if _is_candidate_name(_span_text(doc, v, start, k)):
            found[v.start[start]] = (start, k)
    return found


def _named_it(doc: Doc, v: TokenView, first: int, past: int) -> dict[int, tuple[int, int]]:
    """ "We release the datasets as a benchmark suite and name it LogiEval": a name given
    by "name/call/dub it" after a cue noun, in a sentence with an intro verb."""
    found = {}
    for k in range(first + 1, past - 2):
        if (
            v.lower[k] in NAME_VERBS
            and v.lower[k + 1] in ("it", "them")
            and any(w in CUE_NOUNS for w in v.lower[first:k])
        ):
            end = min(compound_end(v, k + 2), past)
            if _is_candidate_name(_span_text(doc, v, k + 2, end)):
                found[v.start[k + 2]] = (k + 2, end)
    return found


def _named_after_cue(doc: Doc, v: TokenView, first: int, past: int) -> dict[int, tuple[int, int]]:
    """Names after a new cue noun and a naming word ("a new dataset named WikiVitals",
    "two novel benchmarks called X and Y") in a sentence with an intro verb: character
    start → token range of each name. "new", "novel", "our" or an intro verb must stand
    just before the noun ("we release two benchmarks called …"), and no word saying it
    exists: "the widely used benchmark called GLUE" is not introduced."""
    found = {}
    for k in range(first, past - 2):
        if v.lower[k] not in CUE_NOUNS or v.lower[k + 1] not in NAMING_WORDS:
            continue
        before = v.lower[max(first, k - 3) : k]
        if (NEW_WORDS.isdisjoint(before) and INTRO_VERBS.isdisjoint(before)) or not OLD_WORDS.isdisjoint(
            before
        ):
            continue
        i = k + 2
        while i < past:
            end = min(compound_end(v, i), past)
            if not _is_candidate_name(_span_text(doc, v, i, end)):
                break
            found[v.start[i]] = (i, end)
            i = end + 1 if end < past and v.lower[end] in LIST_JOINERS else past
            if i < past and v.lower[i] in LIST_JOINERS:
                i += 1
    return found


#: A cue noun followed by one of these words modifies it ("Dataset Selection", "Benchmark
#: Design"): the title is about a method for datasets, not a dataset.
_CUE_MODIFIES = re.compile(
    r"\b(?:dataset|benchmark|corpus)s?\s+(?:selection|distillation|pruning|condensation|curation|"
    r"construction|generation|design|search|shift|bias|size|quality|valuation|mixing|mixture)\b",
    re.IGNORECASE,
)


_ARTICLE = re.compile(r"^(?:The|A|An)\s+(?=\S)")  # "The BiGGen Bench: …" introduces BiGGen Bench


def _title_introduced(doc: Doc, title_end: int) -> list[Found]:
    """Title "X: A Benchmark for …", "X and Y: … Datasets for …" introduces X (and Y);
    not "X: Model-Aware Dataset Selection", where the cue noun modifies another."""
    text = doc_text(doc)
    head, sep, rest = text[:title_end].partition(":")
    if (
        not sep
        or not any(w.lower() in CUE_NOUNS for w in re.findall(r"\w+", rest))
        or _CUE_MODIFIES.search(rest)
    ):
        return []
    names = [_ARTICLE.sub("", n.strip()) for n in re.split(r",|\s+and\s+|\s+&\s+", head)]
    if not all(names) or any(
        len(n.split()) > 3 or not any(is_name_like(w) for w in n.split()) for n in names
    ):
        return []
    found, at = [], 0
    for name in names:
        start = text.index(name, at)
        at = start + len(name)
        known = dataset_lexicon().lookup(name)  # "Adversarial GLUE" is listed as AdvGLUE
        canonical = known.name if known else name
        found.append(
            Found(start, at, DATASET, canonical, f"dataset:{compact_key(canonical)}", ROLE_INTRODUCES)
        )
    return found


def _defined_as_other(definitions: Iterable[Definition]) -> frozenset[str]:
    """Short forms the paper defines as something other than a dataset: "real MTL
    datasets" after "multi-task learning (MTL)" are datasets of a task. A long form that
    names a dataset itself ("BIG-Bench Hard (BBH)") or holds a cue noun is one."""
    return frozenset(
        d.short_base
        for d in definitions
        if CUE_NOUNS.isdisjoint(w.lower() for w in re.findall(r"\w+", d.long))
        and dataset_lexicon().lookup(d.long) is None
    )


#: Past forms of the intro verbs, which introduce only after "we" ("we created the …
#: dataset"; "the recently introduced benchmark" is someone else's).
INTRO_PAST = frozenset(
    """introduced presented released collected constructed curated created built contributed
    proposed established""".split()
)
_INTRO_FORMS = INTRO_VERBS | INTRO_PAST


def _defined_before_cue(doc: Doc, v: TokenView, definitions: Iterable[Definition]) -> list[Found]:
    """ "we created the Personality Alignment with Personality Inventories (PAPI) dataset":
    a short form defined right before a cue noun names a dataset (the known one its long
    form names, if any), introduced when "we" and an intro verb come before it in its
    sentence."""
    hits = []
    for d in definitions:
        after = bisect.bisect_left(v.start, d.end)
        if after >= len(v) or v.lower[after] not in CUE_NOUNS or not _is_candidate_name(d.short):
            continue
        first = bisect.bisect_left(v.start, d.short_start)
        sentence = next(s for s, e in v.sentences() if s <= first < e)
        words = v.lower[sentence:first]
        we_introduce = any(
            words[k] == "we" and _INTRO_FORMS.intersection(words[k + 1 : k + 3]) for k in range(len(words))
        )
        past = bisect.bisect_left(v.start, d.short_start + len(d.short))
        known = dataset_lexicon().lookup(d.long)  # "ImageNet-21K (IN-21K) dataset" is ImageNet-21K
        name = known.name if known else d.short
        hits.append(_found(doc, v, first, past, name, ROLE_INTRODUCES if we_introduce else ""))
    return hits


def _named_by_definition(definitions: Iterable[Definition], found: Found) -> Found:
    """A name found at the start of a long form the paper defines, and ending inside it,
    is the defined short form: "we curate HallucInation eLiciTation (HILT), a publicly
    available dataset" introduces HILT (the name found stops at "eLiciTation"), with the
    whole definition as its span. A known dataset keeps its name."""
    for d in definitions:
        long_end = d.long_start + len(d.long)
        if d.long_start == found.start and found.end < long_end and d.short_start > long_end:
            known = dataset_lexicon().lookup(d.long) or dataset_lexicon().lookup(d.short_base)
            name = known.name if known else d.short_base
            return Found(d.start, d.end, DATASET, name, f"dataset:{compact_key(name)}", found.role)
    return found


def _unseen(found: list[Found], hits: list[Found], other: frozenset[str]) -> list[Found]:
    """Names found by a pattern that no earlier hit covers and the paper does not define
    as something else."""
    return [
        f for f in found if f.name not in other and not any(f.start < h.end and h.start < f.end for h in hits)
    ]


def find_datasets(
    doc: Doc, title_end: int | None = None, definitions: Iterable[Definition] = ()
) -> list[Found]:
    v = tokens_of(doc)
    other = _defined_as_other(definitions)
    hits, recased = _gazetteer_hits(doc, v)
    if other:  # "visual question answering (VQA)": this paper's VQA is a task, unless a cue noun is near
        other_keys = {compact_key(short) for short in other}
        text = doc_text(doc)
        hits = [
            f
            for f in hits
            if compact_key(text[f.start : f.end]) not in other_keys
            or _has_cue(v, *_token_range(v, f.start, f.end))
        ]
    abstract_start = title_end or 0
    cues = _cue_indices(v)
    hits += _unseen(_cue_hits(doc, v, cues, abstract_start), hits, other)
    hits += _unseen(_parenthesized_hits(doc, v, cues), hits, other)
    hits += _unseen(_bench_hits(doc, v), hits, other)
    hits += _unseen(_defined_before_cue(doc, v, definitions), hits, frozenset())
    hits += [
        f
        for f in _coordinated_hits(doc, v, hits, abstract_start)
        if f.name not in other or _has_cue(v, *_token_range(v, f.start, f.end))
    ]
    if recased and hits:
        taken = {f.start for f in hits}
        hits += [f for f in _listed_recased(doc, v, recased, hits) if f.start not in taken]
    introduced = _introduced_names(doc, v)
    titled = _title_introduced(doc, title_end) if title_end else []
    result = {}
    for f in hits:
        role = ROLE_INTRODUCES if f.start in introduced else f.role
        result[f.start] = Found(f.start, f.end, f.label, f.name, f.key, role)
    for start in sorted(set(introduced) - set(result)):
        result[start] = _found(doc, v, *introduced[start], role=ROLE_INTRODUCES)
    for title in titled:
        result[title.start] = title
    result = {f.start: f for f in (_named_by_definition(definitions, f) for f in result.values())}
    introduced_keys = {f.key for f in result.values() if f.role == ROLE_INTRODUCES}
    return sorted(
        Found(f.start, f.end, f.label, f.name, f.key, ROLE_INTRODUCES if f.key in introduced_keys else f.role)
        for f in result.values()
    )
