"""A checkpoint's counts come from its counts index (kg/store/counts_index.py), kept by
the graphs written since the previous checkpoint, and always equal what reading the
whole store gives: after a first ingest, batches published mid-run (content hashes
written with the next batch), a changed document and a removed one."""
from __future__ import annotations

import shutil
from pathlib import Path

from cancu.cli import main
from cancu.ingest import Ingestor
from cancu.kg.store import counts_index
from cancu.kg.store.snapshots import open_reader, open_writer, publish, snapshots
from cancu.pipeline import Extractor, load_registry
from tests.gold import PLANS

REALDOCS = Path(__file__).resolve().parents[1] / "corpus" / "realdocs"


def _by_index_and_by_scan(root: Path) -> tuple[dict, dict]:
    reader = open_reader(root)
    try:
        assert counts_index.for_checkpoint(reader) is not None
        from_index = reader.stats()
    finally:
        reader.close()
    writer = open_writer(root)          # the live store: counted by reading it
    try:
        return from_index, writer.stats()
    finally:
        writer.close()


def test_counts_follow_every_kind_of_write(tmp_path):
    home = tmp_path / "ws"
    root = home / "store"
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    assert main(["--home", str(home), "ingest", str(plans)]) == 0
    by_index, by_scan = _by_index_and_by_scan(root)
    assert by_index == by_scan and by_index["documents"] == 5

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
    assert by_index == by_scan and by_index["documents"] == 33

    # One plan changed, one removed.
    first = sorted(plans.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nCăn cứ Nghị định số 59/2023/NĐ-CP.\n", encoding="utf-8")
    assert main(["--home", str(home), "ingest", str(first)]) == 0
    by_index, by_scan = _by_index_and_by_scan(root)
    assert by_index == by_scan
    assert main(["--home", str(home), "remove", sorted(plans.glob("*.txt"))[1].name]) == 0
    by_index, by_scan = _by_index_and_by_scan(root)
    assert by_index == by_scan and by_index["documents"] == 32


def test_a_checkpoint_without_counts_is_counted_on_the_store(tmp_path):
    home = tmp_path / "ws"
    assert main(["--home", str(home), "ingest", str(PLANS / "000_ba1120af1f27bf6e.txt")]) == 0
    (snapshots(home / "store")[-1] / counts_index.FILE).unlink()     # published by older code
    reader = open_reader(home / "store")
    try:
        assert counts_index.for_checkpoint(reader) is None
        assert reader.stats()["documents"] == 1 and reader.stats()["triples"] > 0
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
