"""Behaviour of the search package, run against both backends."""
from __future__ import annotations

import datetime as dt
import random
import re
import sys
import unicodedata
from pathlib import Path

import pytest

from cancu.nlp.text.fold import fold
from cancu.search import IndexDocument, InstrumentHit, open_index, plan
from cancu.search.index import SearchIndex
from cancu.search.model import ParsedQuery
from cancu.search.analysis import nfc_with_offsets, normalize_syllable, tokenize
from cancu.search.passages import split_passages
from cancu.search.query import QueryError, QueryParser
from tests.threads import run_threads

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
BACKENDS = ["whoosh", "tantivy"]
SEEDS_CITING_59 = {"000", "001", "003"}


# -- the relevance corpus ----------------------------------------------------------

def iri(symbol: str) -> str:
    return "http://cancu.local/instrument/" + re.sub(r"[^a-z0-9]+", "-", fold(symbol)).strip("-")


def _gold_symbols() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in (DATA / "gold" / "seed_instruments.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        doc, key = line.split("\t")[:2]
        out.setdefault(doc[:3], []).append(key.removeprefix("name:"))
    return out


def load_corpus() -> list[IndexDocument]:
    """The five seed plans and the short plans in tests/data/search_docs."""
    gold = _gold_symbols()
    docs = []
    for line in (DATA / "search_docs" / "meta.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        doc_id, path, title, typ, issuer, province, year, date, symbols, stale = line.split("\t")
        syms = gold[doc_id] if symbols == "@gold" else [s for s in symbols.split(";") if s]
        docs.append(IndexDocument(
            doc_id=doc_id, path=path, title=title,
            text=(ROOT / path).read_text(encoding="utf-8"),
            doc_type=typ, issuer=issuer or None, province=province or None,
            year=int(year), date=dt.date.fromisoformat(date) if date else None,
            symbols=syms, instruments=[iri(s) for s in syms], stale=stale == "yes"))
    return docs


# A stand-in for the citation grammar being written in nlp/citations/: a few
# instruments of the test corpus, found in a query by folded patterns.
_FAKE_INSTRUMENTS = [
    (r"\b(?:nghi dinh|nd)\s*(?:so\s*)?59\b(?:/2023)?", "59/2023/NĐ-CP"),
    (r"\b(?:nghi dinh|nd)\s*(?:so\s*)?61\b(?:/2023)?", "61/2023/NĐ-CP"),
    (r"\b(?:quyet dinh|qd)\s*(?:so\s*)?217\b", "217-QĐ/TW"),
    (r"\bluat thuc hien dan chu o co so\b", "10/2022/QH15"),
    (r"\bphap lenh dan chu\b(?:\s*2007)?", "34/2007/PL-UBTVQH11"),
]


def fake_finder(query: str) -> list[InstrumentHit]:
    folded = fold(query)          # same length as the NFC query the parser passes
    hits = []
    for pattern, symbol in _FAKE_INSTRUMENTS:
        for m in re.finditer(pattern, folded):
            hits.append(InstrumentHit(symbol=symbol, iri=iri(symbol), span=m.span()))
    return hits


@pytest.fixture(scope="module", params=BACKENDS)
def index(request, tmp_path_factory):
    idx = open_index(tmp_path_factory.mktemp(request.param), request.param,
                     instrument_finder=fake_finder)
    idx.index_documents(load_corpus())
    yield idx
    idx.close()


def ids(result) -> list[str]:
    return [h.doc_id for h in result.hits]


# -- text analysis and passages ----------------------------------------------------

def test_tone_placement_is_canonical():
    assert normalize_syllable("Hoá") == normalize_syllable("hóa") == "hóa"
    assert normalize_syllable("Uỷ") == "ủy"
    assert normalize_syllable("quý") == "quý"        # "qu" is a consonant


def test_offsets_point_into_text_that_is_not_nfc():
    text = (ROOT / "corpus/plans/002_93d6b709dd7d643f.txt").read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) != text
    nfc, offsets = nfc_with_offsets(text)
    assert len(offsets) == len(nfc) + 1 and offsets[-1] == len(text)
    for tok in tokenize(text)[:400]:
        assert normalize_syllable(text[tok.start:tok.end]) == tok.text


def test_cluster_composition_matches_composing_one_character_at_a_time():
    # The regular-expression path composes a text cluster by cluster; it must give the pieces
    # and offsets of composing each character with its marks in turn, on any text: marks
    # alone, Hangul jamo that NFC would join across pieces, singletons (Å sign, CJK
    # compatibility), excluded compositions, marks beyond the BMP, and the decomposed seed plan.
    import random
    from cancu.search.analysis import _nfc_by_character, piecewise_nfc, syllables
    alphabet = ["a", "e", "o", "u", "y", "Đ", " ", "\n", "/", "\u0300", "\u0301", "\u0303", "\u0309",
                "\u0323", "\u0302", "\u0306", "\u031b", "\u212b", "\u1100", "\u1161", "\u11a8", "\uf900",
                "\u0958", "\u0344", "\U0001d15e", "\U0001d165", "\u0345", "ệ"]
    rng = random.Random(16)
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(3000)]
    texts.append((ROOT / "corpus/plans/002_93d6b709dd7d643f.txt").read_text(encoding="utf-8"))
    for text in texts:
        expected = _nfc_by_character(text)
        if len(unicodedata.normalize("NFC", text)) != len(text):
            assert nfc_with_offsets(text) == expected, repr(text)
            assert piecewise_nfc(text) == expected[0]
            assert syllables(text) == [t.text for t in tokenize(text)]


