"""The stale-basis audit: every finding on the seeds, asserted and explained, and
the date logic on documents written for these tests."""
from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from cancu.pipeline import Extractor, load_registry
from cancu.kg.audit.auditor import Auditor
from cancu.nlp.model import SourceText
from tests.gold import PLANS

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def extractor():
    return Extractor(load_registry())


@pytest.fixture(scope="module")
def auditor():
    return Auditor(load_registry(), today=TODAY)


def audit_text(extractor, auditor, text, name="vb.txt"):
    doc = extractor.extract(SourceText(name, text, "txt"))
    return auditor.audit(name, doc.info, doc.resolutions)


def seed_findings(extractor, auditor, stem):
    path = next(PLANS.glob(f"{stem}_*.txt"))
    return audit_text(extractor, auditor, path.read_text(encoding="utf-8"), path.name)


def codes(findings):
    return Counter((f.finding, f.symbol) for f in findings)


def test_seed_002_rests_on_two_instruments_that_ended_in_2023(extractor, auditor):
    found = seed_findings(extractor, auditor, "002")
    assert codes(found) == Counter({
        # The plan governs "đến hết năm 2023"; it has no date line, and the newest
        # instrument it cites is of 24/01/2022, so only the period can be judged.
        ("stale_during_period", "34/2007/PL-UBTVQH11"): 1,   # cited by nickname and by number
        ("stale_during_period", "22/2018/QĐ-TTg"): 1,
        # Plan writes "Quy định số 217-QĐ/TW"/"218-QĐ/TW"; both are Quyết định.
        ("type_mismatch", "217-QĐ/TW"): 1,
        ("type_mismatch", "218-QĐ/TW"): 1,
        # The 2018 Ban Bí thư rule is 124-QĐi/TW; the plan drops the "i".
        ("symbol_mismatch", "124-QĐ/TW"): 1,
        # Names shared by several laws/codes and no year in the text.
        ("unresolved", "Luật Tố cáo"): 1,
        ("unresolved", "Bộ luật Lao động"): 1,
        # No number was ever filled in ("Chương trình hành động số  của …"), and the
        # congress resolution has none.
        ("unresolved", "Chương trình hành động của Ban Chấp hành Đảng bộ tỉnh về thực hiện "
                       "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"): 1,
        ("unresolved", "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"): 1,
    })
    pl = next(f for f in found if f.symbol == "34/2007/PL-UBTVQH11")
    assert "01/07/2023" in pl.explanation and "Luật 10/2022/QH15" in pl.explanation
    assert pl.replaced_by == ["10/2022/QH15"]
    qd = next(f for f in found if f.symbol == "22/2018/QĐ-TTg")
    assert "16/08/2023" in qd.explanation and qd.replaced_by == ["61/2023/NĐ-CP"]
    # Said once: the end, its cause and the instrument now in force (the text said the end
    # twice and named the replacing law twice).
    for f, successor in ((pl, "Luật 10/2022/QH15"), (qd, "Nghị định 61/2023/NĐ-CP")):
        assert f.explanation.count("hết hiệu lực từ ngày") == 1, f.explanation
        assert f.explanation.count(successor) == 1, f.explanation


def test_seed_000(extractor, auditor):
    assert codes(seed_findings(extractor, auditor, "000")) == Counter({
        ("unresolved", "Luật cán bộ, công chức"): 1,      # 22/2008 or 80/2025
        ("unresolved", "Luật Viên chức"): 1,              # 58/2010 or 129/2025
        ("unresolved", "Luật tố cáo"): 1,                 # 03/2011 or 25/2018
        ("unresolved", "Quy tắc ứng xử của cán bộ, công chức, viên chức, người lao động các cơ quan "
                       "hành chính nhà nước, đơn vị sự nghiệp công lập"): 1,   # no number
        ("unresolved", "Nghị quyết Đại hội Đảng các cấp nhiệm kỳ 2025-2030"): 1,  # a class, no number
        ("symbol_mismatch", "124-QĐ/TW"): 1,
    })


def test_seed_001_has_no_finding(extractor, auditor):
    # Every instrument is resolved, typed as written and in force through 2025.
    assert seed_findings(extractor, auditor, "001") == []


def test_seed_003(extractor, auditor):
    assert codes(seed_findings(extractor, auditor, "003")) == Counter({
        ("unresolved", "Kế hoạch Công tác cải cách hành chính năm 2025 của phường"): 1,
        ("unresolved", "Đề án phân cấp, ủy quyền quản lý nhà nước gắn với thí điểm mô hình chính "
                       "quyền địa phương hai cấp"): 1,
        ("unresolved", "Nghị quyết Trung ương 4 (khóa XII)"): 1,
    })


