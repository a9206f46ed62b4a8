"""Actors of administrative documents: where a list of bodies and posts starts and ends in
running text, and how each member is written as a normalised name (how a list splits into
its members: `cancu.nlp.obligations.members`).

Conventions (those of the real-document gold): a post stays a post ("Chánh Văn phòng Ủy ban
nhân dân tỉnh"), abbreviations are spelled out, a class stays a class ("Thủ trưởng các sở,
ban, ngành tỉnh"), a body or class named without its level takes the issuer's, a list of
places after a class is dropped ("Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa, …"), and a
body list after a plural head is distributed ("Giám đốc các Sở: Tài chính, Y tế" → "Giám
đốc Sở Tài chính", "Giám đốc Sở Y tế"). Vocabulary: nlp/data/obligation_actors.tsv and
nlp/data/obligation_names.tsv.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable

from cancu.nlp.citations.vocab import vocabulary
from cancu.nlp.obligations.agencies import tidy_name
from cancu.nlp.text.fold import collapse, fold_text
from cancu.nlp.text.normalize import modern_tone
from cancu.nlp.obligations.vocab import actor_phrases, commune_words, level_words, word_alternation
from cancu.nlp.text.markers import BULLETS, FOOTNOTE_MARK, INLINE_LABEL, SUB_BULLET
from cancu.nlp.text.letters import LOWER_CLASS, UPPER_CLASS

DATA_DIR = resources.files("cancu.nlp") / "data"     # package data (nlp/data/)


def _rows(path: Traversable) -> list[list[str]]:
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.strip() and not raw.lstrip().startswith("#"):
            out.append([c.strip() for c in raw.split("\t")])
    return out


def lower(s: str) -> str:
    """Lower case with accents kept and offsets unchanged: the copy the actor rules match on
    (folding would read "trường hợp" as the post "trưởng", "cán bộ" as "cần"). Tones in the
    modern place, as the vocabulary writes them: "Đảng uỷ" is the "Đảng ủy" of a body name."""
    toned = modern_tone(s)
    low = toned.lower()
    return low if len(low) == len(s) else "".join(c.lower()[:1] or c for c in toned)


@lru_cache(maxsize=1)
def words() -> dict[str, tuple[str, ...]]:
    """Lower-case phrases of obligation_actors.tsv by kind (accents kept), longest first."""
    acc: dict[str, list[str]] = defaultdict(list)
    for row in _rows(DATA_DIR / "obligation_actors.tsv"):
        if len(row) >= 2:
            acc[row[0]].append(collapse(lower(unicodedata.normalize("NFC", row[1]))))
    return {k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in acc.items()}


@dataclass(frozen=True)
class NameRules:
    abbr: tuple[tuple[str, str], ...]          # (abbreviation as written, expansion)
    spelling: tuple[tuple[str, str], ...]      # (post as sometimes written, usual spelling)
    names: dict[str, str]                      # folded variant → canonical (may hold {cấp})
    hdnd: tuple[str, ...]                      # folded HĐND bodies that take the issuer's level
    hdnd_member: dict[str, str]                # folded bare member → its full name
    leveled: dict[str, str]                    # folded class → name that takes the level
    levels: tuple[str, ...]                    # folded level words
    place_lists: tuple[str, ...]               # folded heads of a list of places
    whole: frozenset[str]                      # folded names holding «và» or a comma, read whole
    head_titles: tuple[tuple[str, str], ...]   # (a named body's folded first words, the title its head's post puts before it)


@lru_cache(maxsize=1)
def name_rules() -> NameRules:
    abbr, names, hdnd, member, leveled, levels, places = [], {}, [], {}, {}, [], []
    spelling, whole, head_titles = [], set(), []
    for row in _rows(DATA_DIR / "obligation_names.tsv"):
        kind = row[0]
        if kind == "abbr":
            abbr.append((row[1], row[2]))
        elif kind == "spelling":
            spelling.append((row[1], row[2]))
        elif kind == "name":
            canonical = row[1]
            names[_key(canonical.replace(" {cấp}", ""))] = canonical
            for v in row[2].split("|"):
                names[_key(v)] = canonical
        elif kind == "hdnd":
            hdnd.append(_key(row[1]))
        elif kind == "hdnd_member":
            member[_key(row[1])] = row[2]
        elif kind == "leveled":
            leveled[_key(row[1])] = row[2]
        elif kind == "place_list":
            places.append(_key(row[1]))
        elif kind == "whole":
            whole.add(_key(row[1]))
        elif kind == "head_title":
            head_titles.append((_key(row[1]), row[2]))
    # a ministry written in other capitals ("Bộ Tư Pháp") takes its usual spelling
    for issuer in vocabulary().issuers:
        if issuer.place == "ministry":
            names.setdefault(_key(issuer.canonical), issuer.canonical)
    levels = [_key(w) for w in level_words()]
    by_len = lambda s: -len(s)  # noqa: E731
    return NameRules(tuple(sorted(abbr, key=lambda a: -len(a[0]))), tuple(spelling), names,
                     tuple(sorted(hdnd, key=by_len)), member, leveled,
                     tuple(sorted(levels, key=by_len)), tuple(sorted(places, key=by_len)), frozenset(whole),
                     tuple(sorted(head_titles, key=lambda h: -len(h[0]))))


def _key(s: str) -> str:
    return collapse(fold_text(s)).strip(" .,;:")


def _phrase_rx(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(r"(?:" + re.escape(p).replace(r"\ ", r"\s+") + r")(?!\w)" for p in phrases))


_NOT_IN_ACTOR = re.compile(word_alternation("not_in_actor"))
_EMPHASIS = re.compile(r",\s*" + word_alternation("actor_emphasis"))
_PLACE_QUALIFIER = re.compile(r"\s+" + word_alternation("actor_place_qualifier"))
_ACTOR_ADVERBIAL = re.compile(r"[\s,]+(" + word_alternation("actor_adverbial") + ")")
ACTOR_ADVERBIAL_START = re.compile(word_alternation("actor_adverbial"))   # a task opening with one


@lru_cache(maxsize=None)
def _rx(kind: str) -> re.Pattern[str]:
    return _phrase_rx(words().get(kind, ("\x00",)))


# ---------------------------------------------------------------------------- finding
def head_at(nfc: str, folded: str, pos: int) -> int | None:
    """The end of the honorific, if any, when an actor starts at `pos`: a post, a body name
    written with a capital, a class ("các sở, ban, ngành"), or any subject of "có trách
    nhiệm" (`responsible_subject`); None otherwise."""
    named = named_head_at(nfc, folded, pos)
    if named is not None:
        return named
    return pos if responsible_subject(nfc, folded, pos) else None


