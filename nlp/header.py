"""Where a document's header is, and which body its issuer block names.

An official document opens with two columns: the issuing body on the left ("BỘ TÀI CHÍNH /
CỤC THUẾ"), the national motto on the right ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập -
Tự do - Hạnh phúc"), then "Số: …" and the place and date. Copies arrive in many shapes:
the columns one after the other with names wrapped at any word ("ỦY BAN NHÂN / DÂN / TỈNH
BẮC NINH"), table rows flattened with "|" (or TAB, as the .docx and .html readers write
them) between cells, every cell its own paragraph, or a
summary of a web page before the header. The motto is the anchor found in all of them.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from cancu.nlp.citations.grammar import grammar
from cancu.nlp.citations.vocab import read_tsv, vocabulary
from cancu.nlp.text.fold import fold, fold_nfc
from cancu.nlp.text.normalize import modern_tone
from cancu.nlp.text.phrase import whole_words

_SCAN = 20000        # a web page's summary can come before the header
_FIRST_LOOK = 3000   # where the header's motto and names nearly always are
_MOTTO = re.compile(r"cong\s+hoa\s+xa\s+hoi\s+chu\s+nghia\s+viet\s+nam|dang\s+cong\s+san\s+viet\s+nam"
                    r"|doc\s+lap\s*-\s*tu\s+do\s*-\s*hanh\s+phuc")
_RULE = re.compile(r"^[\s\-_=*.|#]*$")           # "-------", "|", "* * *"
_CELL = re.compile(r"[|\t]")                      # a cell boundary in a flattened row
_BLOCK_LINES = 8                                 # an issuer block is a few short lines


@dataclass(frozen=True)
class Header:
    start: int                 # offset of the header's first line in the text
    issuer_lines: tuple[str, ...]   # the issuer block, as written (upper case, wrapped)


@dataclass(frozen=True)
class _Head:
    folded: str
    generic: bool


@lru_cache(maxsize=1)
def _heads() -> tuple[_Head, ...]:
    rows = [_Head(" ".join(fold(r["word"]).split()), r["generic"] == "yes") for r in read_tsv("body_heads.tsv")]
    return tuple(sorted(rows, key=lambda h: -len(h.folded)))


def _is_upper_cell(cell: str) -> bool:
    letters = [c for c in cell if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _is_motto(text: str, m: re.Match[str]) -> bool:
    """The motto of a header, not the country's name in a sentence ("… của nước Cộng hòa xã
    hội chủ nghĩa Việt Nam"): written in capitals, or standing on its own line or cell."""
    if _is_upper_cell(text[m.start():m.end()]):
        return True
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    before = _CELL.split(text[line_start:m.start()])[-1]
    after = _CELL.split(text[m.end():line_end if line_end >= 0 else len(text)])[0]
    return not before.strip(" #*-") and not after.strip(" *-")


def _first_motto(head: str) -> re.Match[str] | None:
    """The first motto of an NFC text, folding only its first few thousand characters
    when the motto is there, as it nearly always is (folding all is most of the cost).

    A match ending inside the folded prefix is the one a scan of the whole text finds
    first: the pattern looks at nothing after its end, and no motto can hold another."""
    for size in (_FIRST_LOOK, len(head)):
        folded = _fold_prefix(head[:size]) if size == _FIRST_LOOK else fold_nfc(head)
        for m in _MOTTO.finditer(folded):
            if size < len(head) and m.end() >= size:
                break                        # may run past the prefix: scan it all
            if _is_motto(head, m):
                return m
        if size >= len(head):
            return None
    return None


