"""Obligations of real administrative documents: the real gold (tests/real_gold.py) and one
test per form, on sentences of real documents outside the gold."""
from __future__ import annotations

import pytest

from tests import real_gold
from tests.samples import obligations_of as _one


@pytest.fixture(scope="module")
def scored():
    gold = real_gold.load_gold()
    texts, preds = real_gold.extract_all(gold)
    return real_gold.summary(gold, texts, preds)


def test_real_gold_f1_overall_and_per_source(scored):
    scores, msg = scored
    print(msg)
    for key in ("overall",) + real_gold.SOURCES:
        assert scores[key] >= 0.90, f"{key}\n{msg}"


def test_real_gold_modality(scored):
    scores, msg = scored
    assert scores["modality"] >= 0.95, msg


QD_HEAD = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 12/QĐ-UBND\nQUYẾT ĐỊNH\nVề việc công bố\n"
           "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\nCăn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT ĐỊNH:\n"
           "Điều 1. Công bố kèm theo Quyết định này danh mục thủ tục hành chính.\n")


def test_closing_article_keeps_every_post():
    obs = _one(QD_HEAD + "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
               "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc Sở Ngoại vụ; Giám đốc các sở, "
               "Thủ trưởng các ban, ngành cấp tỉnh; Chủ tịch Ủy ban nhân dân các xã, phường và các tổ "
               "chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.\n\nNơi nhận:\n- Như Điều 3;\n")
    assert len(obs) == 1
    o = obs[0]
    assert (o.source, o.section, o.modality) == ("closing_article", "Điều 3", "must")
    assert o.actor_normalized == "Chánh Văn phòng Ủy ban nhân dân tỉnh"
    assert o.co_leads == ["Giám đốc Sở Ngoại vụ", "Giám đốc các sở", "Thủ trưởng các ban, ngành tỉnh",
                          "Chủ tịch Ủy ban nhân dân cấp xã", "Các cơ quan, tổ chức, cá nhân có liên quan"]
    assert o.task == "chịu trách nhiệm thi hành Quyết định này."


def test_closing_sentence_after_the_effect_sentence_and_body_lists():
    obs = _one(QD_HEAD + "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký. Chánh Văn phòng "
               "Ủy ban nhân dân tỉnh, Giám đốc các Sở: Tài chính, Khoa học và Công nghệ và Thủ trưởng "
               "các cơ quan có liên quan chịu trách nhiệm thi hành Quyết định này./.\n")
    assert [(o.source, o.section) for o in obs] == [("closing_article", "Điều 2")]
    assert obs[0].co_leads[:2] == ["Giám đốc Sở Tài chính", "Giám đốc Sở Khoa học và Công nghệ"]


def test_article_responsibilities_by_body():
    obs = _one(QD_HEAD + "Điều 2. Trách nhiệm của các cơ quan, đơn vị\n1. Sở Nội vụ\n"
               "a) Rà soát, đánh giá điều kiện tiếp nhận hồ sơ.\nb) Tổ chức tập huấn nghiệp vụ.\n"
               "2. Ủy ban nhân dân cấp xã có trách nhiệm niêm yết công khai danh mục thủ tục.\n"
               "3. Giao Sở Tài chính chủ trì, phối hợp với các cơ quan, đơn vị liên quan bố trí kinh phí.\n")
    got = [(o.source, o.section, o.actor_normalized) for o in obs]
    assert got == [("article", "Điều 2.1.a", "Sở Nội vụ"), ("article", "Điều 2.1.b", "Sở Nội vụ"),
                   ("article", "Điều 2.2", "Ủy ban nhân dân cấp xã"), ("article", "Điều 2.3", "Sở Tài chính")]
    assert obs[3].cooperating == ["Các cơ quan, đơn vị liên quan"]


