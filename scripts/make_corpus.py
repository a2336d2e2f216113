#!/usr/bin/env python3
"""Generate a large, realistic corpus for benchmarks by recombining the bundled one.

    scripts/make_corpus.py 100000 --seed 1 --out bench/corpus-100k.jsonl

Each generated paper takes the sentence sequence of one bundled abstract and swaps
about a third of its sentences for sentences at the same relative position of other
abstracts (so problem → method → results order survives). Dataset and model names in
those sentences are redrawn from the names the extractor finds in the bundled corpus,
ranked by how many papers use them and drawn with Zipf weights 1/rank^1.1, so a few
benchmarks (CIFAR-10, ImageNet) are everywhere and most names are rare: the long tail
of a real literature. The paper's own method name ("we propose X", "X: …" titles) is
coined by joining the head of one bundled method name to the tail of another
("SelMix" + "FlowNet" → "SelNet"), so methods stay mostly one paper's each. Titles
join the head of one title to the tail of another at a connector ("… for …", ": …")
and are unique, so ingest merges nothing.

The output is JSON Lines with ``title`` and ``abstract``; the same N and seed give a
byte-identical file for the same graphbuild version (the names come from its
extractor and gazetteers).
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graphbuild.extract import iter_extractions  # noqa: E402
from graphbuild.extract.found import DATASET, METHOD, MODEL  # noqa: E402
from graphbuild.ingest import ingest, normalize_title  # noqa: E402
from graphbuild.pipeline import bundled_corpus  # noqa: E402
from graphbuild.records import PaperExtraction  # noqa: E402

#: Share of an abstract's sentences taken from other abstracts.
SWAP_SENTENCE = 0.35
#: Chance that a dataset or model name is redrawn from the whole corpus's names.
SWAP_NAME = 0.7
#: Zipf exponent of name frequencies (≈1 in word and citation counts).
ZIPF_EXPONENT = 1.1
SLOT_LABELS = (DATASET, MODEL, METHOD)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
_TITLE_JOIN = re.compile(r":\s|\s(?:for|with|via|in|of|on|from|using|through|towards)\s", re.IGNORECASE)
_NAME_PART = re.compile(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|[a-z]+|\d+|[^A-Za-z\d]+")


@dataclass(frozen=True)
class Piece:
    """A sentence or title with the character spans of names that may be swapped."""

    text: str
    slots: tuple[tuple[int, int, str], ...] = ()


@dataclass(frozen=True)
class Material:
    titles: list[Piece]
    abstracts: list[list[Piece]]
    names: dict[str, list[str]]
    method_heads: list[str]
    method_tails: list[str]


def _pieces(extraction: PaperExtraction) -> tuple[Piece, list[Piece]]:
    """The title and the abstract's sentences, each with its swappable name spans."""
    paper = extraction.paper
    spans = [(0, len(paper.title))]
    offset = paper.abstract_offset
    for part in _SENTENCE_END.split(paper.abstract):
        start = paper.text.index(part, offset)
        spans.append((start, start + len(part)))
        offset = start + len(part)
    mentions = [m for m in extraction.mentions if m.label in SLOT_LABELS]
    pieces = [
        Piece(
            paper.text[start:end],
            tuple(
                (m.start - start, m.end - start, m.label) for m in mentions if start <= m.start < m.end <= end
            ),
        )
        for start, end in spans
    ]
    return pieces[0], pieces[1:]


def _ranked_names(extractions: list[PaperExtraction], label: str) -> list[str]:
    """Surface names of ``label``, most papers first (ties alphabetical)."""
    papers = Counter(name for e in extractions for name in {m.text for m in e.mentions if m.label == label})
    return sorted(papers, key=lambda name: (-papers[name], name))


