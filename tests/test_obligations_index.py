"""The obligations index a writer publishes with each checkpoint
(kg/store/obligations_index.py): every filter answers as the store's queries do, it
follows replaced and removed documents when made from the previous
checkpoint's, and a page decodes only its own rows."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cancu.kg.store import obligations_index
from cancu.kg.store.snapshots import open_writer, publish
from cancu.kg.store.graph import GraphStore
from cancu.kg.queries.tasks import obligation_summary, obligations, prepare_filters

PLANS = sorted((Path(__file__).resolve().parents[1] / "corpus" / "plans").glob("*.txt"))
TODAY = dt.date(2026, 1, 1)


def _filters(rows) -> list[dict]:
    """Filters of every kind, with values taken from the rows themselves."""
    agencies = sorted({r.agency for r in rows if r.agency})
    written = sorted({r.actor for r in rows if r.actor and r.actor != r.agency})
    co_leads = sorted({c for r in rows for c in r.co_leads})
    docs = sorted({(r.document, r.document_iri) for r in rows})
    out: list[dict] = [{}]
    out += [{"agency": a} for a in agencies[::3]]
    out += [{"agency": a} for a in written[:3] + co_leads[:2]]
    out += [{"agency": "phong van hoa xa hoi"}, {"agency": "Phòng VH-XH"}, {"agency": "không có đơn vị này"}]
    out += [{"agency": next(r.agency_iri for r in rows if r.agency_iri)}]
    out += [{"document": d} for d, _ in docs[:2]] + [{"document": iri} for _, iri in docs[-2:]]
    out += [{"due_before": dt.date(2025, 6, 30)}, {"due_before": dt.date(2030, 1, 1)}]
    out += [{"agency": agencies[0], "document": docs[0][1], "due_before": dt.date(2030, 1, 1)}]
    return out


def _answers(store: GraphStore, filters: list[dict]) -> list[list]:
    return [list(obligations(store, today=TODAY, **f)) for f in filters]


def _checkpoint(path: Path, filters: list[dict]) -> list[list]:
    with GraphStore.open(path, read_only=True) as reader:
        assert obligations_index.for_checkpoint(reader) is not None
        return _answers(reader, filters)


def _summary(path: Path):
    """The per-document counts and leading agencies, from the checkpoint's index."""
    with GraphStore.open(path, read_only=True) as reader:
        assert obligations_index.for_checkpoint(reader) is not None
        return obligation_summary(reader)


@pytest.fixture(scope="module")
def ingest():
    from cancu.ingest import Ingestor
    from cancu.pipeline import Extractor, load_registry
    extractor = Extractor(load_registry())

    def run(store: GraphStore, paths) -> None:
        ingestor = Ingestor(store, extractor)
        ingestor.ingest_paths(paths)
        ingestor.flush()
    return run


def test_index_answers_as_the_store(tmp_path, ingest):
    writer = open_writer(tmp_path)
    try:
        ingest(writer, PLANS[:3])
        first = publish(writer, tmp_path)
        rows = list(obligations(writer))            # a writer reads the store itself
        assert len(rows) > 20
        filters = _filters(rows)
        expected = _answers(writer, filters)
        assert sum(1 for e in expected if e and len(e) < len(rows)) >= 10   # the filters do filter
        assert _checkpoint(first, filters) == expected
        summary = obligation_summary(writer)        # the store's two aggregate queries
        assert _summary(first) == summary and len(summary.counts) == 3 and len(summary.agencies) > 5

        # New and removed documents since: an index updated from the previous
        # checkpoint's, for the graphs written since, answers as the store.
        before = {r.document_iri for r in rows}
        ingest(writer, PLANS[3:])
        writer.remove_document(rows[0].document_iri)
        second = publish(writer, tmp_path)
        rows_now = list(obligations(writer))
        changed = ({r.document_iri for r in rows_now} - before) | {rows[0].document_iri}
        assert len(changed) == 3
        (tmp_path / "updated").mkdir()
        updated = obligations_index.write(writer, tmp_path / "updated", base=first / obligations_index.FILE,
                                          changed=changed)
        (second / obligations_index.FILE).write_bytes(updated.read_bytes())
        filters = _filters(rows_now) + filters
        expected = _answers(writer, filters)
        assert {r.document for r in rows_now} == {p.name for p in PLANS} - {rows[0].document}
        assert _checkpoint(second, filters) == expected
        assert _summary(second) == obligation_summary(writer) != summary
    finally:
        writer.close()


