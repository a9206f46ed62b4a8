"""Templates' url_for (web/links.py) makes the URLs Flask's url_for makes: the
same quoting of path parts and query values, whatever the characters."""
from __future__ import annotations

import pytest
from flask import url_for as flask_url_for

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
