"""Task tables of administrative documents, whatever their column layout: the role of each
column (STT, nội dung/nhiệm vụ, chủ trì, phối hợp, thời hạn, sản phẩm, ghi chú …) is read
from its header words (nlp/data/obligation_cues.tsv, kinds col_*). Three written forms:

- rows as lines with TAB- or pipe-separated cells (.docx and .html readers, markdown); a
  line whose first cell is empty continues the row above (a multi-line cell);
- flattened tables, every cell its own paragraph (the realdocs text dumps): the header is a
  run of short paragraphs, a row starts at a paragraph that is only its STT number;
- group rows (a row with a roman or letter STT, or a lone title) start a group, no task.

One record per row with a task and a lead: source appendix_table, section "PL.<STT>".
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from cancu.nlp.obligations import actors as act
from cancu.nlp.obligations import members
from cancu.nlp.obligations.deadlines import find_schedule
from cancu.nlp.obligations.extract import ObligationDraft
from cancu.nlp.text.normalize import NormalizedText
from cancu.nlp.text.fold import collapse
from cancu.nlp.text.markers import LEADING_BULLET
from cancu.nlp.obligations.vocab import actor_phrases, cues
from cancu.nlp.text.letters import UPPER_CLASS

ROLES = ("stt", "task", "time", "lead", "partner", "output", "note", "head")
_STT = re.compile(r"^\d{1,3}(?:\.\d{1,2})?\.?$")
# The longest a header's STT cell is written («**Số TT**», «STT[1]»): a longer paragraph opens no table.
_STT_CELL = 16


@dataclass
class Cell:
    start: int
    end: int


def _role(wt: NormalizedText, s: int, e: int) -> str | None:
    f = re.sub(r"\s*\[\d+\]|\s*\(\d+\)$", "", collapse(wt.folded[s:e])).strip(" .:*")
    whole, opening = _header_words()
    role = whole.get(f)
    if role is None:
        # a header that opens with a role's phrase ("Đơn vị chịu trách nhiệm phổ biến", "Chỉ tiêu")
        role = next((r for r, starts in opening if f.startswith(starts) or f + " " in starts), None)
    return role


@lru_cache(maxsize=1)
def _header_words() -> tuple[dict[str, str], tuple[tuple[str, tuple[str, ...]], ...]]:
    """A whole header → its role (col_*, the first role in ROLES' order that lists it), and per role
    the phrases a longer header may open with, each with its space (colstart_*)."""
    c = cues()
    whole: dict[str, str] = {}
    for role in ROLES:
        for phrase in c["col_" + role]:
            whole.setdefault(phrase, role)
    opening = tuple((role, tuple(p + " " for p in c["colstart_" + role])) for role in ROLES)
    return whole, opening


# The partners a task's own words name («… khẩn trương phối hợp với Bộ Công an …»), for a table
# without a partner column (74e2dd…, Phụ lục I): the prose reader's, given by the caller.
PartnersOf = Callable[[int, int], list[str]]


def _row_draft(wt: NormalizedText, level: str | None, aliases: dict[str, str],
               roles: list[str], cells: list[Cell], stt: str,
               partners: PartnersOf | None = None) -> ObligationDraft | None:
    by: dict[str, Cell] = {}
    for role, cell in zip(roles, cells):
        if role not in by and cell.end > cell.start:
            by[role] = cell
    task, lead = by.get("task"), by.get("lead")
    if not task or not lead:
        return None
    nfc = wt.nfc
    lead_text = collapse(nfc[lead.start:lead.end]).strip(" .;")
    if not _names_a_lead(lead_text):
        return None
    leads: list[str] = []
    for m in members.members(lead_text):
        n = act.normalize(m, level, aliases)
        if n not in leads:
            leads.append(n)
    coop: list[str] = []
    if "partner" in by:
        p = by["partner"]
        for m in members.members(collapse(nfc[p.start:p.end]).strip(" .;")):
            n = act.normalize(m, level, aliases)
            if n not in coop and n not in leads:
                coop.append(n)
    elif partners is not None and "partner" not in roles:
        coop = [n for n in partners(task.start, task.end) if n not in leads]
    output = None
    if "output" in by:
        o = by["output"]
        output = collapse(nfc[o.start:o.end]).rstrip(" .;") or None
    times = []
    if "time" in by:
        t = by["time"]
        times = find_schedule(wt.folded, t.start, t.end)
    task_text = LEADING_BULLET.sub("", collapse(nfc[task.start:task.end]).rstrip())   # "- Ban hành …"
    low = act.lower(task_text)
    modality = "prohibition" if act._rx("prohibition_open").match(low) else "must"
    end = max(c.end for c in by.values())
    return ObligationDraft(start=task.start, end=end, source="appendix_table", section=f"PL.{stt.rstrip('.')}",
                 actor=lead_text, leads=leads, modality=modality, task=task_text, cooperating=coop,
                 times=times, output=output)


# ---------------------------------------------------------------------------- flattened
def paragraphs(nfc: str) -> list[Cell]:
    """Runs of non-blank lines: the cells of a flattened table."""
    out: list[Cell] = []
    for m in re.finditer(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*", nfc):
        lead = len(m.group(0)) - len(m.group(0).lstrip())
        out.append(Cell(m.start() + lead, m.start() + len(m.group(0).rstrip())))
    return out


_TABLE_END_LINE = re.compile(r"^[ \t]*(?:Điều\s+\d+|Chương\s+[IVXLC\d]+|CHƯƠNG\s|"
                             + "".join(re.escape(w) + "|" for w in actor_phrases("table_end_line"))
                             + r"[IVX]{1,5}\.\s+" + UPPER_CLASS + "{2})", re.M)
# A paragraph under the table that opens with a note word ("__Ghi chú:__ …", emphasis marks allowed).
_TABLE_NOTE = re.compile(r"^[_*\s]*(?:" + "|".join(map(re.escape, actor_phrases("table_note")))
                         + r")[_*\s]*:")
# The columns' numbers in a row of their own under the header: "A | B | 1 | 2 | 3 | 4", "(1) | (2)".
_COLUMN_NUMBER = re.compile(r"^\(?(?:[A-Z]|\d{1,2})\)?$")
_GROUP = re.compile(r"^(?:[A-ZĐ]|[IVX]{1,5})(?:\.\d{1,2}){0,3}\s*[.)]?(?:\s+\S.*)?$")


def _is_group(text: str) -> bool:
    """A group row: "A.", "II", "B. BỘ NÔNG NGHIỆP", or an upper-case title."""
    letters = [c for c in text if c.isalpha()]
    upper = bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
    return bool(_GROUP.match(text)) and (len(text) <= 3 or upper) or (upper and len(text.split()) <= 12)


def flattened(wt: NormalizedText, lo: int, hi: int, level: str | None, aliases: dict[str, str],
              partners: PartnersOf | None = None) -> tuple[list[ObligationDraft], list[tuple[int, int]]]:
    """Tables whose every cell is a paragraph, between working offsets lo and hi. Returns the
    drafts and the spans of the tables (header to last row)."""
    out: list[ObligationDraft] = []
    spans: list[tuple[int, int]] = []
    paras = [c for c in paragraphs(wt.nfc) if lo <= c.start and c.end <= hi]

    def opens_table(c: Cell) -> bool:       # a header's first cell: "STT", "TT", "Số TT"
        return c.end - c.start <= _STT_CELL and _role(wt, c.start, c.end) == "stt"

    i = next((k for k, c in enumerate(paras) if opens_table(c)), len(paras))
    if i == len(paras):
        return out, spans           # no table: most documents
    texts = [collapse(wt.nfc[c.start:c.end]) for c in paras]
    while i < len(paras):
        if not opens_table(paras[i]):
            i += 1
            continue
        roles = ["stt"]
        j = i + 1
        while j < len(paras) and len(texts[j].split()) <= 10 and not _STT.match(texts[j]) \
                and not _is_group(texts[j]):
            roles.append(_role(wt, paras[j].start, paras[j].end) or "other")
            j += 1
        if len(paras) - j >= len(roles) and all(_COLUMN_NUMBER.match(t) for t in texts[j:j + len(roles)]):
            j += len(roles)
        if sum(r != "other" for r in roles) < 3 or "task" not in roles or "lead" not in roles:
            # another kind of table (a procedure's steps, figures): its cells are not prose
            # either, up to the next article, chapter or title
            if len(roles) >= 3:
                m = _TABLE_END_LINE.search(wt.nfc, paras[j - 1].end, hi)
                end = m.start() if m else hi
                spans.append((paras[i].start, end))
                while i < len(paras) and paras[i].start < end:
                    i += 1
                continue
            i += 1
            continue
        rows = _scan_rows(wt, paras, texts, roles, j)
        out += _row_drafts(wt, level, aliases, paras, roles, rows, partners)
        end = paras[rows[-1].stop - 1].end if rows else paras[j - 1].end
        spans.append((paras[i].start, end))
        i = rows[-1].stop if rows else j
    return out, spans


@dataclass(frozen=True)
class _Row:
    """A row of a flattened table, its cells the paragraphs [first, stop). `number` is its STT as
    written ("" for a row that leaves it out); a merged row writes only the cells from the task on,
    its number and first cells being the row's above."""

    first: int
    stop: int
    group: str | None
    number: str
    merged: bool = False


def _scan_rows(wt: NormalizedText, paras: list[Cell], texts: list[str], roles: list[str], k: int) -> list[_Row]:
    """The rows from paragraph k: a bare number opens a row (numbering may restart after a group
    row); a group row («I», «B. BỘ XÂY DỰNG») and its title open a group."""
    rows: list[_Row] = []
    expect, group, after_group = 1, None, False
    merged_width = _merged_width(roles)
    while k < len(paras):
        t = texts[k]
        numbered = _opens_row(t, expect)
        if numbered or after_group and _unnumbered_row(wt, paras, roles, k):
            # a group of one row may leave its number out (2530/QĐ-TTg, Phụ lục I, «D.»)
            if numbered:
                expect = int(t.rstrip(".").split(".")[0]) + 1
            first = k + 1 if numbered else k
            stop = first
            while stop < len(paras) and stop - first < len(roles) - 1 and not _opens_row(texts[stop], expect) \
                    and not (_is_group(texts[stop]) and not _last_cell_like_a_label(texts, stop, stop - first, roles)) \
                    and not _TABLE_NOTE.match(texts[stop]):
                stop += 1
            number = t if numbered else ""
            rows.append(_Row(first, stop, group, number))
            k = stop
            after_group = False
            # rows under it that write only the columns from the task on (the lead written once,
            # merged down over them)
            for sub in _merged_rows(wt, paras, texts, roles, merged_width, k, expect):
                rows.append(_Row(sub, sub + merged_width, group, number, merged=True))
                k = sub + merged_width
            # a cell split over several paragraphs: go on to the next row's number
            ahead = next((x for x in range(k, min(len(paras), k + 3 * len(roles)))
                          if _STT.match(texts[x]) and texts[x].rstrip(".") == str(expect)
                          or _is_group(texts[x])), None)
            if ahead is not None:
                k = ahead
        elif _is_group(t):
            # the group's label, and its title in the next cell ("I" | "Hoàn thiện thể chế")
            group = t.split()[0].rstrip(".),:") if len(t) <= 12 else group
            k += 1
            if k < len(paras) and not _STT.match(texts[k]) and len(texts[k].split()) <= 30 and len(t) <= 12:
                k += 1
            after_group = True
        else:
            break
    return rows


def _row_drafts(wt: NormalizedText, level: str | None, aliases: dict[str, str], paras: list[Cell],
                roles: list[str], rows: list[_Row], partners: PartnersOf | None) -> list[ObligationDraft]:
    out: list[ObligationDraft] = []
    restarts = sum(r.number.rstrip(".") == "1" for r in rows if not r.merged) > 1
    merged_width = _merged_width(roles)
    above: tuple[list[Cell], str | None] = ([], None)    # the row above and its group
    for row in rows:
        cells = paras[row.first:row.stop]
        if row.merged:
            cells = above[0][:len(roles) - 1 - merged_width] + cells
        if len(cells) < len(roles) - 1 and above[1] == row.group:
            # A cell merged over several rows is written once, in the first: a row short of
            # cells takes its last columns from the row above ("Đơn vị chịu trách nhiệm").
            cells = cells + above[0][len(cells):]
        above = (cells, row.group)
        # numbering that restarts in each group is told apart by the group's label
        number = row.number.rstrip(".")
        stt = f"{row.group}.{number}" if restarts and row.group and number else number or row.group or ""
        d = _row_draft(wt, level, aliases, roles[1:], cells, stt, partners)
        if d:
            out.append(d)
    return out


def _last_cell_like_a_label(texts: list[str], at: int, cells: int, roles: list[str]) -> bool:
    """Whether a short label at `at` («I») is the last cell of a row that has all its others
    (a code column: 2530/QĐ-TTg, Phụ lục II, «Nguồn lực thực hiện»), not a group row: the next
    paragraph is the group's label («III»)."""
    return cells == len(roles) - 2 and len(texts[at]) <= 3 and at + 1 < len(texts) \
        and _is_group(texts[at + 1]) and len(texts[at + 1]) <= 5


def _unnumbered_row(wt: NormalizedText, paras: list[Cell], roles: list[str], k: int) -> bool:
    """Whether the row right under a group's title starts at paragraph k without its number: the
    cell in the lead's column names a body or a post."""
    at = k + roles.index("lead") - 1
    if at >= len(paras):
        return False
    if any(_role(wt, c.start, c.end) for c in paras[k:at + 1]):
        return False        # a header's cells, written again at the top of a page
    return _names_a_lead(collapse(wt.nfc[paras[at].start:paras[at].end]), strict=True)


def _names_a_lead(cell: str, strict: bool = False) -> bool:
    """Whether a lead cell names a body or a post (its first, when a dash list names several);
    unless `strict`, any capitalised cell does."""
    first = LEADING_BULLET.sub("", cell)
    return act.head_at(first, act.lower(first), 0) is not None or not strict and first[:1].isupper()


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")     # a time cell may state only years («Giai đoạn 2026 - 2027»)


def _merged_width(roles: list[str]) -> int:
    """How many cells a row has whose first columns, the lead's among them, are merged with the
    row above: the columns from the task on (0 when the lead stands right of the task)."""
    if "task" not in roles or "lead" not in roles or roles.index("lead") > roles.index("task"):
        return 0
    return len(roles) - roles.index("task")


def _opens_row(text: str, expect: int) -> bool:
    """Whether a paragraph is the number of the next row, or a «1» that starts the numbering again."""
    return bool(_STT.match(text)) and text.rstrip(".") in (str(expect), "1")


def _merged_rows(wt: NormalizedText, paras: list[Cell], texts: list[str], roles: list[str], width: int,
                 k: int, expect: int) -> list[int]:
    """The first paragraph of each row after paragraph k that writes only the cells from the task
    on (2530/QĐ-TTg, Phụ lục I: a ministry's cell, merged down, over four tasks with their own
    output and deadline). Such a row is taken only when its time cell states a time or a year, so that a cell
    split over several paragraphs is not read as rows; without a time column, none is. `width`:
    `_merged_width(roles)`."""
    tail = roles[len(roles) - width:]
    if not width or "time" not in tail:
        return []
    time_at = tail.index("time")
    out = []
    while k + width <= len(paras):
        row = texts[k:k + width]
        if any(_opens_row(t, expect) or _is_group(t) or _TABLE_NOTE.match(t) for t in row):
            break
        cell = paras[k + time_at]
        if not (_YEAR.search(wt.nfc, cell.start, cell.end) or find_schedule(wt.folded, cell.start, cell.end)):
            break
        out.append(k)
        k += width
    return out


# ---------------------------------------------------------------------------- delimited
def delimited(wt: NormalizedText, level: str | None, aliases: dict[str, str],
              partners: PartnersOf | None = None) -> tuple[list[ObligationDraft], set[int]]:
    """Tables written as lines of TAB- or pipe-separated cells. Returns the drafts and the
    line starts they used."""
    out: list[ObligationDraft] = []
    used: set[int] = set()
    lines: list[tuple[int, str]] = []
    pos = 0
    for raw in wt.nfc.split("\n"):
        lines.append((pos, raw))
        pos += len(raw) + 1
    roles: list[str] | None = None
    row: list[list[Cell]] | None = None
    stt = ""

    def flush():
        nonlocal row
        if row and roles:
            d = _row_draft_joined(wt, level, aliases, roles, row, stt, partners)
            if d:
                out.append(d)
        row = None

    for start, raw in lines:
        cells = _split(start, raw)
        if cells is None:
            flush()
            roles = None
            continue
        if not cells:           # a markdown separator line "|---|---|"
            continue
        start += len(raw) - len(raw.lstrip())
        rs = [_role(wt, c.start, c.end) for c in cells]
        if sum(r is not None for r in rs) >= 3 and "task" in rs:
            flush()
            roles = [r or "other" for r in rs]
            used.add(start)
            continue
        if roles is None:
            continue
        used.add(start)
        first = collapse(wt.nfc[cells[0].start:cells[0].end]) if cells else ""
        if "stt" in roles[:1] and not first and row is not None:
            for k, c in enumerate(cells[:len(row)]):
                if c.end > c.start:
                    row[k].append(c)
            continue
        flush()
        stt = first if roles[0] == "stt" else str(len(out) + 1)
        row = [[c] if c.end > c.start else [] for c in cells[:len(roles)]]
    flush()
    return out, used


def _row_draft_joined(wt: NormalizedText, level: str | None, aliases: dict[str, str], roles: list[str],
                      row: list[list[Cell]], stt: str, partners: PartnersOf | None = None) -> ObligationDraft | None:
    """A row whose cells may span several lines: each cell's pieces are joined (and its task's
    partners read from each piece of the task, not from the other cells between them)."""
    pieces = []
    for cs in row:
        pieces.append(Cell(cs[0].start, cs[-1].end) if cs else Cell(0, 0))
    task_cells = row[roles.index("task")] if "task" in roles and roles.index("task") < len(row) else []
    in_task = None
    if partners is not None:
        def in_task(_lo: int, _hi: int) -> list[str]:
            return list(dict.fromkeys(n for c in task_cells for n in partners(c.start, c.end)))
    d = _row_draft(wt, level, aliases, roles[: len(pieces)], pieces, stt, in_task)
    if d and any(len(cs) > 1 for cs in row):
        k = roles.index("task")
        if k < len(row) and len(row[k]) > 1:
            d.task = collapse(" ".join(wt.nfc[c.start:c.end] for c in row[k])).rstrip()
        if "output" in roles:
            k = roles.index("output")
            if k < len(row) and row[k]:
                d.output = collapse(" ".join(wt.nfc[c.start:c.end] for c in row[k])).rstrip(" .;") or None
    return d


def _split(start: int, raw: str) -> list[Cell] | None:
    if "\t" in raw:
        out, pos = [], start
        for cell in raw.split("\t"):
            lead = len(cell) - len(cell.lstrip())
            out.append(Cell(pos + lead, pos + len(cell.rstrip())))
            pos += len(cell) + 1
        return out
    s = raw.strip()
    if s.startswith("|") and s.count("|") >= 3:
        if re.fullmatch(r"[|\s:\-]+", s):
            return []
        base = start + raw.index("|") + 1
        out, pos = [], base
        for cell in s[1:].rstrip("|").split("|"):
            lead = len(cell) - len(cell.lstrip())
            out.append(Cell(pos + lead, pos + len(cell.rstrip())))
            pos += len(cell) + 1
        return out
    return None
