"""Syllables are grouped into runs that punctuation breaks and spaces, line breaks and a
symbol's joints ("59/2023/NĐ-CP") do not. `phrase_runs` splits the text at the breaking
characters; the rule here tests each gap between two syllables, one by one."""
from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings, strategies as st

from cancu.search.analysis import normalize_syllable, phrase_runs

_SYLLABLE = re.compile(r"\w+")
_JOINING_GAP = re.compile(r"[\s/\-.]*")


def _runs_by_the_rule(text: str) -> list[list[str]]:
    nfc = unicodedata.normalize("NFC", text)
    runs: list[list[str]] = []
    last_end = None
    for m in _SYLLABLE.finditer(nfc):
        if last_end is None or not _JOINING_GAP.fullmatch(nfc, last_end, m.start()):
            runs.append([])
        runs[-1].append(normalize_syllable(m.group()))
        last_end = m.end()
    return runs


def test_punctuation_breaks_a_run_and_a_symbol_stays_whole():
    assert phrase_runs("Xã Tân Lập; Ủy ban nhân dân\nhuyện (Nghị định 59/2023/NĐ-CP)") == [
        ["xã", "tân", "lập"], ["ủy", "ban", "nhân", "dân", "huyện"], ["nghị", "định", "59", "2023", "nđ", "cp"]]


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aBỦ\u0301 \t\n/-.,;_()5đ\u00a0\u2028·“")), max_size=40))
def test_runs_are_those_of_the_gap_by_gap_rule(text):
    assert phrase_runs(text) == _runs_by_the_rule(text)
