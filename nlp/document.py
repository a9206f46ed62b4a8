"""What a document says about itself: type, own number, date, issuer, period.

Plans copied out of PDFs often lose their header block, so every field is
optional and each is read from the first place the language puts it.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from cancu.nlp.citations.grammar import grammar
from cancu.nlp.citations.dates import month_of
from cancu.nlp.citations.symbols import SYMBOL, Symbol, parse_symbol
from cancu.nlp.citations.vocab import read_tsv, vocabulary
from cancu.nlp.header import find_header, issuer_of_block, letter_sender
from cancu.nlp.model import DocumentInfo, Period
from cancu.nlp.text.fold import fold
from cancu.nlp.text.normalize import NormalizedText, normalize
from cancu.nlp.text.working_lines import working_lines

_SPACES = re.compile(r"\s+")

_HEAD = 4000   # the header, title and preamble sit in the first few thousand characters
# A line, or a cell of a flattened table row (| or TAB). The header's zone opens with a line
# break (`_header_zone`), so every line follows one: a pattern that opens with a character
# set is tried only where one of them stands, not at each of the 1,500 characters a
# multi-line "^" is tried at (a scan of the 269 real documents' zones: 2.8–2.9× less time
# for the number and subject lines, 2.3× for the letter marks and the address).
_LINE_START = r"[\n|\t][ \t#*]*"
# "Số: 07/NQ-HĐND", "Số 2744/QĐ-UBND", "| Số: 12/KH-UBND |"
# (the number may wrap onto the next line; "số" in lower case is running text, not the header)
_OWN_NUMBER = re.compile(_LINE_START + r"(?P<so>so)\s*(?:hieu\s*)?:?\s*(?P<rest>\S)")
# words of one paragraph: a space, a hyphen, or a wrapped line, but never a blank line
_WRAP = r"(?:[ \t]*-[ \t]*|[ \t]+\n?[ \t]*|\n[ \t]*)"
# "Bắc Ninh, ngày 28 tháng 11 năm 2025", wrapped at any space ("Hà\nNội, ngày 26\ntháng 11 …"),
# with the day or month left blank ("Bình Giang, ngày tháng 01 năm 2025")
_DATE_LINE = re.compile(
    _LINE_START + r"(?P<place>(?:tp\.\s*)?[a-z]+(?:" + _WRAP + r"[a-z]+){0,5}?)\s*"
    r"(?P<comma>,\s*)?ngay\s*(?P<d>\d{1,2})?\s*thang\s*(?P<m>\d{1,2})?\s*nam\s*(?P<y>\d{4})")
# Number and date line come right after the issuer block: the zone's first 1,500
# characters, after its opening line break.
_FIELDS_SPAN = 1 + 1500
_ROWS = read_tsv("document_info.tsv")


def _words(kind: str) -> list[str]:
    """The folded phrases of `kind` in document_info.tsv, each space any whitespace run."""
    return [re.escape(fold(r["phrase"])).replace(r"\ ", r"\s+") for r in _ROWS if r["kind"] == kind]


def _period_pattern(phrase: str) -> str:
    r"""A period row as a regex: "đến [hết] năm {y}" → "den (?:het )?nam (?P<y>\d{4})";
    "giai đoạn {y} - {y2}": the dash with any spacing."""
    out = ""
    prev = None
    for tok in fold(phrase).split():
        if prev is not None and not prev.startswith("[") and tok != "-" and prev != "-":
            out += " "
        if tok in ("{y}", "{y2}"):
            out += rf"(?P<{tok[1:-1]}>\d{{4}})"
        elif tok == "-":
            out += r"\s*-\s*"
        elif tok.startswith("[") and tok.endswith("]"):
            out += "(?:" + re.escape(tok[1:-1]) + " )?"
        else:
            out += re.escape(tok)
        prev = tok
    return out


# A công văn has no type line: its subject line ("V/v …", "Về …") sits under the number,
# and it is addressed ("Kính gửi:") before its body starts.
_LETTER_MARK = re.compile(_LINE_START + r"(?:" + "|".join(p + r"\b" for p in _words("letter_mark")) + ")")
_RULE_LINE = re.compile(r"^[\s\-_=*.]+$")
# who decides, on the line under a title: a post or a body ("CHỦ TỊCH …", "BỘ TRƯỞNG …")
_PERIOD_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(_period_pattern(r["phrase"])), r["value"]) for r in _ROWS if r["kind"] == "period")


# Joins the header's lines for one normalisation pass. A private-use character: not a
# space, letter, digit or mark, so no normalisation step reads across it.
_LINE_JOIN = "\ue000"


def _normalized_lines(zone: str) -> list[str]:
    """Each line of `zone` normalised on its own, stripped.

    One `normalize` of the lines joined by a character no step rewrites or matches
    across gives the same lines as one call per line, ~10× faster on a header of
    a hundred lines (each call has a fixed cost of a dozen regex scans).
    """
    lines = zone.splitlines()
    if not lines:
        return []
    if _LINE_JOIN in zone:
        return [normalize(ln).text.strip() for ln in lines]
    return [ln.strip() for ln in normalize(_LINE_JOIN.join(lines)).text.split(_LINE_JOIN)]


def read_document_info(text: str, normalized: NormalizedText | None = None) -> DocumentInfo:
    header = find_header(text)
    start = header.start if header else 0
    # Header fields are line-based; the working copy has no line breaks left, so each line
    # is normalised on its own (legacy encodings, tone placement) and the breaks kept: read
    # out of the working copy when the caller has it, else normalised here.
    end = _zone_end(text, start)
    lines = None
    if normalized is not None and normalized.original == text:
        lines = working_lines(normalized, start, end)
    if lines is None:
        lines = _normalized_lines(text[start:end])
    zone, folded = _header_zone(lines)
    info = DocumentInfo()
    parsed = _own_number(zone, folded, info)
    _date_line(zone, folded, info)
    _type_and_title(lines, info)
    _type_without_heading(folded, parsed, info)
    if header and header.issuer_lines:
        info.issuer = issuer_of_block(header.issuer_lines, text)
    if not info.issuer:
        norm = normalized or normalize(text)
        t = norm.text[:_HEAD]
        _issuer(t, fold(t), info)
        if not info.issuer and info.type in (None, "Công văn"):   # a letter names itself as it writes
            info.issuer = letter_sender(t)
    if header and header.start and info.symbol and info.symbol in _SPACES.sub("", text[:header.start]):
        info.summary_end = header.start
    if info.title:
        info.period = _period(info.title)
    elif info.type == "Công văn":
        # a letter's subject names what it is about ("… biên chế giai đoạn 2026-2031"), not a
        # period it governs, so it gives no period
        info.title = _letter_subject(zone, folded)
    return info


def _header_zone(lines: list[str]) -> tuple[str, str]:
    """The header's lines joined, each after a line break (`_LINE_START`), and folded
    with the same offsets."""
    zone = "\n" + "\n".join(lines)
    folded = fold(zone)
    if len(folded) != len(zone):    # offsets must agree to cut the original out
        folded = zone.lower()
    return zone, folded


def _zone_end(text: str, start: int) -> int:
    """Where the header's zone ends: `_HEAD` characters on, drawn back to the end of a
    line, so the zone holds whole lines. A zone cut inside a word had its last line
    normalised apart (working_lines), a fixed cost of a dozen scans in a third of the
    real documents; leaving that part of a line out changed no field of them, of the
    plans or of the tests' texts."""
    end = start + _HEAD
    if end >= len(text):
        return len(text)
    line_end = text.rfind("\n", start, end)
    return line_end if line_end > start + _HEAD // 2 else end


