"""How an actor list is split into members and each member normalised: families met in the
real documents (../shared/realdocs/texts, the file's id in a comment)."""
from __future__ import annotations

import pytest

from cancu.nlp.model import SourceText
from cancu.nlp.obligations.actors import normalize
from cancu.nlp.obligations.members import members
from tests.samples import obligations_of


@pytest.mark.parametrize("written", [
    "Ủy ban nhân dân các phường, xã, đặc khu",       # 717159…
    "Ủy ban nhân dân phường, xã và đặc khu",          # 3870cd…
    "Ủy ban nhân dân các xã, phường, thị trấn",
    "Ủy ban nhân dân các xã",
])
def test_a_body_of_every_commune_tier_unit_is_the_body_cap_xa(written):
    assert normalize(written, "thành phố") == "Ủy ban nhân dân cấp xã"


@pytest.mark.parametrize("written", [
    "Ủy ban nhân dân xã Hải Sơn",            # one named commune
    "Ủy ban nhân dân các huyện, thị xã",      # the district tier ("thị xã" is not "xã")
])
def test_a_named_unit_or_another_tier_is_not_cap_xa(written):
    assert normalize(written, "tỉnh") == written


def test_one_post_over_a_list_of_bodies_gives_a_member_each():
    # d6cbe1…, 1ea5e7…, ad3df6…, adc1d3…, def9c7…, e7cd8d…: closing articles of Hà Tĩnh
    text = ("Giám đốc các sở, Thủ trưởng các ban, ngành cấp tỉnh; Giám đốc: Trung tâm Phục vụ hành chính "
            "công tỉnh, Trung tâm Công báo - Tin học tỉnh; Chủ tịch UBND cấp xã")
    assert members(text) == ["Giám đốc các sở", "Thủ trưởng các ban, ngành cấp tỉnh",
                             "Giám đốc Trung tâm Phục vụ hành chính công tỉnh",
                             "Giám đốc Trung tâm Công báo - Tin học tỉnh", "Chủ tịch UBND cấp xã"]


def test_a_colon_after_something_else_than_a_post_distributes_nothing():
    assert members("Văn bản: Trung tâm A, Trung tâm B") != ["Văn bản Trung tâm A", "Văn bản Trung tâm B"]


def test_phan_cong_assigns_like_giao():
    # 45cc2b…: an article of a Government resolution
    text = ("Điều 3. Phân công Phó Thủ tướng Thường trực Chính phủ Nguyễn Hòa\nBình chỉ đạo Bộ Công an "
            "và các bộ, cơ quan liên quan trong quá trình chỉnh lý, hoàn thiện dự án Pháp lệnh này.\n")
    (o,) = obligations_of(text)
    assert o.actor_normalized == "Phó Thủ tướng Thường trực Chính phủ"
    assert o.task.startswith("chỉ đạo Bộ Công an") and o.modality == "must"


def test_an_emphasis_inside_the_subject_of_an_item_ends_the_actor():
    # b3f47f…: item 4.5 under an umbrella naming other actors
    text = ("Yêu cầu cấp uỷ, tổ chức đảng các cấp thực hiện một số nhiệm vụ sau:\n"
            "1. Cấp uỷ,\nchính quyền địa phương các cấp, nhất là thành phố Hà Nội, Thành phố Hồ Chí Minh\n"
            "và các đô thị lớn phải đi đầu trong chuyển đổi mô hình chăm sóc trẻ em.\n")
    (o,) = obligations_of(text)
    assert o.actor_normalized == "Cấp ủy, chính quyền địa phương các cấp"
    assert o.task.startswith("phải đi đầu")


@pytest.mark.parametrize("text, actor", [
    # 45cc2b…, 6fed96…, 7f4621…: Government resolutions on a draft law or ordinance
    ("Điều 2. Giao Bộ trưởng Bộ Công an thừa ủy quyền Thủ tướng Chính phủ,\nthay mặt Chính phủ ký Tờ trình "
     "của Chính phủ về dự án Pháp lệnh, trình Ủy ban Thường vụ Quốc hội.\n", "Bộ trưởng Bộ Công an"),
    ("2. Giao Bộ trưởng Bộ Nội vụ thừa ủy quyền Thủ tướng Chính phủ thay mặt Chính phủ ký báo cáo "
     "tiếp thu, giải trình gửi Quốc hội.\n", "Bộ trưởng Bộ Nội vụ"),
])
def test_acting_on_the_prime_ministers_authority_opens_the_task(text, actor):
    (o,) = obligations_of(text)
    assert o.actor_normalized == actor and o.task.startswith("thừa ủy quyền")


def test_any_subject_before_co_trach_nhiem_is_an_actor():
    # 631e25…: "2. Tổ chức kiểm định có trách nhiệm …" — "Tổ chức" is no body head, and a verb too
    text = "Điều 3. Trách nhiệm thi hành\n2. Tổ chức kiểm định có trách\nnhiệm kê khai, niêm yết giá dịch vụ.\n"
    (o,) = obligations_of(text)
    assert o.actor_normalized == "Tổ chức kiểm định" and o.task.startswith("có trách nhiệm kê khai")


