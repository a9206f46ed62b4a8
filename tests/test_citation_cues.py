"""Every title phrase in nlp/data/citation_cues.tsv, run on its example sentence."""
import pytest

from cancu.nlp.citations.basis import BasisKind, basis_kind, clause_bounds
from cancu.nlp.citations.extract import _Reader, extract_mentions
from cancu.nlp.citations.grammar import grammar
from cancu.nlp.citations.vocab import read_tsv
from cancu.nlp.text.fold import fold
from cancu.nlp.text.normalize import normalize

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


BASIS_ROWS = [r for r in read_tsv("citation_cues.tsv") if r["cue"] in ("based_on", "implements")]


@pytest.mark.parametrize("row", [r for r in BASIS_ROWS if r.get("example")],
                         ids=lambda r: f"{r['cue']}:{r['phrase']}")
def test_basis_opener_does_its_job(row):
    want = BasisKind.BASED_ON if row["cue"] == "based_on" else BasisKind.IMPLEMENTS
    # after a title line with no punctuation the opener at the line start still opens the item
    for text in (row["example"], "KẾ HOẠCH PHÒNG CHỐNG THIÊN TAI NĂM 2026\n" + row["example"]):
        m = extract_mentions(text)[0]
        assert basis_kind(text, m.start, m.end, body_start=None) == want
        left, _ = clause_bounds(text, m.start, m.end)
        assert fold(text[left:]).startswith(fold(row["phrase"]))


def test_every_basis_opener_but_one_has_an_example():
    assert {fold(r["phrase"]) for r in BASIS_ROWS if not r.get("example")} == {"thi hanh"}