def _own_number(zone: str, folded: str, info: DocumentInfo) -> Symbol | None:
    for m in _OWN_NUMBER.finditer(folded, 0, _FIELDS_SPAN):
        if not zone[m.start("so")].isupper():
            continue
        sym = SYMBOL.match(zone, m.start("rest"))
        if sym:
            parsed = parse_symbol(sym)
            info.symbol, info.number = parsed.text, parsed.number
            return parsed
    return None


def _date_line(zone: str, folded: str, info: DocumentInfo) -> None:
    for m in _DATE_LINE.finditer(folded, 0, _FIELDS_SPAN):
        # Without the comma ("Hà Nội ngày 01 tháng 12 năm 2025") only a proper name is a place,
        # not the end of a sentence ("Căn cứ Luật Giáo dục ngày 14 tháng 6 năm 2019").
        if m.group("comma") or all(w[:1].isupper() for w in zone[m.start("place"):m.end("place")].split()):
            break
    else:
        return
    info.date_text = _SPACES.sub(" ", zone[m.start("place"):m.end()]).strip()
    info.place = _SPACES.sub(" ", zone[m.start("place"):m.end("place")]).strip()
    if m.group("d") and m.group("m"):
        try:
            info.date = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            info.date = None
    if info.date is None:
        info.month = month_of(fold(info.date_text))