def test_passages_cover_sections_bullets_and_table_rows():
    text = (ROOT / "corpus/plans/004_9804076c90d51208.txt").read_text(encoding="utf-8")
    passages = split_passages(text)
    kinds = {p.kind for p in passages}
    assert {"section", "bullet", "row"} <= kinds
    for a, b in zip(passages, passages[1:]):
        assert a.end <= b.start
    assert all(text[p.start:p.end].strip() == text[p.start:p.end] for p in passages)
    # A bare heading is joined to the first line under it.
    first = next(p for p in passages if text[p.start:p.end].startswith("I. MỤC ĐÍCH, YÊU CẦU"))
    assert "Xác định cụ thể nội dung công việc" in text[first.start:first.end]


# -- query understanding ---------------------------------------------------------

def test_parse_filters_phrases_and_abbreviations():
    q = QueryParser().parse('"dân chủ ở cơ sở" UBND loai:kh nam:2023-2024 stale:co '
                            'cites:59/2023/NĐ-CP coquan:"ubnd xã" tinh:"Hải Phòng"')
    assert q.phrases == [["dân", "chủ", "ở", "cơ", "sở"]]
    assert q.terms == ["ubnd"]
    assert ["uy", "ban", "nhan", "dan"] in q.expansions
    assert q.types == ["ke_hoach"] and q.years == [2023, 2024] and q.stale is True
    assert q.cites == ["59/2023/nd-cp"] and q.issuers == ["ubnd xã"]
    assert q.provinces == ["hai_phong"]


def test_expansion_goes_both_ways():
    q = QueryParser().parse("Ủy ban nhân dân xã, Hội đồng nhân dân")
    assert ["ubnd"] in q.expansions and ["hdnd"] in q.expansions


def test_symbol_written_out_becomes_an_instrument_without_a_finder():
    q = QueryParser().parse("kế hoạch 217-QĐ/TW tuyên truyền")
    assert [h.symbol for h in q.instruments] == ["217-QĐ/TW"]
    assert q.terms == ["kế", "hoạch", "tuyên", "truyền"]


def test_finder_span_is_taken_out_of_the_words():
    q = QueryParser(instrument_finder=fake_finder).parse("nghi dinh 59 tuyen truyen")
    assert [h.symbol for h in q.instruments] == ["59/2023/NĐ-CP"]
    assert q.terms == ["tuyen", "truyen"] and q.accentless


@pytest.mark.parametrize("bad", ["stale:maybe", "nam:20x5", "nam:2025-2020", 'loai:""'])
def test_bad_filters_say_what_is_wrong(bad):
    with pytest.raises(QueryError):
        QueryParser().parse(bad)


# -- searching, on both backends ------------------------------------------------------

