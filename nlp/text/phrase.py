"""Literal words one whitespace run apart, found without compiling a regex.

A pattern built per document ("<title words>", "<the issuer's name>") costs more to
compile than to run; the words are literals, so `str.find` and `startswith` do.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

_SPACES = re.compile(r"\s+")


def words_at(text: str, pos: int, words: tuple[str, ...] | list[str]) -> int | None:
    """Where `words` end when they stand at `pos`, one whitespace run apart (the regex
    `w1\\s+w2\\s+…`: the last word may end inside a longer one); None if they do not."""
    for i, word in enumerate(words):
        if i:
            space = _SPACES.match(text, pos)
            if not space:
                return None
            pos = space.end()
        if not text.startswith(word, pos):
            return None
        pos += len(word)
    return pos


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"      # what the regex \w matches


def whole_words(text: str, words: list[str]) -> Iterator[tuple[int, int]]:
    """The spans of `words` standing as whole words in `text`, left to right and apart, as
    `re.finditer(r"(?<!\\w)w1\\s+w2…(?!\\w)", text)` finds them (each word without whitespace)."""
    if not words:
        return
    pos = 0
    while (start := text.find(words[0], pos)) >= 0:
        end = words_at(text, start, words) if start == 0 or not _is_word_char(text[start - 1]) else None
        if end is not None and (end == len(text) or not _is_word_char(text[end])):
            yield start, end
            pos = end
        else:
            pos = start + 1
