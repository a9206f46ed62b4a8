"""Running the extraction over one document and turning drafts into Obligations."""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace

from cancu.nlp.model import Mention, SourceText
from cancu.nlp.obligations.records import Deadline, Obligation
from cancu.nlp.obligations import admin
from cancu.nlp.obligations import extract as ex
from cancu.nlp.obligations import pieces
from cancu.nlp.obligations.actors import body_of
from cancu.nlp.obligations.agencies import Issuer
from cancu.nlp.obligations.issuers import make_issuer
from cancu.nlp.obligations.context import DocContext
from cancu.nlp.obligations.pipeline import get_nlp
from cancu.nlp.obligations.structure import parse
from cancu.nlp.text.normalize import NormalizedText, normalize
from cancu.nlp.text.fold import collapse
from cancu.nlp.obligations.vocab import cues, level_words, raw_cues, upper_title_alternation
from cancu.nlp.text.letters import LOWER


def _place_end(wt: NormalizedText, e: int, limit: int = 6) -> list[int]:
    """Ends of the capitalised place name that may follow a mention ("Bà Rịa - Vũng Tàu"),
    shortest first, starting with the mention's own end."""
    ends = [e]
    for _ in range(limit):
        m = re.match(r"[ \t]*(?:-[ \t]*)?(\w+)", wt.nfc[e:e + 40])
        if not m or not m.group(1)[:1].isupper() or m.group(1)[:1].isdigit():
            break
        e += m.end()
        ends.append(e)
    return ends


# A plan names its issuer ("<issuer> ban hành Kế hoạch …") within this many characters (_stated_issuer).
_STATED_WITHIN = 6000
# The issuer is read from the header's lines and that statement: the agencies of a text's first lines
# up to this many characters (a name that starts before _STATED_WITHIN ends well within it).
_ISSUER_ZONE = _STATED_WITHIN + 2000


def _issuer_zone(text: str) -> str:
    """The text up to the first line end past _ISSUER_ZONE characters (the whole of a shorter one)."""
    cut = text.find("\n", _ISSUER_ZONE)
    return text if cut < 0 else text[:cut]


def _stated_issuer(ctx_doc, wt: NormalizedText) -> str | None:
    """"<issuer> [place] ban hành / xây dựng Kế hoạch": how plans name themselves."""
    c = cues()
    offs = ctx_doc.user_data["offsets"]
    for sp in ctx_doc.spans["agencies"]:
        s, e = offs[sp.start][0], offs[sp.end - 1][1]
        if s > _STATED_WITHIN:
            break
        for end in _place_end(wt, e):
            if c.match_at(wt.folded, _skip_ws(wt.folded, end), len(wt.folded), "issuer_statement"):
                return collapse(wt.nfc[s:end])
    return None


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _caps_words(text: str) -> list[str]:
    """The upper-case words that open `text` (a place name in a header: "MÊ LINH",
    "BÀ RỊA - VŨNG TÀU"), up to the first word that is not all capitals."""
    out: list[str] = []
    for w in text.split():
        if w == "-" and out:
            out.append(w)
        elif w.isupper() and w.strip(".,:;").isalpha():
            out.append(w.strip(".,:;"))
        else:
            break
    while out and out[-1] == "-":
        out.pop()
    return out[:6]


def _header_issuer(ctx_doc, wt: NormalizedText) -> str | None:
    """The issuing body of the document's header block ("ỦY BAN NHÂN DÂN\\nXÃ MÊ LINH",
    above "Số: …" and the title): the last upper-case body that opens a line there, with the
    level and place written after it ("Ủy ban nhân dân xã Mê Linh"). When the header's two
    columns were read line by line ("ỦY BAN NHÂN DÂN  CỘNG HÒA …\\nXÃ MÊ LINH  Độc lập …"),
    the level opens the next line."""
    from cancu.nlp.obligations.agencies import entries
    c = cues()
    levels = level_words()
    offs = ctx_doc.user_data["offsets"]
    lines: list[tuple[int, str]] = []          # (working offset, text) of the header's lines
    pos = 0
    for line in wt.nfc.split("\n"):
        lo = pos + len(line) - len(line.lstrip())
        pos += len(line) + 1
        if not line.strip():
            continue
        if len(lines) >= 12 or c.match_at(wt.folded, lo, pos - 1, "header_end"):
            break
        lines.append((lo, line.strip()))
    if not lines:
        return None
    end = lines[-1][0] + len(lines[-1][1])
    best = None
    for sp in ctx_doc.spans["agencies"]:
        s, e = offs[sp.start][0], offs[sp.end - 1][1]
        if s >= end:
            break
        surface = wt.nfc[s:e]
        letters = [ch for ch in surface if ch.isalpha()]
        idx = next((i for i, (lo, _) in enumerate(lines) if lo == s), None)
        if idx is None or sum(ch.isupper() for ch in letters) < 0.7 * len(letters):
            continue
        entry = entries()[sp._.agency.entry]
        level = sp._.agency.level
        eol = wt.nfc.find("\n", e)
        after = wt.nfc[e:eol if eol >= 0 else len(wt.nfc)]
        if not level and idx + 1 < len(lines):
            nxt = lines[idx + 1][1]
            lv = next((l for l in levels if nxt.lower().startswith(l + " ")), None)
            if lv:
                level, after = lv, nxt[len(lv):]
        if not level:
            continue
        place = " ".join(w if w == "-" else w[:1] + w[1:].lower() for w in _caps_words(after))
        name = entry.name(level)
        best = f"{name} {place}".strip()
    return best


