"""The embedded default backend: whoosh, pure Python, one directory on disk.

Layout: two whoosh indexes, `doc/` (one entry per document) and `passage/`
(one entry per passage), so ranking documents never reads passage postings.
Passages store only their offsets; their text is cut from the document's.

Queries do not go through whoosh's matcher tree: the plan tree is evaluated
here, straight on whoosh's posting blocks, with BM25 (k1 1.2, b 0.75, the
formula tantivy uses) and per-field length bytes loaded once per searcher.
whoosh's own matchers score every posting through several Python objects and
look each document's field length up in a column file; on the OR of a few
dozen terms the plan builds that cost 0.5–2 s a query at 1,000 documents.
Measured before and after in search/README.md.
"""
from __future__ import annotations

import bisect
import heapq
import math
import threading
from array import array
from collections import Counter
from itertools import chain
from pathlib import Path

from whoosh import fields as wf
from whoosh import index as windex
from whoosh.analysis import RegexTokenizer, SpaceSeparatedTokenizer
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3LeafMatcher, W3TermInfo
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte

from cancu.search import fields as F
from cancu.search import plan
from cancu.search.entries import entries_of
from cancu.search.execute import RawHit, execute, sort_facets
from cancu.search.model import FacetCount, IndexDocument, ParsedQuery, SearchResult
from cancu.search.whoosh_pool import MemoryPostings

_MULTI_SEP = "\x1f"          # separates the values of a multi-valued facet field
_KINDS = ("doc", "passage")
_K1, _B = 1.2, 0.75
# Terms whose look-up a searcher keeps (a few hundred bytes each); past this the
# memo starts again.
_TERMS_KEPT = 50_000
# Entries whose stored fields a searcher keeps: a page of hits and their passages
# many times over (a document's entry holds its text, tens of kB).
_STORED_KEPT = 1024
# Decoded postings a searcher keeps (12 bytes each).
_POSTINGS_KEPT = 2_000_000


class _PreAnalysed(wf.TEXT):
    """A text field whose value is already terms separated by spaces.

    Same postings as TEXT with a space tokenizer, counted with one
    Counter instead of a Token object per term (a fifth of indexing time).
    """

    def index(self, value, **kwargs):
        counts = Counter(value.split())
        return ((w.encode("utf-8"), n, float(n), pack_uint(n)) for w, n in counts.items())


class _Codec(W3Codec):
    # Block length statistics only serve whoosh's own block-skipping
    # matchers, which `_Searcher` does not use; computing them looked up the
    # field length of every posting in a column file (a third of commit time).
    length_stats = False


def _schema() -> wf.Schema:
    terms = SpaceSeparatedTokenizer()      # terms are pre-analysed; split on spaces only
    s = wf.Schema()
    s.add(F.UID, wf.ID(stored=True, unique=True))
    s.add(F.DOC_ID, wf.ID(stored=True))
    for name in (F.KIND, F.PATH, F.TITLE, F.TEXT, F.START, F.END, F.PASSAGE_KIND):
        s.add(name, wf.STORED())
    for name in F.TEXT_FIELDS:
        s.add(name, _PreAnalysed(analyzer=terms, phrase=False))
    for name in (F.SYMBOLS, F.LOCAL_SYMBOLS, F.INSTRUMENTS, F.TYPE_KEY, F.PROVINCE_KEY,
                 F.YEAR, F.DATE, F.STALE):
        s.add(name, wf.KEYWORD(lowercase=False, scorable=True))
    for name in (F.TYPE, F.ISSUER, F.CITED):
        s.add(name, wf.TEXT(analyzer=RegexTokenizer(r"[^\x1f]+"), phrase=False))
    return s


