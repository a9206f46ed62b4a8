"""Every row of nlp/data/title_lines.tsv with an example, run through the rule that ends a
document's title (cancu.nlp.document._ends_title, and read_document_info for the preamble
openers)."""
import pytest

from cancu.nlp.citations.vocab import read_tsv
from cancu.nlp.document import _ends_title, read_document_info
from cancu.nlp.text.fold import fold

ALL_ROWS = read_tsv("title_lines.tsv")
ROWS = [r for r in ALL_ROWS if r.get("example") and r["cue"] in ("authority", "runs_on")]
PREAMBLE_ROWS = [r for r in ALL_ROWS if r.get("example") and r["cue"].startswith("preamble")]


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['cue']}:{r['phrase']}")
def test_title_line_example(row):
    last, nxt = row["example"].split(" / ")
    phrase = fold(row["phrase"])
    if row["cue"] == "authority":
        assert fold(nxt).startswith(phrase)
        assert _ends_title([last], nxt)            # the title ends above the authority line
    else:
        assert fold(last).rstrip().endswith(phrase)
        assert not _ends_title([last], nxt)        # the title runs on into the next line
        # the same next line under a title line that does not run on ends the title
        assert _ends_title([last[: -len(row["phrase"])].rstrip(" ,")], nxt)


def test_both_cues_have_examples():
    assert {r["cue"] for r in ROWS} == {"authority", "runs_on"}


def test_the_preamble_rows_without_a_real_example_are_these():
    assert {(r["cue"], r["phrase"]) for r in ALL_ROWS if r["cue"].startswith("preamble") and not r["example"]} \
        == {("preamble", "căn cứ")}


@pytest.mark.parametrize("row", PREAMBLE_ROWS, ids=lambda r: f"{r['cue']}:{r['phrase']}")
def test_a_preamble_opener_ends_the_title(row):
    last, nxt = row["example"].split(" / ")
    assert nxt.lower().startswith(row["phrase"])
    title = read_document_info(f"KẾ HOẠCH\n{last}\n{nxt}\n").title
    assert title == last
    # another word in its place goes on the title
    other = "Xyz" + nxt[len(row["phrase"]):]
    assert other[:40] in read_document_info(f"KẾ HOẠCH\n{last}\n{other}\n").title


def test_a_title_may_open_with_a_preamble_after_title_word():
    row = next(r for r in PREAMBLE_ROWS if r["cue"] == "preamble_after_title")
    nxt = row["example"].split(" / ")[1]
    assert read_document_info(f"KẾ HOẠCH\n{nxt}\n").title.startswith(nxt[:40])
