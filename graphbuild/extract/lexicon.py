"""Gazetteers: data files of names and aliases, looked up over token n-grams.

A lexicon maps the compact key of every name and alias ("cifar10") to its canonical
entry. Matching walks the tokens of a document and tries the longest n-gram first, so
"ImageNet-21K" wins over "ImageNet" and "Stable Diffusion 1.4" over "Stable Diffusion".
"""

from __future__ import annotations

import csv
import functools
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Doc

from graphbuild.extract.text import Memo, compact_key, doc_text, phrase_key, singularize
from graphbuild.extract.tokens import COMPACT_WORDS, PHRASE_WORDS, TokenView, tokens_of, words_slot


@dataclass(frozen=True)
class LexiconEntry:
    name: str
    kind: str
    forms: tuple[str, ...]


@dataclass(frozen=True)
class LexiconMatch:
    start: int  # token index
    end: int  # token index, exclusive
    entry: LexiconEntry
    surface: str


def data_path(name: str):
    return resources.files("graphbuild.extract") / "data" / name


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a packaged TSV data file (header line first, '#' lines ignored)."""
    text = data_path(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def read_word_list(name: str) -> frozenset[str]:
    text = data_path(name).read_text(encoding="utf-8")
    return frozenset(
        line.strip().casefold() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


class Lexicon:
    """Names with aliases, matched over token n-grams.

    ``phrase=False`` (datasets, models): the key of an n-gram is its tokens' compact
    keys joined, so "CIFAR 10", "CIFAR-10" and "cifar10" meet. ``phrase=True``
    (concepts): words joined by spaces with the last one singularized. A set of key
    prefixes lets the walk stop as soon as no name can start with what it has read.
    """

    def __init__(self, entries: list[LexiconEntry], *, phrase: bool = False):
        self.phrase = phrase
        self.entries = entries
        self.index: dict[str, LexiconEntry] = {}
        for entry in entries:
            for form in entry.forms:
                self.index.setdefault(self.key(form), entry)
        self.index.pop("", None)
        self.prefixes = self._prefixes()
        #: Keys, and in compact mode their plurals: what a match can be.
        self.whole = frozenset(self.index) | {f"{k}s" for k in self.index}
        self.first_words = self._first_words()
        #: Keys a name may continue into, in compact mode (see ``_may_grow``).
        self.continued = self.prefixes | self.whole
        #: What the walk from a token needs to know of its word (``_phrase_opening``,
        #: ``_compact_opening``); None for a word no name starts with.
        self.openings = Memo(self._phrase_opening if phrase else self._compact_opening)

    def _prefixes(self) -> frozenset[str]:
        found = set()
        for key in self.index:
            if self.phrase:
                words = key.split()
                found.update(" ".join(words[:k]) for k in range(1, len(words)))
            else:
                found.update(key[:k] for k in range(1, len(key)))
        return frozenset(found)

    def _first_words(self) -> frozenset[str]:
        """Token keys a match can start with; every other token is skipped at once. In
        compact mode a name is found across token boundaries ("CIFAR 10" and "Image Net"
        meet "cifar10" and "imagenet"), so any prefix of a key can start one."""
        if self.phrase:
            return frozenset(key.split()[0] for key in self.index)
        return self.prefixes | self.whole

    def _can_start(self, word: str | None) -> bool:
        if not word:
            return False
        return word in self.first_words or (self.phrase and singularize(word) in self.first_words)

    def _phrase_opening(self, word: str | None) -> tuple[LexiconEntry | None, bool] | None:
        """Phrase mode: the entry the word names alone and whether a longer name can
        start with it; None when neither (the walk would stop at once with no match)."""
        if not self._can_start(word):
            return None
        entry, continues = self.index.get(_SINGULAR[word]), word in self.prefixes
        return (entry, continues) if entry is not None or continues else None

    def _compact_opening(self, word: str | None) -> str | None:
        """Compact mode: ``_WHOLE`` for a word that is a name by itself, ``_LETTER`` for a
        single letter that only starts names, ``_PREFIX`` for a longer one (``_may_grow``)."""
        if not self._can_start(word):
            return None
        return _WHOLE if word in self.whole else _LETTER if len(word) == 1 else _PREFIX

    def key(self, text: str) -> str:
        return phrase_key(text) if self.phrase else compact_key(text)

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, text: str) -> LexiconEntry | None:
        return self.index.get(self.key(text))

    def _longest_from(self, words: list[str | None], i: int) -> tuple[int, LexiconEntry | None]:
        """Token index just past the longest name starting at token ``i``, and its entry.

        In compact mode a trailing plural "s" is tolerated ("ViTs", "GANs"), not one of
        "ss" ("CoMPaSS" is no plural of COMPAS); in phrase mode the last word is looked up
        singularized.
        """
        best: tuple[int, LexiconEntry | None] = (i, None)
        index, prefixes, phrase = self.index, self.prefixes, self.phrase
        acc = ""
        for j in range(i, len(words)):
            word = words[j]
            if word is None:
                break
            if not word:
                if j == i:
                    break
                continue
            if phrase:
                full = f"{acc} {_SINGULAR[word]}" if acc else _SINGULAR[word]
                acc = f"{acc} {word}" if acc else word
            else:
                acc = full = acc + word
            entry = index.get(full)
            if entry is None and not phrase and full[-1] == "s" and full[-2:] != "ss":
                entry = index.get(full[:-1])
            if entry is not None:
                best = (j + 1, entry)
            if acc not in prefixes:
                break
        return best

    def iter_matches(self, doc: Doc) -> Iterator[LexiconMatch]:
        """Longest, non-overlapping matches, left to right."""
        words = token_words(doc, phrase=self.phrase)
        openings = list(map(self.openings.__getitem__, words))
        candidates = list(itertools.compress(itertools.count(), openings))
        if not candidates:
            return
        view, text = tokens_of(doc), doc_text(doc)
        tokens, phrase = view.text, self.phrase
        past = 0
        for i in candidates:
            if i < past or (tokens[i - 1] == "-" and _inside_compound(view, i)):
                continue
            opening = openings[i]
            if phrase:
                entry, continues = opening
                if continues and self._phrase_grows(words, i):
                    end, entry = self._longest_from(words, i)
                else:
                    end = i + 1
            elif opening is _WHOLE or self._may_grow(words, i, opening):
                end, entry = self._longest_from(words, i)
            else:
                continue
            if entry is not None:
                yield LexiconMatch(i, end, entry, text[view.start[i] : view.end(end - 1)])
                past = end

    def _phrase_grows(self, words: list[str | None], i: int) -> bool:
        """Phrase mode: can the walk from token ``i`` go past it? Only if the next word
        extends it to a name or to a longer name's start; most words that start a name
        ("in", "learning") are followed by none, and this check is cheaper than the walk.
        A hyphen or slash next is left to the walk."""
        after = words[i + 1] if i + 1 < len(words) else None
        if after is None:
            return False
        if not after:
            return True
        word = words[i]
        return f"{word} {after}" in self.prefixes or f"{word} {_SINGULAR[after]}" in self.index

    def _may_grow(self, words: list[str | None], i: int, opening: str) -> bool:
        """Compact mode: can the walk from token ``i``, whose word is no name by itself,
        find a name? Only if the next token continues it, which is checked here instead
        of in a walk: such prefixes ("the" of "thepile", "image" of "imagenet") are most
        words of a text ("a", "to"). A hyphen or slash next continues it ("m-BERT",
        "X-Sum"); a single letter before a space starts no name, so the "s" of "OpenAI's
        BERT" does not swallow BERT as "SBERT"."""
        after = words[i + 1] if i + 1 < len(words) else None
        if after == "":
            return True
        return opening is _PREFIX and after is not None and words[i] + after in self.continued


