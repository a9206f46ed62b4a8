"""Word lists of the administrative forms (nlp/obligations/admin.py) kept in
nlp/data/obligation_actors.tsv: each row's example (a real sentence, third column) run
through the rule that reads the row, and the same sentence without the word read otherwise."""
import re
from importlib import resources

import pytest

from cancu.nlp.obligations import admin
from cancu.nlp.obligations import admin_records as records
from cancu.nlp.obligations import admin_roles as roles
from cancu.nlp.obligations.admin_doc import Actor, Doc, rx
from cancu.nlp.obligations import actors as act
from cancu.nlp.obligations import members as mem
from cancu.nlp.obligations.actors import lower
from cancu.nlp.text.normalize import normalize

_LINES = (resources.files("cancu.nlp") / "data" / "obligation_actors.tsv").read_text(encoding="utf-8").splitlines()
ROWS = [ln.split("\t") for ln in _LINES if ln and not ln.startswith("#")]


def _rows(kind: str) -> list[list[str]]:
    return [r for r in ROWS if r[0] == kind]


def _with_example(kind: str) -> list[list[str]]:
    return [r for r in _rows(kind) if len(r) > 2 and r[2]]


def _doc(sentence: str) -> Doc:
    return Doc(normalize(sentence), None, {})


def _at(doc: Doc, phrase: str) -> int:
    m = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", doc.low)
    assert m, phrase
    return m.start()


def _without(sentence: str, phrase: str) -> str:
    """The sentence with the phrase (any case) replaced by a word no list holds."""
    return re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", "xyz", sentence, count=1, flags=re.I)


ACTOR = Actor("Sở Tài chính", ["Sở Tài chính"])


def test_the_rows_without_a_real_example_are_these():
    kinds = {"prohibition_joined", "prohibition_open"}
    assert {(r[0], r[1]) for r in ROWS if r[0] in kinds and (len(r) < 3 or not r[2])} == {
        ("prohibition_joined", "nghiêm cấm"), ("prohibition_open", "nghiêm cấm"), ("prohibition_open", "cấm")}


def test_a_joined_prohibition_is_also_a_prohibition():
    assert {r[1] for r in _rows("prohibition_joined")} <= {r[1] for r in _rows("prohibition_open")}


@pytest.mark.parametrize("row", _with_example("prohibition_joined"), ids=lambda r: r[1])
def test_prohibition_joined_to_a_task_splits_it(row):
    _, phrase, sentence = row
    doc = _doc(sentence)
    at = _at(doc, phrase)
    assert at in records._prohibition_splits(doc, 0, len(doc.nfc))
    made = records.make(doc, 0, 0, len(doc.nfc), "numbered_item", "1", ACTOR, "must", [])
    assert [d.modality for d in made][-1] == "prohibition"
    assert [d.start for d in made][-1] == at
    other = _doc(_without(sentence, phrase))
    assert not records._prohibition_splits(other, 0, len(other.nfc))


@pytest.mark.parametrize("row", _with_example("prohibition_open"), ids=lambda r: r[1])
def test_a_task_opening_with_a_prohibition_word_is_a_prohibition(row):
    _, phrase, sentence = row
    doc = _doc(sentence)
    at = _at(doc, phrase)
    made = records.make(doc, at, at, len(doc.nfc), "article", "1", ACTOR, "must", [])
    assert [d.modality for d in made] == ["prohibition"]
    other = _doc(_without(sentence, phrase))
    made = records.make(other, at, at, len(other.nfc), "article", "1", ACTOR, "must", [])
    assert [d.modality for d in made] == ["must"]
    assert lower(doc.nfc[at:]).startswith(phrase)


def _cue_at(doc: Doc) -> int:
    """Where the first request or assignment cue written in lower case starts."""
    at = [m.start() for kind in ("request", "assign") for m in rx(kind).finditer(doc.low)
          if doc.nfc[m.start()].islower()]
    assert at
    return min(at)


def test_the_reported_subject_rows_without_a_real_example_are_these():
    assert {r[1] for r in _rows("reported_subject") if len(r) < 3} == {
        "số", "tại", "của", "là", "theo", "nếu", "khi"}


