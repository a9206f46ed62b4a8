"""Read models of obligations and chains (what the CLI and web app show).

Computed by `cancu.kg.queries.tasks` (obligations from the store), `cancu.kg.chains.walk`
(a walk over the checkpoint's chain index) and `cancu.kg.queries.calendar` (iCalendar).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Which way a chain is followed from its root (cancu.kg.chains.walk): towards what it rests on,
# towards what rests on it, or both; "both" is the default everywhere.
CHAIN_DIRECTIONS = ("both", "up", "down")


@dataclass
class DeadlineRow:
    text: str
    date: dt.date | None
    recurrence: str | None        # RRULE body, e.g. FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=10


def deadline_text(d: DeadlineRow) -> str:
    """"trước ngày 15/12/2025" stays as written; a date is added when the text
    does not state it in full ("Quý III/2025" → "Quý III/2025 (30/09/2025)")."""
    day = d.date.strftime("%d/%m/%Y") if d.date is not None else None
    if day is not None and day not in d.text:
        return f"{d.text} ({day})"
    return d.text


@dataclass
class PlanPeriod:
    start: dt.date
    end: dt.date
    text: str                     # as the title says it: "đến hết năm 2023", "năm 2025"


@dataclass
class ObligationRow:
    iri: str
    document: str                 # file name
    document_iri: str
    start: int
    end: int
    source: str                   # org_section | appendix_table | labelled_task | reporting
    section: str | None
    actor: str | None             # as written
    agency: str | None            # normalised name
    agency_iri: str | None
    co_leads: list[str]
    cooperating: list[str]
    modality: str                 # must | request | prohibition
    task: str
    schedule: str | None
    deadlines: list[DeadlineRow]
    output: str | None
    reports_to: str | None
    basis: list[str]              # instrument IRIs
    basis_symbols: list[str]
    document_title: str | None = None    # the plan's own title, what a person calls it
    document_date: dt.date | None = None  # the date the plan was signed
    period: PlanPeriod | None = None      # the period the plan governs, when its title says

    @property
    def document_name(self) -> str:
        """What a person reads as the document's name: its title, else the file name."""
        return self.document_title or self.document

    @property
    def next_due(self) -> dt.date | None:
        dates = [d.date for d in self.deadlines if d.date]
        return min(dates) if dates else None


@dataclass
class ChainNode:
    id: str                       # IRI
    kind: str                     # instrument | document | obligation | agency
    label: str
    status: str | None = None     # for instruments: in_force / no_longer_in_force / …


@dataclass
class ChainEdge:
    source: str
    target: str
    relation: str                 # based_on | cites | implements | guides | repeals | assigns | lead | reports_to …


@dataclass
class ChainResult:
    root: str
    direction: str                # "up", "down" or "both"
    nodes: list[ChainNode] = field(default_factory=list)
    edges: list[ChainEdge] = field(default_factory=list)
    # Node → plans left out under it when the walk kept only the first `plans_per_node`
    # (cancu.kg.chains.walk.chain): the list is the instrument's "cited by" page.
    more: dict[str, int] = field(default_factory=dict)

    def tree(self) -> dict:
        """The chain as nested dicts from the root (for JSON and printing)."""
        children: dict[str, list[ChainEdge]] = {}
        for e in self.edges:
            children.setdefault(e.source, []).append(e)
        labels = {n.id: n for n in self.nodes}

        # `path`: the nodes from the root to this one, which a child may not repeat; one set
        # grown and shrunk along the walk (a law's tree has two thousand nodes, and a new
        # set for each was most of its time).
        def walk(node: str, path: set[str]) -> dict:
            n = labels.get(node)
            kids: list[dict] = []
            out = {"id": node, "kind": n.kind if n else None, "label": n.label if n else node,
                   "status": n.status if n else None, "children": kids}
            for e in children.get(node, ()):
                if e.target not in path:
                    path.add(e.target)
                    child = walk(e.target, path)
                    path.discard(e.target)
                    child["relation"] = e.relation
                    kids.append(child)
            return out
        return walk(self.root, {self.root})


@dataclass
class ObligationSummary:
    counts: dict[str, int]        # document file name → obligations in it
    agencies: list[str]           # labels of the agencies that lead an obligation, sorted
