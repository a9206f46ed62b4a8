"""The chain graph of one checkpoint, as an index a walk reads a node at a time.

A chain (cancu.kg.chains.walk) runs over documents, instruments, tasks and agencies
linked by the facts its module doc lists. Building that whole graph in memory took
40 s and 725 MB at 10k documents before the first chain of each checkpoint, while
a chain page reaches a few hundred nodes. So the writer, when it publishes a
checkpoint (kg/store/snapshots.py), writes beside it `chains.sqlite`:

- what each named graph says, keyed by graph (instruments and their facts, the
  document, its tasks, agencies, edges), so the next checkpoint reads again only
  the graphs written since, as the other indexes do (cites_index, obligations_index);
- `nodes`: every node of the graph with its kind, label and sort key, derived
  from those rows; with the edges' two indexes a walk step is one look-up.

A checkpoint published by older code has no file: its first reader makes it, once,
beside the checkpoint (a checkpoint never changes). A store that is no checkpoint
(a writer, a SPARQL endpoint) gets a throw-away index in memory per call.
"""
from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox
from rdflib import URIRef

from cancu.kg.store.checkpoint_index import IndexWriter, PerCheckpoint, ReadOnlyIndex, write_indexes
from cancu.kg.store.graph import GraphStore, named_nodes
from cancu.kg.vocab import CANCU, ELI, ORG, PREFIXES
from cancu.nlp.text.fold import fold

FILE = "chains.sqlite"
_KEYS_PER_QUERY = 500       # well below SQLite's limit on bound parameters

# ---------------------------------------------------------------- what the graph holds

DOCUMENT_PREDICATES = {str(ELI.based_on): "based_on", str(CANCU.implements): "implements",
                       str(ELI.cites): "cites"}
REGISTRY_PREDICATES = {str(CANCU.guides): "guides", str(CANCU.implements): "implements",
                       str(ELI.amends): "amends", str(ELI.repeals): "repeals",
                       str(CANCU.replaces): "replaces"}
OBLIGATION_PREDICATES = {str(CANCU.actor): "lead", str(CANCU.coLead): "co_lead",
                         str(CANCU.coActor): "cooperates", str(CANCU.reportsTo): "reports_to",
                         str(CANCU.legalBasis): "legal_basis"}


def _values(predicates: dict[str, str]) -> str:
    return " ".join(f"<{p}>" for p in predicates)


# Every query names its graph ?g: unbound it reads the whole store, bound one graph.
_DOCUMENTS = """
SELECT ?g ?id ?title ?type ?symbol ?own WHERE {
  GRAPH ?g { ?g a cancu:IngestedDocument ; cancu:documentId ?id .
             OPTIONAL { ?g eli:title ?title } OPTIONAL { ?g eli:type_document/skos:prefLabel ?type }
             OPTIONAL { ?g cancu:symbol ?symbol } OPTIONAL { ?g cancu:instrument ?own } }
}"""

_DOCUMENT_EDGES = f"""
SELECT DISTINCT ?g ?p ?i WHERE {{
  GRAPH ?g {{ ?g a cancu:IngestedDocument ; ?p ?i . VALUES ?p {{ {_values(DOCUMENT_PREDICATES)} }} }}
}}"""

# Relations between instruments stated outside document graphs (the registry).
_REGISTRY_EDGES = f"""
SELECT DISTINCT ?g ?a ?p ?b WHERE {{
  GRAPH ?g {{ ?a ?p ?b . VALUES ?p {{ {_values(REGISTRY_PREDICATES)} }} }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?g a cancu:IngestedDocument }} }}
}}"""

# Every document graph repeats the facts of the instruments it cites. Joined over
# the union of all graphs, N copies of each of k properties give N^k rows (an
# instrument cited by 100 plans: minutes per query); one property at a time,
# inside each graph, the work stays linear in the number of citations.
_INSTRUMENT_FACTS = {
    "symbol": "cancu:symbol", "type": "eli:type_document/skos:prefLabel",
    "title": "eli:title", "name": "cancu:name",
}
_INSTRUMENTS = "SELECT DISTINCT ?g ?n WHERE { GRAPH ?g { ?n a cancu:Instrument } }"
_INSTRUMENT_FACT = "SELECT DISTINCT ?g ?n ?v WHERE {{ GRAPH ?g {{ ?n a cancu:Instrument ; {path} ?v }} }}"

