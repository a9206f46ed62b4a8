"""A writer's copy of the graphs written since its last checkpoint (GraphStore.copy_of), made
from the texts it kept (kg/store/recent_graphs.py) or read from the store, always holds what
the store holds in them, whatever the writes between: new graphs, content hashes a batch
later, whole replacements, SPARQL updates, removals, checkpoints and imports."""
from __future__ import annotations

import io
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cancu.kg.store.graph import GraphStore
from cancu.kg.store.recent_graphs import RecentGraphs

GRAPHS = [f"https://example.org/doc/{i}" for i in range(4)]
P = "<https://example.org/p>"


def _text(graph: str, version: int, size: int) -> str:
    # Literals with accents and an escaped quote: what document graphs hold.
    return "\n".join(f'<{graph}#s{k}> {P} "Kế hoạch {version}.{k} \\"số\\"" .' for k in range(size))


def _quads(store: GraphStore, graph: str) -> set[str]:
    from pyoxigraph import NamedNode
    return {str(q) for q in store.oxigraph.quads_for_pattern(None, None, None, NamedNode(graph))}


# One write: (kind, graph number, a number the write uses).
WRITES = st.lists(st.tuples(
    st.sampled_from(["add", "hash later", "replace", "update", "hash update", "remove", "publish", "import"]),
    st.integers(0, len(GRAPHS) - 1), st.integers(0, 5)), max_size=14)


@settings(max_examples=40, deadline=None)
@given(writes=WRITES, limit=st.sampled_from([0, 2_000, 1 << 20]))
def test_the_copy_holds_what_the_store_holds(writes, limit):
    with tempfile.TemporaryDirectory() as tmp, GraphStore.open(Path(tmp) / "store") as store:
        store._recent.limit = limit             # none, some or all of the texts kept
        for step, (kind, i, n) in enumerate(writes):
            graph = GRAPHS[i]
            if kind == "add" and not store.has_graph(graph):
                store.add_graphs({graph: _text(graph, step, n + 1)})
            elif kind == "hash later" and store.has_graph(graph):
                # A batch's hashes land with the next batch's graphs (cancu.ingest).
                others = [g for g in GRAPHS if not store.has_graph(g)]
                store.add_graphs({g: _text(g, step, 1) for g in others[:1]}, hashes={graph: f"h{step}"})
            elif kind == "replace":
                store.replace_graph_text(graph, _text(graph, step, n))
            elif kind == "update":
                store.update(f'INSERT DATA {{ GRAPH <{graph}> {{ <{graph}#u> {P} "{step}" }} }}', graphs=[graph])
            elif kind == "hash update":
                store.update(f'INSERT DATA {{ GRAPH <{graph}> {{ <{graph}> {P} "h{step}" }} }}',
                             graphs=(), hashed=[graph])
            elif kind == "remove":
                store.remove_graph(graph)
            elif kind == "publish":
                store.mark_published(Path(tmp) / "cites.sqlite")
            elif kind == "import":
                store.import_(io.BytesIO(f'<{graph}#i> {P} "{step}" <{graph}> .\n'.encode()), "nquads")
            copy = store.copy_of(GRAPHS)
            for g in GRAPHS:
                assert _quads(copy, g) == _quads(store, g), (kind, g)


def test_texts_are_kept_until_the_checkpoint_after_next(tmp_path):
    with GraphStore.open(tmp_path / "store") as store:
        first, second = GRAPHS[:2]
        store.add_graphs({first: _text(first, 0, 3)})
        assert first in store._recent
        store.mark_published(tmp_path / "cites.sqlite")
        # Its content hash comes with the next batch: kept with the hash line.
        store.add_graphs({second: _text(second, 1, 3)}, hashes={first: "abc"})
        assert first in store._recent and "abc" in store._recent.text(first)
        store.mark_published(tmp_path / "cites.sqlite")
        assert first in store._recent and second in store._recent
        store.mark_published(tmp_path / "cites.sqlite")
        assert first not in store._recent and second not in store._recent


def test_a_store_that_publishes_nothing_keeps_nothing():
    store = GraphStore.in_memory()
    store.add_graphs({GRAPHS[0]: _text(GRAPHS[0], 0, 2)})
    assert GRAPHS[0] not in store._recent


def test_past_the_limit_a_text_is_not_kept():
    recent = RecentGraphs(limit=200)
    recent.keep("a", _text("a", 0, 1))
    recent.keep("b", _text("b", 0, 200))          # compressed, still past what is left
    assert "a" in recent and "b" not in recent
    recent.forget(["a"])
    recent.keep("b", "")
    assert recent.text("b") == ""
