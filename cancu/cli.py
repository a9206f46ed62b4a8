"""The `cancu` command line.

Exit codes scripts can trust: 0 all went well, 1 some input failed (each
failure on stderr, the others still processed), 2 usage error.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Sequence

from cancu.contract.errors import Ambiguous, BadQuery, NotFound, ServiceError    # plain exception classes

# The graph store, spaCy, the readers… are imported by the commands that use
# them, so `cancu --help` and a usage error answer at once.

if TYPE_CHECKING:
    from cancu.kg.store.graph import GraphStore
    from cancu.nlp.model import SourceText
    from cancu.output import Progress
    from cancu.pipeline import ExtractedDocument
    from cancu.services import Services

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


class _OnDemand:
    """A module imported at its first use."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        return getattr(importlib.import_module(self._name), attr)


output = _OnDemand("cancu.output")


class UsageError(Exception):
    pass


def embedded_corpus() -> list[str]:
    """The embedded default corpus, package data of cancu.corpus (corpus/ in the
    repository): the seed plans and the real documents."""
    from importlib import resources
    root = resources.files("cancu.corpus")
    return [str(root / "plans"), str(root / "realdocs")]


def iter_files(paths: Sequence[str]) -> Iterator[Path]:
    """Files named, and the supported files inside folders named, in sorted order."""
    from cancu.services import Services
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in Services.supported_suffixes)
        else:
            yield p   # a missing or unsupported file is reported by the reader


