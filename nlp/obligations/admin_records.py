"""The records an administrative document's task makes (`cancu.nlp.obligations.admin`): the task
trimmed, split at a prohibition, a report or an inline item "(i) …; (ii) …", each piece with its
partners, recipient, deadlines and modality — or none when the task holds no duty."""
from __future__ import annotations

import re

from cancu.nlp.obligations import actors as act
from cancu.nlp.obligations.admin_doc import Actor, Doc, rx, rx_cue, sentence_start
from cancu.nlp.obligations.admin_roles import REPORT_START, partners_in, reports_to, task_core
from cancu.nlp.obligations.deadlines import find_limits
from cancu.nlp.obligations.extract import ObligationDraft
from cancu.nlp.obligations.vocab import raw_cues
from cancu.nlp.text.fold import collapse
from cancu.nlp.text.markers import BULLETS, INLINE_LABEL, SUB_BULLET
from cancu.nlp.text.letters import UPPER_CLASS

_NEXT_CLAUSE = re.compile(rf"[.;]\s+(?={UPPER_CLASS})")   # ". X" or "; X": the next clause opens


# "(i) ", "(2) " opening an inline item of a task list
INLINE_ITEM = re.compile(rf"{INLINE_LABEL}\s*")
# "…; kịp thời báo cáo cấp có thẩm quyền những vấn đề vượt thẩm quyền": an escalation path
_ESCALATION = rx_cue("report_escalation")
_PERIODIC = rx_cue("report_periodic")


def _trim(doc: Doc, lo: int, hi: int) -> int:
    """The end of a task cut at hi, without the spaces, stops and «và» that joined what follows."""
    while hi > lo and (doc.nfc[hi - 1].isspace() or doc.nfc[hi - 1] in ",;"):
        hi -= 1
    if hi - lo > 3 and doc.low[hi - 3:hi] == " và":
        return _trim(doc, lo, hi - 3)
    return hi


def _task_text(doc: Doc, lo: int, hi: int) -> str:
    t = collapse(doc.nfc[lo:hi])
    t = re.sub(r"\s*/\.\s*$", "", t)
    if t.endswith("./."):
        t = t[:-2]
    return t.rstrip()


# a clause after ", ; ." opening with a prohibition_joined word (obligation_actors.tsv)
_JOINED_PROHIBITION = re.compile(r"(?:[,;.]\s+)(?=" + act._rx("prohibition_joined").pattern + ")")


def _prohibition_splits(doc: Doc, lo: int, hi: int) -> list[int]:
    """Starts of prohibition clauses joined to a task ("…, không được để …", "… . Tuyệt đối
    không đùn đẩy …"), and of the sentence that goes on after one (a task again)."""
    out = []
    low = doc.low
    for m in _JOINED_PROHIBITION.finditer(low[lo:hi]):
        p = lo + m.end()
        out.append(p)
        nxt = _NEXT_CLAUSE.search(doc.nfc[p:hi])
        if nxt:
            out.append(p + nxt.end())
    return sorted(set(out))


# the next inline item of a list the task opened with "(i)"
_INLINE_ITEM_AFTER = re.compile(rf";\s+({INLINE_LABEL})\s*")


# "…: (1) trình Thủ tướng …": the item number just before where the task was read to start
_INLINE_ITEM_BEFORE = re.compile(rf"{INLINE_LABEL}\s*$")
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")


def _inline_items(doc: Doc, lo: int, hi: int) -> list[tuple[int, int]]:
    """(record start, task start) of the items after the first of a task opening "(i) " or
    "(1) ": only the next numbers in turn ("(2)", "(3)" …), so a list inside an item ("(5)
    Phát triển VNeID … với 05 chức năng chính: (i) …; (ii) …") is not taken for tasks."""
    first = INLINE_ITEM.match(doc.nfc, lo, hi) or _INLINE_ITEM_BEFORE.search(doc.nfc, max(0, lo - 8), lo)
    if not first:
        return []
    label = first.group(0).strip()[1:-1]
    numbers = [str(n) for n in range(1, 40)] if label.isdigit() else list(_ROMAN)
    if label not in numbers:
        return []
    expected = numbers.index(label) + 1
    out = []
    for m in _INLINE_ITEM_AFTER.finditer(doc.nfc, lo, hi):
        if expected < len(numbers) and m.group(1)[1:-1] == numbers[expected]:
            out.append((m.start(1), m.end()))
            expected += 1
    return out


def _after_inline_item(doc: Doc, lo: int, hi: int) -> int:
    """Where the task starts after its "(i) " (it stays `lo` without one)."""
    m = INLINE_ITEM.match(doc.nfc, lo, hi)
    return m.end() if m else lo