def test_accentless_query_finds_accented_text(index):
    r = index.search("nghi dinh so 64 tiep cong dan")
    assert r.hits and r.query.accentless
    assert r.query.restored[:2] == ["nghị", "định"]
    assert r.hits[0].doc_id == "101"


def test_restored_query_ranks_like_the_accented_one(index):
    a = ids(index.search("phòng chống thiên tai"))
    u = ids(index.search("phong chong thien tai"))
    assert a[0] == u[0] == "106"


def test_nghi_dinh_59_ranks_the_plans_citing_it_first(index):
    r = index.search("nghi dinh 59")
    citing = SEEDS_CITING_59 | {"105"}
    assert set(ids(r)[:len(citing)]) == citing
    assert set(ids(r)) == citing            # the instrument alone acts as a filter
    top = r.hits[0]
    assert "59/2023/NĐ-CP" in top.snippet.replace("\n", "")


def test_nd_59_2023_and_accented_forms_agree(index):
    expected = set(ids(index.search("nghi dinh 59")))
    for q in ("nđ 59/2023", "Nghị định 59", "NĐ 59"):
        assert set(ids(index.search(q))) == expected, q


def test_law_by_name(index):
    r = index.search("Luật Thực hiện dân chủ ở cơ sở")
    cites = {d.doc_id for d in load_corpus() if "10/2022/QH15" in d.symbols}
    assert set(ids(r)[:len(cites)]) == cites


def test_phap_lenh_2007_finds_plan_002(index):
    r = index.search("phap lenh 2007")
    assert "002" in ids(r)[:2]
    seeds = [d for d in ids(r) if d < "100"]
    assert seeds[0] == "002"


def test_quoted_phrase_must_occur_in_order(index):
    assert ids(index.search('"bão lũ"')) == ["106"]
    assert ids(index.search('"lũ bão"')) == []
    assert ids(index.search('"bao lu"')) == ["106"]


def test_filters(index):
    assert set(ids(index.search("nam:2023", limit=20))) == {"002", "108"}
    assert set(ids(index.search("stale:yes", limit=20))) == {"002", "108"}
    assert set(ids(index.search("dân chủ stale:no nam:2023", limit=20))) == set()
    assert set(ids(index.search("cites:61/2023/NĐ-CP", limit=20))) == {"000", "001", "004", "104"}
    assert set(ids(index.search(f"cites:{iri('61/2023/NĐ-CP')}", limit=20))) == {
        "000", "001", "004", "104"}
    assert ids(index.search('coquan:"ubnd xa kien thuy"')) == ["000"]
    assert set(ids(index.search('tinh:"thai binh"', limit=20))) == {"104", "105"}
    assert ids(index.search("loai:nq")) == []
    assert len(ids(index.search("loai:kh", limit=20))) == 15


def test_facets_count_matching_documents(index):
    r = index.search("dân chủ", limit=3, facets=True)
    assert r.total > 3 and len(r.hits) == 3
    assert r.facets["type"][0].value == "Kế hoạch" and r.facets["type"][0].count == r.total
    years = {f.value: f.count for f in r.facets["year"]}
    assert sum(years.values()) == r.total and years["2023"] >= 1
    cited = {f.value: f.count for f in r.facets["instrument"]}
    assert cited["10/2022/QH15"] >= 5
    assert {f.value for f in r.facets["issuer"]} >= {"Ủy ban nhân dân xã Kiến Thụy"}


def test_snippet_marks_words_with_offsets_into_the_original(index):
    r = index.search("tiep cong dan dinh ky")
    hit = r.hits[0]
    assert hit.doc_id == "101"
    text = next(d.text for d in load_corpus() if d.doc_id == "101")
    marked = {fold(text[h.start:h.end]) for h in hit.highlights}
    assert {"tiep", "cong", "dan"} <= marked
    assert hit.start <= hit.highlights[0].start < hit.end
    assert "<mark>tiếp</mark>" in hit.snippet_html.lower()


def test_snippet_offsets_in_a_file_that_is_not_nfc(index):
    hit = next(h for h in index.search("Hà Trung").hits if h.doc_id == "002")
    text = (ROOT / "corpus/plans/002_93d6b709dd7d643f.txt").read_text(encoding="utf-8")
    assert hit.highlights
    for h in hit.highlights:
        assert fold(text[h.start:h.end]) in {"ha", "trung"}