def named_head_at(nfc: str, folded: str, pos: int, lowercase: bool = False) -> int | None:
    """`head_at` by the vocabulary's heads: a post, a body name or a class. With `lowercase`
    (a subject after a sentence's opening adverbial: "Trên cơ sở đề xuất …, sở Xây dựng tổng
    hợp …") a post or body needs no capital."""
    m = _rx("honorific").match(folded, pos)
    if m:
        after = pos + m.end() - m.start()
        while after < len(nfc) and nfc[after] == " ":
            after += 1
        # "Đồng chí Bí thư …", or in lower case before a capitalised post ("đề nghị các đồng chí
        # Bộ trưởng, Thủ trưởng cơ quan ngang Bộ …")
        if _rx("post").match(folded, after) and (nfc[pos:pos + 1].isupper() or nfc[after:after + 1].isupper()):
            pos = after
    capital = lowercase or nfc[pos:pos + 1].isupper()     # after the honorific, if any
    m = _rx("post").match(folded, pos)
    if m and capital:
        return pos
    m = _rx("body").match(folded, pos)
    if m and capital:
        nxt = re.match(r"[ \t]*\n?[ \t]*(\w)", nfc[m.end():m.end() + 4])
        if _rx("standalone").match(folded, pos) or (nxt and nxt.group(1).isupper()) \
                or _level_follows(folded, m.end()):
            return pos
    elif capital and _rx("standalone").match(folded, pos):
        return pos      # a name whose first word is no body's («Báo và Đài Phát thanh - Truyền hình …»)
    m = _rx("class").match(folded, pos)
    if m:
        return pos
    return None


def responsible_subject(nfc: str, folded: str, pos: int, lowercase: bool = False) -> re.Match[str] | None:
    """"Tổ chức kiểm định có trách nhiệm …" at `pos`: its match (the group "marker" opens
    the task), or None. `lowercase`: as for `named_head_at`."""
    m = _RESPONSIBLE_SUBJECT.match(nfc, pos) if lowercase or nfc[pos:pos + 1].isupper() else None
    if m is None:
        return None
    marker = m.start("marker")
    if not _coordinated_task(folded, pos, marker) and not _not_in_actor(folded, pos, marker) \
            and all(c.group(1).islower() for c in COMMA_THEN_WORD.finditer(nfc, pos, marker)):
        return m
    return None


# «Doanh nghiệp thực hiện dự án … quy định tại Thông tư này có trách nhiệm:» (fd4feb…): a subject
# qualified by the provision that names it, no «quy định» of a clause
_SPECIFIED_IN = re.compile(r"(?<!\w)quy định tại(?=\s+(?:%s)(?!\w))" % word_alternation("provision_word"))


def _not_in_actor(folded: str, pos: int, end: int) -> bool:
    """Whether a not_in_actor word stands in [pos, end), other than the «quy định» of «quy định
    tại <provision>»."""
    words_ = [w.start() for w in _NOT_IN_ACTOR.finditer(folded, pos, end)]
    if not words_:
        return False
    specified = {m.start() for m in _SPECIFIED_IN.finditer(folded, pos, end)}
    return any(w not in specified for w in words_)


def _coordinated_task(folded: str, pos: int, marker: int) -> bool:
    """"Tổ chức thực hiện và chịu trách nhiệm …": verbs joined to the marker, a task and not
    a subject (two task words opening it, or "và" just before the marker)."""
    if re.search(r"\svà\s*$", folded[pos:marker]):
        return True
    first = _rx("task").match(folded, pos)
    if not first:
        return False
    between = folded[first.end():marker]
    second_at = first.end() + len(between) - len(between.lstrip())    # the next word's start
    return bool(_rx("task").match(folded, second_at))


# "Tổ chức kiểm định có trách nhiệm …", "Đơn vị cung cấp dịch vụ kiểm định, kiểm tra có trách
# nhiệm …": a few words with a capital, then the responsibility marker: a subject whatever its head.
# Words and the spaces between them are taken whole (possessive, atomic): tried at every line start,
# a pattern that could split a run of spaces two ways backtracked through 2^n splittings of n words
# before failing (5.5 s of CPU over the 269 documents; 0.1 s so).
_RESPONSIBLE_SUBJECT = re.compile(r"[^\W\d_]++(?:,?(?>[ \t]*\n?[ \t]*)(?<=\s)[^\W_]++){0,19}"
                                  r"\s+(?P<marker>(?i:có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm(?!\s+(?:về|trước)\s)))(?!\w)")
