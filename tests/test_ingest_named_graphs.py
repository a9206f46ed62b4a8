"""A run in workers learns which graphs the store has from one read of their names
(`named` in `Ingestor.commit`) instead of two look-ups a document. A graph that is there
must still be found: one a kill left without its content hash is replaced when its file
comes again, never loaded on top of (the old triples would stay beside the new)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cancu.cli import main
from cancu.kg.iri import document_iri
from cancu.kg.store.snapshots import open_writer
from tests.gold import PLANS


def _texts(root: Path, iri: str) -> list[str]:
    writer = open_writer(root)
    try:
        rows = writer.query(f"SELECT ?t WHERE {{ GRAPH <{iri}> {{ <{iri}> cancu:fullText ?t }} }}")
        return [r["t"].value for r in rows]
    finally:
        writer.close()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_graph_left_without_its_hash_is_replaced_in_a_run_in_workers(tmp_path, jobs):
    home, plans = tmp_path / "ws", tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    assert main(["--home", str(home), "ingest", "--jobs", "2", str(plans)]) == 0
    plan = sorted(plans.glob("*.txt"))[0]
    iri = document_iri(plan.name)
    writer = open_writer(home / "store")
    try:                                # as a kill between the graph and its hash leaves it
        writer.update(f"DELETE WHERE {{ GRAPH <{iri}> {{ <{iri}> cancu:contentHash ?h }} }}", graphs=[iri])
    finally:
        writer.close()
    edited = plan.read_text(encoding="utf-8") + "\nGhi chú thêm sau khi sửa.\n"
    plan.write_text(edited, encoding="utf-8")
    assert main(["--home", str(home), "ingest", "--jobs", jobs, str(plans)]) == 0
    assert _texts(home / "store", iri) == [edited]