_SUBJECT = re.compile(_LINE_START + r"(?:" + "|".join(_words("subject_opener")) + r")\b\s*:?\s*")
_SUBJECT_END_WORDS = r"(?:" + "|".join(_words("subject_end")) + r")\b"
# The address line a subject stands above ("Kính gửi:"): a subject_end word opening a line.
_ADDRESS = re.compile(_LINE_START + _SUBJECT_END_WORDS)
_SUBJECT_END = re.compile(r"\n\s*\n|\n[^\n]*,\s*ngay\b|\b" + _SUBJECT_END_WORDS)


def _letter_subject(zone: str, folded: str) -> str | None:
    """A công văn's subject line under its number: "V/v hướng dẫn góp vốn điều lệ", wrapped
    up to the blank line, the date line or "Kính gửi"."""
    m = _SUBJECT.search(folded, 0, _FIELDS_SPAN)
    if not m or _ADDRESS.search(folded, 0, m.start()):
        # Under "Kính gửi" the body has begun: a line there opening with "về" is a sentence
        # of it ("… quy định / về mức thuế suất 0% …" in a letter copied from its address on).
        return None
    end = _SUBJECT_END.search(folded, m.end())
    subject = _SPACES.sub(" ", zone[m.end():end.start() if end else m.end() + 200]).strip(" .;:")
    return subject[:200] or None


# A consolidated text's type: its heading is the consolidated act's, its number says what it is.
CONSOLIDATED = "Văn bản hợp nhất"


def _type_without_heading(folded: str, parsed: Symbol | None, info: DocumentInfo) -> None:
    """The type from the number when no type line says it. A consolidated text (VBHN) keeps
    the heading of the instrument it consolidates, so its number decides."""
    if parsed and parsed.type == CONSOLIDATED:
        info.type = parsed.type
    if info.type:
        return
    if _LETTER_MARK.search(folded, 0, _FIELDS_SPAN):
        info.type = "Công văn"
    elif parsed and parsed.type:
        info.type = parsed.type


def _type_and_title(lines: list[str], info: DocumentInfo) -> None:
    """The upper-case type line ("KẾ HOẠCH", or wrapped: "QUYẾT / ĐỊNH") and the lines after
    it, up to the preamble."""
    for i, line in enumerate(lines[:40]):
        line = line.lstrip("#* ").strip()
        if not line or not line.isupper():
            continue
        tw, after = _type_heading(line), i + 1
        if not tw and i + 1 < len(lines) and lines[i + 1].isupper():
            tw, after = _type_heading(f"{line} {lines[i + 1].strip()}"), i + 2
        if not tw:
            continue
        info.type = tw.type
        title: list[str] = []
        for nxt in lines[after:after + 7]:
            if not nxt:
                continue
            # the preamble starts ("Căn cứ …", "I."); "Thực hiện …" only after the title's
            # first line, since a title may open with it
            opens, opens_after_title = _preamble_openers()
            low = nxt.lower()
            # (in capitals under a title in capitals it goes on: «VỀ / THỰC HIỆN CHẾ ĐỘ …»)
            if low.startswith(opens_after_title) and title and not (nxt.isupper() and title[-1].isupper()):
                break
            if low.startswith(opens):
                break
            if title and _ends_title(title, nxt):
                break
            title.append(nxt)
            if len(" ".join(title)) > _TITLE_MAX:
                break
        info.title = " ".join(title) or None
        return


# A bound on a title whose end no line shows, not a length titles keep to: 53 of the 269
# real documents have a title longer than 160 characters («… TRÊN ĐỊA BÀN TỈNH CAO BẰNG»),
# the longest 354.
_TITLE_MAX = 600

_TITLE_CUES = ("authority", "runs_on", "preamble", "preamble_after_title")


def _title_line_rows() -> list[dict[str, str]]:
    rows = read_tsv("title_lines.tsv")
    for r in rows:
        if r["cue"] not in _TITLE_CUES:
            raise ValueError(f"title_lines.tsv: unknown cue «{r['cue']}»")
    return rows


@lru_cache(maxsize=1)
def _preamble_openers() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Lower-case openers of the line after a title that starts the preamble: always
    (cue preamble, with the roman "i." of a first section), and after the title's first line
    (preamble_after_title: the first line may open with it)."""
    rows = _title_line_rows()
    always = tuple(r["phrase"].lower() for r in rows if r["cue"] == "preamble") + ("i.",)
    after = tuple(r["phrase"].lower() for r in rows if r["cue"] == "preamble_after_title")
    return always, after + always


@lru_cache(maxsize=1)
def _title_lines() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The authority line under a title and the end of a title line that runs on
    (nlp/data/title_lines.tsv)."""
    words: dict[str, list[str]] = {"authority": [], "runs_on": []}
    for r in _title_line_rows():
        if r["cue"] in words:
            words[r["cue"]].append(re.escape(" ".join(fold(r["phrase"]).split())))
    return (re.compile(r"#?\s*(?:" + "|".join(words["authority"]) + r")\b"),
            re.compile(r"(?:\b(?:" + "|".join(words["runs_on"]) + r")|[,;-])\s*$"))


