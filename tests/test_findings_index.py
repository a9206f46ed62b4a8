"""A checkpoint's audit findings and where each is in its text come from its findings index
(kg/store/findings_index.py), kept by the graphs written since the previous checkpoint, and
always equal what reading the whole store gives: after a first ingest, batches published
mid-run, a changed document and a removed one; a checkpoint of older code without the file
is read on the store."""
from __future__ import annotations

import shutil
from pathlib import Path

from cancu.cli import main
from cancu.ingest import Ingestor
from cancu.kg.queries.documents import finding_places, findings
from cancu.kg.store import findings_index
from cancu.kg.store.snapshots import open_reader, open_writer, publish, snapshots
from cancu.pipeline import Extractor, load_registry
from tests.gold import PLANS

REALDOCS = Path(__file__).resolve().parents[1] / "corpus" / "realdocs"


def _by_index_and_by_store(root: Path) -> tuple[tuple[list, dict], tuple[list, dict]]:
    """(findings, places) of the newest checkpoint, from its index, and of the live store."""
    reader = open_reader(root)
    try:
        assert findings_index.for_checkpoint(reader) is not None
        from_index = findings(reader), finding_places(reader)
    finally:
        reader.close()
    writer = open_writer(root)
    try:
        assert findings_index.for_checkpoint(writer) is None
        return from_index, (findings(writer), finding_places(writer))
    finally:
        writer.close()


def test_findings_and_their_places_follow_every_kind_of_write(tmp_path):
    home = tmp_path / "ws"
    root = home / "store"
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    assert main(["--home", str(home), "ingest", str(plans)]) == 0
    by_index, by_store = _by_index_and_by_store(root)
    assert by_index == by_store
    rows, places = by_index
    # The seeds cite Pháp lệnh 34/2007, repealed since 2023-07-01: findings with a place.
    assert any("34/2007" in (r.symbol or "") for r in rows) and places
    line, quote = next(iter(places.values()))
    assert line >= 1 and quote

    writer = open_writer(root)
    try:
        ingestor = Ingestor(writer, Extractor(load_registry()), publish=lambda: publish(writer, root),
                            publish_every=7, publish_share=1_000_000)   # a publish after every batch
        ingestor.ingest_paths(sorted(REALDOCS.glob("*.txt"))[:21])
        publish(writer, root)
    finally:
        writer.close()
    by_index, by_store = _by_index_and_by_store(root)
    assert by_index == by_store and len(by_index[0]) > len(rows)

    # A plan changed (a repealed instrument cited once more, a line above the others), one removed.
    first = sorted(plans.glob("*.txt"))[0]
    first.write_text("Căn cứ Pháp lệnh số 34/2007/PL-UBTVQH11.\n" + first.read_text(encoding="utf-8"),
                     encoding="utf-8")
    assert main(["--home", str(home), "ingest", str(first)]) == 0
    after, by_store = _by_index_and_by_store(root)
    assert after == by_store
    assert any(doc == first.name and line == 1 and "34/2007" in quote
               for (doc, _), (line, quote) in after[1].items())
    removed = next(r.document for r in after[0] if r.document != first.name and (plans / r.document).exists())
    assert main(["--home", str(home), "remove", removed]) == 0
    by_index, by_store = _by_index_and_by_store(root)
    assert by_index == by_store and not any(r.document == removed for r in by_index[0])


def test_a_checkpoint_without_the_findings_index_is_read_on_the_store(tmp_path):
    home = tmp_path / "ws"
    assert main(["--home", str(home), "ingest", str(PLANS)]) == 0
    reader = open_reader(home / "store")
    try:
        expected = findings(reader), finding_places(reader), findings(reader, [sorted(PLANS.glob("*.txt"))[0].name])
    finally:
        reader.close()
    (snapshots(home / "store")[-1] / findings_index.FILE).unlink()       # published by older code
    reader = open_reader(home / "store")
    try:
        assert findings_index.for_checkpoint(reader) is None
        got = findings(reader), finding_places(reader), findings(reader, [sorted(PLANS.glob("*.txt"))[0].name])
    finally:
        reader.close()
    assert got == expected and expected[0] and expected[1] and expected[2]
