"""Tables out, the one CSV and XLSX writer of the CLI and the web app (the web reaches
it through Services.table_csv / table_xlsx).

A table is a header and rows of cells. Every cell is written the same way in both
formats: nothing is empty, a list is joined with "; ", a date reads dd/mm/yyyy in CSV
and is a real date in XLSX, and text starting with = + - @ gets a leading apostrophe so
a spreadsheet never runs it as a formula (SECURITY.md)."""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

BOM = "\ufeff"          # Excel reads a UTF-8 CSV as Vietnamese only after this signature
DEFAULT_WIDTH = 18      # characters, for a column the caller gives no width


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]], *, bom: bool = True) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(header)
    for row in rows:
        w.writerow([_csv_cell(v) for v in row])
    return (BOM if bom else "") + out.getvalue()


def to_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str = "Sheet1",
            widths: Sequence[int | None] = ()) -> bytes:
    """A workbook a person can read at once: bold frozen header with a filter on every
    column, set widths, long text wrapped at the top of its cell, dates as dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]                       # Excel's limit on a sheet's name
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    wrap = Alignment(vertical="top", wrap_text=True)
    for number, row in enumerate(rows, start=2):
        values = [_xlsx_cell(v) for v in row]
        ws.append(values)
        # Each cell by its place: `ws[ws.max_row]` counts every cell of the sheet to find the
        # last row, so a table cost the square of its rows (1,377 obligations: 1.6 s).
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row=number, column=column)
            cell.alignment = wrap
            if isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    for i in range(1, len(header) + 1):
        width = widths[i - 1] if i <= len(widths) else None
        ws.column_dimensions[get_column_letter(i)].width = width or DEFAULT_WIDTH
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def text(v: Any) -> str:
    """A cell as the text a person reads."""
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        return "; ".join(map(text, v))
    if isinstance(v, dt.date):
        return f"{v:%d/%m/%Y}"
    return str(v)


def _csv_cell(v: Any) -> str:
    return _guard(text(v)) if not isinstance(v, (int, float)) or isinstance(v, bool) else str(v)


def _xlsx_cell(v: Any) -> Any:
    if v is None:
        return None                             # an empty cell
    if isinstance(v, (int, float, dt.date)) and not isinstance(v, bool):
        return v
    return _guard(text(v))


def _guard(v: str) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet: keep it text.
    return "'" + v if v[:1] in ("=", "+", "-", "@") else v
