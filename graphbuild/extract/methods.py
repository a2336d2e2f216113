"""Proposed methods: the name a paper gives its own contribution.

Cues: "we propose/introduce/present/develop X", "by introducing X", "dubbed X", "called X",
"named X", "termed X", "coined X", "which we call X", a quoted name after "we name …" (or
the name it gives "for short"), "the/our proposed X", an acronym defined right
after such a verb ("we introduce Reinforcement Learning with Optimistic Ascent-Descent
(ReLOAD)"), after the kind of thing it introduces ("we propose a new … framework, Long Form
(LF)") or after "our proposed", "a new … method -- X", and a title that starts "X: …" where
X is a coined name. X must look
coined (capitals inside, digits, or all capitals: "SelMix", "NeRF-XL", "PG-RANK"); up to
two capitalized words may precede it ("Neural PG-RANK"). After a cue, two to five
capitalized words that end their clause name a method too ("we propose Differentiable
Hyperparameter Grid Search and …"), and so does a second coined name after "and".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.lang.en.stop_words import STOP_WORDS

from graphbuild.extract.acronyms import Definition
from graphbuild.extract.found import METHOD, ROLE_PROPOSES, Found
from graphbuild.extract.shapes import is_capitalized, is_name_like
from graphbuild.extract.text import compact_key

_TOKEN = r"[A-Za-z0-9][A-Za-z0-9.+^]*(?:-[A-Za-z0-9.+^]+)*"
#: "MODEL SELECTOR" (all capitals, several words) or up to two capitalized words and a token.
_NAME = (
    r"(?P<name>(?-i:(?:[A-Z][A-Z0-9]+\s){1,2}[A-Z][A-Z0-9]+\b(?![-.]\w)|(?:[A-Z][a-z]+\s){0,2}"
    + _TOKEN
    + r"))"
)
_ADVERB = r"(?:first\s+|then\s+|further\s+|also\s+|finally\s+|here\s+|now\s+|thus\s+|therefore\s+|hence\s+|next\s+|second\s+|additionally\s+|subsequently\s+)?"
#: The lookahead on the first letters lets the regular expression engine skip ahead to
#: where a trigger can start (twice as fast as a bare ``\b`` over a whole abstract).
#: Naming verbs are matched in lower case only: "Named Entity Recognition" is no cue.
_TRIGGER = (
    r"(?=[wtdcnoabWTDCNOAB])\b(?:we\s+" + _ADVERB + r"(?:propose|introduce|present|develop|design|devise)"
    r"|and\s+" + _ADVERB + r"(?:propose|introduce|present|develop|design|devise)"
    r"|by\s+(?:proposing|introducing|presenting|developing|designing|devising)"
    r"|(?:which|that)\s+we\s+(?:call|name|term|dub)"
    r"|we\s+(?:call|name|term|dub)\s+(?:this|the|our|these|it|them)(?:\s+(?!as\b)[\w-]+){0,2}?(?=\s+[\"'\u201c]?(?-i:[A-Z]))"
    r"|we\s+refer\s+to\s+(?:this|these|it|them|our|the\s+resulting)(?:\s+[\w-]+){0,3}?\s+as"
    r"|(?-i:dubbed|(?<!so-)(?<!so\s)called|named|termed|coined|namely)"
    r"|(?:this|our)\s+(?:paper|work|research|study)\s+(?:proposes|introduces|presents))"
)
TRIGGER = re.compile(_TRIGGER, re.IGNORECASE)
_AFTER_TRIGGER = r"\s+(?:(?:a|an|the)\s+(?:new\s+|novel\s+)?)?[\"'“]?"
#: A coined name right after a cue (matched at the cue's end).
NAMED = re.compile(_AFTER_TRIGGER + _NAME, re.IGNORECASE)
#: Where a name ends: punctuation, or a word that starts the rest of a clause ("X for
#: long documents", "X, a new …", "X which …"). A capitalized phrase followed by another
#: noun is a modifier ("United States census data", "Penn Treebank results").
_END = (
    r"(?=\s*['\"\u201d\u2019]*\s*(?:[,.;:)!?]|--|\u2014|\u2013|$)"
    r"|['\"\u201d\u2019]*\s+(?:for|to|that|which|as|with|in|on|via|by|is|are|and|can|achieves|outperforms|improves"
    r"|enables|learns|uses|yields|respectively|could|will|should|based|has)\b)"
)
#: "we propose Differentiable Hyperparameter Grid Search", "called Integrated Gradients":
#: two to five capitalized words ("of" may join them) right after a cue, then the end of
#: the name. Not when the paper gives the method a shorter name right after ("… Red
#: Teaming, dubbed GBRT"): that name is the method's.
_WORD = r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)*"
#: A coined short name: capitals (or digits) inside ("MRT", "CoPG", "DeepMAD").
_SHORT_NAME = r"(?-i:[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9-]*)"
NAMED_WORDS = re.compile(
    _AFTER_TRIGGER
    + rf"(?P<name>(?-i:{_WORD}(?:\s(?:of\s)?{_WORD}){{1,4}}(?![-\w]|\s[A-Z])))"
    + _END
    + r"(?!,?\s+(?:dubbed|called|named|termed|abbreviated|short)\b|,?\s+or\b(?!\s+"
    + _SHORT_NAME
    + r"\s*[,.;:]))",
    re.IGNORECASE,
)
#: A naming verb names the paper's own method only in a sentence that says so ("a new
#: attribution method called …", "we propose … called …"), not in "a technique called
#: Monte Carlo Dropout" or "this method, named Adaptive Moment Estimation, is widely used".
OWN_CONTEXT = re.compile(
    r"\b(?:we\s+(?:\w+\s+){0,2}?(?:propose|introduce|present|develop|design|devise)|new|novel|our|proposed)\b",
    re.IGNORECASE,
)
_NAMING_CUES = frozenset({"dubbed", "called", "named", "termed", "coined"})
#: "Diffusion Policy Policy Optimization, DPPO, an algorithmic framework": the short name.
SHORT_AFTER = re.compile(r",\s+(?:or\s+)?(?P<name>" + _SHORT_NAME + r")(?=\s*[,.;:])")
#: "a framework termed Mathematical Architecture Design for Deep CNN (DeepMAD)": a coined
#: name in parentheses a few words on, holding the initials of the name before it.
PAREN_AFTER = re.compile(r"(?:\s+[\w-]+){1,5}?\s+\((?P<name>" + _SHORT_NAME + r")\)")
#: "benchmarks named Env-DocRED": the cue follows a dataset noun.
DATASET_BEFORE = re.compile(r"(?:dataset|benchmark|corpus|corpora|test\s+suite)s?\s*,?\s*$", re.IGNORECASE)
#: "we propose X and the HyperCuboid search space": a second coined name in the same cue.
AND_NAME = re.compile(
    r"\s*,?\s+and\s+(?:(?:a|an|the)\s+(?:new\s+|novel\s+)?)?(?P<name>(?-i:"
    + _TOKEN
    + r"))"
    + r"(?:"
    + _END
    + r"|(?=\s+(?:[a-z-]+\s+)?(?:space|framework|method|algorithm|model|architecture|module|network|loss"
    r"|technique|approach|strategy|objective|regularization|regularizer|layer|mechanism|scheme|system"
    r"|procedure|optimizer)\b))"
)
#: "results in a new minimalist baseline -- R3GAN", "a novel framework, NeuroX, that":
#: a coined name set off after "a new/novel … method/framework/…".
APPOSED = re.compile(
    r"(?=[nN])(?:(?<=\ba\s)|(?<=\ban\s)|(?<=\bour\s))(?:new|novel)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:method|framework|model|baseline|approach|algorithm|architecture|technique|system|optimizer)"
    r"\s*(?:--|\u2014|\u2013|:|,)\s*" + _NAME + _END,
    re.IGNORECASE,
)
#: "PSI-KT is a hierarchical generative approach that …": a sentence that opens with a
#: coined name and says what kind of contribution it is.
NAME_IS_A_KIND = re.compile(
    r"(?:^|(?<=[.!?]\s))(?P<name>(?-i:[A-Z0-9][A-Za-z0-9.+^]*[A-Z0-9][A-Za-z0-9.+^]*(?:-[A-Za-z0-9.+^]+)*))"
    r"\s+is\s+an?\s+(?:[\w-]+\s+){0,5}?"
    r"(?:method|framework|approach|algorithm|architecture|technique)\b",
    re.MULTILINE,
)
#: Kinds of contribution a name is set off from ("an optimization algorithm, Lion").
_KINDS = (
    r"(?:method|framework|model|baseline|approach|algorithm|architecture|technique|system|optimizer"
    r"|loss|objective|module|network|procedure|strategy|scheme|mechanism|layer|library|language|workflow"
    r"|representation|rule)s?"
)
#: "discovers a simple and effective optimization algorithm, Lion (": a name set off
#: after the kind of thing a verb of proposal introduces. The name may be a plain
#: capitalized word here: the apposition says it is a name. A coined name needs no comma
#: ("we design an articulated attention mechanism ArtAttention that …").
KIND_THEN_NAME = re.compile(
    r"(?=[pidPID])\b(?:proposes?|introduces?|presents?|develops?|designs?|devises?|discovers?)\s+"
    r"(?:a|an)\s+(?:[\w-]+\s+){0,4}?(?:"
    + _KINDS
    + r"|remed(?:y|ies)|solutions?)\s*(?P<set_off>,|:|--|\u2014|\((?=[^()]+\)))?\s*"
    + r"(?!"
    + _KINDS
    + r"\b)(?P<name>(?-i:[A-Z][a-z]+[a-z0-9]*|"
    + _TOKEN
    + r"))(?=\s*[,.;:()]|\s+(?:for|that|which|to|and)\b)",
    re.IGNORECASE,
)
#: "We introduce Adam, an algorithm for …": a plain capitalized word right after a cue
#: names the method when an apposition says what kind of thing it is.
NAME_THEN_KIND = re.compile(
    _AFTER_TRIGGER
    + r"(?P<name>(?-i:[A-Z][a-z]+[a-z0-9]*)),\s+(?:a|an|another)\s+(?:[\w-]+\s+){0,4}?"
    + _KINDS
    + r"\b",
    re.IGNORECASE,
)
#: "we further develop minority guidance, a sampling technique", "we introduce weight
#: selection, a method": two to four lower-case words right after a cue, set off before
#: the kind of thing they are, name the method (the apposition says they are a name).
LOWER_NAME_THEN_KIND = re.compile(
    _AFTER_TRIGGER
    + r"(?P<name>(?-i:[a-z][a-z-]*[a-z](?:\s[a-z][a-z-]*[a-z]){1,3}))\s*(?:,|--|\u2014)\s*(?:a|an)\s+"
    r"(?:[\w-]+\s+){0,3}?" + _KINDS + r"\b",
    re.IGNORECASE,
)
#: "Our MultiresConv can be …": a coined name with capitals inside after "our".
OUR_NAME = re.compile(r"(?=[oO])\b[Oo]ur\s+(?P<name>[A-Z][a-z]+[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)" + _END)
#: "Remarkably, our method, PAS, achieves …", "our algorithm, FedWad (for Federated
#: Wasserstein Distance), …": a coined name set off after "our <kind>".
OUR_KIND_NAME = re.compile(
    r"(?=[oO])\b[Oo]ur\s+(?:proposed\s+|new\s+)?"
    + _KINDS
    + r",\s+(?P<name>(?-i:"
    + _TOKEN
    + r"))(?=\s*,|\s+\(for\s)",
    re.IGNORECASE,
)
#: "the proposed UA-Backprop has …", 'our proposed "Probe-Analyze-Refine" workflow': a
#: coined name right after "the/our proposed", possibly quoted and followed by its kind.
PROPOSED_NAME = re.compile(
    r"(?=[oOtT])\b(?:[Tt]he|[Oo]ur)\s+proposed\s+[\"\u201c]?(?P<name>(?-i:"
    + _TOKEN
    + r"))(?:"
    + _END
    + r"|[\"\u201d]\s+"
    + _KINDS
    + r"\b)"
)
#: "we introduce Long Form (LF)", "we propose a simple ELBO (SELBO)": a definition at most
#: three words after a cue; not past a preposition ("we propose a model for Visual
#: Question Answering (VQA)" names the task, "we propose to use …" an existing tool).
TRIGGER_NEAR = re.compile(
    _TRIGGER + r"(?:\s+(?!(?:for|on|in|of|to|with|from|by|via|using)\b)\S+){0,3}\s*$", re.IGNORECASE
)
_SCORES = r"(?:score|metric|measure|criterion)s?"
#: "we propose a new LLM reasoning framework, Reasoning via Planning (RAP)", "we propose
#: two such scores -- the Gradient Normed (GraNd)": a definition set off after the kind of
#: thing the cue introduces names it.
KIND_NEAR = re.compile(
    _TRIGGER
    + r"\s+(?:[\w-]+\s+){0,5}?(?:"
    + _KINDS
    + r"|"
    + _SCORES
    + r")\s*(?:,|:|--|\u2014|\u2013)\s*(?:the\s+)?$",
    re.IGNORECASE,
)
#: "our proposed Poisson Quasimetric Embedding (PQE)": a definition right after "proposed".
PROPOSED_NEAR = re.compile(
    r"\b(?:(?:our|the)\s+(?:newly\s+)?(?:proposed|designed)|our\s+(?:(?:newly|recently)\s+)?(?:introduced|developed))\s+$",
    re.IGNORECASE,
)
#: "we term it variational BoN (vBoN)", "we call this architecture a Pointer Net (Ptr-Net)":
#: a definition right after a naming verb and what it names, in any case.
NAMING_NEAR = re.compile(
    r"\b(?:we|which\s+we)\s+(?:call|name|term|dub)\s+(?:it|this|them|these|(?:this|our|the)\s+[\w-]+)"
    r"\s+(?:(?:a|an|the)\s+)?$",
    re.IGNORECASE,
)
#: "Our new algorithm, Proximal Policy Gradient Arborescence (PPGA), achieves …": a
#: definition set off after "our (new) <kind>".
OUR_KIND_NEAR = re.compile(
    r"\b[Oo]ur\s+(?:proposed\s+|new\s+|novel\s+)?" + _KINDS + r"\s*,\s*$", re.IGNORECASE
)
#: "utilize a novel Semantic Gradient Guidance (SGG) method": a definition right after "a
#: novel" names the paper's method when the kind of thing it is follows.
NOVEL_NEAR = re.compile(r"\b(?:a|an)\s+(?:novel|new)\s+$", re.IGNORECASE)
KIND_AFTER = re.compile(r"\s+" + _KINDS + r"\b", re.IGNORECASE)
#: "a Progressive Translation Learning (PTL) strategy is devised": proposed in the passive.
PASSIVE_AFTER = re.compile(
    r"(?:\s+"
    + _KINDS
    + r")?\s+(?:is|are)\s+(?:\w+ly\s+)?(?:proposed|devised|introduced|designed|developed)\b",
    re.IGNORECASE,
)
#: "… (GraNd) and the Error L2-Norm (EL2N)": a definition joined to a proposed one.
JOINED = re.compile(r"\s*,?\s*(?:and\s+)?(?:the\s+)?")
#: "we call the results "model soups"", "which we term 'X'": a quoted name after a naming verb.
QUOTED = re.compile(
    r"(?=[wtWT])\b(?:we|which\s+we|that\s+we)\s+(?:therefore\s+|thus\s+|hence\s+)?(?:call|name|term|dub)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:\"(?P<double>[^\"\n]{2,40}?)[.,]?\"|“(?P<curly>[^”\n]{2,40}?)[.,]?”"
    r"|['‘](?P<name>[^\"”'’\n]{2,40}?)[.,]?['’])",
    re.IGNORECASE,
)
#: 'our "Fisher merging" technique': a quoted name after "our", followed by its kind.
OUR_QUOTED = re.compile(
    r"[Oo]ur\s+(?:\"(?P<double>[^\"\n]{2,40}?)\"|“(?P<curly>[^”\n]{2,40}?)”)\s+" + _KINDS + r"\b",
    re.IGNORECASE,
)
#: "we name our approach "Sample what you can't compress", or SWYCC for short": the short name.
FOR_SHORT = re.compile(r",?\s+or\s+(?P<name>[A-Z][A-Za-z0-9-]*[A-Z0-9][A-Za-z0-9-]*)\s+for\s+short\b")
#: Title "Adjoint Matching: …": plain capitalized words name the method when the
#: abstract uses them again.
_TITLE_ARTICLE = r"(?:(?:The|A|An)\s+)?"  # "The MultiBERTs: …" names MultiBERTs
TITLE_WORDS = re.compile(r"^\s*" + _TITLE_ARTICLE + r"(?P<name>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,3})\s*:")
#: Title "Adam: …", "Retinexformer: …": one plain capitalized word names the method
#: when the abstract writes it again, capitalized, as a word of its own.
TITLE_WORD = re.compile(r"^\s*" + _TITLE_ARTICLE + r"(?P<name>[A-Z][a-z]+[a-z0-9]*)\s*:")
TITLE_NAME = re.compile(r"^\s*" + _TITLE_ARTICLE + r"(?P<name>" + _TOKEN + r"(?:\s" + _TOKEN + r")?)\s*:")
#: Coined-looking words that name things other than a paper's own method.
NOT_METHODS = frozenset(
    {
        "llm",
        "llms",
        "ai",
        "ml",
        "nlp",
        "gpu",
        "gpus",
        "sota",
        "rl",
        "dnn",
        "dnns",
        "cnn",
        "cnns",
        "gan",
        "gans",
        "vae",
        "vaes",
        "api",
        "3d",
        "2d",
        "iid",
        "ood",
        "qa",
        "kl",
        "mse",
        "svm",
        "gnn",
        "gnns",
        # metrics ("the overall rating called F1 score")
        "f1",
        "bleu",
        "rouge",
        "fid",
        "auc",
        "psnr",
        "ssim",
        "lpips",
        "iou",
        "miou",
    }
)


def _coined(name: str) -> str | None:
    """The name if its last word looks coined and it is not a generic acronym."""
    words = name.split()
    if not words or not is_name_like(words[-1]) or compact_key(name) in NOT_METHODS:
        return None
    return name.rstrip(".")


_KIND_WORD = re.compile(_KINDS + r"$", re.IGNORECASE)


def _set_off(match: re.Match) -> bool:
    return "set_off" not in match.re.groupindex or match.group("set_off") is not None


def _title_name(name: str) -> str | None:
    """A coined title prefix ("SelMix: …"), or its first word when the second says what
    kind of thing it is ("CoRe Optimizer: …", "NetInfoF Framework: …"); not a known model
    or dataset ("BERT: Pre-training of …" introduces the model BERT, no method)."""
    words = name.split()
    if len(words) == 2 and _KIND_WORD.match(words[1]) and _coined(words[0]):
        name = words[0]
    coined = _coined(name)
    return coined if coined and _known_as(coined) in (None, "concept") else None


def _own_method_cue(text: str, cue_start: int, cue: str) -> bool:
    """Does the cue before a name say the paper names its own method? "we propose" does;
    a naming verb ("called") or "namely" only in a sentence saying the method is new or
    the paper's ("a new bilevel optimization algorithm, namely BO-REP", not "two leading
    architectures, namely BERT and ConvKNRM")."""
    cue = cue.lower()
    if cue not in _NAMING_CUES and cue != "namely":
        return True
    sentence_start = max(text.rfind(". ", 0, cue_start), text.rfind("\n", 0, cue_start)) + 1
    return bool(OWN_CONTEXT.search(text, sentence_start, cue_start))


