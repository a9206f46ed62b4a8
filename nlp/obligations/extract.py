"""The four places plans put tasks, read into drafts (working-text offsets):
org_section (TỔ CHỨC THỰC HIỆN units and bullets), appendix_table (TAB rows),
labelled_task ("Cơ quan chủ trì: …" blocks) and reporting duties split out of them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from cancu.nlp.obligations import roles
from cancu.nlp.obligations.context import AgencyMention, DocContext
from cancu.nlp.obligations.deadlines import TimeExpr, find_limits, find_schedule
from cancu.nlp.obligations.structure import Line, Para, Section
from cancu.nlp.text.characters import unified
from cancu.nlp.text.fold import collapse
from cancu.nlp.obligations.vocab import cues


@dataclass
class ObligationDraft:
    start: int
    end: int
    source: str
    section: str | None
    actor: str | None
    leads: list[str]
    modality: str
    task: str
    cooperating: list[str] = field(default_factory=list)
    schedule: tuple[int, int] | None = None      # working span of the schedule text
    times: list[TimeExpr] = field(default_factory=list)
    output: str | None = None
    reports_to: str | None = None


@dataclass
class Unit:
    section: str
    actor: str | None
    leads: list[str]
    request: bool


def _task(ctx: DocContext, lo: int, hi: int) -> str:
    # The whole task: shortening is for display only (a page cuts at a word, with "…").
    return collapse(ctx.wt.nfc[lo:hi]).rstrip()


def _dedupe(names: list[str], exclude: list[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        if n not in out and n not in exclude:
            out.append(n)
    return out


def _trim_end(ctx: DocContext, lo: int, hi: int) -> int:
    while hi > lo and (ctx.wt.nfc[hi - 1].isspace() or ctx.wt.nfc[hi - 1] in ";,"):
        hi -= 1
    return hi


def _times(ctx: DocContext, lo: int, hi: int, schedule: tuple[int, int] | None) -> list[TimeExpr]:
    """Dated limits in the text, plus what the schedule states (a recurrence or a date)."""
    found = find_limits(ctx.wt.folded, lo, hi)
    if schedule:
        for t in find_schedule(ctx.wt.folded, *schedule):
            if (t.recurrence or t.date) and all(t.end <= f.start or t.start >= f.end for f in found):
                found.append(t)
    return sorted(found, key=lambda t: t.start)


# ====================================================================== prose units
def _prose(ctx: DocContext, lo: int, hi: int, unit: Unit, source: str,
           requested: bool) -> list[ObligationDraft]:
    """One bullet or paragraph: an org task, possibly followed by a reporting clause that is
    split out as its own record; or a reporting duty as a whole."""
    hi = _trim_end(ctx, lo, hi)
    if lo >= hi:
        return []
    if roles.is_reporting(ctx, lo, hi):
        return [_reporting(ctx, lo, hi, unit, requested)]
    out = []
    split = None
    for cs in ctx.clause_starts(lo, hi):
        if roles.is_reporting(ctx, cs, hi):
            split = cs
            break
    org_hi = _trim_end(ctx, lo, split) if split else hi
    sched = roles.leading_schedule(ctx, lo, org_hi)
    d = ObligationDraft(lo, org_hi, source, unit.section, unit.actor, unit.leads,
              roles.modality(ctx, lo, org_hi, requested), _task(ctx, lo, org_hi))
    d.cooperating = _dedupe([a.canonical for a in roles.partners(ctx, lo, org_hi)], unit.leads)
    d.schedule = sched
    d.times = _times(ctx, lo, org_hi, sched)
    out.append(d)
    if split:
        out.append(_reporting(ctx, split, hi, unit, requested))
    return out


def _reporting(ctx: DocContext, lo: int, hi: int, unit: Unit, requested: bool) -> ObligationDraft:
    sched = roles.reporting_schedule(ctx, lo, hi)
    d = ObligationDraft(lo, hi, "reporting", unit.section, unit.actor, unit.leads,
              roles.modality(ctx, lo, hi, requested), _task(ctx, lo, hi))
    d.cooperating = _dedupe([a.canonical for a in roles.partners(ctx, lo, hi)], unit.leads)
    rec = roles.recipient(ctx, lo, hi)
    d.reports_to = rec.canonical if rec else None
    d.schedule = sched
    d.times = _times(ctx, lo, hi, sched)
    return d


@dataclass
class Heading:
    actor: str | None
    leads: list[str]
    request: bool
    task_start: int | None      # an inline task after the actor
    intro: bool                 # the remainder only introduces the bullets ("… sau:")


# Punctuation and dashes (every dash of nlp/data/characters.tsv) between a heading's actor
# and what follows it.
_DASHES = unified(("dash",))
_AFTER_ACTOR = frozenset(":.,") | set(_DASHES) | set(_DASHES.values())


def _heading(ctx: DocContext, lo: int, hi: int) -> Heading:
    pos = ctx.skip_space(lo, hi)
    request = False
    for kind in ("request", "assign"):
        cue = ctx.cue_at(pos, hi, kind)
        if cue:
            after = ctx.skip_space(cue[1], hi)
            if ctx.chain_at(after, hi)[0] or ctx.fallback_actor(after, hi):
                request = kind == "request"
                pos = after
            break
    chain, end = ctx.chain_at(pos, hi)
    if chain:
        leads = [a.canonical for a in chain]
        actor = collapse(ctx.wt.nfc[pos:end]).strip(" :.;,")
    else:
        fb = ctx.fallback_actor(pos, hi)
        if not fb:
            return Heading(None, [], request, None, False)
        leads, end = [fb[0]], fb[1]
        actor = collapse(ctx.wt.nfc[pos:end]).strip(" :.;,")
    rest = end
    while rest < hi and (ctx.wt.nfc[rest].isspace() or ctx.wt.nfc[rest] in _AFTER_ACTOR):
        rest += 1
    if rest >= hi:
        return Heading(actor, _dedupe(leads, []), request, None, False)
    text_tail = ctx.wt.nfc[rest:hi].rstrip()
    intro = text_tail.endswith(":") and (ctx.starts_with(rest, hi, "intro") is not None
                                         or len(text_tail.split()) <= 12)
    return Heading(actor, _dedupe(leads, []), request, None if intro else rest, intro)


def _subject(ctx: DocContext, lo: int, hi: int) -> Heading | None:
    """A bullet that names its own subject: "Các bộ phận … có trách nhiệm …",
    "Đề nghị Ủy ban MTTQ …"."""
    pos = ctx.skip_space(lo, hi)
    if ctx.starts_with(pos, hi, "directive"):
        # "Chỉ đạo Ban Thanh tra nhân dân …" under a unit: the unit directs that body; the
        # body named is the one directed, not the lead
        return None
    h = _heading(ctx, lo, hi)
    if not h.leads or h.task_start is None:
        return None
    if h.request or ctx.starts_with(pos, hi, "assign"):
        return h
    # the body must be followed by a subject marker, or it is just the task's object
    marker_at = ctx.chain_at(pos, hi)[1]
    if ctx.starts_with(marker_at, hi, "subject_marker"):
        return h
    return None


_WORDS = re.compile(r"\w+")


def _is_closing(ctx: DocContext, lo: int, hi: int) -> bool:
    """"[Ủy ban nhân dân xã X] yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.":
    a speaker (optional) and a closing verb, addressees, then only words that say "carry out
    (this plan)". Such a line restates the whole plan; it is not an obligation of its own."""
    c = cues()
    f = ctx.wt.folded
    pos = ctx.skip_space(lo, hi)
    chain, end = ctx.chain_at(pos, hi)
    if chain:
        pos = end
        # the place name the mention did not absorb ("… tỉnh Bà Rịa - Vũng Tàu")
        for _ in range(6):
            m = re.match(r"[ \t\n]*(?:-[ \t\n]*)?(\w+)", ctx.wt.nfc[pos:hi])
            if not m or not m.group(1)[:1].isupper():
                break
            pos += m.end()
    cue = ctx.cue_at(pos, hi, "closing_opener")
    if not cue:
        return False
    rest, seen_core = strip_carry_out(f[cue[1]:hi])
    # addressees must remain before the "carry out the plan" words
    return seen_core and bool(rest)


