"""Concepts (methods, tasks, fields) found in one paper.

Three sources, strongest first:

1. the curated vocabulary ``data/concepts.tsv`` (phrase keys: case-folded, hyphens as
   spaces, last word singularized, so "diffusion-based models" meets "diffusion based
   model");
2. acronym long forms defined in the paper ("optimal transport (OT)") and later bare
   uses of their short forms;
3. term candidates: runs of 2–4 content words bounded by stop words and punctuation
   (the C-value / VOSviewer recipe); a longer run, or one with an adverb, gives its
   noun-like end (``_term_offset``). In the abstract a capitalized word may open a run
   ("Hamiltonian dynamics") and continue one only right after a plain content word
   ("control Lyapunov function"; a Title Case run is a name). A run of
   three words or more that ends in a kind noun ("algorithm", "problem", "scheme" …,
   ``KIND_TAILS``) leaves it out: "the draft selection algorithm" names "draft selection".
   Candidates carry the role ``candidate``; the resolver keeps only those that score as
   terms across the corpus. A candidate that holds a vocabulary or acronym concept and
   names a kind of it ("conditional diffusion model" around "diffusion model") carries
   the role ``extends`` instead: it may overlap the concept it holds, so a paper that
   keeps it as a term links to both.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from graphbuild.extract.acronyms import Definition
from graphbuild.extract.found import CONCEPT, ROLE_CANDIDATE, ROLE_EXTENDS, ROLE_NARROWS, Found
from graphbuild.extract.lexicon import Lexicon, load_lexicon
from graphbuild.extract.text import Memo, doc_text, phrase_key, singularize
from graphbuild.extract.tokens import TokenView, tokens_of

MAX_TERM_WORDS = 4
#: Words that never start or end a term although they are not stop words.
GENERIC = frozenset(
    """abilities ability access achieve achieves achieving additionally address addresses addressing
    advantage advantages aim aiming aims allow allowing allows analysis approach approaches art aspect
    aspects available based benchmark benchmarks best better capabilities capability careful carefully
    case cases challenge challenges challenging choice choices code competitive component components
    comprehensive consistent consistently critical crucial current demonstrate
    demonstrates different effective efficient empirical empirically enable enables enabling end
    essential example examples existing experiment experiments extensive factor factors finally first
    five form forms four framework frameworks furthermore gap general good great help helping helps
    high however idea ideas impact impacts important improve improved improvement improvements improves
    insight insights introduce introduces issue issues key kind kinds large lead leading leads level
    levels lot lots low many meaningful mechanism mechanisms methodology moreover multiple need needed
    needs new notion novel number numbers obtain obtained obtains offer offers one open order
    outperform outperforms paper papers particular performance potential practical present presents
    previous principled prior properties property propose proposed proposes provide provides publicly
    question questions range real real-world recent recently remain remains remarkable require required
    requires requiring result results role roles second set sets setting settings several show shown
    shows significant significantly simple size sizes small solution solutions source specific
    specifically state strategies strategy strong studies study substantial superior surprising take
    takes taking task tasks technique techniques term terms theoretical theoretically third three two
    type types use used using varies various vary varying way ways wide wide-range work works world
    yield yields vast majority magnitude faster slower mild underlying reason reasons cost costs
    minor major slight slightly orders future promising sheds shed project website webpage page
    interest powerful resulting additional consuming baseline baselines larger smaller tools
    direction directions interesting observation observations finding findings tremendous success
    parallels don doesn didn isn aren wasn weren won wouldn couldn shouldn common alternative
    like six seven eight nine ten dozen dozens hundreds thousands millions billions vice versa
    supplementary decade decades massive amount amounts according reliable reliably concrete proper
    accurate accurately given certain appropriate suitable desirable desired perspective perspectives
    formulation formulations manner fashion viewpoint lens little main
    widespread standing standard minimal pure direct explicit traditional ideal largest smallest
    wrong valid tailored lightweight quantifiable informed automatic automated ordinary
    shorter longer facto diverse remaining popular entire original public observed unlike comparable""".split()
)
#: Generic words that head a term after a content word ("multiverse analysis", "implicit
#: prior"); alone or first they name nothing ("analysis of", "prior work"). Not
#: "performance" or "setting": "model performance", "realistic settings".
GENERIC_HEADS = frozenset("analysis analyses prior priors gap gaps".split())
#: Verbs that are never nouns in research text: without a tagger they would start a term
#: ("employs gated convolution", "infer hidden states"). Inside a hyphenated compound
#: they stay ("decision-making"), and a form in "-ing" may follow a content word as a
#: noun does ("decision making", "theorem proving", "occlusion handling").
VERBS = frozenset(
    """adopt adopts adopting alleviate alleviates alleviating assimilate assimilates assume assumes
    combine combines combining consider considers considering demonstrating derive derives deriving
    describe describes describing employ employs employing enhance enhances enhancing ensure
    ensures ensuring examine examines examining exceed exceeds exceeding exhibit exhibits exhibiting
    exploits exploiting explore explores exploring extend extends extending facilitate
    facilitates facilitating handle handles handling identify identifies identifying illustrate
    illustrates incorporate incorporates incorporating infer infers integrate integrates
    investigate investigates investigating involve involves involving leverages
    leveraging maintain maintains maintaining making mitigate mitigates mitigating outperforming
    overcome overcomes overcoming perform performs performing predicts proposing prove proves
    proving providing reduces reducing retain retains retaining reveal reveals revealing
    satisfy satisfies showing solve solves solving suggest suggests suggesting surpass surpasses
    surpassing tackle tackles tackling utilize utilizes utilizing yielding indicate indicates
    contribute contributes weigh weighs learn learns suffer suffers promote promotes foster fosters
    fostering generalize generalizes generalise generalises represent represents giving
    integrating translate translates translating calibrate calibrates calibrating decrease decreases
    decreasing increases increasing include includes including induce induces inducing propagate
    propagates propagating find finds finding discover discovers discovering formulate formulates
    formulating assign assigns assigning compromise compromises compromising maximize maximizes
    maximizing minimize minimizes minimizing maximise maximises maximising minimise minimises
    minimising construct constructs constructing realize realizes realizing unlock unlocks unlocking
    capture captures capturing explain explains explaining detect detects detecting evaluate
    evaluates evaluating analyze analyzes analyzing apply applies applying characterize
    characterizes characterizing quantify quantifies quantifying generate generates generating
    produce produces producing create creates creating optimize optimizes optimizing accelerate
    accelerates accelerating reduce prevent prevents preventing avoid avoids avoiding remove
    removes removing encourage encourages encouraging govern governs governing determine
    determines determining establish establishes establishing motivate motivates motivating seek
    seeks seeking struggle struggles struggling fail fails failing rely relies relying depend
    depends depending called identified termed dubbed delve delves delving shares estimating
    inferring selecting predicting monitoring preserve preserves preserving builds adds affects uses
    extract extracts revolutionize revolutionizes magnify magnifies reweight reweights implies imply
    attain attains approximates contain contains containing thanks assuming""".split()
)
#: Verbs in "-ing" that take an object and never end a noun compound the way "decision
#: making" does: "pipelines involving", "measures characterizing model consistency".
NEVER_NOMINAL = frozenset(
    """involving including suggesting characterizing yielding achieving leveraging utilizing
    exhibiting surpassing outperforming estimating inferring selecting predicting preserving
    revealing showing giving requiring enabling allowing ensuring providing demonstrating
    exploiting incorporating integrating employing adopting combining considering describing
    examining exploring extending illustrating investigating overcoming tackling containing assuming""".split()
)
#: Nouns that end in "-ly" like an adverb: "anomaly detection", "variational family".
NOUNS_IN_LY = frozenset(
    """anomaly assembly butterfly family supply reply monopoly ally rally tally homily jelly belly
    poly""".split()
)
#: Nouns that say what kind of thing a term is; annotators and readers name the thing
#: without them ("sharpness minimization", not "sharpness minimization algorithm").
KIND_TAILS = frozenset(
    """algorithm algorithms method methods problem problems process processes scheme schemes procedure
    procedures step steps phenomenon phenomena instance instances criterion criteria module modules
    pipeline pipelines schedule schedules""".split()
)
_WORDISH = re.compile(r"^[a-z][a-z\-]*[a-z]$")  # checked on the lower-cased token


@functools.cache
def concept_lexicon() -> Lexicon:
    return load_lexicon("concepts.tsv", phrase=True)


def _concept(start: int, end: int, name: str, role: str = "") -> Found:
    return Found(start, end, CONCEPT, name, f"concept:{phrase_key(name)}", role)


def vocabulary_hits(doc: Doc) -> list[Found]:
    v = tokens_of(doc)
    return [
        _concept(v.start[m.start], v.end(m.end - 1), m.entry.name)
        for m in concept_lexicon().iter_matches(doc)
    ]


def acronym_hits(text: str, definitions: list[Definition]) -> list[Found]:
    """Long forms at their definitions, and every later bare use of the short form."""
    hits = []
    for d in definitions:
        if generic_phrase(d.long):
            continue
        long_end = d.long_start + len(d.long)
        hits.append(_concept(d.long_start, long_end, d.long))
        hits.extend(_concept(start, end, d.long) for start, end in bare_uses(text, d.short_base, d.end))
    return hits


def generic_phrase(text: str) -> bool:
    """A long form made of stop words and generic words only ("state-of-the-art (SOTA)")
    names no concept."""
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w and w not in STOP_WORDS]
    return all(w in GENERIC for w in words)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char in "_-"


def bare_uses(text: str, short: str, start: int) -> list[tuple[int, int]]:
    """Where ``short`` (or its plural with "s") stands alone in ``text[start:]``: not
    inside a longer word or a hyphenated compound. A ``str.find`` loop: a regular
    expression per short form would be compiled anew for most papers."""
    uses, n = [], len(text)
    i = text.find(short, start)
    while i >= 0:
        end = i + len(short)
        if end < n and text[end] == "s" and (end + 1 == n or not _is_word_char(text[end + 1])):
            end += 1
        if (i == 0 or not _is_word_char(text[i - 1])) and (end == n or not _is_word_char(text[end])):
            uses.append((i, end))
            i = text.find(short, end)
        else:
            i = text.find(short, i + 1)
    return uses


#: Stop words of spaCy's list that open ML terms ("side information", "side effects").
CONTENT_STOP_WORDS = frozenset({"side"})
_STOP_WORDS = STOP_WORDS - CONTENT_STOP_WORDS


def _content(word: str) -> bool:
    return (
        bool(_WORDISH.match(word)) and word not in _STOP_WORDS and word not in GENERIC and word not in VERBS
    )


# One character per token: a content word (plain, ending in "-ly", ending in "-ed"), a
# verb (in "-ing" or not), a hyphen, or anything else. A term is then a regular
# expression over that string: content words, possibly hyphen-joined; a verb in "-ing"
# after a content word or a hyphen, any other verb only after a hyphen.
_CONTENT, _ADVERB, _PAST, _VERB, _GERUND, _HYPHEN, _JOIN, _OTHER = "c", "a", "e", "v", "g", "d", "j", "x"
#: A generic noun that may end a term after a content word, never start one
#: (``GENERIC_HEADS``).
_TAIL = "n"
#: A capitalized content word in the abstract: it may open a term ("Hamiltonian dynamics",
#: "Voronoi cells", a sentence's first word), and continue one only right after a plain
#: content word ("control Lyapunov function", "approximate Bayesian inference"; not after a
#: participle: "trained Transformers", "tuned Adam"). "Integrated Gradients" and other Title
#: Case runs are names, left to the method and model components.
_TITLED = "t"
#: A capitalized word in "-ed", "-ing" or "-ly" in the abstract: no term starts at it or
#: right after it ("Integrated Gradients", "Expected Improvement"; see ``_classes``).
_CAPITAL = "u"
_TERM = re.compile(r"[caet](?:(?:j*[cae]|(?<=c)t|j*g|j+v)+(?:j*n)?|j*n)")  # runs of two words or more


#: A number of dimensions, which names a kind of what it modifies ("3D object detection"
#: is not object detection).
_DIMENSIONS = re.compile(r"[1-9][dD]")


def _token_class(word: str, in_title: bool) -> str:
    """Words are lower case in the abstract; in the title (Title Case) a capitalized
    word counts too, and anywhere a number of dimensions ("3D", "6D") is a content word.
    In the abstract a capitalized content word is ``_TITLED`` (it may open a term), one
    in "-ed", "-ing" or "-ly" ``_CAPITAL`` (it opens none)."""
    if word == "-":
        return _HYPHEN
    if _DIMENSIONS.fullmatch(word) or word == "AI":
        return _CONTENT  # "3D scene understanding", "6D pose estimation", "generative AI"
    titled = word[:1].isupper() and word[1:].islower()
    if not (word.islower() or titled):
        return _OTHER
    if titled and not in_title:
        lower = word.lower()
        if lower.endswith(("ly", "ed", "ing")) and lower not in STOP_WORDS:
            return _CAPITAL  # "Integrated Gradients": a name's first word
        return _TITLED if _content(lower) and lower not in VERBS else _OTHER
    lower = word.lower()
    if lower in VERBS:
        return _GERUND if lower.endswith("ing") and lower not in NEVER_NOMINAL else _VERB
    if not _content(lower):
        return _TAIL if lower in GENERIC_HEADS else _OTHER
    if lower.endswith("ly") and lower not in NOUNS_IN_LY:
        return _ADVERB
    return _PAST if lower.endswith("ed") else _CONTENT


_TITLE_CLASSES = Memo(functools.partial(_token_class, in_title=True))
_ABSTRACT_CLASSES = Memo(functools.partial(_token_class, in_title=False))


def _classes(v: TokenView, title_end: int) -> str:
    """The class string of a document; a hyphen joins only when no space follows it, a
    capitalized word right after another or after a hyphen opens nothing, and a plural
    inside a run of content words ends the term (``_plural_breaks``)."""
    classes = _joined_classes(v, title_end)
    if _TITLED in classes:
        classes = _CONTINUED_TITLED.sub(_OTHER, classes)
    return _plural_breaks(classes, v.text)


@functools.cache
def _head_nouns() -> frozenset[str]:
    """Last words of the vocabulary's names, singular: nouns, whatever else they can be."""
    forms = (form for entry in concept_lexicon().entries for form in entry.forms)
    heads = {singularize(form.lower().replace("-", " ").split()[-1]) for form in forms}
    return frozenset(heads | {singularize(w) for w in KIND_TAILS | _EXTENSION_KINDS})


