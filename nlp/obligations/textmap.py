"""A normalised working copy of a text that can always point back into the original.

The extractor reads an NFC copy (files such as decomposed Unicode exports are not NFC)
and a folded copy of it (accents and case removed, dashes and quotes unified) for
matching. Folding is one character in, one character out on NFC text, so both copies
share offsets; only the NFC step changes lengths, and `to_original` undoes it.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from nlp.text.fold import fold

# Characters unified in the folded copy: every dash to "-", every quote to '"' or "'",
# non-breaking and other odd spaces to " ". All one-to-one, so offsets are kept.
_UNIFY = str.maketrans({
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u200b": " ", "\ufeff": " ",
})

_WS = re.compile(r"\s+")


def collapse(s: str) -> str:
    """Whitespace collapsed to one space and trimmed."""
    return _WS.sub(" ", s).strip()


def fold_text(s: str) -> str:
    """The folded form used for every comparison: no accents, lower case, unified dashes."""
    folded = fold(s).translate(_UNIFY)
    if len(folded) != len(s):
        # A rare character whose lower case is longer (e.g. "İ"): fold one by one and
        # keep the first character, so offsets stay shared.
        folded = "".join((fold(c).translate(_UNIFY) or c)[:1] for c in s)
    return folded


@dataclass
class WorkingText:
    original: str
    nfc: str
    folded: str
    # For each NFC character: the original offsets of the cluster it came from.
    _starts: list[int] = field(repr=False, default_factory=list)
    _ends: list[int] = field(repr=False, default_factory=list)

    @classmethod
    def from_original(cls, original: str) -> "WorkingText":
        out: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        i, n = 0, len(original)
        while i < n:
            # A cluster is one base character and the combining marks after it; NFC
            # never merges across clusters, so each can be composed on its own.
            j = i + 1
            while j < n and unicodedata.combining(original[j]):
                j += 1
            composed = unicodedata.normalize("NFC", original[i:j])
            for ch in composed:
                out.append(ch)
                starts.append(i)
                ends.append(j)
            i = j
        nfc = "".join(out)
        return cls(original=original, nfc=nfc, folded=fold_text(nfc), _starts=starts, _ends=ends)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the NFC copy back to the original text."""
        if start >= end:
            pos = self._starts[start] if start < len(self._starts) else len(self.original)
            return pos, pos
        return self._starts[start], self._ends[end - 1]

    def original_offset(self, pos: int) -> int:
        return self._starts[pos] if pos < len(self._starts) else len(self.original)
