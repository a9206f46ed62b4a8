"""Regular expressions of the citation grammar, built from the vocabulary.

Most patterns run on the *folded* working copy (lower case, no diacritics, same
offsets as the normalised copy), so "Nghị định", "nghị định", "NGHỊ ĐỊNH" and
"nghi dinh" are one word to the grammar. Patterns that need letter case (symbol
codes, proper names) run on the normalised copy.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cancu.nlp.citations.type_scan import TypeWordScan, type_word_scan
from cancu.nlp.citations.vocab import KnownIssuer, Nickname, TypeWord, vocabulary
from cancu.nlp.text.fold import fold

_B = r"(?<![a-z0-9])"          # word start on the folded copy
_E = r"(?![a-z0-9])"           # word end on the folded copy
ROMAN_OR_NUMBER = r"(?:\d+[a-z]?|[ivxlc]+\b|[a-z](?![a-z]))"

def _alternation(words: list[str], space: str = r"\s+") -> str:
    """One regex for many folded phrases, factored as a trie of characters.

    Python's engine tries alternatives one by one at every position; sharing
    prefixes ("nghi dinh" and "nghi quyet" share "nghi ") leaves one alternative per
    distinct next character, which makes a scan several times faster than a flat
    list (and ~20% faster than a trie of whole words: the type-word scan of 16 MB
    of plan text 0.35 -> 0.28 s CPU). A space between words matches `space` (any whitespace).
    A longer continuation is tried before the phrase ends, so the longest phrase wins.
    """
    trie: dict = {}
    for w in {" ".join(fold(w).split()) for w in words if w.strip()}:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}                      # a phrase may end here
    return _trie_pattern(trie, space)


def _trie_pattern(node: dict, space: str) -> str:
    branches = []
    for ch in sorted(k for k in node if k):
        child = node[ch]
        head = space if ch == " " else re.escape(ch)
        rest = _trie_pattern(child, space) if any(k for k in child) else ""
        if rest:
            branches.append(f"{head}(?:{rest}){'?' if '' in child else ''}")
        else:
            branches.append(head)
    return "|".join(branches)


@dataclass(frozen=True)
class Grammar:
    type_word: re.Pattern[str]            # any type word, folded
    # The same without the word-start look-behind, for scanning a whole text: a pattern
    # opening with a look-behind is tried at every position, one opening with a letter
    # lets the engine skip to the type words' first letters (the caller checks the start).
    type_word_scan: re.Pattern[str]
    type_scan: TypeWordScan               # the same, tried only at word starts (type_scan.py)
    type_before: re.Pattern[str]          # "<type word> số :" ending at a symbol
    form_before: re.Pattern[str]          # "tờ khai", "mẫu số" ending at a symbol
    type_by_folded: dict[str, TypeWord]
    issuer_after: re.Pattern[str]         # ", của <issuer> [place]" at a position
    issuer_by_folded: dict[str, KnownIssuer]
    date_after: re.Pattern[str]
    # What each of date_after, issuer_after and term_after opens with: where it does not
    # stand, none of the three is tried (most citations have nothing more attached)
    attachment_hint: re.Pattern[str]
    term_after: re.Pattern[str]           # "(khóa XII)" / "khóa VIII"
    year_after: re.Pattern[str]           # " năm 2022" / " 2007"
    pinpoint_before: re.Pattern[str]
    # What every pinpoint_before match holds ("dieu 5"), without its look-behind: the engine
    # skips to the units' first letters, so a window without one is passed over in a scan
    # that costs a third of pinpoint_before's (tried at every position of the window).
    pinpoint_hint: re.Pattern[str]
    pinpoint_after: re.Pattern[str]
    pinpoint_unit: re.Pattern[str]
    pinpoint_units: dict[str, str]        # folded → canonical
    nicknames: dict[str, tuple[tuple[re.Pattern[str], Nickname], ...]]   # by the type they start with
    appendix_head: re.Pattern[str]        # "(Kèm theo " ending at a type word
    output_before: re.Pattern[str]        # "xây dựng " ending at a type word
    draft_before: re.Pattern[str]         # "dự án " ending at a named type word (a draft law)
    amending: re.Pattern[str]             # " sửa đổi, bổ sung một số điều của " before a named type word
    title_start: re.Pattern[str]          # ", về việc " / " quy định chi tiết " opening a cited title
    title_end: re.Pattern[str]            # " ban hành kèm theo", punctuation: where a cited title ends
    # " Căn cứ Luật …": a new basis item, where a cited title ends at the latest (a heading's
    # title runs into the preamble: "… VỀ VIỆC CÔNG BỐ … Căn cứ Luật Tổ chức …")
    basis_opener: re.Pattern[str]
    title_lead: re.Pattern[str]           # "về việc " leading a title, left out when it is named again
    title_leads: tuple[str, ...]          # the same phrases, longest first
    # "ban hành Kế hoạch …", "Trên đây là Kế hoạch …" ending where a back-reference would
    # start: the document's own instrument or one to be made (searched in own_before_window)
    own_before: re.Pattern[str]
    own_before_window: int
    # ", Luật " / " và Pháp lệnh " after an amended name: the amending law's name goes on
    amended_next: re.Pattern[str]
    # "pháp " / "kỷ " ending before "luật": a common noun, not a new citation (searched in
    # common_noun_window characters before the type word)
    common_noun_before: re.Pattern[str]
    common_noun_window: int
    # "(đã được sửa đổi, bổ sung tại …)" right after a citation: its note, within the brackets
    amended_note: re.Pattern[str]
    # " Việt Nam" after a known name; " nước Cộng hòa xã hội chủ nghĩa Việt Nam" after "Hiến pháp"
    country_after: re.Pattern[str]
    constitution_of: re.Pattern[str]


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    v = vocabulary()
    type_alt = _alternation([t.word for t in v.type_words])
    type_scan = type_word_scan(lambda space: _alternation([t.word for t in v.type_words], space))
    issuer_words = [i.written for i in v.issuers]
    issuer_words += [f"Bộ trưởng {i.written}" for i in v.issuers if i.place == "ministry"]
    issuer_by_folded = {re.sub(r"\s+", " ", fold(i.written)): i for i in v.issuers}
    for i in v.issuers:
        if i.place == "ministry":
            minister = f"Bộ trưởng {i.written}"
            issuer_by_folded[fold(minister)] = KnownIssuer(minister, minister, "no")
    place_alt = _alternation(list(v.places))
    unit_alt = _alternation(list(v.pinpoint_units))
    # "khoản 1, 2 và 3 Điều 82": numbers joined by commas or "và"
    pin = rf"{_B}(?:{unit_alt})\s+{ROMAN_OR_NUMBER}(?:(?:\s*,\s*|\s+va\s+)(?:(?:{unit_alt})\s+)?{ROMAN_OR_NUMBER})*"
    return Grammar(
        type_word=re.compile(rf"{_B}(?P<tw>{type_alt}){_E}"),
        type_word_scan=type_scan.pattern,
        type_scan=type_scan,
        type_before=re.compile(rf"{_B}(?P<tw>{type_alt})(?:\s+so(?:\s+hieu)?)?\s*:?\s*$"),
        form_before=re.compile(rf"{_B}(?:{_alternation(list(v.form_words))})(?:\s+so)?\s*:?\s*$"),
        type_by_folded={re.sub(r"\s+", " ", fold(t.word)): t for t in v.type_words},
        issuer_after=re.compile(
            rf"\s*,?\s*cua\s+(?P<head>{_alternation(issuer_words)}){_E}"
            rf"(?:\s+(?P<place>{place_alt}){_E})?"),
        issuer_by_folded=issuer_by_folded,
        date_after=re.compile(r"\s*,?\s*(?=ngay\s*\d)"),
        attachment_hint=re.compile(r"\s*,?\s*(?:ngay|cua|\(|khoa)"),
        term_after=re.compile(r"\s*(?:\(\s*khoa\s+[ivxlc]+\s*\)|,?\s*khoa\s+[ivxlc]+" + _E + ")"),
        year_after=re.compile(r"\s+(?:nam\s+)?(?P<y>(?:19|20)\d{2})(?![\d/-])"),
        pinpoint_before=re.compile(rf"(?P<pin>(?:{pin}\s*,?\s*)+)(?:cua\s+)?$"),
        pinpoint_hint=re.compile(rf"(?:{unit_alt})\s+{ROMAN_OR_NUMBER}"),
        pinpoint_after=re.compile(
            rf"\s*(?:\(\s*(?P<pin>{pin}(?:\s+{pin})*)\s*\)|,\s*(?P<pin2>{pin}(?:\s+{pin})*)(?=\s*(?:[;.]|$)))"),
        pinpoint_unit=re.compile(rf"{_B}(?P<u>{unit_alt}){_E}"),
        pinpoint_units={re.sub(r"\s+", " ", fold(u)): u for u in v.pinpoint_units},
        nicknames=_nicknames_by_type(v.nicknames),
        appendix_head=re.compile(rf"\(\s*(?:{_phrases(v.cues['appendix_heading'])})\s+$"),
        output_before=re.compile(rf"{_B}(?:{_phrases(v.cues['output_before'])})\s*$"),
        draft_before=re.compile(rf"{_B}(?:{_phrases(v.cues['draft_before'])})\s*$"),
        # "… một số điều và Phụ lục Danh mục chỉ tiêu thống kê quốc gia của Luật Thống kê": the
        # amended annex's title may stand before "của"
        amending=re.compile(rf"\s+(?:{_phrases(v.cues['amending'])})(?:\s+va\s+phu\s+luc(?:\s+[^\s,;.]+){{0,12}}?\s+cua)?\s+"
                            rf"(?=(?:{_alternation([t.word for t in v.type_words if t.named])}){_E})"),
        title_start=re.compile(rf"\s*,?\s*(?:{_exact_phrases(v.cues['title_start'])})\s"),
        title_end=re.compile(rf"[.;:(\t\"]|\s(?:{_exact_phrases(v.cues['title_end'])})\b"),
        basis_opener=re.compile(rf"\s(?:{_exact_phrases(v.cues['based_on'])})\s+(?={_B}(?:{type_alt}){_E})"),
        title_lead=re.compile(rf"^\s*,?\s*(?:{_exact_phrases(v.cues['title_lead'])})\s+"),
        title_leads=tuple(sorted({fold(p).strip() for p in v.cues['title_lead']}, key=len, reverse=True)),
        own_before=re.compile(rf"(?:{_exact_phrases(v.cues['own_before'])})\s*$"),
        own_before_window=_longest(v.cues['own_before']) + 9,
        amended_next=re.compile(rf"\s*(?:,|va|,\s*va)\s+(?=(?:{_exact_phrases(v.cues['amended_next'])})\s)"),
        common_noun_before=re.compile(rf"(?<![a-z])(?:{_exact_phrases(v.cues['common_noun_before'])})\s+$"),
        common_noun_window=_longest(v.cues['common_noun_before']) + 2,
        amended_note=re.compile(
            rf"\s*\(\s*(?:da\s+)?(?:duoc\s+)?(?:{_phrases(v.cues['amended_note'])})[^)]{{0,40}}\)"),
        country_after=re.compile(rf"\s+(?:{_exact_phrases(v.cues['country_after'])})(?![a-z0-9])"),
        constitution_of=re.compile(rf"\s+(?:{_exact_phrases(v.cues['constitution_of'])})"),
    )


def _longest(phrases: tuple[str, ...]) -> int:
    return max(len(fold(p).strip()) for p in phrases)


def _exact_phrases(phrases: tuple[str, ...]) -> str:
    """Folded phrases, longest first, words one space apart as the folded copy has them."""
    return "|".join(re.escape(p) for p in sorted({fold(p).strip() for p in phrases}, key=len, reverse=True))


def _phrases(phrases: tuple[str, ...]) -> str:
    """Folded phrases, longest first; a comma between words may be left out."""
    alts = []
    for p in sorted({fold(p).strip() for p in phrases}, key=len, reverse=True):
        words = [re.escape(w) for w in p.replace(",", " ").split()]
        alts.append(r"(?:\s*,\s*|\s+)".join(words))
    return "|".join(alts)


def _nicknames_by_type(nicknames: tuple[Nickname, ...]) -> dict[str, tuple]:
    """Nickname patterns start with their type word; they are tried only where one stands."""
    out: dict[str, list] = {}
    for n in nicknames:
        if not fold(n.pattern).startswith(fold(n.type)):
            raise ValueError(f"nicknames.tsv: pattern «{n.pattern}» must start with its type «{n.type}»")
        out.setdefault(n.type, []).append((re.compile(fold(n.pattern)), n))
    return {k: tuple(v) for k, v in out.items()}


def type_named(written: str | None) -> str | None:
    """The instrument type a type word names as written ("NGHỊ ĐỊNH" → "Nghị định")."""
    if not written:
        return None
    tw = grammar().type_by_folded.get(" ".join(fold(written).split()))
    return tw.type if tw else None
