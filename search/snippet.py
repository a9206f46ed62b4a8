"""Snippets: a short window of a passage with the matched words marked.

Matching is on folded syllables, so a word typed without accents is marked in
the accented text. Offsets are into the original document text (which need
not be NFC), and the HTML is escaped before <mark> is added.
"""
from __future__ import annotations

import html
import operator
import re
import unicodedata

from cancu.nlp.text.fold import fold
from cancu.search.analysis import Token, fold_syllable, nfc_with_offsets, normalize_syllable, piecewise_nfc
from cancu.search.model import Highlight

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")          # the syllables of cancu.search.analysis
_WINDOW = 260
_LEAD = 60


def match_keys(words: list[str]) -> set[str]:
    """Keys a text syllable is marked by: a word typed with accents matches only
    that accented form, a word typed without accents any accented form."""
    keys = set()
    for w in words:
        if w:
            keys.add(w if fold(w) != w else "\0" + w)
    return keys


def _matches(syllable: str, keys: set[str]) -> bool:
    """The rule a syllable is marked by (`_Marks` applies it with the keys split)."""
    return syllable in keys or "\0" + fold_syllable(syllable) in keys


class _Marks(dict):
    """A word as written in NFC text → its folded syllable when the query marks it,
    else "". Filled on first sight: a request weighs a few hundred passages, whose
    words repeat, so each distinct word is normalised and matched once."""

    def __init__(self, keys: set[str]):
        super().__init__()
        self.keys = keys
        # `_matches`: an accented key equal to the syllable, or a folded key ("\0" +
        # key) equal to its fold.
        self._accented = {k for k in keys if not k.startswith("\0")}
        self._folded = {k[1:] for k in keys if k.startswith("\0")}

    def __missing__(self, word: str) -> str:
        forms = _FORMS.get(word)
        if forms is None:
            forms = _forms(word)
        syllable, folded = forms
        mark = folded if syllable in self._accented or folded in self._folded else ""
        self[word] = mark
        return mark


def _forms(word: str) -> tuple[str, str]:
    """A word's syllable (`normalize_syllable`) and its fold, kept across queries:
    a query meets some hundreds of distinct words in the passages it weighs, most
    of them met by earlier queries."""
    global _FORMS
    syllable = normalize_syllable(word)
    forms = (syllable, fold_syllable(syllable))
    if len(_FORMS) >= _FORMS_MAX:
        _FORMS = {}                     # a new dict: a thread reading the old one is unharmed
    _FORMS[word] = forms
    return forms


_FORMS: dict[str, tuple[str, str]] = {}
_FORMS_MAX = 200_000


class Marker:
    """What one query marks in passages: `coverage` to pick a document's passage,
    `snippet` to show it. Build one per query (its memo is for that query's keys)."""

    def __init__(self, keys: set[str]):
        self.keys = keys
        self._marks = _Marks(keys)

    def coverage(self, text: str) -> tuple[int, int]:
        """(distinct matched words, adjacent pairs of matched words) in `text`."""
        return self.distinct(text), self.pairs(text)

    def distinct(self, text: str) -> int:
        """Distinct matched words in `text`: read from its distinct words, which
        are fewer than its words, so weighing many passages is cheaper."""
        marks = set(map(self._marks.__getitem__, _words.distinct(text)))
        marks.discard("")
        return len(marks)

    def pairs(self, text: str) -> int:
        """Adjacent pairs of matched words in `text`."""
        hit = list(map(bool, map(self._marks.__getitem__, _words(text))))
        return sum(map(operator.and_, hit, hit[1:]))

    def snippet(self, text: str, offset: int) -> tuple[str, str, list[Highlight]]:
        """(plain snippet, HTML snippet, highlights) for the passage `text` that
        starts at `offset` in its document."""
        return _snippet(text, offset, self._marked(text))

    def _marked(self, text: str) -> list[Token]:
        """The marked syllables of `text`, offsets into `text` itself (NFC or not)."""
        nfc = unicodedata.normalize("NFC", text)
        marks = self._marks
        if len(nfc) == len(text):       # offsets are the same in both (nfc_with_offsets' identity case)
            return [Token(normalize_syllable(m.group()), m.start(), m.end())
                    for m in _WORD.finditer(nfc) if marks[m.group()]]
        nfc, offsets = nfc_with_offsets(text)
        return [Token(normalize_syllable(m.group()), offsets[m.start()], offsets[m.end()])
                for m in _WORD.finditer(nfc) if marks[m.group()]]


