"""networkx over the graph store, for what SPARQL does badly: chains,
reachability, paths and centrality.

Nodes are instrument IRIs. An ingested document that states its own symbol is
merged into the instrument it embodies (cancu:instrument), so a commune plan →
provincial plan → decree → law chain is one path even though the provincial plan
is both a file and a cited instrument; other documents stay as document IRIs.
Edges run citing → cited and carry `relations`, the set of predicates seen
(cites, based_on, implements, and registry relations such as details, repeals).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from cancu.kg.store.graph import GraphStore
from cancu.kg.vocab import CANCU, ELI, PREFIXES

# Relations along which one instrument rests on (draws its authority from) another.
BASIS_RELATIONS = frozenset({"cites", "based_on", "implements", "details", "guides"})
LAW_TYPES = frozenset({"Luật", "Bộ luật", "Hiến pháp", "Pháp lệnh"})
_LAW_IRI_PARTS = ("/instrument/luat/", "/instrument/bo-luat/", "/instrument/hien-phap/",
                  "/instrument/phap-lenh/")

_PREDICATES = {
    str(ELI.cites): "cites", str(ELI.based_on): "based_on", str(CANCU.implements): "implements",
    str(CANCU.details): "details", str(CANCU.guides): "guides", str(ELI.repeals): "repeals",
    str(ELI.amends): "amends", str(CANCU.replaces): "replaces",
}
_VALUES = " ".join(f"<{p}>" for p in _PREDICATES)

_DOCUMENT_EDGES = f"""
SELECT ?d ?p ?i ?own WHERE {{
  GRAPH ?d {{ ?d a cancu:IngestedDocument ; ?p ?i . VALUES ?p {{ {_VALUES} }}
              OPTIONAL {{ ?d cancu:instrument ?own }} }}
}}"""

# Relations asserted outside document graphs: the registry (or any other graph).
_OTHER_EDGES = f"""
SELECT ?a ?p ?b WHERE {{
  GRAPH ?g {{ ?a ?p ?b . VALUES ?p {{ {_VALUES} }} }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?g a cancu:IngestedDocument }} }}
}}"""

_OWN_INSTRUMENTS = """
SELECT ?d ?own WHERE { GRAPH ?d { ?d cancu:instrument ?own } }"""

_LABELS = """
SELECT ?n (SAMPLE(?s) AS ?symbol) (SAMPLE(?t) AS ?type) (SAMPLE(?title) AS ?name) WHERE {
  { ?n cancu:symbol ?s } UNION { ?n eli:type_document/skos:prefLabel ?t }
  UNION { ?n eli:title ?title }
} GROUP BY ?n"""


@dataclass(frozen=True)
class Cited:
    iri: str
    label: str
    documents: int       # distinct citing documents (or instruments)


def citation_graph(store: GraphStore) -> nx.DiGraph:
    """The DiGraph of citations and registry relations currently in the store."""
    g = nx.DiGraph()
    own = {row["d"].value: row["own"].value
           for row in store.oxigraph.query(_OWN_INSTRUMENTS, prefixes=PREFIXES)}

    def node(iri: str) -> str:
        return own.get(iri, iri)

    for doc, instrument in own.items():
        g.add_node(instrument, document=doc)
    for row in store.oxigraph.query(_DOCUMENT_EDGES, prefixes=PREFIXES):
        doc = row["d"].value
        g.add_node(node(doc), document=doc)
        _add_edge(g, node(doc), node(row["i"].value), _PREDICATES[row["p"].value])
    for row in store.oxigraph.query(_OTHER_EDGES, prefixes=PREFIXES):
        _add_edge(g, node(row["a"].value), node(row["b"].value), _PREDICATES[row["p"].value])

    for row in store.oxigraph.query(_LABELS, prefixes=PREFIXES, use_default_graph_as_union=True):
        iri = node(row["n"].value)
        if iri not in g:
            continue
        attrs = g.nodes[iri]
        for key, var in (("symbol", "symbol"), ("type", "type"), ("title", "name")):
            if row[var] is not None and key not in attrs:
                attrs[key] = row[var].value
    return g


def _add_edge(g: nx.DiGraph, source: str, target: str, relation: str) -> None:
    if source == target:
        return
    if g.has_edge(source, target):
        g.edges[source, target]["relations"].add(relation)
    else:
        g.add_edge(source, target, relations={relation})


def _basis_view(g: nx.DiGraph, relations: Iterable[str]) -> nx.DiGraph:
    wanted = frozenset(relations)
    return nx.subgraph_view(g, filter_edge=lambda u, v: bool(g.edges[u, v]["relations"] & wanted))


def label(g: nx.DiGraph, iri: str) -> str:
    attrs = g.nodes[iri] if iri in g else {}
    return attrs.get("symbol") or attrs.get("title") or iri.rsplit("/", 1)[-1]


def is_law(g: nx.DiGraph, iri: str) -> bool:
    kind = g.nodes[iri].get("type") if iri in g else None
    if kind:
        return kind in LAW_TYPES
    return any(part in iri for part in _LAW_IRI_PARTS)


class CitationNetwork:
    """A snapshot of the store's citation structure (rebuild after ingest)."""

    def __init__(self, graph: nx.DiGraph) -> None:
        self.graph = graph

    @classmethod
    def from_store(cls, store: GraphStore) -> CitationNetwork:
        return cls(citation_graph(store))

    def _node(self, iri: str) -> str:
        # Accept a document IRI for a document merged into its instrument.
        if iri in self.graph:
            return iri
        for n, attrs in self.graph.nodes(data=True):
            if attrs.get("document") == iri:
                return n
        raise KeyError(f"{iri} is not in the citation network")

    def rests_on(self, iri: str, relations: Iterable[str] = BASIS_RELATIONS) -> set[str]:
        """Everything `iri` rests on, transitively (its basis, their basis, …)."""
        return nx.descendants(_basis_view(self.graph, relations), self._node(iri))

    def supports(self, iri: str, relations: Iterable[str] = BASIS_RELATIONS) -> set[str]:
        """Everything that rests on `iri`, transitively (down the chain)."""
        return nx.ancestors(_basis_view(self.graph, relations), self._node(iri))

    def paths_to_laws(self, doc_iri: str, *, max_length: int = 6,
                      limit: int = 200) -> list[list[str]]:
        """Citation chains from a document to laws (Luật, Bộ luật, Hiến pháp,
        Pháp lệnh), shortest first; at most `limit` simple paths of up to
        `max_length` edges, since the number of paths can grow exponentially."""
        view = _basis_view(self.graph, BASIS_RELATIONS)
        start = self._node(doc_iri)
        laws = [n for n in nx.descendants(view, start) if is_law(self.graph, n)]
        paths: list[list[str]] = []
        for law in laws:
            for path in nx.all_simple_paths(view, start, law, cutoff=max_length):
                paths.append(path)
                if len(paths) >= limit:
                    break
            if len(paths) >= limit:
                break
        paths.sort(key=lambda p: (len(p), p))
        return paths

    def most_cited(self, n: int = 10) -> list[Cited]:
        """The `n` instruments cited by the most distinct documents/instruments."""
        counts = [(sum(1 for u in self.graph.predecessors(v)
                       if "cites" in self.graph.edges[u, v]["relations"]), v)
                  for v in self.graph.nodes]
        counts = [(c, v) for c, v in counts if c > 0]
        counts.sort(key=lambda cv: (-cv[0], cv[1]))
        return [Cited(iri=v, label=label(self.graph, v), documents=c) for c, v in counts[:n]]
