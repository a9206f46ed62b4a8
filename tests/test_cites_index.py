"""The cites index a writer publishes with each checkpoint (kg/store/cites_index.py):
its answers equal the scan's, it follows replaced and removed documents when
made from the previous checkpoint's, and each checkpoint keeps its own."""
from __future__ import annotations

from cancu.kg.store import cites_index
from cancu.kg.triples.document import document_triples
from cancu.kg.queries.named import citations
from cancu.kg.store.snapshots import open_writer, publish
from cancu.kg.store.graph import GraphStore
from cancu.kg.triples.synth import instrument_pool, synthetic_document

POOL = instrument_pool(12)


def _write(store: GraphStore, numbers, variant: int = 0) -> None:
    for i in numbers:
        d = synthetic_document(i, POOL, cites=6, variant=variant)
        store.replace_document(d.doc_iri, document_triples(
            d.doc_iri, d.source, d.info, d.resolutions, doc_id=d.doc_id,
            content_hash=d.content_hash), d.content_hash)


def _answers(store: GraphStore) -> dict[tuple[str, ...], tuple[int, list, list]]:
    out = {}
    for iris in [[p.iri] for p in POOL] + [[POOL[0].iri, POOL[3].iri]]:
        rows = citations(store, iris)
        out[tuple(iris)] = (len(rows), list(rows[:5]), list(rows))
    return out


def _checkpoint_answers(path) -> tuple[dict, bool]:
    with GraphStore.open(path, read_only=True) as reader:
        indexed = cites_index.for_checkpoint(reader) is not None
        return _answers(reader), indexed


def test_checkpoint_index_answers_as_the_scan(tmp_path):
    writer = open_writer(tmp_path)
    _write(writer, range(40))
    first = publish(writer, tmp_path)
    expected = _answers(writer)
    got, indexed = _checkpoint_answers(first)
    assert indexed
    assert got == expected
    assert any(n > 5 for n, _, _ in got.values())

    # Replaced, removed and new documents since: the index is updated from the
    # previous one, and equals both the scan and an index made from scratch.
    _write(writer, range(10), variant=1)         # same documents, other content
    removed = synthetic_document(20, POOL, cites=6).doc_iri
    writer.remove_document(removed)
    _write(writer, range(40, 50))
    assert writer.changed_graphs is not None and removed in writer.changed_graphs
    second = publish(writer, tmp_path)
    expected_now = _answers(writer)
    assert expected_now != expected
    got, indexed = _checkpoint_answers(second)
    assert indexed and got == expected_now

    # The first checkpoint still answers its own state.
    assert _checkpoint_answers(first)[0] == expected
    writer.changed_graphs = None                 # unknown changes: built from scratch
    third = publish(writer, tmp_path)
    assert _checkpoint_answers(third)[0] == expected_now
    writer.close()


def test_checkpoint_without_index_still_answers(tmp_path):
    writer = open_writer(tmp_path)
    _write(writer, range(15))
    path = publish(writer, tmp_path)
    expected = _answers(writer)
    writer.close()
    (path / cites_index.FILE).unlink()           # a checkpoint of older code
    got, indexed = _checkpoint_answers(path)
    assert not indexed and got == expected


def test_next_writer_updates_the_published_index_and_a_killed_one_does_not(tmp_path):
    writer = open_writer(tmp_path)
    _write(writer, range(20))
    publish(writer, tmp_path)
    writer.close()

    # A new writer process starts from the mark the last publish left.
    writer = open_writer(tmp_path)
    assert writer.changed_graphs == set() and writer.last_cites_index is not None
    _write(writer, range(20, 25))
    assert writer.changed_graphs and not (writer.path / "published").exists()
    second = publish(writer, tmp_path)
    expected = _answers(writer)
    assert _checkpoint_answers(second)[0] == expected
    _write(writer, range(25, 30))       # written, never published: as a killed writer
    writer.close()

    writer = open_writer(tmp_path)
    assert writer.changed_graphs is None            # no mark: built from scratch
    third = publish(writer, tmp_path)
    assert _checkpoint_answers(third)[0] == _answers(writer) != expected
    writer.close()


class _CountingStore:
    """A pyoxigraph store that counts the look-ups of quads and the queries made through it
    (a query asking for one instrument's symbol aside)."""

    def __init__(self, inner):
        self.inner, self.lookups, self.queries = inner, 0, 0

    def quads_for_pattern(self, *args, **kwargs):
        self.lookups += 1
        return self.inner.quads_for_pattern(*args, **kwargs)

    def query(self, text, *args, **kwargs):
        self.queries += "cancu:evidence" in text
        return self.inner.query(text, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_rows_are_read_from_the_index_not_the_store(tmp_path, monkeypatch):
    from cancu.kg.queries import named
    writer = open_writer(tmp_path)
    _write(writer, range(30))
    path = publish(writer, tmp_path)
    expected = list(citations(writer, [POOL[0].iri]))
    writer.close()
    assert len(expected) > 5
    with GraphStore.open(path, read_only=True) as reader:
        counting = reader._store = _CountingStore(reader._store)
        assert list(citations(reader, [POOL[0].iri])[:5]) == expected[:5]      # a page
        monkeypatch.setattr(named, "_READ_ALL_ABOVE", 3)     # a slice the store would read whole
        assert list(citations(reader, [POOL[0].iri])) == expected
        assert counting.lookups == 0 and counting.queries == 0


def test_an_index_of_older_code_without_evidence_answers_and_the_next_one_has_it(tmp_path):
    import sqlite3
    writer = open_writer(tmp_path)
    _write(writer, range(20))
    first = publish(writer, tmp_path)
    db = sqlite3.connect(first / cites_index.FILE)
    db.execute("DROP TABLE evidence")              # as code before the evidence table wrote it
    db.commit()
    db.close()
    expected = _answers(writer)
    got, indexed = _checkpoint_answers(first)
    assert indexed and got == expected             # rows read from the store

    _write(writer, range(20, 25))                  # the next checkpoint starts from that file
    second = publish(writer, tmp_path)
    expected = _answers(writer)
    db = sqlite3.connect(second / cites_index.FILE)
    kept = db.execute("SELECT COUNT(*) FROM evidence").fetchone()[0]
    db.close()
    assert kept > 0                                # built afresh, with the evidence
    assert _checkpoint_answers(second)[0] == expected
    writer.close()