def test_hdnd_resolution_articles():
    text = ("HỘI ĐỒNG NHÂN DÂN\nTỈNH GIA LAI\nSố: 5/2025/NQ-HĐND\nNGHỊ QUYẾT\nQUYẾT NGHỊ:\n"
            "Điều 1. Phạm vi điều chỉnh\n1. Các cơ quan, đơn vị thực hiện chế độ theo Nghị quyết này.\n"
            "Điều 2. Tổ chức thực hiện\n1. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết.\n"
            "2. Giao Thường trực Hội đồng nhân dân tỉnh, các Ban của Hội đồng nhân dân tỉnh, các Tổ "
            "đại biểu và đại biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện Nghị quyết.\n"
            "3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh tham gia giám sát việc thực hiện Nghị quyết.\n")
    obs = _one(text)
    assert [(o.section, o.actor_normalized, o.modality) for o in obs] == [
        ("Điều 2.1", "Ủy ban nhân dân tỉnh", "must"),
        ("Điều 2.2", "Thường trực Hội đồng nhân dân tỉnh", "must"),
        ("Điều 2.3", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "request")]
    assert obs[1].co_leads == ["Các Ban của Hội đồng nhân dân tỉnh", "Các Tổ đại biểu Hội đồng nhân dân tỉnh",
                               "Đại biểu Hội đồng nhân dân tỉnh"]


def test_dispatch_items_umbrella_and_prohibition_split():
    text = ("CÔNG ĐIỆN\nThủ tướng Chính phủ yêu cầu:\n1. Chủ tịch Ủy ban nhân dân các tỉnh: Huế, Đà Nẵng:\n"
            "- Tổ chức sơ tán người dân khỏi khu vực nguy hiểm, tuyệt đối không để người dân ở lại "
            "vùng ngập sâu.\n2. Bộ Quốc phòng, Bộ Công an chỉ đạo lực lượng hỗ trợ địa phương.\n"
            "3. Bộ Tài chính chủ trì, phối hợp với các bộ liên quan:\na) Xuất cấp hàng dự trữ quốc gia.\n"
            "b) Báo cáo Thủ tướng Chính phủ kết quả trước ngày 30/11/2025./.\n")
    obs = _one(text)
    got = [(o.source, o.section, o.actor_normalized, o.modality) for o in obs]
    assert got == [
        ("numbered_item", "1", "Chủ tịch Ủy ban nhân dân các tỉnh", "must"),
        ("numbered_item", "1", "Chủ tịch Ủy ban nhân dân các tỉnh", "prohibition"),
        ("numbered_item", "2", "Bộ Quốc phòng", "must"),
        ("numbered_item", "3.a", "Bộ Tài chính", "must"),
        ("reporting", "3.b", "Bộ Tài chính", "must")]
    assert obs[2].co_leads == ["Bộ Công an"]
    assert obs[4].reports_to == "Thủ tướng Chính phủ"
    assert obs[1].task.startswith("tuyệt đối không để")


def test_letter_request_and_request_umbrella():
    text = ("Số: 10/BNV-TCBC\nV/v đề xuất biên chế\nHà Nội, ngày 10 tháng 11 năm 2025\n"
            "Kính gửi:\n- Các bộ, cơ quan ngang bộ;\n- Ủy ban nhân dân các tỉnh.\n"
            "Bộ Nội vụ đã có Văn bản số 80/BNV-TCBC đề nghị các bộ báo cáo thực trạng.\n"
            "Để bảo đảm tiến độ, đề nghị các bộ, ngành, địa phương tổng hợp số liệu và gửi về Bộ Nội "
            "vụ trước ngày 26/11/2025.\nĐể làm tốt nhiệm vụ, đề nghị:\n(i) Sở Xây dựng hoàn thành thủ tục.\n"
            "(ii) Giao Sở Tài chính bố trí kinh phí.\n")
    obs = _one(text)
    got = [(o.source, o.actor_normalized, o.modality) for o in obs]
    assert got == [("reporting", "Các bộ, ngành, địa phương", "request"),
                   ("numbered_item", "Sở Xây dựng", "request"), ("numbered_item", "Sở Tài chính", "must")]
    assert obs[0].reports_to == "Bộ Nội vụ"
    assert [d.date.isoformat() for d in obs[0].deadlines] == ["2025-11-26"]


HEADER = ["STT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành",
          "Sản phẩm"]
ROWS = [["1", "Rà soát quy trình nội bộ", "Sở Tư pháp", "Các cơ quan, đơn vị liên quan", "Tháng 12/2025",
         "Báo cáo"],
        ["2", "Xây dựng cơ sở dữ liệu", "Trung tâm Chuyển đổi số VHTTDL; Cục DLQGVN", "Văn phòng Bộ",
         "31/12/2025", "Cơ sở dữ liệu"]]


