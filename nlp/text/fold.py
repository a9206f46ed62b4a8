"""Accent folding: the diacritic-free, lower-case form people type.

Folding is character-for-character on NFC text (one code point in, one out),
so offsets in a folded copy of an NFC string equal offsets in that string.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from cancu.nlp.text import _scan
from cancu.nlp.text.characters import translation

_SPACES = re.compile(r"\s+")


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0]
    return base.lower() if len(base.lower()) == 1 else ch.lower()


# Precomputed for the Latin range Vietnamese uses; other characters pass through.
_TABLE = {cp: _fold_char(chr(cp)) for cp in range(0x00C0, 0x1EFF + 1)}
_TABLE.update({cp: chr(cp).lower() for cp in range(ord("A"), ord("Z") + 1)})
# The same table as a string indexed by code point (`unit_table` makes it the C scan's;
# str.translate reads it too, leaving code points past its end unchanged).
_TABLE_STR = "".join(_TABLE.get(cp, chr(cp)) for cp in range(0x1EFF + 1))


def fold(text: str) -> str:
    """Lower-case and strip Vietnamese diacritics, keeping the length of NFC text.

    >>> fold("Nghị định số 59/2023/NĐ-CP")
    'nghi dinh so 59/2023/nd-cp'
    """
    return fold_nfc(unicodedata.normalize("NFC", text))


def unit_table(chars: str) -> bytes:
    """A table for `_scan.translate` (C: ~0.6 ns a character, where str.translate looks each
    non-ASCII character up at ~20 ns): `chars[c]` for each code point c, as UTF-16 units."""
    units = chars.encode("utf-16-le", "surrogatepass")
    if len(units) != 2 * len(chars):
        raise ValueError("unit_table: a character past the BMP takes two units")
    return units


_TABLE_UNITS = unit_table(_TABLE_STR)


def fold_nfc(text: str) -> str:
    """`fold` for text already in NFC (a normalised working copy): no second pass."""
    return _scan.translate(text, _TABLE_UNITS)


def fold_key(text: str) -> str:
    """A lookup key: folded, whitespace collapsed, trimmed."""
    return _SPACES.sub(" ", fold(text)).strip()


# Characters unified in a folded layout copy (one table, nlp/data/characters.tsv): dashes,
# quotes and odd spaces; line breaks stay, the layout is read from them.
_UNIFY = translation(("dash", "quote", "space"))


def collapse(s: str) -> str:
    """Whitespace collapsed to one space and trimmed."""
    return _SPACES.sub(" ", s).strip()


@lru_cache(maxsize=1)
def _fold_unify_units() -> bytes:
    """`_TABLE_STR` then `_UNIFY`, one table up to the last character `_UNIFY` changes (one C
    pass: str.translate with a dict looks each character up at ~40 ns)."""
    size = max(_UNIFY) + 1
    every = _TABLE_STR + "".join(map(chr, range(len(_TABLE_STR), size)))
    return unit_table(every.translate(_UNIFY))


def fold_text(s: str) -> str:
    """The folded form obligations compare by: no accents, lower case, unified dashes and
    quotes, one character for one (so a folded copy shares the offsets of its text)."""
    folded = _scan.translate(unicodedata.normalize("NFC", s), _fold_unify_units())
    if len(folded) != len(s):
        # NFC joined a character with its marks (a decomposed text): fold one by one and
        # keep the first character, so offsets stay shared with the text as given.
        folded = "".join((fold(c).translate(_UNIFY) or c)[:1] for c in s)
    return folded
