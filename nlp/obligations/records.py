"""The records obligation extraction hands on: an Obligation and its Deadlines. Kept apart
from the package's __init__ so the runner and the readers can import them without importing
the package entry point (which imports the runner)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cancu.nlp.obligations.deadlines import RelativeLimit


@dataclass
class Deadline:
    """A time limit or recurrence, as written and structured."""

    text: str                   # as written (NFC, whitespace collapsed)
    start: int                  # offsets into the original text
    end: int
    date: dt.date | None        # a fixed day ("trước 15/12/2025", "Quý III/2025" → 2025-09-30)
    recurrence: str | None      # RRULE body: "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=10"
    # a length of time counted from an event ("trong thời hạn 05 ngày làm việc kể từ ngày nhận
    # được hồ sơ"): no date, the typed value instead
    relative: RelativeLimit | None = None


@dataclass
class Obligation:
    start: int                  # offsets into the original text
    end: int
    text: str                   # original[start:end]
    # plans: org_section | appendix_table | labelled_task | reporting; administrative
    # documents: closing_article | article | numbered_item | letter_body | appendix_table | reporting
    source: str
    section: str | None         # "III.1", "II.1.a", "PL-II.3"
    actor: str | None           # the lead as written
    actor_normalized: str | None
    co_leads: list[str]
    cooperating: list[str]
    modality: str               # must | request | prohibition
    task: str
    schedule: str | None
    deadlines: list[Deadline]
    output: str | None
    reports_to: str | None
    basis: list[str]            # symbols of the citation mentions inside the span
    basis_mentions: list[tuple[int, int]]
    # The issuer every normalised agency above is scoped to (an extension of the shared
    # interface, defaulted so that positional construction stays as agreed).
    issuer_scope: str | None = field(default=None)
    # The body each lead stands for, in the order of [actor_normalized, *co_leads]: a post is
    # kept as written above and mapped to the body it heads here ("Giám đốc Sở Ngoại vụ" →
    # "Sở Ngoại vụ", "Chủ tịch Ủy ban nhân dân cấp xã" → "Ủy ban nhân dân cấp xã").
    bodies: list[str] = field(default_factory=list)
