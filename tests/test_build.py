"""The document builder and the preamble rule, on hand-made mentions."""
from __future__ import annotations

import datetime as dt

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from cancu.kg.triples.document import document_triples, mention_iri, organization_iri
from cancu.nlp.citations.basis import BasisKind, basis_kind, preamble_end, sentence_around
from cancu.kg.iri import document_iri, instrument_iri
from cancu.kg.model import InstrumentKey, Resolution, ResolutionStatus
from cancu.kg.vocab import CANCU, ELI, ORG, ontology_turtle
from cancu.nlp.model import DocumentInfo, Mention, Period, SourceText

TEXT = (
    "ỦY BAN NHÂN DÂN\nXÃ KIẾN THỤY\n\nKẾ HOẠCH\n\nThực hiện Quy chế dân chủ năm 2025\n\n"
    "Căn cứ Luật Thực hiện dân chủ ở cơ sở ngày 10/11/2022; \n\n"
    "Căn cứ Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 quy định chi tiết một \n\n"
    "số điều của Luật Thực hiện dân chủ ở cơ sở;\n"
    "Thực hiện Công văn số 44/UBND-NC của UBND huyện; Ủy ban nhân dân xã xây dựng "
    "Kế hoạch như sau: \n"
    "I. MỤC ĐÍCH, YÊU CẦU \n"
    "1. Triển khai Điều 11 Nghị định số 59/2023/NĐ-CP. Thực hiện Kế hoạch số 88/KH-UBND "
    "đúng hạn.\n"
    "II. TỔ CHỨC THỰC HIỆN\n"
)

LAW = InstrumentKey(type="Luật", symbol="10/2022/QH15", year=2022,
                    name="Luật Thực hiện dân chủ ở cơ sở")
DECREE = InstrumentKey(type="Nghị định", symbol="59/2023/NĐ-CP", year=2023)
LETTER = InstrumentKey(type="Công văn", symbol="44/UBND-NC", year=2025, issuer="UBND huyện")


def _mention(text: str, occurrence: int = 0, **fields) -> Mention:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text, start + 1)
    return Mention(start=start, end=start + len(text), text=text,
                   type_as_written=fields.pop("type_as_written", None),
                   type=fields.pop("type", None), number=fields.pop("number", None),
                   symbol=fields.pop("symbol", None), **fields)


def _resolved(mention: Mention, key: InstrumentKey,
              status: ResolutionStatus = ResolutionStatus.RESOLVED) -> Resolution:
    return Resolution(mention=mention, status=status, key=key, iri=instrument_iri(key),
                      symbol=key.symbol)


@pytest.fixture()
def document():
    law = _mention("Luật Thực hiện dân chủ ở cơ sở ngày 10/11/2022", type_as_written="Luật",
                   type="Luật", name="Luật Thực hiện dân chủ ở cơ sở", date=dt.date(2022, 11, 10),
                   year=2022)
    decree = _mention("Nghị định số 59/2023/NĐ-CP ngày 14/8/2023", type_as_written="Nghị định",
                      type="Nghị định", number="59", symbol="59/2023/NĐ-CP", year=2023,
                      date=dt.date(2023, 8, 14))
    embedded_law = _mention("Luật Thực hiện dân chủ ở cơ sở", occurrence=1, type="Luật",
                            name="Luật Thực hiện dân chủ ở cơ sở", embedded=True)
    letter = _mention("Công văn số 44/UBND-NC", type_as_written="Công văn", type="Công văn",
                      number="44", symbol="44/UBND-NC")
    body_decree = _mention("Điều 11 Nghị định số 59/2023/NĐ-CP", type_as_written="Nghị định",
                           type="Nghị định", number="59", symbol="59/2023/NĐ-CP",
                           pinpoint="Điều 11")
    plan = _mention("Kế hoạch số 88/KH-UBND", type_as_written="Kế hoạch", type="Kế hoạch",
                    number="88", symbol="88/KH-UBND")
    resolutions = [
        _resolved(law, LAW),
        _resolved(decree, DECREE),
        _resolved(embedded_law, LAW),
        _resolved(letter, LETTER, ResolutionStatus.INFERRED),
        _resolved(body_decree, DECREE),
        Resolution(mention=plan, status=ResolutionStatus.UNRESOLVED,
                   reason="ký hiệu địa phương thiếu năm và cơ quan ban hành"),
    ]
    source = SourceText(path="plans/kien_thuy.txt", text=TEXT, format="txt")
    info = DocumentInfo(type="Kế hoạch", symbol="120/KH-UBND", number="120",
                        date=dt.date(2025, 7, 1), issuer="Ủy ban nhân dân xã Kiến Thụy",
                        title="Thực hiện Quy chế dân chủ năm 2025",
                        period=Period(dt.date(2025, 7, 1), dt.date(2025, 12, 31),
                                      "6 tháng cuối năm 2025"))
    doc = document_iri("kien_thuy.txt")
    triples = document_triples(doc, source, info, resolutions, doc_id="kien_thuy.txt",
                               content_hash="abc123")
    graph = Graph()
    for t in triples:
        graph.add(t)
    return doc, resolutions, triples, graph


