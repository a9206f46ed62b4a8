"""What a document says about itself: type, own number, date, issuer, period.

Plans copied out of PDFs often lose their header block, so every field is
optional and each is read from the first place the language puts it.
"""
from __future__ import annotations

import datetime as dt
import re

from nlp.citations.grammar import grammar
from nlp.citations.symbols import SYMBOL, parse_symbol
from nlp.model import DocumentInfo, Period
from nlp.text.fold import fold
from nlp.text.normalize import NormalizedText, normalize

_SPACES = re.compile(r"\s+")

_HEAD = 4000   # the header, title and preamble sit in the first few thousand characters
_OWN_NUMBER = re.compile(r"(?:^|\s)so\s*:\s*(?P<rest>\S*)")
_DATE_LINE = re.compile(
    r"\s*(?P<place>[a-z][a-z ]{1,40}),\s*ngay\s*(?P<d>\d{1,2})?\s*thang\s*(?P<m>\d{1,2})?\s*nam\s*(?P<y>\d{4})")
_BLANKABLE_SYMBOL = re.compile(r"(?P<num>\d*)\s*/\s*(?P<block>[A-ZĐ][\wĐđ-]*)")
_PERIOD_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"6 thang cuoi nam (?P<y>\d{4})"), "h2"),
    (re.compile(r"6 thang dau nam (?P<y>\d{4})"), "h1"),
    (re.compile(r"giai doan (?P<y>\d{4})\s*-\s*(?P<y2>\d{4})"), "range"),
    (re.compile(r"den (?:het )?nam (?P<y>\d{4})"), "until"),
    (re.compile(r"nam (?P<y>\d{4})"), "year"),
)


def read_document_info(text: str, normalized: NormalizedText | None = None) -> DocumentInfo:
    norm = normalized or normalize(text)
    t = norm.text[:_HEAD]
    f = fold(t)
    # Header fields are line-based; the working copy has no line breaks left.
    lines = [normalize(ln).text.strip() for ln in text[:_HEAD].splitlines()]
    info = DocumentInfo()
    _own_number(t, f, info)
    _date_line(lines, info)
    _type_and_title(lines, info)
    _issuer(t, f, info)
    if info.title:
        info.period = _period(info.title)
    return info


def _own_number(t: str, f: str, info: DocumentInfo) -> None:
    m = _OWN_NUMBER.search(f[:600])
    if not m:
        return
    sym = SYMBOL.match(t, m.start("rest"))
    if sym:
        parsed = parse_symbol(sym)
        info.symbol, info.number = parsed.text, parsed.number


def _date_line(lines: list[str], info: DocumentInfo) -> None:
    # A date line may be broken in two ("Hà Nội, ngày 26" / "tháng 11 năm 2025") when a
    # table cell was converted to text, and may sit below a summary of the document.
    for i, line in enumerate(lines[:60]):
        t = line
        m = _DATE_LINE.match(fold(t))
        if not m and i + 1 < len(lines) and re.search(r"\bngay\s*\d{0,2}\s*$", fold(line)):
            t = f"{line} {lines[i + 1]}"
            m = _DATE_LINE.match(fold(t))
        if m:
            break
    else:
        return
    info.date_text = t[m.start("place"):m.end()].strip()
    info.place = t[m.start("place"):m.end("place")].strip()
    if m.group("d") and m.group("m"):
        try:
            info.date = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            info.date = None


def _type_and_title(lines: list[str], info: DocumentInfo) -> None:
    """The upper-case type line ("KẾ HOẠCH") and the lines after it, up to the preamble."""
    g = grammar()
    for i, line in enumerate(lines[:40]):
        if not line or not line.isupper():
            continue
        tw = g.type_by_folded.get(fold(line))
        if not tw:
            continue
        info.type = tw.type
        title: list[str] = []
        for nxt in lines[i + 1:i + 8]:
            if not nxt:
                continue
            if re.match(r"(?:căn cứ|thực hiện|i\.)", nxt.lower()) and title:
                break
            if re.match(r"(?:căn cứ|i\.)", nxt.lower()):
                break
            title.append(nxt)
            if len(" ".join(title)) > 160:
                break
        info.title = " ".join(title) or None
        return


_ISSUER_SENTENCE = re.compile(
    r"(?P<who>(?:van phong )?(?:uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd)"
    r"(?: (?:tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran|dac khu))?)"
    r"(?P<name>(?: [a-z]+(?: - [a-z]+)?){0,4}?)\s+(?:ban hanh|xay dung) (?:ke hoach|quyet dinh|chuong trinh)")


def _issuer(t: str, f: str, info: DocumentInfo) -> None:
    """"Ủy ban nhân dân xã Kiến Thụy ban hành Kế hoạch …" names the issuer.

    The words between the unit and the verb must be a proper name (capitalised in
    the text), so "Ủy ban nhân dân tỉnh về việc ban hành …" is not an issuer "… về việc".
    """
    g = grammar()
    for m in _ISSUER_SENTENCE.finditer(f):
        name = t[m.start("name"):m.end("name")].split()
        if any(w != "-" and not w[:1].isupper() for w in name):
            continue
        written = _SPACES.sub(" ", t[m.start("who"):m.end("name")]).strip()
        for folded, issuer in g.issuer_by_folded.items():
            if fold(written).startswith(folded + " ") or fold(written) == folded:
                written = issuer.canonical + written[len(folded):]
                break
        info.issuer = written
        return


def _period(title: str) -> Period | None:
    f = fold(title)
    for pattern, kind in _PERIOD_PATTERNS:
        m = pattern.search(f)
        if not m:
            continue
        y = int(m.group("y"))
        text = title[m.start():m.end()]
        if kind == "h2":
            return Period(dt.date(y, 7, 1), dt.date(y, 12, 31), text)
        if kind == "h1":
            return Period(dt.date(y, 1, 1), dt.date(y, 6, 30), text)
        if kind == "range":
            return Period(dt.date(y, 1, 1), dt.date(int(m.group("y2")), 12, 31), text)
        # "đến hết năm 2023": the start is not stated; the year is the best bound we have.
        return Period(dt.date(y, 1, 1), dt.date(y, 12, 31), text)
    return None
