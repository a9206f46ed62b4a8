"""The one character table: dashes, quotes, odd spaces, line breaks and look-alike letters
written one way.

Every working copy (the citation copy, the obligation copy, registry keys) unifies
characters from `nlp/data/characters.tsv`, so the extractor and `symbol_key` cannot
disagree on a symbol written with an en dash. Each replacement is one character for
one, so offsets are kept.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

_TABLE_FILE = resources.files("cancu.nlp") / "data" / "characters.tsv"     # package data
CLASSES = ("dash", "quote", "space", "line", "homoglyph")


@lru_cache(maxsize=1)
def _rows() -> tuple[tuple[str, str, str], ...]:
    with _TABLE_FILE.open(encoding="utf-8") as f:
        lines = [ln for ln in f if ln.strip() and not ln.startswith("#")]
    out = []
    for n, row in enumerate(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE), start=2):
        char, becomes = chr(int(row["code"], 16)), row["becomes"].replace("\\n", "\n")
        if len(becomes) != 1 or row["class"] not in CLASSES:
            raise ValueError(f"characters.tsv row {n}: one replacement character of a known class, "
                             f"got «{row['becomes']}» / «{row['class']}»")
        out.append((char, becomes, row["class"]))
    return tuple(out)


@lru_cache(maxsize=None)
def unified(classes: tuple[str, ...] = CLASSES) -> dict[str, str]:
    """character → replacement, for the given classes."""
    return {char: becomes for char, becomes, cls in _rows() if cls in classes}


@lru_cache(maxsize=None)
def translation(classes: tuple[str, ...] = CLASSES) -> dict[int, str]:
    """`unified(classes)` as a `str.translate` table."""
    return str.maketrans(unified(classes))


@lru_cache(maxsize=None)
def char_class(cls: str) -> str:
    """A regex character-class body for a text not unified yet: the characters a class
    becomes ("-" for dashes) and every character the table turns into them."""
    table = unified((cls,))
    return "".join(re.escape(c) for c in sorted(set(table.values())) + sorted(table))
