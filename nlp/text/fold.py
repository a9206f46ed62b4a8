"""Accent folding: the diacritic-free, lower-case form people type.

Folding is character-for-character on NFC text (one code point in, one out),
so offsets in a folded copy of an NFC string equal offsets in that string.
"""
from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0]
    return base.lower() if len(base.lower()) == 1 else ch.lower()


# Precomputed for the Latin range Vietnamese uses; other characters pass through.
_TABLE = {cp: _fold_char(chr(cp)) for cp in range(0x00C0, 0x1EFF + 1)}
_TABLE.update({cp: chr(cp).lower() for cp in range(ord("A"), ord("Z") + 1)})
# The same table as a string indexed by code point: str.translate looks a character up
# in a string (C indexing) about twice as fast as in a dict; code points past its end
# raise IndexError, which translate reads as "leave unchanged", as the dict's misses.
_TABLE_STR = "".join(_TABLE.get(cp, chr(cp)) for cp in range(0x1EFF + 1))


def fold(text: str) -> str:
    """Lower-case and strip Vietnamese diacritics, keeping the length of NFC text.

    >>> fold("Nghị định số 59/2023/NĐ-CP")
    'nghi dinh so 59/2023/nd-cp'
    """
    return unicodedata.normalize("NFC", text).translate(_TABLE_STR)


def fold_nfc(text: str) -> str:
    """`fold` for text already in NFC (a normalised working copy): no second pass."""
    return text.translate(_TABLE_STR)


def fold_key(text: str) -> str:
    """A lookup key: folded, whitespace collapsed, trimmed."""
    return _SPACES.sub(" ", fold(text)).strip()
