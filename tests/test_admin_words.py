"""The admin_report_* and partner_end rows of nlp/data/obligation_cues.tsv, each example run
through the rule of the administrative forms (admin.py) that reads it."""
import re
from importlib import resources

import pytest

from cancu.nlp.obligations.admin import _REPORT_START, Doc, _cooperating
from cancu.nlp.text.normalize import normalize
from cancu.nlp.text.fold import fold

_LINES = (resources.files("cancu.nlp") / "data" / "obligation_cues.tsv").read_text(encoding="utf-8").splitlines()
ROWS = [ln.split("\t") for ln in _LINES if ln.startswith("admin_report_")]


def _at(f: str, phrase: str) -> int:
    m = re.search(rf"(?<![a-z]){re.escape(fold(phrase).lower())}(?![a-z])", f)
    assert m, phrase
    return m.start()


def test_the_rows_without_a_real_example_are_these():
    assert {r[1] for r in ROWS if len(r) < 3} == {"thường xuyên", "thực hiện tốt chế độ báo cáo"}


@pytest.mark.parametrize("row", [r for r in ROWS if len(r) > 2], ids=lambda r: f"{r[0]}:{r[1]}")
def test_report_words_open_a_reporting_task(row):
    kind, phrase, example = row
    f = fold(example).lower()
    at = _at(f, phrase)
    assert _REPORT_START.match(f, at)
    if kind == "admin_report_lead":
        # the lead word alone is no report: a report start must follow it
        assert not _REPORT_START.match(f"{fold(phrase)} trien khai thuc hien")


def test_a_task_without_report_words_is_not_reporting():
    f = fold("Nghiêm túc triển khai thực hiện các nội dung của Kế hoạch").lower()
    assert not _REPORT_START.match(f)


PARTNER_ROWS = [ln.split("\t") for ln in _LINES if ln.startswith("partner_end\t")]


def _partners(sentence: str) -> list[str]:
    return _cooperating(Doc(normalize(sentence), None, {}), 0, len(sentence))[0]


def test_the_partner_end_words_without_a_real_example_are_these():
    assert {r[1] for r in PARTNER_ROWS if len(r) < 3} == {"trong", "theo", "về", "tại", "nhằm"}


@pytest.mark.parametrize("row", [r for r in PARTNER_ROWS if len(r) > 2], ids=lambda r: r[1])
def test_partner_end_word_closes_the_partners(row):
    _, word, example = row
    partners = _partners(example)
    assert partners and not any(re.search(rf"(?<!\w){word}(?!\w)", p) for p in partners)
    # with another word in its place the partner runs on to the task verb
    other = _partners(example.replace(f" {word} ", " xyz ", 1))
    assert other != partners