# a comma and the word after it (group 1): inside such a subject it joins nouns ("kiểm định,
# kiểm tra"), not a clause and a name; the clause reader looks for a body after one
COMMA_THEN_WORD = re.compile(r",\s*(\w)")


def _level_follows(folded: str, pos: int) -> bool:
    """A level word right after a body head ("Thanh tra tỉnh", "Thanh tra thành phố")."""
    after = fold_text(folded[pos:pos + 16]).lstrip()
    return any(re.match(re.escape(lv) + r"(?!\w)", after) for lv in name_rules().levels)


# not right after a dotted_abbreviation ("TP. Hà Nội", "TT. HĐND"): its dot ends no sentence
_NOT_AFTER_ABBREVIATION = "".join(rf"(?<!\b{re.escape(a)})" for a in actor_phrases("dotted_abbreviation"))
# ". X" that no dotted abbreviation closes: one sentence ends, the next opens with a capital
PERIOD_THEN_CAPITAL = _NOT_AFTER_ABBREVIATION + rf"\.\s+(?={UPPER_CLASS})"
# the same, for a lower-case copy («ủy ban nhân dân tp. hà nội»)
NOT_AFTER_ABBREVIATION_LOWER = "".join(rf"(?<!\b{re.escape(a)})"
                                       for a in dict.fromkeys(a.lower() for a in actor_phrases("dotted_abbreviation")))
# a sentence ends at ". X"
_SENTENCE_END = re.compile(_NOT_AFTER_ABBREVIATION
                           + rf"[.!?](?=\s+{UPPER_CLASS})|\n\s*\n")


# the start of a line holding only an item number before it ("\n1. ", "\n- ", "\na) ")
_ITEM_MARK = r"[\dIVXivx]+(?:\.\d+)*[.)]|[a-zđ]\)"
_HEADING_LINE_START = re.compile(rf"(?:^|\n)[ \t]*(?:{_ITEM_MARK}|[-+•])?[ \t]*$")
# the same with the item number written ("\n2. "): such a heading may wrap its actor list
_ITEM_LINE_START = re.compile(rf"(?:^|\n)[ \t]*(?:{_ITEM_MARK})[ \t]*$")
_HEADING_WORDS = 10           # an actor heading on its own line, the task on the next
_MARKER_REACH = 24            # characters before an actor that can hold its line's item number
_SPACES_AT = re.compile(r"\s*")
_WRAPPED_HEADING_WORDS = 30   # … after an item number, wrapped over lines
_AFTER_COLON = re.compile(rf":\s*(?:(?:{INLINE_LABEL}|\([a-zđ]\))\s*)?$")


