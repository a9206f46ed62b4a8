"""What the web app may ask of the services: every method a page, the JSON API,
the SPARQL endpoint or the upload calls, with the views each returns and the
errors (cancu.contract.errors) each may raise. cancu.services.Services is the one
implementation; tests/test_contract.py holds it to this, and a test may hand
the app any object that answers what its pages ask."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from cancu.contract.views import CitesAnswer, SparqlLimits, SparqlResult, UploadOutcome

if TYPE_CHECKING:
    from cancu.contract.views import (CatalogueMatch, ChainResult, DocumentMeta, DocumentView, FindingRow, InstrumentReport,
                                      ObligationRow, ObligationSummary, SearchResult)


class Services(Protocol):
    # The largest file an upload may send (nlp/readers/limits.py), so an upload and
    # `cancu ingest` refuse the same files.
    max_upload_bytes: int

    # ------------------------------------------------------------------ the data's version
    def checkpoint_id(self) -> str:
        """Names the data the answers come from: the same string while the answers stay the
        same (a published checkpoint), another once they may differ. Raises NoData before
        the first ingest."""
        ...

    # ------------------------------------------------------------------ documents
    def stats(self) -> dict[str, int]:
        """Counts of documents, mentions, instruments cited and triples."""
        ...

    def document_list(self) -> list[DocumentMeta]:
        """Every document with the metadata lists and filters show, by id."""
        ...

    def document(self, doc_id: str) -> DocumentView:
        """Raises NotFound when the workspace has no document of that name."""
        ...

    def document_text(self, doc_id: str) -> str | None:
        ...

    def search(self, query: str, *, limit: int = 10, facets: bool = False,
               facet_values: int | None = None) -> SearchResult:
        """Raises BadQuery when the query does not parse. `facet_values`: the most values
        counted per facet (None: every value, up to the index's cap)."""
        ...

    # ------------------------------------------------------------------ instruments
    def find_instruments(self, text: str) -> list[CatalogueMatch]:
        ...

    def instrument(self, text_or_iri: str) -> InstrumentReport:
        """The instrument a text names best (or an IRI names). Raises NotFound when nothing
        matches, Ambiguous (a NotFound carrying the candidates) when several match equally
        well, BadQuery for an IRI that is not one."""
        ...

    def cites(self, text: str) -> CitesAnswer:
        ...

    def chain(self, text_or_iri: str, direction: str = "both", *,
              plans_per_node: int | None = None, duties: bool = True) -> ChainResult:
        """The chain through an instrument, document, task or agency. `direction` is one of
        cancu.contract.vocab.CHAIN_DIRECTIONS. `plans_per_node`: at most that many plans under
        any one node (the rest counted in `ChainResult.more`); None: all. `duties=False`: the
        tasks reached are not followed to their lead agencies and reporting lines. Raises NotFound and
        Ambiguous as `instrument` does, BadQuery for another direction and for an IRI that is
        not one."""
        ...

    # ------------------------------------------------------------------ audit and obligations
    def audit(self, documents: list[str] | None = None) -> list[FindingRow]:
        ...

    def finding_places(self, findings: list[FindingRow] | None = None) -> dict[tuple[str, int], tuple[int, str]]:
        """(document id, start) → (line from 1, the finding's words with some text of their
        line around them) for every finding with a position. `findings`: what `audit()` gave,
        when the caller has it (a workspace without the findings index then reads them once)."""
        ...

    def obligations(self, agency: str | None = None, document: str | None = None,
                    due_before: dt.date | None = None) -> list[ObligationRow]:
        ...

    def obligations_by_iri(self, iris: Iterable[str]) -> list[ObligationRow]:
        """The obligations of these IRIs the workspace holds, in list order."""
        ...

    def obligation_summary(self) -> ObligationSummary:
        ...

    def calendar(self, agency: str | None = None, document: str | None = None,
                 due_before: dt.date | None = None) -> str:
        ...

    # ------------------------------------------------------------------ exports
    def obligations_csv(self, rows: list[ObligationRow], lang: str = "vi") -> str:
        ...

    def obligations_xlsx(self, rows: list[ObligationRow], lang: str = "vi") -> bytes:
        ...

    def table_csv(self, header: list[str], rows: list[list]) -> str:
        ...

    def table_xlsx(self, header: list[str], rows: list[list], sheet: str = "Sheet1",
                   widths: list[int | None] | None = None) -> bytes:
        ...

    # ------------------------------------------------------------------ writes and SPARQL
    def ingest_upload(self, filename: str, data: bytes) -> UploadOutcome:
        """Reads the file first, so a bad file changes nothing (status "failed"); raises
        Busy when another write holds the workspace past the services' wait."""
        ...

    def sparql(self, query: str, *, format: str, limits: SparqlLimits, offset: int = 0) -> SparqlResult:
        """A user's read-only query; a SELECT without LIMIT answered from row `offset`, a page
        of `limits.page_rows` rows. Raises BadQuery (syntax, update, service, an offset for a
        query with its own LIMIT), Busy, TimedOut or TooLarge."""
        ...
