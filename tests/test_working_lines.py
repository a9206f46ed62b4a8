"""Header lines read out of the working copy are the lines normalised one by one."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from cancu.nlp.document import _HEAD
from cancu.nlp.header import find_header
from cancu.nlp.text.normalize import normalize
from cancu.nlp.text.working_lines import working_lines

REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "realdocs" / "texts"


def one_by_one(text: str, start: int, end: int) -> list[str]:
    return [normalize(line).text.strip() for line in text[start:end].splitlines()]


def test_lines_of_a_header_with_repairs_inside_lines():
    text = ("ỦY BAN NHÂN DÂN\r\nTỈNH BẮC NINH\n\n  Số: 12/KH -UBND \t\n"
            + unicodedata.normalize("NFD", "Bắc Ninh, ngày 28 tháng 11 năm 2025\n")
            + "KẾ HOẠCH\nThực hiện Nghi định số 59/2023/NĐ- CP của Uỷ ban\u2028Luât Đất đai\n")
    lines = working_lines(normalize(text), 0, len(text))
    assert lines == one_by_one(text, 0, len(text))
    assert lines[3] == "Số: 12/KH-UBND"
    assert lines[6] == "Thực hiện Nghị định số 59/2023/NĐ-CP của Ủy ban"
    assert lines[7] == "Luật Đất đai"


@pytest.mark.parametrize("text", [
    "Căn cứ Quyết định số 907-\nQĐ/TU của Tỉnh ủy\n",        # a symbol repaired across the break
    "Thực hiện Nghi\nđịnh số 59/2023/NĐ-CP\n",                # a damaged word over two lines
    "KẾ HOẠCH\n\u0301Thực hiện\n",                           # a line opening with a mark
])
def test_a_step_that_read_across_a_break_gives_none(text):
    assert working_lines(normalize(text), 0, len(text)) is None


def test_a_stretch_that_does_not_open_a_line_gives_none():
    text = "Số: 12/KH-UBND\nKẾ HOẠCH\n"
    assert working_lines(normalize(text), 2, len(text)) is None


def test_a_cut_inside_a_word_normalises_the_last_line_alone():
    text = "KẾ HOẠCH\nThực hiện Luât Đất đai số 12/KH-UBNDx và hoàn thành\n"
    norm = normalize(text)
    for end in range(10, len(text)):
        assert working_lines(norm, 0, end) == one_by_one(text, 0, end), end


PIECES = ["Căn cứ ", "Nghi", "định", " số ", "59/2023/", "NĐ-CP", "907-", "QĐ/TU", " -", "UBND", "s20/2008/NĐ-CP",
          "Luât", "hoà", "Uỷ", "quý", " ", "  ", "\t", "\n", "\r\n", "\n\n", "\u2028", "\x85", "\u00a0",
          unicodedata.normalize("NFD", "Thông tư"), "\u0301", "KẾ HOẠCH", "Tchức", "\ue000"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.data())
def test_working_lines_equal_lines_normalised_one_by_one(pieces, data):
    text = "".join(pieces)
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    start = data.draw(st.sampled_from(starts))
    end = data.draw(st.integers(start, len(text)))
    lines = working_lines(normalize(text), start, end)
    if lines is not None:
        assert lines == one_by_one(text, start, end)


@pytest.mark.skipif(not REALDOCS.is_dir(), reason="real documents not available")
def test_real_headers_are_read_from_the_working_copy():
    read = 0
    paths = sorted(REALDOCS.glob("*.txt"))
    for path in paths:
        text = path.read_text(encoding="utf-8")
        header = find_header(text)
        start = header.start if header else 0
        end = min(len(text), start + _HEAD)
        lines = working_lines(normalize(text), start, end)
        if lines is not None:
            read += 1
            assert lines == one_by_one(text, start, end), path.name
    assert read >= 0.9 * len(paths)
