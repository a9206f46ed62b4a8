"""The chain walk as it was before the chain index (kg/store/chains_index.py), kept
as the reference tests/test_chain_index.py compares the new walk against: it builds the
whole graph in memory, then walks it. Its logic is the old code's, on purpose an
independent copy; only vocabulary (relation labels, edge predicates) is imported.

Chains of authority and duty, with networkx over the store.

`build_graph` turns the store into a MultiDiGraph whose edges keep the
direction of the facts:

    document   --based_on | implements | cites-->  instrument
    document   --embodies-->                       instrument   (the file states its own symbol)
    instrument --guides | implements | amends | repeals | replaces-->  instrument   (registry)
    document   --assigns-->                        obligation
    obligation --lead | co_lead | cooperates | reports_to-->  agency
    obligation --legal_basis-->                    instrument
    agency     --part_of-->                        agency       (org:subOrganizationOf the issuer)

`chain` walks it from one node and returns a `ChainResult` whose edges point
away from the root, so `ChainResult.tree()` reads from the root outwards:

  up    task → its plan → what the plan rests on (implements/based_on, then
        cites) → what those rest on (a decree that guides a law leads to the law) …
  down  instrument → instruments that guide/implement it → plans resting on or
        citing them → their tasks → lead agencies → whom those report to.

Going down, an edge runs against its fact, so its relation is the inverse
name (`guided_by`, `implemented_by`, `basis_of`, `cited_by`); `RELATION_VI`
gives every relation a Vietnamese label.
"""
from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections import deque
from collections.abc import Iterator
from typing import NamedTuple

import networkx as nx

# Vocabulary, not logic, comes from the new code: relation labels and which predicates are edges.
from cancu.kg.chains.walk import RELATION_VI
from cancu.kg.store.chains_index import DOCUMENT_PREDICATES, OBLIGATION_PREDICATES, REGISTRY_PREDICATES
from cancu.kg.triples.registry import instrument_node
from cancu.kg.registry.instruments import Registry
from cancu.kg.store.graph import GraphStore
from cancu.kg.views import CHAIN_DIRECTIONS, ChainEdge, ChainNode, ChainResult
from cancu.kg.vocab import ORG
from cancu.nlp.text.fold import fold

DIRECTIONS = CHAIN_DIRECTIONS


def _values(predicates: dict[str, str]) -> str:
    return " ".join(f"<{p}>" for p in predicates)


_DOCUMENTS = """
SELECT ?d ?id ?title ?type ?symbol ?own WHERE {
  GRAPH ?d { ?d a cancu:IngestedDocument ; cancu:documentId ?id .
             OPTIONAL { ?d eli:title ?title } OPTIONAL { ?d eli:type_document/skos:prefLabel ?type }
             OPTIONAL { ?d cancu:symbol ?symbol } OPTIONAL { ?d cancu:instrument ?own } }
}"""

_DOCUMENT_EDGES = f"""
SELECT DISTINCT ?d ?p ?i WHERE {{
  GRAPH ?d {{ ?d a cancu:IngestedDocument ; ?p ?i . VALUES ?p {{ {_values(DOCUMENT_PREDICATES)} }} }}
}}"""

# Relations between instruments stated outside document graphs (the registry).
_REGISTRY_EDGES = f"""
SELECT DISTINCT ?a ?p ?b WHERE {{
  GRAPH ?g {{ ?a ?p ?b . VALUES ?p {{ {_values(REGISTRY_PREDICATES)} }} }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?g a cancu:IngestedDocument }} }}
}}"""

# Every document graph repeats the facts of the instruments it cites. Joined over
# the union of all graphs, N copies of each of k properties give N^k rows (an
# instrument cited by 100 plans: minutes per query); one property at a time,
# inside each graph, the work stays linear in the number of citations.
_INSTRUMENT_FACTS = {
    "symbol": "cancu:symbol", "type": "eli:type_document/skos:prefLabel",
    "title": "eli:title", "name": "cancu:name",
}
_INSTRUMENTS = "SELECT DISTINCT ?n WHERE { GRAPH ?g { ?n a cancu:Instrument } }"
_INSTRUMENT_FACT = "SELECT DISTINCT ?n ?v WHERE {{ GRAPH ?g {{ ?n a cancu:Instrument ; {path} ?v }} }}"