_OBLIGATIONS = """
SELECT ?g ?o ?start ?task ?section WHERE {
  GRAPH ?g { ?o a cancu:Obligation ; cancu:inDocument ?g ; cancu:start ?start ; cancu:task ?task .
             OPTIONAL { ?o cancu:planSection ?section } }
}"""

_OBLIGATION_EDGES = f"""
SELECT DISTINCT ?g ?o ?p ?x WHERE {{
  GRAPH ?g {{ ?o a cancu:Obligation ; ?p ?x . VALUES ?p {{ {_values(OBLIGATION_PREDICATES)} }} }}
}}"""

# Agencies too, one property at a time inside each graph (see _INSTRUMENT_FACTS).
_AGENCY_NAMES = f"""
SELECT DISTINCT ?g ?a ?label WHERE {{ GRAPH ?g {{ ?a a <{ORG.Organization}> ; skos:prefLabel ?label }} }}"""
_AGENCY_PARENTS = f"""
SELECT DISTINCT ?g ?a ?parent WHERE {{ GRAPH ?g {{ ?a a <{ORG.Organization}> ; <{ORG.subOrganizationOf}> ?parent }} }}"""

# ---------------------------------------------------------------- labels

_LABEL_LIMIT = 90


def shorten(text: str, limit: int = _LABEL_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def instrument_label(symbol: str | None, type_name: str | None, title: str | None, iri: str) -> str:
    if symbol:
        head = f"{type_name} {symbol}" if type_name else symbol
        return f"{head} – {shorten(title)}" if title else head
    if title:
        return shorten(f"{type_name} {title}" if type_name and not title.startswith(type_name)
                       else title)
    return iri_label(iri)


def iri_label(iri: str) -> str:
    """What names a node nothing describes: the last part of its IRI."""
    return iri.rsplit("/", 1)[-1]


def document_label(type_name: str | None, symbol: str | None, title: str | None, doc_id: str) -> str:
    """"Kế hoạch 36/KH-UBND – Triển khai …", "Kế hoạch Thực hiện …", or the file name."""
    if not title:
        return " ".join(x for x in (type_name, symbol) if x) or doc_id
    if symbol:
        return f"{type_name or ''} {symbol} – {shorten(title)}".strip()
    return shorten(f"{type_name} {title}" if type_name else title)


def same_name(a: str, b: str) -> bool:
    """"Văn phòng UBND tỉnh" and "Văn phòng Ủy ban nhân dân tỉnh" name one body: the words
    agree, accents and case aside, an abbreviation standing for the initials of a run of words."""
    x, y = fold(a).lower().split(), fold(b).lower().split()

    def walk(i: int, j: int) -> bool:
        if i == len(x) or j == len(y):
            return i == len(x) and j == len(y)
        if x[i] == y[j] and walk(i + 1, j + 1):
            return True
        for short, long, step in ((x[i], y, (1, 0)), (y[j], x, (0, 1))):
            start = j if step == (1, 0) else i
            n = len(short)
            if n > 1 and short.isalpha() and "".join(w[0] for w in long[start:start + n]) == short:
                if walk(i + (1 if step == (1, 0) else n), j + (n if step == (1, 0) else 1)):
                    return True
        return False
    return walk(0, 0)


def agency_label(name: str, parent_name: str | None) -> str:
    """"Phòng Văn hóa - Xã hội (Ủy ban nhân dân xã Bình Giang)": the parent shown unless it is
    the same body spelled out."""
    shown = parent_name if parent_name and not same_name(name, parent_name) else None
    return f"{name} ({shown})" if shown else name


# ---------------------------------------------------------------- writing

# IRIs are numbered once (terms): a node's IRI is written once, not in every row and
# index entry naming it (540 MB at 10k documents with IRIs in every row).
_TABLES = """
CREATE TABLE terms (id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE);
CREATE TABLE instruments (iri INTEGER NOT NULL, graph INTEGER NOT NULL);
CREATE TABLE instrument_facts (iri INTEGER NOT NULL, slot TEXT NOT NULL, value TEXT NOT NULL, graph INTEGER NOT NULL);
CREATE TABLE documents (graph INTEGER NOT NULL, document_id TEXT NOT NULL, label TEXT NOT NULL);
CREATE TABLE obligations (iri INTEGER NOT NULL, graph INTEGER NOT NULL, start INTEGER NOT NULL, label TEXT NOT NULL);
CREATE TABLE agency_names (iri INTEGER NOT NULL, name TEXT NOT NULL, graph INTEGER NOT NULL);
CREATE TABLE agency_parents (iri INTEGER NOT NULL, parent INTEGER NOT NULL, graph INTEGER NOT NULL);
CREATE TABLE edges (source INTEGER NOT NULL, relation TEXT NOT NULL, target INTEGER NOT NULL, graph INTEGER NOT NULL);
CREATE TABLE nodes (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, label TEXT NOT NULL, start INTEGER NOT NULL,
                    document_id TEXT);
"""
# Made after the rows of a whole store are in (one sort each instead of as many inserts).
_INDEXES = """
CREATE INDEX instruments_by_iri ON instruments (iri);
CREATE INDEX instrument_facts_by_iri ON instrument_facts (iri, slot, value);
CREATE UNIQUE INDEX documents_by_graph ON documents (graph);
CREATE UNIQUE INDEX obligations_by_iri ON obligations (iri, graph);
CREATE INDEX agency_names_by_iri ON agency_names (iri, name);
CREATE INDEX agency_parents_by_iri ON agency_parents (iri, parent);
CREATE INDEX agency_parents_by_parent ON agency_parents (parent);
CREATE INDEX edges_out ON edges (source, relation, target);
CREATE INDEX edges_in ON edges (target, relation, source);
CREATE INDEX nodes_by_document_id ON nodes (document_id) WHERE document_id IS NOT NULL;
"""
# Each table's rows of one graph, found to be replaced when that graph changes.
_BY_GRAPH = {"instruments": "instruments_by_graph", "instrument_facts": "instrument_facts_by_graph",
             "obligations": "obligations_by_graph", "agency_names": "agency_names_by_graph",
             "agency_parents": "agency_parents_by_graph", "edges": "edges_by_graph"}
_GRAPH_INDEXES = "".join(f"CREATE INDEX {index} ON {table} (graph);\n" for table, index in _BY_GRAPH.items())

# The tables a graph's rows go to: their columns, those holding IRIs, those naming a node.
_COLUMNS = {"instruments": ("iri", "graph"), "instrument_facts": ("iri", "slot", "value", "graph"),
            "documents": ("graph", "document_id", "label"), "obligations": ("iri", "graph", "start", "label"),
            "agency_names": ("iri", "name", "graph"), "agency_parents": ("iri", "parent", "graph"),
            "edges": ("source", "relation", "target", "graph")}
_IRI_COLUMNS = {"iri", "graph", "parent", "source", "target"}
_NODE_COLUMNS = {"instruments": ("iri",), "instrument_facts": ("iri",), "documents": ("graph",),
                 "obligations": ("iri",), "agency_names": ("iri",), "agency_parents": ("iri", "parent"),
                 "edges": ("source", "target")}
# Where several rows of one graph describe one node, the last one stands (as it did in memory).
_ONE_PER_GRAPH = {"documents": ("graph",), "obligations": ("iri", "graph")}


def _value(term) -> str | None:
    return None if term is None else term.value


def _select(store, sparql: str, graphs: list[str] | None) -> Iterable:
    """Solutions by variable name, of every graph (None) or of `graphs`; from the embedded
    store one at a time (the whole store's tasks at 10k documents are 100,000 rows), else
    as the store answers, graph by graph."""
    if isinstance(store, GraphStore):
        return store.oxigraph.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True,
                                    named_graphs=None if graphs is None else named_nodes(graphs))
    if graphs is None:
        return store.query(sparql)
    return (r for graph in graphs for r in store.query(sparql, substitutions={"g": URIRef(graph)}))


