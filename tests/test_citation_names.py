"""Names of laws, codes and ordinances end where the name ends (issue #13).

Sentences from /work/shared/realdocs/texts (the file's id in a comment) and a small
gazetteer written for the tests.
"""
from __future__ import annotations

import pytest

from cancu.nlp.citations import extract_mentions
from cancu.nlp.citations.gazetteer import Gazetteer, KnownName


def names(text: str, known=()) -> list[str]:
    found = extract_mentions(text, names=known)
    for m in found:
        assert text[m.start:m.end] == m.text
    return [m.name or m.symbol for m in found]


@pytest.mark.parametrize("text, name", [
    # 0c6c… / 2f9b…: a comma inside the name, then the number or the date
    ("Căn cứ Luật Quản lý, sử dụng tài sản công số 15/2017/QH14 ngày 21 tháng 6 năm 2017;",
     "Luật Quản lý, sử dụng tài sản công"),
    ("Căn cứ Luật Trật tự, an toàn giao thông đường bộ ngày 27 tháng 6 năm 2024;",
     "Luật Trật tự, an toàn giao thông đường bộ"),
    ("Căn cứ Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ ngày 29/11/2024;",
     "Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ"),
    # "và" inside the name, then a title
    ("theo quy định của Luật Khoa học, công nghệ và đổi mới sáng tạo về đổi mới sáng tạo",
     "Luật Khoa học, công nghệ và đổi mới sáng tạo"),
    ("Luật Khám bệnh, chữa bệnh;", "Luật Khám bệnh, chữa bệnh"),
    ("Luật Trật tự, an toàn giao thông đường bộ đã được sửa đổi, bổ sung năm 2025",
     "Luật Trật tự, an toàn giao thông đường bộ"),
    ("Luật Phòng cháy, chữa cháy đã sửa đổi, bổ sung", "Luật Phòng cháy, chữa cháy"),
    # without a known name the name stops before "của" (the known name goes on)
    ("Căn cứ Luật Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam "
     "ngày 16 tháng 6 năm 2014;", "Luật Nhập cảnh, xuất cảnh, quá cảnh, cư trú"),
    ("LUẬT PHÒNG CHÁY VÀ CHỮA CHÁY\nCăn cứ Hiến pháp", "LUẬT PHÒNG CHÁY VÀ CHỮA CHÁY"),
])
def test_name_goes_on_past_a_comma_or_va(text, name):
    assert names(text)[0] == name


@pytest.mark.parametrize("text, expected", [
    # what follows the comma is the sentence, not the name
    ("cập nhật theo Luật Quản lý thuế, pháp luật về thanh tra và pháp luật có liên quan",
     ["Luật Quản lý thuế"]),
    ("cho thuê đất theo Luật Đất đai, cho thuê đất thu tiền thuê đất hàng năm quy định tại đây",
     ["Luật Đất đai"]),
    ("theo Luật Trí tuệ nhân tạo, trình Chính phủ trong năm", ["Luật Trí tuệ nhân tạo"]),
    ("thực hiện Luật Đầu tư, các doanh nghiệp phải báo cáo", ["Luật Đầu tư"]),
    ("Luật Thuế giá trị gia tăng và không được giảm thuế", ["Luật Thuế giá trị gia tăng"]),
    # edc6fac0e3b32fd3:96: "đã" goes on with the citation only as "đã được / đã sửa đổi"
    ("theo quy định tại Luật Xây dựng và thiết kế đã thẩm định về phòng cháy, chữa cháy.", ["Luật Xây dựng"]),
    ("các nội dung Luật Đất đai và nghị định đã quy định chi tiết", ["Luật Đất đai"]),
    # a new citation after the comma or "và"
    ("Luật Đường bộ và Điều 77 Luật Trật tự, an toàn giao thông đường bộ;",
     ["Luật Đường bộ", "Luật Trật tự, an toàn giao thông đường bộ"]),
    ("Căn cứ Luật Phòng, chống thiên tai và Luật Đê điều số 60/2020/QH14;",
     ["Luật Phòng, chống thiên tai", "Luật Đê điều"]),
    ("Luật Đầu tư, Luật Đầu tư công, Luật Quản lý, sử dụng tài sản công;",
     ["Luật Đầu tư", "Luật Đầu tư công", "Luật Quản lý, sử dụng tài sản công"]),
    ("Luật\n\nNghị định\n\nThông tư", []),     # a table header
])
def test_name_does_not_swallow_the_sentence(text, expected):
    assert names(text) == expected