def _plural_kind(word: str) -> str:
    """ "noun" for a plural of a head noun ("methods", "features"), "verb" for another
    word in "-s" ("encounters", "enjoys"), "" for the rest."""
    lower = word.lower()
    if len(lower) <= 3 or not lower.endswith("s") or not lower.isalpha():
        return ""
    single = singularize(lower)
    if single == lower:
        return ""
    return "noun" if single in _head_nouns() else "verb"


_PLURAL_KINDS = Memo(_plural_kind)
#: A content word with another after it: where a plural would sit inside a term.
_INSIDE_A_RUN = re.compile(f"{_CONTENT}(?=[{_CONTENT}{_ADVERB}{_PAST}{_TAIL}])")


def _plural_breaks(classes: str, words: list[str]) -> str:
    """Noun compounds keep a plural last ("node features", never "node features
    carry"): a plural inside a run of content words ends the term. After the plural of a
    head noun the next word is taken for a verb ("methods ought", "models implement");
    any other word in "-s" is one ("model evaluation encounters limitations")."""
    chars = None
    for match in _INSIDE_A_RUN.finditer(classes):
        i = match.start()
        kind = _PLURAL_KINDS[words[i]] if not i or classes[i - 1] != _JOIN else ""
        if kind:
            chars = chars or list(classes)
            chars[i + (kind == "noun")] = _VERB
    return "".join(chars) if chars else classes


