"""The own_before, amended_next and common_noun_before rows of nlp/data/citation_cues.tsv,
each run on its example sentence through the code that reads it (nlp/citations/extract.py)."""
import re

import pytest

from cancu.nlp.citations.extract import _is_common_noun, _Reader, extract_mentions
from cancu.nlp.citations.grammar import grammar
from cancu.nlp.citations.vocab import read_tsv
from cancu.nlp.text.fold import fold
from cancu.nlp.text.normalize import normalize

CUES = ("own_before", "amended_next", "common_noun_before")
ROWS = [r for r in read_tsv("citation_cues.tsv") if r["cue"] in CUES]


def _rows(cue: str) -> list[dict[str, str]]:
    return [r for r in ROWS if r["cue"] == cue and r.get("example")]


def _after(f: str, phrase: str) -> int:
    """Where the word after the phrase starts in the folded example."""
    m = re.search(rf"(?<![a-z]){re.escape(fold(phrase))}\s+", f)
    assert m, phrase
    return m.end()


def test_the_rows_without_a_real_example_are_these():
    missing = {(r["cue"], r["phrase"]) for r in ROWS if not r.get("example")}
    assert missing == {("own_before", "trên đây là"), ("amended_next", "bộ luật"),
                       ("amended_next", "pháp lệnh"), ("common_noun_before", "đạo"),
                       ("common_noun_before", "quy"), ("common_noun_before", "một")}


@pytest.mark.parametrize("row", _rows("own_before"), ids=lambda r: r["phrase"])
def test_own_before_phrase_stops_a_back_reference(row):
    # the back-reference reader searches the same window before the type word
    reader = _Reader(normalize(row["example"]), None, None)
    at = _after(reader.f, row["phrase"])
    assert reader.g.type_word.match(reader.f, at), "a type word follows the phrase"
    g = reader.g
    assert g.own_before.search(reader.f, max(0, at - g.own_before_window), at)
    assert not g.own_before.search(reader.f, max(0, at - g.own_before_window), at - len(fold(row["phrase"])) - 1)


@pytest.mark.parametrize("row", _rows("amended_next"), ids=lambda r: r["phrase"])
def test_amended_next_goes_on_the_amending_law_name(row):
    text = row["example"]
    mentions = extract_mentions(text)
    amending = [m for m in mentions if "sửa đổi" in (m.name or "")]
    assert len(amending) == 1
    name = amending[0].name
    # the name runs over every amended instrument: the phrase comes at least twice after "của"
    tail = fold(name).split(" cua ", 1)[1]
    assert len(re.findall(rf"(?<![a-z]){re.escape(fold(row['phrase']))}\s", tail + " ")) >= 2
    # and no amended instrument is a citation of its own
    assert len(mentions) == 1


@pytest.mark.parametrize("row", _rows("common_noun_before"), ids=lambda r: r["phrase"])
def test_common_noun_before_is_no_new_citation(row):
    f = fold(normalize(row["example"]).text)
    at = _after(f, row["phrase"])
    assert grammar().type_word.match(f, at), "a type word follows the phrase"
    assert _is_common_noun(f, at)
    assert not any(m.start == at for m in extract_mentions(row["example"]))


NAME_CUES = ("amended_note", "country_after", "constitution_of")
NAME_ROWS = [r for r in read_tsv("citation_cues.tsv") if r["cue"] in NAME_CUES]


def test_the_name_rows_without_a_real_example_are_these():
    assert {(r["cue"], r["phrase"]) for r in NAME_ROWS if not r.get("example")} == {
        ("amended_note", "sửa đổi, bổ sung")}


def _cited(text: str) -> list[str]:
    from cancu.pipeline import Extractor, load_registry
    names = Extractor(load_registry()).names
    return [text[m.start:m.end] for m in extract_mentions(text, names=names)]


@pytest.mark.parametrize("row", [r for r in NAME_ROWS if r.get("example")], ids=lambda r: r["cue"])
def test_the_phrase_goes_with_the_citation_before_it(row):
    text, phrase = row["example"], row["phrase"]
    cited = _cited(text)
    with_phrase = [c for c in cited if phrase in c]
    assert len(with_phrase) == 1 and with_phrase[0].endswith(phrase + (")" if row["cue"] == "amended_note" else ""))
    # another word in its place is no part of the citation
    other = text.replace(phrase, "xyz", 1)
    assert with_phrase[0].replace(phrase, "xyz") not in _cited(other)