class WhooshBackend:
    def __init__(self, path: str | Path, segmenter: str = "bigram"):
        self.path = Path(path)
        self.segmenter = segmenter
        self.path.mkdir(parents=True, exist_ok=True)
        if windex.exists_in(str(self.path)):
            raise ValueError(f"the whoosh index in {self.path} has the old one-index layout; "
                             "re-index into a new directory")
        self._ix = {}
        for kind in _KINDS:
            d = self.path / kind
            d.mkdir(exist_ok=True)
            self._ix[kind] = (windex.open_dir(str(d)) if windex.exists_in(str(d))
                              else windex.create_in(str(d), _schema()))
        self._writers: dict = {}
        self._searchers = {k: _Searcher(ix.searcher()) for k, ix in self._ix.items()}
        # whoosh reads postings by seek-then-read on file objects its searcher
        # shares: two threads searching at once read each other's offsets
        # (UnpicklingError under 20 concurrent web clients). One reader at a time
        # (the work is pure Python and holds the GIL anyway); a search holds the
        # lock only while it reads (`_Search`).
        self._reading = threading.Lock()

    # -- writing ---------------------------------------------------------------
    def _w(self, kind: str):
        if kind not in self._writers:
            writer = self._ix[kind].writer(codec=_Codec())
            writer.pool = MemoryPostings()      # in memory and compact (search/whoosh_pool.py)
            self._writers[kind] = writer
        return self._writers[kind]

    def add(self, docs: list[IndexDocument]) -> None:
        writers = {k: self._w(k) for k in _KINDS}
        for e in entries_of(docs, self.segmenter):
            fields: dict = dict(e.stored)
            fields.update({k: v for k, v in e.text.items() if v})
            fields.update({k: " ".join(v) for k, v in e.keywords.items()
                           if v and k != F.KIND})
            fields.update({k: _MULTI_SEP.join(v) for k, v in e.facets.items() if v})
            writers[e.stored[F.KIND]].add_document(**fields)

    def delete(self, doc_id: str) -> None:
        for kind in _KINDS:
            self._w(kind).delete_by_term(F.DOC_ID, doc_id)

    def commit(self) -> None:
        for w in self._writers.values():
            w.commit()
        self._writers = {}
        self.refresh()

    # -- reading ---------------------------------------------------------------
    def refresh(self) -> None:
        with self._reading:     # whoosh's refresh is a directory listing when nothing changed
            self._searchers = {k: s.refresh() for k, s in self._searchers.items()}

    def search(self, query: ParsedQuery, limit: int, facets: bool,
               facet_values: int | None = None) -> SearchResult:
        return execute(_Search(self), query, limit, facets, facet_values)

    def _route(self, tree: plan.Node) -> tuple["_Searcher", plan.Node]:
        """The searcher of the entry kind the tree asks for, and the tree
        without that kind term and without its commonest words."""
        kind, tree = plan.split_kind(tree)
        s = self._searchers[kind or "doc"]
        return s, plan.prune_common(tree, s.doc_frequency, s.searcher.doc_count())

    def count(self) -> int:
        with self._reading:
            return self._searchers["doc"].searcher.doc_count()

    def stored_text(self, doc_id: str) -> str | None:
        with self._reading:
            found = self._searchers["doc"].searcher.document(**{F.UID: f"{doc_id}\x1fdoc\x1f0"})
        return found[F.TEXT] if found else None

    def close(self) -> None:
        for w in self._writers.values():
            w.cancel()
        self._writers = {}
        for s in self._searchers.values():
            s.searcher.close()
        for ix in self._ix.values():
            ix.close()


class _Search:
    """One search's engine (cancu.search.execute.Engine). It holds the backend's
    lock only while it reads the index: the snippets, the larger part of a search's
    Python, run beside other searches (with one lock around the whole search, the
    searches of a server's threads queued behind each other's snippets)."""

    def __init__(self, backend: WhooshBackend):
        self.backend = backend
        self._evaluated: list[tuple] = []     # the trees evaluated so far, and what they found

    def run(self, tree: plan.Node, limit: int) -> tuple[list[RawHit], int]:
        with self.backend._reading:
            s, scores = self._evaluate(tree)
            top = heapq.nlargest(limit, scores.items(), key=lambda kv: (kv[1], -kv[0]))
            return [RawHit.of(score, s.stored(docnum)) for docnum, score in top], len(scores)

    def facet_counts(self, tree: plan.Node, values: int | None = None) -> dict[str, list[FacetCount]]:
        with self.backend._reading:
            s, scores = self._evaluate(tree)
            return {name: sort_facets(s.facets(field).count(scores))[:values]
                    for name, field in F.FACET_FIELDS.items()}

    def _evaluate(self, tree: plan.Node) -> tuple["_Searcher", dict[int, float]]:
        """The searcher the tree asks for and {docnum: score}. The documents' tree is
        ranked, then counted by facet: the second asks for the evaluation the first did."""
        for done, found in self._evaluated:
            if done is tree:
                return found
        s, routed = self.backend._route(tree)
        found = (s, s.evaluate(routed))
        self._evaluated.append((tree, found))     # holding the tree keeps its identity unique
        return found


