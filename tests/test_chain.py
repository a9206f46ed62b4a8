"""Chains over the seed plans: down from Luật 10/2022/QH15 to the plans' tasks and
the units that lead them, up from a task to the law through the decree guiding it."""
from __future__ import annotations

import datetime as dt

import pytest

from cancu.kg.chains.walk import RELATION_VI, chain, rests_on
from cancu.kg.iri import document_iri
from cancu.kg.registry.instruments import Registry
from cancu.kg.registry.resolve import registry_iri
from cancu.kg.store import chains_index
from cancu.kg.queries.tasks import obligations
from tests.chain_sources import GraphSource

TODAY = dt.date(2026, 1, 1)
TASK_003 = document_iri("003_49e1674737018ede.txt") + "#o12913-13033"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


@pytest.fixture(scope="module")
def store(seed_store):
    return seed_store


@pytest.fixture(scope="module")
def index(store):
    """The seed store's chain index (it is a writer, no checkpoint: built here once)."""
    return chains_index.in_memory(store)


@pytest.fixture(scope="module")
def law(registry) -> str:
    iri = registry_iri(registry, "10/2022/QH15")
    assert iri
    return iri


@pytest.fixture(scope="module")
def down(store, registry, index, law):
    return chain(store, registry, law, direction="down", index=index, today=TODAY)


def _edges(result) -> set[tuple[str, str, str]]:
    return {(e.source, e.target, e.relation) for e in result.edges}


def test_graph_has_every_kind(index):
    kinds = {kind for kind, in index.all("SELECT DISTINCT kind FROM nodes")}
    assert kinds == {"instrument", "document", "obligation", "agency"}
    assert index.all("SELECT COUNT(*) FROM nodes WHERE label = ''") == [(0,)]


def test_down_from_the_law_reaches_plans_tasks_and_units(store, down, law, registry):
    kinds = {n.id: n.kind for n in down.nodes}
    docs = {n for n, k in kinds.items() if k == "document"}
    # Seeds 000, 001, 003 and 004 rest on or cite the law or a decree guiding it;
    # seed 002 rests on the ordinance the law repealed, which is no "rests on".
    assert {d.rsplit("/", 1)[-1][:3] for d in docs} == {"000", "001", "003", "004"}
    expected_tasks = [r for r in obligations(store) if r.document_iri in docs]
    assert {n for n, k in kinds.items() if k == "obligation"} == {r.iri for r in expected_tasks}
    leads = {r.agency_iri for r in expected_tasks if r.agency_iri}
    assert leads and leads <= {n for n, k in kinds.items() if k == "agency"}
    edges = _edges(down)
    for r in expected_tasks:
        assert (r.document_iri, r.iri, "assigns") in edges
        if r.agency_iri:
            assert (r.iri, r.agency_iri, "lead") in edges
    decree = registry_iri(registry, "59/2023/NĐ-CP")
    assert (law, decree, "guided_by") in edges
    root = next(n for n in down.nodes if n.id == law)
    assert root.kind == "instrument" and "10/2022/QH15" in root.label
    assert root.status == registry.status_at("10/2022/QH15", TODAY).code


def test_plans_per_node_keeps_the_first_plans_and_counts_the_rest():
    # A decree cited by five plans, each with one task: two plans per node keeps the first
    # two by label with their tasks, and counts the three left out under the decree.
    import networkx as nx
    g = nx.MultiDiGraph()
    g.add_node("decree", kind="instrument", label="Nghị định 1/2024/NĐ-CP")
    for i in range(5):
        g.add_node(f"plan{i}", kind="document", label=f"Kế hoạch {i}")
        g.add_node(f"task{i}", kind="obligation", label=f"nhiệm vụ {i}", start=i)
        g.add_edge(f"plan{i}", "decree", key="cites", relation="cites")
        g.add_edge(f"plan{i}", f"task{i}", key="assigns", relation="assigns")
    capped = chain(None, None, "decree", direction="down", index=GraphSource(g), today=TODAY, plans_per_node=2)
    assert [n.id for n in capped.nodes] == ["decree", "plan0", "plan1", "task0", "task1"]
    assert capped.more == {"decree": 3}
    full = chain(None, None, "decree", direction="down", index=GraphSource(g), today=TODAY)
    assert len(full.nodes) == 11 and full.more == {}


def test_without_duties_the_walk_stops_at_tasks(store, registry, index, law):
    # The same chain less each task's lead agencies and reporting lines, and the agencies
    # only those reach; the plans, their tasks and the counts left out stay.
    for kwargs in ({}, {"plans_per_node": 1}):
        whole = chain(store, registry, law, direction="both", index=index, today=TODAY, **kwargs)
        partial = chain(store, registry, law, direction="both", index=index, today=TODAY, duties=False, **kwargs)
        duty = {"lead", "co_lead", "reports_to", "cooperates"}
        assert _edges(partial) == {e for e in _edges(whole) if e[2] not in duty}
        kept = {e[1] for e in _edges(partial)} | {law}
        assert partial.nodes == [n for n in whole.nodes if n.id in kept]
        assert {n.kind for n in whole.nodes if n.id not in kept} == {"agency"}
        assert partial.more == whole.more