#: Words of a clause that compares with or cites existing work ("an improvement over the
#: first gradient-based meta-learner called MAML").
_EXISTING_CLAUSE = re.compile(
    r"\b(?:over|than|compared|against|previous|prior|existing|popular|well-known|classical|original|widely)\b",
    re.IGNORECASE,
)


def _names_an_existing_one(text: str, cue_start: int, cue: str) -> bool:
    """Does a naming verb ("called", "named") end a clause that compares with or cites
    existing work? The clause runs from the last comma, semicolon, dash or sentence end:
    "Unlike previous methods, our method called X" names the paper's own."""
    if cue.lower() not in _NAMING_CUES:
        return False
    clause_start = max(text.rfind(mark, 0, cue_start) for mark in (". ", ",", ";", " -", "\n")) + 1
    return bool(_EXISTING_CLAUSE.search(text, clause_start, cue_start))


_PROPOSAL_VERBS = tuple(
    form
    for verb in ("propose", "introduce", "present", "develop", "design", "devise", "discover")
    for form in (verb, verb.capitalize())
)


def _matches_at_words(pattern: re.Pattern, text: str, words: tuple[str, ...]) -> list[re.Match]:
    """Matches of ``pattern`` where one of ``words`` starts a word: ``str.find`` jumps to
    the few places where it can match, where ``finditer`` would try every position."""
    matches = []
    for word in words:
        i = text.find(word)
        while i >= 0:
            if (i == 0 or not text[i - 1].isalnum()) and (match := pattern.match(text, i)):
                matches.append(match)
            i = text.find(word, i + 1)
    return matches


