"""Header reading (type, symbol, date, issuer) scored against a table of known values.

    .venv/bin/python bench/document_info.py [--texts corpus/realdocs] [--truth corpus/realdocs/documents.tsv]
                                            [--misses FIELD] [--json]

The truth table has one row per text: id, type, symbol, issuer, signed (ISO date). The site
that published the texts names a local body's issuer by its place ("Tỉnh Bắc Ninh") and
other issuers by name ("Cục Thuế"), so an issuer counts as read when the true name is part
of the name read ("Ủy ban nhân dân tỉnh Bắc Ninh"), compared without accents or case.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cancu.nlp.document import read_document_info  # noqa: E402
from cancu.nlp.model import DocumentInfo  # noqa: E402
from cancu.nlp.text.fold import fold  # noqa: E402

FIELDS = ("type", "symbol", "date", "issuer")


@dataclass(frozen=True)
class Truth:
    id: str
    type: str
    symbol: str
    issuer: str
    signed: dt.date | None


def load_truth(path: Path) -> list[Truth]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [Truth(r["id"], r["type"], r["symbol"], r["issuer"],
                  dt.date.fromisoformat(r["signed"]) if r["signed"] else None) for r in rows]


def _squash(s: str | None) -> str:
    return "".join(fold(s or "").split())


def field_matches(field: str, truth: Truth, info: DocumentInfo) -> bool:
    if field == "type":
        return info.type == truth.type
    if field == "symbol":
        return bool(info.symbol) and _squash(info.symbol) == _squash(truth.symbol)
    if field == "date":
        return info.date == truth.signed
    if field == "issuer":
        return bool(info.issuer) and " ".join(fold(truth.issuer).split()) in " ".join(fold(info.issuer).split())
    raise ValueError(f"unknown field {field!r}")


def read_value(field: str, info: DocumentInfo) -> str | None:
    value = getattr(info, field)
    return value.isoformat() if isinstance(value, dt.date) else value


def score(texts: Path, truth_rows: list[Truth]) -> dict:
    """Per field: documents read right, out of all, and the misses (id, true, read)."""
    result: dict = {f: {"right": 0, "total": 0, "misses": []} for f in FIELDS}
    for truth in truth_rows:
        info = read_document_info((texts / f"{truth.id}.txt").read_text(encoding="utf-8"))
        for f in FIELDS:
            r = result[f]
            r["total"] += 1
            if field_matches(f, truth, info):
                r["right"] += 1
            else:
                true = truth.signed.isoformat() if f == "date" and truth.signed else getattr(truth, f, None)
                r["misses"].append((truth.id, true, read_value(f, info)))
    for r in result.values():
        r["accuracy"] = round(r["right"] / r["total"], 3) if r["total"] else None
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, default=ROOT / "corpus" / "realdocs")
    ap.add_argument("--truth", type=Path, default=None, help="default: documents.tsv in --texts")
    ap.add_argument("--misses", choices=FIELDS, action="append", default=[], help="list the misses of a field")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    truth = load_truth(args.truth or args.texts / "documents.tsv")
    result = score(args.texts, truth)
    if args.json:
        print(json.dumps({f: {k: v for k, v in r.items() if k != "misses" or f in args.misses}
                          for f, r in result.items()}, ensure_ascii=False))
        return 0
    print(f"{'field':8} {'right':>6} {'total':>6} {'accuracy':>9}")
    for f, r in result.items():
        print(f"{f:8} {r['right']:6d} {r['total']:6d} {r['accuracy']:9.3f}")
    for f in args.misses:
        print(f"\nmisses of {f}:")
        for id_, true, read in result[f]["misses"]:
            print(f"  {id_}  true={true!r}  read={read!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
