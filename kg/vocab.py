"""Namespaces of the graph, as rdflib objects and as SPARQL prefixes.

`CANCU` follows the configured base (`<base>ontology#`); `ontology_turtle()`
returns kg/ontology.ttl rewritten to that base, so the ontology and the data
never disagree on the namespace.
"""
from __future__ import annotations

from importlib import resources

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from cancu.kg.iri import DEFAULT_BASE, base_iri


class KeptTermsNamespace(Namespace):
    """A Namespace that makes each term once. rdflib's makes and checks a new URIRef on
    every attribute read: ~400 reads for one document's triples, 1.3 µs each."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)        # AttributeError for Python's special names
        object.__setattr__(self, name, term)    # found in the instance's dict from now on
        return term


ELI = KeptTermsNamespace("http://data.europa.eu/eli/ontology#")
ORG = KeptTermsNamespace("http://www.w3.org/ns/org#")
PROV = KeptTermsNamespace("http://www.w3.org/ns/prov#")

ONTOLOGY_FILE = resources.files("cancu.kg") / "ontology.ttl"     # package data


def ontology_namespace(base: str | None = None) -> str:
    return (base or base_iri()) + "ontology#"


CANCU = KeptTermsNamespace(ontology_namespace())

# Where the registry's facts live (its own named graph, docs/ARCHITECTURE.md § Graph).
REGISTRY_GRAPH = base_iri() + "graph/registry"

PREFIXES: dict[str, str] = {
    "cancu": str(CANCU),
    "eli": str(ELI),
    "org": str(ORG),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "owl": str(OWL),
    "dcterms": str(DCTERMS),
}


def sparql_prologue() -> str:
    """PREFIX lines for queries sent to engines that take no prefix map."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def ontology_turtle(base: str | None = None) -> str:
    """The ontology as Turtle, with its namespace moved to `base` if needed."""
    text = ONTOLOGY_FILE.read_text(encoding="utf-8")
    base = base or base_iri()
    if base != DEFAULT_BASE:
        text = text.replace(f"<{DEFAULT_BASE}ontology", f"<{base}ontology")
    return text


__all__ = ["CANCU", "ELI", "ORG", "PROV", "RDF", "RDFS", "XSD", "SKOS", "OWL",
           "DCTERMS", "PREFIXES", "REGISTRY_GRAPH", "ONTOLOGY_FILE",
           "ontology_namespace", "ontology_turtle", "sparql_prologue"]
