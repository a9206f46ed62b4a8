"""Where each fact of an instrument comes from and how sure it is (issue #13): rows of
one symbol merged from several files keep their own sources, confidence and the facts
they gave; a status names the facts it rests on and says when one is of low confidence."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from cancu.kg.registry.instruments import INSTRUMENT_COLUMNS, STATUS_COLUMNS, Registry

I_HEAD = "\t".join(INSTRUMENT_COLUMNS)
S_HEAD = "\t".join(STATUS_COLUMNS)
FACT_HEAD = "symbol\ttype\tname\tfull_title\tadopted\teffective\texpired\treplaced_by\tamends\tissuer\tsource\tconfidence"
OFFICIAL = "https://example.org/official-text"
WEAK = "secondary public file 123 (a test fixture quoting the new law)"


def _fact(symbol, name, adopted="", effective="", expired="", replaced_by="", amends="", source=OFFICIAL,
          confidence="high"):
    return "\t".join([symbol, "Luật", name, "", adopted, effective, expired, replaced_by, amends, "Quốc hội",
                      source, confidence])


def write_registry(folder: Path, *, end_confidence: str = "low", status_rows: tuple[str, ...] = (),
                   with_end: bool = True) -> Path:
    """The shape of 38/2019/QH14 in the shipped registry: a reliable row (laws.tsv) with its
    dates, and a research row of ``end_confidence`` that alone gives its end and successor."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "instruments.tsv").write_text(I_HEAD + "\n", encoding="utf-8")
    (folder / "laws.tsv").write_text(FACT_HEAD + "\n" + "\n".join([
        _fact("38/2019/QH14", "Luật Quản lý thuế", "2019-06-13", "2020-07-01"),
        _fact("108/2025/QH15", "Luật Quản lý thuế", "2025-12-10", "2026-07-01", source="https://example.org/new"),
        _fact("56/2024/QH15", "Luật sửa đổi, bổ sung một số điều của Luật Quản lý thuế", "2024-11-29",
              "2025-01-01", amends="38/2019/QH14", source="https://example.org/amending", confidence="medium"),
    ]) + "\n", encoding="utf-8")
    research = folder / "research"
    research.mkdir(exist_ok=True)
    if with_end:
        (research / "acts.tsv").write_text("# research rows\n" + FACT_HEAD + "\n" + _fact(
            "38/2019/QH14", "Luật Quản lý thuế", expired="2026-07-01", replaced_by="108/2025/QH15", source=WEAK,
            confidence=end_confidence) + "\n", encoding="utf-8")
    if status_rows:
        (research / "status.tsv").write_text(S_HEAD + "\n" + "\n".join(status_rows) + "\n", encoding="utf-8")
    return folder


def test_merged_rows_keep_which_row_gave_which_fact(tmp_path):
    inst = Registry.load(write_registry(tmp_path)).get("38/2019/QH14")
    assert inst.confidence == "high"            # the winning row's, as before
    assert [r.origin for r in inst.rows] == ["laws.tsv:2", "acts.tsv:3"]
    official, weak = inst.rows
    assert official.confidence == "high" and official.sources == (OFFICIAL,)
    assert {"name", "signed", "effective", "issuer"} <= set(official.gave) and "expired" not in official.gave
    assert weak.confidence == "low" and weak.sources == (WEAK,) and weak.gave == ("expired",)
    assert inst.row_for("expired") is weak and inst.row_for("effective") is official
    assert inst.row_for("title") is None        # a fact nobody gave has no row