#: A capitalized abstract word that continues a Title Case run or a hyphenated word.
_CONTINUED_TITLED = re.compile(r"(?<=[tju])t")


def _joined_classes(v: TokenView, title_end: int) -> str:
    words = v.text
    in_title = bisect.bisect_left(v.start, title_end)
    title, abstract = _TITLE_CLASSES, _ABSTRACT_CLASSES
    classes = "".join(map(title.__getitem__, words[:in_title])) + "".join(
        map(abstract.__getitem__, words[in_title:])
    )
    if _HYPHEN not in classes:
        return classes
    chars = list(classes)
    for i in [m.start() for m in re.finditer(_HYPHEN, classes)]:
        dash = classes[i - 1 : i] == _HYPHEN or classes[i + 1 : i + 2] == _HYPHEN  # "queries--both"
        chars[i] = _OTHER if v.space[i] or dash else _JOIN
    joined = "".join(chars)
    for compound in _COMPOUND.finditer(joined):
        start, end = compound.start(), compound.end()
        _promote_generic_tail(chars, words, end)
        _promote_minor_parts(chars, words, start, end)
        _promote_a_letter_prefix(chars, words, start, end)
        _promote_term_compound(chars, words, start, end)
        if chars[start] not in _OPENS_TERM and _is_word(words[start]):
            chars[start:end] = _OTHER * (end - start)  # no term starts inside a compound
    return "".join(chars)


