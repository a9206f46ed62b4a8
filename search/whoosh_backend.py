"""The embedded default backend: whoosh, pure Python, one directory on disk."""
from __future__ import annotations

from pathlib import Path

from whoosh import fields as wf
from whoosh import index as windex
from whoosh import query as wq
from whoosh import sorting
from whoosh.analysis import RegexTokenizer, SpaceSeparatedTokenizer

from search import fields as F
from search import plan
from search.entries import document_entries
from search.execute import RawHit, execute, sort_facets
from search.model import FacetCount, IndexDocument, ParsedQuery, SearchResult

_MULTI_SEP = "\x1f"          # separates the values of a multi-valued facet field


def _schema() -> wf.Schema:
    terms = SpaceSeparatedTokenizer()      # terms are pre-analysed; split on spaces only
    s = wf.Schema()
    s.add(F.UID, wf.ID(stored=True, unique=True))
    s.add(F.DOC_ID, wf.ID(stored=True))
    s.add(F.KIND, wf.ID(stored=True))
    for name in (F.PATH, F.TITLE, F.TEXT, F.START, F.END, F.PASSAGE_KIND):
        s.add(name, wf.STORED())
    for name in F.TEXT_FIELDS:
        s.add(name, wf.TEXT(analyzer=terms, phrase=False))
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
            self._ix = windex.open_dir(str(self.path))
        else:
            self._ix = windex.create_in(str(self.path), _schema())
        self._writer = None
        self._searcher = self._ix.searcher()

    # -- writing ---------------------------------------------------------------
    def _w(self):
        if self._writer is None:
            self._writer = self._ix.writer(limitmb=256)
        return self._writer

    def add(self, docs: list[IndexDocument]) -> None:
        w = self._w()
        for doc in docs:
            for e in document_entries(doc, self.segmenter):
                fields: dict = dict(e.stored)
                fields.update({k: v for k, v in e.text.items() if v})
                fields.update({k: " ".join(v) for k, v in e.keywords.items()
                               if v and k not in (F.KIND, F.DOC_ID)})
                fields.update({k: _MULTI_SEP.join(v) for k, v in e.facets.items() if v})
                w.add_document(**fields)

    def delete(self, doc_id: str) -> None:
        self._w().delete_by_term(F.DOC_ID, doc_id)

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._writer = None
        self._searcher = self._searcher.refresh()

    # -- reading ---------------------------------------------------------------
    def search(self, query: ParsedQuery, limit: int, facets: bool) -> SearchResult:
        return execute(self, query, limit, facets)

    def run(self, tree: plan.Node, limit: int) -> tuple[list[RawHit], int]:
        results = self._searcher.search(_compile(tree), limit=limit)
        hits = [RawHit(r.score or 0.0, dict(r.fields())) for r in results]
        return hits, len(results)

    def facet_counts(self, tree: plan.Node) -> dict[str, list[FacetCount]]:
        groups = {name: sorting.FieldFacet(field, allow_overlap=field == F.CITED)
                  for name, field in F.FACET_FIELDS.items()}
        results = self._searcher.search(_compile(tree), limit=None, groupedby=groups,
                                        maptype=sorting.Count)
        return {name: sort_facets({str(k): n for k, n in results.groups(name).items()
                                   if k is not None})
                for name in groups}

    def count(self) -> int:
        return len(self._searcher.search(wq.Term(F.KIND, "doc"), limit=1))

    def stored_text(self, doc_id: str) -> str | None:
        found = self._searcher.document(**{F.UID: f"{doc_id}\x1fdoc\x1f0"})
        return found[F.TEXT] if found else None

    def close(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
            self._writer = None
        self._searcher.close()
        self._ix.close()


def _compile(node: plan.Node) -> wq.Query:
    if isinstance(node, plan.Term):
        return wq.Term(node.field, node.value, boost=node.boost)
    if isinstance(node, plan.MatchAll):
        return wq.Every()
    must = [_compile(n) for n in node.must]
    should = [_compile(n) for n in node.should]
    if must and should:
        q: wq.Query = wq.AndMaybe(wq.And(must), wq.Or(should))
    elif must:
        q = wq.And(must)
    elif should:
        q = wq.Or(should)
    else:
        q = wq.Every()
    if node.must_not:
        q = wq.AndNot(q, wq.Or([_compile(n) for n in node.must_not]))
    if node.boost != 1.0:
        q = _Boosted(q, node.boost)
    return q


def _Boosted(q: wq.Query, boost: float) -> wq.Query:
    # whoosh compound queries take their boost as an attribute.
    q.boost = boost
    return q
