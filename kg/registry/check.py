"""Checks of the registry's data and figures about it (`cancu registry check`,
`cancu registry stats`).

Loading already refuses what cannot be read (bad dates, unknown relation ends,
an end that contradicts a relation).  This module checks what a loaded registry
must also satisfy: symbol forms, a type that agrees with the symbol's code,
dates in order (adopted ≤ effective ≤ end), no cycle of replacements or
amendments; and counts what it holds, by type, decade, status and confidence.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

# The counters live in sequences.py (the loader needs them too); re-exported for callers of check.
from cancu.kg.registry.names import name_problem
from cancu.kg.registry.sequences import SequenceRule, data_rows as _data_rows  # noqa: F401
from cancu.kg.registry.sequences import place_in_sequence, sequence_names, sequence_rules  # noqa: F401
from cancu.nlp.citations.vocab import vocabulary

_DATA = resources.files("cancu.kg") / "data" / "symbol_types.tsv"     # package data
# number[letter] [/year] then code blocks joined by / or - ; or a pseudo-symbol (HP-2013). A member of a
# numbered series carries its number after a dot when a year follows (66.7/2025/NQ-CP), as the extractor reads it.
_SYMBOL_FORM = re.compile(
    r"\d+[a-zA-Z]?(?:\.\d{1,2}(?=/(?:19|20)\d{2}/))?(?:/(?:19|20)\d{2})?[/-][^\W\d_][\w]*(?:[/-][\w]+)*"
    r"|[A-ZĐ]{2,}-(?:19|20)\d{2}")
_CODE = re.compile(r"^\d+[a-zA-Z]?(?:\.\d{1,2}(?=/(?:19|20)\d{2}/))?(?:/(?:19|20)\d{2})?[/-]([^\W\d_][^\W\d_]*)")


@lru_cache(maxsize=1)
def _symbol_rules() -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    return tuple((re.compile(cells[0]), tuple(t.strip() for t in cells[1].split("|")))
                 for _, cells in _data_rows(_DATA))


def symbol_problem(symbol: str) -> str | None:
    """Why a symbol is not in a symbol's form, or None."""
    if not symbol:
        return "empty symbol"
    if re.search(r"\s", symbol):
        return f"symbol {symbol!r} contains spaces"
    if not _SYMBOL_FORM.fullmatch(symbol):
        return f"symbol {symbol!r} is not of the form number[/year]/CODE (or a pseudo-symbol like HP-2013)"
    return None


def allowed_types(symbol: str) -> tuple[str, ...] | None:
    """The types a symbol's form allows, or None when its code is unknown."""
    for pattern, types in _symbol_rules():
        if pattern.fullmatch(symbol):
            return types
    m = _CODE.match(symbol)
    if not m:
        return None
    family = "party" if re.search(r"/(?:TW|[A-ZĐ]*TW|[A-ZĐ]*TU)$", symbol) else "state"
    t = vocabulary().type_of_code(m.group(1), family)
    return (t,) if t else None


def type_problem(symbol: str, type_: str) -> str | None:
    """Why a type disagrees with the symbol's code, or None."""
    if not type_:
        return "empty type"
    allowed = allowed_types(symbol)
    if allowed is not None and type_ not in allowed:
        return f"type {type_!r} disagrees with the symbol {symbol} (its form allows {' / '.join(allowed)})"
    return None