def test_abbreviation_in_query_marks_the_expansion(index):
    hit = index.search("ubnd xa kien thuy").hits[0]
    assert hit.doc_id == "000"
    assert "<mark>Ủy</mark> <mark>ban</mark>" in hit.snippet_html or "<mark>UBND</mark>" in hit.snippet_html


def test_passage_is_the_best_matching_one(index):
    hit = index.search("sơ tán dân vùng trũng").hits[0]
    assert hit.doc_id == "106" and hit.passage_kind == "bullet"
    text = next(d.text for d in load_corpus() if d.doc_id == "106")
    assert "vùng trũng" in text[hit.start:hit.end]


def test_table_row_passage(index):
    hit = index.search("hòm thư góp ý đường dây nóng").hits[0]
    assert hit.doc_id == "110" and hit.passage_kind == "row"


def test_empty_query_lists_everything(index):
    assert index.search("", limit=100).total == 15


# -- writing ---------------------------------------------------------------------

def _doc(doc_id: str, text: str, **kw) -> IndexDocument:
    return IndexDocument(doc_id=doc_id, path=f"{doc_id}.txt", text=text,
                         title=kw.pop("title", "Kế hoạch thử"), doc_type="Kế hoạch", **kw)


@pytest.mark.parametrize("backend", BACKENDS)
def test_reindex_replaces_and_remove_deletes(tmp_path, backend):
    idx = open_index(tmp_path, backend)
    idx.index_documents([_doc("a", "Tổ chức hội thi rung chuông vàng."),
                         _doc("b", "Kiểm tra việc trồng cây xanh.")])
    assert idx.count() == 2
    idx.index_documents([_doc("a", "Tổ chức giải bóng chuyền hơi.")])
    assert idx.count() == 2
    assert ids(idx.search("rung chuông")) == []
    assert ids(idx.search("bóng chuyền")) == ["a"]
    # The restoration model forgot the replaced text and learnt the new one.
    assert "chuông" not in idx.restorer.unigrams.get("chuong", {})
    assert idx.parse("bong chuyen hoi").restored == ["bóng", "chuyền", "hơi"]
    assert idx.remove("a") is True and idx.remove("a") is False
    assert idx.count() == 1 and ids(idx.search("bóng chuyền")) == []
    idx.close()
    again = open_index(tmp_path, backend)           # persisted, model included
    assert again.count() == 1
    assert again.parse("trong cay xanh").restored == ["trồng", "cây", "xanh"]
    again.close()


def _search_answers(idx) -> list:
    queries = ["sơ tán dân vùng trũng", "hòm thư góp ý đường dây nóng", "nghi dinh 59", "dân chủ ở cơ sở",
               "cong chieng", "kế hoạch"]
    return [[(h.doc_id, h.start, h.end, h.passage_kind, h.snippet_html, h.score) for h in idx.search(q).hits]
            for q in queries]


