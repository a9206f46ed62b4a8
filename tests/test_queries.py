"""Named queries and the networkx helpers, on hand-made documents."""
from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Literal, URIRef

from cancu.kg.triples.document import document_triples
from cancu.kg.iri import document_iri, instrument_iri
from cancu.kg.model import InstrumentKey, Resolution, ResolutionStatus
from cancu.kg.chains.network import CitationNetwork
from cancu.kg.queries.named import cites, citations, document_instruments, instrument_documents, stats
from cancu.kg.store.graph import GraphStore
from cancu.kg.vocab import CANCU, ELI, REGISTRY_GRAPH
from cancu.nlp.model import DocumentInfo, Mention, SourceText

LAW = InstrumentKey(type="Luật", symbol="10/2022/QH15", year=2022)
DECREE = InstrumentKey(type="Nghị định", symbol="59/2023/NĐ-CP", year=2023)
ORDINANCE = InstrumentKey(type="Pháp lệnh", symbol="34/2007/PL-UBTVQH11", year=2007)
PROVINCE_PLAN = InstrumentKey(type="Kế hoạch", symbol="88/KH-UBND", year=2024,
                              issuer="Ủy ban nhân dân tỉnh Quảng Trị")


def _document(doc_id: str, lines: list[tuple[str, str, InstrumentKey | None, str | None]],
              info: DocumentInfo | None = None) -> tuple[str, list]:
    """A document whose text is `lines`; each (prefix, cited text, key, pinpoint)
    becomes one mention at its real offset."""
    text, resolutions = "", []
    for prefix, cited, key, pinpoint in lines:
        text += prefix
        start = len(text)
        text += cited + ";\n"
        m = Mention(start=start, end=start + len(cited), text=cited, type_as_written=None,
                    type=key.type if key else None, number=None,
                    symbol=key.symbol if key else None, pinpoint=pinpoint)
        if key:
            resolutions.append(Resolution(mention=m, status=ResolutionStatus.RESOLVED, key=key,
                                          iri=instrument_iri(key), symbol=key.symbol))
        else:
            resolutions.append(Resolution(mention=m, status=ResolutionStatus.UNRESOLVED,
                                          reason="không đủ thông tin"))
    text += "I. MỤC ĐÍCH\nNội dung.\n"
    doc = document_iri(doc_id)
    source = SourceText(path=f"/plans/{doc_id}", text=text, format="txt")
    triples = document_triples(doc, source, info or DocumentInfo(type="Kế hoạch"),
                               resolutions, doc_id=doc_id, content_hash=doc_id)
    return doc, triples


@pytest.fixture()
def store():
    s = GraphStore.in_memory()
    # A provincial plan that states its own symbol, and a commune plan citing it.
    province, t1 = _document("tinh.txt", [
        ("Căn cứ ", "Luật số 10/2022/QH15", LAW, None),
        ("Căn cứ ", "Nghị định số 59/2023/NĐ-CP", DECREE, None),
    ], DocumentInfo(type="Kế hoạch", symbol="88/KH-UBND", date=dt.date(2024, 3, 1),
                    issuer="Ủy ban nhân dân tỉnh Quảng Trị", title="Kế hoạch của tỉnh"))
    commune, t2 = _document("xa.txt", [
        ("Thực hiện ", "Kế hoạch số 88/KH-UBND", PROVINCE_PLAN, None),
        ("Căn cứ ", "Pháp lệnh số 34/2007/PL-UBTVQH11", ORDINANCE, None),
        ("Căn cứ ", "Điều 11 Nghị định số 59/2023/NĐ-CP", DECREE, "Điều 11"),
        ("Xem ", "Công văn số 1/UBND", None, None),
    ], DocumentInfo(type="Kế hoạch", date=dt.date(2024, 5, 2), title="Kế hoạch của xã"))
    s.replace_document(province, t1, "h1")
    s.replace_document(commune, t2, "h2")
    # Registry: the decree details the law; the law repeals the ordinance.
    s.replace_graph(REGISTRY_GRAPH, [
        (URIRef(instrument_iri(DECREE)), CANCU.details, URIRef(instrument_iri(LAW))),
        (URIRef(instrument_iri(LAW)), ELI.repeals, URIRef(instrument_iri(ORDINANCE))),
        (URIRef(instrument_iri(LAW)), CANCU.symbol, Literal("10/2022/QH15")),
    ])
    return s


def test_cites_returns_each_mention_with_evidence(store):
    rows = cites(store, [instrument_iri(DECREE)])
    assert [(r.document, r.symbol, r.pinpoint) for r in rows] == [
        ("tinh.txt", "59/2023/NĐ-CP", None),
        ("xa.txt", "59/2023/NĐ-CP", "Điều 11"),
    ]
    row = rows[1]
    assert row.document_iri == document_iri("xa.txt")
    assert row.text == "Điều 11 Nghị định số 59/2023/NĐ-CP"
    assert row.sentence == "Căn cứ Điều 11 Nghị định số 59/2023/NĐ-CP;"
    assert row.end - row.start == len(row.text)
    assert row.in_legal_basis


