"""iCalendar output: parsed back line by line (octets, CRLF, nesting, escaping),
recurrences of the seed plans, and the small RRULE evaluator."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cancu.kg.queries.calendar import (escape_text, event_uid, first_occurrence, fold_line, next_occurrence,
                                       to_ics, unfold)
from cancu.kg.store.graph import GraphStore
from cancu.kg.views import DeadlineRow, ObligationRow, PlanPeriod
from cancu.kg.queries.tasks import is_due_before, next_due, obligations
from cancu.nlp.text.fold import fold

PLANS = Path(__file__).resolve().parents[1] / "corpus" / "plans"
START = dt.date(2026, 1, 1)
NOW = dt.datetime(2026, 1, 1, 8, 30, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def rows(tmp_path_factory) -> list[ObligationRow]:
    from cancu.ingest import Ingestor
    from cancu.pipeline import Extractor, load_registry
    store = GraphStore.open(tmp_path_factory.mktemp("workspace") / "store")
    ing = Ingestor(store, Extractor(load_registry()))
    ing.load_registry()
    ing.ingest_paths(sorted(PLANS.glob("*.txt")))
    yield obligations(store)
    store.close()


def _row(deadlines: list[DeadlineRow], *, task: str = "Báo cáo kết quả thực hiện",
         agency: str | None = "Phòng Văn hóa - Xã hội") -> ObligationRow:
    return ObligationRow(iri="http://cancu.local/document/x#o1-9", document="x.txt",
                         document_iri="http://cancu.local/document/x", start=1, end=9,
                         source="reporting", section="III.2", actor=agency, agency=agency,
                         agency_iri=None, co_leads=[], cooperating=["Văn phòng HĐND và UBND xã"],
                         modality="must", task=task, schedule=None, deadlines=deadlines,
                         output=None, reports_to="Ủy ban nhân dân xã", basis=[], basis_symbols=[])


def _events(text: str, component: str = "VEVENT") -> list[dict[str, str]]:
    """VEVENTs (or VTODOs) as {property name with parameters: value}, after unfolding."""
    events, current = [], None
    for line in unfold(text):
        if line == f"BEGIN:{component}":
            current = {}
        elif line == f"END:{component}":
            events.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return events


def _check_syntax(text: str) -> None:
    assert text.endswith("\r\n")
    physical = text.split("\r\n")[:-1]
    for line in physical:
        assert "\n" not in line and "\r" not in line
        assert len(line.encode("utf-8")) <= 75
    stack: list[str] = []
    for line in unfold(text):
        if line.startswith("BEGIN:"):
            stack.append(line[6:])
        elif line.startswith("END:"):
            assert stack and stack.pop() == line[4:]
        else:
            assert stack, f"property outside a component: {line}"
            assert ":" in line
    assert stack == []
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(l.startswith("PRODID:") for l in lines)


def test_seed_calendar_is_valid(rows):
    text = to_ics(rows, calendar_name="Nhiệm vụ dân chủ ở cơ sở", start=START, now=NOW)
    _check_syntax(text)
    events, undated = _events(text), _events(text, "VTODO")
    placeable = sum(1 for r in rows for d in r.deadlines if d.date or d.recurrence)
    assert len(events) + len(undated) == placeable > 10
    assert len({e["UID"] for e in events + undated}) == placeable
    for e in events + undated:
        assert e["DTSTAMP"] == "20260101T083000Z"
        assert e["SUMMARY"].startswith("[")
    # No event falls on the day the calendar was made: none of the seeds writes 1 January.
    assert all(e["DTSTART;VALUE=DATE"] != "20260101" for e in events)
    assert all(e["SUMMARY"].startswith("[Chưa có ngày] ") and "DTSTART;VALUE=DATE" not in e
               for e in undated)


def test_no_event_on_a_day_nobody_wrote(rows):
    """The day the feed is downloaded changes no event of a plan with a known period."""
    early = _events(to_ics(rows, calendar_name="x", start=START, now=NOW))
    late = _events(to_ics(rows, calendar_name="x", start=dt.date(2026, 3, 5), now=NOW))
    with_period = {event_uid(r.iri, i) for r in rows if r.period for i, _ in enumerate(r.deadlines)}
    assert with_period
    assert ({e["UID"]: e["DTSTART;VALUE=DATE"] for e in early if e["UID"] in with_period}
            == {e["UID"]: e["DTSTART;VALUE=DATE"] for e in late if e["UID"] in with_period})


def test_yearly_deadlines_recur(rows):
    text = to_ics(rows, calendar_name="Lịch", start=START, now=NOW)
    events = {e["UID"]: e for e in _events(text) + _events(text, "VTODO")}
    yearly = [(r, i, d) for r in rows for i, d in enumerate(r.deadlines)
              if "hang nam" in fold(d.text)]
    assert yearly
    for row, index, deadline in yearly:
        event = events[event_uid(row.iri, index)]
        assert event.get("RRULE", "FREQ=YEARLY").startswith("FREQ=YEARLY")
    # "trước ngày 14/6 hằng năm" of seed 002, a plan "đến hết năm 2023": from its first
    # 14 June to the end of its period, whatever day the feed is made.
    june = next(events[event_uid(r.iri, i)] for r, i, d in yearly if d.text == "trước ngày 14/6 hằng năm")
    assert june["DTSTART;VALUE=DATE"] == "20230614"
    assert june["RRULE"] == "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=14;UNTIL=20231231"
    assert "Thời gian kế hoạch: đến hết năm 2023" in june["DESCRIPTION"]


def test_every_recurrence_ends_with_its_plan_or_says_why(rows):
    text = to_ics(rows, calendar_name="x", start=START, now=NOW)
    for e in _events(text):
        if "RRULE" in e:
            assert "UNTIL=" in e["RRULE"] or "không nêu thời gian kết thúc" in e["DESCRIPTION"]


def test_rule_without_a_day_starts_on_the_plans_first_day_labelled():
    row = _row([DeadlineRow("hàng quý", None, "FREQ=MONTHLY;INTERVAL=3")])
    row.period = PlanPeriod(dt.date(2025, 1, 1), dt.date(2025, 12, 31), "năm 2025")
    (event,) = _events(to_ics([row], calendar_name="x", start=START, now=NOW))
    assert event["DTSTART;VALUE=DATE"] == "20250101"
    assert event["RRULE"] == "FREQ=MONTHLY;INTERVAL=3;UNTIL=20251231"
    assert "ngày bắt đầu kế hoạch 01/01/2025" in event["DESCRIPTION"]
    # without a known start it is an undated task, not an event on the download day
    row.period = None
    text = to_ics([row], calendar_name="x", start=START, now=NOW)
    assert _events(text) == []
    (todo,) = _events(text, "VTODO")
    assert "chưa xếp lịch" in todo["DESCRIPTION"]


def test_due_before_counts_every_occurrence_in_the_plans_period():
    quarterly = _row([DeadlineRow("hàng quý", None, "FREQ=MONTHLY;INTERVAL=3")])
    quarterly.period = PlanPeriod(dt.date(2025, 1, 1), dt.date(2025, 12, 31), "năm 2025")
    assert is_due_before(quarterly, dt.date(2025, 6, 30), today=START)
    assert next_due(quarterly, dt.date(2025, 2, 1)) == dt.date(2025, 4, 1)
    assert next_due(quarterly, START) is None          # the plan's period is over
    yearly = _row([DeadlineRow("trước ngày 10/6 hằng năm", None, "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=10")])
    assert is_due_before(yearly, dt.date(2026, 12, 31), today=START)
    assert next_due(yearly, START) == dt.date(2026, 6, 10)   # no period: repeats on


def test_dated_deadline_is_one_all_day_event():
    row = _row([DeadlineRow("trước 15/12/2025", dt.date(2025, 12, 15), None),
                DeadlineRow("thường xuyên", None, None)])
    events = _events(to_ics([row], calendar_name="x", start=START, now=NOW))
    assert len(events) == 1                      # "thường xuyên" has no place in a calendar
    (event,) = events
    assert event["DTSTART;VALUE=DATE"] == "20251215"
    assert event["DTEND;VALUE=DATE"] == "20251216"
    assert "RRULE" not in event
    assert event["UID"] == event_uid(row.iri, 0)
    assert event["SUMMARY"] == "[Phòng Văn hóa - Xã hội] Báo cáo kết quả thực hiện"
    assert "Văn bản: x.txt\\nMục: III.2" in event["DESCRIPTION"]


def test_output_is_reproducible_and_uids_stable():
    a = _row([DeadlineRow("trước ngày 10/6 hằng năm", None, "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=10")])
    b = _row([DeadlineRow("trước 15/9", None, "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=15")])
    b.iri = "http://cancu.local/document/y#o5-7"
    first = to_ics([a, b], calendar_name="x", start=START, now=NOW)
    assert first == to_ics([b, a], calendar_name="x", start=START, now=NOW)
    assert event_uid(a.iri, 0) != event_uid(a.iri, 1) != event_uid(b.iri, 0)


def test_escaping_and_long_vietnamese_lines():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    task = "Tổ chức hội nghị, tuyên truyền; phổ biến Luật Thực hiện dân chủ ở cơ sở \\ " * 4
    row = _row([DeadlineRow("trước 15/12/2025", dt.date(2025, 12, 15), None)], task=task,
               agency="Ủy ban Mặt trận Tổ quốc xã")
    text = to_ics([row], calendar_name="Lịch, của; xã", start=START, now=NOW)
    _check_syntax(text)
    assert "X-WR-CALNAME:Lịch\\, của\\; xã" in unfold(text)
    (event,) = _events(text)
    assert "Tuyên truyền" not in event["SUMMARY"] and "tuyên truyền\\; phổ biến" in event["SUMMARY"]
    # the summary is cut after a whole word; the description keeps the whole task
    assert event["SUMMARY"].endswith("…") and event["SUMMARY"][-2] != " "
    words = set(escape_text(" ".join(task.split())).split())
    assert event["SUMMARY"][:-1].split()[-1] in words
    assert escape_text(" ".join(task.split())) in event["DESCRIPTION"]


def test_folding_keeps_characters_and_escapes_whole():
    line = "DESCRIPTION:" + "Ủy ban nhân dân xã\\, " * 20
    parts = fold_line(line)
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0]] + [p[1:] for p in parts[1:]]) == line
    assert not any(p.endswith("\\") for p in parts)


def test_agency_calendar_names_the_unit(rows):
    mine = [r for r in rows if r.agency == "Phòng Văn hóa - Xã hội"]
    events = _events(to_ics(mine, calendar_name="Phòng Văn hóa - Xã hội", start=START, now=NOW))
    assert events and all(e["SUMMARY"].startswith("[Phòng Văn hóa - Xã hội]") for e in events)


@pytest.mark.parametrize("rule, after, expected", [
    ("FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=10", dt.date(2026, 1, 1), dt.date(2026, 6, 10)),
    ("FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=10", dt.date(2026, 6, 10), dt.date(2026, 6, 10)),
    ("FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=10", dt.date(2026, 6, 11), dt.date(2027, 6, 10)),
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", dt.date(2026, 3, 1), dt.date(2028, 2, 29)),
    ("FREQ=MONTHLY;BYMONTHDAY=5,20", dt.date(2026, 1, 6), dt.date(2026, 1, 20)),
    ("FREQ=MONTHLY;BYMONTHDAY=31", dt.date(2026, 4, 1), dt.date(2026, 5, 31)),
    ("FREQ=WEEKLY;BYDAY=FR", dt.date(2026, 1, 1), dt.date(2026, 1, 2)),
    ("FREQ=DAILY", dt.date(2026, 1, 1), dt.date(2026, 1, 1)),
    ("FREQ=YEARLY", dt.date(2026, 1, 1), None),
    ("FREQ=MONTHLY;INTERVAL=3", dt.date(2026, 1, 1), None),
])
def test_next_occurrence(rule, after, expected):
    assert next_occurrence(rule, after) == expected


def test_first_occurrence_anchors_rules_without_a_day():
    assert first_occurrence("FREQ=YEARLY", START) == START
    assert first_occurrence("FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=30", START) == dt.date(2026, 11, 30)
    with pytest.raises(ValueError):
        next_occurrence("BYMONTH=6", START)


def _fold_by_atoms(line: str) -> list[str]:
    """Folding as the RFC reads, one character or escape at a time (the reference)."""
    atoms, i = [], 0
    while i < len(line):
        step = 2 if line[i] == "\\" and i + 1 < len(line) else 1
        atoms.append(line[i:i + step])
        i += step
    out, current, size = [], "", 0
    for atom in atoms:
        width = len(atom.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += atom
        size += width
    out.append(current)
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", " ", "\\", "\\,", "\\n", "ư", "Ủ", "𝔑", "ệ", ",", ";", "x\\\\"]),
                max_size=120).map("".join))
def test_folding_cuts_where_folding_one_atom_at_a_time_does(line):
    assert fold_line(line) == _fold_by_atoms(line)
    assert fold_line("DESCRIPTION:" + line) == _fold_by_atoms("DESCRIPTION:" + line)
