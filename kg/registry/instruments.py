"""The instrument registry: facts about instruments that are not in the corpus.

Data lives in ``corpus/registry/*.tsv`` and ``corpus/registry/research/*.tsv``
(UTF-8, tab-separated, one header row, lines starting with ``#`` are comments).
A file is an *instrument* file, a *relation* file or a *facts* file (one row per
instrument with its end, successor and amended laws on the row: the research
format), recognised by its header, so a user adds facts by dropping another
``*.tsv`` with one of these headers next to the shipped ones.  An instrument
several files give is merged into one (see ``_merge``).

A *status* file (``research/status.tsv``, header ``STATUS_COLUMNS``) records
public statements of an instrument's status with their date: "in force as of D"
or "ended (from E)", each with its source.

Status: an end date (``expired``, an ending relation, or a status statement's
``expired``) makes an instrument "no longer in force" from that day; "in force"
needs a source that vouches — a curated instrument row that is not of low
confidence, or a status statement (not of low confidence) that it was in force
on a day on or after it took effect, with no end known; anything else is
"unknown", never "in force".  A date after the statement's is answered "in
force", saying the status was not checked after the statement's date.

Identity (docs/ARCHITECTURE.md § Identity): a symbol that carries its year
(``59/2023/NĐ-CP``, ``10/2022/QH15``, the pseudo-symbol ``HP-2013``) is its
own key.  A symbol without a year (``217-QĐ/TW``, ``26/CT-TTg``) is reused
every term or every year, so its key is ``symbol@year`` with the year of
signing (``217-QĐ/TW@2013``).  The Quốc hội numbers its laws and its
resolutions in two counters written alike (kg/data/sequences.tsv), so one symbol
may name two instruments (55/2010/QH12: the Luật An toàn thực phẩm and a Nghị
quyết); each of them is keyed ``type:symbol`` (``Luật:55/2010/QH12``,
``Nghị quyết:55/2010/QH12``) — their IRIs already differ by type, so no IRI
changes.  Relations may name an instrument by key, by symbol when only one
instrument has it, or by an alias symbol.

Time: an instrument is in force from ``effective`` until the day it is ended.
The end is the ``expired`` column or the earliest ``repeals``/``replaces``
relation aimed at it; when both are given they must agree.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from datetime import date
from importlib import resources
from pathlib import Path

from cancu.kg.registry.sequences import counter_of
from cancu.nlp.citations.gazetteer import NAME_NOTE
from cancu.nlp.citations.symbols import year_in_symbol
from cancu.nlp.citations.vocab import vocabulary
from cancu.nlp.text.characters import translation
from cancu.nlp.text.fold import fold_key

__all__ = [
    "INSTRUMENT_COLUMNS",
    "RELATION_COLUMNS",
    "RELATION_KINDS",
    "Registry",
    "RegistryError",
    "RegistryInstrument",
    "RegistryRelation",
    "STATUS_COLUMNS",
    "SourceRow",
    "Ground",
    "Status",
    "StatusStatement",
    "default_registry_dir",
    "name_key",
    "split_typed_ref",
    "symbol_key",
]

INSTRUMENT_COLUMNS = (
    "symbol", "type", "name", "title", "issuer", "signed", "effective",
    "expired", "aliases", "source", "confidence", "notes",
)
RELATION_COLUMNS = ("subject", "relation", "object", "effective", "source", "confidence", "notes")
# The facts format of the research files (/work/shared/facts/registry/sources.md):
# one row per instrument, its end and what it amends on the same row.
FACT_COLUMNS = (
    "symbol", "type", "name", "full_title", "adopted", "effective", "expired",
    "replaced_by", "amends", "issuer", "source",
)
FACT_OPTIONAL_COLUMNS = ("aliases", "confidence", "notes", "normative")
# The `normative` cell of a facts row: whether the act is a legal normative document
# (văn bản quy phạm pháp luật); the Quốc hội's and the UBTVQH's resolutions are both kinds
# on one counter.  Empty: not established.
NORMATIVE_VALUES = {"yes": True, "no": False}
# A status file: one public statement of an instrument's status per row, dated.
STATUS_COLUMNS = ("symbol", "status", "as_of", "expired", "replaced_by", "source", "confidence", "notes")
STATUS_VALUES = ("in_force", "ended")
# Facts-format column -> instrument column of the same meaning.
_FACT_TO_INSTRUMENT = {"full_title": "title", "adopted": "signed"}
RELATION_KINDS = ("repeals", "replaces", "amends", "guides", "implements")
ENDING_RELATIONS = ("repeals", "replaces")
CONFIDENCE_LEVELS = ("high", "medium", "low")
# Types that are cited by name and so must carry one (the `named` column of type_words.tsv).
NAMED_TYPES = vocabulary().named_types

# A Quốc hội or UBTVQH symbol of the year form: 10/2022/QH15, 02/2020/UBTVQH14, 34/2007/PL-UBTVQH11.
_ASSEMBLY_SYMBOL = re.compile(r"(?P<number>\d+)/(?P<year>\d{4})/(?:PL-|NQ-)?(?P<standing>UBTV)?QH\d+")
_LIST_SEP = re.compile(r"\s+\|\s+|\s*\|\s*")
# Dashes as every working copy writes them (nlp/data/characters.tsv).
_DASHES = translation(("dash",))
_TRAILING_YEAR = re.compile(r"^(?P<name>.*?)[\s,]+(?:năm\s+)?(?P<year>(?:19|20)\d{2})\s*$", re.IGNORECASE)
# Function words that writers drop or add in names ("Luật Thực hiện dân chủ
# cơ sở" for "... ở cơ sở").  They are removed, after folding, from both sides
# before names are compared: ở, về, của, và.
NAME_FUNCTION_WORDS = frozenset({"o", "ve", "cua", "va"})


def default_registry_dir() -> Path:
    """The registry tables shipped with cancu: package data of ``cancu.corpus``
    (``corpus/registry`` in the repository, so an editable install reads and
    `registry_import` writes the checkout's own files)."""
    folder = resources.files("cancu.corpus") / "registry"
    if not isinstance(folder, Path):     # e.g. a zip import: the loader globs a folder on disk
        raise RegistryError(f"the registry tables are not a folder on disk: {folder}")
    return folder


class RegistryError(ValueError):
    """Bad registry data; the message names file, line and column."""

    def __init__(self, message: str, *, path: Path | str | None = None,
                 line: int | None = None, column: int | str | None = None):
        where = ""
        if path is not None:
            where = str(path)
            if line is not None:
                where += f":{line}"
                if column is not None:
                    where += f": column {column}"
            where += ": "
        super().__init__(where + message)
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column


# --------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------

def symbol_key(symbol: str) -> str:
    """Comparison key of a symbol: NFC, dashes unified, spaces removed, folded.

    >>> symbol_key("59/2023/NĐ-CP") == symbol_key("59/2023/nd - cp")
    True
    """
    s = unicodedata.normalize("NFC", symbol).translate(_DASHES)
    return re.sub(r"\s+", "", fold_key(s))


_TYPED_REF = re.compile(r"^(?P<type>[^\W\d_][^:/]*?)\s*:\s*(?P<ref>\S.*)$")


def split_typed_ref(ref: str) -> tuple[str | None, str]:
    """A reference with its type, ``Nghị quyết:55/2010/QH12`` → ("Nghị quyết",
    "55/2010/QH12"); one without (``55/2010/QH12``, ``217-QĐ/TW@2013``) → (None, ref).
    The type names one of the instruments that share a symbol."""
    ref = unicodedata.normalize("NFC", ref.strip())
    m = _TYPED_REF.match(ref)
    return (m.group("type"), m.group("ref")) if m else (None, ref)


def type_fits(wanted: str, type_: str, symbol: str) -> bool:
    """Whether an instrument of ``type_`` and ``symbol`` is one a reference of
    type ``wanted`` can mean: the same type, or a type of the same counter (a
    Bộ luật is numbered among the laws)."""
    if wanted == type_:
        return True
    counter = counter_of(wanted, symbol)
    return counter is not None and counter == counter_of(type_, symbol)


def name_key(name: str) -> str:
    """Comparison key of a name.

    Rule: fold accents and case (``fold_key``), turn punctuation into spaces,
    then drop the function words ở, về, của, và.  So "Luật Thực hiện dân chủ
    cơ sở", "luat thuc hien dan chu o co so" and "Luật Thực hiện dân chủ ở cơ
    sở" share one key, and "Luật Cán bộ công chức" matches "Luật Cán bộ,
    công chức".
    """
    folded = fold_key(unicodedata.normalize("NFC", name))
    tokens = re.sub(r"[^0-9a-z]+", " ", folded).split()
    return " ".join(t for t in tokens if t not in NAME_FUNCTION_WORDS)


# What a citation adds to a law's name (folded; NAME_SUFFIXES in kg/data).
_AMENDING_NAME = re.compile(r"(?:Luật|Pháp lệnh)\s+sửa đổi\b", re.IGNORECASE)
_AMENDED_TAIL = re.compile(r"\s*[,(]?\s*(?:da duoc |duoc )?sua doi(?:,? bo sung)?(?:\s+(?:nam\s+)?(?:19|20)\d{2}"
                           r"(?:\s*(?:,|va)\s*(?:nam\s+)?(?:19|20)\d{2})*)?\s*\)?\s*$")
_YEAR_TAIL = re.compile(r"[\s,]+(?:nam\s+)?((?:19|20)\d{2})\s*$")
_COUNTRY_TAIL = re.compile(r"\s+(?:(?:cua\s+)?nuoc\s+)?(?:cong hoa xa hoi chu nghia\s+)?viet nam\s*$")


def _core_name(name: str) -> tuple[str, int | None]:
    """A cited name without what citations add to it, and the year it states:
    "Luật Đất đai năm 2013" → ("luat dat dai", 2013); "Luật Quản lý thuế (sửa đổi)",
    "Bộ luật Hình sự năm 2015, đã được sửa đổi, bổ sung năm 2017", "Luật Quốc tịch
    Việt Nam", "Luật Phòng, chống … ở người (HIV/AIDS)" lose their tail.  The stated year is the adoption year, never the
    year of an amendment."""
    text = _expand_abbreviations(fold_key(unicodedata.normalize("NFC", name)).strip().rstrip(".;:"))
    year = None
    for _ in range(3):          # tails come in any order: "… năm 2015 (sửa đổi)"
        before = text
        text = _AMENDED_TAIL.sub("", text)
        m = _YEAR_TAIL.search(text)
        if m:
            year = year or int(m.group(1))
            text = text[:m.start()]
        text = _COUNTRY_TAIL.sub("", text)
        text = NAME_NOTE.sub("", text)       # "… ở người (HIV/AIDS)"
        text = re.sub(r"\s+so\s*$", "", text)
        if text == before:
            break
    return text, year


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Folded abbreviation patterns and their folded words (kg/data/name_abbreviations.tsv)."""
    path = resources.files("cancu.kg") / "data" / "name_abbreviations.tsv"     # package data
    out = []
    rows = [ln.split("\t") for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]
    for abbreviation, words in rows[1:]:
        out.append((re.compile(rf"(?<![\w&]){re.escape(fold_key(abbreviation))}(?![\w&])"), fold_key(words)))
    return tuple(out)


def _expand_abbreviations(folded: str) -> str:
    for pattern, words in _abbreviations():
        folded = pattern.sub(words, folded)
    return folded


def _core_name_key(name: str) -> str:
    return name_key(_core_name(name)[0])


def _looks_like_symbol(text: str) -> bool:
    """An alias is a symbol form (not a name) when it has no spaces, a digit
    and a / or - (``124-QĐ/TW``, ``55/NQ-UBTVQH10``)."""
    return bool(text) and not re.search(r"\s", text) and bool(re.search(r"\d", text)) \
        and bool(re.search(r"[/\-]", text))


def _fmt_date(d: date) -> str:
    """Vietnamese date as in NĐ 30/2020: day padded, months 1-2 padded."""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{d.day:02d}/{month}/{d.year}"


# --------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class SourceRow:
    """One registry row an instrument was built from, kept whole through a merge so
    each fact can still be traced to the row, the sources and the confidence that gave it."""
    origin: str               # "file:line"
    confidence: str           # one of CONFIDENCE_LEVELS
    sources: tuple[str, ...]
    gave: tuple[str, ...]     # the merged instrument's fields (MERGED_FIELDS) whose value is this row's
    confirms_status: bool = False   # a curated row vouching that nothing ended the instrument
    name: str = ""            # the name this row writes (another row's may have won)
    set_aside: bool = False   # less reliable and naming another act: no fact taken from it


@dataclass(frozen=True)
class RegistryInstrument:
    symbol: str
    type: str
    name: str
    title: str
    issuer: str
    signed: date | None
    effective: date | None
    expired: date | None
    aliases: tuple[str, ...]
    sources: tuple[str, ...]
    confidence: str
    notes: str
    origin: str = ""          # "file:line" the row came from
    also_from: tuple[str, ...] = ()   # other rows merged into this one
    # Whether a source vouches that nothing ended it: a curated row (instrument
    # format, not low confidence) does; a facts row gives dates, not today's status.
    status_confirmed: bool = False
    # Another instrument of another counter has the same symbol (a law and a
    # resolution of the Quốc hội): the key then holds the type.
    shared: bool = False
    # A legal normative document (True), another kind of act (False), or not established.
    normative: bool | None = None
    # Every row merged into this one, the winning row first, each with the facts it gave.
    rows: tuple[SourceRow, ...] = ()

    def row_for(self, field: str) -> SourceRow | None:
        """The row whose value of ``field`` the instrument carries (None when it has none)."""
        if getattr(self, field) in (None, ""):
            return None
        for row in self.rows:
            if field in row.gave:
                return row
        # an instrument built without its rows (in code): its own origin gave everything
        return SourceRow(self.origin, self.confidence, self.sources, (field,), self.status_confirmed)

    @property
    def year(self) -> int | None:
        """Year in the symbol, else year of signing."""
        y = year_in_symbol(self.symbol)
        if y is not None:
            return y
        return self.signed.year if self.signed else None

    @property
    def base_key(self) -> str:
        """The symbol when it carries its year, else symbol@year."""
        if year_in_symbol(self.symbol) is not None or self.signed is None:
            return self.symbol
        return f"{self.symbol}@{self.signed.year}"

    @property
    def key(self) -> str:
        """Stable identity: the base key, prefixed ``type:`` when another
        instrument shares the symbol (``Nghị quyết:55/2010/QH12``)."""
        return f"{self.type}:{self.base_key}" if self.shared else self.base_key

    @property
    def alias_symbols(self) -> tuple[str, ...]:
        return tuple(a for a in self.aliases if _looks_like_symbol(a))

    @property
    def alias_names(self) -> tuple[str, ...]:
        return tuple(a for a in self.aliases if not _looks_like_symbol(a))

    @property
    def cited_names(self) -> tuple[str, ...]:
        """The names a text may cite it by: its name, its full title when that is a name of its
        own ("Hiệp định Thương mại hàng hóa thuộc Hiệp định Khung về hợp tác … giữa Chính phủ của
        các nước thành viên …"), its name aliases."""
        title = (self.title,) if self.title and self.title != self.name \
            and fold_key(self.title).startswith(fold_key(self.type) + " ") else ()
        return ((self.name,) if self.name else ()) + title + self.alias_names

    @property
    def label(self) -> str:
        """How a Vietnamese sentence names it: "Luật 10/2022/QH15", "Hiến pháp năm 2013"."""
        if "/" not in self.symbol:     # pseudo-symbol such as HP-2013
            base = self.name or self.type
            return f"{base} năm {self.year}" if self.year else base
        if year_in_symbol(self.symbol) is None and self.signed:   # 217-QĐ/TW recurs: add the date
            return f"{self.type} {self.symbol} ngày {_fmt_date(self.signed)}"
        return f"{self.type} {self.symbol}"


@dataclass(frozen=True)
class RegistryRelation:
    subject: str              # key of the acting (newer) instrument
    relation: str             # one of RELATION_KINDS
    object: str               # key of the instrument acted upon
    effective: date | None
    sources: tuple[str, ...]
    confidence: str
    notes: str
    origin: str = ""


@dataclass(frozen=True)
class StatusStatement:
    """A public source's statement of an instrument's status, true on ``as_of``."""
    instrument: str           # key of the instrument
    status: str               # one of STATUS_VALUES
    as_of: date | None        # the day the statement was made / true (ended: may be empty)
    expired: date | None      # ended: the first day not in force, when the source gives it
    replaced_by: tuple[str, ...]
    sources: tuple[str, ...]
    confidence: str
    notes: str
    origin: str = ""


@dataclass(frozen=True)
class Status:
    code: str                 # not_yet_in_force | in_force | partly_amended | no_longer_in_force | unknown
    since: date | None
    by: tuple[str, ...]
    explanation_vi: str
    # "in force" vouched only by a dated statement: its date (the status after it is not checked).
    confirmed_on: date | None = None
    # The facts the status rests on, each with its row, sources and confidence.
    grounds: tuple["Ground", ...] = ()
    # "nguồn độ tin cậy thấp: <rows>" when a ground is of low confidence (also in explanation_vi).
    caveat_vi: str = ""


@dataclass(frozen=True)
class Ground:
    """One fact a status rests on: what it is (Vietnamese), the row that gives it,
    that row's sources and confidence."""
    fact_vi: str
    origin: str
    confidence: str
    sources: tuple[str, ...]


def _statement_ground(st: StatusStatement) -> Ground:
    """A status statement as a ground: what it says, as of when."""
    if st.status == "in_force":
        fact = f"còn hiệu lực ngày {_fmt_date(st.as_of)}"
    else:
        fact = "đã hết hiệu lực" + (f" từ ngày {_fmt_date(st.expired)}" if st.expired else "") \
            + (f" (nguồn ngày {_fmt_date(st.as_of)})" if st.as_of else "")
    return Ground(fact, st.origin, st.confidence, st.sources)


# --------------------------------------------------------------------------
# Reading TSV
# --------------------------------------------------------------------------

@dataclass
class _Row:
    path: Path
    line: int
    values: dict[str, str]
    columns: dict[str, int]   # column name -> 1-based column number
    labels: dict[str, str] | None = None   # column name -> the file's own name for it

    def err(self, message: str, column: str | None = None) -> RegistryError:
        col = self.columns.get(column) if column else None
        shown = (self.labels or {}).get(column, column)
        label = f"{col} ({shown})" if col is not None else None
        return RegistryError(message, path=self.path, line=self.line, column=label)

    @property
    def origin(self) -> str:
        return f"{self.path.name}:{self.line}"


def _read_tsv(path: Path, *, other_headers_ok: bool = False) -> tuple[str, list[_Row]]:
    """Return (kind, rows); kind is "instruments", "relations", "facts" or "status"; with
    ``other_headers_ok``, ("other", []) for a table that is none of them."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise RegistryError(f"not UTF-8 ({exc.reason})", path=path) from exc
    if text.startswith("\ufeff"):
        text = text[1:]
    header: list[str] | None = None
    kind = ""
    rows: list[_Row] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = unicodedata.normalize("NFC", raw.rstrip("\r"))
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if header is None:
            header = fields
            if set(header) == set(INSTRUMENT_COLUMNS) and len(header) == len(INSTRUMENT_COLUMNS):
                kind = "instruments"
            elif set(header) == set(RELATION_COLUMNS) and len(header) == len(RELATION_COLUMNS):
                kind = "relations"
            elif set(header) == set(STATUS_COLUMNS) and len(header) == len(STATUS_COLUMNS):
                kind = "status"
            elif set(FACT_COLUMNS) <= set(header) <= set(FACT_COLUMNS + FACT_OPTIONAL_COLUMNS) \
                    and len(set(header)) == len(header):
                kind = "facts"
            elif other_headers_ok:
                return "other", []
            else:
                raise RegistryError(
                    "header is neither an instrument header ("
                    + "\t".join(INSTRUMENT_COLUMNS) + "), a relation header ("
                    + "\t".join(RELATION_COLUMNS) + ") nor a facts header ("
                    + "\t".join(FACT_COLUMNS) + " [+ " + ", ".join(FACT_OPTIONAL_COLUMNS) + "])",
                    path=path, line=lineno, column=1)
            continue
        if len(fields) > len(header):
            raise RegistryError(
                f"{len(fields)} fields, header has {len(header)} (a stray tab?)",
                path=path, line=lineno, column=len(header) + 1)
        fields += [""] * (len(header) - len(fields))
        rows.append(_Row(path, lineno, dict(zip(header, fields)),
                         {name: i + 1 for i, name in enumerate(header)}))
    if header is None:
        return "", []
    if kind == "facts":
        rows = [_fact_row_as_instrument(r) for r in rows]
    return kind, rows


def _fact_row_as_instrument(row: _Row) -> _Row:
    """A facts-format row under instrument column names (errors still name the
    file's own columns); ``replaced_by`` and ``amends`` are kept for relations."""
    values = {c: "" for c in INSTRUMENT_COLUMNS}
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    for name, value in row.values.items():
        target = _FACT_TO_INSTRUMENT.get(name, name)
        values[target] = value
        columns[target] = row.columns[name]
        labels[target] = name
    return _Row(row.path, row.line, values, columns, labels)


def _parse_date(row: _Row, column: str) -> date | None:
    value = row.values[column]
    if not value:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise row.err(f"bad date {value!r}: expected YYYY-MM-DD", column)
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise row.err(f"bad date {value!r}: {exc}", column) from exc


def _parse_list(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in _LIST_SEP.split(value) if p.strip()) if value else ()


def _parse_confidence(row: _Row) -> str:
    value = row.values["confidence"].lower()
    if value and value not in CONFIDENCE_LEVELS:
        raise row.err(f"confidence {value!r} is not one of {', '.join(CONFIDENCE_LEVELS)}", "confidence")
    return value or "low"


def _parse_normative(row: _Row) -> bool | None:
    value = (row.values.get("normative") or "").lower()
    if value and value not in NORMATIVE_VALUES:
        raise row.err(f"normative {value!r} is not one of {', '.join(NORMATIVE_VALUES)} (or empty: unknown)",
                      "normative")
    return NORMATIVE_VALUES.get(value)


def _instrument(row: _Row) -> RegistryInstrument:
    v = row.values
    if not v["symbol"]:
        raise row.err("empty symbol", "symbol")
    symbol, at, at_year = v["symbol"].partition("@")
    if at:
        # The key form symbol@YYYY: the year must be the year of signing.
        if not re.fullmatch(r"(?:19|20)\d{2}", at_year):
            raise row.err(f"bad key {v['symbol']!r}: expected symbol@YYYY", "symbol")
        if not v["signed"].startswith(at_year):
            raise row.err(f"key {v['symbol']!r}: give its signing date in {at_year}", "signed")
        v = dict(v, symbol=symbol)
    if re.search(r"\s", v["symbol"]):
        raise row.err(f"symbol {v['symbol']!r} contains spaces; write the normalised form", "symbol")
    if not v["type"]:
        raise row.err("empty type", "type")
    # Curated rows must name a law; a facts row may not know the name (an empty
    # cell means unknown), and then the law is found by its symbol only.
    if v["type"] in NAMED_TYPES and not v["name"] and row.labels is None:
        raise row.err(f"a {v['type']} must have a name", "name")
    signed = _parse_date(row, "signed")
    effective = _parse_date(row, "effective")
    expired = _parse_date(row, "expired")
    if effective and expired and expired < effective:
        raise row.err(f"expired {expired} is before effective {effective}", "expired")
    # effective < signed is allowed: a text may take effect retroactively ("có hiệu lực kể
    # từ ngày 01/7/2025" in a decision signed 19/11/2025); `registry check` warns about it.
    return RegistryInstrument(
        symbol=v["symbol"], type=v["type"], name=v["name"], title=v["title"],
        issuer=v["issuer"], signed=signed, effective=effective, expired=expired,
        aliases=_parse_list(v["aliases"]), sources=_parse_list(v["source"]),
        confidence=_parse_confidence(row), notes=v["notes"], origin=row.origin,
        status_confirmed=row.labels is None and _parse_confidence(row) != "low",
        normative=_parse_normative(row),
    )


def _statement(row: _Row, resolver: "Registry") -> StatusStatement:
    """A status row checked against the instruments already loaded."""
    v = row.values
    if not v["symbol"]:
        raise row.err("empty symbol", "symbol")
    found = resolver._resolve_ref(v["symbol"])
    if isinstance(found, str):
        raise row.err(found, "symbol")
    status = v["status"].lower()
    if status not in STATUS_VALUES:
        raise row.err(f"status {v['status']!r} is not one of {', '.join(STATUS_VALUES)}", "status")
    as_of = _parse_date(row, "as_of")
    expired = _parse_date(row, "expired")
    replaced_by = _parse_list(v["replaced_by"])
    if status == "in_force":
        if as_of is None:
            raise row.err("an in_force statement needs the date it was true (as_of)", "as_of")
        if expired or replaced_by:
            raise row.err("an in_force statement gives no end (expired, replaced_by): write an ended row",
                          "expired" if expired else "replaced_by")
    elif as_of is None and expired is None:
        raise row.err("an ended statement needs its end (expired) or the date it was made (as_of)", "as_of")
    sources = _parse_list(v["source"])
    if not sources:
        raise row.err("a status statement needs its source", "source")
    for successor in replaced_by:
        other = resolver._resolve_ref(successor)
        if isinstance(other, str):
            raise row.err(other, "replaced_by")
    return StatusStatement(
        instrument=found.key, status=status, as_of=as_of, expired=expired,
        replaced_by=tuple(resolver._resolve_ref(s).key for s in replaced_by), sources=sources,
        confidence=_parse_confidence(row), notes=v["notes"], origin=row.origin)


def registry_files(folder: Path) -> list[Path]:
    """The files a registry folder holds, in reading order."""
    order = {"instruments.tsv": 0, "relations.tsv": 1}
    files = sorted(folder.glob("*.tsv"), key=lambda p: (order.get(p.name, 2), p.name))
    research = folder / "research"
    if research.is_dir():
        files += sorted(research.glob("*.tsv"))
    return files


_CONFIDENCE_RANK = {c: i for i, c in enumerate(CONFIDENCE_LEVELS)}
MERGED_FIELDS = ("type", "name", "title", "issuer", "signed", "effective", "expired", "normative")


def _merge(group: list[tuple[RegistryInstrument, _Row]], file_rank: dict[Path, int], shared: bool = False
           ) -> tuple[RegistryInstrument, list[tuple[_Row, str, str, str, date | None]]]:
    """One instrument from the rows several files give for it.

    The row with the highest confidence wins (on a tie, the file read first:
    instruments.tsv, then other files by name, then research/); its empty cells
    are filled from the others, in the same order.  A value another row gives
    differently is kept in the notes, with where it came from; another name
    becomes an alias.  Facts rows also say what replaced the instrument
    (``replaced_by``, ending it on ``expired``) and what it amends: returned as
    (row, relation, subject, object, effective).  ``shared``: another instrument
    has the symbol (see :func:`_split_by_counter`), so the key holds the type.
    The merged ``sources`` no longer say which row gave which fact, so every row is
    kept in ``rows`` with its own confidence, sources and the facts it gave.
    """
    ranked = sorted(group, key=lambda ir: (_CONFIDENCE_RANK[ir[0].confidence], file_rank[ir[1].path]))
    best = ranked[0][0]
    # A less reliable row that names another act (a census row whose names slipped by a
    # line: 43/2024/QH15 called «Luật Công chứng», which is 46/2024/QH15) gives nothing:
    # its name as an alias would make that act's name ambiguous, its dates are that act's.
    # It stays among the rows read (the names check reads them all), giving no fact.
    read = ranked
    # (the name kept is the first ranked row's that gives one: the best row may give none)
    namer = next((o for o, _ in ranked if o.name), best)
    others_act = [(o, r) for o, r in ranked[1:] if o is not namer and _names_another_act(o, namer)]
    ranked = [ir for ir in ranked if ir not in others_act]
    values = {f: getattr(best, f) for f in MERGED_FIELDS}
    given_by = {f: best.origin for f in MERGED_FIELDS if values[f] not in (None, "")}
    notes = [best.notes] if best.notes else []
    notes += [f"{o.origin} names it «{o.name}» with lower confidence: another act's row, nothing taken from it."
              for o, _ in others_act]
    aliases = list(best.aliases)
    sources = list(best.sources)
    for other, _row in ranked[1:]:
        for f in MERGED_FIELDS:
            theirs = getattr(other, f)
            if theirs in (None, ""):
                continue
            if values[f] in (None, ""):
                values[f] = theirs
                given_by[f] = other.origin
                sources += [f"{f}: {s}" for s in other.sources[:1]]
            elif theirs != values[f] and not (f == "name" and name_key(theirs) == name_key(values[f])):
                if f == "name":
                    aliases.append(theirs)
                else:
                    notes.append(f"{other.origin} gives {f} {theirs}")
        aliases += [a for a in other.alias_names + other.alias_symbols]
        sources += [s for s in other.sources if s not in sources]
        if other.notes and other.notes not in notes:
            notes.append(other.notes)
    merged = RegistryInstrument(
        symbol=best.symbol, type=values["type"], name=values["name"], title=values["title"],
        issuer=values["issuer"], signed=values["signed"], effective=values["effective"],
        expired=values["expired"],
        aliases=tuple(a for a in dict.fromkeys(aliases) if name_key(a) != name_key(values["name"] or "")),
        sources=tuple(dict.fromkeys(sources)), confidence=best.confidence, notes=" ".join(notes),
        origin=best.origin, also_from=tuple(o.origin for o, _ in ranked[1:]),
        status_confirmed=any(o.status_confirmed for o, _ in ranked), shared=shared,
        normative=values["normative"],
        rows=tuple(SourceRow(o.origin, o.confidence, o.sources,
                             tuple(f for f in MERGED_FIELDS if given_by.get(f) == o.origin), o.status_confirmed,
                             o.name, (o, r) in others_act)
                   for o, r in read),
    )
    links: list[tuple[_Row, str, str, str, date | None]] = []
    for inst, row in ranked:
        # An end given with a different date than the one kept is not a second end.
        if inst.expired is None or inst.expired == merged.expired:
            for successor in _parse_list(row.values.get("replaced_by", "")):
                links.append((row, "replaces", successor, merged.key, merged.expired))
        for target in _parse_list(row.values.get("amends", "")):
            links.append((row, "amends", merged.key, target, merged.effective))
    return merged, links


def _names_another_act(row: RegistryInstrument, best: RegistryInstrument) -> bool:
    """`row`, less reliable than `best`, gives a name that is not `best`'s, nor `best`'s cut
    short or run on (one name's key begins the other's: «Pháp lệnh Khai thác» and «Pháp
    lệnh Khai thác và bảo vệ công trình thủy lợi» are one act)."""
    if not (row.name and best.name) or _CONFIDENCE_RANK[row.confidence] <= _CONFIDENCE_RANK[best.confidence]:
        return False
    mine, theirs = name_key(row.name), name_key(best.name)
    return not (mine.startswith(theirs) or theirs.startswith(mine))


def _join_undated_rows(by_base_key: dict[str, list[tuple[RegistryInstrument, _Row]]]) -> None:
    """A symbol without a year is keyed with its year of signing (1314/NQ-UBTVQH15@2024); a
    row of it that gives no date joins the one dated instrument of that symbol, since it
    describes the same act.  With several dated ones it stays apart: nothing says which."""
    dated: dict[str, list[str]] = {}
    for base_key in by_base_key:
        symbol, at, _ = base_key.partition("@")
        if at:
            dated.setdefault(symbol, []).append(base_key)
    for symbol, keys in dated.items():
        if len(keys) == 1 and symbol in by_base_key:
            by_base_key[keys[0]] += by_base_key.pop(symbol)


def _split_by_counter(base_key: str, rows: list[tuple[RegistryInstrument, _Row]]
                      ) -> list[list[tuple[RegistryInstrument, _Row]]]:
    """The rows of one symbol, one group per instrument: one group, unless the
    rows' types sit in separate counters of that symbol (a Luật and a Nghị quyết
    of …/QH12), then one group per counter.  A row whose type no counter of the
    symbol holds cannot say which instrument it gives: an error."""
    counters = {counter_of(inst.type, inst.symbol) for inst, _ in rows} - {None}
    if len(counters) < 2:
        return [rows]
    parts: dict[str, list[tuple[RegistryInstrument, _Row]]] = {}
    for inst, row in rows:
        counter = counter_of(inst.type, inst.symbol)
        if counter is None:
            raise row.err(f"{base_key} names instruments of several counters ({', '.join(sorted(counters))}); "
                          f"type {inst.type!r} is in none of them: write the type of the one meant", "type")
        parts.setdefault(counter, []).append((inst, row))
    return list(parts.values())


def _refuse_duplicates(group: list[tuple[RegistryInstrument, _Row]], *, shared: bool) -> None:
    """One instrument twice in one file is an error (across files, rows merge)."""
    first: dict[Path, RegistryInstrument] = {}
    for inst, row in group:
        if row.path in first:
            key = f"{inst.type}:{inst.base_key}" if shared else inst.base_key
            raise row.err(f"duplicate instrument {key!r} (first defined at {first[row.path].origin})", "symbol")
        first[row.path] = inst


# --------------------------------------------------------------------------
# The registry
# --------------------------------------------------------------------------

class Registry:
    """Instruments and relations loaded from a folder of TSV files."""

    def __init__(self, instruments: list[RegistryInstrument], relations: list[RegistryRelation],
                 statements: list[StatusStatement] | tuple[StatusStatement, ...] = ()):
        self._by_key: dict[str, RegistryInstrument] = {i.key: i for i in instruments}
        self._statements: dict[str, list[StatusStatement]] = {}
        for st in statements:
            self._statements.setdefault(st.instrument, []).append(st)
        self._instruments = list(instruments)
        self._relations = list(relations)
        self._by_symbol: dict[str, list[RegistryInstrument]] = {}
        self._by_alias_symbol: dict[str, list[RegistryInstrument]] = {}
        self._by_name: dict[str, list[RegistryInstrument]] = {}
        self._assembly: dict[tuple[str, int, bool], list[RegistryInstrument]] | None = None
        for inst in instruments:
            self._by_symbol.setdefault(symbol_key(inst.symbol), []).append(inst)
            for alias in inst.alias_symbols:
                self._by_alias_symbol.setdefault(symbol_key(alias), []).append(inst)
            for nm in inst.cited_names:
                for key in {name_key(nm), _core_name_key(nm)}:
                    bucket = self._by_name.setdefault(key, [])
                    if inst not in bucket:
                        bucket.append(inst)
        self._from: dict[str, list[RegistryRelation]] = {}
        self._to: dict[str, list[RegistryRelation]] = {}
        for rel in relations:
            self._from.setdefault(rel.subject, []).append(rel)
            self._to.setdefault(rel.object, []).append(rel)

    # ---- loading ---------------------------------------------------------

    @classmethod
    def load(cls, folder: Path | str | None = None) -> "Registry":
        """Read every ``*.tsv`` in ``folder`` (default ``corpus/registry``) and in
        its ``research/`` subfolder.

        ``instruments.tsv`` and ``relations.tsv`` are read first, then any other
        file in name order, then ``research/*.tsv``; each file's header says what
        it holds (instruments, relations, or facts rows that carry an
        instrument's end and amendments on the same row).  One instrument given
        in several files is merged: see :func:`_merge`.  Twice in one file is an
        error.
        """
        folder = Path(folder) if folder is not None else default_registry_dir()
        if not folder.is_dir():
            raise RegistryError(f"registry folder {folder} does not exist")
        inst_rows: list[_Row] = []
        rel_rows: list[_Row] = []
        status_rows: list[_Row] = []
        for path in registry_files(folder):
            # research/ also holds evidence tables (other headers): not registry rows.
            kind, rows = _read_tsv(path, other_headers_ok=path.parent != folder)
            {"relations": rel_rows, "status": status_rows}.get(kind, inst_rows).extend(rows)

        by_base_key: dict[str, list[tuple[RegistryInstrument, _Row]]] = {}
        for row in inst_rows:
            inst = _instrument(row)
            by_base_key.setdefault(inst.base_key, []).append((inst, row))
        _join_undated_rows(by_base_key)
        file_rank = {p: i for i, p in enumerate(dict.fromkeys(r.path for r in inst_rows))}
        instruments: list[RegistryInstrument] = []
        fact_links: list[tuple[_Row, str, str, str, date | None]] = []
        for base_key, rows in by_base_key.items():
            parts = _split_by_counter(base_key, rows)
            for group in parts:
                _refuse_duplicates(group, shared=len(parts) > 1)
                inst, links = _merge(group, file_rank, shared=len(parts) > 1)
                instruments.append(inst)
                fact_links += links

        resolver = cls(instruments, [])
        relations: list[RegistryRelation] = []
        seen_relations: set[tuple[str, str, str]] = set()

        def add(row: _Row, kind: str, subject: str, obj: str, effective: date | None,
                sources: tuple[str, ...], confidence: str, notes: str,
                columns: tuple[str, str]) -> None:
            ends = []
            for column, ref in zip(columns, (subject, obj)):
                if not ref:
                    raise row.err(f"empty {column}", column)
                found = resolver._resolve_ref(ref)
                if isinstance(found, str):
                    raise row.err(found, column)
                ends.append(found)
            if ends[0].key == ends[1].key:
                raise row.err("an instrument cannot relate to itself", columns[1])
            triple = (ends[0].key, kind, ends[1].key)
            if triple in seen_relations:
                return
            seen_relations.add(triple)
            relations.append(RegistryRelation(
                subject=ends[0].key, relation=kind, object=ends[1].key, effective=effective,
                sources=sources, confidence=confidence, notes=notes, origin=row.origin))

        for row in rel_rows:
            v = row.values
            kind = v["relation"].lower()
            if kind not in RELATION_KINDS:
                raise row.err(f"unknown relation {v['relation']!r}; use one of {', '.join(RELATION_KINDS)}",
                              "relation")
            add(row, kind, v["subject"], v["object"], _parse_date(row, "effective"),
                _parse_list(v["source"]), _parse_confidence(row), v["notes"], ("subject", "object"))
        for row, kind, subject, obj, effective in fact_links:
            column = "replaced_by" if kind == "replaces" else "amends"
            add(row, kind, subject, obj, effective, _parse_list(row.values["source"]),
                _parse_confidence(row), "", (column, column) if kind == "replaces" else ("symbol", column))
        statements = [_statement(row, resolver) for row in status_rows]
        for row, st in zip(status_rows, statements):
            # A successor named with a known end replaces the instrument from that day.
            for successor in st.replaced_by:
                if st.expired is not None:
                    add(row, "replaces", successor, st.instrument, st.expired, st.sources,
                        st.confidence, st.notes, ("replaced_by", "symbol"))
        registry = cls(instruments, relations, statements)
        registry._validate_ends(inst_rows)
        registry._validate_statements(status_rows)
        return registry

    def _resolve_ref(self, ref: str) -> RegistryInstrument | str:
        """An instrument for a relation end, or an error message."""
        ref = unicodedata.normalize("NFC", ref.strip())
        if ref in self._by_key:
            return self._by_key[ref]
        type_, bare = split_typed_ref(ref)
        symbol, _, year = bare.partition("@")
        if year and not year.isdigit():
            return f"bad reference {ref!r}: expected [type:]symbol[@YYYY]"
        found = self.lookup(symbol, year=int(year) if year else None, include_aliases=False, type=type_) \
            or self.lookup(symbol, year=int(year) if year else None, type=type_)
        if not found:
            return f"unknown instrument {ref!r} (not in any instrument file)"
        if len(found) > 1:
            keys = ", ".join(i.key for i in found)
            return f"ambiguous instrument {ref!r}: write one of {keys}"
        return found[0]

    def _validate_ends(self, inst_rows: list[_Row]) -> None:
        rows_by_origin = {r.origin: r for r in inst_rows}
        for inst in self._instruments:
            ending = [r for r in self._to.get(inst.key, ()) if r.relation in ENDING_RELATIONS and r.effective]
            if not ending:
                continue
            first = min(ending, key=lambda r: r.effective)
            if inst.expired and inst.expired != first.effective:
                row = rows_by_origin.get(inst.origin)
                msg = (f"conflict for {inst.key}: expired {inst.expired} here, but {first.origin} "
                       f"({first.subject} {first.relation} {first.object}) takes effect {first.effective}")
                raise row.err(msg, "expired") if row else RegistryError(msg)
            eff = inst.effective or inst.signed
            if eff and first.effective < eff:
                raise RegistryError(
                    f"{first.origin}: {first.subject} {first.relation} {inst.key} on {first.effective}, "
                    f"before {inst.key} took effect ({eff}, {inst.origin})")

    def _validate_statements(self, status_rows: list[_Row]) -> None:
        """A statement of "in force" on a day the instrument had not started or had
        already ended, or an end date other than the one known, is a conflict."""
        rows_by_origin = {r.origin: r for r in status_rows}
        for key, statements in self._statements.items():
            inst = self._by_key[key]
            start = inst.effective or inst.signed
            ends = {s.expired for s in statements if s.expired}
            end, _ = self.end_of(inst)
            for st in statements:
                row = rows_by_origin[st.origin]
                if st.expired and end and st.expired != end:
                    raise row.err(f"conflict for {key}: ended {st.expired} here, but the registry ends it "
                                  f"on {end} ({inst.origin})", "expired")
                if st.status == "in_force":
                    if start and st.as_of < start:
                        raise row.err(f"{key} said in force on {st.as_of}, before it took effect ({start}, "
                                      f"{inst.origin})", "as_of")
                    if end and st.as_of >= end:
                        raise row.err(f"conflict for {key}: said in force on {st.as_of}, but it ended on {end}",
                                      "as_of")
                    ended = [s for s in statements if s.status == "ended" and s.as_of and s.as_of <= st.as_of]
                    if ended:
                        raise row.err(f"conflict for {key}: said in force on {st.as_of}, but {ended[0].origin} "
                                      f"says it had ended by {ended[0].as_of}", "as_of")
                if len(ends) > 1:
                    raise row.err(f"conflict for {key}: status rows give several ends "
                                  f"({', '.join(sorted(map(str, ends)))})", "expired")

    def statements_about(self, symbol: str) -> list[StatusStatement]:
        """The dated status statements recorded for an instrument, oldest first."""
        key = self._key_of(symbol)
        return sorted(self._statements.get(key, ()), key=lambda s: s.as_of or date.min) if key else []

    # ---- lookup ----------------------------------------------------------

    def __len__(self) -> int:
        return len(self._instruments)

    def __iter__(self):
        return iter(self._instruments)

    @property
    def instruments(self) -> list[RegistryInstrument]:
        return list(self._instruments)

    @property
    def relations(self) -> list[RegistryRelation]:
        return list(self._relations)

    def lookup(self, symbol: str, *, year: int | None = None, include_aliases: bool = True,
               type: str | None = None) -> list[RegistryInstrument]:
        """All instruments with this symbol (or alias symbol), optionally of one year
        and of one type (or a type of the same counter: :func:`type_fits`).

        ``symbol@YYYY`` and ``type:symbol`` are accepted.  Exact symbols come first,
        then aliases.
        """
        written_type, symbol = split_typed_ref(symbol)
        type = type or written_type
        symbol, _, y = symbol.strip().partition("@")
        if y.isdigit() and year is None:
            year = int(y)
        k = symbol_key(symbol)
        found = list(self._by_symbol.get(k, ()))
        if include_aliases:
            found += [i for i in self._by_alias_symbol.get(k, ()) if i not in found]
        if year is not None:
            found = [i for i in found if i.year == year]
        if type is not None:
            found = [i for i in found if type_fits(type, i.type, i.symbol)]
        return found

    def assembly_acts(self, number: str, year: int, standing: bool) -> list[RegistryInstrument]:
        """The Quốc hội's (or, `standing`, its standing committee's) acts numbered `number`
        in `year`, of any legislature: "02/2020/UBTVQH" written without its khóa, or
        "13/2008/QH112" with a slip in it, is the one act the number and the year name."""
        if self._assembly is None:
            self._assembly = {}
            for inst in self._instruments:
                m = _ASSEMBLY_SYMBOL.fullmatch(inst.symbol or "")
                if m:
                    key = (m.group("number").lstrip("0"), int(m.group("year")), bool(m.group("standing")))
                    self._assembly.setdefault(key, []).append(inst)
        return list(self._assembly.get((number.lstrip("0"), year, standing), ()))

    def get(self, symbol: str, *, year: int | None = None, type: str | None = None) -> RegistryInstrument | None:
        """The one instrument a symbol names, or None when none or several fit.

        Precedence: key (``217-QĐ/TW@2013``), then exact symbol, then alias
        symbol; ``year`` (or ``@YYYY``) narrows to the year of signing.  So
        ``get("124-QĐ/TW", year=2018)`` finds Quy định 124-QĐi/TW of 2018 through
        its alias, ``get("124-QĐ/TW", year=2023)`` the Politburo's 2023 rule,
        and ``get("18-NQ/TW")`` is None (2017 and 2022 share it): use
        :meth:`lookup` to see the candidates.  Likewise ``get("55/2010/QH12")``
        (a law and a resolution), where ``type`` or the key
        ``Nghị quyết:55/2010/QH12`` names one.
        """
        s = unicodedata.normalize("NFC", symbol.strip())
        if s in self._by_key and year is None and type is None:
            return self._by_key[s]
        for include_aliases in (False, True):
            found = self.lookup(s, year=year, include_aliases=include_aliases, type=type)
            if include_aliases:
                exact = self.lookup(s, year=year, include_aliases=False, type=type)
                found = [i for i in found if i not in exact]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                return None
        return None

    def find_by_name(self, name: str, *, on: date | None = None, year: int | None = None,
                     exact_date: date | None = None) -> list[RegistryInstrument]:
        """Instruments a name may mean, best first (caller decides ambiguity).

        Matching uses :func:`name_key` against names and name aliases.  A
        trailing year ("… năm 2025", "… 2007") is used as ``year`` when the name
        with it is not itself an alias.  Filters, in this order:
        ``exact_date`` = stated signing/adoption date; ``year`` = stated year of
        adoption; ``on`` = the citing document's date: the versions in force on
        that day, or if none is, the newest adopted on or before it.
        """
        cands = list(self._by_name.get(name_key(name), ()))
        if not cands:
            core, stated_year = _core_name(name)
            cands = list(self._by_name.get(name_key(core), ()))
            if year is None:
                year = stated_year
        if exact_date is not None:
            # An adoption date not known yet does not contradict a stated one of the symbol's year.
            cands = [i for i in cands if i.signed == exact_date or (i.signed is None and i.year == exact_date.year)]
        if year is not None:
            cands = [i for i in cands if (i.signed.year if i.signed else i.year) == year]
        if on is not None:
            version = self._version_on(cands, on)
            cands = [version] if version else []
        return sorted(cands, key=lambda i: (i.signed or date.min), reverse=True)

    def _version_on(self, versions: list[RegistryInstrument], on: date) -> RegistryInstrument | None:
        """Of several versions of one law, the one a citation of ``on`` means: the
        newest in force that day, else the newest adopted by then."""
        in_force = [i for i in versions if self.in_force_on(i, on)]
        if in_force:
            # A newer law of the same name in force supersedes an older one
            # whose end the sources do not give.
            return max(in_force, key=lambda i: (i.effective or i.signed))
        adopted = [i for i in versions if i.signed and i.signed <= on]
        return max(adopted, key=lambda i: i.signed) if adopted else None

    def versions_between(self, versions: list[RegistryInstrument], start: date,
                         end: date | None = None) -> list[tuple[date, RegistryInstrument]]:
        """Which of ``versions`` (laws sharing a name) a citation means on each day
        from ``start`` to ``end`` (open when None): ``(first day, version)`` in
        order, one pair per change.  A citing document whose date is only known
        to lie in that span means one law exactly when one pair comes back."""
        days = {start}
        for v in versions:
            for d in (v.effective or v.signed, v.signed, self.end_of(v)[0]):
                if d and d > start and (end is None or d <= end):
                    days.add(d)
        out: list[tuple[date, RegistryInstrument]] = []
        for d in sorted(days):
            version = self._version_on(versions, d)
            if version is not None and (not out or out[-1][1] is not version):
                out.append((d, version))
        return out

    def amended_by_date(self, name: str, *, exact_date: date | None = None,
                        year: int | None = None) -> list[tuple[RegistryInstrument, RegistryInstrument]]:
        """(law, amending law) pairs where a version of the law named ``name`` was
        amended by a law adopted on ``exact_date`` (or in ``year``).  Citations
        often give a law with the date of its latest amendment ("Luật Giám định
        tư pháp năm 2020" for the 2012 law as amended in 2020)."""
        if exact_date is None and year is None:
            return []
        versions = self.find_by_name(name)
        out = []
        for law in versions:
            for rel in self._to.get(law.key, ()):
                amending = self._by_key.get(rel.subject)
                if rel.relation != "amends" or amending is None or amending.signed is None:
                    continue
                if (exact_date and amending.signed == exact_date) or \
                        (exact_date is None and amending.signed.year == year):
                    out.append((law, amending))
        return out

    def names(self) -> list[str]:
        """Every name and name alias (for a gazetteer), sorted, no duplicates."""
        out = set()
        for inst in self._instruments:
            if inst.name:
                out.add(inst.name)
            out.update(inst.alias_names)
        return sorted(out)

    def gazetteer(self) -> list[tuple[str, str, str]]:
        """(type word, name, key) for every name and name alias of a law, code,
        ordinance or constitution, longest name first: what a citation extractor
        needs so a law's name ends where the longest known name ends.  Several
        instruments may share a name (one tuple each)."""
        words = sorted(NAMED_TYPES, key=len, reverse=True)
        out = set()
        for inst in self._instruments:
            if inst.type not in NAMED_TYPES:
                continue
            for nm in inst.cited_names:
                folded = fold_key(nm)
                word = next((w for w in words if folded == fold_key(w) or folded.startswith(fold_key(w) + " ")),
                            inst.type)
                out.add((word, nm, inst.key))
        return sorted(out, key=lambda t: (-len(t[1]), t))

    # ---- relations -------------------------------------------------------

    def _key_of(self, symbol: str) -> str | None:
        inst = self.get(symbol)
        return inst.key if inst else None

    def shared_symbols(self) -> dict[str, list[RegistryInstrument]]:
        """Base key → the instruments that share it (one per counter), for
        ``registry check`` and ``registry stats``."""
        out: dict[str, list[RegistryInstrument]] = {}
        for inst in self._instruments:
            if inst.shared:
                out.setdefault(inst.base_key, []).append(inst)
        return out

    def relations_from(self, symbol: str) -> list[RegistryRelation]:
        """Relations where the instrument acts (it repeals, amends, guides … the object)."""
        key = self._key_of(symbol)
        return list(self._from.get(key, ())) if key else []

    def relations_to(self, symbol: str) -> list[RegistryRelation]:
        """Relations aimed at the instrument (what repealed, amended, guided it)."""
        key = self._key_of(symbol)
        return list(self._to.get(key, ())) if key else []

    # ---- time ------------------------------------------------------------

    def end_of(self, inst: RegistryInstrument) -> tuple[date | None, tuple[RegistryRelation, ...]]:
        """The day an instrument stops being in force and the relations that end it."""
        ending = tuple(sorted((r for r in self._to.get(inst.key, ())
                               if r.relation in ENDING_RELATIONS and r.effective),
                              key=lambda r: r.effective))
        if ending:
            return ending[0].effective, tuple(r for r in ending if r.effective == ending[0].effective)
        if inst.expired is not None:
            return inst.expired, ()
        stated = [s.expired for s in self._statements.get(inst.key, ()) if s.expired]
        return (min(stated) if stated else None), ()

    def in_force_on(self, inst: RegistryInstrument, on: date) -> bool:
        """Whether ``on`` falls between the instrument's start and its known end."""
        start = inst.effective or inst.signed
        end, _ = self.end_of(inst)
        return start is not None and start <= on and (end is None or on < end)

    def status_at(self, symbol: str, on: date) -> Status:
        """Whether the instrument is in force on ``on``, with a Vietnamese explanation."""
        inst = self.get(symbol)
        if inst is None:
            cands = self.lookup(symbol)
            if len(cands) > 1:
                keys = ", ".join(i.key for i in cands)
                need = "loại văn bản" if all(i.shared for i in cands) else "năm ban hành"
                return Status("unknown", None, (),
                              f"Số hiệu {symbol} ứng với nhiều văn bản ({keys}); cần {need} để xác định.")
            return Status("unknown", None, (), f"Văn bản {symbol} chưa có trong sổ đăng ký.")
        return self._grounded(inst, self._status_of(inst, on), on)

    def _status_of(self, inst: RegistryInstrument, on: date) -> Status:
        label = inst.label
        start = inst.effective or inst.signed
        if start is None:
            return self._status_from_statements_only(inst, on) or Status(
                "unknown", None, (), f"{label}: chưa rõ ngày ban hành và ngày có hiệu lực.")
        start_note = "" if inst.effective else " (chưa rõ ngày có hiệu lực; tính từ ngày ban hành)"
        if on < start:
            return Status("not_yet_in_force", start, (),
                          f"{label} chưa có hiệu lực vào ngày {_fmt_date(on)}; "
                          f"có hiệu lực từ ngày {_fmt_date(start)}{start_note}.")
        end, ending = self.end_of(inst)
        if end is not None and on >= end:
            by = tuple(r.subject for r in ending)
            if ending:
                parts = []
                for r in ending:
                    verb = "bị bãi bỏ bởi" if r.relation == "repeals" else "được thay thế bởi"
                    parts.append(f"{verb} {self._by_key[r.subject].label}")
                tail = ", ".join(parts)
                text = f"{label} hết hiệu lực từ ngày {_fmt_date(end)}, {tail}."
            else:
                text = f"{label} hết hiệu lực từ ngày {_fmt_date(end)}."
            return Status("no_longer_in_force", end, by, text)
        statements = self._statements.get(inst.key, ())
        # Ended with no date given: not in force from the statement's date on.
        ended = sorted((s for s in statements if s.status == "ended" and s.expired is None and s.as_of
                        and s.as_of <= on), key=lambda s: s.as_of)
        if end is None and ended:
            first = ended[0]
            by = tuple(k for s in ended for k in s.replaced_by)
            return Status("no_longer_in_force", None, by,
                          f"{label} đã hết hiệu lực theo nguồn ngày {_fmt_date(first.as_of)} "
                          f"(nguồn không ghi ngày hết hiệu lực).")
        confirmation = self._confirming_statement(inst, start) if end is None else None
        newer = self._newer_of_same_name(inst, on)
        # A statement of "in force" made after the newer law started outweighs the guess.
        if newer is not None and confirmation is not None \
                and confirmation.as_of >= (newer.effective or newer.signed):
            newer = None
        if newer is not None and end is None:
            return Status("unknown", start, (),
                          f"{label} không có ngày hết hiệu lực trong nguồn, nhưng {newer.label} cùng tên "
                          f"có hiệu lực từ ngày {_fmt_date(newer.effective or newer.signed)}; "
                          f"tình trạng hiệu lực của {label} chưa được xác minh.")
        vouched_by_statement = end is None and not inst.status_confirmed
        if vouched_by_statement and confirmation is None:
            weak = [s for s in statements if s.status == "in_force" and s.confidence == "low"]
            weak_note = (f" (một nguồn độ tin cậy thấp ghi còn hiệu lực ngày {_fmt_date(weak[-1].as_of)}, "
                         f"chưa đủ để xác nhận)") if weak else ""
            return Status("unknown", start, (),
                          f"{label} có hiệu lực từ ngày {_fmt_date(start)}{start_note}; nguồn không ghi ngày "
                          f"hết hiệu lực nhưng cũng chưa xác nhận văn bản còn hiệu lực, nên tình trạng hiện nay "
                          f"chưa rõ{weak_note}.")
        checked = confirmation.as_of if vouched_by_statement else None
        check_note = ""
        if checked is not None:
            check_note = f"; còn hiệu lực theo nguồn ngày {_fmt_date(checked)}"
            if on > checked:
                check_note += "; chưa kiểm tra lại sau ngày đó"
        amendments = sorted((r for r in self._to.get(inst.key, ())
                             if r.relation == "amends" and r.effective and r.effective <= on),
                            key=lambda r: r.effective)
        if amendments:
            by = tuple(dict.fromkeys(r.subject for r in amendments))
            labels = ", ".join(self._by_key[k].label for k in by)
            last = amendments[-1].effective
            return Status("partly_amended", last, by,
                          f"{label} còn hiệu lực vào ngày {_fmt_date(on)}, đã được sửa đổi, bổ sung bởi "
                          f"{labels} (lần gần nhất có hiệu lực từ ngày {_fmt_date(last)}{check_note}).",
                          checked)
        return Status("in_force", start, (),
                      f"{label} còn hiệu lực vào ngày {_fmt_date(on)} "
                      f"(có hiệu lực từ ngày {_fmt_date(start)}{start_note}{check_note}).", checked)

    # ---- what a status rests on -------------------------------------------

    def _grounded(self, inst: RegistryInstrument, status: Status, on: date) -> Status:
        """The status with the facts it rests on; a ground of low confidence is named in
        the explanation ("… (nguồn độ tin cậy thấp: acts_s8.tsv:5).") so an end or a
        start taken from a weak source never reads like a gazette's."""
        grounds = tuple(dict.fromkeys(self._grounds_of(inst, status, on)))
        weak = list(dict.fromkeys(g.origin for g in grounds if g.confidence == "low"))
        if not weak:
            return replace(status, grounds=grounds)
        caveat = "nguồn độ tin cậy thấp: " + ", ".join(weak)
        text = status.explanation_vi
        text = (text[:-1] if text.endswith(".") else text) + f" ({caveat})."
        return replace(status, explanation_vi=text, grounds=grounds, caveat_vi=caveat)

    def _grounds_of(self, inst: RegistryInstrument, status: Status, on: date) -> list[Ground]:
        """The rows and statements behind ``status`` (as :meth:`_status_of` decided it)."""
        out: list[Ground] = []
        start_field = "effective" if inst.effective else "signed" if inst.signed else None
        start_ground = None
        if start_field is not None:
            row = inst.row_for(start_field)
            what = "ngày có hiệu lực" if start_field == "effective" else "ngày ban hành"
            start_ground = Ground(f"{what} {_fmt_date(getattr(inst, start_field))}",
                                  row.origin, row.confidence, row.sources)
        statements = self._statements.get(inst.key, ())
        if status.code == "no_longer_in_force":
            if status.since is None:        # ended by a statement that gives no end date
                out += [_statement_ground(s) for s in statements
                        if s.status == "ended" and s.expired is None and s.as_of and s.as_of <= on]
                return out
            for rel in self._to.get(inst.key, ()):
                if rel.relation in ENDING_RELATIONS and rel.effective == status.since:
                    out.append(self._relation_ground(rel))
            if inst.expired == status.since:
                row = inst.row_for("expired")
                out.append(Ground(f"ngày hết hiệu lực {_fmt_date(inst.expired)}", row.origin, row.confidence,
                                  row.sources))
            out += [_statement_ground(s) for s in statements if s.expired == status.since]
            return out
        if start_ground is not None:
            out.append(start_ground)
        if status.code in ("in_force", "partly_amended"):
            if status.confirmed_on is not None:
                out += [_statement_ground(s) for s in statements
                        if s.status == "in_force" and s.confidence != "low" and s.as_of == status.confirmed_on]
            else:
                out += [Ground("xác nhận còn hiệu lực (dòng danh mục được kiểm tra tay)", r.origin, r.confidence,
                               r.sources) for r in inst.rows if r.confirms_status]
        if status.code == "partly_amended":
            out += [self._relation_ground(rel) for rel in self._to.get(inst.key, ())
                    if rel.relation == "amends" and rel.effective and rel.effective <= on]
        return out

    def _relation_ground(self, rel: RegistryRelation) -> Ground:
        other = self._by_key.get(rel.subject)
        verb = {"repeals": "bị bãi bỏ bởi", "replaces": "được thay thế bởi",
                "amends": "được sửa đổi, bổ sung bởi"}.get(rel.relation, rel.relation)
        when = f" từ ngày {_fmt_date(rel.effective)}" if rel.effective else ""
        return Ground(f"{verb} {other.label if other else rel.subject}{when}", rel.origin, rel.confidence,
                      rel.sources)

    def _status_from_statements_only(self, inst: RegistryInstrument, on: date) -> Status | None:
        """Status of an instrument whose start is unknown: a dated statement still
        tells its status from its own date on (never before it)."""
        label = inst.label
        end, _ = self.end_of(inst)
        if end is not None and on >= end:
            return None
        statements = [s for s in self._statements.get(inst.key, ()) if s.as_of and s.as_of <= on]
        ended = sorted((s for s in statements if s.status == "ended"), key=lambda s: s.as_of)
        if ended:
            return Status("no_longer_in_force", None, tuple(k for s in ended for k in s.replaced_by),
                          f"{label} đã hết hiệu lực theo nguồn ngày {_fmt_date(ended[0].as_of)} "
                          f"(nguồn không ghi ngày hết hiệu lực).")
        vouching = [s for s in statements if s.status == "in_force" and s.confidence != "low"]
        if not vouching:
            return None
        checked = max(s.as_of for s in vouching)
        note = "; chưa kiểm tra lại sau ngày đó" if on > checked else ""
        return Status("in_force", None, (),
                      f"{label} còn hiệu lực vào ngày {_fmt_date(on)} (chưa rõ ngày có hiệu lực; còn hiệu lực "
                      f"theo nguồn ngày {_fmt_date(checked)}{note}).", checked)

    def _confirming_statement(self, inst: RegistryInstrument, start: date) -> StatusStatement | None:
        """The newest statement, not of low confidence, that the instrument was in
        force on a day on or after it took effect."""
        found = [s for s in self._statements.get(inst.key, ())
                 if s.status == "in_force" and s.confidence != "low" and s.as_of >= start]
        return max(found, key=lambda s: s.as_of) if found else None

    def _newer_of_same_name(self, inst: RegistryInstrument, on: date) -> RegistryInstrument | None:
        """A later law of the same name already in force on ``on`` (so an older one
        with no recorded end has probably been replaced)."""
        if inst.type not in NAMED_TYPES or not inst.name or inst.signed is None:
            return None
        # Two amending laws share a title ("Luật sửa đổi, bổ sung một số điều của Luật
        # Đất đai") when they amend the same law; the second does not replace the first.
        if _AMENDING_NAME.match(inst.name):
            return None
        later = [i for i in self._by_name.get(name_key(inst.name), ())
                 if i is not inst and i.type == inst.type and i.signed and i.signed > inst.signed
                 and self.in_force_on(i, on)]
        return min(later, key=lambda i: i.signed) if later else None

    def replacement_chain(self, symbol: str, on: date) -> list[str]:
        """Keys from ``symbol`` through what repealed/replaced it, up to what is in
        force on ``on`` (or the last known successor).  ``[]`` if unknown."""
        inst = self.get(symbol)
        if inst is None:
            return []
        chain = [inst.key]
        current = inst
        while not self.in_force_on(current, on):
            end, ending = self.end_of(current)
            if end is None or end > on or not ending:
                break
            # prefer a replacement over a bare repeal; then the earliest-listed
            nxt = sorted(ending, key=lambda r: (r.relation != "replaces", r.origin))[0].subject
            if nxt in chain:
                break
            chain.append(nxt)
            current = self._by_key[nxt]
        return chain