def infer_issuer(ctx_doc, wt: NormalizedText) -> str | None:
    """The issuer as the document names it, with its level and place ("Ủy ban nhân dân
    xã Bình Giang"): the preamble's "<issuer> ban hành Kế hoạch …", unless the header block
    names a body of another level (the preamble may quote a superior's plan); else the
    header block; None when the text does not say."""
    stated, header = _stated_issuer(ctx_doc, wt), _header_issuer(ctx_doc, wt)
    if stated and header and make_issuer(stated).level != make_issuer(header).level:
        return header
    return stated or header


def _choose_issuer(given: str | None, inferred: str | None, header: str | None) -> Issuer:
    """The caller's issuer, unless it has no level, or its level contradicts the level of
    the document's own header block: the level of the bodies a plan names comes from the
    plan that names them."""
    if not given:
        return make_issuer(inferred)
    g = make_issuer(given)
    h = make_issuer(header) if header else None
    if h and h.level and h.level != g.level:
        return h
    if not g.level and inferred:
        i = make_issuer(inferred)
        if i.level:
            return i
    return g


# the title line of a document (obligation_cues.tsv document_title); a plan's title is one of
# attached_plan ("KẾ HOẠCH", "CHƯƠNG TRÌNH", "PHƯƠNG ÁN", "ĐỀ ÁN")
_TITLE = re.compile(rf"^({upper_title_alternation('document_title')})\b")
_PLAN_TITLES = frozenset(p.upper() for p in raw_cues()["attached_plan"])


def is_plan(wt: NormalizedText) -> bool:
    """A plan (Kế hoạch, Chương trình, Phương án …) is read by sections; every other document
    (Quyết định, Nghị quyết, a letter …) by its articles and items. The document's title line
    says which; a text without one (a letter: "Số: …/BVHTTDL-VP", "V/v …") is not a plan."""
    for line in wt.nfc.split("\n")[:60]:
        m = _TITLE.match(line.strip())
        if m and line.strip().isupper() or (m and len(line.split()) <= 3):
            return m.group(1) in _PLAN_TITLES
    return False


def run(source: SourceText, *, mentions: Sequence[Mention] = (), issuer: str | None = None,
        normalized: NormalizedText | None = None) -> list[Obligation]:
    """Obligations of the whole text; a long text is read in pieces (pieces.py). The
    first piece holds the document's header: its issuer and its kind (plan or not).
    `normalized`: the text's working copy when the caller has made it already."""
    original = source.text
    by_start = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in by_start]
    iss: Issuer | None = None
    plan: bool | None = None
    n_tables = 0
    out: list[Obligation] = []
    for piece in pieces.split(original):
        whole = piece.start == 0 and piece.end == len(original) and not piece.context
        wt = normalized if whole and normalized is not None else normalize(piece.text(original))
        if plan is None:
            plan = is_plan(wt)
        attached = None if plan else attached_plan_start(wt)
        # The agencies a plan's sections name are read over the whole text (spaCy, a third of the
        # time obligations take); the articles and items of other documents are read without them,
        # so there only the issuer's zone is read.
        doc = get_nlp()(wt.nfc) if plan or attached is not None else None
        if iss is None:
            head = doc if doc is not None else get_nlp()(_issuer_zone(wt.nfc))
            iss = _choose_issuer(issuer, infer_issuer(head, wt), _header_issuer(head, wt))
        drafts, n_tables = _drafts(wt, doc, iss, plan, n_tables, attached)
        for d in drafts:
            found = _finish(d, wt, piece, original, (by_start, starts), iss)
            if found is not None:
                out.append(found)
    return out


