"""Chains of authority and duty, walked through a checkpoint's chain index.

The chain graph (kg/store/chains_index.py holds it, keyed by node) has edges that
keep the direction of the facts:

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

A walk reads only the nodes it reaches: each node's edges of the relations its
step needs, a breadth-first level at a time, into plain dicts of what was reached
(`Reached`). Building the whole graph first took 40 s and 725 MB at
10k documents.
"""
from __future__ import annotations

import datetime as dt
import weakref
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple, Protocol

from cancu.kg.triples.registry import instrument_node
from cancu.kg.registry.instruments import Registry
from cancu.kg.store import chains_index
from cancu.kg.store.chains_index import Node, shorten, undescribed
from cancu.kg.store.graph import GraphStore
from cancu.kg.views import CHAIN_DIRECTIONS, ChainEdge, ChainNode, ChainResult

DIRECTIONS = CHAIN_DIRECTIONS

RELATION_VI: dict[str, str] = {
    "based_on": "căn cứ",
    "implements": "triển khai thực hiện",
    "cites": "trích dẫn",
    "guides": "hướng dẫn thi hành",
    "amends": "sửa đổi, bổ sung",
    "repeals": "bãi bỏ",
    "replaces": "thay thế",
    "embodies": "là văn bản",
    "embodied_by": "có văn bản",
    "in_document": "thuộc văn bản",
    "legal_basis": "căn cứ của nhiệm vụ",
    "assigns": "giao nhiệm vụ",
    "lead": "chủ trì",
    "co_lead": "đồng chủ trì",
    "cooperates": "phối hợp",
    "reports_to": "báo cáo",
    "leads": "chủ trì nhiệm vụ",
    "part_of": "trực thuộc",
    "guided_by": "được hướng dẫn bởi",
    "implemented_by": "được triển khai bởi",
    "basis_of": "là căn cứ của",
    "cited_by": "được trích dẫn bởi",
}

# ---------------------------------------------------------------- walking

class _Steps(NamedTuple):
    """Edges from `source` to each of `targets`, in order, of one relation. One per
    relation rather than one per edge: a law's chain takes some 3,700 edges, most of
    them plans citing it, and a generated tuple for each was the walk's costliest line."""
    source: str
    targets: Sequence[str]
    relation: str
    hops: int = 1             # distance of the targets from the node being expanded
    expand: bool = True       # whether the walk continues from the targets


class ChainSource(Protocol):
    """What a walk reads: a checkpoint's chain index (kg/store/chains_index.ChainsIndex)."""

    def node(self, iri: str) -> Node | None: ...

    def document(self, document_id: str) -> str | None: ...

    def adjacent(self, nodes: list[str], relation: str, outgoing: bool) -> Mapping[str, Sequence[tuple[str, Node]]]:
        """Each of `nodes` that has `relation` edges (leaving it if `outgoing`, else entering
        it) → (the node at the other end, its Node) for each, one IRI always with the same
        Node; the caller only reads them."""

    # A source may set `ordered = True`: it gives each node's neighbours once each, targets
    # (outgoing) by label and sources (incoming) by start then label, as `Reached` orders them.


