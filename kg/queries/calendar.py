"""Obligations as an iCalendar feed (RFC 5545), written by hand: no dependency.

One VEVENT per deadline: an all-day event on a fixed date ("trước 15/12/2025"),
or a recurring all-day event for "trước ngày 10/6 hằng năm": DTSTART at its first
occurrence from the plan's start, RRULE as the extractor wrote it with UNTIL at the
end of the plan's period (a plan that states no period: no UNTIL, and the event says
so). A recurrence that names no day ("hằng quý") starts on the plan's first day,
labelled so; without a known start it is a VTODO with no date, never a made-up day.
A unit subscribes to its own duties by building the feed from
`cancu.kg.queries.tasks.obligations(store, agency=…)`.

The small RRULE evaluator here (`next_occurrence`) also serves the
`due_before` filter of `cancu.kg.queries.tasks`; it understands the rules the
extractor writes (FREQ=YEARLY/MONTHLY/WEEKLY/DAILY with INTERVAL, BYMONTH,
BYMONTHDAY, BYDAY), not the whole of RFC 5545.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from cancu.kg.views import DeadlineRow, ObligationRow

PRODID = "-//cancu//Nghia vu theo ke hoach//VI"
MAX_OCTETS = 75
_SUMMARY_TASK = 120           # characters of the task in SUMMARY (the rest is in DESCRIPTION)
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_HORIZON_YEARS = 8            # a BYMONTH=2;BYMONTHDAY=29 rule needs up to 8 years to recur


# ---------------------------------------------------------------- recurrence rules

def parse_rrule(rule: str) -> dict[str, str]:
    """'FREQ=YEARLY;BYMONTH=6' → {'FREQ': 'YEARLY', 'BYMONTH': '6'}."""
    parts: dict[str, str] = {}
    for item in rule.strip().split(";"):
        if not item:
            continue
        name, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"RRULE part without '=': {item!r} in {rule!r}")
        parts[name.strip().upper()] = value.strip().upper()
    if "FREQ" not in parts:
        raise ValueError(f"RRULE without FREQ: {rule!r}")
    return parts


def _ints(value: str | None) -> list[int]:
    return [int(v) for v in value.split(",") if v] if value else []


def _day_in_month(year: int, month: int, day: int) -> dt.date | None:
    """BYMONTHDAY semantics: negative counts from the month's end; a day the month
    lacks (31/4) is no occurrence, as RFC 5545 says."""
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    last = (first_next - dt.timedelta(days=1)).day
    if day < 0:
        day = last + 1 + day
    return dt.date(year, month, day) if 1 <= day <= last else None


def _month_days(year: int, month: int, days: list[int]) -> list[dt.date]:
    found = (_day_in_month(year, month, d) for d in days)
    return sorted(d for d in found if d is not None)


# A workspace's thousands of deadlines share a few dozen rules: both answers are
# remembered by rule (and day), as a due-date filter asks them of every deadline.
@functools.lru_cache(maxsize=1024)
def fixes_day(rule: str) -> bool:
    """True when the rule itself says on which day it falls (not only how often).

    "hằng năm" (FREQ=YEARLY) alone does not: its day comes from DTSTART."""
    parts = parse_rrule(rule)
    freq = parts["FREQ"]
    if freq == "DAILY":
        return True
    if freq == "WEEKLY":
        return "BYDAY" in parts
    if freq == "MONTHLY":
        return "BYMONTHDAY" in parts
    if freq == "YEARLY":
        return "BYMONTHDAY" in parts and "BYMONTH" in parts
    return False


@functools.lru_cache(maxsize=8192)
def next_occurrence(rule: str, on_or_after: dt.date) -> dt.date | None:
    """The first day on or after `on_or_after` on which the rule falls, or None when
    the rule fixes no day (then only a DTSTART could place it)."""
    if not fixes_day(rule):
        return None
    parts = parse_rrule(rule)
    freq = parts["FREQ"]
    if freq == "DAILY":
        return on_or_after
    if freq == "WEEKLY":
        wanted = {_WEEKDAYS.index(d[-2:]) for d in parts["BYDAY"].split(",") if d[-2:] in _WEEKDAYS}
        for offset in range(7):
            day = on_or_after + dt.timedelta(days=offset)
            if day.weekday() in wanted:
                return day
        return None
    days = _ints(parts.get("BYMONTHDAY"))
    # Without a DTSTART the INTERVAL of a monthly rule has no phase; every listed
    # month is a candidate, which errs towards "due soon" rather than "missed".
    months = _ints(parts.get("BYMONTH")) or list(range(1, 13))
    for year in range(on_or_after.year, on_or_after.year + _HORIZON_YEARS + 1):
        for month in sorted(months):
            for day in _month_days(year, month, days):
                if day >= on_or_after:
                    return day
    return None


def first_occurrence(rule: str, start: dt.date) -> dt.date:
    """DTSTART of a recurring event: the rule's first day from `start`, or `start`
    itself when the rule fixes no day (RFC 5545 takes the missing parts from DTSTART)."""
    return next_occurrence(rule, start) or start


def _add_months(day: dt.date, months: int) -> dt.date | None:
    y, m = divmod(day.month - 1 + months, 12)
    return _day_in_month(day.year + y, m + 1, day.day)


def occurrence_from(rule: str, dtstart: dt.date, on_or_after: dt.date) -> dt.date | None:
    """The first occurrence on or after `on_or_after` of `rule` started at `dtstart`
    (the missing day, month or weekday taken from DTSTART, as RFC 5545 does)."""
    on_or_after = max(on_or_after, dtstart)
    if fixes_day(rule):
        return next_occurrence(rule, on_or_after)
    parts = parse_rrule(rule)
    step = int(parts.get("INTERVAL", "1") or 1)
    freq = parts["FREQ"]
    if freq == "WEEKLY":
        weeks = -(-(on_or_after - dtstart).days // (7 * step))
        return dtstart + dt.timedelta(days=7 * step * weeks)
    months = 12 * step if freq == "YEARLY" else step
    wanted = set(_ints(parts.get("BYMONTH")))
    for k in range(0, 12 * (_HORIZON_YEARS + 1) * 12 // months + 1):
        day = _add_months(dtstart, k * months)
        if day is not None and day >= on_or_after and (not wanted or day.month in wanted):
            return day
    return None


@dataclass(frozen=True)
class Placement:
    """Where a calendar puts one deadline of a plan.

    `day`: the (first) day; `rule`/`until`: the recurrence and its last day (the end of
    the plan's period); `note`: what a person must know (the day is the plan's start,
    not a written date; the recurrence has no end because the plan states none).
    `day` is None for a deadline nobody dated: it is listed as undated, never placed."""
    day: dt.date | None
    rule: str | None = None
    until: dt.date | None = None
    note: str | None = None


def plan_start(row: ObligationRow) -> dt.date | None:
    """The first day of the plan: the later of its period's start and its signing date."""
    days = [d for d in ((row.period.start if row.period else None), row.document_date) if d]
    return max(days) if days else None