def _drafts(wt: NormalizedText, doc, iss: Issuer, plan: bool, n_tables: int,
            attached: int | None) -> tuple[list[ex.ObligationDraft], int]:
    """Drafts of one text in text order, and the tables counted so far. `doc`: the agencies read
    over the text, for a plan or a plan `attached` to a decision (where it starts)."""
    if plan:
        drafts, n_tables = _plan_drafts(DocContext.build(wt, doc, iss), wt, n_tables)
    else:
        # a decision that issues a plan carries it after its articles: the plan is read as
        # plans are, the decision around it by its articles
        drafts = admin.extract(wt, iss.level, limit=attached)
        if attached is not None:
            found, n_tables = _plan_drafts(DocContext.build(wt, doc, iss), wt, n_tables)
            drafts += [d for d in found if d.start >= attached]
    drafts.sort(key=lambda d: (d.start, d.end))
    return drafts, n_tables


def _plan_drafts(ctx: DocContext, wt: NormalizedText, n_tables: int) -> tuple[list[ex.ObligationDraft], int]:
    drafts: list[ex.ObligationDraft] = []
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
    return drafts, n_tables


_PLAN_TITLE = re.compile(rf"^(?:{upper_title_alternation('attached_plan')})\b[^{LOWER}]*$")


def attached_plan_start(wt: NormalizedText) -> int | None:
    """Where a plan attached to a decision starts: its upper-case title line ("KẾ HOẠCH")
    after the decision's first article, when a "TỔ CHỨC THỰC HIỆN"-like section follows."""
    pos, seen_article = 0, False
    for line in wt.nfc.split("\n"):
        s = line.strip()
        if s.startswith("Điều ") and s[5:6].isdigit():
            seen_article = True
        elif seen_article and _PLAN_TITLE.match(s):
            if any(sec.kind == "org" for sec in parse(normalize(wt.nfc[pos:]))):
                return pos
            return None
        pos += len(line) + 1
    return None


def _finish(d: ex.ObligationDraft, wt: NormalizedText, piece: pieces.Piece, original: str,
            mentions: tuple[list[Mention], list[int]], iss: Issuer) -> Obligation | None:
    """The draft as an Obligation with offsets into `original`; None when it lies in
    the heading copied before the piece (the piece before holds it)."""
    def place(s: int, e: int) -> tuple[int, int] | None:
        ps, pe = wt.to_original(s, e)
        os_, oe = piece.to_original(ps), piece.to_original(pe)
        return None if os_ is None or oe is None else (os_, oe)

    span = place(d.start, d.end)
    if span is None:
        return None
    start, end = span
    deadlines = []
    for t in d.times:
        ts, te = place(t.start, t.end) or (start, start)
        rel = t.relative
        if rel is not None and t.event_span:
            rel = replace(rel, event=collapse(wt.nfc[t.event_span[0]:t.event_span[1]]))
        deadlines.append(Deadline(collapse(wt.nfc[t.start:t.end]), ts, te, t.date, t.recurrence, rel))
    schedule = collapse(wt.nfc[d.schedule[0]:d.schedule[1]]).rstrip(" .;") if d.schedule else None
    by_start, starts = mentions       # sorted by start: a long text has thousands
    inside = [m for m in by_start[bisect_left(starts, start):bisect_left(starts, end)] if m.end <= end]
    basis: list[str] = []
    for m in inside:
        sym = m.symbol or m.name
        if sym and sym not in basis:
            basis.append(sym)
    leads = d.leads
    if d.source == "closing_article":
        leads = [_of_the_ministry(lead, iss) for lead in leads]
    return Obligation(
        start=start, end=end, text=original[start:end], source=d.source, section=d.section,
        actor=d.actor, actor_normalized=leads[0] if leads else None, co_leads=list(leads[1:]),
        cooperating=list(d.cooperating), modality=d.modality, task=d.task, schedule=schedule or None,
        deadlines=deadlines, output=d.output, reports_to=d.reports_to, basis=basis,
        basis_mentions=[(m.start, m.end) for m in inside], issuer_scope=iss.scope,
        bodies=[body_of(lead) for lead in leads])


_BARE_MINISTRY = re.compile(r"(?<!\w)Bộ$")


def _of_the_ministry(lead: str, iss: Issuer) -> str:
    """"Chánh Văn phòng Bộ", "Thủ trưởng các đơn vị thuộc Bộ" in the closing article of a
    ministry's decision are the posts of that ministry ("… Bộ Y tế"), as a provincial body
    named without its level takes the issuer's."""
    ministry = iss.scope
    if not ministry or not ministry.startswith("Bộ "):
        return lead
    if lead == _MINISTRY_OFFICE_HEAD:       # «Chánh Văn phòng, Cục trưởng Cục …» (fd4feb…)
        return f"{lead} {ministry}"
    if not _BARE_MINISTRY.search(lead):
        return lead
    return lead[:-len("Bộ")] + ministry


_MINISTRY_OFFICE_HEAD = "Chánh Văn phòng"