def test_a_task_word_before_chiu_trach_nhiem_keeps_the_line_a_task():
    # 0f2d06…: the unit's task, under its heading
    text = ("3. Sở Công Thương\n- Tổ chức thực hiện và chịu trách nhiệm trước pháp luật về việc "
            "thực hiện đúng quy định.\n")
    (o,) = obligations_of(text)
    assert o.actor_normalized == "Sở Công Thương"


def test_sentences_before_an_items_own_clause_are_the_inherited_actors_task():
    # 77bf89…: a "+" bullet under the unit's heading ends with a task for another body
    text = ("1. Thủ\ntrưởng các cơ quan tham mưu thuộc Bộ\n- Nghiên cứu, tham mưu Lãnh\nđạo Bộ:\n"
            "+ Các chính sách nhằm thể chế\nhóa đầy đủ đường lối của Đảng.\n"
            "+ Kiên quyết cắt giảm, đơn\ngiản hóa thủ tục hành chính. Giao Văn phòng Bộ tổng hợp chung "
            "về kết quả thực hiện, báo cáo Lãnh đạo Bộ.\n")
    found = [(o.actor_normalized, o.task.split()[0]) for o in obligations_of(text)]
    assert ("Thủ trưởng các cơ quan tham mưu thuộc Bộ", "Kiên") in found
    assert ("Văn phòng Bộ", "tổng") in found


def test_a_report_sent_to_a_body_goes_to_that_body_not_to_whom_it_reports_after():
    # b2fa00…, 109576…
    text = ("1. Ủy ban nhân dân các tỉnh: Đắk Lắk, Khánh Hòa khẩn trương gửi Báo cáo về Văn phòng Chính phủ "
            "trước 17 giờ ngày 27/11/2025 để tổng hợp, báo cáo Thủ tướng Chính phủ.\n")
    (o,) = obligations_of(text)
    assert o.reports_to == "Văn phòng Chính phủ"


def test_a_subject_of_co_trach_nhiem_may_hold_a_list_of_nouns_over_a_line_break():
    # 875cbe…, d2c5b7…
    text = ("Điều 3. Trách nhiệm thi hành\n2. Đơn vị cung cấp dịch vụ kiểm\nđịnh, kiểm tra có trách nhiệm kê khai, "
            "niêm yết giá dịch vụ.\n")
    (o,) = obligations_of(text)
    assert o.actor_normalized == "Đơn vị cung cấp dịch vụ kiểm định, kiểm tra"


@pytest.mark.parametrize("text", [
    "Sau khi thực hiện, Ủy ban nhân dân Thành phố có trách nhiệm tổng hợp, báo cáo.",   # 467202…
    "Người nộp thuế tự chịu trách nhiệm về tính chính xác của các thông tin.",            # b135fb…
])
def test_a_clause_or_an_accountability_is_no_responsible_subject(text):
    from cancu.nlp.obligations.actors import lower, responsible_subject
    assert responsible_subject(text, lower(text), 0) is None


def test_a_letter_to_one_company_calls_it_cong_ty():
    # 6a73c8…, 1894fb…, 28eca2… and seven more answers of the tax and customs offices
    text = ("Kính gửi: Công ty TNHH Hanesbrands Việt Nam.\n(đ/c: thôn Tạ Trung, tỉnh Hưng Yên)\n"
            "Trả lời công văn số 107/2025 của Công ty, Cục Hải quan có ý kiến như sau:\n"
            "Đề nghị Công ty nghiên cứu quy định nêu trên để thực hiện.\n")
    found = [o.actor_normalized for o in obligations_of(text)]
    assert found == ["Công ty TNHH Hanesbrands Việt Nam"]


@pytest.mark.parametrize("written, expected", [
    # 405a6c…, 8018a6…, 74e2dd…, 45cc2b…, 7f4621…: Government resolutions and dispatches
    ("Bộ trưởng, Thủ trưởng cơ quan ngang Bộ, cơ quan thuộc Chính phủ",
     ["Bộ trưởng", "Thủ trưởng cơ quan ngang bộ", "Thủ trưởng cơ quan thuộc Chính phủ"]),
    ("Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan có liên quan",
     ["Bộ trưởng", "Thủ trưởng cơ quan ngang bộ", "Thủ trưởng cơ quan có liên quan"]),
    ("Thủ trưởng Cơ quan ngang Bộ", ["Thủ trưởng cơ quan ngang bộ"]),        # 5dbaef…
    ("Thủ trưởng các sở, ban, ngành", ["Thủ trưởng các sở, ban, ngành"]),    # one class, no repeated noun
])
def test_a_post_over_bodies_that_repeat_one_noun_gives_a_member_each(written, expected):
    assert [normalize(m, None) for m in members(written)] == expected


def test_danh_gia_ends_a_partner_list():
    # 265ff5…, e01d37…
    text = ("5. Giao Ban Tổ chức Trung ương tiếp tục chủ trì, phối hợp với Bộ Nội vụ đánh giá kỹ tình hình, "
            "kết quả hoạt động của bộ máy.\n")
    (o,) = obligations_of(text)
    assert o.cooperating == ["Bộ Nội vụ"]


def test_dai_truyen_hinh_is_a_body_though_its_next_word_is_lower_case():
    # 109576…
    text = ("4. Đài truyền hình Việt Nam chủ trì đạo diễn,\nphối hợp với Bộ Xây dựng xây dựng Chương trình, "
            "kịch bản.\n")
    (o,) = obligations_of(text)
    assert o.actor_normalized == "Đài Truyền hình Việt Nam" and o.cooperating == ["Bộ Xây dựng"]


