"""The embedded graph store: an on-disk Oxigraph (RocksDB) dataset.

Layout of a store folder (e.g. $CANCU_HOME/graph):

    oxigraph/      the RocksDB files pyoxigraph owns
    access.lock    our readers-writer lock (see below)

One named graph per ingested document, named by the document IRI; the registry
in its own named graph. Queries see the union of all graphs as the default graph.

Concurrency. Oxigraph (RocksDB) admits one process that opens the store for
writing. pyoxigraph 0.5 offers `Store.read_only`, but its documentation says that
reading while another process writes is undefined behaviour, and the "secondary"
mode of 0.4 that allowed it is gone. So `access.lock` is a flock-based
readers-writer lock: a writer holds it exclusively, read-only openers share it.
A second writer, or a reader while a writer runs (or the reverse), gets a
`StoreLockedError` that says who holds the store, instead of RocksDB's
"While lock file: … Resource temporarily unavailable" or silent corruption.
Serve readers from the writing process (one `GraphStore` shared by threads:
pyoxigraph queries are thread-safe and see committed state only), or from a
`snapshot()` opened read-only.

Atomicity. `replace_document` runs "DROP GRAPH; INSERT DATA" as one SPARQL
update, which Oxigraph evaluates in a single RocksDB transaction: after a crash
(kill -9 included) the graph is either the old one or the new one. The content
hash lives inside the document graph, so it is replaced in the same transaction.
"""
from __future__ import annotations

import fcntl
import io
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import BNode as RdfBNode
from rdflib import Literal as RdfLiteral
from rdflib import URIRef

from cancu.kg.store import counts_index
from cancu.kg.store.packed_graph import PackedGraph
from cancu.kg.store.recent_graphs import KEPT_BYTES, RecentGraphs
from cancu.kg.vocab import CANCU, PREFIXES

DATA_DIR = "oxigraph"
LOCK_FILE = "access.lock"
# In a writable store folder: the cites index of the checkpoint it equals (kg/store/snapshots.py).
PUBLISHED_MARK = "published"
# Quads from which `add_graphs` bulk-loads rather than runs a transaction: a few
# documents' worth (about 400 quads each), so an upload stays one transaction.
BULK_FROM = 4_000

_FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE, "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES, "ntriples": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS, "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD, "json-ld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML, "xml": ox.RdfFormat.RDF_XML,
}
_DATASET_FORMATS = {ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG, ox.RdfFormat.JSON_LD}

GraphTerm = Any      # an rdflib Node or a pyoxigraph term
QueryResult = list[dict[str, Any]] | bool | list[ox.Triple]


class StoreError(RuntimeError):
    """A store problem worth a clear message (not a programming error)."""


class StoreLockedError(StoreError):
    """Another process has the store open in a conflicting mode."""


class ReadOnlyStoreError(StoreError):
    """A write was attempted on a store opened read-only."""


def rdf_format(name: str) -> ox.RdfFormat:
    try:
        return _FORMATS[name.lower().lstrip(".")]
    except KeyError:
        raise ValueError(f"unknown RDF format {name!r}; use one of {sorted(_FORMATS)}") from None


def format_for_path(path: str | os.PathLike[str]) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    return {"json": "jsonld", "rdf": "rdfxml", "owl": "rdfxml", "n3": "ttl"}.get(suffix, suffix)


