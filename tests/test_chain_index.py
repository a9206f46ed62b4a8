"""The chain index a writer publishes with each checkpoint (kg/store/chains_index.py), and
the walk that reads it a node at a time (kg/chains/walk.py), answer as the whole graph
built in memory did (tests/chain_reference.py, the code they replace): the same
ChainResult from every node, up, down and both, at several depths and with plans
capped, on the seed plans and on a generated corpus. An index updated from the
previous checkpoint's equals one built anew, and a checkpoint published by older
code gets its index from its first reader."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from cancu.kg.chains import walk
from cancu.kg.iri import document_iri
from cancu.kg.registry.instruments import Registry
from cancu.kg.store import chains_index, checkpoint_index
from cancu.kg.store.chains_index import Node
from cancu.kg.store.graph import GraphStore
from cancu.kg.store.snapshots import open_writer, publish
from tests import chain_reference as reference

ROOT = Path(__file__).resolve().parents[1]
PLANS = sorted((ROOT / "corpus" / "plans").glob("*.txt"))
TODAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


@pytest.fixture(scope="module")
def extractor():
    from cancu.pipeline import Extractor, load_registry
    return Extractor(load_registry())


def _ingest(store: GraphStore, extractor, paths, *, registry: bool = False) -> None:
    from cancu.ingest import Ingestor
    ingestor = Ingestor(store, extractor)
    if registry:
        ingestor.load_registry()
    ingestor.ingest_paths(paths)
    ingestor.flush()


@pytest.fixture(scope="module")
def generated(tmp_path_factory, extractor):
    """A store of 60 generated plans (bench/corpus.py) and the registry."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import corpus
    finally:
        sys.path.remove(str(ROOT / "bench"))
    folder = tmp_path_factory.mktemp("chain-corpus")
    corpus.generate(60, 7, folder, workers=1)
    store = GraphStore.open(folder / "store")
    _ingest(store, extractor, sorted((folder / "plans").iterdir()), registry=True)
    yield store
    store.close()


def _result(r) -> tuple:
    return r.root, r.direction, r.nodes, r.edges, r.more


def _answer(run):
    try:
        return _result(run())
    except KeyError as e:           # NotInGraph, both sides
        return ("not in graph", str(e.args[0]))


def _roots(graph, every_task: int) -> list[str]:
    """Every instrument, document and agency of the old graph, every `every_task`-th task,
    file names and registry symbols, and a name nothing has."""
    by_kind: dict[str, list[str]] = {}
    for node, attrs in graph.nodes(data=True):
        by_kind.setdefault(attrs["kind"], []).append(node)
    assert set(by_kind) == {"instrument", "document", "obligation", "agency"}
    roots = by_kind["instrument"] + by_kind["document"] + by_kind["agency"]
    roots += sorted(by_kind["obligation"])[::every_task]
    roots += [graph.nodes[d]["document_id"] for d in by_kind["document"][:5]]
    roots += ["10/2022/QH15", "59/2023/NĐ-CP", "http://cancu.local/khong-co", "khong-co.txt"]
    return roots


def _compare(store: GraphStore, registry: Registry, every_task: int) -> int:
    graph = reference.build_graph(store)
    index = chains_index.in_memory(store)
    _same_graph(graph, index)
    compared = 0
    for root in _roots(graph, every_task):
        for direction in ("up", "down", "both"):
            for depth, cap in ((6, None), (2, None), (6, 2)):
                old = _answer(lambda: reference.chain(store, registry, root, direction=direction, depth=depth,
                                                      graph=graph, today=TODAY, plans_per_node=cap))
                new = _answer(lambda: walk.chain(store, registry, root, direction=direction, depth=depth,
                                                 index=index, today=TODAY, plans_per_node=cap))
                assert new == old, (root, direction, depth, cap)
                compared += 1
    old_basis = {d: reference.rests_on(store, d, graph=graph) for d in graph if graph.nodes[d]["kind"] == "document"}
    assert old_basis == {d: walk.rests_on(store, d, index=index) for d in old_basis}
    return compared


_NODES = "SELECT t.iri, n.kind, n.label, n.start FROM nodes n JOIN terms t ON t.id = n.id"
_EDGES = ("SELECT DISTINCT s.iri, e.relation, t.iri FROM edges e "
          "JOIN terms s ON s.id = e.source JOIN terms t ON t.id = e.target")


