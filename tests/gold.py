"""Loading the seed gold and scoring extraction against it (shared by tests)."""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from cancu.nlp.text.fold import fold_key

ROOT = Path(__file__).resolve().parent.parent
GOLD = Path(__file__).resolve().parent / "data" / "gold"
PLANS = ROOT / "corpus" / "plans"
REALDOCS = Path(__file__).resolve().parent / "data" / "realdocs"


@dataclass(frozen=True)
class Span:
    doc: str
    start: int
    end: int
    symbol: str | None
    name: str | None
    text: str


def line_starts(text: str) -> list[int]:
    starts = [0]
    starts += [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    return starts


def gold_mentions(gold_file: str | Path = "seed_citations.jsonl", texts_dir: Path = PLANS) -> list[Span]:
    """The gold mentions of one gold file (a name under tests/data/gold, or a path), located in
    the texts of `texts_dir`."""
    out = []
    cursor: dict[tuple[str, int], int] = {}
    texts: dict[str, str] = {}
    path = gold_file if isinstance(gold_file, Path) else GOLD / gold_file
    for raw in open(path, encoding="utf-8"):
        if not raw.strip():
            continue
        r = json.loads(raw)
        text = texts.setdefault(r["doc"], (texts_dir / r["doc"]).read_text(encoding="utf-8"))
        line_start = line_starts(text)[r["line"] - 1]
        frm = max(line_start, cursor.get((r["doc"], r["line"]), line_start))
        start = text.index(r["text"], frm)
        cursor[(r["doc"], r["line"])] = start + 1
        out.append(Span(r["doc"], start, start + len(r["text"]), r["symbol"], r["name"], r["text"]))
    return out


def predicted_mentions(texts_dir: Path) -> list[Span]:
    """Every mention the pipeline extracts from the .txt files of a folder, as Spans;
    each mention's text must be the original text at its offsets."""
    from cancu.pipeline import Extractor, load_registry
    from cancu.nlp.model import SourceText
    extractor = Extractor(load_registry())
    spans = []
    for path in sorted(texts_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        doc = extractor.extract(SourceText(str(path), text, "txt"))
        for r in doc.resolutions:
            m = r.mention
            assert text[m.start:m.end] == m.text, (path.name, m.start, m.text)
            spans.append(Span(path.name, m.start, m.end, r.cited_symbol, m.name, m.text))
    return spans


def instrument_key(symbol: str | None, name: str | None) -> str:
    if symbol:
        return unicodedata.normalize("NFC", symbol)
    return "name:" + fold_key(name or "").replace(" o ", " ")


def same_instrument(a: str, b: str) -> bool:
    if a == b:
        return True
    if a.startswith("name:") and b.startswith("name:"):
        x, y = a[5:], b[5:]
        return x.startswith(y) or y.startswith(x)
    return False


@dataclass
class Score:
    matched: int
    predicted: int
    gold: int
    misses: list[str]
    extras: list[str]

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0


def score_mentions(pred: list[Span], gold: list[Span]) -> Score:
    used: set[int] = set()
    matched = 0
    extras = []
    for p in pred:
        hit = next((i for i, g in enumerate(gold) if i not in used and g.doc == p.doc
                    and g.start < p.end and p.start < g.end
                    and instrument_key(g.symbol, None if g.symbol else "x") == instrument_key(p.symbol, None if p.symbol else "x")),
                   None)
        if hit is None:
            extras.append(f"{p.doc[:3]}@{p.start} {p.symbol} «{' '.join(p.text.split())}»")
        else:
            used.add(hit)
            matched += 1
    misses = [f"{g.doc[:3]}@{g.start} {g.symbol} «{' '.join(g.text.split())}»"
              for i, g in enumerate(gold) if i not in used]
    return Score(matched, len(pred), len(gold), misses, extras)


def score_instruments(pred: list[Span], gold: list[Span]) -> Score:
    def keys(spans: list[Span]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for s in spans:
            out.setdefault(s.doc, set()).add(instrument_key(s.symbol, s.name or s.text))
        return out
    pk, gk = keys(pred), keys(gold)
    matched = predicted = total = 0
    misses, extras = [], []
    for doc in sorted(set(pk) | set(gk)):
        p, g = pk.get(doc, set()), gk.get(doc, set())
        predicted += len(p)
        total += len(g)
        for k in p:
            if any(same_instrument(k, x) for x in g):
                matched += 1
            else:
                extras.append(f"{doc[:3]} {k}")
        misses += [f"{doc[:3]} {k}" for k in g if not any(same_instrument(k, x) for x in p)]
    return Score(matched, predicted, total, misses, extras)