_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def nt(term: GraphTerm) -> str:
    """A term in N-Triples syntax, valid inside SPARQL INSERT DATA and N-Quads.

    Written here rather than by rdflib's `n3()`: that validated and formatted
    each term at about 3 µs, a tenth of ingest's writing time, and writes
    multi-line literals as Turtle's triple-quoted strings, which N-Quads lacks."""
    if isinstance(term, URIRef):
        if _NOT_IN_IRI.search(term):
            raise ValueError(f"not an IRI that N-Triples can write: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, RdfLiteral):
        text = str(term)
        if "\\" in text:
            text = text.replace("\\", "\\\\")
        quoted = '"' + text.replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'
        if term.language:
            return f"{quoted}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f"{quoted}^^{nt(term.datatype)}"
        return quoted
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return str(term)
    if isinstance(term, (RdfBNode, ox.BlankNode)):
        # A blank node would be renamed on every insert, so a replaced graph
        # could never equal its previous version: the builder mints IRIs instead.
        raise ValueError("blank nodes are not stored; give the node an IRI")
    raise TypeError(f"not an RDF term: {term!r}")


def to_ox(term: GraphTerm) -> Any:
    """rdflib term → pyoxigraph term (pyoxigraph terms pass through)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, RdfLiteral):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, RdfBNode):
        return ox.BlankNode(str(term))
    return term


def named_nodes(iris: Iterable[str]) -> list[ox.NamedNode]:
    """Graph names for a query's `named_graphs`: the only graphs its `GRAPH ?g` reads.
    Bound this way, one query reads a batch of graphs in one pass of each pattern; `VALUES
    ?g` joined after the pattern read every graph (0.6–0.8 s for 200 of 10k documents
    against 0.05 s)."""
    return [ox.NamedNode(iri) for iri in iris]


def ntriples_lines(triples: Iterable[tuple[GraphTerm, GraphTerm, GraphTerm]]) -> list[str]:
    """Triples as distinct N-Triples lines, in first-seen order."""
    return list(dict.fromkeys(f"{nt(s)} {nt(p)} {nt(o)} ." for s, p, o in triples))


def _line_as_nquad(line: str, graph_term: str) -> bytes:
    """One N-Triples line ("s p o .") as an N-Quads line of the graph `graph_term`."""
    return f"{line[:-2]} {graph_term} .\n".encode("utf-8")


def _batch_nquads(graphs: Mapping[str, PackedGraph], hash_lines: Mapping[str, str]) -> Iterator[bytes]:
    """A batch's N-Quads graph by graph, then its content hashes: never one string."""
    for iri, graph in graphs.items():
        yield graph.nquads(nt(URIRef(iri)))
    for iri, line in hash_lines.items():
        yield _line_as_nquad(line, nt(URIRef(iri)))


class _NQuadsReader(io.RawIOBase):
    """Chunks of N-Quads (bytes) as one binary stream, each chunk made when the
    reader gets to it: a batch's N-Quads are never all in memory at once."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        super().__init__()
        self._chunks = iter(chunks)
        self._chunk = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._chunk:
            following = next(self._chunks, None)
            if following is None:
                return 0
            self._chunk = memoryview(following)
        n = min(len(buffer), len(self._chunk))
        buffer[:n] = self._chunk[:n]
        self._chunk = self._chunk[n:]
        return n


class _AccessLock:
    """flock-based readers-writer lock beside the RocksDB files.

    flock (unlike the fcntl locks RocksDB uses) belongs to the open file, so
    probing it never releases a lock this process already holds.
    """

    def __init__(self, path: Path, *, exclusive: bool) -> None:
        self.path = path
        self.exclusive = exclusive
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
            os.close(fd)
            raise StoreLockedError(self._busy_message(holder)) from None
        if self.exclusive:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd

    def _busy_message(self, holder: str) -> str:
        store = self.path.parent
        if self.exclusive:
            who = f"writer process {holder}" if holder else "one or more read-only processes"
            return (f"graph store {store} is in use ({who} holds it). "
                    "Oxigraph allows one writing process: wait for it to finish, stop it, or "
                    "route the write through it (e.g. upload to the running server).")
        who = f"process {holder}" if holder else "another process"
        return (f"graph store {store} is being written by {who}. pyoxigraph cannot read a store "
                "while another process writes it; query the running writer (e.g. the server) "
                "or open a snapshot made with `GraphStore.snapshot()`.")

    def release(self) -> None:
        if self._fd is not None:
            if self.exclusive:
                os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


class GraphStore:
    """An Oxigraph dataset with one named graph per document (see module doc)."""

    def __init__(self, store: ox.Store, *, path: Path | None, read_only: bool,
                 lock: _AccessLock | None) -> None:
        self._store = store
        self.path = path
        self.read_only = read_only
        self._lock = lock
        # Graphs written since the last checkpoint (cancu.kg.store.snapshots.publish), so it
        # can update the previous checkpoint's cites index instead of redoing it;
        # None: not known (nothing published by this writer yet, or a bulk write).
        self.changed_graphs: set[str] | None = None
        # Graphs given only a content hash since then, which no index but the counts reads.
        self._hashed_graphs: set[str] = set()
        # The text of the graphs written whole since then, for the checkpoint's copy of
        # them (`copy_of`); a store that publishes no checkpoint keeps none.
        self._recent = RecentGraphs(KEPT_BYTES if path is not None and not read_only else 0)
        self.last_cites_index: Path | None = None
        if path is not None and not read_only:
            self._resume_published()

    # ------------------------------------------------------------ lifecycle

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, read_only: bool = False) -> GraphStore:
        """Open (creating when writable) the store folder at `path`."""
        root = Path(path)
        data = root / DATA_DIR
        if read_only and not data.is_dir():
            raise StoreError(f"no graph store at {root} (nothing ingested yet?)")
        root.mkdir(parents=True, exist_ok=True)
        lock = _AccessLock(root / LOCK_FILE, exclusive=not read_only)
        lock.acquire()
        try:
            store = ox.Store.read_only(str(data)) if read_only else ox.Store(str(data))
        except OSError as err:
            lock.release()
            if "lock" in str(err).lower():
                raise StoreLockedError(
                    f"graph store {root} is locked by another Oxigraph process ({err}). "
                    "Oxigraph allows one writing process at a time.") from err
            raise StoreError(f"cannot open graph store {root}: {err}") from err
        return cls(store, path=root, read_only=read_only, lock=lock)

    @classmethod
    def in_memory(cls) -> GraphStore:
        """A store that lives in memory only (tests, throw-away work)."""
        return cls(ox.Store(), path=None, read_only=False, lock=None)

    def close(self) -> None:
        """Flush and release the store; the object is unusable afterwards."""
        if self._store is None:
            return
        if not self.read_only:
            self._store.flush()
        # pyoxigraph closes RocksDB when the last reference goes away.
        self._store = None
        if self._lock:
            self._lock.release()

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def oxigraph(self) -> ox.Store:
        """The pyoxigraph store, for hot paths (named queries)."""
        if self._store is None:
            raise StoreError("graph store is closed")
        return self._store

    def rdflib_dataset(self):
        """An rdflib `Dataset` over the same data (oxrdflib), for rdflib-shaped code."""
        from oxrdflib import OxigraphStore     # rdflib: loaded only by the callers that want it
        from rdflib import Dataset
        return Dataset(store=OxigraphStore(store=self.oxigraph), default_union=True)

    # ------------------------------------------------------------ writes

    def _writable(self) -> ox.Store:
        if self.read_only:
            raise ReadOnlyStoreError(f"graph store {self.path} was opened read-only")
        return self.oxigraph

    def replace_graph(self, graph_iri: str, triples: Iterable[tuple[GraphTerm, GraphTerm, GraphTerm]]) -> int:
        """Atomically make the named graph hold exactly `triples`. Returns their count."""
        return self.replace_graph_lines(graph_iri, ntriples_lines(triples))

    def replace_graph_lines(self, graph_iri: str, lines: list[str]) -> int:
        """`replace_graph` for triples already written as N-Triples lines."""
        self.replace_graph_text(graph_iri, "\n".join(lines))
        return len(lines)

    def replace_graph_text(self, graph_iri: str, ntriples: str) -> None:
        """`replace_graph` for triples already written as N-Triples text, one a
        line (ingest workers write it, so the one writing process only sends it)."""
        store = self._writable()
        graph = nt(URIRef(graph_iri))
        # One update request = one Oxigraph transaction: DROP and INSERT commit together.
        self._changed([graph_iri])
        store.update(f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{ntriples}\n}} }}")
        self._recent.keep(graph_iri, ntriples)

    def add_graphs(self, graphs: Mapping[str, PackedGraph | str], *,
                   hashes: dict[str, str] | None = None) -> int:
        """Write several new named graphs (N-Triples text each, one triple a line,
        as `ntriples_lines` writes them; packed or not) at once. For graphs that do
        not exist yet (`has_graph`): nothing is dropped. Returns the number of quads
        written. `hashes`: content hashes (graph IRI → hash) of graphs already written,
        added to their graphs by the same load; no checkpoint index reads them, so
        those graphs do not count as changed (`changed_graphs`).

        A batch of at least BULK_FROM quads goes in as a bulk load: pyoxigraph
        sorts it into new RocksDB files and ingests them in one step, instead of a
        transaction that writes every quad through the write-ahead log and the
        memtables. At 10k documents (bench/store_writes.py, no checkpoints) that
        costs half the CPU and keeps memtables from growing by gigabytes; inside
        an ingest each checkpoint flushes them anyway, so there the gain is CPU
        only. pyoxigraph does not promise a bulk load is all-or-nothing,
        so a crash may leave part of a batch: those graphs have no content hash
        yet (it is recorded after them), and the next ingest of their files
        replaces them whole (`cancu.ingest.Ingestor.commit`); until then a later
        checkpoint can publish such a part. A small batch (an upload) stays one
        transaction."""
        store = self._writable()
        packed = {iri: graph if isinstance(graph, PackedGraph) else PackedGraph.pack(graph)
                  for iri, graph in graphs.items()}
        packed = {iri: graph for iri, graph in packed.items() if graph.triples}
        hash_lines = {iri: _hash_line(iri, digest) for iri, digest in (hashes or {}).items()}
        if not packed and not hash_lines:
            return 0
        self._changed(packed)
        self._hashed_graphs.update(hash_lines)
        quads = sum(graph.triples for graph in packed.values()) + len(hash_lines)
        load = store.bulk_load if quads >= BULK_FROM else store.load
        load(input=_NQuadsReader(_batch_nquads(packed, hash_lines)), format=ox.RdfFormat.N_QUADS)
        for iri, graph in packed.items():
            self._recent.keep_packed(iri, graph.data)
        for iri, line in hash_lines.items():
            self._recent.add_line(iri, line)      # a content hash more
        return quads

    def _changed(self, graph_iris: Iterable[str] | None) -> None:
        """Called before each write (None: any graph may change). The mark of the
        last checkpoint goes first, so a writer killed after this write leaves the
        next one no mark: it then rebuilds the index instead of trusting it."""
        if self.path is not None:
            (self.path / PUBLISHED_MARK).unlink(missing_ok=True)
        graph_iris = None if graph_iris is None else list(graph_iris)
        self._recent.forget(graph_iris)
        if graph_iris is None:
            self.changed_graphs = None
        elif self.changed_graphs is not None:
            self.changed_graphs.update(graph_iris)

    @property
    def hashed_graphs(self) -> set[str]:
        """The graphs given a content hash since the last checkpoint and not otherwise
        changed: only their size changed (the next checkpoint's counts_index reads it)."""
        return self._hashed_graphs - (self.changed_graphs or set())

    def mark_published(self, cites_index: Path) -> None:
        """Record that the live store equals the checkpoint whose index is
        `cites_index` (cancu.kg.store.snapshots.publish), so the next writer process can
        update that index rather than build one from scratch."""
        self.changed_graphs, self.last_cites_index = set(), cites_index
        self._hashed_graphs.clear()
        self._recent.published()
        if self.path is None:
            return
        tmp = self.path / (PUBLISHED_MARK + ".tmp")
        tmp.write_text(str(cites_index), encoding="utf-8")
        os.replace(tmp, self.path / PUBLISHED_MARK)

    def _resume_published(self) -> None:
        try:
            index = Path((self.path / PUBLISHED_MARK).read_text(encoding="utf-8").strip())
        except (OSError, ValueError):
            return
        if index.is_file():
            self.changed_graphs, self.last_cites_index = set(), index

    def has_graph(self, graph_iri: str) -> bool:
        """True when the named graph holds any triple."""
        node = ox.NamedNode(graph_iri)
        return next(iter(self.oxigraph.quads_for_pattern(None, None, None, node)), None) is not None

    def replace_document(self, doc_iri: str, quads_or_triples: Iterable[tuple[GraphTerm, ...]],
                         content_hash: str) -> int:
        """Atomically replace the document's named graph; records `content_hash` in it.

        Accepts triples, or quads whose graph is the document IRI.
        """
        triples: list[tuple[GraphTerm, GraphTerm, GraphTerm]] = []
        for item in quads_or_triples:
            if len(item) == 4:
                graph = item[3]
                if graph is not None and str(_iri_value(graph)) != doc_iri:
                    raise ValueError(f"quad for graph {graph} given to document {doc_iri}")
                item = item[:3]
            triples.append(item)
        return self.replace_document_lines(doc_iri, ntriples_lines(triples), content_hash)

    def replace_document_lines(self, doc_iri: str, lines: list[str], content_hash: str) -> int:
        return self.replace_graph_lines(doc_iri, list(dict.fromkeys([*lines, _hash_line(doc_iri, content_hash)])))

    def remove_graph(self, graph_iri: str) -> bool:
        """Drop one named graph; False when it did not exist."""
        store = self._writable()
        node = ox.NamedNode(graph_iri)
        existed = store.contains_named_graph(node) or next(
            iter(store.quads_for_pattern(None, None, None, node)), None) is not None
        self._changed([graph_iri])
        store.update(f"DROP SILENT GRAPH <{graph_iri}>")
        return existed

    def remove_document(self, doc_iri: str) -> bool:
        return self.remove_graph(doc_iri)

    def import_(self, source: str | os.PathLike[str] | IO[bytes], format: str | None = None, *,
                to_graph: str | None = None, bulk: bool = False) -> None:
        """Load an RDF file. Dataset formats keep their graphs; triple formats go to
        `to_graph` (default graph when None). `bulk` skips the single transaction
        for files too big for memory."""
        store = self._writable()
        self._changed(None)                 # any graph may change
        fmt = rdf_format(format or format_for_path(source if not hasattr(source, "read") else ""))
        target = ox.NamedNode(to_graph) if to_graph else None
        kwargs: dict[str, Any] = {"format": fmt}
        if target is not None:
            kwargs["to_graph"] = target
        if hasattr(source, "read"):
            kwargs["input"] = source
        else:
            kwargs["path"] = str(source)
        (store.bulk_load if bulk else store.load)(**kwargs)

    def flush(self) -> None:
        self._writable().flush()

    def compact(self) -> None:
        """Rewrite the store's files so each index is one sorted run (RocksDB's full
        compaction, pyoxigraph's `optimize`). Bulk loads leave many overlapping files
        and a lookup seeks in every one: on a 10k-document checkpoint, a SPARQL join
        that looks up each row's title took 13.4 ms for 1,000 rows before and 6.6 ms
        after, a document page 3.3 → 2.7 ms of CPU; the compaction took 6.2 s
        (docs/performance-history.md, session 34). A scan (COUNT of every mention)
        gains little."""
        self._writable().optimize()

    def snapshot(self, target: str | os.PathLike[str]) -> Path:
        """A consistent copy (RocksDB checkpoint) that readers can open while this
        process keeps writing. `target` becomes a store folder."""
        root = Path(target)
        if (root / DATA_DIR).exists():
            raise StoreError(f"{root / DATA_DIR} already exists")
        root.mkdir(parents=True, exist_ok=True)
        self.oxigraph.backup(str(root / DATA_DIR))
        return root

    # ------------------------------------------------------------ reads

    def document_hash(self, doc_iri: str) -> str | None:
        """The content hash recorded with the document, None if not ingested."""
        node = ox.NamedNode(doc_iri)
        for quad in self.oxigraph.quads_for_pattern(node, ox.NamedNode(str(CANCU.contentHash)),
                                                    None, node):
            return quad.object.value
        return None

    def documents(self) -> list[str]:
        """IRIs of the ingested documents, sorted."""
        rows = self.oxigraph.query(
            "SELECT ?g WHERE { GRAPH ?g { ?g a cancu:IngestedDocument } }", prefixes=PREFIXES)
        return sorted(row["g"].value for row in rows)

    def document_count(self) -> int:
        """How many documents are ingested: Oxigraph counts them (27 ms at 100k, where
        listing them takes seconds)."""
        rows = self.oxigraph.query(
            "SELECT (COUNT(?g) AS ?n) WHERE { GRAPH ?g { ?g a cancu:IngestedDocument } }", prefixes=PREFIXES)
        return int(next(iter(rows))["n"].value)

    def graphs(self) -> list[str]:
        """All named graphs (documents, registry, …), sorted."""
        return sorted(g.value for g in self.oxigraph.named_graphs() if isinstance(g, ox.NamedNode))

    def copy_of(self, graph_iris: Iterable[str]) -> GraphStore:
        """An in-memory store holding these named graphs as this one holds them (a graph
        it does not hold stays empty): from the text this writer wrote them with, when it
        kept it (kg/store/recent_graphs.py), else read from the store."""
        copy = GraphStore.in_memory()
        for iri in graph_iris:
            graph = ox.NamedNode(iri)
            text = self._recent.text(iri)
            if text is None:
                copy.oxigraph.extend(self.oxigraph.quads_for_pattern(None, None, None, graph))
            elif text:
                copy.oxigraph.load(text, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
        return copy

    def graph_triples(self, graph_iri: str) -> list[ox.Quad]:
        return list(self.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri)))

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self.oxigraph)

    def __len__(self) -> int:
        return len(self.oxigraph)

    def query(self, sparql: str, *, union: bool = True,
              substitutions: dict[str, Any] | None = None,
              graphs: Iterable[str] | None = None) -> QueryResult:
        """Run SPARQL. SELECT → list of {var: pyoxigraph term or None}; ASK → bool;
        CONSTRUCT/DESCRIBE → list of pyoxigraph Triples. The cancu/eli/org/prov/…
        prefixes are predeclared; with `union` the default graph is all graphs.
        `graphs`: the only named graphs a `GRAPH ?g` pattern ranges over."""
        kwargs: dict[str, Any] = {"prefixes": PREFIXES, "use_default_graph_as_union": union}
        if graphs is not None:
            kwargs["named_graphs"] = named_nodes(graphs)
        if substitutions:
            kwargs["substitutions"] = {ox.Variable(k): to_ox(v) for k, v in substitutions.items()}
        result = self.oxigraph.query(sparql, **kwargs)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            # A row iterates its terms in the variables' order (None where unbound): a third of
            # the cost of looking each one up by name, which pages with many rows felt.
            return [dict(zip(names, row)) for row in result]
        return list(result)

    def update(self, sparql: str, *, graphs: Iterable[str] | None = None, hashed: Iterable[str] = ()) -> None:
        """Run a SPARQL update in one transaction. `graphs`: the named graphs it
        writes, when the caller knows them; None: any graph may change, and the
        next checkpoint rebuilds its indexes from the whole store. `hashed`: graphs
        it gives only a content hash (read by the counts alone)."""
        store = self._writable()
        self._changed(None if graphs is None else list(graphs))
        hashed = list(hashed)
        self._hashed_graphs.update(hashed)
        self._recent.forget(hashed)
        store.update(sparql, prefixes=PREFIXES)

    def stats(self) -> dict[str, int]:
        """Counts of documents, mentions, instruments, graphs and triples: from a
        checkpoint's counts index, else by reading the store."""
        index = counts_index.for_checkpoint(self)
        if index is not None:
            return index.stats()
        row = self.query("""
            SELECT (COUNT(DISTINCT ?d) AS ?documents) (COUNT(DISTINCT ?m) AS ?mentions)
                   (COUNT(DISTINCT ?i) AS ?instruments) WHERE {
              { ?d a cancu:IngestedDocument } UNION { ?m a cancu:Mention }
              UNION { ?i a cancu:Instrument }
            }""")[0]
        return {
            "documents": int(row["documents"].value),
            "mentions": int(row["mentions"].value),
            "instruments": int(row["instruments"].value),
            "graphs": sum(1 for _ in self.oxigraph.named_graphs()),
            "triples": len(self.oxigraph),
        }

    # ------------------------------------------------------------ export

    def export(self, target: str | os.PathLike[str] | IO[bytes], format: str | None = None) -> None:
        """Write the data. nq/trig/jsonld keep the named graphs; ttl/nt merge all
        graphs into one (duplicates across graphs collapse)."""
        fmt = rdf_format(format or format_for_path(target if not hasattr(target, "write") else ""))
        with _output(target) as out:
            if fmt in _DATASET_FORMATS:
                self.oxigraph.dump(out, fmt, prefixes=PREFIXES)
                return
            merged = self.oxigraph.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                                         use_default_graph_as_union=True)
            ox.serialize(merged, out, fmt, prefixes=PREFIXES if fmt is ox.RdfFormat.TURTLE else None)

    def export_bytes(self, format: str) -> bytes:
        buffer = io.BytesIO()
        self.export(buffer, format)
        return buffer.getvalue()


def _hash_line(doc_iri: str, content_hash: str) -> str:
    """The triple that records a document's content hash, as an N-Triples line."""
    return f"{nt(URIRef(doc_iri))} {nt(CANCU.contentHash)} {nt(RdfLiteral(content_hash))} ."


def _iri_value(term: Any) -> str:
    return term.value if isinstance(term, ox.NamedNode) else str(term)


@contextmanager
def _output(target: str | os.PathLike[str] | IO[bytes]) -> Iterator[IO[bytes]]:
    if hasattr(target, "write"):
        yield target  # type: ignore[misc]
        return
    with open(target, "wb") as handle:
        yield handle
