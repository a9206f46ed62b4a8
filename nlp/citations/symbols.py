"""Document symbols (số, ký hiệu) and what their shape says.

The four families of ../shared/facts/numbering.md §1:
    state normative   59/2023/NĐ-CP, 01/2016/TT-BNV, 34/2007/PL-UBTVQH11
    National Assembly 10/2022/QH15; its standing committee 1211/2016/UBTVQH13
    state individual  346/QĐ-TTg, 88/KH-UBND; công văn 44/UBND-NC (no type code);
                      before 1995 the Government's 74/CP and the Prime Minister's 11/TTg
    party             217-QĐ/TW, 11-QĐi/TW, 12-HD/BDVTU, 05-QC/BTCTU-BDVTU
A unit block may join two units' codes with "&" (2231/SNV-CCHC&PC: the Sở Nội vụ's
office for administrative reform and legal affairs); the symbol is kept whole.
Symbols are matched on the normalised copy, where spaces and line breaks inside
a symbol are already removed and missing đ restored.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from cancu.nlp.citations.vocab import vocabulary

_L = "A-Za-zÀ-ỹĐđ"
CODE = rf"[A-ZĐƯ][A-ZĐƯ0-9]*(?:[a-zđ][A-ZĐƯ0-9]*)?"
# A unit's code may carry its office's number after a dot: "4814/CCTKV.05-TTKT3",
# "838/CCTKV.XII-NVDTPC.HUE" (a regional tax office, its team, its branch).
UNIT_CODE = rf"{CODE}(?:\.[A-ZĐƯ0-9]+)*"

# One regex for all families; the groups tell them apart.
SYMBOL = re.compile(
    # The look-behind follows the first digit so the regex engine can skip to digits.
    # An underscore may stand before it: "__165/2024/NĐ-CP__" (underlined in a page dump).
    rf"(?P<number>\d(?<![^\W_]\d)(?<![/.-]\d)\d{{0,4}}"
    rf"(?:\.\d{{1,2}}(?=/\d{{4}}/))?"                                     # 66.7/2025/NQ-CP: a series' member
    rf"[a-zA-Z]?)"
    rf"(?:"
    rf"/(?P<qh_year>\d{{4}})/(?P<qh>(?:UBTV)?QH\d{{0,3}})"              # 10/2022/QH15, 1211/2016/UBTVQH13;
    # without the khóa or with a slip ("02/2020/UBTVQH", "13/2008/QH112"): the resolver reads the number and year
    rf"|(?:/(?P<year>\d{{4}}))?/(?P<state>{UNIT_CODE}(?:-{UNIT_CODE}(?:&{UNIT_CODE})*)+)"  # 59/2023/NĐ-CP, 44/UBND-NC, 2231/SNV-CCHC&PC
    rf"|/(?P<old_body>CP|TTg)"                                           # 74/CP, 11/TTg: before 1995, no type code
    rf"|-(?P<party_code>{CODE})/(?P<party_body>{CODE}(?:-{CODE})*)"     # 217-QĐ/TW
    rf"|/(?P<slash_party_code>QĐ|QĐi|NQ|CT|KL|HD)-(?P<slash_party_body>TW|TU)"  # 217/QĐ-TW
    rf")(?![{_L}\d])"
)

# A year inside a symbol: four digits after a slash or dash, up to the next one or the end
# (59/2023/NĐ-CP, 34/2007/PL-UBTVQH11; a registry pseudo-symbol BLLĐ-1994). Never the leading
# number: 1999/QĐ-UBND is decision number 1999.
_YEAR_IN_SYMBOL = re.compile(r"[/\-]((?:19|20)\d{2})(?=$|[/\-])")


def year_in_symbol(symbol: str | None) -> int | None:
    """The year a symbol carries, if it carries one (the one rule for citations,
    registry keys and the audit)."""
    m = _YEAR_IN_SYMBOL.search(symbol or "")
    return int(m.group(1)) if m else None


# National normative symbols always carry a year; written without it they are
# abbreviations of a fuller citation (59/NĐ-CP for 59/2023/NĐ-CP).
_NORMATIVE_BLOCK = re.compile(r"^(NĐ-CP|NQ-CP|QĐ-TTg|TT-\w+|TTLT-.+|PL-UBTVQH\d+|NQ-UBTVQH\d+|NQ-HĐND|QĐ-UBND)$")
_ALWAYS_YEARED = re.compile(r"^(NĐ-CP|TT-\w+|TTLT-.+|PL-UBTVQH\d+)$")


@dataclass(frozen=True)
class Symbol:
    text: str            # normalised symbol
    number: str
    year: int | None     # the 4-digit year inside the symbol
    code: str | None     # the type code (NĐ, QĐ, QĐi …), None for a công văn
    family: str          # "state", "assembly" or "party"
    body: str            # the issuing-body block (CP, TTg, UBND, TW …)
    type: str | None     # true type from the code
    abbreviated: bool    # a normative symbol written without its year


def parse_symbol(m: re.Match[str]) -> Symbol:
    vocab = vocabulary()
    number = m.group("number")
    if m.group("qh"):
        year, body = int(m.group("qh_year")), m.group("qh")
        if body.startswith("UBTV"):
            # The standing committee numbers its ordinances and resolutions in one
            # sequence: the type word tells which.
            return Symbol(f"{number}/{year}/{body}", number, year, None, "assembly", body, None, False)
        return Symbol(f"{number}/{year}/{body}", number, year, "QH", "assembly", body, "Luật", False)
    if m.group("old_body"):
        body = m.group("old_body")
        return Symbol(f"{number}/{body}", number, None, None, "state", body, None, False)
    if m.group("state"):
        block = m.group("state")
        year = int(m.group("year")) if m.group("year") else None
        first, _, rest = block.partition("-")
        typ = vocab.type_of_code(first, "state")
        code, body = (first, rest) if typ else (None, block)
        text = f"{number}/{year}/{block}" if year else f"{number}/{block}"
        abbreviated = year is None and bool(_ALWAYS_YEARED.match(block))
        return Symbol(text, number, year, code, "state", body, typ, abbreviated)
    if m.group("party_code"):
        code, body = m.group("party_code"), m.group("party_body")
    else:  # 217/QĐ-TW: slash and hyphen swapped
        code, body = m.group("slash_party_code"), m.group("slash_party_body")
    return Symbol(f"{number}-{code}/{body}", number, None, code, "party", body,
                  vocab.type_of_code(code, "party"), False)


# Every symbol holds a slash followed by a code's first letter ("/NĐ-CP", "-QĐ/TW", "/QH15"
# after a year's slash). A scan for that jumps from slash to slash; SYMBOL's own scan
# stops at every digit (~10 ns a character).
_SLASH_CODE = re.compile(r"/[A-ZĐƯ]")


def symbol_matches(text: str) -> Iterator[re.Match[str]]:
    """`SYMBOL.finditer(text)`, run only on the space-delimited stretches that hold a slash
    before a code. No match holds a space, so one ending before a stretch never reaches
    into it and a scan from the stretch's start finds the matches a scan of the whole
    text finds there (the look-behind reads the space before; the end of the search is
    the space after, which the look-ahead reads)."""
    done = 0          # the text before this is scanned
    for hit in _SLASH_CODE.finditer(text):
        at = hit.start()
        if at < done:
            continue
        start = max(text.rfind(" ", done, at) + 1, done)
        end = text.find(" ", at)
        if end < 0:
            end = len(text)
        yield from SYMBOL.finditer(text, start, end + 1)
        done = end


def find_symbols(text: str) -> list[tuple[re.Match[str], Symbol]]:
    out = []
    for m in symbol_matches(text):
        written = m.group(0)
        sym = _PARSED.get(written)
        if sym is None:
            if len(_PARSED) >= _PARSED_MAX:
                _PARSED.clear()
            sym = _PARSED[written] = parse_symbol(m)
        out.append((m, sym))
    return out


# A letter's number with one code and no type code: a ministry's "6006/BGDĐT", a
# committee's "1691/UBDNGS15", a company's "01/KGL", "01/CV-01", "09/HDTLMM/2025", "1025-CVHQ",
# "25-2303/PBHC-KD", "2025-005/SAV-CHQ" (a number in two parts, a unit's code after the firm's).
# Alone the shape is too common ("3g/chiếc", a form's "01/MGTH"); it is read only after a
# letter's type word and "số" ("công văn số 01/KGL"), which `type_words.tsv` marks `single_code`.
SINGLE_CODE = re.compile(
    rf"(?P<number>\d{{1,6}}(?:-\d{{1,6}}(?=/))?)(?:/(?P<year>(?:19|20)\d{{2}}))?[/-](?P<body>{CODE}(?:-{CODE})?)"
    rf"(?P<suffix>-\d{{1,3}})?(?:/(?P<year_after>(?:19|20)\d{{2}}))?(?![{_L}\d/&.-])"
)


def parse_single_code(m: re.Match[str]) -> Symbol:
    """A `SINGLE_CODE` match: a state letter's number whose block is one body's code."""
    year = m.group("year") or m.group("year_after")
    return Symbol(m.group(0), m.group("number"), int(year) if year else None, None, "state",
                  m.group("body") + (m.group("suffix") or ""), None, False)


@lru_cache(maxsize=4096)      # asked for every symbol a document cites, again at each IRI
def is_single_code(symbol: str) -> bool:
    """Whether a symbol is a `SINGLE_CODE` letter number (its one code names no body the
    country knows as unique, so its identity needs the issuer)."""
    return bool(SINGLE_CODE.fullmatch(symbol)) and not SYMBOL.fullmatch(symbol)   # 74/CP, 02/2020/UBTVQH


# Symbols parsed, by the text matched: a document cites the same symbols again and again,
# and documents cite the same laws and decrees. The groups of a match follow from its text
# (the look-arounds that read past it only accept or reject the whole match), so a symbol
# written the same way parses the same way.
_PARSED: dict[str, Symbol] = {}
_PARSED_MAX = 20_000