def test_down_chain_ends_at_report_recipients(down):
    # Seed 004 IV.2: Phòng Văn hóa - Xã hội reports on the resolution to Sở Nội vụ.
    unit = "http://cancu.local/org/uy-ban-nhan-dan-xa-binh-giang/phong-van-hoa-xa-hoi"
    recipient = "http://cancu.local/org/uy-ban-nhan-dan-xa-binh-giang/so-noi-vu"
    assert (unit, recipient, "reports_to") in _edges(down)
    labels = {n.id: n.label for n in down.nodes}
    assert labels[unit].startswith("Phòng Văn hóa - Xã hội (Ủy ban nhân dân xã Bình Giang")


def test_down_tree_nests_tasks_under_plans(down):
    tree = down.tree()
    assert tree["id"] == down.root
    plans = [c for c in tree["children"] if c["kind"] == "document"]
    assert plans and all(c["relation"] in ("basis_of", "cited_by", "implemented_by") for c in plans)
    assert any(g["kind"] == "obligation" and g["relation"] == "assigns"
               for c in plans for g in c["children"])


def test_symbol_names_the_root(store, registry, index, law):
    result = chain(store, registry, "10/2022/QH15", direction="down", depth=1, index=index)
    assert result.root == law
    # One hop: the decrees and the plans, not yet their tasks.
    assert {n.kind for n in result.nodes} == {"instrument", "document"}


def test_up_from_a_task_reaches_the_law_through_the_decree(store, registry, index, law):
    up = chain(store, registry, TASK_003, direction="up", index=index, today=TODAY)
    decree = registry_iri(registry, "59/2023/NĐ-CP")
    doc = document_iri("003_49e1674737018ede.txt")
    edges = _edges(up)
    assert (TASK_003, doc, "in_document") in edges
    assert (doc, decree, "based_on") in edges
    assert (decree, law, "guides") in edges

    def path_to(node: dict, target: str, path: tuple[str, ...]) -> tuple[str, ...] | None:
        if node["id"] == target:
            return path + (node["id"],)
        for child in node["children"]:
            found = path_to(child, target, path + (node["id"],))
            if found and decree in found:
                return found
        return None
    assert path_to(up.tree(), law, ()) == (TASK_003, doc, decree, law)
    statuses = {n.id: n.status for n in up.nodes}
    assert statuses[decree] == "in_force"
    assert {n.kind for n in up.nodes} <= {"obligation", "document", "instrument"}


def test_up_lists_basis_before_citations(store, registry, index):
    up = chain(store, registry, "003_49e1674737018ede.txt", direction="up", depth=1, index=index)
    relations = [e.relation for e in up.edges]
    assert relations.index("cites") > max(i for i, r in enumerate(relations) if r == "based_on")


def test_both_directions_from_a_plan(store, registry, index):
    both = chain(store, registry, "003_49e1674737018ede.txt", direction="both", depth=2, index=index)
    kinds = {n.kind for n in both.nodes}
    assert kinds == {"document", "instrument", "obligation", "agency"}


def test_rests_on_follows_registry_relations(store, index):
    basis = rests_on(store, "002_93d6b709dd7d643f.txt", index=index)
    assert "http://cancu.local/instrument/phap-lenh/2007/34-2007-pl-ubtvqh11" in basis
    # Not cited by seed 002: reached because NĐ 145/2020, which it cites, guides it.
    assert "http://cancu.local/instrument/bo-luat/2019/45-2019-qh14" in basis


def test_bad_arguments(store, registry, index, law):
    with pytest.raises(ValueError):
        chain(store, registry, law, direction="sideways", index=index)
    with pytest.raises(KeyError):
        chain(store, registry, "http://cancu.local/khong-co", index=index)


def test_every_relation_has_a_vietnamese_label(down, store, registry, index):
    up = chain(store, registry, TASK_003, direction="up", index=index)
    assert {e.relation for e in down.edges + up.edges} <= set(RELATION_VI)


def test_registry_instrument_outside_the_store_is_a_chain_of_one(store, registry, law):
    import networkx as nx
    result = chain(store, registry, "10/2022/QH15", index=GraphSource(nx.MultiDiGraph()), today=TODAY)
    assert [(n.id, n.kind) for n in result.nodes] == [(law, "instrument")]
    assert result.nodes[0].status == "partly_amended" and result.edges == []


def test_an_agency_label_does_not_repeat_its_own_name_spelled_out():
    from cancu.kg.store.chains_index import same_name
    assert same_name("Văn phòng UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh")
    assert same_name("Văn phòng HĐND và UBND xã", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã")
    assert same_name("UBND xã", "Ủy ban nhân dân xã")
    assert not same_name("Phòng Văn hóa - Xã hội", "Ủy ban nhân dân xã Kiến Thụy")
    assert not same_name("Văn phòng UBND tỉnh", "Văn phòng Ủy ban nhân dân huyện")
