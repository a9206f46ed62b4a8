"""The symbol scan that jumps from slash to slash finds what a scan of the whole text finds."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from cancu.nlp.citations.symbols import SYMBOL, symbol_matches
from cancu.nlp.text.normalize import normalize

REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "realdocs" / "texts"


def spans(matches) -> list[tuple]:
    return [(m.span(), m.groupdict()) for m in matches]


def test_symbols_of_every_family_and_their_neighbours():
    text = ("Căn cứ Nghị định số 59/2023/NĐ-CP, Luật số 10/2022/QH15; 217-QĐ/TW và 217/QĐ-TW, "
            "44/UBND-NC,2231/SNV-CCHC&PC ngày 14/8/2023 (x5/KH-UBND) 1.5/QĐ-UBND 12/KH-UBNDé\t7/KH-UBND")
    found = spans(symbol_matches(text))
    assert found == spans(SYMBOL.finditer(text))
    assert [text[s:e] for (s, e), _ in found] == [
        "59/2023/NĐ-CP", "10/2022/QH15", "217-QĐ/TW", "217/QĐ-TW", "44/UBND-NC", "2231/SNV-CCHC&PC", "7/KH-UBND"]


PIECES = ["59", "2023", "1", "/", "-", "&", "NĐ", "CP", "QH15", "QĐ", "TW", "QĐi", "UBND", "x", "é", ".", " ",
          "\t", ",", "١٢", "Đ", "Ư", "a"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_same_matches_as_a_whole_scan(pieces):
    text = "".join(pieces)
    assert spans(symbol_matches(text)) == spans(SYMBOL.finditer(text))


@pytest.mark.skipif(not REALDOCS.is_dir(), reason="real documents not available")
def test_same_matches_in_real_documents():
    for path in sorted(REALDOCS.glob("*.txt"))[:80]:
        text = normalize(path.read_text(encoding="utf-8")).text
        assert spans(symbol_matches(text)) == spans(SYMBOL.finditer(text)), path.name