#: Where a match of each pattern can start: one of these words (in any case) opening a word.
_TRIGGER_WORDS = (
    "we",
    "and",
    "by",
    "which",
    "that",
    "dubbed",
    "called",
    "named",
    "termed",
    "coined",
    "namely",
    "this",
    "our",
)
_QUOTED_WORDS = ("we", "which", "that")
_APPOSED_WORDS = ("new", "novel")
#: Characters that ``re.IGNORECASE`` matches to an ASCII letter but ``str.lower`` does not
#: write as one (İ, ı, ſ and the Kelvin sign).
_CASE_SPECIAL = ("\u0130", "\u0131", "\u017f", "\u212a")


def _lowered(text: str) -> str | None:
    """``text`` in lower case with the same offsets, or None where a case-insensitive
    pattern could match words that the lower-cased text does not show."""
    if not text.isascii() and any(c in text for c in _CASE_SPECIAL):
        return None
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else None


def _scan(pattern: re.Pattern, text: str, lowered: str | None, words: tuple[str, ...]) -> list[re.Match]:
    """``list(pattern.finditer(text))`` for a case-insensitive pattern whose matches all
    start with one of ``words`` opening a word: the pattern is tried only there (found
    with ``str.find``), which is two to three times faster than a scan of every offset.
    Matches do not overlap, as with ``finditer``."""
    if lowered is None:
        return list(pattern.finditer(text))
    starts = set()
    for word in words:
        i = lowered.find(word)
        while i >= 0:
            if i == 0 or not lowered[i - 1].isalnum():
                starts.add(i)
            i = lowered.find(word, i + 1)
    matches, end = [], 0
    for i in sorted(starts):
        if i >= end and (match := pattern.match(text, i)):
            matches.append(match)
            end = match.end()
    return matches


