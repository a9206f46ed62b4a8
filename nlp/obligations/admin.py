"""Obligations of administrative documents (Quyết định, Nghị quyết, Công văn, Công điện,
Thông báo …), read block by block (cancu.nlp.obligations.layout):

- closing_article: "<posts> chịu trách nhiệm thi hành Quyết định này";
- article: assignments inside an article ("Giao Sở X chủ trì …", "X có trách nhiệm …",
  "Đề nghị Ủy ban MTTQ …"), and the items under "Điều N. Trách nhiệm của …";
- numbered_item: items of a letter ("1. Bộ Tài chính chủ trì …: a) …"), one record per
  lettered or roman sub-item or dash bullet; an item or umbrella line that names only the
  actor ("2. Chủ tịch Ủy ban nhân dân các tỉnh: …:") hands it to the items below it;
- letter_body: an unnumbered sentence of a letter addressed to a named body;
- reporting: any of them whose task is a report, with its recipient.

Prohibition clauses joined to a task ("…, không được để …") are records of their own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from cancu.nlp.obligations import actors as act
from cancu.nlp.obligations import members
from cancu.nlp.obligations import grid
from cancu.nlp.obligations.deadlines import find_limits
from cancu.nlp.obligations.extract import ObligationDraft, strip_carry_out
from cancu.nlp.obligations.layout import Block, blocks, section_label
from cancu.nlp.text.markers import BULLETS, INLINE_LABEL, OPERATIVE_WORDS, SUB_BULLET
from cancu.nlp.text.normalize import NormalizedText
from cancu.nlp.text.fold import collapse, fold_text
from cancu.nlp.obligations.vocab import cues, level_words, phrase_pattern, raw_cues, upper_title_alternation


@dataclass
class Actor:
    text: str                     # as written, collapsed
    leads: list[str]              # normalised members: first the lead, then co-leads


@dataclass
class Frame:
    """What a block hands down to the blocks under it."""

    level: int
    actor: Actor | None = None
    request: bool = False
    cooperating: list[str] = field(default_factory=list)
    topic: str | None = None      # "Về Dự án Nhà máy điện X" of a heading item
    scope: bool = False           # an article on scope or terms: nothing in it is a duty
    contents: bool = False        # the items list what a report holds: no task without an actor
    plain_items: bool = False     # its items are paragraphs without a marker
    plain: bool = False           # made by an unnumbered paragraph: the next such umbrella ends it
    unknown_actor: bool = False   # it names a subject no rule reads ("4. Cơ quan thuế chủ trì …,
                                  # cụ thể:"): its items have no known actor, not an outer one


@dataclass
class Doc:
    wt: NormalizedText
    level: str | None             # the issuer's level ("tỉnh"), for bodies named without one
    aliases: dict[str, str]
    low: str = ""                 # lower case, accents kept (what the vocabulary matches on)

    header: frozenset[str] = frozenset()   # folded names in the header block (the issuer)

    def __post_init__(self) -> None:
        self.low = act.lower(self.wt.nfc)
        names = set()
        for line in self.wt.nfc.split("\n")[:12]:
            s = line.strip()
            if s.startswith(act.actor_phrases("header_block_end")):
                break
            if s and s.isupper():
                names.add(act._key(s))
        self.header = frozenset(names)

    @property
    def nfc(self) -> str:
        return self.wt.nfc

    @property
    def folded(self) -> str:
        return self.wt.folded


def _rx(kind: str) -> re.Pattern[str]:
    return act._rx(kind)


def _starts(doc: Doc, pos: int, kind: str) -> re.Match[str] | None:
    return _rx(kind).match(doc.low, pos)


def _skip(doc: Doc, pos: int, hi: int, chars: str = " \t\n") -> int:
    while pos < hi and doc.nfc[pos] in chars:
        pos += 1
    return pos


def _actor(doc: Doc, lo: int, hi: int, topic: str | None = None) -> Actor:
    text = collapse(doc.nfc[lo:hi]).strip(" ,:;")
    leads: list[str] = []
    for m in members.members(text):
        n = act.normalize(m, doc.level, doc.aliases)
        if n == "Chủ đầu tư" and topic:
            n = "Chủ đầu tư " + topic[:1].lower() + topic[1:]
        if n not in leads:
            leads.append(n)
    return Actor(text, leads)


# ---------------------------------------------------------------------------- clauses
_CLOSING_BOUNDARY = re.compile(r"[.;]\s+(?=\S)|\.\s*$")


def _loose(phrase: str) -> str:
    """A regex for a phrase whose words and marks may stand with or without spaces between
    ("ông (bà)", "ông/bà", "ông, bà")."""
    return r"\s*".join(re.escape(t) for t in re.findall(r"\w+|[^\w\s]", phrase))


# "Các ông, bà: Chánh Văn phòng …" (address_formula, obligation_actors.tsv; "các" before it)
_ADDRESS_FORMULA = re.compile(r"(?:các\s+)?(?:" + "|".join(
    _loose(p) for p in sorted(act.actor_phrases("address_formula"), key=len, reverse=True)) + r")\s*:\s*")
# "… phối hợp tổ chức thực hiện Nghị quyết này": a closing_shared word right before the closing
# verb makes the subject a partner, not the one who closes
_SHARED_CLOSING = re.compile(r"(?<!\w)(?:" + _rx("closing_shared").pattern + r")\s*$")


def _closing(doc: Doc, b: Block, lo: int) -> tuple[int, int, int] | None:
    """(actor start, actor end, verb start) of a closing clause in the block."""
    f = doc.low
    verbs = [(m, False) for m in _rx("closing_verb").finditer(f, lo, b.end)]
    verbs += [(m, True) for m in _rx("closing_whole").finditer(f, lo, b.end)]   # object inside
    for m, whole in sorted(verbs, key=lambda v: v[0].start()):
        after = _skip(doc, m.end(), b.end)
        if not whole and not _rx("closing_object").match(f, after):
            continue
        # the subject starts after the last sentence end before the verb
        seg = doc.nfc[lo:m.start()]
        cut = max((x.end() for x in re.finditer(r"\.\s+(?=[A-ZĐÀ-Ỹ])", seg)), default=0)
        # the subject opens the sentence, or a line after the article's title ("Điều 5. Tổ
        # chức thực hiện\nChánh Văn phòng …")
        first = _skip(doc, lo + cut, m.start())
        starts = [first] + [_skip(doc, lo + cut + x.end(), m.start()) for x in re.finditer(r"\n", seg[cut:])]
        s = None
        for c in starts:
            # "Các ông, bà: Chánh Văn phòng Bộ; …" — the address formula is not a member
            formula = _ADDRESS_FORMULA.match(f[c:m.start()])
            if formula:
                c += formula.end()
            if act.head_at(doc.nfc, f, c) is not None:
                s = c
                break
        if s is None:
            continue
        # "Đề nghị Văn phòng Thành ủy … phối hợp tổ chức thực hiện Nghị quyết này" is a request
        if _starts(doc, first, "request") or _starts(doc, first, "assign") \
                or _SHARED_CLOSING.search(f[s:m.start()]):
            continue
        e = m.start()
        while e > s and (doc.nfc[e - 1].isspace() or doc.nfc[e - 1] in ",;"):
            e -= 1
        return s, e, m.start()
    return None


@dataclass
class Clause:
    start: int                    # span start (working offsets)
    task_start: int
    actor: Actor | None
    request: bool
    assign: bool                  # opened with "Giao"


def _clause_starts(doc: Doc, lo: int, hi: int) -> list[int]:
    """Positions where a clause may open: the block's start, after a sentence end, after a
    comma or semicolon or colon."""
    out = [lo]
    for m in re.finditer(r"(?:[.;:]\s+|,\s+)(?=\S)", doc.nfc[lo:hi]):
        # "phối hợp với các đơn vị: Văn phòng UBND tỉnh … và …": the colon opens the partners
        if m.group(0).startswith(":") and _PARTNERS_COLON.search(doc.folded, lo, lo + m.start() + 1):
            continue
        out.append(lo + m.end())
    return out


def _alt(kind: str) -> str:
    """The folded phrases of `kind` in obligation_cues.tsv as one alternation, longest first."""
    phrases = cues()[kind]
    if not phrases:
        raise ValueError(f"obligation_cues.tsv: no phrases of kind «{kind}»")
    return "|".join(map(phrase_pattern, phrases))


# "phối hợp với", "phối hợp chặt chẽ với" (admin_partner_with) and the verb alone
# (admin_partner_verb: "phối hợp các cơ quan có liên quan …")
_PARTNER_WITH = _alt("admin_partner_with")
_PARTNER_VERB = _alt("admin_partner_verb")
# "phối hợp với các đơn vị:", "… các cơ quan, đơn vị:" (list_class, obligation_actors.tsv): the
# names follow
_PARTNER_CLASS = "|".join(phrase_pattern(collapse(fold_text(p)))
                          for p in sorted(act.actor_phrases("list_class"), key=len, reverse=True))
_PARTNERS_COLON = re.compile(rf"(?<!\w)(?:{_PARTNER_WITH})\s+cac\s+(?:{_PARTNER_CLASS})"
                             rf"(?:\s*,\s*(?:{_PARTNER_CLASS}))?\s*:$")


def _sentence_start(doc: Doc, lo: int, p: int) -> int:
    """Where the sentence (or ";"-clause) holding p starts, within [lo, p]."""
    return lo + max((x.end() for x in re.finditer(r"[.;:]\s+", doc.nfc[lo:p])), default=0)


def _adverbial_sentence(doc: Doc, lo: int, p: int) -> bool:
    """The sentence holding p opens with an adverbial ("Trên cơ sở …, Thuế tỉnh X …")."""
    return bool(_starts(doc, _sentence_start(doc, lo, p), "adverbial"))


# a subject holding a reported_subject word reports a request ("Bộ Nội vụ đã có Văn bản …
# đề nghị"), it does not speak one
_REPORTED = re.compile(r"(?<!\w)(?:" + _rx("reported_subject").pattern + ")")


# The longest subject of a spoken cue, in words, brackets left out: a steering committee
# named in full ("Ban chỉ đạo của Chính phủ về sắp xếp đơn vị hành chính các cấp và xây dựng
# mô hình tổ chức chính quyền địa phương 02 cấp (sau đây viết là …) yêu cầu …", 28 words).
_SUBJECT_WORDS = 32
_PARENTHESES = re.compile(r"\([^()]*\)")
# "của" inside a body's name ("Ban chỉ đạo của Chính phủ", "Ủy ban … của Quốc hội") is no
# sign of a reported request
_OF_A_NATIONAL_BODY = re.compile(r"(?<!\w)của\s+(?:chính phủ|quốc hội)(?!\w)")


def _spoken_cues(doc: Doc, lo: int, hi: int) -> set[int]:
    """Cues inside a sentence that the issuer speaks: "Bộ Tài chính đề nghị X …", "…, do đó
    đề nghị X …" — not a request reported ("Văn bản số 8091 … đề nghị …") nor a noun
    ("theo đề nghị của …", "hồ sơ đề nghị …")."""
    out: set[int] = set()
    for kind in ("request", "assign"):
        for m in _rx(kind).finditer(doc.low, lo, hi):
            p = m.start()
            if p == lo or not doc.low[p - 1].isspace():
                continue
            sentence = doc.low[_sentence_start(doc, lo, p):p]
            # the subject: what follows the sentence's last comma
            subject = sentence.rsplit(",", 1)[-1]
            start = _skip(doc, p - len(subject), p)
            subject = subject.strip()
            if subject in act.words().get("connective", ()):
                out.add(p)
            elif not subject and "," in sentence and _adverbial_sentence(doc, lo, p):
                # "Căn cứ quy định nêu trên và thực tế hồ sơ, đề nghị Thuế thành phố …"
                out.add(p)
            elif len(bare := _PARENTHESES.sub("", subject).split()) <= _SUBJECT_WORDS \
                    and not _REPORTED.search(_OF_A_NATIONAL_BODY.sub("", " ".join(bare))) \
                    and act.head_at(doc.nfc, doc.low, start) is not None:
                out.add(p)
    return out


def _find_clauses(doc: Doc, lo: int, hi: int, topic: str | None) -> list[Clause]:
    out: list[Clause] = []
    spoken = _spoken_cues(doc, lo, hi)
    for p in sorted(set(_clause_starts(doc, lo, hi)) | spoken):
        if out and p < out[-1].task_start:
            continue
        prev = doc.nfc[max(lo, p - 2):p]
        cue_req = _starts(doc, p, "request")
        cue_asg = _starts(doc, p, "assign")
        if p in spoken and not (cue_req or cue_asg):
            continue
        q = p
        request = assign = False
        if cue_req:
            q, request = _skip(doc, cue_req.end(), hi), True
        elif cue_asg:
            q, assign = _skip(doc, cue_asg.end(), hi), fold_text(doc.nfc[p:cue_asg.end()]).strip() == "giao"
        elif p != lo and "," in prev and (not _adverbial_sentence(doc, lo, p)
                                          or (out and out[-1].start >= _sentence_start(doc, lo, p))):
            # after a comma only the subject that follows a sentence's opening adverbial ("Trên
            # cơ sở đó, giao Bộ trưởng … gửi Quốc hội, Ủy ban Thường vụ Quốc hội bảo đảm …": the
            # sentence has its clause already)
            continue
        span = act.actor_span(doc.nfc, doc.low, q, hi)
        if not span and (request or cue_asg):
            span = _listed_tasks_after(doc, q, hi)
        if not span:
            continue
        s, e, t = span
        out.append(Clause(p, t, _actor(doc, s, e, topic), request, assign))
    return out


# "(i) ", "(2) " opening an inline item of a task list
_INLINE_ITEM = re.compile(rf"{INLINE_LABEL}\s*")


def _listed_tasks_after(doc: Doc, q: int, hi: int) -> tuple[int, int, int] | None:
    """"Giao Bộ trưởng Bộ Tài chính: (i) Thừa ủy quyền …; (ii) …": the bodies directed up
    to a colon, their tasks after it, inline items opening with any word."""
    colon = doc.nfc.find(":", q, min(hi, q + 160))
    if colon < 0 or not _INLINE_ITEM.match(doc.nfc, _skip(doc, colon + 1, hi)):
        return None
    only = act.actor_only(doc.nfc, doc.low, q, colon)
    if not only:
        return None
    return only[0], only[1], _skip(doc, colon + 1, hi)


# ---------------------------------------------------------------------------- roles
_PARTNER = re.compile(rf"(?<!\w)(?:{_PARTNER_WITH})\s+|(?<!\w)(?P<verb>{_PARTNER_VERB})\s+")
# a task opening with report words (obligation_cues.tsv admin_report_lead, admin_report_start),
# or gathering ("tổng hợp", admin_report_gather) with a report_gather_end ("gửi về", "báo cáo")
# within 200 characters, is a reporting duty
_REPORT_START = re.compile(
    rf"(?:(?:{'|'.join(map(phrase_pattern, cues()['admin_report_lead']))})[\s,]+)*"
    rf"(?:{'|'.join(map(phrase_pattern, cues()['admin_report_start']))}"
    rf"|(?:{'|'.join(map(phrase_pattern, cues()['admin_report_gather']))})\b.{{0,200}}?"
    rf"\b(?:{'|'.join(map(phrase_pattern, cues()['report_gather_end']))}))", re.S)


# the partners end at a stop or before a partner_end word ("phối hợp với Sở Y tế để …")
_PARTNERS_END = re.compile(
    r"[:;.]|\s(?=(?:" + "|".join(map(re.escape, raw_cues()["partner_end"])) + r")\s)")


def _cooperating(doc: Doc, lo: int, hi: int) -> tuple[list[str], int]:
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
        if stop and stop.group(0) == ":" and _PARTNERS_COLON.search(doc.folded, m.start(), p + stop.end()):
            # "phối hợp với các đơn vị: Văn phòng UBND tỉnh …": the names follow the colon
            p = _skip(doc, p + stop.end(), hi)
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
            n = act.normalize(mem, doc.level, doc.aliases)
            vague = act._key(n) in act.name_rules().names or n.startswith("Các ")
            if (named or vague) and n not in out:
                out.append(n)
        end = max(end, e)
    return out, end


_TRAILING_JOINER = re.compile(r"(?:\s+(?:và|cùng))+$")


# a leading partner clause ending in a vague class ("phối hợp các bộ, cơ quan liên quan …":
# admin_partner_vague_end)
_LEADING_PARTNERS = re.compile(rf"(?:{_PARTNER_WITH}|{_PARTNER_VERB})\s+.{{0,120}}?"
                               rf"(?:{_alt('admin_partner_vague_end')})[\s,]+", re.S)


# "theo chức năng, nhiệm vụ (, quyền hạn) (được giao)" before a task (admin_task_preamble; a
# comma in a phrase may be left out)
_TASK_PREAMBLE = re.compile("(?:" + "|".join(phrase_pattern(p).replace(r",\s+", r",?\s+")
                                           for p in cues()["admin_task_preamble"]) + r")[\s,]*")
# "báo cáo", "gửi về", "gửi" before the body a report goes to (admin_recipient_cue)
_RECIPIENT_CUE = re.compile(rf"(?<!\w)(?:{_alt('admin_recipient_cue')})\s+")
# an umbrella line "… đề nghị:" asks its items (admin_umbrella_request)
_UMBRELLA_REQUEST = re.compile(rf"(?<!\w)(?:{_alt('admin_umbrella_request')})\s*:\s*$")


def _task_core(doc: Doc, lo: int, hi: int) -> int:
    """Where the task's own verb starts: after "theo chức năng, nhiệm vụ được giao" and a
    leading partner clause ("phối hợp các bộ, cơ quan liên quan báo cáo …")."""
    f = doc.folded
    m = _TASK_PREAMBLE.match(f[lo:hi])
    pos = lo + (m.end() if m else 0)
    m = _LEADING_PARTNERS.match(f[pos:hi])
    if m:
        pos += m.end()
    return pos


def _reports_to(doc: Doc, lo: int, hi: int) -> str | None:
    """The body a report goes to: the first name written after "báo cáo", "gửi về"."""
    for m in _RECIPIENT_CUE.finditer(doc.folded[lo:hi]):
        name = _name_at(doc, lo + m.end(), hi)
        if name:
            return name
    return None


def _name_at(doc: Doc, p: int, hi: int) -> str | None:
    words: list[str] = []
    run = _rx("name_run").match(doc.low, p, hi) if doc.nfc[p:p + 1].isupper() else None
    if run:                  # "Hội đồng nhân dân …": its lower-case words are the name's
        level = _LEVEL_AFTER.match(doc.low, run.end(), hi)     # "… thành phố Huế"
        end = level.end() if level else run.end()
        words = doc.nfc[p:end].split()
        p = end
    for w in re.finditer(r"\S+", doc.nfc[p:min(hi, p + 120)]):
        tok = w.group(0).strip(",.;:()")
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
        elif low == "va" and words:
            words.append(tok)
        else:
            break
    while words and fold_text(words[-1]) == "va":
        words.pop()
    if not words or act.head_at(" ".join(words), act.lower(" ".join(words)), 0) is None:
        return None
    return act.normalize(" ".join(words), doc.level, doc.aliases)


# the level after a name read whole: "Ủy ban nhân dân thành phố Huế" (places.tsv's unit words)
_LEVEL_AFTER = re.compile(r"\s+(?:" + "|".join(map(re.escape, level_words())) + r")(?!\w)")
# lower-case words that end a recipient's name after its capitalised words (recipient_stop),
# accents kept: the level "tỉnh" goes on the name ("báo cáo UBND tỉnh"), "tình hình" does not
_STOP = frozenset(raw_cues()["recipient_stop"])


# ---------------------------------------------------------------------------- records
def _trim(doc: Doc, lo: int, hi: int) -> int:
    while hi > lo and (doc.nfc[hi - 1].isspace() or doc.nfc[hi - 1] in ",;"):
        hi -= 1
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
        nxt = re.search(r"[.;]\s+(?=[A-ZĐÀ-Ỹ])", doc.nfc[p:hi])
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
    first = _INLINE_ITEM.match(doc.nfc, lo, hi) or _INLINE_ITEM_BEFORE.search(doc.nfc, max(0, lo - 8), lo)
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
    m = _INLINE_ITEM.match(doc.nfc, lo, hi)
    return m.end() if m else lo


def _report_splits(doc: Doc, lo: int, hi: int) -> list[int]:
    """The start of a reporting clause joined to a task by ";" ("Hoàn thiện Kế hoạch …; báo cáo
    Thủ tướng Chính phủ trước ngày 30/11/2025"): its own `reporting` record, as the seed gold
    splits them. Not an escalation path ("…; kịp thời báo cáo cấp có thẩm quyền những vấn đề
    vượt thẩm quyền", obligation_cues.tsv report_escalation), nor a task that is a report as a
    whole (the clause would be the task's own)."""
    f = doc.folded
    if _REPORT_START.match(f, _task_core(doc, lo, hi), hi):
        return []
    for m in re.finditer(r";\s+", doc.nfc[lo:hi]):
        p = lo + m.end()
        if _REPORT_START.match(f, _task_core(doc, p, hi), hi) and not _ESCALATION.search(f, p, hi):
            return [p]
    return []


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
    return any(head.startswith(p) for p in act.words().get("not_duty", ()))


# A list item's marker alone: "-", "+", "2.", "3.1)", "a)", "(ii)" (nlp/text/markers.py's forms)
_ITEM_MARK = re.compile(rf"[{BULLETS}{re.escape(SUB_BULLET)}]|\d{{1,2}}(?:\.\d{{1,2}}){{0,2}}\s*[.)]|[a-zđ]\s*\)|{INLINE_LABEL}")


def _opens_item(doc: Doc, lo: int) -> bool:
    """Whether the task at `lo` is a list item's whole text ("- Chịu trách nhiệm toàn diện trước Bộ
    trưởng về tiến độ …" under an actor's heading is a task of that list, not a remark on its subject)."""
    before = doc.nfc[doc.nfc.rfind("\n", 0, lo) + 1:lo].strip()
    return bool(_ITEM_MARK.fullmatch(before))


def _make(doc: Doc, start: int, task_lo: int, hi: int, source: str, section: str | None,
          actor: Actor, modality: str, cooperating: list[str]) -> list[ObligationDraft]:
    hi = _trim(doc, task_lo, hi)
    if hi <= task_lo or _is_not_duty(doc, task_lo, hi):
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
        if _rx("prohibition_open").match(doc.low[t:e]):
            mod = "prohibition"
        coop, _ = _cooperating(doc, t, e)
        if not coop and i == 0:
            coop = list(cooperating)
        core = _task_core(doc, t, e)
        src, rto = source, None
        if mod != "prohibition" and _REPORT_START.match(f, core, e):
            src, rto = "reporting", _reports_to(doc, core, e)
        times = find_limits(f, t, e)
        out.append(ObligationDraft(start=s, end=e, source=src, section=section, actor=actor.text,
                         leads=list(actor.leads), modality=mod, task=_task_text(doc, t, e),
                         cooperating=[c for c in coop if c not in actor.leads], times=times,
                         reports_to=rto))
    return out


def _unread_subject(doc: Doc, lo: int, hi: int) -> bool:
    """The sentence opens with a capitalised noun phrase of a few words followed by a task verb
    ("Cơ quan thuế chủ trì, phối hợp …") — a subject, though not one the actor rules know."""
    if not doc.nfc[lo:lo + 1].isupper() or _rx("task").match(doc.low, lo) \
            or _starts(doc, lo, "request") or _starts(doc, lo, "assign") or _starts(doc, lo, "adverbial"):
        return False
    v = act.task_verb_at_or_after(doc.nfc, doc.low, lo, hi)
    if v is None:
        return False
    subject = doc.nfc[lo:v]
    return 1 <= len(subject.split()) <= 8 and not re.search(r"[,;.:()]", subject)


def _closing_formula(doc: Doc, c: Clause, hi: int) -> bool:
    """"[Chủ tịch UBND Thành phố] đề nghị các cơ quan, đơn vị khẩn trương, nghiêm túc triển khai
    thực hiện đầy đủ các nội dung chỉ đạo nêu trên …./.": a letter's call to its addressees in
    general to carry out what it said — the letter restated, not a task of its own. A
    conditional sentence after it ("Trường hợp có khó khăn, vướng mắc …") goes with it."""
    if not (_starts(doc, c.start, "request") or _starts(doc, c.start, "assign")) or c.actor is None:
        return False
    actor = act.lower(c.actor.text)
    post = _rx("post").match(actor)
    if not _rx("class").match(actor, _skip_text(actor, post.end()) if post else 0):
        return False
    cut = re.search(r"[.;]\s+(?=\S)", doc.nfc[c.task_start:hi])
    first_end = c.task_start + cut.start() if cut else hi
    rest, seen_core = strip_carry_out(doc.folded[c.task_start:first_end])
    if rest or not seen_core:
        return False
    if cut:
        after = c.task_start + cut.end()
        if not (_rx_cue("conditional").match(doc.folded, after) or doc.nfc[after:hi].strip() in ("", "/.")):
            return False
    return True


def _skip_text(s: str, pos: int) -> int:
    while pos < len(s) and s[pos].isspace():
        pos += 1
    return pos


def _rx_cue(kind: str) -> re.Pattern[str]:
    """A cue list of obligation_cues.tsv (folded) as one pattern."""
    from cancu.nlp.obligations.vocab import _cue_regex, cues
    rx = _cue_regex(cues(), kind)
    return rx if rx is not None else re.compile(r"(?!x)x")


# "…; kịp thời báo cáo cấp có thẩm quyền những vấn đề vượt thẩm quyền": an escalation path
_ESCALATION = _rx_cue("report_escalation")


def _source(b: Block) -> tuple[str, str | None]:
    sec = section_label(b.path)
    if "article" in b.path:
        return "article", sec
    if b.kind == "plain" or sec is None:
        return "letter_body", "body"
    return "numbered_item", sec


# "Về việc …:", "Về …:" (topic_opener, as written) opening an item: the item's topic
_TOPIC_OPENER = "|".join(phrase_pattern(p) + r"\s+"
                         for p in sorted(act.actor_phrases("topic_opener"), key=len, reverse=True))
_TOPIC = re.compile(rf"^(?:{_TOPIC_OPENER})([^:]{{3,200}}?)\s*:\s*")
# "Trách nhiệm của Sở Tài chính" heading the items below it (responsibility_title, as written)
_RESP_TITLE = re.compile(r"^(?:" + "|".join(
    phrase_pattern(p) for p in sorted(act.actor_phrases("responsibility_title"), key=len, reverse=True))
    + r")\s+(.+)$", re.S)


def _topic(doc: Doc, b: Block) -> tuple[str | None, int]:
    """A leading "Về …:" of an item, and where its text goes on."""
    text = doc.nfc[b.body:b.end]
    m = _TOPIC.match(text)
    if m:
        return collapse(m.group(1)), b.body + m.end()
    return None, b.body


_HEADING_TOPIC = re.compile(rf"^(?:{_TOPIC_OPENER})(.{{3,200}})$")


def _heading_topic(doc: Doc, b: Block) -> str | None:
    """"1. Về Dự án Nhà máy điện X" (a heading item without a colon)."""
    text = collapse(doc.nfc[b.body:b.end])
    m = _HEADING_TOPIC.match(text)
    return m.group(1).rstrip(" .:") if m else None


def extract(wt: NormalizedText, level: str | None, limit: int | None = None) -> list[ObligationDraft]:
    """Every obligation of the document, or of its text before `limit` (a working offset)."""
    doc = Doc(wt, level, {**act.addressee_names(wt.nfc), **act.defined_names(wt.nfc)})
    all_blocks = blocks(wt.nfc)
    if limit is not None:
        all_blocks = [b for b in all_blocks if b.end <= limit]
    out: list[ObligationDraft] = []
    flat, spans = grid.flattened(wt, 0, limit if limit is not None else len(wt.nfc), level, doc.aliases)
    tab, used = grid.delimited(wt, level, doc.aliases)
    if limit is not None:
        tab = [d for d in tab if d.end <= limit]
    out += flat + tab
    bl = [b for b in _body_blocks(doc, all_blocks)
          if b.start not in used and not any(s <= b.start < e for s, e in spans)]
    frames: list[Frame] = []
    in_steps = False
    for i, b in enumerate(bl):
        nxt = bl[i + 1] if i + 1 < len(bl) else None
        lvl = b.level if b.kind != "plain" else 9
        frames = [f for f in frames if f.level < lvl]
        if b.kind == "plain" and re.fullmatch(r"(?:%s)\s*\d{1,2}\s*:?" % _rx("step_row").pattern,
                                             collapse(doc.low[b.body:b.end])):
            # "Bước 6": a row of a procedure's steps (who handles an application, in how many
            # hours) — a procedure, not a task assigned (the real gold's fcc6 and the blind rounds
            # leave them out); its rows run to the next item or article
            in_steps = True
            frames = [f for f in frames if f.level % 1 != 0.5]
            continue
        if in_steps and b.kind == "plain":
            continue
        in_steps = False
        if any(f.scope for f in frames):
            # an article on effect or scope holds no duty, but may hold the closing clause
            cl = _closing(doc, b, b.body)
            if cl:
                a = _actor(doc, cl[0], cl[1])
                out += _make(doc, cl[0], cl[2], b.end, "closing_article", section_label(b.path) or "body",
                             a, "must", [])
            continue
        parent = frames[-1] if frames else None
        inherited_actor = next((f.actor for f in reversed(frames) if f.actor or f.unknown_actor), None)
        inherited_req = any(f.request for f in frames)
        inherited_coop = next((f.cooperating for f in reversed(frames) if f.actor or f.unknown_actor), [])
        inherited_topic = next((f.topic for f in reversed(frames) if f.topic), None)
        has_children = nxt is not None and nxt.kind != "plain" and (nxt.level > b.level or b.kind == "plain")
        if b.kind == "plain" and has_children:
            lvl = nxt.level - 0.5
            # "… đề nghị UBND các tỉnh quan tâm chỉ đạo:\n1. …\n2. …\nBộ Tài chính gửi kèm bộ Cẩm
            # nang gồm:\n- …": a new unnumbered umbrella ends the one before it
            frames = [f for f in frames if not f.plain]
        source, section = _source(b)
        text_end = b.end
        ends_colon = doc.nfc[b.body:text_end].rstrip().endswith(":")
        # "1. Sở X chủ trì, phối hợp với Y:\nXây dựng quy trình …": an item whose tasks follow
        # its colon as paragraphs without a marker
        plain_items = ends_colon and b.kind in ("numbered", "lettered", "roman") and nxt is not None and nxt.kind == "plain"
        has_children = has_children or plain_items

        if b.kind == "article":
            frame = Frame(lvl)
            m = _RESP_TITLE.match(doc.nfc[b.body:b.end])
            if collapse(doc.low[b.body:b.end]).startswith(act.words().get("scope_article", ())):
                frame.scope = True
            if has_children:
                # "Điều 2. Trách nhiệm của Sở X", or the article titled by its actor alone
                # ("Điều 2. Sở Giáo dục và Đào tạo"): the items below are that actor's
                only = act.actor_only(doc.nfc, doc.low, b.body + m.start(1) if m else b.body, b.end)
                if only:
                    frame.actor = _actor(doc, only[0], only[1], inherited_topic)
            frames.append(frame)
        elif has_children:
            # "1. Trách nhiệm của Sở Tài chính" heads the items below it
            m = _RESP_TITLE.match(doc.nfc[b.body:b.end])
            only = act.actor_only(doc.nfc, doc.low, b.body + m.start(1), b.end) if m else None
            if only:
                frames.append(Frame(lvl, _actor(doc, only[0], only[1], inherited_topic), inherited_req))
                continue
        topic, lo = _topic(doc, b)
        topic = topic or inherited_topic

        # a closing clause
        cl = _closing(doc, b, lo)
        if cl:
            s, e, v = cl
            a = _actor(doc, s, e)
            out += _make(doc, s, v, text_end, "closing_article", section or "body", a, "must", [])
            continue
        if _starts(doc, lo, "remark"):
            continue

        # a heading that names only the actor (children carry the tasks)
        only = act.actor_only(doc.nfc, doc.low, lo, text_end)
        cue = None
        if not only and has_children and b.kind != "article":
            # "2. Giao Sở Nội vụ\n- Tiếp tục phối hợp …": the cue and the actor head the bullets
            cue = _starts(doc, lo, "assign") or _starts(doc, lo, "request")
            only = act.actor_only(doc.nfc, doc.low, _skip(doc, cue.end(), text_end), text_end,
                                  after_cue=True) if cue else None
        if only and (has_children or ends_colon) and b.kind != "article":
            requested = inherited_req or bool(cue and _starts(doc, lo, "request"))
            frames.append(Frame(lvl, _actor(doc, only[0], only[1], topic), requested, [], topic,
                                plain_items=plain_items))
            continue
        ht = _heading_topic(doc, b)
        if ht and has_children:
            frames.append(Frame(lvl, None, inherited_req, [], ht))
            continue

        clauses = _find_clauses(doc, lo, text_end, topic)
        umbrella_req = bool(_UMBRELLA_REQUEST.search(doc.folded[b.body:text_end]))
        # "… tổng hợp báo cáo cụ thể về một số nội dung sau:\n(1) Số hộ dân …": the items are
        # what the report holds; the line is the task and its items are no tasks
        contents = ends_colon and has_children and bool(clauses) and bool(_REPORT_CONTENTS.search(doc.low, b.body, text_end))
        if ends_colon and has_children and not contents:
            # an umbrella: its actor and partners go to the items below
            frame = Frame(lvl, None, inherited_req or umbrella_req, [], topic, plain_items=plain_items,
                          plain=b.kind == "plain")
            # "… gửi kèm bộ tài liệu gồm:" lists things, not tasks
            listing = _LISTING.search(doc.low[b.body:text_end]) \
                and not _LISTED_TASKS.search(doc.low[b.body:text_end])
            # the clause that runs to the colon leads the items ("… . Giao Bộ Công an chủ trì …,
            # bảo đảm một số yêu cầu sau:")
            last = clauses[-1] if clauses else None
            # … or the issuer directs the bodies it names ("…, Thủ tướng Chính phủ yêu cầu Bộ
            # trưởng, …, Chủ tịch Ủy ban nhân dân các tỉnh … thực hiện một số nhiệm vụ sau:"),
            # or asks them ("…, Bộ Tài chính đề nghị UBND các tỉnh, thành phố quan tâm chỉ đạo:",
            # "… đề nghị UBND các xã, phường … thực hiện nghiêm túc … . Cụ thể:"): its items are requests
            opens = last is not None and (last.start == lo or re.search(r"[.;]\s*$", doc.nfc[lo:last.start])
                                          or last.assign or bool(_starts(doc, last.start, "assign"))
                                          or bool(_starts(doc, last.start, "request")))
            if last and opens and not listing:
                frame.actor = last.actor
                frame.request = frame.request or last.request
                frame.cooperating, _ = _cooperating(doc, last.task_start, text_end)
            elif not clauses and _unread_subject(doc, lo, text_end):
                frame.unknown_actor = True
            elif not clauses:
                # "Bộ Tài chính đề nghị Ủy ban nhân dân các tỉnh:" — the addressee leads the items
                for p in sorted(_spoken_cues(doc, lo, text_end) | {lo}):
                    cue = _starts(doc, p, "request") or _starts(doc, p, "assign")
                    if not cue:
                        continue
                    q = _skip(doc, cue.end(), text_end)
                    only = act.actor_only(doc.nfc, doc.low, q, text_end)
                    if only:
                        frame.actor = _actor(doc, only[0], only[1], topic)
                        frame.request = frame.request or bool(_starts(doc, p, "request"))
                    break
            frames.append(frame)
            continue
        if b.kind == "article" and not clauses:
            continue

        if clauses and source == "letter_body":
            # the issuer speaking of itself ("Cục Hải quan thông báo kết quả …") is not a duty
            clauses = [c for c in clauses if not (c.actor and c.actor.leads
                                                   and act._key(c.actor.leads[0]) in doc.header)]
            if not clauses:
                continue
        if clauses:
            made: list[ObligationDraft] = []
            if inherited_actor and parent is not None and b.kind != "plain" and clauses[0].start > lo \
                    and _SENTENCE_CLOSED.search(doc.nfc, lo, clauses[0].start) \
                    and not any(f.contents for f in frames):
                # "+ Kiên quyết cắt giảm … so với năm 2024. Giao Văn phòng Bộ tổng hợp …": the
                # sentences before the item's first own clause are the inherited actor's task
                out += _make(doc, b.start, lo, clauses[0].start, source, section, inherited_actor,
                             "request" if inherited_req else "must", inherited_coop)
            for k, c in enumerate(clauses):
                hi = clauses[k + 1].start if k + 1 < len(clauses) else text_end
                if b.kind != "article" and "article" not in b.path and _closing_formula(doc, c, hi):
                    continue
                # the item's own line also when no sentence ends before its first clause ("1.1. Đối
                # với 355 nhiệm vụ …, các Bộ, cơ quan ngang Bộ khẩn trương …")
                opens_item = c.start == lo or (k == 0 and _sentence_start(doc, lo, c.start) == lo)
                start = b.start if opens_item and b.kind not in ("article", "plain") else c.start
                req = c.request or (inherited_req and not c.assign)
                made = _make(doc, start, c.task_start, hi, source, section, c.actor,
                             "request" if req else "must", [])
                out += made
            if contents:
                frames.append(Frame(lvl, contents=True))
            elif has_children and len(clauses) == 1 and clauses[0].start == lo and clauses[0].actor \
                    and b.kind != "plain" and made:
                # "(1) Bộ Y tế chỉ đạo …\n- Chủ trì, phối hợp …": bullets go on with the item's actor
                frames.append(Frame(lvl, clauses[-1].actor, clauses[-1].request or (inherited_req and not clauses[-1].assign)))
            continue
        # an item without its own actor: the actor of the heading above it
        owner = next((f for f in reversed(frames) if f.actor or f.unknown_actor), None)
        if inherited_actor and (b.kind != "plain" or (owner is not None and owner.plain_items)) \
                and parent is not None and not any(f.contents for f in frames):
            task_lo = lo
            cue = _starts(doc, lo, "assign")
            req = inherited_req and not (cue and fold_text(doc.nfc[lo:cue.end()]).strip() == "giao")
            out += _make(doc, b.start, task_lo, text_end, source, section, inherited_actor,
                         "request" if req else "must", inherited_coop)
    return _drop_closing_call(doc, out, bl)


# text that ends with a sentence (". " or "; " before what follows)
_SENTENCE_CLOSED = re.compile(r"[.;]\s*\Z")
# "… tổng hợp báo cáo cụ thể về một số nội dung sau:": a report_head word, then a
# report_contents word before the colon (obligation_actors.tsv)
_REPORT_CONTENTS = re.compile(r"(?<!\w)(?:" + _rx("report_head").pattern + r")[^.;:]*(?:"
                              + _rx("report_contents").pattern + r")[^.;:]*:\s*$")
# "… gửi kèm bộ tài liệu gồm:": an umbrella ending in a listing_end word lists things, unless a
# listed_tasks word stands before its colon ("… các nhiệm vụ như sau:")
_LISTING = re.compile(r"(?<!\w)(?:" + _rx("listing_end").pattern + r")\s*:\s*$")
_LISTED_TASKS = re.compile(r"(?<!\w)(?:" + _rx("listed_tasks").pattern + r")[^:]*:\s*$")

_ATTACHED = re.compile(rf"^(?:{upper_title_alternation('attached_title')})\b[^a-zđà-ỹ]*(?:\s|$)")


# "QUYẾT ĐỊNH:", "QUYẾT NGHỊ": the line that opens the operative part (markers.OPERATIVE_WORDS)
_OPERATIVE_LINE = re.compile(r"(?:" + "|".join(map(re.escape, OPERATIVE_WORDS)) + r")\s*:?")


def _body_blocks(doc: Doc, bl: list[Block]) -> list[Block]:
    """The blocks of the body: after the header (the date line, "Kính gửi:" and its list of
    addressees) and the preamble ("QUYẾT ĐỊNH:", "QUYẾT NGHỊ:", or the first article), up
    to the signature block; căn cứ lines and upper-case title lines are left out."""
    start = 0
    for i, b in enumerate(bl[:40]):
        t = collapse(doc.nfc[b.start:b.end])
        if re.search(r"ngày\s+(?:\d{1,2}|\.+|…+)?\s*tháng\s+(?:\d{1,2}|\.+|…+)?\s*năm\s+\d{4}\s*$", t) and len(t) < 80:
            start = i + 1
        if _addressee_opener(t):
            start = i + 1
            while start < len(bl) and bl[start].kind == "dash":
                start += 1
            break
    for i, b in enumerate(bl):
        t = collapse(doc.nfc[b.start:b.end]).upper()
        if _OPERATIVE_LINE.fullmatch(t) and i < len(bl) - 1:
            start = max(start, i + 1)
            break
    first_article = next((i for i, b in enumerate(bl) if b.kind == "article" and i >= start), None)
    out = []
    attached = False       # inside a text issued with the document, after its signature
    ended = False
    aim_level: int | None = None     # inside a section of aims, below its heading
    quoted = _quoted_provisions(doc.nfc)
    for i, b in enumerate(bl[start:], start=start):
        if any(a <= b.body < z for a, z in quoted):
            continue      # a provision of another instrument, quoted: its duties are not this text's
        if aim_level is not None:
            if b.level > aim_level:
                continue
            aim_level = None
        if _aim_heading(doc, b):
            aim_level = b.level
            continue
        if _ends_body(doc, b):
            ended = True
            continue
        if ended:
            # a Quy chế / Quy định issued with a decision follows the signature block: its
            # upper-case title opens it again
            if _ATTACHED.match(collapse(doc.nfc[b.start:b.end])):
                ended, attached = False, True
            continue
        if first_article is not None and i < first_article:
            continue
        text = doc.nfc[b.body:b.end]
        letters = [c for c in text if c.isalpha()]
        if letters and sum(c.isupper() for c in letters) > 0.8 * len(letters):
            continue
        head = doc.low[b.body:b.body + 20]
        # a căn cứ line, unless it goes on to speak ("Căn cứ …, Bộ Tài chính đề nghị …:")
        if _PREAMBLE_LINE.match(head) and not _spoken_cues(doc, b.body, b.end):
            continue
        if b.kind == "plain" and out and _starts(doc, b.body, "time_paragraph") \
                and not doc.nfc[out[-1].body:out[-1].end].rstrip().endswith(":"):
            out[-1] = replace(out[-1], end=b.end)
            continue
        out.append(b)
    return out


# "Tại khoản 7 Điều 39 Nghị định số … quy định:\n"7. Kinh phí …"": a provision quoted from the
# instrument the line cites, up to the closing quote (quote_opener, quote_verb of
# obligation_actors.tsv). A text that writes new provisions into another ("… được sửa đổi như
# sau: "…"") is not one: its provisions are this text's.
_QUOTE_OPENING = re.compile(
    r"(?:^|\n)[ \t]*(?:" + "|".join(map(re.escape, act.actor_phrases("quote_opener"))) + r")(?!\w)"
    r"[^:]{0,200}?(?<!\w)(?:" + "|".join(map(re.escape, act.actor_phrases("quote_verb"))) + r")(?!\w)"
    r"[^:]{0,80}:\s*[\"“]")


def _quoted_provisions(nfc: str) -> list[tuple[int, int]]:
    """Spans of provisions quoted from a cited instrument, from the opening quote to the next
    closing one (" or ”: the texts mix them)."""
    out = []
    for m in _QUOTE_OPENING.finditer(nfc):
        close = min((i for i in (nfc.find('"', m.end()), nfc.find("”", m.end())) if i >= 0), default=-1)
        if close >= 0:
            out.append((m.end(), close))
    return out


def _ends_body(doc: Doc, b: Block) -> bool:
    """The block opens the signature part ("Nơi nhận:", "KT. …"), also where a page dump
    underlined it ("__Nơi nhận__:")."""
    head = doc.low[b.start:b.start + 30].replace("_", " ").lstrip(" *")
    return bool(_rx("end").match(head))


# "Căn cứ …", "Theo đề nghị …", "Xét …" (preamble_line), its words one space apart as written: a
# block opening "Căn\ncứ …" is an article's text going on, not a preamble line
_PREAMBLE_LINE = re.compile("|".join(
    re.escape(p) + r"(?!\w)" for p in sorted(act.words()["preamble_line"], key=len, reverse=True)))


def _addressee_opener(text: str) -> bool:
    """"Kính gửi: …", "THỦ TƯỚNG CHÍNH PHỦ điện:": the line before the list of addressees."""
    low = act.lower(text)
    return bool(_rx("addressee_opener").match(low)
                or re.search(r"(?<!\w)(?:%s)\s*:$" % _rx("addressee_verb").pattern, low))


def _aim_heading(doc: Doc, b: Block) -> bool:
    """"I. MỤC TIÊU", "2. Mục tiêu cụ thể giai đoạn 2026 - 2030", "I. QUAN ĐIỂM": the heading
    of a section that states aims; a roman title may also be "YÊU CẦU" ("I. MỤC ĐÍCH, YÊU
    CẦU"). A numbered sentence ("2. Yêu cầu các cấp ủy …") is not a heading."""
    if b.kind not in ("chapter", "numbered"):
        return False
    title = collapse(doc.low[b.body:b.end]).strip(" .:")
    if not title or (b.kind == "numbered" and len(title.split()) > 12):
        return False
    if _rx("aim_heading").match(title):
        return True
    return b.kind == "chapter" and bool(_rx("aim_title").match(title))


def _drop_closing_call(doc: Doc, out: list[ObligationDraft], bl: list[Block]) -> list[ObligationDraft]:
    """The last paragraph of a letter that repeats the call to act ("Đề nghị bộ, ngành, địa
    phương quan tâm thực hiện./.", "Bộ … yêu cầu Thủ trưởng các cơ quan … tập trung nguồn
    lực …") restates the letter: not an obligation of its own when others came before."""
    if not bl or len(out) < 2:
        return out
    last = bl[-1]
    if last.kind != "plain" or "article" in last.path:
        return out
    inside = [d for d in out if last.start <= d.start <= last.end]
    if len(inside) == 1 and len(out) > 1 and inside[0].source in ("letter_body",) \
            and len(inside[0].task.split()) <= 10 and not inside[0].times:
        return [d for d in out if d is not inside[0]]
    return out