#: Generic words that end an adjective compound of a content word ("gradient-based",
#: "domain-specific", "token-level"): there they belong to the term.
_COMPOUND_TAILS = frozenset({"based", "specific", "level"})


def _promote_generic_tail(chars: list[str], words: list[str], end: int) -> None:
    """ "window-based memories", "domain-specific language", "pixel-level supervision":
    the generic last part of a compound whose part before it is a content word, with a
    content word after the compound, is a content word too ("based on" and "task-specific"
    stay out: "task" is generic)."""
    if (
        chars[end - 1] == _OTHER
        and end < len(chars)
        and chars[end] == _CONTENT
        and words[end - 1].lower() in _COMPOUND_TAILS
        and chars[end - 3] in (_CONTENT, _TITLED)
    ):
        chars[end - 1] = _CONTENT


#: A hyphenated compound: tokens joined by hyphens with no space between.
_COMPOUND = re.compile(rf"[^{_JOIN}](?:{_JOIN}[^{_JOIN}])+")
#: Parts of a compound that are no content words but belong to the term the compound
#: opens: stop words ("on-policy", "few-shot", "out-of-distribution"; not "well", whose
#: compounds are adjectives: "well-known methods"), generic words ("low-rank", "high-
#: dimensional", "data-driven") and acronyms ("PDE-constrained"); not numbers and
#: letters ("1-nearest neighbor" holds "nearest neighbor").
_MINOR_PART = Memo(lambda word: _is_word(word) and word.lower() != "well")


