"""Families of citation forms found in /work/shared/realdocs/texts (the file's id in
a comment), with the conventions of /work/shared/realdocs/README.md."""
from __future__ import annotations

import pytest

from cancu.nlp.citations import extract_mentions


def texts(text: str, **kw) -> list[str]:
    found = extract_mentions(text, **kw)
    for m in found:
        assert text[m.start:m.end] == m.text
    return [" ".join(m.text.split()) for m in found]


@pytest.mark.parametrize("text", [
    "tích hợp, kết nối dữ liệu với các tiện ích của Đề án 06 vào công tác thi đua, khen thưởng",  # 987cad…
    "Mô hình du lịch thông minh ứng dụng các tiện ích của Đề án\n06\n\nCục trưởng",             # 987cad…
    "các nhiệm vụ của Đề án 06, gồm: (1) Định danh tàu thuyền;",                               # 74e2dd…
    "triển khai Đề án 153, Kết luận số 77-KL/TW",                                              # programme + a real one
])
def test_programme_nickname_is_not_a_mention(text):
    assert not any(t.startswith("Đề án") for t in texts(text))


def test_programme_nickname_does_not_hide_the_real_citation_next_to_it():
    assert texts("triển khai Đề án 153, Kết luận số 77-KL/TW") == ["Kết luận số 77-KL/TW"]


def test_instrument_to_be_built_is_an_output_not_a_citation():
    # 987cad…: a task row of the appendix
    assert texts("6\n\nXây\ndựng, triển khai Đề án chuyển đổi số trong lĩnh vực Văn hóa\n\nGiám đốc") == []


def test_title_ends_at_a_new_paragraph():
    # ea34a3…: the title of a resolution, then the next table cell
    text = ("về việc Quy định hỗ trợ về phát\ntriển nông nghiệp, Chương trình OCOP, ngành nghề nông thôn "
            "và xây dựng nông\nthôn mới trên địa bàn tỉnh Bắc Ninh\n\nChỉ áp dụng trên địa bàn")
    assert texts(text) == ["Chương trình OCOP, ngành nghề nông thôn và xây dựng nông thôn mới "
                           "trên địa bàn tỉnh Bắc Ninh"]


def test_title_ends_at_a_list_item_after_a_blank_line():
    # dc1e15…: a procedure's name in one table cell, the ways to file it in the next
    text = ("4\n\nGia hạn hoặc điều chỉnh Đề án\ndạy và học bằng tiếng nước ngoài\n\n- Nộp hồ sơ trực tiếp "
            "hoặc\nqua dịch vụ bưu chính công ích đến Trung tâm Phục vụ Hành chính công tỉnh\nNghệ An")
    assert texts(text) == ["Đề án dạy và học bằng tiếng nước ngoài"]


def test_title_goes_on_over_a_doubled_line_break():
    # PDF text breaks lines twice; a lower-case word after the blank line continues
    text = "thực hiện nghiêm Quy tắc ứng xử của cán bộ, công chức, viên chức các cơ \n\nquan hành chính; và"
    assert texts(text) == ["Quy tắc ứng xử của cán bộ, công chức, viên chức các cơ quan hành chính"]


def test_own_number_line_without_colon_is_not_a_citation():
    # dd33e8dabf213add: "Số 2744/QĐ-UBND" opens a line of the heading
    text = "TỈNH QUẢNG TRỊ\n-------\n\nSố 2744/QĐ-UBND\n\nQuảng Trị, ngày\n21 tháng 11 năm 2025\n"
    assert texts(text) == []


def test_number_written_mid_sentence_is_still_cited():
    text = "Căn cứ các Quyết định của Bộ\ntrưởng Bộ Tư pháp: Số 524/QĐ-BTP ngày 05 tháng 4 năm 2021 về việc"
    assert texts(text) == ["524/QĐ-BTP ngày 05 tháng 4 năm 2021"]