@pytest.mark.parametrize("row", _with_example("reported_subject"), ids=lambda r: r[1])
def test_a_request_after_a_reported_subject_is_not_spoken(row):
    _, word, sentence = row
    doc = _doc(sentence)
    assert _cue_at(doc) not in admin._spoken_cues(doc, 0, len(doc.nfc))
    # the same subject without the word speaks the request
    other = _doc(_without(sentence, word))
    assert _cue_at(other) in admin._spoken_cues(other, 0, len(other.nfc))


ITEM_KINDS = ("report_head", "report_contents", "listing_end", "listed_tasks", "responsibility_title")


def test_the_item_rows_without_a_real_example_are_these():
    assert {(r[0], r[1]) for r in ROWS if r[0] in ITEM_KINDS and len(r) < 3} == {
        ("report_contents", "thông tin"), ("report_contents", "số liệu"), ("listed_tasks", "giải pháp"),
        ("responsibility_title", "Nhiệm vụ của"), ("responsibility_title", "Trách nhiệm và quyền hạn của"),
        ("responsibility_title", "Nhiệm vụ và quyền hạn của")}


@pytest.mark.parametrize("row", _with_example("report_head") + _with_example("report_contents"),
                         ids=lambda r: f"{r[0]}:{r[1]}")
def test_a_report_of_contents_lists_no_tasks(row):
    _, phrase, sentence = row
    assert admin._REPORT_CONTENTS.search(lower(sentence))
    assert not admin._REPORT_CONTENTS.search(lower(_without(sentence, phrase)))


@pytest.mark.parametrize("row", _with_example("options_head"), ids=lambda r: r[1])
def test_an_umbrella_offering_ways_to_choose_lists_no_tasks(row):
    _, phrase, sentence = row
    assert admin._OPTIONS.search(lower(sentence))
    assert not admin._OPTIONS.search(lower(_without(sentence, phrase)))


@pytest.mark.parametrize("row", _with_example("listing_end"), ids=lambda r: r[1])
def test_an_umbrella_ending_in_a_listing_word_lists_things(row):
    _, phrase, sentence = row
    assert admin._LISTING.search(lower(sentence)) and not admin._LISTED_TASKS.search(lower(sentence))
    assert not admin._LISTING.search(lower(_without(sentence, phrase)))


@pytest.mark.parametrize("row", _with_example("listed_tasks"), ids=lambda r: r[1])
def test_a_listing_of_tasks_is_no_listing_of_things(row):
    _, phrase, sentence = row
    assert admin._LISTING.search(lower(sentence)) and admin._LISTED_TASKS.search(lower(sentence))
    assert not admin._LISTED_TASKS.search(lower(_without(sentence, phrase)))


@pytest.mark.parametrize("row", _with_example("responsibility_title"), ids=lambda r: r[1])
def test_a_responsibility_title_heads_its_actor(row):
    _, phrase, heading = row
    m = admin._RESP_TITLE.match(heading)
    assert m and m.group(1) == heading[len(phrase):].strip()
    assert not admin._RESP_TITLE.match(_without(heading, phrase))
    # written over two lines, as the texts often are
    assert admin._RESP_TITLE.match(heading.replace(" ", "\n", 1))


def test_the_closing_rows_without_a_real_example_are_these():
    assert {(r[0], r[1]) for r in ROWS if r[0] in ("address_formula", "closing_shared") and len(r) < 3} == {
        ("address_formula", "ông/bà"), ("address_formula", "ông bà"), ("address_formula", "ông"),
        ("address_formula", "bà"), ("address_formula", "đồng chí"), ("closing_shared", "phối hợp"),
        ("closing_shared", "chủ trì"), ("closing_shared", "cùng")}


def _sources(text: str) -> list[tuple[str, str]]:
    return [(d.source, d.actor.split()[0]) for d in admin.extract(normalize(text), None)]


@pytest.mark.parametrize("row", _with_example("address_formula"), ids=lambda r: r[1])
def test_an_address_formula_opens_the_closing_article(row):
    _, phrase, sentence = row
    assert _sources(sentence) == [("closing_article", "Chánh")]
    formula = re.search(rf"{re.escape(phrase)}", sentence, re.I).group(0)
    assert ("closing_article", "Chánh") not in _sources(sentence.replace(formula, "xyz", 1))


def test_loose_phrases_take_or_leave_the_spaces():
    rx = re.compile(admin._loose("ông (bà)") + "$")
    assert all(rx.match(s) for s in ("ông (bà)", "ông(bà)", "ông ( bà )"))
    assert not rx.match("ông bà")