def find_header(text: str) -> Header | None:
    """The header's start and its issuer block, or None when the motto is not near the top."""
    head = unicodedata.normalize("NFC", text[:_SCAN])
    m = _first_motto(head)
    if not m:
        return None
    head = head[:m.end() + 1000]          # the issuer block is before the motto, a few rows after
    lines = head.split("\n")
    line_starts = [0]
    for line in lines[:-1]:
        line_starts.append(line_starts[-1] + len(line) + 1)
    at = head.count("\n", 0, m.start())
    # Cells before the motto on its own line belong to the left column ("UBND TỈNH X | CỘNG HÒA …").
    before = head[line_starts[at]:m.start()]
    block: list[str] = [c.strip() for c in _CELL.split(before) if c.strip() and _is_upper_cell(c)]
    first = at
    taken = 0
    for i in range(at - 1, max(-1, at - 1 - 3 * _BLOCK_LINES), -1):
        line = lines[i].strip()
        if _RULE.match(line):
            continue
        cell = _CELL.split(line)[0].strip()
        if not _is_upper_cell(cell) or taken >= _BLOCK_LINES:
            break
        block.insert(0, cell)
        first, taken = i, taken + 1
    # A flattened table puts the rest of the left column on the rows after the motto's row.
    for line in lines[at + 1:at + 4]:
        cells = [c.strip() for c in _CELL.split(line)]
        if len(cells) < 2 or not _is_upper_cell(cells[0]) or _MOTTO.search(fold(cells[0])):
            break
        block.append(cells[0])
    # Offsets of the original text: NFC may have shortened the lines, not changed their count.
    start = line_starts[first] if head == text[:len(head)] else \
        sum(len(line) + 1 for line in text.split("\n", first)[:first])
    return Header(start, tuple(block))


# ---------------------------------------------------------------- the issuer's name
@dataclass(frozen=True)
class _Named:
    name: str               # "Ủy ban nhân dân tỉnh Bắc Ninh"
    place: str | None       # "tỉnh Bắc Ninh"


def issuer_of_block(block: tuple[str, ...], text: str) -> str | None:
    """The lowest body of the block, named in full: "BỘ TÀI CHÍNH / CỤC THUẾ" → "Cục Thuế";
    a unit without a place of its own takes its local government's ("Sở Giáo dục và Đào tạo
    thành phố Hồ Chí Minh"); a bare unit word takes its parent's name ("Văn phòng Ban Chấp
    hành Trung ương Đảng")."""
    units = _units(block)
    if not units:
        return None
    last = _name(units[-1], text)
    name = last.name
    if len(units) > 1:
        parent = _name(units[-2], text)
        if _generic(units[-1]):
            name = f"{last.name} {parent.name}"
        elif parent.place and not last.place:
            name = f"{last.name} {parent.place}"
    # Names are taken as the text writes them; an older text's tone placement ("Lạc Thuỷ",
    # "Hoà Vang") would make the same body two issuers to filter and count by.
    return modern_tone(name)


def _folded(words: list[str]) -> str:
    return " ".join(fold(" ".join(words)).split())


def _units(block: tuple[str, ...]) -> list[list[str]]:
    """One word list per body: a line opening with a body word or a known issuer starts a body."""
    lines = [ln.split() for ln in block if ln.split()]
    whole = [w for ln in lines for w in ln]
    if not whole:
        return []
    if _folded(whole) in grammar().issuer_by_folded:
        return [whole]
    units: list[list[str]] = []
    for words in lines:
        if units and (_incomplete(_folded(units[-1])) or not _starts_body(_folded(words))):
            units[-1] += words
        else:
            units.append(list(words))
    return [part for unit in units for part in _split_after_place(unit)]


def _split_after_place(words: list[str]) -> list[list[str]]:
    """One table cell may hold two bodies on one line ("ỦY BAN NHÂN DÂN TỈNH BẮC NINH SỞ TÀI
    CHÍNH"): a body word after a place and its name, followed by a name of its own, starts the
    lower body. Without a place nothing is split ("CỤC HẢI QUAN" is one body)."""
    folded = [fold(w) for w in words]
    for i in range(1, len(words)):
        place = next((p for p in _place_word_lists() if folded[i:i + len(p)] == p), None)
        if not place:
            continue
        for j in range(i + len(place) + 1, len(words)):
            rest = " ".join(folded[j:])
            # a body word and a name after it; a last word is the place's own ("HẢI PHÒNG")
            if any(rest.startswith(h.folded + " ") for h in _heads()):
                return [words[:j], *_split_after_place(words[j:])]
        return [words]
    return [words]


def _regular(folded: str) -> bool:
    """Words one space apart, none empty: what `_folded` returns and the indexes hold."""
    return bool(folded) and folded == " ".join(folded.split())


