"""Obligations read back from a workspace built from the seed plans: filters,
order, the due-date rule, and the CSV/XLSX exports."""
from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from cancu.kg.iri import document_iri
from cancu.kg.store.graph import GraphStore
from cancu.kg.views import DeadlineRow, ObligationRow
from cancu.obligation_table import COLUMNS, to_csv, to_xlsx
from cancu.kg.queries.tasks import is_due_before, obligations

PLANS = Path(__file__).resolve().parents[1] / "corpus" / "plans"
DOC_002 = "002_93d6b709dd7d643f.txt"
REPORTING_002 = document_iri("002_93d6b709dd7d643f.txt") + "#o14135-14336"
TODAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def store(seed_store):
    return seed_store


@pytest.fixture(scope="module")
def rows(store) -> list[ObligationRow]:
    return obligations(store)


def _stored_count(store: GraphStore) -> int:
    return int(store.query("SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a cancu:Obligation }")[0]["n"].value)


def test_all_obligations_in_document_order(store, rows):
    assert len(rows) == _stored_count(store) > 50
    keys = [(r.document, r.start) for r in rows]
    assert keys == sorted(keys)
    assert {r.document for r in rows} == {p.name for p in PLANS.glob("*.txt")}
    assert all(r.task and r.modality in ("must", "request", "prohibition") for r in rows)


def test_two_queries_whatever_the_size(store, monkeypatch):
    calls: list[str] = []
    original = store.query

    def counting(sparql, **kwargs):
        calls.append(sparql)
        return original(sparql, **kwargs)
    monkeypatch.setattr(store, "query", counting)
    obligations(store, due_before=dt.date(2030, 1, 1))
    assert len(calls) <= 2


def test_lists_and_basis_are_filled(rows):
    row = next(r for r in rows if r.iri == REPORTING_002)
    assert row.agency == "Công chức Văn phòng UBND thị trấn"
    assert row.reports_to == "Thường trực HĐND thị trấn"
    assert [d.text for d in row.deadlines] == ["trước ngày 14/6 hằng năm", "trước ngày 30/11 hằng năm"]
    assert row.deadlines[0].recurrence == "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=14"
    with_basis = next(r for r in rows if "22/2018/QĐ-TTg" in r.basis_symbols)
    assert len(with_basis.basis) == len(with_basis.basis_symbols)
    assert with_basis.co_leads == ["Đài truyền thanh"]


def test_document_filter_by_file_name_or_iri(rows, store):
    by_name = obligations(store, document=DOC_002)
    assert by_name and {r.document for r in by_name} == {DOC_002}
    assert [r.iri for r in by_name] == [r.iri for r in rows if r.document == DOC_002]
    by_iri = obligations(store, document=by_name[0].document_iri)
    assert [r.iri for r in by_iri] == [r.iri for r in by_name]
    assert obligations(store, document="khong-co.txt") == []


@pytest.mark.parametrize("spelling", ["phong van hoa xa hoi", "PHÒNG VĂN HÓA – XÃ HỘI",
                                      "Phòng Văn hóa - Xã hội xã"])
def test_agency_spellings_agree(store, spelling):
    reference = [r.iri for r in obligations(store, agency="Phòng Văn hoá - Xã hội")]
    assert reference
    assert [r.iri for r in obligations(store, agency=spelling)] == reference


def test_agency_filter_finds_the_unit_in_every_plan(store):
    found = obligations(store, agency="Phòng Văn hoá - Xã hội")
    # The communes of seeds 000 and 004 and the ward of seed 003 each have one.
    assert {r.document[:3] for r in found} >= {"000", "003", "004"}
    for r in found:
        assert "Phòng Văn hóa - Xã hội" in [r.agency, *r.co_leads] or "Xã hội" in (r.actor or "")
    # An agency IRI picks one issuer's unit only.
    ward = next(r.agency_iri for r in found if r.document.startswith("003"))
    assert {r.document for r in obligations(store, agency=ward)} == {"003_49e1674737018ede.txt"}