@dataclass
class CheckReport:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)     # instruments given by several files
    # symbols two counters share (a Luật and a Nghị quyết): each instrument keyed type:symbol
    shared: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def check(registry) -> CheckReport:
    report = CheckReport()
    for inst in registry.instruments:
        where = f"{inst.origin}: {inst.key}"
        for problem in (symbol_problem(inst.symbol), type_problem(inst.symbol, inst.type)):
            if problem:
                report.errors.append(f"{where}: {problem}")
        end, _ = registry.end_of(inst)
        dates = [("adopted", inst.signed), ("effective", inst.effective), ("end", end)]
        known = [(n, d) for n, d in dates if d]
        for (n1, d1), (n2, d2) in zip(known, known[1:]):
            if d2 >= d1:
                continue
            if (n1, n2) == ("adopted", "effective"):    # retroactive effect: rare but lawful
                report.warnings.append(f"{where}: effective {d2} is before adopted {d1} (retroactive; check the source)")
            else:
                report.errors.append(f"{where}: {n2} {d2} is before {n1} {d1}")
        if inst.type in vocabulary().named_types and not inst.name:
            report.warnings.append(f"{where}: a {inst.type} without a name (it can only be found by symbol)")
        if inst.also_from:
            report.merged.append(f"{where}: merged with {', '.join(inst.also_from)}")
        report.warnings.extend(_name_warnings(inst))
    for base, insts in registry.shared_symbols().items():
        report.shared.append(f"{base}: " + ", ".join(f"{i.key} ({i.origin})" for i in insts))
    report.warnings.extend(legislature_slips(registry))
    for kinds in (("replaces", "repeals"), ("amends",)):
        for cycle in _cycles(registry, kinds):
            report.errors.append(f"cycle of {'/'.join(kinds)}: {' → '.join(cycle)}")
    return report


def _name_warnings(inst) -> list[str]:
    """A warning for each row of the instrument whose name runs on past where a name ends
    (kg/registry/names.py), at that row's file:line."""
    out = []
    for row in inst.rows or ():
        problem = name_problem(row.name, inst.symbol)
        if problem:
            out.append(f"{row.origin}: {inst.key}: tên «{row.name}» không phải là tên văn bản — {problem}")
    return out


# The legislature a Quốc hội / UBTVQH symbol names: "67/2014/QH13", "18/2004/PL-UBTVQH11".
_LEGISLATURE = re.compile(r"^\d+/((?:19|20)\d{2})/(?:[A-ZĐ]+-)?(?:UBTV)?QH(\d+)$")


def legislature_slips(registry) -> list[str]:
    """Symbols whose year falls inside another legislature's years, as the
    registry's own symbols span them: a repeal clause that writes "Luật Đầu tư số
    67/2014/QH14" for the law the QH13 adopted in 2014.  A year two legislatures
    share (one term ends, the next begins) is never flagged, nor a year only one
    symbol of a legislature has (it cannot tell a term)."""
    years: dict[str, list[int]] = defaultdict(list)
    found = []
    for inst in registry.instruments:
        m = _LEGISLATURE.match(inst.symbol)
        if m:
            years[m.group(2)].append(int(m.group(1)))
            found.append((inst, int(m.group(1)), m.group(2)))
    # A legislature's years are those of two or more of its symbols: a lone slip
    # ("18/2003/QH12") must not stretch the QH12's years back over the QH11's.
    spans = {}
    for leg, ys in years.items():
        firm = [y for y, n in Counter(ys).items() if n >= 2]
        if firm:
            spans[leg] = (min(firm), max(firm))
    out = []
    for inst, year, leg in found:
        inside = [other for other, (lo, hi) in spans.items() if other != leg and lo < year < hi]
        if inside:
            out.append(f"{inst.origin}: {inst.key}: năm {year} nằm trong nhiệm kỳ khóa {inside[0]} "
                       f"(theo các ký hiệu trong danh mục), không phải khóa {leg}; có thể ký hiệu chép sai / "
                       f"year {year} falls inside legislature {inside[0]}'s years, not {leg}'s: check the symbol")
    return out


def _cycles(registry, kinds: tuple[str, ...]) -> list[list[str]]:
    edges: dict[str, list[str]] = defaultdict(list)
    for r in registry.relations:
        if r.relation in kinds:
            edges[r.subject].append(r.object)
    found: list[list[str]] = []
    state: dict[str, int] = {}          # 1 on the path, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        path.append(node)
        for nxt in edges.get(node, ()):
            if state.get(nxt) == 1:
                found.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, path)
        path.pop()
        state[node] = 2

    for node in list(edges):
        if node not in state:
            visit(node, [])
    return found


def _decade(year: int | None) -> str:
    return f"{year // 10 * 10}s" if year else "unknown"


def coverage(registry) -> dict[str, dict[str, int]]:
    """Instruments by type, then by decade of adoption (or the symbol's year)."""
    table: dict[str, Counter] = defaultdict(Counter)
    for inst in registry.instruments:
        table[inst.type][_decade(inst.signed.year if inst.signed else inst.year)] += 1
    return {t: dict(sorted(c.items())) for t, c in sorted(table.items())}