def test_a_server_makes_the_filters_tables_before_the_first_filtered_request(tmp_path, ingest, monkeypatch):
    # What the first agency or due-date filter of each process made (a quarter of a second at
    # 10k plans, the other obligations requests waiting): made by prepare_filters, then only read.
    writer = open_writer(tmp_path)
    try:
        ingest(writer, PLANS[:3])
        checkpoint = publish(writer, tmp_path)
        assert prepare_filters(writer) is False         # a writer has no index: the filters read the store
        filters = _filters(list(obligations(writer)))
        expected = _answers(writer, filters)
    finally:
        writer.close()
    with GraphStore.open(checkpoint, read_only=True) as reader:
        assert prepare_filters(reader) is True
        made: list[str] = []
        make_once = obligations_index.ObligationsIndex._make_once
        monkeypatch.setattr(obligations_index.ObligationsIndex, "_make_once",
                            lambda self, flag, make: (made.append(flag) if not getattr(self, flag) else None,
                                                      make_once(self, flag, make))[1])
        monkeypatch.setattr(obligations_index.ObligationsIndex, "all",
                            _refusing("SELECT DISTINCT actor_words", obligations_index.ObligationsIndex.all))
        assert _answers(reader, filters) == expected
        assert made == []


def _refusing(sql: str, original):
    def all(self, query, args=()):
        assert sql not in query, query
        return original(self, query, args)
    return all


def test_a_page_decodes_its_own_rows(tmp_path, ingest, monkeypatch):
    writer = open_writer(tmp_path)
    try:
        ingest(writer, PLANS[:3])
        checkpoint = publish(writer, tmp_path)
        everything = list(obligations(writer))
    finally:
        writer.close()
    decoded: list[str] = []
    original = obligations_index.decode
    monkeypatch.setattr(obligations_index, "decode", lambda text: decoded.append(text) or original(text))
    with GraphStore.open(checkpoint, read_only=True) as reader:
        rows = obligations(reader)
        assert len(rows) == len(everything) > 20
        assert rows[10:20] == everything[10:20]
        assert rows[-1] == everything[-1]
    assert len(decoded) == 11


def test_an_ingest_batch_updates_the_next_checkpoint_in_place(tmp_path, ingest, monkeypatch):
    """Recording a batch's content hashes writes those graphs alone: the next
    checkpoint reads only the graphs of the batch, never the whole store (which
    made each checkpoint cost more as the store grew)."""
    from cancu.kg.iri import document_id, document_iri
    from cancu.kg.store import cites_index
    writer = open_writer(tmp_path)
    try:
        ingest(writer, PLANS[:2])
        publish(writer, tmp_path)
        ingest(writer, PLANS[2:])
        batch = {document_iri(document_id(p)) for p in PLANS[2:]}
        assert writer.changed_graphs == batch
        read: list[object] = []
        original, original_cites = obligations_index.read_obligations, cites_index._rows
        monkeypatch.setattr(obligations_index, "read_obligations",
                            lambda store, document=None, *, graphs=None:
                            read.extend(graphs if graphs is not None else [document])
                            or original(store, document, graphs=graphs))
        monkeypatch.setattr(cites_index, "_rows", lambda store, graphs: pytest.fail("cites index rebuilt")
                            if graphs is None else original_cites(store, graphs))
        second = publish(writer, tmp_path)
        assert sorted(read) == sorted(batch)
        rows = list(obligations(writer))
        filters = _filters(rows)
        assert _checkpoint(second, filters) == _answers(writer, filters)
    finally:
        writer.close()


