"""Resolve citation mentions to instruments (docs/ARCHITECTURE.md § Identity).

A mention learns first from the other mentions of the same symbol in its
document (one states the date, another the issuer), then from the registry,
then from the citing document itself (the province an implicit "UBND tỉnh"
means, the date by which a name-only law is chosen). What cannot be settled
says why, in Vietnamese, in `Resolution.reason`.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from functools import lru_cache
from typing import Iterable

from cancu.kg.iri import instrument_iri, needs_issuer
from cancu.kg.model import InstrumentKey, Resolution, ResolutionStatus
from cancu.kg.registry.instruments import NAMED_TYPES, Registry, RegistryInstrument, type_fits
from cancu.kg.registry.sequences import separate_counters
from cancu.nlp.citations import place_units
from cancu.nlp.citations.symbols import is_single_code
from cancu.nlp.model import DocumentInfo, Mention
from cancu.nlp.text.fold import fold_key
from cancu.nlp.text.letters import UPPER_CLASS

_PARTY = re.compile(r"^\d+[a-zA-Z]?-[^/]+/")
# A Quốc hội / UBTVQH symbol whose khóa is missing or cannot be one (two digits at most)
_ASSEMBLY_SLIP = re.compile(r"(?P<number>\d+)/(?P<year>\d{4})/(?P<standing>UBTV)?QH(?:\d{3,})?")
# a cited issuer ending with a unit word ("Ủy ban nhân dân tỉnh"): the place is the document's
_IMPLICIT_PLACE = re.compile(r"\b(" + "|".join(map(re.escape, place_units())) + r")$")


class Resolver:
    def __init__(self, registry: Registry | None = None):
        self.registry = registry

    def resolve_document(self, mentions: Iterable[Mention], info: DocumentInfo) -> list[Resolution]:
        mentions = list(mentions)
        shared = _shared_facts(mentions)
        resolved = [self.resolve(m, info, shared.get(m.symbol)) for m in mentions]
        return _same_name_same_law(resolved)

    def resolve(self, m: Mention, info: DocumentInfo, shared: "_Facts | None" = None) -> Resolution:
        if m.symbol:
            return self._by_symbol(m, info, shared or _Facts())
        return self._by_name(m, info)

    # ------------------------------------------------------------------ symbols
    def _by_symbol(self, m: Mention, info: DocumentInfo, facts: "_Facts") -> Resolution:
        # The year inside a symbol is part of its identity; a stated date that
        # disagrees with it is a fault of the citation, which the audit reports.
        in_symbol = re.search(r"/((?:19|20)\d{2})/", m.symbol)
        year = int(in_symbol.group(1)) if in_symbol else (m.year or facts.year)
        issuer = m.issuer or facts.issuer
        sharing = self._sharing(m.symbol, year)
        if len(sharing) > 1:
            return self._shared_symbol(m, sharing, facts)
        entry = self._registry_entry(m.symbol, year, issuer)
        if entry is None and (slip := _ASSEMBLY_SLIP.fullmatch(m.symbol)):
            return self._assembly_slip(m, slip) or self._symbol_resolution(m, info, facts, year, issuer)
        return self._symbol_resolution(m, info, facts, year, issuer, entry)

    def _assembly_slip(self, m: Mention, slip: re.Match[str]) -> Resolution | None:
        """"Pháp lệnh số 02/2020/UBTVQH" (no khóa), "Luật … số 13/2008/QH112" (a slip in it):
        the number and the year name one act of the Quốc hội or its standing committee."""
        if self.registry is None:
            return None
        found = self.registry.assembly_acts(slip.group("number"), int(slip.group("year")),
                                            bool(slip.group("standing")))
        if m.type:
            found = [i for i in found if type_fits(m.type, i.type, i.symbol)]
        if len(found) != 1:
            return None
        return _of_entry(m, ResolutionStatus.INFERRED, found[0],
                         f"ký hiệu ghi «{m.symbol}», thiếu hoặc sai khóa Quốc hội; danh mục chỉ có "
                         f"{found[0].label} cùng số và năm")

    def _symbol_resolution(self, m: Mention, info: DocumentInfo, facts: "_Facts", year: int | None,
                           issuer: str | None, entry: RegistryInstrument | None = None) -> Resolution:
        """A symbol's resolution from its registry entry, if any, else from the citation itself."""
        reasons: list[str] = []
        status = ResolutionStatus.RESOLVED
        true_type = m.type
        written = m.type if m.type_as_written else (next(iter(facts.types)) if len(facts.types) == 1 else None)
        if entry is not None and written and separate_counters(written, entry.type, entry.symbol):
            # "Nghị quyết số X/2010/QH12" where the registry knows only the Luật X/2010/QH12:
            # the two counters are written alike, so this is another instrument.
            if m.type_as_written:
                reasons.append(f"danh mục chỉ có {entry.label} cùng số hiệu; trích dẫn ghi "
                               f"«{m.type_as_written}» nên là văn bản khác")
            else:
                status = ResolutionStatus.INFERRED
                reasons.append(f"danh mục chỉ có {entry.label} cùng số hiệu; các trích dẫn khác của số hiệu này "
                               f"trong văn bản ghi «{written}» nên là văn bản khác")
            true_type, entry = written, None
        if entry is not None:
            key = registry_key(entry)
            note = None if entry.symbol == m.symbol else f"danh mục ghi ký hiệu {entry.symbol}"
            return Resolution(m, ResolutionStatus.RESOLVED, key, instrument_iri(key), entry.symbol, note)
        if year is None:
            if _PARTY.match(m.symbol) or needs_issuer(m.symbol) or "/" in m.symbol and not re.search(r"/\d{4}/", m.symbol):
                # Party numbers restart each term; administrative ones each year.
                return Resolution(m, ResolutionStatus.UNRESOLVED, symbol=m.symbol,
                                  reason="ký hiệu không có năm và trích dẫn không ghi ngày ban hành; "
                                         "số văn bản được đánh lại theo năm/nhiệm kỳ nên chưa xác định được")
        if year and year != m.year and m.year is None:
            status = ResolutionStatus.INFERRED
            reasons.append(f"năm {year} lấy từ trích dẫn khác của cùng ký hiệu trong văn bản")
        if needs_issuer(m.symbol):
            full_issuer = _qualify_issuer(issuer, info)
            if full_issuer is None:
                why = ("ký hiệu chỉ có một mã, cơ quan hay doanh nghiệp nào cũng có thể dùng"
                       if is_single_code(m.symbol) else "ký hiệu địa phương")
                return Resolution(m, ResolutionStatus.UNRESOLVED, symbol=m.symbol,
                                  reason=f"{why} cần cơ quan ban hành, nhưng trích dẫn không ghi")
            if full_issuer != issuer:
                status = ResolutionStatus.INFERRED
                reasons.append(f"cơ quan ban hành suy ra từ văn bản trích dẫn: {full_issuer}")
            issuer = full_issuer
        key = InstrumentKey(true_type, m.symbol, year, issuer if needs_issuer(m.symbol) else None)
        return Resolution(m, status, key, instrument_iri(key), m.symbol, "; ".join(reasons) or None)

    def _sharing(self, symbol: str, year: int | None) -> list[RegistryInstrument]:
        """The registry instruments of separate counters that share this symbol
        (the Luật and the Nghị quyết 55/2010/QH12); empty when it names at most one."""
        if self.registry is None or needs_issuer(symbol):
            return []
        return [i for i in self.registry.lookup(symbol, year=year, include_aliases=False) if i.shared]

    def _shared_symbol(self, m: Mention, sharing: list[RegistryInstrument], facts: "_Facts") -> Resolution:
        """A symbol several instruments share: the type word written before it says
        which ("Nghị quyết số 55/2010/QH12", "Luật An toàn thực phẩm số 55/2010/QH12");
        without one, the type word of the other mentions of that symbol in the same
        document ("các Nghị quyết của Quốc hội: số 55/2010/QH12 … Nghị quyết số
        55/2010/QH12"); else it is ambiguous."""
        labels = ", ".join(i.label for i in sharing)
        if m.type_as_written and m.type:
            fit = [i for i in sharing if type_fits(m.type, i.type, i.symbol)]
            if len(fit) == 1:
                return _of_entry(m, ResolutionStatus.RESOLVED, fit[0], None)
            why = f"số hiệu {m.symbol} là của nhiều văn bản ({labels}); loại «{m.type_as_written}» không khớp văn bản nào"
        else:
            fit = list({id(i): i for t in facts.types for i in sharing if type_fits(t, i.type, i.symbol)}.values())
            if len(fit) == 1:
                return _of_entry(m, ResolutionStatus.INFERRED, fit[0],
                                 f"số hiệu {m.symbol} là của nhiều văn bản ({labels}); loại văn bản lấy từ trích "
                                 f"dẫn khác của cùng số hiệu trong văn bản: {fit[0].label}")
            why = f"số hiệu {m.symbol} là của nhiều văn bản ({labels}) và trích dẫn không ghi loại văn bản"
        return Resolution(m, ResolutionStatus.AMBIGUOUS, candidates=[i.key for i in sharing], reason=why)

    def _registry_entry(self, symbol: str, year: int | None, issuer: str | None) -> RegistryInstrument | None:
        if self.registry is None:
            return None
        if needs_issuer(symbol):
            return None   # the registry keys local symbols by symbol alone; too weak an identity
        return self.registry.get(symbol, year=year) if year else self.registry.get(symbol)

    # ------------------------------------------------------------------ names
    def _by_name(self, m: Mention, info: DocumentInfo) -> Resolution:
        name = m.name or m.text
        if self.registry is not None and m.type in NAMED_TYPES:
            cands = self.registry.find_by_name(name, exact_date=m.date, year=None if m.date else m.year)
            if not cands:
                amended = self.registry.amended_by_date(name, exact_date=m.date, year=None if m.date else m.year)
                when = f"ngày {m.date:%d/%m/%Y}" if m.date else f"năm {m.year}"
                if len({law.key for law, _ in amended}) == 1:
                    law, amending = amended[0]
                    return _of_entry(m, ResolutionStatus.INFERRED, law,
                                     f"không có văn bản «{name}» ban hành {when}; {when} là của "
                                     f"{amending.label} sửa đổi, bổ sung {law.label}")
                stated = m.date or (dt.date(m.year, 12, 31) if m.year else None)
                then = self.registry.find_by_name(name, on=stated) if stated else []
                if len(then) == 1 and then[0].signed and then[0].signed < stated \
                        and self.registry.in_force_on(then[0], stated):
                    # Laws are cited with the date of their latest amendment; the amending
                    # law is not in the registry, but one version was in force that day.
                    law = then[0]
                    return _of_entry(m, ResolutionStatus.INFERRED, law,
                                     f"không có văn bản «{name}» ban hành {when} trong danh mục; có thể {when} "
                                     f"là của một luật sửa đổi, bổ sung; văn bản cùng tên có hiệu lực khi đó là "
                                     f"{law.label}")
                same_year = self.registry.find_by_name(name, year=m.date.year) if m.date else []
                if len(same_year) == 1 and same_year[0].signed:
                    # The day is a slip of the citing text ("Luật Quy hoạch ngày 21/11/2017" for the
                    # law of 24/11/2017): the year names one version; the audit reports the date.
                    law = same_year[0]
                    return _of_entry(m, ResolutionStatus.INFERRED, law,
                                     f"không có văn bản «{name}» ban hành {when}; {law.label} là văn bản cùng "
                                     f"tên duy nhất ban hành năm {m.date.year} (ngày {law.signed:%d/%m/%Y}), "
                                     f"nên ngày trích dẫn có thể ghi sai")
                slipped = self._year_slip(name, m.date) if m.date else None
                if slipped is not None:
                    return _of_entry(m, ResolutionStatus.INFERRED, slipped,
                                     f"không có văn bản «{name}» ban hành {when}; {slipped.label} cùng tên ban hành "
                                     f"ngày {slipped.signed:%d/%m/%Y}, cùng ngày tháng, khác một năm, nên năm trích "
                                     f"dẫn có thể ghi sai")
            if len(cands) == 1:
                e = cands[0]
                ended = self._ended_before_citing(m, e, info)
                if ended:
                    key = InstrumentKey(m.type, None, m.year, m.issuer, name)
                    return Resolution(m, ResolutionStatus.UNRESOLVED, key, instrument_iri(key), None, ended)
                return _of_entry(m, ResolutionStatus.RESOLVED, e,
                                 f"tên «{name}» chỉ ứng với {e.symbol} trong danh mục")
            latest = info.date or (info.period.end if info.period else None)
            if len(cands) > 1 and latest:
                # A document cannot cite a law adopted after it was issued.
                existing = [c for c in cands if c.signed is None or c.signed <= latest]
                if len(existing) == 1:
                    e = existing[0]
                    return _of_entry(m, ResolutionStatus.INFERRED, e,
                                     f"các văn bản khác cùng tên «{name}» được ban hành sau ngày "
                                     f"{latest:%d/%m/%Y} của văn bản trích dẫn; chỉ còn {e.symbol}")
                cands = existing or cands
            # A name inside another citation's title ("Nghị định … hướng dẫn Luật Đấu thầu")
            # names the law as it stood when that title was written, not on this document's date.
            if len(cands) > 1 and not m.embedded:
                return self._by_citing_date(m, name, cands, info)
            if len(cands) > 1:
                return Resolution(m, ResolutionStatus.AMBIGUOUS,
                                  candidates=[c.symbol for c in cands],
                                  reason=f"nhiều văn bản cùng tên «{name}» và trích dẫn không ghi năm")
        key = InstrumentKey(m.type, None, m.year, m.issuer, name)
        why = "văn bản không ghi số; nhận diện theo tên"
        if m.type in NAMED_TYPES:
            why = f"không tìm thấy «{name}» trong danh mục văn bản"
        return Resolution(m, ResolutionStatus.UNRESOLVED, key, instrument_iri(key), None, why)


    def _year_slip(self, name: str, stated: dt.date) -> RegistryInstrument | None:
        """The one version of a name signed on the stated day and month a year before or
        after ("Luật Đường bộ ngày 27 tháng 6 năm 2023" for the law of 27/6/2024); None
        when there is none or more than one."""
        found = [law for law in self.registry.find_by_name(name)
                 if law.signed and (law.signed.month, law.signed.day) == (stated.month, stated.day)
                 and abs(law.signed.year - stated.year) == 1]
        return found[0] if len(found) == 1 else None

    def _ended_before_citing(self, m: Mention, e: RegistryInstrument, info: DocumentInfo) -> str | None:
        """Why a name without date or year cannot mean the only known instrument of
        that name: it had ended before the citing document was written ("dự thảo Luật
        sửa đổi, bổ sung một số điều của Luật Điện ảnh" in 2025, when the registry knows
        only the amendment of 2009, ended in 2023), so a newer one the registry lacks is
        meant.  A name inside another citation's title keeps the version of that title."""
        if m.date or m.year or m.embedded:
            return None
        on = info.reference_date
        end, _ = self.registry.end_of(e)
        if on is None or end is None or end > on:
            return None
        return (f"văn bản duy nhất tên «{m.name or m.text}» trong danh mục là {e.label}, đã hết hiệu lực từ "
                f"ngày {end:%d/%m/%Y}, trước ngày {on:%d/%m/%Y} của văn bản trích dẫn; có thể là văn bản mới hơn "
                f"chưa có trong danh mục")

    def _by_citing_date(self, m: Mention, name: str, cands: list[RegistryInstrument],
                        info: DocumentInfo) -> Resolution:
        """Several laws share the name: the citation means the version in force on
        the citing document's date.  Without a date line that day is only known to
        fall on or after the newest instrument the document cites
        (``info.not_before``); a version is chosen when every such day gives the
        same one and the citation states the year (the seed gold's convention: a
        name without year in an undated document names no version)."""
        ambiguous = f"nhiều văn bản cùng tên «{name}» và trích dẫn không ghi năm"
        if m.year is not None:
            ambiguous = f"năm {m.year} có nhiều văn bản cùng tên «{name}»"
        if info.date:
            spans = self.registry.versions_between(cands, info.date, info.date)
            if len(spans) == 1:
                e = spans[0][1]
                return _of_entry(m, ResolutionStatus.INFERRED, e,
                                 f"tên «{name}» không ghi năm; {e.label} là văn bản cùng tên có hiệu lực "
                                 f"vào ngày {info.date:%d/%m/%Y} của văn bản trích dẫn")
            return Resolution(m, ResolutionStatus.AMBIGUOUS, candidates=[c.symbol for c in cands],
                              reason=ambiguous)
        if info.not_before is None:
            return Resolution(m, ResolutionStatus.AMBIGUOUS, candidates=[c.symbol for c in cands],
                              reason=ambiguous + "; văn bản trích dẫn không ghi ngày")
        since = info.not_before
        spans = self.registry.versions_between(cands, since)
        undated = f"văn bản trích dẫn không ghi ngày, chỉ biết không sớm hơn ngày {since:%d/%m/%Y}"
        if len(spans) == 1 and m.year is not None:
            e = spans[0][1]
            return _of_entry(m, ResolutionStatus.INFERRED, e,
                             f"{ambiguous}; {undated} (ngày của văn bản mới nhất được trích dẫn), và từ ngày "
                             f"đó trở đi văn bản cùng tên có hiệu lực chỉ là {e.label}")
        if len(spans) == 1:
            ambiguous += f"; {undated}: nếu vậy thì là {spans[0][1].label}"
        elif spans:
            later = "; ".join(f"{e.label} từ ngày {d:%d/%m/%Y}" for d, e in spans[1:])
            ambiguous += f"; {undated}: khi đó là {spans[0][1].label}, sau đó {later}"
        return Resolution(m, ResolutionStatus.AMBIGUOUS, candidates=[c.symbol for c in cands], reason=ambiguous)