def _word_prefixes(folded: str) -> list[str]:
    """"a b c" → ["a", "a b", "a b c"]."""
    out, at = [], folded.find(" ")
    while at >= 0:
        out.append(folded[:at])
        at = folded.find(" ", at + 1)
    out.append(folded)
    return out


@dataclass(frozen=True)
class _KeyIndex:
    """The body words, issuers and places as sets, so a header line is looked up by its own
    word prefixes (a few) instead of comparing it with every key (a hundred and more).
    For regular strings (every `_folded` line, every key: checked when built)
    `folded == k or folded.startswith(k + " ")` is "k is a word prefix of folded"."""
    bodies: frozenset[str]          # body words and known issuers
    body_prefixes: frozenset[str]   # every word prefix of those shorter than the whole
    full_heads: frozenset[str]      # body words that are no body without a name ("CỤC")
    generic_heads: frozenset[str]
    issuers: frozenset[str]
    places: frozenset[str]


@lru_cache(maxsize=1)
def _key_index() -> _KeyIndex:
    """Read for every line of every header, so built once."""
    issuers = tuple(grammar().issuer_by_folded)
    bodies = tuple(h.folded for h in _heads()) + issuers
    places = _place_words()
    irregular = [k for k in (*bodies, *places) if not _regular(k)]
    if irregular:
        raise ValueError(f"header keys must be folded words one space apart: {irregular!r}")
    return _KeyIndex(
        bodies=frozenset(bodies),
        body_prefixes=frozenset(p for k in bodies for p in _word_prefixes(k)[:-1]),
        full_heads=frozenset(h.folded for h in _heads() if not h.generic),
        generic_heads=frozenset(h.folded for h in _heads() if h.generic),
        issuers=frozenset(issuers),
        places=frozenset(places))


def _starts_body(folded: str) -> bool:
    return any(p in _key_index().bodies for p in _word_prefixes(folded))


def _incomplete(folded: str) -> bool:
    """A body word without its name ("CỤC" / "HẢI QUAN"), or part of a longer body word
    ("ỦY" / "BAN NHÂN DÂN"): the next line completes it."""
    if folded in grammar().issuer_by_folded:
        return False
    index = _key_index()
    return folded in index.body_prefixes or folded in index.full_heads


def _generic(words: list[str]) -> bool:
    return _folded(words) in _key_index().generic_heads


@lru_cache(maxsize=1)
def _place_words() -> tuple[str, ...]:
    return tuple(sorted((" ".join(fold(p).split()) for p in vocabulary().places), key=len, reverse=True))


@lru_cache(maxsize=1)
def _place_word_lists() -> tuple[list[str], ...]:
    """`_place_words` word by word, to compare with a slice of a body's folded words."""
    return tuple(p.split() for p in _place_words())


def _name(words: list[str], text: str) -> _Named:
    """A body's name in its usual case: a known issuer's canonical name (and its place), else
    the way the document itself writes the name in running text, else capitalised by rule."""
    g = grammar()
    folded = _folded(words)
    key = _issuer_key(folded)
    if key is not None:
        canonical = g.issuer_by_folded[key].canonical
        rest = words[len(key.split()):]
        if not rest:
            return _Named(canonical, None)
        place = _place_name(rest, text)
        return _Named(f"{canonical} {place}", place if _is_place(rest) else None)
    place_at = next((i for i in range(1, len(words)) if _is_place(words[i:])), None)
    if place_at is not None:
        head = _as_written(_folded(words[:place_at]), text) or _capitalised(words[:place_at])
        place = _place_name(words[place_at:], text)
        return _Named(f"{head} {place}", place)
    return _Named(_as_written(folded, text) or _capitalised(words), None)


def _is_place(words: list[str]) -> bool:
    places = _key_index().places
    return any(p in places for p in _word_prefixes(_folded(words))[:-1])


def _place_name(words: list[str], text: str) -> str:
    """"TỈNH BẮC NINH" → "tỉnh Bắc Ninh": the unit word in lower case, the name as written."""
    f = _folded(words)
    p = _place_key(f)
    if p is not None:
        n = len(p.split())
        unit = " ".join(words[:n]).lower()
        return f"{unit} {_as_written(_folded(words[n:]), text) or _title(words[n:])}"
    return _as_written(f, text) or _title(words)