class Run:
    """One command's shared state: the services and the failure count."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.failures = 0
        self._services: Services | None = None

    def services(self, *, writable: bool = False) -> Services:
        if self._services is None:
            from cancu.services import Services
            from cancu.workspace import Workspace
            self._services = Services(Workspace.locate(self.args.home), writable=writable,
                                      registry_dir=self.args.registry)
        return self._services

    def close(self) -> None:
        if self._services is not None:
            self._services.close()
            self._services = None

    def documents(self, paths: Sequence[str], *, obligations: bool = False) -> Iterator[tuple[str, ExtractedDocument]]:
        from cancu.services import ReadError

        def sources() -> Iterator[SourceText]:
            for path in iter_files(paths):
                try:
                    yield self.services().read(path, max_bytes=self.args.max_bytes)
                except ReadError as e:
                    self.fail(str(e))

        # A source's path is the path it was read from, as given (os.fsdecode of it).
        for doc in self.services().extractor.extract_many(sources(), obligations=obligations):
            yield doc.source.path, doc

    def fail(self, message: str) -> None:
        self.failures += 1
        print(f"lỗi / error: {message}", file=sys.stderr)

    @property
    def exit_code(self) -> int:
        return EXIT_SOME_FAILED if self.failures else EXIT_OK


# ---------------------------------------------------------------------- commands
def cmd_text(run: Run) -> None:
    from cancu.services import ReadError
    for path in iter_files(run.args.files):
        try:
            sys.stdout.write(run.services().read(path, max_bytes=run.args.max_bytes).text)
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
    """The main job: ingest a corpus into the workspace, say what was found, then serve it."""
    cmd_ingest(run)
    run.close()          # the writer publishes its last checkpoint and lets go of the store
    services = run.services()
    print("\ncancu — căn cứ pháp lý trong kho văn bản / legal bases in the workspace")
    stats = services.stats()
    findings = services.audit()
    from cancu.contract.vocab import finding_label, is_stale
    stale = [f for f in findings if is_stale(f.finding)]
    print(f"  {stats['documents']} văn bản, {stats['mentions']} trích dẫn, {stats['instruments']} văn bản "
          f"được trích dẫn, {len(findings)} phát hiện ({len(stale)} căn cứ hết hiệu lực)")
    for f in stale:
        print(f"  ⚠ {f.document}: {f.symbol} — {finding_label(f.finding)}")
    if run.args.no_serve:
        return
    run.close()          # each server worker opens its own reader after the fork
    serve_workspace(run)


def emit(run: Run, records: list[dict], headers: list[str], keys: list[str], widths: list[int]) -> None:
    """JSON lines with --json, else a readable table."""
    if getattr(run.args, "json", False):
        for r in records:
            print(json.dumps(r, ensure_ascii=False, default=str))
        return
    output.print_table(headers, [[r.get(k) for k in keys] for r in records], widths)


def cmd_ingest(run: Run) -> None:
    from cancu.ingest import compaction_due
    services = run.services(writable=True)
    files = list(iter_files(run.args.paths or embedded_corpus()))
    services.expect_documents(len(files))
    ingestor = services.ingestor
    progress = output.Progress(len(files), sys.stderr)
    if not services.registry_loaded():   # first ingest: the registry's own graph
        ingestor.load_registry()
    summary = ingestor.ingest_paths(files, on_progress=progress.step, max_bytes=run.args.max_bytes,
                                    jobs=run.args.jobs)
    progress.done()
    for o in summary.failed:
        run.fail(o.error or o.path)
    print(summary.line())
    ingestor.flush()
    if compaction_due(summary.written, services.store.document_count()):
        # The checkpoint published at the end (Services.close) is then read by every
        # query in one sorted run per index: seconds at 10k documents.
        compact(services.store, progress)
    advice = services.index.backend_advice()
    if advice:
        print(f"gợi ý / advice: {advice}", file=sys.stderr)


def cmd_remove(run: Run) -> None:
    ingestor = run.services(writable=True).ingestor
    for doc in run.args.documents:
        if ingestor.remove(Path(doc).name):
            print(f"đã xóa / removed: {Path(doc).name}")
        else:
            run.fail(f"{doc}: không có trong kho / not in the workspace")


def compact(store: GraphStore, progress: Progress) -> None:
    """GraphStore.compact, said first as a stage of `progress`: it takes a while on a large store."""
    progress.stage("đang sắp xếp lại kho đồ thị / compacting the graph store …")
    store.compact()


def cmd_compact(run: Run) -> None:
    # A large ingest compacts on its own (cmd_ingest); this is for a workspace that many
    # uploads or removals have changed bit by bit. Closing the run publishes the result.
    compact(run.services(writable=True).store, output.Progress(0, sys.stderr))
    print("đã sắp xếp lại kho đồ thị / graph store compacted")


def cmd_stats(run: Run) -> None:
    stats = run.services().stats()
    if run.args.json:
        print(json.dumps(stats))
    else:
        for k, v in stats.items():
            print(f"{k:<12}{v:>10}")


def cmd_cites(run: Run) -> None:
    answer = run.services().cites(run.args.instrument)
    if not answer.candidates:
        run.fail(f"không tìm thấy văn bản nào ứng với «{run.args.instrument}» / no instrument matches")
        return
    if answer.ambiguous:
        print(f"«{run.args.instrument}» có thể là / may mean:", file=sys.stderr)
        records = [{"symbol": c.entry.symbol, "type": c.entry.type, "year": c.entry.year,
                    "name": c.entry.name, "instrument": c.entry.iri} for c in answer.candidates]
        emit(run, records, ["ký hiệu", "loại", "năm", "tên"], ["symbol", "type", "year", "name"], [22, 12, 6, 60])
        run.failures += 1
        return
    records = [{"document": r.document, "symbol": r.symbol, "text": r.text, "start": r.start, "end": r.end,
                "pinpoint": r.pinpoint, "sentence": r.sentence, "in_legal_basis": r.in_legal_basis,
                "instrument": r.instrument_iri} for r in answer.rows]
    emit(run, records, ["văn bản", "vị trí", "trích dẫn", "điểm"], ["document", "start", "text", "pinpoint"],
         [28, 7, 70, 18])
    if not run.args.json:
        docs = len({r["document"] for r in records})
        print(f"\n{len(records)} lần trích dẫn trong {docs} văn bản / mentions in documents")


def cmd_audit(run: Run) -> None:
    findings = run.services().audit([Path(d).name for d in run.args.documents] or None)
    records = [f.__dict__ for f in findings]
    if run.args.csv:
        output.write_csv(records, ["document", "finding", "symbol", "explanation", "replaced_by", "start", "end"])
        return
    if not run.args.json:       # people read the labels; JSON and CSV keep the stable codes
        from cancu.contract.vocab import finding_label
        records = [{**r, "finding": finding_label(r["finding"])} for r in records]
    emit(run, records, ["văn bản", "phát hiện", "văn bản được trích dẫn", "giải thích"],
         ["document", "finding", "symbol", "explanation"], [26, 36, 22, 90])


def cmd_sparql(run: Run) -> None:
    services = run.services()
    output.print_sparql(services.query(run.args.query), run.args.format, services.select_csv)


def cmd_export(run: Run) -> None:
    run.services().export(run.args.output or sys.stdout.buffer, run.args.format)


def cmd_import(run: Run) -> None:
    """Load an RDF export (e.g. from another workspace) into this one."""
    services = run.services(writable=True)
    for path in run.args.files:
        services.import_rdf(path, run.args.format)
    print(f"{services.stats()['triples']} bộ ba trong kho / triples in the workspace")


def not_found(run: Run, e: NotFound) -> None:
    """One line for a name nothing matches; for a tie, that line and the candidates under it."""
    run.fail(str(e))
    for c in e.candidates if isinstance(e, Ambiguous) else ():
        print(f"  {c.entry.symbol or ''}  {c.entry.name or ''}", file=sys.stderr)


def cmd_instrument(run: Run) -> None:
    try:
        report = run.services().instrument(run.args.instrument)
    except NotFound as e:
        not_found(run, e)
        return
    record = output.instrument_record(report)
    if run.args.json:
        print(json.dumps(record, ensure_ascii=False, default=str))
    else:
        output.print_instrument(record)


def cmd_registry(run: Run) -> None:
    if run.args.action in ("check", "stats"):
        registry_check(run)
        return
    services = run.services(writable=run.args.action == "load")
    if run.args.action == "load":
        n = services.ingestor.load_registry()
        print(f"đã nạp danh mục: {len(services.registry.instruments)} văn bản, "
              f"{len(services.registry.relations)} quan hệ, {n} bộ ba / registry loaded ({n} triples)")
        if services.workspace.exists():
            summary = services.ingestor.reaudit()
            print(f"đã rà soát lại {len(summary.outcomes)} văn bản / re-audited documents")
        return
    records = [{"symbol": i.symbol, "type": i.type, "name": i.name or i.title, "signed": i.signed,
                "effective": i.effective, "expired": services.registry.end_of(i)[0]}
               for i in services.registry.instruments]
    emit(run, records, ["ký hiệu", "loại", "tên", "ban hành", "hiệu lực", "hết hiệu lực"],
         ["symbol", "type", "name", "signed", "effective", "expired"], [22, 12, 50, 11, 11, 11])


def registry_check(run: Run) -> None:
    """`registry check`: every row valid (exit 1 when not), and coverage by type and
    decade; `registry stats`: counts. Both read the registry folder, not the workspace."""
    from cancu.services import RegistryError
    services = run.services()
    try:
        registry = services.registry
    except RegistryError as e:
        run.fail(str(e))
        return
    if run.args.action == "stats":
        try:
            figures = services.registry_stats(dt.date.today())
        except RegistryError as e:
            run.fail(str(e))
            return
        if run.args.json:
            print(json.dumps(figures, ensure_ascii=False))
        else:
            for key, value in figures.items():
                print(f"{key}: {value}")
        return
    report = services.registry_check()
    for line in report.errors:
        run.fail(line)
    for line in report.warnings:
        print(f"cảnh báo / warning: {line}", file=sys.stderr)
    table = services.registry_coverage()
    decades = sorted({d for row in table.values() for d in row})
    print(f"{'loại / type':<22}" + "".join(f"{d:>9}" for d in decades) + f"{'tổng':>9}")
    for typ, row in table.items():
        print(f"{typ:<22}" + "".join(f"{row.get(d, 0):>9}" for d in decades) + f"{sum(row.values()):>9}")
    if report.shared:
        print("Số hiệu dùng chung cho nhiều văn bản (khóa loại:số hiệu) / symbols several instruments share "
              "(keyed type:symbol):")
        for line in report.shared:
            print(f"  {line}")
    print("Số hiệu còn thiếu trong dãy số của Quốc hội và UBTVQH / numbers missing from the sequences of the Quốc hội and the UBTVQH:")
    for line in services.registry_gaps():
        print(f"  {line}")
    print("Nghị quyết quy phạm pháp luật của Quốc hội và UBTVQH trong danh mục / normative resolutions "
          "of the Quốc hội and the UBTVQH held:")
    for line in services.registry_normative():
        print(f"  {line}")
    print(f"{len(registry)} văn bản, {len(registry.relations)} quan hệ; {len(report.errors)} lỗi, "
          f"{len(report.warnings)} cảnh báo, {len(report.merged)} văn bản gộp từ nhiều tệp / "
          f"{len(registry)} instruments, {len(registry.relations)} relations; {len(report.errors)} errors, "
          f"{len(report.warnings)} warnings, {len(report.merged)} merged from several files")


def cmd_obligations(run: Run) -> None:
    services = run.services()
    rows = services.obligations(agency=run.args.agency, document=run.args.document,
                                due_before=run.args.due_before)
    if run.args.csv:
        sys.stdout.write(services.obligations_csv(rows))
    elif run.args.xlsx:
        Path(run.args.xlsx).write_bytes(services.obligations_xlsx(rows))
        print(f"đã ghi {len(rows)} nhiệm vụ vào / wrote {len(rows)} obligations to {run.args.xlsx}")
    else:
        records = [output.obligation_row_record(r) for r in rows]
        emit(run, records, ["văn bản", "chủ trì", "loại", "nhiệm vụ", "thời hạn"],
             ["document", "agency", "modality", "task", "deadlines_text"], [26, 28, 9, 70, 26])


def cmd_chain(run: Run) -> None:
    try:
        result = run.services().chain(run.args.target, run.args.direction)
    except NotFound as e:
        not_found(run, e)
        return
    if run.args.json:
        print(json.dumps(result.tree(), ensure_ascii=False))
    else:
        output.print_tree(result.tree())


def cmd_serve(run: Run) -> None:
    serve_workspace(run)


def serve_workspace(run: Run) -> None:
    from cancu.serve import serve
    from cancu.services import Services, require_ingested
    from cancu.workspace import Workspace
    workspace, registry = Workspace.locate(run.args.home), run.args.registry
    require_ingested(workspace)        # say so here, not as a worker that fails to boot
    serve(lambda: Services(workspace, registry_dir=registry), host=run.args.host, port=run.args.port,
          token=os.environ.get("CANCU_TOKEN") or None, workers=run.args.workers, threads=run.args.threads,
          config={"RESPONSE_CACHE_SIZE": run.args.cache_size, "SECRET_KEY": workspace.secret_key()})


def cmd_search(run: Run) -> None:
    try:
        result = run.services().search(run.args.query, limit=run.args.limit, facets=run.args.facets)
    except BadQuery as e:
        raise UsageError(str(e)) from e
    records = [{"document": h.doc_id, "title": h.title, "passage": {"start": h.start, "end": h.end},
                "score": round(h.score, 4), "snippet": h.snippet} for h in result.hits]
    emit(run, records, ["văn bản", "điểm", "đoạn trích"], ["document", "score", "snippet"], [28, 8, 100])
    if run.args.facets:
        facets = {name: [{"value": f.value, "count": f.count} for f in values]
                  for name, values in result.facets.items()}
        if run.args.json:
            print(json.dumps({"facets": facets, "total": result.total}, ensure_ascii=False))
        else:
            for name, values in facets.items():
                print(f"\n{name}: " + ", ".join(f"{v['value']} ({v['count']})" for v in values[:10]))
    if not run.args.json:
        print(f"\n{result.total} văn bản phù hợp / matching documents")


def cmd_calendar(run: Run) -> None:
    sys.stdout.write(run.services().calendar(run.args.agency))


# ---------------------------------------------------------------------- parser
JSON_HELP = "mỗi kết quả một dòng JSON / JSON lines"
CSV_HELP = "bảng CSV ra stdout / CSV on stdout"
# What `export` writes and `import` reads (cancu.kg.store.graph.GraphStore.export / import_).
RDF_FORMATS = ("nq", "trig", "jsonld", "ttl", "nt")

def iso_date(text: str) -> dt.date:
    """An argument's date, YYYY-MM-DD; anything else is a usage error (exit 2)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"ngày không hợp lệ / not a date (YYYY-MM-DD): {text!r}") from None


