"""Error families found by the hand check of 40 obligations (tests/data/obligations_hand_check.tsv),
each tested with real sentences from several documents of corpus/realdocs."""
from __future__ import annotations

from nlp.model import SourceText
from nlp.obligations import extract_obligations


def _one(text: str):
    return extract_obligations(SourceText("t.txt", text, "txt"))


TT_HEAD = ("BỘ QUỐC PHÒNG\nSố:\n130/2025/TT-BQP\nTHÔNG TƯ\nSỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU\n"
           "Căn cứ Luật Trật tự,\nan toàn giao thông đường bộ ngày 27 tháng 6 năm 2024;\n"
           "Bộ trưởng Bộ Quốc phòng ban hành Thông tư sửa đổi,\nbổ sung một số điều.\n")


def test_a_task_word_inside_a_capitalised_name_does_not_cut_the_actor():
    # 9468c93d…: "Hậu cần" is part of "Tổng cục Hậu cần - Kỹ thuật", not "cần" (must)
    text = (TT_HEAD + "Điều 2. Sửa đổi, bổ sung điểm a\nkhoản 3 Điều 6 như sau:\n"
            "Trường hợp hồ sơ chưa hợp lệ, trong thời hạn 03\n"
            "ngày làm việc, Cục Xe máy - Vận tải/Tổng cục Hậu cần - Kỹ thuật thông báo bằng\n"
            "văn bản đến đơn vị được Bộ Quốc phòng giao nhiệm vụ trực tiếp mua sắm để bổ sung hồ sơ.\n")
    obs = _one(text)
    assert [(o.actor, o.task.split()[0]) for o in obs] == [
        ("Cục Xe máy - Vận tải/Tổng cục Hậu cần - Kỹ thuật", "thông")]
