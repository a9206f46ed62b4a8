"""The members of an actor list as written: "Bộ Quốc phòng, Bộ Công an" is two, "Sở Văn hóa,
Thể thao và Du lịch" one, "Giám đốc các Sở: Tài chính, Xây dựng" two posts, "Giám đốc: Trung tâm
A, Trung tâm B" two, "Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ" two. Where an actor
is found and how a member is normalised: `cancu.nlp.obligations.actors`."""
from __future__ import annotations

import re
from functools import lru_cache

from cancu.nlp.obligations.actors import (CLASS_AFTER_HEAD, DATA_DIR, _CLASS_BEFORE_NAMES, PERIOD_THEN_CAPITAL,
                                          _PLURAL_HEADS, _PLURAL_OPEN, _key, _place_list_before_colon, _rows, _rx, head_at,
                                          lower, name_rules, words)
from cancu.nlp.obligations.vocab import level_words
from cancu.nlp.text.fold import collapse
from cancu.nlp.text.markers import LEADING_BULLET
from cancu.nlp.text.letters import UPPER_CLASS

_COMMA_NAME = re.compile(rf"\s*,\s*(?={UPPER_CLASS})")   # ", X": the next name opens

# a dash bullet before a member of a list written as bullets


def _starts_member(seg: str, before: str = "") -> bool:
    """A list segment that opens a new member: a post, a capitalised body, or a class; or, after
    the member `before`, a body named by its common noun alone, in lower case («người đứng đầu cơ
    sở, chủ đầu tư»), unless it repeats the noun of the body a post leads there («Thủ trưởng cơ
    quan Kho bạc nhà nước, cơ quan Thuế …»: the post goes over both)."""
    s = seg.lstrip()
    f = lower(s)
    if f.startswith(words().get("places_not_member", ())):
        return False
    return head_at(s, f, 0) is not None or (
        bool(before) and (_rx("standalone").match(f) or _rx("post").match(f)) is not None
        and not _repeats_posts_head(before, s))


# ";" or a sentence end ". X" that no dotted_abbreviation closes ("TP. Hà Nội").
_MEMBER_SEPARATOR = re.compile(r"\s*;\s*|" + PERIOD_THEN_CAPITAL)


_ONE_CLASS = re.compile(r"(?![^:]*:)(?!.*\svà\s+các\s)(?:[Cc]ác\s|[Cc]ấp [uủ][ỷy](?!\w))")


def split_members(text: str) -> list[str]:
    """The members of an actor list as written. Separators are ";" always, and "," or "và"
    when what follows opens a new member ("Bộ Quốc phòng, Bộ Công an"; not "Sở Văn hóa,
    Thể thao và Du lịch", nor "các sở, ban, ngành")."""
    text = collapse(text)
    out: list[str] = []
    for part in _MEMBER_SEPARATOR.split(text):
        part = part.strip(" ,.")
        if not part:
            continue
        # "Các Cục: Bản quyền tác giả; Báo chí": a name of the open list, not a member
        if out and _PLURAL_OPEN.search(out[-1]) and not _starts_member(part):
            out[-1] += "; " + part
            continue
        # "Giám đốc: Trung tâm Phục vụ hành chính công tỉnh, Trung tâm Công báo - Tin học tỉnh":
        # one post over a list of bodies, a member each
        posted = _post_over_bodies(part)
        if posted:
            out.extend(posted)
            continue
        # "các cấp ủy, tổ chức đảng, các cơ quan, đơn vị, địa phương": common nouns only, no
        # name among them, make one class (as "các sở, ban, ngành" does); "… và các tổ chức,
        # cá nhân có liên quan" still adds a member
        if _ONE_CLASS.match(part) and not any(c.isupper() for c in part[1:]):
            out.append(part)
            continue
        pieces = re.split(r"(,\s*|\s+và\s+)", part)
        cur = pieces[0]
        for i in range(1, len(pieces), 2):
            sep, nxt = pieces[i], pieces[i + 1]
            rest = "".join(pieces[i + 1:])      # a class may run over commas: "cơ quan, đơn vị …"
            # after "các tỉnh:" the places are a list, not members
            in_places = re.search(r":\s*[^:]*$", cur) and _place_list_before_colon(cur)
            # "Bộ trưởng các Bộ: Quốc phòng, Công an": names of the list, until a post or class
            in_plural = _PLURAL_OPEN.search(cur)
            if in_plural and not (_rx("post").match(lower(nxt.lstrip())) or _rx("class").match(lower(nxt.lstrip()))):
                cur += sep + nxt
                continue
            opens = _starts_member(rest, cur) or (sep.strip() == "và" and _rx("last_member").match(lower(rest.lstrip())))
            if opens and not in_places and not _inside_known_name(cur, sep, rest) \
                    and not _inside_standalone(cur, sep, rest):
                out.append(cur)
                cur = nxt
            elif in_places and _starts_member(rest) and not _is_place(nxt):
                out.append(cur)
                cur = nxt
            else:
                cur += sep + nxt
        out.append(cur)
    # a cell's list may be written as dash bullets ("- Bộ Khoa học và Công nghệ;\n- Bộ Xây dựng;")
    out = [LEADING_BULLET.sub("", m.strip(" ,.:")) for m in out]
    return [m.strip(" ,.:") for m in out if m.strip(" ,.:")]