def actor_span(nfc: str, folded: str, pos: int, hi: int, lowercase: bool = False) -> tuple[int, int, int] | None:
    """(actor start, actor end, task start) of "<actors> <task verb> …" starting at `pos`;
    the actor list ends at the first task verb written in lower case. None when no actor
    starts at `pos` or no task verb follows within the sentence. `lowercase`: the subject
    follows a sentence's opening adverbial and may be written in lower case."""
    start = named_head_at(nfc, folded, pos, lowercase)
    regulated = _rx("regulated").match(folded, pos) if start is None else None
    if regulated and (lowercase or nfc[pos:pos + 1].isupper()):
        # a party named by what it does ("Tổ chức thu lệ phí nộp 100% …"): its duty follows
        task = _SPACES_AT.match(nfc, regulated.end()).end()
        if task < hi and nfc[task].islower():
            return pos, regulated.end(), task
    if start is None:
        # a subject no head names ("Tổ chức kiểm định có trách nhiệm …"): up to its marker
        resp = responsible_subject(nfc, folded, pos, lowercase)
        if resp is None or resp.start("marker") > hi:
            return None
        return pos, len(nfc[:resp.start("marker")].rstrip(" \t\n,")), resp.start("marker")
    stop = _SENTENCE_END.search(nfc, start, hi)
    limit = min(hi, stop.start() if stop else hi, start + 400)
    rx = _rx("task")
    p = start + 1
    while True:
        m = rx.search(folded, p, limit)
        if not m:
            return None
        s = m.start()
        before = folded[max(start, s - _PLURAL_WINDOW):s]
        after = folded[m.end():m.end() + 12]
        # a capitalised verb after a colon, or on the line after a short heading ("7. Cục Hợp
        # tác quốc tế\nKhẩn trương hoàn thành …")
        # ("Giao Đảng uỷ Chính phủ: (i) Chỉ đạo …": an inline item number may stand between)
        # ("5. Bộ trưởng các Bộ: Xây dựng, Công Thương, …": after a plural head the colon opens
        # the names, not the task); on the next line, after a heading that ends the list (no
        # comma or "và" before the break: "1. Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang bộ\nTập
        # trung chỉ đạo …"); a numbered heading may wrap its list over lines ("2. Bộ trưởng các
        # Bộ, Thủ trưởng cơ quan ngang bộ,\nChủ tịch Ủy ban nhân dân các tỉnh, thành phố\nKhẩn
        # trương rà soát …")
        after_colon = (bool(_AFTER_COLON.search(nfc[max(start, s - 10):s]))
                       and not _PLURAL_OPEN.search(nfc[start:s])) or (
            bool(re.search(r"\n\s*$", nfc[max(start, s - 3):s])) and not re.search(r"[;.]", nfc[start:s])
            and not re.search(r"(?:,|\svà)\s*$", nfc[start:s])
            and (not re.search(r",", nfc[start:s]) or _HEADING_LINE_START.search(nfc, max(0, start - _MARKER_REACH), start))
            and 3 <= len(nfc[start:s].split())
            <= (_WRAPPED_HEADING_WORDS if _ITEM_LINE_START.search(nfc, max(0, start - _MARKER_REACH), start)
                else _HEADING_WORDS))
        # "tổ chức" in a list of nouns ("cơ quan, tổ chức, cá nhân") is not the verb
        noun = _noun_use(m, folded, nfc)
        if (s == 0 or not folded[s - 1].isalnum()) and (nfc[s].islower() or after_colon) \
                and not _PLURAL_BEFORE.search(before) and not noun:
            # "đề nghị Thuế tỉnh Tây Ninh trong quá trình xây dựng Bảng giá … trình UBND tỉnh …,
            # phải …": an adverbial of time or condition after the actor opens the task
            # (the adverbial may hold the verb: «quá trình»)
            adverbial = _ACTOR_ADVERBIAL.search(folded, start + 1, limit)
            if adverbial and (adverbial.start(1) >= s or not nfc[adverbial.start(1)].islower()):
                adverbial = None
            if adverbial:
                s = adverbial.start(1)
            end = s
            number = _AFTER_COLON.search(nfc, start, end)     # "…: (i)" before the verb
            if number:
                end = number.start()
            while end > start and (nfc[end - 1].isspace() or nfc[end - 1] in ",;:"):
                end -= 1
            # "Bộ Nội vụ được giao xây dựng …": the assignment words belong to the task
            tail = _TASK_LEAD_END.search(folded[start:end])
            if tail:
                end = start + tail.start()
            if re.search(r"(?<!\w)được$", folded[start:end]):
                return None      # a passive: "Các bộ phận … được công bố"
            while end > start and (nfc[end - 1].isspace() or nfc[end - 1] in ",;"):
                end -= 1
            emphasis = _EMPHASIS.search(folded, start, end) or _PLACE_QUALIFIER.search(folded, start, end)
            if emphasis:
                end = emphasis.start()
            if end <= start or _NOT_IN_ACTOR.search(folded, start, end):
                return None
            # "Các cơ quan, tổ chức, đơn vị, doanh nghiệp trực tiếp quản lý tài sản cố định có
            # trách nhiệm …": the words before the subject marker qualify the actor
            marker = None if adverbial else _MARKER_AHEAD.match(folded, s, limit)
            if marker and not _NOT_IN_MARKED.search(folded, s, marker.end(1)):
                return start, marker.end(1), marker.end(2)
            # "… Hà Nội chỉ gửi công văn …": an account of what the body did
            if re.search(r"(?<!\w)(?:" + _rx("narration").pattern + r")$", folded[start:end]):
                return None
            return start, end, s
        p = s + 1


def _exact(kind: str) -> str:
    """The phrases of `kind` as written in obligation_actors.tsv, longest first, one alternation."""
    return "|".join(map(re.escape, sorted(actor_phrases(kind), key=len, reverse=True)))


# "các xây dựng" / "những tổ chức": a task word after a plural_before word is a noun (searched
# in the few characters before the word: the longest word and a space)
# "Đồng chí Bí thư …" / "ông …": the honorific words, in lower case or capitalised
_HONORIFIC_START = re.compile(r"^\s*(?:" + "|".join(
    re.escape(v) for p in actor_phrases("honorific") for v in (p, p[:1].upper() + p[1:])) + r")\s+")
_PLURAL_BEFORE = re.compile(rf"(?<!\w)(?:{_exact('plural_before')})\s+$")
_PLURAL_WINDOW = max(map(len, actor_phrases("plural_before"))) + 1
# "Bộ Nội vụ được giao xây dựng …": task_lead words ending the actor belong to the task; so
# does a number in brackets ("(1)")
_TASK_LEAD_END = re.compile(rf"\s+(?:{_exact('task_lead')})$|\s*:?\s*\(\d{{1,2}}\)$")
# "cơ quan, tổ chức, cá nhân": "tổ chức" followed by a comma or a noun_list_after word is a noun
_NOUN_LIST_AFTER = re.compile(rf"\s*(?:,|(?:{_exact('noun_list_after')})(?!\w))")
_NOUN_LIST_BEFORE = re.compile(rf"(?<!\w)(?:{_exact('noun_list_before')})\s*,\s*$")


# a short run of words without a stop, then a subject_marker ("có trách nhiệm"; group 1 ends
# the actor)
_MARKER_AHEAD = re.compile(r"((?:[^\W\d][\w/-]*\s+){1,20}?[^\W\d][\w/-]*)(\s+)(?=(?:"
                           + "|".join(re.escape(m.lower()).replace(r"\ ", r"\s+") for m in actor_phrases("subject_marker"))
                           + r")(?!\w))")


# what a clause qualifying the actor before its subject marker cannot hold (a sentence of its
# own: "… đã …", "… không …"); "theo quy định tại Nghị quyết này" is a qualifier
_NOT_IN_MARKED = re.compile(word_alternation("not_in_marked"))


