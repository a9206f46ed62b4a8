"""The numbering counters of the Quốc hội and its Standing Committee
(kg/data/sequences.tsv): which counter a (type, symbol) belongs to.

The Quốc hội writes its laws and its resolutions alike (…/YYYY/QHnn) but numbers
them in two counters, so one symbol can name a law and a resolution (55/2010/QH12
is the Luật An toàn thực phẩm and the Nghị quyết on agricultural land use tax).
Two types of one symbol are two instruments exactly when the symbol places them
in two different counters (:func:`separate_counters`); `registry check` uses the
same rules for its coverage of each counter.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable

__all__ = ["SequenceRule", "counter_of", "data_rows", "place_in_sequence", "same_instrument_types",
           "separate_counters", "sequence_names", "sequence_rules"]

_SEQUENCES_DATA = resources.files("cancu.kg") / "data" / "sequences.tsv"     # package data

def data_rows(data: Traversable) -> list[tuple[int, list[str]]]:
    """(line number, cells) of a kg data TSV below its header; comments and blank lines skipped."""
    rows = []
    header = None
    for n, line in enumerate(data.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if header is None:
            header = line
            continue
        rows.append((n, line.split("\t")))
    return rows

@dataclass(frozen=True)
class SequenceRule:
    """Which instruments a numbering sequence holds (a row of sequences.tsv)."""
    sequence: str
    types: tuple[str, ...]
    pattern: re.Pattern[str]

    def place(self, type_: str, symbol: str) -> tuple[str, int] | None:
        """(legislature, number) of an instrument in this sequence, or None."""
        if type_ not in self.types:
            return None
        m = self.pattern.fullmatch(symbol)
        return (f"QH{int(m.group('legislature'))}", int(m.group("number"))) if m else None

@lru_cache(maxsize=1)
def sequence_rules() -> tuple[SequenceRule, ...]:
    rules = []
    for n, cells in data_rows(_SEQUENCES_DATA):
        if len(cells) != 3:
            raise ValueError(f"{_SEQUENCES_DATA}:{n}: expected sequence, types, pattern")
        pattern = re.compile(cells[2])
        if not {"number", "legislature"} <= set(pattern.groupindex):
            raise ValueError(f"{_SEQUENCES_DATA}:{n}: the pattern needs the groups number and legislature")
        rules.append(SequenceRule(cells[0], tuple(t.strip() for t in cells[1].split("|")), pattern))
    return tuple(rules)

def sequence_names() -> tuple[str, ...]:
    return tuple(dict.fromkeys(r.sequence for r in sequence_rules()))

def place_in_sequence(type_: str, symbol: str) -> tuple[str, str, int] | None:
    """(legislature, sequence, number) of an instrument, or None when it is in no sequence."""
    for rule in sequence_rules():
        found = rule.place(type_, symbol)
        if found:
            return found[0], rule.sequence, found[1]
    return None

def counter_of(type_: str, symbol: str) -> str | None:
    """The counter (sequence name) that numbers an instrument of this type and
    symbol, or None when no sequence holds it."""
    placed = place_in_sequence(type_, symbol)
    return placed[1] if placed else None

def separate_counters(type_a: str, type_b: str, symbol: str) -> bool:
    """Whether ``symbol`` of type ``type_a`` and of type ``type_b`` are two
    instruments: both types are placed in a counter by the symbol, and the
    counters differ (Luật and Nghị quyết of …/QH12; not Luật and Bộ luật, one
    counter; not the party's Quyết định and Quy định, which no sequence holds)."""
    a, b = counter_of(type_a, symbol), counter_of(type_b, symbol)
    return a is not None and b is not None and a != b

def same_instrument_types(type_a: str, type_b: str, symbol: str) -> bool:
    """The opposite of :func:`separate_counters`: the two types may name one instrument."""
    return not separate_counters(type_a, type_b, symbol)
