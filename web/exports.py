"""Tables out: the audit filtered as the user asked, as rows, CSV and XLSX."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from web import meta
from web.cache import per_checkpoint

AUDIT_COLUMNS = ["document", "title", "issuer", "year", "finding", "symbol", "explanation",
                 "replaced_by", "start", "end"]
AUDIT_HEADERS_VI = ["Văn bản", "Trích yếu", "Cơ quan ban hành", "Năm", "Phát hiện", "Văn bản được trích dẫn",
                    "Giải thích", "Văn bản thay thế", "Vị trí đầu", "Vị trí cuối"]


@dataclass
class AuditFilter:
    issuer: str | None = None
    year: int | None = None
    finding: str | None = None
    document: str | None = None


def audit_rows(services, f: AuditFilter) -> tuple[list[dict], dict[str, list]]:
    """Findings with their document's metadata, filtered; and the filter choices."""
    docs = meta.by_id(services)
    findings = [r for r in all_findings(services) if not f.document or r.document == f.document]
    rows, choices = [], {"issuer": set(), "year": set(), "finding": set()}
    for r in findings:
        d = docs.get(r.document)
        row = {"document": r.document, "title": d.title if d else None, "issuer": d.issuer if d else None,
               "year": d.year if d else None, "finding": r.finding, "symbol": r.symbol,
               "explanation": r.explanation, "replaced_by": r.replaced_by, "start": r.start, "end": r.end}
        for k in choices:
            if row[k] is not None:
                choices[k].add(row[k])
        if f.issuer and row["issuer"] != f.issuer:
            continue
        if f.year and row["year"] != f.year:
            continue
        if f.finding and row["finding"] != f.finding:
            continue
        rows.append(row)
    return rows, {k: sorted(v) for k, v in choices.items()}


def all_findings(services) -> list:
    """Every finding, read once per checkpoint: the query is most of an audit page's time."""
    return per_checkpoint(services, "audit.findings", services.audit)


def to_csv(rows: list[dict], columns: list[str], headers: list[str] | None = None) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(headers or columns)
    for r in rows:
        w.writerow([_guard(_cell(r.get(c))) for c in columns])
    return "\ufeff" + out.getvalue()     # BOM: Excel opens UTF-8 Vietnamese correctly


def to_xlsx(rows: list[dict], columns: list[str], headers: list[str] | None = None,
            sheet: str = "Sheet1") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append(headers or columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append([_xlsx_cell(r.get(c)) for c in columns])
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        return "; ".join(map(str, v))
    return str(v)


def _xlsx_cell(v):
    return v if isinstance(v, (int, float)) else _guard(_cell(v))


def _guard(v: str) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet: keep it text.
    return "'" + v if v[:1] in ("=", "+", "-", "@") else v