@pytest.mark.parametrize("row", _with_example("list_class"), ids=lambda r: r[1])
def test_a_class_before_a_colon_opens_a_list_of_names(row):
    _, word, sentence = row
    first_name = sentence.split(":", 1)[1].split()[0]
    other = sentence.replace(f"các {word}:", "các xyz:", 1)
    if "phối hợp" in sentence:
        # partners: the names after the colon, not the class
        partners = roles.partners_in(_doc(sentence), 0, len(sentence))[0]
        assert partners and partners[0].split()[0] == first_name
        assert roles.partners_in(_doc(other), 0, len(other))[0] != partners
    else:
        # members: the post before the class goes to each name ("Thủ trưởng Văn phòng …")
        post = sentence.split(" các ", 1)[0]
        member = ", ".join(sentence.split(", ")[:2])
        got = mem.expand_member(member)
        assert len(got) == 2 and got[0].startswith(f"{post} {first_name}")
        assert all(g.startswith(post + " ") and f"các {word}" not in g for g in got)
        assert mem.expand_member(", ".join(other.split(", ")[:2])) == [", ".join(other.split(", ")[:2])]


@pytest.mark.parametrize("level", act.level_words())
def test_a_level_word_after_a_body_is_written_in_lower_case(level):
    written = f"Ủy ban nhân dân {level[:1].upper() + level[1:]} Hạ Long"
    assert act._lower_level(written) == f"Ủy ban nhân dân {level} Hạ Long"


def test_the_short_name_rows_without_a_real_example_are_these():
    assert {r[1] for r in _rows("short_name_cue") if len(r) < 3} == {"sau đây viết tắt là", "viết tắt là", "gọi là"}


@pytest.mark.parametrize("row", _with_example("short_name_cue"), ids=lambda r: r[1])
def test_a_short_name_cue_names_the_short_name(row):
    _, phrase, sentence = row
    short = sentence.rsplit(phrase, 1)[1].strip(" )")
    assert [m.group(1) for m in act._SHORT_NAME.finditer(sentence)] == [short]
    assert not act._SHORT_NAME.search(sentence.replace(phrase, "xyz"))


def test_a_defined_short_name_stands_for_the_full_name():
    sentence = next(r[2] for r in _with_example("short_name_cue") if r[1] == "sau đây gọi tắt là")
    assert act.defined_names(sentence) == {"chuong trinh": "Chương trình phát triển Chính phủ số"}


def test_the_frame_rows_without_a_real_example_are_these():
    kinds = ("header_block_end", "preamble_line", "topic_opener")
    assert {(r[0], r[1]) for r in ROWS if r[0] in kinds and len(r) < 3} == {
        ("header_block_end", "Số"), ("header_block_end", "Độc lập")}


@pytest.mark.parametrize("row", _with_example("header_block_end"), ids=lambda r: r[1])
def test_a_header_end_line_ends_the_issuer_names(row):
    _, phrase, lines = row
    text = lines.replace(" / ", "\n")
    issuer = lines.split(" / ")[0]
    assert Doc(normalize(text), None, {}).header == {act._key(issuer)}
    other = text.replace(phrase, "XYZ", 1)
    assert Doc(normalize(other), None, {}).header != {act._key(issuer)}


@pytest.mark.parametrize("row", _with_example("preamble_line"), ids=lambda r: r[1])
def test_a_preamble_line_is_no_duty(row):
    _, phrase, sentence = row
    assert admin._PREAMBLE_LINE.match(lower(sentence))
    assert not admin._PREAMBLE_LINE.match(lower(_without(sentence, phrase)))


@pytest.mark.parametrize("row", _with_example("topic_opener"), ids=lambda r: r[1])
def test_a_topic_opener_states_the_topic(row):
    _, phrase, sentence = row
    m = admin._TOPIC.match(sentence)
    assert m and m.group(1) == sentence[len(phrase):].split(":")[0].strip()
    assert not admin._TOPIC.match(sentence.replace(phrase, "Xyz", 1))


