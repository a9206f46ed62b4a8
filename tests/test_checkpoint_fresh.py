"""A checkpoint with no previous one to update (a writer's first, or one after a kill, an
import or an update that may touch any graph) writes its six index files by reading every
graph of the store a copy at a time (`checkpoint_index.write_indexes`): never more than
`GRAPHS_PER_COPY` graphs in memory, whatever the store's size, and the same files as when
every graph fits in one copy. Reading the whole store at once held every row in memory
(1,455 MB at 16k generated plans, growing with the store)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cancu.ingest import Ingestor
from cancu.kg.store import checkpoint_index
from cancu.kg.store.graph import GraphStore
from cancu.kg.store.snapshots import open_writer, publish
from cancu.pipeline import Extractor, load_registry
from tests.gold import PLANS

FILES = ("cites.sqlite", "obligations.sqlite", "chains.sqlite", "documents.sqlite",
         "findings.sqlite", "counts.sqlite")
# The chain index numbers its IRIs in the order it meets them: compared by IRI.
_CHAIN_ROWS = {
    "nodes": "SELECT t.iri, n.kind, n.label, n.start, n.document_id FROM nodes n JOIN terms t ON t.id = n.id",
    "edges": "SELECT s.iri, e.relation, t.iri, g.iri FROM edges e JOIN terms s ON s.id = e.source "
             "JOIN terms t ON t.id = e.target JOIN terms g ON g.id = e.graph",
}


def _rows(folder: Path) -> dict[str, list[str]]:
    """Every row of every table of the six files, sorted (the chain index's by IRI)."""
    found: dict[str, list[str]] = {}
    for file in FILES:
        db = sqlite3.connect(folder / file)
        try:
            if file == "chains.sqlite":
                queries = {f"{file}:{name}": sql for name, sql in _CHAIN_ROWS.items()}
            else:
                tables = [t for t, in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
                queries = {f"{file}:{t}": f"SELECT * FROM {t}" for t in tables}
            for name, sql in queries.items():
                found[name] = sorted(map(repr, db.execute(sql)))
        finally:
            db.close()
    return found


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """The five seed plans and the registry, ingested."""
    root = tmp_path_factory.mktemp("fresh") / "store"
    writer = open_writer(root)
    try:
        ingestor = Ingestor(writer, Extractor(load_registry()))
        ingestor.load_registry()
        ingestor.ingest_paths(sorted(PLANS.glob("*.txt")))
        ingestor.flush()
    finally:
        writer.close()
    return root


def _fresh_checkpoint(root: Path, monkeypatch, graphs_per_copy: int) -> tuple[Path, list[list[str]], list[str]]:
    """A checkpoint published after an update that may touch any graph: its folder, the
    graphs of each copy made for it, and every graph of the store."""
    monkeypatch.setattr(checkpoint_index, "GRAPHS_PER_COPY", graphs_per_copy)
    copies: list[list[str]] = []
    copy_of = GraphStore.copy_of

    def recorded(store, graph_iris):
        graph_iris = list(graph_iris)
        copies.append(graph_iris)
        return copy_of(store, graph_iris)
    monkeypatch.setattr(GraphStore, "copy_of", recorded)
    writer = open_writer(root)
    try:
        writer.update("INSERT DATA { }")            # any graph may have changed
        assert writer.changed_graphs is None
        folder = publish(writer, root)
        return folder, copies, writer.graphs()
    finally:
        writer.close()


def test_a_fresh_checkpoint_reads_every_graph_a_copy_at_a_time(workspace, monkeypatch):
    folder, copies, graphs = _fresh_checkpoint(workspace, monkeypatch, 3)
    assert len(graphs) > 5                          # the plans and the registry's graphs
    assert max(len(c) for c in copies) <= 3
    assert sorted(g for c in copies for g in c) == sorted(graphs)
    assert all((folder / file).is_file() for file in FILES)


def test_a_fresh_checkpoint_is_the_same_read_in_small_copies_or_in_one(workspace, monkeypatch):
    small, copies, graphs = _fresh_checkpoint(workspace, monkeypatch, 2)
    whole, one, _ = _fresh_checkpoint(workspace, monkeypatch, 10_000)
    assert len(copies) > 1 and len(one) == 1 and len(one[0]) == len(graphs)
    in_small, in_one = _rows(small), _rows(whole)
    assert in_small == in_one
    assert all(in_one[f"{f}:{t}"] for f, t in [("cites.sqlite", "cites"), ("obligations.sqlite", "obligations"),
                                              ("chains.sqlite", "edges"), ("documents.sqlite", "documents"),
                                              ("counts.sqlite", "graphs")])
