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

Prohibition clauses joined to a task ("…, không được để …") are records of their own. The
document it reads is `admin_doc.Doc`; a task's roles (partners, recipient) are read by `admin_roles`
and its records made by `admin_records`.
"""
from __future__ import annotations

import re
from itertools import islice, takewhile
from dataclasses import dataclass, field, replace

from cancu.nlp.obligations import actors as act
from cancu.nlp.obligations import grid
from cancu.nlp.obligations.admin_doc import FIRM_NOUNS, Actor, Doc, actor_of, rx, rx_cue, sentence_start, skip, starts
from cancu.nlp.obligations.admin_records import INLINE_ITEM, make
from cancu.nlp.obligations.admin_roles import PARTNERS_COLON, UMBRELLA_REQUEST, partners_in
from cancu.nlp.obligations.extract import ObligationDraft, strip_carry_out
from cancu.nlp.obligations.layout import Block, blocks, relabel, section_label
from cancu.nlp.text.markers import BULLETS, OPERATIVE_WORDS, SUB_BULLET
from cancu.nlp.text.normalize import NormalizedText
from cancu.nlp.text.fold import collapse, fold_text
from cancu.nlp.obligations.vocab import phrase_pattern, upper_title_alternation
from cancu.nlp.text.letters import LOWER, UPPER_CLASS

_SENTENCE_START = re.compile(rf"\.\s+(?={UPPER_CLASS})")   # ". X": a sentence ends, the next opens
# The same unless a dotted abbreviation closes it («TP. Huế»)
_SENTENCE_END = re.compile(act.PERIOD_THEN_CAPITAL)


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
    items_from: int | None = None  # … the first of them recorded from the heading's line: the item
                                   # is that task ("1. Sở X chủ trì, phối hợp với Y:\nXây dựng …")
    plain: bool = False           # made by an unnumbered paragraph: the next such umbrella ends it
    unknown_actor: bool = False   # it names a subject no rule reads ("4. Cơ quan thuế chủ trì …,
                                  # cụ thể:"): its items have no known actor, not an outer one


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
_SHARED_CLOSING = re.compile(r"(?<!\w)(?:" + rx("closing_shared").pattern + r")\s*$")


def _closing(doc: Doc, b: Block, lo: int) -> tuple[int, int, int] | None:
    """(actor start, actor end, verb start) of a closing clause in the block."""
    f = doc.low
    verbs = [(m, False) for m in rx("closing_verb").finditer(f, lo, b.end)]
    verbs += [(m, True) for m in rx("closing_whole").finditer(f, lo, b.end)]   # object inside
    for m, whole in sorted(verbs, key=lambda v: v[0].start()):
        after = skip(doc, m.end(), b.end)
        if not whole and not rx("closing_object").match(f, after):
            continue
        # the subject starts after the last sentence end before the verb
        seg = doc.nfc[lo:m.start()]
        cut = max((x.end() for x in _SENTENCE_START.finditer(seg)), default=0)
        # the subject opens the sentence, or a line after the article's title ("Điều 5. Tổ
        # chức thực hiện\nChánh Văn phòng …")
        first = skip(doc, lo + cut, m.start())
        line_starts = [first] + [skip(doc, lo + cut + x.end(), m.start()) for x in re.finditer(r"\n", seg[cut:])]
        s = None
        for c in line_starts:
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
        if starts(doc, first, "request") or starts(doc, first, "assign") \
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


# where a clause may open: after a sentence end, a comma, semicolon or colon; in an article also
# after the «thì» of a condition («Trường hợp … thì Ủy ban nhân dân cấp xã thay mặt …»)
_CLAUSE_START = re.compile(r"(?:[.;:]\s+|,\s+)(?=\S)")
_CLAUSE_START_IN_ARTICLE = re.compile(r"(?:[.;:]\s+|,\s+|\sthì\s+)(?=\S)")


def _clause_starts(doc: Doc, lo: int, hi: int, in_article: bool = False) -> list[int]:
    """Positions where a clause may open: the block's start, after a sentence end, after a
    comma or semicolon or colon (and, in an article, after a condition's «thì»)."""
    out = [lo]
    for m in (_CLAUSE_START_IN_ARTICLE if in_article else _CLAUSE_START).finditer(doc.nfc[lo:hi]):
        # "phối hợp với các đơn vị: Văn phòng UBND tỉnh … và …": the colon opens the partners
        if m.group(0).startswith(":") and PARTNERS_COLON.search(doc.folded, lo, lo + m.start() + 1):
            continue
        out.append(lo + m.end())
    return out


# «nếu có vướng mắc», «trường hợp phát sinh khó khăn» (obligation_cues.tsv difficulty)
_DIFFICULTY = rx_cue("difficulty")


# a subject holding a reported_subject word reports a request ("Bộ Nội vụ đã có Văn bản …
# đề nghị"), it does not speak one
_REPORTED = re.compile(r"(?<!\w)(?:" + rx("reported_subject").pattern + ")")


# The longest subject of a spoken cue, in words, brackets left out: a steering committee
# named in full ("Ban chỉ đạo của Chính phủ về sắp xếp đơn vị hành chính các cấp và xây dựng
# mô hình tổ chức chính quyền địa phương 02 cấp (sau đây viết là …) yêu cầu …", 28 words).
_SUBJECT_WORDS = 32
_PARENTHESES = re.compile(r"\([^()]*\)")
# "của" inside a body's name ("Ban chỉ đạo của Chính phủ", "Ủy ban … của Quốc hội") is no
# sign of a reported request
_OF_A_NATIONAL_BODY = re.compile(r"(?<!\w)của\s+(?:chính phủ|quốc hội)(?!\w)")


# a connective word right before a cue («… nên đề nghị …»): the issuer speaks it whatever came before
_CONNECTIVE_WORD = re.compile(r"(?<!\w)(?:%s)\s+$" % "|".join(map(re.escape, act.words()["connective_word"])))


def _spoken_cues(doc: Doc, lo: int, hi: int) -> set[int]:
    """Cues inside a sentence that the issuer speaks: "Bộ Tài chính đề nghị X …", "…, do đó
    đề nghị X …" — not a request reported ("Văn bản số 8091 … đề nghị …") nor a noun
    ("theo đề nghị của …", "hồ sơ đề nghị …")."""
    out: set[int] = set()
    for kind in ("request", "assign"):
        for m in rx(kind).finditer(doc.low, lo, hi):
            p = m.start()
            if p == lo or not doc.low[p - 1].isspace():
                continue
            opens = sentence_start(doc, lo, p)
            sentence = doc.low[opens:p]
            # the subject: what follows the sentence's last comma
            subject = sentence.rsplit(",", 1)[-1]
            start = skip(doc, p - len(subject), p)
            subject = subject.strip()
            if subject in act.words().get("connective", ()) or _CONNECTIVE_WORD.search(doc.low, opens, p):
                out.add(p)
            elif not subject and "," in sentence and starts(doc, opens, "adverbial"):
                # "Căn cứ quy định nêu trên và thực tế hồ sơ, đề nghị Thuế thành phố …"
                out.add(p)
            elif len(bare := _PARENTHESES.sub("", subject).split()) <= _SUBJECT_WORDS \
                    and not _REPORTED.search(_OF_A_NATIONAL_BODY.sub("", " ".join(bare))) \
                    and act.head_at(doc.nfc, doc.low, start) is not None:
                out.add(p)
    return out


def _find_clauses(doc: Doc, lo: int, hi: int, topic: str | None, in_article: bool = False) -> list[Clause]:
    out: list[Clause] = []
    spoken = _spoken_cues(doc, lo, hi)
    for p in sorted(set(_clause_starts(doc, lo, hi, in_article)) | spoken):
        if out and p < out[-1].task_start:
            continue
        prev = doc.nfc[max(lo, p - 2):p]
        cue_req = starts(doc, p, "request")
        cue_asg = starts(doc, p, "assign")
        if p in spoken and not (cue_req or cue_asg):
            continue
        q = p
        request = assign = after_adverbial = False
        # where the sentence holding p starts; it opens with an adverbial ("Trên cơ sở …, Thuế tỉnh
        # X …") when `starts(doc, sentence, "adverbial")`
        sentence = sentence_start(doc, lo, p)
        if cue_req:
            q, request = skip(doc, cue_req.end(), hi), True
        elif cue_asg:
            q, assign = skip(doc, cue_asg.end(), hi), fold_text(doc.nfc[p:cue_asg.end()]).strip() == "giao"
        elif p != lo and "," in prev and (not starts(doc, sentence, "adverbial")
                                          or (out and out[-1].start >= sentence)):
            # after a comma only the subject that follows a sentence's opening adverbial ("Trên
            # cơ sở đó, giao Bộ trưởng … gửi Quốc hội, Ủy ban Thường vụ Quốc hội bảo đảm …": the
            # sentence has its clause already)
            continue
        elif p != lo and doc.low[p - 4:p].rstrip().endswith("thì"):
            after_adverbial = True      # «… thì cơ quan Công an có trách nhiệm …»
        elif p != lo and "," in prev:
            # the subject right after the opening adverbial may be written in lower case («Căn cứ
            # quyết định phê duyệt …, người đứng đầu cơ sở có trách nhiệm …»); after a later comma
            # the words are the adverbial's own list («Căn cứ Thông tư … quy định về thủ tục hải
            # quan, kiểm tra giám sát hải quan, thuế xuất khẩu …»)
            after_adverbial = "," not in doc.nfc[sentence:p].rstrip()[:-1]
        label = INLINE_ITEM.match(doc.nfc, q, hi) if q == p and p != lo and prev.strip() in (":", ";") else None
        if label and act.named_head_at(doc.nfc, doc.low, label.end()) is not None:
            # «…: (1) Thanh tra Chính phủ ban hành …; (2) Bộ Công an chủ trì …» (74e2dd…): an item of a
            # list written inline, its subject (a body, post or class) after the label
            q = label.end()
        span = act.actor_span(doc.nfc, doc.low, q, hi, lowercase=after_adverbial)
        to_addressee = False
        if not span and (request or cue_asg):
            span = _listed_tasks_after(doc, q, hi)
            if not span and request:
                span = _addressee_then_task(doc, q, hi)
                to_addressee = span is not None
        if not span:
            continue
        s, e, t = span
        if not (cue_req or cue_asg) and p != lo and _GENITIVE_LIST.search(doc.low, sentence, p) \
                and _capitalised_head_after_comma(doc, s, e):
            # "Khi giá …, trên cơ sở đề xuất của Sở Nông nghiệp và Môi trường, Cơ quan Thuế tỉnh
            # hoặc các sở, ngành …, Sở Tài chính chủ trì …" (f1526a…): a body after a comma inside
            # the list of whose proposal it is, not the subject, which is the last body before the
            # verb (not «Căn cứ quyết định của Ủy ban nhân dân cấp xã, người đứng đầu cơ sở, chủ đầu
            # tư có trách nhiệm …», whose subject lists no capitalised body after a comma)
            continue
        if not cue_asg and _DIFFICULTY.search(doc.folded, sentence, p):
            # "Trong quá trình thực hiện, nếu có vướng mắc, đề nghị … phản ánh …" asks for
            # feedback; "…, trường hợp có vướng mắc, giao Ủy ban nhân dân cấp tỉnh …" assigns
            continue
        actor = actor_of(doc, s, e, topic)
        if to_addressee:
            # the addressee as its «Kính gửi:» line writes it («Đề nghị Công ty Cổ phần siêu thị Sài
            # Gòn liên hệ …» to «Công ty cổ phần siêu thị Sài Gòn»), also when a letter to one firm
            # calls it by a common noun («Đề nghị doanh nghiệp căn cứ …»)
            written = act.lower(actor.text)
            name = next((n for n in doc.addressees if act.lower(n) == written),
                        doc.addressees[0] if doc.firm_nouns() and written in FIRM_NOUNS else None)
            if name:
                actor = Actor(actor.text, [act.normalize(name, doc.level, doc.aliases)])
        out.append(Clause(p, t, actor, request, assign))
    return out


def _addressee_then_task(doc: Doc, q: int, hi: int) -> tuple[int, int, int] | None:
    """"Đề nghị Thuế thành phố Huế đối chiếu với quy định …": a letter's request to a body it is
    addressed to (or, in a letter to one firm, to "doanh nghiệp", "Công ty"), whose verb the
    vocabulary does not hold; the task is what follows the name, from a word in lower case (not
    one that goes on with the list: «và», «cùng»)."""
    m = doc.addressee.match(doc.low, q, hi) if doc.addressee else None
    if not m:
        return None
    t = skip(doc, m.end(), hi)
    if t >= hi or not doc.nfc[t].islower() or _LIST_GOES_ON.match(doc.low, t):
        return None
    return q, m.end(), t


# "… của Sở A, Sở B" at the end of what precedes a clause start: the start is inside the list
# that «của» opens (no comma-free stretch with a verb between)
_GENITIVE_LIST = re.compile(r"(?<!\w)của\s[^.;:()]*$")


def _capitalised_head_after_comma(doc: Doc, s: int, e: int) -> bool:
    """Whether the actor read at [s, e) goes on, after a comma, with a body written with a capital."""
    return any(doc.nfc[m.start(1)].isupper() and act.head_at(doc.nfc, doc.low, m.start(1)) is not None
               for m in act.COMMA_THEN_WORD.finditer(doc.nfc, s, e))

_LIST_GOES_ON = re.compile(r"(?:và|cùng|các|hoặc)(?!\w)")


def _listed_tasks_after(doc: Doc, q: int, hi: int) -> tuple[int, int, int] | None:
    """"Giao Bộ trưởng Bộ Tài chính: (i) Thừa ủy quyền …; (ii) …": the bodies directed up
    to a colon, their tasks after it, inline items opening with any word."""
    colon = doc.nfc.find(":", q, min(hi, q + 160))
    if colon < 0 or not INLINE_ITEM.match(doc.nfc, skip(doc, colon + 1, hi)):
        return None
    only = act.actor_only(doc.nfc, doc.low, q, colon)
    if not only:
        return None
    return only[0], only[1], skip(doc, colon + 1, hi)


def _unread_subject(doc: Doc, lo: int, hi: int) -> bool:
    """The sentence opens with a capitalised noun phrase of a few words followed by a task verb
    ("Cơ quan thuế chủ trì, phối hợp …") — a subject, though not one the actor rules know."""
    if not doc.nfc[lo:lo + 1].isupper() or rx("task").match(doc.low, lo) \
            or starts(doc, lo, "request") or starts(doc, lo, "assign") or starts(doc, lo, "adverbial"):
        return False
    v = act.task_verb_at_or_after(doc.nfc, doc.low, lo, hi)
    if v is None:
        return False
    subject = doc.nfc[lo:v]
    return 1 <= len(subject.split()) <= 8 and not re.search(r"[,;.:()]", subject)


def _before_lead_in(doc: Doc, lo: int, hi: int) -> int:
    """Where a task ends that the next clause follows at `hi`: there, or at the end of its own
    sentence when the next one opens with a lead-in before its subject («… đã góp đủ vốn điều lệ
    hay chưa. Trên cơ sở ý kiến cơ quan Nhà nước có thẩm quyền, Thuế tỉnh Quảng Trị xử lý …»)."""
    seg = doc.nfc[lo:hi]
    ends = list(_SENTENCE_END.finditer(seg))
    if not ends or not seg[ends[-1].end():].rstrip().endswith(","):
        return hi
    return lo + ends[-1].start() + 1


def _closing_formula(doc: Doc, c: Clause, hi: int) -> bool:
    """"[Chủ tịch UBND Thành phố] đề nghị các cơ quan, đơn vị khẩn trương, nghiêm túc triển khai
    thực hiện đầy đủ các nội dung chỉ đạo nêu trên …./.": a letter's call to its addressees in
    general to carry out what it said — the letter restated, not a task of its own. A
    conditional sentence after it ("Trường hợp có khó khăn, vướng mắc …") goes with it."""
    if not (starts(doc, c.start, "request") or starts(doc, c.start, "assign")) or c.actor is None:
        return False
    actor = act.lower(c.actor.text)
    post = rx("post").match(actor)
    if not rx("class").match(actor, _skip_text(actor, post.end()) if post else 0):
        return False
    cut = re.search(r"[.;]\s+(?=\S)", doc.nfc[c.task_start:hi])
    first_end = c.task_start + cut.start() if cut else hi
    rest, seen_core = strip_carry_out(doc.folded[c.task_start:first_end])
    if rest or not seen_core:
        return False
    if cut:
        after = c.task_start + cut.end()
        if not (rx_cue("conditional").match(doc.folded, after) or doc.nfc[after:hi].strip() in ("", "/.")):
            return False
    return True


def _skip_text(s: str, pos: int) -> int:
    while pos < len(s) and s[pos].isspace():
        pos += 1
    return pos


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


# "1. Về chính sách,\nthủ tục, hồ sơ gia hạn, miễn, giảm thuế\nTiếp tục hướng dẫn …": a topic on lines
# of its own, without a colon, before a line that opens with a capitalised task verb
_TOPIC_LINES = re.compile(rf"^(?:{_TOPIC_OPENER})([^:.;]{{3,200}}?)\s*\n\s*(?={UPPER_CLASS})")


def _topic(doc: Doc, b: Block) -> tuple[str | None, int, int]:
    """A leading "Về …:" of an item, where its text goes on, and where its records start: the
    item's line, or the line after a topic written on lines of its own (a heading)."""
    text = doc.nfc[b.body:b.end]
    m = _TOPIC.match(text)
    if m:
        return collapse(m.group(1)), b.body + m.end(), b.start
    m = _TOPIC_LINES.match(text)
    at = b.body + m.end() if m else 0
    # the line after the topic opens a task, or a request of one («1. Về thuế giá trị gia\ntăng\n
    # Đề nghị Thuế tỉnh Ninh Bình căn cứ …», 630612…)
    if m and (rx("task").match(doc.low, at) or starts(doc, at, "request") or starts(doc, at, "assign")):
        return collapse(m.group(1)), at, at
    return None, b.body, b.start


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
    quoted = _quoted_provisions(wt.nfc)
    if quoted:
        # a provision of another instrument, quoted: its duties are not this text's, nor do its
        # article and items number what follows the quote
        all_blocks = relabel([b for b in all_blocks if not any(a <= b.body < z for a, z in quoted)])
    if limit is not None:
        all_blocks = [b for b in all_blocks if b.end <= limit]
    out: list[ObligationDraft] = []
    def task_partners(lo: int, hi: int) -> list[str]:
        return partners_in(doc, lo, hi)[0]
    flat, spans = grid.flattened(wt, 0, limit if limit is not None else len(wt.nfc), level, doc.aliases,
                                 task_partners)
    tab, used = grid.delimited(wt, level, doc.aliases, task_partners)
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
        if b.kind == "plain" and _STEP_ROW.fullmatch(collapse(doc.low[b.body:b.end])):
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
                a = actor_of(doc, cl[0], cl[1])
                out += make(doc, cl[0], cl[2], b.end, "closing_article", section_label(b.path) or "body",
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
                    frame.actor = actor_of(doc, only[0], only[1], inherited_topic)
            frames.append(frame)
        elif has_children:
            # "1. Trách nhiệm của Sở Tài chính" heads the items below it
            m = _RESP_TITLE.match(doc.nfc[b.body:b.end])
            only = act.actor_only(doc.nfc, doc.low, b.body + m.start(1), b.end) if m else None
            if only:
                frames.append(Frame(lvl, actor_of(doc, only[0], only[1], inherited_topic), inherited_req))
                continue
        topic, lo, item_start = _topic(doc, b)
        topic = topic or inherited_topic

        # a closing clause
        cl = _closing(doc, b, lo)
        if cl:
            s, e, v = cl
            a = actor_of(doc, s, e)
            out += make(doc, s, v, text_end, "closing_article", section or "body", a, "must", [])
            continue
        if starts(doc, lo, "remark"):
            continue

        # a heading that names only the actor (children carry the tasks)
        only = act.actor_only(doc.nfc, doc.low, lo, text_end)
        cue = None
        if not only and has_children and b.kind != "article":
            # "2. Giao Sở Nội vụ\n- Tiếp tục phối hợp …": the cue and the actor head the bullets
            cue = starts(doc, lo, "assign") or starts(doc, lo, "request")
            only = act.actor_only(doc.nfc, doc.low, skip(doc, cue.end(), text_end), text_end,
                                  after_cue=True) if cue else None
        if only and (has_children or ends_colon) and b.kind != "article":
            requested = inherited_req or bool(cue and starts(doc, lo, "request"))
            frames.append(Frame(lvl, actor_of(doc, only[0], only[1], topic), requested, [], topic,
                                plain_items=plain_items, items_from=b.start if plain_items else None))
            continue
        ht = _heading_topic(doc, b)
        if ht and has_children:
            frames.append(Frame(lvl, None, inherited_req, [], ht))
            continue

        clauses = _find_clauses(doc, lo, text_end, topic, in_article=source == "article")
        umbrella_req = bool(UMBRELLA_REQUEST.search(doc.folded[b.body:text_end]))
        # "… tổng hợp báo cáo cụ thể về một số nội dung sau:\n(1) Số hộ dân …": the items are
        # what the report holds; the line is the task and its items are no tasks
        contents = ends_colon and has_children and bool(clauses) and bool(
            _REPORT_CONTENTS.search(doc.low, b.body, text_end) or _OPTIONS.search(doc.low, b.body, text_end)
            or _divided_among_leads(doc, bl, i, clauses[-1].actor))
        if ends_colon and has_children and not contents:
            # an umbrella: its actor and partners go to the items below
            frame = Frame(lvl, None, inherited_req or umbrella_req, [], topic, plain_items=plain_items,
                          items_from=b.start if plain_items else None,
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
                                          or last.assign or bool(starts(doc, last.start, "assign"))
                                          or bool(starts(doc, last.start, "request")))
            if last and opens and not listing:
                frame.actor = last.actor
                frame.request = frame.request or last.request
                frame.cooperating, _ = partners_in(doc, last.task_start, text_end)
            elif not clauses and _unread_subject(doc, lo, text_end):
                frame.unknown_actor = True
            elif not clauses:
                # "Bộ Tài chính đề nghị Ủy ban nhân dân các tỉnh:" — the addressee leads the items
                for p in sorted(_spoken_cues(doc, lo, text_end) | {lo}):
                    cue = starts(doc, p, "request") or starts(doc, p, "assign")
                    if not cue:
                        continue
                    q = skip(doc, cue.end(), text_end)
                    only = act.actor_only(doc.nfc, doc.low, q, text_end)
                    if only:
                        frame.actor = actor_of(doc, only[0], only[1], topic)
                        frame.request = frame.request or bool(starts(doc, p, "request"))
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
            own = sentence_start(doc, lo, clauses[0].start, ends=".;")     # not after a label's colon
            if inherited_actor and parent is not None and b.kind != "plain" and own > lo \
                    and not any(f.contents for f in frames):
                # "+ Kiên quyết cắt giảm … so với năm 2024. Giao Văn phòng Bộ tổng hợp …", "3.1. Hoàn
                # thiện Kế hoạch …; báo cáo …; Trên cơ sở đó, Ban Chỉ đạo 389 các bộ … xây dựng …": the
                # sentences before the one of the item's first own clause are the inherited actor's task
                out += make(doc, item_start, lo, own, source, section, inherited_actor,
                             "request" if inherited_req else "must", inherited_coop)
            for k, c in enumerate(clauses):
                hi = _before_lead_in(doc, c.task_start, clauses[k + 1].start) if k + 1 < len(clauses) else text_end
                if b.kind != "article" and "article" not in b.path and _closing_formula(doc, c, hi):
                    continue
                # the item's own line also when no sentence ends before its first clause ("1.1. Đối
                # với 355 nhiệm vụ …, các Bộ, cơ quan ngang Bộ khẩn trương …")
                opens_item = c.start == lo or (k == 0 and sentence_start(doc, lo, c.start) == lo)
                start = item_start if opens_item and b.kind not in ("article", "plain") else c.start
                req = c.request or (inherited_req and not c.assign)
                made = make(doc, start, c.task_start, hi, source, section, c.actor,
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
            cue = starts(doc, lo, "assign")
            req = inherited_req and not (cue and fold_text(doc.nfc[lo:cue.end()]).strip() == "giao")
            if b.kind == "plain" and owner is not None and owner.items_from is not None:
                item_start, owner.items_from = owner.items_from, None
            out += make(doc, item_start, task_lo, text_end, source, section, inherited_actor,
                         "request" if req else "must", inherited_coop)
    return _drop_closing_call(doc, out, bl)


def _divided_among_leads(doc: Doc, bl: list[Block], i: int, actor: Actor | None) -> bool:
    """The items under block i only share its task among its co-leads, each naming one of them
    and no task of its own ("Giao Sở Tài chính, Sở Nông nghiệp và Môi trường chủ trì … theo quy
    định, cụ thể:\n- Sở Tài chính đối với thủ tục hành chính số 03 …;\n- Sở Nông nghiệp và Môi
    trường đối với thủ tục hành chính số 01, 02 …", f37e78…): one task, not one per item."""
    if actor is None or len(actor.leads) < 2:
        return False
    level = bl[i].level
    items = list(takewhile(lambda c: c.level > level and c.kind != "plain", islice(bl, i + 1, None)))
    names = tuple(fold_text(n) for n in actor.leads)
    return len(items) >= 2 and all(
        fold_text(collapse(doc.nfc[c.body:c.end])).startswith(names)
        and act.task_verb_at_or_after(doc.nfc, doc.low, c.body, c.end) is None for c in items)


# "Bước 6": a row of a procedure's steps (step_row)
_STEP_ROW = re.compile(r"(?:%s)\s*\d{1,2}\s*:?" % rx("step_row").pattern)
# "… tổng hợp báo cáo cụ thể về một số nội dung sau:": a report_head word, then a
# report_contents word before the colon (obligation_actors.tsv)
_REPORT_CONTENTS = re.compile(r"(?<!\w)(?:" + rx("report_head").pattern + r")[^.;:]*(?:"
                              + rx("report_contents").pattern + r")[^.;:]*:\s*$")
# "… bằng một trong các hình thức sau:": the items are ways to do the line's task (options_head)
_OPTIONS = re.compile(r"(?<!\w)(?:" + rx("options_head").pattern + r")[^.;:]*:\s*$")
# "… gửi kèm bộ tài liệu gồm:": an umbrella ending in a listing_end word lists things, unless a
# listed_tasks word stands before its colon ("… các nhiệm vụ như sau:")
_LISTING = re.compile(r"(?<!\w)(?:" + rx("listing_end").pattern + r")\s*:\s*$")
_LISTED_TASKS = re.compile(r"(?<!\w)(?:" + rx("listed_tasks").pattern + r")[^:]*:\s*$")

_ATTACHED = re.compile(rf"^(?:{upper_title_alternation('attached_title')})\b[^{LOWER}]*(?:\s|$)")


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
            while start < len(bl) and (bl[start].kind == "dash" or _ADDRESSEE_DETAIL.search(doc.low, bl[start].start, bl[start].end)):
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
    for i, b in enumerate(bl[start:], start=start):
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
        # a căn cứ line, unless it goes on to speak ("Căn cứ …, Bộ Tài chính đề nghị …:"); inside
        # an article it opens a sentence ("1. Căn cứ quyết định phê duyệt …, người đứng đầu cơ sở
        # có trách nhiệm …")
        if _PREAMBLE_LINE.match(head) and not _spoken_cues(doc, b.body, b.end) \
                and (first_article is None or i < first_article):
            continue
        if b.kind == "plain" and out and starts(doc, b.body, "time_paragraph") \
                and not doc.nfc[out[-1].body:out[-1].end].rstrip().endswith(":"):
            out[-1] = replace(out[-1], end=b.end)
            continue
        out.append(b)
    return out


# "Tại khoản 7 Điều 39 Nghị định số … quy định:\n"7. Kinh phí …"": a provision quoted from the
# instrument the line cites, up to the closing quote (quote_opener, quote_verb of
# obligation_actors.tsv), the line also a bullet ("+ Tại Điều 2 quy định hiệu lực thi hành như
# sau:\n“Điều 2. …”", 2249fe…). A text that writes new provisions into another ("… được sửa đổi
# như sau: "…"") is not one: its provisions are this text's.
_QUOTE_OPENING = re.compile(
    r"(?:^|\n)[ \t]*(?:[" + BULLETS + re.escape(SUB_BULLET) + r"][ \t]*)?(?:" + "|".join(map(re.escape, act.actor_phrases("quote_opener"))) + r")(?!\w)"
    r"[^:]{0,200}?(?<!\w)(?:" + "|".join(map(re.escape, act.actor_phrases("quote_verb"))) + r")(?!\w)"
    r"[^:]{0,80}:\s*(?:[\"“]|(?=Điều\s+\d{1,3}\s*\.))")


def _quoted_provisions(nfc: str) -> list[tuple[int, int]]:
    """Spans of provisions quoted from a cited instrument, from the opening quote to the next
    closing one (" or ”: the texts mix them); an article quoted whole may lack its opening quote
    ("+ Tại Điều 2 quy định hiệu lực thi hành như sau:\nĐiều 2. Hiệu lực thi hành …\n…”", 2249fe…)."""
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
    return bool(rx("end").match(head))


# "Căn cứ …", "Theo đề nghị …", "Xét …" (preamble_line), its words one space apart as written: a
# block opening "Căn\ncứ …" is an article's text going on, not a preamble line
_PREAMBLE_LINE = re.compile("|".join(
    re.escape(p) + r"(?!\w)" for p in sorted(act.words()["preamble_line"], key=len, reverse=True)))


_ADDRESSEE_DETAIL = re.compile(r"(?m)^\s*(?:%s)(?!\w)" % rx("addressee_detail").pattern)


def _addressee_opener(text: str) -> bool:
    """"Kính gửi: …", "THỦ TƯỚNG CHÍNH PHỦ điện:": the line before the list of addressees."""
    low = act.lower(text)
    return bool(rx("addressee_opener").match(low)
                or re.search(r"(?<!\w)(?:%s)\s*:$" % rx("addressee_verb").pattern, low))


def _aim_heading(doc: Doc, b: Block) -> bool:
    """"I. MỤC TIÊU", "2. Mục tiêu cụ thể giai đoạn 2026 - 2030", "I. QUAN ĐIỂM": the heading
    of a section that states aims; a roman title may also be "YÊU CẦU" ("I. MỤC ĐÍCH, YÊU
    CẦU"). A numbered sentence ("2. Yêu cầu các cấp ủy …") is not a heading."""
    if b.kind not in ("chapter", "numbered"):
        return False
    title = collapse(doc.low[b.body:b.end]).strip(" .:")
    if not title or (b.kind == "numbered" and len(title.split()) > 12):
        return False
    if rx("aim_heading").match(title):
        return True
    return b.kind == "chapter" and bool(rx("aim_title").match(title))


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
