"""The C scans (nlp/text/_scan.c) give what the Python rules they stand for give, on a str of
each width CPython stores (ASCII, Latin-1, two bytes, four bytes a character)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from cancu.nlp.text import _scan, bulk
from cancu.nlp.text.case_scan import _LOWER_SIZE, lower_each
from cancu.nlp.text.normalize import (_RARE_OR_OLD_TONE, _WHITESPACE_RUN, _collapse_whitespace, _rewrite,
                                      _tone_classes)

REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "realdocs" / "texts"

# One piece of each width, and the characters each rule turns on.
PIECES = st.sampled_from(["a", "é", "\u0301", "\u0323\u0302", "\u00a0", "Ủ", "hoà", "Uỷ", "quý", "oà", "uỳ", "oàn", "\u2013", "\r",
                          "\U0001F600", "\ud800", " ", "  ", "\t", "\n", " \n\t ", "\n\n"])


def _whitespace_runs(text: str):
    """The rule, as normalize's match-by-match step applies it (short texts): the text and
    each run's (start, end, new start)."""
    collapsed, offsets = _rewrite(text, _WHITESPACE_RUN, _collapse_whitespace)
    return collapsed, [(start, end, new_start) for start, end, new_start, _ in offsets._edits]


def _as_lists(found):
    if found is None:
        return None
    text, *columns = found
    starts, ends, new_starts = (memoryview(c).cast("q").tolist() for c in columns)
    return text, list(zip(starts, ends, new_starts))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=30))
def test_each_scan_is_its_rule(parts):
    text = "".join(parts)
    assert _scan.flagged_positions(text, _tone_classes()) == [m.start() for m in _RARE_OR_OLD_TONE.finditer(text)]
    collapsed, runs = _whitespace_runs(text)
    assert _as_lists(_scan.whitespace_runs(text)) == ((collapsed, runs) if runs else None)
    starts, ends = (memoryview(c).cast("q").tolist() for c in _scan.range_runs(text, 0x300, 0x36F))
    assert list(zip(starts, ends)) == [m.span() for m in re.finditer("[\u0300-\u036f]+", text)]
    lowered = lower_each(text)
    assert lowered == "".join(c.lower() if ord(c) < _LOWER_SIZE and len(c.lower()) == 1 else c for c in text)


def test_the_scans_on_the_real_documents():
    texts = [p.read_text(encoding="utf-8") for p in sorted(REALDOCS.glob("*.txt"))]
    assert len(texts) > 200
    for text in texts:
        assert _scan.flagged_positions(text, _tone_classes()) == \
            [m.start() for m in _RARE_OR_OLD_TONE.finditer(text)]
        collapsed, runs = _whitespace_runs(text)
        assert _as_lists(_scan.whitespace_runs(text)) == ((collapsed, runs) if runs else None)
        assert lower_each(text) == text.lower()   # no character of theirs lower-cases to two


def test_a_result_is_stored_as_python_stores_it():
    """A str made by a scan has the width of its largest character, as every str CPython
    makes: "ab" read from a two-byte text equals the literal "ab" (a wider copy would not)."""
    assert bulk.collapse_whitespace("Ủ  b")[0] == "Ủ b"
    assert lower_each("ẠB") == "ạb" and lower_each("AB") == "ab"
    assert _scan.translate("Ủ", "u".encode("utf-16-le") * 0x1F00) == "u"
    assert {_scan.translate("Ủ", "u".encode("utf-16-le") * 0x1F00): 1}.get("u") == 1


@pytest.mark.parametrize("call", [lambda: _scan.translate(b"x", b""), lambda: _scan.whitespace_runs(None),
                                  lambda: _scan.flagged_positions("x", "not bytes")])
def test_bad_arguments_are_refused(call):
    with pytest.raises(TypeError):
        call()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=3)), min_size=1, max_size=30), st.data())
def test_forward_over_arrays_is_the_walk_over_lists(parts, data):
    """A long text's map walks its arrays in C (`_scan.forward`); the same map made of its
    edits as tuples walks them in Python: the positions agree, inside edits and between."""
    from cancu.nlp.text.normalize import OffsetMap, normalize
    text = "".join(parts) * (2_000 // len("".join(parts) or "x") + 1)
    for m in normalize(text).maps:
        if m._columns is None or not m.moves:
            continue
        positions = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=50)))
        assert m.forward(positions) == OffsetMap(list(m._edits)).forward(positions)


def test_forward_refuses_positions_out_of_order():
    from cancu.nlp.text.normalize import normalize
    m = normalize("a  b " * 1_000).maps[1]
    assert m._columns is not None
    with pytest.raises(ValueError, match="ascend"):
        m.forward([10, 5])


def test_fold_text_is_fold_then_the_unified_characters():
    """The folded layout copy, one table in one pass, is `fold` and then the character
    table's dashes, quotes and spaces, for every character and on the real documents."""
    from cancu.nlp.text.fold import _UNIFY, fold, fold_text
    every = "".join(chr(cp) for cp in range(0x11000) if not 0xD800 <= cp < 0xE000)
    texts = [every, "\u2013 “Uỷ ban” \u00a0 \ud800"]
    texts += [p.read_text(encoding="utf-8") for p in sorted(REALDOCS.glob("*.txt"))[:40]]
    for text in texts:
        expected = fold(text).translate(_UNIFY)
        if len(expected) != len(text):     # NFC joined characters: folded one by one
            expected = "".join((fold(c).translate(_UNIFY) or c)[:1] for c in text)
        assert fold_text(text) == expected