_OBLIGATIONS = """
SELECT ?o ?d ?start ?task ?section WHERE {
  GRAPH ?d { ?o a cancu:Obligation ; cancu:inDocument ?d ; cancu:start ?start ; cancu:task ?task .
             OPTIONAL { ?o cancu:planSection ?section } }
}"""

_OBLIGATION_EDGES = f"""
SELECT DISTINCT ?o ?p ?x WHERE {{
  GRAPH ?d {{ ?o a cancu:Obligation ; ?p ?x . VALUES ?p {{ {_values(OBLIGATION_PREDICATES)} }} }}
}}"""

# Agencies too, one property at a time inside each graph (see _INSTRUMENT_FACTS).
_AGENCY_NAMES = f"""
SELECT DISTINCT ?a ?label WHERE {{ GRAPH ?g {{ ?a a <{ORG.Organization}> ; skos:prefLabel ?label }} }}"""
_AGENCY_PARENTS = f"""
SELECT DISTINCT ?a ?parent WHERE {{ GRAPH ?g {{ ?a a <{ORG.Organization}> ; <{ORG.subOrganizationOf}> ?parent }} }}"""

_LABEL_LIMIT = 90


def _shorten(text: str, limit: int = _LABEL_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _first(values: set[str]) -> str | None:
    return min(values) if values else None


# ---------------------------------------------------------------- the graph

def _instrument_label(symbol: str | None, type_name: str | None, title: str | None,
                      iri: str) -> str:
    if symbol:
        head = f"{type_name} {symbol}" if type_name else symbol
        return f"{head} – {_shorten(title)}" if title else head
    if title:
        return _shorten(f"{type_name} {title}" if type_name and not title.startswith(type_name)
                        else title)
    return iri.rsplit("/", 1)[-1]


def _add_instruments(g: nx.MultiDiGraph, store: GraphStore) -> None:
    facts: dict[str, dict[str, set[str]]] = {
        r["n"].value: {"symbol": set(), "type": set(), "title": set()} for r in store.query(_INSTRUMENTS)}
    for key, path in _INSTRUMENT_FACTS.items():
        slot_key = "title" if key == "name" else key      # a name or a title labels alike
        for r in store.query(_INSTRUMENT_FACT.format(path=path)):
            if r["n"].value in facts:
                facts[r["n"].value][slot_key].add(r["v"].value)
    for iri, f in facts.items():
        symbol, type_name, title = _first(f["symbol"]), _first(f["type"]), _first(f["title"])
        g.add_node(iri, kind="instrument", symbol=symbol, type=type_name, title=title,
                   label=_instrument_label(symbol, type_name, title, iri))


def _document_label(type_name: str | None, symbol: str | None, title: str | None,
                    doc_id: str) -> str:
    """"Kế hoạch 36/KH-UBND – Triển khai …", "Kế hoạch Thực hiện …", or the file name."""
    if not title:
        return " ".join(x for x in (type_name, symbol) if x) or doc_id
    if symbol:
        return f"{type_name or ''} {symbol} – {_shorten(title)}".strip()
    return _shorten(f"{type_name} {title}" if type_name else title)


def _add_documents(g: nx.MultiDiGraph, store: GraphStore) -> None:
    for r in store.query(_DOCUMENTS):
        doc, doc_id = r["d"].value, r["id"].value
        title = r["title"].value if r["title"] is not None else None
        type_name = r["type"].value if r["type"] is not None else None
        symbol = r["symbol"].value if r["symbol"] is not None else None
        g.add_node(doc, kind="document", document_id=doc_id, title=title,
                   label=_document_label(type_name, symbol, title, doc_id))
        if r["own"] is not None:
            g.add_edge(doc, r["own"].value, key="embodies", relation="embodies")
    for r in store.query(_DOCUMENT_EDGES):
        relation = DOCUMENT_PREDICATES[r["p"].value]
        g.add_edge(r["d"].value, r["i"].value, key=relation, relation=relation)


def _add_registry(g: nx.MultiDiGraph, store: GraphStore) -> None:
    for r in store.query(_REGISTRY_EDGES):
        relation = REGISTRY_PREDICATES[r["p"].value]
        g.add_edge(r["a"].value, r["b"].value, key=relation, relation=relation)


def _add_obligations(g: nx.MultiDiGraph, store: GraphStore) -> None:
    for r in store.query(_OBLIGATIONS):
        o, section = r["o"].value, r["section"].value if r["section"] is not None else None
        task = _shorten(r["task"].value)
        g.add_node(o, kind="obligation", document=r["d"].value, start=int(r["start"].value),
                   section=section, label=f"{section}: {task}" if section else task)
        g.add_edge(r["d"].value, o, key="assigns", relation="assigns")
    for r in store.query(_OBLIGATION_EDGES):
        relation = OBLIGATION_PREDICATES[r["p"].value]
        g.add_edge(r["o"].value, r["x"].value, key=relation, relation=relation)


def same_name(a: str, b: str) -> bool:
    """"Văn phòng UBND tỉnh" and "Văn phòng Ủy ban nhân dân tỉnh" name one body: the words
    agree, accents and case aside, an abbreviation standing for the initials of a run of words."""
    x, y = fold(a).lower().split(), fold(b).lower().split()

    def walk(i: int, j: int) -> bool:
        if i == len(x) or j == len(y):
            return i == len(x) and j == len(y)
        if x[i] == y[j] and walk(i + 1, j + 1):
            return True
        for short, long, step in ((x[i], y, (1, 0)), (y[j], x, (0, 1))):
            start = j if step == (1, 0) else i
            n = len(short)
            if n > 1 and short.isalpha() and "".join(w[0] for w in long[start:start + n]) == short:
                if walk(i + (1 if step == (1, 0) else n), j + (n if step == (1, 0) else 1)):
                    return True
        return False
    return walk(0, 0)


def _add_agencies(g: nx.MultiDiGraph, store: GraphStore) -> None:
    names: dict[str, set[str]] = {}
    parents: dict[str, set[str]] = {}
    for r in store.query(_AGENCY_NAMES):
        names.setdefault(r["a"].value, set()).add(r["label"].value)
    for r in store.query(_AGENCY_PARENTS):
        parents.setdefault(r["a"].value, set()).add(r["parent"].value)
    for iri, labels in names.items():
        if iri not in g:
            continue    # an issuer no obligation names: not part of any chain
        name = min(labels)
        parent = _first(parents.get(iri, set()))
        parent_name = min(names[parent]) if parent in names else None
        shown = parent_name if parent_name and not same_name(name, parent_name) else None
        g.add_node(iri, kind="agency", name=name, label=f"{name} ({shown})" if shown else name)
        if parent:
            g.add_edge(iri, parent, key="part_of", relation="part_of")
            if "kind" not in g.nodes[parent]:
                g.add_node(parent, kind="agency", name=parent_name or parent,
                           label=parent_name or parent)


def build_graph(store: GraphStore) -> nx.MultiDiGraph:
    """Documents, instruments (with the registry's relations), obligations and
    agencies as one MultiDiGraph (node attribute `kind`, `label`; edge key and
    attribute `relation`). Twelve SPARQL queries, whatever the size of the store."""
    g = nx.MultiDiGraph()
    _add_instruments(g, store)
    _add_documents(g, store)
    _add_registry(g, store)
    _add_obligations(g, store)
    _add_agencies(g, store)
    for node, attrs in g.nodes(data=True):
        # An edge to an IRI no query described (a registry relation to an instrument
        # the registry graph lacks): keep it walkable, labelled by its IRI.
        if "kind" not in attrs:
            attrs.update(kind="instrument", label=node.rsplit("/", 1)[-1])
    return g


_GRAPHS: "weakref.WeakKeyDictionary[GraphStore, nx.MultiDiGraph]" = weakref.WeakKeyDictionary()
_GRAPHS_LOCK = threading.Lock()


def graph_for(store: GraphStore) -> nx.MultiDiGraph | None:
    """`build_graph` of a checkpoint (a store opened read-only), built once and kept
    while the store is: a checkpoint never changes, and building took seconds per
    chain page (5.5 s at 1,000 documents). About 45 MB at 1,000 documents. None
    for a store that may change (a writer, a SPARQL endpoint): build per call.
    Its `graph["document_ids"]` holds the id of every document graph."""
    if not getattr(store, "read_only", False) or getattr(store, "path", None) is None:
        return None
    with _GRAPHS_LOCK:                 # one thread builds; the others wait for it
        found = _GRAPHS.get(store)
        if found is None:
            found = build_graph(store)
            found.graph["document_ids"] = frozenset(
                r["id"].value for r in store.query("SELECT ?id WHERE { GRAPH ?g { ?g cancu:documentId ?id } }"))
            _GRAPHS[store] = found
        return found


# ---------------------------------------------------------------- walking

class _Step(NamedTuple):
    # A tuple, not a dataclass: a chain page makes thousands (every plan citing a law).
    source: str
    target: str
    relation: str
    hops: int = 1             # distance of `target` from the node being expanded
    expand: bool = True       # whether the walk continues from `target`


# Through the adjacency (neighbour → {edge key: attributes}) rather than edge views:
# a chain page asks this for every node it reaches. The sorted neighbours are kept in the
# graph (a checkpoint's graph never changes, cancu.kg.chains.walk.graph_for): a law cited by
# every plan of 10k documents has thousands, and sorting them again for every page took
# most of a chain page's time.
def _neighbours(g: nx.MultiDiGraph) -> dict[tuple[str, str, bool], list[str]]:
    found = g.graph.get("sorted_neighbours")
    if found is None:
        found = g.graph["sorted_neighbours"] = {}
    return found


def _out(g: nx.MultiDiGraph, node: str, relation: str) -> list[str]:
    """The targets of `node`'s `relation` edges, by label."""
    nodes = g.nodes
    return _sorted_neighbours(g, node, relation, True, lambda v: (nodes[v].get("label", v), v))


def _in(g: nx.MultiDiGraph, node: str, relation: str) -> list[str]:
    """The sources of the `relation` edges into `node`, earliest first."""
    nodes = g.nodes
    return _sorted_neighbours(g, node, relation, False,
                              lambda u: (nodes[u].get("start", 0), nodes[u].get("label", u), u))


def _sorted_neighbours(g: nx.MultiDiGraph, node: str, relation: str, outgoing: bool, order) -> list[str]:
    kept = _neighbours(g)
    found = kept.get((node, relation, outgoing))
    if found is None:
        adjacency = g.succ[node] if outgoing else g.pred[node]
        found = kept[(node, relation, outgoing)] = sorted(
            [n for n, keys in adjacency.items() if relation in keys], key=order)
    return found


def _attrs(g: nx.MultiDiGraph) -> dict[str, dict]:
    """Node → its attributes: networkx's own dict (`Graph._node`, what `g.nodes[n]` looks up
    through a view at several times the cost, on every step of a walk)."""
    return g._node


def _up_steps(g: nx.MultiDiGraph, node: str) -> Iterator[_Step]:
    kind = _attrs(g)[node]["kind"]
    if kind == "obligation":
        for doc in _in(g, node, "assigns"):
            yield _Step(node, doc, "in_document")
        for inst in _out(g, node, "legal_basis"):
            yield _Step(node, inst, "legal_basis")
    elif kind == "document":
        # Strongest claim first: "Triển khai thực hiện" ⊂ "Căn cứ" ⊂ a mere citation.
        for relation in ("implements", "based_on", "cites"):
            for inst in _out(g, node, relation):
                yield _Step(node, inst, relation)
        for inst in _out(g, node, "embodies"):
            yield _Step(node, inst, "embodies")
    elif kind == "instrument":
        for relation in ("guides", "implements"):
            for inst in _out(g, node, relation):
                yield _Step(node, inst, relation)
        # An instrument that is itself an ingested plan rests on what its text cites.
        for doc in _in(g, node, "embodies"):
            yield _Step(node, doc, "embodied_by")


def _down_steps(g: nx.MultiDiGraph, node: str, *, is_root: bool) -> Iterator[_Step]:
    kind = _attrs(g)[node]["kind"]
    if kind == "instrument":
        for relation, inverse in (("guides", "guided_by"), ("implements", "implemented_by")):
            for src in _in(g, node, relation):
                yield _Step(node, src, inverse)
        for src in _in(g, node, "based_on"):
            yield _Step(node, src, "basis_of")
        for src in _in(g, node, "cites"):
            yield _Step(node, src, "cited_by")
        for doc in _in(g, node, "embodies"):
            yield _Step(node, doc, "embodied_by")
    elif kind == "document":
        attrs = _attrs(g)
        for o in sorted(_out(g, node, "assigns"), key=lambda o: attrs[o].get("start", 0)):
            yield _Step(node, o, "assigns")
        for inst in _out(g, node, "embodies"):
            yield _Step(node, inst, "embodies")
    elif kind == "obligation":
        yield from _duty_steps(g, node)
    elif kind == "agency" and is_root:
        # From an agency asked about directly: the tasks it leads. Reached on the
        # way down, an agency stops the walk (its other plans are not this chain).
        for o in _in(g, node, "lead"):
            yield _Step(node, o, "leads")


def _duty_steps(g: nx.MultiDiGraph, obligation: str) -> Iterator[_Step]:
    """Lead agencies of a task, then whom they report to for it."""
    recipients = _out(g, obligation, "reports_to")
    leads = [(a, rel) for rel in ("lead", "co_lead") for a in _out(g, obligation, rel)]
    for agency, relation in leads:
        yield _Step(obligation, agency, relation, expand=False)
        for r in recipients:
            if r != agency:
                yield _Step(agency, r, "reports_to", hops=2, expand=False)
    if not leads:
        for r in recipients:
            yield _Step(obligation, r, "reports_to", expand=False)


def _walk(g: nx.MultiDiGraph, root: str, direction: str, depth: int | None,
          plans_per_node: int | None = None,
          left_out: dict[str, set[str]] | None = None) -> tuple[list[str], list[ChainEdge]]:
    """Breadth-first from `root`; returns nodes in discovery order and edges.
    An edge to a node already found is kept (a plan may reach a law directly and
    through the decree guiding it: both paths are the chain), but the node is
    not expanded twice. With `plans_per_node`, a node adds at most that many plans
    not found before; `left_out[node]` gathers the plans it leaves out."""
    order, seen = [root], {root}
    attrs = _attrs(g)
    edges: dict[tuple[str, str], ChainEdge] = {}
    queue: deque[tuple[str, int]] = deque([(root, 0)])
    while queue:
        node, dist = queue.popleft()
        if depth is not None and dist >= depth:
            continue
        steps = _up_steps(g, node) if direction == "up" else \
            _down_steps(g, node, is_root=node == root)
        plans = 0
        for step in steps:
            if depth is not None and dist + step.hops > depth:
                continue
            if (plans_per_node is not None and step.target not in seen
                    and attrs[step.target].get("kind") == "document"):
                if plans >= plans_per_node:
                    if left_out is not None:
                        left_out.setdefault(node, set()).add(step.target)
                    continue
                plans += 1
            if (step.source, step.target) not in edges:
                edges[(step.source, step.target)] = ChainEdge(step.source, step.target, step.relation)
            if step.target not in seen:
                seen.add(step.target)
                order.append(step.target)
                if step.expand:
                    queue.append((step.target, dist + step.hops))
    return order, list(edges.values())


# ---------------------------------------------------------------- public API

_KEYS: "weakref.WeakKeyDictionary[Registry, dict[str, str]]" = weakref.WeakKeyDictionary()


def _registry_keys(registry: Registry) -> dict[str, str]:
    """Registry instrument IRI → registry key (symbol or symbol@year); once per registry
    (a loaded registry does not change; a thousand IRIs per chain page otherwise)."""
    try:
        found = _KEYS.get(registry)
    except TypeError:              # a registry without weak references: compute each time
        return {str(instrument_node(inst)): inst.key for inst in registry.instruments}
    if found is None:
        found = _KEYS[registry] = {str(instrument_node(inst)): inst.key for inst in registry.instruments}
    return found


class NotInGraph(KeyError):
    """`ref` names no node: no document, task, agency or instrument, no registry symbol.
    A KeyError whose message reads plainly (KeyError's own str() quotes it)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def resolve_root(g: nx.MultiDiGraph, registry: Registry | None, ref: str) -> str:
    """The node `ref` names: a node IRI, a document's file name, or a registry symbol;
    NotInGraph when it names none."""
    if ref in g:
        return ref
    for node, attrs in g.nodes(data=True):
        if attrs.get("kind") == "document" and attrs.get("document_id") == ref:
            return node
    if registry is not None:
        inst = registry.get(ref)
        if inst is not None:
            return str(instrument_node(inst))
    raise NotInGraph(f"Không tìm thấy «{ref}» trong đồ thị (văn bản, nhiệm vụ, đơn vị hay số hiệu) / "
                     f"«{ref}» is not in the graph")


def _node(g: nx.MultiDiGraph, iri: str, registry: Registry | None, keys: dict[str, str],
          today: dt.date) -> ChainNode:
    attrs = _attrs(g).get(iri) or {"kind": "instrument", "label": iri.rsplit("/", 1)[-1]}
    kind, label, status = attrs["kind"], attrs["label"], None
    if kind == "instrument" and registry is not None and iri in keys:
        inst = registry.get(keys[iri])
        if inst is not None:
            # The registry's own wording ("Hiến pháp năm 2013") beats what a citation said.
            name = inst.name or inst.title
            label = f"{inst.label} – {_shorten(name)}" if name and "/" in inst.symbol else inst.label
        status = registry.status_at(keys[iri], today).code
    return ChainNode(iri, kind, label, status)


def chain(store: GraphStore, registry: Registry | None, x_iri: str, *, direction: str = "both",
          depth: int = 6, graph: nx.MultiDiGraph | None = None,
          today: dt.date | None = None, plans_per_node: int | None = None) -> ChainResult:
    """The chain through `x_iri` (an obligation, document, instrument or agency IRI;
    a document file name or registry symbol also works).

    `direction`: "up" (what it rests on), "down" (what rests on it and who does
    it) or "both"; `depth`: hops from the root; `graph`: a `build_graph` result to
    reuse across calls; `today`: the day instrument statuses are computed for;
    `plans_per_node`: at most this many plans under any one node, the number left
    out in `ChainResult.more` (a law cited by every plan of 10k documents has a
    chain of tens of thousands of tasks, which no page can show).
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
    g = graph if graph is not None else build_graph(store)
    root = resolve_root(g, registry, x_iri)
    order: dict[str, None] = {root: None}
    edges: dict[tuple[str, str], ChainEdge] = {}
    left_out: dict[str, set[str]] = {}
    # A registry instrument nothing cites or relates to is a chain of one node.
    ways = () if root not in g else ("up", "down") if direction == "both" else (direction,)
    for way in ways:
        nodes, found = _walk(g, root, way, depth, plans_per_node, left_out)
        order.update(dict.fromkeys(nodes))
        for e in found:
            edges.setdefault((e.source, e.target), e)
    keys = _registry_keys(registry) if registry is not None else {}
    today = today or dt.date.today()
    result = ChainResult(root=root, direction=direction)
    result.nodes = [_node(g, n, registry, keys, today) for n in order]
    result.edges = list(edges.values())
    result.more = {node: len(plans) for node, plans in left_out.items()}
    return result


def rests_on(store: GraphStore, doc_iri: str, *, graph: nx.MultiDiGraph | None = None) -> set[str]:
    """Every instrument a document (or task, or instrument) rests on, transitively:
    its basis and citations, and what guides or implements leads up to."""
    g = graph if graph is not None else build_graph(store)
    root = resolve_root(g, None, doc_iri)
    nodes, _ = _walk(g, root, "up", None)
    return {n for n in nodes if n != root and g.nodes[n]["kind"] == "instrument"}


__all__ = ["build_graph", "chain", "rests_on", "resolve_root", "NotInGraph", "RELATION_VI", "DIRECTIONS"]
