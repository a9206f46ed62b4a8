"""Ingest: file → text → citations, obligations, findings → the document's named
graph and the search index.

A document is identified in the workspace by its file name (NFC), exactly: the
graph IRI (cancu.kg.iri.document_iri), the search key and `cancu remove` all use it,
so two names never share a document. Its named graph
records a content hash (of the text and of this pipeline's version), so the
same file again changes nothing and a changed file replaces exactly its own
triples. The graph keeps the document's text, so the workspace can be
re-audited (after a registry change) without the original files.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import pickle
from dataclasses import dataclass, field
from pathlib import Path
import multiprocessing
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Callable, Iterable, Iterator

from cancu import memory
from cancu.pipeline import ExtractedDocument, Extractor, load_registry
from cancu.kg.queries import documents as document_queries
from cancu.kg.audit.auditor import Auditor
from cancu.kg.triples.document import document_triples
from cancu.kg.triples.registry import registry_triples
from cancu.kg.triples.tasks import finding_triples, obligation_triples
from cancu.kg.audit.findings import is_stale
from cancu.kg.iri import document_id, document_iri, legacy_document_iri
from cancu.kg.registry.resolve import registry_iri
from cancu.kg.store.graph import GraphStore, ntriples_lines
from cancu.kg.store.packed_graph import PackedGraph
from cancu.kg.vocab import CANCU, REGISTRY_GRAPH
from cancu.nlp.document import province_of
from cancu.nlp.model import SourceText
from cancu.nlp.readers import ReadError, read_document
from rdflib import Literal, URIRef
from cancu.search.model import IndexDocument
from cancu.search.prepare import prepare as prepare_for_index

# Bump when extraction changes what it writes, so re-ingest refreshes old graphs.
PIPELINE_VERSION = "2"
# A checkpoint copies its indexes (kg/store/snapshots.py), which grow with the store:
# published every `publish_every` documents, their copies made ingest's cost per
# document grow with the store. So a long ingest publishes after `publish_every`
# documents or a twentieth of the store, whichever is more: the copies then cost
# the same per document at any size, and readers still see steady progress.
PUBLISH_SHARE = 20
# A batch (one store load, one index commit) is `publish_every` documents or a tenth of
# the store, whichever is more, and ends sooner at MAX_BATCH_TRIPLES. Each load adds a file
# per index to RocksDB's first level, and every second one sets off a merge into the level
# below, which rewrites a level that grows with the store (at 10k plans, the whole store);
# tantivy merges its segments, one a commit, likewise. A batch that grows with the store
# keeps the rewrites a document the same at any size. 10k generated plans
# (bench/ingest_stages.py, one machine in turn): a hundredth (batches of 200 there),
# RocksDB's compaction 194.9 s of CPU, tantivy's merges 11.1 s; a tenth, 103.5 and 5.6 s.
# The whole run (bench/run.py) 825 -> 734 s of CPU, its peak 860 -> 981 MB, all processes;
# a twentieth saved nothing measurable (832 s, one run each).
BATCH_SHARE = 10
# pyoxigraph's bulk load holds about 0.9 kB a triple until it is done (1,000 generated
# plans, 388k triples: 350 MB more at its peak), so past this many triples a batch ends
# whatever the store's size: batches of about 770 plans from 8k documents on. At 400k the
# peak of a 10k ingest, all processes, came within 11-18 MB of 1 GB in two of four runs;
# 300k against 400k, in turn: 907.4 against 1,006.7 MB, CPU 776.8 against 772.2 s.
MAX_BATCH_TRIPLES = 300_000
# A run in workers reads the names of the store's graphs once (`named` in Ingestor.commit)
# when its files number at least this share of the store's documents: the read costs about
# 20 us a graph (2.3-2.8 s of CPU at 115k documents), the two look-ups a new document it
# saves 0.8 ms of the writer's CPU and 3 ms of its wall time at 110k (3,000 plans into the
# 100k workspace: the commits 2.57 s of CPU, 9.23 s wall -> 0.29 and 0.30 s).
NAMES_READ_SHARE = 40
# A run that wrote at least this share of the store's documents compacts the store before its
# last checkpoint (GraphStore.compact). A compaction rewrites the whole store (about 6 s at 10k
# documents), so a few files added to a large workspace do not pay for it; the few files such a
# run leaves in the store are merged by RocksDB's own background compaction.
COMPACT_SHARE = 0.1
_LOG = logging.getLogger(__name__)


def compaction_due(written: int, documents: int) -> bool:
    """Whether a run that wrote `written` documents, of the `documents` now in the store,
    compacts it (COMPACT_SHARE)."""
    return written > 0 and written >= COMPACT_SHARE * documents


@dataclass
class IngestOutcome:
    path: str
    document: str
    status: str                 # added | replaced | unchanged | failed | busy (try again later)
    error: str | None = None
    mentions: int = 0
    obligations: int = 0
    findings: int = 0


@dataclass
class Summary:
    outcomes: list[IngestOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def written(self) -> int:
        """Documents the run wrote (added or replaced)."""
        return sum(1 for o in self.outcomes if o.status in ("added", "replaced"))

    @property
    def failed(self) -> list[IngestOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def line(self) -> str:
        return (f"{self.count('added')} thêm mới, {self.count('replaced')} cập nhật, "
                f"{self.count('unchanged')} không đổi, {self.count('failed')} lỗi / "
                f"added {self.count('added')}, replaced {self.count('replaced')}, "
                f"unchanged {self.count('unchanged')}, failed {self.count('failed')}")


@dataclass
class Prepared:
    """A document extracted and turned into triples, ready to be written."""

    path: str
    doc_id: str
    doc_iri: str
    digest: str
    replaces: bool
    # The named graph as N-Triples text, one triple a line, compressed: one small bytes
    # object crosses from a worker to the writer and waits in its batch, rather than a
    # list of ~400 lines (bench/ingest.py) or 135 kB of str (kg/store/packed_graph.py).
    graph: PackedGraph
    index_doc: "PackedIndexDocument | None"
    mentions: int
    obligations: int
    findings: int


@dataclass(frozen=True)
class PackedIndexDocument:
    """A search entry pickled where it was prepared. It waits in the writer's batch
    as one bytes object rather than the ~5,500 small objects of its index entries
    and syllable counts (bench/ingest.py), which the writer's heap kept, fragmented,
    long after the batch; it is unpacked when indexed, one document at a time."""

    data: bytes

    @classmethod
    def pack(cls, doc: IndexDocument) -> "PackedIndexDocument":
        return cls(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))

    def unpack(self) -> IndexDocument:
        return pickle.loads(self.data)


def content_hash(text: str) -> str:
    return hashlib.sha256(f"{PIPELINE_VERSION}\0{text}".encode("utf-8")).hexdigest()


def legacy_graph(store, doc_id: str, named: set[str] | None = None) -> str | None:
    """The graph this document still has under its pre-#14 IRI, if any. Only a graph
    whose stored id is this id counts: under the old IRI several names shared one.
    `named`: the graphs the store names, when known (a graph it does not name is empty)."""
    iri = legacy_document_iri(doc_id)
    if iri == document_iri(doc_id) or named is not None and iri not in named:
        return None
    return iri if document_queries.graph_holds(store, iri, doc_id) else None


class PendingGraphs:
    """New documents' graphs waiting for a batch's one load, and how many triples they
    hold (a batch ends at MAX_BATCH_TRIPLES)."""

    def __init__(self) -> None:
        self.graphs: dict[str, PackedGraph] = {}
        self.triples = 0

    def put(self, iri: str, graph: PackedGraph) -> None:
        previous = self.graphs.get(iri)       # the same document twice in a batch
        self.triples += graph.triples - (previous.triples if previous else 0)
        self.graphs[iri] = graph

    def pop(self, iri: str) -> bool:
        """Drop `iri`'s graph; False when none was waiting."""
        graph = self.graphs.pop(iri, None)
        if graph is None:
            return False
        self.triples -= graph.triples
        return True

    def clear(self) -> None:
        self.graphs.clear()
        self.triples = 0


