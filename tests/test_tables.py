"""cancu.tables, the one CSV/XLSX writer: cells read the same in both formats."""
import csv
import datetime as dt
import io
from pathlib import Path

from cancu import tables

ROOT = Path(__file__).resolve().parents[1]
ROWS = [["=1+1", ["a", "b"], dt.date(2025, 12, 31), None, 7, "-5 ngày"]]
HEADER = ["công thức", "danh sách", "ngày", "trống", "số", "chữ"]


def test_csv_cells_guarded_joined_dated():
    out = tables.to_csv(HEADER, ROWS)
    assert out.startswith("\ufeffcông thức,")
    assert list(csv.reader(io.StringIO(out[1:])))[1] == ["'=1+1", "a; b", "31/12/2025", "", "7", "'-5 ngày"]
    assert not tables.to_csv(HEADER, ROWS, bom=False).startswith("\ufeff")


def test_xlsx_cells_keep_dates_and_numbers(tmp_path):
    from openpyxl import load_workbook
    path = tmp_path / "t.xlsx"
    path.write_bytes(tables.to_xlsx(HEADER, ROWS, sheet="x" * 40, widths=[30]))
    ws = load_workbook(path).active
    assert ws.title == "x" * 31 and ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width == 30 and ws.column_dimensions["B"].width == tables.DEFAULT_WIDTH
    row = [c.value for c in ws[2]]
    assert row[0] == "'=1+1" and row[1] == "a; b" and row[3] is None and row[4] == 7
    assert row[2].date() == dt.date(2025, 12, 31) and ws["C2"].number_format == "DD/MM/YYYY"


def test_no_other_csv_or_xlsx_writer_in_cancu_kg_web():
    # SPARQL results keep their own CSV (the W3C result format, values unchanged).
    allowed = {"cancu/tables.py", "kg/sparql/format.py"}
    for path in [*ROOT.glob("cancu/*.py"), *ROOT.glob("kg/**/*.py"), *ROOT.glob("web/*.py")]:
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        if rel not in allowed:
            assert "csv.writer" not in text and "DictWriter" not in text and "openpyxl" not in text, rel


def test_xlsx_every_row_is_wrapped_at_the_top_and_every_date_formatted(tmp_path):
    from openpyxl import load_workbook
    rows = [[f"dòng {i}", dt.date(2025, 1, 1 + i % 28), i, None] for i in range(60)]
    path = tmp_path / "t.xlsx"
    path.write_bytes(tables.to_xlsx(["a", "b", "c", "d"], rows))
    ws = load_workbook(path).active
    assert ws.max_row == 61 and ws.max_column == 4
    for r in range(2, 62):
        cells = [ws.cell(row=r, column=c) for c in range(1, 5)]
        assert all(c.alignment.wrap_text and c.alignment.vertical == "top" for c in cells), r
        assert cells[1].number_format == "DD/MM/YYYY" and cells[0].number_format == "General", r
    assert ws["A1"].font.bold and not ws["A2"].font.bold
