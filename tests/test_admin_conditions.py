"""A sentence that asks for feedback if something goes wrong sets no duty; one that assigns a
body for that case does (round 13 and the gold: no annotator records the first kind)."""
from __future__ import annotations

import pytest

from tests.samples import obligations_of


@pytest.mark.parametrize("text", [
    # b3bb1d… (Thông tư 109/2025/TT-BTC), 51f6b3… (Thông tư 32/2025/TT-BKHCN)
    "Điều 6. Tổ chức thực hiện\n4. Trong quá trình thực hiện, nếu có vướng mắc, đề\nnghị các tổ chức, cá nhân "
    "phản ánh kịp thời về Bộ Tài chính để nghiên cứu, hướng dẫn bổ sung.",
    # a94e2f… (a tax office's answer): the fallback of a letter
    "Đề nghị Thuế thành phố Huế đối chiếu với quy định. Trường hợp phát sinh vướng mắc về việc giảm tiền sử dụng "
    "đất, đề nghị Thuế thành phố Huế báo cáo Ủy ban nhân dân thành phố Huế để được hướng dẫn.",
])
def test_a_request_for_feedback_on_difficulties_is_no_duty(text):
    assert not [o for o in obligations_of(text) if "phản ánh" in o.task or "Ủy ban nhân dân thành phố Huế" in o.task]


def test_an_assignment_for_the_case_of_difficulties_is_a_duty():
    # 65c9ec… (its annotator records it)
    [o] = obligations_of("1. Về tổ chức thực hiện\n- Đối với các nhiệm vụ thuộc cấp huyện trước đây, trường hợp có "
                         "vướng mắc, khó khăn, giao Ủy ban nhân dân cấp tỉnh chủ động linh hoạt trong chỉ đạo, điều hành.")
    assert o.actor == "Ủy ban nhân dân cấp tỉnh"
