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
    """The rule a syllable is marked by (`Marker` applies it a fold at a time)."""
    return syllable in keys or "\0" + fold_syllable(syllable) in keys


def _forms(word: str) -> tuple[str, str]:
    """A word's syllable (`normalize_syllable`) and its fold, kept across queries:
    a query meets some hundreds of distinct words in the passages it weighs, most
    of them met by earlier queries."""
    global _FORMS
    forms = _FORMS.get(word)
    if forms is None:
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
    `snippet` to show it. Build one per query.

    A word is marked when its fold is a key typed without accents, or its syllable a
    key typed with them (`_matches`); a marked word counts as its fold. So a query
    asks each passage only for the written words of its keys' folds, which the
    passage keeps (`_WordsKept`): a few look-ups, where asking about every distinct
    word of the some 240 passages a search weighs cost 8% of its instructions."""

    def __init__(self, keys: set[str]):
        self.keys = keys
        # fold → the accented keys of that fold; None when a key without accents takes
        # every word of that fold.
        self._wanted: dict[str, set[str] | None] = {}
        for key in keys:
            if not key.startswith("\0"):
                found = self._wanted.setdefault(fold_syllable(key), set())
                if found is not None:
                    found.add(key)
        for key in keys:
            if key.startswith("\0"):
                self._wanted[key[1:]] = None

    def coverage(self, text: str) -> tuple[int, int]:
        """(distinct matched words, adjacent pairs of matched words) in `text`."""
        return self.distinct(text), self.pairs(text)

    def distinct(self, text: str) -> int:
        """Distinct matched words in `text` (the folds marked)."""
        return len(set(self._marked_words(text).values()))

    def pairs(self, text: str) -> int:
        """Adjacent pairs of matched words in `text`."""
        marked = self._marked_words(text)
        hit = list(map(marked.__contains__, _words(text)))
        return sum(map(operator.and_, hit, hit[1:]))

    def snippet(self, text: str, offset: int) -> tuple[str, str, list[Highlight]]:
        """(plain snippet, HTML snippet, highlights) for the passage `text` that
        starts at `offset` in its document."""
        return _snippet(text, offset, self._marked(text))

    def _marked_words(self, text: str) -> dict[str, str]:
        """The written words of `text` (NFC) that are marked → their fold."""
        folds = _words.folds(text)
        out = {}
        for fold, accented in self._wanted.items():
            for word in folds.get(fold, ()):
                if accented is None or _forms(word)[0] in accented:
                    out[word] = fold
        return out

    def _marked(self, text: str) -> list[Token]:
        """The marked syllables of `text`, offsets into `text` itself (NFC or not):
        each marked word found where no word character touches it, as `_WORD` cuts."""
        nfc = unicodedata.normalize("NFC", text)
        offsets = None
        if len(nfc) != len(text):       # else offsets are the same in both (nfc_with_offsets' identity case)
            nfc, offsets = nfc_with_offsets(text)
        found = []
        size = len(nfc)
        for word in self._marked_words(text):
            syllable, n = _forms(word)[0], len(word)
            at = nfc.find(word)
            while at >= 0:
                end = at + n
                if (at == 0 or not _is_word_char(nfc[at - 1])) and (end == size or not _is_word_char(nfc[end])):
                    found.append(Token(syllable, at, end) if offsets is None
                                 else Token(syllable, offsets[at], offsets[end]))
                at = nfc.find(word, at + 1)
        found.sort(key=operator.attrgetter("start"))
        return found


def _is_word_char(c: str) -> bool:
    """Whether `_WORD` (\\w) takes the character: what the re module's \\w is."""
    return c.isalnum() or c == "_"


class _WordsKept:
    """The words of passages weighed lately, by their text, and their written words
    by fold: a search reads a few hundred passages, and finding their words (NFC,
    then a regular expression over every character) was most of weighing them.
    Keyed by the text itself, so never stale; bounded by the characters kept."""

    MAX_CHARS = 1_000_000

    def __init__(self):
        self._words: dict[str, tuple[tuple[str, ...], dict[str, tuple[str, ...]]]] = {}
        self._chars = 0

    def __call__(self, text: str) -> tuple[str, ...]:
        return self._kept(text)[0]

    def folds(self, text: str) -> dict[str, tuple[str, ...]]:
        """Fold → the distinct written words of `text` with that fold (read only)."""
        return self._kept(text)[1]

    def _kept(self, text: str) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
        found = self._words.get(text)
        if found is None:
            words = tuple(_WORD.findall(_nfc(text)))
            grouped: dict[str, list[str]] = {}
            for word in dict.fromkeys(words):
                grouped.setdefault(_forms(word)[1], []).append(word)
            # Tuples of strings, which Python's collector stops tracking: kept for many
            # passages, lists were most of what each full collection walked.
            folds = {fold: tuple(written) for fold, written in grouped.items()}
            found = (words, folds)
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