_POST_COLON = re.compile(r"(?P<post>[^:,;]{2,40}?)\s*:\s*(?P<rest>[^:]+)")


def _post_over_bodies(part: str) -> list[str] | None:
    """"Giám đốc: Trung tâm A, Trung tâm B" → "Giám đốc Trung tâm A", "Giám đốc Trung tâm B":
    a bare post, a colon, then bodies each opening with a capital."""
    m = _POST_COLON.fullmatch(part)
    if not m or not _rx("post").fullmatch(lower(m.group("post"))):
        return None
    names = _names_after_colon(m.group("rest"))
    if not names or any(head_at(n, lower(n), 0) is None or _rx("post").match(lower(n)) for n in names):
        return None
    return [f"{m.group('post')} {n}" for n in names]


def _names_after_colon(rest: str) -> list[str]:
    """The names listed after a post's colon, split where a comma comes before a capital that opens
    a body (not inside «Sở Văn hóa, Thể thao và Du lịch», 00e8b0…)."""
    out: list[str] = []
    for n in (n.strip() for n in _COMMA_NAME.split(rest)):
        if not n:
            continue
        if out and head_at(n, lower(n), 0) is None:
            out[-1] += ", " + n
        else:
            out.append(n)
    return out


def _is_place(seg: str) -> bool:
    """A proper place name ("Khánh Hòa", "Đắk Lắk"): capitalised words only, no head."""
    ws = seg.split()
    return bool(ws) and all(w[:1].isupper() for w in ws) and head_at(seg, lower(seg), 0) is None


# "Giám đốc các Sở: …", "Các Bộ, cơ quan: Tài chính, Xây dựng, …, Tập đoàn Điện lực Việt Nam" (a
# class word after the head: the list may end with bodies of other kinds, named in full)
_PLURAL_BODY = re.compile(rf"^(?P<post>.*?)\b(?:các|Các)\s+(?P<head>{_PLURAL_HEADS}){CLASS_AFTER_HEAD}"
                          rf"\s*:\s*(?P<rest>.+)$")


_POST_OF_LIST = re.compile(rf"^(?P<post>.+?)\s+các\s+{_CLASS_BEFORE_NAMES}\s*:\s*(?P<rest>.+)$")


