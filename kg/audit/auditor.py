"""The stale-basis audit: does what a document rests on still stand?

Findings, each with a stable English code and a plain Vietnamese explanation
that shows its date logic (docs/ARCHITECTURE.md § Registry in time); the kinds,
their order and labels are cancu.kg.audit.findings.FindingKind:

    stale                cited instrument no longer in force at the document's date
    stale_during_period  in force at the date, but ends within the period the plan governs
    replaced_since       ended after the document was issued (no period): review it
    not_yet_in_force     signed but not yet in force at the document's date
    possibly_stale       the document's date is unknown: it may have been issued after the
                         instrument ended (or the instrument ended since); review it
    possibly_not_yet_in_force  the document's date is unknown: it may have been issued
                         before the instrument came into force
    anachronism          cited instrument is dated after the document itself
    type_mismatch        the type word contradicts the instrument's true type
    symbol_mismatch      the symbol as written differs from the instrument's own
    date_conflict        one instrument cited with two dates, or a date the registry contradicts
    year_mismatch        the year in the symbol disagrees with the stated date
    unresolved           the reference cannot be tied to one instrument

When the document's date line is missing, its date lies in a range: from the newest
instrument it cites (a plan cannot cite what did not exist yet) or the start of its
period, to the day of the audit (or within the month of a date line with a blank day).
"stale" and "not_yet_in_force" are stated only when every date of that range makes them
true; when only some do, the finding is "possibly_…" and says why.

No time finding is stated for an instrument the document itself ends (its registry entry
repeals or replaces it: «Thông tư này bãi bỏ Thông tư số …»), nor for the citations of a
consolidated text (VBHN), which restates the bases of the acts it consolidates.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from cancu.kg.audit.findings import FindingKind
from cancu.kg.model import Resolution, ResolutionStatus
from cancu.kg.registry.instruments import Registry, RegistryInstrument
from cancu.kg.registry.resolve import registry_by_iri
from cancu.kg.registry.sequences import separate_counters
from cancu.nlp.citations import type_named, year_in_symbol
from cancu.nlp.document import CONSOLIDATED
from cancu.nlp.model import DocumentInfo

@dataclass
class Finding:
    document: str
    finding: str                  # a FindingKind's code
    symbol: str | None            # as the document cites it (or the name)
    explanation: str              # Vietnamese, with the dates
    replaced_by: list[str] = field(default_factory=list)   # chain to what is in force now
    instrument: str | None = None  # IRI
    start: int | None = None       # the first mention it concerns
    end: int | None = None


def fmt(d: dt.date) -> str:
    return f"{d:%d/%m/%Y}"


@dataclass(frozen=True)
class _DocumentTime:
    """What is known of when a document was issued and what period it governs."""

    exact: dt.date | None
    lower: dt.date | None          # not earlier than this (cited dates, period start, month)
    upper: dt.date                 # not later than this (the audit day, or the month's end)
    month: tuple[int, int] | None  # (year, month) of a date line with a blank day
    period_start: dt.date | None
    period_end: dt.date | None
    period_text: str | None

    @classmethod
    def of(cls, info: DocumentInfo, today: dt.date) -> "_DocumentTime":
        month = info.month
        bounds = [info.not_before, info.period.start if info.period else None]
        upper = today
        if month:
            bounds.append(dt.date(month[0], month[1], 1))
            upper = min(upper, _month_end(*month))
        lower = max(filter(None, bounds), default=None)
        if lower and lower > upper:     # the evidence disagrees (an anachronism says so)
            upper = lower
        p = info.period
        return cls(info.date, lower, upper, month, p.start if p else None, p.end if p else None,
                   p.text if p else None)

    def date_phrase(self) -> str:
        if self.exact:
            return f"ngày ban hành văn bản ({fmt(self.exact)})"
        return "thời điểm ban hành văn bản (không ghi ngày; sớm nhất là " + fmt(self.lower) + ")" \
            if self.lower else "thời điểm ban hành văn bản (không ghi ngày)"

    def range_phrase(self, lower: dt.date | None) -> str:
        """"văn bản không ghi ngày ban hành, chỉ biết được ban hành trong khoảng 24/01/2022 – 23/11/2026"."""
        if lower:
            return (f"văn bản không ghi ngày ban hành, chỉ biết được ban hành trong khoảng "
                    f"{fmt(lower)} – {fmt(self.upper)}")
        return f"văn bản không ghi ngày ban hành (chậm nhất là {fmt(self.upper)})"


class Auditor:
    def __init__(self, registry: Registry, today: dt.date | None = None):
        self.registry = registry
        self.today = today or dt.date.today()

    def audit(self, document: str, info: DocumentInfo, resolutions: list[Resolution]) -> list[Finding]:
        time = _DocumentTime.of(info, self.today)
        own = self._own_key(info)
        findings: list[Finding] = []
        by_instrument: dict[str, list[Resolution]] = defaultdict(list)
        for r in resolutions:
            if r.status in (ResolutionStatus.UNRESOLVED, ResolutionStatus.AMBIGUOUS):
                findings.append(self._unresolved(document, r))
                continue
            by_instrument[r.iri].append(r)
            findings += self._lints(document, r)
        for rs in by_instrument.values():
            first = rs[0]
            entry = self._entry(first)
            findings += self._dates(document, rs, entry)
            findings += self._anachronism(document, rs, entry, time)
            # A consolidated text (VBHN) restates the «Căn cứ» lines of the acts it consolidates,
            # each resting on its own act's date, not on the day of the consolidation.
            if entry is not None and info.type != CONSOLIDATED:
                findings += self._time(document, first, entry, time, own)
        seen: set[tuple[str, str | None, str]] = set()
        unique = []
        for f in sorted(findings, key=lambda f: (f.start if f.start is not None else -1, f.finding)):
            key = (f.finding, f.instrument or f.symbol, f.explanation)
            if key not in seen:
                seen.add(key)
                unique.append(f)
        return unique

    # ------------------------------------------------------------------ pieces
    def _own_key(self, info: DocumentInfo) -> str | None:
        """The registry's key of the document itself (a Thông tư that replaces another is
        in the registry as the replacement), or None."""
        if not info.symbol:
            return None
        entry = self.registry.get(info.symbol, year=info.date.year if info.date else None,
                                  type=info.type)
        return entry.key if entry is not None else None

    def _entry(self, r: Resolution) -> RegistryInstrument | None:
        if not r.symbol:
            return None
        # The instrument the citation resolved to is the one with its IRI (a law and a
        # resolution may share the symbol); else the symbol's, unless of another counter.
        if r.iri and r.iri in registry_by_iri(self.registry):
            return registry_by_iri(self.registry)[r.iri]
        entry = self.registry.get(r.symbol, year=r.key.year if r.key else None)
        if entry is not None and r.key and r.key.type and separate_counters(r.key.type, entry.type, entry.symbol):
            return None
        return entry

    def _finding(self, document: str, kind: FindingKind, r: Resolution, explanation: str, **kw) -> Finding:
        m = r.mention
        return Finding(document, kind.value, m.symbol or r.symbol or m.name, explanation,
                       instrument=r.iri, start=m.start, end=m.end, **kw)

    def _unresolved(self, document: str, r: Resolution) -> Finding:
        m = r.mention
        what = m.symbol or m.name or " ".join(m.text.split())
        extra = f" Có thể là: {', '.join(r.candidates)}." if r.candidates else ""
        return self._finding(document, FindingKind.UNRESOLVED, r,
                             f"Chưa xác định được văn bản «{what}»: {r.reason}.{extra}")

    def _lints(self, document: str, r: Resolution) -> list[Finding]:
        m = r.mention
        out = []
        true_type = r.key.type if r.key else m.type
        written_type = type_named(m.type_as_written)
        if written_type and true_type and written_type != true_type and m.symbol:
            out.append(self._finding(
                document, FindingKind.TYPE_MISMATCH, r,
                f"Văn bản ghi «{m.type_as_written} số {m.symbol}» nhưng {m.symbol} là {true_type.lower()}."))
        if m.symbol and r.symbol and r.symbol != m.symbol and not m.abbreviated:
            out.append(self._finding(
                document, FindingKind.SYMBOL_MISMATCH, r,
                f"Ký hiệu ghi là {m.symbol}; ký hiệu đúng của văn bản là {r.symbol}."))
        symbol_year = year_in_symbol(m.symbol)
        if symbol_year and m.date and symbol_year != m.date.year:
            out.append(self._finding(
                document, FindingKind.YEAR_MISMATCH, r,
                f"Năm trong ký hiệu {m.symbol} ({symbol_year}) khác năm của ngày ghi kèm ({fmt(m.date)})."))
        return out

    def _dates(self, document: str, rs: list[Resolution], entry: RegistryInstrument | None) -> list[Finding]:
        stated = sorted({r.mention.date for r in rs if r.mention.date})
        out = []
        first = rs[0]
        label = _label(first, entry)
        if len(stated) > 1:
            dates = ", ".join(fmt(d) for d in stated)
            at = next(r for r in rs if r.mention.date == stated[-1])
            out.append(self._finding(document, FindingKind.DATE_CONFLICT, at,
                                     f"{label} được trích dẫn với {len(stated)} ngày khác nhau: {dates}."))
        if entry and entry.signed and stated and entry.confidence != "low":
            # A law is often cited with the date of the law that amended it.
            amended_on = {a.signed for a in self._amending(entry)}
            for d in stated:
                if d != entry.signed and d not in amended_on:
                    at = next(r for r in rs if r.mention.date == d)
                    out.append(self._finding(
                        document, FindingKind.DATE_CONFLICT, at,
                        f"{label} được ghi ngày {fmt(d)}; danh mục ghi ngày ban hành {fmt(entry.signed)}."))
        return out

    def _amending(self, entry: RegistryInstrument) -> list[RegistryInstrument]:
        out = []
        for rel in self.registry.relations_to(entry.key):
            amending = self.registry.get(rel.subject) if rel.relation == "amends" else None
            if amending is not None and amending.signed:
                out.append(amending)
        return out

    def _anachronism(self, document: str, rs: list[Resolution], entry: RegistryInstrument | None,
                     time: _DocumentTime) -> list[Finding]:
        """A document cannot cite what was issued after it (checked against its own date line)."""
        issued = time.exact or (_month_end(*time.month) if time.month else None)
        stated = [r.mention.date for r in rs if r.mention.date]
        signed = entry.signed if entry and entry.signed else (min(stated) if stated else None)
        if issued is None or signed is None or signed <= issued:
            return []
        label = _label(rs[0], entry)
        when = fmt(time.exact) if time.exact else f"tháng {time.month[1]:02d}/{time.month[0]}"
        return [self._finding(
            document, FindingKind.ANACHRONISM, rs[0],
            f"Văn bản ghi ngày ban hành {when} nhưng trích dẫn {label} ban hành ngày {fmt(signed)}, "
            f"sau ngày đó; có thể ngày của văn bản bị ghi sai.")]

    def _time(self, document: str, r: Resolution, entry: RegistryInstrument, time: _DocumentTime,
              own: str | None = None) -> list[Finding]:
        label = entry.label
        start = entry.effective or entry.signed
        end, ending = self.registry.end_of(entry)
        if ending and own is not None and all(e.subject == own for e in ending):
            # The document ends it itself («Thông tư này bãi bỏ Thông tư số 56/2015/TT-BCT»,
            # «… thay thế Quyết định số 942/QĐ-TTg»): what it repeals is no basis it rests on.
            end = None
        ended = chain = chain_text = None
        if end is not None:
            status = self.registry.status_at(entry.symbol if self.registry.get(entry.symbol) else entry.key, end)
            chain = self.registry.replacement_chain(entry.key, self.today)[1:]
            # Say the end once: the cause ("bị bãi bỏ bởi …") in brackets after the date; the
            # registry's own explanation only when it says something else; the replacement
            # chain only when it goes further than the instrument that ended it.
            # A low-confidence source of the end stays with the end: "(… ; nguồn độ tin cậy thấp: …)".
            cause = _cause(status.explanation_vi.replace(f" ({status.caveat_vi})", "") if status.caveat_vi
                           else status.explanation_vi)
            said = "; ".join(filter(None, [cause, status.caveat_vi])) if cause is not None else ""
            ended = f"hết hiệu lực từ ngày {fmt(end)}" + (f" ({said})" if said else "")
            rest = "" if cause is not None else f" {status.explanation_vi}"
            chain_text = rest + ("" if cause and list(chain) == list(status.by) else _chain_text(self.registry, chain))
        if time.exact:
            return self._time_at(document, r, entry, time, start, end, ended, chain, chain_text)
        out = []
        # A document cannot cite what was not signed yet: its own range starts no earlier.
        lower = max(filter(None, [time.lower, entry.signed]), default=None)
        if time.lower and start and entry.signed and lower < start:
            if time.upper < start:
                out.append(self._finding(
                    document, FindingKind.NOT_YET_IN_FORCE, r,
                    f"{label} có hiệu lực từ ngày {fmt(start)}, sau mọi ngày văn bản có thể được ban hành "
                    f"({time.range_phrase(lower)})."))
            else:
                out.append(self._finding(
                    document, FindingKind.POSSIBLY_NOT_YET_IN_FORCE, r,
                    f"{label} có hiệu lực từ ngày {fmt(start)}; {time.range_phrase(lower)}, nên nếu văn bản "
                    f"được ban hành trước ngày {fmt(start)} thì khi đó {label} chưa có hiệu lực."))
        if end is None:
            return out
        if lower and end <= lower:
            out.append(self._finding(
                document, FindingKind.STALE, r,
                f"{label} đã {ended}, trước {time.date_phrase()}."
                f"{chain_text}", replaced_by=chain))
        elif end > time.upper:
            # issued before the end on every possible date: what the dated case says, as certain
            out += self._time_at(document, r, entry, time, None, end, ended, chain, chain_text,
                                 issued_by=time.upper)
        elif time.period_end and end <= time.period_end:
            out.append(self._finding(
                document, FindingKind.STALE_DURING_PERIOD, r,
                f"{label} {ended}, trong thời gian kế hoạch áp dụng "
                f"({time.period_text}, đến {fmt(time.period_end)}); {time.range_phrase(lower)}, nên có thể "
                f"{label} đã hết hiệu lực ngay khi văn bản được ban hành.{chain_text}",
                replaced_by=chain))
        elif time.period_end is None and end <= self.today:
            out.append(self._finding(
                document, FindingKind.POSSIBLY_STALE, r,
                f"{label} {ended}; {time.range_phrase(lower)}, nên có thể văn bản "
                f"đã căn cứ vào một văn bản không còn hiệu lực (nếu được ban hành từ ngày {fmt(end)}), "
                f"hoặc căn cứ đã hết hiệu lực sau khi ban hành; cần rà soát.{chain_text}",
                replaced_by=chain))
        return out

    def _time_at(self, document: str, r: Resolution, entry: RegistryInstrument, time: _DocumentTime,
                 start: dt.date | None, end: dt.date | None, ended: str | None, chain, chain_text: str | None,
                 issued_by: dt.date | None = None) -> list[Finding]:
        """The findings of a document whose date is known, or known to be before `issued_by`
        and so before the instrument's end: every one is certain."""
        label = entry.label
        issued = time.exact or issued_by
        at = f"vào {time.date_phrase()}" if time.exact else f"khi văn bản được ban hành ({time.range_phrase(time.lower)})"
        out = []
        if start and time.exact and start > issued and entry.signed and entry.signed <= issued:
            out.append(self._finding(
                document, FindingKind.NOT_YET_IN_FORCE, r,
                f"{label} có hiệu lực từ ngày {fmt(start)}, sau {time.date_phrase()}."))
        if end is None:
            return out
        if end <= issued:
            out.append(self._finding(
                document, FindingKind.STALE, r,
                f"{label} đã {ended}, trước {time.date_phrase()}."
                f"{chain_text}", replaced_by=chain))
        elif time.period_end and end <= time.period_end:
            out.append(self._finding(
                document, FindingKind.STALE_DURING_PERIOD, r,
                f"{label} còn hiệu lực {at} nhưng {ended}, "
                f"trong thời gian kế hoạch áp dụng ({time.period_text}, đến {fmt(time.period_end)})."
                f"{chain_text}", replaced_by=chain))
        elif time.period_end is None and end <= self.today:
            out.append(self._finding(
                document, FindingKind.REPLACED_SINCE, r,
                f"{label} {ended}, sau khi văn bản được ban hành; "
                f"văn bản vẫn căn cứ vào nó nên cần rà soát.{chain_text}",
                replaced_by=chain))
        return out


def _label(r: Resolution, entry: RegistryInstrument | None) -> str:
    if entry:
        return entry.label
    symbol = r.mention.symbol or r.symbol
    kind = r.key.type if r.key and r.key.type else r.mention.type
    return f"{kind} {symbol}" if kind else symbol


_ENDED = re.compile(r"hết hiệu lực từ ngày [\d/]+(?:, (?P<cause>.+?))?\.?$")


def _cause(explanation: str) -> str | None:
    """"X hết hiệu lực từ ngày 01/7/2023, bị bãi bỏ bởi Y." → "bị bãi bỏ bởi Y"; "" when
    the registry names no cause; None when the explanation says something else."""
    m = _ENDED.search(explanation)
    if not m:
        return None
    return m.group("cause") or ""


def _chain_text(registry: Registry, chain: list[str]) -> str:
    if not chain:
        return ""
    labels = []
    for key in chain:
        inst = registry.get(key)
        labels.append(inst.label if inst else key)
    return " Văn bản đang có hiệu lực thay thế: " + " → ".join(labels) + "."


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)
