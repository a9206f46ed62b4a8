"""The capital and small letter classes (nlp/text/letters.py): a range such as [À-Ỹ] holds
small letters too, which made «đề» a capitalised word."""
import re

from cancu.nlp.text.letters import LOWER_CLASS, UPPER_CLASS
from cancu.nlp.citations.extract import _PROPER_WORDS


def test_vietnamese_capitals_and_small_letters_are_told_apart():
    for capital, small in [("Đ", "đ"), ("Ư", "ư"), ("Ă", "ă"), ("Ủ", "ủ"), ("Ề", "ề"), ("Ạ", "ạ"), ("Ỹ", "ỹ")]:
        assert re.fullmatch(UPPER_CLASS, capital) and not re.fullmatch(UPPER_CLASS, small)
        assert re.fullmatch(LOWER_CLASS, small) and not re.fullmatch(LOWER_CLASS, capital)
    assert not re.match("[A-ZĐÀ-Ỹ]", "x") and re.match("[A-ZĐÀ-Ỹ]", "đ")     # the old range's fault


def test_a_place_name_stops_at_a_word_in_small_letters():
    assert _PROPER_WORDS.match(" Thành phố đề nghị").group(0) == " Thành"
    assert _PROPER_WORDS.match(" Hà Nội để thực hiện").group(0) == " Hà Nội"
