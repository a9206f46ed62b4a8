"""The admin_report_* rows of nlp/data/obligation_cues.tsv, each example run through the
pattern the administrative forms use to call a task a reporting duty (admin.py)."""
import re
from importlib import resources

import pytest

from cancu.nlp.obligations.admin import _REPORT_START
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
