"""Upper- and lower-case letters as regex class bodies.

A range such as `À-Ỹ` is no class of capitals: between U+00C0 and U+1EF8 lie the lower-case
letters too (à, ă, đ, ơ, ư and the Vietnamese block, where capital and small alternate), so
`[A-ZĐÀ-Ỹ]` took «đề» in «Ủy ban nhân dân Thành phố đề nghị …» for a capitalised word.
These are the letters themselves, read off Unicode's case of every Latin letter a
Vietnamese text uses.
"""
from __future__ import annotations

_LATIN = [chr(c) for r in ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x1E00, 0x1EFF))
          for c in range(r[0], r[1] + 1) if chr(c).isalpha()]

UPPER = "".join(c for c in _LATIN if c.isupper())     # "ABC…ĐÀÁ…Ỹ": inside [ ] of a pattern
LOWER = "".join(c for c in _LATIN if c.islower())
UPPER_CLASS = f"[{UPPER}]"                             # one capital letter
LOWER_CLASS = f"[{LOWER}]"                             # one small letter
