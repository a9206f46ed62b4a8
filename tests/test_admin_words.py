"""The admin_report_*, partner_end and admin_partner_* rows of nlp/data/obligation_cues.tsv, each example run
through the rule of the administrative forms (admin_roles.py) that reads it."""
import re
from importlib import resources

import pytest

from cancu.nlp.obligations.admin_doc import Doc
from cancu.nlp.obligations.admin_roles import REPORT_START, UMBRELLA_REQUEST, partners_in, reports_to, task_core
from cancu.nlp.text.fold import fold_text
from cancu.nlp.text.normalize import normalize
from cancu.nlp.text.fold import fold

_LINES = (resources.files("cancu.nlp") / "data" / "obligation_cues.tsv").read_text(encoding="utf-8").splitlines()
ROWS = [ln.split("\t") for ln in _LINES if ln.startswith("admin_report_")]


def _at(f: str, phrase: str) -> int:
    m = re.search(rf"(?<![a-z]){re.escape(fold(phrase).lower())}(?![a-z])", f)
    assert m, phrase
    return m.start()


def test_the_rows_without_a_real_example_are_these():
    assert {r[1] for r in ROWS if len(r) < 3} == {"thường xuyên", "thực hiện tốt chế độ báo cáo"}


@pytest.mark.parametrize("row", [r for r in ROWS if len(r) > 2], ids=lambda r: f"{r[0]}:{r[1]}")
def test_report_words_open_a_reporting_task(row):
    kind, phrase, example = row
    f = fold(example).lower()
    at = _at(f, phrase)
    assert REPORT_START.match(f, at)
    if kind == "admin_report_lead":
        # the lead word alone is no report: a report start must follow it
        assert not REPORT_START.match(f"{fold(phrase)} trien khai thuc hien")


def test_a_task_without_report_words_is_not_reporting():
    f = fold("Nghiêm túc triển khai thực hiện các nội dung của Kế hoạch").lower()
    assert not REPORT_START.match(f)


PARTNER_ROWS = [ln.split("\t") for ln in _LINES if ln.startswith("partner_end\t")]


def _partners(sentence: str) -> list[str]:
    return partners_in(Doc(normalize(sentence), None, {}), 0, len(sentence))[0]


def test_the_partner_end_words_without_a_real_example_are_these():
    assert {r[1] for r in PARTNER_ROWS if len(r) < 3} == {"trong", "theo", "về", "tại", "nhằm"}


@pytest.mark.parametrize("row", [r for r in PARTNER_ROWS if len(r) > 2], ids=lambda r: r[1])
def test_partner_end_word_closes_the_partners(row):
    _, word, example = row
    partners = _partners(example)
    assert partners and not any(re.search(rf"(?<!\w){word}(?!\w)", p) for p in partners)
    # with another word in its place the partner runs on to the task verb
    other = _partners(example.replace(f" {word} ", " xyz ", 1))
    assert other != partners


PARTNER_KINDS = ("admin_partner_with", "admin_partner_verb", "admin_partner_vague_end")
ADMIN_PARTNER_ROWS = [ln.split("\t") for ln in _LINES if ln.split("\t")[0] in PARTNER_KINDS]


def _admin_partner_rows(kind: str) -> list[list[str]]:
    return [r for r in ADMIN_PARTNER_ROWS if r[0] == kind and len(r) > 2]


def _without(sentence: str, phrase: str) -> str:
    return re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", "xyz", sentence, count=1)


def test_the_admin_partner_rows_without_a_real_example_are_these():
    assert {(r[0], r[1]) for r in ADMIN_PARTNER_ROWS if len(r) < 3} == {
        ("admin_partner_verb", "phối hợp chặt chẽ")}


@pytest.mark.parametrize("row", _admin_partner_rows("admin_partner_with"), ids=lambda r: r[1])
def test_partner_words_open_the_partners(row):
    _, phrase, example = row
    assert _partners(example)
    assert not _partners(_without(example, phrase))


def _task_core_at(sentence: str) -> tuple[int, int]:
    doc = Doc(normalize(sentence), None, {})
    at = doc.low.index("phối hợp") if "phối hợp" in doc.low else 0
    return at, task_core(doc, at, len(doc.nfc))


@pytest.mark.parametrize("row", _admin_partner_rows("admin_partner_verb") + _admin_partner_rows("admin_partner_vague_end"),
                         ids=lambda r: f"{r[0]}:{r[1]}")
def test_a_leading_partner_clause_is_no_part_of_the_task(row):
    _, phrase, example = row
    at, core = _task_core_at(example)
    assert core > at and not re.search(r"(?<!\w)phối hợp|liên quan", example[core:])
    other = _without(example, phrase)
    at, core = _task_core_at(other)
    assert core == at


REPORT_KINDS = ("admin_task_preamble", "admin_recipient_cue", "admin_umbrella_request", "recipient_stop")
REPORT_ROWS = [ln.split("\t") for ln in _LINES if ln.split("\t")[0] in REPORT_KINDS]


def _report_rows(kind: str) -> list[list[str]]:
    return [r for r in REPORT_ROWS if r[0] == kind and len(r) > 2]


def test_the_report_rows_without_a_real_example_are_these():
    missing = {(r[0], r[1]) for r in REPORT_ROWS if len(r) < 3}
    assert {k for k, _ in missing} == {"admin_task_preamble", "recipient_stop"}
    assert len([1 for k, _ in missing if k == "admin_task_preamble"]) == 4
    assert len([1 for k, _ in missing if k == "recipient_stop"]) == 21


