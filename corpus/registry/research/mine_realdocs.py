#!/usr/bin/env python3
"""Mine facts about national legal instruments from the preambles and effect clauses of
official documents (realdocs texts and seed plans).

Every fact is written with the document id and the line it was read from, so each can be
checked by reading. Nothing here guesses: a field is emitted only when the sentence states it.

Usage (with the project's environment, which gives cancu.kg.registry.names):
    ../../../.venv/bin/python mine_realdocs.py [TEXT_DIR ...] > realdocs_evidence.tsv

A title or name that runs on past where a name ends (a clause of the citing sentence, the
instrument's own symbol, glued words: cancu.kg.registry.names) is cut where the sentence only
turns ("…, cụ thể như sau", a footnote number), else not emitted: what comes before the clause
may already belong to it ("… quy định cá nhân được miễn thuế … được ban
hành sau Thông tư số 80/2021/TT-BTC"), so nothing of it is taken as the name.

Output columns: symbol, fact, value, doc, line, snippet
  fact = type | name | title | signed | effective | expired | expired_by (value = symbol of the
         instrument whose entry into force ends it, with that one's effective date if stated)
         | self_title (the document's own title from its issuing sentence)
         | self_effective (the document's own effect clause; symbol from documents.tsv; "từ ngày ký"
           gives its signing date) | self_expired (the day after "đến hết ngày D" in that clause)
         | replaces (the document replaces / ends the instrument named in value)
"""
from __future__ import annotations

import csv
import re
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from cancu.kg.registry.names import name_problem, whole_name_before

# ../shared beside the checkout (this folder is corpus/registry/research of the repository).
SHARED = Path(__file__).resolve().parents[3].parent / "shared"

DEFAULT_DIRS = [str(SHARED / "realdocs/texts"), str(SHARED / "seeds")]
DOCUMENTS_TSV = str(SHARED / "realdocs/documents.tsv")

# National instruments only: state codes of the central level and party codes of the centre.
NATIONAL_CODE = re.compile(
    r"(?:NĐ-CP|QĐ-TTg|CT-TTg|NQ-CP|QH1\d|UBTVQH\d+|/TT-[A-ZĐ]+|TTLT-[A-ZĐ-]+|"
    r"-QĐ/TW|-QĐi/TW|-NQ/TW|-CT/TW|-KL/TW|-HD/[A-Z]+TW|-HD/TW|/NQ-UBTVQH\d+|L-CTN|/QĐ-B[A-ZĐ]+)$"
)
SYMBOL = r"\d{1,4}(?:/\d{4})?/[A-ZĐ][A-Za-zĐđ0-9]*(?:-[A-ZĐa-zđ0-9]+)*|\d{1,4}-[A-ZĐ][A-Za-zĐđ]*/[A-Z]+"
TYPE_WORDS = (
    "Hiến pháp|Bộ luật|Luật|Pháp lệnh|Nghị quyết liên tịch|Nghị quyết|Nghị định|Quyết định|"
    "Thông tư liên tịch|Thông tư|Chỉ thị|Kết luận|Quy định|Hướng dẫn|Văn bản hợp nhất"
)
NAMED_TYPES = "Hiến pháp|Bộ luật|Luật|Pháp lệnh"
# where a title stops inside the mention, so that an instrument named next is matched on its own
TITLE_STOP = rf"\s*[,(]?\s*(?:đã\s+)?có\s+hiệu\s+lực|,?\s+(?:đã\s+)?được\s+sửa\s+đổi|\s+hoặc\s+văn\s+bản|(?:,|;|\s+và)\s+(?:{TYPE_WORDS})\s+(?:[Ss]ố\s+)?\d"
DATE = (
    r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
    r"|ngày\s+(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"
)
ISSUER = (
    r"Quốc hội(?:\s+khóa\s+[XVI]+|\s+khoá\s+[XVI]+)?|Ủy ban Thường vụ Quốc hội|Ủy ban thường vụ Quốc hội|"
    r"Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ|Chính phủ|Thủ tướng Chính phủ|Thủ tướng|Bộ trưởng\s+Bộ\s+[^\s,;()]+(?:\s+[^\s,;()]+){0,6}?(?=\s+(?:về|quy định|hướng dẫn|ban hành|sửa đổi|phê duyệt|bãi bỏ)\b)|"
    r"Bộ Chính trị|Ban Bí thư(?:\s+Trung ương Đảng)?|Ban Chấp hành Trung ương(?:\s+Đảng)?(?:\s+khóa\s+[XVI]+)?|"
    r"Văn phòng Chính phủ|Bộ\s+[A-ZĐ][^\s,;()]*(?:\s+[^\s,;()]+){0,6}?(?=\s+(?:về|quy định|hướng dẫn|ban hành|sửa đổi)\b)"
)

