"""What the web app receives. The read models of kg and search are named here
(imported for type checking only: loading them would load the store's libraries
into a module that only describes), and the contract adds its own views where no
read model fits (who cites X, an upload's outcome, a SPARQL answer) and the
limits a caller passes. The contract's views are frozen: a page reads them, never
changes them."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cancu.kg.queries.documents import DocumentMeta, FindingRow
    from cancu.kg.registry.lookup import CatalogueMatch
    from cancu.kg.queries.named import CitationRow
    from cancu.kg.queries.reports import DocumentView, InstrumentReport
    from cancu.kg.views import ChainResult, ObligationRow, ObligationSummary
    from cancu.search.model import SearchResult


@dataclass(frozen=True)
class CitesAnswer:
    """Who cites the instrument a text names: the candidates it may name and, when
    one stands out, the citations of it (a lazy list: len() and slices read only
    what they need)."""
    query: str
    candidates: Sequence[CatalogueMatch] = ()
    rows: Sequence[CitationRow] = ()

    @property
    def ambiguous(self) -> bool:
        return len({c.entry.iri for c in self.candidates}) > 1 and \
            self.candidates[0].score == self.candidates[1].score


@dataclass(frozen=True)
class UploadOutcome:
    document: str             # the id the file is stored under
    status: str               # added | replaced | unchanged | failed
    error: str | None = None  # for "failed": what to tell the person
    mentions: int = 0
    obligations: int = 0
    findings: int = 0


@dataclass(frozen=True)
class SparqlLimits:
    """How much one user query may take (the app config's SPARQL_* values)."""
    timeout_s: float
    max_rows: int                   # rows of one answer at most (a query's own LIMIT included)
    max_bytes: int = 64 << 20       # term text in one answer
    page_rows: int = 1000           # a SELECT without LIMIT: rows per page (kg/sparql/page.py)
    processes: int = 4              # query processes, when the first query starts them
    memory_mb: int = 1024           # heap of one query process
    queue_s: float = 5.0            # wait for a free process before Busy


@dataclass(frozen=True)
class SparqlTerm:
    """One RDF term for a page: kind is uri | bnode | literal | triple; `text` its
    N-Triples form."""
    kind: str
    value: str
    text: str


@dataclass(frozen=True)
class SparqlResult:
    """A user query's answer. With a format (a key of cancu.contract.vocab's
    SPARQL_SELECT_FORMATS or SPARQL_GRAPH_FORMATS), `body` holds it written in that
    format and `media_type` names it; for a page (format "html"), `rows` (SELECT),
    `boolean` (ASK) or `triples` (CONSTRUCT, DESCRIBE) hold it as terms."""
    form: str                                   # SELECT | ASK | CONSTRUCT | DESCRIBE
    truncated: bool = False                     # cut at the row or byte cap
    variables: tuple[str, ...] = ()
    rows: tuple[Mapping[str, SparqlTerm], ...] = ()
    boolean: bool | None = None
    triples: tuple[tuple[SparqlTerm, SparqlTerm, SparqlTerm], ...] = ()
    body: bytes = b""
    media_type: str = ""
    row_count: int = field(default=0)           # rows or triples in the answer, whatever the format
    # A SELECT without LIMIT comes a page at a time: the offset of the next page when there
    # is one, and the rows this answer could carry at most (the page's, or the row cap).
    next_offset: int | None = None
    row_limit: int | None = None
