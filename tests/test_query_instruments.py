"""Which parts of a search query name an instrument (Services.find_in_query,
backed by cancu.kg.registry.lookup.InstrumentCatalogue.find_in_query over the registry)."""
from __future__ import annotations

import pytest

from cancu.services import Services
from cancu.workspace import Workspace


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    s = Services(Workspace.locate(str(tmp_path_factory.mktemp("empty-workspace"))))
    yield s
    s.close()


@pytest.mark.parametrize("query, symbol, span", [
    ("nghi dinh 59", "59/2023/NĐ-CP", (0, 12)),
    ("nđ 59/2023", "59/2023/NĐ-CP", (0, 10)),
    ("qd 217", "217-QĐ/TW", (0, 6)),
    ("Luật Thực hiện dân chủ ở cơ sở", "10/2022/QH15", (0, 30)),
    ("luat thuc hien dan chu o co so", "10/2022/QH15", (0, 30)),
    ("nghi dinh 59 tuyen truyen", "59/2023/NĐ-CP", (0, 12)),
    ("tuyên truyền Nghị định 61/2023/NĐ-CP", "61/2023/NĐ-CP", (13, 36)),
])
def test_the_part_naming_an_instrument_is_found_where_it_is(services, query, symbol, span):
    hits = services.find_in_query(query)
    assert {h.symbol for h in hits} == {symbol}
    assert {h.span for h in hits} == {span}


def test_a_bare_number_and_year_give_every_instrument_so_numbered(services):
    # The registry holds Nghị định 59/2023/NĐ-CP and Thông tư 59/2023/TT-BTC: "59/2023" is either.
    hits = services.find_in_query("59/2023")
    assert {"59/2023/NĐ-CP", "59/2023/TT-BTC"} <= {h.symbol for h in hits}
    assert all(h.symbol.startswith("59/2023/") for h in hits)
    assert {h.span for h in hits} == {(0, 7)}


def test_a_type_and_a_year_give_every_instrument_of_that_year(services):
    # The registry holds several ordinances of 2007; the query names them all.
    hits = services.find_in_query("phap lenh 2007")
    assert "34/2007/PL-UBTVQH11" in {h.symbol for h in hits}
    assert {h.span for h in hits} == {(0, 14)}


@pytest.mark.parametrize("query", [
    "hội thi cồng chiêng", "hoi thi cong chieng", "hội thi", "ubnd xa bao cao 6 thang",
    "tiếp công dân", "nam 2024",
])
def test_ordinary_words_are_not_taken_for_an_instrument(services, query):
    # A law whose name shares a word ("hội", "thi") is not what the person typed.
    assert services.find_in_query(query) == []


def test_words_after_the_instrument_stay_search_terms(services):
    parsed = services.index.parse("nghi dinh 59 tuyen truyen")
    assert [h.symbol for h in parsed.instruments] == ["59/2023/NĐ-CP"]
    assert parsed.terms == ["tuyen", "truyen"]
