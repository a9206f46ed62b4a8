"""Per-document state shared by the extraction rules: the working text, the spaCy doc with
its agency mentions, the issuer, and small look-ups over them (agency chains, clause
boundaries, cue positions)."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc

from cancu.nlp.obligations.agencies import Issuer, entries, resolve, tidy_name
from cancu.nlp.obligations.pipeline import get_nlp
from cancu.nlp.text.normalize import NormalizedText, normalize
from cancu.nlp.text.fold import collapse
from cancu.nlp.obligations.vocab import cues, phrase_pattern


@dataclass(frozen=True)
class AgencyMention:
    start: int
    end: int
    canonical: str
    surface: str


@dataclass
class DocContext:
    wt: NormalizedText
    doc: Doc
    issuer: Issuer
    agencies: list[AgencyMention] = field(default_factory=list)
    request_set: set[str] = field(default_factory=set)

    @classmethod
    def build(cls, wt: NormalizedText, doc: Doc, issuer: Issuer) -> "DocContext":
        offs = doc.user_data["offsets"]
        ams = []
        for sp in doc.spans["agencies"]:
            s, e = offs[sp.start][0], offs[sp.end - 1][1]
            ams.append(AgencyMention(s, e, resolve(sp._.agency, issuer), wt.nfc[s:e]))
        ctx = cls(wt, doc, issuer, ams)
        ctx._starts = [a.start for a in ams]
        ctx.request_set = ctx._requested()
        return ctx

    def local(self, text: str) -> "DocContext":
        """A context over a short string (a table cell) with this document's issuer."""
        wt = normalize(text)
        ctx = DocContext(wt, get_nlp()(wt.nfc), self.issuer)
        offs = ctx.doc.user_data["offsets"]
        for sp in ctx.doc.spans["agencies"]:
            s, e = offs[sp.start][0], offs[sp.end - 1][1]
            ctx.agencies.append(AgencyMention(s, e, resolve(sp._.agency, self.issuer), wt.nfc[s:e]))
        ctx._starts = [a.start for a in ctx.agencies]
        return ctx

    # ------------------------------------------------------------------ agencies
    def agencies_in(self, lo: int, hi: int) -> list[AgencyMention]:
        i = bisect_left(self._starts, lo)
        out = []
        while i < len(self.agencies) and self.agencies[i].start < hi:
            if self.agencies[i].end <= hi:
                out.append(self.agencies[i])
            i += 1
        return out

    def skip_space(self, pos: int, hi: int) -> int:
        while pos < hi and self.wt.nfc[pos].isspace():
            pos += 1
        return pos

    def chain_at(self, pos: int, hi: int) -> tuple[list[AgencyMention], int]:
        """Agencies that start at `pos` and follow one another with only joiners between
        ("Ủy ban MTTQ và các tổ chức chính trị - xã hội xã"); ([], pos) if none starts there."""
        joiners = set(cues()["agency_joiner"])
        pos = self.skip_space(pos, hi)
        out: list[AgencyMention] = []
        cur = pos
        for a in self.agencies_in(pos, hi):
            if a.start < cur:
                continue
            gap = self.wt.folded[cur:a.start]
            words = [w for w in re.findall(r"\w+|[^\w\s]", gap)]
            if not out:
                if gap.strip():
                    break
            elif not words or not all(w in joiners for w in words) or len(words) > 2:
                break
            out.append(a)
            cur = a.end
        return out, (out[-1].end if out else pos)

    def fallback_actor(self, pos: int, hi: int) -> tuple[str, int] | None:
        """A body the gazetteer does not know, at the start of a heading or cell: from an
        agency head word up to the first task verb, colon or end (at most 15 words)."""
        c = cues()
        f = self.wt.folded
        pos = self.skip_space(pos, hi)
        seg = f[pos:hi]
        head = c.match_at(f, pos, hi, "agency_head")
        if not head or head[1] >= hi or not f[head[1]].isspace():
            return None
        end = hi
        m = re.search(r"[:(]", seg)
        if m:
            end = pos + m.start()
        mm = _task_verb_rx().search(f, pos + 1, end)
        if mm:
            end = mm.start()
        text = collapse(self.wt.nfc[pos:end]).strip(" .;,")
        if not text or len(text.split()) > 15:
            return None
        return tidy_name(text), pos + len(self.wt.nfc[pos:end].rstrip(" .;,\n\t"))

    # ------------------------------------------------------------------ cues
    def starts_with(self, pos: int, hi: int, kind: str) -> str | None:
        hit = self.cue_at(pos, hi, kind)
        return hit[0] if hit else None

    def cue_at(self, pos: int, hi: int, kind: str) -> tuple[str, int] | None:
        """The cue of `kind` opening the text at `pos` (after spaces) as (phrase, end); a
        line break inside the cue ("báo \\ncáo") counts as one space."""
        return cues().match_at(self.wt.folded, self.skip_space(pos, hi), hi, kind)

    def _requested(self) -> set[str]:
        """Bodies the issuer addresses with "đề nghị" anywhere in the document: the issuer
        asks them rather than commands them."""
        out: set[str] = set()
        f = self.wt.folded
        for p in cues()["request"]:
            for m in re.finditer(r"(?<!\w)" + phrase_pattern(p) + r"(?!\w)", f):
                chain, _ = self.chain_at(m.end(), min(len(f), m.end() + 200))
                out.update(a.canonical for a in chain)
        return out

    # ------------------------------------------------------------------ clauses
    def clause_starts(self, lo: int, hi: int, semicolons: bool = True) -> list[int]:
        """Starts of clauses after `lo`: after ";" (outside brackets) and after a sentence end
        followed by an upper-case letter."""
        t = self.wt.nfc
        out, depth = [], 0
        i = lo
        while i < hi:
            ch = t[i]
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth = max(0, depth - 1)
            elif depth == 0 and ((ch == ";" and semicolons) or ch in ".!?"):
                j = self.skip_space(i + 1, hi)
                if j < hi and (ch == ";" or (j > i + 1 and t[j].isupper())):
                    out.append(j)
            i += 1
        return sorted(set(out))


@lru_cache(maxsize=1)
def _task_verb_rx() -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(phrase_pattern(v) for v in cues()["task_verb"]) + r")(?!\w)")


def entry_names() -> list[str]:
    return [e.canonical for e in entries()]
