"""Obligations extracted from a folder of documents, per document kind and per source kind.

    .venv/bin/python bench/obligations_report.py [FOLDER …] [--json] [--list-empty]

Runs what `cancu extract --obligations` runs (the library's Extractor, in this process) over
every supported file of the folders (default: corpus/realdocs) and prints, per document
kind (the type read from the document's header; "(không rõ)" when none is read): documents,
documents with at least one obligation, obligations, and the obligations' source kinds
(org_section, article, numbered_item …); then the documents with no obligation, per kind.
A file that cannot be read is reported on stderr and counted; the others still count.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cancu.pipeline import Extractor, load_registry  # noqa: E402
from cancu.nlp.readers import SUPPORTED_SUFFIXES, ReadError, read_document  # noqa: E402

UNKNOWN_KIND = "(không rõ)"


@dataclass
class KindTally:
    documents: int = 0
    with_obligations: int = 0
    obligations: int = 0
    sources: Counter = field(default_factory=Counter)
    empty: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"documents": self.documents, "with_obligations": self.with_obligations,
                "obligations": self.obligations, "sources": dict(self.sources.most_common()),
                "empty": self.empty}


@dataclass
class Report:
    kinds: dict[str, KindTally]
    sources: Counter
    failed: list[str]

    def as_dict(self) -> dict:
        return {"documents": sum(k.documents for k in self.kinds.values()),
                "obligations": sum(self.sources.values()),
                "by_kind": {name: t.as_dict() for name, t in self.kinds.items()},
                "by_source": dict(self.sources.most_common()),
                "failed": self.failed}


def files_of(folders: list[Path]) -> list[Path]:
    out = []
    for folder in folders:
        if folder.is_dir():
            out += sorted(f for f in folder.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            out.append(folder)
    return out


def build_report(paths: list[Path], extractor: Extractor | None = None) -> Report:
    extractor = extractor or Extractor(load_registry())
    kinds: dict[str, KindTally] = defaultdict(KindTally)
    sources: Counter = Counter()
    failed: list[str] = []
    for path in paths:
        try:
            source = read_document(path)
        except ReadError as e:
            failed.append(str(e))
            print(f"lỗi / error: {e}", file=sys.stderr)
            continue
        doc = extractor.extract(source, obligations=True)
        obligations = doc.obligations or []
        tally = kinds[doc.info.type or UNKNOWN_KIND]
        tally.documents += 1
        tally.obligations += len(obligations)
        if obligations:
            tally.with_obligations += 1
        else:
            tally.empty.append(path.name)
        for o in obligations:
            tally.sources[o.source] += 1
            sources[o.source] += 1
    ordered = dict(sorted(kinds.items(), key=lambda kv: (-kv[1].documents, kv[0])))
    return Report(ordered, sources, failed)


def print_report(report: Report, list_empty: bool) -> None:
    d = report.as_dict()
    print(f"{d['documents']} văn bản / documents, {d['obligations']} nhiệm vụ / obligations"
          + (f", {len(report.failed)} lỗi đọc / unreadable" if report.failed else ""))
    print(f"\n{'loại văn bản / kind':24} {'docs':>5} {'with':>5} {'empty':>6} {'oblig.':>7}  sources")
    for name, t in report.kinds.items():
        srcs = ", ".join(f"{s} {n}" for s, n in t.sources.most_common()) or "-"
        print(f"{name:24} {t.documents:5d} {t.with_obligations:5d} {len(t.empty):6d} {t.obligations:7d}  {srcs}")
    print(f"\n{'nguồn / source kind':24} {'oblig.':>7}")
    for s, n in report.sources.most_common():
        print(f"{s:24} {n:7d}")
    if list_empty:
        print("\nvăn bản không có nhiệm vụ / documents with no obligation:")
        for name, t in report.kinds.items():
            if t.empty:
                print(f"  {name} ({len(t.empty)}): {' '.join(t.empty)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path, default=[ROOT / "corpus" / "realdocs"])
    ap.add_argument("--json", action="store_true", help="one JSON object")
    ap.add_argument("--list-empty", action="store_true", help="name the documents with no obligation")
    args = ap.parse_args(argv)
    paths = files_of(args.folders)
    if not paths:
        print(f"lỗi / error: no supported file in {', '.join(map(str, args.folders))}", file=sys.stderr)
        return 1
    report = build_report(paths)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        print_report(report, args.list_empty)
    return 1 if report.failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
