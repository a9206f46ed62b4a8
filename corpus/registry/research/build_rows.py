#!/usr/bin/env python3
"""Build the research registry files from two inputs:

* realdocs_evidence.tsv — facts mined from official texts by mine_realdocs.py (one per mention);
* web_facts.tsv         — facts read by hand on stored public pages (one per field, with URL).

Rows already in the shared facts (laws.tsv, decrees.tsv, instruments.tsv) or in
corpus/registry/instruments.tsv are not repeated; for those only expiry/replacement facts
are written (replacements.tsv), and disagreements are printed to stderr for the log.

Usage: python3 build_rows.py   (run in this directory; writes the three .tsv files)
"""
from __future__ import annotations

import csv
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

# ../shared beside the checkout (this folder is corpus/registry/research of the repository).
SHARED = Path(__file__).resolve().parents[3].parent / "shared"

HERE = Path(__file__).resolve().parent
KNOWN_FILES = [
    (SHARED / "facts/registry/laws.tsv"),
    (SHARED / "facts/registry/decrees.tsv"),
    (SHARED / "facts/instruments.tsv"),
    HERE.parent / "instruments.tsv",
]
DOCUMENTS_TSV = (SHARED / "realdocs/documents.tsv")
COLUMNS = ["symbol", "type", "name", "full_title", "adopted", "effective", "expired", "replaced_by",
           "amends", "issuer", "source", "aliases", "confidence"]
FIELDS = COLUMNS[1:10] + ["aliases"]
# Normative national document types whose own effect clause can end another instrument.
NORMATIVE = {"Nghị định", "Thông tư", "Quyết định", "Nghị quyết", "Luật", "Pháp lệnh"}

CODE_TYPE = [  # (regex on the symbol, type, issuer)
    (r"/NĐ-CP$", "Nghị định", "Chính phủ"),
    (r"/NQ-CP$", "Nghị quyết", "Chính phủ"),
    (r"/QĐ-TTg$", "Quyết định", "Thủ tướng Chính phủ"),
    (r"/CT-TTg$", "Chỉ thị", "Thủ tướng Chính phủ"),
    (r"/TTLT-", "Thông tư liên tịch", ""),
    (r"/TT-", "Thông tư", ""),
    (r"/PL-UBTVQH\d+$", "Pháp lệnh", "Ủy ban Thường vụ Quốc hội"),
    (r"UBTVQH\d+$", "Nghị quyết", "Ủy ban Thường vụ Quốc hội"),
    (r"/QH\d+$", "", "Quốc hội"),
    (r"-NQ/TW$", "Nghị quyết", ""),
    (r"-CT/TW$", "Chỉ thị", ""),
    (r"-KL/TW$", "Kết luận", ""),
    (r"-QĐi?/TW$", "", ""),
    (r"/QĐ-B", "Quyết định", ""),
]
# A title cut short by the sentence (it ends on a function word) is not a name.
TRUNCATED = re.compile(r"\b(?:của|tại|và|bổ sung|về|các|số|theo|đối với|thi hành|trong|với|cho|từ)$")
ISSUERS_TSV = HERE.parents[2] / "nlp" / "data" / "issuers.tsv"


def canonical_issuer(written: str) -> str:
    """The canonical national issuer named by a written issuer, or '' when it is not one."""
    written = re.sub(r"^Bộ trưởng,?\s+(?:Chủ nhiệm\s+)?", "", written)
    written = re.sub(r"\s+khóa\s+[XVI]+$", "", written)
    return ISSUER_NAMES.get(written.casefold(), "")


LAW_TYPES = {"Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh"}


