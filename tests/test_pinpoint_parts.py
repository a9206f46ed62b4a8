"""The pinpoint units of nlp/data/pinpoint_units.tsv that name a part, read by the graph through
cancu.nlp.citations.pinpoint_parts: each part's number goes under its property, on real
pinpoints (/work/shared/realdocs/texts)."""
import pytest
from rdflib import URIRef

from cancu.kg.triples import document as doc
from cancu.kg.vocab import CANCU
from cancu.nlp.citations import pinpoint_parts


def _parts(pinpoint: str) -> dict[URIRef, set[str]]:
    out = doc._Triples()
    doc._describe_pinpoint(out, URIRef("urn:x:m"), pinpoint, None)
    got: dict[URIRef, set[str]] = {}
    for s, p, o in out.list():
        if s == URIRef("urn:x:m-p") and p not in (CANCU.text,) and isinstance(p, URIRef) \
                and p != URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"):
            got.setdefault(p, set()).add(str(o))
    return got


def test_the_units_that_name_a_part_are_these():
    assert pinpoint_parts() == {"Chương": "chapter", "Mục": "section", "Điều": "article",
                                "Khoản": "clause", "Điểm": "point", "Phần": "chapter"}


@pytest.mark.parametrize("pinpoint, want", [
    ("điểm a khoản 3 Điều 30", {CANCU.point: {"a"}, CANCU.clause: {"3"}, CANCU.article: {"30"}}),
    ("Mục 2 Chương II", {CANCU.section: {"2"}, CANCU.chapter: {"II"}}),
    ("Phần II", {CANCU.chapter: {"II"}}),
])
def test_a_real_pinpoint_is_recorded_by_part(pinpoint, want):
    assert _parts(pinpoint) == want


def test_a_unit_that_names_no_part_adds_nothing():
    # "Phần I Phụ lục": the appendix has no part of its own
    assert _parts("Phụ lục II") == {}
    assert _parts("Phần I Phụ lục") == {CANCU.chapter: {"I"}}