def test_passages_read_by_their_span_columns_answer_as_their_stored_fields(tmp_path, monkeypatch):
    """tantivy reads a passage's span and document from columns and fetches its stored
    fields only for the passage shown; an index made before the columns (its own schema
    without them) is read, and written to, from the stored fields. Both answer alike."""
    import os

    from cancu.search import tantivy_backend

    # One writer thread: with more, each new index orders its entries its own way, and
    # passages tied on every criterion keep that order (bench/search_dump.py).
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    corpus = load_corpus()
    with_columns = open_index(tmp_path / "new", "tantivy", instrument_finder=fake_finder)
    assert with_columns.backend._spans
    with_columns.index_documents(corpus[:8])
    with_columns.index_documents(corpus[8:])           # two commits: two segments
    columns = tantivy_backend._SPAN_COLUMNS
    monkeypatch.setattr(tantivy_backend, "_SPAN_COLUMNS", ())
    older = open_index(tmp_path / "old", "tantivy", instrument_finder=fake_finder)
    monkeypatch.setattr(tantivy_backend, "_SPAN_COLUMNS", columns)
    older.close()
    older = open_index(tmp_path / "old", "tantivy", instrument_finder=fake_finder)   # reopened by today's code
    assert not older.backend._spans
    older.index_documents(corpus[:8])
    older.index_documents(corpus[8:])
    answers = _search_answers(with_columns)
    assert answers == _search_answers(older)
    assert sum(len(a) for a in answers) > 20
    # Every passage hit's span and document are its stored ones.
    b = with_columns.backend
    tree = plan.build(with_columns.parse("kế hoạch triển khai"), "passage", [d.doc_id for d in corpus])
    hits, _ = b.run(tree, 200)
    assert len({h.doc_id for h in hits}) > 5
    for h in hits:
        assert h.span is not None
        assert h.span == (h.stored["start"], h.stored["end"]) and h.doc_id == h.stored["doc_id"]
    with_columns.close()
    older.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_facet_values_asked_for_are_the_commonest_counted_as_in_full(tmp_path, backend):
    """The search page asks for the 10 commonest values of each facet: the same values
    and counts as the head of the whole count, over several commits (segments)."""
    issuers = ["UBND xã A"] * 5 + ["UBND xã B"] * 3 + ["UBND xã C"] * 2 + ["UBND xã D"]
    with open_index(tmp_path, backend) as idx:
        for part in (0, 1):     # two commits: tantivy counts each segment on its own
            idx.index_documents([_doc(f"d{part}-{i}", f"Kiểm tra cây xanh số {i}.", issuer=issuer,
                                      year=2020 + (i + part) % 4)
                                 for i, issuer in enumerate(issuers)])
        full = idx.search("cây xanh", limit=5, facets=True).facets
        few = idx.search("cây xanh", limit=5, facets=True, facet_values=2).facets
    assert [(f.value, f.count) for f in full["issuer"]] == [
        ("UBND xã A", 10), ("UBND xã B", 6), ("UBND xã C", 4), ("UBND xã D", 2)]
    assert set(few) == set(full)
    for name, values in full.items():
        assert few[name] == values[:2], name


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_reader_sees_what_another_writer_committed(tmp_path, backend, monkeypatch):
    # The web server reads the index that `cancu ingest` (another process, here
    # another index object) writes: new documents and new restoration counts
    # must show up without a restart.
    monkeypatch.setattr(SearchIndex, "REFRESH_INTERVAL_S", 0.0)
    writer = open_index(tmp_path, backend)
    writer.index_documents([_doc("a", "Tổ chức hội thi rung chuông vàng.")])
    reader = open_index(tmp_path, backend)
    assert ids(reader.search("rung chuông")) == ["a"]
    writer.index_documents([_doc("b", "Kiểm tra việc trồng cây xanh.")])
    assert ids(reader.search("trồng cây xanh")) == ["b"]
    assert reader.parse("trong cay xanh").restored == ["trồng", "cây", "xanh"]
    writer.remove("a")
    assert ids(reader.search("rung chuông")) == []
    writer.close()
    reader.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_html_in_text_is_escaped(tmp_path, backend):
    with open_index(tmp_path, backend) as idx:
        idx.index_documents([_doc("x", "Mục <b>tuyên truyền</b> & vận động <script>")])
        hit = idx.search("tuyen truyen").hits[0]
        assert "<b>" not in hit.snippet_html and "&lt;b&gt;" in hit.snippet_html
        assert "<mark>tuyên</mark>" in hit.snippet_html and "&amp;" in hit.snippet_html


def test_backend_from_environment_and_mismatch(tmp_path, monkeypatch):
    monkeypatch.setenv("CANCU_SEARCH_BACKEND", "tantivy")
    with open_index(tmp_path) as idx:
        assert idx.backend_name == "tantivy"
    with pytest.raises(ValueError, match="tantivy backend"):
        open_index(tmp_path, "whoosh")
    with pytest.raises(ValueError, match="unknown search backend"):
        open_index(tmp_path / "other", "lucene")


@pytest.mark.parametrize("backend", BACKENDS)
def test_bad_passage_offsets_are_refused(tmp_path, backend):
    from cancu.search import Passage
    with open_index(tmp_path, backend) as idx:
        with pytest.raises(ValueError, match="outside"):
            idx.index_documents([_doc("p", "ngắn", passages=[Passage(0, 99, "section")])])


