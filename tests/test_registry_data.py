"""The registry's national data (issue #13): facts-format files, merging, the
import, checks, name matching with citation tails, and status that says
"unknown" when no source vouches."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from cancu.cli import main
from cancu.pipeline import Extractor, known_law_names
from cancu.kg.model import ResolutionStatus
from cancu.kg.registry.instruments import FACT_COLUMNS, INSTRUMENT_COLUMNS, Registry, RegistryError
from cancu.kg.registry.check import check, type_problem
from cancu.kg.registry.import_facts import import_facts
from cancu.kg.registry.resolve import Resolver
from cancu.nlp.model import DocumentInfo, Mention, SourceText

ROOT = Path(__file__).resolve().parent.parent
REGISTRY_DIR = ROOT / "corpus" / "registry"
F_HEAD = "\t".join(FACT_COLUMNS + ("aliases", "confidence"))
I_HEAD = "\t".join(INSTRUMENT_COLUMNS)


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load(REGISTRY_DIR)


def _fact(symbol, type_="Luật", name="", adopted="", effective="", expired="", replaced_by="", amends="",
          source="src", aliases="", confidence="high", title=""):
    issuer = "Ủy ban Thường vụ Quốc hội" if "UBTVQH" in symbol else "Quốc hội"
    return "\t".join([symbol, type_, name, title, adopted, effective, expired, replaced_by, amends,
                      issuer, source, aliases, confidence])


def _inst(symbol, type_="Luật", name="", signed="", effective="", expired="", confidence="high"):
    return "\t".join([symbol, type_, name, "", "Quốc hội", signed, effective, expired, "", "http://x",
                      confidence, ""])


# ---------------------------------------------------------------- shipped data

def test_national_laws_are_covered_with_sources(reg):
    laws = [i for i in reg if i.type in ("Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp")]
    assert len(laws) >= 380
    assert all(i.sources for i in laws)
    assert sum(1 for i in laws if i.signed and 1992 <= i.signed.year <= 2025) >= 300
    # one instrument per identity, even where instruments.tsv and laws.tsv both give it
    assert len({i.key for i in reg}) == len(reg)
    assert reg.get("10/2022/QH15").also_from
    assert "Bộ luật Dân sự 2015" in reg.get("91/2015/QH13").aliases


def test_registry_check_passes_on_shipped_data(capsys):
    assert main(["registry", "check"]) == 0
    out = capsys.readouterr().out
    assert "Luật" in out and "2010s" in out and "0 lỗi" in out
    assert main(["registry", "stats", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["instruments"] >= 420 and figures["by_type"]["Luật"] >= 300
    assert sum(figures["by_status"].values()) == figures["instruments"]


@pytest.mark.parametrize("name, symbol", [
    ("Luật Quản lý, sử dụng tài sản công", "15/2017/QH14"),
    ("Luật Trật tự, an toàn giao thông đường bộ", "36/2024/QH15"),
    ("Luật Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam", "47/2014/QH13"),
    ("Bộ luật Dân sự 2015", "91/2015/QH13"),
    ("Luật Đất đai 2013", "45/2013/QH13"),
    ("LUẬT ĐẤT ĐAI NĂM 2013", "45/2013/QH13"),
    ("luat dat dai nam 2024", "31/2024/QH15"),
    ("Bộ luật Hình sự năm 2015, đã được sửa đổi, bổ sung năm 2017", "100/2015/QH13"),
    ("Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013", "HP-2013"),
])
def test_names_with_citation_tails(reg, name, symbol):
    assert [i.symbol for i in reg.find_by_name(name)] == [symbol]


def test_a_name_cut_short_in_the_facts_is_not_a_known_name(reg):
    # The stub for 21/2000/QH10 was named "Luật Khoa học" from a repealing sentence;
    # as a known name it ended "Luật Khoa học, công nghệ và đổi mới sáng tạo" early.
    assert reg.get("21/2000/QH10") is not None
    assert not reg.find_by_name("Luật Khoa học")
    known = {(word, name) for word, name, _key in known_law_names(reg)}
    assert ("Luật", "Luật Khoa học") not in known
    assert ("Luật", "Luật Khoa học và công nghệ") in known
    assert ("Bộ luật", "Bộ luật Lao động", "45/2019/QH14") in known_law_names(reg)


def test_status_is_unknown_unless_a_source_vouches(reg):
    # Curated, high confidence: in force.
    assert reg.status_at("45/2019/QH14", date(2025, 1, 1)).code in ("in_force", "partly_amended")
    # From a law's own text: dates, but nothing says whether it still stands.
    st = reg.status_at("91/2015/QH13", date(2026, 1, 1))
    assert st.code == "unknown" and "chưa rõ" in st.explanation_vi
    # An end the repealing law gives is known.
    assert reg.status_at("24/2000/QH10", date(2026, 1, 1)).code == "no_longer_in_force"


# ---------------------------------------------------------------- facts format, merging

def test_facts_file_ends_and_amends(tmp_path):
    (tmp_path / "instruments.tsv").write_text(I_HEAD + "\n", encoding="utf-8")
    (tmp_path / "research").mkdir()
    (tmp_path / "research" / "laws.tsv").write_text("\n".join([
        F_HEAD,
        _fact("1/2010/QH12", name="Luật Thử", adopted="2010-05-01", effective="2011-01-01",
              expired="2021-01-01", replaced_by="2/2020/QH14"),
        _fact("2/2020/QH14", name="Luật Thử", adopted="2020-05-01", effective="2021-01-01"),
        _fact("3/2022/QH15", name="Luật sửa đổi, bổ sung một số điều của Luật Thử", adopted="2022-05-01",
              effective="2023-01-01", amends="2/2020/QH14"),
    ]) + "\n", encoding="utf-8")
    (tmp_path / "research" / "evidence.tsv").write_text("symbol\tfact\tvalue\n1/2010/QH12\tname\tx\n",
                                                        encoding="utf-8")
    reg = Registry.load(tmp_path)
    st = reg.status_at("1/2010/QH12", date(2022, 1, 1))
    assert st.code == "no_longer_in_force" and st.by == ("2/2020/QH14",)
    assert {(r.relation, r.object) for r in reg.relations_from("3/2022/QH15")} == {("amends", "2/2020/QH14")}
    assert reg.status_at("2/2020/QH14", date(2024, 1, 1)).code == "unknown"   # no source vouches


def test_same_instrument_in_two_files_is_merged(tmp_path):
    (tmp_path / "instruments.tsv").write_text(
        I_HEAD + "\n" + _inst("1/2010/QH12", name="Luật Thử", signed="2010-05-01", confidence="medium") + "\n",
        encoding="utf-8")
    (tmp_path / "laws.tsv").write_text("\n".join([
        F_HEAD,
        _fact("1/2010/QH12", name="Luật Thử nghiệm", adopted="2010-05-02", effective="2011-01-01",
              confidence="low"),
    ]) + "\n", encoding="utf-8")
    reg = Registry.load(tmp_path)
    inst = reg.get("1/2010/QH12")
    assert len(reg) == 1
    assert inst.signed == date(2010, 5, 1)                 # medium beats low
    assert inst.effective == date(2011, 1, 1)              # the gap filled from the other row
    assert "laws.tsv:2 gives signed 2010-05-02" in inst.notes
    assert "Luật Thử nghiệm" in inst.aliases
    assert inst.status_confirmed                           # the curated row vouches


def test_twice_in_one_facts_file_is_an_error(tmp_path):
    (tmp_path / "laws.tsv").write_text("\n".join([F_HEAD, _fact("1/2010/QH12", name="Luật A"),
                                                  _fact("1/2010/QH12", name="Luật B")]) + "\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"laws\.tsv:3: column 1 \(symbol\).*duplicate"):
        Registry.load(tmp_path)


def test_facts_errors_name_the_files_own_column(tmp_path):
    (tmp_path / "laws.tsv").write_text(
        F_HEAD + "\n" + _fact("1/2010/QH12", name="Luật A", adopted="2010-13-01") + "\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"column 5 \(adopted\)"):
        Registry.load(tmp_path)


# ---------------------------------------------------------------- checks

def test_check_finds_type_date_and_cycle_problems(tmp_path):
    assert type_problem("10/2022/QH15", "Pháp lệnh")
    assert type_problem("34/2007/PL-UBTVQH11", "Luật")
    assert type_problem("59/2023/NĐ-CP", "Thông tư")
    assert type_problem("124-QĐ/TW", "Quy định") is None
    assert type_problem("18-L/CTN", "Luật") is None
    (tmp_path / "laws.tsv").write_text("\n".join([
        F_HEAD,
        _fact("1/2010/PL-UBTVQH12", name="Luật A", adopted="2010-01-01"),
        _fact("2/2011/QH13", name="Luật B", adopted="2011-01-01", amends="3/2012/QH13"),
        _fact("3/2012/QH13", name="Luật C", adopted="2012-01-01", amends="2/2011/QH13"),
    ]) + "\n", encoding="utf-8")
    report = check(Registry.load(tmp_path))
    assert any("1/2010/PL-UBTVQH12" in e and "disagrees" in e for e in report.errors)
    assert any(e.startswith("cycle of amends") for e in report.errors)
    assert main(["--registry", str(tmp_path), "registry", "check"]) == 1


# ---------------------------------------------------------------- import

def test_import_cleans_rows(tmp_path):
    head = "\t".join(FACT_COLUMNS)

    def row(symbol, type_, name, adopted="", expired="", replaced_by="", source="github:undertheseanlp/underthesea x"):
        return "\t".join([symbol, type_, name, "", adopted, "", expired, replaced_by, "", "Quốc hội", source])
    (tmp_path / "laws.tsv").write_text("\n".join([
        head,
        row("5/2003/QH11", "Luật", "Luật Biên giới quốc gia biên giới quốc gia của nước là thiêng liêng.",
            adopted="2003-06-17"),
        row("51/2001/QH10", "Luật", "", adopted="2003-06-17"),
        row("", "Hiến pháp", "Hiến pháp", adopted="2013-11-28"),
        row("9/2000/QH10", "Luật", "Luật Khoa học", expired="2014-01-01", replaced_by="29/2013/QH13",
            source="repealed-by clause in github:undertheseanlp/underthesea y"),
        row("29/2013/QH13", "Luật", "Luật Khoa học và công nghệ", adopted="2013-06-18"),
        row("7/2024/QH15", "Luật", "Luật Mới", adopted="2024-06-01",
            source="github:Ansvar-Systems/vietnamese-law-mcp:data/census.json"),
        row("9/2008/PL-UBTVQH12", "Pháp lệnh", "Pháp Lệnh thú y", adopted="2008-01-01"),
    ]) + "\n", encoding="utf-8")
    (tmp_path / "decrees.tsv").write_text(head + "\n", encoding="utf-8")
    rows, rejected = import_facts(tmp_path)
    by = {r["symbol"]: r for r in rows}
    assert [r.symbol for r in rejected] == ["51/2001/QH10"]           # year in symbol ≠ adoption year
    assert by["5/2003/QH11"]["name"] == "" and "runs past" in by["5/2003/QH11"]["notes"]
    assert "HP-2013" in by
    assert by["9/2000/QH10"]["name"] == "" and "cut short" in by["9/2000/QH10"]["notes"]
    assert by["7/2024/QH15"]["confidence"] == "low" and by["29/2013/QH13"]["confidence"] == "high"
    assert by["9/2008/PL-UBTVQH12"]["name"] == "Pháp lệnh Thú y"
    # A row a better source contradicts is left out with that reason, not kept as a rival candidate.
    rows, rejected = import_facts(tmp_path, contradicted={"7/2024/QH15": "an official page gives another number"})
    assert "7/2024/QH15" not in {r["symbol"] for r in rows}
    assert ("7/2024/QH15", "an official page gives another number") in {(r.symbol, r.reason) for r in rejected}


def test_shipped_import_leaves_out_contradicted_rows():
    from cancu.kg.registry.import_facts import read_contradicted
    shipped = read_contradicted(Path(__file__).resolve().parents[1] / "kg" / "data" / "import_contradicted.tsv")
    laws = (Path(__file__).resolve().parents[1] / "corpus" / "registry" / "laws.tsv").read_text(encoding="utf-8")
    for symbol in shipped:
        assert f"\n{symbol}\t" not in laws and f"# left out: {symbol}:" in laws


# ---------------------------------------------------------------- resolution by name and date

def _name_mention(name: str) -> Mention:
    return Mention(0, len(name), name, "Luật", "Luật", None, None, name=name)


def test_name_without_year_means_the_version_in_force_on_the_document_date(reg):
    resolver = Resolver(reg)
    dated = resolver.resolve(_name_mention("Luật Tổ chức chính quyền địa phương"),
                             DocumentInfo(date=date(2025, 7, 10)))
    assert dated.status is ResolutionStatus.INFERRED and dated.symbol == "72/2025/QH15"
    assert "10/07/2025" in dated.reason
    # Without a date line the day is unknown: several laws fit, none is chosen.
    undated = resolver.resolve(_name_mention("Luật Tổ chức chính quyền địa phương"),
                               DocumentInfo(not_before=date(2025, 7, 10)))
    assert undated.status is ResolutionStatus.AMBIGUOUS


def test_extractor_resolves_names_with_commas_in_real_sentences(reg):
    # Sentences of the families found in /work/shared/realdocs/texts.
    text = ("Căn cứ Luật Quản lý, sử dụng tài sản công ngày 21 tháng 6 năm 2017;\n"
            "Căn cứ Luật Trật tự, an toàn giao thông đường bộ ngày 27 tháng 6 năm 2024;\n"
            "Căn cứ Luật Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam "
            "ngày 16 tháng 6 năm 2014;\n")
    doc = Extractor(reg).extract(SourceText(path="t.txt", text=text, format="txt"))
    got = [(r.status, r.symbol) for r in doc.resolutions]
    assert got == [(ResolutionStatus.RESOLVED, "15/2017/QH14"), (ResolutionStatus.RESOLVED, "36/2024/QH15"),
                   (ResolutionStatus.RESOLVED, "47/2014/QH13")]


# ---------------------------------------------------------------- dates of amendments, dates unknown

def test_a_year_matches_the_symbol_when_the_adoption_date_is_unknown(tmp_path):
    (tmp_path / "laws.tsv").write_text("\n".join([
        F_HEAD, _fact("28/2023/QH15", name="Luật Tài nguyên nước"),
        _fact("17/2012/QH13", name="Luật Tài nguyên nước", adopted="2012-06-21")]) + "\n", encoding="utf-8")
    reg = Registry.load(tmp_path)
    assert [i.symbol for i in reg.find_by_name("Luật Tài nguyên nước 2023")] == ["28/2023/QH15"]
    assert [i.symbol for i in reg.find_by_name("Luật Tài nguyên nước", exact_date=date(2023, 11, 27))] == [
        "28/2023/QH15"]


def test_a_law_cited_with_the_date_of_its_amendment(tmp_path):
    (tmp_path / "laws.tsv").write_text("\n".join([
        F_HEAD,
        _fact("13/2012/QH13", name="Luật Giám định tư pháp", adopted="2012-06-20", effective="2013-01-01"),
        _fact("56/2020/QH14", name="Luật sửa đổi, bổ sung một số điều của Luật Giám định tư pháp",
              adopted="2020-06-10", effective="2021-01-01", amends="13/2012/QH13"),
    ]) + "\n", encoding="utf-8")
    resolver = Resolver(Registry.load(tmp_path))
    info = DocumentInfo(date=date(2025, 11, 1))
    by_day = Mention(0, 1, "x", "Luật", "Luật", None, None, name="Luật Giám định tư pháp", date=date(2020, 6, 10),
                     year=2020)
    by_year = Mention(0, 1, "x", "Luật", "Luật", None, None, name="Luật Giám định tư pháp", year=2020)
    for m in (by_day, by_year):
        r = resolver.resolve(m, info)
        assert r.status is ResolutionStatus.INFERRED and r.symbol == "13/2012/QH13"
        assert "56/2020/QH14" in r.reason
    # An amending law the registry lacks: the version in force on the stated date, said so.
    unknown_amendment = Mention(0, 1, "x", "Luật", "Luật", None, None, name="Luật Giám định tư pháp",
                                date=date(2019, 6, 10), year=2019)
    r = resolver.resolve(unknown_amendment, info)
    assert r.status is ResolutionStatus.INFERRED and r.symbol == "13/2012/QH13" and "có thể" in r.reason
    # Before any version existed nothing fits.
    before = Mention(0, 1, "x", "Luật", "Luật", None, None, name="Luật Giám định tư pháp", year=2010)
    assert resolver.resolve(before, info).status is ResolutionStatus.UNRESOLVED


def test_amending_laws_point_at_what_their_name_says(tmp_path):
    from cancu.kg.registry.import_facts import amended_names
    assert amended_names("Luật sửa đổi, bổ sung một số điều của Luật Thuế giá trị gia tăng, "
                         "Luật Thuế tiêu thụ đặc biệt và Luật Quản lý thuế") == [
        "Luật Thuế giá trị gia tăng", "Luật Thuế tiêu thụ đặc biệt", "Luật Quản lý thuế"]
    assert amended_names("Luật sửa đổi, bổ sung một số điều của 10 luật có liên quan đến an ninh, trật tự") == []
    head = "\t".join(FACT_COLUMNS)
    rows = [
        ["1/2005/QH11", "Luật", "Luật Thử", "", "2005-01-01"],
        ["2/2010/QH12", "Luật", "Luật Thử", "", "2010-01-01"],
        ["3/2012/QH13", "Luật", "Luật sửa đổi, bổ sung một số điều của Luật Thử", "", "2012-01-01"],
    ]
    (tmp_path / "laws.tsv").write_text(head + "\n" + "\n".join(
        "\t".join(r + ["", "", "", "", "Quốc hội", "github:undertheseanlp/underthesea x"]) for r in rows) + "\n",
        encoding="utf-8")
    (tmp_path / "decrees.tsv").write_text(head + "\n", encoding="utf-8")
    out, _ = import_facts(tmp_path)
    assert {r["symbol"]: r["amends"] for r in out}["3/2012/QH13"] == "2/2010/QH12"


@pytest.mark.parametrize("header", [
    # /work/shared/realdocs/texts/0326977b5d611b9a.txt: a summary above the header, date cell broken
    "## Tóm tắt\n" + "Một dòng.\n" * 30 + "CHÍNH\nPHỦ\n-------\n\nSố: 08/2025/NQ-CP\n\nHà Nội, ngày 26\n"
    "tháng 11 năm 2025\n\nNGHỊ QUYẾT\n",
    "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\n\nSố: 471/QĐ-UBND\n\nBắc Ninh, ngày 28\ntháng 11 năm 2025\n\nQUYẾT ĐỊNH\n",
])
def test_date_line_broken_in_two_is_read(header):
    from cancu.nlp.document import read_document_info
    info = read_document_info(header)
    assert info.date in (date(2025, 11, 26), date(2025, 11, 28))


@pytest.mark.parametrize("name, symbols", [
    # /work/shared/realdocs/texts: "Căn cứ Luật Thuế GTGT; …", "Luật ban hành VBQPPL"
    ("Luật Thuế GTGT", {"48/2024/QH15", "13/2008/QH12"}),
    ("Luật thuế GTGT năm 2008", {"13/2008/QH12"}),
    ("Luật ban hành VBQPPL năm 2015", {"80/2015/QH13"}),
])
def test_abbreviations_inside_a_name(reg, name, symbols):
    assert {i.symbol for i in reg.find_by_name(name)} == symbols


def test_the_date_of_an_amendment_is_not_a_date_conflict(tmp_path):
    from cancu.kg.audit.auditor import Auditor
    from cancu.kg.model import Resolution
    (tmp_path / "instruments.tsv").write_text("\n".join([
        I_HEAD,
        _inst("13/2012/QH13", name="Luật Giám định tư pháp", signed="2012-06-20", effective="2013-01-01"),
        _inst("56/2020/QH14", name="Luật sửa đổi, bổ sung một số điều của Luật Giám định tư pháp",
              signed="2020-06-10", effective="2021-01-01"),
    ]) + "\n", encoding="utf-8")
    (tmp_path / "relations.tsv").write_text(
        "subject\trelation\tobject\teffective\tsource\tconfidence\tnotes\n"
        "56/2020/QH14\tamends\t13/2012/QH13\t2021-01-01\thttp://x\thigh\t\n", encoding="utf-8")
    reg = Registry.load(tmp_path)
    resolver, auditor = Resolver(reg), Auditor(reg, today=date(2025, 12, 1))
    info = DocumentInfo(date=date(2025, 12, 1))

    def findings(stated):
        m = Mention(0, 1, "x", "Luật", "Luật", None, None, name="Luật Giám định tư pháp", date=stated,
                    year=stated.year)
        r: Resolution = resolver.resolve(m, info)
        return [f.finding for f in auditor.audit("d", info, [r])]
    assert "date_conflict" not in findings(date(2020, 6, 10))      # the amending law's day
    assert findings(date(2012, 6, 20)) == []


def test_real_sentences_citing_a_law_with_its_amendment_date(reg):
    # The family "Căn cứ Luật X ngày <date of the amending law>" in /work/shared/realdocs/texts
    # (e.g. Luật Thống kê ngày 12/11/2021, Luật Giáo dục đại học ngày 19/11/2018).
    text = ("Hà Nội, ngày 20 tháng 11 năm 2025\n"
            "Căn cứ Luật Thống kê ngày 12 tháng 11 năm 2021;\n"
            "Căn cứ Luật Giáo dục đại học ngày 19 tháng 11 năm 2018;\n"
            "Căn cứ Luật Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam "
            "ngày 25 tháng 11 năm 2019;\n")
    doc = Extractor(reg).extract(SourceText(path="t.txt", text=text, format="txt"))
    assert [(r.status, r.symbol) for r in doc.resolutions] == [
        (ResolutionStatus.INFERRED, "89/2015/QH13"), (ResolutionStatus.INFERRED, "08/2012/QH13"),
        (ResolutionStatus.INFERRED, "47/2014/QH13")]
    assert all("sửa đổi, bổ sung" in r.reason for r in doc.resolutions)


def test_an_undated_row_of_a_yearless_symbol_joins_its_one_dated_instrument(tmp_path):
    # 1314/NQ-UBTVQH15: resolutions.tsv gives its date, resolutions_ubtvqh14_15.tsv only its name;
    # keyed apart they made `cancu instrument 1314/NQ-UBTVQH15` ambiguous between two copies of one act.
    (tmp_path / "research").mkdir()
    (tmp_path / "research" / "a.tsv").write_text("\n".join([
        F_HEAD, _fact("9/NQ-UBTVQH16", "Nghị quyết", "Nghị quyết về A", adopted="2031-11-30")]) + "\n", encoding="utf-8")
    (tmp_path / "research" / "b.tsv").write_text("\n".join([
        F_HEAD, _fact("9/NQ-UBTVQH16", "Nghị quyết", "Nghị quyết về A", effective="2032-01-01")]) + "\n",
        encoding="utf-8")
    [one] = Registry.load(tmp_path).instruments
    assert (one.key, one.signed, one.effective) == ("9/NQ-UBTVQH16@2031", date(2031, 11, 30), date(2032, 1, 1))


def test_an_undated_row_stays_apart_when_several_instruments_share_the_yearless_symbol(tmp_path):
    (tmp_path / "research").mkdir()
    (tmp_path / "research" / "a.tsv").write_text("\n".join([
        F_HEAD, _fact("9/NQ-UBTVQH16", "Nghị quyết", "Nghị quyết về A", adopted="2031-11-30"),
        _fact("9/NQ-UBTVQH16", "Nghị quyết", "Nghị quyết về B", adopted="2032-03-02")]) + "\n", encoding="utf-8")
    (tmp_path / "research" / "b.tsv").write_text("\n".join([
        F_HEAD, _fact("9/NQ-UBTVQH16", "Nghị quyết", "Nghị quyết về C")]) + "\n", encoding="utf-8")
    assert sorted(i.key for i in Registry.load(tmp_path).instruments) == [
        "9/NQ-UBTVQH16", "9/NQ-UBTVQH16@2031", "9/NQ-UBTVQH16@2032"]
