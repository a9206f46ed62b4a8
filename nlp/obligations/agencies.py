"""Agency mentions and their normalisation.

A PhraseMatcher over the folded variants of nlp/data/agencies.tsv finds the bodies a plan
names; each mention is extended over what belongs to it in the text (a level word "xã",
"trên địa bàn phường", "thuộc UBND phường") and folded to one canonical name. Bodies named
after their level ("Ủy ban nhân dân xã") take the level written after them, or else the
issuer's; every normalised agency carries the issuer it is scoped to, so the Phòng Văn
hóa - Xã hội of one commune is not another's.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import LOWER, NORM
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from cancu.nlp.text.fold import collapse, fold_text
from cancu.nlp.text.characters import translation
from cancu.nlp.text.normalize import modern_tone
from cancu.nlp.obligations.vocab import agency_rows, cues, level_words

LEVEL_SLOT = "{cấp}"


@dataclass(frozen=True)
class AgencyEntry:
    canonical: str          # may contain {cấp}
    keep_level: bool
    variants: tuple[str, ...]

    def name(self, level: str | None) -> str:
        if LEVEL_SLOT not in self.canonical:
            return self.canonical
        if level:
            return self.canonical.replace(LEVEL_SLOT, level)
        return self.canonical.replace(" " + LEVEL_SLOT, "").replace(LEVEL_SLOT, "")


@dataclass(frozen=True)
class NormalizedAgency:
    """One agency as an entity: canonical name within the issuer's scope."""

    canonical: str
    issuer_scope: str | None
    surface: str = ""
    start: int = -1          # working-text offsets of the mention, when there is one
    end: int = -1

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.issuer_scope, self.canonical)


@dataclass(frozen=True)
class AgencyHit:
    """What the matcher attaches to an agency span (span._.agency)."""

    entry: int
    level: str | None       # the level word written after the name, if any


# ---------------------------------------------------------------------------- spelling
_DASHES = translation(("dash",))


def tidy_name(text: str) -> str:
    """A name as written, tidied: NFC, one space, one dash form " - ", modern tone marks,
    no trailing punctuation, first letter upper case."""
    s = unicodedata.normalize("NFC", text).translate(_DASHES)
    s = re.sub(r"\s*-\s*", " - ", s)
    s = re.sub(r"\s*&\s*", " và ", s)
    s = modern_tone(collapse(s).strip(" .:;,"))
    return s[:1].upper() + s[1:] if s else s


# ---------------------------------------------------------------------------- gazetteer
@lru_cache(maxsize=1)
def entries() -> tuple[AgencyEntry, ...]:
    out = []
    for canonical, rule, variants in agency_rows():
        base = canonical.replace(" " + LEVEL_SLOT, "")
        vs = tuple(dict.fromkeys([base] + variants))
        out.append(AgencyEntry(canonical, rule == "keep", vs))
    return tuple(out)