def test_recommended_backend_follows_the_measured_switch_over(tmp_path):
    from cancu.search.index import DEFAULT_BACKEND, SWITCH_OVER_DOCS, recommended_backend
    assert DEFAULT_BACKEND == "whoosh"
    assert recommended_backend(SWITCH_OVER_DOCS) == "whoosh"
    assert recommended_backend(SWITCH_OVER_DOCS + 1) == "tantivy"
    with open_index(tmp_path) as idx:              # the default stays whoosh
        assert idx.backend_name == "whoosh"
        idx.index_documents([_doc("a", "Tổ chức hội thi.")])
        assert idx.backend_advice() is None


def test_bench_reports_the_switch_over():
    import importlib.util
    spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench" / "search.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    rows = [{"backend": "whoosh", "docs": 1000, "p95_ms": 20.0},
            {"backend": "whoosh", "docs": 10000, "p95_ms": 200.0},
            {"backend": "tantivy", "docs": 10000, "p95_ms": 5.0}]
    assert bench.switch_over(rows, 100.0) == 5000
    assert bench.switch_over(rows, 500.0) is None
    assert "5,000" in bench.switch_over_message(rows, 100.0)


@pytest.mark.parametrize("backend", BACKENDS)
def test_deleted_entries_do_not_come_back_after_more_batches(tmp_path, backend):
    with open_index(tmp_path, backend) as idx:
        idx.index_documents([_doc(f"d{i}", f"Kiểm tra cây xanh số {i}.") for i in range(5)])
        idx.index_documents([_doc("d2", "Giải bóng chuyền hơi.")])
        idx.index_documents([_doc("e", "Kiểm tra cây xanh nữa.")])
        r = idx.search("cây xanh", limit=20)
        assert set(ids(r)) == {"d0", "d1", "d3", "d4", "e"} and r.total == 5
        assert ids(idx.search("bóng chuyền")) == ["d2"]


def test_entries_prepared_ahead_index_the_same(tmp_path):
    """Ingest workers prepare the analysis; the index must not tell the difference."""
    from cancu.search import open_index
    from cancu.search.model import IndexDocument
    from cancu.search.prepare import prepare
    docs = [IndexDocument(doc_id=f"d{i}.txt", path=f"d{i}.txt", title=f"Kế hoạch {i}",
                          text=f"Căn cứ Nghị định số 59/2023/NĐ-CP; Ủy ban nhân dân xã báo cáo quý {i}.",
                          symbols=["59/2023/NĐ-CP"]) for i in range(3)]
    with open_index(tmp_path / "a", "whoosh") as a, open_index(tmp_path / "b", "whoosh") as b:
        a.index_documents(docs)
        b.index_documents([prepare(d) for d in docs])
        for q in ["nghi dinh 59", "bao cao quy", "Ủy ban"]:
            ra, rb = a.search(q), b.search(q)
            assert [(h.doc_id, round(h.score, 6)) for h in ra.hits] == [(h.doc_id, round(h.score, 6)) for h in rb.hits]
        assert a.restorer.unigrams == b.restorer.unigrams and a.restorer.bigrams == b.restorer.bigrams


def test_concurrent_searches_from_threads_agree(index):
    # The web server runs requests on threads that share one index; whoosh's
    # searcher reads postings through shared file handles.
    queries = ["nghi dinh 59", "dân chủ ở cơ sở", "ubnd xa bao cao", "qd 217", "phap lenh 2007"]
    expected = {q: ids(index.search(q, limit=5, facets=True)) for q in queries}
    failures: list[str] = []

    def worker(k: int) -> None:
        for i in range(40):
            q = queries[(k + i) % len(queries)]
            try:
                got = ids(index.search(q, limit=5, facets=True))
            except Exception as e:          # noqa: BLE001 — collected and asserted below
                failures.append(f"{q}: {type(e).__name__}: {e}")
                continue
            if got != expected[q]:
                failures.append(f"{q}: {got} != {expected[q]}")

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)     # switch threads often, as a loaded server does
    try:
        run_threads(worker, [(k,) for k in range(8)])
    finally:
        sys.setswitchinterval(interval)
    assert failures == []


