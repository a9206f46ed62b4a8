"""Document layout as plans write it: Roman-numbered sections, numbered/lettered items,
dash bullets, hard-wrapped paragraphs, label lines ("Cơ quan chủ trì: …"), TAB-separated
table rows. Works line by line on the NFC working copy; offsets are working offsets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from cancu.nlp.obligations.layout import FULL_LINE_SLACK, wrap_width
from cancu.nlp.text.characters import char_class
from cancu.nlp.text.normalize import NormalizedText
from cancu.nlp.text.fold import fold_text
from cancu.nlp.obligations.vocab import agency_rows, cues
from cancu.nlp.text.markers import BULLETS, LETTERED as _LETTERED, NUMBERED as _NUMBERED, SUB_BULLET

_ROMAN = re.compile(r"^([IVX]{1,5})\s*[.)]\s*(\S.*)$")
_BULLET = re.compile(rf"^[{BULLETS}]\s*(?=\S)")
_PLUS = re.compile(rf"^{re.escape(SUB_BULLET)}\s*(?=\S)")
_SENT_END = re.compile(r"""[.:!?]["'”»)]?\s*$|\./\.\s*$""")


@dataclass
class Line:
    no: int             # 1-based line number
    start: int          # working offsets, without the line break
    end: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def content_start(self) -> int:
        return self.start + (len(self.text) - len(self.text.lstrip()))

    @property
    def content_end(self) -> int:
        return self.start + len(self.text.rstrip())


@dataclass
class Para:
    kind: str                   # numbered | lettered | bullet | plus | plain
    marker: str | None          # "3", "a", "-", "+"
    lines: list[Line]
    start: int                  # after the marker
    marker_start: int           # first non-space character of the paragraph
    label: str | None = None    # label kind when the paragraph is "Label: value"
    label_value_start: int = -1

    @property
    def end(self) -> int:
        return self.lines[-1].content_end

    @property
    def first_line(self) -> int:
        return self.lines[0].no


@dataclass
class Section:
    kind: str                   # preamble | purpose | content | funding | org | closing | appendix
    roman: str | None
    title: str
    paras: list[Para] = field(default_factory=list)
    table_lines: list[Line] = field(default_factory=list)


def _is_upper_title(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) >= 0.7


def opens_section(stripped_line: str) -> bool:
    """A line parse() opens a section with: a Roman-numbered heading ("III. TỔ CHỨC
    THỰC HIỆN"), an appendix title, the closing ("Nơi nhận:")."""
    m = _ROMAN.match(stripped_line)
    if m and _is_upper_title(m.group(2)):
        return True
    folded = fold_text(stripped_line)
    return bool(_starts_with_cue(folded, "appendix") and _is_upper_title(stripped_line)
                or _starts_with_cue(folded, "closing"))


def opens_item(stripped_line: str) -> bool:
    """A top-level numbered item ("4. Trung tâm Văn hóa …"): in an org section it names the actor."""
    m = _NUMBERED.match(stripped_line)
    return bool(m and "." not in m.group(1))


def _starts_with_cue(folded: str, kind: str) -> tuple[str, int] | None:
    """(cue, end) when `folded` opens with a cue of `kind`; whitespace runs count as one space."""
    return cues().match_at(folded, 0, len(folded), kind)


def _section_kind(folded_title: str) -> str:
    c = cues()
    for kind, key in (("org", "section_org"), ("funding", "section_funding"),
                      ("purpose", "section_purpose")):
        if any(p in folded_title for p in c[key]):
            return kind
    return "content"


# Space, bullets and dashes before a label (every dash of nlp/data/characters.tsv).
_LABEL_LEAD = re.compile(r"^[\s+" + char_class("dash") + r"]*")


def label_of(folded_line: str) -> tuple[str, int] | None:
    """('lead'|'partner'|'time'|'output'|'form', offset of the value) for "Label: value"."""
    m = _LABEL_LEAD.match(folded_line)
    for kind in ("lead", "partner", "time", "output", "form"):
        hit = cues().match_at(folded_line, m.end(), len(folded_line), "label_" + kind)
        if hit:
            colon = re.match(r"\s*:\s*", folded_line[hit[1]:])
            if colon:
                return kind, hit[1] + colon.end()
    return None