def _named_after_cues(text: str, lowered: str | None) -> list[tuple[int, str, re.Match]]:
    """(cue start, cue, name match) for every name right after a cue ("we propose X",
    "dubbed X") or set off after "a new … method" ("… baseline -- R3GAN"), in text order.
    The cues are found in one scan; the name patterns are tried where each ends."""
    found = []
    for cue in _scan(TRIGGER, text, lowered, _TRIGGER_WORDS):
        for pattern in (NAMED, NAMED_WORDS, NAME_THEN_KIND, LOWER_NAME_THEN_KIND):
            if match := pattern.match(text, cue.end()):
                found.append((cue.start(), cue.group(), match))
    found += [(match.start(), "", match) for match in _scan(APPOSED, text, lowered, _APPOSED_WORDS)]
    if " is a" in text:
        found += [(match.start(), "", match) for match in NAME_IS_A_KIND.finditer(text)]
    for pattern, words in (
        (KIND_THEN_NAME, _PROPOSAL_VERBS),
        (OUR_NAME, ("our ", "Our ")),
        (OUR_KIND_NAME, ("our ", "Our ")),
        (PROPOSED_NAME, ("the proposed ", "The proposed ", "our proposed ", "Our proposed ")),
    ):
        found += [(match.start(), "", match) for match in _matches_at_words(pattern, text, words)]
    return sorted(found, key=lambda item: item[2].start("name"))