def _same_graph(graph, index: chains_index.ChainsIndex) -> None:
    """Every node with its kind, label and start; every edge but `part_of` (no walk follows it)."""
    nodes = {n: Node(a["kind"], a["label"], a.get("start", 0)) for n, a in graph.nodes(data=True)}
    assert {iri: Node(kind, label, start) for iri, kind, label, start in
            index.all(_NODES)} == nodes
    edges = {(u, k, v) for u, v, k in graph.edges(keys=True) if k != "part_of"}
    assert set(index.all(_EDGES)) == edges


def test_seed_chains_are_the_whole_graph_chains(seed_store, registry):
    assert _compare(seed_store, registry, every_task=1) > 3000


def test_generated_corpus_chains_are_the_whole_graph_chains(generated, registry):
    assert _compare(generated, registry, every_task=7) > 2000


def _tables(db_all) -> dict[str, set]:
    return {"nodes": set(db_all(_NODES.replace("n.start", "n.start, n.document_id"))), "edges": set(db_all(_EDGES))}


def _checkpoint_tables(folder: Path) -> dict[str, set]:
    with GraphStore.open(folder, read_only=True) as reader:
        index = chains_index.for_checkpoint(reader)
        assert index is not None
        return _tables(index.all)


@pytest.mark.parametrize("graphs_per_copy", [checkpoint_index.GRAPHS_PER_COPY, 1])
def test_an_index_updated_from_the_previous_checkpoint_equals_one_built_anew(tmp_path, extractor, monkeypatch,
                                                                             graphs_per_copy):
    """Also when the graphs written since are read a graph at a time (a publish copies
    `GRAPHS_PER_COPY` of them at a time): the nodes they touch are derived once all are read."""
    monkeypatch.setattr(checkpoint_index, "GRAPHS_PER_COPY", graphs_per_copy)
    writer = open_writer(tmp_path)
    try:
        _ingest(writer, extractor, PLANS[:3], registry=True)
        first = publish(writer, tmp_path)
        assert _checkpoint_tables(first) == _tables(chains_index.in_memory(writer).all)
        # New documents, one removed: only the graphs written since are read again.
        _ingest(writer, extractor, PLANS[3:])
        gone = document_iri(PLANS[0].name)
        writer.remove_document(gone)
        assert writer.changed_graphs is not None and len(writer.changed_graphs) == len(PLANS) - 2
        second = publish(writer, tmp_path)
        tables = _checkpoint_tables(second)
        assert tables == _tables(chains_index.in_memory(writer).all)
        assert not any(gone == iri for iri, *_ in tables["nodes"])
        # All but one gone: their tasks' agencies (and those agencies' parents) leave too.
        for path in PLANS[1:-1]:
            writer.remove_document(document_iri(path.name))
        third = publish(writer, tmp_path)
        assert _checkpoint_tables(third) == _tables(chains_index.in_memory(writer).all)
        assert len(_checkpoint_tables(third)["nodes"]) < len(tables["nodes"])
    finally:
        writer.close()


def test_a_checkpoint_from_older_code_gets_its_index_from_its_first_reader(tmp_path, extractor, registry):
    writer = open_writer(tmp_path)
    try:
        _ingest(writer, extractor, PLANS[:2], registry=True)
        folder = publish(writer, tmp_path)
        expected = _tables(chains_index.in_memory(writer).all)
    finally:
        writer.close()
    (folder / chains_index.FILE).unlink()
    with GraphStore.open(folder, read_only=True) as reader:
        law = walk.chain(reader, registry, "10/2022/QH15", direction="down", today=TODAY)
        assert (folder / chains_index.FILE).exists()
        assert any(n.kind == "obligation" for n in law.nodes)
    assert _checkpoint_tables(folder) == expected


