"""How results are printed: JSON records and readable tables."""
from __future__ import annotations

import json
import shutil
import sys
import unicodedata
from typing import TYPE_CHECKING, Any, Callable, Sequence

from cancu import tables
from cancu.kg.model import ResolutionStatus

if TYPE_CHECKING:        # what Services' extractor returns; only named here
    from cancu.kg.model import Resolution
    from cancu.nlp.obligations import Obligation


def label(r: Resolution) -> str:
    """"Nghị định 59/2023/NĐ-CP" or the name of a law cited by name."""
    m = r.mention
    symbol = m.symbol or r.symbol
    if symbol:
        kind = r.key.type if r.key and r.key.type else m.type
        return f"{kind or ''} {symbol}".strip()
    return m.name or m.text


def mention_record(path: str, r: Resolution) -> dict[str, Any]:
    """The JSON object `cancu extract --json` prints for one mention."""
    m = r.mention
    name_only = not m.symbol
    resolved = r.status in (ResolutionStatus.RESOLVED, ResolutionStatus.INFERRED)
    notes = list(m.notes) + ([r.reason] if r.reason else [])
    return {
        "file": path,
        "start": m.start,
        "end": m.end,
        "text": m.text,
        "type_as_written": m.type_as_written,
        "type": (r.key.type if name_only and resolved and r.key else m.type),
        "number": m.number or (r.symbol.split("/")[0] if name_only and resolved and r.symbol and r.symbol[:1].isdigit() else None),
        "year": m.year or (r.key.year if name_only and resolved and r.key else None),
        "symbol": r.cited_symbol,
        "name": m.name,
        "date": m.date.isoformat() if m.date else None,
        "issuer": m.issuer,
        "pinpoint": m.pinpoint,
        "abbreviated": m.abbreviated,
        "embedded": m.embedded,
        "repaired": m.repaired,
        "instrument": r.iri,
        "status": r.status.value,
        "candidates": r.candidates,
        "note": "; ".join(notes) or None,
    }


def obligation_record(path: str, o: Obligation) -> dict[str, Any]:
    """The JSON object `cancu extract --obligations --json` prints for one obligation."""
    return {
        "file": path, "start": o.start, "end": o.end, "source": o.source, "section": o.section,
        "actor": o.actor, "actor_normalized": o.actor_normalized, "co_leads": o.co_leads,
        "cooperating": o.cooperating, "modality": o.modality, "task": o.task,
        "schedule": o.schedule,
        "deadlines": [{"text": d.text, "start": d.start, "end": d.end,
                       "date": d.date.isoformat() if d.date else None,
                       "recurrence": d.recurrence,
                       "relative": ({"amount": d.relative.amount, "unit": d.relative.unit,
                                     "event": d.relative.event} if d.relative else None)}
                      for d in o.deadlines],
        "output": o.output, "reports_to": o.reports_to, "basis": o.basis,
        "bodies": o.bodies, "issuer_scope": o.issuer_scope,
    }


def print_obligation_table(records: list[dict[str, Any]]) -> None:
    total = shutil.get_terminal_size((140, 20)).columns
    widths = [18, 7, 26, 9, max(30, total - 18 - 7 - 26 - 9 - 24 - 10), 24]
    rows = [(r["file"].rsplit("/", 1)[-1], r["start"], r["actor_normalized"] or r["actor"] or "",
             r["modality"], r["task"], "; ".join(d["text"] for d in r["deadlines"])) for r in records]
    print_table(["tệp", "vị trí", "chủ trì", "loại", "nhiệm vụ", "thời hạn"], rows, widths)
    print(f"\n{len(records)} nhiệm vụ / obligations")


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(c) else 1 for c in text)


def _fit(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    if _width(text) > width:
        text = text[: max(1, width - 1)] + "…"
    return text + " " * (width - _width(text))


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[int]) -> None:
    print("  ".join(_fit(h, w) for h, w in zip(headers, widths)).rstrip())
    print("  ".join("─" * w for w in widths))
    for row in rows:
        print("  ".join(_fit("" if v is None else v, w) for v, w in zip(row, widths)).rstrip())


def print_mention_table(records: list[dict[str, Any]]) -> None:
    total = shutil.get_terminal_size((140, 20)).columns
    widths = [18, 9, max(30, total - 18 - 9 - 22 - 12 - 12 - 10), 22, 12, 12]
    rows = [(r["file"].rsplit("/", 1)[-1], f"{r['start']}", r["text"], r["symbol"] or r["name"] or "",
             r["date"] or "", r["status"]) for r in records]
    print_table(["tệp", "vị trí", "trích dẫn", "ký hiệu / tên", "ngày", "trạng thái"], rows, widths)
    print(f"\n{len(records)} trích dẫn / mentions")