# ---------------------------------------------------------------- the preamble rule

def test_preamble_ends_at_first_roman_heading():
    assert TEXT[preamble_end(TEXT):].startswith("I. MỤC ĐÍCH")


@pytest.mark.parametrize("heading", ["Điều 1. Ban hành", "QUYẾT ĐỊNH:", "Phần I. CHUNG",
                                     "II - NỘI DUNG", "Chương I\nQUY ĐỊNH CHUNG"])
def test_preamble_end_recognises_other_headings(heading):
    text = "Căn cứ Luật số 10/2022/QH15;\n" + heading + "\nNội dung"
    assert preamble_end(text) == text.index(heading)


def test_text_without_heading_has_no_preamble_end():
    assert preamble_end("Căn cứ Luật số 10/2022/QH15; nội dung tiếp theo.") is None


def test_basis_kind_by_position_and_opener():
    def kind(text: str, occurrence: int = 0) -> BasisKind:
        m = _mention(text, occurrence)
        return basis_kind(TEXT, m.start, m.end)

    assert kind("Nghị định số 59/2023/NĐ-CP ngày 14/8/2023") is BasisKind.BASED_ON
    assert kind("Công văn số 44/UBND-NC") is BasisKind.IMPLEMENTS
    assert kind("Điều 11 Nghị định số 59/2023/NĐ-CP") is BasisKind.NONE
    assert kind("Kế hoạch số 88/KH-UBND") is BasisKind.NONE


def test_basis_without_heading_needs_a_basis_opener():
    text = "Căn cứ Nghị định số 59/2023/NĐ-CP; Báo cáo theo Nghị định số 30/2020/NĐ-CP."
    first, second = text.index("Nghị định số 59"), text.index("Nghị định số 30")
    assert basis_kind(text, first, first + 10) is BasisKind.BASED_ON
    assert basis_kind(text, second, second + 10) is BasisKind.NONE


def test_sentence_spans_broken_lines_and_stops_at_semicolon():
    m = _mention("Nghị định số 59/2023/NĐ-CP ngày 14/8/2023")
    assert sentence_around(TEXT, m.start, m.end) == (
        "Căn cứ Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 quy định chi tiết một "
        "số điều của Luật Thực hiện dân chủ ở cơ sở;")


# ---------------------------------------------------------------- the builder

def test_document_node(document):
    doc, _, _, g = document
    d = URIRef(doc)
    assert (d, RDF.type, CANCU.IngestedDocument) in g
    assert (d, RDF.type, ELI.LegalResource) in g
    assert g.value(d, CANCU.contentHash) == Literal("abc123")
    assert g.value(d, CANCU.sourceFile) == Literal("plans/kien_thuy.txt")
    assert str(g.value(d, ELI.date_document)) == "2025-07-01"
    assert str(g.value(d, CANCU.periodEnd)) == "2025-12-31"
    issuer = g.value(d, ELI.passed_by)
    assert issuer == organization_iri("Ủy ban nhân dân xã Kiến Thụy")
    assert str(issuer).endswith("/org/uy-ban-nhan-dan-xa-kien-thuy")
    assert (issuer, RDF.type, ORG.Organization) in g
    own = g.value(d, CANCU.instrument)
    assert own == URIRef(instrument_iri(InstrumentKey(
        type="Kế hoạch", symbol="120/KH-UBND", year=2025, issuer="Ủy ban nhân dân xã Kiến Thụy")))


