"""Every row of nlp/data/issuer_statement.tsv, run on its real example sentence through the
reader of "Ủy ban nhân dân xã X ban hành Kế hoạch …" (nlp/document.py)."""
import re

import pytest

from cancu.nlp.citations.vocab import read_tsv
from cancu.nlp.document import _issuer
from cancu.nlp.model import DocumentInfo
from cancu.nlp.text.fold import fold

ROWS = read_tsv("issuer_statement.tsv")
# a word in place of the row's phrase that no row holds, so the sentence names no issuer
_OTHER = {"council": "Sở Tư pháp", "verb": "về việc", "instrument": "Thông báo"}


def _issuer_of(sentence: str) -> str | None:
    info = DocumentInfo()
    _issuer(sentence, fold(sentence), info)
    return info.issuer


def _without(example: str, phrase: str, other: str) -> str:
    return re.sub(re.escape(phrase), other, example, count=1, flags=re.I)


def test_the_rows_without_a_real_example_are_these():
    assert {r["phrase"] for r in ROWS if not r["example"]} == {"hội đồng nhân dân", "hđnd", "chương trình"}


@pytest.mark.parametrize("row", [r for r in ROWS if r["example"]], ids=lambda r: f"{r['part']}:{r['phrase']}")
def test_the_phrase_names_the_issuer(row):
    found = _issuer_of(row["example"])
    assert found, row["example"]
    if row["part"] == "office":
        assert fold(found).startswith(fold(row["phrase"]) + " ")
        assert not fold(_issuer_of(_without(row["example"], row["phrase"] + " ", ""))).startswith(fold(row["phrase"]))
    else:
        assert _issuer_of(_without(row["example"], row["phrase"], _OTHER[row["part"]])) is None


def test_a_capitalised_name_is_kept_and_a_lower_case_phrase_is_not_a_name():
    assert _issuer_of("Ủy ban nhân dân xã Bình Giang xây dựng Kế hoạch triển khai thực hiện") \
        == "Ủy ban nhân dân xã Bình Giang"
    assert _issuer_of("Ủy ban nhân dân tỉnh về việc ban hành Kế hoạch") is None