def _read(store, graphs: list[str] | None) -> Iterator[tuple[str, Iterable[tuple]]]:
    """(table, rows) of some graphs (every graph when None): the store's facts, by the
    queries above, IRIs as strings."""
    def query(sparql: str) -> Iterable:
        return _select(store, sparql, graphs)

    yield "instruments", ((r["n"].value, r["g"].value) for r in query(_INSTRUMENTS))
    for key, path in _INSTRUMENT_FACTS.items():
        slot = "title" if key == "name" else key      # a name or a title labels alike
        yield "instrument_facts", ((r["n"].value, slot, r["v"].value, r["g"].value)
                                   for r in query(_INSTRUMENT_FACT.format(path=path)))
    own: list[tuple] = []
    documents: list[tuple] = []
    for r in query(_DOCUMENTS):
        doc, doc_id = r["g"].value, r["id"].value
        documents.append((doc, doc_id, document_label(_value(r["type"]), _value(r["symbol"]),
                                                      _value(r["title"]), doc_id)))
        if r["own"] is not None:
            own.append((doc, "embodies", r["own"].value, doc))
    yield "documents", documents
    yield "edges", own
    yield "edges", ((r["g"].value, DOCUMENT_PREDICATES[r["p"].value], r["i"].value, r["g"].value)
                    for r in query(_DOCUMENT_EDGES))
    yield "edges", ((r["a"].value, REGISTRY_PREDICATES[r["p"].value], r["b"].value, r["g"].value)
                    for r in query(_REGISTRY_EDGES))
    obligations: list[tuple] = []
    assigns: list[tuple] = []
    for r in query(_OBLIGATIONS):
        o, doc, section = r["o"].value, r["g"].value, _value(r["section"])
        task = shorten(r["task"].value)
        obligations.append((o, doc, int(r["start"].value), f"{section}: {task}" if section else task))
        assigns.append((doc, "assigns", o, doc))
    yield "obligations", obligations
    yield "edges", assigns
    yield "edges", ((r["o"].value, OBLIGATION_PREDICATES[r["p"].value], r["x"].value, r["g"].value)
                    for r in query(_OBLIGATION_EDGES))
    yield "agency_names", ((r["a"].value, r["label"].value, r["g"].value) for r in query(_AGENCY_NAMES))
    yield "agency_parents", ((r["a"].value, r["parent"].value, r["g"].value) for r in query(_AGENCY_PARENTS))


