"""Named queries over the graph store (the hot path: "which plans cite X" must
answer in milliseconds).

They go through `store.query`, so the same SPARQL text runs on the embedded
pyoxigraph store (`GraphStore`) and on any SPARQL 1.1 endpoint
(`cancu.kg.store.endpoint.SparqlEndpoint`); only the `GRAPH ?doc` pattern (one named graph
per document) is assumed. On the embedded store `store.query` costs no more than
calling pyoxigraph directly (measured on `cites`: equal within noise).
"""
from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import orjson
import pyoxigraph as ox

from cancu.kg.store import cites_index
from cancu.kg.store.graph import GraphStore
from cancu.kg.vocab import CANCU, PREFIXES

_EVIDENCE = ox.NamedNode(str(CANCU.evidence))


@dataclass(frozen=True)
class CitationRow:
    """One mention of a cited instrument, with its evidence."""

    document: str            # file name (cancu:documentId)
    document_iri: str
    instrument_iri: str
    symbol: str | None       # the instrument's symbol (as resolved, else as written)
    text: str                # exactly the original characters
    start: int
    end: int
    pinpoint: str | None
    sentence: str
    in_legal_basis: bool


@dataclass(frozen=True)
class DocumentCitation:
    """A document that cites an instrument, summarised."""

    document: str
    document_iri: str
    title: str | None
    date: str | None          # ISO date of the document, when known
    mentions: int
    based_on: bool            # cited in its "Căn cứ"/"Thực hiện" preamble


@dataclass(frozen=True)
class CitedInstrument:
    """An instrument a document cites, summarised."""

    instrument_iri: str
    symbol: str | None
    title: str | None
    mentions: int
    based_on: bool


def _values(iris: Iterable[str]) -> str:
    # NamedNode validates the IRI, so user input cannot break out of <…>.
    return " ".join(str(ox.NamedNode(iri)) for iri in iris)


def _text(term: object) -> str | None:
    return term.value if term is not None else None  # type: ignore[attr-defined]


def cites(store: GraphStore, instrument_iris: list[str]) -> list[CitationRow]:
    """Every mention, in any document, resolved to one of `instrument_iris`,
    ordered by document then position."""
    return list(citations(store, instrument_iris))


def citations(store: GraphStore, instrument_iris: list[str]) -> "Citations":
    """`cites` a part at a time: its length and order cost one index scan per
    instrument; a slice reads the evidence of its own rows only."""
    return Citations(store, list(dict.fromkeys(instrument_iris)))


_READ_ALL_ABOVE = 200     # rows in a slice above which one query reads them all
_CITES_EVIDENCE = """
SELECT ?doc ?m ?ev WHERE { GRAPH ?doc { ?m cancu:resolvedTo %(i)s ; cancu:evidence ?ev } }
"""
_CITING_MENTIONS = "SELECT ?m WHERE { GRAPH ?doc { ?m cancu:resolvedTo %(i)s } }"
_MENTION_EVIDENCE = "SELECT ?ev WHERE { GRAPH %(d)s { %(m)s cancu:evidence ?ev } } LIMIT 1"
_DOCUMENT_IDS = "SELECT ?doc ?id WHERE { GRAPH ?doc { ?doc cancu:documentId ?id } }"
_INSTRUMENT_SYMBOL = "SELECT ?s WHERE { %(i)s cancu:symbol ?s } LIMIT 1"


