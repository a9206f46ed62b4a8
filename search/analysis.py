"""Turning Vietnamese text into index terms, the same way for documents and queries.

Both backends index pre-analysed, space-separated terms and split them on
whitespace only, so every backend sees exactly the same terms and the query
side never has to guess what a backend's tokenizer did.

Term forms:
  words     accented syllables, lower case, NFC, one tone-mark placement
  bigrams   accented syllable bigrams "dân_chủ" — the "segmented" field; chosen
            over underthesea word segmentation (`segment_words`, selectable
            with segmenter="underthesea"). Measured on the relevance set
            (tests/data/search_queries.tsv, tantivy): bigrams MRR 0.948 /
            0.929 (accented / accent-less) against 0.929 / 0.929, and indexing
            the 15 documents took 0.9 s against 9.1 s. Bigrams also behave the
            same on a two-word query as on a page, which a CRF segmenter does not.
  folded    `cancu.nlp.text.fold.fold` of the above: what people type without accents
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from cancu.nlp.text.fold import fold

_WORD = re.compile(r"\w+")
# The characters of a gap that keep two syllables in one phrase: spaces, line breaks (PDF
# text breaks lines mid-phrase) and the joints inside a symbol (59/2023/NĐ-CP).
_JOINING = r"\s/\-."
# The characters of a gap that break the phrase: any other that is not a syllable's.
_BREAKING = re.compile(rf"[^\w{_JOINING}]+")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# Syllables ending in oa/oe/uy carry the tone on either vowel depending on the
# typist (hoá/hóa, thuỷ/thủy, khoẻ/khỏe); we keep it on the first vowel.
_OLD_STYLE = re.compile(r"^(.*?)([ou])([aey])$")


@dataclass(frozen=True)
class Token:
    """A syllable with its offsets into the text it came from."""

    text: str                      # normalised: lower case, NFC, canonical tone
    start: int
    end: int


def nfc_with_offsets(text: str) -> tuple[str, list[int]]:
    """NFC text and, for each of its characters, the offset in `text`.

    Needed because some real files are decomposed (plan 002): NFC changes their
    length, and snippets must point into the original text. The list has one
    extra entry, `len(text)`, so end offsets map too.
    """
    nfc = unicodedata.normalize("NFC", text)
    if len(nfc) == len(text):
        return nfc, list(range(len(text) + 1))
    if not _singles_are_nfc(text):
        return _nfc_by_character(text)
    # Only the clusters change (the same pieces as _nfc_by_character): copy the
    # text between them, a slice and a range at a time.
    out: list[str] = []
    offsets: list[int] = []
    done = 0
    for m in _clusters(text).finditer(text):
        start = m.start()
        out.append(text[done:start])
        offsets.extend(range(done, start))
        piece = _nfc_piece(m.group())
        out.append(piece)
        offsets.extend([start] * len(piece))
        done = m.end()
    out.append(text[done:])
    offsets.extend(range(done, len(text) + 1))
    return "".join(out), offsets


def piecewise_nfc(text: str) -> str:
    """`nfc_with_offsets(text)[0]` without the offsets."""
    nfc = unicodedata.normalize("NFC", text)
    if len(nfc) == len(text):
        return nfc
    if not _singles_are_nfc(text):
        return _nfc_by_character(text)[0]
    return _clusters(text).sub(lambda m: _nfc_piece(m.group()), text)


def _singles_are_nfc(text: str) -> bool:
    """Whether NFC leaves alone every character that is not part of a cluster (a
    character followed by combining marks). A character NFC changes makes any
    string that holds it change, so one check of what the clusters leave will do."""
    return unicodedata.is_normalized("NFC", _clusters(text).sub("", text))


@lru_cache(maxsize=4096)
def _nfc_piece(cluster: str) -> str:
    return unicodedata.normalize("NFC", cluster)


def _clusters(text: str) -> re.Pattern:
    """A character followed by one or more characters of a non-zero combining class
    (unicodedata.combining). The class of the combining marks beyond the BMP is a
    list of ranges that every character is checked against in turn (ten times
    slower), so a text without such characters uses the BMP's alone."""
    return _with_marks(wide=bool(text) and max(text) > "\uffff")


@lru_cache(maxsize=2)
def _with_marks(wide: bool) -> re.Pattern:
    """Built on the first decomposed text (0.2 s for the whole of Unicode, once)."""
    ranges: list[list[int]] = []
    for cp in range(0x110000 if wide else 0x10000):
        if unicodedata.combining(chr(cp)):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    marks = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"(?s).[{marks}]+")


