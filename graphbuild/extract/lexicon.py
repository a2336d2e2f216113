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
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Doc

from graphbuild.extract.text import Memo, compact_key, doc_text, fold, phrase_key, singularize
from graphbuild.extract.tokens import TokenView, is_punct_text, tokens_of

_JOINERS = frozenset({"-", "/", "\u2013"})
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


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
        self.starts = Memo(self._can_start)

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

    def key(self, text: str) -> str:
        return phrase_key(text) if self.phrase else compact_key(text)

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, text: str) -> LexiconEntry | None:
        return self.index.get(self.key(text))

    def _longest_from(self, words: list[str | None], i: int) -> tuple[int, LexiconEntry | None]:
        """Token index just past the longest name starting at token ``i``, and its entry.

        In compact mode a trailing plural "s" is tolerated ("ViTs", "GANs"); in phrase
        mode the last word is looked up singularized.
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
            if entry is None and not phrase and full[-1] == "s":
                entry = index.get(full[:-1])
            if entry is not None:
                best = (j + 1, entry)
            if acc not in prefixes:
                break
        return best

    def iter_matches(self, doc: Doc) -> Iterator[LexiconMatch]:
        """Longest, non-overlapping matches, left to right."""
        words = token_words(doc, phrase=self.phrase)
        starts = self.starts
        candidates = list(itertools.compress(itertools.count(), map(starts.__getitem__, words)))
        if not candidates:
            return
        view, text = tokens_of(doc), doc_text(doc)
        past = 0
        for i in candidates:
            if i < past or _inside_compound(view, i) or not (self.phrase or self._may_grow(words, i)):
                continue
            end, entry = self._longest_from(words, i)
            if entry is not None:
                yield LexiconMatch(i, end, entry, text[view.start[i] : view.end(end - 1)])
                past = end

    def _may_grow(self, words: list[str | None], i: int) -> bool:
        """Compact mode: can the walk from token ``i`` find a name? A token that is a
        name by itself can; one that is only the start of a name ("the" of "thepile",
        "image" of "imagenet") needs the next token to continue it, which is checked
        here instead of in a walk: such prefixes are most words of a text ("a", "to").
        A hyphen or slash next continues it ("m-BERT", "X-Sum"); a single letter before
        a space starts no name, so the "s" of "OpenAI's BERT" does not swallow BERT
        as "SBERT"."""
        word = words[i]
        if word in self.whole:
            return True
        after = words[i + 1] if i + 1 < len(words) else None
        if after == "":
            return True
        if after is None or len(word) == 1:
            return False
        joined = word + after
        return joined in self.prefixes or joined in self.whole


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
    """Per-token keys, computed once per document and kept in ``doc.user_data``.

    Hyphens and slashes give "" (a name may run across them: "CIFAR-10", "VQA v2");
    other punctuation and line breaks give None, which ends any name. A token's key
    depends on its text alone, so it is memoized by text.
    """
    slot = ("gb_words", phrase)
    cached = doc.user_data.get(slot)
    if cached is None:
        keys = _PHRASE_WORDS if phrase else _COMPACT_WORDS
        cached = doc.user_data[slot] = list(map(keys.__getitem__, tokens_of(doc).text))
    return cached


def _word_key(text: str, key) -> str | None:
    if not text.strip() or (text not in _JOINERS and is_punct_text(text)):
        return None
    return key(text)


def _phrase_word(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", fold(text)).split())


_SINGULAR = Memo(singularize)
_COMPACT_WORDS = Memo(functools.partial(_word_key, key=compact_key))
_PHRASE_WORDS = Memo(functools.partial(_word_key, key=_phrase_word))


@functools.cache
def spellings(name: str) -> frozenset[str]:
    """The names and aliases of a data file as written, spaces and punctuation removed."""
    return frozenset(_NON_WORD.sub("", form) for entry in load_lexicon(name).entries for form in entry.forms)


def spelled_as_other(surface: str, own: str, other: str) -> bool:
    """Is ``surface`` written exactly as a name of the ``other`` data file and not as one
    of ``own``? "SuperGlue" (a feature matcher, models.tsv) and "SuperGLUE" (a benchmark,
    datasets.tsv) share a compact key: their case tells them apart."""
    squeezed = _NON_WORD.sub("", surface)
    return squeezed in spellings(other) and squeezed not in spellings(own)


@functools.cache
def load_lexicon(name: str, *, phrase: bool = False) -> Lexicon:
    entries = []
    for row in read_tsv(name):
        aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
        kind = (row.get("kind") or row.get("family") or "").strip()
        entries.append(LexiconEntry(row["name"].strip(), kind, (row["name"].strip(), *aliases)))
    return Lexicon(entries, phrase=phrase)
