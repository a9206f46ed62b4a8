"""The roles inside an administrative document's task (`cancu.nlp.obligations.admin`): its partners
("phối hợp với …"), where its own verb starts, and the body a report goes to."""
from __future__ import annotations

import re

from cancu.nlp.obligations import actors as act
from cancu.nlp.obligations import members
from cancu.nlp.obligations.admin_doc import Doc, alt, rx, skip
from cancu.nlp.obligations.vocab import cues, level_words, phrase_pattern, raw_cues
from cancu.nlp.text.fold import collapse, fold_text


# "phối hợp với", "phối hợp chặt chẽ với" (admin_partner_with) and the verb alone
# (admin_partner_verb: "phối hợp các cơ quan có liên quan …")
PARTNER_WITH = alt("admin_partner_with")
PARTNER_VERB = alt("admin_partner_verb")
# "phối hợp với các đơn vị:", "… các cơ quan, đơn vị:" (list_class, obligation_actors.tsv): the
# names follow
_PARTNER_CLASS = "|".join(phrase_pattern(collapse(fold_text(p)))
                          for p in sorted(act.actor_phrases("list_class"), key=len, reverse=True))
PARTNERS_COLON = re.compile(rf"(?<!\w)(?:{PARTNER_WITH})\s+cac\s+(?:{_PARTNER_CLASS})"
                             rf"(?:\s*,\s*(?:{_PARTNER_CLASS}))?\s*:$")


_PARTNER = re.compile(rf"(?<!\w)(?:{PARTNER_WITH})\s+|(?<!\w)(?P<verb>{PARTNER_VERB})\s+")
# a task opening with report words (obligation_cues.tsv admin_report_lead, admin_report_start),
# or gathering ("tổng hợp", admin_report_gather) with a report_gather_end ("gửi về", "báo cáo")
# within 200 characters, is a reporting duty
REPORT_START = re.compile(
    rf"(?:(?:{'|'.join(map(phrase_pattern, cues()['admin_report_lead']))})[\s,]+)*"
    rf"(?:{'|'.join(map(phrase_pattern, cues()['admin_report_start']))}"
    rf"|(?:{'|'.join(map(phrase_pattern, cues()['admin_report_gather']))})\b.{{0,200}}?"
    rf"\b(?:{'|'.join(map(phrase_pattern, cues()['report_gather_end']))}))", re.S)


# the partners end at a stop or before a partner_end word ("phối hợp với Sở Y tế để …")
# (read on the lower-case copy: a dotted abbreviation is no stop, «Ủy ban nhân dân TP. Hà Nội», 74e2dd…)
_PARTNERS_END = re.compile(
    r"[:;]|" + act.NOT_AFTER_ABBREVIATION_LOWER + r"\.|\s(?=(?:" + "|".join(map(re.escape, raw_cues()["partner_end"])) + r")\s)")


def partners_in(doc: Doc, lo: int, hi: int) -> tuple[list[str], int]:
    """Partners after every "phối hợp với" / "phối hợp chặt chẽ với" in [lo, hi): named
    bodies, or a vague class ("đơn vị có liên quan"); "phối hợp tổ chức …" names none."""
    out: list[str] = []
    end = lo
    for m in _PARTNER.finditer(doc.folded, lo, hi):
        p = m.end()
        if m.group("verb") and not doc.folded.startswith("cac ", p) \
                and not (doc.nfc[p:p + 1].isupper() and act.head_at(doc.nfc, doc.low, p) is not None):
            continue   # "phối hợp" alone names partners only before "các …" or a named body ("phối hợp Sở …")
        stop = _PARTNERS_END.search(doc.low[p:hi])
        if stop and stop.group(0) == ":" and PARTNERS_COLON.search(doc.folded, m.start(), p + stop.end()):
            # "phối hợp với các đơn vị: Văn phòng UBND tỉnh …": the names follow the colon
            p = skip(doc, p + stop.end(), hi)
            stop = _PARTNERS_END.search(doc.low[p:hi])
        limit = p + (stop.start() if stop else hi - p)
        v = act.task_verb_at_or_after(doc.nfc, doc.low, p, limit)
        e = v if v is not None else limit
        # a joiner left before the verb that ends the names ("… cơ quan liên quan và tham khảo …")
        text = _TRAILING_JOINER.sub("", collapse(doc.nfc[p:e]).strip(" ,:")).strip(" ,:")
        if not text:
            continue
        named = act.head_at(doc.nfc, doc.low, p) is not None
        whole = act._key(text) in act.name_rules().names
        for mem in ([text] if whole else members.members(text)):
            n = act.normalize(members.known_body_before_words(mem), doc.level, doc.aliases)
            vague = act._key(n) in act.name_rules().names or n.startswith("Các ")
            if (named or vague) and n not in out:
                out.append(n)
        end = max(end, e)
    return out, end