def _ends_title(title: list[str], nxt: str) -> bool:
    """A title ends at a rule ("-----"). One in sentence case ends at a line in capitals; one
    in capitals at the first line in lower case, or at the authority line under it ("CHỦ TỊCH
    ỦY BAN NHÂN DÂN TỈNH …", "THỦ TƯỚNG CHÍNH PHỦ") unless its last line runs on into it
    ("… CỦA")."""
    if _RULE_LINE.match(nxt):
        return True
    if not title[-1].isupper():
        # A title in sentence case ends at a line in capitals: the authority under it
        # («Về việc ban hành Kế hoạch … năm 2018 / CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ THANH BA»).
        return nxt.isupper()
    if not nxt.isupper():
        return True
    authority, runs_on = _title_lines()
    return bool(authority.match(fold(nxt))) and not runs_on.search(fold(title[-1]))


def _type_heading(line: str):
    """"QUYẾT ĐỊNH", "THÔNG BÁO KẾT LUẬN", or a type word run on into its subject ("NGHỊ QUYẾT
    VỀ VIỆC …", "KẾT LUẬN CỦA …"); not "QUY ĐỊNH MỨC CHI …", a title that opens with a type word."""
    f = " ".join(fold(line).split())
    by = grammar().type_by_folded
    if f in by:
        return by[f]
    if " ve" not in f and " cua" not in f:
        return None       # what the run-on pattern needs: a substring test is ~10× cheaper
    m = _run_on_heading().match(f)
    return by[m.group("tw")] if m else None


@lru_cache(maxsize=1)
def _run_on_heading() -> re.Pattern[str]:
    words = sorted(grammar().type_by_folded, key=len, reverse=True)
    return re.compile("(?P<tw>" + "|".join(map(re.escape, words)) + r") (?:ve|cua)\b")


@lru_cache(maxsize=1)
def _issuer_sentence() -> re.Pattern[str]:
    """"[Văn phòng] Ủy ban nhân dân [tỉnh] <Name> ban hành Kế hoạch" on the folded copy; the
    words are issuer_statement.tsv's, the unit words places.tsv's."""
    parts: dict[str, list[str]] = {}
    for r in read_tsv("issuer_statement.tsv"):
        parts.setdefault(r["part"], []).append(fold(r["phrase"]).strip())
    alt = lambda words: "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))  # noqa: E731
    units = [fold(w) for w in vocabulary().places]
    return re.compile(
        rf"(?P<who>(?:(?:{alt(parts['office'])}) )?(?:{alt(parts['council'])})"
        rf"(?: (?:{alt(units)}))?)"
        rf"(?P<name>(?: [a-z]+(?: - [a-z]+)?){{0,4}}?)\s+(?:{alt(parts['verb'])}) (?:{alt(parts['instrument'])})")


def _issuer(t: str, f: str, info: DocumentInfo) -> None:
    """"Ủy ban nhân dân xã Kiến Thụy ban hành Kế hoạch …" names the issuer.

    The words between the unit and the verb must be a proper name (capitalised in
    the text), so "Ủy ban nhân dân tỉnh về việc ban hành …" is not an issuer "… về việc".
    """
    g = grammar()
    for m in _issuer_sentence().finditer(f):
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


def province_of(issuer: str | None) -> str | None:
    """The province or centrally run city an issuer belongs to, from the first unit word of
    level "province" (`places.tsv`): "Ủy ban nhân dân tỉnh Đắk Lắk" → "Đắk Lắk"."""
    if not issuer:
        return None
    for unit in vocabulary().province_units:
        if f"{unit} " in issuer:
            return issuer.split(f"{unit} ", 1)[1].strip() or None
    return None


_DATE_BEFORE_YEAR = re.compile(r"thang\s*\d{1,2}\s*$")


# A title opening with one of these (a repeal), after «về việc» or not, names the period of what
# it repeals, not its own.
_NO_PERIOD = re.compile(r"\s*(?:ve\s+viec\s+)?(?:" + "|".join(_words("no_period")) + r")\b")


def _period(title: str) -> Period | None:
    f = fold(title)
    if _NO_PERIOD.match(f):
        return None
    for pattern, kind in _PERIOD_PATTERNS:
        # "… ngày 10 tháng 11 năm 2025 của …" in a title dates a cited instrument: no period
        m = next((m for m in pattern.finditer(f) if not _DATE_BEFORE_YEAR.search(f, 0, m.start())), None)
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