@pytest.mark.parametrize("text, partners", [
    # 5884aa…, b1bac5…, 640111…: "phối hợp" with a named body right after it
    ("Văn phòng Ủy ban nhân dân tỉnh\ncó trách nhiệm chủ trì, phối hợp Sở Văn hóa, Thể thao và Du lịch cập nhật nội dung.\n",
     ["Sở Văn hóa, Thể thao và Du lịch"]),
    # e8652c…, f7f273…: a bracket qualifies the body; "thiết lập" ends the partner
    ("Sở Tài chính chủ trì, phối hợp với Văn phòng Ủy ban nhân dân tỉnh (Trung tâm Phục vụ hành chính công tỉnh) "
     "thiết lập quy trình điện tử.\n", ["Văn phòng Ủy ban nhân dân tỉnh"]),
    ("Sở Tài chính chủ trì, phối hợp tổ chức hội nghị.\n", []),   # "phối hợp tổ chức" names no partner
])
def test_partners_after_phoi_hop(text, partners):
    (o,) = obligations_of(text)
    assert o.cooperating == partners


def test_an_article_titled_by_its_actor_alone_heads_its_items():
    # 3e09f2…, 27009f…
    text = ("Điều 2. Sở Giáo dục\nvà Đào tạo\n1. Chủ trì thực hiện\ntuyển dụng, tiếp nhận đội ngũ nhà giáo.\n"
            "2. Chủ trì thực hiện\nquản lý, sử dụng đội ngũ nhà giáo.\n")
    found = [(o.actor_normalized, o.task.split()[0]) for o in obligations_of(text)]
    assert found == [("Sở Giáo dục và Đào tạo", "Chủ"), ("Sở Giáo dục và Đào tạo", "Chủ")]


@pytest.mark.parametrize("text, to", [
    ("1. Sở Giáo dục và Đào\ntạo có trách nhiệm định kỳ báo cáo Ủy ban nhân dân tỉnh về tình hình thực hiện.\n",   # 3e09f2…
     "Ủy ban nhân dân tỉnh"),
    ("3. Định kỳ hàng năm hoặc\nđột xuất báo cáo kết quả thực hiện về Ủy ban nhân dân tỉnh.\n", None),
])
def test_a_periodic_report_is_reporting(text, to):
    obs = obligations_of(text)
    assert all(o.source == "reporting" for o in obs)
    if to:
        assert obs[0].reports_to == to


def test_who_answers_for_something_is_no_duty_unless_tasks_follow():
    # 6fed96…, 7f4621…, 71ce6a…: "X chịu trách nhiệm về …" alone; round 6's 7f46:41 goes on after ";"
    only = "Điều 1. Thống nhất với báo cáo. Bộ Tài chính chịu trách nhiệm về nội dung giải trình, tiếp thu.\n"
    assert obligations_of(only) == []
    more = ("Điều 1. Bộ Nội vụ chịu trách nhiệm toàn diện về nội dung dự thảo Luật; chuẩn bị đầy đủ hồ sơ, "
            "tài liệu gửi Quốc hội.\n")
    assert [o.actor_normalized for o in obligations_of(more)] == ["Bộ Nội vụ"]


def test_a_recipient_list_after_an_adverbial_sentence_is_no_second_actor():
    # 6fed96…: "Trên cơ sở đó, giao Bộ trưởng … gửi Quốc hội, Ủy ban Thường vụ Quốc hội bảo đảm …"
    text = ("Điều 2. Trên cơ sở đó, giao Bộ trưởng Bộ Tài chính thay mặt Chính phủ ký Báo cáo gửi Quốc hội,\n"
            "Ủy ban Thường vụ Quốc hội bảo đảm tiến độ, chất lượng theo yêu cầu.\n")
    assert {o.actor_normalized for o in obligations_of(text)} == {"Bộ trưởng Bộ Tài chính"}


@pytest.mark.parametrize("doc, actor, verb", [
    ("f1e9ca38ca659c82", "Các cơ sở giáo dục", "thực hiện công khai việc thu"),
    ("646f0a00d4174382", "Các cơ sở sản xuất", "tuân thủ nghiêm"),
])
def test_institutions_named_by_cac_co_so_are_actors(doc, actor, verb):
    from pathlib import Path
    path = Path(__file__).resolve().parent.parent / "corpus" / "realdocs" / f"{doc}.txt"
    found = obligations_of(path.read_text(encoding="utf-8"))
    assert any(o.actor_normalized == actor and " ".join(o.task.split()).startswith(verb) for o in found)


def test_sau_khi_opens_a_clause_not_an_actor():
    # edc6fa…: "Các cơ sở thuộc khoản 1 Điều này sau khi hoàn thiện thi công, tiếp tục thực hiện …"
    from cancu.nlp.obligations.actors import actor_span, lower
    text = "Các cơ sở thuộc khoản 1 Điều này sau khi hoàn thiện thi công, tiếp tục thực hiện theo trình tự."
    start, end, task = actor_span(text, lower(text), 0, len(text))
    assert text[start:end] == "Các cơ sở thuộc khoản 1 Điều này"
    assert text[task:].startswith("sau khi hoàn thiện")
    # and a pointer to a procedure written elsewhere is no duty, after the clause as before it
    assert obligations_of("Điều 10. Quy định chuyển tiếp\n2. " + text) == []


