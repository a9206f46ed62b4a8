"""Obligations, precomputed for one checkpoint.

Reading every obligation back from the store takes 1.5 s at 1,000 documents
(two SPARQL queries over 30,000 obligations, then Python per row), and an
agency filter or a page of the obligations list needed all of them. So the
writer, when it publishes a checkpoint (kg/store/snapshots.py), writes beside it
`obligations.sqlite`: one row per obligation with the `ObligationRow` the
queries build (cancu.kg.queries.tasks, the same code) as JSON, keyed in the order
lists show them (document id, start, end), with the folded words the agency
filter compares. A filtered page is then a few index look-ups and the JSON of
its own rows.

Like the "who cites X" index (kg/store/cites_index.py) the file is made inside the
checkpoint folder before its `ready` mark and updated from the previous
checkpoint's file for the graphs written since. Checkpoints published by
older code have no file: readers then query the store.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import orjson

from cancu.kg.store.checkpoint_index import IndexWriter, PerCheckpoint, ReadOnlyIndex, write_indexes
from cancu.kg.store.obligation_rows import agency_words as _words, read_obligations
from cancu.kg.views import DeadlineRow, ObligationRow, PlanPeriod

FILE = "obligations.sqlite"

_SCHEMA = """
CREATE TABLE obligations (iri TEXT PRIMARY KEY, doc_id TEXT NOT NULL, doc_iri TEXT NOT NULL,
                          start INTEGER NOT NULL, "end" INTEGER NOT NULL, agency_iri TEXT,
                          actor_words TEXT NOT NULL, row TEXT NOT NULL);
CREATE INDEX obligations_in_order ON obligations (doc_id, start, "end", iri);
CREATE INDEX obligations_by_graph ON obligations (doc_iri, doc_id, start, "end", iri);
CREATE INDEX obligations_by_agency ON obligations (agency_iri);
CREATE INDEX obligations_by_actor ON obligations (actor_words);
CREATE TABLE names (words TEXT NOT NULL, iri TEXT NOT NULL, PRIMARY KEY (words, iri)) WITHOUT ROWID;
CREATE INDEX names_by_obligation ON names (iri);
"""
_ORDER = 'ORDER BY doc_id, start, "end", iri'


# ---------------------------------------------------------------- rows as JSON

def encode(row: ObligationRow) -> str:
    period = row.period
    return json.dumps([
        row.iri, row.document, row.document_iri, row.start, row.end, row.source, row.section,
        row.actor, row.agency, row.agency_iri, row.co_leads, row.cooperating, row.modality,
        row.task, row.schedule, [[d.text, _day(d.date), d.recurrence] for d in row.deadlines],
        row.output, row.reports_to, row.basis, row.basis_symbols, row.document_title,
        _day(row.document_date),
        [_day(period.start), _day(period.end), period.text] if period is not None else None,
    ], ensure_ascii=False)


_AGENCY_AT, _DEADLINES_AT = 8, 15      # places in the JSON list `encode` writes
# The lead agency's label of a row, indexed: the list's agency filter offers every label, and
# reading them from every row's JSON took 250 ms of a worker's first obligations page at 10k
# plans, 10 ms from the index (a query must write the expression exactly so to use it).
_AGENCY_LABEL = f"json_extract(row, '$[{_AGENCY_AT}]')"
_AGENCY_LABEL_INDEX = f"CREATE INDEX IF NOT EXISTS obligations_by_agency_label ON obligations ({_AGENCY_LABEL})"


def decode(text: str) -> ObligationRow:
    (iri, document, document_iri, start, end, source, section, actor, agency, agency_iri,
     co_leads, cooperating, modality, task, schedule, deadlines, output, reports_to, basis,
     basis_symbols, title, signed, period) = orjson.loads(text)
    return ObligationRow(
        iri=iri, document=document, document_iri=document_iri, start=start, end=end,
        source=source, section=section, actor=actor, agency=agency, agency_iri=agency_iri,
        co_leads=co_leads, cooperating=cooperating, modality=modality, task=task,
        schedule=schedule, deadlines=[DeadlineRow(t, _date(d), r) for t, d, r in deadlines],
        output=output, reports_to=reports_to, basis=basis, basis_symbols=basis_symbols,
        document_title=title, document_date=_date(signed),
        period=PlanPeriod(_date(period[0]), _date(period[1]), period[2]) if period else None)


def _day(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


# ---------------------------------------------------------------- writing

def _records(rows: Iterable[ObligationRow]) -> Iterator[tuple[tuple, list[tuple[str, str]]]]:
    for row in rows:
        names = {w for w in (_words(n) for n in [row.agency, *row.co_leads] if n) if w}
        yield ((row.iri, row.document, row.document_iri, row.start, row.end, row.agency_iri,
                _words(row.actor) if row.actor else "", encode(row)),
               [(w, row.iri) for w in sorted(names)])


def _insert(db: sqlite3.Connection, rows: Iterable[ObligationRow]) -> None:
    for record, names in _records(rows):
        db.execute("INSERT OR IGNORE INTO obligations VALUES (?, ?, ?, ?, ?, ?, ?, ?)", record)
        db.executemany("INSERT OR IGNORE INTO names VALUES (?, ?)", names)


class ObligationsWriter(IndexWriter):
    """Writes a checkpoint's obligations (checkpoint_index.write_indexes)."""

    FILE = FILE

    def create(self) -> None:
        self.db.executescript(_SCHEMA)
        self.db.execute(_AGENCY_LABEL_INDEX)

    def read_again(self, source, graphs: list[str]) -> None:
        db = self.db
        # A previous checkpoint's file written before these indexes existed.
        db.execute("CREATE INDEX IF NOT EXISTS obligations_by_actor ON obligations (actor_words)")
        db.execute(_AGENCY_LABEL_INDEX)
        gone = [(g,) for g in graphs]
        db.executemany("DELETE FROM names WHERE iri IN (SELECT iri FROM obligations WHERE doc_iri = ?)", gone)
        db.executemany("DELETE FROM obligations WHERE doc_iri = ?", gone)
        _insert(db, read_obligations(source, graphs=graphs))


