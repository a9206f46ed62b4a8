"""Deadline and recurrence forms, on sentences written for these tests."""
from __future__ import annotations

import datetime as dt

import pytest

from cancu.nlp.model import SourceText
from cancu.nlp.obligations import extract_obligations
from cancu.nlp.obligations.deadlines import parse_expressions


def first(text):
    exprs = parse_expressions(text)
    assert exprs, text
    return exprs[0]


@pytest.mark.parametrize("text, date, rule", [
    ("gửi báo cáo trước ngày 10/6 hằng năm", None, "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=10"),
    ("nộp trước ngày 05/01 hàng năm", None, "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=5"),
    ("hoàn thành trước 15/12/2025", dt.date(2025, 12, 15), None),
    ("chậm nhất ngày 31/3/2026", dt.date(2026, 3, 31), None),
    ("Quý III/2025", dt.date(2025, 9, 30), None),
    ("trong quý 4 năm 2025", dt.date(2025, 12, 31), None),
    ("tháng 10/2025", dt.date(2025, 10, 31), None),
    ("trong tháng 2 năm 2024", dt.date(2024, 2, 29), None),
    ("6 tháng đầu năm", None, "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=30"),
    ("sáu tháng cuối năm 2025", dt.date(2025, 12, 31), None),
    ("hằng quý", None, "FREQ=MONTHLY;INTERVAL=3"),
    ("định kỳ hằng năm", None, "FREQ=YEARLY"),
    ("Hàng tháng", None, "FREQ=MONTHLY"),
    ("06 tháng", None, "FREQ=MONTHLY;INTERVAL=6"),
    ("ngày 01 và 15 hằng tháng", None, "FREQ=MONTHLY;BYMONTHDAY=1,15"),
    ("thường xuyên", None, None),
])
def test_forms(text, date, rule):
    t = first(text)
    assert (t.date, t.recurrence) == (date, rule)


def test_no_time_in_symbols_or_plain_words():
    assert parse_expressions("Nghị định số 59/2023/NĐ-CP của Chính phủ") == []
    assert parse_expressions("tổ chức hội nghị tại nhà văn hóa") == []


def test_deadlines_on_an_obligation_keep_their_place():
    text = ("KẾ HOẠCH\nIII. TỔ CHỨC THỰC HIỆN\n1. Phòng Nội vụ\n"
            "- Tổng hợp, báo cáo kết quả về Sở Nội vụ trước ngày 10/6 hằng năm và trước 15/12/2025.\n")
    ob = extract_obligations(SourceText("t.txt", text, "txt"), issuer="Ủy ban nhân dân xã Tân Lập")[0]
    assert ob.source == "reporting" and ob.reports_to == "Sở Nội vụ"
    got = [(d.text, d.date, d.recurrence) for d in ob.deadlines]
    assert got == [("trước ngày 10/6 hằng năm", None, "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=10"),
                   ("trước 15/12/2025", dt.date(2025, 12, 15), None)]
    for d in ob.deadlines:
        assert text[d.start:d.end] == d.text


def test_schedule_recurrence_and_ongoing():
    text = ("KẾ HOẠCH\nIII. TỔ CHỨC THỰC HIỆN\n1. Phòng Văn hóa - Xã hội\n"
            "- Hằng quý kiểm tra việc niêm yết công khai tại các thôn.\n"
            "- Thường xuyên theo dõi, đôn đốc các thôn thực hiện.\n")
    a, b = extract_obligations(SourceText("t.txt", text, "txt"), issuer="UBND xã Tân Lập")
    assert a.schedule == "Hằng quý" and [d.recurrence for d in a.deadlines] == ["FREQ=MONTHLY;INTERVAL=3"]
    assert b.schedule == "Thường xuyên" and b.deadlines == []


@pytest.mark.parametrize("text, date, rule", [
    ("trước ngày 20 tháng 11 năm 2026", dt.date(2026, 11, 20), None),
    ("chậm nhất ngày 5 tháng\n1 năm 2027", dt.date(2027, 1, 5), None),
    ("trước ngày 15 tháng 12 hằng năm", None, "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15"),
    ("ngày 02 tháng 3 năm 2026", dt.date(2026, 3, 2), None),
])
def test_written_out_dates(text, date, rule):
    t = first(text)
    assert (t.date, t.recurrence) == (date, rule)