def test_amending_law_is_one_name():
    # dd33e8dabf213add:22
    text = ("Luật Sửa đổi, bổ sung một số điều\ncủa Luật Ban hành văn bản quy phạm pháp luật "
            "ngày 25 tháng 6 năm 2025;")
    [m] = extract_mentions(text)
    assert m.name == "Luật Sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm pháp luật"
    assert m.date is not None and m.date.isoformat() == "2025-06-25"


def test_amending_law_of_several_laws():
    text = "Luật sửa đổi, bổ sung một số điều của Luật Phòng, chống thiên tai và Luật Đê điều số 60/2020/QH14"
    [m] = extract_mentions(text)
    assert m.symbol == "60/2020/QH14"
    assert m.name == "Luật sửa đổi, bổ sung một số điều của Luật Phòng, chống thiên tai và Luật Đê điều"


GAZETTEER = Gazetteer([
    KnownName("Luật", "Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam", "47/2014/QH13"),
    KnownName("Luật", "Luật Đầu tư", "61/2020/QH14"),
    KnownName("Luật", "Luật Đầu tư theo phương thức đối tác công tư", "64/2020/QH14"),
    KnownName("Luật", "Luật Đấu thầu", "43/2013/QH13"),
    KnownName("Luật", "Luật Đấu thầu", "22/2023/QH15"),
    KnownName("Luật", "Luật Thực hiện dân chủ ở cơ sở", "10/2022/QH15"),
    KnownName("Bộ luật", "Bộ luật Hàng hải", "95/2015/QH13"),
    KnownName("Luật", "Luật Thuế xuất khẩu, thuế nhập khẩu", "107/2016/QH13"),
])


def test_known_name_goes_as_far_as_the_name():
    text = ("Căn cứ Luật Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam "
            "ngày 16 tháng 6 năm 2014;")
    [m] = extract_mentions(text, names=GAZETTEER)
    assert m.name == "Luật Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam"
    assert m.known_keys == ("47/2014/QH13",)
    assert m.date is not None and m.date.year == 2014


def test_longest_known_name_wins():
    # fcc6947614833898: both laws are cited in the same list
    text = "Luật Quy hoạch, Luật Đầu tư, Luật Đầu tư theo phương thức đối tác công tư và Luật Đấu thầu"
    found = extract_mentions(text, names=GAZETTEER)
    assert [m.name for m in found] == ["Luật Quy hoạch", "Luật Đầu tư",
                                        "Luật Đầu tư theo phương thức đối tác công tư", "Luật Đấu thầu"]
    assert [m.known_keys for m in found] == [(), ("61/2020/QH14",), ("64/2020/QH14",),
                                             ("22/2023/QH15", "43/2013/QH13")]


@pytest.mark.parametrize("text, name", [
    ("theo luật đầu tư theo phương thức đối tác công tư năm 2020", "Luật đầu tư theo phương thức đối tác công tư"),
    ("LUẬT THỰC HIỆN DÂN CHỦ Ở CƠ SỞ", "LUẬT THỰC HIỆN DÂN CHỦ Ở CƠ SỞ"),
    ("Luật Thực hiện dân chủ cơ sở năm 2022", "Luật Thực hiện dân chủ cơ sở"),           # "ở" left out
    ("Luat thuc hien dan chu o co so", "Luat thuc hien dan chu o co so"),                 # no accents
    ("Bộ luật Hàng hải Việt Nam năm 2015", "Bộ luật Hàng hải Việt Nam"),
    ("Luật Thuế xuất khẩu,\nthuế nhập khẩu (sửa đổi) đã", "Luật Thuế xuất khẩu, thuế nhập khẩu"),
])
def test_known_names_fold_case_and_accents(text, name):
    [m] = extract_mentions(text, names=GAZETTEER)
    assert m.name == name


def test_known_name_tails_stay_in_the_span():
    text = "Luật Thuế xuất khẩu, thuế nhập khẩu (sửa đổi) đã"
    [m] = extract_mentions(text, names=GAZETTEER)
    assert m.text == "Luật Thuế xuất khẩu, thuế nhập khẩu (sửa đổi)"
    text = "Luật Đấu thầu năm 2023;"
    [m] = extract_mentions(text, names=GAZETTEER)
    assert m.text == "Luật Đấu thầu năm 2023" and m.year == 2023


