from __future__ import annotations

import json

from graphbuild.graph import MAX_EVIDENCE, evidence_json
from graphbuild.records import Mention


def _mention(text: str, start: int, sentence: str) -> Mention:
    return Mention("paper:1", "Concept", text, start, start + len(text), sentence, "concept:x", "x")


def test_evidence_is_what_json_dumps_writes_for_the_first_mentions():
    tricky = 'A "quoted" back\\slash, tab\there, line\nbreak, \x01 control, naïve 多 😀 \u2028.'
    mentions = [
        _mention(text, i * 7, sentence)
        for i, (text, sentence) in enumerate(
            [("naïve", tricky), ('"q"', tricky), ("plain", "Plain sentence.")] * 5
        )
    ]
    expected = json.dumps(
        [
            {"mention": m.text, "start": m.start, "end": m.end, "sentence": m.sentence}
            for m in mentions[:MAX_EVIDENCE]
        ],
        ensure_ascii=False,
        sort_keys=True,
    )
    assert evidence_json(mentions, {}) == expected
    assert json.loads(evidence_json(mentions[:1], {}))[0]["sentence"] == tricky
