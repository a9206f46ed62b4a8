"""Names that are sentences, not names (issue #13): a mined title that runs past where an
instrument's name ends is flagged by `cancu registry check` at its file:line, the real long
names are not, and the shipped registry holds none after the miner's fix."""
from __future__ import annotations

from pathlib import Path

import pytest

from cancu import cli
from cancu.kg.registry.check import check
from cancu.kg.registry.instruments import INSTRUMENT_COLUMNS, Registry
from cancu.kg.registry.names import MAX_NAME_WORDS, name_problem, run_on_cues, whole_name_before

FACT_HEAD = "symbol\ttype\tname\tfull_title\tadopted\teffective\texpired\treplaced_by\tamends\tissuer\tsource\tconfidence"


@pytest.mark.parametrize("cue", run_on_cues(), ids=lambda c: c.pattern.pattern)
def test_each_cue_flags_the_real_mined_name_it_was_seen_in(cue):
    problem = name_problem(cue.example)
    assert problem is not None and problem.startswith(cue.why)


@pytest.mark.parametrize("name, symbol, why", [
    # the instrument's own symbol inside its name: a second sentence about it (national_cited.tsv:244)
    ("Thông tư quy định việc áp dụng chế độ bồi dưỡng … pháp y tâm thần Bãi bỏ toàn bộ Thông tư số "
     "31/2015/TT-BYT ngày 14 tháng 10 năm 2015", "31/2015/TT-BYT", "tên nhắc lại chính số hiệu"),
    # a web page's heading glued to the title (national_cited.tsv:102)
    ("Thông tư sửa đổi Thông tư 67/2024/TT-BQP quy định trình tự … thuộc phạm vi quản lý của Bộ Quốc "
     "phòngSửa đổi thủ tục chứng nhận", "130/2025/TT-BQP", "hai từ dính liền «phòngSửa»"),
    ("Quyết định về việc công bố thủ tục hành chính. Theo quyết định này", "1/QĐ-BYT@2025", "tên có dấu chấm"),
    ("Luật " + " ".join(["thuế"] * MAX_NAME_WORDS), "1/2020/QH14", "tên dài"),
])
def test_structural_run_ons(name, symbol, why):
    assert name_problem(name, symbol).startswith(why)


def test_real_long_names_are_names():
    reg = Registry.load()
    real = [reg.get(s).name for s in (
        "08/2025/UBTVQH15",     # a Pháp lệnh amending six, 110 words
        "56/2024/QH15",         # a law amending nine laws, commas throughout
        "199/2025/QH15",        # "…; ngày bầu cử …"
        "260/2025/QH15",        # names another resolution by its symbol
        "80/2023/QH15",         # "… từ ngày 01/01/2023 đến ngày 31/12/2024"
        "33/CT-TTg@2025",       # "… và các Thông báo kết luận của Ban Chỉ đạo Trung ương"
        "2639/QĐ-TTg@2025",     # "… (đợt 2)"
    )]
    real.append("Luật Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam")
    assert all(real) and [n for n in real if name_problem(n)] == []


def test_a_turn_of_the_sentence_is_cut_a_clause_is_not():
    assert whole_name_before("Thông tư về lập dự toán, chấp hành và quyết toán NSNN, cụ thể như sau") == \
        "Thông tư về lập dự toán, chấp hành và quyết toán NSNN"
    clause = "Nghị quyết về một số cơ chế thì hộ kinh doanh không áp dụng phương pháp khoán thuế"
    assert whole_name_before(clause) == clause and name_problem(clause)


def test_registry_check_warns_at_the_rows_file_and_line(tmp_path: Path, capsys):
    (tmp_path / "instruments.tsv").write_text("\t".join(INSTRUMENT_COLUMNS) + "\n", encoding="utf-8")
    (tmp_path / "research").mkdir()
    (tmp_path / "research" / "mined.tsv").write_text(FACT_HEAD + "\n" + "\n".join([
        "\t".join(["45/2024/TT-BTC", "Thông tư", "Thông tư ban hành phương pháp định giá chung đối với hàng hoá, "
                   "dịch vụ do Nhà nước định giá, để lập phương án giá, cần có định mức kinh tế kỹ thuật", "",
                   "2024-07-05", "", "", "", "", "Bộ Tài chính", "realdocs:x:1", "medium"]),
        "\t".join(["51/2019/QH14", "Luật", "Luật sửa đổi, bổ sung một số điều của Luật Nhập cảnh, xuất cảnh, quá "
                   "cảnh, cư trú của người nước ngoài tại Việt Nam", "", "2019-11-25", "", "", "", "", "Quốc hội",
                   "realdocs:x:2", "medium"]),
    ]) + "\n", encoding="utf-8")
    warnings = [w for w in check(Registry.load(tmp_path)).warnings if "không phải là tên văn bản" in w]
    assert len(warnings) == 1 and warnings[0].startswith("mined.tsv:2: 45/2024/TT-BTC: tên «Thông tư ban hành")
    assert "mệnh đề mục đích sau dấu phẩy" in warnings[0]
    assert cli.main(["--home", str(tmp_path / "home"), "--registry", str(tmp_path), "registry", "check"]) == 0
    printed = capsys.readouterr()
    assert "mined.tsv:2: 45/2024/TT-BTC" in printed.out + printed.err


def test_a_losing_rows_name_is_checked_too(tmp_path: Path):
    """98/2023/QH15: the mined row's clause lost to nothing — every merged row is checked."""
    (tmp_path / "instruments.tsv").write_text("\t".join(INSTRUMENT_COLUMNS) + "\n", encoding="utf-8")
    (tmp_path / "a.tsv").write_text(FACT_HEAD + "\n" + "\t".join([
        "98/2023/QH15", "Nghị quyết", "Nghị quyết về thí điểm một số cơ chế, chính sách đặc thù phát triển "
        "Thành phố Hồ Chí Minh", "", "2023-06-24", "", "", "", "", "Quốc hội", "https://example.org", "high"]) + "\n",
        encoding="utf-8")
    (tmp_path / "b.tsv").write_text(FACT_HEAD + "\n" + "\t".join([
        "98/2023/QH15", "Nghị quyết", "Nghị quyết quy định cá nhân được miễn thuế thu nhập cá nhân … được ban hành "
        "sau Thông tư số 80/2021/TT-BTC", "", "2023-06-24", "", "", "", "", "Quốc hội", "realdocs:x:1", "medium"])
        + "\n", encoding="utf-8")
    warnings = [w for w in check(Registry.load(tmp_path)).warnings if "không phải là tên văn bản" in w]
    assert len(warnings) == 1 and warnings[0].startswith("b.tsv:2: 98/2023/QH15")


def test_the_shipped_registry_has_no_run_on_name():
    flagged = [w for w in check(Registry.load()).warnings if "không phải là tên văn bản" in w]
    assert flagged == []
    # the two that started it now carry the titles other rows give
    reg = Registry.load()
    assert reg.get("98/2023/QH15").name == \
        "Nghị quyết về thí điểm một số cơ chế, chính sách đặc thù phát triển Thành phố Hồ Chí Minh"
    assert reg.get("198/2025/QH15").name == \
        "Nghị quyết về một số cơ chế, chính sách đặc biệt phát triển kinh tế tư nhân"