def test_due_before_keeps_every_occurrence_before_the_date(store):
    due = obligations(store, due_before=dt.date(2026, 6, 14), today=TODAY)
    iris = {r.iri for r in due}
    # "trước ngày 14/6 hằng năm" of a plan "đến hết năm 2023": its 14/6/2023 is before the date
    assert REPORTING_002 in iris
    assert any(r.document.startswith("003") for r in due)   # "trước ngày 25/5", plan of 2025
    # "Hàng năm" with no day, in a plan that states no start, has no date: never counted.
    for r in due:
        assert any(d.date or (d.recurrence and ("BYMONTHDAY" in d.recurrence or r.period))
                   for d in r.deadlines)
    assert not any(r.document.startswith("004") and not any(d.date or "BYMONTHDAY" in (d.recurrence or "")
                                                             for d in r.deadlines) for r in due)
    earlier = obligations(store, due_before=dt.date(2023, 6, 13), today=TODAY)
    assert REPORTING_002 not in {r.iri for r in earlier}
    # The day of the question does not change the answer for a plan with a period.
    later = obligations(store, due_before=dt.date(2026, 6, 14), today=dt.date(2026, 6, 15))
    assert {r.iri for r in due if r.period} == {r.iri for r in later if r.period}


def _row(deadlines: list[DeadlineRow]) -> ObligationRow:
    return ObligationRow(iri="http://x/doc#o1-2", document="x.txt", document_iri="http://x/doc",
                         start=1, end=2, source="org_section", section="III.1", actor=None,
                         agency=None, agency_iri=None, co_leads=[], cooperating=[], modality="must",
                         task="Báo cáo", schedule=None, deadlines=deadlines, output=None,
                         reports_to=None, basis=[], basis_symbols=[])


def test_due_before_on_dated_deadlines():
    row = _row([DeadlineRow("trước 15/12/2025", dt.date(2025, 12, 15), None)])
    assert is_due_before(row, dt.date(2025, 12, 15), TODAY)       # on the day counts
    assert not is_due_before(row, dt.date(2025, 12, 14), TODAY)
    assert not is_due_before(_row([]), dt.date(2100, 1, 1), TODAY)


def test_csv_round_trip(rows):
    records = list(csv.reader(io.StringIO(to_csv(rows, TODAY, bom=False), newline="")))
    assert tuple(records[0]) == COLUMNS
    assert len(records) == len(rows) + 1
    col = {name: i for i, name in enumerate(COLUMNS)}
    line = next(rec for rec in records[1:] if rec[col["IRI"]] == REPORTING_002)
    assert line[col["Thời hạn"]] == "trước ngày 14/6 hằng năm; trước ngày 30/11 hằng năm"
    assert line[col["Hạn gần nhất"]] == ""      # the plan ran "đến hết năm 2023": nothing ahead
    assert line[col["Báo cáo về"]] == "Thường trực HĐND thị trấn"
    assert line[col["Hình thức"]] == "Bắt buộc"


def test_csv_bom_for_excel(rows):
    assert to_csv(rows[:1], TODAY).startswith("\ufeffVăn bản,")


def test_xlsx_round_trip(rows, tmp_path):
    from openpyxl import load_workbook
    path = tmp_path / "nhiem-vu.xlsx"
    path.write_bytes(to_xlsx(rows, TODAY))
    ws = load_workbook(path).active
    assert ws.title == "Nhiệm vụ"
    table = list(ws.iter_rows(values_only=True))
    assert table[0] == COLUMNS
    assert len(table) == len(rows) + 1
    col = {name: i for i, name in enumerate(COLUMNS)}
    line = next(t for t in table[1:] if t[col["IRI"]] == REPORTING_002)
    assert line[col["Văn bản"]] == DOC_002
    assert line[col["Hạn gần nhất"]] is None      # the plan ran "đến hết năm 2023"
    tasks = [t[col["Nhiệm vụ"]] for t in table[1:]]
    assert tasks == [" ".join(r.task.split()) for r in rows]


def test_obligations_export_speaks_the_ui_language():
    # The English UI gets English headers and labels; the Vietnamese one, Vietnamese.
    from cancu import obligation_table
    assert len(obligation_table.COLUMNS_EN) == len(obligation_table.COLUMNS)
    assert set(obligation_table.MODALITY_EN) == set(obligation_table.MODALITY_VI)
    assert set(obligation_table.SOURCE_EN) == set(obligation_table.SOURCE_VI)
    assert obligation_table.to_csv([], lang="en").lstrip("\ufeff").startswith("Document,Section,Lead body")
    assert obligation_table.to_csv([]).lstrip("\ufeff").startswith("Văn bản,Mục,Đơn vị chủ trì")