def _method(start: int, name: str) -> Found:
    return Found(start, start + len(name), METHOD, name, f"method:{compact_key(name)}", ROLE_PROPOSES)


#: "X, an expanded dataset", "X, a benchmark of …": X is a dataset the paper introduces.
DATASET_APPOSITION = re.compile(
    r"^\s*(?:,|:|--|\u2014|\u2013|\(|is|as)?\s*(?:a|an|the)?\s*(?:[\w-]+\s+){0,5}?"
    r"(?:dataset|benchmark|bench|corpus|test\s+suite)s?\b",
    re.IGNORECASE,
)


def _names_a_dataset(text: str, end: int) -> bool:
    return bool(DATASET_APPOSITION.match(text[end : end + 80]))


def _known_as(name: str) -> str | None:
    """ "model" or "dataset" for a name the gazetteers would find as one (written as
    listed; an ambiguous dataset name such as GoPro is not), "concept" for one the
    vocabulary lists, None for an unknown name."""
    from graphbuild.extract.concepts import concept_lexicon
    from graphbuild.extract.datasets import known_dataset
    from graphbuild.extract.models import known_model

    if known_model(name) is not None:
        return "model"
    if known_dataset(name) is not None:
        return "dataset"
    if concept_lexicon().lookup(name) is not None:
        return "concept"
    return None


def _unknown(name: str) -> bool:
    """Not a known concept, model or dataset ("Optimal Transport", "Masked Autoencoders",
    "Common Crawl"): a paper does not propose those."""
    return _known_as(name) is None


_NEW_KIND_BEFORE = re.compile(r"\b(?:new|novel)\s+(?:[\w-]+\s+){0,3}?$", re.IGNORECASE)


_ARTICLE = re.compile(r"\ban?\s", re.IGNORECASE)


def _describes_a_kind(match: re.Match) -> bool:
    """ "We propose a Distributional Approach for …": capitalized words after "a"/"an"
    that end in the kind of thing they are describe it; they do not name it."""
    before = match.string[match.start() : match.start("name")]
    return bool(_ARTICLE.search(before)) and bool(_KIND_WORD.match(match.group("name").split()[-1]))


def _may_name_own(text: str, match: re.Match, cue_start: int, cue: str) -> bool:
    """Capitalized words after a cue may name the paper's method unless they are a known
    model or dataset. A known concept only right after "a new/novel … called" ("a new
    attribution method called Integrated Gradients": the paper that introduced it); not
    after "we propose" ("we propose Bayesian Optimization for …") or "a recently
    introduced training method, named Sharpness-aware Minimization" (both use it)."""
    known = _known_as(match.group("name"))
    if known is None:
        return True
    return (
        known == "concept"
        and cue.lower() in _NAMING_CUES
        and bool(_NEW_KIND_BEFORE.search(text, max(0, cue_start - 60), cue_start))
    )


def _quoted_capitalized(text: str, match: re.Match) -> str | None:
    """A name in quotes made of capitalized words ('our proposed "Probe-Analyze-Refine"
    workflow'): the quotes say it is coined."""
    name, start = match.group("name"), match.start("name")
    quoted = start > 0 and text[start - 1] in '"\u201c'
    return name if quoted and all(is_capitalized(w) for w in name.split("-")) else None


def _parenthesized_short(text: str, match: re.Match) -> re.Match | None:
    """The coined name in parentheses a few words after a name of capitalized words,
    when it holds their initials in order ("Mathematical Architecture Design for Deep CNN
    (DeepMAD)"), not a task's acronym ("Gradient Matching for Domain Generalization (DG)")."""
    short = PAREN_AFTER.match(text, match.end("name"))
    if short is None or not re.fullmatch(r"[^.;:()]*", text[match.end("name") : short.start("name") - 1]):
        return None
    initials = "".join(w[0] for w in match.group("name").split() if w[0].isupper())
    return short if initials in short.group("name") else None


def _plain_after_a_new_kind(text: str, match: re.Match, cue_start: int, cue: str) -> str | None:
    """One plain capitalized word a naming verb gives "a new/novel … method" ("a novel
    method called Poeem, which …"): the paper's own name for it."""
    name = match.group("name")
    if (
        cue.lower() not in _NAMING_CUES
        or " " in name
        or not _NEW_KIND_BEFORE.search(text, max(0, cue_start - 60), cue_start)
    ):
        return None
    return name if _plain_name(name) and _unknown(name) else None


#: Patterns whose context says the word is a name, so a plain capitalized one counts.
_APPOSITIONS = (NAME_THEN_KIND, KIND_THEN_NAME)


_A_NEW = re.compile(r"\s+an?\s", re.IGNORECASE)
_KIND_NEXT = re.compile(r"\s+" + _KINDS + r"\b", re.IGNORECASE)


def _modifies_a_kind(text: str, match: re.Match) -> bool:
    """ "we introduce a new PEFT method called (IA)^3": after "a"/"an", a name followed
    by a kind of thing is the category of the method, not its name."""
    return bool(_A_NEW.match(text, match.start())) and bool(_KIND_NEXT.match(text, match.end("name")))


def _plain_name(name: str) -> str | None:
    """A plain capitalized word ("Adam", "Lion") as a method name: not a known model or
    dataset and not a generic acronym. A known concept may be one: the paper that
    introduced Adam proposes it."""
    from graphbuild.extract.datasets import dataset_lexicon
    from graphbuild.extract.models import model_lexicon

    if not is_capitalized(name) or compact_key(name) in NOT_METHODS:
        return None
    if model_lexicon().lookup(name) or dataset_lexicon().lookup(name):
        return None
    return name


