"""Time expressions of obligations: deadlines ("trước ngày 10/6 hằng năm", "trước 15/12/2025",
"Quý III/2025", "tháng 10/2025", "6 tháng đầu năm") and recurrences ("hằng quý", "6 tháng",
"định kỳ hằng năm"), each structured as a date or an iCalendar RRULE body.

Matching runs on the folded text (no accents, lower case), whose offsets equal those of
the NFC text, so every expression keeps the span it was read from.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from cancu.nlp.text.fold import fold_text
from cancu.nlp.obligations.vocab import TIME_FILE, time_words

_ROMAN_Q = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class RelativeLimit:
    """A time limit counted from an event rather than a date: "trong thời hạn 05 ngày làm việc
    kể từ ngày nhận được hồ sơ hợp lệ" → (5, "working_day", "kể từ ngày nhận được hồ sơ hợp lệ")."""

    amount: int
    unit: str                    # working_day | day | hour | week | month (obligation_time.tsv)
    event: str | None            # from when it is counted, as written ("kể từ ngày …"); None if not said


@dataclass(frozen=True)
class TimeExpr:
    """One time expression in working-text offsets."""

    start: int
    end: int
    date: dt.date | None
    recurrence: str | None
    dated: bool          # a day is fixed: a date, or a yearly/monthly day
    relative: RelativeLimit | None = None
    event_span: tuple[int, int] | None = None    # where the relative limit's event is written


def _alt(phrases) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


@lru_cache(maxsize=None)
def _rows_of(kind: str) -> tuple[tuple[str, str], ...]:
    """(folded phrase, value) rows of one kind of obligation_time.tsv, longest first."""
    rows = []
    for raw in TIME_FILE.read_text(encoding="utf-8").splitlines():
        cells = raw.split("\t")
        if len(cells) >= 2 and cells[0].strip() == kind:
            rows.append((" ".join(fold_text(cells[1]).split()), cells[2].strip() if len(cells) > 2 else ""))
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def _quarter_months() -> tuple[tuple[str, str], ...]:
    """("thang cuoi quy", "3,6,9,12") …"""
    return _rows_of("quarter_month")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    tw = time_words()
    limit = _alt(tw.limit)
    # "hằng", "mỗi" before a unit of time (every); "năm tiếp theo", "năm sau" (next_year);
    # "định kỳ" before a recurrence (freq_lead); "đầu", "giữa" before "năm" (inside_year)
    every = _alt(p for p, _ in _rows_of("every"))
    next_year = _alt(p for p, _ in _rows_of("next_year"))
    freq_lead = _alt(p for p, _ in _rows_of("freq_lead"))
    # "10/6", "15/12/2025", or written out: "10 tháng 6", "10 tháng 6 năm 2022"
    date = (r"(?:(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})(?:\s*[/.\-]\s*(?P<y>\d{4}))?(?![\d/])"
            r"|(?P<wd>\d{1,2})\s+thang\s+(?P<wm>\d{1,2})(?:\s*(?:,\s*)?nam\s+(?P<wy>\d{4}))?(?![\d/]))")
    # "trước Thứ Tư ngày 03/12/2025"
    weekday = r"(?:(?:" + _alt(p for p, _ in _rows_of("weekday")) + r")\s*,?\s*)?"
    # "hằng năm", or the year after the one reported on ("trước ngày 30 tháng 01 của năm tiếp theo")
    yearly = r"(?P<yearly>\s*,?\s*(?:" + every + r")\s+nam|\s+cua\s+(?:" + next_year + r"))?"
    quarter = r"quy\s+(?P<q>iv|iii|ii|i|[1-4])(?:\s*[/\-]\s*|\s+nam\s+)(?P<qy>\d{4})"
    month = r"thang\s+(?P<mo>\d{1,2})(?:\s*[/\-]\s*|\s+nam\s+)(?P<my>\d{4})"
    half = r"(?P<half>" + _alt(p for p, _ in tw.half) + r")(?:\s+(?:nam\s+)?(?P<hy>\d{4}))?"
    # "năm 2026", but not "đầu năm 2026" / "giữa năm 2026" (a time inside the year, not its end)
    year = "".join(rf"(?<!{re.escape(w)}\s)" for w, _ in _rows_of("inside_year")) + r"nam\s+(?P<yy>\d{4})"
    # "ngày 20 của tháng cuối quý", "ngày 15 tháng đầu quý"
    quarter_day = (r"ngay\s+(?P<qd>\d{1,2})\s+(?:cua\s+)?(?P<qm>"
                   + _alt(p for p, _ in _quarter_months()) + ")")
    # "hằng tháng", "6 tháng", or "định kỳ 6 tháng", "định kỳ hằng tuần"
    freq = r"(?:(?:" + freq_lead + r")\s+)?(?P<fq>" + _alt(p for p, _ in tw.freq) + ")"
    period = f"(?:{quarter}|{month}|{half})"
    b, e = r"(?<!\w)", r"(?!\w)"
    return {
        # a limit word, then a day: "trước ngày 10/6 hằng năm", "trước 15/9", "chậm nhất ngày 5/1/2026"
        "limit_date": re.compile(f"{b}(?:{limit})\\s+{weekday}(?:(?:vao\\s+)?ngay\\s+)?{date}{yearly}"),
        # a limit word, then a monthly day: "trước ngày 20 hằng tháng", "trước ngày 20 của tháng cuối quý"
        "limit_month_day": re.compile(f"{b}(?:{limit})\\s+(?:ngay\\s+(?P<md>\\d{{1,2}})\\s+(?:{every})\\s+thang"
                                      f"|{quarter_day}){e}"),
        # a limit word, then a period: "trong Quý III/2025", "trước tháng 10/2025", "trong năm 2025"
        "limit_period": re.compile(f"{b}(?:{limit})\\s+(?:{period}|{year}){e}"),
        # a period or full date standing alone (table cells, "Thời gian:" labels)
        "bare_period": re.compile(f"{b}{period}{e}"),
        "bare_date": re.compile(f"{b}(?:ngay\\s+)?(?:(?P<d>\\d{{1,2}})\\s*[/.\\-]\\s*(?P<m>\\d{{1,2}})\\s*[/.\\-]\\s*(?P<y>\\d{{4}})"
                                f"|ngay\\s+(?P<wd>\\d{{1,2}})\\s+thang\\s+(?P<wm>\\d{{1,2}})\\s*(?:,\\s*)?nam\\s+(?P<wy>\\d{{4}})){e}"),
        "bare_year": re.compile(f"{b}(?:trong\\s+)?{year}{e}(?!\\s+va\\s+cac\\s+nam)"),
        "month_days": re.compile(f"{b}(?:(?:{freq_lead})\\s+)?ngay\\s+(?P<days>\\d{{1,2}}(?:\\s*(?:,|va)\\s*\\d{{1,2}})*)\\s+(?:{every})\\s+thang{e}"),
        "quarter_day": re.compile(f"{b}{quarter_day}{e}"),
        "freq": re.compile(f"{b}{freq}{e}"),
        "ongoing": re.compile(f"{b}(?:{_alt(tw.ongoing)}){e}"),
    }


