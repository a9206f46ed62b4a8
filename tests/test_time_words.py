"""The every, next_year, freq_lead and inside_year rows of nlp/data/obligation_time.tsv, each
example (a real sentence, fourth column) run through the time rules that read it
(nlp/obligations/deadlines.py), and again with the phrase replaced."""
from importlib import resources

import pytest

from cancu.nlp.obligations.deadlines import find_limits, find_schedule
from cancu.nlp.text.fold import fold_text

_LINES = (resources.files("cancu.nlp") / "data" / "obligation_time.tsv").read_text(encoding="utf-8").splitlines()
KINDS = ("every", "next_year", "freq_lead", "inside_year")
ROWS = [ln.split("\t") for ln in _LINES if ln.split("\t")[0] in KINDS]


def _with_example(kind: str) -> list[list[str]]:
    return [r for r in ROWS if r[0] == kind and len(r) > 3 and r[3]]


def _spans(text: str, find) -> list[str]:
    f = fold_text(text)
    return [f[t.start:t.end] for t in find(f)]


def _limits(text: str) -> list[str]:
    return _spans(text, lambda f: find_limits(f, 0, len(f)))


def test_the_rows_without_a_real_example_are_these():
    assert {(r[0], r[1]) for r in ROWS if len(r) < 4 or not r[3]} == {
        ("every", "mỗi"), ("next_year", "năm sau"), ("inside_year", "giữa")}


@pytest.mark.parametrize("row", _with_example("every"), ids=lambda r: r[1])
def test_every_makes_a_recurring_deadline(row):
    _, word, _, text = row
    assert any(fold_text(word) in s for s in _limits(text))
    assert _limits(text.replace(word, "xyz", 1)) == []


@pytest.mark.parametrize("row", _with_example("next_year"), ids=lambda r: r[1])
def test_the_next_year_goes_with_the_deadline(row):
    _, phrase, _, text = row
    assert any(s.endswith(fold_text(phrase)) for s in _limits(text))
    assert not any("xyz" in s for s in _limits(text.replace(phrase, "xyz", 1)))


@pytest.mark.parametrize("row", _with_example("freq_lead"), ids=lambda r: r[1])
def test_a_lead_word_opens_the_recurrence(row):
    _, phrase, _, text = row
    assert _spans(text, find_schedule)[0].startswith(fold_text(phrase))
    assert not _spans(text.replace(phrase, "xyz", 1), find_schedule)[0].startswith("xyz")


@pytest.mark.parametrize("row", _with_example("inside_year"), ids=lambda r: r[1])
def test_a_time_inside_the_year_is_no_year_of_its_own(row):
    _, word, _, text = row
    assert not any(s.startswith("nam ") for s in _spans(text, find_schedule))
    assert any(s.startswith("nam ") for s in _spans(text.replace(f" {word} ", " xyz ", 1), find_schedule))
