"""A checkpoint's counts and document list come from its indexes (kg/store/counts_index.py,
documents_index.py), kept by the graphs written since the previous checkpoint, and always
equal what reading the whole store gives: after a first ingest, batches published mid-run
(content hashes written with the next batch), a changed document (its title too) and a
removed one."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from cancu.cli import main
from cancu.ingest import Ingestor
from cancu.kg.queries.documents import document_list
from cancu.kg.store import checkpoint_index, counts_index, documents_index
from cancu.kg.store.snapshots import open_reader, open_writer, publish, snapshots
from cancu.pipeline import Extractor, load_registry
from tests.gold import PLANS

REALDOCS = Path(__file__).resolve().parents[1] / "corpus" / "realdocs"


def _by_index_and_by_scan(root: Path) -> tuple[tuple[dict, list], tuple[dict, list]]:
    """(counts, document list) of the newest checkpoint, from its indexes, and of the live store."""
    reader = open_reader(root)
    try:
        assert counts_index.for_checkpoint(reader) is not None
        assert documents_index.for_checkpoint(reader) is not None
        from_index = reader.stats(), document_list(reader)
    finally:
        reader.close()
    writer = open_writer(root)          # the live store: counted and listed by reading it
    try:
        assert documents_index.for_checkpoint(writer) is None
        return from_index, (writer.stats(), document_list(writer))
    finally:
        writer.close()


@pytest.mark.parametrize("graphs_per_copy", [checkpoint_index.GRAPHS_PER_COPY, 2])
def test_counts_follow_every_kind_of_write(tmp_path, monkeypatch, graphs_per_copy):
    # Also with the graphs written since a checkpoint read two at a time (write_indexes).
    monkeypatch.setattr(checkpoint_index, "GRAPHS_PER_COPY", graphs_per_copy)
    home = tmp_path / "ws"
    root = home / "store"
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    assert main(["--home", str(home), "ingest", str(plans)]) == 0
    by_index, by_scan = _by_index_and_by_scan(root)
    assert by_index == by_scan and by_index[0]["documents"] == len(by_index[1]) == 5
    assert all(d.title and d.date for d in by_index[1])

    # Batches of 7 published as they go: each checkpoint's index is the previous one's
    # with the batch's graphs counted again, content hashes landing a batch later.
    writer = open_writer(root)
    try:
        published = []
        ingestor = Ingestor(writer, Extractor(load_registry()), publish=lambda: published.append(publish(writer, root)),
                            publish_every=7, publish_share=1_000_000)   # a publish after every batch
        # 28 = 4 × 7: the last batch's hashes are then written by an update of their own.
        ingestor.ingest_paths(sorted(REALDOCS.glob("*.txt"))[:28])
        assert len(published) == 4
        publish(writer, root)
    finally:
        writer.close()
    by_index, by_scan = _by_index_and_by_scan(root)
    assert by_index == by_scan and by_index[0]["documents"] == len(by_index[1]) == 33
    assert {d.type for d in by_index[1]} > {"Kế hoạch"} and any(d.issuer for d in by_index[1])

    # One plan changed (a citation more, and its title), one removed.
    first = sorted(plans.glob("*.txt"))[0]
    title = {d.id: d for d in by_index[1]}[first.name].title
    text = first.read_text(encoding="utf-8")
    assert title in text
    first.write_text(text.replace(title, title + " và năm 2026", 1) + "\nCăn cứ Nghị định số 59/2023/NĐ-CP.\n",
                     encoding="utf-8")
    assert main(["--home", str(home), "ingest", str(first)]) == 0
    by_index, by_scan = _by_index_and_by_scan(root)
    assert by_index == by_scan
    assert {d.id: d for d in by_index[1]}[first.name].title == title + " và năm 2026"
    assert main(["--home", str(home), "remove", sorted(plans.glob("*.txt"))[1].name]) == 0
    by_index, by_scan = _by_index_and_by_scan(root)
    assert by_index == by_scan and by_index[0]["documents"] == len(by_index[1]) == 32


def test_a_checkpoint_without_counts_or_list_is_read_on_the_store(tmp_path):
    home = tmp_path / "ws"
    assert main(["--home", str(home), "ingest", str(PLANS / "000_ba1120af1f27bf6e.txt")]) == 0
    for file in (counts_index.FILE, documents_index.FILE):          # published by older code
        (snapshots(home / "store")[-1] / file).unlink()
    reader = open_reader(home / "store")
    try:
        assert counts_index.for_checkpoint(reader) is None and documents_index.for_checkpoint(reader) is None
        assert reader.stats()["documents"] == 1 and reader.stats()["triples"] > 0
        [doc] = document_list(reader)
        assert doc.id == "000_ba1120af1f27bf6e.txt" and doc.title
    finally:
        reader.close()


def test_the_counts_bench_finds_index_and_store_agree(tmp_path, capsys):
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "counts_cost", Path(__file__).resolve().parents[1] / "bench" / "counts_cost.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    home = tmp_path / "ws"
    assert main(["--home", str(home), "ingest", str(PLANS)]) == 0
    capsys.readouterr()
    assert bench.main(["--home", str(home), "--graphs", "3"]) == 0
    out = capsys.readouterr().out
    assert "3 graphs counted again" in out and "agree: True" in out and "'documents': 5" in out


def test_a_hashed_graph_the_previous_counts_lack_is_counted_whole(tmp_path):
    home = tmp_path / "ws"
    assert main(["--home", str(home), "ingest", str(PLANS)]) == 0
    reader = open_reader(home / "store")
    try:
        whole = tmp_path / "whole"
        whole.mkdir()
        expected = counts_index.CountsIndex(counts_index.write(reader, whole)).stats()
        graph = sorted(g.value for g in reader.oxigraph.named_graphs())[0]
        lacking = tmp_path / "lacking"
        lacking.mkdir()
        base = counts_index.write(reader, lacking)
        with sqlite3.connect(base) as db:       # as if the previous checkpoint had not held it
            db.execute("DELETE FROM graphs WHERE graph = ?", (graph,))
            db.execute("DELETE FROM graph_instruments WHERE graph = ?", (graph,))
        again = tmp_path / "again"
        again.mkdir()
        written = counts_index.write(reader, again, base=base, changed=set(), hashed={graph})
        assert counts_index.CountsIndex(written).stats() == expected
    finally:
        reader.close()