#: ``Lexicon._compact_opening`` values.
_WHOLE, _PREFIX, _LETTER = "whole", "prefix", "letter"


def _inside_compound(view: TokenView, i: int) -> bool:
    """Token ``i`` continues a hyphenated word ("non-contrastive"): no name starts there."""
    return (
        i >= 2
        and view.text[i - 1] == "-"
        and not view.space[i - 1]
        and not view.space[i - 2]
        and not view.punct[i - 2]
        and not view.is_space[i - 2]
    )


def token_words(doc: Doc, *, phrase: bool) -> list[str | None]:
    """Per-token keys, kept in ``doc.user_data`` (graphbuild's tokenizer puts them there).

    Hyphens and slashes give "" (a name may run across them: "CIFAR-10", "VQA v2");
    other punctuation and line breaks give None, which ends any name. A token's key
    depends on its text alone, so it is memoized by text.
    """
    slot = words_slot(phrase)
    cached = doc.user_data.get(slot)
    if cached is None:
        keys = PHRASE_WORDS if phrase else COMPACT_WORDS
        cached = doc.user_data[slot] = list(map(keys.__getitem__, tokens_of(doc).text))
    return cached


_SINGULAR = Memo(singularize)


#: Versions after a name and a slash: "LLaMA-1/2", "GPT-3.5/4", "CIFAR-10/100".
_SLASHED = re.compile(r"(?:[- ]?\d+(?:\.\d+)?)?(?P<rest>(?:/\d+(?:\.\d+)?)+)(?!\w|\.\d)")
_VERSION_AT_END = re.compile(r"(?P<joiner>[- ]?)\d+(?:\.\d+)?$")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def slashed_versions(
    text: str, start: int, end: int, lookup: Callable[[str], LexiconEntry | None]
) -> list[tuple[int, int, LexiconEntry]]:
    """(start, end, entry) of each other version a slash adds to the name at
    ``start:end`` and ``lookup`` knows: the name's last number replaced by the one after
    the slash ("CIFAR-10/100" names CIFAR-100 too, "LLaMA-1/2" Llama 2)."""
    slashed = _SLASHED.match(text, end)
    written = text[start : slashed.start("rest")] if slashed else ""
    version = _VERSION_AT_END.search(written)
    if not version:
        return []
    base = written[: version.start()] + version.group("joiner")
    found = []
    for number in _NUMBER.finditer(text, slashed.start("rest"), slashed.end()):
        entry = lookup(base + number.group())
        if entry is not None:
            found.append((number.start(), number.end(), entry))
    return found


_NOT_LETTERS = re.compile(r"[\W_]+")


@functools.cache
def spellings(name: str) -> frozenset[str]:
    """The names and aliases of a data file as written, spaces and punctuation removed."""
    return frozenset(
        _NOT_LETTERS.sub("", form) for entry in load_lexicon(name).entries for form in entry.forms
    )


def spelled_as_other(surface: str, own: str, other: str) -> bool:
    """Is ``surface`` written exactly as a name of the ``other`` data file and not as one
    of ``own``? "SuperGlue" (a feature matcher, models.tsv) and "SuperGLUE" (a benchmark,
    datasets.tsv) share a compact key: their case tells them apart."""
    squeezed = _NOT_LETTERS.sub("", surface)
    return squeezed in spellings(other) and squeezed not in spellings(own)


@functools.cache
def load_lexicon(name: str, *, phrase: bool = False) -> Lexicon:
    entries = []
    for row in read_tsv(name):
        aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
        kind = (row.get("kind") or row.get("family") or "").strip()
        entries.append(LexiconEntry(row["name"].strip(), kind, (row["name"].strip(), *aliases)))
    return Lexicon(entries, phrase=phrase)
