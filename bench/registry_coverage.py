"""How much of what real documents cite the registry knows.

    python bench/registry_coverage.py [DIR …] [--registry DIR] [--on YYYY-MM-DD]
                                      [--top 300] [--show 40] [--json FILE]

Default input: the real documents (/work/shared/realdocs/texts) and the seed
plans (corpus/plans). Prints two figures and the gaps behind them:

1. Law mentions resolved: of every mention of a Hiến pháp, Bộ luật, Luật or
   Pháp lệnh, the share that resolves to one instrument (resolved or inferred);
   the unresolved and ambiguous names follow, most frequent first.
2. Status known: of the numbered national instruments cited most often (the top
   N by number of citations), the share whose status on ``--on`` (default today)
   is something other than "unknown"; the unknown ones are split into "searched,
   no public source" (a row in ``research/status_searched*.tsv``) and "not yet
   searched", and follow, most cited first.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cancu.pipeline import Extractor, load_registry  # noqa: E402
from cancu.kg.iri import needs_issuer  # noqa: E402
from cancu.kg.model import ResolutionStatus  # noqa: E402
from cancu.kg.registry.instruments import default_registry_dir  # noqa: E402
from cancu.nlp.readers import read_document  # noqa: E402

DEFAULT_INPUTS = (ROOT.parent / "shared" / "realdocs" / "texts", ROOT / "corpus" / "plans")
LAW_TYPES = ("Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh")
RESOLVED = (ResolutionStatus.RESOLVED, ResolutionStatus.INFERRED)
_PARTY = re.compile(r"^\d+[a-zA-Z]?-[^/]+/")
_NUMBERED = re.compile(r"^\d")


def is_national_numbered(symbol: str) -> bool:
    """A number issued by a national body: not local (needs an issuer), not a party number."""
    return bool(_NUMBERED.match(symbol)) and not needs_issuer(symbol) and not _PARTY.match(symbol)


SEARCHED_GLOB = "status_searched*.tsv"     # one file per research pass, same header
SEARCHED_COLUMNS = ("key", "searched_on", "queries", "result", "by")


def searched_keys(registry_dir: str | None) -> dict[str, str]:
    """Registry keys searched for a status statement without finding one (every
    ``research/status_searched*.tsv``, merged), with the newest date searched."""
    research = Path(registry_dir or default_registry_dir()) / "research"
    found: dict[str, str] = {}
    for path in sorted(research.glob(SEARCHED_GLOB)):
        with path.open(encoding="utf-8", newline="") as fh:
            rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t",
                                  quoting=csv.QUOTE_NONE)
            if tuple(rows.fieldnames or ()) != SEARCHED_COLUMNS:
                raise SystemExit(f"{path}: header must be {' '.join(SEARCHED_COLUMNS)}, not {rows.fieldnames}")
            for row in rows:
                dt.date.fromisoformat(row["searched_on"])   # a bad date is an error, not a silent skip
                found[row["key"]] = max(found.get(row["key"], ""), row["searched_on"])
    return found


def measure(inputs: list[Path], registry_dir: str | None, on: dt.date, top: int) -> dict:
    registry = load_registry(registry_dir)
    extractor = Extractor(registry, registry_dir)
    files = sorted(p for d in inputs for p in (d.glob("*.txt") if d.is_dir() else [d]))
    law_total = law_resolved = embedded_total = embedded_resolved = 0
    gaps: Counter[str] = Counter()
    cited: Counter[str] = Counter()
    for path in files:
        doc = extractor.extract(read_document(path))
        for r in doc.resolutions:
            m = r.mention
            if m.type in LAW_TYPES and m.embedded:
                # A bare name inside another citation's title stays name-only when several
                # laws share it (the gold's convention): counted apart, not as a miss.
                embedded_total += 1
                embedded_resolved += r.status in RESOLVED
            elif m.type in LAW_TYPES:
                law_total += 1
                if r.status in RESOLVED:
                    law_resolved += 1
                else:
                    what = m.symbol or m.name or " ".join(m.text.split())
                    gaps[f"{r.status.value}: {what}"] += 1
            symbol = r.symbol or m.symbol
            if symbol and r.status in RESOLVED and is_national_numbered(symbol):
                entry = registry.get(symbol, year=r.key.year if r.key else None)
                cited[entry.key if entry else symbol] += 1
    # ties broken by key, so that a change elsewhere does not swap which of the instruments
    # cited equally often make the cut (Counter.most_common keeps insertion order in a tie)
    most_cited = sorted(cited.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    unknown = []
    searched = searched_keys(registry_dir)
    codes: Counter[str] = Counter()
    by_statement = 0        # "in force" vouched only by a dated statement (research/status.tsv)
    for symbol, count in most_cited:
        status = registry.status_at(symbol, on)
        codes[status.code] += 1
        by_statement += status.confirmed_on is not None
        if status.code == "unknown":
            unknown.append((symbol, count, status.explanation_vi, searched.get(symbol, "")))
    return {
        "files": len(files),
        "registry_instruments": len(registry),
        "law_mentions": law_total,
        "law_resolved": law_resolved,
        "law_resolved_share": round(law_resolved / law_total, 4) if law_total else None,
        "law_gaps": gaps.most_common(),
        "embedded_law_mentions": embedded_total,
        "embedded_law_resolved": embedded_resolved,
        "status_on": on.isoformat(),
        "top_instruments": len(most_cited),
        "top_status_known": len(most_cited) - len(unknown),
        "top_status_known_share": round(1 - len(unknown) / len(most_cited), 4) if most_cited else None,
        "top_status_codes": dict(codes.most_common()),
        "top_in_force_by_dated_statement": by_statement,
        "top_unknown_searched_no_source": sum(1 for u in unknown if u[3]),
        "top_unknown_not_searched": sum(1 for u in unknown if not u[3]),
        "top_unknown": unknown,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="*", type=Path, help="folders of .txt files (default: realdocs and seeds)")
    ap.add_argument("--registry", help="registry folder (default corpus/registry)")
    ap.add_argument("--on", type=dt.date.fromisoformat, default=dt.date.today(),
                    help="date the status is asked for (default today)")
    ap.add_argument("--top", type=int, default=300, help="how many of the most cited instruments")
    ap.add_argument("--show", type=int, default=40, help="how many gaps to list (0: all)")
    ap.add_argument("--json", help="also write every figure and gap to this file")
    args = ap.parse_args()
    inputs = args.inputs or [p for p in DEFAULT_INPUTS if p.exists()]
    res = measure(inputs, args.registry, args.on, args.top)
    show = args.show or None
    print(f"files: {res['files']}, registry instruments: {res['registry_instruments']}")
    print(f"law mentions (Hiến pháp/Bộ luật/Luật/Pháp lệnh) resolved or inferred: "
          f"{res['law_resolved']}/{res['law_mentions']} = {res['law_resolved_share']}")
    print(f"  (besides {res['embedded_law_mentions']} bare law names inside other citations' titles, "
          f"{res['embedded_law_resolved']} resolved: name-only where several laws share the name)")
    print(f"numbered national instruments among the {res['top_instruments']} most cited "
          f"with a status other than unknown on {res['status_on']}: "
          f"{res['top_status_known']}/{res['top_instruments']} = {res['top_status_known_share']}")
    print("  by status: " + ", ".join(f"{c} {n}" for c, n in res["top_status_codes"].items())
          + f"; in force only by a dated statement (not checked since its date): "
          f"{res['top_in_force_by_dated_statement']}")
    print(f"  status known {res['top_status_known']}, searched with no public source "
          f"{res['top_unknown_searched_no_source']}, not yet searched {res['top_unknown_not_searched']}")
    print("\nlaw mentions not resolved, most frequent first:")
    for what, n in res["law_gaps"][:show]:
        print(f"  {n:4d}  {what}")
    print("\nmost cited instruments whose status is unknown:")
    for symbol, n, why, searched_on in res["top_unknown"][:show]:
        mark = f"[tìm {searched_on}, không thấy nguồn] " if searched_on else ""
        print(f"  {n:4d}  {symbol}  — {mark}{why}")
    if args.json:
        Path(args.json).write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