def _is_word(token: str) -> bool:
    """A word, not a number or letter that only prefixes a compound: "1-nearest
    neighbor" still holds the term "nearest neighbor", "well-known segmentation" no
    term "known segmentation" (a letter before content words opens one:
    ``_promote_a_letter_prefix``)."""
    return len(token) > 1 and token.isalpha()


def _promote_minor_parts(chars: list[str], words: list[str], start: int, end: int) -> None:
    """A compound that modifies a content word opens a term as a whole: "on-policy
    sampling" and "off-policy learning" are not both "policy …", "low-rank structure" is
    not "rank structure", nor "PDE-constrained optimization" "constrained optimization",
    and "multi-task learning", "long-term memory" hold their generic last parts. Only
    where one part is a content word, one follows the compound and the compound is no
    "X-like" ("SGD-like memory" is no term); "state-of-the-art" and "well-known methods"
    are left as they were."""
    if words[end - 1].lower() == "like" or end >= len(chars) or chars[end] != _CONTENT:
        return
    parts = range(start, end, 2)
    minor = [i for i in parts if chars[i] == _OTHER and _MINOR_PART[words[i]]]
    if minor and len(minor) < len(parts) and all(chars[i] in _OPENS_TERM or i in minor for i in parts):
        for i in minor:
            chars[i] = _CONTENT


#: Compounds of stop and generic words that name a kind of what they modify
#: ("first-order optimization", "end-to-end training", "multiple-choice question").
TERM_COMPOUNDS = frozenset(
    """first-order second-order third-order zeroth-order higher-order high-order low-order
    end-to-end multiple-choice""".split()
)