def _lower_case_name(name: str) -> str | None:
    """Lower-case words as a method's name: none of them a stop word or a generic word
    ("a simple yet effective method, a …"), and not a known concept ("knowledge
    distillation, a technique")."""
    from graphbuild.extract.concepts import GENERIC

    words = name.split()
    if any(w in STOP_WORDS or w in GENERIC for w in words) or not _unknown(name):
        return None
    return name


_OPENS_SENTENCE = re.compile(r"(?:^|[.!?]\s+|\n\s*)$")


def _written_again(text: str, title_end: int, name: str) -> bool:
    """The abstract writes ``name`` as it is, as a word of its own, not only to open a
    sentence ("Altogether, we …")."""
    abstract = text[title_end:]
    for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", abstract):
        if not _OPENS_SENTENCE.search(abstract, max(0, match.start() - 3), match.start()):
            return True
    return False


def _recurs(text: str, title_end: int, name: str) -> bool:
    """The title's name is used again in the abstract and is not a known concept."""
    return name.casefold() in text[title_end:].casefold() and _unknown(name)


def find_methods(text: str, title_end: int, definitions: list[Definition]) -> list[Found]:
    """Coined names of the paper's own contribution; names of introduced datasets are
    left to the dataset component."""
    found: dict[int, Found] = {}
    title = TITLE_NAME.match(text[:title_end])
    if (
        title
        and (name := _title_name(title.group("name")))
        and not _names_a_dataset(text[:title_end], title.end())
    ):
        found[title.start("name")] = _method(title.start("name"), name)
    words = TITLE_WORDS.match(text[:title_end])
    if words and not found and _recurs(text, title_end, words.group("name")):
        found[words.start("name")] = _method(words.start("name"), words.group("name"))
    word = TITLE_WORD.match(text[:title_end])
    if word and not found and _plain_name(word.group("name")):
        if _written_again(text, title_end, word.group("name")) and not _names_a_dataset(text, word.end()):
            found[word.start("name")] = _method(word.start("name"), word.group("name"))
    lowered = _lowered(text)
    quoted = _scan(QUOTED, text, lowered, _QUOTED_WORDS)
    if lowered is None or 'our "' in lowered or "our \u201c" in lowered:
        quoted += _scan(OUR_QUOTED, text, lowered, ("our",))
    for match in quoted:
        group = next(g for g in ("double", "curly", "name") if match.groupdict().get(g) is not None)
        if short := FOR_SHORT.match(text, match.end()):
            group, match = "name", short
        raw = match.group(group)
        name, start = raw.strip(), match.start(group) + len(raw) - len(raw.lstrip())
        if name and len(name.split()) <= 4 and start not in found:
            found[start] = _method(start, name)
    long_forms = [(d.long_start, d.short_start) for d in definitions]
    for cue_start, cue, match in _named_after_cues(text, lowered):
        if match.start("name") in found or _names_a_dataset(text, match.end("name")):
            continue
        if DATASET_BEFORE.search(text, max(0, cue_start - 40), cue_start):
            continue
        defined = next((d for d in definitions if d.long_start == match.start("name")), None)
        if (
            defined is not None
            and cue
            and compact_key(defined.short_base) not in NOT_METHODS
            and _unknown(defined.long)
            and _NAME_ENDS.match(text, defined.end)
            and not _names_a_dataset(text, defined.end)
            and _own_method_cue(text, cue_start, cue)
        ):
            # "We call this architecture a Pointer Net (Ptr-Net)": the name is Ptr-Net
            found.setdefault(defined.short_start, _method(defined.short_start, defined.short_base))
            continue
        if match.re is NAMED_WORDS:
            if any(s <= match.start("name") < e for s, e in long_forms) or not _may_name_own(
                text, match, cue_start, cue
            ):
                continue
            if not _own_method_cue(text, cue_start, cue) or _describes_a_kind(match):
                continue
            short = SHORT_AFTER.match(text, match.end("name")) or _parenthesized_short(text, match)
            if short and _coined(short.group("name")):
                match = short
            name = match.group("name")
        elif match.re is OUR_NAME or match.re is PROPOSED_NAME or match.re is OUR_KIND_NAME:
            name = _coined(match.group("name")) or _quoted_capitalized(text, match)
            if not name or not _unknown(name):
                continue
        elif match.re is LOWER_NAME_THEN_KIND:
            if not (name := _lower_case_name(match.group("name"))):
                continue
        elif match.re in _APPOSITIONS:
            # a plain word names the method only set off ("an optimization algorithm, Lion"),
            # a coined one also without ("an attention mechanism ArtAttention that …")
            plain = _plain_name(match.group("name")) if _set_off(match) else None
            if not (name := _coined(match.group("name")) or plain):
                continue
            if cue and not _own_method_cue(text, cue_start, cue):
                continue
        elif not (
            name := _coined(match.group("name")) or _plain_after_a_new_kind(text, match, cue_start, cue)
        ) or _modifies_a_kind(text, match):
            continue
        elif any(s <= match.start("name") < e for s, e in long_forms):
            continue  # "We introduce LaTent Reasoning Optimization (LaTRO)": the name is LaTRO
        if (
            _known_as(name) in ("model", "dataset")
            or (cue.lower() == "namely" and not _own_method_cue(text, cue_start, cue))
            or _names_an_existing_one(text, cue_start, cue)
        ):
            continue  # "two leading neural ranking architectures, namely BERT": existing things
        found[match.start("name")] = _method(match.start("name"), name)
        second = AND_NAME.match(text, match.end("name"))
        if second and cue.lower() != "namely" and _coined(second.group("name")):
            if not _names_a_dataset(text, second.end("name")):
                found.setdefault(
                    second.start("name"), _method(second.start("name"), _coined(second.group("name")))
                )
    proposed_end = -1
    title_key = compact_key(text[:title_end])
    for definition in sorted(definitions, key=lambda d: d.start):
        short = definition.short_base
        if (
            (
                _proposed_definition(text, definition, proposed_end)
                or _names_the_title(text, definition, title_key)
                or _opens_the_title(text, definition, title_end)
            )
            and _coined(short)
            and _NAME_ENDS.match(text, definition.end)
            and _unknown(definition.long)
        ):
            found.setdefault(definition.short_start, _method(definition.short_start, short))
            proposed_end = definition.end
    for start, name in _listed_components(text, lowered, title_end, [f.name for f in found.values()]):
        if start not in found and _unknown(name):
            found[start] = _method(start, name)
    named = _short_named(found.values(), definitions, _or_short_names(text))
    return sorted(named + _named_variants(text, title_end, named))


