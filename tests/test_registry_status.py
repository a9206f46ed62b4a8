"""Dated public statements of status (corpus/registry/research/status.tsv, issue #13)."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from cancu.kg.registry.instruments import INSTRUMENT_COLUMNS, STATUS_COLUMNS, Registry, RegistryError

ROOT = Path(__file__).resolve().parent.parent
I_HEAD = "\t".join(INSTRUMENT_COLUMNS)
S_HEAD = "\t".join(STATUS_COLUMNS)
FACT_HEAD = "symbol\ttype\tname\tfull_title\tadopted\teffective\texpired\treplaced_by\tamends\tissuer\tsource\tconfidence"


def _fact(symbol, adopted="2020-01-01", effective="2020-02-01", expired=""):
    # A facts row gives dates, not today's status: alone it leaves the status unknown.
    return "\t".join([symbol, "Nghị định", "", "", adopted, effective, expired, "", "", "Chính phủ",
                      "http://example.org/facts", "medium"])


def _status(symbol, status, as_of="", expired="", replaced_by="", source="http://example.org/page",
            confidence="medium", notes=""):
    return "\t".join([symbol, status, as_of, expired, replaced_by, source, confidence, notes])


def _registry(tmp_path: Path, facts: list[str], statements: list[str]) -> Registry:
    (tmp_path / "instruments.tsv").write_text(I_HEAD + "\n", encoding="utf-8")
    research = tmp_path / "research"
    research.mkdir(exist_ok=True)
    (research / "facts.tsv").write_text(FACT_HEAD + "\n" + "\n".join(facts) + "\n", encoding="utf-8")
    (research / "status.tsv").write_text("# statements\n" + S_HEAD + "\n" + "\n".join(statements) + "\n",
                                         encoding="utf-8")
    return Registry.load(tmp_path)


def test_without_a_statement_the_status_is_unknown(tmp_path):
    reg = _registry(tmp_path, [_fact("1/2020/NĐ-CP")], [])
    assert reg.status_at("1/2020/NĐ-CP", date(2024, 1, 1)).code == "unknown"


def test_in_force_as_of_a_date_up_to_that_date(tmp_path):
    reg = _registry(tmp_path, [_fact("1/2020/NĐ-CP")], [_status("1/2020/NĐ-CP", "in_force", "2024-05-10")])
    st = reg.status_at("1/2020/NĐ-CP", date(2023, 1, 1))
    assert st.code == "in_force" and st.confirmed_on == date(2024, 5, 10)
    assert "còn hiệu lực theo nguồn ngày 10/5/2024" in st.explanation_vi
    assert "chưa kiểm tra lại" not in st.explanation_vi
    # before it took effect the statement says nothing
    assert reg.status_at("1/2020/NĐ-CP", date(2020, 1, 15)).code == "not_yet_in_force"


def test_in_force_after_the_statement_says_it_was_not_checked_since(tmp_path):
    reg = _registry(tmp_path, [_fact("1/2020/NĐ-CP")],
                    [_status("1/2020/NĐ-CP", "in_force", "2022-03-01"),
                     _status("1/2020/NĐ-CP", "in_force", "2024-05-10", source="http://example.org/other")])
    st = reg.status_at("1/2020/NĐ-CP", date(2026, 12, 4))
    assert st.code == "in_force" and st.confirmed_on == date(2024, 5, 10)   # the newest statement
    assert "còn hiệu lực theo nguồn ngày 10/5/2024; chưa kiểm tra lại sau ngày đó" in st.explanation_vi
    assert len(reg.statements_about("1/2020/NĐ-CP")) == 2


def test_a_low_confidence_statement_does_not_make_it_in_force(tmp_path):
    reg = _registry(tmp_path, [_fact("1/2020/NĐ-CP")],
                    [_status("1/2020/NĐ-CP", "in_force", "2024-05-10", confidence="low")])
    st = reg.status_at("1/2020/NĐ-CP", date(2024, 1, 1))
    assert st.code == "unknown" and "độ tin cậy thấp" in st.explanation_vi


def test_ended_from_a_stated_day_with_its_successor(tmp_path):
    reg = _registry(tmp_path, [_fact("1/2020/NĐ-CP"), _fact("9/2024/NĐ-CP", "2024-05-01", "2024-07-01")],
                    [_status("1/2020/NĐ-CP", "ended", "2024-06-20", "2024-07-01", "9/2024/NĐ-CP")])
    st = reg.status_at("1/2020/NĐ-CP", date(2024, 7, 1))
    assert st.code == "no_longer_in_force" and st.since == date(2024, 7, 1) and st.by == ("9/2024/NĐ-CP",)
    assert "01/7/2024" in st.explanation_vi and "9/2024/NĐ-CP" in st.explanation_vi
    # the day before the end: the end is known, so it was in force
    assert reg.status_at("1/2020/NĐ-CP", date(2024, 6, 30)).code == "in_force"
    assert reg.replacement_chain("1/2020/NĐ-CP", date(2025, 1, 1)) == ["1/2020/NĐ-CP", "9/2024/NĐ-CP"]


def test_ended_without_successor_ends_it_too(tmp_path):
    reg = _registry(tmp_path, [_fact("1/2020/NĐ-CP")], [_status("1/2020/NĐ-CP", "ended", "", "2023-01-01")])
    st = reg.status_at("1/2020/NĐ-CP", date(2023, 1, 1))
    assert st.code == "no_longer_in_force" and st.since == date(2023, 1, 1) and st.by == ()


def test_ended_with_no_end_date_is_not_in_force_from_the_statement_on(tmp_path):
    reg = _registry(tmp_path, [_fact("1/2020/NĐ-CP")], [_status("1/2020/NĐ-CP", "ended", "2024-05-10")])
    assert reg.status_at("1/2020/NĐ-CP", date(2024, 5, 10)).code == "no_longer_in_force"
    st = reg.status_at("1/2020/NĐ-CP", date(2024, 5, 9))
    assert st.code == "unknown"      # before the statement: not known whether it had ended


def test_with_no_start_known_a_statement_speaks_from_its_own_date_on(tmp_path):
    reg = _registry(tmp_path, [_fact("1/2020/NĐ-CP", adopted="", effective="")],
                    [_status("1/2020/NĐ-CP", "in_force", "2024-05-10")])
    assert reg.status_at("1/2020/NĐ-CP", date(2024, 5, 9)).code == "unknown"
    st = reg.status_at("1/2020/NĐ-CP", date(2024, 5, 10))
    assert st.code == "in_force" and "chưa rõ ngày có hiệu lực" in st.explanation_vi
    assert "chưa kiểm tra lại" not in st.explanation_vi
    later = reg.status_at("1/2020/NĐ-CP", date(2026, 1, 1))
    assert later.code == "in_force" and "chưa kiểm tra lại sau ngày đó" in later.explanation_vi


def test_the_status_file_is_not_read_as_instruments(tmp_path):
    reg = _registry(tmp_path, [_fact("1/2020/NĐ-CP")], [_status("1/2020/NĐ-CP", "in_force", "2024-05-10")])
    assert len(reg) == 1 and reg.get("in_force") is None


@pytest.mark.parametrize("row, column, message", [
    (_status("7/2020/NĐ-CP", "in_force", "2024-05-10"), "1 (symbol)", "unknown instrument"),
    (_status("1/2020/NĐ-CP", "valid", "2024-05-10"), "2 (status)", "not one of"),
    (_status("1/2020/NĐ-CP", "in_force", ""), "3 (as_of)", "needs the date"),
    (_status("1/2020/NĐ-CP", "in_force", "2024-5-10"), "3 (as_of)", "bad date"),
    (_status("1/2020/NĐ-CP", "in_force", "2019-12-01"), "3 (as_of)", "before it took effect"),
    (_status("1/2020/NĐ-CP", "in_force", "2024-05-10", expired="2025-01-01"), "4 (expired)", "no end"),
    (_status("1/2020/NĐ-CP", "ended"), "3 (as_of)", "needs its end"),
    (_status("1/2020/NĐ-CP", "ended", "", "2025-01-01", "8/2025/NĐ-CP"), "5 (replaced_by)", "unknown instrument"),
    (_status("1/2020/NĐ-CP", "in_force", "2024-05-10", source=""), "6 (source)", "needs its source"),
])
def test_bad_status_rows_name_line_and_column(tmp_path, row, column, message):
    with pytest.raises(RegistryError) as exc:
        _registry(tmp_path, [_fact("1/2020/NĐ-CP")], [row])
    text = str(exc.value)
    assert "status.tsv:3" in text and f"column {column}" in text and message in text


def test_in_force_after_a_known_end_is_a_conflict(tmp_path):
    with pytest.raises(RegistryError, match=r"status\.tsv:3: column 3 \(as_of\).*conflict.*ended on 2023-01-01"):
        _registry(tmp_path, [_fact("1/2020/NĐ-CP", expired="2023-01-01")],
                  [_status("1/2020/NĐ-CP", "in_force", "2024-05-10")])
    with pytest.raises(RegistryError, match=r"status\.tsv:3: column 4 \(expired\).*conflict"):
        _registry(tmp_path, [_fact("1/2020/NĐ-CP", expired="2023-01-01")],
                  [_status("1/2020/NĐ-CP", "ended", "", "2023-06-01")])


_NUMBERED = re.compile(r"\d+(?:/\d{4})?/[A-ZĐ]")
# or a law cited by name and date ("Luật Thống kê ngày 23 tháng 11 năm 2015")
_NAMED_DATED = re.compile(r"(?:Luật|Bộ luật|Pháp lệnh|Hiến pháp)\b.{0,120}?\bnăm \d{4}")


def _assert_realdocs_line(source: str, symbol: str, origin: str) -> None:
    """``realdocs:<id>:<line>`` names a line of an embedded real document that
    cites a numbered instrument or a law by name and date (the instrument itself on its first source, or
    the amending one it is dated by); the passage is that line, the next and the three
    before, as hard wraps split a sentence over lines."""
    _, doc, line = source.split(":")
    path = ROOT / "corpus" / "realdocs" / f"{doc}.txt"
    assert path.exists(), (origin, source)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert 1 <= int(line) <= len(lines), (origin, source)
    passage = " ".join(lines[max(int(line) - 4, 0):int(line) + 1])
    assert _NUMBERED.search(passage) or _NAMED_DATED.search(passage), (origin, source, passage)


def test_shipped_status_rows_load_with_sources_and_dates():
    reg = Registry.load(ROOT / "corpus" / "registry")
    rows = [s for i in reg for s in reg.statements_about(i.key)]
    assert rows, "corpus/registry/research/status.tsv holds statements"
    for st in rows:
        assert st.sources, st.origin
        for source in st.sources:
            if source.startswith("realdocs:"):
                _assert_realdocs_line(source, reg.get(st.instrument).symbol, st.origin)
            else:
                assert source.startswith("http"), (st.origin, source)
        assert st.confidence in ("high", "medium", "low")
        assert st.as_of or st.expired


def _coverage_bench():
    import importlib.util
    spec = importlib.util.spec_from_file_location("registry_coverage", ROOT / "bench" / "registry_coverage.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_searched_file_gives_the_newest_search_per_key_and_rejects_a_bad_header(tmp_path):
    bench = _coverage_bench()
    research = tmp_path / "research"
    research.mkdir()
    path = research / "status_searched.tsv"
    assert bench.searched_keys(str(tmp_path)) == {}
    path.write_text("key\tsearched_on\tqueries\tresult\tby\n"
                    "63/2010/NĐ-CP\t2026-12-01\tpages: 'x'\tkhông tìm thấy nguồn công khai\tstatus1\n"
                    "63/2010/NĐ-CP\t2026-12-04\tpages: 'y'\tkhông tìm thấy nguồn công khai\tstatus2\n"
                    "71/NQ-CP@2025\t2026-12-04\trealdocs grep\tkhông tìm thấy nguồn công khai\tstatus1\n",
                    encoding="utf-8")
    assert bench.searched_keys(str(tmp_path)) == {"63/2010/NĐ-CP": "2026-12-04", "71/NQ-CP@2025": "2026-12-04"}
    path.write_text("symbol\tdate\n63/2010/NĐ-CP\t2026-12-04\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        bench.searched_keys(str(tmp_path))
    path.write_text("key\tsearched_on\tqueries\tresult\tby\n63/2010/NĐ-CP\t4/12/2026\tq\tr\tb\n", encoding="utf-8")
    with pytest.raises(ValueError):
        bench.searched_keys(str(tmp_path))


def test_searched_files_of_every_pass_are_merged(tmp_path):
    # one status_searched*.tsv per research pass (like sequence_checked*.tsv); a key in two
    # files keeps its newest date; a bad header in any of them is an error
    bench = _coverage_bench()
    research = tmp_path / "research"
    research.mkdir()
    head = "key\tsearched_on\tqueries\tresult\tby\n"
    (research / "status_searched.tsv").write_text(
        head + "63/2010/NĐ-CP\t2026-12-04\tpages: 'x'\tkhông tìm thấy nguồn công khai\tstatus1\n", encoding="utf-8")
    (research / "status_searched_top300.tsv").write_text(
        head + "63/2010/NĐ-CP\t2026-12-05\tpages: 'y'\tkhông tìm thấy nguồn công khai\tstatus3\n"
        "23/2015/NĐ-CP\t2026-12-05\tpages: 'z'\tkhông tìm thấy nguồn công khai\tstatus3\n", encoding="utf-8")
    (research / "status.tsv").write_text("not a searched file\n", encoding="utf-8")
    assert bench.searched_keys(str(tmp_path)) == {"63/2010/NĐ-CP": "2026-12-05", "23/2015/NĐ-CP": "2026-12-05"}
    (research / "status_searched_bad.tsv").write_text("symbol\tdate\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        bench.searched_keys(str(tmp_path))


def test_shipped_searched_rows_parse():
    searched = _coverage_bench().searched_keys(None)
    assert searched, "corpus/registry/research/status_searched.tsv lists searched instruments"


def _law(symbol, name, adopted, effective):
    return "\t".join([symbol, "Luật", name, "", adopted, effective, "", "", "", "Quốc hội",
                      "http://example.org/facts", "medium"])


def test_a_newer_law_of_the_same_name_casts_doubt_but_a_newer_amending_law_does_not(tmp_path):
    amending = "Luật sửa đổi, bổ sung một số điều của Luật Đất đai"
    reg = _registry(tmp_path, [
        _law("10/2010/QH12", "Luật Đất đai", "2010-06-01", "2011-01-01"),
        _law("20/2020/QH14", "Luật Đất đai", "2020-06-01", "2021-01-01"),
        _law("11/2012/QH13", amending, "2012-06-01", "2013-01-01"),
        _law("21/2022/QH15", amending, "2022-06-01", "2023-01-01"),
    ], [_status("11/2012/QH13", "in_force", "2019-03-01"),
        _status("10/2010/QH12", "in_force", "2019-03-01")])
    on = date(2024, 1, 1)
    old_law = reg.status_at("10/2010/QH12", on)
    assert old_law.code == "unknown" and "20/2020/QH14 cùng tên" in old_law.explanation_vi
    # The second amendment of the same law does not replace the first: the dated
    # statement stands, and no namesake is offered as a likely successor.
    first_amendment = reg.status_at("11/2012/QH13", on)
    assert first_amendment.code == "in_force" and "cùng tên" not in first_amendment.explanation_vi
