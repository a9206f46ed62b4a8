"""Typed objects that go into the search index and come out of it.

The ingest pipeline (in `cancu/`) builds `IndexDocument`s from what `nlp` and
`kg` found; `search` never reaches back into them. Offsets always point into
`IndexDocument.text`, the original text as read from the file.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Passage:
    """A section, bullet or table row: `text[start:end]` of its document."""

    start: int
    end: int
    kind: str                      # "preamble" | "section" | "bullet" | "row"


@dataclass
class IndexDocument:
    """One document as the index sees it.

    `symbols` are the normalised symbols the document cites (59/2023/NĐ-CP),
    `instruments` the IRIs those citations resolved to, `stale` whether it cites
    something no longer in force. Passages left empty are split from the text.
    """

    doc_id: str
    path: str
    text: str
    title: str = ""
    passages: list[Passage] = field(default_factory=list)
    doc_type: str | None = None    # "Kế hoạch"
    issuer: str | None = None      # "Ủy ban nhân dân xã Kiến Thụy"
    province: str | None = None    # "Hải Phòng"
    year: int | None = None
    date: dt.date | None = None
    symbols: list[str] = field(default_factory=list)
    instruments: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    stale: bool = False
    # Filled by `cancu.search.prepare` in an ingest worker process, so the one process
    # that writes the index only writes: the index entries and the syllable counts
    # the diacritic restorer learns from (None: computed at indexing time).
    entries: list | None = None
    restore_counts: "RestoreCounts | None" = None


@dataclass
class RestoreCounts:
    """(folded, written) syllable and syllable-pair counts of one document."""

    unigrams: dict[tuple[str, str], int]
    bigrams: dict[tuple[str, str], int]


@dataclass(frozen=True)
class InstrumentHit:
    """An instrument named in a query, as the citation grammar finds it.

    `span` is (start, end) in the query string; `iri` may be None when the
    finder recognised the symbol but could not resolve it.
    """

    symbol: str | None
    iri: str | None
    span: tuple[int, int]


@dataclass
class ParsedQuery:
    """What a query string means, independent of any backend.

    `terms` and `phrases` hold NFC lower-case syllables as typed; `restored` is
    the diacritic-restored form of an accent-less query (None when the query
    had diacritics or the model knew nothing). `expansions` are alternative
    syllable sequences (abbreviations expanded either way), each searched as a
    phrase next to the words typed.
    """

    text: str
    terms: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    expansions: list[list[str]] = field(default_factory=list)
    accentless: bool = False
    restored: list[str] | None = None
    instruments: list[InstrumentHit] = field(default_factory=list)
    # Instruments the query's words name without a number ("dân chủ ở cơ sở" is in the
    # name of a law): offered as a choice, the words stay a topic.
    suggested: list[InstrumentHit] = field(default_factory=list)
    # Filters: every non-empty list must match (values within a list: any).
    types: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    cites: list[str] = field(default_factory=list)         # folded symbols or IRIs
    issuers: list[str] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)
    stale: bool | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.terms or self.phrases or self.instruments or self.has_filters)

    @property
    def has_filters(self) -> bool:
        return bool(self.types or self.years or self.cites or self.issuers
                    or self.provinces or self.stale is not None)


@dataclass(frozen=True)
class Highlight:
    """A matched word in a snippet: offsets into the document text."""

    start: int
    end: int


@dataclass
class SearchHit:
    """One document in the results, with its best passage and a snippet.

    `snippet_html` is HTML-escaped text with matched words in <mark>; the
    `highlights` give the same words as offsets into the original text.
    """

    doc_id: str
    path: str
    title: str
    start: int                     # best passage, offsets into the document
    end: int
    passage_kind: str
    score: float
    snippet: str
    snippet_html: str
    highlights: list[Highlight] = field(default_factory=list)


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int


@dataclass
class SearchResult:
    """Ranked hits, the number of matching documents and facet counts.

    `facets` maps a facet name ("type", "year", "issuer", "instrument") to its
    values, most frequent first; it is empty unless facets were asked for.
    """

    query: ParsedQuery
    hits: list[SearchHit]
    total: int
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)