class _Terms:
    """IRI → its number in `terms`, new ones numbered here and written by `flush`."""

    def __init__(self, db: sqlite3.Connection):
        self._db = db
        self._ids: dict[str, int] = {}
        self._new: list[tuple[int, str]] = []
        self._next = (db.execute("SELECT MAX(id) FROM terms").fetchone()[0] or 0) + 1
        self._empty = self._next == 1
        self._absent: set[str] = set()      # looked up, not there

    def __call__(self, iri: str) -> int:
        found = self._ids.get(iri)
        if found is None:
            row = None if self._empty or iri in self._absent else \
                self._db.execute("SELECT id FROM terms WHERE iri = ?", (iri,)).fetchone()
            if row is not None:
                found = row[0]
            else:
                found, self._next = self._next, self._next + 1
                self._new.append((found, iri))
            self._ids[iri] = found
        return found

    def look_up(self, iris: Iterable[str]) -> None:
        """Find the numbers these IRIs have, in a few queries rather than one each."""
        todo = sorted({i for i in iris if i not in self._ids and i not in self._absent})
        for part in _chunks(todo):
            self._ids.update(self._db.execute(f"SELECT iri, id FROM terms WHERE iri IN ({_marks(part)})", part))
        self._absent.update(i for i in todo if i not in self._ids)

    def known(self, iri: str) -> int | None:
        self.look_up([iri])
        return self._ids.get(iri)

    def flush(self) -> None:
        self._db.executemany("INSERT INTO terms VALUES (?, ?)", self._new)
        self._new.clear()


def _insert(db: sqlite3.Connection, terms: _Terms, tables: Iterable[tuple[str, Iterable[tuple]]],
            touched: set[int] | None) -> None:
    """Insert (table, rows) with IRIs as strings; the numbers of the nodes they name go to
    `touched` (when given)."""
    for table, rows in tables:
        columns = _COLUMNS[table]
        iri_at = [i for i, c in enumerate(columns) if c in _IRI_COLUMNS]
        node_at = [columns.index(c) for c in _NODE_COLUMNS[table]]

        def numbered(rows=rows, iri_at=iri_at, node_at=node_at):
            for row in rows:
                row = list(row)
                for i in iri_at:
                    row[i] = terms(row[i])
                if touched is not None:
                    touched.update(row[i] for i in node_at)
                yield row
        found: Iterable = numbered()
        if table in _ONE_PER_GRAPH:
            # Several rows for one node in one graph (two titles, say): the last one stands.
            key = [columns.index(c) for c in _ONE_PER_GRAPH[table]]
            found = {tuple(row[i] for i in key): row for row in found}.values()
        db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                       found)
    terms.flush()


