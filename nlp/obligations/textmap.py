"""A normalised working copy of a text that can always point back into the original.

The extractor reads an NFC copy (files such as decomposed Unicode exports are not NFC)
and a folded copy of it (accents and case removed, dashes and quotes unified) for
matching. Folding is one character in, one character out on NFC text, so both copies
share offsets; only the NFC step changes lengths, and `to_original` undoes it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from cancu.nlp.text.characters import translation
from cancu.nlp.text.fold import fold
from cancu.nlp.text.normalize import OffsetMap, compose

# Characters unified in the folded copy (one table, nlp/data/characters.tsv): dashes, quotes
# and odd spaces; line breaks stay, the layout is read from them.
_UNIFY = translation(("dash", "quote", "space"))

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


@dataclass(frozen=True)
class WorkingText:
    original: str
    nfc: str
    folded: str
    # The NFC step's edits (docs/ARCHITECTURE.md § Text: the same offset map as the
    # citation copy's first step).
    _map: OffsetMap = field(repr=False)

    @classmethod
    def from_original(cls, original: str) -> "WorkingText":
        nfc, offsets = compose(original)
        return cls(original=original, nfc=nfc, folded=fold_text(nfc), _map=offsets)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the NFC copy back to the original text."""
        if start >= end:
            pos = self._map.start(start)
            return pos, pos
        return self._map.start(start), self._map.end(end)
