"""graphbuild's tokenizer and the plain-Python token view every component reads.

spaCy's rule-based English tokenizer runs at about 1,000 abstracts/s here, and every
``for token in doc`` builds a ``Token`` object per token. Extraction is meant to run
well above that, so the pipeline tokenizes with one regular expression, applied once
per process to each distinct piece of text between two spaces (``split_words``), and
keeps the tokens as plain lists (``TokenView``) in ``doc.user_data``; components index
those lists instead of iterating the ``Doc``. The ``Doc`` is still a real spaCy ``Doc``
with the same text, and span groups still point into it.

Tokens: URLs (without trailing punctuation), common abbreviations with their full stop
("e.g.", "al."), numbers with thousands separators ("1,000"), words with a full stop
before a digit ("3.5", "Human3.6M", "v1.0"), and every other non-space character on
its own, hyphens included: "GPT-3.5-turbo" is five tokens, so the gazetteers find
"GPT-3.5" in it; components that need a whole hyphenated name ("Mip-NeRF") join the
tokens back (``compound_start`` / ``compound_end``).
Whitespace other than one trailing space becomes a token of its own, as in spaCy.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate, chain, compress, count

import numpy
from spacy.attrs import SENT_START
from spacy.tokens import Doc
from spacy.vocab import Vocab

from graphbuild.extract.text import Memo, american, compact_key, fold

TOKEN = re.compile(
    r"https?://[^\s<>\"]+?(?=[.,;:!?)\]}'\"]*(?:\s|$))"
    r"|(?=[aceifrsvACEIFRSV])(?<!\w)(?i:e\.g|i\.e|al|etc|vs|cf|fig|figs|eq|eqs|resp|approx|sec|ref|refs)\.(?!\w)"
    r"|\d+(?:,\d{3})+(?!\w)"
    r"|\w+(?:\.(?=\d)\w+)*"
    r"|[^\w\s]"
)
#: Words before a full stop that does not end a sentence ("et al.", "e.g.", "Fig.").
ABBREVIATIONS = frozenset(
    """al e.g i.e eg ie vs fig figs eq eqs cf resp approx sec no etc et ref refs dr prof inc st mr ms""".split()
)
_OPENERS = "\"'([“‘"
_PIECE = re.compile(f"({TOKEN.pattern})( ?)|(\\s+)")
_SLOT = "gb_tokens"


@dataclass(frozen=True, slots=True)
class TokenView:
    """Parallel lists, one entry per token of the ``Doc``."""

    text: list[str]
    start: list[int]
    space: list[str]  # whitespace after the token ("" or " ")
    lower: list[str]
    punct: list[bool]
    is_space: list[bool]
    sent_start: list[bool]

    def __len__(self) -> int:
        return len(self.text)

    def end(self, i: int) -> int:
        """Character offset just past token ``i``."""
        return self.start[i] + len(self.text[i])

    def sentences(self) -> list[tuple[int, int]]:
        """(first token, token past the last) of each sentence."""
        starts = list(compress(count(), self.sent_start)) or [0]
        return list(zip(starts, [*starts[1:], len(self.text)], strict=True))


def compound_start(view: TokenView, i: int) -> int:
    """First token of the hyphen-joined compound that ends at token ``i`` ("Mip-NeRF")."""
    while i >= 2 and view.text[i - 1] == "-" and not view.space[i - 1] and not view.space[i - 2]:
        if view.is_space[i - 2] or view.punct[i - 2]:
            break
        i -= 2
    return i


def compound_end(view: TokenView, i: int) -> int:
    """Token just past the hyphen-joined compound that starts at token ``i``."""
    while i + 2 < len(view) and view.text[i + 1] == "-" and not view.space[i] and not view.space[i + 1]:
        if view.is_space[i + 2] or view.punct[i + 2]:
            break
        i += 2
    return i + 1


@functools.lru_cache(maxsize=1 << 12)
def is_punct_text(text: str) -> bool:
    return all(unicodedata.category(c).startswith("P") for c in text)


#: Last characters of the tokens a sentence may end with (besides line breaks): the rules
#: look at what follows only these.
_ENDS = frozenset(".!?")


def _opens_sentence(words: list[str], spaces: list[str], p: int, i: int) -> bool:
    """Does token ``i`` start a sentence, token ``p`` being the last one before it that
    is not a blank on the same line? After a line break it does; after ".", "!" or "?"
    it does when it begins with a capital, digit, quote or bracket, unless the full stop
    ends an abbreviation ("et al.")."""
    prev = words[p]
    if "\n" in prev or "\n" in spaces[p]:
        return True
    first = words[i][:1]
    if not (first.isupper() or first.isdigit() or first in _OPENERS) or prev[-1] not in _ENDS:
        return False
    if prev == ".":
        before = words[p - 1].lower() if p >= 1 else ""
        return before not in ABBREVIATIONS
    if prev.endswith("."):
        return prev.lower().rstrip(".") not in ABBREVIATIONS
    return True


def sentence_starts(words: list[str], spaces: list[str], may_end: list[bool] | None = None) -> list[bool]:
    """Sentence starts (rules in ``_opens_sentence``); blanks never start one. Only
    tokens after a line break or a token ending in ".", "!" or "?" are examined
    (``may_end``: which tokens those are, found from ``words`` when not given)."""
    n = len(words)
    starts = [False] * n
    if n:
        starts[0] = True
    if may_end is None:
        may_end = [_WORD_FACTS[word][3] for word in words]
    for p in compress(count(), may_end):
        i = p + 1
        while i < n and not words[i].strip() and "\n" not in words[i]:
            i += 1
        if i < n and words[i].strip():
            starts[i] = _opens_sentence(words, spaces, p, i)
    return starts


def split_words(text: str) -> tuple[list[str], list[int], list[str]]:
    """Words (whitespace runs included as tokens), their offsets and trailing spaces.

    One space after a token is that token's trailing space; any other whitespace run is
    a token of its own. Tokens and runs cover the text, so offsets are running sums.

    The text is cut at single spaces and each piece is tokenized once per process
    (``_PIECES``): the same pieces ("the", "model,", "(e.g.,") recur in every abstract,
    and ``TOKEN``'s look-arounds only ever see whitespace or the end of the string at a
    piece's ends, so a piece's tokens do not depend on where it occurs. A text with
    a piece that is empty or has whitespace at an end (two spaces, " \n") is scanned
    whole instead, which gives the same tokens."""
    pieces = _even_pieces(text, _PIECES)
    if pieces is None:
        return _scanned_words(text)
    words, spaces, widths = _columns(chain.from_iterable(pieces), 3)
    spaces[-1] = ""
    return words, _offsets(widths), spaces


def _even_pieces(text: str, memo: Memo) -> list[tuple] | None:
    """``memo``'s entries for the pieces of ``text`` between single spaces, or None
    when one of them is ``_UNEVEN`` (every other entry is a non-empty tuple)."""
    pieces = list(map(memo.__getitem__, text.split(" ")))
    return pieces if all(pieces) else None


def _columns(rows: Iterable[tuple], width: int) -> list[list]:
    """Rows of ``width`` values turned into ``width`` lists (empty ones for no rows)."""
    return list(map(list, zip(*rows, strict=True))) or [[] for _ in range(width)]


def _offsets(widths: list[int]) -> list[int]:
    """Where each token starts, from the characters each one takes with its space."""
    starts = list(accumulate(widths, initial=0))
    starts.pop()
    return starts


def _scanned_words(text: str) -> tuple[list[str], list[int], list[str]]:
    """``split_words`` by one scan of the whole text."""
    pieces = _PIECE.findall(text)
    words = [token or blank for token, _, blank in pieces]
    spaces = [space for _, space, _ in pieces]
    return words, _offsets([len(w) + len(s) for w, s in zip(words, spaces, strict=True)]), spaces


#: A piece of text between single spaces that ``split_words`` cannot tokenize alone.
_UNEVEN = None


def _piece_tokens(piece: str) -> tuple[tuple[str, str, int], ...] | None:
    """A piece's tokens: each one's text, trailing space (a space after the last one)
    and the characters both take; ``_UNEVEN`` for an empty piece or one with whitespace
    at an end. A printable piece holds no whitespace, so its tokens are ``TOKEN``'s
    matches, found without the whitespace alternatives of a full scan."""
    if not piece or piece[0].isspace() or piece[-1].isspace():
        return _UNEVEN
    if piece.isprintable():
        words = TOKEN.findall(piece)
        spaces = [""] * len(words)
    else:
        words, _, spaces = _scanned_words(piece)
    spaces[-1] = " "
    return tuple((w, s, len(w) + len(s)) for w, s in zip(words, spaces, strict=True))


def _word_facts(word: str) -> tuple[str, bool, bool, bool]:
    """What the token view keeps of a token besides its text: its lower case, whether
    it is punctuation, whether it is blank, and whether a sentence may end with it."""
    blank = not word.strip()
    return word.lower(), not blank and is_punct_text(word), blank, word[-1] in _ENDS or "\n" in word


_PIECES = Memo(_piece_tokens)
#: Per-token facts depend on the token's text alone, so they are memoized by text.
_WORD_FACTS = Memo(_word_facts)

_JOINERS = frozenset({"-", "/", "\u2013"})
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def _word_key(text: str, key) -> str | None:
    """A token's key for the gazetteers (``lexicon.token_words``): "" for a hyphen or
    slash, None for other punctuation and blanks."""
    if not text.strip() or (text not in _JOINERS and is_punct_text(text)):
        return None
    return key(text)


def _phrase_word(text: str) -> str:
    return " ".join(map(american, _NON_WORD.sub(" ", fold(text)).split()))


COMPACT_WORDS = Memo(functools.partial(_word_key, key=compact_key))
PHRASE_WORDS = Memo(functools.partial(_word_key, key=_phrase_word))


def words_slot(phrase: bool) -> tuple[str, bool]:
    """Where a document's gazetteer keys (compact or phrase) are kept in ``doc.user_data``."""
    return ("gb_words", phrase)


