"""Every citation mention of the seed plans and the real documents, one JSON line each,
so a speed-up can show that it changes no result.

    python bench/citation_snapshot.py > tests/data/citation_snapshot.jsonl

tests/test_citation_snapshot.py compares the current output with the committed file.
The mentions are read as the pipeline reads them: normalised once, the document's own
type and number from its header, the registry's names.
"""
from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cancu.pipeline import Extractor, load_registry  # noqa: E402
from cancu.nlp.citations import extract_mentions  # noqa: E402
from cancu.nlp.document import read_document_info  # noqa: E402
from cancu.nlp.text.normalize import normalize  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
REALDOCS = ROOT.parent / "shared" / "realdocs" / "texts"


def snapshot_texts() -> list[Path]:
    """The 5 seed plans and the 269 real documents, in a fixed order."""
    return sorted(SEEDS.glob("*.txt")) + sorted(REALDOCS.glob("*.txt"))


def snapshot_rows(paths: list[Path], names) -> Iterator[dict]:
    for path in paths:
        text = path.read_text(encoding="utf-8")
        norm = normalize(text)
        info = read_document_info(text, normalized=norm)
        mentions = extract_mentions(text, names=names, own_type=info.type,
                                    own_symbol=info.symbol, from_offset=info.summary_end or 0,
                                    normalized=norm)
        yield {"file": f"{path.parent.name}/{path.name}", "own_type": info.type,
               "own_symbol": info.symbol, "issuer": info.issuer}
        for m in mentions:
            row = dataclasses.asdict(m)
            del row["text"]     # original[start:end]
            row["date"] = m.date.isoformat() if m.date else None
            row["known_keys"] = list(m.known_keys)
            yield {"file": f"{path.parent.name}/{path.name}", **row}


def main() -> None:
    names = Extractor(load_registry()).names
    for row in snapshot_rows(snapshot_texts(), names):
        print(json.dumps(row, ensure_ascii=False, sort_keys=True))


if __name__ == "__main__":
    main()
