"""The due-date filter as the obligations index answers it (kg/store/obligations_index.py):
a day kept per obligation once per checkpoint, the rows whose day depends on the day
asked asked again, and the same rows, in the same order, as filtering every row with
`is_due_before` — for dated deadlines, recurrences placed from the plan's start, rules
that fix their own day in plans without a start (today decides), and none."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from cancu.kg.queries.calendar import day_without_today, occurs_on_or_before
from cancu.kg.queries.tasks import first_day, is_due_before
from cancu.kg.store import obligations_index
from cancu.kg.views import DeadlineRow, ObligationRow, PlanPeriod

D = dt.date
DEADLINES = [
    [DeadlineRow("trước ngày 30/6/2025", D(2025, 6, 30), None)],
    [DeadlineRow("trước ngày 15/3/2026", D(2026, 3, 15), None), DeadlineRow("hằng năm", None, "FREQ=YEARLY")],
    [DeadlineRow("hằng tuần vào thứ Hai", None, "FREQ=WEEKLY;BYDAY=MO")],
    [DeadlineRow("ngày 10 hằng tháng", None, "FREQ=MONTHLY;BYMONTHDAY=10")],
    [DeadlineRow("hằng năm", None, "FREQ=YEARLY")],
    [DeadlineRow("hằng quý", None, "FREQ=MONTHLY;INTERVAL=3")],
    [DeadlineRow("thường xuyên", None, None)],
    [],
]
PLANS = [  # (signed, period): a known start, a period that ends early, no start at all
    (D(2025, 1, 20), PlanPeriod(D(2025, 1, 1), D(2025, 12, 31), "năm 2025")),
    (D(2024, 3, 5), PlanPeriod(D(2024, 1, 1), D(2024, 2, 1), "tháng 1 năm 2024")),
    (None, None),
]
TODAYS = [D(2024, 6, 1), D(2025, 6, 29), D(2026, 1, 1)]
LIMITS = [D(2024, 1, 1), D(2025, 6, 30), D(2025, 7, 1), D(2026, 12, 31)]


def _rows() -> list[ObligationRow]:
    rows = []
    for p, (signed, period) in enumerate(PLANS):
        for n, deadlines in enumerate(DEADLINES):
            rows.append(ObligationRow(
                iri=f"http://x/doc{p}#o{n}-{n + 1}", document=f"doc{p}.txt", document_iri=f"http://x/doc{p}",
                start=n, end=n + 1, source="labelled_task", section=None, actor="UBND xã", agency="UBND xã",
                agency_iri=None, co_leads=[], cooperating=[], modality="must", task=f"việc {n}", schedule=None,
                deadlines=deadlines, output=None, reports_to=None, basis=[], basis_symbols=[],
                document_date=signed, period=period))
    return rows


@pytest.fixture(scope="module")
def index():
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.executescript(obligations_index._SCHEMA)
    obligations_index._insert(db, _rows())
    db.commit()
    return obligations_index.ObligationsIndex(db=db)


def test_a_deadlines_day_without_today_is_the_day_it_is_placed_on():
    for row in _rows():
        for d in row.deadlines:
            day, depends = day_without_today(row, d)
            for today in TODAYS:
                for limit in LIMITS:
                    if not depends:
                        assert occurs_on_or_before(row, d, limit, today) == (day is not None and day <= limit)
    # In a plan without a start a rule that fixes its day falls from today on.
    weekly = _rows()[len(DEADLINES) * 2 + 2]
    assert weekly.period is None and first_day(weekly) == (None, True)


@pytest.mark.parametrize("today", TODAYS)
@pytest.mark.parametrize("limit", LIMITS)
def test_due_rows_from_the_index_are_those_is_due_before_keeps(index, today, limit):
    due = obligations_index.DueBefore(limit, first_day, lambda r: is_due_before(r, limit, today))
    want = [r for r in sorted(_rows(), key=lambda r: (r.document, r.start, r.end, r.iri))
            if is_due_before(r, limit, today)]
    got = index.select(due=due)
    assert len(got) == len(want) and list(got) == want
    assert got[1:3] == want[1:3]
    both = index.select(due=due, agency_words=["ubnd xa"], document_id="doc2.txt")
    assert list(both) == [r for r in want if r.document == "doc2.txt"]
    # Today decides for the weekly and monthly rules of the plan without a start.
    on_today = [r for r in want if r.document == "doc2.txt" and r.start in (2, 3)]     # weekly, monthly
    assert (len(on_today) == 2) == (today <= limit - dt.timedelta(days=30))
