"""cancu.kg.store.endpoint.SparqlEndpoint against a tiny SPARQL server on 127.0.0.1 that
serves canned answers and records what it was sent."""
from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rdflib import Literal, URIRef

from cancu.services import ENDPOINT_ENV, Services
from cancu.workspace import Workspace
from cancu.kg.store.endpoint import (RDF_LANG_STRING, XSD, EndpointError, EndpointUnsupported, SparqlEndpoint,
                                     RdfTerm, parse_ntriples, query_form)
from cancu.kg.store.graph import StoreError
from cancu.kg.vocab import PREFIXES
from tests.threads import serving_forever

JSON = "application/sparql-results+json"


@dataclass
class Canned:
    body: bytes
    status: int = 200
    ctype: str = JSON
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Sent:
    accept: str
    ctype: str
    query: str


class Server:
    def __init__(self) -> None:
        self.answers: list[Canned] = []
        self.sent: list[Sent] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers["Content-Length"])
                form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"))
                server.sent.append(Sent(self.headers["Accept"], self.headers["Content-Type"],
                                        form["query"][0]))
                answer = server.answers.pop(0)
                time.sleep(answer.delay)
                try:
                    self.send_response(answer.status)
                    self.send_header("Content-Type", answer.ctype)
                    for k, v in answer.headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    self.wfile.write(answer.body)
                except (BrokenPipeError, ConnectionResetError):
                    if not answer.delay:     # only the timeout test's client hangs up
                        raise

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/sparql"

    def answer(self, body: object, **kwargs: object) -> None:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.answers.append(Canned(raw, **kwargs))  # type: ignore[arg-type]


@pytest.fixture()
def server() -> Iterator[Server]:
    s = Server()
    with serving_forever(s.httpd):
        yield s


def _select(names: list[str], *rows: dict[str, dict[str, str]]) -> dict:
    return {"head": {"vars": names}, "results": {"bindings": list(rows)}}


def test_select_rows_terms_and_prefixes(server):
    server.answer(_select(
        ["i", "n", "t", "l", "b", "flag", "missing"],
        {"i": {"type": "uri", "value": "http://x/i"},
         "n": {"type": "typed-literal", "datatype": XSD + "integer", "value": "42"},
         "t": {"type": "literal", "value": "Nghị định"},
         "l": {"type": "literal", "xml:lang": "vi", "value": "Luật"},
         "b": {"type": "bnode", "value": "b0"},
         "flag": {"type": "literal", "datatype": XSD + "boolean", "value": "1"}}))
    rows = SparqlEndpoint(server.url).query("SELECT * WHERE { ?i cancu:symbol ?t }")
    assert rows == [{
        "i": RdfTerm("iri", "http://x/i"), "n": RdfTerm("literal", "42", XSD + "integer"),
        "t": RdfTerm("literal", "Nghị định", XSD + "string"),
        "l": RdfTerm("literal", "Luật", RDF_LANG_STRING, "vi"), "b": RdfTerm("bnode", "b0"),
        # Virtuoso writes xsd:boolean as 1/0; the queries compare with "true"
        "flag": RdfTerm("literal", "true", XSD + "boolean"), "missing": None}]
    assert int(rows[0]["n"].value) == 42
    assert str(rows[0]["l"]) == '"Luật"@vi' and str(rows[0]["i"]) == "<http://x/i>"
    sent = server.sent[0]
    assert sent.accept == JSON and sent.ctype.startswith("application/x-www-form-urlencoded")
    for prefix, ns in PREFIXES.items():
        assert f"PREFIX {prefix}: <{ns}>" in sent.query
    assert sent.query.endswith("SELECT * WHERE { ?i cancu:symbol ?t }")


def test_ask_standard_and_virtuoso_shapes(server):
    server.answer({"head": {}, "boolean": True})
    server.answer(_select(["__ASK_RETVAL"], {"__ASK_RETVAL": {
        "type": "typed-literal", "datatype": XSD + "integer", "value": "0"}}))
    server.answer(_select(["__ASK_RETVAL"]))
    endpoint = SparqlEndpoint(server.url)
    assert endpoint.query("ASK { ?s ?p ?o }") is True
    assert endpoint.query("# comment\nPREFIX a: <http://a#>\nASK { ?s ?p ?o }") is False
    assert endpoint.query("ASK { ?s ?p ?o }") is False


def test_construct_reads_ntriples(server):
    server.answer(b'<http://x/s>\t<http://x/p> "d\\u00f2ng\\n\\"hai\\""@vi .\n'
                  b'<http://x/s> <http://x/p> "1"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n'
                  b'_:b1 <http://x/p> <http://x/o> .\n', ctype="application/n-triples")
    triples = SparqlEndpoint(server.url).query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert [t.object.value for t in triples] == ['dòng\n"hai"', "true", "http://x/o"]
    s, p, o = triples[2]
    assert s == RdfTerm("bnode", "b1") and o.kind == "iri"
    assert "application/n-triples" in server.sent[0].accept