def task_verb_at_or_after(nfc: str, low: str, pos: int, hi: int) -> int | None:
    """The first task verb written in lower case at or after `pos` (not a noun after "các")."""
    for m in _rx("task").finditer(low, pos, hi):
        s = m.start()
        if (s == 0 or not low[s - 1].isalnum()) and nfc[s].islower() \
                and not _PLURAL_BEFORE.search(low[max(pos, s - _PLURAL_WINDOW):s]) \
                and not _noun_use(m, low, nfc):
            return s
    return None


def _noun_use(m: re.Match[str], low: str, nfc: str | None = None) -> bool:
    """"tổ chức" in a list of nouns ("cơ quan, tổ chức, cá nhân"), not the verb; or a task
    word that ends a capitalised name ("Tổng cục Hậu cần", "Bộ Ngoại giao")."""
    if nfc is not None and _in_name(m.start(), low, nfc):
        return True
    if _in_compound(m, low):
        return True
    # the words may be wrapped over a line ("Các cơ quan, tổ\nchức, đơn vị")
    return collapse(m.group(0)).startswith("tổ chức") and bool(
        _NOUN_LIST_AFTER.match(low[m.end():m.end() + 16])
        or _NOUN_LIST_BEFORE.search(low, max(0, m.start() - 16), m.start()))


def _in_compound(m: re.Match[str], low: str) -> bool:
    """The task word at m is inside a noun_compound phrase ("các cơ quan tham mưu", "được giao
    xử lý", "công lập")."""
    # each phrase on its own: compounds overlap ("cơ quan tham mưu" / "tham mưu, quản lý nhà nước")
    for rx in _compound_rxs():
        for c in rx.finditer(low, max(0, m.start() - 40), m.end() + 40):
            if c.start() <= m.start() and c.end() >= m.end():
                return True
    return False


@lru_cache(maxsize=1)
def _compound_rxs() -> tuple[re.Pattern[str], ...]:
    return tuple(_phrase_rx((p,)) for p in words().get("noun_compound", ()))


def _in_name(s: int, low: str, nfc: str) -> bool:
    """The word at `s` closes a name_word phrase whose first syllable is capitalised
    ("Bộ Ngoại giao", "Cục Kết cấu hạ tầng xây dựng")."""
    before = list(re.finditer(r"\w+\s+", low[max(0, s - 40):s]))
    for prev in reversed(before[-4:]):           # a phrase opens up to four words back
        p = max(0, s - 40) + prev.start()
        if nfc[p:p + 1].isupper():
            m = _rx("name_word").match(low, p)
            return bool(m) and m.end() > s
    return False


def actor_only(nfc: str, folded: str, lo: int, hi: int, after_cue: bool = False) -> tuple[int, int] | None:
    """A heading that is only an actor list ("1. Sở Tài chính", "2. Chủ tịch Ủy ban nhân
    dân các tỉnh: Khánh Hòa, Đắk Lắk:"): (start, end) or None. After an assigning cue
    (`after_cue`: "1. Giao người đứng đầu các cơ quan …") a post may be written in lower case."""
    start = head_at(nfc, folded, lo)
    if start is None and after_cue and _rx("post").match(folded, lo):
        start = lo
    if start is None:
        return None
    text = nfc[start:hi].rstrip(" \n:.")
    emphasis = _EMPHASIS.search(folded, start, start + len(text))
    if emphasis:          # "…, trong đó trọng tâm là các tỉnh: …": the actor ends before it
        text = nfc[start:emphasis.start()].rstrip(" ,")
    if not text or len(text.split()) > 40 or _SENTENCE_END.search(text) \
            or any(not _relative_after_class(folded, start, m)
                   for m in _NOT_IN_ACTOR.finditer(folded, start, start + len(text))):
        return None
    # a task verb in lower case means it is a sentence, not a heading — unless it closes the
    # heading with no object after it: then it ends a name ("7. Cục Kinh tế - Quản lý đầu tư
    # xây dựng")
    for m in _rx("task").finditer(folded, start, start + len(text)):
        s = m.start()
        if m.end() == start + len(text) and " - " in text[:s - start]:
            continue
        after_colon = bool(re.search(r":\s*$", nfc[max(start, s - 3):s]))
        if (s == 0 or not folded[s - 1].isalnum()) and (nfc[s].islower() or after_colon) \
                and not _in_name(s, folded, nfc) and not _in_compound(m, folded):
            return None
    return start, start + len(text)


def _relative_after_class(folded: str, start: int, m: re.Match[str]) -> bool:
    """"Các đơn vị có TTHC" heading a list: "có" right after the class that opens the heading
    says which of its bodies are meant, it is no verb of a sentence."""
    cls = _rx("class").match(folded, start)
    return m.group(0) == "có" and cls is not None and folded[cls.end():m.start()].strip() == ""


# ---------------------------------------------------------------------------- lists
_PLURAL_HEADS = "|".join(re.escape(h) for h in actor_phrases("plural_head"))
# "các cơ quan, đơn vị:" (list_class words, one or two, a comma between) before a list of names
LIST_CLASS = "|".join(re.escape(p) for p in sorted(actor_phrases("list_class"), key=len, reverse=True))
_CLASS_BEFORE_NAMES = rf"(?:{LIST_CLASS})(?:\s*,\s*(?:{LIST_CLASS}))?"
# a class word after a plural head: "Các Bộ, cơ quan: Tài chính, …, Tập đoàn Điện lực Việt Nam"
CLASS_AFTER_HEAD = rf"(?:\s*,\s*{_CLASS_BEFORE_NAMES})?"
_PLURAL_OPEN = re.compile(rf"\b[Cc]ác\s+(?:(?:{_PLURAL_HEADS}){CLASS_AFTER_HEAD}|{_CLASS_BEFORE_NAMES})"
                          r"\s*:[^:]*$")