_TRAILING_JOINER = re.compile(r"(?:\s+(?:và|cùng))+$")


# a leading partner clause ending in a vague class ("phối hợp các bộ, cơ quan liên quan …":
# admin_partner_vague_end)
_LEADING_PARTNERS = re.compile(rf"(?:{PARTNER_WITH}|{PARTNER_VERB})\s+.{{0,120}}?"
                               rf"(?:{alt('admin_partner_vague_end')})[\s,]+", re.S)


# "theo chức năng, nhiệm vụ (, quyền hạn) (được giao)" before a task (admin_task_preamble; a
# comma in a phrase may be left out)
_TASK_PREAMBLE = re.compile("(?:" + "|".join(phrase_pattern(p).replace(r",\s+", r",?\s+")
                                           for p in cues()["admin_task_preamble"]) + r")[\s,]*")
# "báo cáo", "gửi về", "gửi" before the body a report goes to (admin_recipient_cue)
_RECIPIENT_CUE = re.compile(rf"(?<!\w)(?:{alt('admin_recipient_cue')})\s+")
# an umbrella line "… đề nghị:" asks its items (admin_umbrella_request)
UMBRELLA_REQUEST = re.compile(rf"(?<!\w)(?:{alt('admin_umbrella_request')})\s*:\s*$")


def task_core(doc: Doc, lo: int, hi: int) -> int:
    """Where the task's own verb starts: after "theo chức năng, nhiệm vụ được giao" and a
    leading partner clause ("phối hợp các bộ, cơ quan liên quan báo cáo …")."""
    f = doc.folded
    m = _TASK_PREAMBLE.match(f[lo:hi])
    pos = lo + (m.end() if m else 0)
    m = _LEADING_PARTNERS.match(f[pos:hi])
    if m:
        pos += m.end()
    return pos


def reports_to(doc: Doc, lo: int, hi: int) -> str | None:
    """The body a report goes to: the first name written after "báo cáo", "gửi về"."""
    for m in _RECIPIENT_CUE.finditer(doc.folded[lo:hi]):
        name = _name_at(doc, lo + m.end(), hi)
        if name:
            return name
    return None


def _name_at(doc: Doc, p: int, hi: int) -> str | None:
    words: list[str] = []
    run = rx("name_run").match(doc.low, p, hi) if doc.nfc[p:p + 1].isupper() else None
    if run:                  # "Hội đồng nhân dân …": its lower-case words are the name's
        level = _LEVEL_AFTER.match(doc.low, run.end(), hi)     # "… thành phố Huế"
        end = level.end() if level else run.end()
        words = doc.nfc[p:end].split()
        p = end
    for w in re.finditer(r"\S+", doc.nfc[p:min(hi, p + 120)]):
        tok = w.group(0).strip(",.;:()/")      # "/" of a closing "./."
        if not tok:
            break
        low = fold_text(tok)
        if not words and not tok[:1].isupper():
            return None
        if tok[:1].isupper() and words and fold_text(" ".join(words[-2:])) == "chinh phu":
            break          # "Phó Thủ tướng Chính phủ Bùi Thanh Sơn": the post, not the person
        if tok[:1].isupper() or (words and act.lower(tok) not in _STOP and len(words) < 8
                                 and words[-1][:1].isupper() and not run):   # a place: capitals only
            words.append(tok)
            if w.group(0)[-1] in ",.;:":
                break
        elif low in ("va", "cua") and words and (low == "va" or _body_after(doc, p + w.end(), hi)):
            words.append(tok)      # "Ban Chỉ đạo của Chính phủ": a body's own body is its name's
        else:
            break
    while words and fold_text(words[-1]) in ("va", "cua"):
        words.pop()
    if not words or act.head_at(" ".join(words), act.lower(" ".join(words)), 0) is None:
        return None
    return act.normalize(" ".join(words), doc.level, doc.aliases)


def _body_after(doc: Doc, p: int, hi: int) -> bool:
    """Whether a capitalised body's name («Chính phủ», «Bộ Nội vụ») follows p."""
    q = skip(doc, p, hi)
    return doc.nfc[q:q + 1].isupper() and act.head_at(doc.nfc[q:q + 120], doc.low[q:q + 120], 0) is not None


# the level after a name read whole: "Ủy ban nhân dân thành phố Huế" (places.tsv's unit words)
_LEVEL_AFTER = re.compile(r"\s+(?:" + "|".join(map(re.escape, level_words())) + r")(?!\w)")
# lower-case words that end a recipient's name after its capitalised words (recipient_stop),
# accents kept: the level "tỉnh" goes on the name ("báo cáo UBND tỉnh"), "tình hình" does not
_STOP = frozenset(raw_cues()["recipient_stop"])
