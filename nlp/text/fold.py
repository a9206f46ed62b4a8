"""Accent folding: the diacritic-free, lower-case form people type.

Folding is character-for-character on NFC text (one code point in, one out),
so offsets in a folded copy of an NFC string equal offsets in that string.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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
# The same table as a string indexed by code point: str.translate looks a character up
# in a string (C indexing) about twice as fast as in a dict; code points past its end
# raise IndexError, which translate reads as "leave unchanged", as the dict's misses.
_TABLE_STR = "".join(_TABLE.get(cp, chr(cp)) for cp in range(0x1EFF + 1))


def fold(text: str) -> str:
    """Lower-case and strip Vietnamese diacritics, keeping the length of NFC text.

    >>> fold("Nghị định số 59/2023/NĐ-CP")
    'nghi dinh so 59/2023/nd-cp'
    """
    return fold_nfc(unicodedata.normalize("NFC", text))


# str.translate looks every non-ASCII character up one at a time (~20 ns each: a third
# of a second for a 16 MB text). Past this length (the two cost the same near 1,000
# characters) the same table is applied as one array lookup over the text's UTF-16
# code units (~5 ns each).
_ARRAY_FOLD_FROM = 2_000


def fold_nfc(text: str) -> str:
    """`fold` for text already in NFC (a normalised working copy): no second pass."""
    if len(text) < _ARRAY_FOLD_FROM or text.isascii():
        return text.translate(_TABLE_STR)
    return _fold_units(text)


@lru_cache(maxsize=1)
def _unit_table():
    """`_TABLE_STR` as a lookup array over every UTF-16 code unit (numpy: loaded only for
    long texts). Units past the table, surrogates included, map to themselves, as
    translate leaves characters past its table, so a character outside the BMP (two
    units) folds to itself."""
    import numpy as np
    table = np.arange(0x10000, dtype=np.uint16)
    table[:len(_TABLE_STR)] = np.frombuffer(_TABLE_STR.encode("utf-16-le"), dtype=np.uint16)
    return np, table


def _fold_units(text: str) -> str:
    np, table = _unit_table()
    units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    folded = table[units].tobytes().decode("utf-16-le", "surrogatepass")
    if len(folded) != len(text):   # a lone high + lone low surrogate decoded as one character
        return text.translate(_TABLE_STR)
    return folded


def fold_key(text: str) -> str:
    """A lookup key: folded, whitespace collapsed, trimmed."""
    return _SPACES.sub(" ", fold(text)).strip()


# Characters unified in a folded layout copy (one table, nlp/data/characters.tsv): dashes,
# quotes and odd spaces; line breaks stay, the layout is read from them.
_UNIFY = translation(("dash", "quote", "space"))


def collapse(s: str) -> str:
    """Whitespace collapsed to one space and trimmed."""
    return _SPACES.sub(" ", s).strip()


def fold_text(s: str) -> str:
    """The folded form obligations compare by: no accents, lower case, unified dashes and
    quotes, one character for one (so a folded copy shares the offsets of its text)."""
    folded = fold(s).translate(_UNIFY)
    if len(folded) != len(s):
        # A rare character whose lower case is longer (e.g. "İ"): fold one by one and
        # keep the first character, so offsets stay shared.
        folded = "".join((fold(c).translate(_UNIFY) or c)[:1] for c in s)
    return folded
