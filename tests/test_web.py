"""The web app through Flask's test client: pages, JSON API, SPARQL endpoint,
security headers and every error path. Uploads: tests/test_web_upload.py."""
from __future__ import annotations

import html
import csv
import io
import json
import re
import unicodedata

import pytest

from tests.test_web_support import app, built_workspace, client, services  # noqa: F401  (fixtures)
from cancu.web.app import create_app

STALE_PLAN = "002_93d6b709dd7d643f.txt"
HTML = {"Accept": "text/html"}


def error_of(response, status):
    assert response.status_code == status, response.data[:400]
    body = response.get_json()
    assert set(body) == {"error"} and body["error"]["status"] == status and body["error"]["message"]
    return body["error"]


# ------------------------------------------------------------------ pages
def test_home_lists_documents_and_stats(client):
    r = client.get("/")
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    assert STALE_PLAN in page and "Tìm kiếm" in page and 'lang="vi"' in page
    assert "văn bản" in page


def test_search_without_diacritics_finds_decree_59(client):
    r = client.get("/", query_string={"q": "nghi dinh 59"})
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    assert "<mark>" in page                        # highlighted snippets
    assert "59/2023/NĐ-CP" in page                 # the instrument the query names
    assert "Loại văn bản" in page and "Kế hoạch" in page     # facets
    assert 'href="/document/' in page


