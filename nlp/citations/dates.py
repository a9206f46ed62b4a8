"""Dates as Vietnamese documents write them."""
from __future__ import annotations

import datetime as dt
import re

# "ngày 14/8/2023", "ngày 14-8-2023", "ngày 14.8.2023", "ngày 10 tháng 11 năm 2022";
# matched on the folded copy ("ngay", "thang", "nam").
DATE = re.compile(
    r"ngay\s*(?P<d>\d{1,2})\s*(?:"
    r"(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})"
    r"|thang\s*(?P<m2>\d{1,2})\s*(?:,\s*)?nam\s*(?P<y2>\d{4})"
    r")(?!\d)"
)
YEAR = re.compile(r"(?:nam\s+)?(?P<y>(?:19|20)\d{2})(?![\d/-])")


def date_from_match(m: re.Match[str]) -> dt.date | None:
    """The date of a DATE match, or None when it names no real day (31/2/2023)."""
    day = int(m.group("d"))
    month = int(m.group("m") or m.group("m2"))
    year = int(m.group("y") or m.group("y2"))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# "tháng 12 năm 2025" in a date line whose day is left blank ("ngày    tháng 12 năm 2025").
_MONTH_YEAR = re.compile(r"thang\s*(?P<m>\d{1,2})\s*nam\s*(?P<y>\d{4})")


def month_of(folded: str) -> tuple[int, int] | None:
    """(year, month) named by a folded date text, when it names a real month."""
    m = _MONTH_YEAR.search(folded)
    if not m or not 1 <= int(m.group("m")) <= 12:
        return None
    return int(m.group("y")), int(m.group("m"))