class _Searcher:
    """Evaluates a plan tree on one whoosh index: {global docnum: score}."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.n = max(searcher.doc_count_all(), 1)
        self.leaves = []
        deleted: set[int] = set()
        for reader, offset in searcher.reader().leaf_readers():
            self.leaves.append(_Leaf(reader, offset))
            if reader.has_deletions():
                deleted.update(offset + d for d in _deleted_docs(reader))
        self.deleted = deleted
        self._norm_tables: dict[str, list[float]] = {}
        # (field, value) → (document frequency, [(leaf, its term info)]): a query
        # asks for each of its ~100 terms' frequency three times (pruning, the
        # evaluation order, the idf) and then for its postings, each a hashed
        # look-up in every segment's term file. A searcher sees one commit, so
        # what it found stays true for its life.
        self._terms: dict[tuple[str, str], tuple[int, list]] = {}
        # The candidates of the last term scored and each segment's share of them,
        # sorted: the terms of one OR share one candidate set.
        self._split: tuple[set[int] | None, dict] = (None, {})
        self._facets: dict[str, _FacetColumn] = {}
        # Stored fields by docnum: a document's entry holds its whole text, unzipped
        # and unpickled for every search that shows it.
        self._stored: dict[int, dict] = {}
        self._decoded: dict[tuple, tuple] = {}
        self._decoded_count = 0          # postings held in _decoded

    def refresh(self) -> "_Searcher":
        fresh = self.searcher.refresh()
        return self if fresh is self.searcher else _Searcher(fresh)

    def facets(self, field: str) -> "_FacetColumn":
        """The field's values by entry, read once per searcher (per commit)."""
        column = self._facets.get(field)
        if column is None:
            column = self._facets[field] = _FacetColumn.read(self, field)
        return column

    def stored(self, docnum: int) -> dict:
        """The entry's stored fields (callers only read them)."""
        found = self._stored.get(docnum)
        if found is None:
            if len(self._stored) >= _STORED_KEPT:
                self._stored.clear()
            found = self._stored[docnum] = self.searcher.stored_fields(docnum)
        return found

    def term(self, field: str, value: str) -> tuple[int, list]:
        """The term's document frequency (deleted entries included, as whoosh
        counts it) and the segments that hold it, with their term infos."""
        key = (field, value)
        found = self._terms.get(key)
        if found is None:
            if len(self._terms) >= _TERMS_KEPT:
                self._terms.clear()
            held = [(leaf, info) for leaf in self.leaves
                    if (info := leaf.term_info(field, value)) is not None]
            found = (sum(info.doc_frequency() for _, info in held), held)
            self._terms[key] = found
        return found

    def doc_frequency(self, field: str, value: str) -> int:
        return self.term(field, value)[0]

    # -- the tree ----------------------------------------------------------------
    def evaluate(self, node: plan.Node) -> dict[int, float]:
        scores = self._eval(node, None, {})
        if self.deleted:
            scores = {d: s for d, s in scores.items() if d not in self.deleted}
        return scores

    def _eval(self, node, cands: set[int] | None, cost: dict) -> dict[int, float]:
        if isinstance(node, plan.Term):
            return self._term(node, cands)
        if isinstance(node, plan.MatchAll):
            docs = cands if cands is not None else range(self.searcher.doc_count_all())
            return dict.fromkeys(docs, 1.0)
        acc: dict[int, float] | None = None
        if node.must:
            for sub in sorted(node.must, key=lambda n: self._cost(n, cost)):
                got = self._eval(sub, cands if acc is None else set(acc), cost)
                acc = got if acc is None else {d: acc[d] + s for d, s in got.items()}
                if not acc:
                    return {}
            if node.should:
                extra = self._union(node.should, set(acc), cost)
                for d, s in extra.items():
                    acc[d] += s
        elif node.should:
            acc = self._union(node.should, cands, cost)
        else:
            acc = self._eval(plan.MatchAll(), cands, cost)
        if node.must_not and acc:
            for d in self._union(node.must_not, set(acc), cost):
                acc.pop(d, None)
        if node.boost != 1.0:
            acc = {d: s * node.boost for d, s in acc.items()}
        return acc

    def _union(self, nodes, cands, cost) -> dict[int, float]:
        acc: dict[int, float] = {}
        for sub in nodes:
            for d, s in self._eval(sub, cands, cost).items():
                acc[d] = acc.get(d, 0.0) + s
        return acc

    def _cost(self, node, cache: dict) -> int:
        """Estimated postings read: evaluate cheap (selective) clauses first."""
        key = id(node)
        if key not in cache:
            if isinstance(node, plan.Term):
                c = self.doc_frequency(node.field, node.value)
            elif isinstance(node, plan.MatchAll):
                c = self.n
            elif node.must:
                c = min(self._cost(n, cache) for n in node.must)
            else:
                c = sum(self._cost(n, cache) for n in node.should) if node.should else self.n
            cache[key] = c
        return cache[key]

    # -- one term ----------------------------------------------------------------
    def _term(self, node: plan.Term, cands: set[int] | None) -> dict[int, float]:
        out: dict[int, float] = {}
        if cands is not None and not cands:
            return out
        df, held = self.term(node.field, node.value)
        if not df:
            return out
        idf = math.log(1 + (self.n - df + 0.5) / (df + 0.5))
        c = node.boost * idf * (_K1 + 1)
        table = self._norm_table(node.field)
        local = self._local(cands) if cands is not None else None
        for leaf, info in held:
            leaf.score_term(node.field, self._postings(leaf, node.field, node.value, info), c, table,
                            cands, out, None if local is None else local.get(leaf.offset, ()))
        return out

    def _postings(self, leaf: "_Leaf", field: str, value: str, info) -> tuple:
        """The term's postings in a segment, decoded once per searcher (unzipping and
        unpickling whoosh's blocks was a third of a query's ranking)."""
        key = (leaf.offset, field, value)
        found = self._decoded.get(key)
        if found is None:
            found = leaf.postings(field, info)
            if self._decoded_count + len(found[0]) > _POSTINGS_KEPT:
                self._decoded.clear()
                self._decoded_count = 0
            self._decoded[key] = found
            self._decoded_count += len(found[0])
        return found

    def _local(self, cands: set[int]) -> dict[int, list[int]]:
        """The candidates by segment (its offset): sorted segment docnums."""
        if self._split[0] is not cands:
            by_leaf: dict[int, list[int]] = {}
            starts = [leaf.offset for leaf in self.leaves]
            for d in sorted(cands):
                offset = starts[bisect.bisect_right(starts, d) - 1]
                by_leaf.setdefault(offset, []).append(d - offset)
            self._split = (cands, by_leaf)     # holding the set keeps its identity unique
        return self._split[1]

    def _norm_table(self, field: str) -> list[float]:
        """k1·(1 − b + b·len/avglen) for each of whoosh's 256 length bytes."""
        table = self._norm_tables.get(field)
        if table is None:
            avg = (self.searcher.field_length(field) / self.n) or 1.0
            table = [_K1 * (1 - _B + _B * byte_to_length(i) / avg) for i in range(256)]
            self._norm_tables[field] = table
        return table