def _plan(doc: str, tasks: dict[str, tuple[str, str | None]], parents: dict[str, str]) -> list[tuple]:
    """A plan's graph: its tasks (task → (lead agency, whom it reports to)), each agency named,
    `parents[agency]` the body it belongs to (named when `parents` maps it too, or a parent
    of its own)."""
    from rdflib import Literal, URIRef
    from cancu.kg.vocab import CANCU, ORG, RDF, SKOS
    d = URIRef(doc)
    out = [(d, RDF.type, CANCU.IngestedDocument), (d, CANCU.documentId, Literal(doc.rsplit("/", 1)[-1]))]
    named = {a for lead, reports in tasks.values() for a in (lead, reports) if a}
    named |= {p for a, p in parents.items() if a in named} - {_NAMELESS}
    for i, (task, (lead, reports)) in enumerate(sorted(tasks.items())):
        o = URIRef(f"{doc}#o{i}")
        out += [(o, RDF.type, CANCU.Obligation), (o, CANCU.inDocument, d), (o, CANCU.start, Literal(i)),
                (o, CANCU.task, Literal(task)), (o, CANCU.actor, URIRef(lead))]
        if reports:
            out.append((o, CANCU.reportsTo, URIRef(reports)))
    for a in sorted(named):
        out += [(URIRef(a), RDF.type, ORG.Organization), (URIRef(a), SKOS.prefLabel, Literal(_name(a)))]
        if a in parents:
            out.append((URIRef(a), ORG.subOrganizationOf, URIRef(parents[a])))
    return out


_ORG = "http://cancu.local/org/"
_NAMELESS = _ORG + "khong-ten"


def _name(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].replace("-", " ").capitalize()


def test_an_agency_named_only_as_the_parent_of_a_lead_is_in_the_graph(tmp_path, registry):
    """The issuer of a lead that no task names is still a node (a chain may start there),
    labelled by its name, or by its IRI when nothing names it; it leaves with the lead."""
    plan = "http://cancu.local/document/ke-hoach-1"
    other = "http://cancu.local/document/ke-hoach-2"
    office, commune = _ORG + "xa-a/van-phong", _ORG + "xa-a"
    unit, county = _ORG + "xa-b/phong-y-te", _ORG + "huyen-b"
    writer = open_writer(tmp_path)
    try:
        writer.replace_graph(plan, _plan(plan, {"Báo cáo quý": (office, None)}, {office: commune}))
        writer.replace_graph(other, _plan(other, {"Tiêm chủng": (unit, county), "Kiểm tra": (county, None)},
                                          {unit: _NAMELESS, county: _ORG + "tinh-c"}))
        first = publish(writer, tmp_path)
        graph = reference.build_graph(writer)
        nodes = {iri: kind for iri, kind, *_ in _checkpoint_tables(first)["nodes"]}
        assert nodes[commune] == "agency" and nodes[_NAMELESS] == "agency"
        assert nodes[_ORG + "tinh-c"] == "agency"
        with GraphStore.open(first, read_only=True) as reader:
            index = chains_index.for_checkpoint(reader)
            _same_graph(graph, index)
            for root in (office, commune, unit, _NAMELESS, county, _ORG + "tinh-c"):
                for direction in ("up", "down", "both"):
                    assert _result(walk.chain(reader, registry, root, direction=direction, today=TODAY)) == \
                        _result(reference.chain(writer, registry, root, direction=direction, graph=graph,
                                                today=TODAY)), (root, direction)
            assert index.node(office).label == "Van phong (Xa a)"
            assert index.node(commune).label == "Xa a"
            assert index.node(_NAMELESS).label == _NAMELESS

        writer.remove_graph(plan)              # the lead goes, and its issuer with it
        second = publish(writer, tmp_path)
        assert _checkpoint_tables(second) == _tables(chains_index.in_memory(writer).all)
        nodes = {iri for iri, *_ in _checkpoint_tables(second)["nodes"]}
        assert office not in nodes and commune not in nodes and _NAMELESS in nodes
    finally:
        writer.close()


def _agencies(names: dict[str, str], parents: dict[str, str]) -> list[tuple]:
    from rdflib import Literal, URIRef
    from cancu.kg.vocab import ORG, RDF, SKOS
    out = []
    for a, name in names.items():
        out += [(URIRef(a), RDF.type, ORG.Organization), (URIRef(a), SKOS.prefLabel, Literal(name))]
    out += [(URIRef(a), ORG.subOrganizationOf, URIRef(p)) for a, p in parents.items()]
    return out


