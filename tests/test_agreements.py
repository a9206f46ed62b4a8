"""International agreements (type «Hiệp định»): cited by name like a law, resolved to the registry's
rows (corpus/registry/research/agreements_r14a.tsv, pseudo-symbols ABBR-YYYY), their names ending where
the known name ends. Sentences from the real documents named in each case."""
from __future__ import annotations

from functools import lru_cache

import pytest

from cancu.nlp.model import SourceText
from cancu.pipeline import Extractor, load_registry


@lru_cache(maxsize=1)
def _extractor() -> Extractor:
    return Extractor(load_registry())


def _cited(text: str) -> list[tuple[str, str | None]]:
    doc = _extractor().extract(SourceText("t.txt", text, "txt"))
    return [(r.mention.name, r.key.symbol if r.key else None) for r in doc.resolutions if r.mention.type == "Hiệp định"]


@pytest.mark.parametrize("text, cited", [
    # f9ddad1e…:36: the name with «và» inside it, broken over a line
    ("quy định về xuất khẩu hàng dệt may sang Mê-hi-cô theo Hiệp định Đối\ntác Toàn diện và Tiến bộ xuyên "
     "Thái Bình Dương.", ("Hiệp định Đối tác Toàn diện và Tiến bộ xuyên Thái Bình Dương", "CPTPP-2018")),
    # an alias: the agreement's abbreviation
    ("đáp ứng quy tắc xuất xứ hàng hóa quy định tại Hiệp định CPTPP và Thông tư số 03/2019/TT-BCT",
     ("Hiệp định CPTPP", "CPTPP-2018")),
    # 46cf026a…:148: the full official title is a name too
    ("Phụ lục 3 của Hiệp định Thương mại hàng hóa thuộc Hiệp định Khung về hợp tác kinh tế toàn diện giữa "
     "Chính phủ của các nước thành viên thuộc Hiệp hội các quốc gia Đông Nam Á và Chính phủ nước Đại Hàn "
     "Dân Quốc ngày 24/8/2006",
     ("Hiệp định Thương mại hàng hóa thuộc Hiệp định Khung về hợp tác kinh tế toàn diện giữa Chính phủ của "
      "các nước thành viên thuộc Hiệp hội các quốc gia Đông Nam Á và Chính phủ nước Đại Hàn Dân Quốc",
      "AKFTA-2006")),
])
def test_an_agreement_cited_by_name_resolves(text, cited):
    assert _cited(text) == [cited]


def test_an_unknown_agreements_name_keeps_free_trade_whole():
    # e52fee10…:162: «tự do» (free) is no boundary, though «do» (because) is one
    [(name, key)] = _cited("Thư phê chuẩn của Ủy ban thực thi Hiệp định Thương mại tự do ASEAN ngày 27/6/2013")
    assert name == "Hiệp định Thương mại tự do ASEAN" and key is None


def test_a_protocol_is_not_a_decree():
    # b241b75d…:37: «Nghị định thư» (a protocol) is not «Nghị định»
    doc = _extractor().extract(SourceText("t.txt", "Thông qua nội dung Nghị định thư 1 của Hiệp định.", "txt"))
    assert [r.mention.type for r in doc.resolutions] == []
