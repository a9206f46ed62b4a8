"""Long lists a part at a time (web/paging.py) and the values kept per store
checkpoint (web/cache.py `per_checkpoint`, web/meta.py), through Flask's test
client over the seed workspace: 5 documents, 21 audit findings, 103
obligations, 30 documents citing Luật 10/2022/QH15."""
from __future__ import annotations

import csv
import io
import re
import time
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.test_web_support import app, built_workspace, client, services, services_for  # noqa: F401  (fixtures)
from cancu.web import cache, meta, pages
from cancu.web.app import create_app
from tests.threads import run_threads

AGENCY = "Phòng Văn hóa - Xã hội"
LAW = "Luật 10/2022/QH15"
LISTS = [("/", {}), ("/audit", {}), ("/obligations", {}), ("/instrument", {"q": LAW})]


def page_text(client, url, status=200, **args):
    r = client.get(url, query_string=args)
    assert r.status_code == status, (url, args, r.data[:300])
    return r.get_data(as_text=True)


def nav_links(page: str) -> dict[str, dict[str, list[str]]]:
    """The pager's links by label (Vietnamese), as parsed query strings."""
    nav = re.search(r'<nav class="pager".*?</nav>', page, re.S)
    assert nav, "no pager"
    out = {}
    for href, label in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', nav.group(0), re.S):
        out[re.sub(r"<[^>]+>|[«‹›»]", "", label).strip()] = parse_qs(urlsplit(unescape(href)).query)
    return out


def home_docs(page: str) -> list[str]:
    return re.findall(r'<li><a href="/document/([^"#]+)">', page.split('<ul class="doclist">')[1].split("</ul>")[0])


def table_rows(page: str) -> list[tuple[str, str]]:
    """(document, position) of each row linking to a citation or an obligation."""
    body = page.split("<tbody>")[-1].split("</tbody>")[0]
    return re.findall(r'<a href="/document/([^"#]+)#m-(\d+)"', body)


def all_pages(client, url, per_page, **args) -> list[list]:
    first = page_text(client, url, per_page=per_page, **args)
    pages_n = int(re.search(r"Trang 1/(\d+)", first).group(1))
    return [first] + [page_text(client, url, page=n, per_page=per_page, **args) for n in range(2, pages_n + 1)]


# ------------------------------------------------------------------ pages
def test_home_pages_cover_every_document_once(client, services):
    everything = services.documents()
    pages_ = all_pages(client, "/", 2)
    assert len(pages_) == 3
    parts = [home_docs(p) for p in pages_]
    assert parts[0] != parts[1] and [len(p) for p in parts] == [2, 2, 1]
    assert sum(parts, []) == sorted(everything)
    assert "Trang 2/3 · dòng 3–4 / 5" in pages_[1]
    links = nav_links(pages_[1])
    assert links["Trang đầu"]["page"] == ["1"] and links["Trang trước"]["page"] == ["1"]
    assert links["Trang sau"]["page"] == ["3"] and links["Trang cuối"]["page"] == ["3"]
    assert all(q["per_page"] == ["2"] for q in links.values())
    assert 'rel="next"' in pages_[1] and 'rel="prev"' in pages_[1]
    assert set(nav_links(pages_[0])) == {"Trang sau", "Trang cuối"}      # first and previous are not links on page 1


def test_default_page_shows_everything_small_and_no_pager(client):
    page = page_text(client, "/")
    assert len(home_docs(page)) == 5 and '<nav class="pager"' not in page


def test_english_pager(client):
    page = page_text(client, "/", per_page=2, page=3, lang="en")
    assert "Page 3/3 · rows 5–5 of 5" in page and "Previous" in page
    assert "lang=" not in re.search(r'<nav class="pager".*?</nav>', page, re.S).group(0)


@pytest.mark.parametrize("args", [{"page": "0"}, {"page": "abc"}, {"page": "-1"}, {"per_page": "0"},
                                  {"per_page": "501"}, {"per_page": "x"}, {"page": "1.5"}])
