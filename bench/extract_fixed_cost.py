"""Where a real document's extraction time goes: a cost per document whatever its length,
a cost per byte and a cost per mention found.

    python bench/extract_fixed_cost.py [--texts DIR] [--rounds 5]

Each document of the folder (default ../shared/realdocs/texts) goes through bench/extract.py's
stages, normalised, its document info read, its mentions extracted, but one document at a time
(bench/extract.py reads a batch stage by stage, as the pipeline does; a fit needs each
document's own time, so these costs include what a batch saves). Each stage is timed
in CPU per document, the least of `--rounds` rounds (a slow round is the machine, not the
code; later rounds reuse what the first cached, as in bench/extract.py --repeat). A
least-squares fit per stage, time = per document + per byte × UTF-8 bytes + per mention ×
mentions, splits it in three. Plan text, one long text, pays the per-document part once;
real documents pay it each, and a short one is mostly header and preamble ("Căn cứ …"), so
it has more mentions per byte too. The last lines say what the folder would run at without
the per-document part, and how small that part must be for the goal of issue #16 (10 MB/s)
at today's other costs.
"""
from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cancu.pipeline import Extractor, load_registry  # noqa: E402
from cancu.nlp.citations import extract_mentions  # noqa: E402
from cancu.nlp.document import read_document_info  # noqa: E402
from cancu.nlp.text.normalize import normalize  # noqa: E402

REALDOCS = ROOT.parent / "shared" / "realdocs" / "texts"
STAGES = ("normalise", "document info", "extract")
GOAL_MB_PER_S = 10.0


@dataclass(frozen=True)
class Costs:
    per_document: float   # seconds
    per_byte: float
    per_mention: float

    def of(self, documents: int, size: int, mentions: int) -> tuple[float, float, float]:
        return self.per_document * documents, self.per_byte * size, self.per_mention * mentions


def fit_costs(sizes: list[int], mentions: list[int], seconds: list[float]) -> Costs:
    """The least-squares fit seconds = per_document + per_byte × size + per_mention × mentions."""
    import numpy as np
    columns = np.column_stack([np.ones(len(sizes)), sizes, mentions]).astype(float)
    if len(sizes) < 3 or np.linalg.matrix_rank(columns) < 3:
        raise ValueError("fit_costs: the documents must differ in size and in mentions per byte")
    solution = np.linalg.lstsq(columns, np.asarray(seconds, dtype=float), rcond=None)[0]
    return Costs(*map(float, solution))


def stage_times(text: str, extractor: Extractor) -> tuple[float, float, float, int]:
    """CPU seconds of each stage for one document, and its mentions."""
    clock = time.process_time
    a = clock()
    norm = normalize(text)
    b = clock()
    info = read_document_info(text, normalized=norm)
    c = clock()
    mentions = extract_mentions(text, names=extractor.names, own_type=info.type, own_symbol=info.symbol,
                                from_offset=info.summary_end or 0, normalized=norm)
    return b - a, c - b, clock() - c, len(mentions)


def least_times(texts: list[str], extractor: Extractor, rounds: int) -> list[tuple[float, ...]]:
    """Per document, the least time of each stage over `rounds` rounds, and its mentions."""
    best: list[tuple[float, ...]] | None = None
    for _ in range(rounds):
        times = [stage_times(t, extractor) for t in texts]
        best = times if best is None else [tuple(map(min, a, b)) for a, b in zip(best, times)]
    return best or []


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", default=str(REALDOCS), help="folder of documents (*.txt)")
    ap.add_argument("--rounds", type=int, default=5, help="rounds; each document's least time is kept")
    args = ap.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(args.texts).glob("*.txt"))]
    if len(texts) < 2:
        sys.exit(f"{args.texts}: at least two documents are needed")
    extractor = Extractor(load_registry())
    extract_mentions(texts[0], names=extractor.names)      # compile the patterns first
    sizes = [len(t.encode("utf-8")) for t in texts]
    times = least_times(texts, extractor, max(1, args.rounds))
    mentions = [int(t[-1]) for t in times]
    docs, total_bytes, total_mentions = len(texts), sum(sizes), sum(mentions)

    print(f"{args.texts}: {docs} documents, {total_bytes / 1e6:.2f} MB, {total_mentions} mentions, "
          f"least of {args.rounds} rounds")
    print(f"  {'stage':<16}{'µs/document':>13}{'ns/byte':>10}{'µs/mention':>12}{'total s':>10}")
    fits = []
    for i, stage in enumerate(STAGES):
        costs = fit_costs(sizes, mentions, [t[i] for t in times])
        fits.append(costs)
        print(f"  {stage:<16}{costs.per_document * 1e6:>13.0f}{costs.per_byte * 1e9:>10.1f}"
              f"{costs.per_mention * 1e6:>12.1f}{sum(t[i] for t in times):>10.3f}")
    total = Costs(*(sum(getattr(c, f) for c in fits) for f in ("per_document", "per_byte", "per_mention")))
    measured = sum(sum(t[:len(STAGES)]) for t in times)
    print(f"  {'all':<16}{total.per_document * 1e6:>13.0f}{total.per_byte * 1e9:>10.1f}"
          f"{total.per_mention * 1e6:>12.1f}{measured:>10.3f}")
    parts = total.of(docs, total_bytes, total_mentions)
    print(f"extraction {total_bytes / 1e6 / measured:.2f} MB/s; of the time, per document "
          f"{100 * parts[0] / measured:.0f}%, per byte {100 * parts[1] / measured:.0f}%, "
          f"per mention {100 * parts[2] / measured:.0f}%; without the per-document part "
          f"{total_bytes / 1e6 / (parts[1] + parts[2]):.2f} MB/s")
    budget = (total_bytes / 1e6 / GOAL_MB_PER_S - parts[1] - parts[2]) / docs
    if budget > 0:
        print(f"{GOAL_MB_PER_S:.0f} MB/s at these costs per byte and per mention needs at most "
              f"{budget * 1e6:.0f} µs per document")
    else:
        print(f"{GOAL_MB_PER_S:.0f} MB/s cannot be reached at these costs per byte and per mention")


if __name__ == "__main__":
    main()
