"""A backend-neutral query tree built from a `ParsedQuery`.

Both backends compile the same tree, so ranking logic (which fields, which
boosts, what is required) lives here once. Quoted phrases are matched as
"all bigrams of the phrase present", which needs no positions in the index
and behaves the same in whoosh and tantivy.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from cancu.nlp.text.fold import fold
from cancu.search import fields as F
from cancu.search.analysis import bigrams, symbol_key
from cancu.search.entries import symbol_variants
from cancu.search.model import ParsedQuery

# Boosts. Titles and cited symbols weigh most (a plan's title says what it is
# about); bigrams above single syllables (they carry the word order, which is
# most of the meaning of Vietnamese compounds); accented matches slightly above
# folded ones when the user typed accents.
W_WORD, W_BIGRAM = 1.0, 1.6
W_FOLDED_OF_ACCENTED = 0.6
W_TITLE = 2.0
W_RESTORED = 0.5
W_EXPANSION = 0.8
W_AGENCY = 0.5
W_ISSUER = 1.0
W_INSTRUMENT = 12.0


@dataclass(frozen=True)
class Term:
    field: str
    value: str
    boost: float = 1.0


@dataclass(frozen=True)
class Bool:
    """must: all match; should: scored, and at least one must match when
    there is no `must`; must_not: none match. `words`: the OR of the query's
    words, from which `prune_common` may drop the commonest."""

    must: tuple["Node", ...] = ()
    should: tuple["Node", ...] = ()
    must_not: tuple["Node", ...] = ()
    boost: float = 1.0
    words: bool = False


@dataclass(frozen=True)
class MatchAll:
    pass


Node = Term | Bool | MatchAll


def build(q: ParsedQuery, kind: str, doc_ids: list[str] | None = None) -> Node:
    """The tree for entries of `kind` ("doc" or "passage"), optionally only
    for some documents."""
    scoring = list(_text_clauses(q)) + [_instrument_clause(q, h) for h in q.instruments]
    must: list[Node] = [Term(F.KIND, kind)] + _filters(q)
    must += [_phrase(p, q.accentless) for p in q.phrases]
    if doc_ids is not None:
        must.append(Bool(should=tuple(Term(F.DOC_ID, d) for d in doc_ids)))
    if scoring:
        must.append(Bool(should=tuple(scoring), words=True))
    return Bool(must=tuple(must))


# A term found in more than this share of the entries scores almost nothing
# (BM25's idf, ln(1 + (N - df + 0.5) / (df + 0.5)), is 0.1 at 90 %) and is the
# most expensive to read: the words of "thực hiện dân chủ ở cơ sở" were in
# 96-100 % of 100k synthetic plans, 3.6M postings, 28 ms in tantivy alone.
# Such terms are left out of the words' OR, as stop words are; when every word
# is that common, the rarest few clauses stay so the query still ranks.
COMMON_SHARE = 0.9
KEEP_WHEN_ALL_COMMON = 8
# Below this many entries reading every posting costs little, and shares say
# little: small indexes are searched with every word.
PRUNE_FROM_ENTRIES = 1000


def prune_common(tree: Node, doc_freq: Callable[[str, str], int], entries: int) -> Node:
    """`tree` without the word clauses (`Bool.words`) whose term is in more than
    COMMON_SHARE of `entries`, nor those whose term is in none: such a clause matches and
    scores nothing, and each still costs a look-up in every segment (a passage's entry has
    no title: half the clauses of the passages' tree, 0.2 of its 1.5 ms at 10k documents).
    Filters, phrases and instruments are untouched."""
    if entries < PRUNE_FROM_ENTRIES or not isinstance(tree, Bool):
        return tree
    if tree.words:
        freq = {n: doc_freq(n.field, n.value) for n in tree.should if isinstance(n, Term)}
        left_out = {n for n, df in freq.items() if df > COMMON_SHARE * entries or df == 0}
        if not left_out:
            return tree
        kept = tuple(n for n in tree.should if n not in left_out)
        if not kept:                                        # nothing left that occurs
            present = sorted((n for n, df in freq.items() if df > 0), key=freq.get)
            kept = tuple(present[:KEEP_WHEN_ALL_COMMON])
        # No word occurs at all: the tree as it is matches nothing (an empty OR would match all).
        return replace(tree, should=kept) if kept else tree
    return replace(tree, must=tuple(prune_common(n, doc_freq, entries) for n in tree.must))


def _text_clauses(q: ParsedQuery):
    if not q.terms:
        return
    if q.accentless:
        folded = [fold(t) for t in q.terms]
        yield from _terms(folded, F.FOLDED, F.FOLDED_BIGRAMS, F.TITLE_FOLDED, 1.0)
        if q.restored:
            yield from _terms(q.restored, F.WORDS, F.BIGRAMS, F.TITLE_TERMS, W_RESTORED)
    else:
        yield from _terms(q.terms, F.WORDS, F.BIGRAMS, F.TITLE_TERMS, 1.0)
        yield from _terms([fold(t) for t in q.terms], F.FOLDED, F.FOLDED_BIGRAMS,
                          F.TITLE_FOLDED, W_FOLDED_OF_ACCENTED)
    for alt in q.expansions:
        yield _phrase(alt, True, W_EXPANSION)
    folded = [fold(t) for t in q.terms]
    # People look plans up by who issued them ("ubnd xa kien thuy").
    for t in folded:
        yield Term(F.ISSUER_TEXT, t, W_ISSUER)
        yield Term(F.AGENCIES, t, W_AGENCY)
    for b in bigrams(folded):
        yield Term(F.ISSUER_TEXT, b, W_ISSUER * W_BIGRAM)
        yield Term(F.AGENCIES, b, W_AGENCY * W_BIGRAM)


def _terms(words: list[str], word_field: str, bigram_field: str, title_field: str,
           weight: float):
    for w in words:
        yield Term(word_field, w, W_WORD * weight)
        yield Term(title_field, w, W_TITLE * W_WORD * weight)
    for b in bigrams(words):
        yield Term(bigram_field, b, W_BIGRAM * weight)
        yield Term(title_field, b, W_TITLE * W_BIGRAM * weight)


def _phrase(words: list[str], folded: bool, boost: float = 1.0) -> Node:
    if folded:
        words = [fold(w) for w in words]
    word_field, bigram_field = (F.FOLDED, F.FOLDED_BIGRAMS) if folded else (F.WORDS, F.BIGRAMS)
    if len(words) == 1:
        return Term(word_field, words[0], boost)
    return Bool(must=tuple(Term(bigram_field, b) for b in bigrams(words)), boost=boost)


def _instrument_clause(q: ParsedQuery, hit) -> Node:
    should: list[Node] = []
    if hit.symbol:
        should += [Term(F.LOCAL_SYMBOLS, k) for k in symbol_variants(hit.symbol)]
        should += [Term(F.SYMBOLS, k, 0.5) for k in symbol_variants(hit.symbol)]
    if hit.iri:
        should.append(Term(F.INSTRUMENTS, hit.iri))
    return Bool(should=tuple(should), boost=W_INSTRUMENT)


def _filters(q: ParsedQuery) -> list[Node]:
    out: list[Node] = []

    def any_of(field: str, values) -> None:
        out.append(Bool(should=tuple(Term(field, v) for v in values)))

    if q.types:
        any_of(F.TYPE_KEY, q.types)
    if q.years:
        any_of(F.YEAR, [str(y) for y in q.years])
    if q.provinces:
        any_of(F.PROVINCE_KEY, q.provinces)
    if q.cites:
        out.append(Bool(should=tuple(
            Term(F.INSTRUMENTS, c) if "://" in c else Term(F.SYMBOLS, symbol_key(c))
            for c in q.cites)))
    if q.stale is not None:
        out.append(Term(F.STALE, "yes" if q.stale else "no"))
    for issuer in q.issuers:
        out.append(_issuer_clause(issuer))
    return out


def _issuer_clause(issuer: str) -> Node:
    """All words of the issuer, each abbreviation also as its expansion."""
    from cancu.search.abbreviations import default_abbreviations
    from cancu.search.analysis import syllables

    words = [fold(s) for s in syllables(issuer)]
    abbr = default_abbreviations()
    must: list[Node] = []
    for w in words:
        alts = [a for a in abbr.expansions([w])]
        if alts:
            must.append(Bool(should=(Term(F.ISSUER_TEXT, w),) + tuple(
                Bool(must=tuple(Term(F.ISSUER_TEXT, x) for x in alt)) for alt in alts)))
        else:
            must.append(Term(F.ISSUER_TEXT, w))
    return Bool(must=tuple(must))


def split_kind(tree: Node) -> tuple[str | None, Node]:
    """The entry kind a tree built by `build` asks for, and the tree without
    that term: backends keep one index per kind, so the kind is where to look,
    not a clause to intersect (ranking documents never reads passage postings)."""
    if isinstance(tree, Bool):
        kinds = [n for n in tree.must if isinstance(n, Term) and n.field == F.KIND]
        if kinds:
            rest = tuple(n for n in tree.must if n not in kinds)
            if not rest and not tree.should:
                rest = (MatchAll(),)
            return kinds[0].value, replace(tree, must=rest)
    return None, tree
