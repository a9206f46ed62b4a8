"""The graph store: named-graph replacement, export/import, locking, and
crash safety under kill -9."""
from __future__ import annotations

import io
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rdflib import Literal, URIRef

from cancu.kg.triples.document import document_triples
from cancu.kg.vocab import CANCU
from cancu.kg.store.graph import GraphStore, ReadOnlyStoreError, StoreLockedError
from cancu.kg.triples.synth import SyntheticDocument, instrument_pool, synthetic_document

ROOT = Path(__file__).resolve().parents[1]
POOL = instrument_pool(60)


def _doc(index: int, variant: int = 0) -> SyntheticDocument:
    return synthetic_document(index, POOL, cites=8, variant=variant)


def _write(store: GraphStore, doc: SyntheticDocument) -> int:
    triples = document_triples(doc.doc_iri, doc.source, doc.info, doc.resolutions,
                               doc_id=doc.doc_id, content_hash=doc.content_hash)
    return store.replace_document(doc.doc_iri, triples, doc.content_hash)


def _quads(store: GraphStore, graph: str | None = None) -> set:
    quads = store.graph_triples(graph) if graph else store.quads()
    return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in quads}


def _reference(*docs: SyntheticDocument) -> GraphStore:
    ref = GraphStore.in_memory()
    for d in docs:
        _write(ref, d)
    return ref


@pytest.fixture()
def store(tmp_path):
    with GraphStore.open(tmp_path / "graph") as s:
        yield s


# ---------------------------------------------------------------- replacement

def test_readding_same_document_changes_nothing(store):
    a, b = _doc(1), _doc(2)
    _write(store, a)
    _write(store, b)
    before = _quads(store)
    assert store.document_hash(a.doc_iri) == a.content_hash
    _write(store, a)
    assert _quads(store) == before
    assert len(store) == len(before)


def test_changing_a_document_replaces_exactly_its_triples(store):
    a, b, a2 = _doc(1), _doc(2), _doc(1, variant=1)
    _write(store, a)
    _write(store, b)
    b_quads = _quads(store, b.doc_iri)
    _write(store, a2)
    assert _quads(store, b.doc_iri) == b_quads
    assert _quads(store, a.doc_iri) == _quads(_reference(a2), a.doc_iri)
    assert _quads(store) == b_quads | _quads(_reference(a2))
    assert store.document_hash(a.doc_iri) == a2.content_hash != a.content_hash


def test_removing_a_document_deletes_its_triples_and_nothing_else(store):
    a, b = _doc(1), _doc(2)
    _write(store, a)
    _write(store, b)
    b_quads = _quads(store, b.doc_iri)
    assert store.remove_document(a.doc_iri) is True
    assert _quads(store) == b_quads
    assert store.document_hash(a.doc_iri) is None
    assert store.documents() == [b.doc_iri]
    assert store.remove_document(a.doc_iri) is False


@pytest.mark.parametrize("packed", [False, True])
@pytest.mark.parametrize("bulk", [False, True])
def test_add_graphs_writes_what_replace_writes(store, monkeypatch, bulk, packed):
    """Ingest's batch load (N-Triples text per graph, packed as the workers send it or
    not, turned into N-Quads) gives each graph exactly the triples a replace gives it,
    multi-line literals included, by transaction and by bulk load."""
    from cancu.kg.store import graph as graph_module
    from cancu.kg.store.graph import ntriples_lines
    from cancu.kg.store.packed_graph import PackedGraph
    monkeypatch.setattr(graph_module, "BULK_FROM", 1 if bulk else 10**9)
    docs = [_doc(i) for i in range(3)]
    texts = {}
    for d in docs:
        triples = document_triples(d.doc_iri, d.source, d.info, d.resolutions,
                                   doc_id=d.doc_id, content_hash=d.content_hash)
        # As ingest stores the text: a literal of several lines, ending one (" .").
        triples.append((URIRef(d.doc_iri), CANCU.fullText, Literal(d.source.text + "\nHết .\n")))
        texts[d.doc_iri] = "\n".join(ntriples_lines(triples))
    written = store.add_graphs({iri: PackedGraph.pack(text) for iri, text in texts.items()} if packed else texts)
    reference = GraphStore.in_memory()
    for iri, text in texts.items():
        reference.replace_graph_text(iri, text)
    assert _quads(store) == _quads(reference)
    assert written == len(reference)


def test_registry_graph_is_separate(store):
    from rdflib import Literal, URIRef

    from cancu.kg.vocab import CANCU, REGISTRY_GRAPH
    a = _doc(1)
    _write(store, a)
    doc_quads = _quads(store)
    inst = URIRef(POOL[0].iri)
    assert store.replace_graph(REGISTRY_GRAPH, [(inst, CANCU.symbol, Literal("x")),
                                                (inst, CANCU.note, Literal("y"))]) == 2
    assert store.replace_graph(REGISTRY_GRAPH, [(inst, CANCU.symbol, Literal("x"))]) == 1
    assert len(store) == len(doc_quads) + 1
    assert store.documents() == [a.doc_iri]
    assert REGISTRY_GRAPH in store.graphs()


def test_stats_counts(store):
    a = _doc(1)
    _write(store, a)
    stats = store.stats()
    assert stats["documents"] == 1
    assert stats["mentions"] == len(a.resolutions)
    assert stats["instruments"] == len({r.iri for r in a.resolutions if r.iri})
    assert stats["triples"] == len(store)


