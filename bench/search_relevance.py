"""Search relevance on judged queries: nDCG@10 and recall@10, overall and by kind.

The queries (tests/data/search_queries_real.tsv) are typed as legal staff type them:
topics, agencies, instruments in several spellings, each with and without diacritics,
judged over the seed plans and the real documents (corpus/realdocs/, or
../shared/realdocs/texts beside the clone, or $CANCU_REALDOCS).

    .venv/bin/python bench/search_relevance.py                 # ingest into a temporary workspace
    .venv/bin/python bench/search_relevance.py --home /tmp/ws  # reuse (or create) a workspace

nDCG@10 uses the graded judgements (gain 2^grade - 1, log2 discount, ideal ranking of
the judged documents); recall@10 counts the relevant documents in the top ten out of
min(10, number relevant), so a need with 13 relevant documents can still reach 1.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

QUERIES = ROOT / "tests" / "data" / "search_queries_real.tsv"
SEEDS = ROOT / "corpus" / "plans"
K = 10


@dataclass(frozen=True)
class Judged:
    qid: str
    kind: str
    query: str
    grades: dict[str, int]          # document (file name without extension) → grade

    @property
    def accented(self) -> bool:
        return self.qid.endswith("a")


def realdocs_dir() -> Path | None:
    """Where the real documents are: embedded, beside the clone, or as the environment says."""
    import os
    for candidate in (os.environ.get("CANCU_REALDOCS"), ROOT / "corpus" / "realdocs",
                      ROOT.parent / "shared" / "realdocs" / "texts"):
        if candidate and Path(candidate).is_dir() and any(Path(candidate).glob("*.txt")):
            return Path(candidate)
    return None


def load_queries(path: Path = QUERIES) -> list[Judged]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        qid, kind, query, relevant = line.split("\t")
        grades = {d: int(g) for d, g in (item.rsplit(":", 1) for item in relevant.split(","))}
        out.append(Judged(qid, kind, query, grades))
    return out


def ndcg(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    dcg = sum((2 ** grades.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 1.0


def recall(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    relevant = {d for d, g in grades.items() if g > 0}
    return len(relevant & set(ranked[:k])) / min(k, len(relevant)) if relevant else 1.0


def stem(doc_id: str) -> str:
    return doc_id[:-4] if doc_id.lower().endswith(".txt") else doc_id


def evaluate(search, queries: list[Judged]) -> dict:
    """`search(query) → ranked document ids`. Figures overall, by kind and by accents."""
    per_query = []
    for j in queries:
        ranked = [stem(d) for d in search(j.query)]
        per_query.append({"qid": j.qid, "kind": j.kind, "query": j.query,
                          "ndcg@10": ndcg(ranked, j.grades), "recall@10": recall(ranked, j.grades)})
    groups: dict[str, list[dict]] = defaultdict(list)
    for q, j in zip(per_query, queries):
        groups["all"].append(q)
        groups[j.kind].append(q)
        groups["accented" if j.accented else "accentless"].append(q)
    summary = {name: {"n": len(rows),
                      "ndcg@10": sum(r["ndcg@10"] for r in rows) / len(rows),
                      "recall@10": sum(r["recall@10"] for r in rows) / len(rows)}
               for name, rows in groups.items()}
    return {"summary": summary, "queries": per_query}


def build_workspace(home: Path, realdocs: Path) -> None:
    """Ingest the seeds and the real documents as `cancu ingest` does (the same pipeline,
    index and instrument finder the web page searches with)."""
    import contextlib
    import io

    from cancu.cli import main as cli
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = cli(["--home", str(home), "ingest", str(SEEDS), str(realdocs)])
    if code != 0:
        raise RuntimeError(f"ingest into {home} failed (exit {code})")


def searcher(home: Path):
    from cancu.services import Services
    from cancu.workspace import Workspace
    services = Services(Workspace(home))
    return lambda q: [h.doc_id for h in services.search(q, limit=K).hits]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--home", type=Path, help="workspace to use (ingested when empty)")
    ap.add_argument("--json", type=Path, help="write the figures here too")
    ap.add_argument("--worst", type=int, default=8, help="list this many weakest queries")
    args = ap.parse_args(argv)
    realdocs = realdocs_dir()
    if realdocs is None:
        print("no real documents: neither corpus/realdocs/, ../shared/realdocs/texts nor "
              "$CANCU_REALDOCS holds .txt files", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home or Path(tmp) / "ws"
        if not (home / "store").exists():
            build_workspace(home, realdocs)
        result = evaluate(searcher(home), load_queries())
    print(f"{'group':12} {'n':>3} {'nDCG@10':>8} {'recall@10':>10}")
    for name, s in result["summary"].items():
        print(f"{name:12} {s['n']:3d} {s['ndcg@10']:8.3f} {s['recall@10']:10.3f}")
    print("weakest:")
    for q in sorted(result["queries"], key=lambda q: q["ndcg@10"])[:args.worst]:
        print(f"  {q['qid']} nDCG {q['ndcg@10']:.2f} recall {q['recall@10']:.2f}  {q['query']}")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
