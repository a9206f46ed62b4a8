"""A normalised working copy of a text, with a map back to the original.

Matching runs on the working copy; every offset reported to a user points into
the original (docs/ARCHITECTURE.md § Text). The copy differs from the original by:

1. NFC, and one tone-mark placement (hoá → hóa, Uỷ → Ủy: the modern one, as the
   national databases and our gold use);
2. dashes and quotes unified (length-preserving);
3. whitespace: a run containing a tab becomes one tab (table cells stay apart), any
   other run becomes one space (so "Nghị \\n\\nđịnh" reads "Nghị định");
4. symbols repaired (`symbol_repair`): spaces and line breaks inside a symbol removed ("907-\\nQĐ/TU",
   "33/CT -TTg"), code letters that lost their đ restored ("217-QD/TW");
5. damaged words with one plausible reading restored (`text_repairs.tsv`: "Nghi định",
   "Tchức", "s20/2008/NĐ-CP"); each repair is kept (`NormalizedText.repairs`, original
   offsets) so a mention can say what was repaired in it.

Steps that change lengths record edits; a position is mapped back by finding
the last edit before it. Length-preserving steps need no record.
"""
from __future__ import annotations

import bisect
import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

from cancu.nlp.text import _scan, bulk
from cancu.nlp.text.case_scan import CaseScan, lower_each
from cancu.nlp.text.characters import unified
from cancu.nlp.text.fold import fold_text
from cancu.nlp.text.symbol_repair import repair_candidates, repair_symbol

DATA = resources.files("cancu.nlp") / "data"     # package data (nlp/data/)

_COMBINING = "\u0300-\u036f"
# Combining marks: NFC can only change a base character and the marks after it.
_MARKS = re.compile(f"[{_COMBINING}]+")

# One character for one, from the one table (nlp/data/characters.tsv), line breaks included:
# this copy folds all whitespace anyway.
_LENGTH_PRESERVING = unified()

_LETTER = "A-Za-zÀ-ỹĐđ"
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# Old placement puts the tone on the second vowel of an open oa/oe/uy syllable
# (hoà, khoẻ, thuỷ); the modern one on the first (hòa, khỏe, thủy). "qu" is a
# consonant, so "quý" is the same in both and is left alone.
# Matched from the toned vowel (rare), the look-behind after it, so the scan can
# skip straight to those characters instead of stopping at every o and u.
_OA_OE = "àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ"
_UY = "ỳýỷỹỵỲÝỶỸỴ"
_OLD_TONE = re.compile(
    rf"[{_OA_OE}{_UY}](?<=[oO][{_OA_OE}]|[uU][{_UY}])(?![{_LETTER}])"
)

# The characters the table unifies and the old tone placements, found in one scan. This is
# its rule; `_unified_modern_tone` runs it in C (`_scan.flagged_positions`, flags from
# `_tone_classes`), which tests/test_scan.py compares with this pattern: the regex engine
# stopped at every toned a, e and y, and most of a scan's cost is stepping between them.
_RARE_CHARS = "".join(re.escape(c) for c in _LENGTH_PRESERVING)
_RARE_OR_OLD_TONE = re.compile(
    rf"[{_RARE_CHARS}{_OA_OE}{_UY}]"
    rf"(?:(?<=[{_RARE_CHARS}])|(?<=[oO][{_OA_OE}]|[uU][{_UY}])(?![{_LETTER}]))"
)

_WHITESPACE_RUN = re.compile(r"[ \t\n]{2,}")   # single "\n" → " " is done in C after


# An edit: original[orig_start:orig_end] became working[norm_start:norm_end].
# Plain tuples, because a long text has hundreds of thousands of them.
Edit = tuple[int, int, int, int]   # (orig_start, orig_end, norm_start, norm_end)