def test_an_agency_follows_a_task_written_in_another_graph(tmp_path):
    """Agencies described in one graph (a directory of bodies) and named by a task in another:
    the task's graph alone changes, and the agency, its parents (up to the top) and
    their labels follow it. An agency in the graph shows its parent's name in its label."""
    directory = "http://cancu.local/danh-ba"
    plan = "http://cancu.local/document/ke-hoach-3"
    unit, county, province = _ORG + "huyen-d/phong-y-te", _ORG + "huyen-d", _ORG + "tinh-d"
    writer = open_writer(tmp_path)
    try:
        writer.replace_graph(directory, _agencies(
            {unit: "Phòng Y tế", county: "UBND huyện D", province: "Ủy ban nhân dân tỉnh D"},
            {unit: county, county: province}))
        writer.replace_graph(plan, [t for t in _plan(plan, {"Tiêm chủng": (unit, None)}, {})
                                    if "Organization" not in str(t[2]) and "prefLabel" not in str(t[1])])
        first = publish(writer, tmp_path)
        nodes = {iri: (kind, label) for iri, kind, label, *_ in _checkpoint_tables(first)["nodes"]}
        assert nodes[unit] == ("agency", "Phòng Y tế (UBND huyện D)")
        assert nodes[county] == ("agency", "UBND huyện D (Ủy ban nhân dân tỉnh D)")
        assert nodes[province] == ("agency", "Ủy ban nhân dân tỉnh D")

        writer.remove_graph(plan)              # no task names the unit: none of the three is in the graph
        second = publish(writer, tmp_path)
        tables = _checkpoint_tables(second)
        assert tables == _tables(chains_index.in_memory(writer).all)
        assert not {unit, county, province} & {iri for iri, *_ in tables["nodes"]}

        # The directory renames the province: the county's label follows, its own rows unchanged.
        writer.replace_graph(plan, [t for t in _plan(plan, {"Tiêm chủng": (unit, None)}, {})
                                    if "Organization" not in str(t[2]) and "prefLabel" not in str(t[1])])
        publish(writer, tmp_path)
        writer.replace_graph(directory, _agencies(
            {unit: "Phòng Y tế", county: "UBND huyện D", province: "UBND tỉnh D mới"},
            {unit: county, county: province}))
        third = publish(writer, tmp_path)
        tables = _checkpoint_tables(third)
        assert tables == _tables(chains_index.in_memory(writer).all)
        assert (county, "agency", "UBND huyện D (UBND tỉnh D mới)", 0, None) in tables["nodes"]
    finally:
        writer.close()


@pytest.mark.parametrize("hub", [2, chains_index.ChainsIndex.HUB])
def test_kept_neighbours_answer_as_read_ones(seed_store, registry, hub):
    """Neighbour lists kept between chains (every one, empty ones too, or those of hubs; dropped
    past the bound) give the same chains."""
    fresh = chains_index.in_memory(seed_store)
    keeping = chains_index.in_memory(seed_store)
    keeping.HUB, keeping.KEPT = hub, 40
    roots = [r for r, in fresh.all("SELECT t.iri FROM nodes n JOIN terms t ON t.id = n.id "
                                   "WHERE n.kind IN ('instrument', 'document') ORDER BY t.iri")]
    for _ in range(2):
        for root in roots:
            for direction in ("up", "down"):
                assert _result(walk.chain(seed_store, registry, root, direction=direction, index=keeping,
                                          today=TODAY, plans_per_node=3)) == \
                    _result(walk.chain(seed_store, registry, root, direction=direction, index=fresh,
                                       today=TODAY, plans_per_node=3))
    assert 0 < keeping._kept <= keeping.KEPT


def test_a_chain_walked_again_reads_no_edges(seed_store, registry, monkeypatch):
    """Every neighbour list read is kept (an empty one too): the same chain again asks the
    index for no edge, and answers the same."""
    index = chains_index.in_memory(seed_store)
    law = "http://cancu.local/instrument/luat/2022/10-2022-qh15"
    first = _result(walk.chain(seed_store, registry, law, index=index, today=TODAY, plans_per_node=2))
    asked: list[str] = []
    read = index.all
    monkeypatch.setattr(index, "all", lambda sql, *args: (asked.append(sql), read(sql, *args))[1])
    assert _result(walk.chain(seed_store, registry, law, index=index, today=TODAY, plans_per_node=2)) == first
    assert asked and not [sql for sql in asked if "JOIN edges" in sql]
