"""Obligations as an iCalendar feed (RFC 5545), written by hand: no dependency.

One VEVENT per deadline: an all-day event on a fixed date ("trước 15/12/2025"),
or a recurring all-day event (DTSTART at the first occurrence on or after
`start`, plus the RRULE the extractor wrote) for "trước ngày 10/6 hằng năm".
A unit subscribes to its own duties by building the feed from
`kg.tasks_query.obligations(store, agency=…)`.

The small RRULE evaluator here (`next_occurrence`) also serves the
`due_before` filter of `kg.tasks_query`; it understands the rules the
extractor writes (FREQ=YEARLY/MONTHLY/WEEKLY/DAILY with INTERVAL, BYMONTH,
BYMONTHDAY, BYDAY), not the whole of RFC 5545.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from kg.task_views import DeadlineRow, ObligationRow

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


# ---------------------------------------------------------------- content lines

def escape_text(value: str) -> str:
    """TEXT escaping of RFC 5545 §3.3.11: backslash first, then ; , and newlines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold_line(line: str) -> list[str]:
    """Split one content line into physical lines of at most 75 octets (RFC 5545
    §3.1), never inside a UTF-8 sequence; continuations start with one space."""
    out: list[str] = []
    current, size = "", 0
    for atom in _atoms(line):
        width = len(atom.encode("utf-8"))
        if size + width > MAX_OCTETS:
            out.append(current)
            current, size = " ", 1
        current += atom
        size += width
    out.append(current)
    return out


def _atoms(line: str) -> list[str]:
    """Characters, with a TEXT escape ("\\,", "\\n") kept whole: folding inside one
    is legal, but some readers unescape before they unfold."""
    atoms: list[str] = []
    i = 0
    while i < len(line):
        step = 2 if line[i] == "\\" and i + 1 < len(line) else 1
        atoms.append(line[i:i + step])
        i += step
    return atoms


def _date_value(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def event_uid(obligation_iri: str, index: int) -> str:
    """Stable across rebuilds: the obligation IRI is computed from the document and
    offsets, and `index` is the deadline's position in the obligation."""
    digest = hashlib.sha1(f"{obligation_iri}|d{index}".encode("utf-8")).hexdigest()[:24]
    return f"{digest}@cancu"


def _summary(row: ObligationRow) -> str:
    who = row.agency or row.actor or "Chưa rõ đơn vị"
    return f"[{who}] {_shorten(row.task, _SUMMARY_TASK)}"


def _description(row: ObligationRow, deadline: DeadlineRow, anchored: bool) -> str:
    lines = [f"Văn bản: {row.document}"]
    if row.section:
        lines.append(f"Mục: {row.section}")
    lines.append(f"Thời hạn: {deadline.text}")
    if anchored:
        lines.append("Văn bản không ghi ngày cụ thể; lịch lấy ngày bắt đầu theo dõi làm mốc.")
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
           stamp: str) -> tuple[dt.date, list[str]] | None:
    if deadline.date is not None:
        day, rule, anchored = deadline.date, None, False
    elif deadline.recurrence:
        day, rule = first_occurrence(deadline.recurrence, start), deadline.recurrence
        anchored = not fixes_day(rule)
    else:
        return None     # "thường xuyên", "định kỳ": nothing a calendar can place
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event_uid(row.iri, index)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_date_value(day)}",
        f"DTEND;VALUE=DATE:{_date_value(day + dt.timedelta(days=1))}",
    ]
    if rule:
        lines.append(f"RRULE:{rule}")
    lines += [
        f"SUMMARY:{escape_text(_summary(row))}",
        f"DESCRIPTION:{escape_text(_description(row, deadline, anchored))}",
        "TRANSP:TRANSPARENT",       # a deadline does not make anyone busy all day
        "END:VEVENT",
    ]
    return day, lines


def _events(rows: Iterable[ObligationRow], start: dt.date, stamp: str) -> list[list[str]]:
    out: list[tuple[dt.date, str, list[str]]] = []
    for row in rows:
        for index, deadline in enumerate(row.deadlines):
            event = _event(row, index, deadline, start, stamp)
            if event is not None:
                day, lines = event
                out.append((day, lines[1], lines))     # lines[1] is the UID: a stable tie-break
    out.sort(key=lambda item: (item[0], item[1]))
    return [lines for _, _, lines in out]


def to_ics(rows: list[ObligationRow], *, calendar_name: str, start: dt.date | None = None,
           now: dt.datetime | None = None) -> str:
    """An iCalendar text of the deadlines of `rows`.

    `start` is the day from which recurring deadlines are placed (default: today);
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


__all__ = ["PRODID", "to_ics", "next_occurrence", "first_occurrence", "fixes_day",
           "parse_rrule", "escape_text", "fold_line", "unfold", "event_uid"]
