"""Search relevance on the real documents: the judged queries of
tests/data/search_queries_real.tsv (topics, agencies, instruments in several spellings,
with and without diacritics) over the seed plans and the 269 real documents, through the
same ingest and search the web page uses. bench/search_relevance.py prints the figures;
this keeps them from regressing (measured in session 13: nDCG@10 0.930, recall@10 0.952)."""
from __future__ import annotations

import pytest

from bench.search_relevance import K, evaluate, load_queries, ndcg, recall, searcher


def test_the_judged_set_is_big_and_typed_both_ways():
    queries = load_queries()
    assert len(queries) >= 40
    assert {q.kind for q in queries} == {"topic", "agency", "instrument"}
    assert sum(not q.accented for q in queries) >= len(queries) // 3
    assert all(q.grades and all(g in (1, 2) for g in q.grades.values()) for q in queries)


def test_metrics_on_known_rankings():
    grades = {"a": 2, "b": 1}
    assert ndcg(["a", "b"], grades) == pytest.approx(1.0)
    assert ndcg(["b", "a"], grades) < 1.0
    assert ndcg(["x"] * K, grades) == 0.0
    assert recall(["x", "a"], grades) == 0.5
    assert recall([f"d{i}" for i in range(K)], {f"d{i}": 2 for i in range(13)}) == 1.0


@pytest.fixture(scope="module")
def result(realdocs_home):
    return evaluate(searcher(realdocs_home), load_queries())


def test_ranking_on_real_documents(result):
    s = result["summary"]
    # measured 0.930 (session 12) and 0.9295 (session 13: a ministry's closing article now names
    # «Chánh Văn phòng Bộ Văn hóa, Thể thao và Du lịch», and for «Phòng Văn hóa - Xã hội» that
    # document now ties past a judged one); the six agency queries are the weak group (0.56)
    assert s["all"]["ndcg@10"] >= 0.925, s
    assert s["all"]["recall@10"] >= 0.93, s
    assert s["instrument"]["recall@10"] >= 0.95, s
    assert s["topic"]["ndcg@10"] >= 0.93, s


def test_diacritics_cost_almost_nothing(result):
    s = result["summary"]
    assert s["accentless"]["ndcg@10"] >= s["accented"]["ndcg@10"] - 0.03, s