def _same_name_same_law(resolutions: list[Resolution]) -> list[Resolution]:
    """A law cited once with its date and later by its bare name is the same law:
    "Luật Thi đua, khen thưởng ngày 15/6/2022 … Luật Thi đua, khen thưởng"."""
    by_name: dict[str, set[str]] = defaultdict(set)
    firm: dict[str, Resolution] = {}
    for r in resolutions:
        if r.mention.name and r.status is ResolutionStatus.RESOLVED and r.symbol:
            key = fold_key(r.mention.name)
            by_name[key].add(r.symbol)
            firm[key] = r
    out = []
    for r in resolutions:
        key = fold_key(r.mention.name) if r.mention.name else None
        if r.status is ResolutionStatus.AMBIGUOUS and key in firm and len(by_name[key]) == 1 \
                and firm[key].symbol in r.candidates and not r.mention.embedded:
            src = firm[key]
            r = Resolution(r.mention, ResolutionStatus.INFERRED, src.key, src.iri, src.symbol,
                           f"cùng tên với trích dẫn đầy đủ «{' '.join(src.mention.text.split())}» trong văn bản")
        out.append(r)
    return out


def _of_entry(m: Mention, status: ResolutionStatus, entry: RegistryInstrument, reason: str | None) -> Resolution:
    """A mention resolved (or inferred) to a registry instrument, with the reason."""
    key = registry_key(entry)
    return Resolution(m, status, key, instrument_iri(key), entry.symbol, reason)


