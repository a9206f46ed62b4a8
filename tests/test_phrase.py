"""Words found by string search (nlp/text/phrase.py) are where the regex they replace finds them."""
from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from cancu.nlp.text.phrase import whole_words, words_at

WORDS = ("bac", "ninh", "ba", "so", "tai", "chinh", "_", "9")
SEPARATORS = (" ", "  ", "\t", "\n", "", "-", ".", "é", "_")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
       st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=40))
def test_whole_words_are_the_regex_matches(words, pieces):
    text = "".join(w + s for w, s in pieces)
    pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)"
    assert list(whole_words(text, words)) == [m.span() for m in re.finditer(pattern, text)]


def test_words_at_crosses_any_whitespace_run_and_may_end_inside_a_word():
    assert words_at("tỉnh  Bắc\n\tNinhx", 0, ("tỉnh", "Bắc", "Ninh")) == len("tỉnh  Bắc\n\tNinh")
    assert words_at("tỉnh Bắc-Ninh", 0, ("tỉnh", "Bắc", "Ninh")) is None
    assert words_at("xtỉnh Bắc", 1, ("tỉnh",)) == len("xtỉnh")


def test_whole_words_do_not_overlap():
    """As re.finditer: the search goes on after a match, so "ba ba ba" holds "ba ba" once."""
    assert list(whole_words("ba ba ba", ["ba", "ba"])) == [(0, 5)]
    assert list(whole_words("xba ba_ba ba", ["ba", "ba"])) == []
