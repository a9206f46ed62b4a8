"""Symbol-shaped strings that no extracted mention covers: where to look for citation
forms the extractor misses.

    .venv/bin/python bench/uncovered_symbols.py [FOLDER ...] [--all]

For each *.txt of the folders (default: ../shared/realdocs/texts), runs the pipeline's
extraction and prints every string shaped like a symbol (digits, a slash, a capital:
"66.7/2025/NQ-CP", "214/2025/NĐCP", "02/2024/TT-BKHĐТ") that lies outside every mention,
grouped by document, with its context. Left out, unless --all: the document's own number
("Số: …", or the symbol its header gives), which is no citation, and a site's summary placed
before the header (`DocumentInfo.summary_end`), which is not the document. A line printed is a lead,
not a miss: forms ("mẫu số 01/TK-SDDPNN"), court judgments, a company's letters and a
technical standard ("QCVN 06:2022/BXD") are not instruments. The counts at the end say how
many strings each document leaves out.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cancu.pipeline import Extractor, load_registry  # noqa: E402
from cancu.nlp.readers import read_document  # noqa: E402

REALDOCS = ROOT.parent / "shared" / "realdocs" / "texts"
# Broader than the extractor's own grammar on purpose: any run of digits, a slash and a
# capital letter, with dots, hyphens, "&" and letters of any script after it.
SHAPE = re.compile(r"(?<![\w/.-])\d{1,5}(?:[.,]\d{1,2})?[a-zA-Z]?/(?:\d{4}/)?[^\W\d_][\w&./-]*\w")
OWN_NUMBER = re.compile(r"Số\s*:?\s*$")


def leads(path: Path, extractor: Extractor, everything: bool) -> list[tuple[str, str]]:
    source = read_document(path)
    doc = extractor.extract(source, obligations=False)
    spans = sorted((r.mention.start, r.mention.end) for r in doc.resolutions)
    own = (doc.info.symbol or "").replace(" ", "")
    text = source.text
    out = []
    for m in SHAPE.finditer(text, doc.info.summary_end or 0):
        if any(s <= m.start() < e for s, e in spans):
            continue
        found = m.group(0)
        if not everything and (OWN_NUMBER.search(text[max(0, m.start() - 12):m.start()])
                               or (own and (found.startswith(own) or own.startswith(found)))):
            continue
        context = " ".join(text[max(0, m.start() - 70):m.end() + 30].split())
        out.append((found, context))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", default=[str(REALDOCS)])
    ap.add_argument("--all", action="store_true", help="keep the document's own number too")
    args = ap.parse_args()
    extractor = Extractor(load_registry())
    per_doc: Counter[str] = Counter()
    for folder in args.folders:
        for path in sorted(Path(folder).glob("*.txt")):
            for found, context in leads(path, extractor, args.all):
                per_doc[path.name] += 1
                print(f"{path.name}\t{found}\t{context}")
    total = sum(per_doc.values())
    print(f"\n{total} strings outside every mention in {len(per_doc)} documents; most: "
          + ", ".join(f"{name} {n}" for name, n in per_doc.most_common(5)), file=sys.stderr)


if __name__ == "__main__":
    main()
