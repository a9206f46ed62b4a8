"""Citation and obligation scores on documents annotated blind (tests/data/blind/).

    .venv/bin/python bench/blind_score.py [ROUND ...] [--misses]

Each round folder holds, per document of corpus/realdocs, `<id>.citations.jsonl` and
`<id>.obligations.jsonl` in the fields of ../shared/realdocs' gold, and `<id>.notes.md` with the
annotator's borderline decisions. The annotators read the conventions and the texts only, never
this project's output (tests/data/blind/README.md says who, when and how). Scored as the real gold is
(tests/gold.py, tests/real_gold.py): a mention matches on overlap and instrument, an obligation on
its line and normalised actor. A round is a measure of documents the rules were not written
against only until a rule is fitted to it; the README records which commit each round first
measured.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cancu.nlp.model import SourceText  # noqa: E402
from cancu.pipeline import Extractor, load_registry  # noqa: E402
from tests import gold as citation_gold  # noqa: E402
from tests import real_gold as obligation_gold  # noqa: E402

BLIND = ROOT / "tests" / "data" / "blind"
TEXTS = ROOT / "corpus" / "realdocs"


@lru_cache(maxsize=1)
def _extractor() -> Extractor:
    """One extractor for every round (it compiles the registry's names once)."""
    return Extractor(load_registry())


def documents(folder: Path) -> list[str]:
    return sorted(p.name.split(".")[0] for p in folder.glob("*.citations.jsonl"))


def score_round(folder: Path, misses: bool) -> None:
    ids = documents(folder)
    print(f"\n{folder.name}: {len(ids)} documents")
    with tempfile.TemporaryDirectory() as tmp:
        for doc in ids:                       # predicted_mentions reads a folder of texts
            shutil.copy(TEXTS / f"{doc}.txt", Path(tmp) / f"{doc}.txt")
        predicted = citation_gold.predicted_mentions(Path(tmp))
    gold = [span for doc in ids
            for span in citation_gold.gold_mentions(folder / f"{doc}.citations.jsonl", TEXTS)]
    mentions = citation_gold.score_mentions(predicted, gold)
    instruments = citation_gold.score_instruments(predicted, gold)
    print(f"  citation mentions    P={mentions.precision:.3f} R={mentions.recall:.3f} "
          f"({mentions.matched} of {mentions.gold} found, {mentions.predicted} extracted)")
    print(f"  cited instruments    P={instruments.precision:.3f} R={instruments.recall:.3f}")
    obligations = [json.loads(line) for doc in ids
                   for line in (folder / f"{doc}.obligations.jsonl").read_text(encoding="utf-8").splitlines()
                   if line.strip()]
    texts = {f"{doc}.txt": (TEXTS / f"{doc}.txt").read_text(encoding="utf-8") for doc in ids}
    # as the pipeline reads them: with the document's own issuer from its header
    extractor = _extractor()
    preds = {name: extractor.extract(SourceText(name, text, "txt"), obligations=True).obligations
             for name, text in texts.items()}
    _, report = obligation_gold.summary(obligations, texts, preds)
    lines = report.splitlines()
    print("  obligations " + lines[0])
    if misses:
        for m in mentions.misses:
            print(f"  citation miss  {m}")
        for m in mentions.extras:
            print(f"  citation extra {m}")
        print("\n".join(lines[1:]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rounds", nargs="*", help="round folders (default: every folder of tests/data/blind)")
    ap.add_argument("--misses", action="store_true", help="print every miss and every extra")
    args = ap.parse_args()
    folders = [Path(r) for r in args.rounds] or sorted(p for p in BLIND.iterdir() if p.is_dir())
    for folder in folders:
        score_round(folder, args.misses)


if __name__ == "__main__":
    main()
