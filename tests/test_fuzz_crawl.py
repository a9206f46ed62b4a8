"""Crawl every kind of page of a served workspace (the seed plans and the real
documents: `realdocs_home` of tests/conftest.py) and fetch odd variants of each URL:
nothing may answer 5xx, hang, or drop the connection.

Bounded for `make test`: one ingest per session, at most PER_KIND pages of each
kind (route and parameter names), and MUTATIONS_PER_KIND odd variants of each
kind spread over its pages. Every GET route of the app must be reached."""
from __future__ import annotations

import shutil
from collections import Counter
from urllib.parse import urlsplit

import pytest
from werkzeug.exceptions import HTTPException

from tests.crawl import SEEDS, Client, Crawl, Response, crawl, fetch_all, sample_mutations
from tests.server import serving
from cancu.web.app import create_app

PER_KIND, MAX_PAGES = 4, 400
MUTATIONS_PER_KIND = 14


@pytest.fixture(scope="module")
def server(tmp_path_factory, realdocs_home):
    # the plans and the real documents, ingested once per run (tests/conftest.py); served from a copy
    home = tmp_path_factory.mktemp("fuzz") / "home"
    shutil.copytree(realdocs_home, home)
    log = home.parent / "serve.log"
    try:
        with serving(home, log, "--workers", "2") as srv:
            yield srv
    finally:
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="module")
def crawled(server) -> Crawl:
    return crawl(Client(server.base), SEEDS, per_kind=PER_KIND, max_pages=MAX_PAGES)


def failures(responses: list[Response], server) -> str:
    bad = [r for r in responses if r.status >= 500 or r.status == 0]
    if not bad:
        return ""
    lines = [f"{r.status} {r.method} {r.url[:300]}" for r in bad[:40]]
    tail = server.log.read_text(errors="replace")[-4000:]
    return f"{len(bad)} of {len(responses)} failed:\n" + "\n".join(lines) + "\n--- server log ---\n" + tail


def endpoint_of(url: str, adapter) -> str | None:
    try:
        endpoint, _ = adapter.match(urlsplit(url).path, method="GET")
        return endpoint
    except HTTPException:
        return None


def test_crawl_reaches_every_route_and_nothing_fails(crawled, server):
    assert not failures(crawled.responses, server), failures(crawled.responses, server)
    adapter = create_app(object()).url_map.bind("localhost")
    routes = {r.endpoint for r in adapter.map.iter_rules() if "GET" in r.methods}
    reached = {endpoint_of(r.url, adapter) for r in crawled.responses}
    assert routes - reached == set(), f"never reached: {sorted(routes - reached)}"
    assert len(crawled.responses) > 150 and len(crawled.distinct_links) > 500
    statuses = Counter(r.status for r in crawled.responses)
    # Links on the pages lead to pages: a 4xx here is a broken link (the API index's
    # templated paths, "/api/v1/documents/{doc_id}", are the expected few).
    broken = [f"{r.status} {r.url[:160]}" for r in crawled.responses if r.status >= 400]
    assert statuses[200] > 0.9 * len(crawled.responses), (statuses, broken)


def test_odd_variants_of_every_kind_of_url_never_fail(crawled, server):
    urls = [r.url for r in crawled.responses if r.status < 400]
    variants = sample_mutations(urls, MUTATIONS_PER_KIND)
    responses = fetch_all(Client(server.base), variants)
    assert len(responses) > 500
    assert not failures(responses, server), failures(responses, server)
    statuses = Counter(r.status for r in responses)
    assert statuses[404] and statuses[400], statuses


ODD_POSTS = [("/login", b"token=x", "application/x-www-form-urlencoded"),
             ("/login", b"\xff\xfe", "application/x-www-form-urlencoded"),
             ("/logout", b"", "application/x-www-form-urlencoded"),
             ("/upload", b"--x\r\n", "multipart/form-data; boundary=x"),
             ("/api/v1/documents", b"{}", "application/json"),
             ("/sparql", b"query=SELECT%20*%20WHERE%20%7B", "application/x-www-form-urlencoded"),
             ("/sparql", "SELECT ?s WHERE { ?s ?p \"𝔑\u0000\" }".encode(), "application/sparql-query"),
             ("/api/v1/search", b"q=x", "application/x-www-form-urlencoded")]


@pytest.mark.parametrize("path,body,ctype", ODD_POSTS)
def test_odd_posts_never_fail(server, path, body, ctype):
    r = Client(server.base).request("POST", path, body=body, headers={"Content-Type": ctype})
    assert 0 < r.status < 500, (r.status, r.body[:300])