def stats(registry, on: dt.date, checked: dict[tuple[str, str], set[int]] | None = None) -> dict:
    """Counts of what the registry holds; statuses are on ``on``; numbers missing
    from the Quốc hội's and the UBTVQH's sequences (``checked``: see :func:`read_checked`)."""
    insts = registry.instruments
    status = Counter(registry.status_at(i.key, on).code for i in insts)
    return {
        "instruments": len(insts),
        "relations": len(registry.relations),
        "by_type": dict(sorted(Counter(i.type for i in insts).items())),
        "by_decade": dict(sorted(Counter(_decade(i.signed.year if i.signed else i.year) for i in insts).items())),
        "by_confidence": dict(sorted(Counter(i.confidence for i in insts).items())),
        "by_status": dict(sorted(status.items())),
        "status_on": on.isoformat(),
        "relations_by_kind": dict(sorted(Counter(r.relation for r in registry.relations).items())),
        "with_adoption_date": sum(1 for i in insts if i.signed),
        "with_effective_date": sum(1 for i in insts if i.effective),
        "with_end": sum(1 for i in insts if registry.end_of(i)[0]),
        "with_aliases": sum(1 for i in insts if i.aliases),
        "merged_from_several_files": sum(1 for i in insts if i.also_from),
        "shared_symbols": {base: [i.key for i in group] for base, group in registry.shared_symbols().items()},
        **gaps_figures(sequence_gaps(registry, checked)),
    }


# ------------------------------------------------------- numbering sequences
# Since 2002 the Quốc hội numbers its laws N/YYYY/QHxx in one sequence per
# legislature, and its resolutions in another: the registry itself holds
# 63/2022/QH15 (a Nghị quyết) and 63/2025/QH15 (the Luật Tổ chức Chính phủ), and
# on 2025-02-19 the Luật 64/2025/QH15 beside the Nghị quyết 190/2025/QH15.  The
# UBTVQH numbers its ordinances and its resolutions likewise (kg/data/sequences.tsv).
# A number missing below the highest known one is an instrument nobody has
# recorded yet: coverage information, not an error.
CHECKED_FILE = Path("research") / "sequence_checked.tsv"
CHECKED_GLOB = "sequence_checked*.tsv"               # one file per research branch, same header
CHECKED_COLUMNS = ("legislature", "sequence", "number", "finding", "source")
CHECKED_OPTIONAL_COLUMNS = ("queries",)


@dataclass(frozen=True)
class SequenceGaps:
    """One numbering sequence of one legislature (QH15, Luật)."""
    legislature: str
    sequence: str
    known: int
    highest: int
    missing: tuple[int, ...]             # below `highest`, no instrument in the registry
    checked: tuple[int, ...] = ()        # of `missing`: looked up and recorded (sequence_checked*.tsv)

    @property
    def unknown(self) -> tuple[int, ...]:
        """Missing numbers nobody has looked up yet."""
        return tuple(n for n in self.missing if n not in set(self.checked))

    @property
    def done(self) -> int:
        """Numbers up to `highest` that are in the registry or were looked up."""
        return self.known + len(self.checked)


def read_checked(path: Path) -> dict[tuple[str, str], set[int]]:
    """Numbers looked up and found not to be a registry instrument (not found, or
    found to be a non-normative resolution), by (legislature, sequence).  A missing
    file means nothing was checked."""
    if not path.is_file():
        return {}
    lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")]
    header = tuple(lines[0].split("\t")) if lines else ()
    if header[:len(CHECKED_COLUMNS)] != CHECKED_COLUMNS or \
            not set(header[len(CHECKED_COLUMNS):]) <= set(CHECKED_OPTIONAL_COLUMNS):
        raise ValueError(f"{path}: header must be {' '.join(CHECKED_COLUMNS)} "
                         f"(then optionally {' '.join(CHECKED_OPTIONAL_COLUMNS)})")
    names = sequence_names()
    out: dict[tuple[str, str], set[int]] = defaultdict(set)
    for n, line in enumerate(lines[1:], start=2):
        cells = dict(zip(header, line.split("\t")))
        if cells.get("sequence") not in names or not (cells.get("number") or "").isdigit():
            raise ValueError(f"{path}:{n}: sequence must be one of {', '.join(names)} and number a number")
        if not re.fullmatch(r"QH\d+", cells.get("legislature") or ""):
            raise ValueError(f"{path}:{n}: legislature must be written QH<khóa> (QH15)")
        if not (cells.get("source") or "").strip():
            raise ValueError(f"{path}:{n}: a checked number needs the source that was searched")
        if "queries" in header and not (cells.get("queries") or "").strip():
            raise ValueError(f"{path}:{n}: a checked number needs the queries that were run")
        out[(cells["legislature"], cells["sequence"])].add(int(cells["number"]))
    return dict(out)


