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


def test_a_party_named_by_what_it_does_has_the_duty_that_follows_its_name():
    # b3bb1d… (Thông tư 109/2025/TT-BTC, round 13), 39db3d… (Thông tư 01/2021/TT-BTC): the fee circulars'
    # parties; the ways to pay listed under «bằng một trong các hình thức sau:» are no tasks
    found = obligations_of(
        "Điều 5. Kê khai, thu, nộp lệ phí\n1. Người nộp lệ phí thực hiện nộp lệ phí khi làm thủ tục cho tổ chức thu "
        "lệ phí bằng một trong các hình thức sau:\na) Nộp lệ phí theo hình thức không dùng tiền mặt.\nc) Nộp lệ phí "
        "bằng tiền mặt cho tổ chức thu lệ phí.\n2. Tổ chức thu lệ phí nộp 100% số tiền lệ phí thu được vào ngân sách "
        "nhà nước. Tổ chức thu lệ phí khai, thu, nộp lệ phí theo quy định của pháp luật về quản lý thuế.")
    assert [(o.actor, o.task.split()[0]) for o in found] == [
        ("Người nộp lệ phí", "thực"), ("Tổ chức thu lệ phí", "nộp"), ("Tổ chức thu lệ phí", "khai,")]
    # the same words as a task of a named body are the task («Sở Tài chính tổ chức thu phí …»)
    [o] = obligations_of("Điều 2. Sở Tài chính tổ chức thu phí theo quy định.")
    assert o.actor == "Sở Tài chính"


def test_in_an_article_the_body_after_a_conditions_thì_has_the_duty():
    # edc6fa… (Nghị quyết 79/2025/NQ-HĐND Hà Nội, round 13): «Trường hợp … thì Ủy ban nhân dân cấp xã thay mặt …»,
    # «… xác nhận bằng văn bản thì cơ quan Công an có trách nhiệm tổng hợp …»
    found = obligations_of("QUYẾT NGHỊ:\nĐiều 5. Trách nhiệm khắc phục\na) Trường hợp nhà chung cư không thành lập Ban "
                           "quản trị thì Ủy ban nhân dân cấp xã thay mặt các chủ sở hữu thực hiện trách nhiệm.\n"
                           "Điều 10. Điều khoản chuyển tiếp\n3. Đối với các cơ sở chưa được xác nhận bằng văn bản thì cơ "
                           "quan Công an có trách nhiệm tổng hợp, thông báo danh sách các cơ sở.")
    assert [o.actor_normalized for o in found] == ["Ủy ban nhân dân cấp xã", "Cơ quan Công an"]


def test_outside_an_article_a_conditions_thì_opens_no_clause():
    # a tax office's answer quotes the rule: «… thì cơ quan thuế thực hiện …» is the law's, not the letter's
    assert obligations_of("Trường hợp người nộp thuế nộp hồ sơ sau thời hạn thì cơ quan thuế thực hiện xử phạt "
                          "theo quy định.") == []


def test_a_request_on_the_line_after_a_topic_written_on_lines_of_its_own_is_read():
    # 630612…, 795cf0… (tax offices' answers): «1. Về thuế giá trị gia\ntăng\nĐề nghị Thuế tỉnh Ninh Bình căn cứ …»
    [o] = obligations_of("1. Về thuế giá trị gia\ntăng\nĐề nghị Thuế tỉnh Ninh Bình căn cứ quy định nêu trên để xác định "
                         "khoản tiền thưởng.")
    assert (o.actor_normalized, o.task.split()[0]) == ("Thuế tỉnh Ninh Bình", "căn")


def test_a_request_to_the_letters_addressee_reads_its_task_whatever_the_verb():
    # a94e2f…: «đối chiếu» is no verb of the vocabulary; the addressee's name ends the actor. The
    # «Kính gửi:» line ends in a full stop with the letter's first line right under it.
    text = ("Kính gửi: Thuế\nthành phố Huế.\nCục Thuế nhận được công văn số 838/CCTKV ngày 15/05/2025.\n"
            "Đề nghị Thuế thành phố Huế đối chiếu với quy định của pháp luật về người có công để xử lý.\n")
    (o,) = obligations_of(text)
    assert (o.actor_normalized, o.task.split()[:2]) == ("Thuế thành phố Huế", ["đối", "chiếu"])
    # a name that goes on with «và» is not the addressee alone
    assert obligations_of(text.replace("Huế đối chiếu", "Huế và Sở Tài chính đối chiếu")) == []


def test_the_subject_after_a_list_of_proposers_is_the_last_body_before_the_verb():
    # f1526a…: «khi» opens the sentence; the bodies after «của» propose, Sở Tài chính acts
    text = ("QUYẾT ĐỊNH:\nĐiều 4. Tổ chức thực hiện\n4. Khi giá tài nguyên phổ biến trên thị trường biến động tăng, "
            "giảm so với mức giá tối thiểu, trên cơ sở đề xuất của Sở Nông nghiệp và Môi trường, Cơ quan Thuế tỉnh "
            "hoặc các sở, ngành, địa phương có liên quan, Sở Tài chính chủ trì, phối hợp với các đơn vị có liên quan "
            "xây dựng bảng giá trình Ủy ban nhân dân tỉnh.\n")
    (o,) = obligations_of(text)
    assert (o.actor_normalized, o.co_leads) == ("Sở Tài chính", [])
    # a subject of several members after «của …,» stays whole when none after a comma is capitalised
    text = ("QUYẾT NGHỊ:\nĐiều 3. Trình tự thực hiện\n1. Căn cứ quyết định phê duyệt của Ủy ban nhân dân cấp xã, "
            "người đứng đầu cơ sở, chủ đầu tư có trách nhiệm xây dựng kế hoạch khắc phục.\n")
    (o,) = obligations_of(text)
    assert (o.actor_normalized, o.co_leads) == ("Người đứng đầu cơ sở", ["Chủ đầu tư"])