@pytest.mark.parametrize("heading", [
    "(Kèm theo Công văn số 6225/BVHTTDL-VP ngày 18/11/2025 của Bộ Văn hóa,\nThể thao và Du lịch)",  # 987cad…
    "(Kèm theo Quyết định số: 203/QĐ-UBND ngày 28 tháng 11 năm 2025 của Chủ tịch UBND tỉnh Cao Bằng)",  # 5298da…
    "(Ban hành kèm theo Quyết định số 1622/QĐ-UBND ngày 20/11/2025)",
])
def test_appendix_heading_names_the_document_itself(heading):
    text = f"Căn cứ Nghị định số 59/2023/NĐ-CP;\n\nPHỤ LỤC\n\n{heading}\n\n1. Nội dung"
    assert texts(text) == ["Nghị định số 59/2023/NĐ-CP"]


def test_appendix_heading_number_is_dropped_wherever_cited():
    text = ("Quyết định 2639/QĐ-TTg\n\nCăn cứ Luật Ngân sách nhà nước;\n\nPHỤ LỤC\n"
            "(Kèm theo Quyết định số 2639/QĐ-TTg ngày 03/12/2025 của Thủ tướng Chính phủ)\n")
    assert texts(text) == ["Luật Ngân sách nhà nước"]


def test_attached_to_a_mid_sentence_is_a_citation():
    text = ("thực hiện theo Quy chế ban hành kèm theo Quyết định số 1085/QĐ-TTg ngày 15/9/2022 "
            "(kèm theo Quyết định số 12/QĐ-UBND)")
    assert [t.split(" ngày")[0] for t in texts(text)] == ["Quyết định số 1085/QĐ-TTg", "Quyết định số 12/QĐ-UBND"]


def test_appendix_of_another_type_is_cited_when_the_own_type_is_known():
    # 265ff5…: a Kết luận carries the Báo cáo it concludes
    text = "Căn cứ Báo cáo số 565-BC/BTCTW, ngày 27/11/2025;\n\n(Kèm theo Báo cáo số 565-BC/BTCTW)\n"
    assert len(texts(text, own_type="Kết luận")) == 2
    assert texts(text, own_type="Báo cáo") == []


@pytest.mark.parametrize("text, cited", [
    # c53841aed / d5f01e…: an HĐND resolution's preamble
    ("Xét Tờ trình số 215/TTr-UBND ngày 10/11/2025 của Ủy ban nhân dân tỉnh; Báo cáo thẩm\ntra "
     "của Ban Văn hóa - Xã hội Hội đồng nhân dân tỉnh và ý kiến thảo luận của đại biểu",
     "Báo cáo thẩm tra của Ban Văn hóa - Xã hội Hội đồng nhân dân tỉnh"),
    # 592501…
    ("Báo cáo thẩm tra của Ban Kinh tế - Ngân sách; ý kiến thảo luận của đại biểu",
     "Báo cáo thẩm tra của Ban Kinh tế - Ngân sách"),
])
def test_unnumbered_verification_report_is_cited_by_type_and_body(text, cited):
    found = extract_mentions(text)
    [m] = [m for m in found if m.type == "Báo cáo"]
    assert " ".join(m.text.split()) == cited == m.name and m.symbol is None


def test_numbered_verification_report_keeps_its_number():
    [m] = extract_mentions("Báo cáo thẩm tra số 97/BC-BVHXH ngày 23 tháng 11 năm 2025 của Ban Văn hóa - Xã hội")
    assert m.symbol == "97/BC-BVHXH" and m.type == "Báo cáo"


@pytest.mark.parametrize("text", [
    "kê khai theo tờ khai 05/KK-TNCN ban hành kèm theo",            # 4d24ae…
    "lập Tờ khai theo Mẫu số 01/TK-SDDPNN",                          # ad7a1b…
    "theo mẫu số: 02/ĐK-TCT",
])
def test_form_number_is_not_a_citation(text):
    assert texts(text) == []


def test_form_word_does_not_hide_a_cited_instrument():
    text = "theo mẫu ban hành kèm theo Thông tư số 80/2021/TT-BTC"
    assert texts(text) == ["Thông tư số 80/2021/TT-BTC"]