@pytest.mark.parametrize("row", _report_rows("admin_task_preamble"), ids=lambda r: r[1])
def test_the_task_preamble_is_no_part_of_the_task(row):
    _, phrase, example = row
    doc = Doc(normalize(example), None, {})
    at = doc.low.index(phrase)
    assert task_core(doc, at, len(doc.nfc)) == _skip_space(doc.nfc, at + len(phrase))
    other = Doc(normalize(_without(example, phrase)), None, {})
    assert task_core(other, at, len(other.nfc)) == at


def _skip_space(s: str, p: int) -> int:
    while p < len(s) and s[p] in " ,":
        p += 1
    return p


@pytest.mark.parametrize("row", _report_rows("admin_recipient_cue"), ids=lambda r: r[1])
def test_the_recipient_is_named_after_the_cue(row):
    _, phrase, example = row
    doc = Doc(normalize(example), None, {})
    at = doc.low.rindex(phrase) if phrase == "báo cáo" else doc.low.index(phrase)
    name = reports_to(doc, at, len(doc.nfc))
    assert name and example[at + len(phrase):].lstrip().startswith(name.split()[0])
    other = Doc(normalize(example[:at] + "xyz" + example[at + len(phrase):]), None, {})
    assert reports_to(other, at, at + 3 + 60) is None


@pytest.mark.parametrize("row", _report_rows("admin_umbrella_request"), ids=lambda r: r[1])
def test_an_umbrella_ending_in_a_request_asks_its_items(row):
    _, phrase, example = row
    assert UMBRELLA_REQUEST.search(fold_text(example))
    assert not UMBRELLA_REQUEST.search(fold_text(_without(example, phrase)))


def test_the_level_after_a_recipient_stays_on_its_name():
    # 25b682f1b1483164.txt: the stop words are matched with accents kept, so "tỉnh" is not
    # the stop word "tình"/"tính" (matched folded, the name ended at "UBND")
    doc = Doc(normalize("đề nghị Thuế tỉnh Gia Lai báo cáo UBND tỉnh có công văn gửi Bộ Tài chính "
                        "để tổng hợp vướng mắc"), None, {})
    assert reports_to(doc, 0, len(doc.nfc)) == "Ủy ban nhân dân tỉnh"


def test_a_stop_word_ends_the_recipient_name():
    doc = Doc(normalize("báo cáo Sở Tài chính tình hình thực hiện"), None, {})
    assert reports_to(doc, 0, len(doc.nfc)) == "Sở Tài chính"


GATHER_ROWS = [ln.split("\t") for ln in _LINES if ln.startswith(("admin_report_gather\t", "report_gather_end\t"))]


def test_the_gathering_rows_without_a_real_example_are_these():
    assert {(r[0], r[1]) for r in GATHER_ROWS if len(r) < 3} == {("report_gather_end", "gửi về")}


@pytest.mark.parametrize("row", [r for r in GATHER_ROWS if len(r) > 2], ids=lambda r: f"{r[0]}:{r[1]}")
def test_gathering_then_reporting_is_a_reporting_task(row):
    kind, phrase, example = row
    f = fold(example).lower()
    # a gathering word's example is read from that word; an end word's, from the gathering "tổng hợp"
    at = _at(f, phrase if kind == "admin_report_gather" else "tổng hợp")
    assert REPORT_START.match(f, at)
    other = re.sub(rf"(?<![a-z]){re.escape(fold(phrase).lower())}(?![a-z])", "xyz", f, count=1)
    assert not REPORT_START.match(other, at)


TITLE_ROWS = [ln.split("\t") for ln in _LINES if ln.startswith(("document_title\t", "chapter_heading\t"))]


def test_the_title_rows_without_a_real_example_are_these():
    assert {r[1] for r in TITLE_ROWS if len(r) < 3} == {
        "chỉ thị", "hướng dẫn", "chương trình", "quy chế", "tờ trình", "văn bản hợp nhất", "luật",
        "phương án", "đề án", "mục"}


@pytest.mark.parametrize("row", [r for r in TITLE_ROWS if r[0] == "document_title" and len(r) > 2],
                         ids=lambda r: r[1])
def test_a_title_line_says_whether_the_document_is_a_plan(row):
    from cancu.nlp.obligations.run import is_plan
    _, word, line = row
    plan = word in ("kế hoạch", "chương trình", "phương án", "đề án")
    text = f"ỦY BAN NHÂN DÂN TỈNH\n{line}\nI. MỤC ĐÍCH, YÊU CẦU\n"
    assert is_plan(normalize(text)) is plan
    # without the title word the text has no title line: not a plan
    assert is_plan(normalize(text.replace(word.upper(), "XYZ", 1))) is False
    if not plan:
        # the title line is read before any later plan title
        assert is_plan(normalize(text + "KẾ HOẠCH\n")) is False


@pytest.mark.parametrize("row", [r for r in TITLE_ROWS if r[0] == "chapter_heading" and len(r) > 2],
                         ids=lambda r: r[1])
def test_a_chapter_word_opens_a_chapter(row):
    from cancu.nlp.obligations.layout import _marker
    _, word, line = row
    assert _marker(line) == ("chapter", None, len(line))
    assert _marker(line.upper())[0] == "chapter"
    assert _marker(line.replace(line.split()[0], "Xyz"))[0] != "chapter"
