"""The instrument registry: shipped data, loader errors, time logic."""
from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from cancu.kg.registry.instruments import (
    INSTRUMENT_COLUMNS,
    RELATION_COLUMNS,
    Registry,
    RegistryError,
    name_key,
    symbol_key,
)

ROOT = Path(__file__).resolve().parent.parent
REGISTRY_DIR = ROOT / "corpus" / "registry"
SEED_INSTRUMENTS = ROOT / "tests" / "data" / "gold" / "seed_instruments.tsv"


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load(REGISTRY_DIR)


# ---------------------------------------------------------------- real data

def test_real_registry_loads(reg):
    assert len(reg) >= 80
    assert len(reg.relations) >= 50
    for inst in reg:
        assert inst.sources, f"{inst.key} has no source"
        assert inst.confidence in ("high", "medium", "low")
    for rel in reg.relations:
        assert rel.sources, f"{rel.origin} has no source"


def test_every_seed_symbol_with_a_national_issuer_is_registered(reg):
    rows = list(csv.DictReader(SEED_INSTRUMENTS.open(encoding="utf-8"), delimiter="\t"))
    local = ("/TU", "UBND", "HĐND", "/BDVTU")
    missing = []
    for row in rows:
        key = row["key"]
        if key.startswith("name:") or any(code in key for code in local):
            continue
        year = int(row["year"]) if row["year"] else None
        if not reg.lookup(key, year=year) and not reg.lookup(key):
            missing.append(key)
    assert missing == []


def test_every_seed_law_name_is_known(reg):
    for name in ("Luật Cán bộ, công chức", "Luật Viên chức", "Luật Tố cáo", "Bộ luật Lao động",
                 "Hiến pháp", "Luật Tiếp cận thông tin", "Luật Khiếu nại", "Luật Tiếp công dân"):
        assert reg.find_by_name(name), name


def test_status_of_the_democracy_ordinance(reg):
    before = reg.status_at("34/2007/PL-UBTVQH11", date(2023, 6, 30))
    assert before.code == "in_force"
    after = reg.status_at("34/2007/PL-UBTVQH11", date(2023, 7, 1))
    assert after.code == "no_longer_in_force"
    assert after.since == date(2023, 7, 1)
    assert after.by == ("10/2022/QH15",)
    assert "01/7/2023" in after.explanation_vi and "10/2022/QH15" in after.explanation_vi
    assert reg.replacement_chain("34/2007/PL-UBTVQH11", date(2024, 1, 1)) == [
        "34/2007/PL-UBTVQH11", "10/2022/QH15"]


def test_not_yet_in_force_and_amended(reg):
    assert reg.status_at("10/2022/QH15", date(2023, 1, 1)).code == "not_yet_in_force"
    st = reg.status_at("10/2022/QH15", date(2025, 8, 1))
    assert st.code == "partly_amended" and "97/2025/QH15" in st.by
    assert reg.status_at("nonexistent/2099/XX", date(2025, 1, 1)).code == "unknown"


@pytest.mark.parametrize("on, expected", [
    (date(2025, 1, 10), "77/2015/QH13"),
    (date(2025, 4, 1), "65/2025/QH15"),
    (date(2025, 7, 1), "72/2025/QH15"),
])
def test_local_government_law_by_name_and_citing_date(reg, on, expected):
    found = reg.find_by_name("Luật Tổ chức chính quyền địa phương", on=on)
    assert [i.symbol for i in found] == [expected]


def test_local_government_law_by_stated_date_and_year(reg):
    found = reg.find_by_name("Luật Tổ chức chính quyền địa phương", exact_date=date(2025, 6, 16))
    assert [i.symbol for i in found] == ["72/2025/QH15"]
    assert {i.symbol for i in reg.find_by_name("Luật Tổ chức chính quyền địa phương", year=2025)} == {
        "65/2025/QH15", "72/2025/QH15"}
    # a trailing year in the name acts as the year filter
    assert {i.symbol for i in reg.find_by_name("Luật Tổ chức chính quyền địa phương năm 2015")} == {
        "77/2015/QH13"}


def test_denunciation_law_without_date_is_ambiguous(reg):
    found = reg.find_by_name("Luật Tố cáo")
    assert {i.symbol for i in found} == {"03/2011/QH13", "25/2018/QH14"}
    assert [i.symbol for i in reg.find_by_name("Luật Tố cáo", on=date(2023, 5, 1))] == ["25/2018/QH14"]


def test_names_fold_accents_and_drop_function_words(reg):
    assert name_key("Luật Thực hiện dân chủ cơ sở") == name_key("Luật Thực hiện dân chủ ở cơ sở")
    for query in ("Luật Thực hiện dân chủ cơ sở", "luat thuc hien dan chu o co so", "LUẬT THỰC HIỆN DÂN CHỦ Ở CƠ SỞ"):
        assert [i.symbol for i in reg.find_by_name(query)] == ["10/2022/QH15"], query
    assert [i.symbol for i in reg.find_by_name("Pháp lệnh dân chủ 2007")] == ["34/2007/PL-UBTVQH11"]
    assert [i.symbol for i in reg.find_by_name("Luật Cán bộ công chức", on=date(2024, 1, 1))] == ["22/2008/QH12"]
    assert "Pháp lệnh dân chủ" in reg.names() and "Luật Thực hiện dân chủ ở cơ sở" in reg.names()


