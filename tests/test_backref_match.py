"""Title back-references are matched with string look-ups (nlp/citations/backref.py), not a
regex compiled per document: the matches must be the regex's, position for position."""
from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from cancu.nlp.citations import extract_mentions
from cancu.nlp.citations.backref import TitleRef, TitleRefs

LEADS = ("ve viec", "ve")
WORDS = ("nghi", "quyet", "dinh", "ve", "viec", "quan", "ly", "dat", "dai", "dai hoi", "x")
SPACES = (" ", "\t", "  ", " \t ", "\n")


def _regex_of(refs: list[TitleRef]) -> re.Pattern[str]:
    """The alternation the rule compiled before: head, optional lead, the title's words."""
    lead = "|".join(re.escape(x) for x in LEADS)
    space = r"\s+"
    alts = [rf"(?P<t{i}>{space.join(map(re.escape, r.head))}\s+(?:(?:{lead})\s+)?"
            rf"{space.join(map(re.escape, r.words))})" for i, r in enumerate(refs)]
    return re.compile("|".join(alts))


words = st.lists(st.sampled_from(("nghi", "quyet", "dinh", "ve", "viec", "quan", "ly", "dat", "dai")),
                 min_size=2, max_size=5)


@settings(max_examples=500, deadline=None)
@given(st.lists(words, min_size=1, max_size=4), st.data())
def test_first_match_is_the_regex_match(titles, data):
    refs = list(dict.fromkeys(TitleRef(("nghi", "quyet"), LEADS, tuple(t)) for t in titles))
    # Text made of the type word, the leads, the titles (whole or cut short) and other words.
    fragments = st.one_of(st.sampled_from(WORDS + ("nghi quyet",) + LEADS),
                          st.sampled_from(titles).flatmap(
                              lambda t: st.integers(1, len(t)).map(lambda n: " ".join(t[:n]))))
    pieces = data.draw(st.lists(st.tuples(fragments, st.sampled_from(SPACES)), max_size=30))
    text = "".join(w + s for w, s in pieces)
    regex = _regex_of(refs)
    for m in re.finditer(r"nghi\s+quyet(?![a-z0-9])", text):
        expected = regex.match(text, m.start())
        got = index_match(refs, text, m)
        if expected is None:
            assert got is None
        else:
            assert got == (refs[int(expected.lastgroup[1:])], expected.end())


def index_match(refs, text, m):
    return TitleRefs("nghi quyet", refs).first_match(text, m.start(), m.end())


def test_a_shorter_head_is_matched_word_by_word():
    """"Nghị quyết liên tịch" found by the scan can open a reference cited as "Nghị quyết"."""
    ref = TitleRef(("nghi", "quyet"), LEADS, ("lien", "tich", "ve", "dat"))
    text = "nghi  quyet lien tich ve dat dai"
    assert TitleRefs("nghi quyet lien tich", [ref]).first_match(text, 0, len("nghi  quyet lien tich")) \
        == (ref, len("nghi  quyet lien tich ve dat"))


def test_a_title_needs_two_words():
    try:
        TitleRefs("nghi quyet", [TitleRef(("nghi", "quyet"), LEADS, ("dat",))])
    except ValueError:
        return
    raise AssertionError("a one-word title was accepted")


def test_a_title_named_again_points_to_its_citation():
    text = ("Căn cứ Nghị quyết số 82/NQ-HĐND ngày 10 tháng 7 năm 2024 của Hội đồng nhân dân tỉnh "
            "về việc quy định mức chi hỗ trợ cho các hoạt động phát triển sản xuất. "
            "Thực hiện Nghị quyết về việc quy định mức chi hỗ trợ cho các hoạt động trên địa bàn, Sở Tài chính "
            "hướng dẫn.")
    mentions = extract_mentions(text)
    again = [m for m in mentions if m.start > text.index("Thực hiện")]
    assert [(m.symbol, m.text) for m in again] == [
        ("82/NQ-HĐND", "Nghị quyết về việc quy định mức chi hỗ trợ cho các hoạt động")]