class Progress:
    """A one-line progress bar on a terminal; one line per file otherwise (logs). Every
    line it writes starts with the bar's "[", so scripts tell them from error lines."""

    WIDTH = 30

    def __init__(self, total: int, stream):
        self.total, self.stream, self.n = total, stream, 0
        self.tty = hasattr(stream, "isatty") and stream.isatty()

    def step(self, outcome) -> None:
        self.n += 1
        filled = int(self.WIDTH * self.n / max(1, self.total))
        line = f"[{'█' * filled}{'·' * (self.WIDTH - filled)}] {self.n}/{self.total} {outcome.document} — {outcome.status}"
        if self.tty:
            self.stream.write("\r" + line[:160].ljust(160))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def done(self) -> None:
        if self.tty and self.n:
            self.stream.write("\n")

    def stage(self, text: str) -> None:
        """A step after the files, on a line of its own behind a full bar (call after
        `done`): a long one is not taken for a hang."""
        self.stream.write(f"[{'█' * self.WIDTH}] {text}\n")
        self.stream.flush()


def write_csv(records: list[dict[str, Any]], columns: list[str]) -> None:
    """Records as CSV on stdout, by the one table writer (no BOM: a pipe, not Excel)."""
    sys.stdout.write(tables.to_csv(columns, ([r.get(c) for c in columns] for r in records), bom=False))


def _term(t) -> str:
    return "" if t is None else getattr(t, "value", str(t))