def test_an_end_from_a_low_confidence_row_says_so(tmp_path):
    reg = Registry.load(write_registry(tmp_path))
    st = reg.status_at("38/2019/QH14", date(2026, 12, 4))
    assert st.code == "no_longer_in_force" and st.since == date(2026, 7, 1)
    assert st.explanation_vi == ("Luật 38/2019/QH14 hết hiệu lực từ ngày 01/7/2026, được thay thế bởi "
                                 "Luật 108/2025/QH15 (nguồn độ tin cậy thấp: acts.tsv:3).")
    assert st.caveat_vi == "nguồn độ tin cậy thấp: acts.tsv:3"
    facts = {(g.fact_vi, g.origin, g.confidence, g.sources) for g in st.grounds}
    assert facts == {
        ("được thay thế bởi Luật 108/2025/QH15 từ ngày 01/7/2026", "acts.tsv:3", "low", (WEAK,)),
        ("ngày hết hiệu lực 01/7/2026", "acts.tsv:3", "low", (WEAK,)),
    }


def test_an_end_from_a_reliable_row_carries_no_caveat(tmp_path):
    reg = Registry.load(write_registry(tmp_path, end_confidence="medium"))
    st = reg.status_at("38/2019/QH14", date(2026, 12, 4))
    assert st.code == "no_longer_in_force" and not st.caveat_vi
    assert "độ tin cậy thấp" not in st.explanation_vi
    assert {g.confidence for g in st.grounds} == {"medium"}


def test_before_the_end_the_grounds_are_the_start_and_the_amendment(tmp_path):
    st = Registry.load(write_registry(tmp_path)).status_at("38/2019/QH14", date(2025, 6, 2))
    assert st.code == "partly_amended" and not st.caveat_vi
    assert {g.fact_vi: (g.origin, g.confidence) for g in st.grounds} == {
        "ngày có hiệu lực 01/7/2020": ("laws.tsv:2", "high"),
        "được sửa đổi, bổ sung bởi Luật 56/2024/QH15 từ ngày 01/01/2025": ("laws.tsv:4", "medium"),
    }


def test_with_no_end_known_the_statement_that_vouches_is_a_ground(tmp_path):
    reg = Registry.load(write_registry(tmp_path, with_end=False, status_rows=(
        "\t".join(["38/2019/QH14", "in_force", "2025-06-01", "", "", "https://example.org/page", "medium", ""]),)))
    st = reg.status_at("38/2019/QH14", date(2025, 6, 2))
    assert st.code == "partly_amended" and not st.caveat_vi
    facts = {g.fact_vi: (g.origin, g.confidence) for g in st.grounds}
    assert facts == {
        "ngày có hiệu lực 01/7/2020": ("laws.tsv:2", "high"),
        "còn hiệu lực ngày 01/6/2025": ("status.tsv:2", "medium"),
        "được sửa đổi, bổ sung bởi Luật 56/2024/QH15 từ ngày 01/01/2025": ("laws.tsv:4", "medium"),
    }


def test_a_start_from_a_low_confidence_row_says_so(tmp_path):
    (tmp_path / "instruments.tsv").write_text(I_HEAD + "\n" + "\t".join(
        ["5/2020/NĐ-CP", "Nghị định", "", "", "Chính phủ", "2020-01-01", "", "", "", OFFICIAL, "high", ""]) + "\n",
        encoding="utf-8")
    (tmp_path / "research").mkdir()
    (tmp_path / "research" / "dates.tsv").write_text(FACT_HEAD + "\n" + "\t".join(
        ["5/2020/NĐ-CP", "Nghị định", "", "", "", "2020-03-01", "", "", "", "Chính phủ", WEAK, "low"]) + "\n",
        encoding="utf-8")
    st = Registry.load(tmp_path).status_at("5/2020/NĐ-CP", date(2020, 2, 1))
    assert st.code == "not_yet_in_force"
    assert st.explanation_vi.endswith("có hiệu lực từ ngày 01/3/2020 (nguồn độ tin cậy thấp: dates.tsv:2).")


