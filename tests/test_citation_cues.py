"""Every title phrase in nlp/data/citation_cues.tsv, run on its example sentence."""
import pytest

from nlp.citations.extract import _Reader
from nlp.citations.grammar import grammar
from nlp.citations.vocab import read_tsv
from nlp.text.fold import fold
from nlp.text.normalize import normalize

ROWS = [r for r in read_tsv("citation_cues.tsv") if r["cue"].startswith("title_") and r.get("example")]


def _titles(example: str) -> tuple[_Reader, list[tuple[int, int]]]:
    reader = _Reader(normalize(example), None, None)
    return reader, [d.title for d in reader.symbol_drafts() if d.title]


def test_every_title_phrase_but_two_has_an_example():
    title_rows = [r for r in read_tsv("citation_cues.tsv") if r["cue"].startswith("title_")]
    missing = {fold(r["phrase"]) for r in title_rows if not r.get("example")}
    assert missing == {"duoc ban hanh", "cu the nhu sau"}


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['cue']}:{r['phrase']}")
def test_title_phrase_does_its_job(row):
    reader, titles = _titles(row["example"])
    phrase = fold(row["phrase"])
    assert titles, "the example cites an instrument with a title"
    start, end = titles[-1]
    title = reader.f[start:end].strip(" ,")
    if row["cue"] == "title_start":
        # The title opens with the phrase, and with no longer phrase of the list.
        assert grammar().title_start.match(reader.f, start).group(0).strip(" ,") == phrase
        assert title.startswith(phrase + " ")
    elif row["cue"] == "title_end":
        assert reader.f[end:].lstrip().startswith(phrase)
        assert phrase not in title
    else:  # title_lead: the title named again is the title without its lead
        stripped = grammar().title_lead.sub("", reader.f[start:end])
        assert title.startswith(phrase + " ") and stripped == title[len(phrase) + 1:]