def test_densest_window_matches_counting_every_start():
    from collections import namedtuple

    from cancu.search import snippet
    tok = namedtuple("tok", "start")
    rng = random.Random(5)
    for _ in range(300):
        starts = sorted(rng.sample(range(2000), rng.randint(1, 40)))
        marked = [tok(s) for s in starts]
        brute = max(range(len(marked)), key=lambda i: sum(
            1 for t in marked[i:] if t.start - marked[i].start < snippet._WINDOW))
        assert snippet._densest(marked) == brute


def test_common_words_and_words_in_no_entry_are_left_out_of_the_scored_or():
    q = ParsedQuery(text="thuc hien tiep dan", terms=["thuc", "hien", "tiep", "dan"], accentless=True)
    tree = plan.build(q, "doc")
    _, tree = plan.split_kind(tree)
    common = {"thuc", "hien", "thuc_hien"}
    held = ("folded", "folded_bigrams")         # the other fields hold none of the words
    df = lambda field, value: 990 if value in common else (5 if field in held else 0)  # noqa: E731

    def scored(t):
        words = next(n for n in t.must if isinstance(n, plan.Bool) and n.words)
        return {(n.field, n.value) for n in words.should if isinstance(n, plan.Term)}

    def scored_values(t):
        return {value for _, value in scored(t)}

    pruned = plan.prune_common(tree, df, 1000)
    assert not scored_values(pruned) & common
    assert {"tiep", "dan", "tiep_dan"} <= scored_values(pruned)
    assert {field for field, _ in scored(pruned)} <= set(held) < {field for field, _ in scored(tree)}
    # No word in any entry: the tree is left whole (it matches nothing; an empty OR would match all).
    assert plan.prune_common(tree, lambda f, v: 0, 1000) == tree
    # Small indexes are searched with every word.
    assert plan.prune_common(tree, df, 999) == tree
    # Only common words: the rarest few that occur stay, so the query still matches.
    everywhere = plan.prune_common(tree, lambda f, v: 995 if f in ("folded", "folded_bigrams") else 0, 1000)
    assert scored_values(everywhere) and all(v in {"thuc", "hien", "tiep", "dan", "thuc_hien", "hien_tiep",
                                                    "tiep_dan"} for v in scored_values(everywhere))


def test_whoosh_facet_counts_equal_whoosh_grouping(tmp_path):
    """The whoosh backend counts facets from values read once per searcher; the
    counts must be what whoosh's own grouping gives (several segments, a replaced
    document, a multi-valued field, a document without a year)."""
    from whoosh import query as wq
    from whoosh import sorting

    from cancu.search import fields as F
    from cancu.search.whoosh_backend import _Search
    with open_index(tmp_path, "whoosh") as idx:
        idx.index_documents([_doc(f"a{i}", f"Kiểm tra cây xanh số {i}.", year=2023 + i % 2, issuer="UBND xã A",
                                  symbols=["59/2023/NĐ-CP", "61/2023/NĐ-CP"][: 1 + i % 2]) for i in range(4)])
        idx.index_documents([_doc("b", "Cây xanh và bóng chuyền.", year=None, issuer="UBND xã B",
                                  symbols=["10/2022/QH15", "59/2023/NĐ-CP"])])
        idx.index_documents([_doc("a1", "Cây xanh lại.", year=2025, issuer="UBND xã B", symbols=[])])
        backend = idx.backend
        tree = plan.build(idx.parse("cây xanh"), "doc")
        got = _Search(backend).facet_counts(tree)
        s, routed = backend._route(tree)
        docset = set(s.evaluate(routed))
        assert len(docset) == 5 and len(s.leaves) > 1
        groups = {name: sorting.FieldFacet(field, allow_overlap=field == F.CITED)
                  for name, field in F.FACET_FIELDS.items()}
        results = s.searcher.search(wq.Every(), filter=docset, limit=None, groupedby=groups,
                                    maptype=sorting.Count)
        for name in groups:
            expected = {str(k): n for k, n in results.groups(name).items() if k is not None}
            assert {f.value: f.count for f in got[name]} == expected, name
        assert {f.value: f.count for f in got["year"]} == {"2023": 2, "2024": 1, "2025": 1}