#: "It consists of two components:", "a framework with three simple yet effective
#: strategies:", "incorporates three major innovations:": a count of the parts a paper's
#: contribution has, then a colon that lists them. Or the paper proposes a number of
#: methods and lists them ("We propose two complementary frameworks for accelerating
#: sampling: Conjugate Integrators and Splitting Integrators."). Both end with the colon.
_COUNT = r"(?:two|three|four|five|several)"
PARTS_LISTED = re.compile(
    rf"\b{_COUNT}\s+(?:[\w-]+\s+){{0,3}}?"
    r"(?:components|modules|strategies|innovations|techniques|stages|parts|mechanisms)\s*:"
    rf"|\bwe\s+(?:propose|introduce|present|develop|design)\s+{_COUNT}\s+(?:[\w-]+\s+){{0,2}}?"
    r"(?:frameworks|methods|approaches|algorithms|variants|extensions)\b[^.:;]{0,80}:",
    re.IGNORECASE,
)
#: What says the parts are the paper's own, in the sentence up to the colon: "we", "our",
#: "the proposed", a sentence that opens with "It" (the method just named).
_OWN_PARTS = re.compile(r"\b(?:[Ww]e|[Oo]ur|proposed)\b|^\s*It\b")
#: An enumerator that goes on with a list ("1)", "(b)", "Second,"). "Finally," does not:
#: it opens an abstract's closing sentence as often.
_ENUMERATOR = r"(?:\d\)|\(\w\)|(?:First|Second|Third|Fourth),)"
#: One listed part: after the colon, an enumerator, "and", a comma or a semicolon, a name
#: of two or more capitalized words ("Step-grained Reward Shaping", "Human-in-the-Loop
#: Calibration"), then ", which", "that", "and", the end of the sentence or clause (".",
#: ";") or its acronym in parentheses.
LISTED_PART = re.compile(
    rf"(?:{_ENUMERATOR}|\band|[,;:])\s*(?:[Tt]he\s+|[Aa]n?\s+)?"
    r"(?P<name>[A-Z][a-z0-9]*(?:-[A-Za-z][a-z]*)*(?:\s[A-Z][a-z0-9]*(?:-[A-Za-z][a-z]*)*){1,5})"
    r"(?=\s*\([A-Z]|,?\s+(?:which|that|and)\b|\s*[.;](?:\s|$))"
)
#: A sentence that goes on listing the parts ("Second, the …", "3) …").
_GOES_ON_LISTING = re.compile(r"\s*" + _ENUMERATOR)


#: Where a match of ``PARTS_LISTED`` can start.
_PARTS_WORDS = ("two", "three", "four", "five", "several", "we")


def _listed_components(
    text: str, lowered: str | None, title_end: int, proposed: Iterable[str]
) -> list[tuple[int, str]]:
    """(start, name) of the named parts the abstract lists after saying how many parts
    the paper's contribution has: "two components: Step-grained Reward Shaping, which …,
    and Step-grained Optimization, which …". The sentence up to the colon must say the
    parts are the paper's own (``_OWN_PARTS``, or it names a method the paper proposes,
    ``proposed``): not "Existing methods follow two strategies: …". The list runs to the
    end of its sentence and on through sentences that continue it ("First, the Distance
    Energy Map Prior (DEMP) …. Second, the …")."""
    if text.find(":", title_end) < 0:
        return []
    parts = []
    for cue in _scan(PARTS_LISTED, text, lowered, _PARTS_WORDS):
        if cue.start() < title_end:
            continue
        opening = text[_sentence_start(text, cue.start()) : cue.end()]
        if not (_OWN_PARTS.search(opening) or any(name in opening for name in proposed)):
            continue
        end = _sentence_end(text, cue.end())
        while end < len(text) and _GOES_ON_LISTING.match(text, end):
            end = _sentence_end(text, end)
        # from the colon the cue ends with: the first part follows it
        parts += [(m.start("name"), m.group("name")) for m in LISTED_PART.finditer(text, cue.end() - 1, end)]
    return parts


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def _sentence_end(text: str, start: int) -> int:
    """Just past the first ".", "!" or "?" followed by whitespace from ``start`` on, or
    ``len(text)`` when none follows (an "e.g. " ends a sentence here too: a list it
    cuts short loses parts, never gains any)."""
    end = _SENTENCE_END.search(text, start)
    return end.end() if end else len(text)


def _sentence_start(text: str, end: int) -> int:
    """Where the sentence that holds offset ``end`` starts (after a line break, or a
    ".", "!" or "?" and whitespace)."""
    starts = [text.rfind("\n", 0, end)] + [text.rfind(f"{mark} ", 0, end) for mark in ".!?"]
    return max(starts) + 1


#: What follows a proposed name in the name of one of its variants: a hyphen or an
#: underscore, then a capitalized part or a number ("DRaFT-K", "APOLLO-Mini",
#: "NetInfoF_Probe", "LABES-S2S"), ending the word.
_VARIANT_TAIL = r"[-_](?P<tail>[A-Z0-9][A-Za-z0-9]*)(?![\w-])"
#: Capitalized tails that say how a thing relates to the method ("X-Based", "X-Enhanced",
#: "X-Like"; any tail in "-ed" or "-ing" too), name the data released with it
#: ("DriveLM-Data") or a year ("X-2024"), not which variant of it a thing is.
_NOT_VARIANT_TAILS = frozenset(
    {"Like", "Style", "Free", "Only", "Aware", "Data", "Dataset", "Bench", "Benchmark", "Corpus"}
)
_YEAR_TAIL = re.compile(r"(?:19|20)\d\d")


