"""Concepts (methods, tasks, fields) found in one paper.

Three sources, strongest first:

1. the curated vocabulary ``data/concepts.tsv`` (phrase keys: case-folded, hyphens as
   spaces, last word singularized, so "diffusion-based models" meets "diffusion based
   model");
2. acronym long forms defined in the paper ("optimal transport (OT)") and later bare
   uses of their short forms;
3. term candidates: runs of 2–4 content words bounded by stop words and punctuation
   (the C-value / VOSviewer recipe). Candidates carry the role ``candidate``; the
   resolver keeps only those that score as terms across the corpus.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from graphbuild.extract.acronyms import Definition
from graphbuild.extract.found import CONCEPT, Found, text_order
from graphbuild.extract.lexicon import Lexicon, load_lexicon
from graphbuild.extract.text import doc_text, phrase_key
from graphbuild.extract.tokens import tokens_of

ROLE_CANDIDATE = "candidate"
MAX_TERM_WORDS = 4
#: Words that never start or end a term although they are not stop words.
GENERIC = frozenset(
    """abilities ability access achieve achieves achieving additionally address addresses addressing
    advantage advantages aim aiming aims allow allowing allows analysis approach approaches art aspect
    aspects available based benchmark benchmarks best better capabilities capability careful carefully
    case cases challenge challenges challenging choice choices code competitive component components
    comprehensive consistent consistently critical crucial current data dataset datasets demonstrate
    demonstrates different effective efficient empirical empirically enable enables enabling end
    essential example examples existing experiment experiments extensive factor factors finally first
    five form forms four framework frameworks furthermore gap general good great help helping helps
    high however idea ideas impact impacts important improve improved improvement improvements improves
    insight insights introduce introduces issue issues key kind kinds large lead leading leads level
    levels lot lots low many meaningful mechanism mechanisms methodology moreover multiple need needed
    needs new notion novel number numbers obtain obtained obtains offer offers one open order
    outperform outperforms paper papers particular performance potential practical present presents
    previous principled prior properties property propose proposed proposes provide provides publicly
    question questions range real real-world recent recently remain remains remarkable require required
    requires requiring result results role roles second set sets setting settings several show shown
    shows significant significantly simple size sizes small solution solutions source specific
    specifically state strategies strategy strong studies study substantial superior surprising take
    takes taking task tasks technique techniques term terms theoretical theoretically third three two
    type types use used using varies various vary varying way ways wide wide-range work works world
    yield yields vast majority magnitude faster slower mild underlying reason reasons cost costs
    minor major slight slightly orders""".split()
)
#: Generic nouns that may end a term after content words ("generative model",
#: "optimization problem", "kernel method") but never start one or stand alone.
HEAD_NOUNS = frozenset("model models problem problems theorem theorems method methods".split())
_WORDISH = re.compile(r"^[a-z][a-z\-]*[a-z]$")  # checked on the lower-cased token


@functools.cache
def concept_lexicon() -> Lexicon:
    return load_lexicon("concepts.tsv", phrase=True)


def _concept(start: int, end: int, name: str, role: str = "") -> Found:
    return Found(start, end, CONCEPT, name, f"concept:{phrase_key(name)}", role)


def vocabulary_hits(doc: Doc) -> list[Found]:
    v = tokens_of(doc)
    return [
        _concept(v.start[m.start], v.end(m.end - 1), m.entry.name)
        for m in concept_lexicon().iter_matches(doc)
    ]


def acronym_hits(text: str, definitions: list[Definition]) -> list[Found]:
    """Long forms at their definitions, and every later bare use of the short form."""
    hits = []
    for d in definitions:
        long_end = d.long_start + len(d.long)
        hits.append(_concept(d.long_start, long_end, d.long))
        pattern = re.compile(r"(?<![\w-])" + re.escape(d.short_base) + r"s?(?![\w-])")
        for use in pattern.finditer(text, d.end):
            hits.append(_concept(use.start(), use.end(), d.long))
    return hits


@functools.lru_cache(maxsize=1 << 16)
def _content(word: str) -> bool:
    return bool(_WORDISH.match(word)) and word not in STOP_WORDS and word not in GENERIC


def _noun_like(words: list[str]) -> bool:
    """Without a tagger: no adverb anywhere ("seamlessly integrated") and no past-tense
    head ("performs competitively", "results obtained")."""
    return not any(w.endswith("ly") for w in words) and not words[-1].endswith("ed")


def term_candidates(doc: Doc, title_end: int = 0) -> list[Found]:
    """Maximal runs of content words (2–4 long), hyphenated words kept whole, optionally
    closed by a head noun ("deep generative model"). Words are lower case in the
    abstract; in the title (Title Case) a capitalized word counts too."""
    text, v = doc_text(doc), tokens_of(doc)
    words, lower, space, starts = v.text, v.lower, v.space, v.start
    n = len(words)
    hits, run = [], []
    for i in range(n + 1):
        if i < n:
            word = words[i]
            if word == "-" and run and not space[i]:
                continue
            cased = word.islower() or (starts[i] < title_end and word[:1].isupper() and word[1:].islower())
            if cased and _content(lower[i]):
                run.append(i)
                continue
            if cased and run and lower[i] in HEAD_NOUNS:
                run.append(i)
        if 2 <= len(run) <= MAX_TERM_WORDS and _noun_like([lower[k] for k in run]):
            start, end = starts[run[0]], v.end(run[-1])
            hits.append(_concept(start, end, text[start:end], ROLE_CANDIDATE))
        if run:
            run = []
    return hits


def find_concepts(doc: Doc, definitions: list[Definition], title_end: int = 0) -> list[Found]:
    strong = sorted(vocabulary_hits(doc) + acronym_hits(doc_text(doc), definitions), key=text_order)
    if not strong:
        return sorted(term_candidates(doc, title_end), key=text_order)
    # The strong spans may overlap each other: the furthest end reached by the strong
    # spans starting before a point tells whether a candidate ending there is covered.
    starts = [f.start for f in strong]
    reach = list(itertools.accumulate((f.end for f in strong), max))
    weak = []
    for f in term_candidates(doc, title_end):
        before = bisect.bisect_left(starts, f.end)
        if before == 0 or reach[before - 1] <= f.start:
            weak.append(f)
    return sorted(strong + weak, key=text_order)
