"""Reading the roles inside one obligation's text: is a clause a reporting duty, who are
the partners ("phối hợp với …"), who receives the report, what modality, what schedule."""
from __future__ import annotations

import re

from cancu.nlp.obligations.context import AgencyMention, DocContext
from cancu.nlp.obligations.deadlines import TimeExpr, find_frequency_run, find_limits, find_schedule
from cancu.nlp.obligations.vocab import cues, raw_cues

_WORD = re.compile(r"\w+")


def leading_schedule(ctx: DocContext, lo: int, hi: int) -> tuple[int, int] | None:
    """A frequency word that opens a task or clause ("Thường xuyên …", "Định kỳ báo cáo …")."""
    lo = ctx.skip_space(lo, hi)
    exprs = find_schedule(ctx.wt.folded, lo, min(hi, lo + 60))
    if exprs and exprs[0].start == lo and (exprs[0].recurrence or not exprs[0].dated):
        return exprs[0].start, exprs[0].end
    return None


def is_reporting(ctx: DocContext, lo: int, hi: int) -> bool:
    """After leading frequency words, the clause opens with a reporting cue and "báo cáo"
    follows within a few words: "định kỳ tổng hợp kết quả, báo cáo UBND tỉnh"."""
    c = cues()
    pos = ctx.skip_space(lo, hi)
    while True:
        sched = leading_schedule(ctx, pos, hi)
        if not sched:
            break
        pos = ctx.skip_space(sched[1], hi)
        while pos < hi and ctx.wt.nfc[pos] in ",":
            pos = ctx.skip_space(pos + 1, hi)
    if not ctx.starts_with(pos, hi, "report_opener"):
        return False
    window = c.number("report_window", 8)
    words = _WORD.findall(ctx.wt.folded[pos:hi])[: window + 1]
    return any(words[i] == "bao" and words[i + 1] == "cao" for i in range(len(words) - 1))


def _clause_start_before(ctx: DocContext, lo: int, p: int) -> bool:
    """The text between the last clause boundary and p is empty or only clause openers
    ("Chủ trì, phối hợp với …"): the partner cue is the clause's own verb."""
    f = ctx.wt.folded
    seg = f[lo:p]
    cut = max(seg.rfind(ch) for ch in ";.:,")
    rest = seg[cut + 1:] if cut >= 0 else seg
    rest = rest.strip(" -+\t\n")
    c = cues()
    while rest:
        hit = c.match_at(rest, 0, len(rest), "clause_opener")
        if not hit:
            return False
        rest = rest[hit[1]:].strip(" ,\t\n")
    return True


def partners(ctx: DocContext, lo: int, hi: int) -> list[AgencyMention]:
    f = ctx.wt.folded
    out: list[AgencyMention] = []
    for cue in cues()["partner_cue"]:
        for m in re.finditer(r"(?<!\w)" + re.escape(cue).replace(r"\ ", r"\s+") + r"(?!\w)", f[lo:hi]):
            p = lo + m.start()
            if not _clause_start_before(ctx, lo, p):
                continue
            chain, _ = ctx.chain_at(lo + m.end(), hi)
            out.extend(chain)
    return sorted(out, key=lambda a: a.start)


def recipient(ctx: DocContext, lo: int, hi: int) -> AgencyMention | None:
    """The body a report goes to: the first agency after "báo cáo" that is introduced by
    "về", "gửi", "báo cáo" …, never one introduced by "qua" (a channel)."""
    f = ctx.wt.folded
    m = re.search(r"(?<!\w)bao\s+cao(?!\w)", f[lo:hi])
    if not m:
        return None
    start = lo + m.start()
    c = cues()
    for a in ctx.agencies_in(start, hi):
        before = f[max(lo, a.start - 30):a.start]
        before = re.sub(r"[(\s]+$", "", before)
        words = _WORD.findall(before)
        tail1 = " ".join(words[-1:])
        tail2 = " ".join(words[-2:])
        if tail1 in c["channel_cue"] or tail2 in c["channel_cue"]:
            continue
        if tail1 in c["recipient_cue"] or tail2 in c["recipient_cue"]:
            return a
    return None


def modality(ctx: DocContext, task_lo: int, hi: int, requested: bool) -> str:
    # accents kept: folded "cam" would read "Cam kết" as "cấm"
    head = " ".join(_WORD.findall(ctx.wt.nfc[task_lo:hi].lower())[:6])
    for p in raw_cues().get("prohibition", ()):
        if re.search(r"(?<!\w)" + re.escape(p) + r"(?!\w)", head):
            return "prohibition"
    return "request" if requested else "must"


def reporting_schedule(ctx: DocContext, lo: int, hi: int) -> tuple[int, int] | None:
    return leading_schedule(ctx, lo, hi) or find_frequency_run(ctx.wt.folded, lo, hi)


def time_limits(ctx: DocContext, lo: int, hi: int) -> list[TimeExpr]:
    return find_limits(ctx.wt.folded, lo, hi)