def write(store, target: Path, *, base: Path | None = None, changed: set[str] | None = None) -> Path:
    """Write the obligations of `store` (a GraphStore) into the checkpoint folder
    `target`. With `base` (the previous checkpoint's file) and `changed` (the
    graphs written since), only those graphs are read again."""
    return write_indexes(store, [ObligationsWriter(target, base=base, changed=changed)])[0]


# ---------------------------------------------------------------- reading

@dataclass(frozen=True)
class DueBefore:
    """The due-date filter (cancu.kg.queries.tasks.is_due_before) as the index applies it.
    `first_day(row)`: the first day the row's deadlines fall on, of those whose day does
    not depend on the day asked, and whether some deadline's does; `occurs(row)`: the
    filter itself, asked at each request only of the rows where some deadline's does."""
    limit: dt.date
    first_day: Callable[[ObligationRow], tuple[dt.date | None, bool]]
    occurs: Callable[[ObligationRow], bool]


class ObligationsIndex(ReadOnlyIndex):
    """A checkpoint's obligations, read-only; shared by the threads of a reader."""

    _written: list[str] | None = None

    def _written_with(self, keys: list[str]) -> list[str]:
        """The distinct leads as written (folded words) that hold one of `keys` as whole words."""
        if self._written is None:      # the file never changes: read once
            self._written = [r[0] for r in self.all("SELECT DISTINCT actor_words FROM obligations")]
        padded = [f" {k} " for k in keys]
        return [w for w in self._written if any(k in f" {w} " for k in padded)]

    def summary(self) -> tuple[dict[str, int], list[str]]:
        """The obligations of each document (by file name) and the labels of the agencies
        that lead one, sorted: the list's filter choices and page counts (the two
        aggregate queries over the store took 2.0 s of CPU at 10k documents)."""
        counts = dict(self.all("SELECT doc_id, COUNT(*) FROM obligations GROUP BY doc_id ORDER BY doc_id"))
        agencies = self.all(f"SELECT DISTINCT {_AGENCY_LABEL} FROM obligations")
        return counts, sorted(a for (a,) in agencies if a)

    _ranks_made = False
    _due_days_made = False

    def _make_once(self, flag: str, make: Callable[[sqlite3.Connection], None]) -> None:
        """A TEMP table of this connection, made once: data fixed for the checkpoint,
        beside its read-only file (never written to it)."""
        with self._lock:
            if not getattr(self, flag):
                make(self._db)
                self._db.commit()
                setattr(self, flag, True)

    def _ranks(self) -> None:
        """Each obligation's place in list order. A page of a filtered list then sorts the
        places of the rows the filters keep, not the rows: an agency keeping 12,782 rows
        read and sorted them whole (28 ms at 10k plans, a tenth of a second to make once)."""
        def make(db: sqlite3.Connection) -> None:
            db.execute("CREATE TEMP TABLE ranks (id INTEGER PRIMARY KEY, pos INTEGER NOT NULL)")
            # Numbered by SQLite itself: no Python per row (88 ms against 120 ms at 10k plans).
            db.execute(f"INSERT INTO temp.ranks SELECT rowid, row_number() OVER ({_ORDER}) - 1 FROM obligations")
            # The names by row id: a name's rows are then one index range, not a look-up by IRI each.
            db.execute("CREATE TEMP TABLE name_ids (words TEXT NOT NULL, id INTEGER NOT NULL, "
                       "PRIMARY KEY (words, id)) WITHOUT ROWID")
            db.execute("INSERT OR IGNORE INTO temp.name_ids "
                       "SELECT n.words, o.rowid FROM names AS n JOIN obligations AS o ON o.iri = n.iri")
        self._make_once("_ranks_made", make)

    def _due_days(self, first_day: Callable[[ObligationRow], tuple[dt.date | None, bool]]) -> None:
        """Every obligation that has a deadline, with `first_day` of it. Filtering by due
        date decoded every row at each request (two seconds at 10k plans); this decodes
        the fifth that have a deadline, once."""
        def make(db: sqlite3.Connection) -> None:
            db.execute("CREATE TEMP TABLE due_days (id INTEGER PRIMARY KEY, day TEXT, "
                       "depends_on_today INTEGER NOT NULL)")
            rows = db.execute(f"SELECT rowid, row FROM obligations "
                              f"WHERE json_array_length(row, '$[{_DEADLINES_AT}]') > 0")
            db.executemany("INSERT INTO temp.due_days VALUES (?, ?, ?)",
                           ((rowid, _day(day), int(depends))
                            for rowid, text in rows for day, depends in [first_day(decode(text))]))
            db.execute("CREATE INDEX temp.due_days_by_day ON due_days (day)")
        self._make_once("_due_days_made", make)

    def prepare(self, first_day: Callable[[ObligationRow], tuple[dt.date | None, bool]]) -> None:
        """Make now what the first filtered request would make (a quarter of a second of
        CPU at 10k plans, with every other obligations request of the process waiting on
        it): the places in list order, the names by row, the due days, the leads as written.
        A server calls this before its first request on a checkpoint."""
        self._ranks()
        self._due_days(first_day)
        self._written_with([])

    def _due_ids(self, due: DueBefore) -> tuple[str, list]:
        """The ids of the obligations due by `due.limit`, as SQL and its arguments."""
        self._due_days(due.first_day)
        sql = "SELECT id FROM temp.due_days WHERE day <= ?"
        # The rows whose day depends on the day asked are asked here (none where every
        # plan has a known start); their ids come from the file itself, plain integers.
        also = [rowid for rowid, text in self.all(
                    "SELECT o.rowid, o.row FROM temp.due_days AS d JOIN obligations AS o ON o.rowid = d.id "
                    "WHERE d.depends_on_today")
                if due.occurs(decode(text))]
        if also:
            sql += f" UNION SELECT id FROM temp.due_days WHERE id IN ({','.join(str(int(r)) for r in also)})"
        return sql, [due.limit.isoformat()]

    def select(self, *, document_iri: str | None = None, document_id: str | None = None,
               agency_iri: str | None = None, agency_words: Iterable[str] = (),
               due: DueBefore | None = None) -> "IndexedObligations":
        """The obligations the filters keep, in list order (each filter given narrows).
        Each filter is a set of row ids read from an index alone (never the rows); the
        sets meet, and a page sorts the places of the ids left (`_ranks`). A document
        alone is one index range already in list order."""
        keys = sorted(set(agency_words))
        if not keys and due is None and agency_iri is None:
            where, args = [], []
            if document_iri is not None:
                where.append("doc_iri = ?")
                args.append(document_iri)
            if document_id is not None:
                where.append("doc_id = ?")
                args.append(document_id)
            return IndexedObligations(self, " AND ".join(where) or "1", args)
        self._ranks()
        sets: list[str] = []
        args = []
        for column, value in (("doc_iri", document_iri), ("doc_id", document_id), ("agency_iri", agency_iri)):
            if value is not None:
                sets.append(f"SELECT rowid AS id FROM obligations WHERE {column} = ?")
                args.append(value)
        if keys:
            # A lead or co-lead of that name, or the words of the lead as written: the
            # leads as written that hold a key as whole words are picked from their
            # distinct values here (a few hundred), then found by index; matching every
            # row in SQL took a scan of the whole table per query (100 ms at 10k plans).
            part = f"SELECT id FROM temp.name_ids WHERE words IN ({','.join('?' * len(keys))})"
            args.extend(keys)
            written = self._written_with(keys)
            if written:
                part += f" UNION SELECT rowid AS id FROM obligations WHERE actor_words IN ({','.join('?' * len(written))})"
                args.extend(written)
            else:
                part = part.replace("SELECT", "SELECT DISTINCT", 1)     # a row of two of the names
            sets.append(part)
        if due is not None:
            part, more = self._due_ids(due)
            sets.append(part)
            args.extend(more)
        ids = sets[0] if len(sets) == 1 else " INTERSECT ".join(f"SELECT id FROM ({p})" for p in sets)
        return IndexedObligations(self, None, args, ids=ids)

    def by_iri(self, iris: Iterable[str]) -> list[ObligationRow]:
        """The obligations of these IRIs (the ones it holds), in list order: a chain page's
        tasks, read by key instead of every task of each plan they belong to."""
        wanted = sorted(set(iris))
        found: list[tuple] = []
        for i in range(0, len(wanted), _KEYS_PER_QUERY):
            part = wanted[i:i + _KEYS_PER_QUERY]
            found += self.all(f'SELECT doc_id, start, "end", iri, row FROM obligations '
                              f'WHERE iri IN ({",".join("?" * len(part))})', part)
        found.sort(key=lambda r: r[:4])
        return [decode(r[4]) for r in found]