def symbols_of(text: str) -> list[str | None]:
    return [m.symbol for m in extract_mentions(text)]


@pytest.mark.parametrize("text, symbol", [
    # 24c658…, 0d9914…: the standing committee's own form, number/year/UBTVQH<term>
    ("Căn cứ Nghị quyết số 76/2025/UBTVQH15 ngày 14 tháng 4 năm 2025 của Ủy\nban Thường vụ Quốc hội",
     "76/2025/UBTVQH15"),
    ("(thay thế Nghị quyết số 1211/2016/UBTVQH13 ngày\n25/5/2016)", "1211/2016/UBTVQH13"),
    # ca6ff3…, 76415b…: a member of a numbered series of Government resolutions
    ("Căn cứ Nghị quyết số 66.7/2025/NQ-CP ngày 15 tháng 11 năm 2025 của\nChính phủ", "66.7/2025/NQ-CP"),
    # 478446…: a decree of 1993, before type codes were written in symbols
    ("Căn cứ Nghị định số 74/CP\nngày 25/10/1993 của Chính phủ", "74/CP"),
    ("Quyết định số 11/TTg ngày 10/01/1994 của Thủ tướng Chính phủ", "11/TTg"),
    # 1ea5e7…, 626bc5…, cd648c…: the hyphen between type code and issuer code left out
    ("Nghị định số\n118/2025/NĐCP ngày 09/6/2025 của Chính phủ", "118/2025/NĐ-CP"),
    ("Thông tư số 21/2025/TTBYT ngày 27/6/2025 của Bộ trưởng Bộ Y tế", "21/2025/TT-BYT"),
    ("Thông tư số 25/2023/TTBKHĐT ngày 31/12/2023", "25/2023/TT-BKHĐT"),
    # ca83e7…, fa0dcc…: a Cyrillic letter copied into the symbol (Т, С, Р, ВТС)
    ("Thông tư số 02/2024/TT-BKHĐ\u0422 ngày 06/3/2024", "02/2024/TT-BKHĐT"),
    ("Nghị định số\n23/2024/NĐ-C\u0420 ngày 27/02/2024 của Chính phủ", "23/2024/NĐ-CP"),
    ("văn bản số 16495/B\u0422\u0421-PTHT ngày 22/10/2025", "16495/BTC-PTHT"),
    # 717159…: a space beside the "&" joining two offices' codes
    ("căn cứ Công văn số 15972/SXD-QLN& TTBĐS ngày 14 tháng 11 năm 2025", "15972/SXD-QLN&TTBĐS"),
    ("Công văn số 2231/SNV-CCHC &PC ngày 01/12/2025", "2231/SNV-CCHC&PC"),
])
def test_symbol_forms_of_real_documents(text, symbol):
    assert symbols_of(text) == [symbol]


def test_dotted_number_needs_a_year():
    # "128.2025/OL.WMCLV" (1894fb…) is a company's letter, no series of the Government
    assert "2025/OL.WMCLV" not in " ".join(texts("Trả lời công văn số 128.2025/OL.WMCLV ngày 24/11/2025"))
    assert symbols_of("theo mục 1.2/2025/NQ-CP") == ["1.2/2025/NQ-CP"]


def test_underlined_symbol_is_found():
    # ea34a3…: a form's preamble with the symbol underlined in the page dump
    assert symbols_of("Căn cứ Nghị định số __165/2024/NĐ-CP__ ngày 26/12/2024 của Chính phủ;") == \
        ["165/2024/NĐ-CP"]


def test_glued_code_of_another_body_is_not_split():
    # TT-TTCP is the Thanh tra Chính phủ's Thông tư: "TTCP" is not Thông tư + CP
    assert symbols_of("Thông tư số 05/2014/TT-TTCP ngày 16/10/2014") == ["05/2014/TT-TTCP"]