def test_an_audit_finding_on_a_weak_end_keeps_the_caveat_with_the_end(tmp_path):
    from cancu.kg.audit.auditor import Auditor
    from cancu.nlp.model import SourceText
    from cancu.pipeline import Extractor
    reg = Registry.load(write_registry(tmp_path))
    text = ("Số: 05/2026/QĐ-UBND\nHòa Bình, ngày 02 tháng 9 năm 2026\nQUYẾT ĐỊNH\nBan hành Quy chế thu thuế\n"
            "Căn cứ Luật Quản lý thuế số 38/2019/QH14 ngày 13/6/2019;")
    doc = Extractor(reg).extract(SourceText("qd.txt", text, "txt"))
    [f] = Auditor(reg, today=date(2026, 12, 4)).audit("qd.txt", doc.info, doc.resolutions)
    assert f.finding == "stale"
    assert ("hết hiệu lực từ ngày 01/07/2026 (được thay thế bởi Luật 108/2025/QH15; "
            "nguồn độ tin cậy thấp: acts.tsv:3)") in f.explanation
    assert f.explanation.count("hết hiệu lực từ ngày") == 1


def test_a_less_reliable_row_naming_another_act_gives_nothing(tmp_path, capsys):
    """A census row whose names slipped by a line calls 43/2024/QH15 «Luật Công chứng»: its
    name must not become an alias (the 2024 Luật Công chứng is 46/2024/QH15), nor its date
    of effect fill the reliable row's empty cell. A name cut short still joins."""
    folder = tmp_path / "reg"
    folder.mkdir()
    (folder / "instruments.tsv").write_text(I_HEAD + "\n", encoding="utf-8")
    (folder / "laws.tsv").write_text(FACT_HEAD + "\n" + "\n".join([
        _fact("43/2024/QH15", "Luật Công chứng", "2024-11-20", "2025-07-01", source=WEAK, confidence="low"),
        _fact("46/2024/QH15", "Luật Công chứng", "2024-11-26", "2025-07-01"),
        _fact("32/2001/PL-UBTVQH10", "Pháp lệnh Khai thác", expired="2018-07-01", confidence="low"),
    ]) + "\n", encoding="utf-8")
    (folder / "research").mkdir()
    (folder / "research" / "acts.tsv").write_text(FACT_HEAD + "\n" + "\n".join([
        _fact("43/2024/QH15", "Luật sửa đổi, bổ sung một số điều của Luật Đất đai, Luật Nhà ở",
              "2024-06-29", confidence="medium"),
        _fact("32/2001/PL-UBTVQH10", "Pháp lệnh Khai thác và bảo vệ công trình thủy lợi", confidence="medium"),
    ]) + "\n", encoding="utf-8")
    reg = Registry.load(folder)
    amending = reg.get("43/2024/QH15")
    assert amending.name.startswith("Luật sửa đổi") and amending.aliases == ()
    assert amending.effective is None and amending.signed == date(2024, 6, 29)
    assert [(r.origin, r.gave) for r in amending.rows] == [
        ("acts.tsv:2", ("type", "name", "issuer", "signed")), ("laws.tsv:2", ())]
    assert "laws.tsv:2" in amending.notes and "Luật Công chứng" in amending.notes
    assert [i.symbol for i in reg.find_by_name("Luật Công chứng")] == ["46/2024/QH15"]
    # The instrument's page says why the row gave nothing (CLI text and JSON).
    from cancu import cli
    home = tmp_path / "home"
    assert cli.main(["--home", str(home), "--registry", str(folder), "instrument", "43/2024/QH15"]) == 0
    assert "laws.tsv:2 — độ tin cậy thấp: bỏ qua: dòng này gọi văn bản là «Luật Công chứng»" in capsys.readouterr().out
    assert cli.main(["--home", str(home), "--registry", str(folder), "instrument", "43/2024/QH15", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [(r["origin"], r["set_aside"]) for r in rows] == [("acts.tsv:2", False), ("laws.tsv:2", True)]
    ordinance = reg.get("32/2001/PL-UBTVQH10")     # the same act, its name cut short: merged
    assert ordinance.name == "Pháp lệnh Khai thác và bảo vệ công trình thủy lợi"
    assert ordinance.expired == date(2018, 7, 1)