@pytest.mark.parametrize("request_, actor, task", [
    # 5cbddd…: the verb «trình» inside «trong quá trình» ended the actor there
    ("đề nghị Thuế tỉnh Tây\nNinh trong quá trình xây dựng Bảng giá tính LPTB trình UBND tỉnh ban hành, "
     "phải đảm bảo đúng quy định", "Thuế tỉnh Tây Ninh", "trong quá trình xây dựng Bảng giá"),
    ("đề nghị Sở Tài chính, trong quá trình thực hiện, bảo đảm đúng quy định", "Sở Tài chính",
     "trong quá trình thực hiện"),
    ("đề nghị Sở Tài chính khi triển khai cần bảo đảm đúng quy định", "Sở Tài chính", "khi triển khai"),
    ("đề nghị Sở Tài chính sau khi nhận được hồ sơ, thẩm định và trình UBND tỉnh", "Sở Tài chính",
     "sau khi nhận được hồ sơ"),
    ("đề nghị Sở Tài chính trong thời gian chờ hướng dẫn, chủ động rà soát hồ sơ", "Sở Tài chính",
     "trong thời gian chờ hướng dẫn"),
])
def test_an_adverbial_after_the_actor_opens_the_task(request_, actor, task):
    text = "Kính gửi: Sở Tài chính\n\nĐể đảm bảo dữ liệu thống nhất, " + request_ + "."
    (o,) = obligations_of(text)
    assert o.actor_normalized == actor
    assert " ".join(o.task.split()).startswith(task)


def test_a_ministrys_closing_article_names_its_own_office():
    # 85dfc8…, 295bcc…, 5b23fa…: "Chánh Văn phòng Bộ" in a Bộ's decision
    from cancu.pipeline import Extractor, load_registry
    text = ("BỘ Y TẾ\n-------\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n\n"
            "Số: 3618/QĐ-BYT\n\nHà Nội, ngày 20 tháng 11 năm 2025\n\nQUYẾT ĐỊNH\nVề việc công bố thủ tục hành chính\n\n"
            "QUYẾT ĐỊNH:\n\nĐiều 1. Công bố kèm theo Quyết định này thủ tục hành chính.\n"
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
            "Điều 3. Các Ông (Bà): Chánh Văn phòng Bộ; Vụ trưởng Vụ Pháp chế chịu trách nhiệm thi hành Quyết định này./.\n")
    doc = Extractor(load_registry()).extract(SourceText("x.txt", text, "txt"), obligations=True)
    assert doc.info.issuer == "Bộ Y tế"
    (o,) = doc.obligations
    assert o.actor_normalized == "Chánh Văn phòng Bộ Y tế"
    # fd4feb…: a circular's closing clause may name the office without «Bộ»
    doc = Extractor(load_registry()).extract(SourceText("x.txt", text.replace(
        "Các Ông (Bà): Chánh Văn phòng Bộ; Vụ trưởng", "Chánh Văn phòng, Vụ trưởng"), "txt"), obligations=True)
    assert [o.actor_normalized for o in doc.obligations] == ["Chánh Văn phòng Bộ Y tế"]


def test_a_provision_quoted_from_a_cited_instrument_holds_no_duty_of_the_letter():
    # f74ec9…: a tax office's answer quoting a decree, then its own request
    text = ("Kính gửi: Thuế thành phố Hồ Chí Minh.\nCục Thuế có ý kiến như sau:\n"
            "Tại khoản 7 Điều 39 Nghị định số\n126/2020/NĐ-CP của Chính phủ quy định chi tiết điều Luật Quản\nlý thuế:\n"
            "\"7. Kinh phí ủy nhiệm thu\na) Thủ trưởng cơ quan quản lý thuế được chỉ định thầu. Bộ Tài chính hướng dẫn "
            "cụ thể nội dung chi.\nb) Cơ quan quản lý thuế phải trả kinh phí cho bên được ủy nhiệm thu.”\n"
            "Đề nghị Thuế thành phố Hồ Chí Minh căn cứ quy định nêu trên để thực hiện.\n")
    assert [o.actor_normalized for o in obligations_of(text)] == \
        ["Thuế thành phố Hồ Chí Minh"]


def test_a_numbered_heading_may_wrap_its_actor_list_over_lines():
    # 344b9e… (Công điện 220/CĐ-TTg): the list fills two lines, the task opens the third
    [o] = obligations_of("2. Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang bộ,\n"
                         "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố\n"
                         "Khẩn trương rà soát, sửa đổi các quy định không phù\n"
                         "hợp với việc thực hiện TTHC, hoàn thành trong năm 2025.")
    assert o.actor == "Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố"
    assert o.task.startswith("Khẩn trương rà soát")


def test_dành_thời_gian_opens_the_task_of_a_list_of_posts():
    # 344b9e…, 5dbaef…: «… Chủ tịch Ủy ban nhân dân các tỉnh, thành phố dành thời gian quan tâm, …»
    [o] = obligations_of("Thủ tướng Chính phủ đề nghị các đồng chí Bộ trưởng, Chủ tịch Ủy ban nhân dân các tỉnh, "
                         "thành phố dành thời gian quan tâm, lãnh đạo, chỉ đạo các cơ quan hoàn thành các nhiệm vụ nêu trên.")
    assert o.actor.endswith("các tỉnh, thành phố")
    assert o.task.startswith("dành thời gian quan tâm")