@pytest.mark.parametrize("url, base", LISTS)
def test_bad_paging_parameters_are_400(client, url, base, args):
    page = page_text(client, url, 400, **base, **args)
    assert "không hợp lệ" in page and next(iter(args)) in page


@pytest.mark.parametrize("url, base", LISTS)
def test_page_past_the_end_is_404_with_a_message(client, url, base):
    page = page_text(client, url, 404, page=999, per_page=500, **base)
    assert "Không có trang 999: danh sách chỉ đến trang 1." in page


def test_audit_pages_filtered_before_paging(client):
    export = list(csv.reader(io.StringIO(client.get("/audit.csv", query_string={"finding": "unresolved"})
                                         .get_data(as_text=True).lstrip("\ufeff"))))[1:]
    assert len(export) == 13
    pages_ = all_pages(client, "/audit", 5, finding="unresolved")
    assert len(pages_) == 3 and all("13 dòng" in p for p in pages_)
    rows = [table_rows(p) for p in pages_]
    assert rows[0] != rows[1] and [len(r) for r in rows] == [5, 5, 3]
    # the same rows in the same order: document file and line (exports: title, file, …, line, quote)
    assert [doc for doc, _ in sum(rows, [])] == [r[1] for r in export]
    lines = [n for p in pages_ for n in re.findall(r">Dòng (\d+)</a>", p.split("<tbody>")[-1])]
    assert lines == [r[8] for r in export]
    links = nav_links(pages_[1])
    assert all(q["finding"] == ["unresolved"] and q["per_page"] == ["5"] for q in links.values())
    # The export links on a paged page have the filter, not the paging: exports are complete.
    export_link = re.search(r'href="(/audit\.csv[^"]*)"', pages_[1]).group(1)
    assert "finding=unresolved" in export_link and "page" not in export_link


def test_unfiltered_audit_total_is_every_finding(client, services):
    page = page_text(client, "/audit", per_page=5)
    assert f"{len(services.audit())} dòng" in page and len(table_rows(page)) == 5


def obligation_keys(rows) -> list[tuple[str, str]]:
    return [(o.document, str(o.start)) for o in rows]


def test_obligation_pages_cover_every_obligation_in_order(client, services):
    everything = services.obligations()
    pages_ = all_pages(client, "/obligations", 5)
    assert len(pages_) == 21 and f"{len(everything)} dòng" in pages_[0]
    rows = [table_rows(p) for p in pages_]
    assert rows[0] != rows[1] and sum(rows, []) == obligation_keys(everything)


def test_obligation_pages_in_one_pass_agree(client, services, monkeypatch):
    """The same rows when a page spans most documents (read all at once)."""
    monkeypatch.setattr(pages, "ONE_PASS_DOCS", 0)
    rows = [table_rows(p) for p in all_pages(client, "/obligations", 40)]
    assert sum(rows, []) == obligation_keys(services.obligations())


def test_obligation_filters_kept_and_counted(client, services):
    wanted = services.obligations(agency=AGENCY)
    pages_ = all_pages(client, "/obligations", 5, agency=AGENCY)
    assert len(pages_) == 5 and all(f"{len(wanted)} dòng" in p for p in pages_)
    assert sum((table_rows(p) for p in pages_), []) == obligation_keys(wanted)
    assert all(q["agency"] == [AGENCY] for q in nav_links(pages_[2]).values())
    doc = wanted[0].document
    one = services.obligations(document=doc)
    page = page_text(client, "/obligations", document=doc, per_page=500)
    assert table_rows(page) == obligation_keys(one) and f"{len(one)} dòng" in page


