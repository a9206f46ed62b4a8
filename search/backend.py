"""The small interface every index backend implements.

`SearchIndex` (search/index.py) owns the backend and adds what is common:
query parsing, diacritic restoration, replacing a re-indexed document.
"""
from __future__ import annotations

from typing import Protocol

from cancu.search.model import IndexDocument, ParsedQuery, SearchResult


class SearchBackend(Protocol):
    def add(self, docs: list[IndexDocument]) -> None:
        """Add documents (their doc and passage entries); visible after commit()."""

    def delete(self, doc_id: str) -> None:
        """Delete every entry of a document; visible after commit()."""

    def commit(self) -> None: ...

    def refresh(self) -> None:
        """See what other processes have committed since this one last looked."""

    def search(self, query: ParsedQuery, limit: int, facets: bool,
               facet_values: int | None = None) -> SearchResult: ...

    def count(self) -> int:
        """Number of documents (not entries) in the committed index."""

    def stored_text(self, doc_id: str) -> str | None:
        """The text a document was indexed with, or None if it is not indexed."""

    def close(self) -> None: ...


BACKENDS = ("whoosh", "tantivy")


def create_backend(name: str, path: str, segmenter: str = "bigram") -> SearchBackend:
    """Open (or create) the backend `name` in directory `path`."""
    if name == "whoosh":
        from cancu.search.whoosh_backend import WhooshBackend
        return WhooshBackend(path, segmenter)
    if name == "tantivy":
        from cancu.search.tantivy_backend import TantivyBackend
        return TantivyBackend(path, segmenter)
    raise ValueError(f"unknown search backend {name!r}; choose one of {', '.join(BACKENDS)} "
                     "(setting CANCU_SEARCH_BACKEND)")