def place(row: ObligationRow, deadline: DeadlineRow, today: dt.date) -> Placement | None:
    """The placement of one deadline, or None when it has no time at all ("thường xuyên")."""
    if deadline.date is not None:
        return Placement(deadline.date)
    if not deadline.recurrence:
        return None
    rule = deadline.recurrence
    until = row.period.end if row.period else None
    notes = []
    begin = plan_start(row)
    if fixes_day(rule):
        day = next_occurrence(rule, begin or today)
    elif begin is not None:
        day = begin
        notes.append(f"Văn bản không ghi ngày cụ thể ({deadline.text}); lịch đặt lần đầu vào "
                     f"ngày bắt đầu kế hoạch {begin.strftime('%d/%m/%Y')} và lặp lại từ đó.")
    else:
        return Placement(None, rule, until, f"Văn bản không ghi ngày cụ thể ({deadline.text}) "
                                            "và kế hoạch không nêu ngày bắt đầu: chưa xếp lịch.")
    if day is None or (until is not None and day > until):
        return Placement(None, rule, until, f"Không có lần đến hạn nào trong thời gian của kế hoạch "
                                            f"({row.period.text if row.period else ''}).")
    if until is None:
        notes.append("Kế hoạch không nêu thời gian kết thúc, nên việc lặp lại không có ngày kết thúc.")
    return Placement(day, rule, until, " ".join(notes) or None)


