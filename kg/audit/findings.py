"""The kinds of audit finding, in one place: which say a basis may no longer stand,
how serious each is (the order of audit rows), and what people read for each.

The codes are stable English words stored in the graph (cancu:findingKind) and in JSON;
the rank, the stale flag and the Vietnamese/English labels and meanings live in
kg/data/finding_kinds.tsv, one row per kind, most serious first. The web pages, the CLI,
the search index and the exports all ask this module (docs/ARCHITECTURE.md § Audit).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from importlib import resources

_DATA = resources.files("cancu.kg") / "data" / "finding_kinds.tsv"     # package data
LANGS = ("vi", "en")


class FindingKind(str, Enum):
    STALE = "stale"
    STALE_DURING_PERIOD = "stale_during_period"
    REPLACED_SINCE = "replaced_since"
    POSSIBLY_STALE = "possibly_stale"
    NOT_YET_IN_FORCE = "not_yet_in_force"
    POSSIBLY_NOT_YET_IN_FORCE = "possibly_not_yet_in_force"
    ANACHRONISM = "anachronism"
    DATE_CONFLICT = "date_conflict"
    YEAR_MISMATCH = "year_mismatch"
    TYPE_MISMATCH = "type_mismatch"
    SYMBOL_MISMATCH = "symbol_mismatch"
    UNRESOLVED = "unresolved"

    def __str__(self) -> str:       # the code, as stored and printed
        return self.value

    @property
    def is_stale(self) -> bool:
        """The finding says the basis is, or may be, no longer in force."""
        return _rows()[self.value].stale

    @property
    def rank(self) -> int:
        """0 for the most serious; audit rows are ordered by it."""
        return _rows()[self.value].rank

    def label(self, lang: str = "vi") -> str:
        return _rows()[self.value].label[lang if lang in LANGS else "vi"]

    def meaning(self, lang: str = "vi") -> str:
        """One sentence saying what the finding means (the legend)."""
        return _rows()[self.value].meaning[lang if lang in LANGS else "vi"]

    @classmethod
    def by_severity(cls) -> list["FindingKind"]:
        return sorted(cls, key=lambda k: k.rank)


def is_stale(code: str) -> bool:
    """For a code as stored (a plain string); an unknown code is not stale."""
    return code in STALE_KINDS


def severity(code: str) -> int:
    """Rank of a code as stored; an unknown code sorts after every known one."""
    try:
        return FindingKind(code).rank
    except ValueError:
        return len(FindingKind)


def label(code: str, lang: str = "vi") -> str:
    """The label people read; an unknown code shows itself."""
    try:
        return FindingKind(code).label(lang)
    except ValueError:
        return code


@dataclass(frozen=True)
class _Row:
    rank: int
    stale: bool
    label: dict[str, str]
    meaning: dict[str, str]


@lru_cache(maxsize=1)
def _rows() -> dict[str, _Row]:
    lines = [ln for ln in _DATA.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    out: dict[str, _Row] = {}
    for rank, r in enumerate(csv.DictReader(lines, delimiter="\t")):
        if r["kind"] in out:
            raise ValueError(f"{_DATA.name}: kind {r['kind']!r} twice")
        out[r["kind"]] = _Row(rank, r["stale"] == "1", {"vi": r["label_vi"], "en": r["label_en"]},
                              {"vi": r["meaning_vi"], "en": r["meaning_en"]})
    codes = {k.value for k in FindingKind}
    if set(out) != codes:
        raise ValueError(f"{_DATA.name} and FindingKind disagree: "
                         f"rows without a kind {sorted(set(out) - codes)}, kinds without a row {sorted(codes - set(out))}")
    return out


STALE_KINDS = frozenset(k.value for k in FindingKind if k.is_stale)
