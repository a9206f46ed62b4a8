"""The block layout of administrative documents: articles ("Điều 3."), numbered clauses and
items ("2."), lettered points ("a)"), roman sub-points ("(i)"), dash bullets and plain
paragraphs, each with its place in the hierarchy. Lines are hard-wrapped, so a block runs
over the following lines until a marker, a blank line, or a new sentence at a line start.
Offsets are working-text (NFC) offsets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from cancu.nlp.obligations.vocab import actor_phrases, raw_cues, word_alternation
from cancu.nlp.text.markers import (BULLETS, FOOTNOTE_MARK, LETTERED as _LETTERED, NUMBER_ALONE as _NUMBER_ALONE,
                                    NUMBERED as _NUMBERED, SUB_BULLET)

# "Điều 8[7]." in a consolidated text: a footnote's number after the article's
_ARTICLE = re.compile(rf"^Điều\s+(\d{{1,3}}[a-z]?)(?:{FOOTNOTE_MARK})?\s*[.:]\s*")
_ROMAN_BIG = re.compile(r"^([IVX]{1,5})\s*[.)]\s+(?=\S)")
_ROMAN_SMALL = re.compile(r"^\(?([ivx]{1,4})\)\s*(?=\S)")
# "(1)", "(2)": sub-items of an umbrella ("… một số nội dung trọng tâm như sau:\n(1) Bộ Y tế …"),
# a third level like "(i)"; only after a line that ends a sentence or an umbrella
_PAREN_NUMBER = re.compile(r"^\((\d{1,2})\)\s*(?=\S)")
_DASH = re.compile(rf"^[{BULLETS}{re.escape(SUB_BULLET)}](?:\s+|$)")
_SENT_END = re.compile(r"""[.:!?…]["'”»)]?\s*$|\./\.\s*$""")

# words that cannot end the name of an addressee ("… cơ quan thuộc\nChính phủ")
_OPEN_END = re.compile(word_alternation("open_end") + r"\s*$")

_PLURAL_COLON = re.compile(r"\b[Cc]ác\s+(?:" + "|".join(re.escape(h) for h in actor_phrases("plural_head"))
                           + r")\s*:\s*$")

_LETTER_BEFORE = {"i": "h", "v": "u", "x": "v"}    # a b c d đ e g h i k l m n o p q r s t u v x y

LEVELS = {"chapter": 0, "article": 1, "numbered": 2, "lettered": 3, "roman": 4, "dash": 5}


@dataclass
class Block:
    kind: str                   # chapter | article | numbered | lettered | roman | dash | plain
    marker: str | None          # "3", "2", "a", "ii", "-"
    start: int                  # the marker's first character
    body: int                   # first character after the marker
    end: int                    # end of the last line's content
    line: int                   # 1-based line of the marker
    blank_before: bool = False
    path: dict[str, str] = field(default_factory=dict)   # article/numbered/lettered/roman labels

    @property
    def level(self) -> float:
        # "3.1." sits under "3."; a "+" bullet under a "-" bullet
        if self.kind == "numbered" and self.marker:
            return LEVELS["numbered"] + 0.1 * self.marker.count(".")
        if self.kind == "dash" and self.marker == "+":
            return LEVELS["dash"] + 0.25
        return LEVELS.get(self.kind, 9)


def wrap_width(lines: list[str]) -> int | None:
    """The width a hard-wrapped text is wrapped at (most of its lines end within a few
    characters of it), or None when the lines are not wrapped at one width."""
    lens = sorted(len(l.rstrip()) for l in lines if l.strip() and "\t" not in l)
    if len(lens) < 20:
        return None
    width = lens[int(len(lens) * 0.9)]
    near = sum(width - 12 <= n <= width + 3 for n in lens)
    return width if 50 <= width <= 120 and near >= 0.25 * len(lens) else None


# a paragraph's first line is shorter than the wrap width (its indent is lost in the text), so
# a line of full width goes on with the paragraph above, even when it opens a sentence
FULL_LINE_SLACK = 8