def _place_list_before_colon(text: str) -> bool:
    head = _key(text.rsplit(":", 1)[0])
    return any(head.endswith(p) for p in name_rules().place_lists)


# ---------------------------------------------------------------------------- normalising
def _expand_abbr(s: str) -> str:
    for short, long in name_rules().abbr:
        s = re.sub(r"(?<!\w)" + re.escape(short) + r"(?!\w)", long, s)
    return s


@lru_cache(maxsize=1)
def _post_body_heads() -> dict[str, str]:
    """Post (lower case) → the head of the body its words hold ("chánh văn phòng" → "Văn phòng")."""
    return {collapse(unicodedata.normalize("NFC", r[1]).lower()): r[2]
            for r in _rows(DATA_DIR / "obligation_actors.tsv") if r[0] == "post" and len(r) > 2 and r[2]}


def body_of(name: str, level: str | None = None, aliases: dict[str, str] | None = None) -> str:
    """The body a normalised actor stands for: a post is mapped to the body it leads
    ("Giám đốc Sở Ngoại vụ" → "Sở Ngoại vụ", "Chánh Văn phòng Ủy ban nhân dân tỉnh" → "Văn phòng
    Ủy ban nhân dân tỉnh", "Chủ tịch Ủy ban nhân dân cấp xã" → "Ủy ban nhân dân cấp xã"); a body,
    or a post without its body written ("Bí thư tỉnh ủy"), is returned as it is."""
    s = _HONORIFIC_START.sub("", collapse(name))
    m = _rx("post").match(lower(s))
    if not m:
        return name
    rest = s[m.end():].strip(" ,:")
    head = _post_body_heads().get(collapse(m.group(0)))
    body = f"{head} {rest}" if head and rest else rest
    if not body or head_at(body, lower(body), 0) is None:
        return name
    body = normalize(body, level, aliases)
    return body[:1].upper() + body[1:]


# a slash between the words of a class is a comma: «UBND các tỉnh/ thành phố» (646f0a…)
_CLASS_SLASH = re.compile(rf"(?<={LOWER_CLASS})\s*/\s*(?={LOWER_CLASS})")


def normalize(member: str, level: str | None, aliases: dict[str, str] | None = None) -> str:
    """The normalised name of one member. `level` is the issuer's level ("tỉnh"); `aliases`
    maps folded short names defined in the document ("Ban Quản lý") to their full form."""
    r = name_rules()
    s = unicodedata.normalize("NFC", member)
    s = _FOOTNOTE_MARK.sub("", s)       # "Bộ Nội vụ[4]": a footnote's number, not the name's
    s = _HONORIFIC_START.sub("", s)
    # a list of places after a class is dropped: "các tỉnh: Khánh Hòa, Đắk Lắk"
    if ":" in s and _place_list_before_colon(s):
        s = s.rsplit(":", 1)[0]
    # … and a stretch of them: "các tỉnh, thành phố (ven biển) từ Đà Nẵng đến Lâm Đồng"
    s = _PLACE_RANGE.sub(r"\g<keep>", s)
    # a pointer to where the text lists them: "… các tỉnh, thành phố nêu tại Điều 1", "… theo quy
    # định tại Nghị quyết này"
    s = _POINTER_AFTER.sub("", s)
    s = _CLASS_SLASH.sub(", ", _expand_abbr(collapse(s)))
    # "Bộ trưởng Bộ Tài chính - Phó Trưởng ban Thường trực Ban Chỉ đạo 389 quốc gia": the post
    # the actor holds, not the second title it is named with
    # (or a role it has: "Bộ Tài chính - Cơ quan Thường trực Ban Chỉ đạo 751")
    second = _SECOND_TITLE.search(s)
    if second and (_rx("post").match(lower(s)) and _rx("post").match(re.sub(r"^phó\s+", "", lower(s[second.end():])))
                   or _rx("role_title").match(lower(s[second.end():]))):
        s = s[:second.start()]
    # "Phó Thủ tướng Chính phủ Trần Hồng Hà": the post, not the person holding it
    s = _PERSON_AFTER_GOVERNMENT.sub("", s)
    s = _head_title(_respell(s, r), r)
    # "Văn phòng Ủy ban nhân dân tỉnh (Trung tâm Phục vụ hành chính công tỉnh)": a bracket
    # qualifies the body, it does not name it
    s = _commune_tier(tidy_name(_BRACKETED.sub("", s)))
    key = _key(s)
    lv = level or ""
    if key in r.names:
        return _with_level(r.names[key], lv)
    if aliases:
        for short in sorted(aliases, key=len, reverse=True):
            if key.endswith(short) and not key.endswith(_key(aliases[short])):
                s = _respell(s[: len(s) - len(_tail(s, short))] + aliases[short], r)
                key = _key(s)
                break
    if key in r.hdnd_member:
        return _with_level(r.hdnd_member[key] + " {cấp}", lv)
    for h in r.hdnd:
        if key.endswith(h):
            return tidy_name(s) + (" " + lv if lv else "")
    if key in r.leveled:
        return _with_level(r.leveled[key] + " {cấp}", lv)
    s = _lower_level(s)
    # a class keeps lower case after "các": "Lãnh đạo các Bộ, ngành" → "Lãnh đạo các bộ, ngành"
    s = _CLASS_AFTER_CAC.sub(lambda m: m.group(1).lower(), s)
    if fold_text(s).startswith(("bo, ", "cac ")) or s[:1].islower():
        s = s[:1].upper() + s[1:]
    return s