def read_checked_folder(folder: Path) -> dict[tuple[str, str], set[int]]:
    """Every ``research/sequence_checked*.tsv`` of a registry folder, merged."""
    out: dict[tuple[str, str], set[int]] = defaultdict(set)
    for path in sorted((Path(folder) / CHECKED_FILE.parent).glob(CHECKED_GLOB)):
        for key, numbers in read_checked(path).items():
            out[key] |= numbers
    return dict(out)


def sequence_gaps(registry, checked: dict[tuple[str, str], set[int]] | None = None) -> list[SequenceGaps]:
    """Per legislature and sequence, the numbers missing up to the highest known."""
    numbers: dict[tuple[str, str], set[int]] = defaultdict(set)
    for inst in registry.instruments:
        placed = place_in_sequence(inst.type, inst.symbol)
        if placed:
            numbers[placed[:2]].add(placed[2])
    checked = checked or {}
    order = {name: i for i, name in enumerate(sequence_names())}
    out = []
    for (leg, seq), known in sorted(numbers.items(), key=lambda kv: (int(kv[0][0][2:]), order[kv[0][1]])):
        highest = max(known)
        missing = tuple(n for n in range(1, highest + 1) if n not in known)
        out.append(SequenceGaps(leg, seq, len(known), highest, missing,
                                tuple(n for n in missing if n in checked.get((leg, seq), ()))))
    return out


def _ranges(numbers: tuple[int, ...]) -> str:
    """1, 2, 3, 7 → "1–3, 7"."""
    parts: list[str] = []
    for n in numbers:
        if parts and parts[-1][1] == n - 1:
            parts[-1] = (parts[-1][0], n)
        else:
            parts.append((n, n))
    return ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in parts)


def gaps_lines(gaps: list[SequenceGaps]) -> list[str]:
    """The coverage lines `cancu registry check` prints."""
    lines = []
    for g in gaps:
        checked = f": {_ranges(g.checked)}" if g.checked else ""
        line = (f"{g.legislature} {g.sequence}: {g.known} số đã có đến số {g.highest}, thiếu {len(g.missing)}"
                f" (đã tra mà không thấy văn bản quy phạm {len(g.checked)}{checked}; xong {g.done}/{g.highest})"
                f" / {g.known} known up to {g.highest}, {len(g.missing)} missing ({len(g.checked)} checked;"
                f" done {g.done}/{g.highest})")
        if g.unknown:
            line += f": {_ranges(g.unknown)}"
        lines.append(line)
    return lines


def gaps_figures(gaps: list[SequenceGaps]) -> dict:
    """`registry stats --json`: {legislature: {sequence: counts}} and the totals."""
    by_leg: dict[str, dict] = defaultdict(dict)
    for g in gaps:
        by_leg[g.legislature][g.sequence] = {"known": g.known, "highest": g.highest,
                                             "missing": len(g.missing), "checked": len(g.checked),
                                             "done": g.done}
    return {"sequence_gaps": dict(by_leg),
            "missing_from_sequences": sum(len(g.missing) for g in gaps),
            "missing_laws_from_sequences": sum(len(g.missing) for g in gaps if g.sequence == "Luật"),
            "unchecked_in_sequences": {s: sum(len(g.unknown) for g in gaps if g.sequence == s)
                                       for s in sequence_names()}}
