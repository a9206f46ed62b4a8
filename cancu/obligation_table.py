"""The obligations table people download: Vietnamese headers, one row per obligation,
written by cancu.tables (CSV or XLSX)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from cancu import tables
from cancu.kg.views import ObligationRow
from cancu.kg.queries.tasks import deadline_text, next_due

MODALITY_VI = {"must": "Bắt buộc", "request": "Đề nghị", "prohibition": "Nghiêm cấm"}
SOURCE_VI = {"org_section": "Tổ chức thực hiện", "appendix_table": "Bảng phụ lục",
             "labelled_task": "Nhiệm vụ có nhãn", "reporting": "Chế độ báo cáo",
             "closing_article": "Điều khoản thi hành", "article": "Giao nhiệm vụ trong điều",
             "numbered_item": "Mục được đánh số", "letter_body": "Nội dung văn bản"}

# Column header → width in characters (long prose wraps in a wide column).
_COLUMNS: dict[str, int] = {
    "Văn bản": 28, "Mục": 9, "Đơn vị chủ trì": 28, "Chủ trì (theo văn bản)": 28, "Đồng chủ trì": 22,
    "Đơn vị phối hợp": 28, "Hình thức": 11, "Nhiệm vụ": 70, "Thời gian thực hiện": 22, "Thời hạn": 26,
    "Hạn gần nhất": 13, "Sản phẩm": 26, "Báo cáo về": 24, "Căn cứ": 22, "Nguồn": 18, "Vị trí": 12, "IRI": 40,
}
COLUMNS: tuple[str, ...] = tuple(_COLUMNS)
SHEET = "Nhiệm vụ"
# The same table for the English UI: headers and labels in English, same order.
COLUMNS_EN: tuple[str, ...] = (
    "Document", "Section", "Lead body", "Lead (as written)", "Co-leads", "Cooperating bodies", "Modality",
    "Task", "Schedule", "Deadlines", "Next due", "Output", "Reports to", "Legal basis", "Source", "Position",
    "IRI")
MODALITY_EN = {"must": "Must", "request": "Request", "prohibition": "Prohibition"}
SOURCE_EN = {"org_section": "Implementation section", "appendix_table": "Appendix table",
             "labelled_task": "Labelled task", "reporting": "Reporting duty",
             "closing_article": "Enforcement article", "article": "Assignment in an article",
             "numbered_item": "Numbered item", "letter_body": "Letter body"}
SHEET_EN = "Obligations"


def record(row: ObligationRow, today: dt.date, lang: str = "vi") -> list[Any]:
    modality, source = (MODALITY_EN, SOURCE_EN) if lang == "en" else (MODALITY_VI, SOURCE_VI)
    return [
        row.document, row.section, row.agency, row.actor, row.co_leads, row.cooperating,
        modality.get(row.modality, row.modality), " ".join(row.task.split()),
        row.schedule, [deadline_text(d) for d in row.deadlines],
        next_due(row, today), row.output, row.reports_to,
        row.basis_symbols, source.get(row.source, row.source),
        f"{row.start}-{row.end}", row.iri,
    ]


def to_csv(rows: Iterable[ObligationRow], today: dt.date | None = None, *, bom: bool = True,
           lang: str = "vi") -> str:
    """`today` (else the clock's) dates "Hạn gần nhất", the next deadline from that day."""
    today = today or dt.date.today()
    columns = COLUMNS_EN if lang == "en" else COLUMNS
    return tables.to_csv(columns, (record(r, today, lang) for r in rows), bom=bom)


def to_xlsx(rows: Iterable[ObligationRow], today: dt.date | None = None, lang: str = "vi") -> bytes:
    today = today or dt.date.today()
    columns, sheet = (COLUMNS_EN, SHEET_EN) if lang == "en" else (COLUMNS, SHEET)
    return tables.to_xlsx(columns, (record(r, today, lang) for r in rows), sheet=sheet,
                          widths=list(_COLUMNS.values()))
