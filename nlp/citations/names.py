"""Where the name of a law, code or ordinance ends when no known name matches.

A name is read in parts separated by a comma or "và" ("Luật Phòng cháy, chữa
cháy và cứu nạn, cứu hộ"). The first part ends at a boundary word
(`nlp/data/name_boundaries.tsv`) or a mark; each further part is kept only when the
chain of parts runs into something that shows the citation goes on (a date, a
number, "của", ";" …), so "Luật Đầu tư, các doanh nghiệp phải …" stays "Luật Đầu tư".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cancu.nlp.citations.vocab import read_tsv
from cancu.nlp.text.fold import fold
from cancu.nlp.text.letters import UPPER_CLASS

_WORD = re.compile(r"\S+")
_CAPITALISED_WORD = re.compile(rf"\s+({UPPER_CLASS}[\wÀ-ỹ]*)")
_DAY = re.compile(r"\s*:?\s*\d")
_YEAR = re.compile(r"\s*(?:19|20)\d{2}(?!\d)")
_NEXT = re.compile(r"\s*(\w*)")
_PREVIOUS = re.compile(r"(\w+)\s*$")
FIRST_PART_CHARS = 60      # the first part: as long as the longest first parts seen
JOINED_PART_WORDS = 6      # "an toàn giao thông đường bộ"
CLOSING_MARKS = ";.:()"

STOP, CLOSES, JOINS, OPENS_NO_PART = "stop", "closes", "joins", "opens_no_part"


@dataclass(frozen=True)
class Boundary:
    role: str                 # stop | closes | joins
    followed_by: str | None   # "digit" | "year" | None
    not_after: str | None = None   # no boundary right after this word ("do" of "tự do")


@lru_cache(maxsize=1)
def boundaries() -> dict[str, tuple[Boundary, ...]]:
    """Boundary words (lower case, accented) → their rules, in file order."""
    out: dict[str, list[Boundary]] = {}
    for r in read_tsv("name_boundaries.tsv"):
        if r["role"] not in (STOP, CLOSES, JOINS, OPENS_NO_PART):
            raise ValueError(f"name_boundaries.tsv: unknown role «{r['role']}» for «{r['word']}»")
        out.setdefault(r["word"].lower(), []).append(
            Boundary(r["role"], r.get("followed_by") or None, (r.get("not_after") or "").lower() or None))
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _folded_boundaries() -> dict[str, tuple[Boundary, ...]]:
    out: dict[str, list[Boundary]] = {}
    for word, rules in boundaries().items():
        out.setdefault(fold(word), []).extend(rules)
    return {k: tuple(v) for k, v in out.items()}


def boundary_role(word: str, text: str, after: int, plain: bool = True) -> str | None:
    """The role of `word` (ending at `after` in `text`) as a name boundary, or None.

    Accented words are compared with accents ("có" stops, "cơ" does not); in a name
    typed without accents (`plain`) an unaccented lower-case word is compared folded
    ("nam" typed for "năm"; "Nam" is a name; "thiên tai" in an accented name is not "tại").
    """
    w = word.lower()
    rules = boundaries().get(w)
    if rules is None and plain and word.isascii() and word.islower():
        rules = _folded_boundaries().get(w)
    for rule in rules or ():
        if rule.followed_by == "digit" and not _DAY.match(text, after):
            continue
        if rule.followed_by == "year" and not _YEAR.match(text, after):
            continue
        if rule.followed_by not in (None, "digit", "year") and \
                _NEXT.match(text, after).group(1).lower() != rule.followed_by:
            continue
        if rule.not_after and _word_before(text, after - len(word)) == rule.not_after:
            continue
        return rule.role
    return None


def _word_before(text: str, start: int) -> str:
    """The word before `start` in `text`, lower case ("" at the text's start)."""
    m = _PREVIOUS.search(text, max(0, start - 30), start)
    return m.group(1).lower() if m else ""


def is_name_stop(word: str) -> bool:
    """Any boundary word ends a title's first word (used by titled citations)."""
    w = word.lower()
    return w in boundaries() or (word.isascii() and word.islower() and w in _folded_boundaries())


@dataclass(frozen=True)
class _Style:
    upper: bool    # the name is written in capitals (a heading)
    plain: bool    # the name is typed without accents


@dataclass(frozen=True)
class _Part:
    end: int | None     # end of the part's last word; None when the part is empty
    how: str            # how it ended: stop | closes | joins
    next: int           # where the next part would start


def name_end(text: str, pos: int, starts_new) -> int | None:
    """End of the generic name that follows a type word ending at `pos`, or None
    when no capitalised word follows. `starts_new(i)` says whether a type word or
    a pinpoint starts at offset i ("Luật Đất đai, Luật Nhà ở", "… và Điều 77 Luật …")."""
    first = _CAPITALISED_WORD.match(text, pos)
    if not first or starts_new(first.start(1)):
        return None          # "Luật\n\nNghị định": a table header, not a name
    word = first.group(1)
    style = _Style(upper=word.isupper() and len(word) > 1, plain=word.isascii())
    part = _read_part(text, first.start(1), True, style, starts_new)
    end = part.end or first.end()
    pending = None
    while part.how == JOINS:
        part = _read_part(text, part.next, False, style, starts_new)
        if part.end is None:            # ", Luật …", "và các …": what came before stands
            if part.how == CLOSES and pending is not None:
                end = pending
            break
        pending = part.end
        if part.how == CLOSES:
            end = pending
            break
    return end


def _read_part(text: str, start: int, first: bool, style: _Style, starts_new) -> _Part:
    end: int | None = None
    count = 0
    for w in _WORD.finditer(text, start):
        gap = text[end if end is not None else start:w.start()]
        if gap.strip() or "\t" in gap:
            return _Part(end, STOP, w.start())
        word = w.group(0)
        bare = word.strip(",.;:()\"'")
        lead = word[:len(word) - len(word.lstrip("(\"'"))]
        if lead:
            return _Part(end, CLOSES if "(" in lead else STOP, w.start())
        if not bare:
            if word[0] == ",":
                return _Part(end, JOINS, w.end())
            return _Part(end, CLOSES if word[0] in CLOSING_MARKS else STOP, w.start())
        if not bare.isalpha():
            return _Part(end, CLOSES if bare[0].isdigit() else STOP, w.start())
        role = None if (first and count == 0) else boundary_role(bare, text, w.start() + len(bare), style.plain)
        if role == OPENS_NO_PART:
            if first or count > 0:
                role = None
            else:
                return _Part(end, STOP, w.start())
        if role is not None:
            return _Part(end, role, w.end() if role == JOINS else w.start())
        if style.upper and not bare.isupper():
            return _Part(end, CLOSES, w.start())    # a heading in capitals ends where the capitals do
        # A type word or pinpoint opening a part is a new citation; inside a part only a
        # capitalised one is ("văn bản" in "văn bản quy phạm pháp luật" is not).
        opens = not first and count == 0
        if (opens or count > 0 and bare[0].isupper() and not style.upper) and starts_new(w.start()):
            return _Part(end, CLOSES, w.start())
        if not first:
            if count > 0 and bare[0].isupper() and not style.upper:
                return _Part(end, STOP, w.start())
            if count >= JOINED_PART_WORDS:
                return _Part(end, STOP, w.start())
        elif w.start() - start > FIRST_PART_CHARS:
            return _Part(end, STOP, w.start())
        end = w.start() + len(word.rstrip(",.;:)\"'"))
        count += 1
        tail = word[len(word.rstrip(",.;:)\"'")):]
        if tail:
            if tail[0] == ",":
                return _Part(end, JOINS, w.end())
            return _Part(end, CLOSES if tail[0] in CLOSING_MARKS else STOP, w.end())
    return _Part(end, CLOSES, len(text))