def _report_splits(doc: Doc, lo: int, hi: int) -> list[int]:
    """The start of a reporting clause joined to a task by ";" ("Hoàn thiện Kế hoạch …; báo cáo
    Thủ tướng Chính phủ trước ngày 30/11/2025"): its own `reporting` record, as the seed gold
    splits them. Joined by "," or "và", the clause is split only when it names the body it goes
    to (", báo cáo Thủ tướng Chính phủ trước ngày 15/12/2025", "… và báo cáo kết quả thực hiện về
    Ban Chỉ đạo"), as the blind annotators of rounds 1, 4, 5 and 11 did; a verb of a list («theo
    dõi, báo cáo») with nobody named stays in the task. Not an escalation path ("…; kịp thời báo
    cáo cấp có thẩm quyền những vấn đề vượt thẩm quyền", obligation_cues.tsv report_escalation),
    nor a task that is a report as a whole (the clause would be the task's own)."""
    f = doc.folded
    if REPORT_START.match(f, task_core(doc, lo, hi), hi):
        task = _task_after_report(doc, lo, hi)
        return [] if task is None else [task] + _report_splits(doc, task, hi)
    out: list[int] = []
    inside = lo          # the end of the last report's sentence: its own joins split nothing
    for m in _CLAUSE_JOIN.finditer(doc.nfc, lo, hi):
        p = m.end()
        if p < inside or not REPORT_START.match(f, task_core(doc, p, hi), hi) or _escalation(doc, p, hi):
            continue
        if m.group("semicolon"):
            return out + [p]          # the report runs to the task's end, as the seed gold splits it
        end = _sentence_end(doc, p, hi)
        if m.group("sentence") or (len(doc.nfc[lo:m.start()].split()) >= _TASK_BEFORE_REPORT
                                   and not _not_own_report(doc, sentence_start(doc, lo, p, ends=".;"), p)
                                   and reports_to(doc, p, end)):
            out.append(p)
            inside = end
            # the report ends its sentence; a sentence after it is the task's again, or a report
            after = _NEXT_SENTENCE.match(doc.nfc, end, hi)
            if after and after.end() < hi:
                out.append(after.end())
    return sorted(set(out))


def _task_after_report(doc: Doc, lo: int, hi: int) -> int | None:
    """Where a task joined by ";" to a report that is the record's whole task starts («… định kỳ
    hằng năm gửi báo cáo Bộ Khoa học và Công nghệ …; cập nhật, theo dõi tiến trình …», 2edf59…):
    a clause that opens with a task verb and is no report."""
    for m in _SEMICOLON.finditer(doc.nfc, lo, hi):
        core = task_core(doc, m.end(), hi)
        if not REPORT_START.match(doc.folded, core, hi) \
                and act.task_verb_at_or_after(doc.nfc, doc.low, core, hi) == core:
            return m.end()
    return None


_SEMICOLON = re.compile(r";\s+")


def _escalation(doc: Doc, p: int, hi: int) -> bool:
    """The report at p is an escalation path (report_escalation words after it), unless a period
    leads it (report_periodic: «định kỳ hoặc đột xuất báo cáo … về tình hình, kết quả, khó khăn,
    vướng mắc»)."""
    return bool(_ESCALATION.search(doc.folded, p, hi)) and not _PERIODIC.match(doc.folded, task_core(doc, p, hi))


# what joins a report clause to the task before it: ";" or a sentence's end, or "," / "…" / "và" when the
# clause names its recipient
_CLAUSE_JOIN = re.compile(r"(?P<semicolon>;\s+)|(?P<sentence>\.\s+(?=" + UPPER_CLASS + r"))|[,…]\s+|\s+và\s+")
# words of a task before a joined report (fewer: a list of verbs, «theo dõi, báo cáo»)
_TASK_BEFORE_REPORT = 5


def _words_rx(kind: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, raw_cues()[kind])) + r")(?!\w)")


_CONDITION = _words_rx("report_not_own")
_PURPOSE = _words_rx("report_purpose")
_PURPOSE_REACH = 4      # words from a purpose's "để" to the report it holds («để tổng hợp, theo dõi, báo cáo»)


def _not_own_report(doc: Doc, clause: int, p: int) -> bool:
    """Whether a report joined at p by "," or "và" is no duty of the task's actor: a condition
    stands in its clause before it, or it is the end of a purpose others carry out (report_not_own,
    report_purpose in obligation_cues.tsv)."""
    if _CONDITION.search(doc.low, clause, p):
        return True
    purposes = list(_PURPOSE.finditer(doc.low, clause, p))
    return bool(purposes) and len(doc.low[purposes[-1].end():p].split()) <= _PURPOSE_REACH


