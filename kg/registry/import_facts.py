"""Import the gathered facts about national instruments into the registry.

    python -m cancu.kg.registry.import_facts [--facts /work/shared/facts/registry] [--out corpus/registry/laws.tsv]

Reads ``laws.tsv`` and ``decrees.tsv`` of the facts folder (format and source
reliability: that folder's ``sources.md``), cleans each row, gives it a
confidence from its source, and writes one facts-format file that
``Registry.load`` reads next to the hand-curated ``instruments.tsv`` (which wins
where both give a fact: see ``cancu.kg.registry.instruments._merge``).  Rows that cannot be right
are left out and listed in the output's header, with the reason.  Run it again
after the facts change; the output is rewritten whole.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from cancu.kg.registry.instruments import FACT_COLUMNS, _read_tsv, default_registry_dir, name_key, registry_files
from cancu.kg.registry.sequences import separate_counters
from cancu.kg.registry.check import symbol_problem, type_problem
from cancu.nlp.text.letters import UPPER_CLASS

# ../shared beside the checkout, as the project is laid out (run from the repository root).
DEFAULT_FACTS = Path("..") / "shared" / "facts" / "registry"
CONTRADICTED = resources.files("cancu.kg") / "data" / "import_contradicted.tsv"     # package data
CORRECTIONS = resources.files("cancu.kg") / "data" / "import_corrections.tsv"
OUTPUT_COLUMNS = FACT_COLUMNS + ("aliases", "confidence", "notes")
NAMED_TYPE_WORDS = ("Bộ luật", "Luật", "Pháp lệnh", "Hiến pháp")

# Confidence of a row from the source that gave it (sources.md, "Reliability").
# The first entry of a row's `source` names the source of the row.
_SOURCE_CONFIDENCE = (
    (re.compile(r"Ansvar-Systems/vietnamese-law-mcp"), "low"),      # census: unverified
    (re.compile(r"62047761064"), "low"),                            # RAG registry: LOW–MEDIUM
    (re.compile(r"undertheseanlp/underthesea"), "high"),            # the laws' own texts
    (re.compile(r"67478301330"), "medium"),                          # vbpl.vn-derived log
    (re.compile(r"lethang7794/gtdb"), "medium"),
    (re.compile(r"secondary public file"), "medium"),
)
# A name scraped past the end of the title: a sentence ("… là thiêng liêng …")
# or the same words twice in a row ("biên giới quốc gia biên giới quốc gia").
_SENTENCE = re.compile(r"\.\s*$|\s(?:là|có ý nghĩa)\s")
_REPEATED = re.compile(r"\b(\w+(?:\s+\w+){1,4})\s+\1\b", re.IGNORECASE)


@dataclass
class Rejected:
    symbol: str
    reason: str


def confidence_of(source: str) -> str:
    first = source.split("|")[0]
    for pattern, level in _SOURCE_CONFIDENCE:
        if pattern.search(first):
            return level
    return "low"


def clean_name(type_: str, name: str) -> tuple[str, str | None]:
    """The name as people cite it, and a note when the source's was changed."""
    name = " ".join(unicodedata.normalize("NFC", name).split())
    if not name:
        return "", None
    if _SENTENCE.search(name) or _REPEATED.search(name):
        return "", f"the source's name «{name[:80]}…» runs past the title; left empty"
    for word in NAMED_TYPE_WORDS:
        if name.lower().startswith(word.lower() + " "):
            rest = name[len(word) + 1:]
            fixed = f"{word} {rest[:1].upper()}{rest[1:]}"
            return fixed, None
    return name, None