def _from_match(kind: str, m: re.Match[str]) -> TimeExpr | None:
    g = m.groupdict()
    s, e = m.start(), m.end()
    if kind in ("limit_date", "bare_date"):
        written = g.get("wd") is not None
        d, mo = (int(g["wd"]), int(g["wm"])) if written else (int(g["d"]), int(g["m"]))
        year = g.get("wy") if written else g.get("y")
        if not (1 <= d <= 31 and 1 <= mo <= 12):
            return None
        if year:
            when = _safe_date(int(year), mo, d)
            return TimeExpr(s, e, when, None, True) if when else None
        # A day without a year recurs: plans restate reporting days for every year.
        return TimeExpr(s, e, None, f"FREQ=YEARLY;BYMONTH={mo};BYMONTHDAY={d}", True)
    if kind in ("limit_period", "bare_period", "bare_year"):
        if g.get("q"):
            q = _ROMAN_Q[g["q"]]
            return TimeExpr(s, e, _last_day(int(g["qy"]), 3 * q), None, True)
        if g.get("mo"):
            mo = int(g["mo"])
            if not 1 <= mo <= 12:
                return None
            return TimeExpr(s, e, _last_day(int(g["my"]), mo), None, True)
        if g.get("half"):
            md = dict(time_words().half)[re.sub(r"\s+", " ", g["half"])]
            mm, dd = (int(x) for x in md.split("-"))
            if g.get("hy"):
                return TimeExpr(s, e, dt.date(int(g["hy"]), mm, dd), None, True)
            return TimeExpr(s, e, None, f"FREQ=YEARLY;BYMONTH={mm};BYMONTHDAY={dd}", True)
        if g.get("yy"):
            return TimeExpr(s, e, dt.date(int(g["yy"]), 12, 31), None, True)
        return None
    if kind == "month_days":
        days = ",".join(str(int(x)) for x in re.findall(r"\d+", g["days"]))
        return TimeExpr(s, e, None, f"FREQ=MONTHLY;BYMONTHDAY={days}", True)
    if kind in ("limit_month_day", "quarter_day"):
        if g.get("md"):
            d = int(g["md"])
            return TimeExpr(s, e, None, f"FREQ=MONTHLY;BYMONTHDAY={d}", True) if 1 <= d <= 31 else None
        d = int(g["qd"])
        months = dict(_quarter_months())[re.sub(r"\s+", " ", g["qm"])]
        return TimeExpr(s, e, None, f"FREQ=YEARLY;BYMONTH={months};BYMONTHDAY={d}", True) if 1 <= d <= 31 else None
    if kind == "freq":
        rule = dict(time_words().freq)[re.sub(r"\s+", " ", g["fq"])]
        return TimeExpr(s, e, None, rule, "BYMONTHDAY" in rule)
    if kind == "ongoing":
        return TimeExpr(s, e, None, None, False)
    return None


