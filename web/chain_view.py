"""The chain as a person reads it: an outline from the root, each plan once with its
tasks once (who leads, by when, reporting to whom), every node a link.

The graph (cancu.kg.chains.walk) reaches a plan by every path (cites, basis of, implemented by);
drawn as a picture that repeats each plan's tasks under every path (235 task boxes for
97 tasks under Luật 10/2022/QH15). Here a plan sits under the first instrument that
reaches it and the others point to it."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


from cancu.contract.vocab import deadline_text
from cancu.web import links
from cancu.web.display import shorten

# Edges that describe a task (shown on its line), not a step of the outline.
TASK_EDGES = ("assigns", "lead", "co_lead", "reports_to", "cooperates")


@dataclass
class TaskItem:
    iri: str
    text: str
    link: str | None              # the task in its plan's text
    agency: str | None
    agency_link: str | None
    co_leads: list[str]
    deadlines: list[str]          # as written, with the date when the text leaves it out
    reports_to: str | None

    @property
    def short(self) -> str:
        """What the list shows of the task (display.shorten)."""
        return shorten(self.text).head


@dataclass
class OutlineItem:
    iri: str
    kind: str                     # instrument | document | agency | obligation
    label: str
    link: str | None
    relation: str | None          # how it hangs from its parent
    status: str | None = None
    children: list["OutlineItem"] = field(default_factory=list)
    tasks: list[TaskItem] = field(default_factory=list)
    seen_above: bool = False      # reached again by another path: a pointer, not a copy
    more: int = 0                 # plans under it the chain left out (ChainResult.more)


def outline(result, node_link: Callable, task_rows: Callable[[set[str]], list]) -> OutlineItem | None:
    """`task_rows(iris)` gives the `ObligationRow`s of these tasks (deadlines, agencies) in
    list order: one look-up for the chain's tasks, not every task of every plan in it."""
    nodes = {n.id: n for n in result.nodes}
    if result.root not in nodes:
        return None
    children: dict[str, list] = {}
    assigned: dict[str, set[str]] = {}
    for e in result.edges:
        if e.relation == "assigns":
            assigned.setdefault(e.source, set()).add(e.target)
        elif e.relation not in TASK_EDGES:
            children.setdefault(e.source, []).append(e)
    placed: set[str] = set()

    def item(node_id: str, relation: str | None) -> OutlineItem:
        n = nodes[node_id]
        return OutlineItem(node_id, n.kind, n.label, node_link(n), relation, n.status,
                           more=result.more.get(node_id, 0))

    # One link built per plan and per agency, not per task: hundreds of tasks per page.
    agency_links: dict[str, str | None] = {}

    def agency_link(agency: str) -> str | None:
        if agency not in agency_links:
            agency_links[agency] = node_link(_Agency(agency))
        return agency_links[agency]

    rows_of: dict[str, list] = {}
    plan_of = {task: plan for plan, tasks in assigned.items() for task in tasks}
    for row in task_rows(set(plan_of)) if plan_of else []:
        rows_of.setdefault(plan_of[row.iri], []).append(row)

    def tasks_of(doc_iri: str) -> list[TaskItem]:
        out = []
        plan_links: dict[str, str] = {}
        for row in rows_of.get(doc_iri, []):
            agency = row.agency or row.actor
            if row.document not in plan_links:
                plan_links[row.document] = document_link(row.document)
            out.append(TaskItem(
                row.iri, " ".join(row.task.split()), f"{plan_links[row.document]}?at={row.start}#at", agency,
                agency_link(agency) if agency else None, row.co_leads,
                [deadline_text(d) for d in row.deadlines] or ([row.schedule] if row.schedule else []),
                row.reports_to))
        return out

    # Breadth first, so a plan sits under the nearest instrument that reaches it.
    root = item(result.root, None)
    placed.add(result.root)
    queue = [root]
    while queue:
        current = queue.pop(0)
        if current.kind == "document":
            current.tasks = tasks_of(current.iri)
        # Plans before instruments: a plan reached again further down points up to its place.
        for e in sorted(children.get(current.iri, []), key=lambda e: (nodes[e.target].kind != "document",
                                                                      nodes[e.target].label)):
            if e.target not in nodes or nodes[e.target].kind in ("obligation", "agency"):
                continue
            child = item(e.target, e.relation)
            if e.target in placed:
                child.seen_above = True
            else:
                placed.add(e.target)
                queue.append(child)
            current.children.append(child)
    return root


@dataclass(frozen=True)
class _Agency:
    label: str
    kind: str = "agency"
    id: str = ""


def document_link(document: str) -> str:
    """The plan's page; a task's link adds `?at=<start>#at` (what url_for writes for `at`)."""
    return links.url_for("pages.document", doc_id=document)


def count(item: OutlineItem) -> tuple[int, int]:
    """(plans, tasks) under `item`, each once."""
    plans = tasks = 0
    stack = [item]
    while stack:
        i = stack.pop()
        if i.seen_above:
            continue
        if i.kind == "document":
            plans += 1
            tasks += len(i.tasks)
        stack.extend(i.children)
    return plans, tasks