def test_seed_004_date_line_and_two_dates(extractor, auditor):
    found = seed_findings(extractor, auditor, "004")
    assert codes(found) == Counter({
        # "ngày  tháng 01 năm 2025" but it implements a resolution of 11/12/2025.
        ("anachronism", "82/NQ-HĐND"): 1,
        # Dated 11/12/2025 everywhere but the Phụ lục II heading (12/12/2025).
        ("date_conflict", "82/NQ-HĐND"): 1,
        ("unresolved", "Hiến pháp"): 1,                   # 1992 or 2013
    })
    conflict = next(f for f in found if f.finding == "date_conflict")
    assert "11/12/2025" in conflict.explanation and "12/12/2025" in conflict.explanation


# -------------------------------------------------------------- own documents
HEADER = "Số: 15/KH-UBND\nAn Bình, ngày 10 tháng 9 năm {year}\nKẾ HOẠCH\n{title}\n"


def test_stale_at_the_document_date(extractor, auditor):
    text = HEADER.format(year=2024, title="Thực hiện dân chủ ở cơ sở năm 2024") + \
        "Căn cứ Pháp lệnh số 34/2007/PL-UBTVQH11 ngày 20/4/2007 của Ủy ban Thường vụ Quốc hội;"
    [f] = audit_text(extractor, auditor, text)
    assert f.finding == "stale" and f.replaced_by == ["10/2022/QH15"]
    assert "10/09/2024" in f.explanation and "01/07/2023" in f.explanation


def test_what_the_document_itself_repeals_is_no_stale_basis(extractor, auditor):
    """The registry knows Thông tư 56/2015/TT-BCT ended on 02/12/2025, replaced by Thông tư
    61/2025/TT-BCT: that Thông tư, repealing it, is not flagged for citing it; another
    document citing it after that day is."""
    own = ("Số: 61/2025/TT-BCT\nHà Nội, ngày 02 tháng 12 năm 2025\nTHÔNG TƯ\nQuy định về hạn ngạch thuế quan\n"
           "Điều 5. Hiệu lực thi hành\nThông tư này bãi bỏ Thông tư số 56/2015/TT-BCT ngày 31 tháng 12 năm 2015 "
           "của Bộ trưởng Bộ Công Thương.")
    assert [f for f in audit_text(extractor, auditor, own) if f.symbol == "56/2015/TT-BCT"] == []
    other = own.replace("61/2025/TT-BCT", "62/2025/TT-BCT").replace("02 tháng 12", "20 tháng 12")
    found = [f for f in audit_text(extractor, auditor, other) if f.symbol == "56/2015/TT-BCT"]
    assert [f.finding for f in found] == ["stale"]


def test_a_consolidated_text_restates_old_bases_without_a_time_finding(extractor, auditor):
    """A VBHN (8180ae11…, the 2025 consolidation of a 2008 decision) restates «Căn cứ Luật Tổ
    chức Chính phủ ngày 25 tháng 12 năm 2001»: that basis is the 2008 decision's, not stale on
    the day of the consolidation."""
    vbhn = ("BỘ QUỐC PHÒNG\nSố: 92/VBHN-BQP\nHà Nội, ngày 24 tháng 11 năm 2025\nQUYẾT ĐỊNH\nVỀ THỰC HIỆN CHẾ ĐỘ\n"
            "Căn cứ Pháp lệnh số 34/2007/PL-UBTVQH11 ngày 20/4/2007 của Ủy ban Thường vụ Quốc hội;")
    found = audit_text(extractor, auditor, vbhn)
    assert [f for f in found if f.finding == "stale"] == []
    decision = vbhn.replace("92/VBHN-BQP", "92/QĐ-BQP")
    assert [f.finding for f in audit_text(extractor, auditor, decision) if f.finding == "stale"] == ["stale"]


def test_not_yet_in_force(extractor, auditor):
    text = "Số: 15/KH-UBND\nAn Bình, ngày 10 tháng 3 năm 2026\nKẾ HOẠCH\nTuyển dụng viên chức\n" \
        "Căn cứ Luật Viên chức số 129/2025/QH15 ngày 10/12/2025;"
    [f] = audit_text(extractor, auditor, text)
    assert f.finding == "not_yet_in_force" and "01/07/2026" in f.explanation


