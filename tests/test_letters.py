"""The capital and small letter classes (nlp/text/letters.py): a range such as [À-Ỹ] holds
small letters too, which made «đề» a capitalised word."""
import re

from cancu.nlp.text.letters import LOWER_CLASS, UPPER_CLASS
from cancu.nlp.citations.extract import _PROPER_WORDS


def test_vietnamese_capitals_and_small_letters_are_told_apart():
    for capital, small in [("Đ", "đ"), ("Ư", "ư"), ("Ă", "ă"), ("Ủ", "ủ"), ("Ề", "ề"), ("Ạ", "ạ"), ("Ỹ", "ỹ")]:
        assert re.fullmatch(UPPER_CLASS, capital) and not re.fullmatch(UPPER_CLASS, small)
        assert re.fullmatch(LOWER_CLASS, small) and not re.fullmatch(LOWER_CLASS, capital)


def test_a_place_name_stops_at_a_word_in_small_letters():
    assert _PROPER_WORDS.match(" Thành phố đề nghị").group(0) == " Thành"
    assert _PROPER_WORDS.match(" Hà Nội để thực hiện").group(0) == " Hà Nội"


def test_an_issuer_in_a_title_in_capitals_is_named_in_its_usual_case():
    """«… CỦA ỦY BAN NHÂN DÂN TỈNH / CAO BẰNG / Căn cứ …»: the unit word small, the name as a
    name, and the name ends at the first word not in capitals (the working copy joins lines)."""
    from cancu.pipeline import Extractor, load_registry
    from cancu.nlp.model import SourceText
    text = ("QUYẾT ĐỊNH\nSỬA ĐỔI QUY ĐỊNH BAN HÀNH KÈM THEO QUYẾT ĐỊNH SỐ 52/2024/QĐ-UBND NGÀY 30/10/2024\n"
            "CỦA ỦY BAN NHÂN DÂN TỈNH CAO BẰNG\nCăn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;\n")
    doc = Extractor(load_registry()).extract(SourceText("qd.txt", text, "txt"))
    [m] = [r.mention for r in doc.resolutions if r.mention.symbol == "52/2024/QĐ-UBND"]
    assert m.issuer == "Ủy ban nhân dân tỉnh Cao Bằng" and text[m.start:m.end].endswith("CAO BẰNG")
