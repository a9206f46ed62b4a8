"""Known instrument names, so a name cited without its number ends where the
instrument's name ends ("Luật Quản lý, sử dụng tài sản công", not "Luật Quản lý").

The caller supplies the names (cancu passes the registry's; `nlp` knows no
registry). They are compiled once into a word trie over folded text, one trie per
type word; the extractor walks it from each named type word it finds, so the cost
is the length of the name cited, however many names are known.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence, Union

from cancu.nlp.citations.vocab import vocabulary
from cancu.nlp.text.fold import fold

_WORDS = re.compile(r"[a-z0-9]+")
# Between two words of a name the text may put spaces, line breaks, a comma or a
# hyphen ("Lao động - Thương binh"); any other mark ends the name.
_NEXT_WORD = re.compile(r"[\s,-]*([a-z0-9]+)")
# A bracketed end of a name ("… ở người (HIV/AIDS)"), which citations may leave out; the
# registry's name keys drop it too (kg/registry/instruments.py)
NAME_NOTE = re.compile(r"\s*\([^()]*\)\s*$")


@dataclass(frozen=True)
class KnownName:
    """One name (or alias) of a known instrument.

    `type_word` is the word that opens a citation of it ("Luật", "Bộ luật",
    "Pháp lệnh", "Hiến pháp"); `name` is the name, with or without the type word
    ("Quản lý, sử dụng tài sản công" or "Luật Quản lý, sử dụng tài sản công");
    `key` is the caller's identity of the instrument (a registry key or symbol).
    Several instruments may share a name (the 2013 and 2023 Luật Đấu thầu).
    """

    type_word: str
    name: str
    key: str


@dataclass(frozen=True)
class NameMatch:
    end: int                          # folded-text offset where the name ends
    names: tuple[KnownName, ...]      # every known instrument with that name
    # A longer known name goes on from here ("Luật Khoa học" → "… và công nghệ"):
    # the text may name a newer instrument the caller does not know yet.
    extendable: bool = False


class Gazetteer:
    """Known names compiled for longest-match lookup after a type word."""

    def __init__(self, names: Iterable[KnownName]):
        self._tries: dict[str, dict] = {}
        # the bracketed end of a name, as a pattern over folded text: "(HIV/AIDS)"
        self._notes: dict[KnownName, re.Pattern[str]] = {}
        self.size = 0
        for kn in names:
            tw = " ".join(_WORDS.findall(fold(kn.type_word)))
            note = NAME_NOTE.search(kn.name)
            if note and (note_words := _WORDS.findall(fold(note.group(0)))):
                self._notes[kn] = re.compile(r"\s*\(\s*" + r"\W*".join(note_words) + r"\s*\)")
            words = _WORDS.findall(fold(NAME_NOTE.sub("", kn.name)))
            if words[:len(tw.split())] == tw.split():
                words = words[len(tw.split()):]      # the name was given with its type word
            if not tw or not words:
                continue
            for variant in _variants(words):
                node = self._tries.setdefault(tw, {})
                for w in variant:
                    node = node.setdefault(w, {})
                node[None] = node.get(None, ()) + (kn,)
            self.size += 1

    def __len__(self) -> int:
        return self.size

    def longest(self, folded: str, pos: int, type_word: str) -> NameMatch | None:
        """The longest known name of `type_word` (folded, one space) starting
        right after `pos` in the folded text."""
        node = self._tries.get(type_word)
        best: NameMatch | None = None
        while node:
            m = _NEXT_WORD.match(folded, pos)
            if not m:
                break
            node = node.get(m.group(1))
            if node is None:
                break
            pos = m.end()
            if None in node:
                best = NameMatch(pos, node[None], len(node) > 1)
        if best is not None and self._notes:
            # "Luật Phòng, chống nhiễm vi rút … ở người (HIV/AIDS)": the name's bracketed end, when cited
            for kn in best.names:
                note = self._notes.get(kn)
                if note and (n := note.match(folded, best.end)):
                    return NameMatch(n.end(), best.names, best.extendable)
        return best


def _variants(words: list[str]) -> list[list[str]]:
    """The name as given, and without an inner "ở" (cited as "dân chủ cơ sở")."""
    out = [words]
    if "o" in words[1:-1]:
        out.append([w for i, w in enumerate(words) if not (w == "o" and 0 < i < len(words) - 1)])
    return out


Names = Union[Gazetteer, Sequence[Union[KnownName, str]]]


def gazetteer_of(names: Names) -> Gazetteer | None:
    """A gazetteer from what a caller passes: a Gazetteer, KnownNames, or plain
    titles that start with their type word ("Luật Đất đai")."""
    if isinstance(names, Gazetteer):
        return names if len(names) else None
    if not names:
        return None
    return _compiled(tuple(names))


@lru_cache(maxsize=8)
def _compiled(names: tuple[KnownName | str, ...]) -> Gazetteer | None:
    known = [n if isinstance(n, KnownName) else _from_title(n) for n in names]
    g = Gazetteer(k for k in known if k is not None)
    return g if len(g) else None


def _from_title(title: str) -> KnownName | None:
    """"Luật Thực hiện dân chủ ở cơ sở" → KnownName("Luật", …); a title that does
    not start with a named type word is not a name to look for."""
    folded = " ".join(_WORDS.findall(fold(title)))
    for tw in sorted((t.word for t in vocabulary().type_words if t.named), key=len, reverse=True):
        ftw = " ".join(_WORDS.findall(fold(tw)))
        if folded.startswith(ftw + " "):
            return KnownName(tw, title, title)
    return None