class _Deriver:
    """The `nodes` rows of the numbers in the temporary table `touched`, from what the
    graphs say of them, as the chain graph was built in memory before this index: an
    instrument's label from its facts in any graph (the least of each), a document's and a
    task's from its graph; an agency is in the graph when it is linked (described, or at an
    edge's end), or when it is the parent (the least) of an agency that is."""

    _BATCH = 20_000

    def __init__(self, db: sqlite3.Connection):
        self._db = db
        self._names: dict[int, str | None] = {}
        self._parent: dict[int, int | None] = {}
        self._linked: dict[int, bool] = {}
        self._agency: dict[int, bool] = {}

    def _all(self, sql: str, args: Sequence[object] = ()) -> list[tuple]:
        return self._db.execute(sql, list(args)).fetchall()

    # The queries below read `batch` first (CROSS JOIN fixes SQLite's join order): left to
    # choose, it scanned the whole big table in index order for one or a few ids, so each
    # call cost time in proportion to the store (8 ms a graph at 10k documents).
    def _batch(self, ids: Iterable[int]) -> None:
        self._db.execute("DELETE FROM batch")
        self._db.executemany("INSERT OR IGNORE INTO batch VALUES (?)", ((i,) for i in ids))

    def _load_agencies(self, ids: Iterable[int]) -> None:
        """Names, parents and links of agencies not loaded yet."""
        todo = {i for i in ids if i not in self._names}
        if not todo:
            return
        self._batch(todo)
        names = dict(self._all("SELECT a.iri, MIN(a.name) FROM batch b CROSS JOIN agency_names a ON a.iri = b.id "
                               "GROUP BY a.iri"))
        parents = dict(self._all("SELECT p.iri, MIN(p.parent) FROM batch b CROSS JOIN agency_parents p ON p.iri = b.id "
                                 "GROUP BY p.iri"))
        linked = {r[0] for r in self._all(
            "SELECT b.id FROM batch b WHERE EXISTS (SELECT 1 FROM edges WHERE source = b.id) "
            "OR EXISTS (SELECT 1 FROM edges WHERE target = b.id) "
            "OR EXISTS (SELECT 1 FROM instruments WHERE iri = b.id) "
            "OR EXISTS (SELECT 1 FROM documents WHERE graph = b.id) "
            "OR EXISTS (SELECT 1 FROM obligations WHERE iri = b.id)")}
        for i in todo:
            self._names[i] = names.get(i)
            self._parent[i] = parents.get(i)
            self._linked[i] = i in linked

    def _children(self, ids: Iterable[int]) -> dict[int, list[int]]:
        self._batch(ids)
        found: dict[int, list[int]] = {}
        for parent, child in self._all("SELECT DISTINCT p.parent, p.iri FROM batch b "
                                       "CROSS JOIN agency_parents p ON p.parent = b.id"):
            found.setdefault(parent, []).append(child)
        self._load_agencies(c for cs in found.values() for c in cs)
        return found

    def is_agency(self, node: int, children: dict[int, list[int]], seen: frozenset[int] = frozenset()) -> bool:
        """A named agency in the graph: linked, or the parent of an agency that is."""
        found = self._agency.get(node)
        if found is None:
            self._load_agencies([node])
            found = self._names[node] is not None and (
                self._linked[node] or self.is_parent(node, children, seen | {node}))
            self._agency[node] = found
        return found

    def is_parent(self, node: int, children: dict[int, list[int]], seen: frozenset[int] = frozenset()) -> bool:
        """Whether `node` is the parent of an agency in the graph."""
        under = children[node] if node in children else self._children([node]).get(node, [])
        return any(self._parent[c] == node and c not in seen and self.is_agency(c, children, seen)
                   for c in under)

    def run(self) -> None:
        """Write the rows of every touched number (delete those of numbers no longer nodes)."""
        self._db.execute("CREATE TEMP TABLE IF NOT EXISTS batch (id INTEGER PRIMARY KEY)")
        last = 0
        while True:
            ids = [r[0] for r in self._all("SELECT id FROM touched WHERE id > ? ORDER BY id LIMIT ?",
                                           (last, self._BATCH))]
            if not ids:
                break
            last = ids[-1]
            self._db.executemany("DELETE FROM nodes WHERE id = ?", ((i,) for i in ids))
            self._db.executemany("INSERT INTO nodes VALUES (?, ?, ?, ?, ?)", self._rows(ids))

    def _rows(self, ids: list[int]) -> list[tuple]:
        self._batch(ids)
        iris = dict(self._all("SELECT t.id, t.iri FROM batch b CROSS JOIN terms t ON t.id = b.id"))
        instruments = {r[0] for r in self._all("SELECT DISTINCT i.iri FROM batch b CROSS JOIN instruments i ON i.iri = b.id")}
        facts: dict[int, dict[str, str]] = {}
        for node, slot, value in self._all("SELECT f.iri, f.slot, MIN(f.value) FROM batch b "
                                           "CROSS JOIN instrument_facts f ON f.iri = b.id GROUP BY f.iri, f.slot"):
            facts.setdefault(node, {})[slot] = value
        documents = {r[0]: r[1:] for r in self._all(
            "SELECT d.graph, d.document_id, d.label FROM batch b CROSS JOIN documents d ON d.graph = b.id")}
        obligations: dict[int, tuple] = {}
        for node, start, label in self._all("SELECT o.iri, o.start, o.label FROM batch b "
                                            "CROSS JOIN obligations o ON o.iri = b.id ORDER BY o.iri, o.graph DESC"):
            obligations[node] = (start, label)        # one graph's, should two hold the task
        self._load_agencies(ids)
        children = self._children([i for i in ids if not self._linked[i]])
        self._load_agencies(p for p in (self._parent[i] for i in ids) if p is not None)
        rows = []
        for node in ids:
            row = self._row(node, iris[node], node in instruments, facts.get(node, {}), documents.get(node),
                            obligations.get(node), children)
            if row is not None:
                rows.append(row)
        return rows

    def _row(self, node: int, iri: str, instrument: bool, facts: dict[str, str], document: tuple | None,
             obligation: tuple | None, children: dict[int, list[int]]) -> tuple | None:
        # The kinds in the order the in-memory graph took them, a later one winning.
        kind = label = document_id = None
        start = 0
        if instrument:
            kind, label = "instrument", instrument_label(facts.get("symbol"), facts.get("type"),
                                                         facts.get("title"), iri)
        if document is not None:
            kind, (document_id, label) = "document", document
        if obligation is not None:
            kind, (start, label) = "obligation", obligation
        if self.is_agency(node, children):
            parent = self._parent[node]
            if parent is not None:
                self._load_agencies([parent])
            kind, label = "agency", agency_label(self._names[node], self._names[parent] if parent else None)
        elif kind is None and self.is_parent(node, children):
            kind, label = "agency", iri       # a parent nothing names
        elif kind is None and self._linked[node]:
            # An edge to an IRI nothing describes (a registry relation to an instrument
            # the registry graph lacks): walkable, named by its IRI.
            kind, label = "instrument", iri_label(iri)
        if kind is None:
            return None
        return (node, kind, label, start, document_id)


