"""The backend for large corpora: tantivy (Rust) through tantivy-py.

Selected with CANCU_SEARCH_BACKEND=tantivy. Same entries and the same query
tree as the whoosh backend; terms are pre-analysed, so text fields use
tantivy's "whitespace" tokenizer and keyword fields its "raw" one.

Layout, as in the whoosh backend: one tantivy index per entry kind, `doc/` and
`passage/`. With both kinds in one index, ranking documents intersected a
`kind:doc` clause with postings that were ten times longer (about ten passages
per document): at 10k documents a query of common words took 15 ms, most of it
reading passage postings (measured in search/README.md).
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import partial
from pathlib import Path

import orjson
import tantivy

from cancu.search import fields as F
from cancu.search import plan
from cancu.search.entries import entries_of
from cancu.search.execute import RawHit, execute, sort_facets
from cancu.search.model import FacetCount, IndexDocument, ParsedQuery, SearchResult

_FACET_SIZE = 200
_KINDS = ("doc", "passage")
# The writers' shares of heap_size: about ten passage entries per document.
_HEAP_SHARE = {"doc": 0.25, "passage": 0.75}
_HEAP_PER_THREAD = 20_000_000     # tantivy refuses less than 15 MB per indexing thread
# A passage's place, also as columns (fast fields): a search weighs about a dozen
# passages for each hit document and reads them in one call per column, where each
# passage's stored fields cost a fetch and a JSON decode. Its document is known by a
# 64-bit hash of its id (two of a search's twenty documents share one with odds of
# about one in 10^17); one passage per document is fetched to learn the id.
_SPAN_START, _SPAN_END, _DOC_KEY = "span_start", "span_end", "doc_key"
_SPAN_COLUMNS = (_SPAN_START, _SPAN_END, _DOC_KEY)


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    for name in (F.UID, F.DOC_ID, F.KIND):
        b.add_text_field(name, stored=True, tokenizer_name="raw", index_option="basic")
    # Tantivy indexes every text field; the stored-only values go in one JSON
    # blob in a bytes field, which is stored and not indexed.
    b.add_bytes_field("stored", stored=True)
    for name in F.TEXT_FIELDS:
        b.add_text_field(name, tokenizer_name="whitespace", index_option="freq")
    for name in (F.SYMBOLS, F.LOCAL_SYMBOLS, F.INSTRUMENTS, F.TYPE_KEY, F.PROVINCE_KEY,
                 F.YEAR, F.DATE, F.STALE):
        b.add_text_field(name, tokenizer_name="raw", index_option="freq", fast=True)
    for name in (F.TYPE, F.ISSUER, F.CITED):
        b.add_text_field(name, tokenizer_name="raw", index_option="basic", fast=True)
    for name in _SPAN_COLUMNS:
        b.add_unsigned_field(name, fast=True)
    return b.build()


def _doc_key(doc_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(doc_id.encode("utf-8"), digest_size=8).digest(), "little")


def _has_fields(index_dir: Path, names: tuple[str, ...]) -> bool:
    """Whether the index in `index_dir` was made with these fields (its meta.json names its
    schema's fields): an index made before they were added keeps its own schema."""
    meta = json.loads((index_dir / "meta.json").read_text(encoding="utf-8"))
    return set(names) <= {f["name"] for f in meta["schema"]}


class TantivyBackend:
    def __init__(self, path: str | Path, segmenter: str = "bigram",
                 heap_size: int = 256_000_000):
        self.path = Path(path)
        self.segmenter = segmenter
        self.heap_size = heap_size
        self.path.mkdir(parents=True, exist_ok=True)
        if tantivy.Index.exists(str(self.path)):
            raise ValueError(f"the tantivy index in {self.path} has the old one-index layout; "
                             "re-index into a new directory")
        self._schema = _schema()
        self._ix: dict[str, tantivy.Index] = {}
        for kind in _KINDS:
            d = self.path / kind
            d.mkdir(exist_ok=True)
            self._ix[kind] = (tantivy.Index.open(str(d)) if tantivy.Index.exists(str(d))
                              else tantivy.Index(self._schema, path=str(d)))
        # Passages' spans as columns, unless the index predates them (then read as before).
        self._spans = _has_fields(self.path / "passage", _SPAN_COLUMNS)
        self._writers: dict[str, tantivy.IndexWriter] = {}

    # -- writing ---------------------------------------------------------------
    def _w(self, kind: str):
        if kind not in self._writers:
            heap = max(int(self.heap_size * _HEAP_SHARE[kind]), _HEAP_PER_THREAD)
            threads = max(1, min(os.cpu_count() or 1, 8, heap // _HEAP_PER_THREAD))
            self._writers[kind] = self._ix[kind].writer(heap_size=heap, num_threads=threads)
        return self._writers[kind]

    def add(self, docs: list[IndexDocument]) -> None:
        writers = {k: self._w(k) for k in _KINDS}
        for e in entries_of(docs, self.segmenter):
            d = tantivy.Document()
            for name in (F.UID, F.DOC_ID, F.KIND):
                d.add_text(name, str(e.stored[name]))
            d.add_bytes("stored", json.dumps(e.stored, ensure_ascii=False).encode("utf-8"))
            for name, value in e.text.items():
                if value:
                    d.add_text(name, value)
            for name, values in e.keywords.items():
                if name in (F.KIND, F.DOC_ID):
                    continue
                for v in values:
                    d.add_text(name, v)
            for name, values in e.facets.items():
                for v in values:
                    d.add_text(name, v)
            if self._spans and e.stored[F.KIND] == "passage":
                d.add_unsigned(_SPAN_START, int(e.stored[F.START]))
                d.add_unsigned(_SPAN_END, int(e.stored[F.END]))
                d.add_unsigned(_DOC_KEY, _doc_key(str(e.stored[F.DOC_ID])))
            writers[e.stored[F.KIND]].add_document(d)

    def delete(self, doc_id: str) -> None:
        for kind in _KINDS:
            self._w(kind).delete_documents_by_term(F.DOC_ID, doc_id)

    def commit(self) -> None:
        for writer in self._writers.values():
            writer.commit()
            writer.wait_merging_threads()
        self._writers = {}             # releases the index locks for other processes
        self.refresh()

    def refresh(self) -> None:
        for ix in self._ix.values():
            ix.reload()

    # -- reading ---------------------------------------------------------------
    def search(self, query: ParsedQuery, limit: int, facets: bool,
               facet_values: int | None = None) -> SearchResult:
        return execute(_Search(self), query, limit, facets, facet_values)

    def _prepare(self, tree: plan.Node) -> tuple[tantivy.Searcher, tantivy.Query, str]:
        """The searcher of the entry kind the tree asks for, the compiled tree without
        its commonest words (plan.prune_common), and the kind."""
        kind, tree = plan.split_kind(tree)
        kind = kind or "doc"
        searcher = self._ix[kind].searcher()
        tree = plan.prune_common(tree, searcher.doc_freq, searcher.num_docs)
        return searcher, self._compile(tree), kind

    def run(self, tree: plan.Node, limit: int, prepared: tuple | None = None) -> tuple[list[RawHit], int]:
        searcher, query, kind = prepared or self._prepare(tree)
        result = searcher.search(query, limit=limit, count=True)
        if kind == "passage" and self._spans:
            return _spanned_hits(searcher, result.hits), result.count
        hits = []
        for score, address in result.hits:
            doc = searcher.doc(address)
            hits.append(RawHit(score, doc[F.DOC_ID][0], partial(_decode_stored, doc)))
        return hits, result.count

    def facet_counts(self, tree: plan.Node, prepared: tuple | None = None,
                     values: int | None = None) -> dict[str, list[FacetCount]]:
        searcher, query, _ = prepared or self._prepare(tree)
        # Each segment still counts its _FACET_SIZE commonest values, so the few asked for
        # are counted as exactly as before; fewer buckets coming back to Python is the
        # saving (about 0.7 of 10.4 ms for the search page's query at 10k documents).
        size = min(values, _FACET_SIZE) if values else _FACET_SIZE
        aggs = {name: {"terms": {"field": field, "size": size, "segment_size": _FACET_SIZE}}
                for name, field in F.FACET_FIELDS.items()}
        raw = searcher.aggregate(query, aggs)
        return {name: sort_facets({str(b["key"]): int(b["doc_count"])
                                   for b in raw.get(name, {}).get("buckets", [])})
                for name in aggs}

    def count(self) -> int:
        return self._ix["doc"].searcher().num_docs

    def stored_text(self, doc_id: str) -> str | None:
        hits, _ = self.run(plan.Term(F.UID, f"{doc_id}\x1fdoc\x1f0"), 1)
        return hits[0].stored[F.TEXT] if hits else None

    def close(self) -> None:
        for writer in self._writers.values():
            writer.rollback()
        self._writers = {}

    # -- queries ---------------------------------------------------------------
    def _compile(self, node: plan.Node) -> tantivy.Query:
        Q, Occur = tantivy.Query, tantivy.Occur
        if isinstance(node, plan.Term):
            q = Q.term_query(self._schema, node.field, node.value, index_option="freq")
        elif isinstance(node, plan.MatchAll):
            return Q.all_query()
        else:
            clauses = ([(Occur.Must, self._compile(n)) for n in node.must]
                       + [(Occur.Should, self._compile(n)) for n in node.should]
                       + [(Occur.MustNot, self._compile(n)) for n in node.must_not])
            if not node.must and not node.should:
                clauses.insert(0, (Occur.Must, Q.all_query()))
            q = Q.boolean_query(clauses)
        return Q.boost_query(q, node.boost) if node.boost != 1.0 else q


class _Search:
    """One search's engine (cancu.search.execute.Engine): the documents' tree is
    ranked, then counted by facet; both use the searcher and compiled query made
    for the first (pruning asks tantivy for every word's frequency, and the same
    searcher keeps the count and the facets of one commit)."""

    def __init__(self, backend: TantivyBackend):
        self.backend = backend
        self._prepared: list[tuple] = []

    def _prepare(self, tree: plan.Node) -> tuple[tantivy.Searcher, tantivy.Query, str]:
        for done, found in self._prepared:
            if done is tree:
                return found
        found = self.backend._prepare(tree)
        self._prepared.append((tree, found))      # holding the tree keeps its identity unique
        return found

    def run(self, tree: plan.Node, limit: int) -> tuple[list[RawHit], int]:
        return self.backend.run(tree, limit, self._prepare(tree))

    def facet_counts(self, tree: plan.Node, values: int | None = None) -> dict[str, list[FacetCount]]:
        return self.backend.facet_counts(tree, self._prepare(tree), values)


def _decode_stored(doc: tantivy.Document) -> dict:
    return orjson.loads(bytes(doc["stored"][0]))      # a search decodes hundreds of passages


def _fetch_stored(searcher: tantivy.Searcher, address) -> dict:
    return _decode_stored(searcher.doc(address))


def _spanned_hits(searcher: tantivy.Searcher, ranked: list) -> list[RawHit]:
    """Passage hits with their spans from the columns; a passage's stored fields are
    fetched only when read (the one shown per document), and one per document to learn
    its id (an entry without the columns is fetched as before)."""
    addresses = [address for _, address in ranked]
    columns = [searcher.fast_field_values(name, addresses) for name in _SPAN_COLUMNS]
    ids: dict[int, str] = {}
    hits = []
    for (score, address), start, end, key in zip(ranked, *columns):
        doc_id = ids.get(key) if key is not None else None
        if doc_id is None or start is None or end is None:
            doc = searcher.doc(address)
            doc_id = doc[F.DOC_ID][0]
            if key is not None:
                ids[key] = doc_id
            load = partial(_decode_stored, doc)
        else:
            load = partial(_fetch_stored, searcher, address)
        span = (start, end) if start is not None and end is not None else None
        hits.append(RawHit(score, doc_id, load, span=span))
    return hits
