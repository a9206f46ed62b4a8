"""The forms of Vietnamese citation, one by one, in sentences written for these
tests (not taken from the seeds)."""
from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from cancu.pipeline import Extractor, load_registry
from cancu.nlp.citations import extract_mentions
from cancu.nlp.model import SourceText


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(load_registry())


def mentions(text: str, names=()):
    found = extract_mentions(text, names=names)
    for m in found:
        assert text[m.start:m.end] == m.text
    return found


def resolve(extractor: Extractor, text: str):
    return extractor.extract(SourceText("t.txt", text, "txt")).resolutions


def test_numbered_state_document_with_date_and_issuer():
    [m] = mentions("Căn cứ Nghị định số 145/2020/NĐ-CP ngày 14/12/2020 của Chính phủ quy định chi tiết.")
    assert (m.type, m.symbol, m.number, m.year) == ("Nghị định", "145/2020/NĐ-CP", "145", 2020)
    assert m.date == dt.date(2020, 12, 14) and m.issuer == "Chính phủ"
    assert m.text == "Nghị định số 145/2020/NĐ-CP ngày 14/12/2020 của Chính phủ"


def test_symbol_without_year_takes_year_from_date():
    [m] = mentions("Thực hiện Quyết định số 1234/QĐ-UBND ngày 3/3/2024 của UBND tỉnh Nghệ An, ...")
    assert m.symbol == "1234/QĐ-UBND" and m.year == 2024
    assert m.issuer == "Ủy ban nhân dân tỉnh Nghệ An"


def test_date_written_in_words():
    [m] = mentions("Luật số 10/2022/QH15 ngày 10 tháng 11 năm 2022 của Quốc hội")
    assert m.type == "Luật" and m.date == dt.date(2022, 11, 10) and m.issuer == "Quốc hội"


@pytest.mark.parametrize("written, symbol, typ", [
    ("Quy định số 08-QĐi/TW ngày 25/10/2018", "08-QĐi/TW", "Quy định"),
    ("Hướng dẫn số 05-HD/BTCTU ngày 2/3/2021", "05-HD/BTCTU", "Hướng dẫn"),
    ("Kết luận số 14-KL/TW ngày 22/9/2021", "14-KL/TW", "Kết luận"),
    ("Thông tri số 03-TT/TW", "03-TT/TW", "Thông tri"),          # TT in a party symbol
    ("Thông tư số 03/2018/TT-BNV", "03/2018/TT-BNV", "Thông tư"),  # TT in a state symbol
    ("Lệnh số 03/2018/L-CTN", "03/2018/L-CTN", "Lệnh"),
    ("Thông tư liên tịch số 01/2014/TTLT-BNV-BTC", "01/2014/TTLT-BNV-BTC", "Thông tư liên tịch"),
    ("Công văn số 1520/UBND-VX", "1520/UBND-VX", "Công văn"),
    ("Nghị quyết số 203/2025/QH15", "203/2025/QH15", "Nghị quyết"),
])
def test_symbol_families(written, symbol, typ):
    [m] = mentions(f"Căn cứ {written} về việc triển khai.")
    assert (m.symbol, m.type) == (symbol, typ)


def test_type_word_contradicting_symbol_is_kept_with_true_type():
    [m] = mentions("Thực hiện Quy định số 217-QĐ/TW ngày 12/12/2013 của Bộ Chính trị")
    assert m.type_as_written == "Quy định" and m.type == "Quyết định"
    assert any("khác loại" in n for n in m.notes)


def test_list_sharing_one_type_word():
    found = mentions("Căn cứ các Nghị định số 04/2015/NĐ-CP, 61/2023/NĐ-CP và 59/2023/NĐ-CP của Chính phủ;")
    assert [m.symbol for m in found] == ["04/2015/NĐ-CP", "61/2023/NĐ-CP", "59/2023/NĐ-CP"]
    assert all(m.type_as_written == "Nghị định" for m in found)


def test_abbreviated_symbol_completed_from_the_same_document():
    text = ("Căn cứ Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ; ... "
            "theo hướng dẫn tại Nghị định 59/NĐ-CP.")
    full, short = mentions(text)
    assert short.symbol == "59/2023/NĐ-CP" and short.abbreviated


def test_abbreviated_symbol_alone_says_what_is_missing():
    [m] = mentions("theo Nghị định 59/NĐ-CP.")
    assert m.symbol == "59/NĐ-CP" and m.abbreviated and any("thiếu năm" in n for n in m.notes)


@pytest.mark.parametrize("text, pinpoint", [
    ("theo khoản 2 Điều 5 Nghị định số 59/2023/NĐ-CP", "Khoản 2 Điều 5"),
    ("quy định tại điểm a, khoản 1, Điều 3 Luật số 10/2022/QH15", "Điểm a, Khoản 1, Điều 3"),
    ("thực hiện Chương IV, Luật số 10/2022/QH15", "Chương IV"),
    ("theo Nghị định số 59/2023/NĐ-CP (Điều 12);", "Điều 12"),
    ("theo Phụ lục II Quyết định số 12/2024/QĐ-UBND", "Phụ lục II"),
])
def test_pinpoints_before_and_after(text, pinpoint):
    [m] = mentions(text)
    assert m.pinpoint == pinpoint