def registry_key(entry: RegistryInstrument) -> InstrumentKey:
    """The identity of a registry instrument (so its IRI is the one citations get)."""
    return InstrumentKey(entry.type, entry.symbol, entry.year, entry.issuer or None)


@lru_cache(maxsize=8)
def registry_by_iri(registry: Registry) -> dict[str, RegistryInstrument]:
    """Every registry instrument under the IRI its citations resolve to (computed
    once per loaded registry)."""
    return {instrument_iri(registry_key(i)): i for i in registry.instruments}


def registry_iri(registry: Registry, symbol: str) -> str | None:
    entry = registry.get(symbol)
    return instrument_iri(registry_key(entry)) if entry else None


class _Facts:
    """What the mentions of one symbol in one document say together."""

    def __init__(self) -> None:
        self.year: int | None = None
        self.issuer: str | None = None
        self.date: dt.date | None = None
        self.types: set[str] = set()      # the true types of the mentions that write a type word


def _shared_facts(mentions: list[Mention]) -> dict[str, _Facts]:
    facts: dict[str, _Facts] = defaultdict(_Facts)
    for m in mentions:
        if not m.symbol:
            continue
        f = facts[m.symbol]
        f.year = f.year or m.year
        f.issuer = f.issuer or m.issuer
        f.date = f.date or m.date
        if m.type_as_written and m.type:
            f.types.add(m.type)
    return facts


def _qualify_issuer(issuer: str | None, info: DocumentInfo) -> str | None:
    """"Ủy ban nhân dân tỉnh" in a plan of a body in Quảng Trị means Quảng Trị's."""
    if issuer is None:
        return None
    if _IMPLICIT_PLACE.search(issuer) and info.issuer:
        unit = _IMPLICIT_PLACE.search(issuer).group(1)
        m = re.search(rf"\b{unit} ({UPPER_CLASS}[\wÀ-ỹ]*(?: {UPPER_CLASS}[\wÀ-ỹ]*)*)", info.issuer)
        if m:
            return f"{issuer} {m.group(1)}"
    return issuer