class _WordsKept:
    """The words of passages weighed lately, by their text: a search reads a few
    hundred passages, and finding their words (NFC, then a regular expression
    over every character) was most of weighing them. Keyed by the text itself,
    so never stale; bounded by the characters kept."""

    MAX_CHARS = 1_000_000

    def __init__(self):
        self._words: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {}
        self._chars = 0

    def __call__(self, text: str) -> tuple[str, ...]:
        return self._kept(text)[0]

    def distinct(self, text: str) -> frozenset[str]:
        return self._kept(text)[1]

    def _kept(self, text: str) -> tuple[tuple[str, ...], frozenset[str]]:
        found = self._words.get(text)
        if found is None:
            words = tuple(_WORD.findall(_nfc(text)))
            found = (words, frozenset(words))
            if self._chars + len(text) > self.MAX_CHARS:
                self._words = {}            # a new dict: a thread reading the old one is unharmed
                self._chars = 0
            self._words[text] = found
            self._chars += len(text)
        return found


_words = _WordsKept()


def _nfc(text: str) -> str:
    """The NFC text `cancu.search.analysis.syllables` reads its syllables from."""
    nfc = unicodedata.normalize("NFC", text)
    return nfc if len(nfc) == len(text) else piecewise_nfc(text)


def coverage(text: str, keys: set[str]) -> tuple[int, int]:
    """(distinct matched words, adjacent pairs of matched words) in `text`."""
    return Marker(keys).coverage(text)


def _densest(marked: list) -> int:
    """Index of the marked token that starts the window of _WINDOW characters
    holding the most marked tokens (the first such one): two pointers over
    tokens sorted by offset, linear where counting per start was quadratic."""
    best, best_count, end = 0, 0, 0
    for i, t in enumerate(marked):
        end = max(end, i)
        while end < len(marked) and marked[end].start - t.start < _WINDOW:
            end += 1
        if end - i > best_count:
            best, best_count = i, end - i
    return best


def make_snippet(text: str, offset: int, keys: set[str]) -> tuple[str, str, list[Highlight]]:
    """(plain snippet, HTML snippet, highlights) for the passage `text` that
    starts at `offset` in its document."""
    return Marker(keys).snippet(text, offset)


def _snippet(text: str, offset: int, marked: list[Token]) -> tuple[str, str, list[Highlight]]:
    start = 0
    if marked:
        # Start a little before the densest cluster of matched words.
        start = max(0, marked[_densest(marked)].start - _LEAD)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
    end = min(len(text), start + _WINDOW)
    while end < len(text) and not text[end].isspace() and end - start < _WINDOW + 30:
        end += 1
    inside = [t for t in marked if t.start >= start and t.end <= end]
    parts_plain: list[str] = []
    parts_html: list[str] = []
    pos = start
    for t in inside:
        gap = _SPACES.sub(" ", text[pos:t.start])
        parts_plain.append(gap)
        parts_html.append(html.escape(gap))
        word = text[t.start:t.end]
        parts_plain.append(word)
        parts_html.append(f"<mark>{html.escape(word)}</mark>")
        pos = t.end
    tail = _SPACES.sub(" ", text[pos:end])
    parts_plain.append(tail)
    parts_html.append(html.escape(tail))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    plain = prefix + "".join(parts_plain).strip() + suffix
    marked_html = html.escape(prefix) + "".join(parts_html).strip() + html.escape(suffix)
    return plain, marked_html, [Highlight(offset + t.start, offset + t.end) for t in inside]