class Reached:
    """The part of the chain graph walks have reached: each node's `Node` (kind, label,
    start) and, per (node, relation, way), the nodes at the other end. A node's edges of
    one relation, one way, are read from the source all at once the first time a walk asks
    for them, and the nodes at their other end come with them. Plain dicts: a law's chain
    reads thousands of neighbours per page, and a networkx graph of them cost more than
    the walk itself."""

    def __init__(self, source: ChainSource):
        self._nodes: dict[str, Node] = {}
        self._source = source
        self._ordered = bool(getattr(source, "ordered", False))
        # (node, relation, outgoing) → the nodes at the other end, once read; then sorted.
        self._read: dict[tuple[str, str, bool], list[str]] = {}
        self._sorted: dict[tuple[str, str, bool], list[str]] = {}

    def has(self, node: str) -> bool:
        """Whether `node` is in the graph (reading it when not reached yet)."""
        if node in self._nodes:
            return True
        found = self._source.node(node)
        if found is None:
            return False
        self._nodes[node] = found
        return True

    def document(self, document_id: str) -> str | None:
        return self._source.document(document_id)

    def read(self, wanted: Iterable[tuple[str, str, bool]]) -> None:
        """Read the edges (node, relation, outgoing) not read yet: one look-up per relation
        and way for all the nodes, not one per node (a law's down chain reaches thousands)."""
        todo: dict[tuple[str, bool], list[str]] = {}
        for key in wanted:
            if key not in self._read:
                self._read[key] = []
                todo.setdefault(key[1:], []).append(key[0])
        nodes, read = self._nodes, self._read
        for (relation, outgoing), asked in todo.items():
            for node, others in self._source.adjacent(asked, relation, outgoing).items():
                # A source gives one IRI the same Node wherever it meets it, so a node met
                # again is overwritten with its equal: one update in C per list, not a test
                # per neighbour (reading was a third of a law's chain).
                nodes.update(others)
                read[(node, relation, outgoing)] = [other for other, _ in others]

    def out(self, node: str, relation: str) -> list[str]:
        """The targets of `node`'s `relation` edges, by label."""
        nodes = self._nodes
        return self._neighbours(node, relation, True, lambda v: (nodes[v].label, v))

    def into(self, node: str, relation: str) -> list[str]:
        """The sources of the `relation` edges into `node`, earliest first."""
        nodes = self._nodes
        return self._neighbours(node, relation, False, lambda u: (nodes[u].start, nodes[u].label, u))

    def _neighbours(self, node: str, relation: str, outgoing: bool, order) -> list[str]:
        key = (node, relation, outgoing)
        found = self._sorted.get(key)
        if found is None:
            if key not in self._read:
                self.read([key])
            read = self._read[key]
            # Most lists (a task's lead, a plan's own symbol) hold one node or none.
            found = self._sorted[key] = read if len(read) < 2 or self._ordered else sorted(set(read), key=order)
        return found

    def attrs(self) -> dict[str, Node]:
        """Node → its `Node`, for every node reached."""
        return self._nodes


# The edges (relation, outgoing) each step below reads from a node of each kind, read for a
# whole breadth-first level at once. A step reading an edge not listed here still gets it,
# one node at a time.
_UP_READS: dict[str, tuple[tuple[str, bool], ...]] = {
    "obligation": (("assigns", False), ("legal_basis", True)),
    "document": (("implements", True), ("based_on", True), ("cites", True), ("embodies", True)),
    "instrument": (("guides", True), ("implements", True), ("embodies", False)),
}
_DOWN_READS: dict[str, tuple[tuple[str, bool], ...]] = {
    "instrument": (("guides", False), ("implements", False), ("based_on", False), ("cites", False),
                   ("embodies", False)),
    "document": (("assigns", True), ("embodies", True)),
    "obligation": (("reports_to", True), ("lead", True), ("co_lead", True)),
}
_ROOT_AGENCY_READS = (("lead", False),)


def _reads(view: Reached, node: str, direction: str, is_root: bool) -> tuple[tuple[str, bool], ...]:
    kind = view.attrs()[node].kind
    if direction == "down" and kind == "agency" and is_root:
        return _ROOT_AGENCY_READS
    return (_UP_READS if direction == "up" else _DOWN_READS).get(kind, ())


