"""Assemble citation mentions from the grammar's anchors.

Each rule proposes drafts in working-copy offsets; overlaps are settled by rule
priority (a numbered symbol beats a nickname beats a name …); the document pass
then completes and filters; finally spans are mapped back to the original.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import groupby

from cancu.nlp.citations.backref import TitleRef, TitleRefs
from cancu.nlp.citations.dates import DATE, date_from_match
from cancu.nlp.citations.grammar import Grammar, grammar
from cancu.nlp.citations.document_pass import finish
from cancu.nlp.citations.draft import Draft
from cancu.nlp.citations.gazetteer import Gazetteer, Names, gazetteer_of
from cancu.nlp.citations.names import is_name_stop, name_end
from cancu.nlp.citations.vocab import TypeWord
from cancu.nlp.citations.symbols import (SINGLE_CODE, SYMBOL, Symbol, find_symbols, parse_single_code,
                                         year_in_symbol)
from cancu.nlp.citations.type_scan import scan_words
from cancu.nlp.model import Mention
from cancu.nlp.text.fold import fold, fold_nfc
from cancu.nlp.text.normalize import NormalizedText, normalize
from cancu.nlp.text.letters import UPPER, UPPER_CLASS

# Lower number wins when two drafts overlap.
PRIORITY = {"symbol": 0, "nickname": 1, "name": 2, "backref": 3, "blank": 4, "titled": 5}
_LOOKBEHIND = 80
_LOOKAHEAD = 240
_PROPER_WORDS = re.compile(rf"(?:\s+{UPPER_CLASS}[\wÀ-ỹ]*(?:-{UPPER_CLASS}[\wÀ-ỹ]*)?)+")
_WORD = re.compile(r"\S+")
_SPACED_WORD = re.compile(r"\s+\S+")
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.!?:;\n\t]\s*$|^\s*$|(?:^|\s)[-+*•]\s*$|\d\.\s*$")
_NUMBER_LINE = re.compile(r"(?:^|\s)(?P<so>so)\s*:?\s*$")
_LIST_JOIN = re.compile(r"\s*(?:,|;|va|,\s*va)\s*(?:so\s+)?")
_JOINER = re.compile(r"\s*(?:,|va\s)")
_PINPOINT_NUMBER = re.compile(r"\s+(?:\d|[ivxlc]+(?![a-z]))")
_BLANK_NUMBER = re.compile(r"\s+so\s+(?=cua\s)")
_PARAGRAPH = re.compile(rf"\n[ \t]*\n\s*(?=[{UPPER}0-9]|[-–•+*] )")   # a capital, a number or a list bullet
_NEXT_WORD = re.compile(r" +([^\s]+)")   # same table cell: a tab ends the title
_NAME_NUMBER_JOIN = re.compile(r"\s*,?\s*(?:so\s*)?:?\s*")
_YEAR_IN_TEXT = re.compile(r"(?<![\d-])((?:19|20)\d{2})(?![\d-])")


class _Reader:
    """The per-document state the rules share."""

    def __init__(self, norm: NormalizedText, gazetteer: Gazetteer | None, own_type: str | None):
        self.g: Grammar = grammar()
        self.norm = norm
        self.t = norm.text
        self.f = fold_nfc(norm.text)   # same offsets as the working copy
        self.gazetteer = gazetteer
        self.own_type = own_type
        self._type_words: list[tuple[int, int, TypeWord]] | None = None
        self.own_symbols: set[str] = set()   # the document's own number, seen in its appendix headings

    def type_words(self) -> list[tuple[int, int, TypeWord]]:
        """Type-word matches whose accents agree with the vocabulary's (computed once).

        Matching is on the folded copy so unaccented text ("nghi dinh") works, but
        where the text has accents they must be the word's: "hiện pháp" (in "thực
        hiện pháp luật") is not "Hiến pháp".
        """
        if self._type_words is None:
            t, f = self.t, self.f
            # A document writes its type words in a few ways, ~100,000 times in 16 MB:
            # each way (as written in the working copy, which its folded form follows)
            # is looked up and its accents checked once.
            by_written: dict[str, TypeWord | None] = {}

            def accept(start: int, end: int) -> TypeWord | None:
                written = t[start:end]
                if written not in by_written:
                    tw = self.g.type_by_folded[_SPACES.sub(" ", f[start:end])]
                    by_written[written] = tw if _accents_agree(written, tw.word) else None
                return by_written[written]
            self._type_words = scan_words(self.f, self.g.type_scan, accept)
        return self._type_words

    def accents_agree(self, start: int, end: int, word: str) -> bool:
        return _accents_agree(self.t[start:end], word)

    # ---------------------------------------------------------------- attachments
    def _type_before(self, pos: int) -> re.Match[str] | None:
        """"<type word> số :" ending at `pos` (searched once per symbol: two rules read it)."""
        return self.g.type_before.search(self.f, max(0, pos - _LOOKBEHIND), pos)

    def type_word_before(self, pos: int, m: re.Match[str] | None) -> tuple[int, str] | None:
        """The type word of `m` (`_type_before(pos)`), where its accents are the word's."""
        if not m or m.end() != pos:
            return None
        tw = self.g.type_by_folded[_SPACES.sub(" ", m.group("tw"))]
        if not self.accents_agree(m.start("tw"), m.end("tw"), tw.word):
            return None
        if _is_common_noun(self.f, m.start("tw")):
            # "… quy phạm pháp luật số 64/2025/QH15": the name of the law ends in "pháp
            # luật"; its number joins the name, not a new "Luật"
            return None
        return m.start("tw"), self.t[m.start("tw"):m.end("tw")]

    def pinpoint_before(self, pos: int) -> tuple[int, str] | None:
        lo = max(0, pos - _LOOKBEHIND)
        window = self.f[lo:pos]
        if not self.g.pinpoint_hint.search(window):
            return None
        m = self.g.pinpoint_before.search(window)
        if not m:
            return None
        # Trim to the first unit word (the pattern may start mid-word otherwise).
        first = self.g.pinpoint_unit.search(window, m.start("pin"))
        if not first:
            return None
        start = lo + first.start()
        raw = self.t[start:lo + m.end("pin")]
        return start, self._canonical_pinpoint(raw)

    def pinpoint_after(self, pos: int) -> tuple[int, str] | None:
        """"… Luật Đất đai (Điều 5)" or "…, khoản 2 Điều 5;" right after a citation."""
        m = self.g.pinpoint_after.match(self.f, pos)
        if not m:
            return None
        raw = self.t[m.start("pin"):m.end("pin")]
        return m.end(), self._canonical_pinpoint(raw)

    def _canonical_pinpoint(self, raw: str) -> str:
        raw = _SPACES.sub(" ", raw).strip(" ,")
        units = self.g.pinpoint_units

        def cap(m: re.Match[str]) -> str:
            return units.get(_SPACES.sub(" ", fold(m.group(0))), m.group(0))
        folded = fold(raw)
        out, last = [], 0
        for m in self.g.pinpoint_unit.finditer(folded):
            out.append(raw[last:m.start()])
            out.append(units[_SPACES.sub(" ", m.group("u"))])
            last = m.end()
        out.append(raw[last:])
        return "".join(out)

    def attachments(self, d: Draft) -> None:
        """Extend a draft over an attached date, issuer and party term, in any order."""
        for _ in range(4):
            pos = d.end
            if not self.g.attachment_hint.match(self.f, pos):
                break
            m = self.g.date_after.match(self.f, pos)
            if m and d.date is None:
                dm = DATE.match(self.f, m.end())
                if dm:
                    d.date = date_from_match(dm)
                    if d.date is None:
                        d.notes.append(f"ngày không hợp lệ: «{self.t[dm.start():dm.end()]}»")
                    d.end = dm.end()
                    continue
            m = self.g.issuer_after.match(self.f, pos)
            if m and d.issuer is None:
                d.issuer, d.end = self._issuer(m)
                continue
            m = self.g.term_after.match(self.f, pos)
            if m and d.issuer is not None:
                d.end = m.end()
                continue
            break

    def _issuer(self, m: re.Match[str]) -> tuple[str, int]:
        head_key = _SPACES.sub(" ", m.group("head"))
        issuer = self.g.issuer_by_folded[head_key]
        name, end = issuer.canonical, m.end("head")
        if m.group("place") and issuer.place == "yes":
            # The unit word is a common noun, the place's name a proper one, whatever case a
            # title in capitals writes them in («CỦA HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HÀ NỘI»).
            unit = self.t[m.start("place"):m.end("place")]
            name += " " + _SPACES.sub(" ", unit).lower()
            end = m.end("place")
            proper = _PROPER_WORDS.match(self.t, end)
            if proper:
                stop = self._place_name_end(end, proper.end(), in_capitals=unit.isupper())
                if stop > end:
                    place = " ".join(self.t[end:stop].split())
                    name += " " + (place.title() if place.isupper() else place)
                    end = stop
        return name, end

    def _place_name_end(self, start: int, end: int, in_capitals: bool = False) -> int:
        """Where the capitalised words after a place word ("tỉnh Bắc Ninh …") stop being its
        name: at a new table cell or paragraph ("tỉnh Bắc Ninh\n\nQuyết định số …"), at a
        title that follows without a comma ("tỉnh Bắc Ninh Ban hành quy định …"), and, after a
        place word in capitals, at the first word that is not («… CỦA UBND TỈNH / Căn cứ …»:
        the working copy joins the lines)."""
        end = self._paragraph_end(start, end)
        for word in _SPACED_WORD.finditer(self.t, start, end):
            if in_capitals and not word.group(0).isupper():
                return word.start()
            if self.g.title_start.match(self.f, word.start()):
                return word.start()
        return end

    def title_after(self, pos: int) -> tuple[int, int] | None:
        """The "về …" / "quy định chi tiết …" title that may follow a citation."""
        m = self.g.title_start.match(self.f, pos)
        if not m:
            return None
        end_m = self.g.title_end.search(self.f, m.end(), m.end() + _LOOKAHEAD)
        end = end_m.start() if end_m else min(len(self.f), m.end() + _LOOKAHEAD)
        basis = self.g.basis_opener.search(self.f, m.end(), end)
        return m.start(), (basis.start() if basis else end)

    # ---------------------------------------------------------------- rules
    def bare_number_drafts(self) -> list[Draft]:
        """"Nghị định 149/2018" — a number and year with no symbol block. Only types
        that one body issues (a Nghị định is always the Government's) can be completed."""
        drafts = []
        for start, end, tw in self.type_words():
            if not tw.implied_block:
                continue
            nm = _BARE_NUMBER.match(self.f, end)
            if not nm:
                continue
            number, year = nm.group("n"), nm.group("y")
            sym_text = f"{number}/{year}/{tw.implied_block}"
            d = Draft("symbol", start, nm.end(), type_as_written=_clean(self.t[start:end]),
                      type=tw.type, symbol_text=sym_text, abbreviated=True)
            d.notes.append(f"ký hiệu viết thiếu «{number}/{year}», hoàn chỉnh thành {sym_text}")
            self.attachments(d)
            drafts.append(d)
        return drafts

    def single_code_drafts(self) -> list[Draft]:
        """"công văn số 01/KGL", "Văn bản số 1691/UBDNGS15": a letter's number with one code,
        read only after a letter's type word and "số" (symbols.SINGLE_CODE says why)."""
        drafts = []
        for start, end, tw in self.type_words():
            if not tw.single_code:
                continue
            so = _NUMBER_WORD.match(self.f, end)
            if not so or SYMBOL.match(self.t, so.end()):
                continue
            sm = SINGLE_CODE.match(self.t, so.end())
            if not sm:
                continue
            sym = parse_single_code(sm)
            d = Draft("symbol", start, sm.end(), symbol=sym, symbol_text=sym.text,
                      type_as_written=_clean(self.t[start:end]), type=tw.type)
            self.attachments(d)
            drafts.append(d)
        return drafts

    def symbol_drafts(self) -> list[Draft]:
        drafts: list[Draft] = []
        for m, sym in find_symbols(self.t):
            start = m.start()
            before = self._type_before(start)
            if self._own_number_line(start, typed=before is not None):
                continue  # "Số: 12/KH-UBND": the document's own number line
            d = Draft("symbol", start, m.end(), symbol=sym, symbol_text=sym.text,
                      abbreviated=sym.abbreviated)
            tw = self.type_word_before(start, before)
            if not tw and self.g.form_before.search(self.f, max(0, start - 20), start):
                continue  # "tờ khai 05/KK-TNCN": the number of a form
            if tw:
                d.start, d.type_as_written = tw[0], _clean(tw[1])
                if self._appendix_heading(tw[0]) and \
                        self.own_type in (None, _type_of(d.type_as_written)):
                    self.own_symbols.add(sym.text)   # "(Kèm theo Quyết định số …)": this document
            elif drafts and self._continues_list(drafts[-1], start):
                d.type_as_written = drafts[-1].type_as_written
                d.notes.append("trong danh sách dùng chung một từ chỉ loại")
            self.attachments(d)
            d.title = self.title_after(d.end)
            drafts.append(d)
        return drafts

    def _own_number_line(self, start: int, typed: bool) -> bool:
        """"Số: 12/KH-UBND", or "Số 2744/QĐ-UBND" opening a line: the document's own
        number, unless a type word comes first (`typed`: "Quyết định số: 12/QĐ-UBND")."""
        m = _NUMBER_LINE.search(self.f, max(0, start - 8), start)
        if not m or typed:
            return False
        word = m.start("so")
        # Always "Số" with a capital: a lower-case "số:" is a citation's ("Luật Đất đai số: …").
        return self.t[word] == "S" and (":" in m.group(0) or self._opens_line(word))

    def _appendix_heading(self, start: int) -> bool:
        """"(Kèm theo Quyết định số …)" opening a line heads an appendix of the
        document itself (104 of 112 such headings in realdocs name its own number;
        of the others, 7 are its number mistyped and one a Báo cáo attached to a
        Kết luận, which the caller tells apart by the document's own type)."""
        m = self.g.appendix_head.search(self.f, max(0, start - 30), start)
        return bool(m) and self._opens_line(m.start())

    def _opens_line(self, pos: int) -> bool:
        o = self.norm.original_span(pos, pos + 1)[0]
        line = self.norm.original.rfind("\n", 0, o)
        return not self.norm.original[line + 1:o].strip()

    def _continues_list(self, prev: Draft, start: int) -> bool:
        between = self.f[prev.end:start]
        return prev.kind == "symbol" and bool(_LIST_JOIN.fullmatch(between))

    def name_drafts(self) -> list[Draft]:
        drafts = []
        for start, end, tw in self.type_words():
            if not tw.named or _is_common_noun(self.f, start) or self._drafted(start):
                continue
            found = self._name_end(end, self.f[start:end], tw.type)
            if found is None:
                continue
            name_end_, known = found
            name = tw.type if tw.type == "Hiến pháp" else _title_case(_SPACES.sub(" ", self.t[start:name_end_]))
            d = Draft("name", start, name_end_, type_as_written=_clean(self.t[start:end]), type=tw.type,
                      name=name, known_keys=tuple(sorted({k.key for k in known})))
            # A known name may already include the year ("Hiến pháp năm 2013").
            year_in_name = _TRAILING_YEAR.search(self.f, start, name_end_)
            if year_in_name:
                d.year = int(year_in_name.group(1))
            self._name_attachments(d)
            drafts.append(d)
        return drafts

    def _drafted(self, start: int) -> bool:
        """"dự án Luật Viên chức (sửa đổi)", "dự thảo Luật …": a law still to be made; an
        amending one's amended law, named inside it, is read on its own."""
        return bool(self.g.draft_before.search(self.f[max(0, start - 30):start]))

    def _name_end(self, pos: int, type_word: str, typ: str) -> tuple[int, tuple] | None:
        """Where the name after a named type word (`type_word`, folded, ending at `pos`)
        ends, and the known names it is."""
        if self.gazetteer is not None:
            known = self.gazetteer.longest(self.f, pos, _SPACES.sub(" ", type_word))
            if known is not None:
                country = self.g.country_after.match(self.f, known.end)
                end = country.end() if country else known.end
                if known.extendable and _JOINER.match(self.f, end):
                    # "Luật Khoa học, công nghệ và đổi mới sáng tạo" (2025) when only
                    # "Luật Khoa học" and "Luật Khoa học và công nghệ" are known.
                    generic = name_end(self.t, pos, self._starts_new)
                    if generic is not None and generic > end:
                        return generic, ()
                return end, known.names
        if typ == "Hiến pháp":
            country = self.g.constitution_of.match(self.f, pos)
            return (country.end() if country else pos), ()
        amending = self.g.amending.match(self.f, pos)
        if amending and (end := self._amending_law_end(amending.end())) > amending.end():
            return end, ()
        end = name_end(self.t, pos, self._starts_new)
        if end is None:
            return None
        # A flattened table puts the next cell after a blank line: "Luật Căn cước\n\nBộ …".
        end = self._paragraph_end(pos, end)
        return (end, ()) if end > pos else None

    def _amending_law_end(self, pos: int) -> int:
        """"Luật Sửa đổi, bổ sung một số điều của Luật Ban hành … và Luật …" is one
        name: it ends where the last amended instrument's name ends."""
        end = pos
        while (tm := self.g.type_word.match(self.f, pos)):
            tw = self.g.type_by_folded[_SPACES.sub(" ", tm.group("tw"))]
            inner = self._name_end(tm.end(), tm.group("tw"), tw.type) if tw.named else None
            if inner is None:
                break
            end = inner[0]
            more = self.g.amended_next.match(self.f, end)
            if not more:
                break
            pos = more.end()
        return end

    def _starts_new(self, pos: int) -> bool:
        """A type word or a pinpoint starts here: another citation, not more name."""
        if self.g.type_word.match(self.f, pos):
            return not _is_common_noun(self.f, pos)     # "pháp luật" is not a new "Luật"
        unit = self.g.pinpoint_unit.match(self.f, pos)   # "Điều 77", not "Luật Đê điều"
        return bool(unit and _PINPOINT_NUMBER.match(self.f, unit.end()))

    def _name_attachments(self, d: Draft) -> None:
        m = self.g.year_after.match(self.f, d.end)
        if m:
            d.year, d.end = int(m.group("y")), m.end()
        amended = self.g.amended_note.match(self.f, d.end)
        if amended:
            d.end = amended.end()
        self.attachments(d)
        if d.date and not d.year:
            d.year = d.date.year

    def nickname_drafts(self) -> list[Draft]:
        drafts = []
        for start, _end, tw in self.type_words():
            for pattern, nick in self.g.nicknames.get(tw.type, ()):
                m = pattern.match(self.f, start)
                if not m:
                    continue
                d = Draft("nickname", m.start(), m.end(), type=nick.type, name=nick.name,
                          type_as_written=_clean(self.t[m.start():m.start() + len(nick.type)]))
                d.symbol_text = nick.symbol
                if not nick.name:
                    written = _SPACES.sub(" ", self.t[m.start():m.end()])
                    d.name = written[:1].upper() + written[1:]   # "kết luận Hội nghị …" mid-sentence
                year = _YEAR_IN_TEXT.search(self.f[m.start():m.end()])
                if year and nick.symbol:
                    d.year = int(year.group(1))
                drafts.append(d)
        return drafts

    def blank_number_drafts(self) -> list[Draft]:
        """"Chương trình hành động số  của …": the number was never filled in."""
        drafts = []
        for start, end, tw in self.type_words():
            after = _BLANK_NUMBER.match(self.f, end)
            if not after:
                continue
            d = Draft("blank", start, after.end(), type_as_written=_clean(self.t[start:end]))
            d.type = tw.type
            d.end = end
            issuer = self.g.issuer_after.match(self.f, after.end() - 1)
            if not issuer:
                continue
            d.issuer, d.end = self._issuer(issuer)
            title = self.title_after(d.end)
            tail = self.t[title[0]:title[1]].strip(" ,") if title else ""
            d.name = " ".join(filter(None, [d.type_as_written, "của " + d.issuer, tail]))
            d.notes.append("số văn bản để trống trong nguồn")
            drafts.append(d)
        return drafts

    def titled_drafts(self) -> list[Draft]:
        """A capitalised type word mid-sentence followed by a title names one instrument."""
        drafts = []
        for start, tw_end, tw in self.type_words():
            if tw.titled == "no":
                continue
            written = self.t[start:tw_end]
            if not written[0].isupper() or written.isupper():
                continue
            before = self.t[max(0, start - 12):start]
            # A list item after ";" may name an instrument; a sentence start does not.
            if _SENTENCE_END.search(before) and not (tw.titled == "yes" and before.rstrip().endswith(";")):
                continue
            # An instrument still to be made is the plan's output, not a citation.
            if self.g.output_before.search(self.f[max(0, start - 30):start]):
                continue
            nxt = _NEXT_WORD.match(self.t, tw_end)
            if not nxt:
                continue
            first = nxt.group(1)
            if is_name_stop(first.strip(",.;:")):
                continue
            if first[0].isdigit():
                continue   # "Đề án 06": a programme's nickname, not an instrument cited

            if tw.titled == "titled" and not first[0].isupper():
                continue
            end_m = self.g.title_end.search(self.f, tw_end, tw_end + _LOOKAHEAD)
            end = end_m.start() if end_m else tw_end + _LOOKAHEAD
            end = self._paragraph_end(tw_end, end)
            # Strip within the title only: a slice from the text's start is quadratic.
            end = tw_end + len(self.t[tw_end:end].rstrip(" ,"))
            d = Draft("titled", start, end, type_as_written=_clean(written), type=tw.type,
                      name=_title_case(_SPACES.sub(" ", self.t[start:end])))
            year = _YEAR_IN_TEXT.search(self.f[start:end])
            if year:
                d.year = int(year.group(1))
            drafts.append(d)
        return drafts

    def _paragraph_end(self, start: int, end: int) -> int:
        """`end`, or earlier where the original starts a new paragraph or table cell
        between `start` and `end`: a blank line before a capital or a number. (A
        blank line before a lower-case word is a line broken twice, as PDF text has.)"""
        o_start, o_end = self.norm.original_span(start, end)
        brk = _PARAGRAPH.search(self.norm.original, o_start, o_end)
        if not brk:
            return end
        lo, hi = start, end          # the last working position that maps before the break
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.norm.original_span(start, mid)[1] <= brk.start():
                lo = mid
            else:
                hi = mid - 1
        return lo

    def backref_drafts(self, cited: list[Draft]) -> list[Draft]:
        """"Nghị quyết về quyết định các biện pháp …": an instrument named again by its title."""
        # A back-reference starts with a type word, so only those positions are tried.
        refs: dict[TitleRef, tuple[Draft, list[str]]] = {}   # the first draft with that title
        for d in cited:
            if not d.title or not d.type_as_written or not d.symbol_text:
                continue
            if self.own_type and _type_of(d.type_as_written) == self.own_type:
                continue  # a plan citing a plan by title reads like its own title
            title = self.g.title_lead.sub("", self.f[d.title[0]:d.title[1]]).split()
            if len(title) < 4:
                continue
            ref = TitleRef(tuple(fold(d.type_as_written).split()), self.g.title_leads, tuple(title[:6]))
            refs.setdefault(ref, (d, title))
        if not refs:
            return []
        drafts = []
        by_written: dict[str, TitleRefs | None] = {}
        for start, end, _tw in self.type_words():
            written = self.f[start:end]
            if written not in by_written:
                by_written[written] = _refs_after(written, refs)
            if (after := by_written[written]) is None:
                continue
            found = after.first_match(self.f, start, end)
            if found is None or self.g.own_before.search(
                    self.f, max(0, start - self.g.own_before_window), start):
                continue
            ref, end = found
            d, title = refs[ref]
            rest = title[6:]
            for w in _WORD.finditer(self.f, end):
                if not rest or w.group(0) != rest[0] or self.f[end:w.start()].strip():
                    break
                end, rest = w.end(), rest[1:]
            b = Draft("backref", start, end, type_as_written=d.type_as_written,
                      symbol=d.symbol, symbol_text=d.symbol_text)
            b.notes.append(f"nhắc lại {d.symbol_text} bằng trích yếu, không ghi số")
            drafts.append(b)
        return drafts


