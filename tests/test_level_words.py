"""The level words (the administrative unit a body's name may end with) are one list,
nlp/data/places.tsv: the obligation readers and the registry's resolver read it."""
import pytest

from cancu.kg.registry.resolve import _qualify_issuer
from cancu.nlp.citations import place_units
from cancu.nlp.model import DocumentInfo
from cancu.nlp.obligations import actors as act
from cancu.nlp.obligations.vocab import level_words


def test_the_obligation_readers_and_the_resolver_read_one_list():
    assert set(level_words()) == set(place_units()) == set(act.level_words())
    assert {"tỉnh", "thành phố", "xã", "phường", "đặc khu"} <= set(place_units())
    assert set(act.name_rules().levels) == {act._key(w) for w in place_units()}


@pytest.mark.parametrize("unit", place_units())
def test_a_cited_body_of_the_documents_level_takes_its_place(unit):
    # "Ủy ban nhân dân tỉnh" cited in a plan of "Ủy ban nhân dân tỉnh Quảng Trị" is Quảng Trị's
    info = DocumentInfo(issuer=f"Ủy ban nhân dân {unit} Quảng Trị")
    assert _qualify_issuer(f"Ủy ban nhân dân {unit}", info) == f"Ủy ban nhân dân {unit} Quảng Trị"
    assert _qualify_issuer("Ủy ban nhân dân", info) == "Ủy ban nhân dân"