def test_plain_titles_are_a_gazetteer_too():
    text = "Luật Đầu tư theo phương thức đối tác công tư, doanh nghiệp dự án"
    [m] = extract_mentions(text, names=["Luật Đầu tư theo phương thức đối tác công tư"])
    assert m.name == "Luật Đầu tư theo phương thức đối tác công tư"
    assert m.known_keys == ("Luật Đầu tư theo phương thức đối tác công tư",)


def test_gazetteer_lookup_is_by_type_word():
    g = Gazetteer([KnownName("Pháp lệnh", "Cảnh sát môi trường", "k")])
    assert len(g) == 1
    assert g.longest("luat canh sat moi truong", 4, "luat") is None
    hit = g.longest("phap lenh canh sat moi truong.", 9, "phap lenh")
    assert hit is not None and hit.end == len("phap lenh canh sat moi truong")


def test_known_shorter_name_does_not_cut_a_newer_law():
    # 2025's "Luật Khoa học, công nghệ và đổi mới sáng tạo" when the caller only knows
    # the 2000 and 2013 laws ("Luật Khoa học", "Luật Khoa học và công nghệ")
    g = Gazetteer([KnownName("Luật", "Khoa học", "21/2000/QH10"),
                   KnownName("Luật", "Khoa học và công nghệ", "29/2013/QH13"),
                   KnownName("Luật", "Xây dựng", "50/2014/QH13")])
    text = "theo Luật Khoa học, công nghệ và đổi mới sáng tạo năm 2025"
    [m] = extract_mentions(text, names=g)
    assert m.name == "Luật Khoa học, công nghệ và đổi mới sáng tạo" and m.known_keys == ()
    [m] = extract_mentions("Luật Khoa học và công nghệ ngày 18/6/2013", names=g)
    assert m.name == "Luật Khoa học và công nghệ" and m.known_keys == ("29/2013/QH13",)
    # a complete known name is not lengthened by what follows it
    [m] = extract_mentions("theo Luật Xây dựng và thiết kế đã thẩm định về phòng cháy", names=g)
    assert m.name == "Luật Xây dựng"


@pytest.mark.parametrize("text, expected", [
    # 74e2dd…: a task table flattened into paragraphs
    ("doanh nghiệp theo Luật Căn cước\n\nBộ Khoa học và Công nghệ\n\n30/11/2025", ["Luật Căn cước"]),
    # 2edf59…: the next cell is a deadline
    ("Nghiên cứu, xây dựng Luật\n\nTháng 12/2025\n\n2", []),
    # a doubled line break inside a name (PDF text) does not end it
    ("Căn cứ Luật Thực \n\nhiện dân chủ ở cơ sở năm 2022;", ["Luật Thực hiện dân chủ ở cơ sở"]),
])
def test_name_ends_at_a_new_table_cell(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, name, symbol", [
    # 2edf59…: "số" is "digital" here, not the number marker
    ("thực hiện Luật Chuyển đổi số ngày 11/12/2025;", "Luật Chuyển đổi số", None),
    # fd4feb…: the name ends in "số" and the number follows its own "số"
    ("Căn cứ Luật Công\nnghiệp công nghệ số số 71/2025/QH15;", "Luật Công nghiệp công nghệ số", "71/2025/QH15"),
    ("Căn cứ Luật Đất đai số 31/2024/QH15;", "Luật Đất đai", "31/2024/QH15"),
    ("Căn cứ Luật Đất đai số: 31/2024/QH15;", "Luật Đất đai", "31/2024/QH15"),
])
def test_so_ends_a_name_only_before_a_number(text, name, symbol):
    [m] = extract_mentions(text)
    assert (m.name, m.symbol) == (name, symbol)


def test_a_names_bracketed_end_is_part_of_it_when_cited():
    # 7a366d…: the law's name ends «… ở người (HIV/AIDS)»; cited with or without it, it is that law
    names = Gazetteer([KnownName("Luật", "Luật Phòng, chống nhiễm vi rút gây ra hội chứng suy giảm miễn dịch mắc "
                                         "phải ở người (HIV/AIDS)", "64/2006/QH11")])
    text = ("quy định chi tiết Luật Phòng, chống nhiễm vi rút gây ra hội chứng suy giảm miễn dịch mắc phải ở người "
            "(HIV/AIDS) về điều trị")
    [m] = extract_mentions(text, names=names)
    assert m.text.endswith("ở người (HIV/AIDS)") and m.known_keys == ("64/2006/QH11",)
    [m] = extract_mentions(text.replace(" (HIV/AIDS)", ""), names=names)
    assert m.text.endswith("ở người") and m.known_keys == ("64/2006/QH11",)