class Ingestor:
    """Writes documents into one workspace's store and (optionally) search index."""

    def __init__(self, store: GraphStore, extractor: Extractor, *, index=None,
                 today: dt.date | None = None, publish: Callable[[], None] | None = None,
                 publish_every: int = 200, publish_share: int = PUBLISH_SHARE,
                 batch_share: int = BATCH_SHARE):
        self.store = store
        # Called after batches so readers in other processes see the new state.
        self.publish = publish
        self.publish_every = publish_every
        self.publish_share = publish_share
        self.batch_share = batch_share
        self.extractor = extractor
        self.index = index
        self.today = today or dt.date.today()
        self.auditor = Auditor(extractor.registry, today=self.today)
        self._pending: dict[str, PackedIndexDocument] = {}   # written to the index in batches
        # New documents' graphs, written at flush() in one load (a graph that exists
        # is replaced at once, by an update that drops it too).
        self._pending_graphs = PendingGraphs()
        # Content hashes are recorded only once the document is in the index too:
        # a document killed in between has no hash, so the next run redoes it.
        self._pending_hashes: dict[str, str] = {}
        # Hashes of documents already in the store and the index, recorded with the next
        # batch's load (`flush(complete=False)`) rather than by an update of their own.
        self._unrecorded_hashes: dict[str, str] = {}

    # ------------------------------------------------------------------ documents
    def ingest_paths(self, paths: Iterable[str | Path], *,
                     on_progress: Callable[[IngestOutcome], None] | None = None,
                     max_bytes: int | None = None, jobs: int = 1) -> Summary:
        """Ingest files; with jobs > 1, extraction runs in worker processes while
        this process alone writes (Oxigraph admits one writer)."""
        summary = Summary()
        memory.limit_arenas()        # before the batches start their threads (cancu/memory.py)
        results: Iterable[Prepared | IngestOutcome]
        stored: int | None = None          # documents in the store, once needed
        # The graphs the store names, read once for a long run in workers (NAMES_READ_SHARE)
        # and kept up to date by `commit`; None: ask the store.
        named: set[str] | None = None
        if jobs > 1:
            known = document_queries.content_hashes(self.store)
            stored = len(known)
            paths = list(paths)
            if len(paths) * NAMES_READ_SHARE >= stored:
                named = set(self.store.graphs())
            results = self._prepare_in_workers(paths, max_bytes, jobs, known)
        else:
            results = (self._prepare_path(p, max_bytes) for p in paths)
        unpublished = batched = 0
        for result in results:
            outcome = self.commit(result, named) if isinstance(result, Prepared) else result
            summary.outcomes.append(outcome)
            if stored is not None and outcome.status == "added":
                stored += 1
            unpublished += 1
            batched += 1
            if on_progress:
                on_progress(outcome)
            if (batched < max(self.publish_every, (stored or 0) // self.batch_share)
                    and self._pending_graphs.triples < MAX_BATCH_TRIPLES):
                continue
            batched = 0
            self.flush(complete=False)        # a batch: one store load, one index commit
            if self.publish is not None:
                if stored is None:            # complete documents, this batch's included
                    stored = len(document_queries.content_hashes(self.store)) + len(self._unrecorded_hashes)
                if unpublished >= stored // self.publish_share:
                    self.publish()            # a long run shows progress to readers
                    unpublished = 0
        self.flush()
        return summary

    def _prepare_in_workers(self, paths: list, max_bytes: int | None, jobs: int,
                            known: dict[str, str]) -> Iterator[Prepared | IngestOutcome]:
        tasks = [(str(p), known.get(document_iri(document_id(p))), max_bytes) for p in paths]
        # Spawned, not forked: by now this process runs the store's and the index's native
        # threads, and a fork copies whatever lock one of them held into a child that never
        # sees it released. A spawned worker also holds only what extraction needs (139 MB
        # at 10k documents); a forked one counted the writer's pages besides (175 MB).
        ctx = multiprocessing.get_context("spawn")
        # Documents in flight. The writer flushes at the end of each batch
        # (store load, index commit, checkpoint: seconds); with 4 per worker the
        # workers filled that window at once and then stood idle for the whole
        # flush. 32 per worker keeps them busy through it, at about 0.2 MB each.
        window = jobs * 32
        # concurrent.futures, not multiprocessing.Pool: the Pool's worker-handler thread
        # also waits on the results pipe, so it woke at every result and spun until the
        # result thread had read it (1.2 ms of the writer's CPU a document at 10k). The
        # executor's one thread reads the results; and a worker that dies (killed for its
        # memory, say) fails the documents in flight instead of leaving the run waiting.
        pool = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_worker_init,
                                   initargs=(self.extractor.registry_dir, self.today, self.index is not None))

        def submit(task) -> Future:
            try:
                return pool.submit(_worker_prepare, task)
            except BrokenProcessPool as e:     # a worker died: the pool takes no more
                failed: Future = Future()
                failed.set_exception(e)
                return failed

        try:
            todo = iter(tasks)
            pending = deque((t, submit(t)) for t in islice(todo, window))
            while pending:
                task, future = pending.popleft()
                following = next(todo, None)
                if following is not None:
                    pending.append((following, submit(following)))
                try:
                    yield future.result()     # in the order given
                except BrokenProcessPool as e:
                    yield _worker_died(task[0], e)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def flush(self, *, complete: bool = True) -> None:
        """End a batch: write the pending search entries (one commit) and the new
        documents' graphs (one load), then mark the batch's documents complete by
        recording their content hashes. The entries go first, so that what they and
        the index's writer held is freed before the load, the batch's largest peak
        (MAX_BATCH_TRIPLES): at 10k plans, 828 -> 709 MB at the writer's peak.

        With `complete=False` (a batch of a long ingest) the hashes wait for the next
        batch's load, which records them with its graphs. An update of their own wrote
        them to a memtable that the next load or checkpoint flushed into a second small
        file per column family, and RocksDB compacts the files of level 0 into the rest
        two at a time: one compaction of the whole store per batch instead of one per
        two batches, the cost per document that grew with the store. Until then the
        last checkpoint shows those documents without a hash (no index reads it); the
        last flush of a run (`complete=True`) records every hash."""
        if self.index is not None and self._pending:
            self.index.index_documents(packed.unpack() for packed in self._pending.values())
        self._pending.clear()
        memory.release_free_memory()     # what the index's writer freed, before the load
        hashes = dict(self._unrecorded_hashes)
        self._unrecorded_hashes.clear()
        if self._pending_graphs.graphs:
            self.store.add_graphs(self._pending_graphs.graphs, hashes=hashes)
            self._pending_graphs.clear()
            hashes.clear()
        hashes.update(self._pending_hashes)
        self._pending_hashes.clear()
        if complete and hashes:
            document_queries.record_content_hashes(self.store, hashes)
        else:
            self._unrecorded_hashes.update(hashes)
        memory.release_free_memory()     # what the batch's loads freed (cancu/memory.py)

    def ingest_source(self, source: SourceText, doc_id: str) -> IngestOutcome:
        """Extract and write one document; `flush()` completes it (index + hash)."""
        previous = self.store.document_hash(document_iri(doc_id))
        result = self.prepare_or_fail(source, doc_id, previous)
        return self.commit(result) if isinstance(result, Prepared) else result

    def _prepare_path(self, path: str | Path, max_bytes: int | None) -> Prepared | IngestOutcome:
        try:
            source = read_document(path, **({"max_bytes": max_bytes} if max_bytes else {}))
        except ReadError as e:
            return IngestOutcome(str(path), document_id(path), "failed", str(e))
        doc_id = document_id(path)
        return self.prepare_or_fail(source, doc_id, self.store.document_hash(document_iri(doc_id)))

    def prepare_or_fail(self, source: SourceText, doc_id: str, previous: str | None, *,
                        with_search: bool | None = None) -> Prepared | IngestOutcome:
        """`prepare`, with any exception one document's failure: the batch goes on. The
        message names the exception's type only (an upload shows it to the client);
        the traceback goes to the log."""
        try:
            return self.prepare(source, doc_id, previous, with_search=with_search)
        except Exception as e:
            _LOG.error("%s: processing error", doc_id, exc_info=True)
            return IngestOutcome(source.path, doc_id, "failed",
                           f"{doc_id}: lỗi khi xử lý văn bản / processing error ({type(e).__name__})")

    def prepare(self, source: SourceText, doc_id: str, previous: str | None, *,
                with_search: bool | None = None) -> Prepared | IngestOutcome:
        """Everything but the write: extraction, audit, triples, search entry."""
        if with_search is None:
            with_search = self.index is not None
        doc_iri = document_iri(doc_id)
        digest = content_hash(source.text)
        if previous == digest:
            return IngestOutcome(source.path, doc_id, "unchanged")
        doc = self.extractor.extract(source, obligations=True)
        findings = self.auditor.audit(doc_id, doc.info, doc.resolutions)
        return Prepared(
            path=source.path, doc_id=doc_id, doc_iri=doc_iri, digest=digest, replaces=previous is not None,
            graph=PackedGraph.pack("\n".join(ntriples_lines(self.triples(doc_iri, doc_id, doc, findings)))),
            index_doc=PackedIndexDocument.pack(
                prepare_for_index(self.index_document(doc_id, doc, stale=_is_stale(findings))))
            if with_search else None,
            mentions=len(doc.resolutions), obligations=len(doc.obligations or []), findings=len(findings))

    def commit(self, p: Prepared, named: set[str] | None = None) -> IngestOutcome:
        """Write a prepared document (its graph waits for the batch's load when new).
        `named`: the graphs the store names, when the caller read them (this document's is
        added): a graph it does not name holds nothing, so a new document needs no look-up
        in the store to know it has no graph yet, nor one under its old IRI."""
        replaces = p.replaces
        if not replaces:
            old = legacy_graph(self.store, p.doc_id, named)
            if old is not None:           # moves to its collision-free IRI
                replaces = self.store.remove_document(old)
        if replaces or (named is None or p.doc_iri in named) and self.store.has_graph(p.doc_iri):
            self.store.replace_graph_text(p.doc_iri, p.graph.text())   # e.g. left without its hash by a kill
        else:
            self._pending_graphs.put(p.doc_iri, p.graph)
        if named is not None:
            named.add(p.doc_iri)
        self._pending_hashes[p.doc_iri] = p.digest
        self._unrecorded_hashes.pop(p.doc_iri, None)      # of the version this one replaces
        if self.index is not None and p.index_doc is not None:
            self._pending[p.doc_id] = p.index_doc
        return IngestOutcome(p.path, p.doc_id, "replaced" if replaces else "added",
                       mentions=p.mentions, obligations=p.obligations, findings=p.findings)

    def triples(self, doc_iri: str, doc_id: str, doc: ExtractedDocument, findings):
        triples = document_triples(doc_iri, doc.source, doc.info, doc.resolutions,
                                   doc_id=doc_id, content_hash="")   # recorded at flush()
        triples += obligation_triples(doc_iri, doc.obligations or [], doc.resolutions)
        triples += finding_triples(doc_iri, findings, self.today,
                                   lambda symbol: registry_iri(self.extractor.registry, symbol))
        triples.append((URIRef(doc_iri), CANCU.fullText, Literal(doc.source.text)))
        return triples

    def remove(self, doc_id: str) -> bool:
        doc_id = document_id(doc_id)
        removed = self.store.remove_document(document_iri(doc_id))
        old = legacy_graph(self.store, doc_id)
        if old is not None:
            removed = self.store.remove_document(old) or removed
        self._pending.pop(doc_id, None)
        self._pending_hashes.pop(document_iri(doc_id), None)
        self._unrecorded_hashes.pop(document_iri(doc_id), None)
        removed = self._pending_graphs.pop(document_iri(doc_id)) or removed
        if self.index is not None:
            self.index.remove(doc_id)
        return removed

    # ------------------------------------------------------------------ registry
    def load_registry(self) -> int:
        """Write the registry's named graph; returns its triple count."""
        return self.store.replace_graph(REGISTRY_GRAPH, registry_triples(self.extractor.registry))

    def reaudit(self) -> Summary:
        """Re-run every stored document (after the registry changed). Each one is
        replaced in one update (drop and insert together): its graph holds the
        only copy of its text, so it is never dropped ahead of its new version."""
        summary = Summary()
        for n, doc_iri in enumerate(self.store.documents(), 1):
            stored = document_queries.stored_source(self.store, doc_iri)
            if stored is None:
                continue
            source = SourceText(stored.file, stored.text, stored.format)
            # No previous hash: rebuilt with the new registry even though the text is the same.
            result = self.prepare_or_fail(source, stored.id, None)
            if isinstance(result, Prepared):
                result.replaces = True
                result = self.commit(result)
            summary.outcomes.append(result)
            if n % self.publish_every == 0:
                self.flush()
        self.flush()
        return summary

    # ------------------------------------------------------------------ search
    @staticmethod
    def index_document(doc_id: str, doc: ExtractedDocument, *, stale: bool) -> IndexDocument:
        info = doc.info
        symbols = sorted({r.mention.symbol or r.symbol for r in doc.resolutions
                          if r.mention.symbol or r.symbol})
        iris = sorted({r.iri for r in doc.resolutions if r.iri})
        agencies = sorted({o.actor_normalized for o in doc.obligations or [] if o.actor_normalized})
        date = info.date or info.reference_date
        return IndexDocument(
            doc_id=doc_id, path=doc.source.path, text=doc.source.text, title=info.title or "",
            passages=[], doc_type=info.type, issuer=info.issuer, province=province_of(info.issuer),
            year=date.year if date else None, date=date, symbols=symbols, instruments=iris,
            agencies=agencies, stale=stale)


