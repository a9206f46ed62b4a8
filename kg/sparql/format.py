"""SPARQL results written out: SPARQL JSON, SPARQL XML, CSV, TSV for SELECT and
ASK; Turtle and N-Triples for CONSTRUCT/DESCRIBE. Terms are pyoxigraph terms
(anything with .value, and .datatype/.language for literals). `write` turns a
`cancu.kg.sparql.run.SparqlAnswer` into the bytes of one format; the web app only
chooses the format (from these tables) and sends the bytes."""
from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import orjson

if TYPE_CHECKING:
    from cancu.kg.sparql.run import SparqlAnswer

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

SELECT_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_FORMATS = {"ttl": "text/turtle", "nt": "application/n-triples"}
ALIASES = {"srj": "json", "srx": "xml", "turtle": "ttl", "ntriples": "nt", "n-triples": "nt",
           "application/sparql-results+json": "json", "application/json": "json",
           "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
           "text/csv": "csv", "text/tab-separated-values": "tsv", "text/turtle": "ttl",
           "application/n-triples": "nt", "text/plain": "nt"}


def kind(term) -> str:
    name = type(term).__name__
    if name == "NamedNode":
        return "uri"
    if name == "BlankNode":
        return "bnode"
    if name == "Triple":
        return "triple"
    return "literal"


def term_json(term) -> dict:
    k = kind(term)
    if k == "triple":
        return {"type": "triple", "value": {"subject": term_json(term.subject),
                                            "predicate": term_json(term.predicate),
                                            "object": term_json(term.object)}}
    out = {"type": k, "value": term.value}
    if k == "literal":
        if getattr(term, "language", None):
            out["xml:lang"] = term.language
        elif term.datatype is not None and term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
    return out


def term_nt(term) -> str:
    """N-Triples / TSV syntax (pyoxigraph's str() of a term is exactly that)."""
    return str(term)


def select_json(variables: list[str], rows: list[dict]) -> str:
    bindings = [{v: term_json(r[v]) for v in variables if r.get(v) is not None} for r in rows]
    return bindings_json(variables, bindings).decode("utf-8")


def bindings_json(variables: list[str], bindings: list[dict]) -> bytes:
    """SPARQL JSON of bindings already in its term form (`term_json`'s, or Oxigraph's own), in UTF-8."""
    return orjson.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}})


def ask_json(value: bool) -> str:
    return orjson.dumps({"head": {}, "boolean": bool(value)}).decode("utf-8")


def _xml_term(term) -> str:
    k = kind(term)
    if k == "uri":
        return f"<uri>{xml_escape(term.value)}</uri>"
    if k == "bnode":
        return f"<bnode>{xml_escape(term.value)}</bnode>"
    if k == "triple":
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
                f"</predicate><object>{_xml_term(term.object)}</object></triple>")
    attrs = ""
    if getattr(term, "language", None):
        attrs = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype is not None and term.datatype.value != XSD_STRING:
        attrs = f" datatype={quoteattr(term.datatype.value)}"
    return f"<literal{attrs}>{xml_escape(_xml_safe(term.value))}</literal>"


def _xml_safe(text: str) -> str:
    # XML 1.0 cannot carry most control characters, even escaped.
    return "".join(c if c in "\t\n\r" or ord(c) >= 0x20 and not 0xD800 <= ord(c) <= 0xDFFF
                   and c not in "\ufffe\uffff" else "\ufffd" for c in text)


_XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'


def select_xml(variables: list[str], rows: list[dict]) -> str:
    out = [_XML_HEAD, "<head>", *(f"<variable name={quoteattr(v)}/>" for v in variables), "</head><results>"]
    for r in rows:
        out.append("<result>")
        for v in variables:
            if r.get(v) is not None:
                out.append(f"<binding name={quoteattr(v)}>{_xml_term(r[v])}</binding>")
        out.append("</result>")
    out.append("</results></sparql>\n")
    return "\n".join(out)


def ask_xml(value: bool) -> str:
    return f"{_XML_HEAD}<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n"


def select_csv(variables: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(variables)
    for r in rows:
        w.writerow(["" if r.get(v) is None else (f"_:{r[v].value}" if kind(r[v]) == "bnode" else
                                                   term_nt(r[v]) if kind(r[v]) == "triple" else r[v].value)
                    for v in variables])
    return out.getvalue()


def select_tsv(variables: list[str], rows: list[dict]) -> str:
    lines = ["\t".join(f"?{v}" for v in variables)]
    for r in rows:
        lines.append("\t".join("" if r.get(v) is None else term_nt(r[v]) for v in variables))
    return "\n".join(lines) + "\n"


def ask_text(value: bool) -> str:
    """CSV/TSV define no boolean form; this is the common `_askResult` convention."""
    return f"_askResult\n{'true' if value else 'false'}\n"


def graph(triples: list, fmt: str) -> bytes:
    import pyoxigraph as ox     # the web app reads this module's format names without loading the store
    rdf = ox.RdfFormat.TURTLE if fmt == "ttl" else ox.RdfFormat.N_TRIPLES
    return ox.serialize(triples, format=rdf) or b""


def write(answer: SparqlAnswer, fmt: str) -> tuple[bytes, str]:
    """The answer in format `fmt` (a key of SELECT_FORMATS for SELECT and ASK, of
    GRAPH_FORMATS for CONSTRUCT and DESCRIBE) and its media type."""
    if answer.form == "ASK":
        writer = {"json": ask_json, "xml": ask_xml}.get(fmt, ask_text)
        return writer(bool(answer.boolean)).encode("utf-8"), SELECT_FORMATS[fmt]
    if answer.form == "SELECT":
        writer = {"json": select_json, "xml": select_xml, "csv": select_csv, "tsv": select_tsv}[fmt]
        return writer(list(answer.variables), list(answer.rows)).encode("utf-8"), SELECT_FORMATS[fmt]
    return graph(list(answer.triples), fmt), GRAPH_FORMATS[fmt]