def _names_a_variant(tail: str) -> bool:
    return not (tail in _NOT_VARIANT_TAILS or tail.endswith(("ed", "ing")) or _YEAR_TAIL.fullmatch(tail))


def _named_variants(text: str, title_end: int, proposed: list[Found]) -> list[Found]:
    """Variants of the paper's proposed methods that its abstract names ("more efficient
    variants of DRaFT: DRaFT-K, which …, and DRaFT-LV"; "PuYun, comprising PuYun-Short and
    PuYun-Medium"), each a method of its own, found where the abstract first names it.
    A lower-case tail is a relation ("SDSC-based", "ICon-selected"), and a name inside a
    URL path ("github.com/sweetice/BEER-ICLR2024") is no variant."""
    keys = {f.key for f in proposed}
    variants: dict[str, Found] = {}
    for name in sorted({f.name for f in proposed}):
        if f"{name}-" not in text and f"{name}_" not in text:
            continue
        pattern = re.compile(r"(?<![\w/.-])" + re.escape(name) + _VARIANT_TAIL)
        for match in pattern.finditer(text, title_end):
            if not _names_a_variant(match.group("tail")) or _names_a_dataset(text, match.end()):
                continue
            found = _method(match.start(), match.group(0))
            if found.key not in keys:
                variants.setdefault(found.key, found)
    return list(variants.values())


#: "We introduce Contrastive Policy Gradient, or CoPG, a …": a capitalized name, then the
#: short name the paper goes on to use.
OR_SHORT = re.compile(
    r"(?P<long>(?:[A-Z][\w-]*\s+){1,5}[A-Z][\w-]*),\s+or\s+"
    r"(?P<short>" + _SHORT_NAME + r")(?=\s*[,.;:)])"
)


def _or_short_names(text: str) -> dict[str, str]:
    """Key of a long name → the short name set off after it with ", or" whose capitals
    are first letters of its words, in order ("Contrastive Policy Gradient, or CoPG")."""
    if ", or " not in text:
        return {}
    names = {}
    for match in OR_SHORT.finditer(text):
        initials = "".join(w[0] for w in re.split(r"[\s-]+", match.group("long")))
        capitals = iter(initials.upper())
        if all(c in capitals for c in re.sub(r"[^A-Z]", "", match.group("short"))):
            names[compact_key(match.group("long"))] = match.group("short")
    return names


_TITLE_OPENING = re.compile(r"\s*:")


def _opens_the_title(text: str, definition: Definition, title_end: int) -> bool:
    """A title that opens with a definition and a colon names the paper's method:
    "Surrogate Model Extension (SME): A Fast and Accurate Weight Update Attack …"."""
    return (
        definition.end < title_end
        and not text[: definition.start].strip()
        and bool(_TITLE_OPENING.match(text, definition.end))
    )


_PROBLEM_BEFORE = re.compile(
    r"\b(?:problem|task|setting|challenge|question|idea|notion|concept)s?\s+(?:of\s+)?$", re.IGNORECASE
)


def _names_the_title(text: str, definition: Definition, title_key: str) -> bool:
    """Is the long form the paper's title ("Adaptive Reordering Sampler with Neurally
    Guided MAGSAC (ARS-MAGSAC) is superior …"), so the title names the method? Not when
    the abstract calls it a problem ("we study the problem of prompt optimization with
    human feedback (POHF)")."""
    return compact_key(definition.long) == title_key and not _PROBLEM_BEFORE.search(
        text, max(0, definition.long_start - 40), definition.long_start
    )


#: "By meta-learning with task interpolation (MLTI), our approach …": the definition is
#: the name of what the sentence goes on to call the paper's own.
OURS_AFTER = re.compile(r",\s+(?:our|the\s+proposed)\s+(?:[\w-]+\s+)?" + _KINDS + r"\b", re.IGNORECASE)


def _proposed_definition(text: str, definition: Definition, proposed_end: int) -> bool:
    """Is the acronym defined as the paper's own contribution: right after a cue ("we
    introduce Long Form (LF)"), set off after the kind of thing a cue introduces, after
    "our proposed", before ", our approach", or joined by "and" to the definition of a
    proposed one (which ends at ``proposed_end``)?"""
    before = text[max(0, definition.start - 100) : definition.start]
    return bool(
        TRIGGER_NEAR.search(before[-60:])
        or NAMING_NEAR.search(before)
        or OUR_KIND_NEAR.search(before)
        or KIND_NEAR.search(before)
        or PROPOSED_NEAR.search(before)
        or OURS_AFTER.match(text, definition.end)
        or (NOVEL_NEAR.search(before) and KIND_AFTER.match(text, definition.end))
        or PASSIVE_AFTER.match(text, definition.end)
        or (proposed_end >= 0 and JOINED.fullmatch(text, proposed_end, definition.start))
    )


#: What may follow a method's name: the end of its clause, or the kind of thing it is.
_NAME_ENDS = re.compile(rf"(?:{_END})|\s+(?:{_KINDS}|{_SCORES})\b", re.IGNORECASE)


def _short_named(
    found: Iterable[Found], definitions: list[Definition], aliases: dict[str, str]
) -> list[Found]:
    """A method named by words the paper defines an acronym for (title "Direct
    Discriminative Optimization: …", then "… (DDO)") or gives a short name after ", or"
    (``aliases``) is the method of the short name."""
    short_of = aliases | {compact_key(d.long): d.short_base for d in definitions if _coined(d.short_base)}
    renamed = []
    for f in found:
        short = short_of.get(compact_key(f.name))
        renamed.append(f._replace(name=short, key=f"method:{compact_key(short)}") if short else f)
    return renamed