def _scan(folded: str, kinds: tuple[str, ...], lo: int = 0, hi: int | None = None) -> list[TimeExpr]:
    """All non-overlapping expressions of the given kinds, earlier kinds winning ties."""
    hi = len(folded) if hi is None else hi
    pats = _patterns()
    found: list[TimeExpr] = []
    for kind in kinds:
        for m in pats[kind].finditer(folded, lo, hi):
            if any(not (m.end() <= f.start or m.start() >= f.end) for f in found):
                continue
            te = _from_match(kind, m)
            if te:
                found.append(te)
    return sorted(found, key=lambda t: t.start)


def find_limits(folded: str, lo: int = 0, hi: int | None = None) -> list[TimeExpr]:
    """Time limits in running text, only after a limit word ("trước", "chậm nhất", "trong"):
    dated ones, and lengths of time counted from an event ("trong thời hạn 10 ngày")."""
    dated = _scan(folded, ("limit_month_day", "limit_date", "limit_period"), lo, hi)
    return sorted(dated + [r for r in find_relative(folded, lo, hi)
                           if all(r.end <= d.start or r.start >= d.end for d in dated)],
                  key=lambda t: t.start)


@lru_cache(maxsize=1)
def _relative_pattern() -> re.Pattern[str]:
    limit = _alt(p for p, _ in _rows_of("relative_limit"))
    unit = _alt(p for p, _ in _rows_of("relative_unit"))
    event = _alt(p for p, _ in _rows_of("relative_event"))
    # "trong thời hạn 05 (năm) ngày làm việc, kể từ ngày nhận được …": the event runs to the
    # end of its clause
    return re.compile(r"(?<!\w)(?:" + limit + r")\s+(?P<n>\d{1,3})\s*(?:\([^)\n]{1,20}\)\s*)?(?P<u>" + unit
                      + r")(?!\w)(?:\s*,?\s*(?P<ev>(?:" + event + r")\s[^.;:\n]{1,120}?))?(?=\s*[.;:,]|\s*$|\s+(?:de|va|phai)\s)",
                      re.S)


def find_relative(folded: str, lo: int = 0, hi: int | None = None) -> list[TimeExpr]:
    """Lengths of time counted from an event: "trong thời hạn 05 ngày làm việc kể từ ngày …"."""
    hi = len(folded) if hi is None else hi
    units = dict(_rows_of("relative_unit"))
    out = []
    for m in _relative_pattern().finditer(folded, lo, hi):
        n = int(m.group("n"))
        if n <= 0:
            continue
        unit = units[re.sub(r"\s+", " ", m.group("u"))]
        ev = (m.start("ev"), m.end("ev")) if m.group("ev") is not None else None
        out.append(TimeExpr(m.start(), m.end(), None, None, False, RelativeLimit(n, unit, None), ev))
    return out


def find_schedule(folded: str, lo: int = 0, hi: int | None = None) -> list[TimeExpr]:
    """Everything a schedule string (a table cell, a label value, a frequency phrase) states."""
    return _scan(folded, ("limit_month_day", "limit_date", "limit_period", "bare_date", "bare_period",
                          "quarter_day", "month_days", "freq", "bare_year", "ongoing"), lo, hi)


def find_frequency_run(folded: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The first run of recurrence words ("hàng quý, 6 tháng và báo cáo năm", "6 tháng, hằng năm",
    "theo định kỳ"), as a span; used for the stated periodicity of a reporting duty."""
    exprs = [t for t in _scan(folded, ("month_days", "freq", "ongoing"), lo, hi)
             if t.recurrence or folded[t.start:t.end].strip() in ("dinh ky", "theo dinh ky")]
    if not exprs:
        return None
    start, end = exprs[0].start, exprs[0].end
    for t in exprs[1:]:
        gap = folded[end:t.start]
        if re.fullmatch(r"\s*(?:,|va|hoac)?\s*", gap):
            end = t.end
        else:
            break
    return start, end


def parse_expressions(text: str) -> list[TimeExpr]:
    """Every time expression of a short string, in offsets of that string."""
    return find_schedule(fold_text(text))
