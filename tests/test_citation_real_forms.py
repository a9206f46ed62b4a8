"""Families of citation forms found in /work/shared/realdocs/texts (the file's id in
a comment), with the conventions of /work/shared/realdocs/README.md."""
from __future__ import annotations

import pytest

from nlp.citations import extract_mentions


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


def test_title_goes_on_over_a_doubled_line_break():
    # PDF text breaks lines twice; a lower-case word after the blank line continues
    text = "thực hiện nghiêm Quy tắc ứng xử của cán bộ, công chức, viên chức các cơ \n\nquan hành chính; và"
    assert texts(text) == ["Quy tắc ứng xử của cán bộ, công chức, viên chức các cơ quan hành chính"]