def test_a_bare_body_after_a_post_over_its_peer_is_led_by_the_same_post():
    # 344b9e… (Công điện 220/CĐ-TTg); the round-1 annotator of 265ff5… wrote the two posts
    assert members("Bộ trưởng, Bí thư Tỉnh ủy, Thành ủy, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố") == [
        "Bộ trưởng", "Bí thư Tỉnh ủy", "Bí thư Thành ủy", "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố"]
    assert members("Tỉnh ủy, Thành ủy") == ["Tỉnh ủy", "Thành ủy"]     # no post: two bodies


def test_a_known_name_holding_và_is_one_member():
    # 295bcc… (an appendix of indicators): «Cục Tiền lương và Bảo hiểm xã hội» of the Bộ Nội vụ
    assert members("Cục Tiền lương và Bảo hiểm xã hội") == ["Cục Tiền lương và Bảo hiểm xã hội"]
    assert members("Cục Thuế và Bảo hiểm xã hội Việt Nam") == ["Cục Thuế", "Bảo hiểm xã hội Việt Nam"]
    # a known name that ends where the member ends is no reason to join the next
    assert members("Bộ Khoa học và Công nghệ, Bộ Tài chính") == ["Bộ Khoa học và Công nghệ", "Bộ Tài chính"]


@pytest.mark.parametrize("written, usual", [
    ("Bộ Tài chính - Cơ quan Thường trực Ban Chỉ đạo 751", "Bộ Tài chính"),        # fa0dcc…: a role, not the name
    ("Trung tâm Công báo - Tin học tỉnh", "Trung tâm Công báo - Tin học tỉnh"),   # a name's own dash
    ("Thủ trưởng các cơ quan ngang bộ", "Thủ trưởng cơ quan ngang bộ"),
    ("Thủ trưởng cơ quan trực thuộc Chính phủ", "Thủ trưởng cơ quan thuộc Chính phủ"),
    ("Ủy ban Mặt trận Tổ Quốc Việt Nam thành phố Hà Nội", "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hà Nội"),
])
def test_a_member_takes_its_usual_name(written, usual):
    assert normalize(written, "tỉnh") == usual


def test_a_subject_after_an_opening_adverbial_may_be_written_in_lower_case():
    # edc6fa… (Nghị quyết 79/2025/NQ-HĐND Hà Nội, round 13): an item of an article opening «Căn cứ …»
    [o] = obligations_of("QUYẾT NGHỊ:\nĐiều 3. Trình tự thực hiện\n1. Căn cứ quyết định phê duyệt của Ủy ban nhân dân\n"
                         "cấp xã, người đứng đầu cơ sở, chủ đầu tư có trách nhiệm xây dựng kế hoạch khắc phục.")
    assert (o.actor_normalized, o.co_leads) == ("Người đứng đầu cơ sở", ["Chủ đầu tư"])
    [o] = obligations_of("QUYẾT NGHỊ:\nĐiều 8. Tổ chức thực hiện\n1. Trên cơ sở đề xuất của Ủy ban nhân dân cấp xã, sở Xây "
                         "dựng tổng hợp, lập dự toán ngân sách.")
    assert o.actor_normalized == "Sở Xây dựng"


def test_words_of_a_căn_cứ_line_after_its_first_comma_are_no_subject():
    # 96cc27… (a customs notice): «thuế xuất khẩu, thuế nhập khẩu và quản lý thuế» is a title's list
    assert obligations_of("Căn cứ Thông tư số 38/2015/TT-BTC quy định về thủ tục hải quan, kiểm tra giám sát hải "
                          "quan, thuế xuất khẩu, thuế nhập khẩu và quản lý thuế đối với hàng hóa xuất khẩu;") == []


def test_a_post_over_a_repeated_body_noun_stays_over_both_members():
    # a16f8b…: «Thủ trưởng cơ quan Kho bạc nhà nước, cơ quan Thuế tại tỉnh Đồng Tháp»
    assert members("Thủ trưởng cơ quan Kho bạc nhà nước, cơ quan Thuế tại tỉnh Đồng Tháp") == [
        "Thủ trưởng cơ quan Kho bạc nhà nước", "Thủ trưởng cơ quan Thuế tại tỉnh Đồng Tháp"]


@pytest.mark.parametrize("text, actor", [
    ("Thủ tướng Chính phủ yêu cầu:\n1. Cơ quan thanh tra khẩn trương hoàn thành việc thanh tra trước ngày 26/11/2025.",
     "Cơ quan thanh tra"),                                                                  # fa0dcc…
    ("QUYẾT NGHỊ:\nĐiều 6. Di dời\n2. Trong thời gian thực hiện các thủ tục phục vụ việc di dời, chủ cơ sở phải "
     "giảm trữ lượng hàng nguy hiểm về cháy, nổ.", "Chủ cơ sở"),                           # edc6fa…
])
def test_a_body_named_by_its_function_is_an_actor(text, actor):
    assert [o.actor_normalized for o in obligations_of(text)] == [actor]


