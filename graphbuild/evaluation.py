"""Extraction quality against a hand-made gold file (see ``tests/gold/README.md``).

``evaluate(gold_path, result)`` compares a build of the corpus with the gold
annotations and returns precision, recall and F1 per entity type, the key-concept
figures and the per-concept paper-linking figures. Names are compared by their
normalized keys (case, hyphens, spacing and a final plural ignored), and datasets and
models also through the gazetteers' aliases, so "MS-COCO" in the output meets "COCO"
in the gold file; concepts likewise through the curated vocabulary (``concept_key``).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from graphbuild.errors import InputError
from graphbuild.extract.concepts import concept_lexicon
from graphbuild.extract.datasets import dataset_lexicon
from graphbuild.extract.models import checkpoint_family
from graphbuild.extract.repositories import URL, normalize_repository
from graphbuild.extract.text import compact_key, phrase_key, plural_stripped
from graphbuild.pipeline import BuildResult

TYPES = ("repositories", "datasets", "acronyms", "models", "methods", "citations")
LABEL_OF = {
    "repositories": "Repository",
    "datasets": "Dataset",
    "models": "Model",
    "methods": "Method",
    "citations": "Reference",
}


@dataclass
class Score:
    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, predicted: set[str], gold: set[str]) -> None:
        self.true_positives += len(predicted & gold)
        self.predicted += len(predicted)
        self.gold += len(gold)

    def as_dict(self) -> dict:
        return {
            **asdict(self),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Evaluation:
    papers: int
    scores: dict[str, Score]
    key_concept_recall: float
    concepts_per_paper: float
    max_concepts_per_paper: int
    key_share_of_concepts: float
    concept_linking: dict[str, Score] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def linking_totals(self) -> Score:
        total = Score()
        for s in self.concept_linking.values():
            total.true_positives += s.true_positives
            total.predicted += s.predicted
            total.gold += s.gold
        return total

    def as_dict(self) -> dict:
        return {
            "papers": self.papers,
            "scores": {k: v.as_dict() for k, v in self.scores.items()},
            "key_concept_recall": round(self.key_concept_recall, 4),
            "concepts_per_paper": round(self.concepts_per_paper, 2),
            "max_concepts_per_paper": self.max_concepts_per_paper,
            "key_share_of_concepts": round(self.key_share_of_concepts, 4),
            "concept_linking": {k: v.as_dict() for k, v in self.concept_linking.items()},
            "concept_linking_total": self.linking_totals().as_dict(),
        }


_BRITISH = ((r"elling\b", "eling"), (r"elled\b", "eled"), (r"isation", "ization"), (r"ise\b", "ize"))


def concept_key(name: str) -> str:
    """Concept names compared through the curated vocabulary's aliases ("ranking loss"
    is "learning to rank") and without spaces, hyphens or British spellings:
    "pre-training" = "pretraining", "language modelling" = "language modeling"."""
    entry = concept_lexicon().lookup(name)
    key = phrase_key(entry.name if entry else name)
    for pattern, replacement in _BRITISH:
        key = re.sub(pattern, replacement, key)
    return key.replace(" ", "")


def _canonical(name: str, lookup) -> str:
    entry = lookup(name)
    return compact_key(entry.name if entry else name)


_REFERENCE_KEY = re.compile(r"^(?:[a-z'-]+-(?:19|20)\d\d[a-z]?|arxiv:\S+|doi:\S+)$")


def _citation_key(text: str) -> str:
    """Gold citations ("Ho et al., 2020") and graph keys ("ho-2020") to one form."""
    if _REFERENCE_KEY.match(text):
        return text
    arxiv = re.search(r"(\d{4}\.\d{4,5})", text)
    if text.lower().startswith("arxiv") and arxiv:
        return f"arxiv:{arxiv.group(1)}"
    match = re.match(
        r"\s*(?:(?:van|von|de|der|den|da|di|du|le|la)\s+)?([^\s,(]+).*?((?:19|20)\d\d[a-z]?)", text
    )
    return f"{match.group(1).lower()}-{match.group(2)}" if match else text.lower()


def repository_key(text: str) -> str:
    """A gold repository as the graph names it: "https://hf.co/Org/Model/tree/main" and
    "huggingface.co/org/model" are one repository."""
    match = URL.fullmatch(text.strip().rstrip("/"))
    name = match and normalize_repository(match.group("host"), match.group("path"))
    return name or text.lower().strip("/")


def _normalizers():
    datasets = dataset_lexicon()
    return {
        "repositories": repository_key,
        "datasets": lambda s: _canonical(s, datasets.lookup),
        # a checkpoint is its family's node ("Zephyr-7b-beta" is Zephyr), as in the graph
        "models": lambda s: _canonical(s, checkpoint_family),
        "methods": compact_key,
        "citations": _citation_key,
    }


def load_gold(path: Path) -> list[dict]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    rows = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{number}: invalid JSON ({exc.msg} at column {exc.colno})") from None
    return rows


def _predicted(result: BuildResult, paper_id: str, label: str) -> set[str]:
    graph = result.graph
    names = set()
    for target in graph.successors(paper_id):
        node = graph.nodes[target]
        if node["label"] == label:
            names.add(node["name"] if label != "Reference" else target.removeprefix("ref:"))
    return names


def evaluate(gold_path: Path, result: BuildResult, concept_gold_path: Path | None = None) -> Evaluation:
    gold_rows = load_gold(gold_path)
    normalize = _normalizers()
    scores = {t: Score() for t in TYPES}
    errors: dict[str, list[str]] = defaultdict(list)
    key_found = key_total = 0
    concept_counts, key_shares = [], []
    by_id = {p.id: p for p in result.papers}
    for row in gold_rows:
        pid = row["id"]
        if pid not in by_id:
            raise InputError(f"{gold_path}: paper {pid} is not in the build")
        for kind, label in LABEL_OF.items():
            gold_items = row.get(kind, [])
            if kind == "datasets":
                gold_items = [d["name"] if isinstance(d, dict) else d for d in gold_items]
            gold = {normalize[kind](g) for g in gold_items}
            predicted = {normalize[kind](p) for p in _predicted(result, pid, label)}
            scores[kind].add(predicted, gold)
            errors[kind] += [f"{pid} missed {g}" for g in sorted(gold - predicted)]
            errors[kind] += [f"{pid} extra {p}" for p in sorted(predicted - gold)]
        gold_pairs = {(plural_stripped(a["short"]), phrase_key(a["long"])) for a in row.get("acronyms", [])}
        pred_pairs = {(a.short, phrase_key(a.long)) for a in result.resolution.acronyms.get(pid, [])}
        scores["acronyms"].add(pred_pairs, gold_pairs)
        errors["acronyms"] += [f"{pid} missed {g}" for g in sorted(gold_pairs - pred_pairs)]
        errors["acronyms"] += [f"{pid} extra {p}" for p in sorted(pred_pairs - gold_pairs)]
        concepts = {concept_key(n) for n in _predicted(result, pid, "Concept")}
        keys = {concept_key(k) for k in row.get("key_concepts", [])}
        key_found += len(keys & concepts)
        key_total += len(keys)
        concept_counts.append(len(concepts))
        key_shares.append(len(keys & concepts) / len(concepts) if concepts else 0.0)
        errors["key_concepts"] += [f"{pid} missed {k}" for k in sorted(keys - concepts)]
    evaluation = Evaluation(
        papers=len(gold_rows),
        scores=scores,
        key_concept_recall=key_found / key_total if key_total else 1.0,
        concepts_per_paper=sum(concept_counts) / len(concept_counts) if concept_counts else 0.0,
        max_concepts_per_paper=max(concept_counts, default=0),
        key_share_of_concepts=sum(key_shares) / len(key_shares) if key_shares else 0.0,
        errors=dict(errors),
    )
    if concept_gold_path is not None:
        evaluation.concept_linking = concept_linking(concept_gold_path, result)
    return evaluation


def _concept_gold(path: Path) -> dict[str, list[str]]:
    """The ``concepts`` map (concept → ids of the papers that refer to it) of a gold file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: invalid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict) or not isinstance(data.get("concepts"), dict):
        raise InputError(f'{path}:1: no "concepts" object (concept → list of paper ids)')
    return data["concepts"]


def concept_linking(path: Path, result: BuildResult) -> dict[str, Score]:
    """For each gold concept: papers linked to it in the graph vs papers that truly refer to it."""
    gold = _concept_gold(path)
    graph = result.graph
    by_key: dict[str, set[str]] = defaultdict(set)
    for node, data in graph.nodes(data=True):
        if data["label"] == "Concept":
            papers = {u for u in graph.predecessors(node) if graph.nodes[u]["label"] == "Paper"}
            by_key[concept_key(data["name"])] |= papers
            by_key[concept_key(node.split(":", 1)[1].replace("-", " "))] |= papers
    scores = {}
    for concept, papers in sorted(gold.items()):
        score = Score()
        score.add(by_key.get(concept_key(concept), set()), set(papers))
        scores[concept] = score
    return scores
