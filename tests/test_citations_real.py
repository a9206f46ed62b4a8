"""Citation extraction scored against the gold of 12 real documents
(tests/data/realdocs, conventions in /work/shared/realdocs/README.md: procedural
documents are mentions, programme nicknames and self-references are not).

The thresholds are the figures reached; a change that lowers them fails here.
"""
from __future__ import annotations

import pytest

from tests.gold import REALDOCS, Span, gold_mentions, predicted_mentions, score_instruments, score_mentions

MENTIONS_P, MENTIONS_R = 0.96, 0.95
INSTRUMENTS_P, INSTRUMENTS_R = 0.98, 0.96


@pytest.fixture(scope="module")
def predicted() -> list[Span]:
    return predicted_mentions(REALDOCS)


@pytest.fixture(scope="module")
def gold() -> list[Span]:
    return gold_mentions("real_citations.jsonl", REALDOCS)


def test_real_gold_covers_the_texts(gold):
    assert len(gold) == 132
    assert {g.doc for g in gold} <= {p.name for p in REALDOCS.glob("*.txt")}


def test_real_mentions_match_gold(predicted, gold):
    score = score_mentions(predicted, gold)
    report = "\n".join(["missed:"] + score.misses + ["extra:"] + score.extras)
    print(f"mentions P={score.precision:.3f} R={score.recall:.3f}\n{report}")
    assert score.precision >= MENTIONS_P and score.recall >= MENTIONS_R, report


def test_real_instruments_match_gold(predicted, gold):
    score = score_instruments(predicted, gold)
    report = "\n".join(["missed:"] + score.misses + ["extra:"] + score.extras)
    print(f"instruments P={score.precision:.3f} R={score.recall:.3f}\n{report}")
    assert score.precision >= INSTRUMENTS_P and score.recall >= INSTRUMENTS_R, report
