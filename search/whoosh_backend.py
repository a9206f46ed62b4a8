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

import heapq
import math
import threading
from collections import Counter
from pathlib import Path

from whoosh import fields as wf
from whoosh import index as windex
from whoosh import query as wq
from whoosh import sorting
from whoosh.analysis import RegexTokenizer, SpaceSeparatedTokenizer
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte

from cancu.search import fields as F
from cancu.search import plan
from cancu.search.entries import entries_of
from cancu.search.execute import RawHit, execute, sort_facets
from cancu.search.model import FacetCount, IndexDocument, ParsedQuery, SearchResult

_MULTI_SEP = "\x1f"          # separates the values of a multi-valued facet field
_KINDS = ("doc", "passage")
_K1, _B = 1.2, 0.75


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
        # (UnpicklingError under 20 concurrent web clients). The work is pure
        # Python and holds the GIL anyway, so one reader at a time costs little.
        self._reading = threading.Lock()

    # -- writing ---------------------------------------------------------------
    def _w(self, kind: str):
        if kind not in self._writers:
            self._writers[kind] = self._ix[kind].writer(limitmb=256, codec=_Codec())
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

    def search(self, query: ParsedQuery, limit: int, facets: bool) -> SearchResult:
        with self._reading:
            return execute(self, query, limit, facets)

    def run(self, tree: plan.Node, limit: int) -> tuple[list[RawHit], int]:
        s, tree = self._route(tree)
        scores = s.evaluate(tree)
        top = heapq.nlargest(limit, scores.items(), key=lambda kv: (kv[1], -kv[0]))
        stored = s.searcher.stored_fields
        return [RawHit.of(score, stored(docnum)) for docnum, score in top], len(scores)

    def facet_counts(self, tree: plan.Node) -> dict[str, list[FacetCount]]:
        s, tree = self._route(tree)
        docset = set(s.evaluate(tree))
        groups = {name: sorting.FieldFacet(field, allow_overlap=field == F.CITED)
                  for name, field in F.FACET_FIELDS.items()}
        results = s.searcher.search(wq.Every(), filter=docset, limit=None, groupedby=groups,
                                    maptype=sorting.Count)
        return {name: sort_facets({str(k): n for k, n in results.groups(name).items()
                                   if k is not None})
                for name in groups}

    def _route(self, tree: plan.Node) -> tuple["_Searcher", plan.Node]:
        """The searcher of the entry kind the tree asks for, and the tree
        without that kind term and without its commonest words."""
        kind, tree = plan.split_kind(tree)
        s = self._searchers[kind or "doc"]
        return s, plan.prune_common(tree, s.searcher.doc_frequency, s.searcher.doc_count())

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

    def refresh(self) -> "_Searcher":
        fresh = self.searcher.refresh()
        return self if fresh is self.searcher else _Searcher(fresh)

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
                c = self.searcher.doc_frequency(node.field, node.value)
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
        df = self.searcher.doc_frequency(node.field, node.value)
        if not df:
            return out
        idf = math.log(1 + (self.n - df + 0.5) / (df + 0.5))
        c = node.boost * idf * (_K1 + 1)
        table = self._norm_table(node.field)
        for leaf in self.leaves:
            leaf.score_term(node.field, node.value, c, table, cands, out)
        return out

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

    def score_term(self, field: str, value: str, c: float, table: list[float],
                   cands: set[int] | None, out: dict[int, float]) -> None:
        reader, off = self.reader, self.offset
        if cands is not None:
            local = sorted(d - off for d in cands if off <= d < off + self.size)
            if not local:
                return
        try:
            if (field, value) not in reader:
                return
            m = reader._terms.matcher(field, reader._text_to_bytes(field, value),
                                      reader.schema[field].format)
        except AttributeError:
            m = None
        norms = self.norms(field)
        if m is None or not hasattr(m, "_read_ids"):
            self._score_generic(field, value, c, table, cands, out, norms)
            return
        get = out.get
        if cands is None:
            while m.is_active():
                m._read_ids()
                m._read_weights()
                for d, tf in zip(m._ids, m._weights):
                    g = d + off
                    out[g] = get(g, 0.0) + c * tf / (tf + table[norms[d]])
                m._next_block()
            return
        i = 0
        while m.is_active() and i < len(local):
            if m._maxid < local[i]:            # no candidate in this block: skip it unread
                m._next_block()
                continue
            m._read_ids()
            m._read_weights()
            for d, tf in zip(m._ids, m._weights):
                g = d + off
                if g in cands:
                    out[g] = get(g, 0.0) + c * tf / (tf + table[norms[d]])
            while i < len(local) and local[i] <= m._maxid:
                i += 1
            m._next_block()

    def _score_generic(self, field, value, c, table, cands, out, norms) -> None:
        m = self.reader.postings(field, value)
        while m.is_active():
            g = m.id() + self.offset
            if cands is None or g in cands:
                tf = m.weight()
                out[g] = out.get(g, 0.0) + c * tf / (tf + table[norms[m.id()]])
            m.next()


def _deleted_docs(reader):
    try:
        return reader._perdoc.deleted_docs()
    except AttributeError:
        return [d for d in range(reader.doc_count_all()) if reader.is_deleted(d)]

