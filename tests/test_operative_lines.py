"""The words of nlp/data/operative_lines.tsv, one list for both readers: the citation basis
(a mention above the line is in the preamble) and the administrative forms (no duty above
it). Each example, real lines joined by « / », is run through both."""
import pytest

from cancu.nlp.citations.basis import preamble_end
from cancu.nlp.obligations import admin
from cancu.nlp.text.datafiles import read_tsv
from cancu.nlp.text.markers import OPERATIVE_WORDS

ROWS = read_tsv("operative_lines.tsv")


def _lines(example: str) -> str:
    return example.replace(" / ", "\n")


def test_the_words_without_a_real_example_are_these():
    assert {r["word"] for r in ROWS if not r["example"]} == {"CHỈ THỊ"}
    assert OPERATIVE_WORDS == tuple(r["word"] for r in ROWS)


@pytest.mark.parametrize("row", [r for r in ROWS if r["example"]], ids=lambda r: r["word"])
def test_the_operative_line_is_read_by_the_obligation_rules(row):
    line = next(ln for ln in _lines(row["example"]).split("\n") if ln.startswith(row["word"]))
    assert admin._OPERATIVE_LINE.fullmatch(line)
    assert not admin._OPERATIVE_LINE.fullmatch(line.replace(row["word"], "THÔNG BÁO"))


@pytest.mark.parametrize("row", [r for r in ROWS if r["example"] and f"{r['word']}:" in r["example"]],
                         ids=lambda r: r["word"])
def test_the_operative_line_ends_the_preamble(row):
    text = _lines(row["example"])
    assert preamble_end(text) == text.index(row["word"])
    # with another word in its place the preamble goes on to the next heading ("Điều 1.")
    other = text.replace(row["word"], "THÔNG BÁO")
    assert preamble_end(other) == other.index("Điều 1")


def test_without_a_colon_the_line_is_a_title_not_the_end_of_the_preamble():
    row = next(r for r in ROWS if r["word"] == "KẾT LUẬN")
    assert preamble_end(_lines(row["example"])) is None
