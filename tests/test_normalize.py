"""The working copy and its offset map (docs/ARCHITECTURE.md § Text)."""
from __future__ import annotations

import unicodedata

from hypothesis import given, settings, strategies as st

from cancu.nlp.citations import extract_mentions
from cancu.nlp.text.normalize import normalize


def test_working_copy_repairs_what_the_design_lists():
    original = unicodedata.normalize(
        "NFD", "Uỷ ban  nhân\n\ndân tỉnh – “Kế hoạch” 907-\n\nQĐ/TU, 33/CT -TTg, 217-QD/TW, hoà")
    n = normalize(original)
    assert n.text == 'Ủy ban nhân dân tỉnh - "Kế hoạch" 907-QĐ/TU, 33/CT-TTg, 217-QĐ/TW, hòa'


def test_tabs_keep_table_cells_apart():
    assert normalize("Nhiệm vụ \t Chủ trì\n\nPhối hợp").text == "Nhiệm vụ\tChủ trì Phối hợp"


def test_every_span_maps_back_to_the_same_words():
    original = unicodedata.normalize("NFD", "Căn cứ Nghị \n\nđịnh số 59/2023/\n NĐ-CP ngày 14/8/2023; Uỷ ban")
    n = normalize(original)
    for word in ["Căn cứ", "Nghị định", "59/2023/NĐ-CP", "ngày 14/8/2023", "Ủy ban"]:
        i = n.text.index(word)
        a, b = n.original_span(i, i + len(word))
        folded = " ".join(unicodedata.normalize("NFC", original[a:b]).split())
        assert folded.replace("/ ", "/").replace("Uỷ", "Ủy") == word


def test_quy_keeps_its_tone():
    assert normalize("quý, Quỳnh, thuỷ").text == "quý, Quỳnh, thủy"


FRAGMENTS = ["Căn cứ ", "Nghị định số ", "59/2023/NĐ-CP", " ngày 14/8/2023", " của Chính phủ", "; ",
             "Luật Thực hiện dân chủ ở cơ sở", "\n\n", "Quyết định số 217-", "QĐ/TW", " - ", "Điều 5 ",
             "khoản 2, ", "Uỷ ban nhân dân tỉnh", "\t", "“", "”", "số", "/", "-", " ", "Kế hoạch này",
             unicodedata.normalize("NFD", "Thông tư số 01/2016/TT-BNV"), "Pháp lệnh dân chủ 2007", "(", ")"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=30))
def test_any_input_gives_spans_inside_the_text(parts):
    text = "".join(parts)
    for m in extract_mentions(text, names=["Luật Thực hiện dân chủ ở cơ sở"]):
        assert 0 <= m.start <= m.end <= len(text)
        assert text[m.start:m.end] == m.text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_original_span_is_monotone_and_bounded(text):
    n = normalize(text)
    last = 0
    for i in range(len(n.text) + 1):
        a = n.original_span(i, i)[0]
        assert 0 <= a <= len(text) and a >= last
        last = a


def test_fold_maps_each_character_as_its_definition():
    """fold_nfc's fast table agrees with the per-character rule for every code point:
    Vietnamese letters lose their marks and case, A–Z lower, anything else is kept."""
    from cancu.nlp.text.fold import _fold_char, fold_nfc
    for cp in list(range(0x3000)) + list(range(0xE000, 0x10000)) + [0x1F600]:
        c = chr(cp)
        expected = _fold_char(c) if 0xC0 <= cp <= 0x1EFF else c.lower() if "A" <= c <= "Z" else c
        assert fold_nfc(c) == expected, hex(cp)
    assert fold_nfc("Nghị định số 59/2023/NĐ-CP …") == "nghi dinh so 59/2023/nd-cp …"


def test_fold_of_any_text_is_the_table_character_by_character():
    """fold_nfc (a pass of C over the str's buffer) gives str.translate's result with the same
    table for a str of each width (ASCII, Latin-1, BMP, past the BMP), unpaired surrogates
    included, and for the empty str."""
    from cancu.nlp.text.fold import _TABLE_STR, fold_nfc
    every = "".join(chr(cp) for cp in range(0x10000) if not 0xD800 <= cp < 0xE000)
    for text in ("", "Nghi dinh 59/2023/ND-CP", "CAF\u00c9 \u00e0 la", every,
                 every + "\U0001F600 Nghị ĐỊNH \ud800 x \udc00 ", "\ud800\udc00", "\U0001F600"):
        assert fold_nfc(text) == text.translate(_TABLE_STR)


def _normalized_both_ways(text: str) -> tuple:
    """normalize(text) through the match-by-match steps and through cancu.nlp.text.bulk."""
    import cancu.nlp.text.normalize as n
    out = []
    kept = n._BULK_FROM
    try:
        for bulk_from in (len(text) + 1, 0):
            n._BULK_FROM = bulk_from
            r = n.normalize(text)
            out.append((r.text, [m._edits for m in r.maps], r.repairs))
    finally:
        n._BULK_FROM = kept
    return tuple(out)


