"""The services one workspace offers, built once and handed to the CLI and the
web app (which never import the pipeline themselves). They implement
`cancu.contract.services.Services`, the web app's side of the seam: answers come as
read models and contract views, refusals as cancu.contract.errors.

Everything opens lazily: `cancu stats` does not load spaCy, and a reader opens
the store read-only, so queries keep answering while `cancu ingest` writes.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import datetime as dt
import json
import os
import random
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import asdict
from functools import cached_property
from pathlib import Path

from cancu import obligation_table, tables
from cancu.workspace import Workspace
from cancu.turns import TURNS
from cancu.contract.errors import Ambiguous, BadQuery, Busy, NoData, NotFound, TimedOut, TooLarge
from cancu.contract.views import CitesAnswer, SparqlLimits, SparqlResult, SparqlTerm, UploadOutcome
from cancu.kg.queries import documents as document_queries, named as queries
from cancu.kg.sparql import format as sparql_format
from cancu.kg.queries import tasks as tasks_query
from cancu.kg.queries.calendar import to_ics
from cancu.kg.chains import walk as chain_walk
from cancu.kg.store import chains_index
from cancu.kg.store.endpoint import SparqlEndpoint
from cancu.kg.queries.documents import DocumentMeta, FindingRow
from cancu.kg.views import CHAIN_DIRECTIONS, ChainResult, ObligationRow, ObligationSummary
from cancu.kg.iri import document_id, document_iri, legacy_document_iri
from cancu.kg.registry.lookup import CatalogueMatch, CatalogueEntry, InstrumentCatalogue
from cancu.kg.sparql.pool import QueryProcesses
from cancu.kg.registry.instruments import Registry, RegistryError, default_registry_dir
from cancu.kg.registry.check import CheckReport, check as check_registry, coverage as registry_coverage
from cancu.kg.registry.check import gaps_lines, read_checked_folder, sequence_gaps
from cancu.kg.registry.check import stats as registry_stats
from cancu.kg.registry.normative import coverage_figures, coverage_lines, normative_coverage, read_totals_folder
from cancu.kg.queries.reports import DocumentView, InstrumentReport, document_view, instrument_report
from cancu.kg.registry.resolve import registry_by_iri
from cancu.kg.store.snapshots import FollowingReader, open_writer, publish
from cancu.kg.sparql.run import SparqlAnswer, SparqlBusy, SparqlFailed, SparqlRejected, SparqlTimeout, normalise_newlines
from cancu.kg.store.graph import GraphStore, StoreError, StoreLockedError
from cancu.kg.vocab import REGISTRY_GRAPH
from cancu.nlp.model import SourceText
from cancu.nlp.readers import DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES, ReadError, read_bytes, read_document
from cancu.search import open_index
from cancu.search.index import ENV_BACKEND, SWITCH_OVER_DOCS
from cancu.search.model import InstrumentHit, SearchResult
from cancu.search.query import QueryError

if TYPE_CHECKING:
    from cancu.ingest import Ingestor, IngestOutcome
    from cancu.pipeline import Extractor


# How long an upload waits for another write (an upload in another worker, an ingest)
# before it answers "busy": several uploads at once take a few seconds each.
UPLOAD_WAIT_S = 30.0
# What a busy upload is told to wait before sending again: a queued upload takes a few seconds.
UPLOAD_RETRY_AFTER_S = 5

# Set to a SPARQL endpoint URL to answer reads from that server (see `Services.store`).
ENDPOINT_ENV = "CANCU_SPARQL_ENDPOINT"


class WorkspaceEmpty(StoreError, NoData):
    """Nothing has been ingested into this workspace yet."""


# Re-exported: the CLI and older callers name them here.
__all__ = ["Services", "WorkspaceEmpty", "CitesAnswer", "FindingRow", "DocumentMeta", "require_ingested",
           "safe_document_name", "ReadError", "RegistryError", "StoreError"]


class Services:
    # The file kinds the readers take (cancu.nlp.readers): `cancu ingest DIR` picks these.
    supported_suffixes = SUPPORTED_SUFFIXES

    def __init__(self, workspace: Workspace, *, writable: bool = False,
                 registry_dir: str | None = None, today: dt.date | None = None):
        self._upload_lock = threading.Lock()
        self._catalogue: InstrumentCatalogue | None = None
        self.new_index_backend: str | None = None
        self._catalogue_key: str | None = None
        self._index_checkpoint: Path | None = None    # the checkpoint the index was refreshed at
        self.workspace = workspace
        self.writable = writable
        self.registry_dir = registry_dir
        self.today = today
        # The largest file read (nlp/readers/limits.py); the web app takes its upload limit from it.
        self.max_upload_bytes = DEFAULT_MAX_BYTES
        self._query_pool: QueryProcesses | None = None
        self._query_pool_lock = threading.Lock()

    # ------------------------------------------------------------------ parts
    @cached_property
    def registry(self) -> Registry:
        from cancu.pipeline import load_registry   # the extraction stack loads on first use
        return load_registry(self.registry_dir)

    @cached_property
    def extractor(self) -> Extractor:
        from cancu.pipeline import Extractor
        return Extractor(self.registry, self.registry_dir)

    @property
    def store(self) -> GraphStore | SparqlEndpoint:
        """The live store for a writer; for a reader, the newest published checkpoint
        (kg/store/snapshots.py) — fetch it per request, it may move on — or, when
        CANCU_SPARQL_ENDPOINT is set, that SPARQL endpoint."""
        if self.writable:
            return self._writer          # writes always go to the embedded store
        if self._endpoint is not None:
            return self._endpoint
        return self._reader.current()

    @cached_property
    def _endpoint(self) -> SparqlEndpoint | None:
        # Scale-out (docs/ARCHITECTURE.md § Graph): the named queries also run against a standard
        # SPARQL 1.1 server (kg/store/endpoint.py), e.g. Virtuoso loaded from `cancu export`.
        # Read once per Services: switching stores mid-life would mix answers.
        url = os.environ.get(ENDPOINT_ENV, "").strip()
        return SparqlEndpoint(url) if url else None

    @cached_property
    def _writer(self) -> GraphStore:
        return open_writer(self.workspace.store_dir)

    @cached_property
    def _reader(self) -> FollowingReader:
        require_ingested(self.workspace)
        return FollowingReader(self.workspace.store_dir)

    # ------------------------------------------------------------------ for the CLI
    def read(self, path: str | Path, *, max_bytes: int | None = None) -> SourceText:
        """A file's text as the readers give it; ReadError says why it cannot be read."""
        return read_document(path, max_bytes=max_bytes or DEFAULT_MAX_BYTES)

    def registry_check(self) -> CheckReport:
        """Every row of the registry folder checked (cancu.kg.registry.check); RegistryError when
        the folder cannot be read at all."""
        return check_registry(self.registry)

    def registry_coverage(self) -> dict[str, dict[str, int]]:
        """Instruments by type and decade of signing."""
        return registry_coverage(self.registry)

    def registry_stats(self, on: dt.date | None = None) -> dict:
        return {**registry_stats(self.registry, on or self.today or dt.date.today(), self._sequence_checked),
                **coverage_figures(normative_coverage(self.registry, self._normative_totals))}

    def registry_normative(self) -> list[str]:
        """Normative resolutions of the Quốc hội and the UBTVQH held, per legislature, beside
        the totals public sources state (cancu.kg.registry.normative)."""
        return coverage_lines(normative_coverage(self.registry, self._normative_totals))

    def registry_gaps(self) -> list[str]:
        """Numbers missing from the Quốc hội's and the UBTVQH's sequences, one line per
        legislature and sequence (coverage information, not errors)."""
        return gaps_lines(sequence_gaps(self.registry, self._sequence_checked))

    @cached_property
    def _sequence_checked(self) -> dict[tuple[str, str], set[int]]:
        """Numbers looked up and found to be no registry instrument (research/sequence_checked*.tsv)."""
        return self._research_table(read_checked_folder)

    @cached_property
    def _normative_totals(self):
        """How many normative resolutions each body adopted per legislature (research/normative_totals*.tsv)."""
        return self._research_table(read_totals_folder)

    def _research_table(self, read):
        """`read(registry folder)`, a table of the registry's research/ files; its ValueError as a RegistryError."""
        folder = Path(self.registry_dir) if self.registry_dir else default_registry_dir()
        try:
            return read(folder)
        except ValueError as e:
            raise RegistryError(str(e)) from None

    def registry_loaded(self) -> bool:
        """Whether the workspace holds the registry's own graph (a first ingest writes it)."""
        return REGISTRY_GRAPH in self.store.graphs()

    def query(self, sparql: str):
        """A query of the workspace's owner (the CLI), on the store as it is: SELECT rows of
        terms, an ASK boolean or CONSTRUCT triples (cancu.kg.store.graph.GraphStore.query)."""
        return self.store.query(sparql)

    @staticmethod
    def select_csv(rows: list[dict]) -> str:
        """`query`'s SELECT rows as SPARQL results CSV, the endpoint's writer (values unchanged)."""
        return sparql_format.select_csv(list(rows[0]) if rows else [], rows)

    def export(self, target, format: str | None = None) -> None:
        """Every graph as RDF (`format` as cancu.kg.store.graph.GraphStore.export takes it)."""
        self.store.export(target, format)

    def import_rdf(self, source, format: str | None = None) -> None:
        """Load an RDF export (e.g. from another workspace) into this writable workspace."""
        self.store.import_(source, format)

    def publish(self) -> None:
        """Let readers see what the writer has committed."""
        publish(self._writer, self.workspace.store_dir)

    @cached_property
    def index(self):
        backend = self.workspace.settings().get("search_backend")
        if backend is None and not (self.workspace.index_dir / "backend.txt").exists():
            backend = self.new_index_backend   # a first large ingest starts on tantivy
        return open_index(self.workspace.index_dir, backend, instrument_finder=self.find_in_query)

    def expect_documents(self, n: int) -> None:
        """Before the first ingest: whoosh, the user's default, measures too slow past
        SWITCH_OVER_DOCS documents (search/README.md), so a new workspace that starts
        with more begins on tantivy. An explicit setting or CANCU_SEARCH_BACKEND wins."""
        if n > SWITCH_OVER_DOCS and not os.environ.get(ENV_BACKEND):
            self.new_index_backend = "tantivy"

    @cached_property
    def ingestor(self) -> Ingestor:
        from cancu.ingest import Ingestor     # the extraction stack loads on first use (a reader never does)
        return Ingestor(self.store, self.extractor, index=self.index, today=self.today,
                        publish=self.publish)

    @property
    def catalogue(self) -> InstrumentCatalogue:
        """Registry instruments and those cited in the workspace; rebuilt when a reader
        moves to a newer checkpoint, so an upload's instruments can be looked up."""
        readable = self.workspace.exists() or self._endpoint is not None
        key = str(getattr(self.store, "path", None) or getattr(self.store, "url", "endpoint")) if readable else None
        if self._catalogue is None or key != self._catalogue_key:
            entries = [CatalogueEntry(iri, i.type, i.symbol, i.year, i.name or None, i.aliases)
                       for iri, i in registry_by_iri(self.registry).items()]
            if key is not None:
                entries += self._cited_instruments_cached()
            self._catalogue = InstrumentCatalogue(entries, self.registry.names())
            self._catalogue_key = key
        return self._catalogue

    def _cited_instruments_cached(self) -> list[CatalogueEntry]:
        """A checkpoint never changes, so its list of cited instruments is computed
        once and kept beside it: the next command starts in milliseconds, not the
        seconds the queries take at 10k documents."""
        path = getattr(self.store, "path", None)
        cache = Path(path) / "instruments.json" if path and not self.writable else None
        if cache is not None and cache.exists():
            return [CatalogueEntry(**{**row, "aliases": tuple(row["aliases"])})
                    for row in json.loads(cache.read_text(encoding="utf-8"))]
        entries = document_queries.cited_instruments(self.store)
        if cache is not None:
            # A name of this process and thread: server workers warm up at once, and with one
            # shared name the second rename found the first's file gone (worker failed to boot).
            tmp = cache.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_text(json.dumps([asdict(e) for e in entries], ensure_ascii=False), encoding="utf-8")
            tmp.replace(cache)          # readers never see a half-written file
        return entries

    def close(self) -> None:
        if "ingestor" in self.__dict__:
            self.ingestor.flush()
        if "index" in self.__dict__:
            self.index.close()
        if "_writer" in self.__dict__:
            self.publish()
            self._writer.close()
        if "_reader" in self.__dict__:
            self._reader.close()
        if self._query_pool is not None:
            self._query_pool.close()

    # ------------------------------------------------------------------ users' SPARQL
    def sparql(self, query: str, *, format: str, limits: SparqlLimits, offset: int = 0) -> SparqlResult:
        """A user's query, read-only and federation-free, in a query process that is
        killed at the time limit (kg/sparql/pool.py), its rows capped while they stream;
        waiting at most `limits.queue_s` for a free process. A SELECT without LIMIT is
        answered a page of `limits.page_rows` rows at a time, from row `offset`
        (kg/sparql/page.py). The answer comes written in `format` (cancu.kg.sparql.format)
        by the query process, or as terms for a page when `format` is "html"."""
        try:
            answer = self.run_sparql(query, limits, format=format, offset=offset)
        except SparqlRejected as e:
            if e.reason == "offset":         # a page asked of a query that is one answer
                raise BadQuery(str(e), reason="value", param="offset") from None
            raise BadQuery(str(e).strip() or e.reason, reason=e.reason if e.reason in ("update", "service") else "syntax",
                           param="query", keyword=e.keyword) from None
        except SparqlTimeout as e:
            raise TimedOut(str(e), limit_s=limits.timeout_s) from None
        except SparqlBusy as e:
            raise Busy(str(e), retry_after_s=e.retry_after_s) from None
        except SparqlFailed as e:
            if e.reason != "memory":
                raise
            raise TooLarge(str(e), limit_mb=limits.memory_mb) from None
        paging = {"next_offset": answer.next_offset, "row_limit": answer.row_limit}
        if format != "html":
            return SparqlResult(answer.form, answer.truncated, tuple(answer.variables), boolean=answer.boolean,
                                body=answer.body or b"", media_type=answer.media_type, row_count=answer.row_count,
                                **paging)
        return SparqlResult(answer.form, answer.truncated, tuple(answer.variables),
                            rows=tuple({v: SparqlTerm(*t) for v, t in r.items()} for r in answer.rows),
                            boolean=answer.boolean,
                            triples=tuple(tuple(SparqlTerm(*t) for t in triple) for triple in answer.triples),
                            row_count=answer.row_count, **paging)

    def run_sparql(self, query: str, limits: SparqlLimits, *, format: str | None = None,
                   offset: int = 0) -> SparqlAnswer:
        """The query's answer: written in `format` by the query process (kg/sparql/worker.py),
        or as terms of the store when `format` is None."""
        endpoint = self._endpoint
        request = {"query": normalise_newlines(query), "max_rows": limits.max_rows, "max_bytes": limits.max_bytes,
                   "page_rows": limits.page_rows, "offset": offset, "format": format}
        if endpoint is not None:
            request["endpoint"] = endpoint.url
        else:
            request["store"] = str(self._reader.current().path)
        with TURNS.released():          # the query runs in its own process: others compute meanwhile
            return self.query_pool(limits.processes, limits.memory_mb).run(request, limits.timeout_s, limits.queue_s)

    def query_pool(self, processes: int = 4, memory_mb: int = 1024) -> QueryProcesses:
        with self._query_pool_lock:
            if self._query_pool is None:
                self._query_pool = QueryProcesses(size=processes, memory_mb=memory_mb,
                                                  network=self._endpoint is not None)
            return self._query_pool

    # ------------------------------------------------------------------ queries
    def find_instruments(self, text: str) -> list[CatalogueMatch]:
        return self.catalogue.find(text)

    def find_in_query(self, query: str) -> list[InstrumentHit]:
        """For search: the instruments a query names, where it names them."""
        return [InstrumentHit(c.entry.symbol, c.entry.iri, span)
                for span, candidates in self.catalogue.find_in_query(query) for c in candidates]

    def cites(self, text: str) -> CitesAnswer:
        candidates = self.find_instruments(text)
        answer = CitesAnswer(text, candidates)
        if candidates and not answer.ambiguous:
            top = candidates[0].score
            iris = [c.entry.iri for c in candidates if c.score == top]
            answer = CitesAnswer(text, candidates, queries.citations(self.store, iris))
        return answer

    # ------------------------------------------------------------------ documents
    def checkpoint_id(self) -> str:
        """The published checkpoint a reader answers from (its folder), the endpoint's URL,
        or the live store's folder for a writer (whose answers change under the same name:
        the web app also counts its own uploads, web/cache.py)."""
        store = self.store
        return str(getattr(store, "path", None) or getattr(store, "url", None) or id(store))

    def stats(self) -> dict[str, int]:
        return self.store.stats()

    def document_list(self) -> list[DocumentMeta]:
        return document_queries.document_list(self.store)

    def document_text(self, doc_id: str) -> str | None:
        return document_queries.document_text(self.store, document_id(doc_id))

    def document(self, doc_id: str) -> DocumentView:
        """One ingested document with its citations (by status) and findings; NotFound
        when the workspace has none of that name."""
        view = self._document(doc_id)
        if view is None:
            raise NotFound(f"không có văn bản «{doc_id}» trong kho / no document «{doc_id}» in the workspace",
                           what="document", name=doc_id)
        return view

    def _document(self, doc_id: str) -> DocumentView | None:
        doc_id = document_id(doc_id)          # the name as stored: NFC
        view = document_view(self.store, self.registry, document_iri(doc_id), today=self.today)
        if view is None:    # a workspace not re-ingested since document IRIs changed (issue #14)
            view = document_view(self.store, self.registry, legacy_document_iri(doc_id), today=self.today)
            if view is not None and view.document != doc_id:
                return None
        return view

    def documents(self) -> list[str]:
        return document_queries.document_ids(self.store)

    def instrument(self, text_or_iri: str) -> InstrumentReport:
        """The report of the instrument a text names best (or of an IRI). NotFound when
        nothing matches, Ambiguous when several match equally well."""
        iri = text_or_iri
        if not text_or_iri.startswith(("http://", "https://")):
            iri = self._best_instrument(text_or_iri).entry.iri
        try:
            report = instrument_report(self._store_or_none(), self.registry, iri, today=self.today)
        except ValueError as e:          # an IRI the store refuses
            raise BadQuery(str(e), reason="value", param="iri") from None
        if report is None:
            raise _instrument_not_found(text_or_iri)
        return report

    def _best_instrument(self, text: str) -> CatalogueMatch:
        """The one instrument a text names best; NotFound for none, Ambiguous for a tie."""
        candidates = self.find_instruments(text)
        if not candidates:
            raise _instrument_not_found(text)
        top = [c for c in candidates if c.score == candidates[0].score]
        if len({c.entry.iri for c in top}) > 1:
            raise Ambiguous(f"«{text}» có thể là nhiều văn bản / may mean several instruments",
                            what="instrument", name=text, candidates=candidates)
        return top[0]

    def _store_or_none(self) -> GraphStore | None:
        return self.store if self.workspace.exists() else None

    def search(self, query: str, *, limit: int = 10, facets: bool = False,
               facet_values: int | None = None) -> SearchResult:
        # An ingest commits the index before it publishes the checkpoint, so a
        # reader that has moved to a newer checkpoint refreshes the index first:
        # answers (and the web cache, keyed by checkpoint) never pair a new
        # store with an old index.
        if not self.writable and self._endpoint is None and self.workspace.exists():
            checkpoint = self._reader.current().path
            if checkpoint != self._index_checkpoint:
                self.index.refresh()
                self._index_checkpoint = checkpoint
        try:
            return self.index.search(query, limit=limit, facets=facets, facet_values=facet_values)
        except QueryError as e:
            raise BadQuery(str(e), param="q") from None

    # ------------------------------------------------------------------ uploads
    def ingest_upload(self, filename: str, data: bytes, *, max_bytes: int | None = None,
                      wait_s: float | None = None) -> UploadOutcome:
        """Ingest one uploaded file from a serving (reading) process.

        The file is read and checked first, so a bad file changes nothing. The
        live store is then opened for writing just for this document and a new
        checkpoint published, so the server's readers see it. One writer at a
        time: uploads in this process's threads queue on a lock, and an upload
        in another worker (or a `cancu ingest`) holds the store's own lock, so
        opening it is retried; after `wait_s` seconds the upload raises Busy.
        """
        # Seconds of work and a wait for the store's writer: not in a turn (cancu/turns.py),
        # the worker's pages go on beside it.
        with TURNS.released():
            return _upload_outcome(self._ingest_upload(filename, data, max_bytes, wait_s))

    def _ingest_upload(self, filename: str, data: bytes, max_bytes: int | None, wait_s: float | None) -> IngestOutcome:
        from cancu.ingest import Ingestor, IngestOutcome     # the extraction stack: at the first upload
        name = safe_document_name(filename)
        try:
            source = read_bytes(data, name, max_bytes=max_bytes or self.max_upload_bytes)
        except ReadError as e:
            return IngestOutcome(name, name, "failed", str(e))
        wait_s = UPLOAD_WAIT_S if wait_s is None else wait_s
        deadline = time.monotonic() + wait_s
        if not self._upload_lock.acquire(timeout=max(wait_s, 0)):
            raise _busy(name)
        try:
            store = _open_writer_before(self.workspace.store_dir, deadline)
            if store is None:
                raise _busy(name)
            try:
                ingestor = Ingestor(store, self.extractor, index=self.index, today=self.today)
                outcome = ingestor.ingest_source(source, name)
                ingestor.flush()
                publish(store, self.workspace.store_dir)
            finally:
                store.close()
            if "_reader" in self.__dict__:
                self._reader.refresh()      # this process's next request sees the upload
        finally:
            self._upload_lock.release()
        return outcome

    # ------------------------------------------------------------------ obligations
    def obligations(self, agency: str | None = None, document: str | None = None,
                    due_before: dt.date | None = None) -> list[ObligationRow]:
        return tasks_query.obligations(self.store, agency=agency, document=self._document_ref(document),
                                       due_before=due_before, today=self.today)

    def obligations_by_iri(self, iris: Iterable[str]) -> list[ObligationRow]:
        """The obligations of these IRIs, in list order (a chain page's tasks)."""
        return tasks_query.obligations_by_iri(self.store, iris)

    def _document_ref(self, document: str | None) -> str | None:
        """A file name as its document's IRI, when that graph holds it: a query bound
        to one graph reads that graph only, one bound to the name reads every graph
        (1 s instead of 3 ms per document page at 1k documents)."""
        if document is None or document.startswith(("http://", "https://")):
            return document
        name = document_id(document)
        for iri in (document_iri(name), legacy_document_iri(name)):
            if document_queries.graph_holds(self.store, iri, name):
                return iri
        return document

    def prepare_obligation_filters(self) -> bool:
        """Make, for the checkpoint now read, what the agency and due-date filters read
        (cancu.kg.queries.tasks.prepare_filters): a server does it before requests do."""
        return tasks_query.prepare_filters(self.store)

    def obligation_summary(self) -> ObligationSummary:
        return tasks_query.obligation_summary(self.store)

    def obligations_csv(self, rows: list[ObligationRow], lang: str = "vi") -> str:
        return obligation_table.to_csv(rows, self.today, lang=lang)

    def obligations_xlsx(self, rows: list[ObligationRow], lang: str = "vi") -> bytes:
        return obligation_table.to_xlsx(rows, self.today, lang=lang)

    # ------------------------------------------------------------------ tables
    def table_csv(self, header: list[str], rows: list[list]) -> str:
        """Any table the pages show, as CSV for Excel (cancu.tables: the one writer)."""
        return tables.to_csv(header, rows)

    def table_xlsx(self, header: list[str], rows: list[list], sheet: str = "Sheet1",
                   widths: list[int | None] | None = None) -> bytes:
        return tables.to_xlsx(header, rows, sheet=sheet, widths=widths or [])

    def calendar(self, agency: str | None = None, document: str | None = None,
                 due_before: dt.date | None = None) -> str:
        """The deadlines of the obligations the same filters as `obligations` keep."""
        name = f"Nhiệm vụ — {agency}" if agency else "Nhiệm vụ — cancu"
        rows = self.obligations(agency=agency, document=document, due_before=due_before)
        return to_ics(rows, calendar_name=name, start=self.today)

    def chain(self, text_or_iri: str, direction: str = "both", *,
              plans_per_node: int | None = None, duties: bool = True) -> ChainResult:
        """The obligation chain through an instrument, document, task or agency; with
        `plans_per_node`, at most that many plans under any one node; without `duties`, the
        tasks reached are not followed to their agencies. NotFound and Ambiguous as `instrument`."""
        if direction not in CHAIN_DIRECTIONS:
            raise BadQuery(f"hướng phải là một trong {', '.join(CHAIN_DIRECTIONS)} / direction must be one of "
                           f"{', '.join(CHAIN_DIRECTIONS)}", reason="value", param="direction")
        store = self.store
        index = chains_index.for_store(store)     # a checkpoint's, made once; else one for this call
        target = text_or_iri
        if not text_or_iri.startswith(("http://", "https://")) and index.document(text_or_iri) is None:
            target = self._best_instrument(text_or_iri).entry.iri
        try:
            return chain_walk.chain(store, self.registry, target, direction=direction, index=index,
                                    today=self.today, plans_per_node=plans_per_node, duties=duties)
        except chain_walk.NotInGraph:       # an IRI or name nothing in the workspace has
            raise _instrument_not_found(text_or_iri) from None
        except ValueError as e:             # an IRI the store refuses
            raise BadQuery(str(e), reason="value", param="iri") from None

    def audit(self, documents: list[str] | None = None) -> list[FindingRow]:
        return document_queries.findings(self.store, documents)

    def finding_places(self, findings: list[FindingRow] | None = None) -> dict[tuple[str, int], tuple[int, str]]:
        return document_queries.finding_places(self.store, findings)