# "<Type>[ <Name>] [số] <symbol>[ ngày D][ của <issuer>][ <title>]"
MENTION = re.compile(
    # only a law, code, ordinance or constitution carries a name before its number ("Luật Đất đai số …")
    rf"(?:(?P<ltype>{NAMED_TYPES})(?P<name>(?:,?\s+(?!số\b(?!\s+(?:điều|số)\b)|ngày\b)[^\s;,()\d.]+){{0,40}}?)|(?P<otype>{TYPE_WORDS})(?:\s+của\s+[^:;.]{{1,60}})?:?)"  # "các Nghị định của Chính phủ: số …"
    rf"\s+(?:[Ss]ố\s+|[Ss]ố:\s*)?(?P<symbol>{SYMBOL})"
    rf"(?:\s*,?\s*(?P<date>{DATE}))?(?:\s+(?:của\s+)?(?P<issuer>{ISSUER}))?"
    rf"(?P<title>\s+(?:về|quy định|hướng dẫn|ban hành|sửa đổi|phê duyệt|bãi bỏ|thành lập|tiếp tục|tăng cường|đẩy mạnh)\b(?:(?!{TITLE_STOP})(?:[^;()\n“”\".]|\.(?!\s|$)))*)?"  # ends at ". ", at an amendment or at the next cited instrument
)
# A title ends where the sentence turns to amendments or to the next cited instrument.
TITLE_END = re.compile(
    rf",?\s+(?:đã\s+)?được\s+sửa\s+đổi|\s+hoặc\s+văn\s+bản|(?:,|\s+và)\s+(?:{TYPE_WORDS})\s+(?:số\s+)?\d|,\s+(?:{TYPE_WORDS})\b"
)
PINPOINT_BEFORE = re.compile(r"\b(?:[Đđ]iều|[Kk]hoản|[Đđ]iểm|[Mm]ục|[Cc]hương|[Pp]hụ lục)\s+[\w.]+(?:\s+(?:và|,)\s*[\w.]+)*\s*(?:của\s+)?$")
LAW_TITLE_END = re.compile(r",?\s+(?:đã\s+)?được\s+sửa\s+đổi|\s+số\s+\d|\.\s")
EFFECT_AFTER = re.compile(
    # right after the mention ("… số 48/2024/QH15 (có hiệu lực từ ngày 01/7/2025)"); a clause further
    # on may belong to another instrument of the sentence
    rf"\s*[,(]?\s*(?:đã\s+)?có hiệu lực(?:\s+thi hành)?(?:\s+kể)?\s+từ\s+(?:{DATE})"
)
SELF_EFFECT = re.compile(
    rf"(?:Thông tư|Nghị định|Quyết định|Nghị quyết|Chỉ thị|Luật|Pháp lệnh|Quy định|Kết luận) này có hiệu lực"
    rf"(?:\s+thi hành)?(?:\s+kể)?\s+từ\s+(?:{DATE})"
)
# "… này có hiệu lực (thi hành) (kể) từ ngày ký (ban hành)": effective on the signing date.
SELF_EFFECT_SIGNED = re.compile(
    r"(?:Thông tư|Nghị định|Quyết định|Nghị quyết|Chỉ thị|Quy định|Kết luận) này có\s+hiệu lực"
    r"(?:\s+thi hành)?(?:\s+kể)?\s+từ\s+ngày\s+ký(?:\s+ban hành)?"
)
# "… đến hết ngày D": D is the last day in force, so the instrument has expired from the next day.
UNTIL = re.compile(rf"\s*(?:và\s+)?đến\s+hết\s+(?:{DATE})")
ENDS_ON_ENTRY = re.compile(
    r"hết hiệu lực(?:\s+thi hành)?(?:\s+toàn bộ)?\s+kể\s+từ\s+ngày\s+"
    r"(?:Thông tư|Nghị định|Quyết định|Nghị quyết|Luật|Pháp lệnh|Quy định) này có hiệu lực"
)
# A law's name belongs to a symbol of the legislature, and never names another kind of instrument.
LEGISLATIVE = re.compile(r"(?:QH\d+|UBTVQH\d+|L-CTN)$")
FOREIGN_IN_NAME = re.compile(r"\b(?:Nghị định|Thông tư|Quyết định|Nghị quyết|văn bản|được sửa đổi)\b")
# A decree or circular number always carries its year; "27/TT-BYT" is a slip of the citing text.
YEARLESS_NORMATIVE = re.compile(r"\d+/(?:NĐ-CP|TT-|TTLT-)")
WHOLE_SUBJECT = re.compile(rf"\s*(?:Các\s+)?(?:{TYPE_WORDS})\b", re.IGNORECASE)
PARTIAL = re.compile(r"một phần|thủ tục hành chính|nội dung|Điều\s+\d|khoản\s+\d|điểm\s+[a-zđ]\b")
ANNOUNCED = re.compile(
    rf"ban\s+hành\s+(?P<atype>{TYPE_WORDS})\s+(?:số\s+)?(?P<asymbol>{SYMBOL})[^.]{{0,400}}\.\s+(?P=atype)"
    rf"\s+(?:này\s+)?có hiệu lực(?:\s+thi hành)?(?:\s+kể)?\s+từ\s+(?:{DATE})"
)
# The issuing sentence of the document itself gives its title in running text:
# "Chính phủ ban hành Nghị định quy định …", "Bộ trưởng Bộ Tài chính ban hành Thông tư quy định …".
SELF_TITLE = re.compile(
    rf"(?:Chính phủ|Thủ tướng Chính phủ|Bộ trưởng[^.;]{{0,80}}?)\s+ban\s+hành\s+(?P<stype>Nghị định|Quyết định|Thông tư|Chỉ thị)"
    rf"(?:\s+(?:số\s+)?{SYMBOL})?\s+(?P<stitle>(?:quy định|về|hướng dẫn|sửa đổi|ban hành|phê duyệt|bãi bỏ)\b[^.;]{{5,400}})"
)
REPLACE = re.compile(rf"\b(?:[Tt]hay thế|[Bb]ãi bỏ)\s+(?:toàn bộ\s+)?(?:{TYPE_WORDS})\s+(?:số\s+)?(?P<symbol>{SYMBOL})")