def _promote_term_compound(chars: list[str], words: list[str], start: int, end: int) -> None:
    """A ``TERM_COMPOUNDS`` compound before a content word opens a term as a whole."""
    if end < len(chars) and chars[end] == _CONTENT and "".join(words[start:end]).lower() in TERM_COMPOUNDS:
        for i in range(start, end, 2):
            chars[i] = _CONTENT


def _promote_a_letter_prefix(chars: list[str], words: list[str], start: int, end: int) -> None:
    """A single letter that opens a compound of content words is part of the term
    ("v-prediction", "H-consistency bounds", "f-divergence"); a number is not ("1-nearest
    neighbor" holds "nearest neighbor")."""
    first = words[start]
    if len(first) == 1 and first.isascii() and first.isalpha() and chars[start] == _OTHER:
        if all(chars[i] in (_CONTENT, _PAST, _GERUND) for i in range(start + 2, end, 2)):
            chars[start] = _CONTENT


def _term_offset(run: str) -> int:
    """Where the term starts in a run of content-word classes, or -1 for none. Without
    a tagger, a term is noun-like: its head is no past tense ("results obtained"), it
    starts after the run's last adverb and the rest of that adverb's compound
    ("provably-correct frequentist confidence intervals" → "frequentist confidence
    intervals"; "seamlessly integrated" leaves one word: none), and of a run longer
    than ``MAX_TERM_WORDS`` words it keeps the last ones, never part of a hyphenated word
    (English noun phrases end with their head)."""
    if run[-1] == _PAST:
        return -1
    floor = run.rfind(_ADVERB) + 1
    if not floor and len(run) - run.count(_JOIN) <= MAX_TERM_WORDS:
        return 0
    for i in range(floor, len(run) - 1):
        if run[i] in _OPENS_TERM and (i == 0 or run[i - 1] != _JOIN):
            words = len(run) - i - run.count(_JOIN, i)
            if 2 <= words <= MAX_TERM_WORDS:
                return i
    return -1


def _run_offset(run: str) -> int:
    """``_term_offset`` of a run of two words or more, -1 for a shorter one."""
    return _term_offset(run) if len(run) - run.count(_JOIN) >= 2 else -1


#: Where the term starts in a run, by the run's class string (a few hundred recur).
_RUN_OFFSETS = Memo(_run_offset)
#: Classes a term starts with (as ``_TERM`` does).
_OPENS_TERM = frozenset((_CONTENT, _ADVERB, _PAST, _TITLED))


def term_candidates(doc: Doc, title_end: int = 0) -> list[Found]:
    """Maximal runs of content words (2–4 long), hyphenated words kept whole ("deep
    generative model", "self-supervised learning")."""
    text, v = doc_text(doc), tokens_of(doc)
    starts, words = v.start, v.text
    classes = _classes(v, title_end)
    hits = []
    for match in _TERM.finditer(classes):
        first, past = match.span()
        if classes[past : past + 1] == _JOIN:
            past = _before_open_compound(classes, first, past)
        if words[past - 1].lower() in KIND_TAILS and " " in text[starts[first] : starts[past - 2]]:
            past -= 1
        offset = _RUN_OFFSETS[classes[first:past]]
        if offset >= 0 and (
            _verb_then_object(words, classes, first + offset, past)
            or _title_opens_with_a_verb(words, first + offset, past)
        ):
            offset += 1
        if offset >= 0:
            start, end = starts[first + offset], starts[past - 1] + len(words[past - 1])
            name = text[start:end]
            hits.append(_found((start, end, CONCEPT, name, _CANDIDATE_KEYS[name], ROLE_CANDIDATE)))
    return hits


_ADJECTIVE_ENDINGS = ("al", "ic", "ive", "ous", "ar", "ent", "ant", "ible", "able")
_ADJECTIVES = frozenset("sparse deep robust dense latent optimal hidden implicit explicit".split())


def _verb_then_object(words: list[str], classes: str, at: int, past: int) -> bool:
    """Does the term at ``at`` open with a verb in "-ing" and its object ("sampling sparse
    subnetworks", "learning linear surrogates", "training deep neural networks")? A form in
    "-ing" before an adjective takes an object; before a noun it is one ("learning rate",
    "clustering algorithm"). The object keeps two words or more."""
    if past - at < 3 or classes[at + 1] == _JOIN:
        return False
    head, after = words[at].lower(), words[at + 1].lower()
    return (
        head.endswith("ing")
        and len(head) > 5
        and (after in _ADJECTIVES or (after.endswith(_ADJECTIVE_ENDINGS) and len(after) > 5))
    )