class Citations(Sequence[CitationRow]):
    """The mentions of some instruments in document order, read lazily.

    At 10k documents the most-cited decrees have thousands of mentions: reading
    and decoding every evidence literal took 252 ms (p95), while the first page
    needs fifty. Order and count come from the mention IRIs alone (they carry
    the document IRI and the offsets, cancu.kg.triples.document.mention_iri) and each document's
    id (a map kept per store, `_document_ids`); a row's evidence is read when
    the row is."""

    def __init__(self, store: GraphStore, instrument_iris: list[str]):
        self._store = store
        self._symbols: dict[str, str | None] = {}
        self._rows: dict[int, CitationRow] = {}
        for iri in instrument_iris:
            _values([iri])              # validates the IRI before anything runs
        # A checkpoint (an embedded store opened read-only) never changes: the
        # API's next pages reuse the order. A SPARQL endpoint may change.
        cacheable = isinstance(store, GraphStore) and store.read_only
        # A checkpoint published with its index answers order and count by look-ups.
        index = cites_index.for_checkpoint(store) if cacheable else None
        # The index's keys carry each row's evidence as they are read (`IndexedKeys.evidence`).
        self._indexed: cites_index.IndexedKeys | None = None
        if index is not None:
            self._keys = self._indexed = index.keys(instrument_iris)
            return
        key = tuple(instrument_iris)
        if cacheable:
            with _IDS_LOCK:
                cache = _ORDERS.get(store)
                found = cache.get(key) if cache is not None else None
                if found is not None:
                    cache.move_to_end(key)
                    self._keys = found
                    return
        self._keys: Sequence[tuple[str, int, str, str, str]] = self._order(store, instrument_iris)
        if cacheable:
            with _IDS_LOCK:
                cache = _ORDERS.setdefault(store, OrderedDict())
                cache[key] = self._keys
                while len(cache) > _ORDERS_KEPT:
                    cache.popitem(last=False)

    @staticmethod
    def _order(store: GraphStore, instrument_iris: list[str]) -> list[tuple[str, int, str, str, str]]:
        # (document id, start, instrument, mention, document IRI), one per (mention, instrument)
        keys: set[tuple[str, int, str, str, str]] = set()
        for iri in instrument_iris:
            node = _values([iri])
            names = _document_ids(store)
            for mention in _citing_mentions(store, node):
                doc_iri, _, span = mention.rpartition("#m")
                doc_id = names.get(doc_iri)
                if doc_id is None:
                    doc_id = _document_id(store, doc_iri)
                start = span.partition("-")[0]
                keys.add((doc_id, int(start) if start.isdigit() else -1, iri, mention, doc_iri))
        return sorted(keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            wanted = range(*index.indices(len(self._keys)))
            from_index = self._indexed is not None and self._indexed.keeps_evidence
            if len(wanted) > _READ_ALL_ABOVE and not from_index:     # one query per instrument
                self._read_all()
            elif wanted.step == 1 and wanted:
                # The keys of a run in one look-up (an index reads them a range at a
                # time), not one look-up per row.
                for i, key in zip(wanted, self._keys[wanted.start:wanted.stop]):
                    if i not in self._rows:
                        self._rows[i] = self._read(i, key)
            return [self._row(i) for i in wanted]
        if index < 0:
            index += len(self._keys)
        if not 0 <= index < len(self._keys):
            raise IndexError(index)
        return self._row(index)

    def __iter__(self):
        return iter(self[:])

    def __eq__(self, other: object) -> bool:
        return list(self) == other if isinstance(other, (list, Citations)) else NotImplemented

    def _row(self, i: int) -> CitationRow:
        row = self._rows.get(i)
        if row is None:
            row = self._rows[i] = self._read(i, self._keys[i])
        return row

    def _symbol(self, iri: str) -> str | None:
        if iri not in self._symbols:
            rows = self._store.query(_INSTRUMENT_SYMBOL % {"i": _values([iri])})
            self._symbols[iri] = rows[0]["s"].value if rows else None
        return self._symbols[iri]

    def _read_all(self) -> None:
        """Every row at once: one query per instrument instead of one per row."""
        where = {(k[3], k[2]): i for i, k in enumerate(self._keys)}
        for iri in {k[2] for k in self._keys}:
            for row in self._store.query(_CITES_EVIDENCE % {"i": _values([iri])}):
                i = where.get((row["m"].value, iri))
                if i is not None and i not in self._rows:
                    self._rows[i] = self._from_evidence(self._keys[i], row["ev"].value)

    def _read(self, i: int, key: tuple[str, int, str, str, str]) -> CitationRow:
        """Row `i`, whose key is `key`: from the evidence the index read with the key, else
        from the store."""
        evidence = self._indexed.evidence(i) if self._indexed is not None else None
        if evidence is not None:
            return self._from_evidence(key, evidence)
        _, _, iri, mention, doc_iri = key
        # Each mention carries its display fields as one JSON literal (kg/triples/document.py).
        if isinstance(self._store, GraphStore):
            found = next(iter(self._store.oxigraph.quads_for_pattern(
                ox.NamedNode(mention), _EVIDENCE, None, ox.NamedNode(doc_iri))))
            return self._from_evidence(key, found.object.value)
        rows = self._store.query(_MENTION_EVIDENCE % {"d": _values([doc_iri]), "m": _values([mention])})
        return self._from_evidence(key, rows[0]["ev"].value)

    def _from_evidence(self, key: tuple[str, int, str, str, str], evidence: str) -> CitationRow:
        _, _, iri, _, doc_iri = key
        ev = orjson.loads(evidence)     # the instrument page and cites read one per row
        return CitationRow(
            document=ev["doc"], document_iri=doc_iri, instrument_iri=iri,
            symbol=self._symbol(iri) or ev["symbol"], text=ev["text"],
            start=ev["start"], end=ev["end"], pinpoint=ev["pinpoint"], sentence=ev["sentence"],
            in_legal_basis=ev["basis"])


def _citing_mentions(store: GraphStore, node: str) -> Iterable[str]:
    """The IRIs of the mentions resolved to the instrument `node`."""
    if isinstance(store, GraphStore):
        # pyoxigraph's rows as they come: a dict per row doubles the cost.
        yield from (row[0].value for row in store.oxigraph.query(
            _CITING_MENTIONS % {"i": node}, prefixes=PREFIXES))
        return
    yield from (row["m"].value for row in store.query(_CITING_MENTIONS % {"i": node}))


# A document's IRI never changes its id (cancu.kg.iri.document_iri hashes the id),
# so the map kept per store is only ever incomplete, never wrong: a document
# ingested after it was made is looked up on its own.
_IDS: "weakref.WeakKeyDictionary[object, dict[str, str]]" = weakref.WeakKeyDictionary()
_IDS_LOCK = threading.Lock()
# The order of the last questions asked of each read-only store (a checkpoint).
_ORDERS: "weakref.WeakKeyDictionary[object, OrderedDict]" = weakref.WeakKeyDictionary()
_ORDERS_KEPT = 64


def _document_ids(store: GraphStore) -> dict[str, str]:
    with _IDS_LOCK:
        found = _IDS.get(store)
        if found is None:
            if isinstance(store, GraphStore):
                rows = store.oxigraph.query(_DOCUMENT_IDS, prefixes=PREFIXES)
                found = {r[0].value: r[1].value for r in rows}
            else:
                found = {r["doc"].value: r["id"].value for r in store.query(_DOCUMENT_IDS)}
            _IDS[store] = found
        return found


def _document_id(store: GraphStore, doc_iri: str) -> str:
    rows = store.query("SELECT ?id WHERE { GRAPH %(d)s { %(d)s cancu:documentId ?id } } LIMIT 1"
                       % {"d": _values([doc_iri])})
    doc_id = rows[0]["id"].value if rows else doc_iri
    _document_ids(store)[doc_iri] = doc_id
    return doc_id


_INSTRUMENT_DOCUMENTS = """
SELECT ?doc ?docId ?title ?date (COUNT(DISTINCT ?m) AS ?n) (SAMPLE(?b) AS ?basis) WHERE {
  GRAPH ?doc {
    ?m cancu:resolvedTo %s .
    ?doc cancu:documentId ?docId .
    OPTIONAL { ?doc eli:title ?title }
    OPTIONAL { ?doc eli:date_document ?date }
    OPTIONAL { ?doc eli:based_on %s . BIND(true AS ?b) }
  }
} GROUP BY ?doc ?docId ?title ?date
"""


def instrument_documents(store: GraphStore, instrument_iri: str) -> list[DocumentCitation]:
    """The documents that cite one instrument, with how often and whether as a basis."""
    node = _values([instrument_iri])
    rows = store.query(_INSTRUMENT_DOCUMENTS % (node, node))
    found: dict[str, DocumentCitation] = {}
    for row in rows:
        iri = row["doc"].value
        if iri in found:      # several titles/dates: keep the first
            continue
        found[iri] = DocumentCitation(
            document=row["docId"].value, document_iri=iri, title=_text(row["title"]),
            date=_text(row["date"]), mentions=int(row["n"].value),
            based_on=row["basis"] is not None)
    return sorted(found.values(), key=lambda d: d.document)


_DOCUMENT_INSTRUMENTS = """
SELECT ?i (SAMPLE(?s) AS ?symbol) (SAMPLE(?t) AS ?title) (COUNT(DISTINCT ?m) AS ?n)
       (SAMPLE(?b) AS ?basis) WHERE {
  GRAPH %s {
    ?m cancu:inDocument %s ; cancu:resolvedTo ?i .
    OPTIONAL { ?i cancu:symbol ?s }
    OPTIONAL { ?i eli:title ?t }
    OPTIONAL { %s eli:based_on ?i . BIND(true AS ?b) }
  }
} GROUP BY ?i
"""


def document_instruments(store: GraphStore, doc_iri: str) -> list[CitedInstrument]:
    """The instruments one document cites."""
    node = _values([doc_iri])
    rows = store.query(_DOCUMENT_INSTRUMENTS % (node, node, node))
    out = [CitedInstrument(instrument_iri=row["i"].value, symbol=_text(row["symbol"]),
                           title=_text(row["title"]), mentions=int(row["n"].value),
                           based_on=row["basis"] is not None) for row in rows]
    return sorted(out, key=lambda c: (c.symbol or c.title or c.instrument_iri))


def stats(store: GraphStore) -> dict[str, int]:
    """Counts of documents, mentions, instruments, graphs and triples."""
    return store.stats()
