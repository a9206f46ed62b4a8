"""The whoosh writer's in-memory postings (search/whoosh_pool.py) give the segment
writer exactly what whoosh's own pool gives it, spilled runs and all."""
from __future__ import annotations

import tempfile

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.filedb.filestore import FileStorage
from whoosh.system import pack_uint
from whoosh.writing import PostingPool

from cancu.search.whoosh_backend import WhooshBackend
from cancu.search.whoosh_pool import MemoryPostings

_TERMS = st.binary(min_size=1, max_size=6)
_FIELDS = st.sampled_from(["words", "folded", "symbols", "kind"])


@st.composite
def postings(draw) -> list[tuple]:
    """Postings as a writer adds them: documents in order, each term once a field and
    document, a frequency's weight and encoded value (or none, for an ID field)."""
    out = []
    for docnum in range(draw(st.integers(0, 30))):
        seen = set()
        for field, term, freq in draw(st.lists(st.tuples(_FIELDS, _TERMS, st.integers(1, 300)), max_size=25)):
            if (field, term) in seen:
                continue
            seen.add((field, term))
            value = None if field == "kind" else pack_uint(freq)
            out.append((field, term, docnum, float(freq), value))
    return out


def whoosh_pool(items: list[tuple], limitmb: float) -> list[tuple]:
    with tempfile.TemporaryDirectory() as runs:       # where whoosh's pool spills its runs
        pool = PostingPool(FileStorage(runs), None, limitmb=limitmb)
        for item in items:
            pool.add(item)
        return list(pool.iter_postings())


def memory_pool(items: list[tuple]) -> list[tuple]:
    pool = MemoryPostings()
    for item in items:
        pool.add(item)
    return list(pool.iter_postings())


@settings(max_examples=200, deadline=None)
@given(postings())
def test_the_same_postings_in_the_same_order_as_whooshs_pool(items):
    # a limit of a few kB makes whoosh spill sorted runs to its temporary storage and merge them
    assert memory_pool(items) == whoosh_pool(items, limitmb=0.002) == whoosh_pool(items, limitmb=256)


def test_postings_out_of_document_order_come_out_in_order():
    items = [("words", b"a", 5, 1.0, b"\x01"), ("words", b"a", 2, 2.0, b"\x02"),
             ("folded", b"a", 7, 1.0, b"\x01"), ("words", b"b", 1, 1.0, b"\x01")]
    assert memory_pool(items) == whoosh_pool(items, limitmb=256) == [
        ("folded", b"a", 7, 1.0, b"\x01"), ("words", b"a", 2, 2.0, b"\x02"),
        ("words", b"a", 5, 1.0, b"\x01"), ("words", b"b", 1, 1.0, b"\x01")]
    pool = MemoryPostings()
    for item in items:
        pool.add(item)
    assert pool.fieldnames == {"words", "folded"}


def test_the_backends_writers_use_the_memory_pool(tmp_path):
    backend = WhooshBackend(tmp_path / "ix")
    try:
        assert all(isinstance(backend._w(kind).pool, MemoryPostings) for kind in ("doc", "passage"))
    finally:
        backend.close()