class _Leaf:
    """One segment: its reader, docnum offset and field length bytes."""

    def __init__(self, reader, offset: int):
        self.reader = reader
        self.offset = offset
        self.size = reader.doc_count_all()
        self._norms: dict[str, bytes] = {}

    def norms(self, field: str) -> bytes:
        found = self._norms.get(field)
        if found is None:
            found = self._read_norms(field)
            self._norms[field] = found
        return found

    def _read_norms(self, field: str) -> bytes:
        try:        # whoosh3: one length byte per document in a fixed-width column
            col = self.reader._perdoc._cached_reader(f"_{field}_len", LENGTHS_COLUMN)
            if col is None:
                return bytes(self.size)
            raw = bytes(col._dbfile.get(col._basepos, col._count))
            return raw + bytes(self.size - len(raw))
        except AttributeError:
            length = self.reader.doc_field_length
            return bytes(length_to_byte(length(d, field) or 0) for d in range(self.size))

    def term_info(self, field: str, value: str):
        """whoosh's term info for the term in this segment, or None."""
        reader = self.reader
        if field not in reader.schema or reader.schema[field].format is None:
            return None
        terms = reader._terms
        raw = terms._tindex.get(terms._keycoder(field, reader._text_to_bytes(field, value)))
        return None if raw is None else W3TermInfo.from_bytes(raw)

    def postings(self, field: str, info) -> tuple:
        """The term's (segment docnums, term frequencies) in this segment, ascending."""
        if info.is_inlined():             # a term of one entry: its posting is in the term info
            ids, weights, _ = info.inlined_postings()
            return ids, weights
        offset, length = info.extent()
        m = W3LeafMatcher(self.reader._terms._postfile, offset, length, self.reader.schema[field].format)
        ids, tfs = array("I"), array("d")
        while m.is_active():
            m._read_ids()
            m._read_weights()
            ids.extend(m._ids)
            tfs.extend(map(float, m._weights))
            m._next_block()
        return ids, tfs

    def score_term(self, field: str, postings: tuple, c: float, table: list[float],
                   cands: set[int] | None, out: dict[int, float], local: list[int] | None) -> None:
        """Add the term's BM25 score to `out` for its entries in this segment (only
        for `cands`, global docnums, when given: `local` are those of this segment)."""
        off = self.offset
        if cands is not None and not local:
            return
        ids, tfs = postings
        norms = self.norms(field)
        get = out.get
        if cands is None:
            for d, tf in zip(ids, tfs):
                g = d + off
                out[g] = get(g, 0.0) + c * tf / (tf + table[norms[d]])
        elif len(local) * 8 < len(ids):      # a few candidates: look each up in the sorted ids
            n = len(ids)
            for d in local:
                i = bisect.bisect_left(ids, d)
                if i < n and ids[i] == d:
                    tf = tfs[i]
                    g = d + off
                    out[g] = get(g, 0.0) + c * tf / (tf + table[norms[d]])
        else:
            for d, tf in zip(ids, tfs):
                g = d + off
                if g in cands:
                    out[g] = get(g, 0.0) + c * tf / (tf + table[norms[d]])