def _refs_after(written: str, refs: Iterable[TitleRef]) -> TitleRefs | None:
    """The references that can match where the scan found the type word `written`.

    The scan's type word is the longest phrase of the vocabulary there, and a
    reference opens with a phrase followed by a space, so it can match only if its
    phrase is that one or its first words. None when none can.
    """
    phrase = _SPACES.sub(" ", written)
    chosen = [r for r in refs if phrase == (head := " ".join(r.head)) or phrase.startswith(head + " ")]
    return TitleRefs(phrase, chosen) if chosen else None


_NUMBER_OF_SYMBOL = re.compile(r"\d+(?:\.\d+)?[a-zA-Z]?")   # 66.7/2025/NQ-CP: number 66.7
_TRAILING_YEAR = re.compile(r"(?:nam\s+)?((?:19|20)\d{2})$")
_NUMBER_WORD = re.compile(r"\s+so\s*:?\s*")   # "số", "số:" before a number (folded copy)
_BARE_NUMBER = re.compile(r"(?:\s+so)?\s+(?P<n>\d{1,4})\s*/\s*(?P<y>(?:19|20)\d{2})(?![\d/-])")


@lru_cache(maxsize=4096)
def _accents_agree(written: str, word: str) -> bool:
    """A type word written without accents, or with the vocabulary's (cached: a
    document writes its type words in a few ways, tens of thousands of times)."""
    written = _SPACES.sub(" ", written).lower()
    return written.isascii() or written == word.lower()


