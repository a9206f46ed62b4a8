"""A read-only client of a standard SPARQL 1.1 endpoint (docs/ARCHITECTURE.md § Graph,
"Scale-out"), with the same `.query(sparql)` contract as `GraphStore.query`, so
the named queries (kg/queries/named.py, kg/queries/tasks.py, kg/queries/reports.py, kg/chains/walk.py,
cancu/services.py) run unchanged against a server such as Virtuoso.

- The PREFIX lines of `cancu.kg.vocab.PREFIXES` are prepended to every query.
- SELECT → list of {var: RdfTerm or None}; ASK → bool; CONSTRUCT/DESCRIBE → list
  of `Triple`s. `RdfTerm` carries `.value` like a pyoxigraph term.
- The default graph is whatever the server makes of a query without FROM. For
  Virtuoso that is the union of all graphs, like the embedded store with
  `union=True`; `union=False` (the real default graph only) has no portable
  spelling and is refused.
- `substitutions` (pyoxigraph's pre-bound variables) become a VALUES block at the
  start of the query's outermost WHERE group: a join with one row of constants,
  which gives the same answers for the basic patterns our queries bind.

Only urllib: one HTTP POST (form field `query=`) per query, a new connection each
time, so the client is safe to share between threads.

Virtuoso 7.2.5 (Debian's virtuoso-opensource, tests/test_virtuoso.py) differs from
the standard in ways handled here: ASK comes back as a one-row SELECT of
?__ASK_RETVAL; xsd:boolean values come back as "1"/"0" in JSON results; an answer
cut short by MaxQueryExecutionTime is sent as a 200 with an X-SQL-State header.
Its default graph without FROM is the union of all graphs, its own system graphs
(virtrdf, …) included, which queries on cancu's vocabulary never match.
"""
from __future__ import annotations

import json
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from cancu.kg.iri import base_iri
from cancu.kg.store.graph import StoreError, nt
from cancu.kg.vocab import sparql_prologue

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_JSON = "application/sparql-results+json"
# Servers older than RDF 1.1 name N-Triples text/plain; Virtuoso 7.2.5 knows both.
_NTRIPLES = "application/n-triples, text/plain;q=0.9"


class EndpointError(StoreError):
    """The SPARQL endpoint failed, timed out or answered something unusable."""


class EndpointUnsupported(EndpointError):
    """The operation needs the embedded (pyoxigraph) store."""


@dataclass(frozen=True, slots=True)
class RdfTerm:
    """An RDF term from an endpoint: `kind` is "iri", "literal" or "bnode"."""

    kind: str
    value: str
    datatype: str | None = None     # literals: the datatype IRI (xsd:string when plain)
    language: str | None = None

    def __str__(self) -> str:
        """N-Triples syntax, like str() of a pyoxigraph term."""
        if self.kind == "iri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        text = '"' + _escape(self.value) + '"'
        if self.language:
            return f"{text}@{self.language}"
        if self.datatype and self.datatype != XSD + "string":
            return f"{text}^^<{self.datatype}>"
        return text


class Triple(NamedTuple):
    subject: RdfTerm
    predicate: RdfTerm
    object: RdfTerm


QueryResult = list[dict[str, RdfTerm | None]] | bool | list[Triple]

_SKIP = re.compile(r"\s*(?:#[^\r\n]*|PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)?\s*",
                   re.IGNORECASE)