def blocks(nfc: str) -> list[Block]:
    out: list[Block] = []
    pos = 0
    width = wrap_width(nfc.split("\n"))
    blank = False
    path: dict[str, str] = {}
    for no, raw in enumerate(nfc.split("\n"), start=1):
        line_start, line_end = pos, pos + len(raw)
        pos = line_end + 1
        s = raw.strip()
        if not s:
            blank = True
            continue
        cs = line_start + (len(raw) - len(raw.lstrip()))
        ce = line_start + len(raw.rstrip())
        kind, marker, body = _marker(s)
        if kind == "plain" and out and (m := _PAREN_NUMBER.match(s)) \
                and (blank or re.search(r"[.:;]\W*$", nfc[out[-1].start:out[-1].end])):
            kind, marker, body = "roman", m.group(1), m.end()
        # "… cao tốc Ninh Bình\n- Hải Phòng, đoạn qua …", "… kinh tế\n- xã hội": a dash that joins two
        # words, wrapped to the start of a line, is no bullet
        if kind == "dash" and out and not blank and _wrapped_dash(nfc[out[-1].start:out[-1].end], s[body:],
                                                                  out[-1].kind == "plain"):
            kind, marker, body = "plain", None, 0
        # "i)" after "h)" is the next letter of the Vietnamese alphabet, not a roman one
        if kind == "roman" and not s.startswith("(") and path.get("lettered") == _LETTER_BEFORE.get(marker):
            kind = "lettered"
        # "Điều" alone on its line, the number on the next ("Điều\n5. Trách nhiệm thi hành")
        if out and out[-1].kind == "plain" and nfc[out[-1].start:out[-1].end] == "Điều" and kind == "numbered":
            prev = out.pop()
            path = {"article": marker}
            out.append(Block("article", marker, prev.start, cs + body, ce, prev.line, prev.blank_before,
                             dict(path)))
            blank = False
            continue
        prev = out[-1] if out else None
        if kind == "plain" and prev and not blank and "\t" not in raw and "|" not in s[:1]:
            last = nfc[prev.start:prev.end].rsplit("\n", 1)[-1]
            # the address line ("Kính gửi: Ủy\nban nhân dân …") ends where a capital opens a line
            address = nfc.startswith("Kính gửi", prev.start)
            # "Bộ trưởng các Bộ:\nXây dựng, Ngoại giao …": the names of a plural head go on
            names = bool(_PLURAL_COLON.search(last))
            # "Kính gửi: Bộ trưởng, Thủ trưởng các cơ quan ngang Bộ, cơ quan thuộc\nChính phủ": a
            # name cut after a word that cannot end it goes on, though capitalised
            open_name = address and bool(_OPEN_END.search(last))
            new_sentence = s[:1].isupper() and (bool(_SENT_END.search(last)) or (address and not open_name)) \
                and not names
            if new_sentence and width and not address and prev.kind in ("plain", "dash") \
                    and len(raw.rstrip()) >= width - FULL_LINE_SLACK and len(last) >= width - FULL_LINE_SLACK \
                    and len(raw.rstrip()) <= width + FULL_LINE_SLACK:
                new_sentence = False
            # a marker alone on its line ("-") takes the next line as its text
            empty = prev.body >= prev.end
            if not new_sentence or empty:
                prev.end = ce
                if empty:
                    prev.body = cs
                continue
        if kind == "dash" and body >= len(s):
            body = len(s)
        path = _next_path(path, kind, marker)
        out.append(Block(kind, marker, cs, cs + body, ce, no, blank, dict(path)))
        blank = False
    return out


# the labelled levels, outermost first: a block keeps the labels of the levels above its own
_LEVELS = ("article", "numbered", "lettered", "roman")


def _next_path(path: dict[str, str], kind: str, marker: str | None) -> dict[str, str]:
    """The hierarchy labels of a block of `kind` after a block labelled `path`."""
    if kind == "chapter":
        return {}
    if kind not in _LEVELS:
        return path
    above = _LEVELS[:_LEVELS.index(kind)]
    return {k: v for k, v in path.items() if k in above} | {kind: marker}


def relabel(bl: list[Block]) -> list[Block]:
    """The blocks labelled again in their own order, as if the blocks left out of the list (a
    provision quoted from another instrument) were not in the text."""
    path: dict[str, str] = {}
    out = []
    for b in bl:
        path = _next_path(path, b.kind, b.marker)
        out.append(replace(b, path=dict(path)))
    return out


# "Chương I", "MỤC 2": chapter_heading words, capitalised or in capitals, then a space
_CHAPTER_WORDS = tuple(f"{w}{' '}" for p in raw_cues()["chapter_heading"] for w in (p[:1].upper() + p[1:], p.upper()))


def _wrapped_dash(before: str, after: str, in_prose: bool) -> bool:
    """Whether a line's opening dash, in prose, joins the last word of the line before to the first
    word after it: a word in lower case goes on ("chính trị\n- xã hội"), two proper names are one
    pair ("Ninh Bình\n- Hải Phòng"). After a list item the same shapes are two items."""
    last = before.rsplit(None, 1)[-1] if before.strip() else ""
    first = after.split(None, 1)[0] if after.strip() else ""
    if not in_prose or not last[-1:].isalnum() or not first[:1].isalpha():
        return False      # a list item that ends without a stop may be followed by one in lower case
    return first[:1].islower() or (_titled(last) and _titled(first))


def _titled(word: str) -> bool:
    return word[:1].isupper() and not word.isupper() and word.isalpha()


def _marker(s: str) -> tuple[str, str | None, int]:
    for kind, rx in (("article", _ARTICLE), ("chapter", _ROMAN_BIG), ("numbered", _NUMBERED),
                     ("roman", _ROMAN_SMALL), ("lettered", _LETTERED)):
        m = rx.match(s)
        if m:
            return kind, m.group(1), m.end()
    if s.startswith(_CHAPTER_WORDS) and len(s.split()) <= 3:
        return "chapter", None, len(s)
    m = _NUMBER_ALONE.fullmatch(s)
    if m:      # "2." alone on its line, its text on the next (blocks joins them)
        return "numbered", m.group(1), len(s)
    m = _DASH.match(s)
    if m:
        return "dash", "+" if s.startswith("+") else "-", m.end()
    return "plain", None, 0


def section_label(path: dict[str, str]) -> str | None:
    """"Điều 3.2.a" inside articles, "1.b.ii" in letters; None for the body of a letter."""
    parts = [path[k] for k in ("numbered", "lettered", "roman") if k in path]
    if "article" in path:
        return ".".join([f"Điều {path['article']}"] + parts)
    return ".".join(parts) if parts else None