class OffsetMap:
    """Maps positions of one rewriting step back to its input."""

    def __init__(self, edits: list[Edit] | None, columns: bulk.Columns | None = None):
        """`edits`, or None when the step made them as arrays only (`columns`: a long text
        has hundreds of thousands, and most maps of one are read as arrays or a few times)."""
        if edits is None and columns is None:
            raise ValueError("OffsetMap: edits or their columns")
        self._given = edits
        self._columns = columns      # the edits as arrays, when the step made them so
        # without edits every position maps to itself
        self.moves = bool(edits) if edits is not None else len(columns[0]) > 0

    @cached_property
    def _edits(self) -> list[Edit]:
        if self._given is not None:
            return self._given
        return list(zip(*self._fields))

    @cached_property
    def _fields(self) -> tuple[list[int], list[int], list[int], list[int]]:
        """The edits' four fields as lists (orig_start, orig_end, norm_start, norm_end), built
        on the first look-up (a map of a long text may get none: its mentions are mapped
        as arrays); from the arrays, far cheaper than a tuple per edit."""
        if self._given is None:
            return tuple(c.tolist() for c in self._columns)
        if not self._given:
            return [], [], [], []
        return tuple(map(list, zip(*self._given)))

    def start(self, pos: int) -> int:
        """Original position of a span starting at working position `pos`."""
        orig_starts, orig_ends, norm_starts, norm_ends = self._fields
        i = bisect.bisect_right(norm_starts, pos) - 1
        if i < 0:
            return pos
        return orig_starts[i] if pos < norm_ends[i] else orig_ends[i] + (pos - norm_ends[i])

    def end(self, pos: int) -> int:
        """Original position of a span ending (exclusive) at working position `pos`."""
        _, orig_ends, norm_starts, norm_ends = self._fields
        i = bisect.bisect_left(norm_starts, pos) - 1
        if i < 0:
            return pos
        return orig_ends[i] if pos <= norm_ends[i] else orig_ends[i] + (pos - norm_ends[i])

    def starts(self, positions):
        """`start` of each of an int64 array of positions, at once."""
        np = bulk._np()
        orig_start, orig_end, norm_starts, norm_end = self._arrays()
        i = np.searchsorted(norm_starts, positions, side="right") - 1
        at = np.maximum(i, 0)
        mapped = np.where(positions < norm_end[at], orig_start[at], orig_end[at] + (positions - norm_end[at]))
        return np.where(i < 0, positions, mapped)

    def forward(self, positions: list[int]) -> list[int]:
        """The position in this step's output of each of ascending positions of its input;
        a position inside an edit goes to the edit's start. One walk over the edits between
        the first position and the last (a bisect per position costs more for a few dozen)."""
        if not self.moves or not positions:
            return list(positions)
        if self._columns is not None:     # a long text's map: the same walk in C, over its arrays
            return _scan.forward(positions, *self._columns)
        orig_starts, orig_ends, norm_starts, norm_ends = self._fields
        i = max(bisect.bisect_left(orig_starts, positions[0]) - 1, 0)   # the edit before may hold it
        shift = norm_ends[i - 1] - orig_ends[i - 1] if i else 0
        n = len(orig_starts)
        out = []
        for p in positions:
            while i < n and orig_ends[i] <= p:          # edits that end before p shift it
                shift = norm_ends[i] - orig_ends[i]
                i += 1
            out.append(norm_starts[i] if i < n and orig_starts[i] <= p else p + shift)
        return out

    def ends(self, positions):
        """`end` of each of an int64 array of positions, at once."""
        np = bulk._np()
        _, orig_end, norm_starts, norm_end = self._arrays()
        i = np.searchsorted(norm_starts, positions, side="left") - 1
        at = np.maximum(i, 0)
        mapped = np.where(positions <= norm_end[at], orig_end[at], orig_end[at] + (positions - norm_end[at]))
        return np.where(i < 0, positions, mapped)

    def _arrays(self) -> bulk.Columns:
        if self._columns is None:
            np = bulk._np()
            self._columns = tuple(np.array(f, dtype=np.int64) for f in self._fields)
        return self._columns


@dataclass(frozen=True)
class Repair:
    """A damaged word restored in the working copy; offsets into the original."""

    start: int
    end: int
    written: str       # as in the original ("Nghi định"; "s20" for a glued "số")
    repaired: str      # the reading used ("Nghị định"; "số 20")

    def describe(self) -> str:
        return f"«{self.written}» → «{self.repaired}»"


