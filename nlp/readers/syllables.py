"""How Vietnamese a decoded text looks: the yardstick for encoding detection.

A wrong 8-bit decoding of Vietnamese yields words such as "ViÖt", "Vieät" or
"Viờũt": letters outside the Vietnamese alphabet, two tone marks in one
syllable, impossible vowel clusters. A right one yields valid syllables. Only
words with a non-ASCII letter are judged, because pure ASCII words read the same
in every candidate encoding and so carry no evidence.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

GRAVE, ACUTE, TILDE, HOOK, DOT = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"
_TONES = frozenset((GRAVE, ACUTE, TILDE, HOOK, DOT))
# Vowel-quality marks stay part of the letter: â ê ô (circumflex), ă (breve), ơ ư (horn).
_VOWELS = frozenset("aăâeêioôơuưy")
# f j w z occur only in loanwords, which are ASCII and never judged.
_ALPHABET = frozenset("abcdđeghiklmnopqrstuvxy") | _VOWELS

_INITIAL = r"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx])?"
# Vowel clusters that end a syllable (they end in an off-glide or are open diphthongs)…
_OPEN_ONLY = ("ai ao au ay âu ây eo êu ia iu oi ôi ơi ui ưi ưa ua ưu iêu yêu oai "
              "oay oeo uây uôi ươi ươu uya uyu uơ").split()
# …that may stand open or take a consonant final…
_OPEN_OR_CLOSED = "a e ê i o ô ơ u ư y oa oe uê uy".split()
# …and that need a consonant final.
_CLOSED_ONLY = "ă â iê yê uô ươ oă uâ uyê oo".split()
# -ch and -nh follow only front vowels.
_CH_NH_AFTER = frozenset("a ê i y oa uê uy".split())
_STOP_FINALS = frozenset(("c", "ch", "p", "t"))


def _alt(items: list[str]) -> str:
    # Longest first, so "uyê" is tried before "uy".
    return "|".join(sorted(items, key=len, reverse=True))


_SYLLABLE = re.compile(
    rf"{_INITIAL}(?:(?P<open>{_alt(_OPEN_ONLY + _OPEN_OR_CLOSED)})"
    rf"|(?P<v>{_alt(_OPEN_OR_CLOSED + _CLOSED_ONLY)})(?P<f>ch|nh|ng|[cmnpt]))"
)


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """True if `word` (any case, NFC or not) is a well-formed Vietnamese syllable."""
    w = word.lower()
    if not 0 < len(w) <= 8:
        return False
    tones: list[str] = []
    base: list[str] = []
    for ch in unicodedata.normalize("NFD", w):
        if ch in _TONES:
            # A tone sits on a vowel (possibly after its circumflex/breve/horn).
            prev = unicodedata.normalize("NFC", "".join(base[-2:]))[-1:] if base else ""
            if prev not in _VOWELS:
                return False
            tones.append(ch)
        else:
            base.append(ch)
    if len(tones) > 1:
        return False
    toneless = unicodedata.normalize("NFC", "".join(base))
    if not set(toneless) <= _ALPHABET:
        return False
    m = _SYLLABLE.fullmatch(toneless)
    if m is None:
        return False
    final = m.group("f")
    if final is None:
        return True
    if final in ("ch", "nh") and m.group("v") not in _CH_NH_AFTER:
        return False
    # Syllables closed by a stop carry only the sắc or nặng tone.
    return final not in _STOP_FINALS or (bool(tones) and tones[0] in (ACUTE, DOT))


# Punctuation a Vietnamese document legitimately uses outside ASCII.
_ALLOWED_SYMBOLS = frozenset(
    "\u00a0\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022\u00b7\u00b0\u00ab\u00bb"
    "\u2039\u203a\u20ac\u2116\u00d7\u00f7\u00b1\u2030\u2212\u2010\u2011\u2122"
    "\u2192\u25cf\u25aa\u25a0\u2713\u00bd\u00bc\u00be\ufeff"
)
_WORD = re.compile(r"[^\W\d_]+")
# Non-ASCII characters outside words: marks that did not compose, controls,
# symbols, and the superscript digits some mis-decodings produce ("ho¹ch").
_ODD_CHAR = re.compile(r"[^\x00-\x7f\w\s]|[\u00b2\u00b3\u00b9]")
# Capital abbreviations with Đ (QĐ, NĐ, HĐND) are not syllables but are not garbage either.
_ABBREVIATION = re.compile(r"[BCDĐGHKLMNPQRSTVX]*Đ[BCDĐGHKLMNPQRSTVX]*")


@dataclass(frozen=True)
class Plausibility:
    """Evidence that a text is correctly decoded Vietnamese."""

    valid: int      # non-ASCII words that are valid syllables
    words: int      # non-ASCII words
    junk: int       # characters no Vietnamese text contains (stray marks, controls…)

    @property
    def ratio(self) -> float:
        judged = self.words + self.junk
        return self.valid / judged if judged else 1.0


def plausibility(text: str, extra_junk: int = 0) -> Plausibility:
    """Score `text`; `extra_junk` adds bytes a decoder could not place."""
    nfc = unicodedata.normalize("NFC", text)
    valid = words = 0
    for m in _WORD.finditer(nfc):
        w = m.group()
        if w.isascii() or _ABBREVIATION.fullmatch(w):
            continue
        words += 1
        valid += is_syllable(w)
    junk = extra_junk + sum(1 for ch in _ODD_CHAR.findall(nfc) if ch not in _ALLOWED_SYMBOLS)
    return Plausibility(valid, words, junk)