def clean_row(row: dict[str, str]) -> tuple[dict[str, str] | None, Rejected | None]:
    out = {c: " ".join((row.get(c) or "").split()) for c in OUTPUT_COLUMNS}
    if not out["symbol"] and out["type"] == "Hiến pháp" and out["adopted"]:
        # A constitution has no number: the registry's pseudo-symbol HP-<year>.
        out["symbol"] = f"HP-{out['adopted'][:4]}"
    symbol, type_ = out["symbol"], out["type"]
    problem = symbol_problem(symbol) or type_problem(symbol, type_)
    if problem:
        return None, Rejected(symbol, problem)
    year = re.search(r"/((?:19|20)\d{2})/", symbol)
    if year and out["adopted"] and out["adopted"][:4] != year.group(1):
        return None, Rejected(symbol, f"adopted {out['adopted']} is not in the symbol's year "
                                      f"(the symbol probably came from a file name)")
    notes = []
    out["name"], note = clean_name(type_, out["name"])
    if note:
        notes.append(note)
    named_as = next((w for w in NAMED_TYPE_WORDS if out["name"].startswith(w + " ")), None)
    if named_as and named_as != type_ and not type_problem(symbol, named_as):
        # A stub row's type came from the repealing sentence; its name says "Bộ luật".
        notes.append(f"type {type_} in the source; the name says {named_as}")
        out["type"] = named_as
    out["confidence"] = out["confidence"] or confidence_of(out["source"])
    if out["name"] and out["adopted"] and type_ in NAMED_TYPE_WORDS:
        # How people tell versions apart: "Bộ luật Dân sự 2015", "Luật Đất đai 2013".
        with_year = f"{out['name']} {out['adopted'][:4]}"
        aliases = [a.strip() for a in out["aliases"].split("|") if a.strip()]
        out["aliases"] = " | ".join(dict.fromkeys(aliases + [with_year]))
    if notes:
        out["notes"] = " ".join(filter(None, [out["notes"], *notes]))
    return out, None


