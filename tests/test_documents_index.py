"""A checkpoint's document list comes from its index (kg/store/documents_index.py), kept by
the graphs written since the previous checkpoint, and always equals what the query over
the whole store gives: after a first ingest, batches published mid-run, a changed
document and a removed one; a checkpoint without the file is read by the query."""
from __future__ import annotations

import shutil
from pathlib import Path

from cancu.cli import main
from cancu.ingest import Ingestor
from cancu.kg.queries.documents import document_list
from cancu.kg.store import documents_index
from cancu.kg.store.snapshots import open_reader, open_writer, publish, snapshots
from cancu.pipeline import Extractor, load_registry
from tests.gold import PLANS

REALDOCS = Path(__file__).resolve().parents[1] / "corpus" / "realdocs"


def _by_index_and_by_query(root: Path) -> tuple[list, list]:
    reader = open_reader(root)
    try:
        assert documents_index.for_checkpoint(reader) is not None
        from_index = document_list(reader)
    finally:
        reader.close()
    writer = open_writer(root)          # the live store: no checkpoint index, so the query
    try:
        assert documents_index.for_checkpoint(writer) is None
        return from_index, document_list(writer)
    finally:
        writer.close()


def test_the_list_follows_every_kind_of_write(tmp_path):
    home = tmp_path / "ws"
    root = home / "store"
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    assert main(["--home", str(home), "ingest", str(plans)]) == 0
    by_index, by_query = _by_index_and_by_query(root)
    assert by_index == by_query and len(by_index) == 5 and all(d.title and d.date for d in by_index)

    writer = open_writer(root)
    try:
        published = []
        ingestor = Ingestor(writer, Extractor(load_registry()), publish=lambda: published.append(publish(writer, root)),
                            publish_every=7, publish_share=1_000_000)   # a publish after every batch
        ingestor.ingest_paths(sorted(REALDOCS.glob("*.txt"))[:21])
        assert len(published) == 3
        publish(writer, root)
    finally:
        writer.close()
    by_index, by_query = _by_index_and_by_query(root)
    assert by_index == by_query and len(by_index) == 26
    assert {d.type for d in by_index} > {"Kế hoạch"} and any(d.issuer for d in by_index)

    # One plan changed (its title too), one removed.
    first = sorted(plans.glob("*.txt"))[0]
    before = {d.id: d for d in by_index}[first.name]
    text = first.read_text(encoding="utf-8")
    assert before.title in text
    first.write_text(text.replace(before.title, before.title + " và năm 2026", 1), encoding="utf-8")
    assert main(["--home", str(home), "ingest", str(first)]) == 0
    by_index, by_query = _by_index_and_by_query(root)
    assert by_index == by_query
    assert {d.id: d for d in by_index}[first.name].title == before.title + " và năm 2026"
    assert main(["--home", str(home), "remove", sorted(plans.glob("*.txt"))[1].name]) == 0
    by_index, by_query = _by_index_and_by_query(root)
    assert by_index == by_query and len(by_index) == 25


def test_a_checkpoint_without_the_list_is_read_by_the_query(tmp_path):
    home = tmp_path / "ws"
    assert main(["--home", str(home), "ingest", str(PLANS / "000_ba1120af1f27bf6e.txt")]) == 0
    (snapshots(home / "store")[-1] / documents_index.FILE).unlink()     # published by older code
    reader = open_reader(home / "store")
    try:
        assert documents_index.for_checkpoint(reader) is None
        [doc] = document_list(reader)
        assert doc.id == "000_ba1120af1f27bf6e.txt" and doc.title
    finally:
        reader.close()