def expand_member(member: str) -> list[str]:
    """A plural head with a list of names becomes one member per name ("Giám đốc các Sở:
    Tài chính, Khoa học và Công nghệ" → "Giám đốc Sở Tài chính", "Giám đốc Sở Khoa học và
    Công nghệ"); the names are split on ";" when there is one, else on ","."""
    repeated = _post_over_repeated_head(member) or _head_over_places(member)
    if repeated:
        return repeated
    m = _PLURAL_BODY.match(member)
    if not m:
        # "Thủ trưởng các cơ quan, đơn vị: Văn phòng Ủy ban nhân dân tỉnh, Sở Tài chính"
        p = _POST_OF_LIST.match(member)
        if p and _rx("post").match(lower(p.group("post"))):
            names = _names_after_colon(p.group("rest"))
            if names and all(head_at(n, lower(n), 0) is not None for n in names):
                return [f"{p.group('post')} {n}" for n in names]
        return [member]
    rest = m.group("rest")
    names = [n.strip() for n in (rest.split(";") if ";" in rest else rest.split(","))]
    head = m.group("head")
    if ";" not in rest:
        names = _join_known(head, names)
    post = m.group("post").strip()
    return [collapse(f"{post} {n}" if _named_in_full(head, n) else f"{post} {head} {n}") for n in names if n]


_LIST_JOIN = re.compile(r"\s*,\s*|\s+và\s+")


def _head_over_places(member: str) -> list[str] | None:
    """"UBND thành phố Hà Nội, Thành phố Hồ Chí Minh" → "UBND thành phố Hà Nội", "UBND Thành phố
    Hồ Chí Minh": a council's or committee's name (`place_head`) over places each named with
    its tier word."""
    low = lower(member)
    head = next((h for h in words()["place_head"] if low.startswith(h + " ")), None)
    if head is None:
        return None
    places = _LIST_JOIN.split(member[len(head) + 1:])
    if len(places) < 2 or not all(_PLACE.fullmatch(p) for p in places):
        return None
    return [f"{member[:len(head)]} {p}" for p in places]


# a place with its tier word: «thành phố Hà Nội», «Thành phố Hồ Chí Minh», «tỉnh Đắk Lắk»
_PLACE = re.compile(r"(?i:%s)(?:\s+%s[^\s,]*)+" % ("|".join(map(re.escape, level_words())), UPPER_CLASS))


def _named_in_full(head: str, name: str) -> bool:
    """A name of the list that opens with a body head of its own ("Tập đoàn Điện lực Việt Nam"
    among "các Bộ, cơ quan: Tài chính, …"), not the list's head again."""
    low = lower(name)
    start = _rx("body").match(low)
    return start is not None and name[:1].isupper() and not low.startswith(lower(head) + " ") \
        and _key(f"{head} {name}") not in _known_bodies()      # "Công an": the Bộ Công an


def _post_over_repeated_head(member: str) -> list[str] | None:
    """"Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ" → "Thủ trưởng cơ quan ngang bộ",
    "Thủ trưởng cơ quan thuộc Chính phủ": a post over bodies that each repeat the same noun."""
    post = _rx("post").match(lower(member))
    if not post:
        return None
    pieces = [p.strip() for p in member[post.end():].split(",")]
    heads = {" ".join(lower(p).split()[:2]) for p in pieces}
    if len(pieces) < 2 or len(heads) != 1 or len(next(iter(heads)).split()) < 2 or not all(pieces):
        return None
    return [f"{member[:post.end()].strip()} {p}" for p in pieces]


def _join_known(head: str, names: list[str]) -> list[str]:
    """Names of a list split on commas, with the pieces of one known name joined again:
    "các Bộ: Xây dựng, Văn hóa, Thể thao và Du lịch" holds the Bộ Văn hóa, Thể thao và Du lịch
    (an issuer of nlp/data/issuers.tsv)."""
    known = _known_bodies()
    out: list[str] = []
    for n in names:
        if out and _key(f"{head} {out[-1]}, {n}") in known:
            out[-1] = f"{out[-1]}, {n}"
        else:
            out.append(n)
    return out


def _repeats_posts_head(cur: str, nxt: str) -> bool:
    """"Thủ trưởng cơ quan Kho bạc nhà nước, cơ quan Thuế …": the next name repeats the noun of
    the body a post leads, so the post goes over both (`_post_over_repeated_head`)."""
    post = _rx("post").match(lower(cur))
    head = lower(cur[post.end():]).split()[:2] if post else []
    return len(head) == 2 and lower(nxt).split()[:2] == head


