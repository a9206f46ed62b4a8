"""The type-word scan that looks only at word starts (type_scan.py) takes the matches the
scan of the whole folded text takes, in its order, whatever the text."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from cancu.nlp.citations.extract import _accents_agree, _Reader
from cancu.nlp.citations.grammar import grammar
from cancu.nlp.citations.type_scan import scan_whole, scan_words, skeleton
from cancu.nlp.text.fold import fold
from cancu.nlp.text.normalize import normalize

REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "realdocs" / "texts"
SCAN = grammar().type_scan


def _taken(found) -> list[tuple]:
    return [(m.span(), m.group("tw"), taken) for m, taken in found]


def _reject_some(m):
    """Rejects every phrase of an odd length: a rejected match lets the next start inside it."""
    return None if len(m.group("tw")) % 2 else m.group("tw")


def _both(f: str, accept=_reject_some):
    return _taken(scan_words(f, SCAN, accept)), _taken(scan_whole(f, SCAN.pattern, accept))


def test_type_words_after_spaces_marks_and_at_the_start():
    f = fold("Luật Đất đai; (Nghị định 59), “Quyết định”\tthông tư liên tịch-kế hoạch "
             "hiến pháp lệnh, phápluật, xluật, ke hoạchx, thông\ttư, bộ  luật")
    fast, whole = _both(f, lambda m: m.group("tw"))
    assert fast == whole
    assert [tw for _, tw, _ in fast] == [
        "luat", "nghi dinh", "quyet dinh", "thong tu lien tich", "ke hoach", "hien phap", "lenh", "thong\ttu",
        "bo  luat"]


def test_a_rejected_match_lets_one_start_inside_it():
    f = "thuc hien phap lenh so 5"
    fast, whole = _both(f, lambda m: None if m.group("tw") == "hien phap" else m.group("tw"))
    assert fast == whole == [((10, 19), "phap lenh", "phap lenh")]


def test_the_skeleton_keeps_one_byte_a_character():
    assert skeleton("luật x\t(𝔸)") == b"lu#t x####"
    assert skeleton("ab\ud800c") == b"ab#c"


PIECES = ["luat", "bo luat", "phap lenh", "hien phap", "nghi dinh", "nghi quyet lien tich", "ke hoach",
          "ke hoach lien tich", "thong bao ket luan", "ket luan", "chuong trinh", "chuong trinh hanh dong",
          "quy", "quyet", "dinh", "lien tich", "van ban", "thong", " ", "  ", "\t", "\x1f", "\u2003", "(", "-",
          ".", "x", "a", "5", "ư", "é", "#", "?", "𝔸", "\ud800"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=30))
def test_same_matches_as_the_whole_scan(pieces):
    fast, whole = _both("".join(pieces))
    assert fast == whole


@pytest.mark.skipif(not REALDOCS.is_dir(), reason="real documents not available")
def test_same_type_words_in_real_documents():
    by_folded = grammar().type_by_folded
    taken = 0
    for path in sorted(REALDOCS.glob("*.txt"))[::3]:
        reader = _Reader(normalize(path.read_text(encoding="utf-8")), None, None)

        def accept(m):   # the reader's: the accents as written agree with the word's
            tw = by_folded[" ".join(m.group("tw").split())]
            return tw if _accents_agree(reader.t[m.start():m.end()], tw.word) else None
        fast, whole = _both(reader.f, accept)
        assert fast == whole, path.name
        assert [(m.span(), tw) for m, tw in reader.type_words()] == [(span, tw) for span, _, tw in fast]
        taken += len(fast)
    assert taken > 1000