def test_replaced_since_for_a_regulation_without_period(extractor, auditor):
    text = "Số: 05/2020/QĐ-UBND\nHòa Bình, ngày 02 tháng 3 năm 2020\nQUYẾT ĐỊNH\nBan hành Quy chế tiếp công dân\n" \
           "Căn cứ Luật Tổ chức chính quyền địa phương số 77/2015/QH13 ngày 19/6/2015;"
    [f] = audit_text(extractor, auditor, text)
    assert f.finding == "replaced_since" and f.replaced_by[-1] == "72/2025/QH15"
    assert "01/03/2025" in f.explanation and f.explanation.count("hết hiệu lực từ ngày") == 1
    assert "72/2025/QH15" in f.explanation          # the chain reaches further than the direct successor


def test_anachronism_and_year_mismatch(extractor, auditor):
    text = HEADER.format(year=2023, title="Kế hoạch năm 2023") + \
        "Căn cứ Nghị định số 59/2023/NĐ-CP ngày 14/8/2022 của Chính phủ; Kế hoạch số 9/KH-UBND ngày 1/12/2023 của UBND tỉnh Hà Giang;"
    got = {f.finding for f in audit_text(extractor, auditor, text)}
    assert {"year_mismatch", "date_conflict", "anachronism"} <= got


# ------------------------------------------------ documents whose date cannot be read
# No date line: the document was issued between the newest instrument it cites (or its
# period's start) and the day of the audit. A finding is certain only if every such day
# makes it true; otherwise it says "possibly" and gives the range.
UNDATED = "QUYẾT ĐỊNH\nBan hành Quy chế tiếp công dân\n"
LAW_2015 = "Căn cứ Luật Tổ chức chính quyền địa phương số 77/2015/QH13 ngày 19/6/2015;\n"   # ended 01/03/2025


def test_undated_document_citing_a_law_that_ended_within_its_range(extractor, auditor):
    found = audit_text(extractor, auditor, UNDATED + LAW_2015)
    # before this rule: "replaced_since" ("ended after the document was issued") and
    # "not_yet_in_force" (the law took effect on 01/01/2016), both stated as facts
    assert codes(found) == Counter({("possibly_stale", "77/2015/QH13"): 1,
                                    ("possibly_not_yet_in_force", "77/2015/QH13"): 1})
    f = next(f for f in found if f.finding == "possibly_stale")
    assert "01/03/2025" in f.explanation and "19/06/2015 – 23/11/2026" in f.explanation
    assert "có thể" in f.explanation and f.replaced_by[-1] == "72/2025/QH15"


def test_undated_document_citing_something_newer_than_the_end_is_certainly_stale(extractor, auditor):
    text = UNDATED + LAW_2015 + "Căn cứ Nghị định số 59/2023/NĐ-CP ngày 14/8/2023; Kế hoạch số 9/KH-UBND ngày 16/6/2025 của UBND tỉnh Hà Giang;\n"
    found = {(f.finding, f.symbol) for f in audit_text(extractor, auditor, text)}
    assert ("stale", "77/2015/QH13") in found


def test_undated_document_and_a_law_not_yet_in_force(extractor):
    text = UNDATED + "Căn cứ Luật Viên chức số 129/2025/QH15 ngày 10/12/2025;\n"   # in force from 01/07/2026
    # audited after 01/07/2026: the document may have been issued before or after
    [f] = audit_text(extractor, Auditor(load_registry(), today=TODAY), text)
    assert f.finding == "possibly_not_yet_in_force"       # before this rule: "not_yet_in_force"
    assert "01/07/2026" in f.explanation and "10/12/2025 – 23/11/2026" in f.explanation
    # audited before 01/07/2026: every possible date is before it, so it is certain
    [f] = audit_text(extractor, Auditor(load_registry(), today=dt.date(2026, 3, 1)), text)
    assert f.finding == "not_yet_in_force" and "01/07/2026" in f.explanation


def test_blank_day_bounds_the_date_to_its_month(extractor, auditor):
    # "ngày  tháng 3 năm 2026": issued in March 2026, before the law's 01/07/2026
    text = "Số: /KH-UBND\nAn Bình, ngày   tháng 3 năm 2026\nKẾ HOẠCH\nTuyển dụng viên chức\n" \
        "Căn cứ Luật Viên chức số 129/2025/QH15 ngày 10/12/2025;\n"
    [f] = audit_text(extractor, auditor, text)
    assert f.finding == "not_yet_in_force" and "31/03/2026" in f.explanation
