"""Numbers missing from the Quốc hội's numbering sequences (issue #13): coverage
figures of `cancu registry check` / `registry stats`, not errors."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cancu.cli import main
from cancu.kg.registry.instruments import FACT_COLUMNS, INSTRUMENT_COLUMNS, Registry
from cancu.kg.registry.check import (CHECKED_COLUMNS, legislature_slips, read_checked, read_checked_folder,
                                     sequence_gaps)

F_HEAD = "\t".join(FACT_COLUMNS + ("aliases", "confidence"))


def _fact(symbol, type_="Luật", name="Luật Thử", adopted="", issuer="Quốc hội"):
    return "\t".join([symbol, type_, name, "", adopted, "", "", "", "", issuer, "src", "", "high"])


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "instruments.tsv").write_text("\t".join(INSTRUMENT_COLUMNS) + "\n", encoding="utf-8")
    (tmp_path / "research").mkdir()
    (tmp_path / "research" / "laws.tsv").write_text("\n".join([
        F_HEAD,
        _fact("1/2022/QH15", name="Luật Một"),
        _fact("4/2022/QH15", type_="Bộ luật", name="Bộ luật Bốn"),
        _fact("7/2023/QH15", name="Luật Bảy"),
        # a resolution with a law's number: another sequence, it fills no law gap
        _fact("2/2022/QH15", type_="Nghị quyết", name="Nghị quyết Hai"),
        _fact("3/2020/QH14", name="Luật Ba"),
        _fact("5/2021/NĐ-CP", type_="Nghị định", name="Nghị định Năm"),
    ]) + "\n", encoding="utf-8")
    return tmp_path


def test_missing_numbers_per_legislature_and_sequence(folder):
    gaps = {(g.legislature, g.sequence): g for g in sequence_gaps(Registry.load(folder))}
    assert set(gaps) == {("QH14", "Luật"), ("QH15", "Luật"), ("QH15", "Nghị quyết")}
    laws15 = gaps[("QH15", "Luật")]
    assert (laws15.known, laws15.highest, laws15.missing) == (3, 7, (2, 3, 5, 6))
    assert gaps[("QH15", "Nghị quyết")].missing == (1,)
    assert gaps[("QH14", "Luật")].missing == (1, 2)


def test_checked_numbers_are_told_from_unknown(folder):
    (folder / "research" / "sequence_checked.tsv").write_text(
        "\t".join(CHECKED_COLUMNS) + "\nQH15\tLuật\t5\tnot found\thttps://example.org/a\n", encoding="utf-8")
    checked = read_checked_folder(folder)
    laws15 = next(g for g in sequence_gaps(Registry.load(folder), checked) if g.legislature == "QH15"
                  and g.sequence == "Luật")
    assert laws15.checked == (5,) and laws15.unknown == (2, 3, 6)


def test_a_checked_number_needs_a_source(folder):
    path = folder / "research" / "sequence_checked.tsv"
    path.write_text("\t".join(CHECKED_COLUMNS) + "\nQH15\tLuật\t5\tnot found\t\n", encoding="utf-8")
    with pytest.raises(ValueError, match="source"):
        read_checked(path)


def test_check_prints_gaps_and_stats_count_them(folder, capsys):
    assert main(["registry", "check", "--registry", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "QH15 Luật: 3 số đã có đến số 7, thiếu 4" in out and "2–3, 5–6" in out
    assert "0 lỗi" in out                       # gaps are coverage, not errors
    assert main(["registry", "stats", "--json", "--registry", str(folder)]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["sequence_gaps"]["QH15"]["Luật"] == {"known": 3, "highest": 7, "missing": 4, "checked": 0,
                                                        "done": 3}
    assert figures["missing_laws_from_sequences"] == 6
    assert figures["missing_from_sequences"] == 7


def test_a_symbol_dated_inside_another_legislatures_years_is_flagged(tmp_path):
    # 67/2014/QH14 as a repeal clause of Luật 61/2020/QH14 writes it for the law the QH13
    # adopted in 2014; 2016 is shared by the QH13 and the QH14 and is not flagged.
    (tmp_path / "instruments.tsv").write_text("\t".join(INSTRUMENT_COLUMNS) + "\n", encoding="utf-8")
    (tmp_path / "laws.tsv").write_text("\n".join([
        F_HEAD,
        *(_fact(f"{n}/{y}/QH13") for n, y in enumerate((2012, 2012, 2014, 2014, 2016, 2016), start=1)),
        *(_fact(f"{n}/{y}/QH14") for n, y in enumerate((2016, 2016, 2018, 2018), start=1)),
        _fact("67/2014/QH14"),
        _fact("5/2013/PL-UBTVQH14", type_="Pháp lệnh", name="Pháp lệnh Năm"),
    ]) + "\n", encoding="utf-8")
    slips = legislature_slips(Registry.load(tmp_path))
    assert len(slips) == 2
    assert any("67/2014/QH14" in s and "khóa 13" in s for s in slips)
    assert any("5/2013/PL-UBTVQH14" in s for s in slips)


def test_the_shipped_registry_has_no_legislature_slip():
    # 67/2014/QH14, 18/2003/QH12 and 18/2004/PL-UBTVQH10 were read from repeal clauses
    # that miswrite the legislature; kg/data/import_corrections.tsv rekeys them.
    assert legislature_slips(Registry.load(Path(__file__).resolve().parent.parent / "corpus" / "registry")) == []


def test_the_shipped_checked_numbers_are_all_still_missing():
    # A number found later gets a registry row; its "looked up, not found" line must then go.
    folder = Path(__file__).resolve().parent.parent / "corpus" / "registry"
    checked = read_checked_folder(folder)
    gaps = {(g.legislature, g.sequence): set(g.missing) for g in sequence_gaps(Registry.load(folder))}
    stale = {key: numbers - gaps.get(key, set()) for key, numbers in checked.items()}
    assert checked and not any(stale.values()), stale


# ------------------------------------------------ the UBTVQH's sequences
UB = "Ủy ban Thường vụ Quốc hội"


@pytest.fixture()
def ubtvqh_folder(folder: Path) -> Path:
    (folder / "research" / "ordinances.tsv").write_text("\n".join([
        F_HEAD,
        # one ordinance sequence per legislature, whichever way the symbol is written
        _fact("02/2003/PL-UBTVQH11", type_="Pháp lệnh", name="Pháp lệnh Hai", issuer=UB),
        _fact("05/2005/PL-UBTVQH11", type_="Pháp lệnh", name="Pháp lệnh Năm", issuer=UB),
        _fact("04/2012/UBTVQH13", type_="Pháp lệnh", name="Pháp lệnh Bốn", issuer=UB),
        _fact("06/2013/PL-UBTVQH13", type_="Pháp lệnh", name="Pháp lệnh Sáu", issuer=UB),
        # the UBTVQH's resolutions with a year: their own counter, beside the ordinances
        _fact("3/2016/UBTVQH13", type_="Nghị quyết", name="Nghị quyết Ba", issuer=UB),
        _fact("2/2003/NQ-UBTVQH11", type_="Nghị quyết", name="Nghị quyết Hai", issuer=UB),
        # without a year: the non-normative register, in no sequence
        _fact("1314/NQ-UBTVQH15", type_="Nghị quyết", name="Nghị quyết Sắp xếp", issuer=UB),
    ]) + "\n", encoding="utf-8")
    return folder


def test_ordinances_and_ubtvqh_resolutions_are_sequences_of_their_own(ubtvqh_folder):
    gaps = {(g.legislature, g.sequence): g for g in sequence_gaps(Registry.load(ubtvqh_folder))}
    assert gaps[("QH11", "Pháp lệnh")].missing == (1, 3, 4)
    assert gaps[("QH13", "Pháp lệnh")].missing == (1, 2, 3, 5)
    assert gaps[("QH13", "Nghị quyết UBTVQH")].missing == (1, 2)
    assert gaps[("QH11", "Nghị quyết UBTVQH")].missing == (1,)
    assert ("QH15", "Nghị quyết UBTVQH") not in gaps
    # the Quốc hội's own sequences are untouched by the UBTVQH's numbers
    assert gaps[("QH15", "Nghị quyết")].missing == (1,)


def test_checked_files_of_every_branch_count_as_done(ubtvqh_folder):
    research = ubtvqh_folder / "research"
    (research / "sequence_checked.tsv").write_text(
        "\t".join(CHECKED_COLUMNS) + "\nQH15\tLuật\t5\tnot found\thttps://example.org/a\n", encoding="utf-8")
    (research / "sequence_checked_resolutions.tsv").write_text(
        "\t".join(CHECKED_COLUMNS + ("queries",)) + "\n"
        "QH11\tPháp lệnh\t3\tnot found\tpages\t«Pháp lệnh số 03/2004/PL-UBTVQH11»\n"
        "QH15\tNghị quyết\t1\tnon-normative: bầu Chủ tịch\thttps://example.org/b\t«Nghị quyết 01/2021/QH15»\n",
        encoding="utf-8")
    checked = read_checked_folder(ubtvqh_folder)
    gaps = {(g.legislature, g.sequence): g for g in sequence_gaps(Registry.load(ubtvqh_folder), checked)}
    assert gaps[("QH11", "Pháp lệnh")].unknown == (1, 4) and gaps[("QH11", "Pháp lệnh")].done == 3
    assert gaps[("QH15", "Nghị quyết")].unknown == () and gaps[("QH15", "Nghị quyết")].done == 2
    assert gaps[("QH15", "Luật")].checked == (5,)


def test_a_checked_number_with_queries_needs_them(folder):
    path = folder / "research" / "sequence_checked_x.tsv"
    path.write_text("\t".join(CHECKED_COLUMNS + ("queries",)) + "\nQH11\tPháp lệnh\t3\tnot found\tpages\t\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match="queries"):
        read_checked(path)
    path.write_text("\t".join(CHECKED_COLUMNS) + "\nQH11\tPháp lệnh UBTVQH\t3\tnot found\tpages\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match="sequence must be one of"):
        read_checked(path)


def test_check_prints_the_ubtvqh_sequences(ubtvqh_folder, capsys):
    assert main(["registry", "check", "--registry", str(ubtvqh_folder)]) == 0
    out = capsys.readouterr().out
    assert "QH13 Pháp lệnh: 2 số đã có đến số 6, thiếu 4" in out
    assert "QH13 Nghị quyết UBTVQH: 1 số đã có đến số 3, thiếu 2" in out
