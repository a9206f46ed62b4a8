"""A letter's requests to the bodies it is addressed to (blind round 16: answers of tax and customs
offices to firms)."""
from __future__ import annotations

from tests.samples import obligations_of


def test_a_letter_to_one_firm_calls_it_doanh_nghiep():
    # 9a53c7…: the firm on the «Kính gửi:» line is «doanh nghiệp» in the request
    text = ("Kính\ngửi: Tổng Công ty\nPhân bón và Hóa chất Dầu khí - CTCP.\n(Đ/c: 43 Mạc Đĩnh Chi)\n"
            "Trả lời công văn số 25-2303/PBHC-KD của Tổng Công ty, Cục Hải quan có ý kiến như sau:\n"
            "Đề nghị doanh nghiệp căn cứ quy định\nnêu trên, đối chiếu với thực tế hàng hóa nhập khẩu để thực hiện.\n")
    (o,) = obligations_of(text)
    assert (o.actor_normalized, o.task.split()[:2]) == ("Tổng Công ty Phân bón và Hóa chất Dầu khí - CTCP", ["căn", "cứ"])


def test_a_letter_to_several_addressees_names_each_as_its_list_writes_it():
    # 77de8d…: the dash list under «Kính gửi:»; the request writes «Cổ phần», the list «cổ phần»
    text = ("Kính gửi:\n\n- Công ty cổ phần siêu thị Sài Gòn;\n(Địa chỉ: Trung tâm Thương mại Hà Tiên)\n"
            "- Thuế tỉnh Phú Thọ.\n\nCục Thuế nhận được công văn số 291/STSG-HC của Công ty.\n"
            "Đề nghị Công ty Cổ phần siêu thị Sài Gòn liên hệ với\nThuế tỉnh Phú Thọ để được hướng dẫn.\n")
    (o,) = obligations_of(text)
    assert (o.actor_normalized, o.task.split()[:2]) == ("Công ty cổ phần siêu thị Sài Gòn", ["liên", "hệ"])


def test_the_details_under_the_addressee_are_no_sentence_of_the_body():
    # 2249fe…: «Địa chỉ nhận thông báo: …» under the firm's name read «thông báo» as its task
    text = ("Kính\ngửi:\n\nCông Ty TNHH Khuôn Mẫu Yong Hong;\nMã số thuế: 1102044417;\n"
            "Địa chỉ nhận thông báo: Lô A8-A9 Đường Số 01, tỉnh Tây Ninh.\n\n"
            "Trả lời văn bản số 01/CV-01 của Công Ty TNHH Khuôn Mẫu Yong Hong (gọi tắt là Công ty), Thuế tỉnh "
            "Tây Ninh có ý kiến như sau:\nĐề nghị Công ty căn cứ vào tình hình thực tế của đơn vị để thực hiện.\n")
    (o,) = obligations_of(text)
    assert (o.actor_normalized, o.task.split()[:2]) == ("Công ty TNHH Khuôn Mẫu Yong Hong", ["căn", "cứ"])


def test_an_article_quoted_without_its_opening_quote_numbers_nothing_after_it():
    # 2249fe…: «+ Tại Điều 2 quy định hiệu lực thi hành như sau:\nĐiều 2. …”» — the quoted article on
    # effect used to swallow the letter's own request after it
    text = ("Kính gửi: Công ty TNHH A.\nTrả lời văn bản số 01/CV-01 của Công ty, Thuế tỉnh Tây Ninh có ý kiến như sau:\n"
            "+ Tại Điều 2 quy định\nhiệu lực thi hành như sau:\nĐiều 2. Hiệu lực thi\nhành và tổ chức thực hiện\n"
            "1. Nghị định này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2024.\n…”\n"
            "Đề nghị Công ty căn cứ\nvào tình hình thực tế của đơn vị để thực hiện đúng quy định.\n")
    (o,) = obligations_of(text)
    assert (o.source, o.section, o.actor_normalized) == ("letter_body", "body", "Công ty TNHH A")


def test_a_branch_is_called_by_its_firms_noun():
    # 4768df…: «Kính gửi: Chi nhánh Công ty TNHH KGL Việt Nam tại TP. HCM.», then «Đề nghị Công ty nghiên cứu …»
    text = ("Kính gửi: Chi nhánh Công ty TNHH KGL\nViệt Nam tại TP. HCM.\n(Đ/c: Tầng 5, Số 8A-10A, TP.\nHCM)\n"
            "Trả lời công văn số 01/KGL, Cục Hải quan có ý kiến như sau:\n"
            "Đề nghị Công ty nghiên cứu\ncác văn bản dẫn trên để thực hiện đúng quy định.\n")
    (o,) = obligations_of(text)
    assert o.actor_normalized == "Chi nhánh Công ty TNHH KGL Việt Nam tại TP. HCM"


def test_a_request_after_a_clause_of_cause_is_the_issuers():
    # e7f600…: «… vướng mắc của Công ty liên quan đến quy định tại Nghị định … nên đề nghị Công ty liên hệ …»
    text = ("Kính\ngửi: Công ty TNHH\nBao bì Kỹ thuật cao Riches.\n(đ/c: Đường 2, KCN Long Bình)\n"
            "Trả lời công văn số 09/HDTLMM/2025 của Công ty, Cục Hải quan có ý kiến như sau:\n"
            "Đồng thời, vướng mắc của Công ty liên quan đến quy định tại Nghị định số 60/2014/NĐ-CP của Chính phủ "
            "nên đề nghị Công ty liên hệ với Bộ Khoa học và Công nghệ để được hướng dẫn theo thẩm quyền.\n")
    (o,) = obligations_of(text)
    assert (o.actor_normalized, o.task.split()[:2]) == ("Công ty TNHH Bao bì Kỹ thuật cao Riches", ["liên", "hệ"])


def test_a_task_ends_with_its_sentence_when_the_next_opens_with_a_lead_in():
    # 005d88…: «… hay chưa. Trên cơ sở ý kiến cơ quan Nhà nước có thẩm quyền, Thuế tỉnh Quảng Trị xử lý
    # …»: the lead-in before the next subject is no part of the task before it (the same in three
    # other documents: «Trên cơ sở đó, …», «Sau khi thực hiện, …», «Trong quá trình thực hiện, …»)
    text = ("Kính gửi: Thuế tỉnh Quảng Trị.\nCục Thuế nhận được công văn số 12/QTR của Thuế tỉnh Quảng Trị.\n"
            "Về việc góp vốn, đề nghị Thuế tỉnh Quảng Trị trao đổi với cơ quan có thẩm quyền để xác định\n"
            "công ty đã góp đủ vốn điều lệ hay chưa. Trên cơ sở ý kiến\ncơ quan có thẩm quyền, "
            "Thuế tỉnh Quảng Trị xử lý theo quy định.\n")
    first, second = obligations_of(text)
    assert first.task.endswith("đã góp đủ vốn điều lệ hay chưa.")
    assert second.task.startswith("xử lý theo quy định")

