"""Symbol repair runs its pattern only around the places a repair can be (symbol_repair.py);
it must find every match a scan of the whole text finds there and change the text the same way."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from cancu.nlp.text import symbol_repair
from cancu.nlp.text.normalize import _rewrite, _rewrite_matches, normalize
from cancu.nlp.text.symbol_repair import SYMBOL_BODY, repair_candidates, repair_symbol

ROOT = Path(__file__).resolve().parent.parent


def _both_ways(text: str):
    whole = _rewrite(text, SYMBOL_BODY, repair_symbol)
    around = _rewrite_matches(text, repair_candidates(text), repair_symbol)
    return (whole[0], whole[1]._edits), (around[0], around[1]._edits)


def test_repairs_spaces_and_codes_in_running_text():
    # "2025 - UBND": the year follows a slash, so it opens no symbol
    text = "theo 907- QĐ/TU, 33/CT -TTg và 217-QD/TW; 2231/SNV-CCHC&PC; ngày 12/3/2025 - UBND"
    whole, around = _both_ways(text)
    assert around == whole
    assert around[0] == "theo 907-QĐ/TU, 33/CT-TTg và 217-QĐ/TW; 2231/SNV-CCHC&PC; ngày 12/3/2025 - UBND"


def test_a_symbol_far_from_any_barrier_is_found():
    """All-ASCII text has long stretches without a barrier: the look-back grows until it finds one."""
    text = "so " * 400 + "12 - QD/UBND " + "va " * 400 + "5 / TTg"
    whole, around = _both_ways(text)
    assert around == whole and "12-QĐ/UBND" in around[0]


def test_a_long_symbol_is_repaired_from_its_start():
    """The space to repair is 600 characters after the number that opens the symbol."""
    text = "Số 12" + "/AB-CD" * 100 + " - QD/TW."
    whole, around = _both_ways(text)
    assert around == whole and around[0].endswith("-CD-QĐ/TW.")


def test_the_code_look_ahead_reads_the_barrier_after_a_stretch():
    # "UBNDă": the code is followed by a letter, so no symbol; the ă is a barrier.
    for text in ("12 - UBNDă", "12 - UBND, 3 / QĐ", "1 -X2 -QDi&QD"):
        whole, around = _both_ways(text)
        assert around == whole, text


PIECES = ["12", "907", "2023", "/", "-", " - ", " / ", "&", "QĐ", "QD", "QDi", "TTG", "UBND", "NĐ-CP",
          "CP", "TW", "\t", " ", "Số", "ă", "ngày", ",", "\u00a0", "\ue000", "x", "UB", "Ư"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=40))
def test_same_text_and_edits_as_a_scan_of_the_whole_text(parts):
    whole, around = _both_ways("".join(parts))
    assert around == whole


def test_same_on_the_real_documents():
    texts = sorted((ROOT / "corpus" / "realdocs").glob("*.txt")) + sorted((ROOT / "corpus" / "plans").glob("*.txt"))
    assert len(texts) > 200
    changed = 0
    for path in texts:
        text = normalize(path.read_text(encoding="utf-8")).nfc
        text = re.sub(r"\s+", " ", text)   # the working copy's spacing, before its symbol step
        whole, around = _both_ways(text)
        assert around == whole, path.name
        changed += whole[0] != text
    assert changed > 0   # the documents hold symbols to repair: the comparison is not empty


def test_a_token_that_could_open_a_body_turns_the_shortcut_off(monkeypatch):
    monkeypatch.setattr(symbol_repair, "code_repairs", lambda: {"9QD": "9QĐ", "QD": "QĐ"})
    symbol_repair._sites.cache_clear()
    symbol_repair._repairable.cache_clear()
    try:
        assert symbol_repair._sites() is None
        text = "a 12-QD/TW b"
        assert [m.span() for m in repair_candidates(text)] == [m.span() for m in SYMBOL_BODY.finditer(text)]
    finally:
        symbol_repair._sites.cache_clear()
        symbol_repair._repairable.cache_clear()


@pytest.mark.parametrize("text", ["", "-", "12-", "- QĐ", "12 -\u00a0QĐ", "１２ - QĐ"])
def test_edges(text):
    whole, around = _both_ways(text)
    assert around == whole