def test_substitutions_become_values(server):
    server.answer(_select(["x"]))
    SparqlEndpoint(server.url).query("SELECT ?x WHERE { GRAPH ?d { ?x cancu:documentId ?doc } }",
                                     substitutions={"d": URIRef("http://x/d"), "doc": Literal("a.txt")})
    assert server.sent[0].query.endswith(
        'WHERE { VALUES (?d ?doc) { (<http://x/d> "a.txt") }  GRAPH ?d { ?x cancu:documentId ?doc } }')


def test_http_error_names_the_endpoint(server):
    server.answer(b"Virtuoso 37000 Error SP030: SPARQL compiler, line 12: syntax error",
                  status=400, ctype="text/plain")
    with pytest.raises(EndpointError) as err:
        SparqlEndpoint(server.url).query("SELECT ?x WHERE { ?x }")
    assert isinstance(err.value, StoreError)
    assert server.url in str(err.value) and "400" in str(err.value) and "SP030" in str(err.value)


def test_timeout_is_an_error(server):
    server.answer(_select(["x"]), delay=1.0)
    with pytest.raises(EndpointError, match="did not answer within 0.2 s"):
        SparqlEndpoint(server.url, timeout=0.2).query("SELECT ?x WHERE { ?x ?p ?o }")


def test_unreachable_endpoint():
    endpoint = SparqlEndpoint("http://127.0.0.1:9/sparql", timeout=2)
    with pytest.raises(EndpointError, match="cannot reach SPARQL endpoint http://127.0.0.1:9/sparql"):
        endpoint.query("ASK {}")


def test_partial_answer_is_refused(server):
    server.answer(_select(["x"]), headers={"X-SQL-State": "S1TAT",
                                           "X-SQL-Message": "RC...: Returning incomplete results"})
    with pytest.raises(EndpointError, match="partial answer"):
        SparqlEndpoint(server.url).query("SELECT ?x WHERE { ?x ?p ?o }")


def test_not_json_is_an_error(server):
    server.answer(b"<html>login</html>", ctype="text/html")
    with pytest.raises(EndpointError, match="not SPARQL JSON"):
        SparqlEndpoint(server.url).query("SELECT ?x WHERE { ?x ?p ?o }")


def test_stats_counts(server):
    integer = {"type": "typed-literal", "datatype": XSD + "integer"}
    server.answer(_select(["documents", "mentions", "instruments"], {
        "documents": {**integer, "value": "5"}, "mentions": {**integer, "value": "125"},
        "instruments": {**integer, "value": "105"}}))
    server.answer(_select(["graphs", "triples"], {
        "graphs": {**integer, "value": "6"}, "triples": {**integer, "value": "5867"}}))
    assert SparqlEndpoint(server.url).stats() == {
        "documents": 5, "mentions": 125, "instruments": 105, "graphs": 6, "triples": 5867}
    assert "GRAPH ?g" in server.sent[1].query and "STRSTARTS" in server.sent[1].query


def test_embedded_only_operations_degrade_clearly(server):
    endpoint = SparqlEndpoint(server.url)
    with pytest.raises(EndpointUnsupported, match="embedded"):
        endpoint.oxigraph
    with pytest.raises(EndpointUnsupported):
        endpoint.query("SELECT ?x WHERE { ?x ?p ?o }", union=False)
    with pytest.raises(EndpointUnsupported, match="embedded"):
        endpoint.query("SELECT ?g WHERE { GRAPH ?g { ?x ?p ?o } }", graphs=["http://x/g"])
    with pytest.raises(EndpointUnsupported, match="read-only"):
        endpoint.query("INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }")
    with pytest.raises(EndpointUnsupported):
        endpoint.export("/dev/null", "nq")
    endpoint.close()
    with pytest.raises(EndpointError, match="closed"):
        endpoint.query("ASK {}")
    assert server.sent == []


def test_bad_url():
    with pytest.raises(EndpointError, match="http"):
        SparqlEndpoint("file:///etc/passwd")


def test_query_form():
    assert query_form("PREFIX x: <http://a#b>\n  # note\n select ?a {}") == "SELECT"
    assert query_form("BASE <http://a/>\nDESCRIBE <x>") == "DESCRIBE"
    with pytest.raises(EndpointError):
        query_form("what")


def test_ntriples_rejects_garbage():
    with pytest.raises(ValueError, match="line 1"):
        parse_ntriples("<http://x/s> <http://x/p> .\n")


def test_services_read_from_the_endpoint_when_configured(server, tmp_path, monkeypatch):
    monkeypatch.setenv(ENDPOINT_ENV, server.url)
    reader = Services(Workspace.locate(str(tmp_path)))
    assert isinstance(reader.store, SparqlEndpoint) and reader.store.url == server.url
    server.answer(_select(["id"], {"id": {"type": "literal", "value": "b.txt"}},
                          {"id": {"type": "literal", "value": "a.txt"}}))
    assert reader.documents() == ["a.txt", "b.txt"]
    monkeypatch.delenv(ENDPOINT_ENV)
    assert Services(Workspace.locate(str(tmp_path)))._endpoint is None
