"""A chain source (cancu.kg.chains.walk.ChainSource) over a hand-made networkx graph: the
small graphs some chain tests draw, and the whole graph the chain walk was before it
read a checkpoint's index (tests/chain_reference.py)."""
from __future__ import annotations

import networkx as nx

from cancu.kg.store.chains_index import Node


class GraphSource:
    """Nodes with attributes `kind`, `label` (and `start` for tasks, `document_id` for
    documents); edges keyed by their relation."""

    def __init__(self, graph: nx.MultiDiGraph):
        self.graph = graph

    def node(self, iri: str) -> Node | None:
        if iri not in self.graph:
            return None
        attrs = self.graph.nodes[iri]
        return Node(attrs["kind"], attrs["label"], attrs.get("start", 0))

    def document(self, document_id: str) -> str | None:
        return next((n for n, attrs in self.graph.nodes(data=True)
                     if attrs.get("kind") == "document" and attrs.get("document_id") == document_id), None)

    def adjacent(self, nodes: list[str], relation: str, outgoing: bool) -> dict[str, list[tuple[str, Node]]]:
        found: dict[str, list[tuple[str, Node]]] = {}
        for node in nodes:
            adjacency = self.graph.succ[node] if outgoing else self.graph.pred[node]
            others = [(other, self.node(other)) for other, keys in adjacency.items() if relation in keys]
            if others:
                found[node] = others
        return found