# A document writes its type words in a few ways, each read for many drafts: each way once.
@lru_cache(maxsize=4096)
def _type_of(written: str) -> str | None:
    tw = grammar().type_by_folded.get(_SPACES.sub(" ", fold(written)))
    return tw.type if tw else None


@lru_cache(maxsize=4096)
def _written_type_word(written: str) -> TypeWord | None:
    """The vocabulary entry of a draft's type word as written (already one space apart)."""
    return grammar().type_by_folded.get(fold(written))


def _is_common_noun(f: str, start: int) -> bool:
    """'pháp luật', 'kỷ luật', 'quy luật', 'đạo luật', 'một luật' used as common nouns."""
    g = grammar()
    return bool(g.common_noun_before.search(f[max(0, start - g.common_noun_window):start]))


def _clean(written: str) -> str:
    return _SPACES.sub(" ", written).strip()


def _title_case(name: str) -> str:
    return name[:1].upper() + name[1:] if name else name


def _merge_name_and_number(drafts: list[Draft], f: str) -> list[Draft]:
    """"Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15" is one citation, not two."""
    out: list[Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        if (prev and prev.kind == "name" and d.kind == "symbol" and not d.type_as_written
                and _NAME_NUMBER_JOIN.fullmatch(f[prev.end:d.start])):
            d.start, d.type_as_written, d.name = prev.start, prev.type_as_written, prev.name
            d.kind = "symbol"
            out[-1] = d
            continue
        out.append(d)
    return out


def _settle(drafts: list[Draft]) -> list[Draft]:
    """Keep the best draft among overlapping ones; document order.

    Drafts are taken kind by kind, best kind first, each kind in document order; one
    that overlaps a draft taken before is dropped. Chosen spans never overlap, so they
    stay sorted by start, and a kind's drafts are merged into them in one walk (an
    insertion per draft moved the list's tail: quadratic in a long text's mentions).
    """
    chosen: list[Draft] = []
    ordered = sorted(drafts, key=lambda x: (PRIORITY[x.kind], x.start))
    for _, kind_drafts in groupby(ordered, key=lambda x: x.kind):
        merged: list[Draft] = []
        j, n = 0, len(chosen)
        for d in kind_drafts:
            while j < n and chosen[j].start < d.start:     # taken before, to its left
                merged.append(chosen[j])
                j += 1
            if merged and merged[-1].end > d.start:
                continue
            if j < n and chosen[j].start < d.end:
                continue
            merged.append(d)
        merged.extend(chosen[j:])
        chosen = merged
    return chosen


def extract_mentions(text: str, *, names: Names = (), own_type: str | None = None,
                     own_symbol: str | None = None, from_offset: int = 0,
                     normalized: NormalizedText | None = None) -> list[Mention]:
    """Every citation mention in `text`, in document order, offsets into `text`.

    `names` are the instrument names the caller knows (the registry's): a compiled
    `Gazetteer` (compile once, pass to every call), `KnownName`s, or plain titles
    ("Luật Đất đai"). A law cited by name ends where the longest known name ends
    ("Luật Quản lý, sử dụng tài sản công"), and is found even when its name has no
    capital letter; the mention's `known_keys` are the keys of that name.
    `own_type` is the citing document's type ("Kế hoạch"), to tell a title
    back-reference from a reference to the document itself; `own_symbol` its own
    number ("Kèm theo Kế hoạch số 373/KH-UBND" in its appendix is not a citation).
    Mentions starting before `from_offset` are left out (`DocumentInfo.summary_end`: a
    site's summary of the document before its header).
    """
    norm = normalized or normalize(text)
    reader = _Reader(norm, gazetteer_of(names), own_type)
    symbols = reader.symbol_drafts() + reader.single_code_drafts()
    drafts = symbols + reader.bare_number_drafts() + reader.nickname_drafts() + reader.name_drafts()
    drafts += reader.backref_drafts(symbols) + reader.blank_number_drafts() + reader.titled_drafts()
    drafts = _merge_name_and_number(_settle(drafts), reader.f)
    _attach_pinpoints(reader, drafts)
    own = reader.own_symbols | ({own_symbol} if own_symbol else set())
    drafts = finish(drafts, reader.t, own_symbols=own)
    spans = norm.original_spans([(d.start, d.end) for d in drafts])
    return [_to_mention(d, norm, span) for d, span in zip(drafts, spans) if span[0] >= from_offset]


def _attach_pinpoints(reader: _Reader, drafts: list[Draft]) -> None:
    """"Điều 11 Luật …" before a citation, or "…, Điều 11" after it, widens its span."""
    for d in drafts:
        pin = reader.pinpoint_before(d.start)
        if pin:
            d.start, d.pinpoint = pin
        elif (pin := reader.pinpoint_after(d.end)):
            d.end, d.pinpoint = pin


def _to_mention(d: Draft, norm: NormalizedText, span: tuple[int, int]) -> Mention:
    """The mention of a draft; `span` is its span in the original."""
    start, end = span
    sym = d.symbol
    symbol = d.symbol_text
    typ = d.type
    if sym is not None:
        written = d.type_as_written and _written_type_word(d.type_as_written)
        written_type = written.type if written else None
        if sym.family == "assembly" and written_type in ("Luật", "Bộ luật", "Nghị quyết", "Hiến pháp"):
            typ = written_type
        else:
            typ = sym.type or written_type
        if sym.type and written_type and written_type != sym.type and sym.family != "assembly":
            d.notes.append(f"từ chỉ loại «{d.type_as_written}» khác loại theo ký hiệu ({sym.type})")
    year = d.year
    if d.date:
        year = d.date.year
    elif sym is not None and sym.year:
        year = sym.year
    elif symbol and not year:
        year = year_in_symbol(symbol)
    number = None
    if sym is not None and sym.family == "state" and sym.code is None and "-" in (sym.number or ""):
        number = sym.number          # a letter's number in two parts: "25-2303/PBHC-KD"
    elif symbol:
        m = _NUMBER_OF_SYMBOL.match(symbol)
        number = m.group(0) if m else None
    return Mention(
        start=start, end=end, text=norm.original[start:end],
        type_as_written=d.type_as_written, type=typ, number=number, symbol=symbol,
        name=d.name,
        date=d.date, year=year, issuer=d.issuer, pinpoint=d.pinpoint,
        abbreviated=d.abbreviated, embedded=d.embedded, notes=list(d.notes),
        repaired="; ".join(r.describe() for r in norm.repairs_in(start, end)) or None,
        known_keys=d.known_keys,
    )
