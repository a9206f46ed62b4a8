"""`open_index`: the entry point the rest of cancu uses.

    idx = open_index(home / "search")            # whoosh unless CANCU_SEARCH_BACKEND says
    idx.index_documents(docs)                    # re-indexing a doc replaces it
    result = idx.search("nghi dinh 59 tuyen truyen", facets=True)
"""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from cancu.search.abbreviations import Abbreviations
from cancu.search.backend import SearchBackend, create_backend
from cancu.search.model import IndexDocument, ParsedQuery, SearchResult
from cancu.search.query import InstrumentFinder, QueryParser
from cancu.search.restore import DiacriticRestorer

ENV_BACKEND = "CANCU_SEARCH_BACKEND"
_BACKEND_FILE = "backend.txt"
DEFAULT_BACKEND = "whoosh"          # embedded, pure Python: what the user asked for
# Documents above which whoosh's p95 query latency passes 100 ms and tantivy
# should take over; `bench/search.py` prints it (see search/README.md).
SWITCH_OVER_DOCS = 800


def recommended_backend(doc_count: int) -> str:
    """The backend the benchmark recommends for a corpus of `doc_count` documents."""
    return "tantivy" if doc_count > SWITCH_OVER_DOCS else DEFAULT_BACKEND


class SearchIndex:
    # A reading process (the web server) looks for what another process (`cancu
    # ingest`, an upload in another worker) committed at most this often.
    REFRESH_INTERVAL_S = 1.0

    def __init__(self, path: Path, backend: SearchBackend, backend_name: str,
                 instrument_finder: InstrumentFinder | None = None,
                 abbreviations: Abbreviations | None = None):
        self.path = path
        self.backend = backend
        self.backend_name = backend_name
        self._restorer_version = DiacriticRestorer.version(path)
        self.restorer = DiacriticRestorer.load(path)
        self.parser = QueryParser(abbreviations, instrument_finder, self.restorer)
        self._refresh_lock = threading.Lock()
        self._refreshed = time.monotonic()

    def index_documents(self, docs: Iterable[IndexDocument]) -> int:
        """Index documents, replacing any already indexed under the same doc_id; one
        commit. One document at a time: given a generator (ingest unpacks its batch
        lazily), a document's entries are garbage once written, not held for the batch."""
        seen: set[str] = set()
        for doc in docs:
            if doc.doc_id in seen:
                raise ValueError(f"document {doc.doc_id!r} appears twice in one batch")
            seen.add(doc.doc_id)
            self._forget(doc.doc_id)
            if doc.restore_counts is not None:
                self.restorer.add_counts(doc.restore_counts)
            else:
                self.restorer.add_text(doc.title + "\n" + doc.text)
            self.backend.add([doc])
        self._commit()
        return len(seen)

    def remove(self, doc_id: str) -> bool:
        """Remove a document; False if it was not indexed."""
        found = self._forget(doc_id)
        self._commit()
        return found

    def _forget(self, doc_id: str) -> bool:
        old = self.backend.stored_text(doc_id)
        if old is None:
            return False
        # The restoration model counts the old text; take it back out.
        self.restorer.add_text(old, sign=-1)
        self.backend.delete(doc_id)
        return True

    def _commit(self) -> None:
        self.backend.commit()
        self.restorer.save(self.path)
        self._restorer_version = DiacriticRestorer.version(self.path)

    def refresh(self) -> None:
        """Catch up with commits made by other processes: the backend's view and
        the diacritic-restoration model."""
        with self._refresh_lock:
            self._refreshed = time.monotonic()
            self.backend.refresh()
            version = DiacriticRestorer.version(self.path)
            if version != self._restorer_version:
                self.restorer = DiacriticRestorer.load(self.path)
                self.parser = QueryParser(self.parser.abbreviations, self.parser.instrument_finder,
                                          self.restorer)
                self._restorer_version = version

    def parse(self, query: str) -> ParsedQuery:
        return self.parser.parse(query)

    def search(self, query: str, limit: int = 10, facets: bool = False,
               facet_values: int | None = None) -> SearchResult:
        """`facet_values`: the most values counted per facet, the commonest (None: all)."""
        if time.monotonic() - self._refreshed >= self.REFRESH_INTERVAL_S:
            self.refresh()
        return self.backend.search(self.parse(query), limit, facets, facet_values)

    def count(self) -> int:
        return self.backend.count()

    def backend_advice(self) -> str | None:
        """A note when the index has outgrown its backend, else None."""
        n = self.count()
        if recommended_backend(n) != self.backend_name and self.backend_name == "whoosh":
            return (f"{n} văn bản: trên {SWITCH_OVER_DOCS} văn bản, truy vấn whoosh vượt 100 ms — "
                    f"nên đặt {ENV_BACKEND}=tantivy (hoặc search_backend trong settings.json) rồi nạp lại / "
                    f"{n} documents: above {SWITCH_OVER_DOCS} whoosh queries pass 100 ms; "
                    f"set {ENV_BACKEND}=tantivy (or search_backend in the workspace settings) and re-index.")
        return None

    def close(self) -> None:
        self.backend.close()

    def __enter__(self) -> "SearchIndex":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_index(path: str | Path, backend: str | None = None, *,
               instrument_finder: InstrumentFinder | None = None,
               segmenter: str = "bigram") -> SearchIndex:
    """Open or create the index in `path`.

    The backend is `backend` (the workspace setting "search_backend"), else
    $CANCU_SEARCH_BACKEND, else the one the index was built with, else
    DEFAULT_BACKEND (whoosh; `recommended_backend` says when to switch). An
    index remembers its backend; opening it with another one is an error rather
    than a silent empty index.
    """
    path = Path(path)
    marker = path / _BACKEND_FILE
    existing = marker.read_text(encoding="utf-8").strip() if marker.exists() else None
    name = backend or os.environ.get(ENV_BACKEND) or existing or DEFAULT_BACKEND
    path.mkdir(parents=True, exist_ok=True)
    if existing:
        if existing != name:
            raise ValueError(f"the index in {path} was built with the {existing} backend, "
                             f"not {name}; re-index into a new directory to switch")
    be = create_backend(name, str(path / name), segmenter)
    marker.write_text(name + "\n", encoding="utf-8")
    return SearchIndex(path, be, name, instrument_finder)
