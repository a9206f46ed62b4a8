"""bench/corpus.py: determinism, truth offsets, and the extractor's accuracy on a small corpus."""
from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402
import score_corpus  # noqa: E402

from cancu.nlp.readers import read_document  # noqa: E402


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus_a")
    corpus.generate(60, 11, out, mixed=True, workers=1)
    return out


def test_same_seed_same_bytes(small, tmp_path):
    again = tmp_path / "b"
    corpus.generate(60, 11, again, mixed=True, workers=2)   # worker count must not matter
    assert _digest(small) == _digest(again)


def test_different_seed_differs(small, tmp_path):
    other = tmp_path / "c"
    corpus.generate(60, 12, other, mixed=True, workers=1)
    a, b = _digest(small), _digest(other)
    assert a["truth.jsonl"] != b["truth.jsonl"]
    assert sum(a.get(k) != v for k, v in b.items()) > 50


def test_truth_offsets_slice_the_text(small):
    formats = set()
    n_cit = n_obl = 0
    for line in (small / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        t = json.loads(line)
        formats.add(t["format"])
        text = read_document(small / t["file"]).text      # what every offset points into
        for rec in t["citations"] + t["obligations"]:
            assert 0 <= rec["start"] < rec["end"] <= len(text)
            assert text[rec["start"]:rec["end"]] == rec["text"], (t["file"], rec)
        for c in t["citations"]:
            n_cit += 1
            written = unicodedata.normalize("NFC", c["text"])
            # the number of a symbol is in the span (noise may split or respell the rest)
            if c["symbol"] and c["form"] not in ("name", "name_date", "name_year", "nickname", "constitution",
                                                 "embedded"):
                assert c["symbol"].split("/")[0].split("-")[0] in written, c
        for o in t["obligations"]:
            n_obl += 1
            assert o["actor_normalized"] and o["modality"] in ("must", "request")
            flat = " ".join(unicodedata.normalize("NFC", o["text"]).lower().split())
            for d in o["deadlines"]:
                assert unicodedata.normalize("NFC", d).lower() in flat, (t["file"], o)
    assert n_cit > 300 and n_obl > 300
    assert formats >= {"txt"}


def test_mixed_formats_read_back_identically(tmp_path):
    """.docx and .html files read back to the text the truth offsets refer to."""
    seen = set()
    for i in range(400):
        fmt, text, truth = corpus.make_document(5, i, True)
        if fmt == "txt" or fmt in seen:
            continue
        seen.add(fmt)
        path = tmp_path / f"x.{fmt}"
        path.write_bytes(corpus.docx_bytes(text) if fmt == "docx" else corpus.html_bytes(text))
        got = read_document(path).text
        assert got == corpus.expected_text(fmt, text)
        if seen == {"docx", "html"}:
            break
    assert seen == {"docx", "html"}


def test_truth_has_stale_citations_at_a_known_rate(tmp_path):
    out = tmp_path / "s"
    corpus.generate(300, 3, out, workers=1)
    recs = [json.loads(x) for x in (out / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    with_stale = [r for r in recs if r["expected_stale"]]
    assert 0.05 < len(with_stale) / len(recs) < 0.3
    pl = [r for r in with_stale if "34/2007/PL-UBTVQH11" in r["expected_stale"]]
    assert pl and all(r["date"] >= "2023-07-01" for r in pl)


def test_extractor_scores_on_50_documents(tmp_path):
    out = tmp_path / "score"
    corpus.generate(50, 7, out, workers=1)
    res = score_corpus.score(out, audit=True)
    c, o, a = res["citations"], res["obligations"], res["audit"]
    print(f"\n50 docs: citations P={c['precision']} R={c['recall']}; obligations P={o['precision']} "
          f"R={o['recall']}; stale {a['found']}/{a['expected_stale']}")
    assert not res["errors"]
    # Measured on seed 7 when this test was written: citations P 0.946 / R 0.989,
    # obligations P 0.933 / R 0.968, stale 6/6; asserted minus a small margin.
    assert c["precision"] >= 0.92 and c["recall"] >= 0.96
    assert o["precision"] >= 0.91 and o["recall"] >= 0.94
