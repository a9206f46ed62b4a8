"""Extractor.extract_many: documents read a batch at a time, each stage over the batch,
give what `extract` gives for each one alone, in order; a document that fails loses none
of those before it."""
from __future__ import annotations

from pathlib import Path

import pytest

from cancu import pipeline
from cancu.nlp.model import SourceText
from cancu.pipeline import Extractor, batches, load_registry

REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "realdocs" / "texts"
PLANS = Path(__file__).resolve().parents[1] / "corpus" / "plans"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(load_registry())


def _sources() -> list[SourceText]:
    paths = sorted(PLANS.glob("*.txt")) + sorted(REALDOCS.glob("*.txt"))[:25]
    return [SourceText(str(p), p.read_text(encoding="utf-8"), "txt") for p in paths]


def test_batches_give_what_each_document_alone_gives(extractor, monkeypatch):
    sources = _sources()
    alone = [extractor.extract(s, obligations=True) for s in sources]
    monkeypatch.setattr(pipeline, "BATCH_DOCUMENTS", 4)     # several batches, the last one short
    together = list(extractor.extract_many(iter(sources), obligations=True))
    # ExtractedDocument and what it holds are dataclasses: equal field by field.
    assert len(sources) % 4 and together == alone
    assert sum(len(d.resolutions) for d in alone) > 100 and sum(len(d.obligations) for d in alone) > 20
    assert sum(d.info.not_before is not None for d in alone) > 5


def test_a_batch_ends_at_its_documents_or_characters(monkeypatch):
    monkeypatch.setattr(pipeline, "BATCH_DOCUMENTS", 3)
    monkeypatch.setattr(pipeline, "BATCH_CHARACTERS", 100)

    def text(n: int) -> SourceText:
        return SourceText(f"{n}.txt", "x" * n, "txt")

    sizes = [[len(s.text) for s in b] for b in batches(text(n) for n in (10, 20, 30, 40, 50, 250, 5, 5, 5, 5))]
    # 10+20+30 is three documents; 40+50 would pass 100 with the next; 250 is alone,
    # longer than a batch; then three of 5 and the last one.
    assert sizes == [[10, 20, 30], [40, 50], [250], [5, 5, 5], [5]]
    assert list(batches(iter([]))) == []


def test_a_failing_document_loses_none_before_it(extractor, monkeypatch):
    sources = _sources()[:6]
    bad = SourceText("bad.txt", "Căn cứ Nghị định số 59/2023/NĐ-CP;", "txt")
    given = [*sources[:3], bad, *sources[3:]]
    real_read = pipeline.read_document_info

    def read(text, normalized=None):
        if text is bad.text:
            raise RuntimeError("the header reader broke on this one")
        return real_read(text, normalized=normalized)

    monkeypatch.setattr(pipeline, "read_document_info", read)
    got = []
    with pytest.raises(RuntimeError, match="broke on this one"):
        for doc in extractor.extract_many(given):
            got.append(doc.source.path)
    assert got == [s.path for s in sources[:3]]