def test_checkpoints_come_further_apart_as_the_store_grows():
    """Each checkpoint copies indexes as large as the store, so a long ingest publishes
    after `publish_every` documents or a `publish_share`th of the store, whichever is
    more: here after documents 1, 2, 3 and 5 (at 5, a half of the store is 2)."""
    from cancu.ingest import Ingestor
    from cancu.pipeline import Extractor, load_registry
    writer = GraphStore.in_memory()
    published: list[int] = []
    ingestor = Ingestor(writer, Extractor(load_registry()), publish_every=1, publish_share=2,
                        publish=lambda: published.append(len(writer.documents())))
    more = sorted((Path(__file__).resolve().parents[1] / "corpus" / "realdocs").glob("*.txt"))[:1]
    summary = ingestor.ingest_paths([*PLANS, *more])
    assert summary.count("added") == 6
    assert published == [1, 2, 3, 5]


def test_documents_are_written_in_whole_batches_between_checkpoints():
    """A checkpoint waits for a share of the store, but the store still takes its
    documents a batch (`publish_every`) at a time, never one by one in between."""
    from cancu.ingest import Ingestor
    from cancu.pipeline import Extractor, load_registry
    writer = GraphStore.in_memory()
    batches: list[int] = []
    add_graphs = writer.add_graphs
    writer.add_graphs = lambda graphs, **kw: (batches.append(len(graphs)), add_graphs(graphs, **kw))[1]
    ingestor = Ingestor(writer, Extractor(load_registry()), publish_every=2, publish_share=1,
                        publish=lambda: None)
    more = sorted((Path(__file__).resolve().parents[1] / "corpus" / "realdocs").glob("*.txt"))[:1]
    assert ingestor.ingest_paths([*PLANS, *more]).count("added") == 6
    assert batches == [2, 2, 2]


def test_batches_grow_with_the_store():
    """A batch is `publish_every` documents or a `batch_share`th of the store, whichever is
    more (each load sets off RocksDB merges that rewrite a level as large as the store):
    here loads after documents 1, 2, 3 and 5, and the run's last flush writes the 6th."""
    from cancu.ingest import Ingestor
    from cancu.pipeline import Extractor, load_registry
    writer = GraphStore.in_memory()
    batches: list[int] = []
    add_graphs = writer.add_graphs
    writer.add_graphs = lambda graphs, **kw: (batches.append(len(graphs)), add_graphs(graphs, **kw))[1]
    ingestor = Ingestor(writer, Extractor(load_registry()), publish_every=1, publish_share=1, batch_share=2,
                        publish=lambda: None)
    more = sorted((Path(__file__).resolve().parents[1] / "corpus" / "realdocs").glob("*.txt"))[:1]
    assert ingestor.ingest_paths([*PLANS, *more]).count("added") == 6
    assert batches == [1, 1, 1, 2, 1]


def test_a_batch_ends_at_its_triples_whatever_the_stores_size(monkeypatch):
    """The bulk load's memory grows with its triples, so a batch ends once it holds
    MAX_BATCH_TRIPLES, however large a share of the store it is allowed to be."""
    from cancu import ingest
    from cancu.pipeline import Extractor, load_registry
    writer = GraphStore.in_memory()
    batches: list[int] = []
    add_graphs = writer.add_graphs
    writer.add_graphs = lambda graphs, **kw: (batches.append(len(graphs)), add_graphs(graphs, **kw))[1]
    monkeypatch.setattr(ingest, "MAX_BATCH_TRIPLES", 1)
    ingestor = ingest.Ingestor(writer, Extractor(load_registry()), publish_every=1_000, publish_share=1,
                               publish=lambda: None)
    more = sorted((Path(__file__).resolve().parents[1] / "corpus" / "realdocs").glob("*.txt"))[:1]
    assert ingestor.ingest_paths([*PLANS, *more]).count("added") == 6
    assert batches == [1, 1, 1, 1, 1, 1]