def _fresh(db: sqlite3.Connection) -> None:
    # The file is a temporary one until it is complete (`write`): no journal to keep.
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -65536")
    db.execute("PRAGMA temp_store = MEMORY")
    # The numbers whose nodes are derived again; kept through the parts of one update.
    db.execute("CREATE TEMP TABLE IF NOT EXISTS touched (id INTEGER PRIMARY KEY)")


def build(db: sqlite3.Connection, store) -> None:
    """Fill an empty database with the index of `store` (a GraphStore or an endpoint)."""
    _fresh(db)
    db.executescript(_TABLES)
    _insert(db, _Terms(db), _read(store, None), None)
    db.executescript(_INDEXES + _GRAPH_INDEXES)
    db.execute("INSERT INTO touched SELECT id FROM terms")
    _Deriver(db).run()


class ChainsWriter(IndexWriter):
    """Writes a checkpoint's chain graph (checkpoint_index.write_indexes): the rows of the
    graphs written since the previous checkpoint replaced, then the nodes they touch derived
    again."""

    FILE = FILE

    def _connect(self) -> sqlite3.Connection:
        db = super()._connect()
        _fresh(db)
        return db

    def create(self) -> None:
        self.db.executescript(_TABLES + _INDEXES + _GRAPH_INDEXES)

    def read_again(self, source, graphs: list[str]) -> None:
        db = self.db
        terms = _Terms(db)
        # Their rows now, read first: then the rows they replace go in one statement per table.
        rows: dict[str, list[tuple]] = {}
        for table, found in _read(source, graphs):
            rows.setdefault(table, []).extend(found)
        terms.look_up([*graphs, *(row[i] for table, found in rows.items()
                                   for i, c in enumerate(_COLUMNS[table]) if c in _IRI_COLUMNS for row in found)])
        db.execute("CREATE TEMP TABLE IF NOT EXISTS changed (id INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM changed")
        db.executemany("INSERT OR IGNORE INTO changed VALUES (?)",
                       ((n,) for n in (terms.known(g) for g in graphs) if n is not None))
        for table, columns in _NODE_COLUMNS.items():
            for column in columns:
                db.execute(f"INSERT OR IGNORE INTO touched SELECT {column} FROM {table} "
                           "WHERE graph IN (SELECT id FROM changed)")
            db.execute(f"DELETE FROM {table} WHERE graph IN (SELECT id FROM changed)")
        touched: set[int] = set()
        _insert(db, terms, rows.items(), touched)
        db.executemany("INSERT OR IGNORE INTO touched VALUES (?)", ((i,) for i in touched))

    def complete(self, store) -> None:
        db = self.db
        if self.fresh:                  # every graph read: every term may be a node
            db.execute("INSERT OR IGNORE INTO touched SELECT id FROM terms")
            _Deriver(db).run()
            return
        if not self.graphs:
            return                      # nothing changed
        # What a change may change too: the parents of an agency (whether they are in the
        # graph), up to the top, and the agencies under one (their labels show its name).
        while db.execute("INSERT OR IGNORE INTO touched SELECT DISTINCT p.parent FROM touched t "
                         "JOIN agency_parents p ON p.iri = t.id").rowcount > 0:
            pass
        db.execute("INSERT OR IGNORE INTO touched SELECT DISTINCT p.iri FROM touched t "
                   "JOIN agency_parents p ON p.parent = t.id")
        _Deriver(db).run()