def _up_steps(g: Reached, node: str) -> Iterator[_Steps]:
    kind = g.attrs()[node].kind
    if kind == "obligation":
        yield _Steps(node, g.into(node, "assigns"), "in_document")
        yield _Steps(node, g.out(node, "legal_basis"), "legal_basis")
    elif kind == "document":
        # Strongest claim first: "Triển khai thực hiện" ⊂ "Căn cứ" ⊂ a mere citation.
        for relation in ("implements", "based_on", "cites"):
            yield _Steps(node, g.out(node, relation), relation)
        yield _Steps(node, g.out(node, "embodies"), "embodies")
    elif kind == "instrument":
        for relation in ("guides", "implements"):
            yield _Steps(node, g.out(node, relation), relation)
        # An instrument that is itself an ingested plan rests on what its text cites.
        yield _Steps(node, g.into(node, "embodies"), "embodied_by")


def _down_steps(g: Reached, node: str, *, is_root: bool) -> Iterator[_Steps]:
    kind = g.attrs()[node].kind
    if kind == "instrument":
        for relation, inverse in (("guides", "guided_by"), ("implements", "implemented_by")):
            yield _Steps(node, g.into(node, relation), inverse)
        yield _Steps(node, g.into(node, "based_on"), "basis_of")
        yield _Steps(node, g.into(node, "cites"), "cited_by")
        yield _Steps(node, g.into(node, "embodies"), "embodied_by")
    elif kind == "document":
        attrs = g.attrs()
        yield _Steps(node, sorted(g.out(node, "assigns"), key=lambda o: attrs[o].start), "assigns")
        yield _Steps(node, g.out(node, "embodies"), "embodies")
    elif kind == "obligation":
        yield from _duty_steps(g, node)
    elif kind == "agency" and is_root:
        # From an agency asked about directly: the tasks it leads. Reached on the
        # way down, an agency stops the walk (its other plans are not this chain).
        yield _Steps(node, g.into(node, "lead"), "leads")


def _duty_steps(g: Reached, obligation: str) -> Iterator[_Steps]:
    """Lead agencies of a task, then whom they report to for it."""
    recipients = g.out(obligation, "reports_to")
    leads = [(a, rel) for rel in ("lead", "co_lead") for a in g.out(obligation, rel)]
    for agency, relation in leads:
        yield _Steps(obligation, (agency,), relation, expand=False)
        yield _Steps(agency, [r for r in recipients if r != agency], "reports_to", hops=2, expand=False)
    if not leads:
        yield _Steps(obligation, recipients, "reports_to", expand=False)


def _walk(g: Reached, root: str, direction: str, depth: int | None,
          plans_per_node: int | None = None,
          left_out: dict[str, set[str]] | None = None,
          duties: bool = True) -> tuple[list[str], list[ChainEdge]]:
    """Breadth-first from `root`; returns nodes in discovery order and edges.
    An edge to a node already found is kept (a plan may reach a law directly and
    through the decree guiding it: both paths are the chain), but the node is
    not expanded twice. With `plans_per_node`, a node adds at most that many plans
    not found before; `left_out[node]` gathers the plans it leaves out. Without
    `duties`, a task reached is not expanded (going down, its only steps are its duties)."""
    order, seen = [root], {root}
    attrs = g.attrs()
    edges: dict[tuple[str, str], ChainEdge] = {}
    queue: deque[tuple[str, int]] = deque([(root, 0)])
    planned: set[str] = set()       # nodes whose edges were read
    while queue:
        node, dist = queue.popleft()
        if depth is not None and dist >= depth:
            continue
        if node not in planned:
            # This node and every other one waiting (the rest of its level, the next):
            # their edges in one read.
            batch = [node] + [n for n, d in queue if n not in planned and (depth is None or d < depth)]
            planned.update(batch)
            g.read((n, relation, outgoing) for n in batch
                   for relation, outgoing in _reads(g, n, direction, n == root))
        steps = _up_steps(g, node) if direction == "up" else \
            _down_steps(g, node, is_root=node == root)
        plans = 0
        for source, targets, relation, hops, expand in steps:
            if depth is not None and dist + hops > depth:
                continue
            for target in targets:
                if (plans_per_node is not None and target not in seen
                        and attrs[target].kind == "document"):
                    if plans >= plans_per_node:
                        if left_out is not None:
                            left_out.setdefault(node, set()).add(target)
                        continue
                    plans += 1
                if (source, target) not in edges:
                    edges[(source, target)] = ChainEdge(source, target, relation)
                if target not in seen:
                    seen.add(target)
                    order.append(target)
                    if expand and (duties or attrs[target].kind != "obligation"):
                        queue.append((target, dist + hops))
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