def test_obligation_choices_once_per_checkpoint(built_workspace):
    s = services_for(built_workspace)
    calls, summaries = [], []
    real, real_summary = s.obligations, s.obligation_summary

    def counting(**filters):
        calls.append(filters)
        return real(**filters)

    def counting_summary():
        summaries.append(1)
        return real_summary()
    s.obligations, s.obligation_summary = counting, counting_summary
    try:
        client = create_app(s, config={"RESPONSE_CACHE_SIZE": 0}).test_client()
        for n in (1, 2, 1, 3):
            page = page_text(client, "/obligations", page=n, per_page=5)
            assert AGENCY in page                      # a filter choice
        # Choices and counts: one summary per checkpoint, never every obligation.
        assert len(summaries) == 1
        assert [c for c in calls if not any(c.values())] == [], calls
        assert all(c.get("document", "").startswith("http") for c in calls if any(c.values()))   # by IRI: one graph
    finally:
        s.close()


def test_instrument_cited_by_pages(client, services):
    report = services.instrument(LAW)
    pages_ = all_pages(client, "/instrument", 7, q=LAW)
    assert len(pages_) == 5 and all(f"({len(report.cited_by)})" in p for p in pages_)
    rows = [table_rows(p) for p in pages_]
    assert rows[0] != rows[1] and sum(rows, []) == [(c.document, str(c.start)) for c in report.cited_by]
    assert all(q["q"] == [LAW] for q in nav_links(pages_[1]).values())


# ------------------------------------------------------------------ exports are complete
def test_exports_ignore_paging(client, services):
    audit = client.get("/audit.csv", query_string={"page": 2, "per_page": 1}).get_data(as_text=True)
    assert len(list(csv.reader(io.StringIO(audit.lstrip("\ufeff"))))) == 1 + len(services.audit())
    ob = client.get("/obligations.csv", query_string={"page": 3, "per_page": 1}).get_data(as_text=True)
    assert len(list(csv.reader(io.StringIO(ob.lstrip("\ufeff"))))) == 1 + len(services.obligations())
    from openpyxl import load_workbook
    xlsx = client.get("/audit.xlsx", query_string={"per_page": 1})
    assert load_workbook(io.BytesIO(xlsx.data)).active.max_row == 1 + len(services.audit())
    api_csv = client.get("/api/v1/audit", query_string={"format": "csv", "limit": 1}).get_data(as_text=True)
    assert len(list(csv.reader(io.StringIO(api_csv.lstrip("\ufeff"))))) == 1 + len(services.audit())
    ics = client.get("/obligations.ics", query_string={"per_page": 1}).get_data(as_text=True)
    assert ics.count("BEGIN:VEVENT") == client.get("/obligations.ics").get_data(as_text=True).count("BEGIN:VEVENT") > 1


# ------------------------------------------------------------------ JSON API
def follow(client, url, key, **args) -> tuple[list, list[dict]]:
    """Every item by following `next`, and the answers seen."""
    items, answers = [], []
    body = client.get(url, query_string=args).get_json()
    while True:
        answers.append(body)
        items += body[key]
        if body["next"] is None:
            return items, answers
        body = client.get(body["next"]).get_json()


def test_api_documents_limit_offset_next(client, services):
    whole = client.get("/api/v1/documents").get_json()
    assert (whole["total"], whole["limit"], whole["offset"], whole["next"]) == (5, 1000, 0, None)
    assert len(whole["documents"]) == 5
    items, answers = follow(client, "/api/v1/documents", "documents", limit=2)
    assert [d["id"] for d in items] == sorted(services.documents()) == [d["id"] for d in whole["documents"]]
    assert [len(a["documents"]) for a in answers] == [2, 2, 1] and all(a["total"] == 5 for a in answers)
    assert answers[0]["next"] == "/api/v1/documents?limit=2&offset=2"
    assert [a["offset"] for a in answers] == [0, 2, 4]
    past = client.get("/api/v1/documents", query_string={"offset": 50}).get_json()
    assert past["documents"] == [] and past["total"] == 5 and past["next"] is None


@pytest.mark.parametrize("args", [{"limit": "0"}, {"limit": "10001"}, {"limit": "many"}, {"offset": "-1"},
                                  {"offset": "x"}])