# ---------------------------------------------------------------- actor names and lists
def test_the_actor_list_rows_without_a_real_example_are_these():
    kinds = ("places_not_member", "class_lowered", "subject_marker", "dotted_abbreviation")
    assert {(r[0], r[1]) for r in ROWS if r[0] in kinds and len(r) < 3} == {
        ("places_not_member", "các xã"), ("places_not_member", "các huyện"), ("class_lowered", "Ngành"),
        ("dotted_abbreviation", "Q"), ("dotted_abbreviation", "TX"), ("dotted_abbreviation", "TS"),
        ("dotted_abbreviation", "ThS")}


@pytest.mark.parametrize("row", _with_example("places_not_member"), ids=lambda r: r[1])
def test_places_after_a_body_are_no_member_of_their_own(row):
    _, phrase, cell = row
    places = cell[cell.index(phrase):]
    # the places would open a member (a class), but the row keeps them with the body before
    assert act.head_at(places, lower(places), 0) is not None
    assert not mem._starts_member(places)
    assert mem.split_members(cell)[-1].endswith(places.strip(" ."))
    assert mem._starts_member(_without(places, phrase.split()[-1]).replace("xyz", "sở"))


@pytest.mark.parametrize("row", _with_example("class_lowered"), ids=lambda r: r[1])
def test_a_class_after_cac_is_written_in_lower_case(row):
    _, word, actor = row
    lowered = act._CLASS_AFTER_CAC.sub(lambda m: m.group(1).lower(), actor)
    assert f"các {word.lower()}," in lowered and f"các {word}," not in lowered
    other = actor.replace(f"các {word},", "các Xyz,")
    assert act._CLASS_AFTER_CAC.sub(lambda m: m.group(1).lower(), other) == other


def test_a_class_after_cac_keeps_lower_case_in_the_normalised_name():
    assert act.normalize("lãnh đạo các Bộ, ngành", None) == "Lãnh đạo các bộ, ngành"


@pytest.mark.parametrize("row", _with_example("subject_marker"), ids=lambda r: r[1])
def test_the_words_before_a_subject_marker_qualify_the_actor(row):
    _, marker, sentence = row
    doc = _doc(sentence)
    start = doc.nfc.index(" trực tiếp") + 1
    m = act._MARKER_AHEAD.match(doc.low, start)
    assert m and doc.nfc[m.end(2):].startswith(marker)
    assert doc.nfc[:m.end(1)].endswith("tài sản cố định")
    assert not act._MARKER_AHEAD.match(lower(_without(doc.nfc, marker)), start)


@pytest.mark.parametrize("row", _with_example("dotted_abbreviation"), ids=lambda r: r[1])
def test_a_dotted_abbreviation_does_not_end_the_sentence(row):
    _, abbr, sentence = row
    assert f"{abbr}. " in sentence
    assert not act._SENTENCE_END.search(sentence)
    assert act._SENTENCE_END.search(sentence.replace(f"{abbr}. ", "Xyz. "))


def test_the_hoi_dong_slip_is_spelled_out():
    # c53841af6c236aed.txt writes "các Ban của Hội đông nhân dân tỉnh" once
    assert act.normalize("các Ban của Hội đông nhân dân tỉnh", None) == "Các Ban của Hội đồng nhân dân tỉnh"


@pytest.mark.parametrize("row", _with_example("done_word"), ids=lambda r: r[1])
def test_an_account_of_what_was_done_is_no_duty(row):
    _, word, sentence = row
    doc = _doc(sentence)
    at = _at(doc, word)
    assert records._is_not_duty(doc, at - 1, len(doc.nfc))
    other = _doc(_without(sentence, word))
    assert not records._is_not_duty(other, at - 1, len(other.nfc))


def test_a_task_table_of_another_kind_ends_at_the_table_end_lines_of_the_data():
    # nlp/obligations/grid.py: a procedure's or figures' table runs to the next article, chapter,
    # roman heading or table_end_line ("Nơi nhận:", "PHỤ LỤC 01"), as written at a line start.
    from cancu.nlp.obligations.grid import _TABLE_END_LINE
    for line in ("Nơi nhận:", "PHỤ LỤC 01", "  Điều 3. Tổ chức thực hiện"):
        assert _TABLE_END_LINE.search(f"Bước 1\tTiếp nhận\n{line}\n").group(0).strip() in line
    assert _TABLE_END_LINE.search("Bước 1\tTiếp nhận\nnơi nhận hồ sơ\nPhụ lục kèm theo\n") is None