@pytest.mark.parametrize("text, expected", [
    # 741f24…, f37e78…: the last member of a closing list after «và», written without «các»
    ("Chủ tịch Ủy ban nhân dân các xã, phường và tổ chức, cá nhân có liên quan",
     ["Chủ tịch Ủy ban nhân dân cấp xã", "Các cơ quan, tổ chức, cá nhân có liên quan"]),
    ("Thủ trưởng các cơ quan, đơn vị và tổ chức, cá nhân có liên quan",
     ["Thủ trưởng các cơ quan, đơn vị", "Các cơ quan, tổ chức, cá nhân có liên quan"]),
    # … not inside a class list («các cơ quan, tổ chức, cá nhân» is one class)
    ("Chủ tịch Ủy ban nhân dân cấp xã và các cơ quan, tổ chức, cá nhân có liên quan",
     ["Chủ tịch Ủy ban nhân dân cấp xã", "Các cơ quan, tổ chức, cá nhân có liên quan"]),
    # 592501…: a council's committees written without «của»
    ("Thường trực Hội đồng nhân dân, các Ban Hội đồng nhân dân, Tổ đại biểu Hội đồng nhân dân và đại biểu Hội đồng "
     "nhân dân thành phố", ["Thường trực Hội đồng nhân dân thành phố", "Các Ban của Hội đồng nhân dân thành phố",
                            "Các Tổ đại biểu Hội đồng nhân dân thành phố", "Đại biểu Hội đồng nhân dân thành phố"]),
    # 4d24ae…, f1526a…: the provinces' tax offices since 2025
    ("Các Thuế tỉnh, thành phố", ["Thuế tỉnh, thành phố"]),
    ("Sở Tài chính, Cơ quan Thuế tỉnh", ["Sở Tài chính", "Thuế tỉnh"]),
    # 3c5c52…: a post written in lower case after another member
    ("Giám đốc Trung tâm Phục vụ hành chính công thành phố, Giám đốc Sở Khoa học và Công nghệ, thủ trưởng cơ "
     "quan, đơn vị có liên quan", ["Giám đốc Trung tâm Phục vụ hành chính công thành phố",
                                   "Giám đốc Sở Khoa học và Công nghệ", "Thủ trưởng các cơ quan, đơn vị có liên quan"]),
    # 1c5b…, 2700…, 1990…: the provinces' one-stop centres in the capitals the gold writes
    ("Giám đốc Trung tâm phục vụ Hành chính công tỉnh, Giám đốc Trung tâm PVHCC tỉnh",
     ["Giám đốc Trung tâm Phục vụ hành chính công tỉnh", "Giám đốc Trung tâm Phục vụ hành chính công tỉnh"]),
    # 43ce59…, b6ae4b…: «Thủ trưởng» over named bodies is the post that heads each
    ("Thủ trưởng các cơ quan, đơn vị: Văn phòng UBND tỉnh, Sở Tài chính",
     ["Chánh Văn phòng Ủy ban nhân dân tỉnh", "Giám đốc Sở Tài chính"]),
    # 998822…, 109576…: a board's post written alone is of the body the next post names
    ("Thống đốc Ngân hàng Nhà nước Việt Nam, Chủ tịch Hội đồng quản trị, Tổng Giám đốc Ngân hàng Chính sách xã hội",
     ["Thống đốc Ngân hàng Nhà nước Việt Nam", "Chủ tịch Hội đồng quản trị Ngân hàng Chính sách xã hội",
      "Tổng Giám đốc Ngân hàng Chính sách xã hội"]),
    # 1cde9b…: the people the decision is about, last of the list
    ("Chủ tịch Ủy ban nhân dân cấp xã; Thủ trưởng các ngành, đơn vị liên quan và các đối tượng được bồi thường, "
     "hỗ trợ và tái định cư", ["Chủ tịch Ủy ban nhân dân cấp xã", "Thủ trưởng các ngành, đơn vị liên quan",
                               "Các đối tượng được bồi thường, hỗ trợ và tái định cư"]),
])
def test_members_of_closing_lists_take_the_usual_names(text, expected):
    assert [normalize(m, "thành phố") for m in members(text)] == expected


def test_partners_end_before_tien_hanh():
    # 5a8079…: «phối hợp với Sở Tài chính, Sở Xây dựng, Thuế tỉnh Đồng Tháp tiến hành rà soát …»
    text = ("Điều 3. Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Sở Tài chính, Sở Xây dựng, Thuế tỉnh "
            "Đồng Tháp tiến hành rà soát, xác định giá đất.")
    (o,) = obligations_of(text)
    assert o.cooperating == ["Sở Tài chính", "Sở Xây dựng", "Thuế tỉnh Đồng Tháp"]


def test_a_class_qualified_by_its_function_and_scope_is_one_actor():
    # 43ce59…: «có chức năng …» and «thuộc phạm vi quản lý của …» qualify the class; «quản lý» is no verb there
    text = ("QUYẾT ĐỊNH:\nĐiều 2. Giao các cơ quan, đơn vị:\n2.\nCác đơn vị sự nghiệp công lập có chức năng đào tạo, "
            "bồi dưỡng thuộc phạm vi\nquản lý của UBND tỉnh niêm yết công khai TTHC tại đơn vị.\n")
    (o,) = obligations_of(text)
    assert o.actor_normalized == ("Các đơn vị sự nghiệp công lập có chức năng đào tạo, bồi dưỡng thuộc phạm vi quản lý "
                                  "của Ủy ban nhân dân tỉnh")
    assert o.task.startswith("niêm yết")


