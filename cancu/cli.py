"""The `cancu` command line.

Exit codes scripts can trust: 0 all went well, 1 some input failed (each
failure on stderr, the others still processed), 2 usage error.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Iterator, Sequence

from cancu import output
from cancu.pipeline import ExtractedDocument, Extractor, load_registry
from nlp.readers import DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES, ReadError, read_document

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def iter_files(paths: Sequence[str]) -> Iterator[Path]:
    """Files named, and the supported files inside folders named, in sorted order."""
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            yield p   # a missing or unsupported file is reported by the reader


class Run:
    """One command's shared state: the extractor and the failure count."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.failures = 0
        self._extractor: Extractor | None = None

    @property
    def extractor(self) -> Extractor:
        if self._extractor is None:
            self._extractor = Extractor(load_registry(getattr(self.args, "registry", None)))
        return self._extractor

    def documents(self, paths: Sequence[str], *, obligations: bool = False) -> Iterator[tuple[str, ExtractedDocument]]:
        for path in iter_files(paths):
            try:
                source = read_document(path, max_bytes=self.args.max_bytes)
            except ReadError as e:
                self.fail(str(e))
                continue
            yield str(path), self.extractor.extract(source, obligations=obligations)

    def fail(self, message: str) -> None:
        self.failures += 1
        print(f"lỗi / error: {message}", file=sys.stderr)

    @property
    def exit_code(self) -> int:
        return EXIT_SOME_FAILED if self.failures else EXIT_OK


# ---------------------------------------------------------------------- commands
def cmd_text(run: Run) -> None:
    for path in iter_files(run.args.files):
        try:
            sys.stdout.write(read_document(path, max_bytes=run.args.max_bytes).text)
        except ReadError as e:
            run.fail(str(e))


def cmd_extract(run: Run) -> None:
    want_obligations = run.args.obligations
    rows = []
    for path, doc in run.documents(run.args.files, obligations=want_obligations):
        if want_obligations:
            records = [output.obligation_record(path, o) for o in doc.obligations or []]
        else:
            records = [output.mention_record(path, r) for r in doc.resolutions]
        for record in records:
            if run.args.json:
                print(json.dumps(record, ensure_ascii=False), flush=True)
        rows += records
    if not run.args.json:
        (output.print_obligation_table if want_obligations else output.print_mention_table)(rows)


def cmd_run(run: Run) -> None:
    """The main job on a corpus. Today: what cancu finds in it, per document."""
    per_doc: list[tuple[str, ExtractedDocument]] = list(run.documents(run.args.paths))
    cited: Counter[str] = Counter()
    print("cancu — căn cứ pháp lý trong kho văn bản / legal bases found in the corpus\n")
    for path, doc in per_doc:
        resolved = [r for r in doc.resolutions if r.iri]
        open_ = [r for r in doc.resolutions if not r.iri or r.status.value == "unresolved"]
        instruments = {r.iri for r in resolved}
        cited.update(output.label(r) for r in doc.resolutions if r.iri)
        title = doc.info.title or "(không rõ trích yếu)"
        print(f"• {Path(path).name}: {doc.info.type or 'Văn bản'} — {title[:90]}")
        print(f"    {len(doc.resolutions)} trích dẫn, {len(instruments)} văn bản được trích dẫn, "
              f"{len(open_)} chưa xác định được")
    print("\nVăn bản được trích dẫn nhiều nhất / most cited:")
    for lab, n in cited.most_common(10):
        print(f"  {n:3d}  {lab}")


# ---------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cancu",
        description="Trích xuất và tra cứu căn cứ pháp lý trong văn bản hành chính / "
                    "Vietnamese legal references: extraction, graph and search.")
    parser.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                        help="giới hạn kích thước tệp / largest file read (bytes)")
    parser.add_argument("--registry", default=None,
                        help="thư mục danh mục văn bản / registry folder (default: corpus/registry)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("text", help="in văn bản mà mọi vị trí ký tự tham chiếu / print the text offsets refer to")
    p.add_argument("files", nargs="+")
    p.set_defaults(func=cmd_text)

    p = sub.add_parser("extract", help="trích xuất trích dẫn / extract citations")
    p.add_argument("files", nargs="+")
    p.add_argument("--json", action="store_true", help="JSON lines, one per mention")
    p.add_argument("--obligations", action="store_true",
                   help="nhiệm vụ thay vì trích dẫn / obligations instead of citations")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("run", help="công việc chính trên kho văn bản / the main job on a corpus")
    p.add_argument("paths", nargs="*", default=["corpus/plans"])
    p.set_defaults(func=cmd_run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:   # argparse exits 2 on usage errors and 0 on --help
        return int(e.code or 0)
    run = Run(args)
    try:
        args.func(run)
    except UsageError as e:
        print(f"cancu: {e}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:   # `cancu extract … | head` is normal use
        return run.exit_code
    return run.exit_code


if __name__ == "__main__":
    sys.exit(main())
