"""What a writer wrote since its last checkpoint, kept so the checkpoint need not read it back.

A checkpoint's indexes read again the graphs written since the previous one
(kg/store/checkpoint_index.write_indexes), from a copy of them in memory. Copied from the
store, a graph costs what reading it from RocksDB costs, a string read for every term:
at 1k generated plans 4.5 ms a graph from the live store, more than the indexes then
spend reading the copy. But the writer had each graph's N-Triples text in hand when it
wrote it whole (`GraphStore.add_graphs`, `replace_graph_text`), so it keeps that text,
compressed (kg/store/packed_graph.py: 15 times smaller), and the copy is made of it; an
ingest's workers send the text compressed already, and it is kept as it came. A graph
written in any other way since (a SPARQL update, a removal, a file import) is forgotten
here and copied from the store.

The texts stay one checkpoint longer: an ingest records a batch's content hashes with the
next batch's graphs (cancu.ingest.Ingestor.flush), so the next checkpoint counts those
graphs again (counts_index), and each graph's text with its hash line added is at hand.
"""
from __future__ import annotations

from collections.abc import Iterable

from cancu.kg.store.packed_graph import pack_text, unpack_text

# Compressed bytes kept at most; past it a graph is not kept (it is copied from the store).
# A generated plan's graph compresses to about 8.6 kB, and a checkpoint of a 100k-document
# ingest covers 5,000 of them: two checkpoints' texts, about 86 MB.
KEPT_BYTES = 128 * 1024 * 1024


class RecentGraphs:
    """The N-Triples text of graphs, each exactly what the store holds in it, by graph IRI."""

    def __init__(self, limit: int = KEPT_BYTES):
        self.limit = limit
        # IRI → (the text as written, compressed; lines added since, one a line each)
        self._texts: dict[str, tuple[bytes, str]] = {}
        self._size = 0
        self._older: set[str] = set()       # kept since before the last checkpoint

    def keep(self, iri: str, ntriples: str) -> None:
        """`iri` now holds exactly `ntriples` (one triple a line)."""
        self.keep_packed(iri, pack_text(ntriples) if self.limit else b"")

    def keep_packed(self, iri: str, packed: bytes) -> None:
        """`iri` now holds exactly the text `packed` holds (packed_graph.pack_text)."""
        self.forget([iri])
        if not self.limit:
            return
        if self._size + len(packed) <= self.limit:
            self._texts[iri] = (packed, "")
            self._size += len(packed)
            self._older.discard(iri)

    def add_line(self, iri: str, line: str) -> None:
        """`iri` holds one triple more (a content hash): kept with it, when kept. The line
        goes beside the compressed text, which is not compressed again."""
        kept = self._texts.get(iri)
        if kept is not None:
            self._texts[iri] = (kept[0], f"{kept[1]}\n{line}")
            self._size += len(line) + 1
            self._older.discard(iri)

    def forget(self, iris: Iterable[str] | None) -> None:
        """These graphs changed in a way not kept here (None: any graph may have)."""
        if iris is None:
            self._texts.clear()
            self._older.clear()
            self._size = 0
            return
        for iri in iris:
            kept = self._texts.pop(iri, None)
            if kept is not None:
                self._size -= len(kept[0]) + len(kept[1])

    def published(self) -> None:
        """A checkpoint was made: the texts kept before the previous one go."""
        self.forget(self._older)
        self._older = set(self._texts)

    def text(self, iri: str) -> str | None:
        """What `iri` holds, None when not kept."""
        kept = self._texts.get(iri)
        return None if kept is None else unpack_text(kept[0]) + kept[1]

    def __contains__(self, iri: str) -> bool:
        return iri in self._texts