_FORM = re.compile(r"\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_WRITE = re.compile(r"\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def query_form(sparql: str) -> str:
    """"SELECT", "ASK", "CONSTRUCT" or "DESCRIBE" (after the prologue)."""
    pos = 0
    while True:     # skip comments and PREFIX/BASE lines; a '#' inside <…> is no comment
        m = _SKIP.match(sparql, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    rest = sparql[pos:]
    m = _FORM.match(rest)
    if m:
        return m.group(1).upper()
    if _WRITE.match(rest):
        raise EndpointUnsupported("the SPARQL endpoint client is read-only; updates go to "
                                  "the embedded store (a writer)")
    raise EndpointError(f"not a SPARQL query (no SELECT/ASK/CONSTRUCT/DESCRIBE): {sparql[:80]!r}")


def with_values(sparql: str, substitutions: dict[str, Any]) -> str:
    """`sparql` with a VALUES row for `substitutions` opening its WHERE group."""
    names = " ".join(f"?{name}" for name in substitutions)
    row = " ".join(_term_nt(v) for v in substitutions.values())
    block = f" VALUES ({names}) {{ ({row}) }} "
    m = _WHERE.search(sparql)
    if m is None:
        # "SELECT ?x { … }" without WHERE: the first brace opens the pattern.
        at = sparql.find("{")
        if at < 0 or query_form(sparql) not in ("SELECT", "ASK"):
            raise EndpointError("cannot place substitutions: the query has no WHERE group")
        return sparql[:at + 1] + block + sparql[at + 1:]
    return sparql[:m.end()] + block + sparql[m.end():]


def _term_nt(value: Any) -> str:
    if isinstance(value, RdfTerm):
        if value.kind == "bnode":
            raise EndpointError("a blank node cannot be sent to an endpoint")
        return str(value)
    return nt(value)     # rdflib or pyoxigraph terms


class SparqlEndpoint:
    """A read-only SPARQL 1.1 endpoint that answers the named queries."""

    read_only = True
    path = None

    def __init__(self, url: str, *, timeout: float = 30) -> None:
        scheme = urllib.parse.urlsplit(url).scheme
        if scheme not in ("http", "https"):
            raise EndpointError(f"SPARQL endpoint must be an http(s) URL, got {url!r}")
        self.url = url
        self.timeout = timeout
        self._prologue = sparql_prologue()
        self._closed = False

    def __repr__(self) -> str:
        return f"SparqlEndpoint({self.url!r})"

    # ------------------------------------------------------------ queries

    def query(self, sparql: str, *, union: bool = True,
              substitutions: dict[str, Any] | None = None,
              graphs: Iterable[str] | None = None) -> QueryResult:
        """Same contract as `GraphStore.query` (see the module doc for limits)."""
        if not union:
            raise EndpointUnsupported(
                f"{self.url}: querying the default graph alone (union=False) needs the "
                "embedded store; over an endpoint the default graph is the server's choice")
        if graphs is not None:
            raise EndpointUnsupported(
                f"{self.url}: reading some named graphs apart (graphs=…) needs the embedded "
                "store; over an endpoint a GRAPH pattern ranges over all of them")
        if substitutions:
            sparql = with_values(sparql, substitutions)
        form = query_form(sparql)
        accept = _JSON if form in ("SELECT", "ASK") else _NTRIPLES
        body, ctype = self._post(self._prologue + sparql, accept)
        if form in ("SELECT", "ASK"):
            return self._results(body, ctype, form)
        if "json" in ctype or "html" in ctype or "xml" in ctype:
            raise EndpointError(f"{self.url} answered {form} with {ctype!r}, not N-Triples")
        try:
            return parse_ntriples(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as err:
            raise EndpointError(f"{self.url}: unreadable N-Triples answer: {err}") from err

    def _post(self, sparql: str, accept: str) -> tuple[bytes, str]:
        if self._closed:
            raise EndpointError(f"SPARQL endpoint client for {self.url} is closed")
        data = urllib.parse.urlencode({"query": sparql}).encode("utf-8")
        request = urllib.request.Request(self.url, data=data, method="POST", headers={
            "Accept": accept, "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
                headers = response.headers
        except urllib.error.HTTPError as err:
            detail = err.read(2000).decode("utf-8", "replace").strip()
            raise EndpointError(f"SPARQL endpoint {self.url} answered HTTP {err.code} "
                                f"{err.reason}: {detail[:500]}") from err
        except (TimeoutError, socket.timeout) as err:
            raise EndpointError(f"SPARQL endpoint {self.url} did not answer within "
                                f"{self.timeout} s") from err
        except urllib.error.URLError as err:
            if isinstance(err.reason, (TimeoutError, socket.timeout)):
                raise EndpointError(f"SPARQL endpoint {self.url} did not answer within "
                                    f"{self.timeout} s") from err
            raise EndpointError(f"cannot reach SPARQL endpoint {self.url}: {err.reason}") from err
        except OSError as err:     # connection reset mid-answer and the like
            raise EndpointError(f"SPARQL endpoint {self.url} failed: {err}") from err
        # Virtuoso answers an over-long query with the rows found so far ("anytime
        # query") and says so only in headers: a partial answer must not pass as whole.
        state = headers.get("X-SQL-State")
        if state:
            raise EndpointError(f"SPARQL endpoint {self.url} returned a partial answer "
                                f"({state}: {headers.get('X-SQL-Message', '')}); raise its "
                                "MaxQueryExecutionTime or narrow the query")
        return body, headers.get_content_type()

    def _results(self, body: bytes, ctype: str, form: str) -> list[dict[str, RdfTerm | None]] | bool:
        try:
            doc = json.loads(body)
        except (UnicodeDecodeError, ValueError) as err:
            raise EndpointError(f"{self.url} answered {form} with {ctype!r}, not SPARQL JSON "
                                f"results: {body[:200]!r}") from err
        if not isinstance(doc, dict):
            raise EndpointError(f"{self.url}: SPARQL JSON results must be an object")
        if form == "ASK":
            if isinstance(doc.get("boolean"), bool):
                return doc["boolean"]
            return self._virtuoso_ask(doc)
        try:
            names = list(doc["head"]["vars"])
            bindings = doc["results"]["bindings"]
            return [{n: _term(b[n]) if n in b else None for n in names} for b in bindings]
        except (KeyError, TypeError) as err:
            raise EndpointError(f"{self.url}: malformed SPARQL JSON results ({err!r})") from err

    def _virtuoso_ask(self, doc: dict[str, Any]) -> bool:
        # Virtuoso 7.2 answers ASK as a SELECT of one integer ?__ASK_RETVAL (1/0),
        # or of no row at all, instead of {"boolean": …}.
        try:
            if doc["head"]["vars"] == ["__ASK_RETVAL"]:
                rows = doc["results"]["bindings"]
                return bool(rows) and int(rows[0]["__ASK_RETVAL"]["value"]) != 0
        except (KeyError, TypeError, ValueError, IndexError) as err:
            raise EndpointError(f"{self.url}: malformed ASK answer ({err!r})") from err
        raise EndpointError(f"{self.url}: ASK answer without a boolean")

    # ------------------------------------------------------------ store-like reads

    def documents(self) -> list[str]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a cancu:IngestedDocument } }")
        return sorted(r["g"].value for r in rows)  # type: ignore[union-attr,index]

    def stats(self) -> dict[str, int]:
        """Counts as in `GraphStore.stats`. `graphs` and `triples` count only the
        graphs holding cancu data (documents and the registry): a server keeps
        graphs of its own (Virtuoso: virtrdf, system ontologies)."""
        row = self._one("""
            SELECT (COUNT(DISTINCT ?d) AS ?documents) (COUNT(DISTINCT ?m) AS ?mentions)
                   (COUNT(DISTINCT ?i) AS ?instruments) WHERE {
              { ?d a cancu:IngestedDocument } UNION { ?m a cancu:Mention }
              UNION { ?i a cancu:Instrument }
            }""")
        size = self._one(f"""
            SELECT (COUNT(DISTINCT ?g) AS ?graphs) (COUNT(*) AS ?triples) WHERE {{
              GRAPH ?g {{ ?s ?p ?o }} {self._ours("?g")}
            }}""")
        return {"documents": _int(row, "documents"), "mentions": _int(row, "mentions"),
                "instruments": _int(row, "instruments"), "graphs": _int(size, "graphs"),
                "triples": _int(size, "triples")}

    @staticmethod
    def _ours(var: str) -> str:
        return f'FILTER(STRSTARTS(STR({var}), "{_escape(base_iri())}"))'

    def _one(self, sparql: str) -> dict[str, RdfTerm | None]:
        rows = self.query(sparql)
        if not isinstance(rows, list) or len(rows) != 1 or not isinstance(rows[0], dict):
            raise EndpointError(f"{self.url}: expected one row, got {rows!r:.200}")
        return rows[0]

    # ------------------------------------------------------------ embedded-only

    @property
    def oxigraph(self) -> Any:
        raise EndpointUnsupported(
            f"this needs the embedded pyoxigraph store; {self.url} is a SPARQL endpoint "
            "(unset CANCU_SPARQL_ENDPOINT to use the workspace store)")

    def _embedded_only(self, *_: Any, **__: Any) -> Any:
        return self.oxigraph

    # Writes, export and snapshots are the embedded store's business.
    update = replace_graph = replace_document = remove_graph = remove_document = _embedded_only
    import_ = export = export_bytes = snapshot = graph_triples = quads = _embedded_only

    def close(self) -> None:
        self._closed = True

    def __enter__(self) -> SparqlEndpoint:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _int(row: dict[str, RdfTerm | None], name: str) -> int:
    term = row.get(name)
    if term is None:
        return 0
    return int(term.value)


def _term(binding: dict[str, Any]) -> RdfTerm:
    kind, value = binding.get("type"), binding.get("value")
    if not isinstance(value, str):
        raise EndpointError(f"SPARQL JSON binding without a string value: {binding!r}")
    if kind == "uri":
        return RdfTerm("iri", value)
    if kind == "bnode":
        return RdfTerm("bnode", value)
    if kind in ("literal", "typed-literal"):       # "typed-literal": SPARQL JSON 2008 (Virtuoso)
        lang = binding.get("xml:lang")
        if lang:
            return RdfTerm("literal", value, RDF_LANG_STRING, lang)
        datatype = binding.get("datatype") or XSD + "string"
        return RdfTerm("literal", _canonical(value, datatype), datatype)
    raise EndpointError(f"unknown term type {kind!r} in SPARQL JSON results")


def _canonical(value: str, datatype: str) -> str:
    """Lexical forms as the embedded store gives them back.

    Virtuoso keeps xsd:boolean as an integer and prints it "1"/"0"; the named
    queries compare with "true" (RDF's canonical form)."""
    if datatype == XSD + "boolean":
        return {"1": "true", "0": "false"}.get(value, value)
    return value


# ---------------------------------------------------------------- N-Triples

_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_UNESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_NT_TERM = re.compile(r"""
    \s*(?:
      <(?P<iri>[^>]*)>
    | _:(?P<bnode>[A-Za-z0-9_.\-]+)
    | "(?P<lit>(?:[^"\\]|\\.)*)"(?:@(?P<lang>[A-Za-z0-9\-]+)|\^\^<(?P<dt>[^>]*)>)?
    )""", re.VERBOSE | re.DOTALL)


def _unescape(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        code = m.group(1) or m.group(2)
        if code:
            return chr(int(code, 16))
        if m.group(3) in _ESCAPES:
            return _ESCAPES[m.group(3)]
        raise ValueError(f"bad escape \\{m.group(3)}")
    return _UNESCAPE.sub(one, text)


_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')
_SHORT = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def _escape(text: str) -> str:
    """N-Triples string escapes, as pyoxigraph writes them (so str() of a term
    is the same whichever store it came from)."""
    return _ESCAPE.sub(lambda m: _SHORT.get(m.group(), f"\\u{ord(m.group()):04X}"), text)


def parse_ntriples(text: str) -> list[Triple]:
    """Triples of an N-Triples document (what CONSTRUCT answers)."""
    out: list[Triple] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        terms: list[RdfTerm] = []
        pos = 0
        for _ in range(3):
            m = _NT_TERM.match(line, pos)
            if not m:
                raise ValueError(f"line {number}: not an N-Triples term at {line[pos:pos + 40]!r}")
            pos = m.end()
            if m.group("iri") is not None:
                terms.append(RdfTerm("iri", _unescape(m.group("iri"))))
            elif m.group("bnode") is not None:
                terms.append(RdfTerm("bnode", m.group("bnode")))
            else:
                lang, dt = m.group("lang"), m.group("dt")
                datatype = RDF_LANG_STRING if lang else (dt or XSD + "string")
                value = _unescape(m.group("lit"))
                terms.append(RdfTerm("literal", _canonical(value, datatype), datatype, lang))
        if line[pos:].strip() != ".":
            raise ValueError(f"line {number}: expected '.' after three terms")
        out.append(Triple(*terms))
    return out