def test_a_batch_records_the_previous_batchs_hashes_in_its_own_load(monkeypatch):
    """A batch's content hashes go into the store with the next batch's load, not by an
    update of their own (a second level-0 file per batch for RocksDB to compact); the
    run's last flush records the rest, so every document ends with its hash, and a graph
    that only gained its hash is no graph a checkpoint index must read again."""
    from cancu.ingest import Ingestor, content_hash
    from cancu.kg.queries import documents
    from cancu.pipeline import Extractor, load_registry
    writer = GraphStore.in_memory()
    updates: list[int] = []
    record = documents.record_content_hashes
    monkeypatch.setattr(documents, "record_content_hashes",
                        lambda store, hashes: (updates.append(len(hashes)), record(store, hashes))[1])
    changed_at_load: list[set[str]] = []
    add_graphs = writer.add_graphs

    def load(graphs, **kw):
        writer.changed_graphs = set()        # as a checkpoint leaves it
        written = add_graphs(graphs, **kw)
        changed_at_load.append(set(writer.changed_graphs))
        return written
    writer.add_graphs = load
    ingestor = Ingestor(writer, Extractor(load_registry()), publish_every=2, publish_share=1,
                        publish=lambda: None)
    more = sorted((Path(__file__).resolve().parents[1] / "corpus" / "realdocs").glob("*.txt"))[:1]
    files = [*PLANS, *more]
    assert ingestor.ingest_paths(files).count("added") == 6
    assert updates == [2]                    # the last batch's, at the end of the run
    hashes = documents.content_hashes(writer)
    assert len(hashes) == 6
    assert sorted(hashes.values()) == sorted(content_hash(f.read_text(encoding="utf-8")) for f in files)
    assert [len(c) for c in changed_at_load] == [2, 2, 2]     # the hashes' graphs are not among them


def test_recording_hashes_marks_no_graph_changed(ingest):
    """A run's last flush records hashes by an update; no index reads them, so the
    checkpoint after it reads no graph again for them."""
    from cancu.kg.queries import documents
    writer = GraphStore.in_memory()
    ingest(writer, PLANS[:2])
    writer.changed_graphs = set()            # as a checkpoint leaves it
    documents.record_content_hashes(writer, {iri: "0" * 64 for iri in writer.documents()})
    assert writer.changed_graphs == set()


def test_obligations_by_iri_from_the_index_as_from_the_store(tmp_path, ingest):
    """A chain page's tasks by IRI (cancu.kg.queries.tasks.obligations_by_iri): the
    checkpoint's index and the store's graphs give the same rows, in list order."""
    from cancu.kg.queries.tasks import obligations_by_iri
    writer = open_writer(tmp_path)
    try:
        ingest(writer, PLANS[:3])
        checkpoint = publish(writer, tmp_path)
        rows = list(obligations(writer))
        wanted = {r.iri for r in rows[::3]} | {r.iri for r in rows[-4:]} | {"http://cancu.local/document/x#o1-2"}
        expected = [r for r in rows if r.iri in wanted]
        assert len({r.document for r in expected}) == 3
        assert obligations_by_iri(writer, wanted) == expected         # a writer reads the graphs
    finally:
        writer.close()
    with GraphStore.open(checkpoint, read_only=True) as reader:
        assert obligations_index.for_checkpoint(reader) is not None
        assert obligations_by_iri(reader, wanted) == expected
        assert obligations_by_iri(reader, []) == []


def test_the_agency_choices_are_read_from_an_index_also_in_a_file_of_older_code(tmp_path, ingest):
    """The list's agency choices are the distinct labels of every row: read from an index on
    the label, not from every row's JSON, in a new file and in one updated from a file
    written before that index existed."""
    import sqlite3

    def plan_of_choices(path: Path) -> str:
        with sqlite3.connect(path) as db:
            return " ".join(str(r) for r in db.execute(
                f"EXPLAIN QUERY PLAN SELECT DISTINCT {obligations_index._AGENCY_LABEL} FROM obligations"))

    writer = open_writer(tmp_path)
    try:
        ingest(writer, PLANS[:2])
        first = publish(writer, tmp_path)
        assert "obligations_by_agency_label" in plan_of_choices(first / obligations_index.FILE)
        older = tmp_path / "older.sqlite"
        older.write_bytes((first / obligations_index.FILE).read_bytes())
        with sqlite3.connect(older) as db:
            db.execute("DROP INDEX obligations_by_agency_label")
        assert "obligations_by_agency_label" not in plan_of_choices(older)
        ingest(writer, PLANS[2:3])
        changed = set(writer.changed_graphs)
        (tmp_path / "updated").mkdir()
        updated = obligations_index.write(writer, tmp_path / "updated", base=older, changed=changed)
        assert "obligations_by_agency_label" in plan_of_choices(updated)
    finally:
        writer.close()
