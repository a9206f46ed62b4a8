"""cancu.kg.store.graph.nt writes each term so that N-Triples (and SPARQL INSERT DATA)
read back exactly the term pyoxigraph would store."""
import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib import namespace   # not XSD itself: pytest reads module attributes, and XSD warns on unknown ones

from cancu.kg.triples.document import document_triples
from cancu.kg.store.graph import GraphStore, nt, ntriples_lines, to_ox
from cancu.kg.triples.synth import instrument_pool, synthetic_document

TRICKY = [
    Literal('Căn cứ "Luật" số 10\\2022;\nĐiều 5\r\n\tkhoản 2', lang="vi"),
    Literal("a\\nb"),                     # a backslash then n, not a line end
    Literal("\u2028\x01 ký tự lạ"),
    Literal("5", datatype=namespace.XSD.integer),
    Literal("x", datatype=namespace.XSD.string),
    Literal('"""'),
]


def _read_back(lines: list[str]) -> set:
    return {(q.subject, q.predicate, q.object)
            for q in ox.parse("\n".join(lines), format=ox.RdfFormat.N_TRIPLES)}


def test_a_built_document_reads_back_as_built():
    pool = instrument_pool(50)
    d = synthetic_document(3, pool)
    triples = document_triples(d.doc_iri, d.source, d.info, d.resolutions,
                               doc_id=d.doc_id, content_hash=d.content_hash)
    s = URIRef(d.doc_iri)
    triples += [(s, URIRef("http://cancu.local/t#p"), lit) for lit in TRICKY]
    expected = {tuple(to_ox(t) for t in triple) for triple in triples}
    assert _read_back(ntriples_lines(triples)) == expected


def test_the_same_lines_go_through_sparql_update():
    store = GraphStore.in_memory()
    s, p = URIRef("http://cancu.local/d"), URIRef("http://cancu.local/t#p")
    store.replace_graph("http://cancu.local/d", [(s, p, lit) for lit in TRICKY])
    stored = {q.object for q in store.graph_triples("http://cancu.local/d")}
    assert stored == {to_ox(lit) for lit in TRICKY}


@pytest.mark.parametrize("bad", ["http://x> } DROP ALL {", "http://a b", 'http://a"b'])
def test_an_iri_that_would_break_out_is_refused(bad):
    with pytest.raises(ValueError):
        nt(URIRef(bad))


def test_blank_nodes_are_refused():
    with pytest.raises(ValueError):
        nt(BNode())