MARKS_AND_SPACES = st.sampled_from(["\u0301", "\u0323\u0302", "\u0300", " ", "  ", "\n", "\n\n", "\t",
                                    " \t ", "a", "Đ", "\U0001F600", "\ud800", "\udc00", "59/2023/NĐ-CP"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(MARKS_AND_SPACES, st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=40))
def test_bulk_steps_give_the_same_text_and_edits(parts):
    """Composing and collapsing whitespace in bulk (long texts) gives the text, the
    offset edits and the repairs of the match-by-match steps (short texts)."""
    regex_way, bulk_way = _normalized_both_ways("".join(parts))
    assert bulk_way == regex_way


def test_bulk_steps_on_a_long_plan():
    plan = unicodedata.normalize("NFD", "Căn cứ Nghị \n\nđịnh số 59/2023/\n NĐ-CP;\t\t Uỷ ban  \n") * 300
    regex_way, bulk_way = _normalized_both_ways(plan)
    assert bulk_way == regex_way
    assert len(regex_way[1][0]) > 1000 and len(regex_way[1][1]) > 1000   # both steps made edits


def test_many_spans_map_as_one_at_a_time():
    """original_spans maps many spans as arrays; each comes out as original_span gives it,
    in every map (NFC, whitespace, symbols, damaged words)."""
    import random
    from cancu.nlp.text.normalize import _MANY_SPANS
    plan = unicodedata.normalize("NFD", "Căn cứ Nghi \n\nđịnh s20/2008/NĐ-CP, 907-\n QĐ/TU;\t\t Uỷ ban  \nTchức ") * 400
    n = normalize(plan)
    assert all(m.moves for m in n.maps)
    rng = random.Random(16)
    spans = [(0, 0), (0, len(n.text)), (len(n.text), len(n.text))]
    for _ in range(3 * _MANY_SPANS):
        a = rng.randrange(len(n.text) + 1)
        spans.append((a, min(len(n.text), a + rng.randrange(40))))
    assert n.original_spans(spans) == [n.original_span(a, b) for a, b in spans]
    assert n.original_spans(spans[:5]) == [n.original_span(a, b) for a, b in spans[:5]]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(1, 4), st.integers(0, 3)), max_size=12),
       st.lists(st.integers(0, 80), max_size=40), st.booleans())
def test_a_map_reads_its_edits_as_tuples_or_as_arrays(gaps, positions, as_arrays):
    """OffsetMap gives each position the same place whether its step gave the edits as
    tuples or as arrays (bulk steps): where the edits before it shift it, or the start of
    the edit that holds it (forward); and back (start, end)."""
    import numpy as np
    from cancu.nlp.text.normalize import OffsetMap
    edits, at, out = [], 0, 0
    for gap, length, new_length in gaps:          # apart, in order; a step may empty a span
        at, out = at + gap, out + gap
        edits.append((at, at + length, out, out + new_length))
        at, out = at + length, out + new_length
    positions = sorted(positions)
    columns = tuple(np.array([e[k] for e in edits], dtype=np.int64) for k in range(4))
    m = OffsetMap(None, columns) if as_arrays else OffsetMap(edits)

    def forward(p: int) -> int:
        shift = 0
        for orig_start, orig_end, norm_start, norm_end in edits:
            if orig_start <= p < orig_end:
                return norm_start
            if orig_end <= p:
                shift = norm_end - orig_end
        return p + shift

    assert m.forward(positions) == [forward(p) for p in positions]
    assert m._edits == edits and m.moves == bool(edits)
    other = OffsetMap(edits) if as_arrays else OffsetMap(None, columns)
    assert [(m.start(p), m.end(p)) for p in positions] == [(other.start(p), other.end(p)) for p in positions]


UNIFIED_AND_TONES = st.sampled_from(["\u2013", "\u201c", "\u00a0", "\r", "\u2028", "\u00ad", "«", "hoà", "Hoà",
                                     "khoẻ", "thuỷ", "Uỷ", "quý", "QUÝ", "oà", "uỳ", "o", "u", "q", "à", "ỷ",
                                     "a", " ", "x"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(UNIFIED_AND_TONES, st.text(max_size=3)), max_size=30))
def test_characters_unified_and_tones_moved_in_one_scan(parts):
    """The one scan of normalize gives what the table's characters unified and then
    `modern_tone` give."""
    from cancu.nlp.text.characters import translation
    from cancu.nlp.text.normalize import _unified_modern_tone, modern_tone
    text = unicodedata.normalize("NFC", "".join(parts))
    assert _unified_modern_tone(text) == modern_tone(text.translate(translation()))