@pytest.mark.parametrize("layout", ["tabs", "pipes", "flattened"])
def test_task_table_in_every_written_form(layout):
    rows = [HEADER] + ROWS
    if layout == "tabs":
        table = "\n".join("\t".join(r) for r in rows)
    elif layout == "pipes":
        table = "\n".join("| " + " | ".join(r) + " |" for r in rows[:1] + [["---"] * 6] + rows[1:])
    else:
        table = "\n\n".join(c for r in rows for c in r)
    obs = _one("Số: 5/BVHTTDL-VP\nKính gửi: Các đơn vị thuộc Bộ.\n\nPHỤ LỤC\n\n" + table + "\n")
    assert [(o.source, o.section) for o in obs] == [("appendix_table", "PL.1"), ("appendix_table", "PL.2")]
    assert obs[0].actor_normalized == "Sở Tư pháp" and obs[0].cooperating == ["Các cơ quan, đơn vị liên quan"]
    assert obs[0].output == "Báo cáo" and obs[0].task == "Rà soát quy trình nội bộ"
    assert obs[1].actor_normalized == "Trung tâm Chuyển đổi số Văn hóa, Thể thao và Du lịch"
    assert obs[1].co_leads == ["Cục Du lịch Quốc gia Việt Nam"]
    assert obs[1].deadlines[0].date.isoformat() == "2025-12-31"


def test_statements_and_distribution_formulas_are_not_obligations():
    text = ("Số: 5348/CT-CS\nV/v hướng dẫn\nHà Nội, ngày 20 tháng 11 năm 2025\nKính gửi: Thuế tỉnh Quảng Trị.\n"
            "Cục Thuế nhận được công văn số 324/QTR-KTr2 của Thuế tỉnh Quảng Trị về việc hướng dẫn.\n"
            "Các bộ, địa phương đã chủ động triển khai các giải pháp.\n"
            "Cục Thuế trả lời để Thuế tỉnh Quảng Trị biết và thực hiện./.\n")
    assert _one(text) == []


def test_a_decision_that_issues_a_plan_reads_the_plan_as_plans_are_read():
    text = (QD_HEAD.replace("Điều 1. Công bố kèm theo Quyết định này danh mục thủ tục hành chính.\n",
                            "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch tiếp công dân năm 2024.\n")
            + "Điều 2. Chánh Văn phòng, Thủ trưởng các cơ quan, đơn vị liên quan chịu trách nhiệm thi "
            "hành Quyết định này./.\n\nKẾ HOẠCH\nTiếp công dân năm 2024\nI. MỤC ĐÍCH, YÊU CẦU\n"
            "- Các nội dung phải có người chịu trách nhiệm.\nIII. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính\n"
            "- Hướng dẫn các cơ quan, đơn vị công khai thông tin.\n")
    obs = _one(text)
    assert [(o.source, o.section) for o in obs] == [("closing_article", "Điều 2"), ("org_section", "III.1")]
    assert obs[0].actor_normalized == "Chánh Văn phòng"
    assert obs[0].co_leads == ["Thủ trưởng các cơ quan, đơn vị liên quan"]


def test_closing_article_after_an_address_formula():
    obs = _one(QD_HEAD + "Điều 2. Các ông, bà: Chánh Văn phòng Bộ; Vụ trưởng Vụ Tổ chức cán bộ và Thủ "
               "trưởng các đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.\n")
    assert [(o.source, o.actor_normalized) for o in obs] == [("closing_article", "Chánh Văn phòng Bộ")]
    assert obs[0].co_leads == ["Vụ trưởng Vụ Tổ chức cán bộ", "Thủ trưởng các đơn vị có liên quan"]


def test_item_heading_with_a_capitalised_task_after_its_colon_and_assignment_words():
    text = ("Số: 7/BVHTTDL-VP\nKính gửi: Các đơn vị thuộc Bộ.\nBộ yêu cầu:\n"
            "1. Vụ Tổ chức cán bộ: Tham mưu Lãnh đạo Bộ:\n- Đề xuất hoàn thiện quy định về tổ chức bộ máy.\n"
            "2. Bộ Nội vụ được giao xây dựng văn bản hướng dẫn Luật.\n"
            "3. Các cơ quan, đơn vị, tổ chức, cá nhân khác có liên quan.\n")
    obs = _one(text)
    assert [(o.section, o.actor_normalized) for o in obs] == [("1", "Vụ Tổ chức cán bộ"), ("2", "Bộ Nội vụ")]


