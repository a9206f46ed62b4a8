"""The plural_before, task_lead and noun_list_after rows of nlp/data/obligation_actors.tsv,
each example (a real sentence, third column) run through the actor rule that reads it."""
import re
from importlib import resources

import pytest

from cancu.nlp.obligations.actors import _noun_use, _rx, actor_span, lower, task_verb_at_or_after

_LINES = (resources.files("cancu.nlp") / "data" / "obligation_actors.tsv").read_text(encoding="utf-8").splitlines()
KINDS = ("plural_before", "task_lead", "noun_list_after")
ROWS = [ln.split("\t") for ln in _LINES if ln.split("\t")[0] in KINDS]


def _with_example(kind: str) -> list[list[str]]:
    return [r for r in ROWS if r[0] == kind and len(r) > 2]


def _word_end(low: str, phrase: str) -> int:
    m = re.search(rf"(?<!\w){re.escape(phrase)}\s+", low)
    assert m, phrase
    return m.end()


def test_the_rows_without_a_real_example_are_these():
    assert {(r[0], r[1]) for r in ROWS if len(r) < 3} == {("task_lead", "trực tiếp")}


@pytest.mark.parametrize("row", _with_example("plural_before"), ids=lambda r: r[1])
def test_a_task_word_after_a_plural_word_is_a_noun(row):
    _, phrase, nfc = row
    low = lower(nfc)
    after = _word_end(low, phrase)
    assert _rx("task").match(low, after), "a task word follows"
    assert task_verb_at_or_after(nfc, low, after - len(phrase) - 1, len(low)) != after
    # the same word with the plural word taken out is a verb
    bare = nfc[:after - len(phrase) - 1] + nfc[after:]
    assert task_verb_at_or_after(bare, lower(bare), after - len(phrase) - 1, len(bare)) == after - len(phrase) - 1


@pytest.mark.parametrize("row", _with_example("task_lead"), ids=lambda r: r[1])
def test_task_lead_words_belong_to_the_task(row):
    _, phrase, nfc = row
    start, end, _task = actor_span(nfc, lower(nfc), 0, len(nfc))
    actor = nfc[start:end]
    assert actor and not lower(actor).endswith(phrase)
    assert lower(nfc[end:]).lstrip().startswith(phrase)


@pytest.mark.parametrize("row", _with_example("noun_list_after"), ids=lambda r: r[1])
def test_to_chuc_before_a_list_word_is_a_noun(row):
    _, phrase, nfc = row
    low = lower(nfc)
    at = re.search(rf"tổ chức\s+{re.escape(phrase)}(?!\w)", low)
    assert at, phrase
    m = _rx("task").match(low, at.start())
    assert m and m.group(0).startswith("tổ chức")
    assert _noun_use(m, low)
    # followed by a task instead, and not after a noun of a list and its comma (noun_list_before:
    # «cơ quan, tổ chức nhận tiền»), "tổ chức" is the verb
    other = low[:m.end()] + " triển khai" + low[m.end():][len(" " + phrase):]
    other = other[:at.start()].rstrip(", ") + " " + other[at.start():]
    start = other.index("tổ chức triển khai")
    assert not _noun_use(_rx("task").match(other, start), other)


def test_a_member_list_is_not_split_after_any_dotted_abbreviation_of_the_data():
    # split_members reads the dotted_abbreviation rows as the sentence splitter does: before
    # it knew only TP, Tp and TT, and cut "TX. Sơn Tây" and "Q. Ba Đình" in two.
    from cancu.nlp.obligations.members import split_members
    assert split_members("Ủy ban nhân dân TX. Sơn Tây; Sở Nội vụ") == ["Ủy ban nhân dân TX. Sơn Tây", "Sở Nội vụ"]
    assert split_members("Công an Q. Ba Đình, Sở Tư pháp") == ["Công an Q. Ba Đình", "Sở Tư pháp"]