def parse(wt: NormalizedText) -> list[Section]:
    lines: list[Line] = []
    pos = 0
    for no, raw in enumerate(wt.nfc.split("\n"), start=1):
        lines.append(Line(no, pos, pos + len(raw), raw))
        pos += len(raw) + 1

    sections = [Section("preamble", None, "")]
    for line in lines:
        s = line.stripped
        if not s:
            continue
        folded = wt.folded[line.content_start:line.content_end]
        if "\t" in line.text:
            sections[-1].table_lines.append(line)
            continue
        m = _ROMAN.match(s)
        if m and _is_upper_title(m.group(2)):
            title_f = wt.folded[line.content_start + m.start(2):line.content_end]
            sections.append(Section(_section_kind(title_f), m.group(1), m.group(2).strip()))
            continue
        if _starts_with_cue(folded, "appendix") and _is_upper_title(s):
            roman = s.split()[-1] if len(s.split()) > 2 else ""
            sections.append(Section("appendix", roman.strip(".:") or None, s))
            continue
        if _starts_with_cue(folded, "closing"):
            sections.append(Section("closing", None, s))
            continue
        _add_line(sections[-1], line, wt)
    return sections


def _add_line(sec: Section, line: Line, wt: NormalizedText) -> None:
    s = line.stripped
    cs = line.content_start
    for kind, rx in (("numbered", _NUMBERED), ("lettered", _LETTERED), ("bullet", _BULLET),
                     ("plus", _PLUS)):
        m = rx.match(s)
        if m and kind == "bullet" and sec.paras and _wrapped_dash(sec.paras[-1], s[m.end():]):
            # "… các tổ chức chính trị \n- xã hội …": the dash of a name wrapped onto a new line
            sec.paras[-1].lines.append(line)
            return
        if m:
            marker = m.group(1) if kind in ("numbered", "lettered") else s[0]
            para = Para(kind, marker, [line], cs + m.end(), cs)
            _set_label(para, wt)
            sec.paras.append(para)
            return
    folded = wt.folded[cs:line.content_end]
    lab = label_of(folded)
    prev = sec.paras[-1] if sec.paras else None
    new = prev is None or lab is not None or prev.label is not None
    if not new and s[:1].isupper():
        last = prev.lines[-1].text
        if _SENT_END.search(last):
            new = not _full_lines(wt.nfc, last, line.text)
        elif prev.kind in ("numbered", "lettered") and len(prev.lines) == 1 and len(last.split()) <= 12:
            # an actor-only unit heading ("2. Văn phòng HĐND & UBND xã") is followed by its
            # first paragraph; a heading wrapped onto a lower-case line is not
            new = True
    if new:
        para = Para("plain", None, [line], cs, cs)
        _set_label(para, wt)
        sec.paras.append(para)
    else:
        prev.lines.append(line)


def _full_lines(nfc: str, last: str, text: str) -> bool:
    """Both lines run to the wrap width: the second goes on with the paragraph (see
    layout.FULL_LINE_SLACK)."""
    width = _doc_width(nfc)
    if not width:
        return False
    low = width - FULL_LINE_SLACK
    return len(last.rstrip()) >= low and low <= len(text.rstrip()) <= width + FULL_LINE_SLACK


@lru_cache(maxsize=4)
def _doc_width(nfc: str) -> int | None:
    return wrap_width(nfc.split("\n"))


def _wrapped_dash(prev: Para, rest: str) -> bool:
    """A dash line that continues the paragraph above rather than opening a bullet: it
    closes a bracket the paragraph left open ("(qua Công chức Văn phòng \\n- Thống kê)"), or
    the dash joins the two halves of a hyphenated name ("… các tổ chức chính trị \\n- xã
    hội …")."""
    text = " ".join(l.text for l in prev.lines)
    close = rest.find(")")
    if text.count("(") > text.count(")") and close >= 0 and "(" not in rest[:close]:
        return True
    before = re.findall(r"\w+", fold_text(prev.lines[-1].text))[-1:]
    after = re.findall(r"\w+", fold_text(rest))[:1]
    return bool(before and after) and (before[0], after[0]) in _dash_pairs()


@lru_cache(maxsize=1)
def _dash_pairs() -> frozenset[tuple[str, str]]:
    """(word before, word after) of every " - " inside a gazetteer name."""
    pairs = set()
    for _, _, variants in agency_rows():
        for v in variants:
            for m in re.finditer(r"(\w+)\s*-\s*(\w+)", fold_text(v)):
                pairs.add((m.group(1), m.group(2)))
    return frozenset(pairs)


def _set_label(para: Para, wt: NormalizedText) -> None:
    lab = label_of(wt.folded[para.marker_start:para.lines[0].content_end])
    if lab:
        para.label = lab[0]
        para.label_value_start = para.marker_start + lab[1]