def test_firms_of_a_kind_are_a_class_of_actor():
    # 2edf59…: a Prime Minister's programme gives the technology firms their own item
    (o,) = obligations_of("IV. TỔ CHỨC THỰC HIỆN\n4. Các doanh nghiệp công nghệ số căn cứ vào nội\ndung, nhiệm vụ và "
                          "giải pháp của Chương trình, xây dựng các nội dung triển khai,\nđề xuất giải pháp với các bộ, "
                          "ngành, địa phương.")
    assert o.actor_normalized == "Các doanh nghiệp công nghệ số"
    assert " ".join(o.task.split()).startswith("căn cứ vào nội dung, nhiệm vụ và giải pháp của Chương trình, xây dựng")


@pytest.mark.parametrize("written, names", [
    # 646f0a…: a committee named once over two cities, each with its tier word
    ("UBND thành phố Hà Nội, Thành phố Hồ Chí Minh", ["UBND thành phố Hà Nội", "UBND Thành phố Hồ Chí Minh"]),
    ("Ủy ban nhân dân tỉnh Lào Cai, tỉnh Yên Bái và tỉnh Hà Giang",
     ["Ủy ban nhân dân tỉnh Lào Cai", "Ủy ban nhân dân tỉnh Yên Bái", "Ủy ban nhân dân tỉnh Hà Giang"]),
    ("Ủy ban nhân dân tỉnh", ["Ủy ban nhân dân tỉnh"]),
])
def test_a_committee_named_over_places_is_one_member_a_place(written, names):
    assert members(written) == names


