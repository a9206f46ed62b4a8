"""Running the extraction over one document and turning drafts into Obligations."""
from __future__ import annotations

import re
from collections.abc import Sequence

from nlp.model import Mention, SourceText
from nlp.obligations import Deadline, Obligation
from nlp.obligations import extract as ex
from nlp.obligations.agencies import Issuer, make_issuer, resolve
from nlp.obligations.context import DocContext
from nlp.obligations.pipeline import get_nlp
from nlp.obligations.structure import parse
from nlp.obligations.textmap import WorkingText, collapse

# "<issuer> ban hành / xây dựng Kế hoạch": how plans name themselves in the preamble.
_SELF = re.compile(r"\s*(?:đã\s+)?(?:ban hành|xây dựng|triển khai)\s+(?:kế hoạch|Kế hoạch)")


def infer_issuer(ctx_doc, wt: WorkingText) -> str | None:
    """The issuer as the preamble names it, with its level and place ("Ủy ban nhân dân
    xã Bình Giang"); None when the text does not say."""
    offs = ctx_doc.user_data["offsets"]
    for sp in ctx_doc.spans["agencies"]:
        s, e = offs[sp.start][0], offs[sp.end - 1][1]
        if s > 6000:
            break
        if _SELF.match(wt.nfc, e):
            return collapse(wt.nfc[s:e])
    return None


def run(source: SourceText, *, mentions: Sequence[Mention] = (), issuer: str | None = None) -> list[Obligation]:
    wt = WorkingText.from_original(source.text)
    doc = get_nlp()(wt.nfc)
    iss: Issuer = make_issuer(issuer or infer_issuer(doc, wt))
    ctx = DocContext.build(wt, doc, iss)

    drafts: list[ex.Draft] = []
    n_tables = 0
    for sec in parse(wt):
        if sec.table_lines:
            n_tables += 1
            drafts += ex.tables(ctx, sec, n_tables)
        if sec.kind == "org":
            drafts += ex.org_section(ctx, sec)
        elif sec.kind == "content":
            found, used = ex.labelled(ctx, sec)
            drafts += found
            drafts += ex.implicit_reporting(ctx, sec, used)

    drafts.sort(key=lambda d: (d.start, d.end))
    return [_finish(d, wt, source.text, mentions, iss) for d in drafts]


def _finish(d: ex.Draft, wt: WorkingText, original: str, mentions: Sequence[Mention],
            iss: Issuer) -> Obligation:
    start, end = wt.to_original(d.start, d.end)
    deadlines = []
    for t in d.times:
        ts, te = wt.to_original(t.start, t.end)
        deadlines.append(Deadline(collapse(wt.nfc[t.start:t.end]), ts, te, t.date, t.recurrence))
    schedule = collapse(wt.nfc[d.schedule[0]:d.schedule[1]]).rstrip(" .;") if d.schedule else None
    inside = sorted((m for m in mentions if start <= m.start and m.end <= end), key=lambda m: m.start)
    basis: list[str] = []
    for m in inside:
        sym = m.symbol or m.name
        if sym and sym not in basis:
            basis.append(sym)
    return Obligation(
        start=start, end=end, text=original[start:end], source=d.source, section=d.section,
        actor=d.actor, actor_normalized=d.leads[0] if d.leads else None, co_leads=list(d.leads[1:]),
        cooperating=list(d.cooperating), modality=d.modality, task=d.task, schedule=schedule or None,
        deadlines=deadlines, output=d.output, reports_to=d.reports_to, basis=basis,
        basis_mentions=[(m.start, m.end) for m in inside], issuer_scope=iss.scope)