def test_lists_of_things_passives_and_reports_of_the_past_are_not_obligations():
    text = ("Số: 9/BTC-TCT\nKính gửi: Ủy ban nhân dân các tỉnh.\n"
            "1. Thuế tỉnh phối hợp với Ủy ban nhân dân cấp xã hướng dẫn người nộp thuế.\n"
            "Bộ Tài chính gửi kèm bộ Cẩm nang gồm:\n- Cẩm nang nghiệp vụ thuế dành cho công chức cấp xã;\n"
            "- Slide đào tạo, tập huấn Cẩm nang.\n"
            "Các bộ phận tạo thành thủ tục hành chính được công bố tại Quyết định này.\n"
            "Bộ Chính trị, Ban Bí thư, trực tiếp là Tổng Bí thư, đã tập trung lãnh đạo, chỉ đạo.\n")
    obs = _one(text)
    assert [(o.section, o.actor_normalized, o.modality) for o in obs] == [("1", "Thuế tỉnh", "must")]
    assert obs[0].cooperating == ["Ủy ban nhân dân cấp xã"]


def test_letter_requests_spoken_by_the_issuer_mid_sentence():
    text = ("Số: 1/BTC-TK\nV/v số liệu\n\nHà Nội, ngày 1 tháng 11 năm 2025\n\n"
            "Kính gửi: Ủy\nban nhân dân các tỉnh, thành phố trực thuộc trung ương\n"
            "Căn cứ Nghị định số 94/2022/NĐ-CP, Bộ Tài chính đề nghị Ủy ban nhân dân các tỉnh, thành phố "
            "trực thuộc trung ương:\n- Chỉ đạo các Sở, ngành đánh giá khó khăn;\n"
            "- Giao Thống kê tỉnh, thành phố chủ trì, phối hợp với các Sở, ngành liên quan rà soát số liệu.\n"
            "Hồ sơ chưa đủ căn cứ, do đó đề nghị Thuế TP. Hà Nội nghiên cứu quy định để xử lý.\n"
            "Văn bản số 80/BTC-TK đề nghị các tỉnh báo cáo thực trạng.\n")
    obs = _one(text)
    assert [(o.actor_normalized, o.modality) for o in obs] == [
        ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", "request"),
        ("Thống kê tỉnh, thành phố", "must"), ("Thuế thành phố Hà Nội", "request")]


@pytest.mark.parametrize("closing, section, lead, co_leads", [
    # the number of the article on the line after "Điều", the subject on the line after the title
    ("Điều\n5. Trách nhiệm thi hành\nCác ông, bà: Chánh văn phòng Ủy ban nhân dân tỉnh; Chủ tịch Ủy ban "
     "nhân dân xã, phường và các tổ chức, cá nhân liên quan chịu trách nhiệm thi hành Quyết định này./.\n",
     "Điều 5", "Chánh Văn phòng Ủy ban nhân dân tỉnh",
     ["Chủ tịch Ủy ban nhân dân cấp xã", "Các cơ quan, tổ chức, cá nhân có liên quan"]),
    # inside the article on effect, as its last clause
    ("Điều 4. Hiệu lực thi hành\n1. Quyết định này có hiệu lực từ ngày ký.\n2. Chánh Văn phòng Ủy ban "
     "nhân dân tỉnh; Thủ trưởng các sở, ban, ngành chịu trách nhiệm thi hành Quyết định này./.\n",
     "Điều 4.2", "Chánh Văn phòng Ủy ban nhân dân tỉnh", ["Thủ trưởng các sở, ban, ngành tỉnh"]),
    # a plural head whose names go on after a line break
    ("Điều 5. Bộ trưởng các Bộ:\nXây dựng, Ngoại giao và Thủ trưởng các cơ quan, đơn vị liên quan chịu "
     "trách nhiệm thi hành Quyết định này./.\n",
     "Điều 5", "Bộ trưởng Bộ Xây dựng", ["Bộ trưởng Bộ Ngoại giao", "Thủ trưởng các cơ quan, đơn vị liên quan"]),
])
def test_closing_article_layouts(closing, section, lead, co_leads):
    obs = [o for o in _one(QD_HEAD + closing) if o.source == "closing_article"]
    assert [(o.section, o.actor_normalized, o.co_leads) for o in obs] == [(section, lead, co_leads)]


