#!/usr/bin/env python3
"""Precision / recall / F1 of extraction against a gold file.

    scripts/eval_extraction.py tests/gold/extraction_gold.jsonl [--concepts tests/gold/concept_gold.json] [--json]

Builds the bundled corpus (or INPUT... given with --input) and compares.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graphbuild.errors import GraphbuildError  # noqa: E402
from graphbuild.evaluation import evaluate  # noqa: E402
from graphbuild.pipeline import build  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("gold", type=Path)
    parser.add_argument("--concepts", type=Path, help="concept linking gold (JSON)")
    parser.add_argument("--input", nargs="*", default=[], help="corpus files (default: the bundled corpus)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--errors", action="store_true", help="list every miss and extra")
    args = parser.parse_args()
    try:
        result = build(args.input, None, progress=False)
        evaluation = evaluate(args.gold, result, args.concepts)
    except GraphbuildError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(evaluation.as_dict(), indent=1))
        return 0
    print(f"{evaluation.papers} gold papers")
    print(f"{'type':<14}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'pred':>7}")
    for kind, s in evaluation.scores.items():
        print(f"{kind:<14}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.gold:>7}{s.predicted:>7}")
    print(
        f"key concepts found: {evaluation.key_concept_recall:.3f}; concepts per paper: "
        f"{evaluation.concepts_per_paper:.1f} (max {evaluation.max_concepts_per_paper}); "
        f"key share of a paper's concepts: {evaluation.key_share_of_concepts:.3f}"
    )
    if evaluation.concept_linking:
        total = evaluation.linking_totals()
        print(
            f"concept linking over {len(evaluation.concept_linking)} concepts: "
            f"P {total.precision:.3f} R {total.recall:.3f} F1 {total.f1:.3f}"
        )
        for concept, s in evaluation.concept_linking.items():
            print(
                f"  {concept:<40} P {s.precision:.3f} R {s.recall:.3f} (gold {s.gold}, linked {s.predicted})"
            )
    if args.errors:
        for kind, lines in evaluation.errors.items():
            for line in lines:
                print(f"{kind}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