# a sentence's (or ";"-clause's) end; and the next one's start, a word (not "(Kèm theo …)")
_SENTENCE_END = re.compile(r"[.;](?:\s|$)")
_NEXT_SENTENCE = re.compile(r"[.;]\s+(?=\w)")


def _sentence_end(doc: Doc, p: int, hi: int) -> int:
    m = _SENTENCE_END.search(doc.nfc, p, hi)
    return m.start() if m else hi


_DONE = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, act.words()["done_word"])) + r")(?!\w)")


def _is_not_duty(doc: Doc, lo: int, hi: int) -> bool:
    head = collapse(doc.low[lo:min(hi, lo + 120)])
    # a report of what was done (a done_word in the first three words: "… đã tập trung chỉ
    # đạo …") is not a duty
    if _DONE.search(" ".join(head.split()[:3])):
        return True
    if head.startswith(act.words().get("accountability", ())) and ";" not in doc.nfc[lo:hi] \
            and not _opens_item(doc, lo):
        return True
    not_duty = act.words().get("not_duty", ())
    # the main clause after an opening adverbial («sau khi hoàn thiện thi công, tiếp tục thực hiện
    # theo trình tự quy định tại …»)
    opening = act.ACTOR_ADVERBIAL_START.match(head)
    if opening and "," in head:
        head = head[head.index(",") + 1:].lstrip()
    if not any(head.startswith(p) for p in not_duty):
        return False
    role = _DESIGNATION.match(head)
    return not (role and rx("task").match(head, role.end()))


# «là cơ quan đầu mối, chủ trì, …»: a role given, then the duties (designation rows)
_DESIGNATION = re.compile(r"(?:%s)\s*,\s*" % "|".join(map(re.escape, act.words()["designation"])))


def _column_heading(doc: Doc, start: int, task_lo: int, hi: int) -> bool:
    """A table's column heading, a body and a verb without object or stop ("Chi cục Hải quan\nquản
    lý", f8fd04…), is no duty. (A verb is one or two syllables.)"""
    return len(doc.nfc[task_lo:hi].split()) <= 2 and not _STOP.search(doc.nfc, start, hi)


_STOP = re.compile(r"[.;:,]")


# A list item's marker alone: "-", "+", "2.", "3.1)", "a)", "(ii)" (nlp/text/markers.py's forms)
_ITEM_MARK = re.compile(rf"[{BULLETS}{re.escape(SUB_BULLET)}]|\d{{1,2}}(?:\.\d{{1,2}}){{0,2}}\s*[.)]|[a-zđ]\s*\)|{INLINE_LABEL}")


def _opens_item(doc: Doc, lo: int) -> bool:
    """Whether the task at `lo` is a list item's whole text ("- Chịu trách nhiệm toàn diện trước Bộ
    trưởng về tiến độ …" under an actor's heading is a task of that list, not a remark on its subject)."""
    before = doc.nfc[doc.nfc.rfind("\n", 0, lo) + 1:lo].strip()
    return bool(_ITEM_MARK.fullmatch(before))


def make(doc: Doc, start: int, task_lo: int, hi: int, source: str, section: str | None,
          actor: Actor, modality: str, cooperating: list[str]) -> list[ObligationDraft]:
    hi = _trim(doc, task_lo, hi)
    if hi <= task_lo or _is_not_duty(doc, task_lo, hi) or _column_heading(doc, start, task_lo, hi):
        return []
    splits = set(_prohibition_splits(doc, task_lo, hi)) | set(_report_splits(doc, task_lo, hi))
    pieces = [(start, _after_inline_item(doc, task_lo, hi))] + [(s, s) for s in sorted(splits)]
    pieces += _inline_items(doc, task_lo, hi)      # "(i) …; (ii) …": one record per item
    pieces.sort()
    out: list[ObligationDraft] = []
    for i, (s, t) in enumerate(pieces):
        e = _trim(doc, t, pieces[i + 1][0] if i + 1 < len(pieces) else hi)
        f = doc.folded
        mod = modality
        if rx("prohibition_open").match(doc.low[t:e]):
            mod = "prohibition"
        coop, _ = partners_in(doc, t, e)
        if not coop and i == 0:
            coop = list(cooperating)
        core = task_core(doc, t, e)
        src, rto = source, None
        if mod != "prohibition" and REPORT_START.match(f, core, e):
            src, rto = "reporting", reports_to(doc, core, e)
        times = find_limits(f, t, e)
        out.append(ObligationDraft(start=s, end=e, source=src, section=section, actor=actor.text,
                         leads=list(actor.leads), modality=mod, task=_task_text(doc, t, e),
                         cooperating=[c for c in coop if c not in actor.leads], times=times,
                         reports_to=rto))
    return out
