"""bench/cites_workspace.py reads the newest checkpoint of a real workspace: its
instruments are the most cited ones, their totals those of the cites query."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.gold import PLANS

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import cites_workspace  # noqa: E402


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    from cancu.ingest import Ingestor
    from cancu.pipeline import Extractor, load_registry
    from cancu.kg.store.snapshots import open_writer, publish
    home = tmp_path_factory.mktemp("cites-workspace")
    writer = open_writer(home / "store")
    try:
        ingestor = Ingestor(writer, Extractor(load_registry()))
        ingestor.load_registry()
        ingestor.ingest_paths(sorted(PLANS.glob("*.txt")))
        publish(writer, home / "store")
    finally:
        writer.close()
    return home


def test_the_most_cited_instruments_and_their_totals(workspace, tmp_path, capsys):
    from cancu.kg.queries.named import cites
    from cancu.kg.store import cites_index
    from cancu.kg.store.snapshots import open_reader
    out = tmp_path / "figures.json"
    assert cites_workspace.main(["--home", str(workspace), "--rounds", "2", "--top", "3",
                                 "--json", str(out)]) == 0
    figures = json.loads(out.read_text(encoding="utf-8"))
    with open_reader(workspace / "store") as store:
        index = cites_index.for_checkpoint(store)
        counted = index.all("SELECT instrument, COUNT(*) FROM cites GROUP BY instrument", [])
        top = sorted((n for _, n in counted), reverse=True)[:3]
        printed = capsys.readouterr().out
        listed = [line.split() for line in printed.splitlines() if line.startswith("  ")]
        assert [int(n) for n, _ in listed] == top
        for n, iri in listed:                   # each total is what `cites` answers
            assert len(cites(store, [iri])) == int(n)
    assert figures["instruments"] == 3 and figures["most_mentions"] == top[0]
    assert figures["citing_documents"] == 5
    assert figures["p95_ms"] >= figures["p50_ms"] > 0


def test_a_folder_that_is_no_workspace_is_refused(tmp_path):
    with pytest.raises(SystemExit, match="no graph store"):
        cites_workspace.main(["--home", str(tmp_path)])