def test_marker_coverage_and_snippet_match_a_plain_reading():
    """Marker memoises per word; what it finds must be what reading every syllable
    finds, in NFC and in decomposed text, with and without accents typed."""
    from cancu.search.analysis import fold_syllable, syllables
    from cancu.search.snippet import Marker, _matches, match_keys

    def plain_coverage(text, keys):
        words = syllables(text)
        hit = [_matches(w, keys) for w in words]
        distinct = {fold_syllable(w) for w, h in zip(words, hit) if h}
        return len(distinct), sum(1 for a, b in zip(hit, hit[1:]) if a and b)

    text = sorted((ROOT / "corpus" / "plans").glob("*.txt"))[0].read_text(encoding="utf-8")
    texts = [text[i:i + 700] for i in range(0, min(len(text), 14000), 700)]
    texts += [unicodedata.normalize("NFD", t) for t in texts[:5]] + ["Thuỷ lợi, THỦY LỢI; hoá học hóa"]
    # Words a word character touches are not the word ("dân_chủ", "dân2"); one written form twice.
    texts += ["dân_chủ dân2 2dân Dân, DÂN dan-chu dân dânchủ chủ", unicodedata.normalize("NFD", "Dân chủ dân_chủ")]
    for words in (["dân", "chủ", "cơ", "sở"], ["dan", "chu", "co", "so"], ["thủy", "hoa"], ["kế", "hoach"],
                  ["dân", "dan", "chủ"]):
        keys = match_keys(words)
        marker = Marker(keys)
        for t in texts:
            assert marker.coverage(t) == plain_coverage(t, keys)
            # The snippet is cut around the marked syllables: the same tokens as tokenize's.
            assert marker._marked(t) == [tok for tok in tokenize(t) if _matches(tok.text, keys)]


def test_a_word_character_is_what_the_regex_word_class_takes():
    """Marker finds a marked word where no word character touches it: the same
    tokens as `\\w+` cuts, for every character there is."""
    from cancu.search.snippet import _is_word_char
    word = re.compile(r"\w")
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if (word.match(c) is not None) != _is_word_char(c)] == []


def test_best_passage_is_the_first_with_most_words_then_most_pairs():
    """_best_passage counts pairs only for passages tied on distinct words; its pick
    must be the one sorting every passage by (distinct, pairs, rank) gives."""
    from cancu.search import fields as F
    from cancu.search.execute import RawHit, _best_passage
    from cancu.search.snippet import Marker, match_keys

    text = sorted((ROOT / "corpus" / "plans").glob("*.txt"))[0].read_text(encoding="utf-8")
    spans = [(i, i + w) for i in range(0, min(len(text), 12000), 150) for w in (120, 300)]
    spans += spans[:6]                  # equal spans: ties on every count, rank decides
    for words in (["dân", "chủ", "cơ", "sở"], ["ke", "hoach"], ["ubnd", "xa", "bao", "cao"]):
        marker = Marker(match_keys(words))
        for step in (1, 3, 7):
            found = [RawHit.of(0.0, {F.DOC_ID: "d", F.START: s, F.END: e}) for s, e in spans[::step]]
            ranked = sorted(enumerate(found), key=lambda ip: (
                *(-c for c in marker.coverage(text[ip[1].stored[F.START]:ip[1].stored[F.END]])), ip[0]))
            assert _best_passage(found, text, marker) is ranked[0][1]
        assert _best_passage(found[:1], text, marker) is found[0]


def test_a_passages_kept_words_are_left_to_reference_counting():
    """The words kept for each passage weighed (search/snippet.py) live for many searches:
    as tuples, Python's cyclic collector stops walking them (lists were most of what each
    full collection of a server worker walked)."""
    import gc

    from cancu.search.snippet import _words

    folds = _words.folds("Kế hoạch thực hiện KẾ HOẠCH năm 2025 của xã")
    assert folds["ke"] == ("Kế", "KẾ")
    gc.collect()
    assert not gc.is_tracked(folds) and not any(gc.is_tracked(v) for v in folds.values())