@pytest.mark.parametrize("text, issuer", [
    # ea34a3…: the next table cell after a blank line, and a title without a comma
    ("Quyết định số 867/QĐ- UBND\nngày 12/9/2025 của Chủ tịch UBND tỉnh Bắc Ninh\n\n"
     "Quyết định số 40/2015/QĐ-\nUBND ngày 17/12/2015", "Chủ tịch Ủy ban nhân dân tỉnh Bắc Ninh"),
    ("Quyết định số 30/2025/QĐ-\nUBND ngày 30/9/2025 của Uỷ ban nhân dân tỉnh Bắc Ninh Ban hành quy định quản\nlý",
     "Ủy ban nhân dân tỉnh Bắc Ninh"),
])
def test_place_name_of_an_issuer_ends_before_the_next_cell_or_title(text, issuer):
    found = extract_mentions(text)
    assert found[0].issuer == issuer


def test_next_cell_citation_is_kept():
    text = ("Quyết định số 867/QĐ- UBND\nngày 12/9/2025 của Chủ tịch UBND tỉnh Bắc Ninh\n\n"
            "Quyết định số 40/2015/QĐ-\nUBND ngày 17/12/2015")
    assert symbols_of(text) == ["867/QĐ-UBND", "40/2015/QĐ-UBND"]


def test_heading_title_stops_at_the_first_basis_item():
    # 0beedb…: the title in the heading runs into the preamble; the law cited there is a
    # basis of the document, not part of the amended decision's title
    text = ("QUYẾT ĐỊNH\nSỬA ĐỔI, BỔ SUNG QUYẾT ĐỊNH SỐ 3470/QĐ-UBND NGÀY 10 THÁNG 11 NĂM 2025 CỦA\n"
            "CHỦ TỊCH UBND THÀNH PHỐ VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH\n"
            "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HUẾ\nCăn cứ Luật Tổ chức chính\n"
            "quyền địa phương ngày 16 tháng 6 năm 2025;\n")
    law = [m for m in extract_mentions(text) if m.type == "Luật"]
    assert len(law) == 1 and not law[0].embedded


@pytest.mark.parametrize("text, name", [
    # c53841…, 03741a… and 37 other mentions: the law's name ends in "pháp luật", which is
    # no new "Luật" for the number after it
    ("Căn cứ Luật Ban\nhành văn bản quy phạm pháp luật số 64/2025/QH15;",
     "Luật Ban hành văn bản quy phạm pháp luật"),
    ("Căn cứ Luật Phổ biến, giáo dục pháp luật số 14/2012/QH13;", "Luật Phổ biến, giáo dục pháp luật"),
])
def test_name_ending_in_a_common_noun_keeps_its_number(text, name):
    found = extract_mentions(text)
    assert [(m.name, m.symbol is not None) for m in found] == [(name, True)]
    assert found[0].text.startswith("Luật")


@pytest.mark.parametrize("text, symbol", [
    # 416ea2…, a94e2f…: a regional tax office's code with its number after a dot
    ("Cục Thuế nhận được công văn số 4814/CCTKV.05-TTKT3 ngày 30/06/2025", "4814/CCTKV.05-TTKT3"),
    ("công văn số 838/CCTKV.XII-NVDTPC.HUE ngày 15/05/2025", "838/CCTKV.XII-NVDTPC.HUE"),
    # 8018a6…: the Government Office's department I
    ("Văn bản số 6721/VPCP-V.I ngày 19/7/2025", "6721/VPCP-V.I"),
    # 14893c…: Q read as O in a scanned QH15
    ("Luật Đấu thầu số 22/2023/OH15 được sửa đổi, bổ sung", "22/2023/QH15"),
])
def test_unit_codes_with_a_dot_and_a_misread_assembly_code(text, symbol):
    assert symbols_of(text) == [symbol]


def test_a_sentence_glued_after_a_symbol_is_not_part_of_it():
    assert symbols_of("theo Quyết định số 12/QĐ-UBND.Trong đó") == ["12/QĐ-UBND"]


