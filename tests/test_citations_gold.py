"""Citation extraction scored against the seed gold (issue: mention and
instrument precision and recall ≥ 0.98)."""
from __future__ import annotations

import pytest

from tests.gold import PLANS, Span, gold_mentions, predicted_mentions, score_instruments, score_mentions


@pytest.fixture(scope="module")
def predicted() -> list[Span]:
    return predicted_mentions(PLANS)


def test_mentions_match_gold(predicted):
    score = score_mentions(predicted, gold_mentions())
    report = "\n".join(["missed:"] + score.misses + ["extra:"] + score.extras)
    print(f"mentions P={score.precision:.3f} R={score.recall:.3f}\n{report}")
    assert score.precision >= 0.98 and score.recall >= 0.98, report


def test_instruments_match_gold(predicted):
    score = score_instruments(predicted, gold_mentions())
    report = "\n".join(["missed:"] + score.misses + ["extra:"] + score.extras)
    print(f"instruments P={score.precision:.3f} R={score.recall:.3f}\n{report}")
    assert score.precision >= 0.98 and score.recall >= 0.98, report