def _title_opens_with_a_verb(words: list[str], at: int, past: int) -> bool:
    """Does the term open the title with a verb in "-ing" before two words or more
    ("Steering Language Generation", "Dissecting Sample Hardness", "Learning Transferable
    Visual Models")? A title that starts so says what the paper does to the rest."""
    return (
        at == 0
        and past - at >= 3
        and words[0].endswith("ing")
        and len(words[0]) > 5
        and words[0][0].isupper()
    )


#: ``Found(*row)`` without the named tuple's Python-level ``__new__`` (a document gives
#: a few dozen candidates).
_found = functools.partial(tuple.__new__, Found)


def _before_open_compound(classes: str, start: int, end: int) -> int:
    """Where a run of term classes ends once a compound it stops inside is left out:
    "Harmony Multi-Task …" ("Task" is generic) gives "Harmony", not "Harmony Multi"."""
    if end >= len(classes) or classes[end] != _JOIN:
        return end
    while end - 2 >= start and classes[end - 2] == _JOIN:
        end -= 2
    return end - 1


#: A candidate's entity key by its surface text (the same candidates recur across papers).
_CANDIDATE_KEYS = Memo(lambda name: f"concept:{phrase_key(name)}")


def long_forms_holding_vocabulary(vocabulary: list[Found], acronyms: list[Found]) -> list[Found]:
    """Acronym hits, those that end with a vocabulary concept without being one marked
    ``ROLE_EXTENDS``: "Noise Ignorant Empirical Risk Minimization (NI-ERM)" names a kind of
    empirical risk minimization, and the paper links to both. A concept inside the long
    form names no kind of it ("Score Distillation Sampling" is no distillation), and a
    long form the vocabulary lists ("Graph Neural Network (GNN)") keeps the concepts it
    holds ("neural network") out, as everywhere else."""
    spans = {(f.start, f.end) for f in vocabulary}
    marked = []
    for hit in acronyms:
        holds = (hit.start, hit.end) not in spans and any(
            hit.start < v.start and v.end == hit.end for v in vocabulary
        )
        marked.append(hit._replace(role=ROLE_EXTENDS) if holds else hit)
    return marked


def find_concepts(doc: Doc, definitions: list[Definition], title_end: int = 0) -> list[Found]:
    text = doc_text(doc)
    vocabulary = vocabulary_hits(doc)
    strong = sorted(vocabulary + long_forms_holding_vocabulary(vocabulary, acronym_hits(text, definitions)))
    if not strong:
        return sorted(term_candidates(doc, title_end))
    # The strong spans may overlap each other: the furthest end reached by the strong
    # spans starting before a point tells whether a candidate ending there is covered.
    starts = [f.start for f in strong]
    reach = list(itertools.accumulate((f.end for f in strong), max))
    weak = []
    for f in term_candidates(doc, title_end):
        before = bisect.bisect_left(starts, f.end)
        if before == 0 or reach[before - 1] <= f.start:
            weak.append(f)
        elif _extends(f, strong[:before], text):
            weak.append(f._replace(role=ROLE_NARROWS if _narrows(f, strong[:before], text) else ROLE_EXTENDS))
    return sorted(strong + weak)