def write(store, target: Path, *, base: Path | None = None, changed: set[str] | None = None) -> Path:
    """Write the index of `store` into the checkpoint folder `target`. With `base` (the
    previous checkpoint's file) and `changed` (the graphs written since), only those
    graphs are read again."""
    return write_indexes(store, [ChainsWriter(target, base=base, changed=changed)])[0]


# ---------------------------------------------------------------- reading

class Node(NamedTuple):
    """A node as a walk sees it: its kind, label and the start that orders tasks (0 otherwise)."""
    kind: str
    label: str
    start: int = 0


def undescribed(iri: str) -> Node:
    """A node the index does not hold, named by its IRI."""
    return Node("instrument", iri_label(iri))


class ChainsIndex(ReadOnlyIndex):
    """The chain graph of a checkpoint, read-only; shared by the threads of a reader.

    A node's neighbours of one relation, one way, are kept once read (lists of at least
    `HUB`; an empty list counts as one neighbour), up to `KEPT` neighbours in all, the least
    recently used going first: a checkpoint never changes. Reading them again was most of a
    chain page (a law's: 3,700 neighbours in 1,800 lists, some 5 µs each), the hubs (a law
    every plan cites) and a task's one lead alike. A kept neighbour holds some 500 bytes
    (measured at 10k documents): the bound is some 25 MB per process."""

    HUB = 0
    KEPT = 50_000
    MAPPED = 1 << 30
    # `adjacent` gives each node's neighbours once each and in the order a walk takes
    # them (cancu.kg.chains.walk.Reached): sorted once when read, not at every page (a
    # law's 3,700 citing plans sorted per request).
    ordered = True

    def __init__(self, path: Path | None = None, *, db: sqlite3.Connection | None = None):
        super().__init__(path, db=db)
        # A walk's look-ups land all over the file: mapped, its pages are read once per
        # machine rather than copied into a small cache per connection and read again.
        self.all(f"PRAGMA mmap_size = {self.MAPPED}")
        self._hubs: OrderedDict[tuple[str, str, bool], list[tuple[str, Node]]] = OrderedDict()
        self._kept = 0
        self._hubs_lock = threading.Lock()

    def node(self, iri: str) -> Node | None:
        rows = self.all("SELECT n.kind, n.label, n.start FROM terms t JOIN nodes n ON n.id = t.id WHERE t.iri = ?",
                        [iri])
        return Node(*rows[0]) if rows else None

    def document(self, document_id: str) -> str | None:
        """The IRI of the document of this file name, None when there is none."""
        rows = self.all("SELECT t.iri FROM nodes n JOIN terms t ON t.id = n.id "
                        "WHERE n.document_id = ? AND n.kind = 'document' ORDER BY t.iri LIMIT 1", [document_id])
        return rows[0][0] if rows else None

    def adjacent(self, nodes: Sequence[str], relation: str, outgoing: bool) -> dict[str, list[tuple[str, Node]]]:
        """Each of `nodes` with a `relation` edge leaving it (`outgoing`) or entering it → the
        nodes at the other end with their Node, in the walk's order. The lists may be kept
        ones: read them, never change them."""
        found: dict[str, list[tuple[str, Node]]] = {}
        todo: list[str] = []
        with self._hubs_lock:
            for node in sorted(set(nodes)):
                kept = self._hubs.get((node, relation, outgoing))
                if kept is None:
                    todo.append(node)
                else:
                    self._hubs.move_to_end((node, relation, outgoing))
                    if kept:
                        found[node] = kept
        read: dict[str, list[tuple[str, Node]]] = {}
        near, far = ("source", "target") if outgoing else ("target", "source")
        for part in _chunks(todo):
            for node, other, kind, label, start in self.all(
                    f"SELECT DISTINCT a.iri, b.iri, n.kind, n.label, n.start FROM terms a "
                    f"JOIN edges e ON e.{near} = a.id AND e.relation = ? JOIN terms b ON b.id = e.{far} "
                    f"LEFT JOIN nodes n ON n.id = e.{far} WHERE a.iri IN ({_marks(part)})",
                    [relation, *part]):
                read.setdefault(node, []).append(
                    (other, Node(kind, label, start) if kind is not None else undescribed(other)))
        for node in todo:
            others = read.get(node, [])
            if len(others) > 1:
                others.sort(key=_BY_LABEL if outgoing else _BY_START)
            if others:
                found[node] = others
            if len(others) >= self.HUB:
                self._keep((node, relation, outgoing), others)
        return found

    def _keep(self, key: tuple[str, str, bool], others: list[tuple[str, Node]]) -> None:
        with self._hubs_lock:
            if key in self._hubs:
                return
            self._hubs[key] = others
            self._kept += max(1, len(others))
            while self._kept > self.KEPT and len(self._hubs) > 1:
                _, gone = self._hubs.popitem(last=False)
                self._kept -= max(1, len(gone))