def test_line_breaks_and_stray_spaces_inside_symbols():
    text = "Căn cứ Pháp lệnh số 34/2007/PL-\n\nUBTVQH11 và Quyết định số 1737-  QĐ/TU; Chỉ thị số 26/CT -TTg"
    found = mentions(text)
    assert [m.symbol for m in found] == ["34/2007/PL-UBTVQH11", "1737-QĐ/TU", "26/CT-TTg"]


def test_type_word_broken_across_lines():
    [m] = mentions("Căn cứ Nghị \n\nđịnh số 61/2023/NĐ-CP ngày 16/8/2023")
    assert m.type_as_written == "Nghị định" and m.text.startswith("Nghị \n\nđịnh")


def test_letters_that_lost_their_diacritics():
    [m] = mentions("Nghi dinh so 59/2023/ND-CP ngay 14/8/2023 cua Chinh phu")
    assert m.symbol == "59/2023/NĐ-CP" and m.date == dt.date(2023, 8, 14) and m.issuer == "Chính phủ"
    [q] = mentions("Quyết định số 218-QD/TW")
    assert q.symbol == "218-QĐ/TW"


def test_decomposed_unicode_offsets_point_into_the_original():
    text = unicodedata.normalize("NFD", "Căn cứ Chỉ thị số 18-CT/TW ngày 26/10/2022 của Ban Bí thư; tiếp")
    [m] = mentions(text)
    assert m.symbol == "18-CT/TW" and m.issuer == "Ban Bí thư"
    assert unicodedata.normalize("NFC", m.text) == "Chỉ thị số 18-CT/TW ngày 26/10/2022 của Ban Bí thư"


def test_old_tone_placement_is_normalised():
    [m] = mentions("Quyết định số 12/QĐ-UBND ngày 1/2/2024 của Uỷ ban nhân dân huyện Hoà Vang")
    assert m.issuer == "Ủy ban nhân dân huyện Hòa Vang"


def test_upper_case_title_line():
    [m] = mentions("KẾ HOẠCH\nTHỰC HIỆN NGHỊ ĐỊNH SỐ 59/2023/NĐ-CP NGÀY 14/8/2023 CỦA CHÍNH PHỦ\n")
    assert m.symbol == "59/2023/NĐ-CP" and m.issuer == "Chính phủ"


def test_self_references_are_not_citations():
    text = "Số: 15/KH-UBND\nKẾ HOẠCH\nUBND xã ban hành Kế hoạch này. Các đơn vị thực hiện Kế hoạch này."
    assert mentions(text) == []


def test_common_nouns_are_not_citations():
    text = "thực hiện pháp luật, kỷ luật; quyết định về hiến pháp và pháp luật; theo quy định của Luật"
    assert [m.type for m in mentions(text)] == ["Hiến pháp"]


def test_party_nickname():
    [m] = mentions("Gắn với việc thực hiện Nghị quyết Trung ương 4 (khóa XII) về xây dựng Đảng")
    assert m.symbol is None and m.name == "Nghị quyết Trung ương 4 (khóa XII)"


def test_name_then_number_is_one_citation():
    [m] = mentions("Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15;")
    assert m.symbol == "10/2022/QH15" and m.name == "Luật Thực hiện dân chủ ở cơ sở"


# ------------------------------------------------------------------ resolution
def test_law_by_name_resolved_by_stated_date(extractor):
    [r] = resolve(extractor, "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;")
    assert r.symbol == "65/2025/QH15"
    [r] = resolve(extractor, "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025;")
    assert r.symbol == "72/2025/QH15"


def test_law_by_name_only_one_ever(extractor):
    [r] = resolve(extractor, "thực hiện tốt Luật Tiếp cận thông tin;")
    assert r.status.value == "resolved" and r.symbol == "104/2016/QH13"


def test_law_by_name_shared_by_versions_is_ambiguous_without_a_year(extractor):
    [r] = resolve(extractor, "thực hiện Luật Tố cáo;")
    assert r.status.value == "ambiguous" and set(r.candidates) == {"03/2011/QH13", "25/2018/QH14"}
    assert r.iri is None and "nhiều văn bản cùng tên" in r.reason


def test_law_by_name_with_year(extractor):
    [r] = resolve(extractor, "thực hiện Luật Tố cáo năm 2018;")
    assert r.symbol == "25/2018/QH14"


def test_nickname_resolves(extractor):
    [r] = resolve(extractor, "Thực hiện Pháp lệnh dân chủ 2007;")
    assert r.symbol == "34/2007/PL-UBTVQH11" and r.iri.endswith("/pl-ubtvqh11") is False
    assert "34-2007-pl-ubtvqh11" in r.iri


def test_party_numbers_restart_each_term(extractor):
    a, b = resolve(extractor, "Nghị quyết số 18-NQ/TW ngày 25/10/2017; Nghị quyết số 18-NQ/TW ngày 16/6/2022")
    assert a.iri != b.iri


