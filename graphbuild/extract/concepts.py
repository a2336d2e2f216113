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

import functools
import re

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from graphbuild.extract.acronyms import Definition
from graphbuild.extract.found import CONCEPT, Found
from graphbuild.extract.lexicon import Lexicon, load_lexicon
from graphbuild.extract.text import doc_text, phrase_key

ROLE_CANDIDATE = "candidate"
MAX_TERM_WORDS = 4
#: Words that never start or end a term although they are not stop words.
GENERIC = frozenset(
    """approach approaches method methods methodology framework frameworks model models paper papers work
    works result results experiment experiments performance problem problems task tasks study studies
    analysis way ways new novel existing proposed various different several many multiple recent recently
    previous prior current state art extensive significant significantly substantial remarkable strong
    effective efficient simple principled based specific general key important large small high low
    better best good great first second third one two three four five use using used show shows shown
    demonstrate demonstrates propose proposes introduce introduces present presents achieve achieves
    provide provides improve improves improved improvement improvements outperform outperforms paper
    furthermore moreover however additionally finally specifically particular existing wide wide-range
    range set sets number numbers lot lots type types kind kinds form forms level levels end order
    terms term case cases example examples data dataset datasets benchmark benchmarks code available
    publicly source open question questions setting settings challenge challenges issue issues gap
    theoretical empirical empirically theoretically practical real world real-world crucial critical
    comprehensive extensive challenging competitive superior surprising consistent consistently""".split()
)
_WORDISH = re.compile(r"^[a-z][a-z\-]*[a-z]$")  # checked on the lower-cased token


@functools.cache
def concept_lexicon() -> Lexicon:
    return load_lexicon("concepts.tsv", phrase=True)


def _concept(start: int, end: int, name: str, role: str = "") -> Found:
    return Found(start, end, CONCEPT, name, f"concept:{phrase_key(name)}", role)


def vocabulary_hits(doc: Doc) -> list[Found]:
    hits = []
    for match in concept_lexicon().iter_matches(doc):
        span = doc[match.start : match.end]
        hits.append(_concept(span.start_char, span.end_char, match.entry.name))
    return hits


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


def _content(token) -> bool:
    return (
        bool(_WORDISH.match(token.lower_)) and token.lower_ not in STOP_WORDS and token.lower_ not in GENERIC
    )


def _noun_like(run: list) -> bool:
    """Without a tagger: no adverb anywhere ("seamlessly integrated") and no past-tense
    head ("performs competitively", "results obtained")."""
    words = [t.lower_ for t in run if t.text != "-"]
    return not any(w.endswith("ly") for w in words) and not words[-1].endswith("ed")


def _casing_ok(token, title_end: int) -> bool:
    """Lower case in the abstract; in the title (Title Case) a capitalized word too."""
    return token.text.islower() or (
        token.idx < title_end and token.text[:1].isupper() and token.text[1:].islower()
    )


def term_candidates(doc: Doc, title_end: int = 0) -> list[Found]:
    """Maximal runs of content words (2–4 long), hyphenated words kept whole."""
    text = doc_text(doc)
    hits, run = [], []
    for token in [*doc, None]:
        if token is not None and (token.text == "-" and run and not token.whitespace_):
            continue
        if token is not None and _content(token) and _casing_ok(token, title_end):
            run.append(token)
            continue
        if 2 <= len(run) <= MAX_TERM_WORDS and _noun_like(run):
            start, end = run[0].idx, run[-1].idx + len(run[-1].text)
            hits.append(_concept(start, end, text[start:end], ROLE_CANDIDATE))
        run = []
    return hits


def find_concepts(doc: Doc, definitions: list[Definition], title_end: int = 0) -> list[Found]:
    strong = vocabulary_hits(doc) + acronym_hits(doc_text(doc), definitions)
    covered = [(f.start, f.end) for f in strong]
    weak = [
        f for f in term_candidates(doc, title_end) if not any(s < f.end and f.start < e for s, e in covered)
    ]
    return sorted(strong + weak)