def test_a_topic_in_a_laws_name_stays_a_topic(client):
    """"dân chủ ở cơ sở" is in the name of Luật 10/2022/QH15: the words are searched
    (plan 002, about exactly that, stays), the law is offered as a chip to pick."""
    page = client.get("/", query_string={"q": "dan chu o co so"}).get_data(as_text=True)
    assert STALE_PLAN in page
    assert "5 văn bản phù hợp" in page
    chip = re.search(r'class="summary suggested".*?href="([^"]+)"[^>]*>10/2022/QH15<', page, re.S)
    assert chip and "trichdan:10/2022/QH15" in chip.group(1)
    picked = client.get(chip.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert "văn bản phù hợp" in picked


def test_an_instruments_type_word_alone_is_no_match(client):
    """'ND 59/2023/ND-CP': the three plans citing the decree, not two more that only
    contain the word "NĐ" (of another decree)."""
    page = client.get("/", query_string={"q": "ND 59/2023/ND-CP"}).get_data(as_text=True)
    assert "3 văn bản phù hợp" in page and "59/2023/NĐ-CP" in page
    # the type word of another type stays a word: plans (kế hoạch) citing 59
    with_words = client.get("/", query_string={"q": "59/2023/NĐ-CP tuyên truyền"}).get_data(as_text=True)
    assert "5 văn bản phù hợp" in with_words       # the decree ranks first, the words keep the rest


def test_snippets_come_from_the_matched_passage(services):
    for q in ("luat 10/2022/qh15", "dan chu o co so", "dân chủ ở cơ sở"):
        for h in services.search(q, limit=10).hits:
            assert not h.snippet.startswith("Số:"), (q, h.doc_id, h.snippet)
            assert "ngày tháng" not in h.snippet, (q, h.doc_id, h.snippet)


@pytest.mark.parametrize("q", ["nghi dinh 59 loai:kh", "dân chủ nam:2025", "cites:59/2023/NĐ-CP", "dân chủ stale:yes"])
def test_search_filters(client, q):
    r = client.get("/", query_string={"q": q})
    assert r.status_code == 200, r.data[:300]


def test_search_stale_filter_finds_plan_002(client):
    page = client.get("/", query_string={"q": "stale:yes"}).get_data(as_text=True)
    assert STALE_PLAN in page


def test_search_bad_filter_is_400_with_message(client):
    r = client.get("/", query_string={"q": "nam:abc"})
    assert r.status_code == 400
    assert "không hợp lệ" in r.get_data(as_text=True)


def test_document_page_highlights_citations_by_status(client):
    r = client.get(f"/document/{STALE_PLAN}")
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    for status in ("in_force", "stale", "unresolved", "unknown"):
        assert f"cit cit-{status}" in page
    stale = re.search(r'<a id="m-\d+" class="cit cit-stale" href="([^"]+)"', page)
    assert stale and "/instrument?iri=" in stale.group(1)
    assert "Pháp lệnh dân chủ 2007" in unicodedata.normalize("NFC", page)   # the file has combining marks
    assert "Kết quả rà soát" in page and "Hết hiệu lực trong thời gian áp dụng" in page
    assert "Nhiệm vụ" in page


def test_document_page_anchor_for_search_hit(client):
    page = client.get(f"/document/{STALE_PLAN}?at=120").get_data(as_text=True)
    assert '<span id="at"></span>' in page


@pytest.mark.parametrize("doc_id", ["..%2F..%2Fetc%2Fpasswd", "../../etc/passwd", ".hidden", "nope.txt",
                                    "%2Fetc%2Fpasswd", "a%00b.txt"])
def test_document_path_traversal_and_unknown_are_404(client, doc_id):
    assert client.get(f"/document/{doc_id}").status_code == 404
    error_of(client.get(f"/api/v1/documents/{doc_id}"), 404)


def test_document_by_iri_redirects(client, services):
    iri = services.document(STALE_PLAN).iri
    r = client.get("/document", query_string={"iri": iri})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/document/{STALE_PLAN}")
    assert client.get("/document", query_string={"iri": "http://x/y"}).status_code == 404


def test_instrument_page_for_stale_ordinance(client):
    r = client.get("/instrument", query_string={"q": "Pháp lệnh 34/2007"})
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    assert "34/2007/PL-UBTVQH11" in page
    assert "Hết hiệu lực" in page and "01/07/2023" in page          # status and timeline
    assert "10/2022/QH15" in page                                     # what replaced it
    assert f"/document/{STALE_PLAN}#m-" in page                       # who cites it
    assert "Thực hiện Pháp lệnh dân chủ 2007;" in unicodedata.normalize("NFC", page)               # with the sentence
    assert "/chain?iri=" in page


def test_instrument_page_guides_and_lookup(client):
    page = client.get("/instrument", query_string={"q": "Luật 10/2022/QH15"}).get_data(as_text=True)
    assert "59/2023/NĐ-CP" in page          # the decree that details the law
    assert client.get("/instrument").status_code == 200
    r = client.get("/instrument", query_string={"q": "qqqq 9999/ZZ"})
    assert r.status_code == 404 and "Không tìm thấy" in r.get_data(as_text=True)


def test_audit_page_filters_and_exports(client):
    r = client.get("/audit")
    assert r.status_code == 200 and "Rà soát căn cứ pháp lý" in r.get_data(as_text=True)
    page = client.get("/audit", query_string={"finding": "stale_during_period"}).get_data(as_text=True)
    assert "34/2007/PL-UBTVQH11" in page and "Ghi sai loại văn bản" not in page.split("<tbody>")[1]
    r = client.get("/audit.csv", query_string={"year": "2023"})
    assert r.status_code == 200 and r.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(r.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][0] == "Văn bản" and all(row[3] == "2023" for row in rows[1:]) and len(rows) > 1
    r = client.get("/audit.xlsx", query_string={"issuer": "Ủy ban nhân dân thị trấn Hà Trung"})
    assert r.status_code == 200
    from openpyxl import load_workbook
    ws = load_workbook(io.BytesIO(r.data)).active
    values = [c.value for c in ws["B"]][1:]
    assert values and set(values) == {STALE_PLAN}
    titles = [c.value for c in ws["A"]][1:]
    assert all(t.startswith("Kế hoạch") or t.startswith("KẾ HOẠCH") or len(t) > 30 for t in titles), titles
    assert client.get("/audit", query_string={"year": "abc"}).status_code == 400
    assert client.get("/audit.pdf").status_code == 404


def test_audit_exports_read_like_the_page(client):
    """Most serious first, the page's labels (not codes) in the page's language, a line
    number and the quoted words instead of a character offset; XLSX ready to filter."""
    r = client.get("/audit.csv")
    rows = list(csv.reader(io.StringIO(r.get_data(as_text=True).lstrip("\ufeff"))))
    head, body = rows[0], rows[1:]
    finding = [row[head.index("Phát hiện")] for row in body]
    assert "Căn cứ hết hiệu lực" in finding or "Hết hiệu lực trong thời gian áp dụng" in finding
    assert not {"unresolved", "stale", "stale_during_period", "type_mismatch"} & set(finding)
    from cancu.web.exports import SEVERITY, finding_label
    order = [next(i for i, k in enumerate(SEVERITY) if finding_label(k, "vi") == f) for f in finding]
    assert order == sorted(order)                       # stale before "Chưa xác định"
    lines = [row[head.index("Dòng")] for row in body]
    assert all(n.isdigit() and int(n) >= 1 for n in lines)
    quotes = [row[head.index("Trích đoạn")] for row in body]
    symbols = [row[head.index("Văn bản được trích dẫn")] for row in body]
    assert any(s and s.split("/")[0] in q for s, q in zip(symbols, quotes))
    english = client.get("/audit.csv?lang=en").get_data(as_text=True)
    assert "Finding" in english.splitlines()[0] and "Phát hiện" not in english
    assert "Basis no longer in force" in english or "Lapses during the plan's period" in english
    from openpyxl import load_workbook
    ws = load_workbook(io.BytesIO(client.get("/audit.xlsx").data)).active
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["G"].width >= 50        # the explanation


def test_obligations_page_and_exports(client):
    r = client.get("/obligations")
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    assert "Nhiệm vụ được giao" in page and "Phòng Văn hóa - Xã hội" in page
    r = client.get("/obligations", query_string={"agency": "Phòng Văn hóa - Xã hội", "document": STALE_PLAN})
    assert r.status_code == 200
    assert client.get("/obligations.csv").mimetype == "text/csv"
    assert client.get("/obligations.xlsx").data[:2] == b"PK"
    ics = client.get("/obligations.ics")
    assert ics.mimetype == "text/calendar" and b"BEGIN:VCALENDAR" in ics.data
    assert client.get("/obligations", query_string={"due_before": "31/12"}).status_code == 400


@pytest.mark.parametrize("path, extra", [("/obligations.ics", {}), ("/api/v1/obligations", {"format": "ics"})])
def test_calendar_applies_every_filter_of_the_page(client, path, extra):
    def uids(**filters):
        text = client.get(path, query_string={**filters, **extra}).get_data(as_text=True)
        return {l for l in text.replace("\r\n ", "").split("\r\n") if l.startswith("UID:")}
    everything = uids()
    early = uids(due_before="2023-06-30")
    one_plan = uids(document=STALE_PLAN)
    unit = uids(agency="Phòng Văn hóa - Xã hội")
    assert everything and early and one_plan and unit
    assert early < everything and one_plan < everything and unit < everything


def test_chain_page_draws_svg(client, services):
    iri = services.document(STALE_PLAN).iri
    r = client.get("/chain", query_string={"iri": iri})
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    assert "<svg" in page and "34/2007/PL-UBTVQH11" in page and "/instrument?iri=" in page
    svg = client.get("/chain.svg", query_string={"iri": iri, "direction": "up"})
    assert svg.mimetype == "image/svg+xml" and svg.data.startswith(b"<svg")
    assert client.get("/chain", query_string={"q": "Luật 10/2022/QH15", "direction": "down"}).status_code == 200
    assert client.get("/chain", query_string={"q": "x", "direction": "sideways"}).status_code == 400
    assert client.get("/chain").status_code == 200


def test_chain_page_and_api_show_the_first_plans_and_count_the_rest(client):
    law = {"q": "Luật 10/2022/QH15", "direction": "down"}
    full = client.get("/chain", query_string=law).get_data(as_text=True)
    assert 'class="chain-more' not in full
    capped = client.get("/chain", query_string={**law, "plans": 1}).get_data(as_text=True)
    assert 'class="chain-more' in capped and "văn bản khác" in capped
    body = client.get("/api/v1/chains", query_string={**law, "plans": 1}).get_json()
    assert body["more"] and all(n > 0 for n in body["more"].values())
    assert not client.get("/api/v1/chains", query_string=law).get_json()["more"]
    assert client.get("/chain", query_string={**law, "plans": 0}).status_code == 400


def test_chain_answer_holds_every_field_of_the_chain_result(client, services):
    # The answer is written field by field (web/serialize.chain), not by asking each node
    # for its dataclass fields: it must say what the generic writer says, capped or not.
    from cancu.web.serialize import jsonable
    for plans in (1, None):
        query = {"q": "Luật 10/2022/QH15", **({"plans": plans} if plans else {})}
        body = client.get("/api/v1/chains", query_string=query).get_json()
        result = services.chain("Luật 10/2022/QH15", plans_per_node=plans or 10)
        assert body == {**jsonable(result), "tree": result.tree()}
        assert bool(body["more"]) == (plans == 1)


def test_chain_page_shows_what_the_whole_chain_shows(services, monkeypatch):
    # The page walks without following tasks to their agencies (web/pages.chain) unless it
    # draws them: a law's outline, a plan's picture, a task's and an agency's tree must read
    # as they do from the whole chain. Response cache off: every page computed.
    client = create_app(services, token=None, config={"TESTING": False, "RESPONSE_CACHE_SIZE": 0}).test_client()
    rows = client.get("/api/v1/obligations?limit=20").get_json()["obligations"]
    task, agency = rows[0]["iri"], next(o["agency_iri"] for o in rows if o.get("agency_iri"))
    queries = [{"q": "Luật 10/2022/QH15"}, {"q": "Luật 10/2022/QH15", "direction": "down", "plans": 1},
               {"q": "59/2023/NĐ-CP", "direction": "up"}, {"iri": services.document(STALE_PLAN).iri},
               {"iri": task}, {"iri": agency}]
    whole = type(services).chain
    asked: list[bool] = []

    def recording(self, *args, duties=True, **kwargs):
        asked.append(duties)
        return whole(self, *args, duties=duties, **kwargs)

    monkeypatch.setattr(type(services), "chain", recording)
    pages = [client.get("/chain", query_string=q).get_data(as_text=True) for q in queries]
    assert asked[0] is False and len(asked) < 2 * len(queries)     # the law's outline: one walk, partial
    partial = services.chain("Luật 10/2022/QH15", duties=False, plans_per_node=10)
    assert len(partial.nodes) < len(whole(services, "Luật 10/2022/QH15", plans_per_node=10).nodes)
    monkeypatch.setattr(type(services), "chain", lambda self, *a, duties=True, **k: whole(self, *a, **k))
    assert [client.get("/chain", query_string=q).get_data(as_text=True) for q in queries] == pages
    assert 'class="tree"' in pages[-1] and "<svg" in pages[3] and 'class="chain-list"' in pages[0]


def test_chain_page_of_an_agency_shows_its_tasks_as_a_tree(client):
    # An agency's chain holds tasks and agencies, which the outline does not list: the tree does.
    agency = next(o["agency_iri"] for o in client.get("/api/v1/obligations?limit=20").get_json()["obligations"]
                  if o.get("agency_iri"))
    page = client.get("/chain", query_string={"iri": agency}).get_data(as_text=True)
    assert 'class="tree"' in page and 'class="chain-list"' not in page


def test_api_docs_page_and_upload_page_without_token(client):
    assert client.get("/api/").status_code == 200
    page = client.get("/upload").get_data(as_text=True)
    assert "CANCU_TOKEN" in page and "đang tắt" in page


# ------------------------------------------------------------------ i18n, headers, escaping
def test_english_is_switchable_and_remembered(client):
    r = client.get("/?lang=en")
    assert 'lang="en"' in r.get_data(as_text=True) and "Search" in r.get_data(as_text=True)
    assert "cancu_lang=en" in r.headers.get("Set-Cookie", "")
    assert 'lang="en"' in client.get("/audit").get_data(as_text=True)      # the cookie
    assert 'lang="vi"' in client.get("/audit?lang=vi").get_data(as_text=True)


@pytest.mark.parametrize("url", ["/", "/audit", f"/document/{STALE_PLAN}", "/sparql", "/api/v1/stats", "/nope"])
def test_security_headers(client, url):
    h = client.get(url).headers
    csp = h["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'self'" in csp
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] == "no-referrer"


def test_pages_have_no_inline_script_or_external_asset(client, services):
    iri = services.document(STALE_PLAN).iri
    for url in ["/", "/?q=nghi+dinh+59", f"/document/{STALE_PLAN}", "/instrument?q=nđ+59", "/audit",
                "/obligations", f"/chain?iri={iri}", "/sparql", "/upload"]:
        page = client.get(url, headers=HTML).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), url
        assert not re.search(r"""(src|href)=["']https?://""", page.replace('href="http://cancu', "")) or url.startswith("/instrument"), url
        assert " style=" not in page and "<style" not in page, url
        assert " on" + "click=" not in page


def test_static_assets_are_served(client):
    for name in ("app.css", "app.js", "favicon.svg"):
        assert client.get(f"/static/{name}").status_code == 200


# ------------------------------------------------------------------ JSON API
def test_api_search(client):
    body = client.get("/api/v1/search", query_string={"q": "nghi dinh 59", "facets": "1"}).get_json()
    assert body["total"] >= 1 and body["hits"][0]["doc_id"].endswith(".txt")
    assert body["query"]["instruments"][0]["symbol"] == "59/2023/NĐ-CP"
    assert "type" in body["facets"]
    error_of(client.get("/api/v1/search"), 400)
    error_of(client.get("/api/v1/search", query_string={"q": "nam:abc"}), 400)
    error_of(client.get("/api/v1/search", query_string={"q": "x", "limit": "many"}), 400)
    error_of(client.get("/api/v1/search", query_string={"q": "x", "limit": "100000"}), 400)


def test_api_documents(client):
    docs = client.get("/api/v1/documents").get_json()["documents"]
    assert STALE_PLAN in [d["id"] for d in docs]
    doc = client.get(f"/api/v1/documents/{STALE_PLAN}", query_string={"text": "0", "obligations": "1"}).get_json()
    assert "text" not in doc and doc["document"] == STALE_PLAN
    assert any(m["status"] == "stale" for m in doc["mentions"]) and doc["findings"] and "obligations" in doc


def test_api_instruments(client):
    body = client.get("/api/v1/instruments", query_string={"q": "nđ 59"}).get_json()
    assert body["candidates"][0]["symbol"] == "59/2023/NĐ-CP"
    report = client.get("/api/v1/instrument", query_string={"q": "Pháp lệnh 34/2007"}).get_json()
    assert report["status"]["code"] == "no_longer_in_force" and report["ended"] == "2023-07-01"
    assert any(c["document"] == STALE_PLAN for c in report["cited_by"])
    by_iri = client.get("/api/v1/instrument", query_string={"iri": report["iri"]}).get_json()
    assert by_iri["symbol"] == report["symbol"]
    error_of(client.get("/api/v1/instrument"), 400)
    error_of(client.get("/api/v1/instrument", query_string={"q": "zzzz"}), 404)
    error_of(client.get("/api/v1/instrument", query_string={"iri": "http://bad iri>"}), 400)


def test_api_cites_audit_obligations_chains_stats(client):
    cites = client.get("/api/v1/cites", query_string={"q": "59/2023/NĐ-CP"}).get_json()
    assert not cites["ambiguous"] and {r["document"] for r in cites["rows"]} >= {STALE_PLAN} - {STALE_PLAN}
    assert cites["rows"]
    audit = client.get("/api/v1/audit", query_string={"finding": "stale_during_period"}).get_json()
    assert audit["count"] == len(audit["findings"]) >= 1
    assert client.get("/api/v1/audit?format=csv").mimetype == "text/csv"
    error_of(client.get("/api/v1/audit?format=pdf"), 400)
    ob = client.get("/api/v1/obligations", query_string={"document": STALE_PLAN}).get_json()
    assert ob["count"] == len(ob["obligations"]) and all(o["document"] == STALE_PLAN for o in ob["obligations"])
    assert client.get("/api/v1/obligations?format=ics").mimetype == "text/calendar"
    chain = client.get("/api/v1/chains", query_string={"q": "Pháp lệnh 34/2007"}).get_json()
    assert chain["nodes"] and chain["edges"] and chain["tree"]["id"] == chain["root"]
    assert client.get("/api/v1/chains?q=Pháp lệnh 34/2007&format=svg").mimetype == "image/svg+xml"
    error_of(client.get("/api/v1/chains"), 400)
    error_of(client.get("/api/v1/chains", query_string={"q": "zzzz"}), 404)
    stats = client.get("/api/v1/stats").get_json()
    assert stats["documents"] == 5


def test_api_errors_are_json(client):
    error_of(client.get("/api/v1/nope"), 404)
    error_of(client.post("/api/v1/search"), 405)
    error_of(client.delete("/api/v1/documents"), 405)


def test_500_does_not_leak_a_traceback():
    class Broken:
        def search(self, *a, **k):
            raise RuntimeError("secret internal detail")

    app = create_app(Broken())
    client = app.test_client()
    r = client.get("/api/v1/search?q=x")
    err = error_of(r, 500)
    assert "secret" not in r.get_data(as_text=True) and "Traceback" not in r.get_data(as_text=True)
    page = client.get("/?q=x")
    assert page.status_code == 500 and "secret" not in page.get_data(as_text=True)
    assert err["message"]


# ------------------------------------------------------------------ OpenAPI
def test_openapi_lists_every_route(client, app):
    r = client.get("/api/openapi.json")
    spec = json.loads(r.data)
    assert spec["openapi"].startswith("3.1")
    paths = spec["paths"]
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        if path.startswith("/api/v1/") or path in ("/sparql", "/api/openapi.json"):
            assert path in paths, path
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                op = paths[path][method.lower()]
                assert op["responses"], (path, method)
                for p in re.findall(r"{(\w+)}", path):
                    assert any(x["name"] == p and x["in"] == "path" for x in op["parameters"])

    def refs(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "$ref":
                    yield v
                else:
                    yield from refs(v)
        elif isinstance(node, list):
            for v in node:
                yield from refs(v)
    for ref in refs(spec):
        assert ref.split("/")[-1] in spec["components"]["schemas"], ref


# ------------------------------------------------------------------ SPARQL
SELECT = "SELECT ?id WHERE { GRAPH ?g { ?g cancu:documentId ?id } } ORDER BY ?id"
CONSTRUCT = "CONSTRUCT { ?g cancu:documentId ?id } WHERE { GRAPH ?g { ?g cancu:documentId ?id } }"


def test_sparql_select_json_by_default(client):
    r = client.get("/sparql", query_string={"query": SELECT})
    assert r.status_code == 200 and r.mimetype == "application/sparql-results+json"
    body = r.get_json(force=True)
    assert body["head"]["vars"] == ["id"] and len(body["results"]["bindings"]) == 5
    assert body["results"]["bindings"][0]["id"]["type"] == "literal"


@pytest.mark.parametrize("accept,mime,check", [
    ("application/sparql-results+xml", "application/sparql-results+xml", b"<sparql xmlns="),
    ("text/csv", "text/csv", b"id\r\n"),
    ("text/tab-separated-values", "text/tab-separated-values", b"?id\n\""),
    ("application/sparql-results+json", "application/sparql-results+json", b'"vars"'),
])
def test_sparql_select_formats_by_accept(client, accept, mime, check):
    r = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": accept})
    assert r.status_code == 200 and r.mimetype == mime and check in r.data


@pytest.mark.parametrize("fmt,mime", [("json", "application/sparql-results+json"),
                                      ("xml", "application/sparql-results+xml"),
                                      ("csv", "text/csv"), ("tsv", "text/tab-separated-values")])
def test_sparql_format_parameter(client, fmt, mime):
    r = client.post("/sparql", data={"query": SELECT, "format": fmt})
    assert r.status_code == 200 and r.mimetype == mime


def test_sparql_xml_is_well_formed(client):
    import xml.etree.ElementTree as ET
    r = client.get("/sparql", query_string={"query": SELECT, "format": "xml"})
    root = ET.fromstring(r.data)
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert len(root.findall(f"{ns}results/{ns}result")) == 5


def test_sparql_post_body_and_ask(client):
    r = client.post("/sparql", data=SELECT.encode(), content_type="application/sparql-query")
    assert r.status_code == 200 and len(r.get_json(force=True)["results"]["bindings"]) == 5
    r = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert r.get_json(force=True) == {"head": {}, "boolean": True}
    r = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }", "format": "xml"})
    assert b"<boolean>true</boolean>" in r.data


@pytest.mark.parametrize("fmt,mime,check", [("ttl", "text/turtle", b"documentId"),
                                            ("nt", "application/n-triples", b"> <")])
def test_sparql_construct_formats(client, fmt, mime, check):
    r = client.get("/sparql", query_string={"query": CONSTRUCT, "format": fmt})
    assert r.status_code == 200 and r.mimetype == mime and check in r.data
    r = client.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": mime})
    assert r.mimetype == mime
    error_of(client.get("/sparql", query_string={"query": CONSTRUCT, "format": "csv"}), 400)


def test_sparql_empty_select_keeps_its_variables(client):
    body = client.get("/sparql", query_string={"query": "SELECT ?a ?b WHERE { ?a <http://x/none> ?b }"}).get_json(force=True)
    assert body["head"]["vars"] == ["a", "b"] and body["results"]["bindings"] == []


@pytest.mark.parametrize("query", [
    "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DROP ALL", "CLEAR DEFAULT", "LOAD <http://example.org/data.ttl>",
    "CREATE GRAPH <http://x/g>", "ADD DEFAULT TO <http://x/g>", "MOVE DEFAULT TO <http://x/g>",
    "COPY DEFAULT TO <http://x/g>",
    "PREFIX x: <http://x/> WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "SELECT * WHERE { SERVICE <http://dbpedia.org/sparql> { ?s ?p ?o } }",
])
def test_sparql_updates_and_service_are_refused(client, query, services):
    before = services.store.stats()["triples"]
    error_of(client.get("/sparql", query_string={"query": query}), 400)
    error_of(client.post("/sparql", data={"query": query}), 400)
    assert services.store.stats()["triples"] == before


def test_sparql_update_parameter_and_content_type_refused(client):
    error_of(client.post("/sparql", data={"update": "DROP ALL"}), 400)
    error_of(client.post("/sparql", data=b"DROP ALL", content_type="application/sparql-update"), 400)
    error_of(client.post("/sparql", data=b"SELECT * {}", content_type="text/plain"), 415)


def test_sparql_keywords_inside_strings_are_not_updates(client):
    q = 'SELECT ?s WHERE { ?s ?p "INSERT DATA # DROP ALL" } LIMIT 1'
    assert client.get("/sparql", query_string={"query": q}).status_code == 200


def test_sparql_bad_queries(client):
    error_of(client.get("/sparql"), 400)                     # no query, not a browser
    err = error_of(client.get("/sparql", query_string={"query": "SELECT WHERE {"}), 400)
    assert "SPARQL" in err["message"]
    error_of(client.get("/sparql", query_string={"query": "hello"}), 400)
    error_of(client.get("/sparql", query_string={"query": SELECT, "format": "pdf"}), 400)


def test_sparql_row_cap_and_timeout(services):
    # The cap is checked with an ample time limit: 0.2 s can pass before a loaded machine
    # answers even a small SELECT, which would make this test flaky.
    client = create_app(services, config={"SPARQL_MAX_ROWS": 3, "SPARQL_TIMEOUT_S": 30}).test_client()
    r = client.get("/sparql", query_string={"query": SELECT})
    assert len(r.get_json(force=True)["results"]["bindings"]) == 3
    assert r.headers["X-SPARQL-Truncated"] == "true"
    r = client.get("/sparql", query_string={"query": SELECT + " LIMIT 2"})     # its own LIMIT
    assert len(r.get_json(force=True)["results"]["bindings"]) == 2 and r.headers["X-SPARQL-Truncated"] == "false"
    slow = ("SELECT (COUNT(*) AS ?n) WHERE { ?a a ?c . ?d a ?f . "
            "FILTER(STRLEN(STR(?c)) + STRLEN(STR(?f)) > 100000) }")
    client = create_app(services, config={"SPARQL_MAX_ROWS": 3, "SPARQL_TIMEOUT_S": 0.2}).test_client()
    err = error_of(client.get("/sparql", query_string={"query": slow}), 503)
    assert "0.2" in err["message"]


def test_sparql_page_for_browsers(client):
    r = client.get("/sparql", headers=HTML)
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and "Truy vấn mẫu" in page and "Nghị định 59/2023/NĐ-CP" in page
    r = client.get("/sparql", query_string={"query": SELECT}, headers=HTML)
    assert "<table" in r.get_data(as_text=True) and STALE_PLAN in r.get_data(as_text=True)
    r = client.get("/sparql", query_string={"query": "DROP ALL"}, headers=HTML)
    assert r.status_code == 400 and "chỉ cho phép đọc" in r.get_data(as_text=True)


def test_sparql_examples_answer(client):
    from cancu.web.sparql import EXAMPLES
    for vi, _, query in EXAMPLES:
        r = client.get("/sparql", query_string={"query": query})
        assert r.status_code == 200, vi
        if query.lstrip().startswith("SELECT"):
            assert r.get_json(force=True)["results"]["bindings"], vi


# ------------------------------------------------------------------ pages as legal staff read them
def test_legend_explains_every_status_and_finding_in_both_languages(client):
    from cancu.web.exports import SEVERITY
    from cancu.web.pages import LEGEND_STATUSES
    for lang in ("vi", "en"):
        page = client.get("/legend", query_string={"lang": lang}).get_data(as_text=True)
        for code in LEGEND_STATUSES:
            assert f'id="status-{code}"' in page and f"legend_status_{code}" not in page
        for code in SEVERITY:
            assert f'id="finding-{code}"' in page and f"legend_finding_{code}" not in page
    audit = client.get("/audit").get_data(as_text=True)
    assert 'href="/legend#finding-' in audit
    doc = client.get(f"/document/{STALE_PLAN}").get_data(as_text=True)
    assert 'href="/legend#status-unresolved"' in doc and 'href="/legend#status-unknown"' in doc


def test_every_chain_relation_has_a_label_in_both_languages(client):
    # relation_label shows the relation's own name when strings.json lacks it: a page then
    # read «Kế hoạch embodied_by Chương trình …»
    from cancu.kg.chains.walk import RELATION_VI
    from cancu.web.i18n import translate
    for relation in RELATION_VI:
        for lang in ("vi", "en"):
            assert translate(f"rel_{relation}", lang) != f"rel_{relation}", (relation, lang)
    page = client.get("/chain", query_string={"q": "Luật 10/2022/QH15"}).get_data(as_text=True)
    shown = set(re.findall(r'<span class="muted">([a-z_]+)</span>', page))
    assert not shown & set(RELATION_VI), shown


def test_document_page_puts_findings_first_with_line_numbers(client):
    page = client.get(f"/document/{STALE_PLAN}").get_data(as_text=True)
    assert page.index(">Kết quả rà soát<") < page.index('class="doctext"')
    assert re.search(r'href="#m-\d+">Dòng 8</a>: «[^»\n]*2007»', page)
    assert "Bộ luật Lao động" in page
    assert "Vị trí " not in page


def test_obligations_name_plans_by_title_and_shorten_tasks_at_a_word(client, services):
    page = client.get("/obligations", query_string={"per_page": 200}).get_data(as_text=True)
    body = page.split("<tbody>")[1]
    assert ">000_ba1120af1f27bf6e.txt<" not in body and "Thực hiện Quy chế dân chủ" in body
    options = page.split('name="document"')[1].split("</select>")[0]
    assert ">000_ba1120af1f27bf6e.txt<" not in options
    long_tasks = [o.task for o in services.obligations() if len(o.task) > 220]
    assert long_tasks
    for task in long_tasks:
        whole = " ".join(task.split())
        assert f"<p>{whole}</p>".replace('"', "&#34;") in page.replace("&#39;", "'") or whole in page
    heads = re.findall(r"<summary[^>]*>([^<]*)</summary>", page)
    assert heads and all(h.endswith("…") and not h[:-1].endswith(" ") for h in heads)
    for h in heads:       # cut after a whole word of the task
        stem = h[:-1]
        assert any(" ".join(t.split()).startswith(stem + " ") or " ".join(t.split()).startswith(stem + ",")
                   or " ".join(t.split()).startswith(stem) and len(" ".join(t.split())) > len(stem)
                   and not " ".join(t.split())[len(stem)].isalnum() for t in long_tasks), h


def test_a_task_with_several_leads_shows_them_all_where_its_lead_is_shown(client, services):
    """«Các Bộ: Quốc phòng, Tài chính …» has two leads; the obligations page and the document
    page showed the first alone, so a row filtered by the second named only the first."""
    rows = [o for o in services.obligations() if o.co_leads]
    assert rows
    o = rows[0]
    leads = ", ".join([o.agency or o.actor, *o.co_leads])
    for path, args in (("/obligations", {"document": o.document, "per_page": 200}), (f"/document/{o.document}", {})):
        page = client.get(path, query_string=args).get_data(as_text=True)
        assert f"<strong>{leads}</strong>" in page, path


def test_obligations_export_follows_the_ui_language(client):
    import csv as _csv
    en = list(_csv.reader(io.StringIO(client.get("/obligations.csv", query_string={"lang": "en"})
                                      .get_data(as_text=True).lstrip("\ufeff"))))
    assert en[0][:3] == ["Document", "Section", "Lead body"]
    assert {r[en[0].index("Modality")] for r in en[1:]} <= {"Must", "Request", "Prohibition"}
    vi = client.get("/obligations.csv", query_string={"lang": "vi"}).get_data(as_text=True).lstrip("\ufeff")
    assert vi.startswith("Văn bản,Mục,Đơn vị chủ trì")


def test_one_word_per_modality_and_no_english_in_the_vietnamese_ui(client):
    import csv as _csv
    rows = list(_csv.reader(io.StringIO(client.get("/obligations.csv").get_data(as_text=True).lstrip("\ufeff"))))
    used = {r[rows[0].index("Hình thức")] for r in rows[1:]}
    page = client.get("/obligations", query_string={"per_page": 200}).get_data(as_text=True)
    assert used and all(word in page for word in used)
    assert "Giao<" not in page and "· Giao" not in page
    home = client.get("/", query_string={"q": "dân chủ"}).get_data(as_text=True)
    assert "stale:yes|no" not in home and "cites:" not in home
    sparql = client.get("/sparql").get_data(as_text=True)
    assert "Timeout" not in sparql and " rows." not in sparql
    english = client.get("/sparql", query_string={"lang": "en"}).get_data(as_text=True)
    assert "Mỗi truy vấn" not in english


def test_sparql_examples_give_one_row_per_answer(services):
    from cancu.web.sparql import EXAMPLES
    for _, _, query in EXAMPLES:
        if not query.lstrip().startswith("SELECT"):
            continue
        rows = [repr(r) for r in services.store.query(query)]      # every binding of the row
        assert len(rows) == len(set(rows)), query
    first = [r for r in services.store.query(EXAMPLES[0][2])]
    assert len({str(r["id"]) for r in first}) == len(first) == 3     # the three plans citing 59/2023


def test_chain_of_a_law_lists_each_plan_and_task_once_with_links_and_deadlines(client, services):
    page = client.get("/chain", query_string={"q": "Luật 10/2022/QH15", "direction": "down"}).get_data(as_text=True)
    # Each plan is folded; its task lines are read when it is opened, from /chain/tasks.
    folded = re.findall(r'<p class="chain-tasks-later" data-tasks="([^"]+)"><a href="([^"]+)">Xem (\d+) nhiệm vụ', page)
    assert len(folded) == 4 and 'class="chain-task"' not in page
    lines = ""
    for url, without_script, n in folded:
        url = html.unescape(url)
        part = client.get(url)
        assert part.status_code == 200 and part.mimetype == "text/html"
        assert part.get_data(as_text=True).count('class="chain-task"') == int(n)
        lines += part.get_data(as_text=True)
        assert html.unescape(without_script).startswith("/obligations?document=")
        assert url.split("?")[1] == html.unescape(without_script).split("?")[1]     # the same plan
    tasks = re.findall(r'<li class="chain-task" data-iri="([^"]+)">\s*<a class="node" href="([^"]+)"', lines)
    result = services.chain("Luật 10/2022/QH15", direction="down")
    in_chain = {n.id for n in result.nodes if n.kind == "obligation"}
    assert len(tasks) == len({iri for iri, _ in tasks}) == len(in_chain)       # each task once (was 235 boxes)
    assert all(href.startswith("/document/") and href.endswith("#at") for _, href in tasks)
    assert "4 văn bản trong kho, 97 nhiệm vụ" in page
    assert 'class="due"' in lines and ("Hạn" in lines or "Thời hạn:" in lines)
    assert "<details" in page and "<svg" not in page              # the outline, not a 1562×3194 picture
    plans = re.findall(r'<li id="(node-[^"]+)" class="chain-document">\s*<details', page)
    assert len(plans) == len(set(plans)) == 4


def test_chain_of_a_plan_shows_its_own_tasks_and_a_plan_s_lines_need_a_known_document(client, services):
    plan = services.document(STALE_PLAN)
    page = client.get("/chain", query_string={"iri": plan.iri, "direction": "down"}).get_data(as_text=True)
    own = {o.iri for o in services.obligations(document=plan.iri)}
    shown = set(re.findall(r'<li class="chain-task" data-iri="([^"]+)">', page))
    assert own and shown == own                     # the root is open: its lines are on the page
    assert client.get("/chain/tasks", query_string={"document": "khong-co.txt"}).status_code == 404
    assert client.get("/chain/tasks").status_code == 400


def test_warm_up_makes_the_catalogue_indexes_and_compiles_every_template(built_workspace, monkeypatch):
    # What the first instrument, cites or chain page would otherwise make (0.24 s and 0.12 s of
    # CPU at 10k documents): made before the first request, and not again in one.
    from cancu.kg.registry.lookup import InstrumentCatalogue
    from cancu.serve import warm_up
    from tests.test_web_support import services_for
    s = services_for(built_workspace)
    try:
        app = create_app(s, token=None, config={"TESTING": False})
        warm_up(s, None, app.jinja_env)
        assert {name for (_, name) in app.jinja_env.cache} >= set(app.jinja_env.list_templates())
        made = []
        keys = InstrumentCatalogue._keys
        monkeypatch.setattr(InstrumentCatalogue, "_keys",
                            lambda self: (made.append(self._positions is None), keys(self))[1])
        assert app.test_client().get("/chain", query_string={"q": "Pháp lệnh 34/2007"}).status_code == 200
        assert made and not any(made)
    finally:
        s.close()