def test_umbrella_assignment_after_a_statement_and_requests_that_close_nothing():
    text = ("CHÍNH PHỦ\nSố: 9/NQ-CP\nNGHỊ QUYẾT\nQUYẾT NGHỊ:\n"
            "Điều 1. Chính phủ cơ bản thống nhất với dự án Pháp lệnh do Bộ Công an trình. Giao Bộ Công an "
            "chủ trì, phối hợp với các cơ quan có liên quan hoàn thiện hồ sơ, bảo đảm một số yêu cầu sau:\n"
            "1. Rà soát kỹ nội dung dự thảo Pháp lệnh.\n"
            "Điều 2. Tổ chức thực hiện\n1. Giao Thường trực Hội đồng nhân dân, các Ban Hội đồng nhân dân, "
            "các Tổ đại biểu và các đại biểu Hội đồng nhân dân Thành phố giám sát việc thực hiện Nghị quyết.\n"
            "2. Đề nghị Văn phòng Thành ủy, các cơ quan thuộc Thành ủy phối hợp tổ chức thực hiện Nghị quyết này.\n")
    obs = _one(text)
    assert [(o.source, o.section, o.actor_normalized, o.modality) for o in obs] == [
        ("article", "Điều 1.1", "Bộ Công an", "must"),
        ("article", "Điều 2.1", "Thường trực Hội đồng nhân dân", "must"),
        ("article", "Điều 2.2", "Văn phòng Thành ủy", "request")]
    assert obs[1].co_leads == ["Các Ban của Hội đồng nhân dân", "Các Tổ đại biểu Hội đồng nhân dân",
                               "Đại biểu Hội đồng nhân dân"]


def test_flattened_table_with_group_rows_unknown_columns_and_split_cells():
    cells = ["STT", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thuộc nhóm nhiệm vụ[1]", "Nội dung nhiệm vụ",
             "Thời hạn hoàn thành",
             "A.", "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
             "1", "Bộ Nông nghiệp và Môi trường", "- Bộ Khoa học và Công nghệ;\n- Bộ Xây dựng;", "Nhóm 1",
             "Hoàn thiện Nghị định về xử lý vi phạm hành chính", "Năm 2026",
             "2", "Bộ Nông nghiệp và Môi trường", "Bộ Y tế", "Nhóm 2", "Kiểm kê phát thải quốc gia",
             "Năm 2027", "ghi chú chia thành", "hai đoạn",
             "B.", "BỘ Y TẾ",
             "1", "Bộ Y tế", "Các bộ liên quan", "Nhóm 3", "Nghiên cứu tác động của ô nhiễm không khí",
             "Năm 2028"]
    obs = _one("Số: 1/QĐ-TTg\nKính gửi: Các bộ.\n\nPHỤ LỤC\n\n" + "\n\n".join(cells) + "\n")
    assert [(o.section, o.actor_normalized) for o in obs] == [
        ("PL.A.1", "Bộ Nông nghiệp và Môi trường"), ("PL.A.2", "Bộ Nông nghiệp và Môi trường"),
        ("PL.B.1", "Bộ Y tế")]
    assert obs[0].cooperating == ["Bộ Khoa học và Công nghệ", "Bộ Xây dựng"]
    assert obs[2].task == "Nghiên cứu tác động của ô nhiễm không khí"


def test_issuer_speaking_narrative_subjects_and_a_heading_over_its_capitalised_task():
    text = ("BỘ TÀI CHÍNH\nCỤC HẢI QUAN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 3/TB-CHQ\n"
            "Hà Nội, ngày 1 tháng 12 năm 2025\n\nKính gửi: Công ty TNHH An Phát.\n"
            "Cục Hải quan thông báo kết quả xác định trước mã số như sau.\n"
            "Ban Chỉ đạo của Chính phủ thẳng thắn chỉ ra những hạn chế cần khắc phục.\n"
            "1. Cục Hợp\ntác quốc tế\nKhẩn trương hoàn thành phương án cắt giảm thủ tục hành chính.\n")
    obs = _one(text)
    assert [(o.section, o.actor_normalized, o.task[:20]) for o in obs] == [
        ("1", "Cục Hợp tác quốc tế", "Khẩn trương hoàn thà")]


