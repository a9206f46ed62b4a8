"""Scoring obligation extraction against the gold of the real documents
(tests/data/gold/real_obligations.jsonl over tests/data/realdocs/<id>.txt).

One matching for both gold sets (tests/test_obligations.py uses it too): a predicted obligation matches a gold record when
it is in the same document, its span overlaps the gold record's line and its normalised
actor equals the gold's; one-to-one, greedy in document order, a candidate of the gold's
source preferred. Run as a script to print the scores and every miss:

    .venv/bin/python -m tests.real_gold
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from cancu.nlp.model import SourceText
from cancu.nlp.obligations import Obligation
from cancu.pipeline import Extractor, load_registry

DATA = Path(__file__).resolve().parent / "data"
GOLD_FILE = DATA / "gold" / "real_obligations.jsonl"
TEXTS = DATA / "realdocs"
SOURCES = ("closing_article", "article", "numbered_item", "letter_body", "appendix_table", "reporting")


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of `text`, line breaks left out."""
    spans, pos = [], 0
    for raw in text.split("\n"):
        spans.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    return spans


def load_gold() -> list[dict]:
    return [json.loads(l) for l in GOLD_FILE.read_text(encoding="utf-8").splitlines() if l.strip()]


def extract_all(gold: list[dict]) -> tuple[dict[str, str], dict[str, list[Obligation]]]:
    docs = sorted({g["doc"] for g in gold})
    texts = {d: (TEXTS / d).read_text(encoding="utf-8") for d in docs}
    # as the pipeline reads them: with the document's own issuer from its header
    extractor = Extractor(load_registry())
    preds = {d: extractor.extract(SourceText(str(TEXTS / d), texts[d], "txt"), obligations=True).obligations
             for d in docs}
    return texts, preds


@dataclass
class Match:
    pairs: list[tuple[dict, Obligation]]
    fns: list[dict]
    fps: list[tuple[str, Obligation]]

    @property
    def prf(self) -> tuple[float, float, float]:
        tp, fn, fp = len(self.pairs), len(self.fns), len(self.fps)
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def match(gold: list[dict], texts: dict[str, str], preds: dict[str, list[Obligation]],
          source: str | None = None) -> Match:
    out = Match([], [], [])
    by_doc = defaultdict(list)
    for g in gold:
        if source is None or g["source"] == source:
            by_doc[g["doc"]].append(g)
    for doc, text in texts.items():
        lines = line_spans(text)
        cands = [p for p in preds[doc] if source is None or p.source == source]
        used: set[int] = set()
        for g in by_doc.get(doc, []):
            ls, le = lines[g["line"] - 1]
            best = None
            for i, p in enumerate(cands):
                if i in used or not (p.start < le and p.end > ls):
                    continue
                # the seed gold leaves actor_normalized null where it names no agency
                if g["actor_normalized"] is not None and p.actor_normalized != g["actor_normalized"]:
                    continue
                if best is None or (p.source == g["source"] and cands[best].source != g["source"]):
                    best = i
            if best is None:
                out.fns.append(g)
            else:
                used.add(best)
                out.pairs.append((g, cands[best]))
        out.fps += [(doc, p) for i, p in enumerate(cands) if i not in used]
    return out


def report(m: Match, texts: dict[str, str]) -> str:
    lines = []
    for g in m.fns:
        lines.append(f"  FN {g['doc'][:4]}:{g['line']} [{g['source']} {g['section']}] "
                     f"{g['actor_normalized']!r}: {g['task'][:60]}")
    for doc, p in m.fps:
        ln = texts[doc].count("\n", 0, p.start) + 1
        lines.append(f"  FP {doc[:4]}:{ln} [{p.source} {p.section}] {p.actor_normalized!r}: {p.task[:60]}")
    return "\n".join(lines)


def summary(gold, texts, preds) -> tuple[dict[str, float], str]:
    """F1 overall and per source, modality accuracy on the matched pairs, and a printable
    report of every miss."""
    scores: dict[str, float] = {}
    allm = match(gold, texts, preds)
    p, r, f = allm.prf
    scores["overall"] = f
    msg = [f"overall P={p:.3f} R={r:.3f} F1={f:.3f} (tp={len(allm.pairs)} fn={len(allm.fns)} fp={len(allm.fps)})"]
    for src in SOURCES:
        m = match(gold, texts, preds, source=src)
        p, r, f = m.prf
        scores[src] = f
        msg.append(f"  {src}: P={p:.3f} R={r:.3f} F1={f:.3f} (tp={len(m.pairs)} fn={len(m.fns)} fp={len(m.fps)})")
    bad_mod = [(g, p) for g, p in allm.pairs if g["modality"] != p.modality]
    scores["modality"] = 1 - len(bad_mod) / len(allm.pairs) if allm.pairs else 0.0
    msg.append(f"  modality accuracy {scores['modality']:.3f} on {len(allm.pairs)} pairs")
    for g, p in bad_mod:
        msg.append(f"  modality {g['doc'][:4]}:{g['line']} gold={g['modality']} got={p.modality}")
    fields = {"co_leads": lambda g, p: g.get("co_leads", []) == p.co_leads,
              "cooperating": lambda g, p: g["cooperating"] == p.cooperating,
              "reports_to": lambda g, p: g["reports_to"] == p.reports_to,
              "source": lambda g, p: g["source"] == p.source,
              "section": lambda g, p: g["section"] == p.section}
    for name, same in fields.items():
        bad = [(g, p) for g, p in allm.pairs if not same(g, p)]
        scores[name] = 1 - len(bad) / len(allm.pairs) if allm.pairs else 0.0
        msg.append(f"  {name} accuracy {scores[name]:.3f}")
        for g, p in bad:
            want = g.get(name, []) if name == "co_leads" else g[name]
            msg.append(f"    {name} {g['doc'][:4]}:{g['line']} gold={want!r} got={getattr(p, name)!r}")
    msg.append(report(allm, texts))
    return scores, "\n".join(msg)


if __name__ == "__main__":
    gold = load_gold()
    texts, preds = extract_all(gold)
    print(summary(gold, texts, preds)[1])
