"""Every term the graph uses in our namespace is declared in the ontology, with
a Vietnamese and an English label."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDFS

from cancu.kg.vocab import CANCU, ELI, ontology_turtle
from tests.gold import PLANS


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(data=ontology_turtle(), format="turtle")


def test_terms_used_by_the_graph_are_declared(ontology, tmp_path):
    from cancu.cli import main
    home = tmp_path / "ws"
    assert main(["--home", str(home), "ingest", str(PLANS)]) == 0
    from cancu.kg.store.snapshots import open_reader
    store = open_reader(home / "store")
    used = set()
    for q in store.quads():
        for term in (q.predicate, q.object):
            value = getattr(term, "value", "")
            if value.startswith(str(CANCU)) and not value.startswith(str(CANCU) + "#"):
                used.add(value)
    store.close()
    declared = {str(s) for s in ontology.subjects()}
    missing = sorted(t for t in used if t not in declared)
    assert not missing, "not declared in kg/ontology.ttl: " + ", ".join(missing)


def test_every_declared_term_has_vietnamese_and_english_labels(ontology):
    for s in set(ontology.subjects()):
        if not isinstance(s, URIRef) or not str(s).startswith(str(CANCU)):
            continue
        langs = {o.language for o in ontology.objects(s, RDFS.label) if isinstance(o, Literal)}
        assert {"vi", "en"} <= langs, f"{s} lacks a vi or en label"


def test_a_namespace_makes_each_term_once_and_the_same_as_rdflib():
    assert CANCU.fullText == Namespace(str(CANCU)).fullText == URIRef(str(CANCU) + "fullText")
    assert isinstance(CANCU.fullText, URIRef) and CANCU.fullText is CANCU.fullText
    assert ELI.title == URIRef(str(ELI) + "title")        # rdflib's own property, not str.title
    with pytest.raises(AttributeError):
        CANCU.__not_a_term__