def test_mention_nodes_carry_offsets_text_and_both_ends(document):
    doc, resolutions, _, g = document
    decree = resolutions[1]
    m = mention_iri(doc, decree.mention)
    assert str(m) == f"{doc}#m{decree.mention.start}-{decree.mention.end}"
    assert (m, RDF.type, CANCU.Mention) in g
    assert g.value(m, CANCU.inDocument) == URIRef(doc)
    assert (URIRef(doc), CANCU.mentions, m) in g
    assert g.value(m, CANCU.resolvedTo) == URIRef(instrument_iri(DECREE))
    assert g.value(m, CANCU.start).toPython() == decree.mention.start
    assert g.value(m, CANCU.end).toPython() == decree.mention.end
    assert str(g.value(m, CANCU.text)) == TEXT[decree.mention.start:decree.mention.end]
    assert str(g.value(m, CANCU.statedDate)) == "2023-08-14"
    assert g.value(m, CANCU.resolutionStatus) == CANCU.Resolved
    assert g.value(m, CANCU.inLegalBasis).toPython() is True


def test_cites_based_on_and_implements_edges(document):
    doc, _, _, g = document
    d = URIRef(doc)
    law, decree, letter = (URIRef(instrument_iri(k)) for k in (LAW, DECREE, LETTER))
    assert set(g.objects(d, ELI.cites)) == {law, decree, letter}
    assert set(g.objects(d, ELI.based_on)) == {law, decree, letter}
    assert set(g.objects(d, CANCU.implements)) == {letter}


def test_embedded_and_body_mentions_are_not_basis(document):
    doc, resolutions, _, g = document
    embedded, body = mention_iri(doc, resolutions[2].mention), mention_iri(doc, resolutions[4].mention)
    assert g.value(embedded, CANCU.inLegalBasis) is None
    assert g.value(body, CANCU.inLegalBasis) is None
    pin = g.value(body, CANCU.pinpoint)
    assert str(g.value(pin, CANCU.text)) == "Điều 11"
    assert str(g.value(pin, CANCU.article)) == "11"
    assert g.value(pin, CANCU.pinpointOf) == URIRef(instrument_iri(DECREE))


def test_unresolved_mention_keeps_node_and_reason(document):
    doc, resolutions, _, g = document
    m = mention_iri(doc, resolutions[5].mention)
    assert (m, RDF.type, CANCU.Mention) in g
    assert g.value(m, CANCU.resolvedTo) is None
    assert g.value(m, CANCU.resolutionStatus) == CANCU.Unresolved
    assert "thiếu năm" in str(g.value(m, CANCU.resolutionReason))


def test_instrument_node(document):
    _, _, _, g = document
    decree = URIRef(instrument_iri(DECREE))
    assert (decree, RDF.type, CANCU.Instrument) in g
    assert str(g.value(decree, CANCU.symbol)) == "59/2023/NĐ-CP"
    assert str(g.value(decree, ELI.number)) == "59"
    assert str(g.value(decree, CANCU.year)) == "2023"
    assert str(g.value(g.value(decree, ELI.type_document), URIRef(
        "http://www.w3.org/2004/02/skos/core#prefLabel"))) == "Nghị định"
    # The date a citing text states stays on its mention (texts disagree on dates).
    assert g.value(decree, ELI.date_document) is None


def test_build_is_deterministic_and_has_no_blank_nodes(document):
    doc, resolutions, triples, _ = document
    again = document_triples(doc, SourceText(path="plans/kien_thuy.txt", text=TEXT, format="txt"),
                             DocumentInfo(type="Kế hoạch", symbol="120/KH-UBND", number="120",
                                          date=dt.date(2025, 7, 1),
                                          issuer="Ủy ban nhân dân xã Kiến Thụy",
                                          title="Thực hiện Quy chế dân chủ năm 2025",
                                          period=Period(dt.date(2025, 7, 1),
                                                        dt.date(2025, 12, 31),
                                                        "6 tháng cuối năm 2025")),
                             resolutions, doc_id="kien_thuy.txt", content_hash="abc123")
    assert again == triples
    assert len(set(triples)) == len(triples)
    assert not any(isinstance(term, BNode) for t in triples for term in t)