def print_sparql(result, fmt: str, select_csv: Callable[[list[dict]], str]) -> None:
    """SELECT rows, an ASK answer or CONSTRUCT triples, as table/json/csv/ttl; CSV by
    `select_csv` (Services.select_csv: the SPARQL results format the endpoint writes)."""
    if isinstance(result, bool):
        print(json.dumps({"boolean": result}) if fmt == "json" else ("true" if result else "false"))
        return
    if result and not isinstance(result[0], dict):      # CONSTRUCT / DESCRIBE
        for triple in result:
            print(f"{triple.subject} {triple.predicate} {triple.object} .")
        return
    columns = list(result[0]) if result else []
    if fmt == "json":
        for row in result:
            print(json.dumps({k: _term(v) for k, v in row.items()}, ensure_ascii=False))
    elif fmt == "csv":
        sys.stdout.write(select_csv(result))
    else:
        width = max(12, (shutil.get_terminal_size((140, 20)).columns - 2 * len(columns)) // max(1, len(columns)))
        print_table(columns, [[_term(row[c]) for c in columns] for row in result], [width] * len(columns))


def obligation_row_record(r) -> dict[str, Any]:
    """One obligation from the workspace, for --json and tables."""
    return {
        "document": r.document, "start": r.start, "end": r.end, "source": r.source, "section": r.section,
        "actor": r.actor, "agency": r.agency, "co_leads": r.co_leads, "cooperating": r.cooperating,
        "modality": r.modality, "task": r.task, "schedule": r.schedule,
        "deadlines": [{"text": d.text, "date": d.date.isoformat() if d.date else None,
                       "recurrence": d.recurrence} for d in r.deadlines],
        "deadlines_text": "; ".join(d.text for d in r.deadlines),
        "output": r.output, "reports_to": r.reports_to, "basis": r.basis_symbols,
    }


def print_tree(node: dict[str, Any], prefix: str = "", last: bool = True, root: bool = True) -> None:
    """A chain as an indented tree: relation → kind: label [status]."""
    status = f" [{node['status']}]" if node.get("status") else ""
    relation = f"{node['relation']} → " if node.get("relation") else ""
    line = f"{relation}{node.get('kind') or ''}: {node['label']}{status}"
    print(line if root else f"{prefix}{'└─ ' if last else '├─ '}{line}")
    children = node.get("children", [])
    for i, child in enumerate(children):
        ext = "" if root else ("   " if last else "│  ")
        print_tree(child, prefix + ext, i == len(children) - 1, root=False)


# How the CLI names a registry row's facts and confidence levels (the web's are in strings.json).
FACT_VI = {"type": "loại", "name": "tên", "title": "trích yếu", "issuer": "cơ quan ban hành",
           "signed": "ngày ban hành", "effective": "ngày có hiệu lực", "expired": "ngày hết hiệu lực",
           "normative": "tính quy phạm"}
CONFIDENCE_VI = {"high": "cao", "medium": "trung bình", "low": "thấp"}


def _relation_record(r) -> dict[str, Any]:
    return {"relation": r.relation, "label": r.label, "symbol": r.symbol, "effective": r.effective,
            "confidence": r.confidence, "sources": list(r.sources), "origin": r.origin}


def instrument_record(report) -> dict[str, Any]:
    """An instrument report as JSON: properties, status with the facts it rests on, each
    registry row with its sources and confidence, timeline, relations, who cites it."""
    status = report.status
    return {
        "instrument": report.iri, "symbol": report.symbol, "type": report.type, "name": report.name,
        "title": report.title, "issuer": report.issuer, "signed": report.signed,
        "effective": report.effective, "ended": report.ended,
        "status": status.code if status else None,
        "status_explanation": status.explanation_vi if status else None,
        "status_caveat": (status.caveat_vi or None) if status else None,
        "status_grounds": [{"fact": g.fact_vi, "origin": g.origin, "confidence": g.confidence,
                            "sources": list(g.sources)} for g in (status.grounds if status else ())],
        "sources": list(report.sources), "confidence": report.confidence,
        "rows": [{"origin": r.origin, "confidence": r.confidence, "sources": list(r.sources),
                  "facts": list(r.gave), "confirms_status": r.confirms_status, "name": r.name,
                  "set_aside": r.set_aside} for r in report.rows],
        "statements": [{"status": s.status, "as_of": s.as_of, "expired": s.expired,
                        "replaced_by": list(s.replaced_by), "origin": s.origin, "confidence": s.confidence,
                        "sources": list(s.sources), "notes": s.notes} for s in report.statements],
        "timeline": [{"date": e.date, "event": e.event} for e in report.timeline],
        "relations_out": [_relation_record(r) for r in report.relations_out],
        "relations_in": [_relation_record(r) for r in report.relations_in],
        "cited_by": [{"document": c.document, "text": c.text, "start": c.start, "end": c.end,
                      "pinpoint": c.pinpoint} for c in report.cited_by],
    }


def print_instrument(r: dict[str, Any]) -> None:
    label = f"{r['type'] or ''} {r['symbol'] or ''}".strip()
    print(label + (f" — {r['title']}" if r["title"] else ""))
    for key, vi in [("name", "tên"), ("issuer", "cơ quan ban hành"), ("signed", "ngày ban hành"),
                    ("effective", "ngày có hiệu lực"), ("ended", "hết hiệu lực từ")]:
        if r[key]:
            print(f"  {vi}: {r[key]}")
    if r["status_explanation"]:
        print(f"  tình trạng hôm nay: {r['status_explanation']}")
    if r["status_grounds"]:
        print("  tình trạng dựa trên:")
        for g in r["status_grounds"]:
            print(f"    - {g['fact']} — {g['origin']}, {_confidence(g['confidence'])}")
    if r["timeline"]:
        print("\nDiễn biến / timeline:")
        for e in r["timeline"]:
            print(f"  {e['date']}  {e['event']}")
    for key, title in [("relations_out", "Tác động đến / acts on"), ("relations_in", "Bị tác động bởi / acted on by")]:
        if r[key]:
            print(f"\n{title}:")
            for rel in r[key]:
                print(f"  {rel['label']} {rel['symbol']}" + (f" (từ {rel['effective']})" if rel["effective"] else "")
                      + f" — {rel['origin']}, {_confidence(rel['confidence'])}")
                _print_sources(rel["sources"])
    if r["rows"]:
        print("\nNguồn của từng dòng danh mục / sources of each registry row:")
        for row in r["rows"]:
            facts = ", ".join(FACT_VI.get(f, f) for f in row["facts"])
            if row["set_aside"]:
                gave = f"bỏ qua: dòng này gọi văn bản là «{row['name']}», tên của văn bản khác"
            else:
                gave = f"cho {facts}" if facts else "không bổ sung dữ kiện nào (đã có từ dòng trên)"
            confirms = "; xác nhận còn hiệu lực" if row["confirms_status"] else ""
            print(f"  {row['origin']} — {_confidence(row['confidence'])}: {gave}{confirms}")
            _print_sources(row["sources"])
    if r["statements"]:
        print("\nCác nguồn nói về tình trạng hiệu lực / status statements:")
        for st in r["statements"]:
            said = (f"còn hiệu lực ngày {st['as_of']}" if st["status"] == "in_force" else
                    "đã hết hiệu lực" + (f" từ {st['expired']}" if st["expired"] else "")
                    + (f" (nguồn ngày {st['as_of']})" if st["as_of"] else ""))
            print(f"  {said} — {st['origin']}, {_confidence(st['confidence'])}")
            _print_sources(st["sources"])
    docs = sorted({c["document"] for c in r["cited_by"]})
    print(f"\nĐược trích dẫn {len(r['cited_by'])} lần trong {len(docs)} văn bản / cited by:")
    for c in r["cited_by"]:
        pin = f" [{c['pinpoint']}]" if c["pinpoint"] else ""
        print(f"  {c['document']}@{c['start']}{pin}: {' '.join(c['text'].split())}")


def _confidence(level: str | None) -> str:
    return f"độ tin cậy {CONFIDENCE_VI.get(level or '', level or 'chưa rõ')}"


def _print_sources(sources: list[str]) -> None:
    for source in sources:
        print(f"      nguồn: {source}")