def known_body_before_words(member: str) -> str:
    """A known body's name and the lower-case words of a clause run on after it («Bộ Công an thống
    nhất giải pháp trả kết quả» in «phối hợp với Bộ Công an thống nhất giải pháp …», 74e2dd…): the
    body's name; the member as it is otherwise."""
    words_ = member.split()
    key = _key(member).split()
    for n in range(len(key) - 1, 1, -1):
        if " ".join(key[:n]) in _known_bodies() and n < len(words_) and words_[n][:1].islower() \
                and not _QUALIFIER_START.match(" ".join(words_[n:]).lower()):
            return " ".join(words_[:n])
    return member


# what goes on a body's name in lower case: its place or tier («Văn phòng Ủy ban nhân dân tỉnh», «Ủy ban
# nhân dân các tỉnh, thành phố …», «… cấp xã»)
_QUALIFIER_START = re.compile(r"(?:các\s+|cấp\s+)?(?:%s)(?!\w)" % "|".join(map(re.escape, level_words())))


def _inside_standalone(cur: str, sep: str, rest: str) -> bool:
    """The separator stands inside a standalone name that `cur` opens, whose words hold a «và»
    («Báo và Đài Phát thanh - Truyền hình Đồng Tháp», `standalone` rows)."""
    m = _rx("standalone").match(lower(f"{cur}{sep}{rest}"))
    return m is not None and m.end() > len(cur)


def _inside_known_name(cur: str, sep: str, rest: str) -> bool:
    """The separator stands inside a known body's name that `cur` opens ("Cục Tiền lương và
    Bảo hiểm xã hội", not the Cục Tiền lương and the Bảo hiểm xã hội)."""
    key, opened = _key(f"{cur}{sep}{rest}"), len(_key(cur))
    return any(len(k) > opened and key.startswith(k) and not key[len(k):len(k) + 1].isalnum()
               for k in _names_with_joiners())


@lru_cache(maxsize=1)
def _names_with_joiners() -> tuple[str, ...]:
    """Keys of the known bodies whose names hold a comma or «và»."""
    return tuple(k for k in name_rules().whole | _known_bodies() if "," in k or " va " in k)


@lru_cache(maxsize=1)
def _known_bodies() -> frozenset[str]:
    from cancu.nlp.citations.vocab import vocabulary
    return frozenset(_key(i.written) for i in vocabulary().issuers)


def members(text: str) -> list[str]:
    out: list[str] = []
    for m in split_members(text):
        for member in expand_member(m):
            out.append(_led_as_its_peer(out[-1], member) if out else member)
    return [_board_of_next(m, out[i + 1]) if i + 1 < len(out) else m for i, m in enumerate(out)]


def _board_of_next(member: str, nxt: str) -> str:
    """"Chủ tịch Hội đồng quản trị, Tổng Giám đốc Ngân hàng Chính sách xã hội": a board's post
    written alone is of the body the next post names (`board_post` of obligation_actors.tsv)."""
    if collapse(lower(member)) not in _BOARD_POSTS:
        return member
    post = _rx("post").match(lower(nxt))
    body = nxt[post.end():].strip() if post else ""
    return f"{member} {body}" if body and head_at(body, lower(body), 0) is not None else member


_BOARD_POSTS = frozenset(words()["board_post"])


def _led_as_its_peer(previous: str, member: str) -> str:
    """"Bí thư Tỉnh ủy, Thành ủy": a bare body after "<post> <body of the same tier>" is led by
    the same post ("Bí thư Thành ủy"); the tiers are `same_tier` rows of obligation_actors.tsv."""
    peers = _same_tier().get(lower(member))
    post = _rx("post").match(lower(previous)) if peers else None
    if post and lower(previous[post.end():]).strip() in peers:
        return f"{previous[:post.end()].strip()} {member}"
    return member


@lru_cache(maxsize=1)
def _same_tier() -> dict[str, frozenset[str]]:
    """Each body of a `same_tier` row (lower case) → the other bodies of its row."""
    tiers = [frozenset(collapse(lower(w)) for w in row[1:] if w)
             for row in _rows(DATA_DIR / "obligation_actors.tsv") if row[0] == "same_tier"]
    return {body: tier - {body} for tier in tiers for body in tier}