def test_symbols_recurring_across_party_terms(reg):
    assert reg.get("124-QĐ/TW", year=2018).symbol == "124-QĐi/TW"        # seeds' written form
    assert reg.get("124-QĐi/TW").signed == date(2018, 2, 2)
    assert reg.get("124-QĐ/TW", year=2023).signed == date(2023, 10, 4)
    assert reg.get("124-qd/tw@2023").issuer == "Bộ Chính trị"
    assert reg.get("18-NQ/TW") is None                                   # 2017 and 2022
    assert {i.year for i in reg.lookup("18-NQ/TW")} == {2017, 2022}
    assert reg.get("18-NQ/TW", year=2017).key == "18-NQ/TW@2017"
    assert reg.get("59/2023/nd-cp").symbol == "59/2023/NĐ-CP"
    assert reg.get("55/NQ-UBTVQH10").symbol == "55/1998/NQ-UBTVQH10"
    assert reg.status_at("132-QĐ/TW", date(2024, 1, 1)).by == ("124-QĐ/TW@2023",)


def test_relations_both_ways(reg):
    assert {(r.relation, r.object) for r in reg.relations_from("59/2023/NĐ-CP")} == {("guides", "10/2022/QH15")}
    kinds = {(r.relation, r.subject) for r in reg.relations_to("10/2022/QH15")}
    assert ("guides", "59/2023/NĐ-CP") in kinds and ("amends", "97/2025/QH15") in kinds
    assert reg.status_at("22/2018/QĐ-TTg", date(2023, 8, 16)).by == ("61/2023/NĐ-CP",)


def test_symbol_key_normalises_spacing_and_dashes():
    assert symbol_key("33/CT -TTg") == symbol_key("33/CT-TTg")
    assert symbol_key("30– CT/TW") == symbol_key("30-CT/TW")


# ---------------------------------------------------------------- loader errors

I_HEAD = "\t".join(INSTRUMENT_COLUMNS)
R_HEAD = "\t".join(RELATION_COLUMNS)


def _inst(symbol, type_="Nghị định", name="", signed="2020-01-01", effective="2020-01-01", expired="",
          aliases="", source="http://example.org", confidence="high"):
    return "\t".join([symbol, type_, name, "t", "Chính phủ", signed, effective, expired, aliases, source,
                      confidence, ""])


def _write(folder: Path, instruments: list[str], relations: list[str] | None = None) -> Path:
    (folder / "instruments.tsv").write_text("# comment\n" + I_HEAD + "\n" + "\n".join(instruments) + "\n",
                                            encoding="utf-8")
    if relations is not None:
        (folder / "relations.tsv").write_text(R_HEAD + "\n" + "\n".join(relations) + "\n", encoding="utf-8")
    return folder


def test_bad_date_names_line_and_column(tmp_path):
    _write(tmp_path, [_inst("1/2020/NĐ-CP"), _inst("2/2020/NĐ-CP", effective="2020-13-01")])
    with pytest.raises(RegistryError) as exc:
        Registry.load(tmp_path)
    msg = str(exc.value)
    assert "instruments.tsv:4" in msg and "column 7 (effective)" in msg and "2020-13-01" in msg
    assert exc.value.line == 4


def test_unknown_relation_kind(tmp_path):
    _write(tmp_path, [_inst("1/2020/NĐ-CP"), _inst("2/2021/NĐ-CP", signed="2021-01-01", effective="2021-01-01")],
           ["2/2021/NĐ-CP\tabolishes\t1/2020/NĐ-CP\t2021-01-01\thttp://x\thigh\t"])
    with pytest.raises(RegistryError, match=r"relations\.tsv:2: column 2 \(relation\).*abolishes"):
        Registry.load(tmp_path)


def test_relation_to_unknown_symbol(tmp_path):
    _write(tmp_path, [_inst("1/2020/NĐ-CP")],
           ["9/2021/NĐ-CP\treplaces\t1/2020/NĐ-CP\t2021-01-01\thttp://x\thigh\t"])
    with pytest.raises(RegistryError, match=r"relations\.tsv:2: column 1 \(subject\).*unknown instrument"):
        Registry.load(tmp_path)


def test_duplicate_symbol(tmp_path):
    _write(tmp_path, [_inst("1/2020/NĐ-CP"), _inst("1/2020/NĐ-CP")])
    with pytest.raises(RegistryError, match=r"instruments\.tsv:4: column 1 \(symbol\).*duplicate"):
        Registry.load(tmp_path)


