"""Named existing architectures and checkpoints (ResNet-18, BERT, GPT-3, CLIP, …),
from the gazetteer ``data/models.tsv``. Short names must keep their written case, so
"sam" or "clip" as ordinary words are not models."""

from __future__ import annotations

import functools
import re

from spacy.tokens import Doc

from graphbuild.extract.found import MODEL, Found
from graphbuild.extract.lexicon import Lexicon, load_lexicon
from graphbuild.extract.text import compact_key
from graphbuild.extract.tokens import tokens_of


@functools.cache
def model_lexicon() -> Lexicon:
    return load_lexicon("models.tsv")


def _written_as_listed(surface: str, forms: tuple[str, ...]) -> bool:
    squeezed = re.sub(r"[\W_]+", "", surface)
    candidates = {squeezed, squeezed[:-1] if squeezed.endswith("s") else squeezed}
    if any(c.islower() for c in squeezed[:1]) or len(squeezed) <= 6:
        return any(re.sub(r"[\W_]+", "", f) in candidates for f in forms)
    return True


def find_models(doc: Doc) -> list[Found]:
    found, view = [], tokens_of(doc)
    for match in model_lexicon().iter_matches(doc):
        if not _written_as_listed(match.surface, match.entry.forms):
            continue
        start, end = view.start[match.start], view.end(match.end - 1)
        name = match.entry.name
        found.append(Found(start, end, MODEL, name, f"model:{compact_key(name)}"))
    return found
