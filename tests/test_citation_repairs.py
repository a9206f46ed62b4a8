"""Symbols kept whole and damaged words restored (issue #13, citation side).

Sentences from /work/shared/realdocs/texts (file named in each case) and forms of
the same families written for the tests.
"""
from __future__ import annotations

import pytest

from cancu.nlp.citations import extract_mentions
from cancu.nlp.text.normalize import normalize


def mentions(text: str):
    found = extract_mentions(text)
    for m in found:
        assert text[m.start:m.end] == m.text
    return found


@pytest.mark.parametrize("text, symbol", [
    # 717159673033f644
    ("công tác rà soát dữ liệu số nhà trên cơ sở Kế hoạch số 515/KH-BCA-BNN&MT", "515/KH-BCA-BNN&MT"),
    # 74e2dd…: the code of a department with two functions
    ("Công văn số\n1506/KCB-QLCL&CGKT ngày 22/9/2025 đôn đốc các cơ sở y tế", "1506/KCB-QLCL&CGKT"),
    # 817cf0…
    ("Quyết định số\n4347/QĐ-BVHTT&DL ngày 14/11/2025 của Bộ trưởng", "4347/QĐ-BVHTT&DL"),
    ("Căn cứ Công văn số 2231/SNV-CCHC&PC ngày 05/3/2025 của Sở Nội vụ", "2231/SNV-CCHC&PC"),
    ("theo Công văn số 1890/STP-VB&TDTHPL của Sở Tư pháp", "1890/STP-VB&TDTHPL"),
    ("Văn bản số 88/UBND-KT&HT ngày 2/4/2025", "88/UBND-KT&HT"),
    ("Quyết định số 4347/QĐ- BVHTT&DL ngày 14/11/2025", "4347/QĐ-BVHTT&DL"),   # space in the symbol
])
def test_symbol_with_joined_unit_codes_is_whole(text, symbol):
    [m] = mentions(text)
    assert m.symbol == symbol
    assert symbol.split("/")[-1] in "".join(m.text.split())


def test_ampersand_outside_a_symbol_is_not_joined():
    found = mentions("Văn phòng HĐND&UBND xã; Quyết định số 12/QĐ-UBND & các văn bản")
    assert [m.symbol for m in found] == ["12/QĐ-UBND"]


@pytest.mark.parametrize("text, symbol, repaired", [
    ("Căn cứ Nghị định s20/2008/NĐ-CP ngày 30/01/2008 của Chính phủ;", "20/2008/NĐ-CP", "«s20» → «số 20»"),
    # 5298da2adb9eb4fe: "số" glued to the number
    ("- Nghị định số142/2018/NĐ-CP", "142/2018/NĐ-CP", "«số142» → «số 142»"),
    ("Căn cứ Nghi định số 59/2023/NĐ-CP;", "59/2023/NĐ-CP", "«Nghi định» → «Nghị định»"),
    ("Thực hiện Quyêt định số 1234/QĐ-UBND ngày 3/3/2024", "1234/QĐ-UBND", "«Quyêt định» → «Quyết định»"),
    ("QUYÊT ĐỊNH số 12/QĐ-UBND", "12/QĐ-UBND", "«QUYÊT ĐỊNH» → «QUYẾT ĐỊNH»"),
])
def test_damaged_forms_are_read_and_marked(text, symbol, repaired):
    [m] = mentions(text)
    assert m.symbol == symbol and m.repaired == repaired


def test_damaged_type_word_gives_the_type():
    [m] = mentions("Căn cứ Nghi định số 59/2023/NĐ-CP;")
    assert m.type == "Nghị định" and m.text.startswith("Nghi định")


def test_damaged_law_name_is_read_as_repaired():
    [m] = mentions("Căn cứ Luật Tchức chính quyền địa phương ngày 19/6/2015;")
    assert m.name == "Luật Tổ chức chính quyền địa phương"
    assert m.repaired == "«Tchức» → «Tổ chức»"
    assert m.text == "Luật Tchức chính quyền địa phương ngày 19/6/2015"


def test_undamaged_mentions_are_not_marked():
    found = mentions("Căn cứ Nghị định số 59/2023/NĐ-CP; Luật Tổ chức chính quyền địa phương")
    assert [m.repaired for m in found] == [None, None]


@pytest.mark.parametrize("text", [
    "tạm đình chỉ thi công (nếu cần)",          # "chỉ thi" is a word here
    "Các20/QĐ-UBND",                            # a letter inside a word is not a lost "số"
    "gồm 20 s 12/KH",
])
def test_real_words_are_not_repaired(text):
    assert normalize(text).repairs == ()


def test_repairs_keep_offsets_into_the_original():
    text = "Căn cứ\nNghi   định  s20/2008/NĐ-CP;"
    norm = normalize(text)
    assert [(text[r.start:r.end], r.repaired) for r in norm.repairs] == [
        ("Nghi   định", "Nghị định"), ("s", "số 20")]
    assert "Nghị định số 20/2008/NĐ-CP" in norm.text


def test_extract_json_says_what_was_repaired():
    from cancu.output import mention_record
    from cancu.pipeline import Extractor, load_registry
    from cancu.nlp.model import SourceText
    text = "Căn cứ Nghi định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ;"
    [r] = Extractor(load_registry()).extract(SourceText("t.txt", text, "txt")).resolutions
    record = mention_record("t.txt", r)
    assert record["repaired"] == "«Nghi định» → «Nghị định»"
    assert record["symbol"] == "59/2023/NĐ-CP"
