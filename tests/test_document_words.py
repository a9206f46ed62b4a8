"""Every row of nlp/data/document_info.tsv, run on its real example line through the rule that
reads it (nlp/document.py), and again with the phrase replaced by a word no list holds."""
import re

import pytest

from cancu.nlp import document as doc
from cancu.nlp.citations.vocab import read_tsv

ROWS = read_tsv("document_info.tsv")


def _rows(kind: str) -> list[dict[str, str]]:
    return [r for r in ROWS if r["kind"] == kind]


def _without(line: str, phrase: str) -> str:
    return re.sub(re.escape(phrase), "xyz", line, count=1, flags=re.I)


def _zone(text: str) -> tuple[str, str]:
    """A header zone of these lines and its folded copy, as read_document_info makes them."""
    return doc._header_zone(text.split("\n"))


def _folded_zone(text: str) -> str:
    return _zone(text)[1]


def test_every_row_has_a_real_example():
    assert [r["phrase"] for r in ROWS if not r["example"]] == []


@pytest.mark.parametrize("row", _rows("letter_mark"), ids=lambda r: r["phrase"])
def test_a_letter_mark_makes_a_cong_van(row):
    assert doc._LETTER_MARK.search(_folded_zone(row["example"]))
    assert not doc._LETTER_MARK.search(_folded_zone(_without(row["example"], row["phrase"])))


@pytest.mark.parametrize("row", _rows("subject_opener"), ids=lambda r: r["phrase"])
def test_a_subject_opener_opens_the_subject_line(row):
    line = row["example"]
    zone = f"Số: 1234/CT-CS\n{line}\n\nKính gửi: Thuế tỉnh Quảng Trị."
    subject = line[len(row["phrase"]):].strip(" :")
    assert doc._letter_subject(*_zone(zone)) == subject
    other = _without(zone, row["phrase"])
    assert doc._letter_subject(*_zone(other)) is None


@pytest.mark.parametrize("row", _rows("subject_end"), ids=lambda r: r["phrase"])
def test_a_subject_end_ends_the_subject_line(row):
    zone = f"V/v hướng dẫn góp vốn điều lệ\n{row['example']}"
    assert doc._letter_subject(*_zone(zone)) == "V/v hướng dẫn góp vốn điều lệ"[4:]
    other = _without(zone, row["phrase"])
    assert doc._letter_subject(*_zone(other)) != "hướng dẫn góp vốn điều lệ"


@pytest.mark.parametrize("row", _rows("period"), ids=lambda r: r["phrase"])
def test_a_period_phrase_dates_the_title(row):
    period = doc._period(row["example"])
    want = {"h1": (1, 6), "h2": (7, 12), "range": (1, 12), "until": (1, 12), "year": (1, 12)}[row["value"]]
    assert period and (period.start.month, period.end.month) == want
    # the phrase without its first word is read as a later row (or not at all)
    first = row["phrase"].split()[0]
    other = doc._period(_without(row["example"], first))
    assert other is None or other.text != period.text


@pytest.mark.parametrize("row", _rows("no_period"), ids=lambda r: r["phrase"])
def test_a_repeal_names_no_period_of_its_own(row):
    assert doc._period(row["example"]) is None
    assert doc._period(_without(row["example"], row["phrase"])) is not None
