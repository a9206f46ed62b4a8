"""Relevance of search on the judged query set, per backend, with and without accents.

tests/data/search_queries.tsv holds queries as legal staff type them, half of
them without diacritics, each with its relevant documents. We compute
recall@10 and MRR (reciprocal rank of the first relevant document) and check
that dropping the accents costs almost nothing — the reason the index has a
folded field and the query a restored form.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from cancu.nlp.text.fold import fold
from cancu.search import open_index
from tests.test_search import BACKENDS, DATA, fake_finder, load_corpus

K = 10


@dataclass
class Judged:
    qid: str
    query: str
    relevant: list[str]
    passage: str | None

    @property
    def accented(self) -> bool:
        return self.qid.endswith("a")


def load_queries() -> list[Judged]:
    out = []
    for line in (DATA / "search_queries.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        qid, query, relevant, passage = line.split("\t")
        out.append(Judged(qid, query, relevant.split(","), None if passage == "-" else passage))
    return out


def evaluate(index, queries: list[Judged]) -> dict[str, float]:
    recall = rr = passages_ok = passages_judged = 0.0
    for j in queries:
        hits = index.search(j.query, limit=K).hits
        ranked = [h.doc_id for h in hits]
        recall += len(set(ranked) & set(j.relevant)) / len(j.relevant)
        rr += next((1 / (i + 1) for i, d in enumerate(ranked) if d in j.relevant), 0.0)
        if j.passage:
            passages_judged += 1
            hit = next((h for h in hits if h.doc_id == j.relevant[0]), None)
            text = docs_text[j.relevant[0]]
            if hit and fold(j.passage) in fold(" ".join(text[hit.start:hit.end].split())):
                passages_ok += 1
    n = len(queries)
    return {"recall@10": recall / n, "MRR": rr / n,
            "passage": passages_ok / passages_judged if passages_judged else 1.0, "n": n}


docs_text = {d.doc_id: d.text for d in load_corpus()}


@pytest.fixture(scope="module", params=BACKENDS)
def scores(request, tmp_path_factory):
    idx = open_index(tmp_path_factory.mktemp(request.param), request.param,
                     instrument_finder=fake_finder)
    idx.index_documents(load_corpus())
    queries = load_queries()
    result = {
        "accented": evaluate(idx, [q for q in queries if q.accented]),
        "accentless": evaluate(idx, [q for q in queries if not q.accented]),
    }
    idx.close()
    for form, s in result.items():
        print(f"\n{request.param:8} {form:10} n={s['n']:2} recall@10={s['recall@10']:.3f} "
              f"MRR={s['MRR']:.3f} passage={s['passage']:.2f}")
    return result


def test_query_set_is_big_enough_and_half_accentless():
    queries = load_queries()
    assert len(queries) >= 40
    accentless = [q for q in queries if not q.accented]
    assert len(accentless) * 2 == len(queries)
    assert all(fold(q.query) == q.query.lower() for q in accentless)


def test_accentless_recall_close_to_accented(scores):
    assert scores["accentless"]["recall@10"] >= scores["accented"]["recall@10"] - 0.05


def test_ranking_quality(scores):
    for form in ("accented", "accentless"):
        assert scores[form]["recall@10"] >= 0.9, form
        assert scores[form]["MRR"] >= 0.85, form
        assert scores[form]["passage"] >= 0.8, form
