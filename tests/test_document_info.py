"""What a document says about itself: type, number, date, issuer, period."""
from __future__ import annotations

import datetime as dt

from cancu.nlp.document import read_document_info
from tests.gold import PLANS


def info_of(stem: str):
    return read_document_info(next(PLANS.glob(f"{stem}_*.txt")).read_text(encoding="utf-8"))


def test_seed_plans():
    i = info_of("000")
    assert (i.type, i.issuer) == ("Kế hoạch", "Ủy ban nhân dân xã")
    assert (i.period.start, i.period.end) == (dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    i = info_of("002")
    assert i.issuer == "Ủy ban nhân dân thị trấn Hà Trung" and i.period.end == dt.date(2023, 12, 31)
    assert i.title == "Thực hiện quy chế dân chủ trên địa bàn thị trấn Hà Trung đến hết năm 2023"
    i = info_of("004")
    assert i.date is None and i.date_text == "Bình Giang, ngày tháng 01 năm 2025"   # day left blank


def test_header_number_and_date():
    i = read_document_info("Số: 12/KH-UBND\nAn Phú, ngày 05 tháng 3 năm 2024\nKẾ HOẠCH\nTriển khai công tác năm 2024\n")
    assert (i.symbol, i.number, i.date, i.place) == ("12/KH-UBND", "12", dt.date(2024, 3, 5), "An Phú")
    assert i.period.start == dt.date(2024, 1, 1) and i.reference_date == dt.date(2024, 3, 5)


def test_issuer_needs_a_proper_name():
    text = "KẾ HOẠCH\nVề dân vận\nThực hiện Quyết định của Ủy ban nhân dân tỉnh về việc ban hành Kế hoạch năm 2024"
    assert read_document_info(text).issuer is None
    text = "KẾ HOẠCH\nVề dân vận\nỦy ban nhân dân tỉnh Bà Rịa - Vũng Tàu ban hành Kế hoạch như sau"
    assert read_document_info(text).issuer == "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu"


def test_header_lines_are_normalised_each_on_its_own():
    """The one-pass normalisation of the header's lines equals one call per line: a
    symbol broken over two lines stays broken, a tone or a mark at a line's edge is
    read as at the end or start of a text, and a text holding the join character too."""
    from cancu.nlp.document import _LINE_JOIN, _normalized_lines
    from cancu.nlp.text.normalize import normalize
    zones = [
        "Số: 907-\nQĐ/TU\nHoà   Bình,\tngày 5\n\n\u0301Uỷ ban nhân dân thuỷ\nquý\nNghi định s20/2008/NĐ-CP",
        "UBND TỈNH\r\nCỘNG HÒA\u2028Kế hoạch\u00a0số 12 /KH-UBND\n",
        f"a{_LINE_JOIN}b\nNghi định",
        "",
    ]
    for zone in zones:
        assert _normalized_lines(zone) == [normalize(ln).text.strip() for ln in zone.splitlines()]


def test_header_found_wherever_the_motto_falls_in_the_first_20000_characters():
    """The motto is looked for in a short prefix first: one that starts before the
    prefix ends and runs past it, or lies wholly after it, is still the header's."""
    from cancu.nlp.header import _FIRST_LOOK, find_header
    header = ("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
              "Độc lập - Tự do - Hạnh phúc\nSố: 12/KH-UBND\nKẾ HOẠCH\nThực hiện …\n")
    at_top = find_header(header)
    assert at_top is not None and at_top.issuer_lines == ("ỦY BAN NHÂN DÂN", "TỈNH BẮC NINH")
    motto = header.index("CỘNG")
    for shift in (_FIRST_LOOK - motto - 10, _FIRST_LOOK - motto + 5, 3 * _FIRST_LOOK):
        text = "Tóm tắt văn bản.\n" * (shift // 17) + "x" * (shift % 17) + "\n" + header
        found = find_header(text)
        assert found is not None and found.issuer_lines == at_top.issuer_lines, shift
        assert text[found.start:].startswith("ỦY BAN NHÂN DÂN"), shift


def test_province_of_an_issuer_comes_from_the_unit_words_of_places_tsv():
    from cancu.nlp.document import province_of
    assert province_of("Ủy ban nhân dân tỉnh Đắk Lắk") == "Đắk Lắk"
    assert province_of("Ủy ban nhân dân thành phố Hải Phòng") == "Hải Phòng"
    assert province_of("Hội đồng nhân dân tỉnh Bắc Ninh") == "Bắc Ninh"
    # a commune's issuer names no province; neither does a ministry
    assert province_of("Ủy ban nhân dân xã Kiến Thụy") is None
    assert province_of("Bộ Tài chính") is None
    assert province_of(None) is None


def test_a_date_line_with_a_blank_day_still_names_its_month():
    info = read_document_info("UBND TỈNH X\nSố: 12/KH-UBND\nX, ngày      tháng 12 năm 2025\n\nKẾ HOẠCH\nThực hiện …\n")
    assert info.date is None
    assert info.month == (2025, 12)
    # a full date is a date, not a month; a month 13 is no month
    assert read_document_info("Hà Nội, ngày 05 tháng 12 năm 2025\n").month is None
    assert read_document_info("Hà Nội, ngày   tháng 13 năm 2025\n").month is None


def test_an_issuer_written_with_the_old_tone_placement_is_named_with_the_modern_one():
    """An older text writes «Hoà», «Thuỷ», «Uỷ»: one body, one name to filter and count by."""
    header = ("UỶ BAN NHÂN DÂN\nPHƯỜNG LẠC THUỶ\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
              "Độc lập - Tự do - Hạnh phúc\nSố: 12/KH-UBND\nKẾ HOẠCH\nThực hiện công tác năm 2017\n\n"
              "Uỷ ban nhân dân phường Lạc Thuỷ ban hành Kế hoạch như sau:\n")
    assert read_document_info(header).issuer == "Ủy ban nhân dân phường Lạc Thủy"
    modern = header.replace("THUỶ", "THỦY").replace("Thuỷ", "Thủy")
    assert read_document_info(modern).issuer == "Ủy ban nhân dân phường Lạc Thủy"


def test_a_title_ends_where_the_document_ends_it_not_at_a_length():
    """A title longer than 160 characters keeps its last lines (53 of the 269 real
    documents have one: «… CỦA ỦY BAN NHÂN DÂN / TỈNH»); a title in sentence case ends at
    the authority line in capitals under it."""
    long = ("QUYẾT ĐỊNH\nSỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA QUY ĐỊNH VỀ BỒI THƯỜNG, HỖ\n"
            "TRỢ VÀ TÁI ĐỊNH CƯ KHI NHÀ NƯỚC THU HỒI ĐẤT TRÊN ĐỊA BÀN TỈNH QUẢNG NINH BAN\n"
            "HÀNH KÈM THEO QUYẾT ĐỊNH SỐ 40/2024/QĐ-UBND NGÀY 04/10/2024 CỦA ỦY BAN NHÂN DÂN\n"
            "TỈNH\nCăn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;\n")
    title = read_document_info(long).title
    assert len(title) > 160 and title.endswith("CỦA ỦY BAN NHÂN DÂN TỈNH")
    sentence = ("QUYẾT ĐỊNH\nVề việc ban hành Kế hoạch công tác chuyển đổi số năm 2018\n\n"
                "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ THANH BA\n\nCăn cứ Luật Tổ chức chính quyền địa phương;\n")
    assert read_document_info(sentence).title == "Về việc ban hành Kế hoạch công tác chuyển đổi số năm 2018"
    plan = "KẾ HOẠCH\nThực hiện công tác dân vận\ntrên địa bàn xã năm 2025\n\nI. MỤC ĐÍCH, YÊU CẦU\n"
    assert read_document_info(plan).title == "Thực hiện công tác dân vận trên địa bàn xã năm 2025"


def test_a_letter_copied_from_its_address_on_has_no_subject():
    """A subject («V/v …», «Về …») stands above «Kính gửi»; under it a line that opens with
    «về» is the body's sentence, not a subject (f846e834…, a tax letter copied from its address)."""
    letter = ("Kính gửi:\n- Công ty Cổ phần E.\n\nCục Thuế nhận được công văn số 9172/HAN-KTr5 ngày 06/8/2025.\n"
              "Căn cứ Điều 17 Nghị định số 181/2025/NĐ-CP ngày 01/7/2025 của Chính phủ quy định\n"
              "về mức thuế suất 0%, điều kiện áp dụng thuế suất 0%.\n")
    info = read_document_info(letter)
    assert info.type == "Công văn" and info.title is None
    headed = "Số: 5348/CT-CS\nV/v hướng dẫn góp vốn điều lệ\n\nKính gửi: Thuế tỉnh Quảng Trị.\n"
    assert read_document_info(headed).title == "hướng dẫn góp vốn điều lệ"


def test_a_title_in_capitals_goes_on_through_a_line_in_capitals_opening_with_thuc_hien():
    """«Thực hiện …» under a title's first line opens a plan's preamble; in capitals under a
    title in capitals it is the title's («VỀ / THỰC HIỆN CHẾ ĐỘ …», «… GIÁM ĐỐC SỞ … / THỰC
    HIỆN NHIỆM VỤ …»: 8180ae11…, 27009faf…)."""
    text = ("QUYẾT ĐỊNH\nVỀ\nTHỰC HIỆN CHẾ ĐỘ ĐỐI VỚI QUÂN NHÂN THAM GIA KHÁNG CHIẾN\n"
            "Quyết định số 142/2008/QĐ-TTg ngày 27 tháng 10 năm 2008 của Thủ tướng Chính phủ\n")
    assert read_document_info(text).title == "VỀ THỰC HIỆN CHẾ ĐỘ ĐỐI VỚI QUÂN NHÂN THAM GIA KHÁNG CHIẾN"
    plan = ("KẾ HOẠCH\nTriển khai thực hiện Nghị quyết số 82/NQ-HĐND\n"
            "Thực hiện Nghị quyết số 82/NQ-HĐND, Ủy ban nhân dân xã xây dựng Kế hoạch như sau:\n")
    assert read_document_info(plan).title == "Triển khai thực hiện Nghị quyết số 82/NQ-HĐND"


def test_a_repealing_title_names_no_period_of_its_own():
    from cancu.nlp.document import _period
    assert _period("VỀ VIỆC BÃI BỎ QUYẾT ĐỊNH SỐ 12/2016/QĐ-UBND VỀ QUY HOẠCH GIAI ĐOẠN 2016-2020") is None
    assert _period("Về việc ban hành Kế hoạch giai đoạn 2016-2020").text == "giai đoạn 2016-2020"