def day_without_today(row: ObligationRow, deadline: DeadlineRow) -> tuple[dt.date | None, bool]:
    """The day `place` gives a deadline when that day does not depend on the day it is
    asked, and False; (None, True) when it does (a rule that fixes its own day, in a plan
    without a known start: its next occurrence from today)."""
    rule = deadline.recurrence
    if deadline.date is None and rule and fixes_day(rule) and plan_start(row) is None:
        return None, True
    p = place(row, deadline, dt.date.min)       # `today` is read only in the case above
    return (p.day if p is not None else None), False


def occurs_on_or_before(row: ObligationRow, deadline: DeadlineRow, limit: dt.date,
                        today: dt.date) -> bool:
    """Some occurrence of the deadline (dated, or any repetition in the plan's period)
    falls on or before `limit`."""
    p = place(row, deadline, today)
    return p is not None and p.day is not None and p.day <= limit


def next_due_day(row: ObligationRow, deadline: DeadlineRow, today: dt.date) -> dt.date | None:
    """The deadline's next occurrence from `today` within the plan's period."""
    p = place(row, deadline, today)
    if p is None or p.day is None:
        return None
    if p.rule is None:
        return p.day if p.day >= today else None
    nxt = occurrence_from(p.rule, p.day, today)
    return nxt if nxt is not None and (p.until is None or nxt <= p.until) else None


# ---------------------------------------------------------------- content lines

def escape_text(value: str) -> str:
    """TEXT escaping of RFC 5545 §3.3.11: backslash first, then ; , and newlines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold_line(line: str) -> list[str]:
    """Split one content line into physical lines of at most 75 octets (RFC 5545
    §3.1), never inside a UTF-8 sequence nor inside a TEXT escape ("\\,", "\\n": folding
    inside one is legal, but some readers unescape before they unfold); continuations
    start with one space. Each physical line holds as much as fits.

    Cut on the encoded bytes, not character by character: the calendar of the 10k
    workspace's 103,072 obligations (21.4 MB) took 7.41 s that way, 1.17 s this way."""
    data = line.encode("utf-8")
    if len(data) <= MAX_OCTETS:
        return [line]
    out: list[str] = []
    pos, room = 0, MAX_OCTETS               # a continuation's leading space takes one octet
    while len(data) - pos > room:
        cut = pos + room
        while data[cut] & 0xC0 == 0x80:     # back to the first byte of a character
            cut -= 1
        # Backslashes pair off from the start of their run (a run starts where an escape
        # or a character ends): an odd run before the cut opens an escape the cut would split.
        run = cut
        while run > pos and data[run - 1] == 0x5C:
            run -= 1
        if (cut - run) % 2:
            cut -= 1
        out.append(("" if pos == 0 else " ") + data[pos:cut].decode("utf-8"))
        pos, room = cut, MAX_OCTETS - 1
    out.append(("" if pos == 0 else " ") + data[pos:].decode("utf-8"))
    return out