# Real sentences from corpus/realdocs (file id in the comment). The expression must start at
# its limit word, so the deadline's text reads as the document writes it.
@pytest.mark.parametrize("sentence, expr, date, rule", [
    # 692e12b0: "chậm nhất trước ngày"
    ("hỗ trợ sửa chữa nhà cho các gia đình có nhà bị hư hỏng nặng, hoàn thành chậm nhất trước ngày 31/12/2025",
     "chậm nhất trước ngày 31/12/2025", dt.date(2025, 12, 31), None),
    # 717159673: "hoàn thành xong trước ngày …" written out
    ("Thời gian thực hiện hoàn thành xong trước ngày 05 tháng 12 năm 2025",
     "hoàn thành xong trước ngày 05 tháng 12 năm 2025", dt.date(2025, 12, 5), None),
    # a12a41bb, 8018a6f3: "trước ngày … tháng … năm …"
    ("cập nhật cơ sở dữ liệu cán bộ, công chức, viên chức trước ngày 30 tháng 10 năm 2025",
     "trước ngày 30 tháng 10 năm 2025", dt.date(2025, 10, 30), None),
    ("báo cáo Phó Thủ tướng Chính phủ - Trưởng Ban Chỉ đạo 389 quốc gia trước ngày 30 tháng 11 năm 2025",
     "trước ngày 30 tháng 11 năm 2025", dt.date(2025, 11, 30), None),
    # 7f6efa59, fa0dcc13: "trước 30/11/2025"
    ("rà soát thủ tục hành chính còn hiệu lực, hoàn thành trước 30/11/2025",
     "hoàn thành trước 30/11/2025", dt.date(2025, 11, 30), None),
    # e42103d7: a weekday between the limit word and the date
    ("gửi về Ban Chỉ đạo trước Thứ Tư ngày 03/12/2025", "trước Thứ Tư ngày 03/12/2025", dt.date(2025, 12, 3), None),
    # 7f6efa59, 74e2ddc7, 987cadc8: "trong quý …/…"
    ("Đảm bảo hoàn thành trong quý I/2026", "hoàn thành trong quý I/2026", dt.date(2026, 3, 31), None),
    ("bảo đảm khởi công dự án trong Quý III/2025", "trong Quý III/2025", dt.date(2025, 9, 30), None),
    # 06690fd4, 646f0a00: "trong quý … năm …"
    ("báo cáo Thủ tướng Chính phủ trong quý I năm 2026", "trong quý I năm 2026", dt.date(2026, 3, 31), None),
    # 7f6efa59, 53b3997d, 74e2ddc7: "trong tháng …/…"
    ("đảm bảo hoàn thành trong tháng 12/2025", "hoàn thành trong tháng 12/2025", dt.date(2025, 12, 31), None),
    ("(hoàn thành trong tháng 11/2025)", "hoàn thành trong tháng 11/2025", dt.date(2025, 11, 30), None),
    # 7f6efa59, 344b9eec: "trong năm …"
    ("Đảm bảo hoàn thành thực thi trong năm 2026", "trong năm 2026", dt.date(2026, 12, 31), None),
    # 2edf5927, 646f0a00: a yearly day ("của năm tiếp theo": the year after the one reported on)
    ("báo cáo Thủ tướng Chính phủ trước ngày 30 tháng 01 của năm tiếp theo",
     "trước ngày 30 tháng 01 của năm tiếp theo", None, "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=30"),
    ("Hàng năm, trước ngày 25 tháng 12, các cơ quan, đơn vị chủ trì thực hiện",
     "trước ngày 25 tháng 12", None, "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25"),
    # 344b9eec: a monthly day
    ("báo cáo Thủ tướng Chính phủ kết quả thực hiện nhiệm vụ của các bộ, ngành trước ngày 20 hằng tháng",
     "trước ngày 20 hằng tháng", None, "FREQ=MONTHLY;BYMONTHDAY=20"),
])
def test_real_limits(sentence, expr, date, rule):
    from cancu.nlp.obligations.deadlines import find_limits
    from cancu.nlp.text.fold import fold_text
    found = find_limits(fold_text(sentence))
    assert found, sentence
    t = found[0]
    assert (sentence[t.start:t.end], t.date, t.recurrence) == (expr, date, rule)


@pytest.mark.parametrize("cell, date, rule", [
    ("Tháng 12/2025", dt.date(2025, 12, 31), None),          # 987cadc8, 2edf5927: Thời hạn cells
    ("Tháng 1/2025", dt.date(2025, 1, 31), None),            # 4d24ae4c
    ("định kỳ hàng tháng", None, "FREQ=MONTHLY"),            # 5a80798b, 4d24ae4c, 3870cd0c
    ("báo cáo định kỳ hằng tuần", None, "FREQ=WEEKLY"),      # e42103d7
    ("định kỳ 6 tháng", None, "FREQ=MONTHLY;INTERVAL=6"),
    ("hằng quý, trước ngày 20 của tháng cuối quý", None, "FREQ=MONTHLY;INTERVAL=3"),
])
def test_real_schedules(cell, date, rule):
    exprs = [e for e in parse_expressions(cell) if e.date or e.recurrence]
    assert exprs and (exprs[0].date, exprs[0].recurrence) == (date, rule)


def test_day_of_the_quarters_last_month():
    exprs = parse_expressions("hằng quý, trước ngày 20 của tháng cuối quý")
    assert [e.recurrence for e in exprs] == ["FREQ=MONTHLY;INTERVAL=3", "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=20"]
    assert first("trước ngày 15 tháng đầu quý").recurrence == "FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=15"


def test_start_of_a_year_is_not_its_end():
    # 8018a6f3: "từ đầu năm 2025" is when counting starts, not a deadline on 31/12
    assert [e for e in parse_expressions("từ đầu năm 2025 đến nay") if e.date] == []
    assert first("cuối năm 2025").date == dt.date(2025, 12, 31)


def test_real_deadline_on_an_obligation():
    # 344b9eec's monthly reporting day, inside a plan's task list
    text = ("KẾ HOẠCH\nIII. TỔ CHỨC THỰC HIỆN\n1. Văn phòng Ủy ban nhân dân\n"
            "- Tổng hợp, báo cáo kết quả thực hiện nhiệm vụ của các cơ quan trước ngày 20 hằng tháng.\n")
    ob = extract_obligations(SourceText("t.txt", text, "txt"), issuer="Ủy ban nhân dân tỉnh Cao Bằng")[0]
    assert [(d.text, d.recurrence) for d in ob.deadlines] == [("trước ngày 20 hằng tháng", "FREQ=MONTHLY;BYMONTHDAY=20")]