class AgencyMatcher:
    """spaCy component: sets doc.spans["agencies"], each span with span._.agency."""

    def __init__(self, nlp: Language):
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        for i, entry in enumerate(entries()):
            self.matcher.add(str(i), [nlp.make_doc(v) for v in entry.variants])
        c = cues()
        # Level words and qualifiers are compared as the string hashes spaCy keeps for each
        # token (LOWER, NORM), read for the whole doc at once: a Token made for every word
        # compared was most of this component's time. Phrases are grouped by their first
        # word, in the data's order (the first that matches is taken).
        strings = nlp.vocab.strings
        self.levels = _by_first_word([tuple(lv.split()) for lv in level_words()], strings)
        self.qualifiers = _by_first_word([tuple(q.split()) for q in c["qualifier"]], strings)
        self._social = strings.add("hội")      # "xã hội" is not the level "xã"
        self._ubnd = strings.add("ubnd")

    @staticmethod
    def _tab(doc: Doc, i: int) -> bool:
        tabs = doc.user_data.get("tab_before")
        return bool(tabs) and i < len(tabs) and tabs[i]

    @staticmethod
    def _newline(doc: Doc, i: int) -> bool:
        nls = doc.user_data.get("newline_before")
        return bool(nls) and i < len(nls) and nls[i]

    def _level_at(self, doc: Doc, words: _Words, i: int) -> tuple[str, int] | None:
        """A level word starting at token i: (level, tokens used)."""
        if i >= len(doc) or self._tab(doc, i):
            return None
        lowers = words.lowers
        for lv, hashes in self.levels.get(lowers[i], ()):
            n = len(hashes)
            if tuple(lowers[i:i + n]) == hashes:
                if lv == ("xã",) and i + 1 < len(doc) and lowers[i + 1] == self._social:
                    continue
                return " ".join(lv), n
        return None

    def _place_end(self, doc: Doc, i: int) -> int:
        """Skip a proper place name after a level word (up to three capitalised syllables)."""
        j = i
        while j < len(doc) and j - i < 3 and doc[j].text[:1].isupper() and doc[j].text.isalpha() \
                and not doc[j].text.isupper() and not self._tab(doc, j) and not self._newline(doc, j):
            j += 1
        return j

    def _extend(self, doc: Doc, words: _Words, end: int) -> tuple[int, str | None]:
        level = None
        lv = self._level_at(doc, words, end) if end < len(doc) else None
        if lv:
            level = lv[0]
            end = self._place_end(doc, end + lv[1])
        norms = words.norms
        for _q, hashes in (self.qualifiers.get(norms[end], ()) if end < len(doc) else ()):
            n = len(hashes)
            if tuple(norms[end:end + n]) == hashes and not any(
                    self._tab(doc, k) for k in range(end, end + n)):
                end += n
                lv2 = self._level_at(doc, words, end) if end < len(doc) else None
                if lv2:
                    level = level or lv2[0]
                    end = self._place_end(doc, end + lv2[1])
                # "thuộc UBND phường": the UBND belongs to the qualifier
                elif end < len(doc) and norms[end] == self._ubnd:
                    end += 1
                    lv3 = self._level_at(doc, words, end) if end < len(doc) else None
                    if lv3:
                        end += lv3[1]
                break
        return end, level

    def __call__(self, doc: Doc) -> Doc:
        matches = sorted(self.matcher(doc), key=lambda m: (m[1], -(m[2] - m[1])))
        spans: list[Span] = []
        taken_until = 0
        words = _Words(doc) if matches else None
        for match_id, start, end in matches:
            if start < taken_until or any(self._tab(doc, k) for k in range(start + 1, end)):
                continue
            # a longer match starting later but overlapping is ignored: leftmost-longest
            new_end, level = self._extend(doc, words, end)
            span = Span(doc, start, new_end, label="AGENCY")
            span._.agency = AgencyHit(int(doc.vocab.strings[match_id]), level)
            spans.append(span)
            taken_until = new_end
        doc.spans["agencies"] = spans
        return doc


class _Words:
    """The string hashes of a doc's tokens, lower-cased and normalised, as Python lists."""

    def __init__(self, doc: Doc):
        self.lowers: list[int] = doc.to_array(LOWER).tolist()
        self.norms: list[int] = doc.to_array(NORM).tolist()


# Phrases (their words, and the words' string hashes) under their first word's hash.
_PhrasesByFirst = dict[int, list[tuple[tuple[str, ...], tuple[int, ...]]]]


def _by_first_word(phrases: list[tuple[str, ...]], strings) -> _PhrasesByFirst:
    """Each phrase with its words' hashes, under its first word's hash, in the given order."""
    out: _PhrasesByFirst = {}
    for phrase in phrases:
        hashes = tuple(strings.add(w) for w in phrase)
        out.setdefault(hashes[0], []).append((phrase, hashes))
    return out


# ---------------------------------------------------------------------------- issuer
@dataclass(frozen=True)
class Issuer:
    """The document's issuer: scope of its agencies and source of the default level."""

    name: str | None            # as given ("Ủy ban nhân dân xã Kiến Thụy")
    canonical: str | None       # "Ủy ban nhân dân xã"
    level: str | None           # "xã"

    @property
    def scope(self) -> str | None:
        return tidy_name(self.name) if self.name else None


def resolve(hit: AgencyHit, issuer: Issuer) -> str:
    entry = entries()[hit.entry]
    return entry.name(hit.level or (issuer.level if entry.keep_level else None))


def fold_key(text: str) -> str:
    return collapse(fold_text(text))
