"""Loading the vocabulary files under nlp/data/ (cue words, time words).

Everything language-specific that the rules consult lives in those files; this module
only reads them once and hands out folded phrase lists.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable

from cancu.nlp.text.fold import collapse, fold_text

DATA_DIR = resources.files("cancu.nlp") / "data"     # package data (nlp/data/)
CUES_FILE = DATA_DIR / "obligation_cues.tsv"
TIME_FILE = DATA_DIR / "obligation_time.tsv"
AGENCIES_FILE = DATA_DIR / "agencies.tsv"


def _rows(path: Traversable) -> list[list[str]]:
    rows = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        rows.append(raw.split("\t"))
    return rows


@dataclass(frozen=True)
class Cues:
    """Folded cue phrases by kind, longest first (so prefixes never shadow longer cues)."""

    by_kind: dict[str, tuple[str, ...]]

    def __getitem__(self, kind: str) -> tuple[str, ...]:
        return self.by_kind.get(kind, ())

    def number(self, kind: str, default: int) -> int:
        vals = self[kind]
        return int(vals[0]) if vals else default

    def match_at(self, folded: str, pos: int, hi: int, kind: str) -> tuple[str, int] | None:
        """The cue of `kind` that starts exactly at `pos` of a folded text, as (phrase, end).
        Any whitespace run (a wrapped line: "báo \\ncáo") matches the single space of a
        phrase; a cue ends at a word boundary."""
        rx = _cue_regex(self, kind)
        m = rx.match(folded, pos, hi) if rx else None
        return (collapse(m.group(0)), m.end()) if m else None


def phrase_pattern(phrase: str) -> str:
    """A regex for a folded, collapsed phrase in which every space matches a whitespace run."""
    return re.escape(phrase).replace(r"\ ", r"\s+")


_CUE_RX: dict[tuple[int, str], re.Pattern[str] | None] = {}


def _cue_regex(c: "Cues", kind: str) -> re.Pattern[str] | None:
    key = (id(c), kind)
    if key not in _CUE_RX:
        phrases = c[kind]
        # longest first, so a prefix never shadows a longer cue; a cue ends at a word boundary
        _CUE_RX[key] = re.compile("|".join(
            "(?:" + phrase_pattern(p) + r")(?!\w)" for p in phrases)) if phrases else None
    return _CUE_RX[key]


@lru_cache(maxsize=1)
def cues() -> Cues:
    acc: dict[str, list[str]] = defaultdict(list)
    for row in _rows(CUES_FILE):
        if len(row) >= 2:
            acc[row[0].strip()].append(collapse(fold_text(row[1])))
    return Cues({k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in acc.items()})


@dataclass(frozen=True)
class TimeWords:
    freq: tuple[tuple[str, str], ...]      # (folded phrase, RRULE), longest first
    ongoing: tuple[str, ...]
    limit: tuple[str, ...]
    half: tuple[tuple[str, str], ...]      # (folded phrase, "MM-DD")


@lru_cache(maxsize=1)
def time_words() -> TimeWords:
    freq, ongoing, limit, half = [], [], [], []
    for row in _rows(TIME_FILE):
        kind, phrase = row[0].strip(), collapse(fold_text(row[1]))
        value = row[2].strip() if len(row) > 2 else ""
        if kind == "freq":
            freq.append((phrase, value))
        elif kind == "ongoing":
            ongoing.append(phrase)
        elif kind == "limit":
            limit.append(phrase)
        elif kind == "half":
            half.append((phrase, value))
    by_len = lambda x: -len(x[0]) if isinstance(x, tuple) else -len(x)  # noqa: E731
    return TimeWords(tuple(sorted(freq, key=by_len)), tuple(sorted(ongoing, key=by_len)),
                     tuple(sorted(limit, key=by_len)), tuple(sorted(half, key=by_len)))


def agency_rows() -> list[tuple[str, str, list[str]]]:
    """(canonical, level rule, variants) rows of agencies.tsv, header skipped."""
    out = []
    for row in _rows(AGENCIES_FILE):
        if row[0] == "canonical" or len(row) < 3:
            continue
        out.append((row[0].strip(), row[1].strip(), [v.strip() for v in row[2].split("|") if v.strip()]))
    return out


@lru_cache(maxsize=1)
def level_words() -> tuple[str, ...]:
    """The level words a name may end with ("tỉnh", "thành phố", "đặc khu" …): the unit words of
    places.tsv, the one list of them, lower-case NFC, longest first."""
    from cancu.nlp.text.datafiles import read_tsv
    words = dict.fromkeys(collapse(unicodedata.normalize("NFC", r["word"]).lower()) for r in read_tsv("places.tsv"))
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def commune_words() -> tuple[str, ...]:
    """The unit words of places.tsv's commune tier ("xã", "phường", "đặc khu" …), longest first."""
    from cancu.nlp.text.datafiles import read_tsv
    words = {collapse(unicodedata.normalize("NFC", r["word"]).lower()) for r in read_tsv("places.tsv")
             if r["level"] == "commune"}
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def raw_cues() -> dict[str, tuple[str, ...]]:
    """Cue phrases by kind in lower-case NFC with accents kept, for the few checks where
    folding would conflate words (level "quận" against "quan" of "cơ quan")."""
    import unicodedata
    acc: dict[str, list[str]] = defaultdict(list)
    for row in _rows(CUES_FILE):
        if len(row) >= 2:
            acc[row[0].strip()].append(collapse(unicodedata.normalize("NFC", row[1]).lower()))
    return {k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in acc.items()}


ACTORS_FILE = DATA_DIR / "obligation_actors.tsv"


@lru_cache(maxsize=None)
def word_alternation(kind: str) -> str:
    """The lower-case words of `kind` in obligation_actors.tsv (accents kept, as the actor
    rules match them) as one alternation, each a whole word: "(?<!\\w)(?:đã|…)(?!\\w)". A
    third column lists what after the word makes it part of a name instead, "|"-separated
    ("có" not before "liên quan": "các cơ quan có liên quan" is an actor)."""
    alts = []
    for row in _rows(ACTORS_FILE):
        if row[0] != kind:
            continue
        word = re.escape(" ".join(unicodedata.normalize("NFC", row[1]).lower().split()))
        unless = row[2].strip() if len(row) > 2 else ""
        if unless:
            word += "(?!" + "|".join(" " + re.escape(u.strip()) for u in unless.split("|")) + ")"
        alts.append(word)
    if not alts:
        raise ValueError(f"obligation_actors.tsv: no words of kind «{kind}»")
    return r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)"


@lru_cache(maxsize=None)
def actor_phrases(kind: str) -> tuple[str, ...]:
    """The phrases of `kind` in obligation_actors.tsv as written (NFC, case kept), in file order."""
    out = tuple(" ".join(unicodedata.normalize("NFC", row[1]).split())
                for row in _rows(ACTORS_FILE) if row[0] == kind)
    if not out:
        raise ValueError(f"obligation_actors.tsv: no phrases of kind «{kind}»")
    return out


def upper_title_alternation(kind: str) -> str:
    """The cue phrases of `kind` in upper case, as an alternation: for headings written in
    capitals ("QUY CHẾ", "KẾ HOẠCH"), where a lower-case word is not the heading."""
    phrases = raw_cues().get(kind)
    if not phrases:
        raise ValueError(f"obligation_cues.tsv: no phrases of kind «{kind}»")
    return "|".join(re.escape(p.upper()) for p in phrases)
