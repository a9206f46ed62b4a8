"""The search flow shared by the backends.

1. Rank documents by their "doc" entries (whole text, title boost, metadata).
2. For those documents, find the best-scoring passage for the snippet.
3. Optionally count facets over all matching documents.
A backend only has to run a compiled tree (`Engine.run`) and count facets.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Protocol

from cancu.nlp.text.fold import fold
from cancu.search import fields as F
from cancu.search import plan
from cancu.search.analysis import syllables

from cancu.search.model import FacetCount, ParsedQuery, SearchHit, SearchResult
from cancu.search.snippet import Marker, match_keys

# Passages fetched per document in one go before falling back to one query
# per document whose best passage was not among them.
_PASSAGES_PER_DOC = 12


@dataclass
class RawHit:
    """A ranked entry. Its stored fields are decoded on first use: of the
    passages fetched for snippets, only the best one per document is read.
    `span` (start, end) when the backend read it apart from the stored fields."""
    score: float
    doc_id: str
    load: Callable[[], dict] = field(repr=False)
    _stored: dict | None = field(default=None, repr=False)
    span: tuple[int, int] | None = None

    @classmethod
    def of(cls, score: float, stored: dict) -> "RawHit":
        return cls(score, stored[F.DOC_ID], lambda: stored, stored)

    @property
    def stored(self) -> dict:
        if self._stored is None:
            self._stored = self.load()
        return self._stored

    def bounds(self) -> tuple[int, int]:
        """The entry's (start, end) in its document's text."""
        if self.span is None:
            self.span = (int(self.stored[F.START]), int(self.stored[F.END]))
        return self.span


class Engine(Protocol):
    def run(self, tree: plan.Node, limit: int) -> tuple[list[RawHit], int]: ...
    def facet_counts(self, tree: plan.Node, values: int | None = None) -> dict[str, list[FacetCount]]: ...


def execute(engine: Engine, q: ParsedQuery, limit: int, facets: bool,
            facet_values: int | None = None) -> SearchResult:
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    doc_tree = plan.build(q, "doc")
    docs, total = engine.run(doc_tree, limit)
    ids = [h.doc_id for h in docs]
    marker = Marker(match_keys(_highlight_words(q)))
    candidates: dict[str, list[RawHit]] = {}
    if ids:
        passages, _ = engine.run(plan.build(q, "passage", ids), _PASSAGES_PER_DOC * len(ids))
        for p in passages:
            candidates.setdefault(p.doc_id, []).append(p)
        for doc_id in ids:
            if doc_id not in candidates:
                found, _ = engine.run(plan.build(q, "passage", [doc_id]), _PASSAGES_PER_DOC)
                if found:
                    candidates[doc_id] = found
    whole_text = {d.doc_id: d.stored[F.TEXT] for d in docs}
    best = {doc_id: _best_passage(found, whole_text[doc_id], marker)
            for doc_id, found in candidates.items()}
    hits = []
    for d in docs:
        doc_id = d.doc_id
        # A document matched through its metadata alone has no scoring passage:
        # show its opening.
        source = best.get(doc_id, d)
        start, end = source.bounds()
        whole = d.stored[F.TEXT]         # passages store offsets only
        text = whole[:600] if source is d else whole[start:end]
        plain, marked, highlights = marker.snippet(text, start)
        hits.append(SearchHit(
            doc_id=doc_id, path=d.stored[F.PATH], title=d.stored.get(F.TITLE) or "",
            start=start, end=start + len(text) if source is d else end,
            passage_kind=source.stored[F.PASSAGE_KIND], score=float(d.score),
            snippet=plain, snippet_html=marked, highlights=highlights))
    counts = engine.facet_counts(doc_tree, facet_values) if facets else {}
    return SearchResult(query=q, hits=hits, total=total, facets=counts)


def _best_passage(found: list[RawHit], text: str, marker: Marker) -> RawHit:
    """The passage that shows most of what was asked: the most distinct query words,
    then the most of them side by side, then the index's score. A short header line
    ("Số: /KH-UBND …, ngày tháng 01 năm 2025") scores high on one common word but
    shows none of the others."""
    if len(found) == 1:
        return found[0]
    # The same order as sorting by (distinct, pairs, rank), cheaper: adjacent
    # pairs are counted only for the passages tied on the most distinct words.
    shown = [text[a:b] for a, b in (p.bounds() for p in found)]
    distinct = [marker.distinct(t) for t in shown]
    most = max(distinct)
    tied = [i for i, n in enumerate(distinct) if n == most]
    if len(tied) == 1:
        return found[tied[0]]
    return found[max(tied, key=lambda i: (marker.pairs(shown[i]), -i))]


def _highlight_words(q: ParsedQuery) -> list[str]:
    # Function words are marked inside phrases but not when typed alone.
    words = [w for w in q.terms if fold(w) not in _NOT_MARKED]
    words += [w for p in q.phrases for w in p]
    words += [w for alt in q.expansions for w in alt]
    words += [w for w in q.restored or [] if fold(w) not in _NOT_MARKED]
    for hit in q.instruments:
        if hit.symbol:
            words += [fold(s) for s in syllables(hit.symbol)]
    return words


_NOT_MARKED = {"va", "cua", "cac", "o", "ve", "tai", "theo", "so", "nam", "ngay", "trong",
               "voi", "cho", "la", "co", "nhung", "duoc"}


def sort_facets(counts: dict[str, int]) -> list[FacetCount]:
    return [FacetCount(v, n) for v, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]



