"""bench/extract_fixed_cost.py splits extraction time into a cost per document, per byte
and per mention by a least-squares fit: on times made from known costs it must give them
back, and it must refuse documents that cannot tell the three apart."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import extract_fixed_cost as bench  # noqa: E402


def test_known_costs_are_given_back():
    sizes = [1_000, 5_000, 2_000, 40_000, 12_000]
    mentions = [8, 10, 30, 60, 5]
    seconds = [300e-6 + 30e-9 * s + 25e-6 * m for s, m in zip(sizes, mentions)]
    costs = bench.fit_costs(sizes, mentions, seconds)
    assert costs.per_document == pytest.approx(300e-6)
    assert costs.per_byte == pytest.approx(30e-9)
    assert costs.per_mention == pytest.approx(25e-6)
    assert costs.of(5, sum(sizes), sum(mentions)) == pytest.approx(
        (5 * 300e-6, 30e-9 * sum(sizes), 25e-6 * sum(mentions)))


def test_mentions_in_step_with_size_cannot_be_told_apart():
    sizes = [1_000, 2_000, 4_000]
    with pytest.raises(ValueError, match="differ"):
        bench.fit_costs(sizes, [s // 100 for s in sizes], [1e-3, 2e-3, 4e-3])