# ---------------------------------------------------------------- export / import

@pytest.mark.parametrize("fmt", ["nq", "trig", "jsonld"])
def test_export_import_round_trip_keeps_named_graphs(store, tmp_path, fmt):
    for i in range(3):
        _write(store, _doc(i))
    path = tmp_path / f"dump.{fmt}"
    store.export(path)
    with GraphStore.open(tmp_path / "copy") as copy:
        copy.import_(path)
        assert _quads(copy) == _quads(store)
        assert copy.documents() == store.documents()


def test_turtle_export_merges_graphs(store, tmp_path):
    for i in range(2):
        _write(store, _doc(i))
    data = store.export_bytes("ttl")
    distinct_triples = {q[:3] for q in _quads(store)}
    with GraphStore.open(tmp_path / "copy") as copy:
        copy.import_(io.BytesIO(data), "ttl")
        assert {q[:3] for q in _quads(copy)} == distinct_triples
        assert copy.graphs() == []


# ---------------------------------------------------------------- locking

def test_one_writer_and_readers_exclude_each_other(tmp_path):
    path = tmp_path / "graph"
    with GraphStore.open(path) as writer:
        _write(writer, _doc(1))
        with pytest.raises(StoreLockedError, match="one writing process"):
            GraphStore.open(path)
        with pytest.raises(StoreLockedError, match="being written"):
            GraphStore.open(path, read_only=True)
        other = subprocess.run(
            [sys.executable, "-c",
             "import sys\nfrom cancu.kg.store.graph import GraphStore, StoreLockedError\n"
             "try:\n    GraphStore.open(sys.argv[1])\nexcept StoreLockedError as e:\n"
             "    print(e); sys.exit(3)\n", str(path)],
            cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert other.returncode == 3, other.stderr
        assert f"writer process {os.getpid()}" in other.stdout
    with GraphStore.open(path, read_only=True) as r1, GraphStore.open(path, read_only=True) as r2:
        assert r1.documents() == r2.documents() == [_doc(1).doc_iri]
        with pytest.raises(ReadOnlyStoreError):
            r1.remove_document(_doc(1).doc_iri)
        with pytest.raises(StoreLockedError, match="read-only"):
            GraphStore.open(path)
    with GraphStore.open(path) as again:        # lock and RocksDB released on close
        assert again.documents() == [_doc(1).doc_iri]


def test_snapshot_is_readable_while_writer_runs(tmp_path):
    with GraphStore.open(tmp_path / "graph") as writer:
        _write(writer, _doc(1))
        writer.snapshot(tmp_path / "snap")
        _write(writer, _doc(2))
        with GraphStore.open(tmp_path / "snap", read_only=True) as snap:
            assert snap.documents() == [_doc(1).doc_iri]


def test_compacting_keeps_every_quad_and_the_store_writable(store):
    a, b, a2 = _doc(1), _doc(2), _doc(1, variant=1)
    _write(store, a)
    _write(store, b)
    store.remove_document(b.doc_iri)
    before = _quads(store)
    store.compact()
    assert _quads(store) == before
    assert store.document_count() == 1 == len(store.documents())
    _write(store, a2)
    assert _quads(store) == _quads(_reference(a2))


# ---------------------------------------------------------------- kill -9

_WRITER = """
import itertools, sys
from rdflib import Literal, URIRef

from cancu.kg.triples.document import document_triples
from cancu.kg.vocab import CANCU
from cancu.kg.store.graph import GraphStore
from cancu.kg.triples.synth import instrument_pool, synthetic_document
path, n, first_round = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
pool = instrument_pool(60)
work = []
for variant in (0, 1):
    for i in range(n):
        d = synthetic_document(i, pool, cites=8, variant=variant)
        work.append((d.doc_iri, document_triples(d.doc_iri, d.source, d.info, d.resolutions,
                     doc_id=d.doc_id, content_hash=d.content_hash), d.content_hash))
store = GraphStore.open(path)
print("ready", flush=True)
for rnd in itertools.count(first_round):
    for i in range(n):
        store.replace_document(*work[(rnd % 2) * n + i])
"""


def test_kill_9_leaves_each_document_old_or_new(tmp_path):
    n, kills = 120, 5
    path = tmp_path / "graph"
    variants = [[_doc(i, v) for i in range(n)] for v in (0, 1)]
    reference = [_reference(*docs) for docs in variants]
    expected = {(v, d.doc_iri): _quads(reference[v], d.doc_iri)
                for v in (0, 1) for d in variants[v]}
    rng = random.Random(20250701)
    for k in range(kills):
        # Alternate the first variant written so most writes really replace a graph.
        child = subprocess.Popen([sys.executable, "-c", _WRITER, str(path), str(n), str(k)],
                                 cwd=ROOT,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = child.stdout.readline()
        assert line.strip() == "ready", child.stderr.read()
        time.sleep(rng.uniform(0.05, 0.5))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        assert child.returncode == -signal.SIGKILL
        with GraphStore.open(path) as store:
            for doc_iri in store.documents():
                got = _quads(store, doc_iri)
                assert got in (expected[(0, doc_iri)], expected[(1, doc_iri)]), doc_iri
            # No stray quads outside complete document graphs.
            assert len(store) == sum(len(_quads(store, d)) for d in store.documents())
    with GraphStore.open(path) as store:
        for d in variants[0]:
            _write(store, d)
        assert len(store) == len(reference[0])
        assert _quads(store) == _quads(reference[0])
