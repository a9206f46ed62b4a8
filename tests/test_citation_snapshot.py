"""The citation engine's output over the 5 seed plans and 269 real documents is
exactly the committed snapshot (tests/data/citation_snapshot.jsonl).

Speed work must change no result; a change meant to alter results regenerates the
snapshot (`python bench/citation_snapshot.py > tests/data/citation_snapshot.jsonl`)
and the diff shows every mention it moved.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.citation_snapshot import snapshot_rows, snapshot_texts
from cancu.pipeline import Extractor, load_registry

SNAPSHOT = Path(__file__).parent / "data" / "citation_snapshot.jsonl"


@pytest.mark.skipif(not snapshot_texts(), reason="shared texts not present")
def test_mentions_equal_the_snapshot():
    expected = [json.loads(ln) for ln in SNAPSHOT.read_text(encoding="utf-8").splitlines()]
    names = Extractor(load_registry()).names
    got = [json.loads(json.dumps(r, ensure_ascii=False)) for r in snapshot_rows(snapshot_texts(), names)]
    assert len({r["file"] for r in got}) == 274
    diffs = [(e, g) for e, g in zip(expected, got) if e != g]
    assert not diffs, f"{len(diffs)} rows differ; first: {diffs[0]}"
    assert len(got) == len(expected)