@pytest.mark.parametrize("text", [
    "Nghị quyết Đại hội lần thứ XIII của Đảng",                        # 5dbaef…
    "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",     # seed 002:245
    "Nghị quyết Đại hội XIII của Đảng",
    "Nghị quyết đại hội Đảng lần thứ XIII",                             # 109576…
])
def test_the_party_congress_resolution_in_its_written_forms(text):
    assert texts(f"hoàn thành các mục tiêu của {text} đã đề ra") == [text]
    # one resolution, one name, however it is written
    assert [m.name for m in extract_mentions(text)] == [
        "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"]


def test_the_congress_itself_is_no_citation():
    assert texts("lập thành tích chào mừng Đại hội lần thứ XIV của Đảng") == []


@pytest.mark.parametrize("text, symbol, number", [
    ("Trả lời công văn số 01/KGL ngày 20/11/2025 của Chi nhánh Công ty", "01/KGL", "01"),          # 4768df…
    ("Trả lời văn bản số 01/CV-01 ngày 20/11/2025 của Công Ty TNHH", "01/CV-01", "01"),              # 2249fe…
    ("Trả lời công văn số 09/HDTLMM/2025 ngày 06/11/2025 của Công ty", "09/HDTLMM/2025", "09"),     # e7f600…
    ("Bộ GDĐT đã ban hành Công văn số 6006/BGDĐT ngày 29/9/2025 hướng dẫn", "6006/BGDĐT", "6006"),   # 74e2dd…
    ("chuyển đến tại Văn bản số 1691/UBDNGS15 ngày 28 tháng 10 năm 2025 về", "1691/UBDNGS15", "1691"),  # edfc03…
    ("Trả lời công văn số 1025-CVHQ ngày 10/10/2025 của Công ty TNHH", "1025-CVHQ", "1025"),           # 29825a…
    ("Trả lời công văn số 25-2303/PBHC-KD của Tổng Công ty Phân bón", "25-2303/PBHC-KD", "25-2303"),     # 9a53c7…
    ("công văn số 2025-005/SAV-CHQ ngày 10/11/2025 của Công ty TNHH", "2025-005/SAV-CHQ", "2025-005"),   # e0b9a3…
])
def test_a_letter_number_with_one_code_is_read_after_a_letter_word(text, symbol, number):
    found = extract_mentions(text)
    assert [m.symbol for m in found] == [symbol]
    assert found[0].type in ("Công văn", "Văn bản")
    assert found[0].number == number      # «25-2303»: a number in two parts


@pytest.mark.parametrize("text", [
    "Hàm lượng tính trên trọng lượng: 13.75 ± 3g/chiếc",            # a1527c…: a unit
    "Văn bản đề nghị theo mẫu số 01/MGTH ban hành kèm theo phụ lục",  # c85492…: a form, no letter word before
    "kê khai thuế TNDN theo mẫu số 03/TNDN",
])
def test_one_code_without_a_letter_word_is_no_citation(text):
    assert extract_mentions(text) == []


def test_one_code_letter_needs_its_issuer_for_an_identity():
    from cancu.kg.iri import needs_issuer
    assert needs_issuer("01/CV") and needs_issuer("6006/BGDĐT")
    assert not needs_issuer("74/CP") and not needs_issuer("02/2020/UBTVQH14")


@pytest.mark.parametrize("text, name", [
    # 77bf89…: a plenum's conclusion, cited mid-sentence in lower case
    ("triển khai kết luận Hội nghị Trung ương lần thứ 13 Ban Chấp hành Trung ương Đảng khóa XIII về",
     "Kết luận Hội nghị Trung ương lần thứ 13 Ban Chấp hành Trung ương Đảng khóa XIII"),
    ("Nghị quyết Hội nghị Trung ương 4 khóa XII", "Nghị quyết Hội nghị Trung ương 4 khóa XII"),
])
def test_a_plenum_resolution_or_conclusion_by_its_name(text, name):
    assert [m.name for m in extract_mentions(text)] == [name]


