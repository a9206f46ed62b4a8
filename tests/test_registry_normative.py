"""Issue #13: which resolutions of the Quốc hội and the UBTVQH are normative acts, and
how many of those a legislature adopted, against what the registry holds."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cancu.kg.registry.instruments import FACT_COLUMNS, Registry, RegistryError
from cancu.kg.registry.normative import TOTALS_COLUMNS, body_of, normative_coverage, read_totals_folder

ROOT = Path(__file__).resolve().parent.parent
HEAD = "\t".join(FACT_COLUMNS + ("confidence", "normative"))


def _resolution(symbol: str, normative: str, adopted: str = "2030-03-01") -> str:
    return "\t".join([symbol, "Nghị quyết", f"Nghị quyết {symbol}", "", adopted, "", "", "", "",
                      "Quốc hội", "src", "high", normative])


def _folder(tmp_path: Path, rows: list[str], totals: list[str] | None = None) -> Path:
    (tmp_path / "research").mkdir()
    (tmp_path / "research" / "resolutions.tsv").write_text("\n".join([HEAD, *rows]) + "\n", encoding="utf-8")
    if totals is not None:
        (tmp_path / "research" / "normative_totals.tsv").write_text(
            "\n".join(["\t".join(TOTALS_COLUMNS), *totals]) + "\n", encoding="utf-8")
    return tmp_path


def test_the_normative_cell_is_read_and_counted_per_body_and_legislature(tmp_path):
    folder = _folder(tmp_path, [_resolution("1/2030/QH16", "yes"), _resolution("2/2030/QH16", "no"),
                                _resolution("3/2030/QH16", ""), _resolution("4/2030/UBTVQH16", "yes")],
                     ["QH16\tQuốc hội\t2\tsrc page", "QH16\tUBTVQH\t1\tsrc page"])
    registry = Registry.load(folder)
    assert registry.get("1/2030/QH16").normative is True
    assert registry.get("2/2030/QH16").normative is False
    assert registry.get("3/2030/QH16").normative is None
    rows = {(r.legislature, r.issuer): r for r in normative_coverage(registry, read_totals_folder(folder))}
    qh = rows[("QH16", "Quốc hội")]
    assert (qh.normative, qh.not_normative, qh.unknown, qh.stated.total, qh.complete) == (1, 1, 1, 2, False)
    assert rows[("QH16", "UBTVQH")].complete is True


def test_a_bad_normative_value_names_file_line_and_column(tmp_path):
    folder = _folder(tmp_path, [_resolution("1/2030/QH16", "maybe")])
    with pytest.raises(RegistryError, match=r"resolutions\.tsv:2: column 13 \(normative\): normative 'maybe'"):
        Registry.load(folder)


@pytest.mark.parametrize("line, message", [
    ("K16\tQuốc hội\t2\tsrc", "legislature must be written"),
    ("QH16\tChính phủ\t2\tsrc", "issuer must be one of"),
    ("QH16\tQuốc hội\thai\tsrc", "total must be a number"),
    ("QH16\tQuốc hội\t2\t", "needs its source"),
])
def test_a_bad_totals_row_is_refused_with_its_line(tmp_path, line, message):
    folder = _folder(tmp_path, [], [line])
    with pytest.raises(ValueError, match=message):
        read_totals_folder(folder)


def test_two_totals_for_one_body_and_legislature_are_refused(tmp_path):
    folder = _folder(tmp_path, [], ["QH16\tQuốc hội\t2\tsrc", "QH16\tQuốc hội\t3\tother"])
    with pytest.raises(ValueError, match="already has a total"):
        read_totals_folder(folder)


@pytest.mark.parametrize("symbol, placed", [
    ("71/2022/QH15", ("QH15", "Quốc hội")),
    ("1206/2016/NQ-UBTVQH13", ("QH13", "UBTVQH")),
    ("13/2021/UBTVQH15", ("QH15", "UBTVQH")),
    ("388/2003/NQ-UBTVQH11", ("QH11", "UBTVQH")),
    ("35/NQ-UBTVQHK9", ("QH9", "UBTVQH")),           # QH9 headers write the khóa as K9 (vbpl.vn)
    ("59/2023/NĐ-CP", None),
])
def test_the_body_and_legislature_come_from_the_symbol(symbol, placed):
    assert body_of(symbol) == placed


def test_registry_check_and_stats_report_the_shipped_coverage(tmp_path):
    cancu = [sys.executable, "-m", "cancu.cli", "--home", str(tmp_path / "ws")]
    check = subprocess.run(cancu + ["registry", "check"], capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stderr
    assert "normative resolutions of the Quốc hội and the UBTVQH held" in check.stdout
    stats = subprocess.run(cancu + ["registry", "stats", "--json"], capture_output=True, text=True, timeout=300)
    figures = json.loads(stats.stdout)["normative_resolutions"]
    registry = Registry.load(ROOT / "corpus" / "registry")
    held = sum(1 for i in registry.instruments if i.type == "Nghị quyết" and body_of(i.symbol))
    assert sum(c["normative"] + c["not_normative"] + c["unknown"]
               for by_issuer in figures.values() for c in by_issuer.values()) == held