def _nfc_by_character(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    offsets: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        # A base character and the combining marks after it compose together.
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        piece = unicodedata.normalize("NFC", text[i:j])
        out.append(piece)
        offsets.extend([i] * len(piece))
        i = j
    offsets.append(len(text))
    return "".join(out), offsets


@lru_cache(maxsize=200_000)
def normalize_syllable(syllable: str) -> str:
    """Lower case, NFC, tone mark on the first vowel of a final oa/oe/uy.

    Cached: a corpus has a few thousand distinct syllables and this ran
    once per syllable of every entry (a quarter of indexing time).
    """
    s = unicodedata.normalize("NFC", syllable.lower())
    if len(s) < 2 or s.isascii():
        return s
    decomposed = unicodedata.normalize("NFD", s)
    tone = next((c for c in decomposed if c in _TONES), None)
    if tone is None:
        return s
    bare = "".join(c for c in decomposed if c not in _TONES)
    bare = unicodedata.normalize("NFC", bare)
    m = _OLD_STYLE.match(bare)
    # "qu" is a consonant: in "quý" the tone rightly sits on the y.
    if not m or m.group(1).endswith("q") or (m.group(2) == "u" and m.group(3) != "y"):
        return s
    head, first, last = m.groups()
    return unicodedata.normalize("NFC", head + first + tone + last)


def tokenize(text: str) -> list[Token]:
    """Syllables of `text` with offsets into `text` itself (NFC or not)."""
    nfc, offsets = nfc_with_offsets(text)
    return [Token(normalize_syllable(m.group()), offsets[m.start()], offsets[m.end()])
            for m in _WORD.finditer(nfc)]


def syllables(text: str) -> list[str]:
    """The texts of `tokenize(text)`, without building offsets and tokens (search
    snippets weigh hundreds of passages per request this way)."""
    nfc = unicodedata.normalize("NFC", text)
    if len(nfc) != len(text):        # decomposed text: tokenize composes it piece by piece
        nfc = piecewise_nfc(text)
    return [normalize_syllable(w) for w in _WORD.findall(nfc)]


def phrase_runs(text: str) -> list[list[str]]:
    """Syllables grouped into runs not broken by punctuation.

    Bigrams are built inside a run only, so "…xã; Ủy ban…" does not produce the
    bigram "xã_ủy".
    """
    # No offsets needed here: plain NFC (the offset map costs a Python loop
    # over every character of a decomposed file). A gap between two syllables breaks
    # the run when it holds a character other than a joining one: the text is split
    # at those characters, in C, rather than each gap tested in a loop over the words.
    nfc = unicodedata.normalize("NFC", text)
    runs: list[list[str]] = []
    for piece in _BREAKING.split(nfc):
        words = _WORD.findall(piece)
        if words:
            runs.append(list(map(normalize_syllable, words)))
    return runs


def bigrams(run: list[str]) -> list[str]:
    return list(map("_".join, zip(run, run[1:])))


@dataclass
class Analysed:
    """Space-joined term strings for the text fields of one index entry."""

    words: str
    bigrams: str
    folded: str
    folded_bigrams: str


def analyse(text: str, segmenter: str = "bigram") -> Analysed:
    runs = phrase_runs(text)
    words = [w for run in runs for w in run]
    if segmenter == "underthesea":
        segmented = segment_words(text)
    elif segmenter == "bigram":
        segmented = [b for run in runs for b in bigrams(run)]
    else:
        raise ValueError(f"unknown segmenter {segmenter!r} (bigram | underthesea)")
    folded_bi = [b for run in runs for b in bigrams(list(map(fold_syllable, run)))]
    return Analysed(words=" ".join(words), bigrams=" ".join(segmented),
                    folded=fold(" ".join(words)), folded_bigrams=" ".join(folded_bi))


@lru_cache(maxsize=200_000)
def fold_syllable(syllable: str) -> str:
    """`fold` of one syllable, cached (called once per syllable indexed)."""
    return fold(syllable)


def segment_words(text: str) -> list[str]:
    """underthesea word segmentation, multi-syllable words joined by "_".

    Only used when the segmenter is set to "underthesea"; kept so the choice
    can be re-measured on a bigger relevance set.
    """
    from underthesea import word_tokenize  # slow to import; only when asked

    nfc = unicodedata.normalize("NFC", text)
    out = []
    for word in word_tokenize(nfc):
        parts = [normalize_syllable(p) for p in _WORD.findall(word)]
        if parts:
            out.append("_".join(parts))
    return out


def is_accentless(text: str) -> bool:
    """True when the text has no Vietnamese diacritics (and no đ)."""
    nfc = unicodedata.normalize("NFC", text)
    return fold(nfc) == nfc.lower()


def symbol_key(symbol: str) -> str:
    """The folded, space-free form of a symbol: '59/2023/NĐ-CP' → '59/2023/nd-cp'."""
    return re.sub(r"\s+", "", fold(symbol))