SITE_SUMMARY = (
    "## Bảo đảm người dân có nhà ở an toàn\n"
    "Ngày 27/11/2025, Thủ tướng Chính phủ đã ban hành Công điện 232/CĐ-TTg theo Nghị quyết 380/NQ-CP.\n"
    "Xem thêm Công điện 232/CĐ-TTg đã ban hành ngày 27/11/2025.\n\n"
    "THỦ TƯỚNG CHÍNH PHỦ\n-------\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "---------------\n\nSố: 232/CĐ-TTg\n\nHà Nội, ngày 27 tháng 11 năm 2025\n\n"
    "Thực hiện Nghị quyết số 380/NQ-CP ngày 25/11/2025 của Chính phủ, Thủ tướng yêu cầu:\n"
)


def test_a_sites_summary_before_the_header_holds_no_citation():
    # b2fa00…, 8018a6…, 5dbaef… and 22 more: a news page's summary naming the document's number
    from cancu.nlp.model import SourceText
    from cancu.pipeline import Extractor, load_registry
    doc = Extractor(load_registry()).extract(SourceText("x.txt", SITE_SUMMARY, "txt"))
    body = SITE_SUMMARY.index("Thực hiện")
    assert doc.info.summary_end == SITE_SUMMARY.index("THỦ TƯỚNG")
    assert [r.mention.symbol for r in doc.resolutions] == ["380/NQ-CP"]
    assert doc.resolutions[0].mention.start > body


def test_text_before_a_header_that_does_not_name_the_document_is_kept():
    from cancu.nlp.model import SourceText
    from cancu.pipeline import Extractor, load_registry
    text = SITE_SUMMARY.replace("Công điện 232/CĐ-TTg", "một công điện")
    doc = Extractor(load_registry()).extract(SourceText("x.txt", text, "txt"))
    assert doc.info.summary_end is None
    assert [r.mention.symbol for r in doc.resolutions] == ["380/NQ-CP", "380/NQ-CP"]


def test_an_amending_law_of_articles_and_an_annex_is_one_name():
    # 295bcc…: the 2021 amendment of the Luật Thống kê
    text = ("Căn cứ Luật sửa đổi, bổ sung một số điều và Phụ lục Danh mục chỉ tiêu thống kê quốc gia của "
            "Luật Thống kê ngày 12 tháng 11 năm 2021;")
    assert texts(text) == [text[len("Căn cứ "):-1]]


@pytest.mark.parametrize("text, cited", [
    ("Nghị quyết ngày 28 tháng 11 năm 2025 về dự án Luật Viên chức (sửa đổi)", []),              # 7f4621…
    ("Khẩn trương hoàn thiện dự thảo Luật Trí tuệ nhân tạo", []),                                # 74e2dd…
    ("Nghiên cứu, xây dựng Luật Chuyển đổi số", []),                                            # 2edf59…
    # 45cc2b…: a draft amending ordinance cites the ordinance it amends
    ("thống nhất với dự án Pháp lệnh sửa đổi, bổ sung một số điều của Pháp lệnh Cảnh sát môi trường do",
     ["Pháp lệnh Cảnh sát môi trường"]),
    # 14d456…: an enacted law is cited after "ban hành"
    ("của Quốc hội ban hành Luật sửa đổi, bổ sung một số điều của Luật Quy hoạch và Luật Đấu thầu;",
     ["Luật sửa đổi, bổ sung một số điều của Luật Quy hoạch và Luật Đấu thầu"]),
])
def test_a_draft_law_is_no_citation_but_the_law_it_amends_is(text, cited):
    assert texts(text) == cited


@pytest.mark.parametrize("text, pinpoint", [
    ("thực hiện theo khoản 1, 2 và 3 Điều 82 Luật Đất đai năm 2024.", "Khoản 1, 2 và 3 Điều 82"),   # a4a312…
    ("theo Khoản 2 Điều 142 và Khoản 2 Điều 145 Luật Quản lý thuế", "Khoản 2 Điều 142 và Khoản 2 Điều 145"),
])
def test_a_pinpoint_list_joined_by_va(text, pinpoint):
    (m,) = extract_mentions(text)
    assert m.pinpoint == pinpoint
