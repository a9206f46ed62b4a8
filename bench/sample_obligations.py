"""Draw a fixed random sample of extracted obligations for a hand check (issue #12).

    .venv/bin/python bench/sample_obligations.py [--n 40] [--seed 2026] [--context 3]

Runs what `cancu extract --obligations` runs (the library's Extractor, in this process)
over corpus/realdocs/*.txt except the documents of the obligation gold
(tests/data/gold/real_obligations.jsonl), collects every obligation in file-name then
document order, and draws n of them with random.Random(seed). For each it prints the
document, its type (corpus/realdocs/documents.tsv), the 1-based line of the obligation's
start, the extracted fields and the surrounding lines, so that a reader can judge it.
The verdicts are recorded in tests/data/obligations_hand_check.tsv; `--template` prints the
sample as rows of that file with the verdict and why columns left empty, to be filled by hand.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cancu.pipeline import Extractor, load_registry  # noqa: E402
from cancu.nlp.obligations import Obligation  # noqa: E402
from cancu.nlp.readers import read_document  # noqa: E402

REALDOCS = ROOT / "corpus" / "realdocs"
GOLD_FILE = ROOT / "tests" / "data" / "gold" / "real_obligations.jsonl"
TSV_COLUMNS = ("doc", "line", "source", "modality", "actor", "task", "verdict", "why")
TASK_SHOWN = 200    # characters of the task kept in the hand-check file


@dataclass
class Located:
    """One extracted obligation with where it sits in its document."""
    doc: str            # file name, as the gold's `doc`
    line: int           # 1-based line of the obligation's start
    obligation: Obligation


def gold_documents(gold_file: Path = GOLD_FILE) -> set[str]:
    lines = gold_file.read_text(encoding="utf-8").splitlines()
    return {json.loads(l)["doc"] for l in lines if l.strip()}


def document_types(folder: Path = REALDOCS) -> dict[str, str]:
    with (folder / "documents.tsv").open(encoding="utf-8", newline="") as f:
        return {row["id"]: row["type"] for row in csv.DictReader(f, delimiter="\t")}


def candidate_files(folder: Path = REALDOCS, exclude: set[str] | None = None) -> list[Path]:
    exclude = gold_documents() if exclude is None else exclude
    return sorted(p for p in folder.glob("*.txt") if p.name not in exclude)


def extract_located(paths: list[Path], extractor: Extractor | None = None) -> list[Located]:
    """Every obligation of the files, in file then document order."""
    extractor = extractor or Extractor(load_registry())
    out: list[Located] = []
    for path in paths:
        source = read_document(path)
        doc = extractor.extract(source, obligations=True)
        for o in doc.obligations or []:
            out.append(Located(path.name, source.text.count("\n", 0, o.start) + 1, o))
    return out


def draw(found: list[Located], n: int, seed: int) -> list[Located]:
    """n obligations drawn without replacement, printed in document order."""
    picked = random.Random(seed).sample(range(len(found)), min(n, len(found)))
    return [found[i] for i in sorted(picked)]


def context_lines(text: str, line: int, around: int) -> list[str]:
    lines = text.split("\n")
    lo, hi = max(1, line - around), min(len(lines), line + around)
    return [f"{'>' if i == line else ' '}{i:5d}| {lines[i - 1]}" for i in range(lo, hi + 1)]


def describe(item: Located, kind: str, text: str, around: int) -> str:
    o = item.obligation
    deadlines = [d.text for d in o.deadlines]
    rows = [f"{item.doc}:{item.line}  [{kind}]  source={o.source} section={o.section} modality={o.modality}",
            f"  actor:            {o.actor!r}",
            f"  actor_normalized: {o.actor_normalized!r}",
            f"  co_leads:         {o.co_leads}",
            f"  cooperating:      {o.cooperating}",
            f"  deadlines:        {deadlines}",
            f"  reports_to:       {o.reports_to!r}",
            f"  task:             {o.task!r}",
            f"  span ends:        line {item.line + o.text.count(chr(10))}, …{' '.join(o.text.split())[-90:]!r}",
            "  context:"]
    rows += ["    " + l for l in context_lines(text, item.line, around)]
    return "\n".join(rows)


def one_line(s: str | None) -> str:
    return " ".join((s or "").split())


def template_row(item: Located) -> str:
    o = item.obligation
    cells = [item.doc, str(item.line), o.source, o.modality, one_line(o.actor),
             one_line(o.task)[:TASK_SHOWN], "", ""]
    return "\t".join(cells)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--context", type=int, default=3, help="lines shown before and after")
    ap.add_argument("--template", action="store_true",
                    help="rows for tests/data/obligations_hand_check.tsv, verdicts empty")
    args = ap.parse_args(argv)
    files = candidate_files()
    found = extract_located(files)
    kinds = document_types()
    sample = draw(found, args.n, args.seed)
    if args.template:
        print("\t".join(TSV_COLUMNS))
        for item in sample:
            print(template_row(item))
        return 0
    print(f"{len(files)} văn bản ngoài gold / documents outside the gold, {len(found)} nhiệm vụ / "
          f"obligations; mẫu / sample {len(sample)} (random.Random({args.seed}))\n")
    for i, item in enumerate(sample, 1):
        text = (REALDOCS / item.doc).read_text(encoding="utf-8")
        print(f"#{i} " + describe(item, kinds.get(Path(item.doc).stem, "?"), text, args.context) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
