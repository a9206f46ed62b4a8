"""Templates' url_for (web/links.py) makes the URLs Flask's url_for makes: the
same quoting of path parts and query values, whatever the characters."""
from __future__ import annotations

import pytest
from flask import url_for as flask_url_for
from werkzeug.routing import MapAdapter

from cancu.web.app import create_app

VALUES = ["59/2023/NĐ-CP", "Kế hoạch số 12/KH-UBND ngày 5/1/2024.docx", "a b+c&d=e?f#g%h",
          "http://cancu.vn/eli/vn/nd/2023/59?x=1&y=2#frag", "  ", "", "~!$'()*,;:@[]{}|\\^`\"<>",
          "Công chức Văn hóa - Xã hội", "café\u0301", "..", "../etc/passwd", 7, 0]
ENDPOINTS = [("pages.document", "doc_id"), ("pages.instrument", "iri"), ("pages.instrument", "q"),
             ("pages.chain", "iri"), ("pages.document_by_iri", "iri"), ("pages.obligations", "agency"),
             ("static", "filename"), ("api.document", "doc_id")]


@pytest.fixture(scope="module")
def app():
    return create_app(object(), config={"RESPONSE_CACHE_SIZE": 0})


@pytest.mark.parametrize("endpoint,name", ENDPOINTS)
def test_one_value_links_are_flasks(app, endpoint, name):
    fast = app.jinja_env.globals["url_for"]
    for base in ("http://example.org/prefix", "http://example.org/", "https://other.example:8443/a/b"):
        with app.test_request_context("/x", base_url=base):        # what is kept is kept by script root
            for value in VALUES:
                if endpoint == "pages.document" and value in ("", "  "):
                    continue          # no URL at all: an empty path part (both raise)
                assert fast(endpoint, **{name: value}) == flask_url_for(endpoint, **{name: value}), value
            assert fast("pages.legend") == flask_url_for("pages.legend")


def test_other_links_go_to_flask(app):
    fast = app.jinja_env.globals["url_for"]
    with app.test_request_context("/", base_url="http://example.org/"):
        for endpoint, values in [("pages.legend", {}), ("pages.search", {}),
                                 ("pages.document", {"doc_id": "a b", "at": 12}),
                                 ("pages.obligations_export", {"ext": "csv", "agency": "UBND xã"}),
                                 ("sparql.endpoint", {"_external": True}),
                                 ("pages.instrument", {"iri": None})]:
            assert fast(endpoint, **values) == flask_url_for(endpoint, **values)


SEVERAL = [("pages.document", ("doc_id", "at")), ("pages.chain", ("iri", "direction")),
           ("pages.chain", ("direction", "iri")), ("pages.obligations_export", ("ext", "agency")),
           ("pages.audit", ("issuer", "year", "finding")), ("api.document", ("doc_id", "text"))]


@pytest.mark.parametrize("endpoint,names", SEVERAL)
def test_links_with_several_values_are_flasks(app, endpoint, names, monkeypatch):
    """A path part and query values, or query values alone, in any order, each quoted in its
    place; the route map builds the endpoint's URL once (with placeholders), not once a link."""
    fast = app.jinja_env.globals["url_for"]
    builds = []
    build = MapAdapter.build
    monkeypatch.setattr(MapAdapter, "build", lambda self, *a, **k: builds.append(1) or build(self, *a, **k))
    values = [v for v in VALUES if v not in ("", "  ")]      # a path part may not be empty (both raise)
    fast_builds = 0
    with app.test_request_context("/x", base_url="http://example.org/prefix"):
        for i in range(len(values)):
            given = {name: values[(i + k * 5) % len(values)] for k, name in enumerate(names)}
            if endpoint == "pages.obligations_export":
                given["ext"] = "csv"      # one of the export kinds: the route's "<ext>" is a path part
            before = len(builds)
            link = fast(endpoint, **given)
            fast_builds += len(builds) - before
            assert link == flask_url_for(endpoint, **given), given
    assert fast_builds == 1


def test_filter_links_are_flasks(app):
    """A search page's filter links (pages.filter_urls) are Flask's URL of the query with one
    more filter, whatever the query and the filter's value hold."""
    from cancu.web.pages import add_filter, filter_urls
    with app.test_request_context("/", base_url="http://example.org/prefix"):
        for q in ("", "nghị định 59", 'type:"Nghị định" a+b&c'):
            link = filter_urls(q)
            for value in VALUES:
                value = str(value)
                assert link("issuer", value) == flask_url_for("pages.search", q=add_filter(q, "issuer", value))
