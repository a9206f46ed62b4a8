"""A whoosh writer's postings held in memory, a few bytes each, in place of its pool.

whoosh's `PostingPool` keeps every posting as a tuple of five objects (about 200
bytes) and, past its memory limit, pickles sorted runs to disk and merges them back
at commit. Indexing the 274 documents of the embedded corpus, 3.7 million postings,
took 37.7 s of CPU with that pool and 21.2 s with this one (`bench/ingest_stages.py`,
the same postings, stored fields and lengths written). Here each
(field, term) keeps one array of document numbers and value numbers; the values
(weight and encoded frequency) are few and kept once. `iter_postings` yields what the
pool would: every posting, ordered by field, term and document number.
"""
from __future__ import annotations

from array import array
from collections.abc import Iterator

Posting = tuple[str, bytes, int, float, "bytes | None"]   # (field, term, docnum, weight, value)


class MemoryPostings:
    """The interface `whoosh.writing.SegmentWriter` uses of its pool: `add`,
    `iter_postings`, `cleanup` and the `fieldnames` seen."""

    def __init__(self) -> None:
        # (field, term) → [docnum, value number, docnum, value number, …]
        self._by_term: dict[tuple[str, bytes], array] = {}
        # (weight, value) → its number: the numbers count up, in the dict's own order
        self._value_numbers: dict[tuple[float, bytes | None], int] = {}
        self.fieldnames: set[str] = set()

    def add(self, item: Posting) -> None:
        fieldname, term, docnum, weight, value = item
        number = self._value_numbers.setdefault((weight, value), len(self._value_numbers))
        postings = self._by_term.get((fieldname, term))
        if postings is None:
            postings = self._by_term[(fieldname, term)] = array("Q")
            self.fieldnames.add(fieldname)
        postings.append(docnum)
        postings.append(number)

    def iter_postings(self) -> Iterator[Posting]:
        values = list(self._value_numbers)      # by number
        for key in sorted(self._by_term):
            fieldname, term = key
            postings = self._by_term[key]
            docnums = postings[::2]
            pairs = zip(docnums, postings[1::2])
            # A writer numbers documents in the order it adds them, merged segments' after
            # its own, so each term's postings arrive in order; sorted in case they do not.
            if any(a >= b for a, b in zip(docnums, docnums[1:])):
                pairs = sorted(pairs, key=lambda pair: pair[0])
            for docnum, number in pairs:
                weight, value = values[number]
                yield fieldname, term, docnum, weight, value

    def cleanup(self) -> None:
        self._by_term.clear()