@dataclass(frozen=True)
class NormalizedText:
    """The one working text (docs/ARCHITECTURE.md § Text), in two copies that share the first
    step and its offset map:

    - `text`, the citation copy: every step above, whitespace folded, symbols and damaged
      words repaired; `original_span` maps its spans back;
    - `nfc`, the layout copy obligations and tables read: NFC only, line breaks and spacing
      as written, with `folded` beside it (same offsets); `to_original` maps its spans back.
    """

    original: str
    text: str                  # the citation copy matching runs on
    nfc: str                   # the layout copy
    maps: tuple[OffsetMap, ...]  # in the order the steps ran; maps[0] is the NFC step
    repairs: tuple[Repair, ...] = ()   # in original order

    @cached_property
    def folded(self) -> str:
        """The layout copy folded (no accents, lower case, dashes and quotes unified)."""
        return fold_text(self.nfc)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the layout copy back to the original text."""
        if start >= end:
            pos = self.maps[0].start(start)
            return pos, pos
        return self.maps[0].start(start), self.maps[0].end(end)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        for m in self._maps_back:
            start, end = m.start(start), m.end(end)
        return start, end

    def original_spans(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """`original_span` of each span. Many spans of a long text are mapped as arrays: one
        look-up costs ~1 µs in a map of tens of thousands of edits, a whole array about as much."""
        if len(spans) < _MANY_SPANS or not self._maps_back:
            return [self.original_span(s, e) for s, e in spans]
        np = bulk._np()
        starts = np.fromiter((s for s, _ in spans), dtype=np.int64, count=len(spans))
        ends = np.fromiter((e for _, e in spans), dtype=np.int64, count=len(spans))
        for m in self._maps_back:
            starts, ends = m.starts(starts), m.ends(ends)
        return list(zip(starts.tolist(), ends.tolist()))

    @cached_property
    def _maps_back(self) -> tuple[OffsetMap, ...]:
        """The maps that move a position, last step first (a step that changed no length
        maps every position to itself; spans are mapped back for every mention)."""
        return tuple(m for m in reversed(self.maps) if m.moves)

    def repairs_in(self, start: int, end: int) -> list[Repair]:
        """The repairs inside an original span."""
        if not self.repairs:
            return []
        i = bisect.bisect_left([r.start for r in self.repairs], start)
        out = []
        for r in self.repairs[i:]:
            if r.start >= end:
                break
            if r.end <= end:
                out.append(r)
        return out


def _rewrite(text: str, pattern: re.Pattern[str], replace) -> tuple[str, OffsetMap]:
    """Apply `replace(match) -> str | None` at every match; None keeps the match."""
    return _rewrite_matches(text, pattern.finditer(text), replace)


def _rewrite_matches(text: str, matches: Iterable[re.Match[str]], replace) -> tuple[str, OffsetMap]:
    """`_rewrite` over given matches of `text` (in order, apart)."""
    pieces: list[str] = []
    edits: list[Edit] = []
    last = 0
    out_len = 0
    for m in matches:
        new = replace(m)
        if new is None or new == m.group(0):
            continue
        start, end = m.span()
        pieces.append(text[last:start])
        out_len += start - last
        pieces.append(new)
        if len(new) != end - start:     # a same-length change maps positions one to one
            edits.append((start, end, out_len, out_len + len(new)))
        out_len += len(new)
        last = end
    if not pieces:
        return text, OffsetMap([])
    pieces.append(text[last:])
    return "".join(pieces), OffsetMap(edits)


# The index in NormalizedText.maps of the symbol repairs (after NFC and whitespace).
SYMBOL_STEP = 2

# From this length on, composing and collapsing whitespace go through `bulk` (the
# same text and edits; its arrays cost more than a regex scan on a short text).
_BULK_FROM = 2_000
# From this many spans on, `original_spans` maps them as arrays (numpy calls cost more
# than a few hundred look-ups).
_MANY_SPANS = 500


def compose(text: str) -> tuple[str, OffsetMap]:
    """NFC, recording an edit for each base character + combining marks (the first step
    of every working copy; the obligation copy stops here to keep the layout)."""
    if len(text) >= _BULK_FROM:
        text, edits, columns = bulk.compose_marks(text)
        return text, OffsetMap(edits, columns)
    pieces: list[str] = []
    edits: list[Edit] = []
    last = out_len = 0
    for m in _MARKS.finditer(text):
        start = max(m.start() - 1, last)
        composed = unicodedata.normalize("NFC", text[start:m.end()])
        pieces.append(text[last:start])
        out_len += start - last
        pieces.append(composed)
        edits.append((start, m.end(), out_len, out_len + len(composed)))
        out_len += len(composed)
        last = m.end()
    pieces.append(text[last:])
    return "".join(pieces), OffsetMap(edits)


def modern_tone(text: str) -> str:
    """Move the tone of open oa/oe/uy syllables to the first vowel (length-preserving; NFC in,
    NFC out): "hoà" → "hòa", "Uỷ" → "Ủy"."""
    return _rewrite_chars(text, (m.start() for m in _OLD_TONE.finditer(text)), unify=False)


def _unified_modern_tone(text: str) -> str:
    """`modern_tone` of the text with the table's characters unified (`_LENGTH_PRESERVING`),
    in one scan (`_RARE_OR_OLD_TONE`'s, in C). The two commute: the table changes no letter
    and turns no letter into one."""
    return _rewrite_chars(text, _scan.flagged_positions(text, _tone_classes()), unify=True)


# The flags of `_scan.flagged_positions` (the same bits as in nlp/text/_scan.c).
_FLAG_RARE, _FLAG_OA_OE, _FLAG_UY, _FLAG_O, _FLAG_U, _FLAG_LETTER = 1, 2, 4, 8, 16, 32
_IS_LETTER = re.compile(f"[{_LETTER}]")


@lru_cache(maxsize=1)
def _tone_classes() -> bytes:
    """A byte of flags for each BMP code point: the classes `_RARE_OR_OLD_TONE` reads."""
    flags = bytearray(0x10000)
    for c in _LENGTH_PRESERVING:
        if ord(c) >= len(flags):
            raise ValueError(f"characters.tsv: U+{ord(c):04X} is past the scan's table (BMP only)")
        flags[ord(c)] |= _FLAG_RARE
    for chars, flag in ((_OA_OE, _FLAG_OA_OE), (_UY, _FLAG_UY), ("oO", _FLAG_O), ("uU", _FLAG_U)):
        for c in chars:
            flags[ord(c)] |= flag
    for cp in range(max(map(ord, _LETTER)) + 1):    # no letter of the class lies past its largest
        if _IS_LETTER.match(chr(cp)):
            flags[cp] |= _FLAG_LETTER
    return bytes(flags)


def _rewrite_chars(text: str, positions: Iterable[int], unify: bool) -> str:
    """The text with each of `positions` (ascending) unified or its old tone moved."""
    pieces: list[str] = []
    last = 0
    for i in positions:
        char = text[i]
        if unify and (unified := _LENGTH_PRESERVING.get(char)) is not None:
            pieces.append(text[last:i])
            pieces.append(unified)
            last = i + 1
            continue
        if i >= 2 and text[i - 2] in "qQ":
            continue   # "quý": the u belongs to the consonant qu
        parts = unicodedata.normalize("NFD", char)
        tone = next(c for c in parts if c in _TONES)
        # Slices, not a list of every character: a few hundred changes in megabytes.
        pieces.append(text[last:i - 1])
        pieces.append(unicodedata.normalize("NFC", text[i - 1] + tone))
        pieces.append(unicodedata.normalize("NFC", parts.replace(tone, "")))
        last = i + 1
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


@dataclass(frozen=True)
class _RepairVocabulary:
    words: CaseScan | None      # damaged words
    prefixes: CaseScan | None   # a "số" glued to a symbol's number
    by_key: dict[str, str]             # written (lower case, one space) → repaired
    # Every damaged word, as the scan matches it, reads differently once repaired (so every
    # match leaves a `Repair`); false if a row only restored the case it is written in.
    words_always_change: bool = True


@lru_cache(maxsize=1)
def _repair_vocabulary() -> _RepairVocabulary:
    """One regex for every damaged form of `text_repairs.tsv`.

    It runs on the collapsed working copy (one space between words), in the three
    letter cases a document writes (nghi định, Nghi định, NGHI ĐỊNH), factored as a
    trie of characters: a case-insensitive scan or a flat list is several times slower.
    """
    with (DATA / "text_repairs.tsv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader((ln for ln in f if ln.strip() and not ln.startswith("#")),
                                   delimiter="\t"))
    by_key: dict[str, str] = {}
    words: set[str] = set()
    prefixes: set[str] = set()
    always_change = True
    for r in rows:
        written = " ".join(unicodedata.normalize("NFC", r["written"]).split())
        by_key[written.lower()] = unicodedata.normalize("NFC", r["repaired"].strip())
        variants = {written.lower(), written.upper(), written[:1].upper() + written[1:].lower()}
        if r["kind"] == "word":
            words |= variants
            always_change &= all(_in_written_case(v, by_key[written.lower()]) != v for v in variants)
        elif r["kind"] == "number_prefix":
            prefixes |= variants
        else:
            raise ValueError(f"text_repairs.tsv: unknown kind «{r['kind']}» for «{written}»")
    # Two scans: one regex of both kinds starts at every s/n/q/t/… and is 3× slower.
    word_re = re.compile(rf"(?:{_char_trie(words)})(?![{_LETTER}])") if words else None
    # Glued to a symbol's number: "s20/2008/NĐ-CP", "số142/2018/NĐ-CP".
    prefix_re = re.compile(rf"(?:{_char_trie(prefixes)})"
                           rf"(?=(?P<number>\d{{1,5}})[a-zA-Z]?(?:/\d{{4}})?[/-][A-ZĐ])") if prefixes else None
    # Each searched for on the lower-cased text first (what follows a word is not: a
    # character outside the letters may lower-case into them, "K" (Kelvin) → "k").
    return _RepairVocabulary(
        CaseScan(word_re, words) if word_re else None,
        CaseScan(prefix_re, prefixes, after=r"(?=\d{1,5}[a-zA-Z]?(?:/\d{4})?[/-])") if prefix_re else None,
        by_key, always_change)


def repairs_always_change() -> bool:
    """Whether every match of the repairs' scans changes the text and so leaves a `Repair`
    (a glued "số" always gains a space; see `_RepairVocabulary.words_always_change`)."""
    return _repair_vocabulary().words_always_change


def _char_trie(words: set[str]) -> str:
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(ch) + (f"(?:{pattern(child)})" if any(child) else "")
                    for ch, child in sorted(node.items()) if ch]
        alt = "|".join(branches)
        return f"(?:{alt})?" if "" in node and branches else alt
    return pattern(root)


def _in_written_case(written: str, repaired: str) -> str:
    if written.isupper() and len(written) > 1:
        return repaired.upper()
    if written[:1].isupper():
        return repaired[:1].upper() + repaired[1:]
    return repaired.lower()


_Found = list[tuple[int, int, str, str]]   # (start, end, written, repaired) in a scan's input


def _repair_words(text: str) -> tuple[str, list[tuple[OffsetMap, _Found]]]:
    """Restore damaged words. Returns the text and, per scan, its offset map and the
    repairs it made in the offsets of the text it read."""
    vocab = _repair_vocabulary()
    scans: list[tuple[OffsetMap, _Found]] = []
    lowered = None     # lower_each(text), for both scans while the first changes nothing
    for scan, glued in ((vocab.words, False), (vocab.prefixes, True)):
        if scan is None:
            continue
        src = text
        found: _Found = []

        def replace(m: re.Match[str]) -> str | None:
            written = m.group(0)
            if m.start() and src[m.start() - 1].isalnum():
                return None                  # inside a word ("ts20/…", "…tchức")
            repaired = _in_written_case(written, vocab.by_key[written.lower()])
            if glued:
                # Recorded with the number, so the repair reads «s20» → «số 20».
                number = m.group("number")
                found.append((m.start(), m.end(), written + number, f"{repaired} {number}"))
                return repaired + " "
            if repaired != written:
                found.append((m.start(), m.end(), written, repaired))
            return repaired
        if lowered is None:
            lowered = lower_each(src)
        text, offsets = _rewrite_matches(src, scan.finditer(src, lowered), replace)
        if text is not src:
            lowered = None
        scans.append((offsets, found))
    return text, scans


def _collapse_whitespace(m: re.Match[str]) -> str:
    return "\t" if "\t" in m.group(0) else " "


def normalize(original: str) -> NormalizedText:
    maps: list[OffsetMap] = []
    text, m = compose(original)
    maps.append(m)
    nfc = text
    text = _unified_modern_tone(text)
    if len(text) >= _BULK_FROM:
        text, edits, columns = bulk.collapse_whitespace(text)
        m = OffsetMap(edits, columns)
    else:
        text, m = _rewrite(text, _WHITESPACE_RUN, _collapse_whitespace)
    text = text.replace("\n", " ")
    maps.append(m)
    text, m = _rewrite_matches(text, repair_candidates(text), repair_symbol)
    maps.append(m)          # maps[SYMBOL_STEP]
    text, scans = _repair_words(text)
    repairs = []
    for repair_map, found in scans:
        for start, end, written, repaired in found:
            for earlier in reversed(maps):
                start, end = earlier.start(start), earlier.end(end)
            repairs.append(Repair(start, end, written, repaired))
        maps.append(repair_map)
    repairs.sort(key=lambda r: r.start)
    return NormalizedText(original, text, nfc, tuple(maps), tuple(repairs))