def _date_value(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def _shorten(text: str, limit: int) -> str:
    """For SUMMARY only (DESCRIPTION has the whole task): cut after a whole word, with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[:limit]
    cut = head.rfind(" ")
    return (head[:cut] if cut > limit // 2 else head[:limit - 1]).rstrip(" ,;:") + "…"


def event_uid(obligation_iri: str, index: int) -> str:
    """Stable across rebuilds: the obligation IRI is computed from the document and
    offsets, and `index` is the deadline's position in the obligation."""
    digest = hashlib.sha1(f"{obligation_iri}|d{index}".encode("utf-8")).hexdigest()[:24]
    return f"{digest}@cancu"


def _summary(row: ObligationRow, undated: bool = False) -> str:
    who = row.agency or row.actor or "Chưa rõ đơn vị"
    mark = "[Chưa có ngày] " if undated else ""
    return f"{mark}[{who}] {_shorten(row.task, _SUMMARY_TASK)}"


def _description(row: ObligationRow, deadline: DeadlineRow, note: str | None) -> str:
    lines = [f"Văn bản: {row.document_name}"]
    if row.period:
        lines.append(f"Thời gian kế hoạch: {row.period.text} "
                     f"({row.period.start.strftime('%d/%m/%Y')}–{row.period.end.strftime('%d/%m/%Y')})")
    if row.section:
        lines.append(f"Mục: {row.section}")
    lines.append(f"Thời hạn: {deadline.text}")
    if note:
        lines.append(note)
    lines.append(f"Nhiệm vụ: {' '.join(row.task.split())}")
    if row.actor and row.actor != row.agency:
        lines.append(f"Chủ trì (theo văn bản): {row.actor}")
    if row.co_leads:
        lines.append(f"Đồng chủ trì: {', '.join(row.co_leads)}")
    if row.cooperating:
        lines.append(f"Phối hợp: {', '.join(row.cooperating)}")
    if row.output:
        lines.append(f"Sản phẩm: {row.output}")
    if row.reports_to:
        lines.append(f"Báo cáo về: {row.reports_to}")
    return "\n".join(lines)


def _event(row: ObligationRow, index: int, deadline: DeadlineRow, start: dt.date,
           stamp: str) -> tuple[dt.date | None, list[str]] | None:
    """A VEVENT on the placed day; a VTODO without a date for a deadline nobody dated
    (a calendar lists it as an open task instead of inventing a day)."""
    p = place(row, deadline, start)
    if p is None:
        return None     # "thường xuyên", "định kỳ": nothing a calendar can place
    uid = f"UID:{event_uid(row.iri, index)}"
    summary = f"SUMMARY:{escape_text(_summary(row, undated=p.day is None))}"
    description = f"DESCRIPTION:{escape_text(_description(row, deadline, p.note))}"
    if p.day is None:
        return None, ["BEGIN:VTODO", uid, f"DTSTAMP:{stamp}", summary, description,
                      "STATUS:NEEDS-ACTION", "END:VTODO"]
    lines = ["BEGIN:VEVENT", uid, f"DTSTAMP:{stamp}",
             f"DTSTART;VALUE=DATE:{_date_value(p.day)}",
             f"DTEND;VALUE=DATE:{_date_value(p.day + dt.timedelta(days=1))}"]
    if p.rule:
        lines.append(f"RRULE:{p.rule};UNTIL={_date_value(p.until)}" if p.until else f"RRULE:{p.rule}")
    lines += [summary, description,
              "TRANSP:TRANSPARENT",       # a deadline does not make anyone busy all day
              "END:VEVENT"]
    return p.day, lines


def _events(rows: Iterable[ObligationRow], start: dt.date, stamp: str) -> list[list[str]]:
    out: list[tuple[dt.date, str, list[str]]] = []
    for row in rows:
        for index, deadline in enumerate(row.deadlines):
            event = _event(row, index, deadline, start, stamp)
            if event is not None:
                day, lines = event
                # undated tasks after the dated ones; lines[1] is the UID: a stable tie-break
                out.append((day or dt.date.max, lines[1], lines))
    out.sort(key=lambda item: (item[0], item[1]))
    return [lines for _, _, lines in out]


def to_ics(rows: list[ObligationRow], *, calendar_name: str, start: dt.date | None = None,
           now: dt.datetime | None = None) -> str:
    """An iCalendar text of the deadlines of `rows`.

    `start` is the day from which a recurring deadline with a written day is placed when
    its plan states no start (default: today); a recurring deadline without a written day
    starts on the plan's first day, or is listed as an undated VTODO;
    `now` gives DTSTAMP (default: the current UTC time); pass both for output
    that is byte-for-byte reproducible.
    """
    start = start or dt.date.today()
    now = now or dt.datetime.now(dt.timezone.utc)
    if now.tzinfo is not None:
        now = now.astimezone(dt.timezone.utc)
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    logical = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(calendar_name)}",
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
    ]
    for event in _events(rows, start, stamp):
        logical += event
    logical.append("END:VCALENDAR")
    physical = [part for line in logical for part in fold_line(line)]
    return "\r\n".join(physical) + "\r\n"


def unfold(text: str) -> list[str]:
    """The logical content lines of an iCalendar text (inverse of the folding)."""
    out: list[str] = []
    for line in text.split("\r\n"):
        if line.startswith((" ", "\t")) and out:
            out[-1] += line[1:]
        elif line:
            out.append(line)
    return out


__all__ = ["PRODID", "to_ics", "next_occurrence", "first_occurrence", "fixes_day", "place",
           "Placement", "plan_start", "occurs_on_or_before", "next_due_day", "occurrence_from",
           "parse_rrule", "escape_text", "fold_line", "unfold", "event_uid"]