def strip_carry_out(folded: str) -> tuple[list[str], bool]:
    """The words of a folded text left once the "carry out (the plan, the contents above)"
    words are stripped from its end, and whether one of them was an implement_core word."""
    c = cues()
    words = _WORDS.findall(folded)
    core = set(c["implement_core"])
    seen_core = False
    while words:
        for p in c["implement_plan"]:
            pw = p.split()
            if words[-len(pw):] == pw:
                seen_core = seen_core or p in core
                del words[-len(pw):]
                break
        else:
            break
    return words, seen_core


def _merge_plus(paras: list[Para]) -> list[Para]:
    """"+" items under a bullet that ends with ":" belong to that bullet."""
    out: list[Para] = []
    for p in paras:
        if p.kind == "plus" and out and out[-1].lines[-1].text.rstrip().endswith(":") \
                or (p.kind == "plus" and out and getattr(out[-1], "_absorbing", False)):
            out[-1].lines.extend(p.lines)
            out[-1]._absorbing = True  # type: ignore[attr-defined]
            continue
        out.append(p)
    return out


def org_section(ctx: DocContext, sec: Section) -> list[ObligationDraft]:
    drafts: list[ObligationDraft] = []
    unit: Unit | None = None
    roman = sec.roman or ""
    for para in _merge_plus(list(sec.paras)):
        lo, hi = para.start, para.end
        if ctx.starts_with(para.marker_start, hi, "conditional") or ctx.starts_with(lo, hi, "conditional"):
            continue
        if para.kind == "plain" and _is_closing(ctx, lo, hi):
            # the plan's closing call to carry it out: no unit's duty, and what follows it
            # belongs to no unit either
            unit = Unit(unit.section, None, [], False) if unit else None
            continue
        if para.kind == "numbered" or (para.kind == "lettered" and unit is not None):
            h = _heading(ctx, lo, hi)
            is_sub = para.kind == "lettered"
            if is_sub and (not h.leads or h.task_start is not None):
                # a lettered task under a unit, not a sub-unit heading
                drafts += _prose(ctx, lo, hi, unit, "org_section", unit.request)
                continue
            label = f"{roman}.{para.marker}" if not is_sub else f"{unit.section}.{para.marker}"
            unit = Unit(label, h.actor, h.leads, h.request)
            if h.leads and h.task_start is not None:
                drafts += _prose(ctx, h.task_start, hi, unit, "org_section", h.request)
            continue
        if unit is None or not unit.leads:
            # no unit heading yet: a paragraph that names its own actor stands alone
            h = _heading(ctx, lo, hi)
            if h.leads and h.task_start is not None and not h.intro:
                u = Unit(unit.section if unit else roman, h.actor, h.leads, h.request)
                drafts += _prose(ctx, h.task_start, hi, u, "org_section", h.request)
            continue
        sub = _subject(ctx, lo, hi)
        if sub:
            u = Unit(unit.section, sub.actor, sub.leads, sub.request or unit.request)
            own = lo if not sub.request else sub.task_start
            drafts += _prose(ctx, own, hi, u, "org_section", u.request)
            continue
        drafts += _prose(ctx, lo, hi, unit, "org_section", unit.request)
    return drafts