def _head_title(s: str, r: NameRules) -> str:
    """"Thủ trưởng Văn phòng UBND tỉnh" → "Chánh Văn phòng UBND tỉnh": the head of a named body by
    the title of its post (a closing list «Thủ trưởng các cơ quan, đơn vị: Văn phòng UBND tỉnh, Sở
    Tài chính; …», 43ce59…)."""
    if not s.startswith(_GENERIC_HEAD):
        return s
    body = s[len(_GENERIC_HEAD):]
    if not body[:1].isupper():
        return s
    key = _key(body) + " "
    for head, title in r.head_titles:
        if key.startswith(head + " "):
            return f"{title} {body}"
    return s


_GENERIC_HEAD = "Thủ trưởng "


def _respell(s: str, r: NameRules) -> str:
    """The usual spellings of obligation_names.tsv (as written, whole words)."""
    for wrong, right in r.spelling:
        s = re.sub(r"(?<!\w)" + re.escape(wrong) + r"(?!\w)", right, s)
    return s


_SECOND_TITLE = re.compile(r"\s+-\s+")
_FOOTNOTE_MARK = re.compile(FOOTNOTE_MARK)
# a range of places closing a class of units (lower-case words between: "ven biển")
_PLACE_RANGE = re.compile(r"(?P<keep>\b[cC]ác\s+[^:;()]*?(?:tỉnh|thành phố|xã|phường))"
                          rf"(?:\s+{LOWER_CLASS}+){{0,3}}?\s+từ\s+{UPPER_CLASS}[^,;:()]*?\s+đến\s+{UPPER_CLASS}[^,;:()]*$")
_POINTER_AFTER = re.compile(r"\s+(?:được\s+)?(?:nêu|quy định|theo quy định)\s+tại\s+"
                            r"(?:(?:điểm|khoản|Điều|mục|Mục|Phụ lục|phụ lục)\s+[\w.]+(?:\s+|,\s*)?)*"
                            r"(?:(?:của\s+)?(?:Nghị quyết|Quyết định|Thông tư|Nghị định|Kế hoạch|Công văn)\s+này)?$")
_BRACKETED = re.compile(r"\s*\([^()]*\)")
_PERSON_AFTER_GOVERNMENT = re.compile(rf"(?<=Chính phủ)(?:\s+{UPPER_CLASS}{LOWER_CLASS}*){{2,4}}$")
_CLASS_AFTER_CAC = re.compile(r"(?<=\b[cC]ác )(" + "|".join(map(re.escape, actor_phrases("class_lowered")))
                              + r")\b(?=,)")


_COMMUNE_WORD = "(?:" + "|".join(map(re.escape, commune_words())) + ")"
# "Ủy ban nhân dân các phường, xã, đặc khu", "Công an xã, phường và đặc khu (… trên địa bàn tỉnh)":
# a body of every commune-tier unit, in whatever order the units are listed
_COMMUNE_LIST = re.compile(rf"(?P<body>.+?)\s+(?P<cac>các\s+)?(?P<units>{_COMMUNE_WORD}(?:\s*(?:,|và)\s*{_COMMUNE_WORD})*)"
                           rf"(?:\s+trên địa bàn(?:\s+(?:tỉnh|thành phố))?)?", re.IGNORECASE)


def _commune_tier(s: str) -> str:
    """A body (or post) of all the commune-tier units, however listed, is the body "cấp xã"
    (../shared/realdocs/README.md: "Chủ tịch Ủy ban nhân dân các xã, phường, đặc khu" →
    "Chủ tịch Ủy ban nhân dân cấp xã"). One unit without "các" is a named unit's body."""
    m = _COMMUNE_LIST.fullmatch(s)
    if not m or not (m.group("cac") or re.search(r",|\bvà\b", m.group("units"))):
        return s
    return m.group("body") + " cấp xã"


def _tail(s: str, folded_short: str) -> str:
    n = len(folded_short.split())
    return " ".join(s.split()[-n:])


def _with_level(canonical: str, level: str) -> str:
    if "{cấp}" not in canonical:
        return canonical
    return canonical.replace("{cấp}", level).strip() if level else canonical.replace(" {cấp}", "")


# a level word capitalised after a body: "Ủy ban nhân dân Thành phố"
_LEVEL_AFTER = re.compile(r"(?<=\bdân )(" + "|".join(
    re.escape(w[:1].upper() + w[1:]) for w in level_words()) + r")\b")


def _lower_level(s: str) -> str:
    """"Ủy ban nhân dân Thành phố" → "Ủy ban nhân dân thành phố": a level word after a body
    is written in lower case."""
    return _LEVEL_AFTER.sub(lambda m: m.group(1).lower(), s)