def test_prohibition_sentence_between_tasks_is_its_own_record():
    text = ("CÔNG ĐIỆN\nThủ tướng Chính phủ yêu cầu:\n1. Chủ tịch Ủy ban nhân dân các tỉnh khẩn trương hỗ trợ "
            "các hộ bị ngập sâu; tuyệt đối không để người dân đói, khát, rét. Tìm kiếm những người còn mất "
            "tích. Nghiêm cấm lợi dụng thiên tai để trục lợi.\n")
    obs = _one(text)
    assert [(o.modality, o.task[:22]) for o in obs] == [
        ("must", "khẩn trương hỗ trợ các"), ("prohibition", "tuyệt đối không để ngư"),
        ("must", "Tìm kiếm những người c"), ("prohibition", "Nghiêm cấm lợi dụng th")]


def test_regulation_issued_with_a_decision_sub_headings_and_other_tables():
    text = (QD_HEAD + "Điều 2. Chánh Văn phòng Ủy ban nhân dân tỉnh chịu trách nhiệm thi hành Quyết định "
            "này./.\n\nNơi nhận:\n- Như Điều 2;\n- Lưu: VT.\n\nCHỦ TỊCH\nNguyễn Văn A\n\n"
            "QUY CHẾ\nPhối hợp giải quyết thủ tục hành chính\n"
            "Điều 1. Trình tự giải quyết\n\nSTT\n\nBước\n\nNội dung công việc\n\nThời gian\n\n1\n\nBước 1\n\n"
            "Sở Tài chính tiếp nhận hồ sơ\n\n01 ngày\n"
            "Điều 2. Trách nhiệm của Sở Tài chính; Ủy ban nhân dân các xã, phường\n"
            "1. Trách nhiệm của Sở Tài chính\na) Tổ chức triển khai danh mục thủ tục hành chính.\n"
            "2. Trách nhiệm của Ủy ban nhân dân các xã, phường\na) Tiếp nhận hồ sơ của tổ chức, cá nhân.\n")
    obs = _one(text)
    assert [(o.source, o.section, o.actor_normalized) for o in obs] == [
        ("closing_article", "Điều 2", "Chánh Văn phòng Ủy ban nhân dân tỉnh"),
        ("article", "Điều 2.1.a", "Sở Tài chính"), ("article", "Điều 2.2.a", "Ủy ban nhân dân cấp xã")]


@pytest.mark.parametrize("written, level, members", [
    ("Thủ trưởng các cơ quan, đơn vị: Văn phòng UBND tỉnh, Sở Tài chính; các đơn vị sự nghiệp công lập",
     "tỉnh", ["Chánh Văn phòng Ủy ban nhân dân tỉnh", "Giám đốc Sở Tài chính",      # as round 16 writes them
              "Các đơn vị sự nghiệp công lập"]),
    ("Giám đốc các Sở: Tài chính, Khoa học và Công nghệ; Trưởng Thuế tỉnh", "tỉnh",
     ["Giám đốc Sở Tài chính", "Giám đốc Sở Khoa học và Công nghệ", "Trưởng Thuế tỉnh"]),
    ("Đồng chí Bí thư tỉnh ủy và Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa, Đắk Lắk và lãnh đạo các Bộ, ngành",
     None, ["Bí thư Tỉnh ủy", "Chủ tịch Ủy ban nhân dân các tỉnh", "Lãnh đạo các bộ, ngành"]),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam thành phố và các tổ chức chính trị - xã hội", "thành phố",
     ["Ủy ban Mặt trận Tổ quốc Việt Nam thành phố", "Các tổ chức chính trị - xã hội thành phố"]),
    ("Trung tâm Chuyển đổi số VHTTDL; Cục DLQGVN", None,
     ["Trung tâm Chuyển đổi số Văn hóa, Thể thao và Du lịch", "Cục Du lịch Quốc gia Việt Nam"]),
])
def test_actor_lists_split_and_normalised(written, level, members):
    from cancu.nlp.obligations import actors
    from cancu.nlp.obligations.members import members as split
    assert [actors.normalize(m, level) for m in split(written)] == members