def load_issuers() -> dict[str, str]:
    rows = read_tsv(ISSUERS_TSV)
    return {nfc(r["written"]).casefold(): nfc(r["canonical"]) for r in rows
            if r["canonical"] not in ("Ủy ban nhân dân", "Hội đồng nhân dân") and "Tỉnh" not in r["canonical"]}


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        lines = [ln for ln in f if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@dataclass
class Row:
    symbol: str
    values: dict[str, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    field_sources: dict[str, str] = field(default_factory=dict)
    confidence: list[str] = field(default_factory=list)
    corrections: list[str] = field(default_factory=list)  # notes of web facts that correct the shared facts


def ministry_code(symbol: str) -> str:
    m = re.search(r"/(?:TT|QĐ|TTLT)-(B[A-ZĐ]+)(?:@\d{4})?$", symbol)
    return m.group(1) if m else ""


def yearless(symbol: str) -> bool:
    return not re.match(r"\d+/\d{4}/", symbol) and "@" not in symbol


def key(symbol: str, signed: str) -> str:
    """Registry identity: a symbol without a year is qualified by the year of signing."""
    return f"{symbol}@{signed[:4]}" if yearless(symbol) and signed else symbol


ISSUER_NAMES = load_issuers()


KNOWN_COLUMNS = {"name": ("name", "short_title"), "adopted": ("adopted", "signed"), "effective": ("effective",)}


def known_filled() -> dict[str, set[str]]:
    """For each known symbol, which of name / adopted / effective some shared file already gives."""
    filled: dict[str, set[str]] = defaultdict(set)
    for path in KNOWN_FILES:
        for r in read_tsv(path):
            s = re.sub(r"\s*\((\d{4})\)$", r"@\1", nfc(r["symbol"]))
            signed = r.get("adopted") or r.get("signed") or ""
            keys = {s, nfc(r["symbol"])}
            if yearless(s) and re.match(r"\d{4}-", signed):
                keys.add(f"{s}@{signed[:4]}")
            for field_name, columns in KNOWN_COLUMNS.items():
                if any((r.get(c) or "").strip() for c in columns):
                    for k in keys:
                        filled[k].add(field_name)
    return filled


def known_symbols() -> set[str]:
    known = set()
    for path in KNOWN_FILES:
        for r in read_tsv(path):
            s = nfc(r["symbol"])
            known.add(s)
            known.add(re.sub(r"\s*\((\d{4})\)$", r"@\1", s))  # "124-QĐ/TW (2018)" → "124-QĐ/TW@2018"
            signed = r.get("adopted") or r.get("signed") or ""
            if yearless(s) and re.match(r"\d{4}-", signed):
                known.add(f"{s}@{signed[:4]}")  # "217-QĐ/TW" signed 2013 → "217-QĐ/TW@2013"
    return known


def vote(values: list[tuple[str, str]]) -> tuple[str, list[str], int, int]:
    """Most frequent value (case-folded), its supporting sources, its docs count, and all docs."""
    if not values:
        return "", [], 0, 0
    folded = Counter(v.casefold() for v, _ in values)
    best_fold, _ = folded.most_common(1)[0]
    exact = Counter(v for v, _ in values if v.casefold() == best_fold).most_common(1)[0][0]
    support = [src for v, src in values if v.casefold() == best_fold]
    docs = {s.split(":")[1] for s in support}
    all_docs = {s.split(":")[1] for _, s in values}
    return exact, support, len(docs), len(all_docs)


def from_evidence(evidence: list[dict[str, str]], own: dict[str, dict[str, str]]) -> dict[str, Row]:
    by_symbol: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    # A symbol without a year names a different instrument each year: its mentions are grouped
    # by the signing date written in the same mention; a mention without a date is dropped.
    mention_year = {(e["symbol"], e["doc"], e["line"]): e["value"][:4] for e in evidence if e["fact"] == "signed"}
    years_in_doc: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (symbol, doc, _), year in mention_year.items():
        years_in_doc[(symbol, doc)].add(year)
    for d in own.values():
        mention_year[(d["symbol"], d["id"], "self")] = d["signed"][:4]
    for e in evidence:
        symbol = e["symbol"]
        if yearless(symbol):
            year = mention_year.get((symbol, e["doc"], e["line"])) or (
                e["fact"].startswith("self_") and mention_year.get((symbol, e["doc"], "self")))
            if not year and e["fact"] in ("replaced_by", "expired_by") and len(years_in_doc[(symbol, e["doc"])]) == 1:
                year = next(iter(years_in_doc[(symbol, e["doc"])]))  # the one dated mention in that document
            if not year:
                continue
            symbol = f"{symbol}@{year}"
        by_symbol[symbol][e["fact"]].append((e["value"], f"realdocs:{e['doc']}:{e['line']}"))
    own_by_symbol = {key(d["symbol"], d["signed"]): d for d in own.values()}
    own_by_raw_symbol = {d["symbol"]: d for d in own.values()}
    rows: dict[str, Row] = {}
    for symbol, facts in by_symbol.items():
        row = Row(symbol)
        code_type, code_issuer = "", ""
        for pattern, t, i in CODE_TYPE:
            if re.search(pattern, symbol.split("@")[0]):
                code_type, code_issuer = t, i
                break
        vtype, _, _, _ = vote(facts.get("type", []))
        row.values["type"] = code_type or vtype
        signed, support, n, total = vote(facts.get("signed", []))
        doc = own_by_symbol.get(symbol)
        if doc:  # the document itself: its header date and issuer are in documents.tsv
            row.values["adopted"] = doc["signed"]
            row.values["issuer"] = canonical_issuer(doc["issuer"]) or doc["issuer"]
            row.values["type"] = code_type or doc["type"]  # documents.tsv says "Văn bản khác" for a Kết luận
            row.sources.append(f"realdocs:{doc['id']}:1")
            row.confidence.append("high")
        elif signed:
            row.values["adopted"] = signed
            row.sources.extend(support[:3])
            row.confidence.append("high" if n >= 2 and n == total else "medium")
            if n != total:
                print(f"conflict {symbol} signed: {Counter(v for v, _ in facts['signed'])}", file=sys.stderr)
        name, nsupport, nn, _ = vote(facts.get("name", []))
        title, tsupport, _, _ = vote([(v, src) for v, src in facts.get("title", [])
                                      if not TRUNCATED.search(v) and len(v.split()) >= 4])
        self_title, ssupport, _, _ = vote(facts.get("self_title", []))
        if self_title:
            row.values["name"] = self_title
            row.field_sources["name"] = ssupport[0]
        elif row.values["type"] in LAW_TYPES and name:
            row.values["name"] = name
            row.sources.extend(s for s in nsupport[:2] if s not in row.sources)
            row.confidence.append("high" if nn >= 2 else "medium")
        elif title and row.values["type"] and not TRUNCATED.search(title):
            row.values["name"] = f"{row.values['type']} {title}"
            row.sources.extend(s for s in tsupport[:1] if s not in row.sources)
        if "issuer" not in row.values:
            issuer, _, _, _ = vote([(v, s) for v, s in ((canonical_issuer(v), s) for v, s in facts.get("issuer", []))
                                    if v])
            row.values["issuer"] = code_issuer or issuer
        eff, esupport, _, _ = vote(facts.get("effective", []) + facts.get("self_effective", []))
        if eff:
            row.values["effective"] = eff
            row.field_sources["effective"] = esupport[0]
        until, usupport, _, _ = vote(facts.get("self_expired", []) + facts.get("expired", []))
        if until:
            row.values["expired"] = until
            row.field_sources["expired"] = usupport[0]
        rows[symbol] = row
    # A ministry code (TT-BTC, QĐ-BVHTTDL …) names its ministry: where a row has no issuer, take the
    # issuer that the other mentions with the same code agree on (≥ 3 of them, ≥ 90 %).
    by_code: dict[str, Counter] = defaultdict(Counter)
    for symbol, row in rows.items():
        code = ministry_code(symbol)
        if code and row.values.get("issuer"):
            by_code[code][row.values["issuer"]] += 1
    for symbol, row in rows.items():
        code = ministry_code(symbol)
        if code and not row.values.get("issuer") and by_code[code]:
            issuer, n = by_code[code].most_common(1)[0]
            if n >= 3 and n >= 0.9 * sum(by_code[code].values()):
                row.values["issuer"] = issuer
                row.field_sources["issuer"] = f"the issuer of the other {n} cited instruments with code {code}"
    # Replacements stated in a normative national document's own text.
    for symbol, facts in by_symbol.items():
        for new_symbol, src in facts.get("replaced_by", []) + facts.get("expired_by", []):
            doc = own_by_raw_symbol.get(new_symbol)
            new = rows.get(key(doc["symbol"], doc["signed"])) if doc else None
            if not doc or doc["type"] not in NORMATIVE or not new or not new.values.get("effective"):
                continue
            row = rows[symbol]
            row.values["replaced_by"] = key(doc["symbol"], doc["signed"])
            row.values["expired"] = new.values["effective"]
            row.field_sources["expired"] = f"{src} (+ effect clause {new.field_sources['effective']})"
    return rows


def apply_web(rows: dict[str, Row], web: list[dict[str, str]]) -> None:
    for w in web:
        row = rows.setdefault(w["symbol"], Row(w["symbol"]))
        f, v = w["field"], w["value"]
        if f not in FIELDS:
            raise ValueError(f"web_facts.tsv: unknown field {f!r} for {w['symbol']}")
        have = row.values.get(f)
        if have and have != v and w.get("note", "").startswith("override"):
            print(f"override {w['symbol']} {f}: realdocs {have!r} → {v!r} ({w['note']})", file=sys.stderr)
            row.corrections.append(f"{f}:{w['note']}")
        elif have and have != v and f not in ("aliases",):
            print(f"conflict {w['symbol']} {f}: realdocs {have!r} vs web {v!r} ({w['source']})", file=sys.stderr)
            continue
        if f == "aliases" and have:
            v = " | ".join(dict.fromkeys(have.split(" | ") + v.split(" | ")))
        row.values[f] = v
        if w.get("note", "").startswith(("correction", "adds")):  # also written for a symbol already known
            row.corrections.append(f"{f}:{w['note']}")
        if not row.sources:
            row.sources.append(w["source"])
        elif w["source"] not in row.sources:
            row.field_sources[f] = w["source"].replace(" | ", " + ")  # one field's sources stay together
        row.confidence.append(w["confidence"])


def code_type_issuer(symbol: str) -> tuple[str, str]:
    for pattern, t, i in CODE_TYPE:
        if re.search(pattern, symbol.split("@")[0]):
            return t, i
    return "", ""


def render(row: Row, signed_key: str) -> dict[str, str]:
    out = {c: "" for c in COLUMNS}
    out.update(row.values)
    code_type, code_issuer = code_type_issuer(signed_key)
    out["type"] = out["type"] or code_type
    if "issuer" in row.values or not row.values.get("expired"):
        out["issuer"] = out["issuer"] or code_issuer
    out["symbol"] = signed_key
    src = list(dict.fromkeys(row.sources))
    src += [f"{f}:{s}" for f, s in row.field_sources.items() if s not in src]
    src += [f"note: {c}" for c in row.corrections]
    out["source"] = " | ".join(src)
    rank = {"low": 0, "medium": 1, "high": 2}
    out["confidence"] = min(row.confidence, key=rank.__getitem__) if row.confidence else "low"
    return out


def main() -> int:
    own = {d["id"]: d for d in read_tsv(DOCUMENTS_TSV)}
    evidence = read_tsv(HERE / "realdocs_evidence.tsv")
    web_path = HERE / "web_facts.tsv"
    web = read_tsv(web_path) if web_path.exists() else []
    rows = from_evidence(evidence, own)
    apply_web(rows, web)
    for r in read_tsv(HERE / "rejected_symbols.tsv"):
        if rows.pop(r["symbol"], None):
            print(f"rejected {r['symbol']}: {r['reason']}", file=sys.stderr)
    known = known_symbols()
    filled = known_filled()
    out: dict[str, list[dict[str, str]]] = {"laws_2022_2025.tsv": [], "national_cited.tsv": [],
                                           "replacements.tsv": []}
    for symbol in sorted(rows):
        row = rows[symbol]
        k = symbol
        if (symbol in known or k in known) and row.corrections:
            fixed = {f: row.values.get(f, "") for f in ("type", "name", "adopted", "effective", "expired",
                                                         "replaced_by", "amends", "issuer", "aliases")}
            slim = Row(symbol, fixed, row.sources, row.field_sources, row.confidence, row.corrections)
            target = "laws_2022_2025.tsv" if fixed["type"] in LAW_TYPES or fixed["issuer"] == "Quốc hội" \
                else "national_cited.tsv"
            out[target].append(render(slim, k))
            continue
        gaps = [f for f in KNOWN_COLUMNS if row.values.get(f) and f not in filled.get(symbol, set())]
        if (symbol in known or k in known) and gaps:
            # the shared facts know the instrument but leave these cells empty: add them
            fixed = {f: row.values.get(f, "") for f in ["type", *gaps, "expired", "replaced_by", "issuer"]}
            slim = Row(symbol, fixed, row.sources, row.field_sources, row.confidence,
                       [f"adds: {', '.join(gaps)} (empty in the shared facts)"])
            target = "laws_2022_2025.tsv" if fixed["type"] in LAW_TYPES or fixed["issuer"] in (
                "Quốc hội", "Ủy ban Thường vụ Quốc hội") else "national_cited.tsv"
            out[target].append(render(slim, k))
            continue
        if symbol in known or k in known:
            if row.values.get("expired") or row.values.get("replaced_by"):
                keep = {f: row.values.get(f, "") for f in ("type", "expired", "replaced_by")}
                slim = Row(symbol, keep, [s for f, s in row.field_sources.items() if f == "expired"] or row.sources,
                           {}, row.confidence)
                out["replacements.tsv"].append(render(slim, k))
            continue
        if not (row.values.get("adopted") or row.values.get("name") or row.values.get("effective")):
            continue  # a bare symbol teaches the registry nothing
        target = "laws_2022_2025.tsv" if row.values.get("issuer") in ("Quốc hội", "Ủy ban Thường vụ Quốc hội") \
            or row.values.get("type") in LAW_TYPES else "national_cited.tsv"
        out[target].append(render(row, k))
    for name, rws in out.items():
        with (HERE / name).open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, COLUMNS, delimiter="\t", lineterminator="\n")
            w.writeheader()
            for r in rws:
                w.writerow({c: nfc(v) for c, v in r.items()})
        print(f"{name}: {len(rws)} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
