"""A graph's N-Triples text packed in an ingest worker (kg/store/packed_graph.py) gives back
the same text, and the same N-Quads as the text written line by line."""
from __future__ import annotations

import pytest

from cancu.kg.store.packed_graph import PackedGraph, pack_text, unpack_text

GRAPH = "<https://example.org/doc/1>"
LINES = [
    '<https://example.org/doc/1> <https://example.org/title> "Kế hoạch số 12/KH-UBND" .',
    # An escaped line break and quote inside a literal, and " ." inside it too.
    '<https://example.org/doc/1#m1> <https://example.org/text> "Căn cứ Luật .\\nđiều \\"5\\" ." .',
    '<https://example.org/doc/1#m1> <https://example.org/in> <https://example.org/doc/1> .',
]


def test_text_comes_back_whole():
    text = "\n".join(LINES)
    packed = PackedGraph.pack(text)
    assert packed.text() == text
    assert packed.triples == len(LINES)
    assert unpack_text(pack_text(text)) == text
    assert len(packed.data) < len(text.encode("utf-8"))


def test_nquads_put_every_line_in_the_graph():
    nquads = PackedGraph.pack("\n".join(LINES)).nquads(GRAPH).decode("utf-8")
    assert nquads.splitlines() == [f"{line[:-2]} {GRAPH} ." for line in LINES]
    assert nquads.endswith(" .\n")


def test_an_empty_graph_has_no_triples():
    assert PackedGraph.pack("").triples == 0


def test_text_that_is_not_ntriples_lines_is_refused():
    with pytest.raises(ValueError, match="not N-Triples"):
        PackedGraph.pack("<a> <b> <c>").nquads(GRAPH)