def read_facts(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"))


def read_contradicted(path: Path) -> dict[str, str]:
    """Facts rows a better source contradicts (symbol -> reason with that source):
    left out rather than shown beside the right row as a second candidate."""
    if not path.is_file():
        return {}
    return {r["symbol"]: f"{r['reason']} ({r['source']})" for r in read_facts(path)}


@dataclass(frozen=True)
class Correction:
    """One cell of the gathered facts that a later public source corrects."""
    symbol: str
    column: str
    value: str
    reason: str
    source: str


def read_corrections(path: Path) -> list[Correction]:
    if not path.is_file():
        return []
    out = []
    for r in read_facts(path):
        if r["column"] not in OUTPUT_COLUMNS or r["column"] in ("source", "notes"):
            raise ValueError(f"{path}: {r['symbol']}: cannot correct column {r['column']!r}")
        if not r["source"].strip():
            raise ValueError(f"{path}: {r['symbol']}: a correction needs a source")
        out.append(Correction(r["symbol"], r["column"], r["value"], r["reason"], r["source"]))
    return out


def _apply_corrections(rows: list[dict[str, str]], corrections: list[Correction]) -> None:
    by_symbol = {r["symbol"]: r for r in rows}
    for c in corrections:
        row = by_symbol.get(c.symbol)
        if row is None:
            raise ValueError(f"correction for {c.symbol}: no such row in the facts")
        if c.column == "symbol":
            _correct_symbol(rows, by_symbol, row, c)
            continue
        was = row[c.column]
        row[c.column] = c.value
        row["source"] = " | ".join(filter(None, [row["source"], f"{c.column}: " + c.source.replace(" | ", " + ")]))
        row["notes"] = " ".join(filter(None, [row["notes"], f"{c.column} corrected from «{was}»: {c.reason}."]))


def _correct_symbol(rows: list[dict[str, str]], by_symbol: dict[str, dict[str, str]],
                    row: dict[str, str], c: Correction) -> None:
    """Rekey a row whose symbol a source wrote wrong (the 2020 Luật Đầu tư repeals
    "Luật Đầu tư số 67/2014/QH14", a law the QH13 adopted as 67/2014/QH13).  Texts
    that copy the slip still cite the old form, so it stays as an alias symbol, and
    rows pointing at it follow the new key."""
    problem = symbol_problem(c.value) or type_problem(c.value, row["type"])
    if problem:
        raise ValueError(f"correction for {c.symbol}: {problem}")
    if c.value in by_symbol:
        raise ValueError(f"correction for {c.symbol}: {c.value} is already a row of the facts")
    old = row["symbol"]
    row["symbol"] = c.value
    by_symbol[c.value] = by_symbol.pop(old)
    aliases = [a.strip() for a in row["aliases"].split("|") if a.strip()]
    row["aliases"] = " | ".join(dict.fromkeys(aliases + [old]))
    row["source"] = " | ".join(filter(None, [row["source"], "symbol: " + c.source.replace(" | ", " + ")]))
    row["notes"] = " ".join(filter(None, [row["notes"], f"symbol corrected from «{old}»: {c.reason}."]))
    for other in rows:
        for column in ("replaced_by", "amends"):
            refs = [s.strip() for s in other[column].split("|") if s.strip()]
            if old in refs:
                other[column] = " | ".join(c.value if s == old else s for s in refs)


def import_facts(folder: Path, curated: Path | None = None,
                 contradicted: dict[str, str] | None = None,
                 corrections: list[Correction] | None = None,
                 others: list[tuple[str, str]] = ()) -> tuple[list[dict[str, str]], list[Rejected]]:
    """Clean rows of ``folder``'s laws.tsv and decrees.tsv; ``curated`` (an
    instrument-format file) adds laws an amending law may point at; rows named in
    ``contradicted`` are left out with its reason; ``corrections`` replace cells
    a later source corrects; ``others`` ((symbol, type) of the registry's other
    files): a reference to a symbol one of them gives in another counter is
    written ``type:symbol`` (see :func:`_qualify_shared`)."""
    rows: list[dict[str, str]] = []
    rejected: list[Rejected] = []
    seen: set[str] = set()
    contradicted = contradicted or {}
    for name in ("laws.tsv", "decrees.tsv"):
        for raw in read_facts(folder / name):
            if raw["symbol"] in contradicted:
                rejected.append(Rejected(raw["symbol"], contradicted[raw["symbol"]]))
                continue
            row, why = clean_row(raw)
            if why:
                rejected.append(why)
                continue
            if row["symbol"] in seen:
                rejected.append(Rejected(row["symbol"], f"given twice; the second row ({name}) is left out"))
                continue
            seen.add(row["symbol"])
            rows.append(row)
    _apply_corrections(rows, corrections or [])
    _drop_truncated_names(rows)
    _derive_amends(rows, curated)
    # A successor or amended law that no row describes cannot be linked.
    known = {r["symbol"] for r in rows} | {r["symbol"] for r in _curated_laws(curated)}
    for row in rows:
        for column in ("replaced_by", "amends"):
            refs = [s.strip() for s in row[column].split("|") if s.strip()]
            missing = [s for s in refs if s not in known]
            if missing:
                row[column] = " | ".join(s for s in refs if s in known)
                row["notes"] = " ".join(filter(None, [row["notes"], f"{column} {', '.join(missing)} "
                                                      f"is not a known row; link left out"]))
    _qualify_shared(rows, others)
    rows.sort(key=lambda r: (_year(r["symbol"]), r["symbol"]))
    return rows, rejected


def _qualify_shared(rows: list[dict[str, str]], others: list[tuple[str, str]]) -> None:
    """A successor or amended law whose symbol another registry file gives to an
    instrument of another counter (the Nghị quyết 55/2010/QH12 beside the Luật)
    is named with its type, ``Luật:55/2010/QH12``, as the registry requires."""
    by_symbol = {r["symbol"]: r for r in rows}
    for row in rows:
        for column in ("replaced_by", "amends"):
            refs = [s.strip() for s in row[column].split("|") if s.strip()]
            out = []
            for ref in refs:
                target = by_symbol.get(ref)
                if target and any(symbol == ref and separate_counters(type_, target["type"], ref)
                                  for symbol, type_ in others):
                    ref = f"{target['type']}:{ref}"
                out.append(ref)
            row[column] = " | ".join(out)


def registry_instruments(folder: Path, *, leave_out: Path) -> list[tuple[str, str]]:
    """(symbol, type) of every instrument row of a registry folder's files but ``leave_out``."""
    out = []
    for path in registry_files(folder):
        if path.resolve() == leave_out.resolve():
            continue
        kind, rows = _read_tsv(path, other_headers_ok=True)
        if kind in ("instruments", "facts"):
            out += [(r.values["symbol"], r.values["type"]) for r in rows]
    return out


def _drop_truncated_names(rows: list[dict[str, str]]) -> None:
    """A stub row (known only from a repealing sentence, no adoption date) whose
    name is the start of its successor's name was cut short when it was read
    ("Luật Khoa học" for a law the 2013 "Luật Khoa học và công nghệ" replaced):
    as a known name it would end longer names too early, so it is left empty."""
    by_symbol = {r["symbol"]: r for r in rows}
    for row in rows:
        if row["adopted"] or not row["name"]:
            continue
        key = name_key(row["name"])
        successors = [by_symbol[s.strip()] for s in row["replaced_by"].split("|") if s.strip() in by_symbol]
        if any(name_key(s["name"]).startswith(key + " ") for s in successors):
            row["notes"] = " ".join(filter(None, [row["notes"], f"the source's name «{row['name']}» is the "
                                                  f"start of its successor's name (cut short); left empty"]))
            row["name"] = ""


# "Luật sửa đổi, bổ sung một số điều của Luật A, Luật B và Luật C": the laws
# after the first type word, split where the next one starts.
_AMENDING = re.compile(r"^(?:Luật|Pháp lệnh)\s+[Ss]ửa đổi\b.*?\b(?=(?:Bộ luật|Luật|Pháp lệnh)\s+\S)")
_NEXT_LAW = re.compile(r"\s*(?:,|\bvà\b)\s*(?=(?:Bộ luật|Luật|Pháp lệnh)\s+" + UPPER_CLASS + ")")


def amended_names(name: str) -> list[str]:
    """The laws an amending law's name says it amends ([] when it names none)."""
    m = _AMENDING.match(name)
    if not m:
        return []
    return [part.strip() for part in _NEXT_LAW.split(name[m.end():]) if part.strip()]


def _curated_laws(path: Path | None) -> list[dict[str, str]]:
    if path is None or not path.exists():
        return []
    return [{"symbol": r["symbol"], "name": r["name"], "adopted": r["signed"]} for r in read_facts(path)]


def _derive_amends(rows: list[dict[str, str]], curated: Path | None) -> None:
    """Fill ``amends`` of an amending law from its name: each law it names, in
    the version adopted last before it (the one then in force)."""
    laws = [r for r in rows if r["name"]] + _curated_laws(curated)
    by_name: dict[str, list[dict[str, str]]] = {}
    for law in laws:
        by_name.setdefault(name_key(law["name"]), []).append(law)
    for row in rows:
        if row["amends"] or not row["adopted"]:
            continue
        targets = []
        for cited in amended_names(row["name"]):
            earlier = [law for law in by_name.get(name_key(cited), ())
                       if law["adopted"] and law["adopted"] < row["adopted"] and law["symbol"] != row["symbol"]]
            if earlier:
                targets.append(max(earlier, key=lambda law: law["adopted"])["symbol"])
        targets = list(dict.fromkeys(targets))
        if targets:
            row["amends"] = " | ".join(targets)
            row["notes"] = " ".join(filter(None, [row["notes"], "amends: from its name, each law in the version "
                                                  "adopted last before it"]))


def _year(symbol: str) -> int:
    m = re.search(r"(?:19|20)\d{2}", symbol)
    return int(m.group(0)) if m else 0


def write(rows: list[dict[str, str]], rejected: list[Rejected], out: Path, facts: Path) -> None:
    lines = [
        "# National instruments imported from the gathered facts. GENERATED: do not edit by hand;",
        f"# run `python -m cancu.kg.registry.import_facts --facts {facts}` (sources and their reliability: sources.md there).",
        "# Facts format: `expired` is the first day not in force; `replaced_by` ends the row on that day.",
        "# confidence comes from the row's first source (census-only rows are low: unverified).",
        "# Where instruments.tsv describes the same instrument, its row wins and this one fills gaps.",
    ]
    for r in rejected:
        lines.append(f"# left out: {r.symbol}: {r.reason}")
    lines.append("\t".join(OUTPUT_COLUMNS))
    for row in rows:
        lines.append("\t".join(row[c].replace("\t", " ") for c in OUTPUT_COLUMNS))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--facts", type=Path, default=DEFAULT_FACTS, help="folder with laws.tsv and decrees.tsv")
    ap.add_argument("--out", type=Path, default=default_registry_dir() / "laws.tsv")
    args = ap.parse_args(argv)
    rows, rejected = import_facts(args.facts, default_registry_dir() / "instruments.tsv",
                                  read_contradicted(CONTRADICTED),
                                  read_corrections(CORRECTIONS),
                                  registry_instruments(args.out.parent, leave_out=args.out))
    write(rows, rejected, args.out, args.facts)
    print(f"{len(rows)} rows → {args.out}; {len(rejected)} left out", file=sys.stderr)
    for r in rejected:
        print(f"  left out {r.symbol}: {r.reason}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
