"""Deadline and recurrence forms, on sentences written for these tests."""
from __future__ import annotations

import datetime as dt

import pytest

from nlp.model import SourceText
from nlp.obligations import extract_obligations
from nlp.obligations.deadlines import parse_expressions


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
