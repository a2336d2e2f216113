"""The spaCy pipeline: ``spacy.blank("en")``, a sentencizer and one registered
component per entity type. Each component owns one span group in ``doc.spans``
(``gb_repositories``, ``gb_datasets``, …) with token-aligned spans whose ``kb_id_`` is
the entity key; ``doc._.gb_found[group]`` holds the matching ``Found`` records with the
exact character offsets the extractor matched (a token may carry trailing punctuation
that the mention does not).

The build reads only the ``Found`` records, so its pipelines are made with
``span_groups=False``: the components find the same things and skip making spaCy
``Span`` objects of them, about 7% of a warm abstract's extraction time (each span
costs two searches of the token offsets and an entry in the string store)."""

from __future__ import annotations

import bisect
import operator
from collections.abc import Callable, Iterable

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
from graphbuild.extract.text import doc_text
from graphbuild.extract.tokens import Tokenizer, tokens_of

# Both extensions read ``doc.user_data``; the components write it directly (every
# ``doc._`` builds an accessor object, a dozen times per document otherwise).
_FOUND, _DEFINITIONS = "gb_found", "gb_definitions"
if not Doc.has_extension("gb_found"):
    Doc.set_extension("gb_found", getter=lambda doc: found_by_component(doc))
if not Doc.has_extension("gb_acronyms"):
    Doc.set_extension("gb_acronyms", getter=lambda doc: doc.user_data.get(_DEFINITIONS))

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
    end = doc_text(doc).find("\n")
    return end if end >= 0 else 0


def definitions_of(doc: Doc) -> list[Definition]:
    definitions = doc.user_data.get(_DEFINITIONS)
    if definitions is None:
        definitions = doc.user_data[_DEFINITIONS] = find_definitions(doc_text(doc), title_end(doc))
    return definitions


def spans_of(doc: Doc, found: Iterable[tuple[int, int, str, str]]) -> list[Span]:
    """For each (start, end, label, kb_id), the tokens covering characters
    ``start:end`` (like ``char_span(..., "expand")``); an empty cover gives no span."""
    starts, add = tokens_of(doc).start, doc.vocab.strings.add
    label_ids: dict[str, int] = {}
    spans = []
    for start, end, label, kb_id in found:
        first = max(bisect.bisect_right(starts, start) - 1, 0)
        past = bisect.bisect_left(starts, end)
        if past > first:
            label_id = label_ids.get(label)
            if label_id is None:
                label_id = label_ids[label] = add(label)
            spans.append(Span(doc, first, past, label=label_id, kb_id=add(kb_id)))
    return spans


def found_by_component(doc: Doc) -> dict[str, list[Found]]:
    """``doc._.gb_found``: span group key → what its component found."""
    return doc.user_data.setdefault(_FOUND, {})


#: A ``Found``'s (start, end, label, key), as ``spans_of`` takes them.
_SPAN_FIELDS = operator.itemgetter(0, 1, 2, 4)


def set_found(doc: Doc, key: str, found: list[Found]) -> Doc:
    doc.spans[key] = SpanGroup(doc, name=key, spans=spans_of(doc, map(_SPAN_FIELDS, found)))
    found_by_component(doc)[key] = found
    return doc


class FinderComponent:
    """A thin pipeline component around one pure ``find`` function."""

    def __init__(self, key: str, find: Callable[[Doc], list[Found]], span_groups: bool = True):
        self.key = key
        self.find = find
        self.span_groups = span_groups

    def __call__(self, doc: Doc) -> Doc:
        found = self.find(doc)
        if not self.span_groups:
            found_by_component(doc)[self.key] = found
            return doc
        return set_found(doc, self.key, found)


class AcronymComponent:
    def __init__(self, span_groups: bool = True):
        self.span_groups = span_groups

    def __call__(self, doc: Doc) -> Doc:
        definitions = definitions_of(doc)
        if self.span_groups:
            spans = spans_of(doc, [(d.start, d.end, "Acronym", d.short_base) for d in definitions])
            doc.spans["gb_acronyms"] = SpanGroup(doc, name="gb_acronyms", spans=spans)
        return doc


FINDERS: dict[str, Callable[[Doc], list[Found]]] = {
    "gb_repositories": lambda doc: find_repositories(doc_text(doc)),
    "gb_citations": lambda doc: find_citations(doc_text(doc)),
    "gb_models": lambda doc: find_models(doc, definitions_of(doc)),
    "gb_datasets": lambda doc: find_datasets(doc, title_end(doc), definitions_of(doc)),
    "gb_methods": lambda doc: find_methods(doc_text(doc), title_end(doc), definitions_of(doc)),
    "gb_concepts": lambda doc: find_concepts(doc, definitions_of(doc), title_end(doc)),
}


class SentenceBoundaries:
    """Sentence starts for research abstracts fed as "title\nabstract" (rules in
    ``tokens.sentence_starts``). graphbuild's tokenizer sets them already; this
    component fills them in for a ``Doc`` from another tokenizer."""

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("SENT_START"):
            for token, start in zip(doc, tokens_of(doc).sent_start, strict=True):
                token.is_sent_start = start
        return doc


def _finder_factory(key: str) -> Callable[..., FinderComponent]:
    """The factory of one finder component. Its parameters are what spaCy puts in the
    pipeline's config: the finder is looked up by key (a default argument would be
    copied into the config, which then cannot be saved), and ``span_groups`` is typed,
    so spaCy validates it ("false" as a string is an error, not a true value)."""

    def make(nlp: Language, name: str, span_groups: bool) -> FinderComponent:
        return FinderComponent(key, FINDERS[key], span_groups)

    return make


def _acronym_component(nlp: Language, name: str, span_groups: bool) -> AcronymComponent:
    return AcronymComponent(span_groups)


def _sentence_component(nlp: Language, name: str) -> SentenceBoundaries:
    return SentenceBoundaries()


def _register() -> None:
    Language.factory("gb_sentences", func=_sentence_component)
    config = {"span_groups": True}
    for key in FINDERS:
        Language.factory(key, default_config=config, func=_finder_factory(key))
    Language.factory("gb_acronyms", default_config=config, func=_acronym_component)


_register()


def build_nlp(*, span_groups: bool = True) -> Language:
    """``spacy.blank("en")`` with graphbuild's tokenizer, sentence splitter and entity
    components; without ``span_groups`` they leave ``doc.spans`` empty (the build's
    pipelines, see the module's docstring)."""
    nlp = spacy.blank("en")
    nlp.tokenizer = Tokenizer(nlp.vocab)
    nlp.add_pipe("gb_sentences")
    for name in COMPONENTS:
        nlp.add_pipe(name, config={"span_groups": span_groups})
    return nlp
