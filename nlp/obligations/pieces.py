"""Long texts in pieces: spaCy refuses a text over `max_length` (1,000,000
characters), and its memory grows with the text, so a document longer than
PIECE_CHARS is read piece by piece.

A cut falls where the layout already breaks: before a section (a Roman-numbered
heading, an appendix, the closing) if one is near, else after a line that ends a
sentence, else after a blank line, else at a line start, never between two
table rows. The extractor knows a section's kind only from its heading and an
assignment's actor from its numbered item, so a piece cut inside a section
starts with a copy of that heading and of the item it is in (its *context*);
whatever is found inside the copy belongs to the piece before and is dropped.
Offsets map back to the original text by the piece's start.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from cancu.nlp.obligations.structure import _SENT_END, opens_item, opens_section

# Far below spaCy's limit: real plans are under 100,000 characters, so they are
# never cut, and a piece's Doc stays small.
PIECE_CHARS = 250_000


@dataclass(frozen=True)
class Piece:
    start: int          # the piece's own text is original[start:end]
    end: int
    context: str = ""   # heading (and item) lines, each with its "\n", put before it

    def text(self, original: str) -> str:
        return self.context + original[self.start:self.end]

    def to_original(self, pos: int) -> int | None:
        """An offset in `text()` as an offset in the original; None inside the context."""
        if pos < len(self.context):
            return None
        return self.start + pos - len(self.context)


@dataclass(frozen=True)
class _Layout:
    sections: list[tuple[int, int]]     # (start, end) of each line that opens a section
    items: list[tuple[int, int]]        # (start, end) of each top-level numbered item line

    @classmethod
    def of(cls, text: str) -> "_Layout":
        sections, items = [], []
        pos = 0
        for line in text.split("\n"):
            stripped = line.strip()
            if stripped and opens_section(stripped):
                sections.append((pos, pos + len(line)))
            elif stripped and opens_item(stripped):
                items.append((pos, pos + len(line)))
            pos += len(line) + 1
        return cls(sections, items)

    def context(self, text: str, cut: int) -> str:
        """Copies of the section heading and numbered item that `cut` falls inside."""
        i = bisect.bisect_right([s for s, _ in self.sections], cut) - 1
        if i < 0 or self.sections[i][0] == cut:
            return ""
        lines = [text[slice(*self.sections[i])]]
        j = bisect.bisect_right([s for s, _ in self.items], cut) - 1
        if j >= 0 and self.sections[i][0] < self.items[j][0] < cut:
            lines.append(text[slice(*self.items[j])])
        return "".join(line + "\n" for line in lines)


def split(text: str, limit: int | None = None) -> list[Piece]:
    """Pieces of at most `limit` (default PIECE_CHARS) characters, context included,
    covering `text` in order."""
    limit = limit or PIECE_CHARS
    if len(text) <= limit:
        return [Piece(0, len(text))]
    layout = _Layout.of(text)
    section_starts = [s for s, _ in layout.sections]
    pieces: list[Piece] = []
    start, context = 0, ""
    while len(text) - start + len(context) > limit:
        cut = _cut(text, start, start + limit - len(context), section_starts)
        pieces.append(Piece(start, cut, context))
        start = cut
        context = layout.context(text, start)
        if len(context) > limit // 4:       # lines that long are no headings
            context = ""
    pieces.append(Piece(start, len(text), context))
    return pieces


def _cut(text: str, lo: int, hi: int, section_starts: list[int]) -> int:
    """Where to end the piece that starts at `lo` and may end at `hi` at most."""
    floor = lo + (hi - lo) // 2          # never a piece less than half full
    i = bisect.bisect_right(section_starts, hi) - 1
    if i >= 0 and section_starts[i] > floor:
        return section_starts[i]
    for ok in (_after_sentence, _after_blank, _outside_table, lambda t, i: True):
        line = text.rfind("\n", floor, hi)
        while line >= 0 and not ok(text, line + 1):
            line = text.rfind("\n", floor, line)
        if line >= 0:
            return line + 1
    space = text.rfind(" ", floor, hi)    # no line break in half a piece
    return space + 1 if space >= 0 else hi


def _line_before(text: str, line_start: int) -> str:
    end = max(line_start - 1, 0)
    return text[text.rfind("\n", 0, end) + 1:end]


def _after_sentence(text: str, line_start: int) -> bool:
    """The line before ends a sentence: a paragraph ends here even in text whose
    wrapped lines are separated by blank lines (as PDFs give them)."""
    return bool(_SENT_END.search(_line_before(text, line_start))) and _outside_table(text, line_start)


def _after_blank(text: str, line_start: int) -> bool:
    return not _line_before(text, line_start).strip() and _outside_table(text, line_start)


def _outside_table(text: str, line_start: int) -> bool:
    """False when the line starting here and the line before are both table rows."""
    end = text.find("\n", line_start)
    this = text[line_start:end if end >= 0 else len(text)]
    return not ("\t" in this and "\t" in _line_before(text, line_start))