@pytest.mark.parametrize("url, base", [("/api/v1/documents", {}), ("/api/v1/audit", {}), ("/api/v1/obligations", {}),
                                       ("/api/v1/instrument", {"q": LAW}), ("/api/v1/cites", {"q": LAW})])
def test_api_bad_limit_offset_are_400(client, url, base, args):
    r = client.get(url, query_string={**base, **args})
    assert r.status_code == 400 and next(iter(args)) in r.get_json()["error"]["message"]


def test_api_limit_cap_is_accepted(client):
    assert client.get("/api/v1/documents", query_string={"limit": 10000}).status_code == 200


def test_api_audit_pages_keep_filters(client):
    whole = client.get("/api/v1/audit", query_string={"finding": "unresolved"}).get_json()
    assert whole["total"] == whole["count"] == 13 and whole["next"] is None
    items, answers = follow(client, "/api/v1/audit", "findings", finding="unresolved", limit=5)
    assert items == whole["findings"] and [a["count"] for a in answers] == [5, 5, 3]
    assert "finding=unresolved" in answers[0]["next"] and all(a["total"] == 13 for a in answers)
    assert answers[0]["choices"] == whole["choices"]


def test_api_obligations_pages(client, services):
    everything = services.obligations()
    items, answers = follow(client, "/api/v1/obligations", "obligations", limit=10)
    assert [(o["document"], o["start"]) for o in items] == [(o.document, o.start) for o in everything]
    assert len(answers) == 11 and answers[-1]["count"] == 3 and all(a["total"] == len(everything) for a in answers)
    filtered = client.get("/api/v1/obligations", query_string={"agency": AGENCY, "limit": 4, "offset": 4}).get_json()
    wanted = services.obligations(agency=AGENCY)
    assert filtered["total"] == len(wanted) and [o["start"] for o in filtered["obligations"]] == [o.start for o in wanted[4:8]]
    assert parse_qs(urlsplit(filtered["next"]).query) == {"agency": [AGENCY], "limit": ["4"], "offset": ["8"]}


def test_api_instrument_and_cites_page_their_citing_documents(client, services):
    report = services.instrument(LAW)
    body = client.get("/api/v1/instrument", query_string={"q": LAW, "limit": 7, "offset": 7}).get_json()
    assert body["total"] == len(report.cited_by) == 30 and len(body["cited_by"]) == 7
    assert [c["start"] for c in body["cited_by"]] == [c.start for c in report.cited_by[7:14]]
    assert body["symbol"] == "10/2022/QH15" and parse_qs(urlsplit(body["next"]).query)["offset"] == ["14"]
    whole = client.get("/api/v1/instrument", query_string={"q": LAW}).get_json()
    assert len(whole["cited_by"]) == 30 and whole["next"] is None
    items, answers = follow(client, "/api/v1/cites", "rows", q=LAW, limit=8)
    assert len(items) == answers[0]["total"] == 30 and [len(a["rows"]) for a in answers] == [8, 8, 8, 6]


def test_openapi_describes_paging(client):
    spec = client.get("/api/openapi.json").get_json()
    for path in ("/api/v1/documents", "/api/v1/audit", "/api/v1/obligations", "/api/v1/instrument", "/api/v1/cites"):
        params = {p["name"]: p for p in spec["paths"][path]["get"]["parameters"]}
        assert params["limit"]["schema"]["maximum"] == 10000 and params["limit"]["schema"]["default"] == 1000
        assert params["offset"]["schema"]["minimum"] == 0
    for schema in ("DocumentList", "Audit", "Obligations", "Instrument", "Cites"):
        props = spec["components"]["schemas"][schema]["properties"]
        assert {"total", "limit", "offset", "next"} <= set(props), schema
        assert props["next"]["type"] == ["string", "null"]


