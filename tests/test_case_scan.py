"""CaseScan finds a phrase pattern's matches through the lower-cased text (case_scan.py):
they must be the pattern's own, whatever the text."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from cancu.nlp.text.case_scan import CaseScan, _groups
from cancu.nlp.text.normalize import _repair_vocabulary

VOCAB = _repair_vocabulary()
WORDS, PREFIXES = VOCAB.words, VOCAB.prefixes


def _spans(scan: CaseScan, text: str):
    return [(m.span(), m.groupdict()) for m in scan.finditer(text)], \
        [(m.span(), m.groupdict()) for m in scan.pattern.finditer(text)]


def test_the_repair_words_are_found_in_every_case():
    text = "theo Nghi định số s20/2008/NĐ-CP, NGHI ĐỊNH và nghi đinh; Tchức, số142/2018/NĐ-CP, Luât"
    fast, whole = _spans(WORDS, text)
    assert fast == whole and len(fast) == 5
    fast, whole = _spans(PREFIXES, text)
    assert fast == whole and len(fast) == 2


PIECES = ["Nghi định", "NGHI ĐỊNH", "nghi đinh", "Nghị quyêt", "Tchức", "TCHỨC", "tchưc", "Thông tu",
          "THÔNG TỨ", "Luât", "LUÂT", "Chỉ thỉ", "Quyêt định", "s", "S", "sô", "SỐ", "Số", "20/2008/NĐ-CP",
          "12-QĐ/TW", "5", " ", "\t", "x", "K", "\u212a", "İ", "Σ", "ς", "ẞ", "ß", "a", "-"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=30))
def test_same_matches_as_the_pattern(parts):
    text = "".join(parts)
    for scan in (WORDS, PREFIXES):
        fast, whole = _spans(scan, text)
        assert fast == whole


def test_a_text_that_lower_cases_longer_is_scanned_whole():
    text = "İ Nghi định"          # "İ".lower() is two characters: offsets would move
    assert len(text.lower()) != len(text)
    fast, whole = _spans(WORDS, text)
    assert fast == whole and len(fast) == 1


def test_overlapping_phrases_are_all_tried():
    """In "ababab" the pattern matches at 2 ("abab" at 0 is followed by a letter): a place
    inside an earlier one of the same phrase group must be tried too."""
    pattern = re.compile(r"(?:abab|ab)(?![a-z])")
    scan = CaseScan(pattern, {"abab", "ab", "ABAB", "AB"})
    for text in ("ababab", "aab ab", "xab", "ABABAB"):
        assert [m.span() for m in scan.finditer(text)] == [m.span() for m in pattern.finditer(text)], text


def test_groups_share_their_first_letters_and_cover_every_phrase():
    phrases = sorted({"nghi định", "nghị đinh", "luât", "s", "sô", "số", "tchức", "thông tu"})
    groups = _groups(phrases)
    assert sorted(p for g in groups for p in g) == phrases
    assert ["s", "sô", "số"] in groups     # "s" ends where the others go on: one group


def test_an_empty_phrase_is_refused():
    with pytest.raises(ValueError):
        CaseScan(re.compile("a?"), {"", "a"})