def test_local_symbol_needs_issuer_and_year(extractor):
    text = ("UBND xã An Bình ban hành Kế hoạch.\nCăn cứ Kế hoạch số 88/KH-UBND ngày 24/4/2023 của UBND tỉnh; "
            "Kế hoạch số 88/KH-UBND ngày 2/5/2024 của UBND huyện Đông Anh")
    a, b = resolve(extractor, text)
    assert a.iri != b.iri and a.key.year == 2023 and b.key.year == 2024


def test_local_symbol_without_date_cannot_be_resolved(extractor):
    [r] = resolve(extractor, "theo Công văn số 44/UBND-NC của UBND tỉnh")
    assert r.status.value == "unresolved" and "năm" in r.reason


def test_same_symbol_learns_from_its_other_mentions(extractor):
    text = "Căn cứ Nghị quyết số 82/NQ-HĐND ngày 11/12/2025 của HĐND thành phố; ... triển khai Nghị quyết số 82/NQ-HĐND."
    a, b = resolve(extractor, text)
    assert a.iri == b.iri


def test_constitution_with_country_and_year(extractor):
    [r] = resolve(extractor, "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013;")
    assert r.mention.text.endswith("năm 2013") and r.status.value == "resolved"
    assert r.cited_symbol is None and r.iri      # the Constitution has no number


def test_amending_law_by_name_and_date(extractor):
    [r] = resolve(extractor, "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và "
                             "Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;")
    assert r.symbol == "47/2019/QH14"


def test_bare_name_follows_the_full_citation_in_the_same_document(extractor):
    first, again = resolve(extractor, "Căn cứ Luật Thi đua, khen thưởng ngày 15/6/2022; Căn cứ Luật Thi đua, "
                                      "khen thưởng và các văn bản hướng dẫn;")
    assert first.symbol == again.symbol == "06/2022/QH15" and again.status.value == "inferred"


def test_bare_name_inside_a_cited_title_stays_name_only(extractor):
    # The name in a title is the law as it stood when that title was written, not the
    # version this document cites in full: a real decision cites "Luật Đấu thầu số
    # 22/2023/QH15" and also "Nghị định 63/2014/NĐ-CP … Luật Đấu thầu" (the 2013 law).
    # The real gold keeps such names name-only when several laws share them.
    first, decree, inside = resolve(extractor, "Căn cứ Luật Thi đua, khen thưởng ngày 15/6/2022; Nghị định số "
                                    "98/2023/NĐ-CP quy định chi tiết một số điều của Luật Thi đua, khen thưởng;")
    assert first.symbol == "06/2022/QH15"
    assert inside.mention.embedded and inside.symbol is None and inside.status.value == "ambiguous"


def test_law_after_theo_is_a_citation():
    [m] = mentions("Phát huy vai trò giám sát theo Luật Mặt trận Tổ quốc Việt Nam.")
    assert m.type == "Luật" and m.name == "Luật Mặt trận Tổ quốc Việt Nam"


def test_abbreviated_symbol_takes_the_year_of_its_stated_date():
    [m] = mentions("Căn cứ Nghị định số 145/NĐ-CP ngày 14 tháng 12 năm 2020 của Chính phủ;")
    assert m.symbol == "145/2020/NĐ-CP" and m.abbreviated


def test_decree_number_and_year_without_symbol_block():
    a, b = mentions("Căn cứ Nghị định 149/2018, ngày 07/11/2018; Nghị định số 30/2020 của Chính phủ;")
    assert (a.symbol, b.symbol) == ("149/2018/NĐ-CP", "30/2020/NĐ-CP") and a.abbreviated
    assert a.date == dt.date(2018, 11, 7) and b.issuer == "Chính phủ"


def test_own_number_in_an_appendix_heading_is_not_a_citation(extractor):
    text = ("Số: 373/KH-UBND\nKẾ HOẠCH\nVề công tác dân vận\nCăn cứ Nghị định số 59/2023/NĐ-CP;\n"
            "PHỤ LỤC\n(Kèm theo Kế hoạch số 373/KH-UBND ngày 2/3/2024 của UBND xã An Phú)\n")
    assert [r.mention.symbol for r in resolve(extractor, text)] == ["59/2023/NĐ-CP"]


def test_a_law_adopted_after_the_citing_document_is_not_a_candidate(extractor):
    text = "Số: 01/KH-UBND\nAn Phú, ngày 10 tháng 3 năm 2020\nKẾ HOẠCH\nVề dân vận\nCăn cứ Luật Tổ chức chính quyền địa phương;"
    [r] = resolve(extractor, text)
    assert r.symbol == "77/2015/QH13" and r.status.value == "inferred"


def test_alias_with_year_gives_the_year(extractor):
    [r] = resolve(extractor, "thực hiện Hiến pháp năm 2013")
    assert r.status.value == "resolved" and r.mention.year == 2013


def test_type_word_ending_a_table_cell_is_not_a_titled_citation():
    text = "1\tTổ chức hội nghị quán triệt, triển khai Kế hoạch\tVăn phòng HĐND và UBND xã\tTháng 7/2025\n"
    assert mentions(text) == []