# "(sau đây gọi tắt là Ban Quản lý)": a short_name_cue (obligation_actors.tsv) and the short name
_LIST_BEFORE = re.compile(r"(?:,|\svà)\s*$")
_SHORT_NAME = re.compile(r"\((?:" + _exact("short_name_cue") + r")\s+([^)]{2,60})\)")
# a level word and a place closing a full name ("… thành phố Đà Nẵng"): they qualify the body
_LEVEL_AND_PLACE = re.compile(r"\s+(?:" + "|".join(map(re.escape, level_words())) + r")\s+" + UPPER_CLASS + r"[\w\s]*$")


# "Kính gửi: Công ty TNHH Bao bì Kỹ thuật cao Riches." (wrapped anywhere), up to the first ";",
# bracket, full stop or blank line
# (a line ending in a full stop ends the name: "Kính gửi: Thuế\nthành phố Huế.\nCục Thuế nhận được …")
_ONE_ADDRESSEE = re.compile(r"K[íi]nh\s+g[ửu]i\s*:\s*(?P<name>[^;(\n]+(?:(?<!\.)\n(?!\s*\n)[^;(\n]+)*?)\s*(?:[;(]|\.\s|\.$|\n\s*\n)",
                            re.MULTILINE)
_ADDRESSEE_SHORT = re.compile(r"(?:" + "|".join(map(re.escape, sorted(actor_phrases("addressee_short"),
                                                                      key=len, reverse=True))) + r")(?!\w)")


def addressee(nfc: str) -> str | None:
    """The one addressee of a letter as its «Kính gửi:» line writes it ("Kính gửi: Thuế\nthành phố
    Huế." → "Thuế thành phố Huế"), or None."""
    m = _ONE_ADDRESSEE.search(nfc, 0, 4000)
    if not m:
        return None
    name = collapse(m.group("name")).strip(" .,:")
    if not name or name.startswith("-") or len(name.split()) > 20:
        return None
    return name


def addressees(nfc: str) -> list[str]:
    """The addressees of a letter: the one its «Kính gửi:» line names, or those of the dash lines
    under it ("Kính gửi:\n- Công ty cổ phần siêu thị Sài Gòn;\n(Địa chỉ: …)\n- Thuế tỉnh Phú Thọ.")."""
    one = addressee(nfc)
    if one:
        return [one]
    m = _ADDRESSEE_LIST.search(nfc, 0, 4000)
    if not m:
        return []
    names = (collapse(d.group(1)).strip(" .,;:") for d in _DASH_LINE.finditer(m.group("lines")))
    return [n for n in names if n and len(n.split()) <= 20]


def firm_addressee(name: str) -> bool:
    """Whether an addressee is a firm a letter may call by a common noun ("Tổng Công ty Phân bón và
    Hóa chất Dầu khí - CTCP": "doanh nghiệp", "Tổng Công ty")."""
    return _ADDRESSEE_SHORT.match(lower(name)) is not None


_BULLET = f"[{BULLETS}{re.escape(SUB_BULLET)}]"      # markers' bullets, as LEADING_BULLET reads them
_ADDRESSEE_LIST = re.compile(rf"K[íi]nh\s+g[ửu]i\s*:[ \t]*\n(?P<lines>(?:[ \t]*\n|[ \t]*{_BULLET}[^\n]*\n|[ \t]*\([^\n]*\n)+)")
_DASH_LINE = re.compile(rf"^[ \t]*{_BULLET}[ \t]*([^\n]+)", re.MULTILINE)


def addressee_names(nfc: str) -> dict[str, str]:
    """The short name a letter to one addressee calls it by: "Kính gửi: Công ty TNHH
    Hanesbrands Việt Nam." → {"cong ty": "Công ty TNHH Hanesbrands Việt Nam"}."""
    name = addressee(nfc)
    head = _ADDRESSEE_SHORT.match(lower(name)) if name else None
    if not head or len(name) <= head.end():
        return {}
    out = {_key(name[:head.end()]): name}
    # a branch is called by its firm's noun too: «Kính gửi: Chi nhánh Công ty TNHH KGL Việt Nam tại TP. HCM»,
    # «Đề nghị Công ty nghiên cứu …» (4768df…)
    rest = name[head.end():].lstrip()
    firm = _ADDRESSEE_SHORT.match(lower(rest))
    if firm and len(rest) > firm.end():
        out.setdefault(_key(rest[:firm.end()]), name)
    return out


def defined_names(nfc: str) -> dict[str, str]:
    """Short names a document defines: "Ban Quản lý Khu kinh tế mở Chu Lai thành phố Đà
    Nẵng (sau đây gọi tắt là Ban Quản lý)" → {"ban quan ly": "Ban Quản lý Khu kinh tế mở Chu
    Lai"} (a trailing level and place are left out: they qualify the body, not name it)."""
    out: dict[str, str] = {}
    for m in _SHORT_NAME.finditer(nfc):
        short = collapse(m.group(1)).strip(" .,;:\"“”")
        before = collapse(nfc[max(0, m.start() - 300):m.start()])
        i = before.rfind(short.split()[0] + " " + " ".join(short.split()[1:]) if " " in short else short)
        if i < 0 or _LIST_BEFORE.search(before, 0, i):
            # «Dự án casino Phú Quốc …, dự án casino Vân Đồn … và dự án casino Hồ Tràm … (sau đây gọi
            # là dự án casino)» (032697…): the short name stands for every name of a list, no one of them
            continue
        full = before[i:].strip()
        full = _LEVEL_AND_PLACE.sub("", full)
        if len(full) > len(short) and len(full.split()) <= 20:
            out[_key(short)] = full
    return out