@pytest.mark.parametrize("written, name", [
    # 646f0a…: a slash between the words of a class is its comma
    ("UBND các tỉnh/ thành phố", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"),
    ("UBND các tỉnh/thành phố", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"),
    ("các Bộ/ngành", "Các bộ, ngành"),
])
def test_a_slash_in_a_class_reads_as_its_comma(written, name):
    assert normalize(written, None, {}) == name


@pytest.mark.parametrize("opening", [
    # 646f0a…, c93728…: a time before the subject, as «Căn cứ …,» and «Khi …,» are
    "Trong quá trình thực hiện, ", "Hằng năm, trước ngày 15 tháng 12, ", "Định kỳ hằng quý, ",
])
def test_a_time_opening_the_sentence_comes_before_its_subject(opening):
    (o,) = obligations_of("Điều 5. Tổ chức thực hiện\n1. " + opening + "Sở Tài chính chủ trì hướng dẫn các đơn vị.")
    assert (o.actor_normalized, " ".join(o.task.split())) == ("Sở Tài chính", "chủ trì hướng dẫn các đơn vị.")


def test_a_time_opening_a_sentence_with_a_difficulty_still_asks_for_feedback_only():
    assert obligations_of("Điều 5. Tổ chức thực hiện\n1. Trong quá trình thực hiện, nếu có vướng mắc, đề nghị "
                          "các đơn vị phản ánh về Sở Tài chính.") == []


def test_organisations_after_bodies_in_a_list_are_a_noun():
    # 39db3d…, b3bb1d…: «tổ chức» after «cơ quan,» is no verb ending the actor
    (o,) = obligations_of("Điều 5. Thu phí\n1. Trong thời hạn 24 giờ tính từ thời điểm nhận được tiền phí, cơ quan, tổ "
                          "chức\nnhận tiền phải chuyển toàn bộ tiền phí thu được vào tài khoản chuyên thu phí.")
    assert " ".join(o.actor.split()) == "cơ quan, tổ chức nhận tiền"
    assert " ".join(o.task.split()).startswith("phải chuyển toàn bộ tiền phí")


def test_a_role_given_before_the_duties_is_no_definition():
    # 76415b…: «Giao Sở … là cơ quan đầu mối, chủ trì, …»; «Sở … là cơ quan chuyên môn …» defines a body
    (o,) = obligations_of("3. Giao Sở Nông nghiệp và Môi trường là cơ quan đầu mối,\nchủ trì, phối hợp với Sở Tài chính "
                          "hướng dẫn các cơ quan, đơn vị liên quan.")
    assert (o.actor_normalized, o.cooperating) == ("Sở Nông nghiệp và Môi trường", ["Sở Tài chính"])
    assert obligations_of("Điều 2. Sở Tài chính là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh.") == []


def test_a_verb_broken_over_two_lines_is_read():
    # b241b7…: «Điều 4. Bộ Ngoại giao hoàn\ntất các thủ tục đối ngoại theo quy định.»
    (o,) = obligations_of("Điều 4. Bộ Ngoại giao hoàn\ntất các thủ tục đối ngoại theo quy định.")
    assert o.actor_normalized == "Bộ Ngoại giao"


def test_a_long_subject_named_by_the_provision_that_defines_it():
    # fd4feb…: eighteen words before «có trách nhiệm:», the last four the provision's
    found = obligations_of("Điều 4. Tổ chức thực hiện\n2. Doanh nghiệp thực hiện dự án sản xuất thiết bị\nđiện tử quy định "
                           "tại Thông tư này có trách nhiệm:\na) Tự chứng minh việc đáp ứng tiêu chí.\nb) Cung cấp, cập "
                           "nhật thông tin dự án.")
    assert [(o.section, o.actor_normalized) for o in found] == [
        ("Điều 4.2.a", "Doanh nghiệp thực hiện dự án sản xuất thiết bị điện tử"),
        ("Điều 4.2.b", "Doanh nghiệp thực hiện dự án sản xuất thiết bị điện tử")]


def test_bodies_listed_inline_after_a_topic_each_take_their_item():
    # 74e2dd…: «3. Khẩn trương xây dựng …: (1) Thanh\ntra Chính phủ ban hành …; (2) Bộ Công an chủ trì, …»
    found = obligations_of("III. NHIỆM VỤ\n3. Khẩn trương xây dựng và ban\nhành chiến lược dữ liệu: (1) Thanh\ntra Chính "
                           "phủ ban hành trước ngày 25 tháng 11 năm 2025; (2) Bộ Công an\nchủ trì, phối hợp các bộ, cơ quan "
                           "liên quan ban hành hướng dẫn.")
    assert [(o.actor_normalized, " ".join(o.task.split())[:20]) for o in found] == [
        ("Thanh tra Chính phủ", "ban hành trước ngày "), ("Bộ Công an", "chủ trì, phối hợp cá")]
    # a task's own list «(i) …; (iii) Xác định cơ sở khoa học, cơ quan chịu trách nhiệm …» names no subject
    assert [o.actor_normalized for o in obligations_of(
        "Giao Bộ Công Thương chủ trì: (i) Rà soát năng lực phối trộn; (ii) Xác định cơ sở khoa học, cơ quan chịu trách "
        "nhiệm thẩm định và cơ chế kiểm tra.")] == ["Bộ Công Thương"]


@pytest.mark.parametrize("written, names", [
    # 74e2dd…: a court's name goes on in lower case; banks of a kind are a class
    ("Bộ Xây dựng, Tòa án nhân dân tối cao", ["Bộ Xây dựng", "Tòa án nhân dân tối cao"]),
    ("Ngân hàng Nhà nước Việt Nam và các ngân hàng thương mại cổ phần",
     ["Ngân hàng Nhà nước Việt Nam", "các ngân hàng thương mại cổ phần"]),
])
def test_courts_and_classes_of_banks_open_a_member(written, names):
    assert members(written) == names


def test_a_provinces_press_and_broadcaster_is_one_body():
    # 5a8079…: «Báo và Đài Phát thanh - Truyền hình Đồng Tháp» opens with no body's word and holds a «và»
    (o,) = obligations_of("Điều 59. Tổ chức thực hiện\n7. Báo và Đài Phát thanh - Truyền hình Đồng\nTháp, Ban Biên tập "
                          "Cổng thông tin điện tử tỉnh và các cơ quan thông tin đại\nchúng trên địa bàn tỉnh có trách "
                          "nhiệm phổ biến, tuyên truyền Quy chế này.")
    assert o.actor_normalized == "Báo và Đài Phát thanh - Truyền hình Đồng Tháp"
    assert o.co_leads == ["Ban Biên tập Cổng thông tin điện tử tỉnh", "Các cơ quan thông tin đại chúng trên địa bàn tỉnh"]


def test_a_post_over_listed_bodies_keeps_a_name_with_commas_whole():
    # 00e8b0…: «Thủ trưởng các cơ quan: Văn phòng UBND tỉnh, Sở Công Thương, Sở Văn hóa, Thể thao và Du lịch, …»
    assert members("Thủ trưởng các cơ quan: Văn phòng Ủy ban nhân dân tỉnh, Sở Công Thương, Sở Văn hóa, Thể thao và "
                   "Du lịch, Ban Quản lý các khu công nghiệp tỉnh") == [
        "Thủ trưởng Văn phòng Ủy ban nhân dân tỉnh", "Thủ trưởng Sở Công Thương",
        "Thủ trưởng Sở Văn hóa, Thể thao và Du lịch", "Thủ trưởng Ban Quản lý các khu công nghiệp tỉnh"]


def test_a_subject_named_by_a_numbered_provision():
    # 032697…: «2. Doanh nghiệp thực hiện dự án casino quy định tại\nĐiều 3 Nghị quyết này có trách nhiệm …»
    (o,) = obligations_of("Điều 6. Điều khoản thi hành\n2. Doanh nghiệp thực hiện dự án casino quy định tại\nĐiều 3 Nghị "
                          "quyết này có trách nhiệm tổ chức kinh doanh, quản lý người Việt Nam đủ điều kiện chơi casino.")
    assert " ".join(o.task.split()).startswith("có trách nhiệm tổ chức kinh doanh")
    assert o.actor_normalized == "Doanh nghiệp thực hiện dự án casino"


def test_a_short_name_given_to_a_list_stands_for_no_one_of_it():
    # 032697…: «Dự án casino Phú Quốc …, dự án casino Vân Đồn … và dự án casino Hồ Tràm (…) (sau đây gọi là dự
    # án casino)»: «Doanh nghiệp thực hiện dự án casino» is not Hồ Tràm's alone
    from cancu.nlp.obligations.actors import defined_names
    text = ("1. Dự án casino Phú Quốc (tỉnh An Giang), dự án\ncasino Vân Đồn (tỉnh Quảng Ninh) và dự án casino Hồ Tràm "
            "(Thành phố Hồ Chí\nMinh) (sau đây gọi là dự án casino).\n")
    assert "du an casino" not in defined_names(text)