# ====================================================================== tables
_COLS = ("stt", "task", "time", "lead", "partner", "output", "note")


def _header(ctx: DocContext, line: Line) -> dict[str, int] | None:
    c = cues()
    cells = line.text.split("\t")
    cols: dict[str, int] = {}
    pos = line.start
    for i, cell in enumerate(cells):
        f = collapse(ctx.wt.folded[pos:pos + len(cell)]).strip(" .:")
        pos += len(cell) + 1
        for kind in _COLS:
            if f in c["col_" + kind] and kind not in cols:
                cols[kind] = i
                break
    return cols if len(cols) >= 2 and ("task" in cols or "lead" in cols) else None


@dataclass
class Row:
    lines: list[Line]
    cells: list[list[tuple[int, int]]]      # per column, the cell pieces (working spans)
    stt: str


def _cells(line: Line) -> list[tuple[int, int]]:
    out, pos = [], line.start
    for cell in line.text.split("\t"):
        out.append((pos, pos + len(cell)))
        pos += len(cell) + 1
    return out


def tables(ctx: DocContext, sec: Section, appendix_no: int) -> list[ObligationDraft]:
    drafts: list[ObligationDraft] = []
    cols: dict[str, int] | None = None
    rows: list[Row] = []
    for line in sec.table_lines:
        h = _header(ctx, line)
        if h:
            cols = h
            continue
        if cols is None:
            continue
        cells = _cells(line)
        stt_i = cols.get("stt", -1)
        stt = collapse(ctx.wt.nfc[slice(*cells[stt_i])]) if 0 <= stt_i < len(cells) else ""
        if not stt and rows and stt_i >= 0:
            # a row without a number continues the row above, cell by cell
            prev = rows[-1]
            prev.lines.append(line)
            for i, span in enumerate(cells):
                if i < len(prev.cells):
                    prev.cells[i].append(span)
            continue
        rows.append(Row([line], [[span] for span in cells], stt))

    prefix = f"PL-{sec.roman}" if sec.kind == "appendix" and sec.roman else (sec.roman or f"T{appendix_no}")
    group1 = group2 = None
    for row in rows:
        def cell(kind: str) -> tuple[str, list[tuple[int, int]]]:
            i = cols.get(kind, -1) if cols else -1
            if i < 0 or i >= len(row.cells):
                return "", []
            pieces = [p for p in row.cells[i] if collapse(ctx.wt.nfc[slice(*p)])]
            return collapse(" ".join(ctx.wt.nfc[slice(*p)] for p in pieces)), pieces

        lead_text, lead_spans = cell("lead")
        stt = row.stt
        if re.fullmatch(r"[IVX]{1,5}\.?", stt):
            group1, group2 = stt.strip("."), None
            if not lead_text:
                continue
        elif re.fullmatch(r"\d{1,3}\.?", stt):
            if not lead_text:
                group2 = stt.strip(".")
                continue
        if not lead_text:
            continue
        number = stt.strip(".") if re.fullmatch(r"\d{1,3}\.?", stt) else group2
        section = ".".join(x for x in (prefix, group1, number) if x)
        leads, actor = _cell_agencies(ctx, lead_spans), lead_text.strip(" .;")
        if not leads:
            continue
        task_text, task_spans = cell("task")
        time_text, time_spans = cell("time")
        _, partner_spans = cell("partner")
        out_text, _ = cell("output")
        start = row.lines[0].content_start
        end = row.lines[-1].content_end
        requested = leads[0] in ctx.request_set
        tlo = task_spans[0][0] if task_spans else start
        d = ObligationDraft(start, end, "appendix_table", section, actor, leads,
                  roles.modality(ctx, ctx.skip_space(tlo, end), task_spans[0][1] if task_spans else end,
                                 requested),
                  task_text.rstrip())
        d.cooperating = _dedupe(_cell_agencies(ctx, partner_spans), leads)
        sched = (ctx.skip_space(time_spans[0][0], time_spans[-1][1]), time_spans[-1][1]) if time_spans else None
        d.schedule = sched
        d.times = _times(ctx, tlo, task_spans[-1][1] if task_spans else tlo, sched)
        d.output = out_text or None
        drafts.append(d)
    return drafts