def resolve_root(g: Reached, registry: Registry | None, ref: str) -> str:
    """The node `ref` names: a node IRI, a document's file name, or a registry symbol;
    NotInGraph when it names none."""
    if g.has(ref):
        return ref
    found = g.document(ref)
    if found is not None and g.has(found):
        return found
    if registry is not None:
        inst = registry.get(ref)
        if inst is not None:
            return str(instrument_node(inst))
    raise NotInGraph(f"Không tìm thấy «{ref}» trong đồ thị (văn bản, nhiệm vụ, đơn vị hay số hiệu) / "
                     f"«{ref}» is not in the graph")


def _node(g: Reached, iri: str, registry: Registry | None, keys: dict[str, str],
          today: dt.date) -> ChainNode:
    kind, label, _ = g.attrs().get(iri) or undescribed(iri)
    status = None
    if kind == "instrument" and registry is not None and iri in keys:
        inst = registry.get(keys[iri])
        if inst is not None:
            # The registry's own wording ("Hiến pháp năm 2013") beats what a citation said.
            name = inst.name or inst.title
            label = f"{inst.label} – {shorten(name)}" if name and "/" in inst.symbol else inst.label
        status = registry.status_at(keys[iri], today).code
    return ChainNode(iri, kind, label, status)


def chain(store: GraphStore | None, registry: Registry | None, x_iri: str, *, direction: str = "both",
          depth: int = 6, index: ChainSource | None = None,
          today: dt.date | None = None, plans_per_node: int | None = None,
          duties: bool = True) -> ChainResult:
    """The chain through `x_iri` (an obligation, document, instrument or agency IRI;
    a document file name or registry symbol also works).

    `direction`: "up" (what it rests on), "down" (what rests on it and who does
    it) or "both"; `depth`: hops from the root; `index`: the chain index to read
    (default: the store's, kg/store/chains_index.for_store); `today`: the day
    instrument statuses are computed for; `plans_per_node`: at most this many plans
    under any one node, the number left out in `ChainResult.more` (a law cited by
    every plan of 10k documents has a chain of tens of thousands of tasks, which no
    page can show); `duties=False`: the tasks reached are not expanded, so their lead
    agencies and reporting lines are left out (a page that lists plans with the number
    of their tasks needs no more: Luật 10/2022/QH15's walk at 10k documents, 7.0 → 2.6 ms).
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
    g = Reached(index if index is not None else chains_index.for_store(store))
    root = resolve_root(g, registry, x_iri)
    order: dict[str, None] = {root: None}
    edges: dict[tuple[str, str], ChainEdge] = {}
    left_out: dict[str, set[str]] = {}
    # A registry instrument nothing cites or relates to is a chain of one node.
    ways = () if not g.has(root) else ("up", "down") if direction == "both" else (direction,)
    for way in ways:
        nodes, found = _walk(g, root, way, depth, plans_per_node, left_out, duties)
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


def rests_on(store: GraphStore | None, doc_iri: str, *, index: ChainSource | None = None) -> set[str]:
    """Every instrument a document (or task, or instrument) rests on, transitively:
    its basis and citations, and what guides or implements leads up to."""
    g = Reached(index if index is not None else chains_index.for_store(store))
    root = resolve_root(g, None, doc_iri)
    nodes, _ = _walk(g, root, "up", None)
    return {n for n in nodes if n != root and g.attrs()[n].kind == "instrument"}


__all__ = ["chain", "rests_on", "resolve_root", "Reached", "ChainSource", "NotInGraph", "RELATION_VI",
           "DIRECTIONS"]