class _FacetColumn:
    """A facet field's values by global docnum, counted as whoosh's grouping by
    `sorting.FieldFacet` counts them: a multi-valued field (F.CITED) counts every
    value of an entry, a single-valued one the entry's last value in term order.
    Reading the postings of every value once per searcher, instead of per query
    (whoosh rebuilt the multi-valued lists on every search: half the time of a
    facet count), leaves a count over the matching entries."""

    def __init__(self, values: list, multi: bool):
        self.values = values
        self.multi = multi

    @classmethod
    def read(cls, searcher: "_Searcher", field: str) -> "_FacetColumn":
        multi = field == F.CITED
        values: list = [() if multi else None] * searcher.searcher.doc_count_all()
        for leaf in searcher.leaves:
            reader, off = leaf.reader, leaf.offset
            from_bytes = reader.schema[field].from_bytes
            for btext in reader.lexicon(field):       # sorted: the last value wins, as in whoosh
                value = from_bytes(btext)
                for d in reader.postings(field, btext).all_ids():
                    values[off + d] = values[off + d] + (value,) if multi else value
        return cls(values, multi)

    def count(self, docs) -> dict[str, int]:
        got = map(self.values.__getitem__, docs)
        counts = Counter(chain.from_iterable(got)) if self.multi else Counter(got)
        counts.pop(None, None)
        return {str(v): n for v, n in counts.items()}


def _deleted_docs(reader):
    try:
        return reader._perdoc.deleted_docs()
    except AttributeError:
        return [d for d in range(reader.doc_count_all()) if reader.is_deleted(d)]