def _cell_agencies(ctx: DocContext, spans: list[tuple[int, int]]) -> list[str]:
    """The bodies a table cell or label value names, in order. A cell continued on the next
    row ("…hộ gia" + "đình …") is joined first, then read as a text of its own."""
    text = collapse(" ".join(ctx.wt.nfc[lo:hi] for lo, hi in spans))
    if not text:
        return []
    local = ctx.local(text)
    hi = len(local.wt.nfc)
    names: list[str] = []
    cur = 0
    for a in local.agencies + [AgencyMention(hi, hi, "", "")]:
        # pieces no gazetteer entry covers, that look like a body's name
        for m in re.finditer(r"[^;,]+", re.sub(r"<[^>]*>|\([^)]*\)", lambda x: " " * len(x.group(0)),
                                                local.wt.nfc[cur:a.start])):
            piece = m.group(0)
            lo = cur + m.start() + (len(piece) - len(piece.lstrip(" -.")))
            fb = local.fallback_actor(lo, cur + m.end())
            if fb:
                names.append(fb[0])
        if a.canonical:
            names.append(a.canonical)
        cur = max(cur, a.end)
    return _dedupe(names, [])


# ====================================================================== labelled tasks
def labelled(ctx: DocContext, sec: Section) -> tuple[list[ObligationDraft], set[int]]:
    """Blocks of an item followed by "Cơ quan chủ trì/thực hiện: …", "Cơ quan phối hợp: …",
    "Thời gian thực hiện: …" lines. Returns drafts and the ids of the paragraphs used."""
    drafts: list[ObligationDraft] = []
    used: set[int] = set()
    paras = sec.paras
    roman = sec.roman or ""
    num = letter = None
    i = 0
    while i < len(paras):
        p = paras[i]
        if p.kind == "numbered":
            num, letter = p.marker, None
        elif p.kind == "lettered":
            letter = p.marker
        if p.label != "lead":
            i += 1
            continue
        # the task is the nearest item above the labels
        k = i - 1
        while k >= 0 and (paras[k].label or paras[k].kind == "plus"):
            k -= 1
        if k < 0:
            i += 1
            continue
        task_para = paras[k]
        j = i
        block: list[Para] = []
        while j < len(paras) and (paras[j].label or paras[j].kind == "plus"):
            block.append(paras[j])
            j += 1
        used.update(id(x) for x in [task_para] + block)
        section = ".".join(x for x in (roman, num, letter if task_para.kind == "lettered" else None) if x)
        lead_p = next(b for b in block if b.label == "lead")
        lead_lo, lead_hi = lead_p.label_value_start, lead_p.end
        leads = _cell_agencies(ctx, [(lead_lo, lead_hi)])
        if not leads:
            i = j
            continue
        actor = collapse(ctx.wt.nfc[lead_lo:lead_hi]).strip(" .;")
        partners: list[str] = []
        sched = None
        reports: list[Para] = []
        last_end = task_para.end
        for b in block:
            if b.label == "partner":
                partners += _cell_agencies(ctx, [(b.label_value_start, b.end)])
            elif b.label == "time":
                v = ctx.skip_space(b.label_value_start, b.end)
                if v < b.end:
                    sched = (v, b.end)
            elif b.kind == "plus":
                body = ctx.skip_space(b.start, b.end)
                if roles.is_reporting(ctx, body, b.end) or ctx.starts_with(body, b.end, "report_opener") == "viec bao cao":
                    reports.append(b)
                    continue
                colon = ctx.wt.nfc.find(":", body, b.end)
                if sched is None and colon > 0:
                    sched = (ctx.skip_space(colon + 1, b.end), b.end)
            if not reports:
                last_end = max(last_end, b.end)
        requested = leads[0] in ctx.request_set
        partners = _dedupe(partners, leads)
        tlo = task_para.start
        d = ObligationDraft(task_para.marker_start, last_end, "labelled_task", section, actor, leads,
                  roles.modality(ctx, tlo, task_para.end, requested), _task(ctx, tlo, task_para.end))
        d.cooperating = partners
        d.schedule = sched
        d.times = _times(ctx, tlo, task_para.end, sched)
        drafts.append(d)
        unit = Unit(section, actor, leads, requested)
        for b in reports:
            r = _reporting(ctx, ctx.skip_space(b.start, b.end), b.end, unit, requested)
            r.cooperating = _dedupe(partners + r.cooperating, leads)
            drafts.append(r)
        i = j
    return drafts, used