def _name_halves(name: str) -> tuple[str, str] | None:
    """ "SelMix" → ("Sel", "Mix"); names too short or without letters give None."""
    parts = _NAME_PART.findall(name)
    if len(parts) >= 2:
        cut = (len(parts) + 1) // 2
        return "".join(parts[:cut]), "".join(parts[cut:])
    if len(name) >= 6 and name.isalpha():
        return name[: len(name) // 2], name[len(name) // 2 :]
    return None


def load_material() -> Material:
    """Titles, sentences and names of the bundled corpus, as the extractor sees them."""
    papers, _ = ingest([bundled_corpus()])
    extractions = list(iter_extractions(papers))
    titles, abstracts = [], []
    for extraction in extractions:
        title, sentences = _pieces(extraction)
        titles.append(title)
        abstracts.append(sentences)
    halves = [h for h in map(_name_halves, _ranked_names(extractions, METHOD)) if h]
    return Material(
        titles=titles,
        abstracts=abstracts,
        names={label: _ranked_names(extractions, label) for label in (DATASET, MODEL)},
        method_heads=sorted({head for head, _ in halves}),
        method_tails=sorted({tail for _, tail in halves}),
    )


class Generator:
    """Draws papers from ``material`` with its own seeded random source."""

    def __init__(self, material: Material, seed: int):
        self.material = material
        self.rng = random.Random(seed)
        self.seen_titles: set[str] = set()
        self.cumulative = {
            label: list(itertools.accumulate(1 / (rank + 1) ** ZIPF_EXPONENT for rank in range(len(names))))
            for label, names in material.names.items()
        }

    def zipf_name(self, label: str) -> str:
        cumulative = self.cumulative[label]
        index = bisect.bisect_right(cumulative, self.rng.random() * cumulative[-1])
        return self.material.names[label][min(index, len(cumulative) - 1)]

    def coined_method(self) -> str:
        heads, tails = self.material.method_heads, self.material.method_tails
        if not heads or not tails:
            return "OurNet"
        return self.rng.choice(heads) + self.rng.choice(tails)

    def render(self, piece: Piece, method: str) -> str:
        out, last = [], 0
        for start, end, label in piece.slots:
            out.append(piece.text[last:start])
            if label == METHOD:
                out.append(method)
            elif self.material.names.get(label) and self.rng.random() < SWAP_NAME:
                out.append(self.zipf_name(label))
            else:
                out.append(piece.text[start:end])
            last = end
        out.append(piece.text[last:])
        return "".join(out)

    def abstract(self, source: int, method: str) -> str:
        own = self.material.abstracts[source]
        sentences = []
        for position, piece in enumerate(own):
            if self.rng.random() < SWAP_SENTENCE:
                other = self.material.abstracts[self.rng.randrange(len(self.material.abstracts))]
                piece = other[min(len(other) - 1, position * len(other) // len(own))]
            sentences.append(self.render(piece, method))
        return " ".join(sentences)

    def title(self, source: int, method: str) -> str:
        """Head of the source title joined to the tail of another; unique by normalized form."""
        head = self.render(self.material.titles[source], method)
        cut = _TITLE_JOIN.search(head, 1)
        head = head[: cut.start()] if cut else head
        for _ in range(10):
            other = self.material.titles[self.rng.randrange(len(self.material.titles))].text
            join = _TITLE_JOIN.search(other, 1)
            title = head + other[join.start() :] if join else f"{head} with {method}"
            if self._claim(title):
                return title
        for n in itertools.count(2):
            title = f"{head} with {method} ({n})"
            if self._claim(title):
                return title
        raise AssertionError("unreachable")

    def _claim(self, title: str) -> bool:
        key = normalize_title(title)
        if key in self.seen_titles:
            return False
        self.seen_titles.add(key)
        return True

    def paper(self) -> dict[str, str]:
        source = self.rng.randrange(len(self.material.titles))
        method = self.coined_method()
        title = self.title(source, method)
        return {"title": title, "abstract": self.abstract(source, method)}


def iter_papers(count: int, seed: int, material: Material | None = None) -> Iterator[dict[str, str]]:
    generator = Generator(material or load_material(), seed)
    for _ in range(count):
        yield generator.paper()


def write_corpus(count: int, seed: int, out) -> None:
    for record in iter_papers(count, seed):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("count", type=int, help="number of papers to generate")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--out", default="-", help="output .jsonl file (default: standard output)")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("count must be at least 0")
    if args.out == "-":
        write_corpus(args.count, args.seed, sys.stdout)
        return 0
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with partial.open("w", encoding="utf-8", newline="\n") as handle:
        write_corpus(args.count, args.seed, handle)
    partial.replace(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