def _by_label(neighbour: tuple[str, Node]) -> tuple:
    return neighbour[1].label, neighbour[0]


def _by_start(neighbour: tuple[str, Node]) -> tuple:
    return neighbour[1].start, neighbour[1].label, neighbour[0]


# The walk's orders (cancu.kg.chains.walk.Reached.out / into): targets by label, sources earliest first.
_BY_LABEL, _BY_START = _by_label, _by_start


def _chunks(items: Sequence[str]) -> Iterator[list[str]]:
    for i in range(0, len(items), _KEYS_PER_QUERY):
        yield list(items[i:i + _KEYS_PER_QUERY])


def _marks(items: Sequence[str]) -> str:
    return ",".join("?" * len(items))


def _make_missing(store, path: Path) -> ChainsIndex:
    """A checkpoint from older code: its first reader writes the index beside it, one
    process at a time (server workers start together); in memory for this process when
    it may not write there."""
    try:
        fd = os.open(path.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if not path.exists():
                write(store, path.parent)
        finally:
            os.close(fd)
    except OSError:
        return in_memory(store)
    return ChainsIndex(path)


_OPENED: PerCheckpoint[ChainsIndex] = PerCheckpoint(FILE, ChainsIndex, make_missing=_make_missing)


def for_checkpoint(store) -> ChainsIndex | None:
    """The index of a checkpoint (a store opened read-only), made if it has none; None for
    a store that is no checkpoint."""
    return _OPENED.of(store)


def in_memory(store) -> ChainsIndex:
    """A throw-away index of any store (a writer, a SPARQL endpoint), in memory."""
    db = sqlite3.connect(":memory:", check_same_thread=False)
    with db:
        build(db, store)
    return ChainsIndex(db=db)


def for_store(store) -> ChainsIndex:
    """The index a chain of `store` reads: its checkpoint's, or one made for this call."""
    return for_checkpoint(store) or in_memory(store)