# ====================================================================== implicit reporting
def implicit_reporting(ctx: DocContext, sec: Section, used: set[int]) -> list[ObligationDraft]:
    """Reporting duties stated without an actor in the body of the plan ("Thực hiện chế
    độ báo cáo … trước ngày 25/5 …"): the issuer owes them."""
    drafts: list[ObligationDraft] = []
    roman = sec.roman or ""
    num = letter = None
    iss = ctx.issuer
    for p in sec.paras:
        if p.kind == "numbered":
            num, letter = p.marker, None
            continue
        if p.kind == "lettered":
            letter = p.marker
        if id(p) in used or p.label or ctx.starts_with(p.start, p.end, "conditional"):
            # "Trong quá trình thực hiện, nếu có vướng mắc, … báo cáo về …": a remark to all
            continue
        starts = [ctx.skip_space(p.start, p.end)] + ctx.clause_starts(p.start, p.end, semicolons=False)
        for n, s in enumerate(starts):
            e = starts[n + 1] if n + 1 < len(starts) else p.end
            e = _trim_end(ctx, s, e)
            if not roles.is_reporting(ctx, s, e):
                continue
            section = ".".join(x for x in (roman, num, letter) if x)
            unit = Unit(section, None, [iss.canonical] if iss.canonical else [], False)
            drafts.append(_reporting(ctx, s, e, unit, False))
    return drafts
