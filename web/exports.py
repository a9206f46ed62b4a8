"""The audit filtered as the user asked, as rows for the page and the exports (CSV and
XLSX are written by the services' one table writer, cancu/tables.py).

Findings come most serious first (a basis no longer in force before a reference not
yet identified), each placed by its line in the document and the words it quotes;
exports carry the page's labels in the page's language, never the internal codes."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cancu.contract.services import Services
from cancu.contract.vocab import FindingKind, severity
from cancu.web import meta
from cancu.web.cache import per_checkpoint
from cancu.web.i18n import current as current_lang, translate

# Most serious first: what the plan rests on no longer stands, then what may not,
# then what is written wrongly, then what could not be identified at all (kg/data/finding_kinds.tsv).
SEVERITY = tuple(k.value for k in FindingKind.by_severity())

AUDIT_COLUMNS = ["title", "document", "issuer", "year", "finding_label", "symbol", "explanation",
                 "replaced_by", "line", "quote"]
# Header keys of web/static/i18n/strings.json, one per column.
AUDIT_HEADER_KEYS = ["document", "source_file", "issuer", "year", "finding", "instrument", "explanation",
                     "replaced_by", "line", "quote"]


def audit_headers(lang: str | None = None) -> list[str]:
    return [translate(k, lang) for k in AUDIT_HEADER_KEYS]


def finding_label(kind: str, lang: str | None = None) -> str:
    key = f"finding_{kind}"
    label = translate(key, lang)
    return kind if label == key else label


@dataclass
class AuditFilter:
    issuer: str | None = None
    year: int | None = None
    finding: str | None = None
    document: str | None = None


def audit_rows(services: Services, f: AuditFilter) -> tuple[Sequence[dict], dict[str, list]]:
    """Findings with their document's metadata, filtered, most serious first; and the
    filter choices (of the document asked for, else of all). The rows, and the list that
    holds them, are shared by the requests on one checkpoint: callers read them, never
    change them."""
    table = _audit_table(services)
    wanted = [(key, value) for key, value in (("issuer", f.issuer), ("year", f.year), ("finding", f.finding))
              if value]
    if f.document:
        rows = table.by["document"].get(f.document, [])
        return [row for row in rows if all(row[k] == v for k, v in wanted)], _choices(rows)
    if not wanted:
        return table.rows, table.choices
    # The rows of each value are kept in the table's order: the fewest of the values
    # asked for, less those another filter leaves out (testing every finding's fields
    # per request was a third of a filtered audit page at 10k documents).
    rows = min((table.by[key].get(value, []) for key, value in wanted), key=len)
    if len(wanted) > 1:
        rows = [row for row in rows if all(row[k] == v for k, v in wanted)]
    return rows, table.choices


@dataclass(frozen=True)
class _AuditTable:
    rows: list[dict]                             # every finding, in the order pages show
    choices: dict[str, list]                     # the filters' choices over all of them
    by: dict[str, dict[object, list[dict]]]      # field → value → its rows, in that order


_FILTERED_BY = ("document", "issuer", "year", "finding")


def _audit_table(services: Services) -> _AuditTable:
    """Every finding as a row in the order pages show (a filter keeps that order), the
    filter choices and the rows of each filter value: once per checkpoint and language
    (the labels are the page's), not per request (at 10k plans, 5,000 rows sorted each time)."""
    lang = current_lang()

    def compute() -> _AuditTable:
        docs = meta.by_id(services)
        places = finding_places(services)
        rows = []
        for r in all_findings(services):
            d = docs.get(r.document)
            line, quote = places.get((r.document, r.start), (None, None))
            rows.append({"document": r.document, "title": (d.title if d else None) or r.document,
                         "issuer": d.issuer if d else None, "year": d.year if d else None, "finding": r.finding,
                         "finding_label": finding_label(r.finding, lang), "symbol": r.symbol,
                         "explanation": r.explanation, "replaced_by": r.replaced_by, "start": r.start,
                         "end": r.end, "line": line, "quote": quote})
        rows.sort(key=lambda r: (severity(r["finding"]), r["title"], r["document"],
                                 r["start"] if r["start"] is not None else -1))
        by: dict[str, dict[object, list[dict]]] = {key: {} for key in _FILTERED_BY}
        for row in rows:
            for key in _FILTERED_BY:
                by[key].setdefault(row[key], []).append(row)
        return _AuditTable(rows, _choices(rows), by)
    return per_checkpoint(services, f"audit.rows.{lang}", compute)


def _choices(rows: list[dict]) -> dict[str, list]:
    found: dict[str, set] = {"issuer": set(), "year": set(), "finding": set()}
    for row in rows:
        for k in found:
            if row[k] is not None:
                found[k].add(row[k])
    return {"issuer": sorted(found["issuer"]), "year": sorted(found["year"]),
            "finding": sorted(found["finding"], key=severity)}


def all_findings(services: Services) -> list:
    """Every finding, read once per checkpoint: the query is most of an audit page's time."""
    return per_checkpoint(services, "audit.findings", services.audit)


def finding_places(services: Services) -> dict[tuple[str, int], tuple[int, str]]:
    """(document, start) → (line number from 1, the finding's words with some text
    around them), for every finding with a position; once per checkpoint."""
    return per_checkpoint(services, "audit.places", lambda: services.finding_places(all_findings(services)))


def table(rows: list[dict], columns: list[str]) -> list[list]:
    """Rows as lists of cells in the columns' order, for Services.table_csv / table_xlsx."""
    return [[r.get(c) for c in columns] for r in rows]


# Column widths in characters: long prose wraps in a wide column, codes stay narrow.
WIDTHS = {"title": 48, "document": 26, "issuer": 30, "year": 7, "finding_label": 26, "symbol": 22,
          "explanation": 70, "replaced_by": 22, "line": 7, "quote": 50}
