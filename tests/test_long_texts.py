"""Texts over spaCy's max_length (1,000,000 characters) are read in pieces
(nlp/obligations/pieces.py): nothing fails, obligations from the first and the
last parts are found at their offsets in the whole text, and one document's
failure in an ingest batch is that document's error only (issue #14)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import cancu.ingest
from cancu.cli import main
from cancu.nlp.model import SourceText
from cancu.nlp.obligations import extract_obligations, pieces
from cancu.nlp.obligations.structure import opens_section

PLANS = Path(__file__).resolve().parents[1] / "corpus" / "plans"
FIRST, LAST = "002_93d6b709dd7d643f.txt", "003_49e1674737018ede.txt"


def read(name: str) -> str:
    return (PLANS / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def long_text() -> tuple[str, int]:
    """Plan 002, then every embedded plan again and again, then plan 003: over a
    million characters of real plans. Returns the text and where plan 003 starts."""
    plans = [read(p.name) for p in sorted(PLANS.glob("*.txt"))]
    parts = [read(FIRST)]
    while sum(len(p) + 1 for p in parts) < 1_050_000:
        parts += plans
    text = "\n".join(parts) + "\n"
    return text + read(LAST), len(text)


def spans(obligations, shift=0):
    return [(o.start - shift, o.end - shift, o.text, o.task, o.source) for o in obligations]


def test_the_long_text_is_over_spacys_limit_and_cut_in_pieces(long_text):
    text, _ = long_text
    assert len(text) > 1_000_000
    cut = pieces.split(text)
    assert len(cut) > 1 and all(len(p.text(text)) <= pieces.PIECE_CHARS for p in cut)
    assert cut[0].start == 0 and cut[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(cut, cut[1:]))            # no gap, no overlap
    for p in cut[1:]:
        assert text[p.start - 1] == "\n"                                   # cut at a line start
        assert not p.context or opens_section(p.context.split("\n")[0].strip())


def test_obligations_from_the_first_and_last_parts_are_found_at_their_offsets(long_text):
    text, last_at = long_text
    found = extract_obligations(SourceText("dai.txt", text, "txt"))
    assert all(o.text == text[o.start:o.end] for o in found)
    assert all(text[d.start:d.end] for o in found for d in o.deadlines)
    first = spans(extract_obligations(SourceText(FIRST, read(FIRST), "txt")))
    last = spans(extract_obligations(SourceText(LAST, read(LAST), "txt")))
    assert first and last
    assert [s for s in spans(found) if s[1] <= len(read(FIRST))] == first
    assert [s for s in spans(found, last_at) if s[0] >= 0] == last
    # Every copy of the plans in between gives its obligations too, none twice.
    starts = [o.start for o in found]
    assert len(starts) == len(set(starts))
    assert len(found) >= len(first) * (len(text) // 110_000)


def _key(o):
    return (o.start, o.end, o.text, o.source, o.task, o.actor_normalized, o.reports_to,
            tuple((d.start, d.end, d.text) for d in o.deadlines))


@pytest.mark.parametrize("plan", sorted(p.name for p in PLANS.glob("*.txt")))
@pytest.mark.parametrize("parts", [2, 3])
def test_a_plan_read_in_pieces_gives_what_it_gives_whole(plan, parts, monkeypatch):
    """Pieces far smaller than the real ones, so cuts fall inside sections and inside
    an org section's numbered items: the copied heading and item keep each piece's
    section and actor, and nothing is found twice or lost."""
    text = read(plan)
    whole = [_key(o) for o in extract_obligations(SourceText(plan, text, "txt"))]
    monkeypatch.setattr(pieces, "PIECE_CHARS", len(text) // parts)
    cut = pieces.split(text)
    assert len(cut) > parts - 1 and any(p.context for p in cut)
    assert [_key(o) for o in extract_obligations(SourceText(plan, text, "txt"))] == whole


def test_a_long_file_does_not_stop_an_ingest_or_extract_batch(long_text, tmp_path, capsys):
    text, _ = long_text
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-dai.txt").write_text(text, encoding="utf-8")
    (folder / "b-ngan.txt").write_text(read(LAST), encoding="utf-8")
    home = str(tmp_path / "home")
    assert main(["--home", home, "ingest", "--jobs", "1", str(folder)]) == 0
    capsys.readouterr()
    assert main(["--home", home, "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 2
    assert main(["extract", "--obligations", "--json", str(folder / "a-dai.txt"), str(folder / "b-ngan.txt")]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert {Path(r["file"]).name for r in rows} == {"a-dai.txt", "b-ngan.txt"}


def test_an_exception_in_one_document_is_its_error_and_the_batch_goes_on(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-hong.txt").write_text(read(FIRST), encoding="utf-8")
    (folder / "b-tot.txt").write_text(read(LAST), encoding="utf-8")
    real = cancu.ingest.Ingestor.prepare

    def failing(self, source, doc_id, previous, **kw):
        if doc_id == "a-hong.txt":
            raise RuntimeError("/srv/secret/path: boom")
        return real(self, source, doc_id, previous, **kw)

    monkeypatch.setattr(cancu.ingest.Ingestor, "prepare", failing)
    home = str(tmp_path / "home")
    assert main(["--home", home, "ingest", "--jobs", "1", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "a-hong.txt: lỗi khi xử lý văn bản / processing error (RuntimeError)" in err
    assert main(["--home", home, "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 1
