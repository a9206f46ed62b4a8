"""Score the project's extractor against a corpus written by bench/corpus.py.

    python bench/score_corpus.py DIR [--limit N] [--misses 20] [--json FILE]

Citations: a predicted mention matches a truth one of the same document when their
spans overlap and their symbols agree (the mention's symbol, else the resolved
registry symbol; None for a name-only mention left unresolved). Obligations: same
document, overlapping spans, same normalised actor. Each truth and each prediction is
matched at most once. Also reported: recall by citation form, deadline agreement on
matched obligations, modality agreement, and the stale-citation audit (findings
"stale" against the truth's expected_stale). Prints a table and the first misses of
each kind.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cancu.kg.audit.findings import FindingKind  # noqa: E402
from cancu.pipeline import Extractor, load_registry  # noqa: E402
from cancu.nlp.model import SourceText  # noqa: E402
from cancu.nlp.readers import read_document  # noqa: E402


def _nfc(s: str | None) -> str | None:
    return unicodedata.normalize("NFC", s) if s else s


def _match(truth: list[dict], pred: list[dict], same) -> tuple[list[tuple[int, int]], set[int], set[int]]:
    """Greedy one-to-one matching by overlap, largest overlap first."""
    pairs = []
    for i, t in enumerate(truth):
        for j, p in enumerate(pred):
            ov = min(t["end"], p["end"]) - max(t["start"], p["start"])
            if ov > 0 and same(t, p):
                pairs.append((ov, i, j))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_t, used_p, matched = set(), set(), []
    for _, i, j in pairs:
        if i in used_t or j in used_p:
            continue
        used_t.add(i)
        used_p.add(j)
        matched.append((i, j))
    return matched, used_t, used_p


def _prf(tp: int, n_pred: int, n_truth: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_truth if n_truth else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(folder: str | Path, *, limit: int | None = None, audit: bool = True) -> dict:
    folder = Path(folder)
    registry = load_registry()
    extractor = Extractor(registry)
    auditor = None
    if audit:
        from cancu.kg.audit.auditor import Auditor
        auditor = Auditor(registry)
    c_tp = c_pred = c_truth = 0
    o_tp = o_pred = o_truth = 0
    by_form = defaultdict(lambda: [0, 0])   # form -> [found, total]
    dl_agree = dl_total = mod_agree = 0
    stale_exp = stale_found = stale_extra = 0
    c_fn, c_fp, o_fn, o_fp, s_fn = [], [], [], [], []
    errors = []
    docs = 0
    t0 = time.perf_counter()
    with open(folder / "truth.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if limit is not None and docs >= limit:
                break
            truth = json.loads(line)
            docs += 1
            path = folder / truth["file"]
            try:
                src = read_document(path)
                doc = extractor.extract(SourceText(str(path), src.text, src.format), obligations=True)
            except Exception as exc:   # a crash is a finding, not the end of the run
                errors.append(f"{truth['file']}: {type(exc).__name__}: {exc}")
                c_truth += len(truth["citations"])
                o_truth += len(truth["obligations"])
                continue
            text = src.text
            preds = []
            for r in doc.resolutions:
                m = r.mention
                sym = m.symbol or (r.symbol if r.status.value == "resolved" else None)
                preds.append({"start": m.start, "end": m.end, "symbol": _nfc(sym), "status": r.status.value})
            tcs = truth["citations"]
            matched, used_t, used_p = _match(tcs, preds, lambda t, p: _nfc(t["symbol"]) == p["symbol"])
            c_tp += len(matched)
            c_pred += len(preds)
            c_truth += len(tcs)
            for i, t in enumerate(tcs):
                by_form[t.get("form") or "?"][1] += 1
                if i in used_t:
                    by_form[t.get("form") or "?"][0] += 1
                else:
                    near = [p for p in preds if min(t["end"], p["end"]) > max(t["start"], p["start"])]
                    got = f" (found {near[0]['symbol']!r} {near[0]['status']})" if near else " (no overlapping mention)"
                    c_fn.append(f"{truth['file']}@{t['start']} [{t.get('form')}] {text[t['start']:t['end']]!r} "
                                f"want {t['symbol']!r}{got}")
            for j, p in enumerate(preds):
                if j not in used_p:
                    over = any(min(t["end"], p["end"]) > max(t["start"], p["start"]) for t in tcs)
                    c_fp.append(f"{truth['file']}@{p['start']} {text[p['start']:p['end']]!r} -> {p['symbol']!r} "
                                f"{p['status']}{' (span of a truth mention, other symbol)' if over else ''}")
            # obligations
            pos = [{"start": o.start, "end": o.end, "actor": _nfc(o.actor_normalized),
                    "deadlines": [d.text for d in (o.deadlines or [])], "modality": str(getattr(o, "modality", ""))}
                   for o in (doc.obligations or [])]
            tos = truth["obligations"]
            matched, used_t, used_p = _match(tos, pos, lambda t, p: _nfc(t["actor_normalized"]) == p["actor"])
            o_tp += len(matched)
            o_pred += len(pos)
            o_truth += len(tos)
            for i, j in matched:
                t, p = tos[i], pos[j]
                dl_total += 1
                if sorted(_nfc(d).lower() for d in t["deadlines"]) == sorted(_nfc(d).lower() for d in p["deadlines"]):
                    dl_agree += 1
                if t["modality"] in p["modality"]:
                    mod_agree += 1
            for i, t in enumerate(tos):
                if i not in used_t:
                    near = [p for p in pos if min(t["end"], p["end"]) > max(t["start"], p["start"])]
                    got = f" (found actor {near[0]['actor']!r})" if near else " (nothing overlapping)"
                    o_fn.append(f"{truth['file']}@{t['start']} [{t['source']}] actor {t['actor_normalized']!r}: "
                                f"{text[t['start']:t['end']][:90]!r}{got}")
            for j, p in enumerate(pos):
                if j not in used_p:
                    o_fp.append(f"{truth['file']}@{p['start']} actor {p['actor']!r}: {text[p['start']:p['end']][:90]!r}")
            # audit
            if auditor is not None:
                findings = auditor.audit(str(path), doc.info, doc.resolutions)
                stale_syms = {_nfc(f.symbol) for f in findings if f.finding == FindingKind.STALE}
                resolved_stale = set()
                for f in findings:
                    if f.finding == FindingKind.STALE and f.start is not None:
                        for r in doc.resolutions:
                            if r.mention.start == f.start and r.symbol:
                                resolved_stale.add(_nfc(r.symbol))
                got = stale_syms | resolved_stale
                exp = {_nfc(s) for s in truth.get("expected_stale", [])}
                stale_exp += len(exp)
                stale_found += len(exp & got)
                stale_extra += len({s for s in got if s} - exp - {None})
                for s in sorted(exp - got):
                    s_fn.append(f"{truth['file']} dated {truth['date']}: expected stale {s}")
    elapsed = time.perf_counter() - t0
    cp, cr, cf = _prf(c_tp, c_pred, c_truth)
    op, orr, of = _prf(o_tp, o_pred, o_truth)
    return {
        "documents": docs, "seconds": round(elapsed, 2), "errors": errors,
        "citations": {"truth": c_truth, "predicted": c_pred, "matched": c_tp,
                      "precision": round(cp, 4), "recall": round(cr, 4), "f1": round(cf, 4)},
        "obligations": {"truth": o_truth, "predicted": o_pred, "matched": o_tp,
                        "precision": round(op, 4), "recall": round(orr, 4), "f1": round(of, 4),
                        "deadlines_agree": round(dl_agree / dl_total, 4) if dl_total else None,
                        "modality_agree": round(mod_agree / dl_total, 4) if dl_total else None},
        "audit": {"expected_stale": stale_exp, "found": stale_found, "extra_stale_symbols": stale_extra,
                  "recall": round(stale_found / stale_exp, 4) if stale_exp else None},
        "recall_by_form": {k: {"found": v[0], "total": v[1], "recall": round(v[0] / v[1], 4)}
                           for k, v in sorted(by_form.items())},
        "misses": {"citation_fn": c_fn, "citation_fp": c_fp, "obligation_fn": o_fn, "obligation_fp": o_fp,
                   "stale_fn": s_fn},
    }


def print_report(res: dict, misses: int = 20) -> None:
    print(f"{res['documents']} documents scored in {res['seconds']} s")
    print(f"{'':14}{'truth':>8}{'pred':>8}{'match':>8}{'P':>8}{'R':>8}{'F1':>8}")
    for k in ("citations", "obligations"):
        r = res[k]
        print(f"{k:14}{r['truth']:>8}{r['predicted']:>8}{r['matched']:>8}{r['precision']:>8.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}")
    o = res["obligations"]
    print(f"matched obligations: deadlines agree {o['deadlines_agree']}, modality agrees {o['modality_agree']}")
    a = res["audit"]
    print(f"audit: expected stale {a['expected_stale']}, found {a['found']} (recall {a['recall']}), "
          f"other stale symbols reported {a['extra_stale_symbols']}")
    print("citation recall by form:")
    for k, v in res["recall_by_form"].items():
        print(f"  {k:18}{v['found']:>7}/{v['total']:<7}{v['recall']:.3f}")
    if res["errors"]:
        print(f"errors ({len(res['errors'])}):")
        for e in res["errors"][:misses]:
            print("  " + e)
    for key, label in (("citation_fn", "citation misses (truth not found)"),
                       ("citation_fp", "citation false positives"),
                       ("obligation_fn", "obligation misses"),
                       ("obligation_fp", "obligation false positives"),
                       ("stale_fn", "stale citations the audit did not report")):
        items = res["misses"][key]
        print(f"\n{label}: {len(items)}")
        for s in items[:misses]:
            print("  " + s)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("--limit", type=int, help="score only the first N documents")
    ap.add_argument("--misses", type=int, default=20, help="misses of each kind to print")
    ap.add_argument("--no-audit", action="store_true")
    ap.add_argument("--json", help="write the figures (with all misses) to this file")
    args = ap.parse_args(argv)
    res = score(args.folder, limit=args.limit, audit=not args.no_audit)
    print_report(res, args.misses)
    if args.json:
        Path(args.json).write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
