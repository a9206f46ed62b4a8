"""The words that name a cited instrument again by its title, matched without a regex.

"Nghị quyết về quyết định các biện pháp …" names again an instrument cited earlier with
that title. Each document has its own titles, so a pattern per title was compiled per
document: ~0.2 ms a title, a tenth of the extraction time of the real documents. The
words are literals one whitespace run apart, so a match is a few `startswith` calls.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cancu.nlp.text.phrase import words_at

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class TitleRef:
    """"<type word> [về việc] <first words of the title>" on the folded copy: what
    `head\\s+(?:(?:lead)\\s+)?words` matched, the leads tried in their order, then none."""

    head: tuple[str, ...]      # the type word as cited, folded, word by word
    leads: tuple[str, ...]     # "ve viec", "ve": may stand between type word and title
    words: tuple[str, ...]     # the title's first words (words never hold whitespace)

    def match(self, f: str, pos: int) -> int | None:
        """The end of this reference if it starts at `pos` of the folded text `f`."""
        end = words_at(f, pos, self.head)
        if end is None or not (space := _SPACES.match(f, end)):
            return None
        body = space.end()
        for lead in self.leads:
            if f.startswith(lead, body) and (after := _SPACES.match(f, body + len(lead))):
                found = words_at(f, after.end(), self.words)
                if found is not None:
                    return found
        return words_at(f, body, self.words)


_NEXT_WORD = re.compile(r"\s+(\S+)")


class TitleRefs:
    """A document's title references that can start where the scan found one type word.

    A long document has tens of thousands of type words and dozens of titles; at
    nearly every type word no title opens with the word that follows, and one
    dictionary look-up per type word says so before any reference is tried.
    """

    def __init__(self, phrase: str, refs: list[TitleRef]):
        if any(len(r.words) < 2 for r in refs):
            raise ValueError("a title reference needs two words: its first is then a whole word")
        self.refs = refs
        self._phrase = tuple(phrase.split(" "))   # the type word, folded, one space apart
        # head → the title's first word → the references (indexes, in citation order)
        self._by_head: dict[tuple[str, ...], dict[str, list[int]]] = {}
        for i, r in enumerate(refs):
            self._by_head.setdefault(r.head, {}).setdefault(r.words[0], []).append(i)
        self._leads = tuple(dict.fromkeys(lead for r in refs for lead in r.leads))
        self._lead_words = {lead.split(" ", 1)[0] for lead in self._leads}

    def first_match(self, f: str, pos: int, phrase_end: int) -> tuple[TitleRef, int] | None:
        """The first reference, in citation order, that matches at `pos`, and its end;
        the scan's type word spans f[pos:phrase_end]."""
        candidates: set[int] = set()
        for head, by_first in self._by_head.items():
            # A head that is the whole type word ends where the scan's match ends.
            end = phrase_end if head == self._phrase else words_at(f, pos, head)
            word = _NEXT_WORD.match(f, end) if end is not None else None
            if word is None:
                continue
            candidates.update(by_first.get(word.group(1), ()))
            if word.group(1) in self._lead_words:   # "về việc <title>": the title's first word is further on
                for lead in self._leads:
                    if f.startswith(lead, word.start(1)) and \
                            (after := _NEXT_WORD.match(f, word.start(1) + len(lead))):
                        candidates.update(by_first.get(after.group(1), ()))
        if not candidates:
            return None
        for i in sorted(candidates):
            end = self.refs[i].match(f, pos)
            if end is not None:
                return self.refs[i], end
        return None
