"""The spaCy pipeline: ``spacy.blank("en")``, a sentencizer and one registered
component per entity type. Each component owns one span group in ``doc.spans``
(``gb_repositories``, ``gb_datasets``, …); every span carries its ``Found`` record in
``span._.gb_found`` with the exact character offsets the extractor matched."""

from __future__ import annotations

from collections.abc import Callable

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from graphbuild.extract.acronyms import Definition, find_definitions
from graphbuild.extract.citations import find_citations
from graphbuild.extract.concepts import find_concepts
from graphbuild.extract.datasets import find_datasets
from graphbuild.extract.found import Found
from graphbuild.extract.methods import find_methods
from graphbuild.extract.models import find_models
from graphbuild.extract.repositories import find_repositories

if not Span.has_extension("gb_found"):
    Span.set_extension("gb_found", default=None)
if not Doc.has_extension("gb_acronyms"):
    Doc.set_extension("gb_acronyms", default=None)

#: Component name → span group key, in pipeline order (acronyms before their users).
COMPONENTS = {
    "gb_repositories": "gb_repositories",
    "gb_citations": "gb_citations",
    "gb_acronyms": "gb_acronyms",
    "gb_models": "gb_models",
    "gb_datasets": "gb_datasets",
    "gb_methods": "gb_methods",
    "gb_concepts": "gb_concepts",
}


def title_end(doc: Doc) -> int:
    """Papers are fed as "title\\nabstract"; a text without a newline has no title."""
    end = doc.text.find("\n")
    return end if end >= 0 else 0


def definitions_of(doc: Doc) -> list[Definition]:
    if doc._.gb_acronyms is None:
        doc._.gb_acronyms = find_definitions(doc.text, title_end(doc))
    return doc._.gb_acronyms


def set_found(doc: Doc, key: str, found: list[Found]) -> Doc:
    spans = []
    for f in found:
        span = doc.char_span(f.start, f.end, label=f.label, kb_id=f.key, alignment_mode="expand")
        if span is not None:
            span._.gb_found = f
            spans.append(span)
    doc.spans[key] = SpanGroup(doc, name=key, spans=spans)
    return doc


class FinderComponent:
    """A thin pipeline component around one pure ``find`` function."""

    def __init__(self, key: str, find: Callable[[Doc], list[Found]]):
        self.key = key
        self.find = find

    def __call__(self, doc: Doc) -> Doc:
        return set_found(doc, self.key, self.find(doc))


class AcronymComponent:
    def __call__(self, doc: Doc) -> Doc:
        definitions = definitions_of(doc)
        spans = []
        for d in definitions:
            span = doc.char_span(d.start, d.end, label="Acronym", kb_id=d.short_base, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["gb_acronyms"] = SpanGroup(doc, name="gb_acronyms", spans=spans)
        return doc


FINDERS: dict[str, Callable[[Doc], list[Found]]] = {
    "gb_repositories": lambda doc: find_repositories(doc.text),
    "gb_citations": lambda doc: find_citations(doc.text),
    "gb_models": find_models,
    "gb_datasets": lambda doc: find_datasets(doc, title_end(doc)),
    "gb_methods": lambda doc: find_methods(doc.text, title_end(doc), definitions_of(doc)),
    "gb_concepts": lambda doc: find_concepts(doc, definitions_of(doc)),
}


class TitleBoundary:
    """The title is its own sentence: the token after the first newline starts one.
    Runs before the sentencizer, which keeps boundaries already set."""

    def __call__(self, doc: Doc) -> Doc:
        for token in doc[1:]:
            if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
                token.is_sent_start = True
                break
        return doc


def _register() -> None:
    Language.factory("gb_title_boundary", func=lambda nlp, name: TitleBoundary())
    for name, find in FINDERS.items():
        Language.factory(name, func=lambda nlp, name, _key=name, _find=find: FinderComponent(_key, _find))
    Language.factory("gb_acronyms", func=lambda nlp, name: AcronymComponent())


_register()


def build_nlp() -> Language:
    """``spacy.blank("en")`` + sentencizer + graphbuild's components."""
    nlp = spacy.blank("en")
    nlp.add_pipe("gb_title_boundary")
    nlp.add_pipe("sentencizer")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp
