"""/sparql answers a SELECT without a LIMIT of its own a page at a time
(kg/sparql/page.py): the pages, followed to the end, are exactly the whole answer,
in every format, whatever ends the query (ORDER BY, GROUP BY, its own OFFSET, a
comment, a trailing VALUES clause); a query with its own LIMIT is one answer."""
from __future__ import annotations

import csv
import io
import urllib.parse

import pytest

from cancu.kg.sparql.guard import QueryShape
from cancu.kg.sparql.page import plan
from cancu.kg.sparql.run import SparqlRejected
from cancu.web.app import create_app
from tests.test_web_support import built_workspace, services  # noqa: F401  (fixtures)

MENTIONS = "SELECT ?m ?s ?text WHERE { ?m a cancu:Mention ; cancu:start ?s ; cancu:text ?text } ORDER BY ?m"
PAGE = 7


def client_for(services, **config):
    return create_app(services, config={"TESTING": False, "SPARQL_PAGE_ROWS": PAGE, **config}).test_client()


def bindings(response) -> list[dict]:
    assert response.status_code == 200, response.data[:300]
    return response.get_json(force=True)["results"]["bindings"]


def every_page(client, query: str, fmt: str = "json", **extra) -> list:
    """The rows of every page, following X-SPARQL-Next-Offset to the last."""
    rows, offset, seen = [], 0, 0
    while True:
        r = client.get("/sparql", query_string={"query": query, "format": fmt, "offset": offset, **extra})
        assert r.status_code == 200, r.data[:300]
        rows += parse(r, fmt)
        seen += 1
        nxt = r.headers.get("X-SPARQL-Next-Offset")
        if nxt is None:
            assert r.headers["X-SPARQL-Truncated"] == "false"
            return rows
        assert r.headers["X-SPARQL-Truncated"] == "true" and int(nxt) == len(rows)
        assert seen < 1000
        offset = int(nxt)


def parse(response, fmt: str) -> list:
    text = response.get_data(as_text=True)
    if fmt == "json":
        return response.get_json(force=True)["results"]["bindings"]
    if fmt == "csv":
        return list(csv.reader(io.StringIO(text)))[1:]
    if fmt == "tsv":
        return text.splitlines()[1:]
    if fmt == "xml":
        return text.split("</results>")[0].split("<result>")[1:]
    raise AssertionError(fmt)


def test_a_select_without_limit_is_answered_a_page_at_a_time(services):
    client = client_for(services)
    whole = bindings(client.get("/sparql", query_string={"query": MENTIONS + " LIMIT 100000"}))
    assert len(whole) > 3 * PAGE
    first = client.get("/sparql", query_string={"query": MENTIONS})
    assert bindings(first) == whole[:PAGE]
    assert first.headers["X-SPARQL-Truncated"] == "true" and first.headers["X-SPARQL-Row-Limit"] == str(PAGE)
    assert first.headers["X-SPARQL-Next-Offset"] == str(PAGE)
    link = first.headers["Link"]
    assert link.endswith('>; rel="next"')
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(link[1:link.index(">")]).query)
    assert query["query"] == [MENTIONS] and query["offset"] == [str(PAGE)]
    # The pages (Oxigraph's own writer) together are the whole answer (read row by row).
    assert every_page(client, MENTIONS) == whole


@pytest.mark.parametrize("fmt", ["csv", "tsv", "xml"])
def test_pages_in_every_format_make_the_whole(services, fmt):
    client = client_for(services)
    r = client.get("/sparql", query_string={"query": MENTIONS + " LIMIT 100000", "format": fmt})
    whole = parse(r, fmt)
    assert len(whole) > 3 * PAGE
    assert every_page(client, MENTIONS, fmt) == whole


@pytest.mark.parametrize("query,whole", [
    # a comment on the last line, without a line end
    (MENTIONS + " # the mentions", MENTIONS + " LIMIT 100000 # the mentions"),
    # grouped and ordered
    ("SELECT ?m (COUNT(*) AS ?n) WHERE { ?m ?p ?o . ?m a cancu:Mention } GROUP BY ?m HAVING (COUNT(*) > 1) ORDER BY ?m",
     "SELECT ?m (COUNT(*) AS ?n) WHERE { ?m ?p ?o . ?m a cancu:Mention } GROUP BY ?m HAVING (COUNT(*) > 1) ORDER BY ?m "
     "LIMIT 100000"),
    # its own OFFSET: the pages start there
    (MENTIONS + " OFFSET 5", MENTIONS + " OFFSET 5 LIMIT 100000"),
    # a trailing VALUES clause takes no LIMIT after it: read row by row
    ("SELECT ?m ?s WHERE { ?m cancu:start ?s ; a ?type } ORDER BY ?m VALUES ?type { cancu:Mention }",
     "SELECT ?m ?s WHERE { ?m cancu:start ?s ; a ?type } ORDER BY ?m LIMIT 100000 VALUES ?type { cancu:Mention }"),
])
def test_whatever_ends_the_query_the_pages_make_the_whole(services, query, whole):
    client = client_for(services)
    expected = bindings(client.get("/sparql", query_string={"query": whole}))
    assert len(expected) > PAGE
    assert every_page(client, query) == expected


def test_a_page_cut_by_the_byte_cap_says_where_the_next_starts(services):
    client = client_for(services, SPARQL_PAGE_ROWS=1000, SPARQL_MAX_BYTES=300)
    whole = bindings(create_app(services, config={"TESTING": False}).test_client().get(
        "/sparql", query_string={"query": MENTIONS}))
    first = client.get("/sparql", query_string={"query": MENTIONS})
    assert 0 < len(bindings(first)) < len(whole)
    assert every_page(client, MENTIONS) == whole


def test_a_query_with_its_own_limit_is_one_answer(services):
    client = client_for(services)
    r = client.get("/sparql", query_string={"query": MENTIONS + " LIMIT 20"})
    assert len(bindings(r)) == 20 and r.headers["X-SPARQL-Truncated"] == "false"
    assert "X-SPARQL-Next-Offset" not in r.headers and "Link" not in r.headers
    r = client.get("/sparql", query_string={"query": MENTIONS + " LIMIT 20", "offset": 7})
    assert r.status_code == 400 and r.get_json()["error"]["message"].startswith("Tham số «offset»")
    for bad in ("-1", "abc", "1e3"):
        assert client.get("/sparql", query_string={"query": MENTIONS, "offset": bad}).status_code == 400
    ask = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }", "offset": 3})
    assert ask.status_code == 400


def test_the_page_for_people_links_to_the_next_page(services):
    client = client_for(services)
    html = client.get("/sparql", query_string={"query": MENTIONS, "format": "html"}).get_data(as_text=True)
    assert f"Dòng 1–{PAGE}" in html and "Trang sau" in html and f"offset={PAGE}" in html
    html = client.post("/sparql", data={"query": MENTIONS, "format": "html", "offset": str(PAGE)}).get_data(as_text=True)
    assert f"Dòng {PAGE + 1}–{2 * PAGE}" in html and f"offset={2 * PAGE}" in html


def test_the_plan_appends_a_limit_only_where_the_grammar_takes_one():
    select = QueryShape("SELECT")
    p = plan("SELECT * { ?s ?p ?o } # c", select, offset=0, page_rows=10, max_rows=100)
    assert p.text == "SELECT * { ?s ?p ?o } # c\nLIMIT 11" and p.rows == 10 and p.paged and p.native
    p = plan("SELECT * { ?s ?p ?o }", select, offset=20, page_rows=10, max_rows=5)
    assert p.text.endswith("\nOFFSET 20\nLIMIT 6") and p.rows == 5
    own_offset = QueryShape("SELECT", offset=3)
    p = plan("SELECT * { ?s ?p ?o } OFFSET 3", own_offset, offset=20, page_rows=10, max_rows=100)
    assert p.text.endswith("OFFSET 3\nLIMIT 31") and p.skip == 20
    values = QueryShape("SELECT", trailing_values=True)
    p = plan("SELECT * { ?s ?p ?o } VALUES ?s { <urn:a> }", values, offset=20, page_rows=10, max_rows=100)
    assert p.text == "SELECT * { ?s ?p ?o } VALUES ?s { <urn:a> }" and p.skip == 20 and not p.native
    own_limit = QueryShape("SELECT", limit=500)
    p = plan("SELECT * { ?s ?p ?o } LIMIT 500", own_limit, offset=0, page_rows=10, max_rows=100)
    assert p.text == "SELECT * { ?s ?p ?o } LIMIT 500" and p.rows == 100 and not p.paged and not p.native
    with pytest.raises(SparqlRejected):
        plan("SELECT * { ?s ?p ?o } LIMIT 5", QueryShape("SELECT", limit=5), offset=1, page_rows=10, max_rows=100)


def test_the_page_for_people_shows_fewer_rows_than_the_protocol_answers(services):
    # SPARQL_HTML_PAGE_ROWS: a page of a table for people; JSON, CSV… keep SPARQL_PAGE_ROWS.
    client = client_for(services, SPARQL_PAGE_ROWS=12, SPARQL_HTML_PAGE_ROWS=5)
    assert len(bindings(client.get("/sparql", query_string={"query": MENTIONS}))) == 12
    html = client.get("/sparql", query_string={"query": MENTIONS, "format": "html"}).get_data(as_text=True)
    assert "Dòng 1–5" in html and "offset=5" in html and html.count("<tr>") == 1 + 5
    html = client.get("/sparql", query_string={"query": MENTIONS, "format": "html", "offset": 5}).get_data(as_text=True)
    assert "Dòng 6–10" in html and "offset=10" in html
    # Never more on the page than through the protocol.
    html = client_for(services, SPARQL_PAGE_ROWS=3, SPARQL_HTML_PAGE_ROWS=5).get(
        "/sparql", query_string={"query": MENTIONS, "format": "html"}).get_data(as_text=True)
    assert "Dòng 1–3" in html and "offset=3" in html
