"""Legal and administrative abbreviations, read from `search/data/abbreviations.tsv`.

Kept in data so staff can add one without touching code. Matching is on folded
syllables, so "ubnd", "UBND" and "Ubnd" are the same abbreviation and
"uy ban nhan dan" is the same expansion as "Ủy ban nhân dân".
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from cancu.nlp.text.fold import fold
from cancu.search.analysis import syllables

DEFAULT_PATH = resources.files("cancu.search") / "data" / "abbreviations.tsv"     # package data


@dataclass(frozen=True)
class Abbreviation:
    short: tuple[str, ...]          # folded syllables of the abbreviation: ("nd", "cp")
    long: tuple[str, ...]           # folded syllables of the expansion
    long_text: str                  # the expansion as written, for display and filters
    kind: str                       # "general" | "type"


class Abbreviations:
    def __init__(self, entries: list[Abbreviation]):
        self.entries = entries
        self._by_short: dict[tuple[str, ...], list[Abbreviation]] = {}
        self._by_long: dict[tuple[str, ...], list[Abbreviation]] = {}
        for e in entries:
            self._by_short.setdefault(e.short, []).append(e)
            if e.kind == "general":
                self._by_long.setdefault(e.long, []).append(e)
        self._max_short = max((len(k) for k in self._by_short), default=0)
        self._max_long = max((len(k) for k in self._by_long), default=0)

    @classmethod
    def load(cls, path: Path | str = DEFAULT_PATH) -> "Abbreviations":
        entries = []
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 3 or cols[2] not in ("general", "type"):
                raise ValueError(f"{path}:{n}: expected 'abbreviation<TAB>expansion<TAB>"
                                 f"general|type', got {line!r}")
            short = tuple(fold(s) for s in syllables(cols[0]))
            long = tuple(fold(s) for s in syllables(cols[1]))
            entries.append(Abbreviation(short, long, cols[1], cols[2]))
        return cls(entries)

    def expansions(self, folded: list[str]) -> list[list[str]]:
        """Alternative syllable sequences for abbreviations or expansions in `folded`.

        Longest match first at each position, so "nd cp" expands as NĐ-CP and
        not as NĐ followed by CP.
        """
        out: list[list[str]] = []
        i = 0
        while i < len(folded):
            step = 1
            for table, width in ((self._by_short, self._max_short), (self._by_long, self._max_long)):
                for n in range(min(width, len(folded) - i), 0, -1):
                    key = tuple(folded[i:i + n])
                    if key in table:
                        for e in table[key]:
                            alt = list(e.long if key == e.short else e.short)
                            if alt not in out:
                                out.append(alt)
                        step = max(step, n)
                        break
            i += step
        return out

    def type_words(self) -> set[tuple[str, ...]]:
        """Folded syllables of every type code and name ("nd", "nghi dinh", "nd cp")."""
        return {k for e in self.entries if e.kind == "type" for k in (e.short, e.long)}

    def type_name(self, code: str) -> str | None:
        """'kh' → 'Kế hoạch': the document type a code stands for, if any."""
        for e in self._by_short.get(tuple(fold(s) for s in syllables(code)), []):
            if e.kind == "type":
                return e.long_text
        return None


@lru_cache(maxsize=1)
def default_abbreviations() -> Abbreviations:
    return Abbreviations.load()