@dataclass(frozen=True)
class Fact:
    symbol: str
    fact: str
    value: str
    doc: str
    line: int
    snippet: str


def iso(groups: tuple[str | None, ...]) -> str:
    d, m, y = (groups[0], groups[1], groups[2]) if groups[0] else (groups[3], groups[4], groups[5])
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


class Text:
    """A document as one string with hard line wraps joined by spaces, mapping offsets to lines."""

    def __init__(self, raw: str):
        raw = unicodedata.normalize("NFC", raw)
        self.flat = re.sub(r"(?<!\n)\n(?!\n)", " ", raw)  # same length: offsets are kept
        self.starts = [0] + [m.end() for m in re.finditer("\n", raw)]

    def line(self, offset: int) -> int:
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1


def mentions(flat: str):
    """Every mention, including one cited inside another's title ("… sửa đổi, bổ sung một số điều
    của Nghị định số 60/2021/NĐ-CP ngày …"): the next search starts right after the type word."""
    pos = 0
    while (m := MENTION.search(flat, pos)):
        yield m
        pos = m.start("symbol")


def clean(s: str | None) -> str:
    return re.sub(r"\s+", " ", s or "").strip(" ,.:/")


def symbol_year_ok(symbol: str, signed: str | None) -> bool:
    m = re.match(r"\d+/(\d{4})/", symbol)
    return not (m and signed and m.group(1) != signed[:4])


