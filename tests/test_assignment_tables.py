"""Tables that hand each row to a body, whatever their header says besides: a calendar of
statistics to publish («Đơn vị chịu trách nhiệm phổ biến»), proposals handed to ministries
(«Bộ phụ trách tiếp nhận, xử lý»), indicators a body monitors («Cơ quan chủ trì theo dõi, đánh
giá»). Each row is one appendix_table record (the blind annotators of rounds 6 and 11 read them
so); a list of procedures with the body that handles each is not. Tested on the real documents."""
from __future__ import annotations

from collections import defaultdict

import pytest

from bench.sample_obligations import REALDOCS, extract_located, one_line

CALENDAR = "295bcce4a429a236.txt"     # Quyết định 1383/QĐ-BNV, Lịch phổ biến thông tin thống kê
PROPOSALS = "e42103d7f815212d.txt"    # Công văn 174/CV-BCĐ, Phụ lục kiến nghị và phân công xử lý
INDICATORS = "2edf5927c71bc4c1.txt"   # Quyết định 2629/QĐ-TTg, Phụ lục I chỉ tiêu
PROCEDURES = "0c462ec3eec6e18d.txt"   # Tên thủ tục hành chính nội bộ | Cơ quan thực hiện
MERGED = "646f0a00d4174382.txt"       # Quyết định 2530/QĐ-TTg, Phụ lục I: a ministry's cell merged over its tasks


@pytest.fixture(scope="module")
def rows() -> dict[str, list]:
    names = [CALENDAR, PROPOSALS, INDICATORS, PROCEDURES, MERGED]
    by_doc: dict[str, list] = defaultdict(list)
    for item in extract_located([REALDOCS / n for n in names]):
        if item.obligation.source == "appendix_table":
            by_doc[item.doc[:6]].append(item)
    return by_doc


def test_a_calendar_gives_each_statistic_to_its_unit_with_merged_cells_carried_down(rows):
    got = rows[CALENDAR[:6]]
    # 29 rows; the column numbers under the header («A B 1 2 3 4») are no row and number nothing
    assert [o.obligation.section for o in got] == [f"PL.{n}" for n in range(1, 30)]
    first, second = got[0].obligation, got[1].obligation
    assert (first.actor_normalized, one_line(first.task)) == ("Vụ Chính quyền địa phương", "Số đơn vị hành chính")
    assert [d.text for d in first.deadlines] == ["Tháng 6/2025"]
    # row 2 writes only its name: the unit and the month merged over rows 1-2 are row 1's
    assert second.actor_normalized == "Vụ Chính quyền địa phương"
    assert [d.text for d in second.deadlines] == ["Tháng 6/2025"]
    # the note under the table («Ghi chú: số liệu … năm 2025 (tính đến hết ngày 31/12/2025)») is no
    # cell of the last row: its month is the one merged from row 27
    last = got[-1].obligation
    assert (one_line(last.task), last.actor_normalized) == ("Tổng quỹ Đền ơn đáp nghĩa", "Cục Người có công")
    assert [d.text for d in last.deadlines] == ["Tháng 3/2026"]


def test_proposals_handed_to_ministries_are_the_ministries_tasks(rows):
    got = rows[PROPOSALS[:6]]
    assert len(got) == 50
    assert got[0].obligation.actor_normalized == "Bộ Tài chính"
    assert got[0].obligation.modality == "must"      # the province's «Đề nghị …» is what is handled
    assert got[0].obligation.deadlines == []          # no time column
    row24 = next(o.obligation for o in got if o.obligation.section == "PL.24")
    # «Bộ Tư Pháp» takes the ministry's usual spelling; the cell's dash is no part of the task
    assert row24.actor_normalized == "Bộ Tư pháp"
    assert one_line(row24.task).startswith("Ban hành quy định thống nhất về mức độ dịch vụ công")


def test_indicators_go_to_the_body_that_monitors_them(rows):
    # Phụ lục I (lines 531-830) lists the indicators; Phụ lục II after it is a task table of its own
    got = [o for o in rows[INDICATORS[:6]] if o.line < 831]
    assert len(got) == 22
    first = got[0].obligation
    assert first.actor_normalized == "Văn phòng Chính phủ"
    assert one_line(first.task).startswith("Tỉ lệ dịch vụ công trực tuyến toàn trình")


def test_a_list_of_procedures_with_their_handling_body_is_no_task_table(rows):
    assert rows[PROCEDURES[:6]] == []


def test_rows_under_a_merged_lead_cell_are_the_leads_tasks(rows):
    got = [(o.line, o.obligation.section, o.obligation.actor_normalized, one_line(o.obligation.task)[:30],
            [d.text for d in o.obligation.deadlines]) for o in rows[MERGED[:6]]]
    # row 1 of group A writes every cell; the four rows under it only task, output and deadline
    assert got[:5] == [
        (662, "PL.A.1", "Bộ Nông nghiệp và Môi trường", "Hoàn thiện Nghị định về xử lý ", ["trong quý I năm 2026"]),
        (673, "PL.A.1", "Bộ Nông nghiệp và Môi trường", "Rà soát, cập nhật các hướng dẫ", []),
        (682, "PL.A.1", "Bộ Nông nghiệp và Môi trường", "Xây dựng quy chế phối hợp, biệ", ["trong năm 2026"]),
        (691, "PL.A.1", "Bộ Nông nghiệp và Môi trường", "Xây dựng và ban hành tiêu chí ", []),
        (700, "PL.A.1", "Bộ Nông nghiệp và Môi trường", "Xây dựng trình Thủ tướng Chính", ["trong năm 2026", "thường xuyên", "liên tục"]),
    ]
    by_line = {line: (section, actor) for line, section, actor, _, _ in got}
    # group D has one row and leaves its number out; group M names its three leads as a dash list
    assert by_line[1107] == ("PL.D", "Bộ Khoa học và Công nghệ")
    assert by_line[1332] == ("PL.M", "Đài Truyền hình Việt Nam")
    # Phụ lục II: a row's last cell, a code «I», is no group row, so the table goes on to group III
    assert by_line[2020][1] == "Bộ Công Thương"
    # «UBND thành phố Hà Nội, Thành phố Hồ Chí Minh»: two committees
    row = next(o.obligation for o in rows[MERGED[:6]] if o.line == 2043)
    assert (row.actor_normalized, row.co_leads) == ("Ủy ban nhân dân thành phố Hà Nội", ["Ủy ban nhân dân thành phố Hồ Chí Minh"])
    assert len(got) == 81      # the annotator of blind round 18 wrote 82 (one row whose partner cell is not merged)


def test_a_table_without_a_partner_column_takes_the_partners_its_task_names():
    # 74e2dd…, Phụ lục I: «… khẩn trương phối hợp với Bộ\nCông an thống nhất giải pháp …. Nghiên cứu, phối hợp
    # với Bộ Tư pháp, Bộ Công an, Văn phòng Chính phủ ban hành …»; «… phối hợp với Bộ Khoa học và Công nghệ và Ủy
    # ban nhân dân TP. Hà Nội chỉ đạo …» (the abbreviation's dot ends no list)
    name = "74e2ddc7b11340da.txt"
    got = {i.line: i.obligation.cooperating for i in extract_located([REALDOCS / name])
           if i.obligation.source == "appendix_table"}
    assert got[530] == ["Bộ Công an", "Bộ Tư pháp", "Văn phòng Chính phủ"]
    assert got[1022] == ["Bộ Khoa học và Công nghệ", "Ủy ban nhân dân thành phố Hà Nội"]
