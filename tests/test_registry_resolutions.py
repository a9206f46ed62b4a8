"""Nghị quyết of the Quốc hội / UBTVQH and Pháp lệnh cited in the real documents
(issue #13): the shipped registry knows them, with the name the citing text gives."""
from __future__ import annotations

from pathlib import Path

import pytest

from cancu.pipeline import Extractor
from cancu.kg.model import ResolutionStatus
from cancu.kg.registry.instruments import Registry, name_key
from cancu.kg.registry.check import place_in_sequence
from cancu.nlp.model import SourceText

REGISTRY_DIR = Path(__file__).resolve().parent.parent / "corpus" / "registry"


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load(REGISTRY_DIR)


def _resolutions(reg, text):
    return Extractor(reg).extract(SourceText(path="t.txt", text=text, format="txt")).resolutions


def test_a_yearless_ubtvqh_resolution_resolves_by_the_registry(reg):
    # /work/shared/realdocs/texts/592501a25aaf5012.txt:108 (cited 18 times there, without a date)
    text = ("Áp dụng trên địa bàn xã, phường theo Nghị quyết số 1314/NQ-UBTVQH15 về việc sắp xếp đơn vị "
            "hành chính cấp huyện, cấp xã của thành phố huế giai đoạn 2023 - 2025: các xã Quảng Thọ.\n")
    [res] = _resolutions(reg, text)
    assert res.status is ResolutionStatus.RESOLVED
    assert reg.get(res.symbol).issuer == "Ủy ban Thường vụ Quốc hội"


@pytest.mark.parametrize("sentence, symbol, words", [
    # realdocs 5a80798bbf985e87:424
    ("khoản 1 Điều 4 Nghị quyết số 171/2024/QH15 và khoản 6 Điều 4 Nghị định số 75/2025/NĐ-CP để rà soát.",
     "171/2024/QH15", "dự án nhà ở thương mại"),
    # realdocs 514184bd8913458c:7
    ("được thực hiện theo quy định tại khoản 4 Điều 4 Nghị quyết 111/2024/QH15 về một số cơ chế, chính sách "
     "đặc thù thực hiện chương trình mục tiêu quốc gia.", "111/2024/QH15", "chương trình mục tiêu quốc gia"),
    # realdocs 478446b53ded4c18:27-29
    ("Căn cứ các Nghị quyết của Quốc hội: số 28/2016/QH14 ngày 11/11/2016 về sửa đổi, bổ sung một số điều của "
     "Nghị quyết số 55/2010/QH12 về miễn, giảm thuế sử dụng đất nông nghiệp; số 107/2020/QH14 ngày 10/6/2020 "
     "về kéo dài thời hạn miễn thuế sử dụng đất nông nghiệp;", "107/2020/QH14", "kéo dài thời hạn miễn thuế"),
    ("Căn cứ các Nghị quyết của Quốc hội: số 28/2016/QH14 ngày 11/11/2016 về sửa đổi, bổ sung một số điều của "
     "Nghị quyết số 55/2010/QH12 về miễn, giảm thuế sử dụng đất nông nghiệp;", "28/2016/QH14", "sửa đổi, bổ sung"),
    # realdocs 8983091b5c6598d8:29
    ("Căn cứ Nghị quyết số 203/2025/QH15 của Quốc hội về việc sửa đổi, bổ sung một số điều của Hiến pháp nước "
     "Cộng hòa xã hội chủ nghĩa Việt Nam;", "203/2025/QH15", "Hiến pháp"),
    # realdocs cf07a5ebd65d1318:23
    ("quy định chính sách miễn, giảm thuế theo Nghị quyết số 204/2025/QH15 ngày 17/6/2025 của Quốc hội về giảm "
     "thuế giá trị gia tăng.", "204/2025/QH15", "thuế giá trị gia tăng"),
])
def test_resolutions_cited_in_real_documents_have_their_names(reg, sentence, symbol, words):
    found = [r for r in _resolutions(reg, sentence) if r.symbol == symbol]
    assert found and found[0].status is ResolutionStatus.RESOLVED
    inst = reg.get(symbol)
    assert inst is not None and name_key(words) in name_key(inst.name)
    assert inst.sources and place_in_sequence(inst.type, inst.symbol)[1] == "Nghị quyết"


def test_the_ubtvqh_standards_resolution_and_ordinances_are_placed_in_their_sequences(reg):
    # realdocs 0d99145eee8ac0ff:66 names 1211/2016/UBTVQH13 by its date only
    standards = reg.get("1211/2016/UBTVQH13")
    assert "tiêu chuẩn của đơn vị hành chính" in standards.name and standards.signed.isoformat() == "2016-05-25"
    assert place_in_sequence(standards.type, standards.symbol) == ("QH13", "Nghị quyết UBTVQH", 1211)
    costs = reg.get("05/2024/UBTVQH15")
    assert costs.type == "Pháp lệnh" and costs.name == "Pháp lệnh Chi phí tố tụng"
    assert place_in_sequence(costs.type, costs.symbol) == ("QH15", "Pháp lệnh", 5)
    assert [i.symbol for i in reg.find_by_name("Pháp lệnh Chi phí tố tụng")] == ["05/2024/UBTVQH15"]


def test_a_name_cited_without_its_bracketed_end_finds_the_law():
    # 7a366d…: «Luật Phòng, chống nhiễm vi rút … ở người (HIV/AIDS)», cited without «(HIV/AIDS)»
    from cancu.pipeline import load_registry
    registry = load_registry()
    name = "Luật Phòng, chống nhiễm vi rút gây ra hội chứng suy giảm miễn dịch mắc phải ở người"
    assert [i.symbol for i in registry.find_by_name(name)] == ["64/2006/QH11"]
    assert [i.symbol for i in registry.find_by_name(name + " (HIV/AIDS)")] == ["64/2006/QH11"]
