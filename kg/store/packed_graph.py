"""A named graph's N-Triples text, compressed where it is made.

An ingest worker writes each document's graph as N-Triples text: about 70 kB of UTF-8
for a generated plan, and 135 kB as a Python str, which holds Vietnamese at two bytes
a character. The writer holds a batch of them until the batch's one load, so the batch's
size was bounded by that memory, and a larger batch is what keeps RocksDB's compaction
cost a document from growing with the store (cancu.ingest.BATCH_SHARE). Compressed in
the worker (zlib level 1: about 8 kB), a graph also crosses the pipe as one small bytes
object; the writer keeps the same bytes as the checkpoint's copy (recent_graphs) and
makes the load's N-Quads from them without decoding the text.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass

# zlib's fastest level: 15 times smaller for a generated plan's graph, 0.2–0.4 ms to pack.
LEVEL = 1


def pack_text(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), LEVEL)


def unpack_text(data: bytes) -> str:
    return zlib.decompress(data).decode("utf-8")


@dataclass(frozen=True)
class PackedGraph:
    """N-Triples text (one triple a line, as `graph.ntriples_lines` writes it), packed."""

    data: bytes
    triples: int

    @classmethod
    def pack(cls, ntriples: str) -> PackedGraph:
        return cls(pack_text(ntriples), ntriples.count("\n") + 1 if ntriples else 0)

    def text(self) -> str:
        return unpack_text(self.data)

    def nquads(self, graph_term: str) -> bytes:
        """The triples as N-Quads of the graph `graph_term` (in N-Triples syntax), UTF-8.
        A line ends with " ." and nothing else holds a raw line break (`graph.nt` escapes
        those in literals), and no byte of a multi-byte UTF-8 character is ASCII, so one
        replace over the bytes turns every line."""
        raw = zlib.decompress(self.data)
        if not raw.endswith(b" ."):
            raise ValueError(f"not N-Triples lines: {raw[-80:]!r}")
        end = f" {graph_term} .\n".encode("utf-8")
        return raw[:-2].replace(b" .\n", end) + end