def _extends(candidate: Found, before: list[Found], text: str) -> bool:
    """Does the candidate name a kind of the strong concepts it holds? It holds whole
    every strong span it overlaps (``before``: those that start before its end) and adds
    words to them, neither a verb in "-ing" first ("Revisiting Active Learning",
    "aligning language models") nor only a kind noun ("deep learning models"), or it joins
    two of them."""
    inside = [s for s in before if s.end > candidate.start]
    if not all(candidate.start <= s.start and s.end <= candidate.end for s in inside):
        return False
    if any((s.start, s.end) == candidate[:2] for s in inside):
        return False  # the very span of a strong concept (a long form the vocabulary lists)
    added, at = [], candidate.start
    for s in inside:
        added.append(text[at : s.start])
        at = max(at, s.end)
    added.append(text[at : candidate.end])
    words = " ".join(added).replace("-", " ").lower().split()
    verb_first = text[candidate.start : candidate.end].split()[0].lower().endswith("ing")
    if not words:  # "Gaussian process regression": two concepts make a third
        return len({(s.start, s.end) for s in inside}) >= 2 and not verb_first
    if (
        all(w in _EXTENSION_KINDS for w in words)
        and len(inside) == 1
        and " " in text[inside[0].start : inside[0].end]
    ):
        return False
    return inside[0].start == candidate.start or not verb_first


#: Adjectives that judge or rank a concept rather than name a kind of it ("modern
#: fine-tuning", "higher sample efficiency").
JUDGEMENTS = frozenset(
    """modern classic classical conventional typical naive vanilla improper incorrect correct
    sophisticated enhanced improved better worse best worst higher lower highest lowest greater
    fewer less more most poor poorer strong stronger weak weaker undesirable expensive
    costly cheap efficient inefficient effective ineffective successful unsuccessful excellent
    single distinct separate individual moderate subjective representative fundamental intricate
    fast slow advanced basic sudden rapid plain right wrong""".split()
)
#: Participles that say what was done to a thing, not what kind it is ("designed learning
#: rate", "introduced continual learning").
DONE_TO = frozenset(
    """introduced enabled designed measured generated obtained developed presented considered
    studied given derived employed adopted utilized leveraged achieved applied proposed used
    selected""".split()
)
#: Verbs that are nouns elsewhere ("the leverage", "a cast") but open no narrower kind.
_VERBS_FIRST = frozenset("leverage posit adapt tune select cast".split())
#: Words before a term that make its first word a verb ("to tune hyperparameters",
#: "methods that select features").
_BEFORE_A_VERB = frozenset(
    "to can could may might must shall should will would cannot that which who not".split()
)
_PLURAL_NOUN_ENDINGS = ("ss", "us", "is", "ics", "ous")


def _narrows(candidate: Found, before: list[Found], text: str) -> bool:
    """Does an extending candidate name a narrower kind of the concept it ends with
    ("online convex optimization", "self-supervised contrastive learning")? The words
    before that concept must modify it: no verb ("enjoys linear convergence", "to tune
    hyperparameters"), no generic word or judgement ("modern fine-tuning")."""
    heads = [s.start for s in before if s.end == candidate.end and s.start > candidate.start]
    if not heads:
        return False
    words = re.split(r"[\s-]+", text[candidate.start : min(heads)].strip().lower())
    if words[0] in _VERBS_FIRST or any(
        w.endswith("s") and not w.endswith(_PLURAL_NOUN_ENDINGS) for w in words
    ):
        return False  # "supports uncertainty quantification"; a modifier is not plural
    modifiers = text[candidate.start : min(heads)].lower().split()
    if any(_judges_or_acts(w) for w in modifiers):
        return False
    previous = text[: candidate.start].rstrip().rsplit(None, 1)
    return not previous or previous[-1].lower() not in _BEFORE_A_VERB


#: Hyphenated modifiers that judge rather than name a kind.
_JUDGING_COMPOUNDS = frozenset(
    {"high-quality", "high-performance", "state-of-the-art", "well-known", "large-scale", "general-purpose"}
)


def _judges_or_acts(modifier: str) -> bool:
    """Is a modifier a verb, a generic word or a judgement? A hyphenated one is judged
    by its last part ("low-light object detection" narrows object detection, "real-world
    reasoning" does not narrow reasoning); any verb or participle part still acts."""
    parts = modifier.split("-")
    if any(p in VERBS or p in DONE_TO for p in parts) or modifier in _JUDGING_COMPOUNDS:
        return True
    return parts[-1] in GENERIC or parts[-1] in JUDGEMENTS


#: Words that add no kind of their own to a concept they follow.
_EXTENSION_KINDS = KIND_TAILS | frozenset(
    """model models architecture architectures agent agents framework frameworks approach
    approaches technique techniques stage stages configuration configurations""".split()
)
