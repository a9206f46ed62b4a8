"""What a mention's position in the text tells the graph: the sentence to show
as evidence, and whether the mention is part of the document's legal basis.

The basis rule: Vietnamese plans and decisions open with "Căn cứ …;" and
"Thực hiện …;" paragraphs and then start their body with a numbered heading
("I. MỤC ĐÍCH, YÊU CẦU", "Điều 1.", "QUYẾT ĐỊNH:"). A mention that starts before
the first such heading is in the preamble, hence a legal basis. When no heading
is found, only mentions whose clause itself opens with "Căn cứ"/"Thực hiện" count.
"""
from __future__ import annotations

import re
from enum import Enum

from cancu.nlp.citations.vocab import vocabulary
from cancu.nlp.text.characters import char_class
from cancu.nlp.text.markers import OPERATIVE_WORDS
from cancu.nlp.text.letters import UPPER_CLASS

_SPACES = re.compile(r"\s+")

# A body heading at the start of a line: a Roman numeral section with an
# upper-case title ("II. MỤC TIÊU", "II – MỤC TIÊU": any dash of nlp/data/characters.tsv,
# since the text is the one as written), "Phần I", "Chương I", "Điều 1", or the operative verb line
# of a decision or resolution ("QUYẾT ĐỊNH:", OPERATIVE_WORDS).
_HEADING = re.compile(
    r"^[ \t]*(?:"
    r"[IVX]{1,5}[ \t]*[.)" + char_class("dash") + r"][ \t]*" + UPPER_CLASS +
    r"|(?:PHẦN|Phần|CHƯƠNG|Chương)[ \t]+(?:[IVX]{1,5}|\d{1,2})\b"
    r"|Điều[ \t]+1[ \t]*[.:]"
    r"|(?:" + "|".join(map(re.escape, OPERATIVE_WORDS)) + r")[ \t]*:"
    r")",
    re.MULTILINE,
)

# Clause boundaries: a sentence or a ";"-separated basis item ends at one of
# these when whitespace follows (a "." inside "Điều 1.2" or a date does not).
_BOUNDARY = re.compile(r"[.;:!?](?=\s)")
_MAX_SIDE = 400           # display cap on each side of the mention
# A basis item also starts at a line that opens with a capitalised basis verb,
# even when the line before (often the title) ends without punctuation. Case
# matters: wrapped lines of running text start with lower-case "thực hiện".
# The openers are citation_cues.tsv's based_on ("Căn cứ …") and implements ("Thực hiện …").
_BASED_ON_OPENERS = tuple(p.lower() for p in vocabulary().cues["based_on"])
_IMPLEMENT_OPENERS = tuple(p.lower() for p in vocabulary().cues["implements"])
_BASIS_OPENERS = _BASED_ON_OPENERS + _IMPLEMENT_OPENERS
_LINE_OPENER = re.compile(r"\n[ \t]*(?=" + "|".join(
    re.escape(w) for p in _BASIS_OPENERS for w in (p.capitalize(), p.upper())) + ")")


class BasisKind(str, Enum):
    NONE = "none"             # cited in the body
    BASED_ON = "based_on"     # "Căn cứ …" — eli:based_on
    IMPLEMENTS = "implements"  # "Thực hiện/Triển khai …" — cancu:implements (and based_on)


def preamble_end(text: str) -> int | None:
    """Offset of the first body heading, or None when the text has none."""
    match = _HEADING.search(text)
    return match.start() if match else None


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around text[start:end], bounded by punctuation and a length cap."""
    lo_limit = max(0, start - _MAX_SIDE)
    left = lo_limit
    for m in _BOUNDARY.finditer(text, lo_limit, start):
        left = m.end()
    for m in _LINE_OPENER.finditer(text, left, start):
        left = m.end()
    hi_limit = min(len(text), end + _MAX_SIDE)
    m = _BOUNDARY.search(text, end, hi_limit)
    right = m.end() if m else hi_limit
    # A heading line ends the preamble clause even without punctuation.
    newline_heading = _HEADING.search(text, end, right)
    if newline_heading:
        right = newline_heading.start()
    return left, right


def sentence_around(text: str, start: int, end: int) -> str:
    """The clause containing the mention, whitespace collapsed, for display."""
    left, right = clause_bounds(text, start, end)
    return _SPACES.sub(" ", text[left:right]).strip()


def basis_kind(text: str, start: int, end: int, *, body_start: int | None = -1) -> BasisKind:
    """Whether the mention at [start, end) is part of the legal basis.

    `body_start` is `preamble_end(text)`; pass it when classifying many mentions
    of one text so the heading search runs once (-1 means "compute it").
    """
    if body_start == -1:
        body_start = preamble_end(text)
    left, _ = clause_bounds(text, start, end)
    opener = _SPACES.sub(" ", text[left:start]).strip().lower()
    if body_start is not None:
        if start >= body_start:
            return BasisKind.NONE
    elif not opener.startswith(_BASIS_OPENERS):
        return BasisKind.NONE
    if opener.startswith(_BASED_ON_OPENERS):
        return BasisKind.BASED_ON
    # "Thực hiện …;" items, and titles such as "KẾ HOẠCH Triển khai thực hiện …".
    if opener.startswith(_IMPLEMENT_OPENERS) or any(w in opener for w in _IMPLEMENT_OPENERS):
        return BasisKind.IMPLEMENTS
    return BasisKind.BASED_ON
