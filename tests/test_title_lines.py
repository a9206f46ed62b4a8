"""Every row of nlp/data/title_lines.tsv with an example, run through the rule that ends a
document's upper-case title (cancu.nlp.document._ends_title)."""
import pytest

from cancu.nlp.citations.vocab import read_tsv
from cancu.nlp.document import _ends_title
from cancu.nlp.text.fold import fold

ROWS = [r for r in read_tsv("title_lines.tsv") if r.get("example")]


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