def _instrument_not_found(text: str) -> NotFound:
    return NotFound(f"không tìm thấy «{text}» trong kho / «{text}» is not in the workspace",
                    what="instrument", name=text)


def require_ingested(workspace: Workspace) -> None:
    """Raise WorkspaceEmpty, with what to do, when nothing was ingested yet."""
    if not workspace.exists():
        raise WorkspaceEmpty(
            f"chưa có dữ liệu trong {workspace.root} — hãy chạy `cancu ingest` trước / "
            f"nothing ingested in {workspace.root} yet — run `cancu ingest` first")


def _open_writer_before(store_dir: Path, deadline: float) -> GraphStore | None:
    """The live store for writing, waiting while another process writes; None past `deadline`."""
    pause = 0.05
    while True:
        try:
            return open_writer(store_dir)
        except StoreLockedError:
            if time.monotonic() + pause > deadline:
                return None
            time.sleep(pause * (0.5 + random.random()))   # jitter: workers do not retry in step
            pause = min(pause * 2, 0.5)


def _busy(name: str) -> Busy:
    # No path, no lock holder: this message may go to the client as it is.
    return Busy(f"{name}: kho đang bận ghi (một tệp khác hoặc lệnh nạp đang ghi), hãy thử lại sau ít giây / "
                "the workspace is busy with another write (an upload or an ingest); try again in a few seconds",
                retry_after_s=UPLOAD_RETRY_AFTER_S)


def _upload_outcome(o: IngestOutcome) -> UploadOutcome:
    return UploadOutcome(o.document, o.status, o.error, o.mentions, o.obligations, o.findings)


def safe_document_name(filename: str) -> str:
    """An uploaded file's name as a document id: no folders, no traversal, no control
    characters ('../../etc/passwd' → 'passwd')."""
    base = re.split(r"[\\/]", filename or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip().lstrip(".")
    return document_id(base[:200] or "tai-lieu")

