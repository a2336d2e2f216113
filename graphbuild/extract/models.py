"""Named existing architectures and checkpoints (ResNet-18, BERT, GPT-3, CLIP, …),
from the gazetteer ``data/models.tsv``. Short names must keep their written case, so
"sam" or "clip" as ordinary words are not models.

A size and variant written after a name ("Zephyr-7b-beta", "LLAMA-33B",
"Mistral-7B-Instruct") belong to the mention, and the checkpoint is its family's node
(Zephyr, LLaMA, Mistral), as the gazetteer's own size aliases are ("Llama-2-13B" is
Llama 2): papers using two sizes of one model share it."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from spacy.tokens import Doc

from graphbuild.extract.acronyms import Definition
from graphbuild.extract.found import MODEL, Found
from graphbuild.extract.lexicon import Lexicon, LexiconEntry, load_lexicon, slashed_versions, spelled_as_other
from graphbuild.extract.text import compact_key, doc_text
from graphbuild.extract.tokens import tokens_of

#: A checkpoint's size ("-7B", " 65B", "-8x7B", "-1.5b") and variant tags after it, a
#: dated snapshot ("gpt-3.5-turbo-0301") included.
CHECKPOINT = re.compile(
    r"(?:[- ](?:\d+x)?\d+(?:\.\d+)?[BbMm](?![\w.])"
    r"|-(?:Instruct|instruct|Chat|chat|Base|base|beta|alpha|it|hf|mini|Mini|small|Small"
    r"|medium|Medium|large|Large|huge|Huge|giant|Giant|tiny|Tiny|XL|XXL|\d{4})\b)+"
    r"(?![\w-])"
)


@functools.cache
def model_lexicon() -> Lexicon:
    return load_lexicon("models.tsv")


def checkpoint_family(name: str) -> LexiconEntry | None:
    """The gazetteer entry of a model name, or of its family when the name is a known
    one with a checkpoint size or variant after it ("Zephyr-7b-beta" → Zephyr)."""
    lexicon = model_lexicon()
    entry = lexicon.lookup(name)
    if entry is None:
        for match in CHECKPOINT.finditer(name):
            if match.end() == len(name) and match.start() > 0:
                return lexicon.lookup(name[: match.start()])
    return entry


def known_model(name: str) -> LexiconEntry | None:
    """The gazetteer entry ``name`` is found as: listed and written as listed."""
    entry = model_lexicon().lookup(name)
    return entry if entry is not None and _written_as_listed(name, entry.forms) else None


def _written_as_listed(surface: str, forms: tuple[str, ...]) -> bool:
    """A short or lower-case surface must be one of the listed forms; all capitals count
    as any form ("LLAMA" for LLaMA: no ordinary word is written so)."""
    squeezed = re.sub(r"[\W_]+", "", surface)
    candidates = {squeezed, squeezed[:-1] if squeezed.endswith("s") else squeezed}
    if any(c.islower() for c in squeezed[:1]) or len(squeezed) <= 6:
        listed = {re.sub(r"[\W_]+", "", f) for f in forms}
        if squeezed.isupper() and len(squeezed) >= 4:
            listed |= {f.upper() for f in listed}
        return not listed.isdisjoint(candidates)
    return True


#: "a CLIP-I score of 0.833", "CLIP scores", "Inception Score": a metric named after a
#: model, which the paper need not use.
SCORE_AFTER = re.compile(r"(?:-[A-Z0-9]{1,3})?[\s-]?[Ss]cores?\b")


def _plain_word_in_title_only(surface: str, text: str, start: int) -> bool:
    """A model named by a plain capitalized word ("Performer") in the title, where every
    word is capitalized, and nowhere in the abstract: "… Synced Facial Performer" uses no
    Performer."""
    title_end = text.find("\n")
    return (
        start < title_end
        and surface[:1].isupper()
        and surface[1:].isalpha()
        and surface[1:].islower()
        and surface not in text[title_end:]
    )


def _initials(form: str) -> str:
    return "".join(word[0] for word in re.split(r"[\s-]+", form) if word).upper()


def _defined_as_other(definitions: Iterable[Definition]) -> frozenset[str]:
    """Compact short forms the paper defines as something other than the model the
    gazetteer spells out under them: "Sharpness-Aware Minimization (SAM)" makes the
    paper's SAM no Segment Anything Model. A model listed without a spelled-out name
    (CLIP) keeps its mentions: the paper's long form may well be its own."""
    other = set()
    for d in definitions:
        entry = model_lexicon().lookup(d.short_base)
        if entry is None or model_lexicon().lookup(d.long) is entry:
            continue
        if any(" " in form and _initials(form) == d.short_base.upper() for form in entry.forms):
            other.add(compact_key(d.short_base))
    return frozenset(other)


def find_models(doc: Doc, definitions: Iterable[Definition] = ()) -> list[Found]:
    found, view, text = [], tokens_of(doc), doc_text(doc)
    other = _defined_as_other(definitions)
    for match in model_lexicon().iter_matches(doc):
        if not _written_as_listed(match.surface, match.entry.forms) or spelled_as_other(
            match.surface, "models.tsv", "datasets.tsv"
        ):
            continue
        if other and compact_key(match.surface).removesuffix("s") in other:
            continue
        if _plain_word_in_title_only(match.surface, text, view.start[match.start]):
            continue
        start, end = view.start[match.start], view.end(match.end - 1)
        if checkpoint := CHECKPOINT.match(text, end):
            end = checkpoint.end()
        if SCORE_AFTER.match(text, end):
            continue
        name = match.entry.name
        found.append(Found(start, end, MODEL, name, f"model:{compact_key(name)}"))
        found.extend(_slashed_versions(text, start, end))
    return found


def _slashed_versions(text: str, start: int, end: int) -> list[Found]:
    """The other versions a slash adds to the model name at ``start:end``, each a model
    of its own where the gazetteer lists the family with that version ("GPT-3.5/4" names
    GPT-4 too, "LLaMA-1/2" Llama 2)."""
    return [
        Found(first, past, MODEL, entry.name, f"model:{compact_key(entry.name)}")
        for first, past, entry in slashed_versions(text, start, end, known_model)
    ]