# ------------------------------------------------------------------ per-checkpoint values
class FakeServices:
    """Only what the document list needs: the data's name and the list."""

    def __init__(self, checkpoint, ids):
        self.checkpoint, self.ids, self.reads = checkpoint, ids, 0

    def checkpoint_id(self) -> str:
        return self.checkpoint

    def document_list(self):
        from cancu.kg.queries.documents import DocumentMeta
        self.reads += 1
        return sorted((DocumentMeta(i, f"http://x/{i}", f"T {i}", None, None, "2025-01-02") for i in self.ids),
                      key=lambda d: d.id)


def test_meta_cached_per_checkpoint():
    s = FakeServices("/ckpt/1", ["b", "a"])
    first = meta.documents(s)
    assert meta.documents(s) is first and s.reads == 1 and [d.id for d in first] == ["a", "b"]
    assert meta.by_id(s)["a"].year == 2025 and meta.by_iri(s)["http://x/b"].id == "b" and s.reads == 1
    s.checkpoint, s.ids = "/ckpt/2", ["a", "b", "c"]      # the reader moved to a newer checkpoint
    assert [d.id for d in meta.documents(s)] == ["a", "b", "c"] and s.reads == 2
    assert "c" in meta.by_id(s)
    s.checkpoint = "/ckpt/1"                              # the previous one is still kept
    assert meta.documents(s) is first and s.reads == 2
    s.checkpoint = "/ckpt/3"                              # a third: the least recently used (2) goes
    meta.documents(s)
    s.checkpoint = "/ckpt/2"
    meta.documents(s)
    assert s.reads == 4
    other = FakeServices("/ckpt/1", ["a"])                # another services object shares nothing
    assert meta.documents(other) is not first and other.reads == 1


def test_meta_cache_follows_uploads_through_this_app():
    """A writable store keeps its name; an upload bumps the app's generation."""
    s = FakeServices("/live", ["a"])
    app = create_app(s)
    with app.app_context():
        first = meta.documents(s)
        assert meta.documents(s) is first and s.reads == 1
        s.ids = ["a", "b"]
        cache.invalidate()
        assert [d.id for d in meta.documents(s)] == ["a", "b"] and s.reads == 2


def test_per_checkpoint_computes_once_under_threads():
    s = FakeServices("/ckpt/t", [])
    calls = []

    def slow():
        calls.append(1)
        time.sleep(0.05)
        return object()
    results = []
    run_threads(lambda: results.append(cache.per_checkpoint(s, "slow", slow)), [()] * 8)
    assert len(calls) == 1 and len(results) == 8 and len({id(r) for r in results}) == 1


def test_pages_read_the_document_list_once(built_workspace, monkeypatch):
    s = services_for(built_workspace)
    reads = []
    real = s.document_list
    s.document_list = lambda: (reads.append(1), real())[1]
    try:
        client = create_app(s, config={"RESPONSE_CACHE_SIZE": 0}).test_client()
        for n in (1, 2, 3):
            page_text(client, "/", page=n, per_page=2)
        page_text(client, "/audit")
        page_text(client, "/instrument", q=LAW)
        assert client.get("/api/v1/documents").get_json()["total"] == 5
        assert len(reads) == 1
    finally:
        s.close()


def test_audit_findings_read_once_and_document_filter_kept(built_workspace):
    s = services_for(built_workspace)
    calls = []
    real = s.audit
    s.audit = lambda documents=None: (calls.append(documents), real(documents))[1]
    try:
        client = create_app(s, config={"RESPONSE_CACHE_SIZE": 0}).test_client()
        for n in (1, 2, 3):
            page_text(client, "/audit", page=n, per_page=5)
        client.get("/audit.csv")
        doc = real()[0].document
        one = client.get("/api/v1/audit", query_string={"document": doc}).get_json()
        # the same findings, most serious first (web/exports.py SEVERITY)
        assert (sorted((r["document"], r["start"]) for r in one["findings"])
                == sorted((r.document, r.start) for r in real([doc])))
        from cancu.web.exports import severity
        assert [severity(r["finding"]) for r in one["findings"]] == sorted(severity(r["finding"]) for r in one["findings"])
        assert one["total"] == len(real([doc])) >= 1
        assert calls == [None]
    finally:
        s.close()