def view_from_words(words: list[str], starts: list[int], spaces: list[str]) -> TokenView:
    lower, punct, blank, may_end = _columns(map(_WORD_FACTS.__getitem__, words), 4)
    return TokenView(words, starts, spaces, lower, punct, blank, sentence_starts(words, spaces, may_end))


_SENT_START = [SENT_START]


def sent_start_array(starts: list[bool]) -> numpy.ndarray:
    """``Doc.from_array`` values for SENT_START (1 starts a sentence, -1 does not): about
    three times faster than passing ``sent_starts`` to ``Doc()``."""
    return (numpy.array(starts, dtype=numpy.int64) * 2 - 1).astype(numpy.uint64).reshape(-1, 1)


#: Values per token in the tokenizer's memo of pieces: text, space, width, orth id, the
#: four ``_word_facts`` and the word's two gazetteer keys.
_COLUMNS = 10


class Tokenizer:
    """``nlp.tokenizer`` for graphbuild: a ``Doc`` with sentence starts set, and its
    ``TokenView`` cached in ``doc.user_data``.

    Its own memo of pieces (``split_words``) holds, per token, everything the ``Doc``
    and the ``TokenView`` need (``_row``): the word's orth id in this vocabulary (a
    ``Doc`` made from ids skips hashing every word again, twice as fast), its
    ``_word_facts`` and the keys the gazetteers look it up by (``lexicon.token_words``).
    A document's lists are then one transposition of its pieces' rows, with no
    per-token lookup."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self._pieces = Memo(self._piece_rows)

    def _piece_rows(self, piece: str) -> tuple[tuple, ...] | None:
        tokens = _piece_tokens(piece)
        return _UNEVEN if tokens is _UNEVEN else tuple(self._row(*token) for token in tokens)

    def _row(self, word: str, space: str, width: int) -> tuple:
        """Everything the tokenizer keeps of one token (``_COLUMNS``)."""
        facts = _WORD_FACTS[word]
        return (word, space, width, self.vocab[word].orth, *facts, COMPACT_WORDS[word], PHRASE_WORDS[word])

    def _scanned_rows(self, text: str) -> Iterable[tuple]:
        """The rows of the tokens of a text that ``split_words`` does not cut in pieces."""
        words, _, spaces = _scanned_words(text)
        return map(self._row, words, spaces, [len(w) + len(s) for w, s in zip(words, spaces, strict=True)])

    def __call__(self, text: str) -> Doc:
        pieces = _even_pieces(text, self._pieces)
        rows = self._scanned_rows(text) if pieces is None else chain.from_iterable(pieces)
        words, spaces, widths, ids, lower, punct, blank, may_end, compact, phrase = _columns(rows, _COLUMNS)
        if pieces is not None:
            spaces[-1] = ""  # the last piece's tokens were stored with a space after them
        sent_start = sentence_starts(words, spaces, may_end)
        view = TokenView(words, _offsets(widths), spaces, lower, punct, blank, sent_start)
        doc = Doc(self.vocab, words=ids, spaces=spaces)  # a space is true, "" false
        doc.from_array(_SENT_START, sent_start_array(sent_start))
        doc.user_data[_SLOT] = view
        doc.user_data["gb_text"] = text
        doc.user_data[words_slot(False)] = compact
        doc.user_data[words_slot(True)] = phrase
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> Tokenizer:
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> Tokenizer:
        return self


def tokens_of(doc: Doc) -> TokenView:
    """The token view of ``doc``: cached by the tokenizer, or built once from the ``Doc``
    (a ``Doc`` made by another tokenizer, e.g. a trained pipeline's)."""
    view = doc.user_data.get(_SLOT)
    if view is None:
        words = [t.text for t in doc]
        spaces = [t.whitespace_ for t in doc]
        starts = [t.idx for t in doc]
        view = view_from_words(words, starts, spaces)
        if doc.has_annotation("SENT_START"):
            view = TokenView(
                view.text,
                view.start,
                view.space,
                view.lower,
                view.punct,
                view.is_space,
                [bool(t.is_sent_start) for t in doc],
            )
        doc.user_data[_SLOT] = view
    return view