def _issuer_key(folded: str) -> str | None:
    """The longest known issuer that `folded` is or starts with (word by word)."""
    issuers = _key_index().issuers
    return next((p for p in reversed(_word_prefixes(folded)) if p in issuers), None)


def _place_key(folded: str) -> str | None:
    """The longest place word ("tinh", "thanh pho") `folded` starts with, a name after it."""
    places = _key_index().places
    return next((p for p in reversed(_word_prefixes(folded)[:-1]) if p in places), None)


@lru_cache(maxsize=8)
def _folded_text(text: str, size: int | None = None) -> tuple[str, str]:
    """The text in NFC, and its first `size` characters (all when None) folded."""
    nfc = unicodedata.normalize("NFC", text)
    return nfc, _fold_prefix(nfc[:size]) if size is not None else fold_nfc(nfc)


@lru_cache(maxsize=4)
def _fold_prefix(prefix: str) -> str:
    """`fold_nfc` of the first `_FIRST_LOOK` characters of a text in NFC: the motto is looked
    for there and then the issuer's names, the same characters (cached by their value)."""
    return fold_nfc(prefix)


def _as_written(folded: str, text: str) -> str | None:
    """The first mixed-case occurrence of these words in the text ("Bắc Ninh", "Sở Giáo dục và
    Đào tạo"); None when the text writes them only in capitals or not at all.

    The header's names are nearly always written out near the top: the folded prefix
    is searched first, the whole text only when no occurrence ends inside it."""
    if not folded:
        return None
    words = folded.split()      # found by string search: a regex per name cost more to compile
    for size in (_FIRST_LOOK, None):
        nfc, f = _folded_text(text, size)
        whole = len(f) == len(nfc)
        for start, end in whole_words(f, words):
            if not whole and end >= len(f):
                break                        # the next character may continue the word
            surface = " ".join(nfc[start:end].split())
            if not _is_upper_cell(surface) and surface[:1].isupper():
                return surface
        if whole:
            return None
    return None


def _capitalised(words: list[str]) -> str:
    """Fallback: the body word and the word after it capitalised ("Cục Hải quan", "Tổng cục Thuế")."""
    f = _folded(words)
    head = next((h for h in _heads() if f == h.folded or f.startswith(h.folded + " ")), None)
    n = len(head.folded.split()) if head else 1
    return " ".join(w.capitalize() if i in (0, n) else w.lower() for i, w in enumerate(words))


def _title(words: list[str]) -> str:
    return " ".join(w.capitalize() for w in words)


# ---------------------------------------------------------------- a letter without header
@lru_cache(maxsize=1)
def _sender_pattern() -> re.Pattern[str]:
    heads = "|".join(re.escape(h.folded).replace(r"\ ", r"\s+") for h in _heads())
    verbs = "|".join(re.escape(" ".join(fold(r["phrase"]).split())).replace(r"\ ", r"\s+")
                     for r in read_tsv("sender_verbs.tsv"))
    # at the start of a sentence or clause: "…/NĐ-CP, Bộ Tài chính đề nghị …"
    return re.compile(rf"(?:^|[.,:;]\s*)(?P<who>(?:{heads})(?:\s+[^\s,.;:]+){{1,6}}?)\s+(?:{verbs})(?!\w)")


def letter_sender(working: str) -> str | None:
    """The body a letter copied without its header names as itself: "Cục Thuế nhận được công
    văn số …" → "Cục Thuế". The name must be a proper one (its first word after the body word
    capitalised), so "Sở, ngành đề nghị" or "cơ quan đề nghị" is nobody."""
    folded = fold(working)
    if len(folded) != len(working):
        return None
    for m in _sender_pattern().finditer(folded):
        words = working[m.start("who"):m.end("who")].split()
        head = next(h for h in _heads() if _folded(words).startswith(h.folded + " "))
        rest = words[len(head.folded.split()):]
        if words[0][:1].isupper() and rest and rest[0][:1].isupper() and not any(c.isdigit() for c in "".join(rest)):
            return " ".join(words)
    return None
