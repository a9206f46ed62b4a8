"""The cheap test attachments() makes first lets through every place a date, an issuer or a
term of office can attach."""
from __future__ import annotations

from pathlib import Path

import pytest

from cancu.nlp.citations.grammar import grammar
from cancu.nlp.text.fold import fold_nfc
from cancu.nlp.text.normalize import normalize

REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "realdocs" / "texts"


def _places_missed(folded: str) -> list[int]:
    g = grammar()
    return [pos for pos in range(len(folded) + 1)
            if (g.date_after.match(folded, pos) or g.issuer_after.match(folded, pos)
                or g.term_after.match(folded, pos)) and not g.attachment_hint.match(folded, pos)]


def test_hint_holds_every_attachment():
    text = ("Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ; Nghị quyết số 12/NQ-HĐND , của "
            "Hội đồng nhân dân tỉnh (khóa XVIII), Luật số 10/2022/QH15, khóa XV; Thông tư 01 ngày\t01")
    folded = fold_nfc(normalize(text).text)
    g = grammar()
    assert g.date_after.match(folded, folded.index(" ngay 14"))      # the cases are there
    assert g.term_after.match(folded, folded.index(" (khoa"))
    assert _places_missed(folded) == []
    assert not g.attachment_hint.match(folded, folded.index("; nghi quyet"))


@pytest.mark.skipif(not REALDOCS.is_dir(), reason="real documents not available")
def test_hint_holds_every_attachment_in_real_documents():
    for path in sorted(REALDOCS.glob("*.txt"))[:12]:
        folded = fold_nfc(normalize(path.read_text(encoding="utf-8")).text)
        assert _places_missed(folded) == [], path.name
