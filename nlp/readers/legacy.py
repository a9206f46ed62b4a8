"""Legacy Vietnamese 8-bit encodings (TCVN3, VNI, Windows-1258) and their detection.

The TCVN3 and VNI tables live in `nlp/data/tcvn3.tsv` and `nlp/data/vni.tsv`.
Bytes a table does not list keep their Windows-1252 meaning: such files were
typed in Word with a .VnTime or VNI-Times font and saved with the Western code
page, so their quotes and dashes are cp1252 ones.

Detection decodes the bytes with every candidate and keeps the one whose
non-ASCII words are valid Vietnamese syllables (`syllables.plausibility`).
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from cancu.nlp.readers.syllables import Plausibility, is_syllable, plausibility

# Below this share of valid non-ASCII words a decoding is garbage, not Vietnamese.
MIN_RATIO = 0.8
# Two different decodings closer than this cannot be told apart: refuse.
MIN_MARGIN = 0.05
# Detection reads at most this much; the winner then decodes the whole file.
SAMPLE_BYTES = 1 << 18

# cp1252 leaves five bytes undefined; a legacy file never uses them for text.
_CP1252 = [bytes([b]).decode("cp1252", errors="replace") for b in range(256)]
_CP1252_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)


def _load_table(filename: str) -> dict[bytes, str]:
    """Read `<bytes hex>\t<U+XXXX>\t<char>` rows; the char column guards typos."""
    table: dict[bytes, str] = {}
    text = resources.files("cancu.nlp").joinpath("data", filename).read_text("utf-8")
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            hexbytes, codepoint, char = line.split("\t")
            key = bytes(int(h, 16) for h in hexbytes.split())
            value = chr(int(codepoint.removeprefix("U+"), 16))
        except ValueError as exc:
            raise RuntimeError(f"{filename}:{lineno}: malformed row {line!r}") from exc
        if value != char or key in table or not key:
            raise RuntimeError(f"{filename}:{lineno}: inconsistent row {line!r}")
        table[key] = value
    return table


@dataclass(frozen=True)
class LegacyDecoding:
    text: str
    stray: int   # bytes the encoding gives no letter for (out-of-place marks, gaps)


class Tcvn3:
    """TCVN3/ABC: one byte, one character."""

    name = "tcvn3"

    def __init__(self) -> None:
        table = _load_table("tcvn3.tsv")
        chars = [chr(b) if b < 0x80 else _CP1252[b] for b in range(256)]
        self._stray = bytearray(256)
        for b in range(0xA0, 0x100):
            # Upper-half letters VN3 does not define are not TCVN3 text.
            self._stray[b] = chars[b].isalpha()
        for key, value in table.items():
            chars[key[0]] = value
            self._stray[key[0]] = 0
        for b in _CP1252_UNDEFINED:
            self._stray[b] = 1
        self._map = "".join(chars)
        self._stray_bytes = bytes(b for b in range(256) if self._stray[b])
        self._lower_only = frozenset(v for v in table.values() if v.islower() and not
                                     any(u == v.upper() for u in table.values()))

    def decode(self, data: bytes) -> LegacyDecoding:
        text, _ = _charmap_decode(data, self._map)
        stray = len(data) - len(data.translate(None, self._stray_bytes))
        return LegacyDecoding(_recase_capitals(text, self._lower_only), stray)


def _charmap_decode(data: bytes, table: str) -> tuple[str, int]:
    return codecs.charmap_decode(data, "strict", table)


# TCVN3 has no capitals with tone marks: text typed with a .VnTimeH font uses the
# lowercase codes and the font draws them as capitals, so "KẾ HOẠCH" arrives as
# "Kế HOạCH". A word whose other letters (two or more) are all capitals is in
# capitals; so is a shorter one like "Kế" or "ủY" on a line with such a word or
# with two capitalised syllables ("ủY BAN NHÂN DÂN"). "Số: /KH-UBND" stays: one
# capital and two acronyms prove nothing.
_LETTERS = re.compile(r"[^\W\d_]+")


def _recase_capitals(text: str, lower_only: frozenset[str]) -> str:
    if not any(ch in lower_only for ch in text):
        return text

    def caps(word: str) -> int:
        """Number of other letters if all are capitals, else 0."""
        others = [ch for ch in word if ch.isalpha() and ch not in lower_only]
        return len(others) if all(ch.isupper() for ch in others) else 0

    lines = text.split("\n")
    for i, line in enumerate(lines):
        words = [w for w in _LETTERS.findall(line) if any(ch in lower_only for ch in w)]
        if not words:
            continue
        capital_syllables = sum(1 for w in _LETTERS.findall(line)
                                if len(w) >= 2 and w.isupper() and is_syllable(w))
        if capital_syllables >= 2 or any(caps(w) >= 2 for w in words):
            lines[i] = _LETTERS.sub(
                lambda m: m.group().upper() if caps(m.group()) >= 1 else m.group(), line)
    return "\n".join(lines)


class Vni:
    """VNI-Windows: a base letter followed by a diacritic byte."""

    name = "vni"

    def __init__(self) -> None:
        table = {k.decode("latin-1"): v for k, v in _load_table("vni.tsv").items()}
        pairs = {k: v for k, v in table.items() if len(k) == 2}
        singles = {ord(k): v for k, v in table.items() if len(k) == 1}
        # Pairs become private-use placeholders first: "á" (U+00E1) is also the
        # Latin-1 view of the diacritic byte 0xE1 and must not pair again.
        self._pairs = [(k, chr(0xE000 + i)) for i, k in enumerate(pairs)]
        self._final = {ord(ph): pairs[k] for k, ph in self._pairs}
        self._final.update(singles)
        self._final.update({b: _CP1252[b] for b in range(0x80, 0xA0)})
        modifiers = {k[1] for k in pairs} - set(table)
        by_base: dict[str, set[str]] = {}
        for base, mod in pairs:
            by_base.setdefault(base, set()).add(mod)
        self._pair_re = re.compile("|".join(
            re.escape(base) + "[" + re.escape("".join(sorted(mods))) + "]"
            for base, mods in by_base.items()))
        self._modifier_bytes = "".join(sorted(modifiers)).encode("latin-1")
        self._undefined = bytes(_CP1252_UNDEFINED)
        # Fast path: a diacritic byte is the combining mark(s) it adds to the letter
        # before it, so a charmap decode then NFC gives each pair's letter. Derived
        # from the table and checked against it here.
        marks: dict[str, str] = {}
        for (base_byte, mod), letter in pairs.items():
            base = singles.get(ord(base_byte), base_byte)    # 0xF4 is ơ before its tone
            added = unicodedata.normalize("NFD", letter)[len(unicodedata.normalize("NFD", base)):]
            if marks.setdefault(mod, added) != added or \
                    unicodedata.normalize("NFC", base + added) != letter:
                raise RuntimeError(f"vni.tsv: diacritic byte {ord(mod):02X} is inconsistent")
        charmap = {b: _CP1252[b] if b >= 0x80 else chr(b) for b in range(256)}
        charmap.update(singles)
        charmap.update({ord(mod): m for mod, m in marks.items()})
        self._charmap = charmap

    def decode(self, data: bytes) -> LegacyDecoding:
        text = data.decode("latin-1")
        modifiers = len(data) - len(data.translate(None, self._modifier_bytes))
        _, paired = self._pair_re.subn("", text)
        stray = modifiers - paired + len(data) - len(data.translate(None, self._undefined))
        if stray == 0:
            decoded, _ = codecs.charmap_decode(data, "strict", self._charmap)
            return LegacyDecoding(unicodedata.normalize("NFC", decoded), 0)
        # Stray diacritics keep their cp1252 meaning: replace pair by pair instead.
        for key, placeholder in self._pairs:
            text = text.replace(key, placeholder)
        return LegacyDecoding(text.translate(self._final), stray)


class Cp1258:
    """Windows-1258: base letters plus combining tone marks, composed here to NFC."""

    name = "cp1258"

    def decode(self, data: bytes) -> LegacyDecoding:
        # Undefined bytes become U+FFFD and count against the candidate.
        text = data.decode("cp1258", errors="replace")
        stray = text.count("\ufffd")
        # NFC so that "Vie\u0302\u0323t" reads "Việt" like the other encodings give it.
        return LegacyDecoding(unicodedata.normalize("NFC", text), stray)


@lru_cache(maxsize=1)
def codecs_by_name() -> dict[str, Tcvn3 | Vni | Cp1258]:
    return {c.name: c for c in (Cp1258(), Tcvn3(), Vni())}


LEGACY_NAMES = ("cp1258", "tcvn3", "vni")
DISPLAY = {"cp1258": "Windows-1258", "tcvn3": "TCVN3 (ABC)", "vni": "VNI"}


@dataclass(frozen=True)
class EncodingGuess:
    name: str
    text: str
    score: Plausibility


@dataclass(frozen=True)
class Detection:
    best: EncodingGuess | None        # None: nothing plausible
    candidates: tuple[EncodingGuess, ...]
    ambiguous: bool = False


def detect(data: bytes, names: tuple[str, ...] = LEGACY_NAMES) -> Detection:
    """Pick the legacy encoding under which `data` reads as Vietnamese."""
    sample = data[:SAMPLE_BYTES]
    by_name = codecs_by_name()
    cands = []
    for name in names:
        dec = by_name[name].decode(sample)
        cands.append(EncodingGuess(name, dec.text, plausibility(dec.text, dec.stray)))
    ranked = sorted(cands, key=lambda c: c.score.ratio, reverse=True)
    best = ranked[0]
    if best.score.ratio < MIN_RATIO:
        return Detection(None, tuple(cands))
    for other in ranked[1:]:
        if other.text != best.text and best.score.ratio - other.score.ratio < MIN_MARGIN:
            return Detection(None, tuple(cands), ambiguous=True)
    return Detection(best, tuple(cands))


def plausible(text: str, stray: int = 0) -> bool:
    """True if `text` reads as Vietnamese well enough to be the right decoding."""
    return plausibility(text, stray).ratio >= MIN_RATIO


def decode(data: bytes, name: str) -> LegacyDecoding:
    """Decode all of `data` with a legacy encoding chosen by `detect`."""
    return codecs_by_name()[name].decode(data)


def repair_mojibake(text: str) -> tuple[str, str] | None:
    """Undo TCVN3/VNI text that was read as Windows-1252 and saved as Unicode.

    "ViÖt Nam" in a UTF-8 file is TCVN3 "Việt Nam" seen through cp1252. Returns
    (repaired text, encoding) or None when the text is fine as it is.
    """
    if text.isascii():
        return None
    for western in ("cp1252", "latin-1"):
        try:
            raw = text.encode(western)
            break
        except UnicodeEncodeError:
            continue
    else:
        return None   # has characters no 8-bit font could have produced
    own = plausibility(text[:SAMPLE_BYTES])
    if own.ratio >= 0.5:
        return None
    found = detect(raw, ("tcvn3", "vni"))
    if found.best is None or found.best.score.ratio - own.ratio < MIN_MARGIN:
        return None
    return decode(raw, found.best.name).text, found.best.name