_KEYS_PER_QUERY = 500       # well below SQLite's limit on bound parameters


class IndexedObligations(Sequence[ObligationRow]):
    """Selected obligations in list order, decoded a range at a time: a page of
    fifty costs fifty rows, whatever the total. Selected by a WHERE clause on the
    table, or by `ids`, SQL giving the ids of the rows (see ObligationsIndex.select)."""

    def __init__(self, index: ObligationsIndex, where: str | None, args: list, *, ids: str | None = None):
        self._index, self._where, self._args, self._ids = index, where, args, ids
        self._len: int | None = None

    def __len__(self) -> int:
        if self._len is None:
            sql = (f"SELECT COUNT(*) FROM ({self._ids})" if self._ids is not None
                   else f"SELECT COUNT(*) FROM obligations WHERE {self._where}")
            self._len = self._index.all(sql, self._args)[0][0]
        return self._len

    def _range(self, first: int, count: int) -> list[ObligationRow]:
        if count <= 0:
            return []
        if self._ids is not None:
            sql = (f"SELECT o.row FROM (SELECT r.id, r.pos FROM ({self._ids}) AS k JOIN temp.ranks AS r ON r.id = k.id "
                   f"ORDER BY r.pos LIMIT ? OFFSET ?) AS p JOIN obligations AS o ON o.rowid = p.id ORDER BY p.pos")
        else:
            sql = f"SELECT row FROM obligations WHERE {self._where} {_ORDER} LIMIT ? OFFSET ?"
        rows = self._index.all(sql, [*self._args, count, first])
        return [decode(r[0]) for r in rows]

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            wanted = range(*index.indices(len(self)))
            if wanted.step == 1:
                return self._range(wanted.start, len(wanted))
            rows = self._range(0, len(self))
            return [rows[i] for i in wanted]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._range(index, 1)[0]

    def __iter__(self):
        return iter(self._range(0, len(self)))

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented


_OPENED: PerCheckpoint[ObligationsIndex] = PerCheckpoint(FILE, ObligationsIndex)


def for_checkpoint(store) -> ObligationsIndex | None:
    """The index of a checkpoint (a store opened read-only), None when it has none."""
    return _OPENED.of(store)