# ---------------------------------------------------------------------- workers
_WORKER: "tuple[Ingestor, bool] | None" = None


def _worker_init(registry_dir: str | None, today: dt.date, with_search: bool) -> None:
    """Each worker builds its own extractor (spaCy, registry) once; it never writes."""
    global _WORKER
    extractor = Extractor(load_registry(registry_dir), registry_dir)
    _WORKER = (Ingestor(None, extractor, today=today), with_search)  # type: ignore[arg-type]


def _worker_prepare(task: tuple[str, str | None, int | None]) -> Prepared | IngestOutcome:
    path, previous, max_bytes = task
    try:
        source = read_document(path, **({"max_bytes": max_bytes} if max_bytes else {}))
    except ReadError as e:
        return IngestOutcome(path, document_id(path), "failed", str(e))
    ingestor, with_search = _WORKER
    return ingestor.prepare_or_fail(source, document_id(path), previous, with_search=with_search)


def _worker_died(path: str, error: BrokenProcessPool) -> IngestOutcome:
    """A document left unread because an extraction worker stopped (killed, out of memory):
    failed, so the run writes what it has and says so; the next run reads it again."""
    return IngestOutcome(path, document_id(path), "failed",
                         "tiến trình trích xuất dừng đột ngột, chưa đọc văn bản này / "
                         f"an extraction worker stopped before reading this document: {error}")


def _is_stale(findings) -> bool:
    return any(is_stale(f.finding) for f in findings)
