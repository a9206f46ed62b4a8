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


def _taken(f: str, found) -> list[tuple]:
    return [((start, end), f[start:end], taken) for start, end, taken in found]


def _reject_some(phrase: str) -> str | None:
    """Rejects every phrase of an odd length: a rejected match lets the next start inside it."""
    return None if len(phrase) % 2 else phrase


def _both(f: str, take=_reject_some):
    """Both scans of `f`, each type word taken as `take(the phrase as folded)` gives."""
    def accept(start: int, end: int):
        return take(f[start:end])
    return _taken(f, scan_words(f, SCAN, accept)), _taken(f, scan_whole(f, SCAN.pattern, accept))


def test_type_words_after_spaces_marks_and_at_the_start():
    f = fold("Luật Đất đai; (Nghị định 59), “Quyết định”\tthông tư liên tịch-kế hoạch "
             "hiến pháp lệnh, phápluật, xluật, ke hoạchx, thông\ttư, bộ  luật")
    fast, whole = _both(f, lambda phrase: phrase)
    assert fast == whole
    assert [tw for _, tw, _ in fast] == [
        "luat", "nghi dinh", "quyet dinh", "thong tu lien tich", "ke hoach", "hien phap", "lenh", "thong\ttu",
        "bo  luat"]


def test_a_rejected_match_lets_one_start_inside_it():
    f = "thuc hien phap lenh so 5"
    fast, whole = _both(f, lambda phrase: None if phrase == "hien phap" else phrase)
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

        def accept(start: int, end: int):   # the reader's: the accents as written agree with the word's
            tw = by_folded[" ".join(reader.f[start:end].split())]
            return tw if _accents_agree(reader.t[start:end], tw.word) else None
        fast = scan_words(reader.f, SCAN, accept)
        assert fast == scan_whole(reader.f, SCAN.pattern, accept), path.name
        assert reader.type_words() == fast
        taken += len(fast)
    assert taken > 1000
