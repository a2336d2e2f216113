"""Normalization helpers shared by the extractors and the resolver."""

from __future__ import annotations

import functools
import re
import unicodedata

_NON_ALNUM = re.compile(r"[\W_]+", re.UNICODE)
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")

#: Words whose final "s" is not a plural ending (checked on the last word only).
NOT_PLURAL = frozenset(
    """analysis axis basis bias corpus consensus data diagnosis emphasis genesis gas hypothesis
    lasso less loss mass news process physics mathematics robotics dynamics genomics economics
    linguistics statistics ethics series species status thesis synthesis this its is was has
    us plus minus bayes gauss lens kinematics optics graphics semantics mechanics logistics""".split()
)


class Memo(dict):
    """``memo[x]`` is ``func(x)``, computed once. Faster than ``functools.lru_cache`` in
    the per-token list comprehensions of the extractors (a plain dict lookup on a hit);
    emptied when it grows past ``limit`` entries, so memory stays bounded."""

    def __init__(self, func, limit: int = 1 << 17):
        super().__init__()
        self.func = func
        self.limit = limit

    def __missing__(self, key):
        if len(self) >= self.limit:
            self.clear()
        value = self[key] = self.func(key)
        return value


def doc_text(doc) -> str:
    """``doc.text`` joins every token on each call; components share one copy."""
    text = doc.user_data.get("gb_text")
    if text is None:
        text = doc.user_data["gb_text"] = doc.text
    return text


def fold(text: str) -> str:
    """NFKC, unify dashes, case-fold."""
    return _DASHES.sub("-", unicodedata.normalize("NFKC", text)).casefold()


@functools.lru_cache(maxsize=1 << 17)
def compact_key(text: str) -> str:
    """Case, spaces and punctuation removed: "CIFAR-10" and "cifar10" give "cifar10"."""
    return _NON_ALNUM.sub("", fold(text))


#: Plurals the rules below would get wrong ("matrices" is no "matrice", "biases" no "biase").
IRREGULAR_PLURALS = {
    "matrices": "matrix",
    "vertices": "vertex",
    "indices": "index",
    "simplices": "simplex",
    "helices": "helix",
    "axes": "axis",
    "analyses": "analysis",
    "hypotheses": "hypothesis",
    "syntheses": "synthesis",
    "diagnoses": "diagnosis",
    "theses": "thesis",
    "biases": "bias",
    "aliases": "alias",
    "criteria": "criterion",
    "phenomena": "phenomenon",
    "automata": "automaton",
    "optima": "optimum",
    "minima": "minimum",
    "maxima": "maximum",
    "spectra": "spectrum",
    "corpora": "corpus",
    "formulae": "formula",
    "nuclei": "nucleus",
    "stimuli": "stimulus",
    "radii": "radius",
    "leaves": "leaf",
    "halves": "half",
    "children": "child",
    "mice": "mouse",
}


@functools.lru_cache(maxsize=1 << 16)
def singularize(word: str) -> str:
    """Drop a regular English plural ending from one lowercase word.

    A small rule set (after Porter's step 1a) is enough for the heads of technical
    noun phrases; words that are no plurals are listed in NOT_PLURAL, irregular plurals
    in IRREGULAR_PLURALS.
    """
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if word in NOT_PLURAL or len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


#: British spellings whose American form the vocabulary lists ("-isation" is handled by rule).
_BRITISH = {
    "modelling": "modeling",
    "labelling": "labeling",
    "signalling": "signaling",
    "channelling": "channeling",
    "tunnelling": "tunneling",
    "travelling": "traveling",
    "cancelling": "canceling",
}
_ISATION = re.compile(r"(?<=\w{3})is(ation|ations|er|ers)$")


def american(word: str) -> str:
    """One lower-case word in American spelling: "optimisation" → "optimization",
    "tokeniser" → "tokenizer", "modelling" → "modeling". Only these endings: "-ised" and
    "-ise" are left ("supervised", "noise")."""
    if word in _BRITISH:
        return _BRITISH[word]
    return _ISATION.sub(r"iz\1", word) if "is" in word else word


@functools.lru_cache(maxsize=1 << 17)
def phrase_key(text: str) -> str:
    """Words case-folded in American spelling, punctuation to spaces, the last word
    singularized.

    "Diffusion-based Models" → "diffusion based model"; "Bayesian optimisation" →
    "bayesian optimization".
    """
    words = [american(w) for w in _NON_ALNUM.sub(" ", fold(text)).split()]
    if not words:
        return ""
    words[-1] = singularize(words[-1])
    return " ".join(words)


def plural_stripped(short: str) -> str:
    """ "LLMs" → "LLM"; "NeRFs" → "NeRF"; leaves "MoE", "SMC" alone."""
    if len(short) > 2 and short.endswith("s") and short[-2].isupper():
        return short[:-1]
    return short