def test_cites_several_instruments_and_unknown(store):
    rows = cites(store, [instrument_iri(LAW), instrument_iri(ORDINANCE)])
    assert {(r.document, r.symbol) for r in rows} == {
        ("tinh.txt", "10/2022/QH15"), ("xa.txt", "34/2007/PL-UBTVQH11")}
    assert cites(store, ["http://cancu.local/instrument/khong/co"]) == []
    assert cites(store, []) == []


def test_citations_a_page_at_a_time_equal_the_whole_list(store):
    """The lazy list's length, order and any slice are those of `cites`; a slice
    reads its own rows only."""
    iris = [instrument_iri(DECREE), instrument_iri(LAW), instrument_iri(ORDINANCE)]
    whole = cites(store, iris)
    assert [(r.document, r.start) for r in whole] == sorted((r.document, r.start) for r in whole)
    lazy = citations(store, iris)
    assert len(lazy) == len(whole) == 4
    assert lazy[1:3] == whole[1:3]
    assert lazy._rows.keys() == {1, 2}
    assert lazy[-1] == whole[-1] and lazy[10:20] == []
    assert list(lazy) == whole
    with pytest.raises(IndexError):
        lazy[4]


def test_citations_of_a_document_ingested_after_the_first_question(store):
    assert len(citations(store, [instrument_iri(DECREE)])) == 2
    later, triples = _document("sau.txt", [("Căn cứ ", "Nghị định số 59/2023/NĐ-CP", DECREE, None)],
                               DocumentInfo(type="Kế hoạch", date=dt.date(2024, 6, 1)))
    store.replace_document(later, triples, "h3")
    rows = citations(store, [instrument_iri(DECREE)])
    assert [r.document for r in rows] == ["sau.txt", "tinh.txt", "xa.txt"]


def test_cites_rejects_a_malformed_iri(store):
    with pytest.raises(ValueError):
        cites(store, ["http://x> } DROP ALL {"])


def test_instrument_documents(store):
    docs = instrument_documents(store, instrument_iri(DECREE))
    assert [(d.document, d.mentions, d.based_on) for d in docs] == [
        ("tinh.txt", 1, True), ("xa.txt", 1, True)]
    assert docs[0].title == "Kế hoạch của tỉnh" and docs[0].date == "2024-03-01"


def test_document_instruments(store):
    cited = document_instruments(store, document_iri("xa.txt"))
    assert [c.symbol for c in cited] == ["34/2007/PL-UBTVQH11", "59/2023/NĐ-CP", "88/KH-UBND"]


def test_stats(store):
    s = stats(store)
    assert s["documents"] == 2
    assert s["mentions"] == 6
    assert s["graphs"] == 3


def test_network_merges_a_plan_with_the_instrument_it_is(store):
    net = CitationNetwork.from_store(store)
    plan = instrument_iri(PROVINCE_PLAN)
    assert net.graph.nodes[plan]["document"] == document_iri("tinh.txt")
    # xã → tỉnh plan → decree → (details) law; and the ordinance directly.
    assert net.rests_on(document_iri("xa.txt")) == {
        plan, instrument_iri(DECREE), instrument_iri(LAW), instrument_iri(ORDINANCE)}
    assert net.rests_on(document_iri("tinh.txt")) == {instrument_iri(DECREE), instrument_iri(LAW)}
    assert document_iri("xa.txt") in net.supports(instrument_iri(LAW))
    # "repeals" is not a basis relation.
    assert instrument_iri(ORDINANCE) not in net.rests_on(instrument_iri(LAW))


def test_paths_to_laws(store):
    net = CitationNetwork.from_store(store)
    paths = net.paths_to_laws(document_iri("xa.txt"))
    xa, plan = document_iri("xa.txt"), instrument_iri(PROVINCE_PLAN)
    law, decree, ordinance = (instrument_iri(k) for k in (LAW, DECREE, ORDINANCE))
    assert paths[0] == [xa, ordinance]
    assert [xa, plan, law] in paths
    assert [xa, decree, law] in paths
    assert [xa, plan, decree, law] in paths
    assert all(p[-1] in (law, ordinance) for p in paths)


def test_most_cited(store):
    top = CitationNetwork.from_store(store).most_cited(1)
    assert top[0].iri == instrument_iri(DECREE)
    assert top[0].label == "59/2023/NĐ-CP"
    assert top[0].documents == 2


def test_a_checkpoint_answers_later_pages_from_the_order_it_kept(store, tmp_path):
    """Read-only stores (checkpoints) never change, so the order found for the
    first page serves the next ones; the rows are the same."""
    import io

    from cancu.kg.store.graph import GraphStore

    with GraphStore.open(tmp_path / "cp") as on_disk:
        on_disk.import_(io.BytesIO(store.export_bytes("nq")), "nq")
    with GraphStore.open(tmp_path / "cp", read_only=True) as checkpoint:
        iris = [instrument_iri(DECREE), instrument_iri(LAW)]
        first = citations(checkpoint, iris)
        second = citations(checkpoint, iris)
        assert second._keys is first._keys
        assert list(second) == cites(checkpoint, iris) and len(second) == 3
