"""The hand check of issue #12 (tests/data/obligations_hand_check.tsv): 40 obligations drawn
at random from documents outside the gold, each judged by reading the document.

Two things are checked: the precision of the recorded verdicts (the issue asks for ≥ 0.90),
and that every obligation judged correct is still extracted the same way today — so a change
that loses or alters one of them fails here and asks for the hand check to be redone
(`.venv/bin/python bench/sample_obligations.py`, then judge the new sample).
"""
from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.sample_obligations import REALDOCS, TSV_COLUMNS, extract_located, one_line

HAND_CHECK = Path(__file__).resolve().parent / "data" / "obligations_hand_check.tsv"
TARGET_PRECISION = 0.90
SAMPLE_SIZE = 40
SAME_START = 60     # characters of the task that must still start the extracted task
REDO = ("redo the hand check / cần kiểm tra lại bằng tay: .venv/bin/python "
        "bench/sample_obligations.py, judge the new sample, rewrite " + HAND_CHECK.name)


@dataclass(frozen=True)
class Verdict:
    doc: str
    line: int
    source: str
    modality: str
    actor: str
    task: str
    correct: bool
    why: str


def load_verdicts(path: Path = HAND_CHECK) -> list[Verdict]:
    lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    assert tuple(reader.fieldnames or ()) == TSV_COLUMNS, f"{path.name}: header {reader.fieldnames}"
    out = []
    for n, row in enumerate(reader, 2):
        assert row["verdict"] in ("correct", "incorrect"), f"{path.name} row {n}: verdict {row['verdict']!r}"
        assert row["why"].strip(), f"{path.name} row {n}: no reason given"
        out.append(Verdict(row["doc"], int(row["line"]), row["source"], row["modality"], row["actor"],
                           row["task"], row["verdict"] == "correct", row["why"]))
    return out


VERDICTS = load_verdicts()


def precision(verdicts: list[Verdict]) -> float:
    return sum(v.correct for v in verdicts) / len(verdicts)


def test_the_file_holds_the_whole_sample():
    assert len(VERDICTS) == SAMPLE_SIZE
    assert len({(v.doc, v.line, v.actor, v.task) for v in VERDICTS}) == SAMPLE_SIZE
    for v in VERDICTS:
        assert (REALDOCS / v.doc).is_file(), v.doc
        assert v.modality in ("must", "request", "prohibition"), v


def test_precision_of_the_hand_check_reaches_the_target():
    p = precision(VERDICTS)
    wrong = [f"{v.doc}:{v.line} {v.why}" for v in VERDICTS if not v.correct]
    assert p >= TARGET_PRECISION, (f"precision {p:.3f} ({sum(v.correct for v in VERDICTS)}/{len(VERDICTS)}) "
                                   f"< {TARGET_PRECISION}:\n" + "\n".join(wrong))


@pytest.fixture(scope="module")
def extracted_now() -> dict[str, list]:
    docs = sorted({v.doc for v in VERDICTS if v.correct})
    by_doc: dict[str, list] = defaultdict(list)
    for item in extract_located([REALDOCS / d for d in docs]):
        by_doc[item.doc].append(item)
    return by_doc


def still_extracted(v: Verdict, found: list) -> bool:
    for item in found:
        o = item.obligation
        if (item.line == v.line and one_line(o.actor) == v.actor
                and one_line(o.task).startswith(v.task[:SAME_START])):
            return True
    return False


def test_every_obligation_judged_correct_is_still_extracted(extracted_now):
    lost = [f"{v.doc}:{v.line} {v.actor!r}: {v.task[:SAME_START]!r}"
            for v in VERDICTS if v.correct and not still_extracted(v, extracted_now[v.doc])]
    assert not lost, (f"{len(lost)} obligation(s) judged correct by hand are no longer extracted "
                      f"as judged; {REDO}\n" + "\n".join(lost))


def test_a_changed_obligation_is_noticed(extracted_now):
    # The comparison itself must be able to fail: the same row with another actor or another
    # line is not found.
    v = next(v for v in VERDICTS if v.correct)
    assert still_extracted(v, extracted_now[v.doc])
    assert not still_extracted(Verdict(**{**v.__dict__, "actor": v.actor + " X"}), extracted_now[v.doc])
    assert not still_extracted(Verdict(**{**v.__dict__, "line": v.line + 1000}), extracted_now[v.doc])