def test_every_cancu_term_used_is_defined_in_the_ontology(document):
    _, _, triples, _ = document
    onto = Graph().parse(data=ontology_turtle(), format="turtle")
    defined = {s for s in onto.subjects() if str(s).startswith(str(CANCU))}
    used = {term for t in triples for term in t
            if isinstance(term, URIRef) and str(term).startswith(str(CANCU))}
    assert used - defined == set()


def test_ontology_has_vietnamese_and_english_labels():
    onto = Graph().parse(data=ontology_turtle(), format="turtle")
    for term in onto.subjects(RDF.type, OWL.Class):
        langs = {label.language for label in onto.objects(term, RDFS.label)}
        assert {"vi", "en"} <= langs, term
    assert (CANCU.implements, RDFS.subPropertyOf, ELI.cites) in onto


def test_a_body_has_one_label_in_a_document_graph_its_issuer_name():
    """A cited instrument's issuer «Hội đồng nhân dân Thành phố Hà Nội» (as the city's texts
    write it in running text) names the issuer's own node (organization_iri folds the name):
    the graph keeps the issuer's spelling only, so the document list and the audit's filter
    show one issuer, not a spelling picked at random (three spellings of the Hà Nội council
    were listed on a workspace of the real documents)."""
    from rdflib.namespace import SKOS
    text = "Căn cứ Nghị quyết số 30/2013/NQ-HĐND ngày 06/12/2013 của Hội đồng nhân dân Thành phố Hà Nội;"
    cited = Mention(start=7, end=text.index(";"), text=text[7:text.index(";")], type_as_written="Nghị quyết",
                    type="Nghị quyết", number="30", symbol="30/2013/NQ-HĐND")
    key = InstrumentKey(type="Nghị quyết", symbol="30/2013/NQ-HĐND", year=2013,
                        issuer="Hội đồng nhân dân Thành phố Hà Nội")
    info = DocumentInfo(type="Nghị quyết", symbol="74/2025/NQ-HĐND", number="74", date=dt.date(2025, 11, 27),
                        issuer="Hội đồng nhân dân thành phố Hà Nội")
    triples = document_triples(document_iri("nq.txt"), SourceText(path="nq.txt", text=text, format="txt"),
                               info, [_resolved(cited, key)], doc_id="nq.txt", content_hash="h")
    org = organization_iri(info.issuer)
    assert organization_iri(key.issuer) == org
    assert [o for s, p, o in triples if s == org and p == SKOS.prefLabel] == [
        Literal("Hội đồng nhân dân thành phố Hà Nội", lang="vi")]


def test_a_chairmans_decision_and_the_committees_are_numbered_in_one_register():
    """1a9051122afe…: «1818/QĐ-UBND ngày 23 tháng 10 năm 2025 của Chủ tịch Ủy ban nhân dân tỉnh»
    and «1818/QĐ-UBND ngày 23/10/2025 của Ủy ban nhân dân tỉnh» are one decision: a local
    instrument's identity takes the body whose register numbers it (kg/data/register_posts.tsv);
    a post that heads no body issuers.tsv knows («Chủ tịch nước») is kept."""
    from cancu.kg.iri import register_body
    chair = InstrumentKey(type="Quyết định", symbol="1818/QĐ-UBND", year=2025,
                          issuer="Chủ tịch Ủy ban nhân dân tỉnh Đồng Nai")
    committee = InstrumentKey(type="Quyết định", symbol="1818/QĐ-UBND", year=2025,
                              issuer="Ủy ban nhân dân tỉnh Đồng Nai")
    other = InstrumentKey(type="Quyết định", symbol="1818/QĐ-UBND", year=2025,
                          issuer="Ủy ban nhân dân tỉnh Bắc Ninh")
    assert instrument_iri(chair) == instrument_iri(committee) != instrument_iri(other)
    assert register_body("Chủ tịch nước") == "Chủ tịch nước"