class _Version(argparse.Action):
    """--version: the installed package's version, looked up only when asked."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from importlib.metadata import PackageNotFoundError, version
        try:
            number = version("cancu")
        except PackageNotFoundError:
            number = "unknown"
        print(f"cancu {number}")
        parser.exit()


def add_global_options(p: argparse.ArgumentParser, default: Any) -> None:
    """Options every command takes, before or after its name (`cancu --home X ingest …`
    and `cancu ingest --home X …`). On a command they default to SUPPRESS, so an option
    given before the name is not reset by the command's parser."""
    p.add_argument("--home", default=default,
                   help="thư mục làm việc / workspace (default: $CANCU_HOME or ./cancu-home)")
    p.add_argument("--registry", default=default,
                   help="thư mục danh mục văn bản / registry folder (default: corpus/registry)")
    p.add_argument("--max-bytes", type=int, default=default,     # None: cancu.nlp.readers' limit
                   help="giới hạn kích thước tệp / largest file read (bytes)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cancu",
        description="Trích xuất và tra cứu căn cứ pháp lý trong văn bản hành chính / "
                    "Vietnamese legal references: extraction, graph and search.")
    parser.add_argument("--version", action=_Version, help="in phiên bản / print the version")
    add_global_options(parser, None)
    common = argparse.ArgumentParser(add_help=False)
    add_global_options(common, argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                help="lệnh (cancu COMMAND --help) / the command (cancu COMMAND --help)")
    _add = sub.add_parser
    sub.add_parser = lambda name, **kw: _add(name, parents=[common], description=kw.get("help"), **kw)

    p = sub.add_parser("text", help="in văn bản mà mọi vị trí ký tự tham chiếu / print the text offsets refer to")
    p.add_argument("files", nargs="+", help="tệp văn bản / document files")
    p.set_defaults(func=cmd_text)

    p = sub.add_parser("extract", help="trích xuất trích dẫn / extract citations")
    p.add_argument("files", nargs="+", help="tệp văn bản / document files")
    p.add_argument("--json", action="store_true", help="mỗi trích dẫn một dòng JSON / JSON lines, one per mention")
    p.add_argument("--obligations", action="store_true",
                   help="nhiệm vụ thay vì trích dẫn / obligations instead of citations")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("ingest", help="nạp văn bản vào kho / ingest files or folders")
    p.add_argument("paths", nargs="*", help="tệp hoặc thư mục (mặc định: kho văn bản kèm theo) / files or folders "
                   "(.txt, .docx, .pdf, .html; default: the embedded corpus)")
    p.add_argument("--jobs", "-j", type=int, default=1,
                   help="số tiến trình trích xuất / extraction processes (default 1)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("remove", help="xóa văn bản khỏi kho / remove documents")
    p.add_argument("documents", nargs="+", help="tên tệp đã nạp / ingested file names")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("compact", help="sắp xếp lại kho đồ thị cho truy vấn nhanh hơn / compact the graph store")
    p.set_defaults(func=cmd_compact)

    p = sub.add_parser("stats", help="số liệu kho / workspace counts")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("cites", help="văn bản nào trích dẫn X / which documents cite X")
    p.add_argument("instrument", help="ký hiệu hoặc tên, gõ thế nào cũng được / symbol or name, as typed")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(func=cmd_cites)

    p = sub.add_parser("audit", help="rà soát căn cứ hết hiệu lực / stale-basis audit")
    p.add_argument("documents", nargs="*", help="tên tệp đã nạp (mặc định: tất cả) / ingested file names (default: all)")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.add_argument("--csv", action="store_true", help=CSV_HELP)
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("obligations", help="nhiệm vụ giao trong các văn bản / obligations")
    p.add_argument("--agency", help="đơn vị chủ trì, gõ thế nào cũng được / lead agency, as typed")
    p.add_argument("--document", help="tên tệp đã nạp / an ingested file name")
    p.add_argument("--due-before", type=iso_date, metavar="YYYY-MM-DD",
                   help="có hạn trước hoặc đúng ngày này / due on or before this day")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help=JSON_HELP)
    fmt.add_argument("--csv", action="store_true", help=CSV_HELP)
    fmt.add_argument("--xlsx", metavar="FILE", help="ghi bảng Excel vào FILE / write an Excel workbook to FILE")
    p.set_defaults(func=cmd_obligations)

    p = sub.add_parser("chain", help="chuỗi căn cứ - nhiệm vụ - đơn vị / obligation chain")
    p.add_argument("target", help="văn bản, ký hiệu hoặc tên / instrument, document or IRI")
    # cancu.contract.vocab.CHAIN_DIRECTIONS, written out: importing it costs `--help` 0.2 s
    # (tests/test_cli_args.py holds the two equal).
    p.add_argument("--direction", choices=["up", "down", "both"], default="both",
                   help="lên: căn cứ; xuống: nhiệm vụ, đơn vị / up: bases; down: obligations, agencies")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(func=cmd_chain)

    p = sub.add_parser("search", help="tìm kiếm toàn văn (gõ không dấu được) / full-text search")
    p.add_argument("query", help="từ cần tìm / words to find")
    p.add_argument("--limit", type=int, default=10, help="số kết quả / results (default 10)")
    p.add_argument("--facets", action="store_true", help="đếm theo loại, năm, cơ quan / counts by type, year, issuer")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("calendar", help="lịch nhiệm vụ iCalendar / deadlines as iCalendar")
    p.add_argument("--agency", help="đơn vị chủ trì / lead agency")
    p.set_defaults(func=cmd_calendar)

    p = sub.add_parser("serve", help="chạy máy chủ web / run the web app (gunicorn)")
    add_server_options(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("sparql", help="truy vấn SPARQL / run a SPARQL query")
    p.add_argument("query", help="câu truy vấn SPARQL (chỉ đọc) / a read-only SPARQL query")
    p.add_argument("--format", choices=["table", "json", "csv", "ttl"], default="table",
                   help="dạng kết quả / result format")
    p.set_defaults(func=cmd_sparql)

    p = sub.add_parser("export", help="xuất dữ liệu RDF / export RDF")
    p.add_argument("--format", choices=RDF_FORMATS, default="nq", help="định dạng RDF / RDF format")
    p.add_argument("--output", "-o", help="tệp ghi ra (mặc định: stdout) / output file (default: stdout)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("instrument", help="thông tin một văn bản: hiệu lực, quan hệ, nơi trích dẫn / one instrument")
    p.add_argument("instrument", help="ký hiệu hoặc tên / symbol or name")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(func=cmd_instrument)

    p = sub.add_parser("import", help="nạp tệp RDF đã xuất / load an RDF export")
    p.add_argument("files", nargs="+", help="tệp RDF đã xuất / exported RDF files")
    p.add_argument("--format", choices=RDF_FORMATS, default=None,
                   help="định dạng (mặc định: theo đuôi tệp) / format (default: from the extension)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("registry", help="danh mục văn bản / the instrument registry")
    p.add_argument("action", choices=["list", "load", "check", "stats"],
                   help="list: danh mục; load: nạp lại vào kho; check: kiểm tra dữ liệu; stats: số liệu")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(func=cmd_registry)

    p = sub.add_parser("run", help="nạp kho văn bản rồi chạy máy chủ web / ingest a corpus, then serve it")
    p.add_argument("paths", nargs="*", help="tệp hoặc thư mục (mặc định: kho văn bản kèm theo) / files or folders "
                   "(default: the embedded corpus, corpus/plans and corpus/realdocs)")
    p.add_argument("--jobs", "-j", type=int, default=1, help="số tiến trình trích xuất / extraction processes")
    add_server_options(p)
    p.add_argument("--no-serve", action="store_true", help="chỉ nạp và tóm tắt / ingest and summarise only")
    p.set_defaults(func=cmd_run)
    return parser


def add_server_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="địa chỉ nghe / address to listen on (default loopback)")
    p.add_argument("--port", type=int, default=8080, help="cổng / port (default 8080)")
    p.add_argument("--workers", type=int, default=None,
                   help="số tiến trình / processes (default: one per core, up to 4)")
    p.add_argument("--threads", type=int, default=8, help="luồng mỗi tiến trình / threads per process")
    p.add_argument("--cache-size", type=int, default=512,
                   help="số trang lưu đệm mỗi tiến trình / rendered responses cached per process (0: off)")


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
    except Exception as e:    # a workspace or query problem (StoreError, ServiceError, ValueError), said plainly
        from cancu.services import StoreError
        if not isinstance(e, (StoreError, ServiceError, ValueError)):
            raise
        print(f"cancu: {e}", file=sys.stderr)
        return EXIT_SOME_FAILED
    finally:
        run.close()
    return run.exit_code


if __name__ == "__main__":
    sys.exit(main())
