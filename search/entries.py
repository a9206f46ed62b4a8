"""Turning an `IndexDocument` into the flat entries both backends store."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from cancu.nlp.text.fold import fold, fold_key
from cancu.search import fields as F
from cancu.search.analysis import analyse, bigrams, fold_syllable, phrase_runs, symbol_key
from cancu.search.model import IndexDocument, Passage
from cancu.search.passages import split_passages

_YEAR_SEGMENT = re.compile(r"^(\d+)/(\d{4})/(.+)$")


@dataclass
class Entry:
    """One index entry: text fields as space-joined terms, keywords as lists."""

    stored: dict[str, str | int]
    text: dict[str, str]
    keywords: dict[str, list[str]] = field(default_factory=dict)
    facets: dict[str, list[str]] = field(default_factory=dict)


def type_key(value: str) -> str:
    return fold_key(value).replace(" ", "_")


def symbol_variants(symbol: str) -> list[str]:
    """Folded keys a symbol is found by: '59/2023/NĐ-CP' also as '59/nd-cp',
    the way plans abbreviate it after the first citation."""
    key = symbol_key(symbol)
    out = [key]
    m = _YEAR_SEGMENT.match(key)
    if m:
        out.append(f"{m.group(1)}/{m.group(3)}")
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))


def _folded_terms(text: str) -> str:
    runs = [list(map(fold_syllable, run)) for run in phrase_runs(text)]
    return " ".join([w for run in runs for w in run] + [b for run in runs for b in bigrams(run)])


def entries_of(docs: Iterable[IndexDocument], segmenter: str = "bigram") -> Iterator[Entry]:
    """Every entry of the documents, in order: the ones made for a document ahead of time
    (IndexDocument.entries), else made here. What every backend's `add` writes."""
    for doc in docs:
        yield from (doc.entries if doc.entries is not None else document_entries(doc, segmenter))


def document_entries(doc: IndexDocument, segmenter: str = "bigram") -> list[Entry]:
    if not doc.doc_id:
        raise ValueError(f"document {doc.path!r} has no doc_id")
    passages = doc.passages or split_passages(doc.text)
    symbol_keys = sorted({v for s in doc.symbols for v in symbol_variants(s)})
    keywords = {
        F.DOC_ID: [doc.doc_id],
        F.SYMBOLS: symbol_keys,
        F.INSTRUMENTS: sorted(set(doc.instruments)),
        F.TYPE_KEY: [type_key(doc.doc_type)] if doc.doc_type else [],
        F.PROVINCE_KEY: [type_key(doc.province)] if doc.province else [],
        F.YEAR: [str(doc.year)] if doc.year else [],
        F.DATE: [doc.date.isoformat()] if doc.date else [],
        F.STALE: ["yes" if doc.stale else "no"],
    }
    shared_text = {
        F.AGENCIES: " ".join(_folded_terms(a) for a in doc.agencies),
        # Unigrams (for the coquan: filter) and bigrams (for ranking by issuer).
        F.ISSUER_TEXT: _folded_terms(doc.issuer or ""),
    }
    title_runs = phrase_runs(doc.title)
    title_words = [w for run in title_runs for w in run]
    title_terms = title_words + [b for run in title_runs for b in bigrams(run)]

    def entry(kind: str, start: int, end: int, passage_kind: str, text: str) -> Entry:
        a = analyse(text, segmenter)
        stored = {F.UID: f"{doc.doc_id}\x1f{kind}\x1f{start}", F.DOC_ID: doc.doc_id,
                  F.KIND: kind, F.START: start, F.END: end, F.PASSAGE_KIND: passage_kind}
        if kind == "doc":
            # A passage's text is cut from its document's when shown: storing
            # it again doubled the stored data and the time to write it.
            stored.update({F.PATH: doc.path, F.TITLE: doc.title, F.TEXT: text})
        texts = {F.WORDS: a.words, F.BIGRAMS: a.bigrams, F.FOLDED: a.folded,
                 F.FOLDED_BIGRAMS: a.folded_bigrams, **shared_text}
        kw = dict(keywords)
        kw[F.KIND] = [kind]
        if kind != "doc":          # a document holds all its symbols (set below)
            squashed = _squash(text)
            kw[F.LOCAL_SYMBOLS] = [k for k in symbol_keys if k in squashed]
        return Entry(stored, texts, kw)

    whole = entry("doc", 0, len(doc.text), "document", doc.text)
    whole.text[F.TITLE_TERMS] = " ".join(title_terms)
    whole.text[F.TITLE_FOLDED] = fold(" ".join(title_terms))
    whole.keywords[F.LOCAL_SYMBOLS] = symbol_keys
    whole.facets = {F.TYPE: [doc.doc_type] if doc.doc_type else [],
                    F.YEAR: [str(doc.year)] if doc.year else [],
                    F.ISSUER: [doc.issuer] if doc.issuer else [],
                    F.CITED: sorted(set(doc.symbols))}
    out = [whole]
    for p in passages:
        _check_passage(doc, p)
        out.append(entry("passage", p.start, p.end, p.kind, doc.text[p.start:p.end]))
    return out


def _check_passage(doc: IndexDocument, p: Passage) -> None:
    if not (0 <= p.start < p.end <= len(doc.text)):
        raise ValueError(f"document {doc.doc_id!r}: passage {p.start}–{p.end} lies outside "
                         f"its text of {len(doc.text)} characters")