def test_same_party_symbol_in_two_terms_is_not_a_duplicate(tmp_path):
    _write(tmp_path, [_inst("5-NQ/TW", signed="2017-01-01", effective="2017-01-01"),
                      _inst("5-NQ/TW", signed="2022-01-01", effective="2022-01-01")],
           ["5-NQ/TW@2022\treplaces\t5-NQ/TW@2017\t2022-01-01\thttp://x\tlow\t"])
    reg = Registry.load(tmp_path)
    assert reg.status_at("5-NQ/TW@2017", date(2023, 1, 1)).code == "no_longer_in_force"
    with pytest.raises(RegistryError, match="ambiguous"):
        (tmp_path / "relations.tsv").write_text(
            R_HEAD + "\n5-NQ/TW\tamends\t1/2020/X\t\thttp://x\tlow\t\n", encoding="utf-8")
        Registry.load(tmp_path)


def test_expired_conflicting_with_relation(tmp_path):
    _write(tmp_path, [_inst("1/2020/NĐ-CP", expired="2021-06-01"),
                      _inst("2/2021/NĐ-CP", signed="2021-01-01", effective="2021-01-01")],
           ["2/2021/NĐ-CP\treplaces\t1/2020/NĐ-CP\t2021-01-01\thttp://x\thigh\t"])
    with pytest.raises(RegistryError, match=r"instruments\.tsv:3: column 8 \(expired\).*conflict.*relations\.tsv:2"):
        Registry.load(tmp_path)


def test_law_without_name_and_bad_header(tmp_path):
    _write(tmp_path, [_inst("1/2020/QH14", type_="Luật")])
    with pytest.raises(RegistryError, match=r"column 3 \(name\)"):
        Registry.load(tmp_path)
    (tmp_path / "instruments.tsv").write_text("symbol\ttype\n1/2020/X\tLuật\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"instruments\.tsv:1: column 1: header"):
        Registry.load(tmp_path)


def test_user_added_tsv_is_picked_up(tmp_path):
    _write(tmp_path, [_inst("1/2020/NĐ-CP")], [])
    (tmp_path / "my_facts.tsv").write_text(
        I_HEAD + "\n" + _inst("7/2024/NĐ-CP", signed="2024-03-01", effective="2024-04-15") + "\n",
        encoding="utf-8")
    (tmp_path / "my_relations.tsv").write_text(
        R_HEAD + "\n7/2024/NĐ-CP\treplaces\t1/2020/NĐ-CP\t2024-04-15\thttp://x\tmedium\tmine\n",
        encoding="utf-8")
    reg = Registry.load(tmp_path)
    assert reg.get("7/2024/NĐ-CP") is not None
    st = reg.status_at("1/2020/NĐ-CP", date(2024, 5, 1))
    assert st.code == "no_longer_in_force" and st.by == ("7/2024/NĐ-CP",)
    assert "15/4/2024" in st.explanation_vi


def test_real_data_plus_user_file(tmp_path):
    for f in REGISTRY_DIR.glob("*.tsv"):
        (tmp_path / f.name).write_bytes(f.read_bytes())
    (tmp_path / "extra.tsv").write_text(
        R_HEAD + "\n" + "\t".join(["18-CT/TW", "implements", "217-QĐ/TW", "2022-10-26", "http://x", "low", ""]) + "\n",
        encoding="utf-8")
    reg = Registry.load(tmp_path)
    assert any(r.relation == "implements" for r in reg.relations_to("217-QĐ/TW"))


@pytest.mark.parametrize("text, symbol", [
    ("Căn cứ Pháp lệnh số 02/2020/UBTVQH ngày 09/12/2020 của Ủy ban", "02/2020/UBTVQH14"),       # ad52bc…: no khóa
    ("Luật Thuế giá trị gia tăng số 13/2008/QH112 ngày 03/06/2008 quy định", "13/2008/QH12"),   # 66b332…: a slip
])
def test_an_assembly_symbol_without_or_with_a_wrong_khoa_is_the_one_act_of_its_number_and_year(text, symbol):
    from cancu.nlp.model import SourceText
    from cancu.pipeline import Extractor, load_registry
    doc = Extractor(load_registry()).extract(SourceText("x.txt", text, "txt"))
    (r,) = doc.resolutions
    assert r.status.value == "inferred" and r.key.symbol == symbol
    assert "khóa" in r.reason


def test_an_assembly_symbol_without_khoa_and_unknown_number_is_kept_as_written():
    from cancu.nlp.model import SourceText
    from cancu.pipeline import Extractor, load_registry
    doc = Extractor(load_registry()).extract(SourceText("x.txt", "Luật số 999/2030/QH ngày 1/1/2030", "txt"))
    (r,) = doc.resolutions
    assert r.key.symbol == "999/2030/QH"


@pytest.mark.parametrize("name, year, key", [
    ("Luật Công chứng", 2024, "46/2024/QH15"),                 # not the census slip 43/2024/QH15
    ("Luật Phòng, chống mua bán người", 2024, "53/2024/QH15"),  # not the census slip 56/2024/QH15
])
def test_a_census_slip_names_no_other_act_even_when_the_best_row_has_no_name(name, year, key):
    from cancu.pipeline import load_registry
    assert [i.key for i in load_registry().find_by_name(name, year=year)] == [key]
