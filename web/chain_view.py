"""The chain as a person reads it: an outline from the root, each plan once with its
tasks once (who leads, by when, reporting to whom), every node a link.

A plan under the root is shown folded, with the number of its tasks; its task rows are
read when it is opened (`TaskLinks`, `task_items`): Luật 10/2022/QH15 at 10k documents
reaches 40 plans and 499 tasks, whose rows cost more than the rest of the page.

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


@dataclass(frozen=True)
class TaskLinks:
    lines: str      # the task lines alone (GET /chain/tasks), read when the plan is opened
    page: str       # the plan's list of tasks, for a browser without scripts


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
    task_count: int = 0           # a plan's tasks in the chain, read or not
    task_links: "TaskLinks | None" = None   # where a folded plan's tasks are read (tasks unread)


def outline(result, node_link: Callable, task_rows: Callable[[set[str]], list],
            task_links: Callable[[str], TaskLinks | None] | None = None) -> OutlineItem | None:
    """`task_rows(iris)` gives the `ObligationRow`s of these tasks (deadlines, agencies) in
    list order: one look-up for the tasks read, not every task of every plan in it.
    With `task_links(plan_iri)`, only the root's tasks are read; every other plan is given
    the links its tasks are read from when it is opened."""
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

    read = assigned if task_links is None else {p: t for p, t in assigned.items() if p == result.root}
    rows_of: dict[str, list] = {}
    plan_of = {task: plan for plan, tasks in read.items() for task in tasks}
    for row in task_rows(set(plan_of)) if plan_of else []:
        rows_of.setdefault(plan_of[row.iri], []).append(row)
    agency_links: dict[str, str | None] = {}      # shared by every plan of the page

    # Breadth first, so a plan sits under the nearest instrument that reaches it.
    root = item(result.root, None)
    placed.add(result.root)
    queue = [root]
    while queue:
        current = queue.pop(0)
        if current.kind == "document":
            current.task_count = len(assigned.get(current.iri, ()))
            if current.iri in read:
                current.tasks = task_items(rows_of.get(current.iri, []), node_link, agency_links)
            elif current.task_count:
                current.task_links = task_links(current.iri)
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


def task_items(rows: list, node_link: Callable, agency_links: dict[str, str | None] | None = None
               ) -> list[TaskItem]:
    """The lines of a plan's tasks from their `ObligationRow`s, in the rows' order.
    `agency_links` keeps the links built so far (one per agency, not per task)."""
    agency_links = {} if agency_links is None else agency_links
    plan_links: dict[str, str] = {}
    out = []
    for row in rows:
        agency = row.agency or row.actor
        if agency and agency not in agency_links:
            agency_links[agency] = node_link(_Agency(agency))
        if row.document not in plan_links:
            plan_links[row.document] = document_link(row.document)
        out.append(TaskItem(
            row.iri, " ".join(row.task.split()), f"{plan_links[row.document]}?at={row.start}#at", agency,
            agency_links[agency] if agency else None, row.co_leads,
            [deadline_text(d) for d in row.deadlines] or ([row.schedule] if row.schedule else []),
            row.reports_to))
    return out


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
            tasks += i.task_count
        stack.extend(i.children)
    return plans, tasks