def mine(doc: str, raw: str, own_symbol: str | None, own_type: str | None = None,
         own_signed: str | None = None) -> list[Fact]:
    text = Text(raw)
    flat = text.flat
    facts: list[Fact] = []
    outer_end = 0  # end of the enclosing mention: a nested one shares its tail, not its effect clause
    for m in mentions(flat):
        nested = m.start() < outer_end
        outer_end = max(outer_end, m.end())
        symbol = m.group("symbol")
        if not NATIONAL_CODE.search(symbol) or symbol == own_symbol or YEARLESS_NORMATIVE.match(symbol):
            continue
        line = text.line(m.start())
        snip = clean(flat[m.start(): m.end() + 60])[:300]
        def add(f: str, v: str) -> None:
            if f in ("name", "title"):
                v = whole_name_before(v)       # "…, cụ thể như sau": the sentence turns there
                if name_problem(v if f == "name" else f"{mtype} {v}", symbol):
                    return      # a clause of the sentence, not a name
            facts.append(Fact(symbol, f, v, doc, line, snip))
        mtype = m.group("ltype") or m.group("otype")
        add("type", mtype)
        name = clean(m.group("name"))
        if name and mtype in ("Luật", "Bộ luật", "Pháp lệnh") and LEGISLATIVE.search(symbol) and not FOREIGN_IN_NAME.search(name) and (name[:1].isupper() or name.startswith("sửa đổi")):
            add("name", f"{mtype} {name}")
        if m.group("date"):
            signed = iso(re.match(DATE, m.group("date")).groups())
            if symbol_year_ok(symbol, signed):
                add("signed", signed)
        if m.group("issuer"):
            add("issuer", clean(m.group("issuer")))
        is_law = mtype in ("Luật", "Bộ luật", "Pháp lệnh")
        ends = LAW_TITLE_END if is_law else TITLE_END
        pinpointed = PINPOINT_BEFORE.search(flat, max(0, m.start() - 40), m.start())
        title = "" if pinpointed else clean(ends.split(m.group("title") or "")[0])
        if title and not name:
            if is_law and re.match(r"(?:ban hành\s+|về\s+)?(?:Luật|Bộ luật|Pháp lệnh)\s", title):
                add("name", re.sub(r"^(?:ban hành|về)\s+", "", title))
            elif is_law and re.match(r"(?:về\s+)?sửa đổi", title):
                add("name", f"{mtype} " + re.sub(r"^về\s+", "", title))
            else:
                add("title", title)
        after = None if nested else EFFECT_AFTER.match(flat, m.end())
        if after:
            add("effective", iso(after.groups()))
            until = UNTIL.match(flat, after.end())
            if until:
                last = date.fromisoformat(iso(until.groups()))
                add("expired", (last + timedelta(days=1)).isoformat())
    for m in ANNOUNCED.finditer(flat):
        if NATIONAL_CODE.search(m.group("asymbol")) and m.group("asymbol") != own_symbol:
            facts.append(Fact(m.group("asymbol"), "effective", iso(m.groups()[2:8]), doc, text.line(m.start()),
                              clean(flat[m.start(): m.end()])[:300]))
    if own_symbol and own_type and NATIONAL_CODE.search(own_symbol):
        titled = next((t for t in SELF_TITLE.finditer(flat) if t.group("stype") == own_type), None)
        if titled:
            own_title = whole_name_before(f"{own_type} {clean(titled.group('stitle'))}")
            # a title that runs on is not taken; the issuing sentence still states the type
            fact = ("type", own_type) if name_problem(own_title, own_symbol) else ("self_title", own_title)
            facts.append(Fact(own_symbol, *fact, doc, text.line(titled.start()), clean(titled.group(0))[:300]))
        clauses = [(m, iso(m.groups())) for m in SELF_EFFECT.finditer(flat)]
        clauses += [(m, own_signed) for m in SELF_EFFECT_SIGNED.finditer(flat) if own_signed]
        for m, effective in clauses:
            if not m.group(0).startswith(own_type):
                continue  # a quoted clause of another instrument
            line = text.line(m.start())
            facts.append(Fact(own_symbol, "self_effective", effective, doc, line, clean(flat[m.start(): m.end()])[:300]))
            until = UNTIL.match(flat, m.end())
            if until:
                last = date.fromisoformat(iso(until.groups()))
                facts.append(Fact(own_symbol, "self_expired", (last + timedelta(days=1)).isoformat(), doc, line,
                                  clean(flat[m.start(): until.end()])[:300]))
        for m in ENDS_ON_ENTRY.finditer(flat):
            # The sentence must name whole instruments as its subject ("Quyết định số X … hết hiệu
            # lực …"); "Các thủ tục hành chính … tại Quyết định số X" or "… còn hiệu lực một phần"
            # end only parts of them and are skipped.
            window_start = max(flat.rfind(". ", 0, m.start()) + 2, flat.rfind("\n", 0, m.start()) + 1)
            sentence = flat[window_start: m.start()]
            if not WHOLE_SUBJECT.match(sentence) or PARTIAL.search(sentence):
                continue
            for s in re.finditer(SYMBOL, flat[window_start: m.start()]):
                if NATIONAL_CODE.search(s.group(0)) and s.group(0) != own_symbol:
                    facts.append(Fact(s.group(0), "expired_by", own_symbol, doc,
                                      text.line(window_start + s.start()),
                                      clean(flat[window_start + s.start(): m.end()])[:300]))
        for m in REPLACE.finditer(flat):
            if NATIONAL_CODE.search(m.group("symbol")) and m.group("symbol") != own_symbol:
                facts.append(Fact(m.group("symbol"), "replaced_by", own_symbol, doc, text.line(m.start()),
                                  clean(flat[m.start(): m.end() + 80])[:300]))
    return facts


def own_documents() -> dict[str, tuple[str, str, str]]:
    """doc id → (symbol, type, signing date) of the document itself."""
    with open(DOCUMENTS_TSV, encoding="utf-8") as f:
        return {r["id"]: (r["symbol"], r["type"], r["signed"]) for r in csv.DictReader(f, delimiter="\t")}


def main(argv: list[str]) -> int:
    dirs = argv[1:] or DEFAULT_DIRS
    own = own_documents()
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    out.writerow(["symbol", "fact", "value", "doc", "line", "snippet"])
    for d in dirs:
        for path in sorted(Path(d).glob("*.txt")):
            doc = path.stem
            for fact in mine(doc, path.read_text(encoding="utf-8"), *own.get(doc, (None, None, None))):
                out.writerow([fact.symbol, fact.fact, fact.value, fact.doc, fact.line, fact.snippet])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
