"""Query understanding: from what a user types to a `ParsedQuery`.

    nghi dinh 59 tuyen truyen loai:"kế hoạch" nam:2025 stale:no
    "dân chủ ở cơ sở" cites:59/2023/NĐ-CP coquan:"ubnd xã kiến thụy"

Filters: loai:/type: (document type, or its code: loai:kh), nam:/year:
(2025, 2023,2024 or 2023-2025), cites:/trichdan: (a symbol or an instrument
IRI), stale:/hethieuluc: (yes/no), coquan:/issuer: (words of the issuer's
name), tinh:/province:. Quoted text must occur as a phrase. Instruments named
in the query (found by the injected `instrument_finder`, or written out as a
full symbol such as 217-QĐ/TW) become an instrument clause; abbreviations are
expanded both ways; an accent-less query also gets a restored accented form.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from cancu.nlp.text.fold import fold
from cancu.search.abbreviations import Abbreviations, default_abbreviations
from cancu.search.analysis import is_accentless, phrase_runs, symbol_key, syllables
from cancu.search.entries import type_key
from cancu.search.model import InstrumentHit, ParsedQuery
from cancu.search.restore import DiacriticRestorer

InstrumentFinder = Callable[[str], list[InstrumentHit]]

_FILTER = re.compile(r'(?<!\S)(\w+):("[^"]*"|\S+)')
_PHRASE = re.compile(r'"([^"]+)"')
# A symbol written out in full: a number, then / or -, then a code with letters.
_SYMBOL = re.compile(r"(?<![\w/])\d+(?:/\d{4})?[/-][A-Za-zĐđ][\w]*(?:[-/][\w]+)*", re.UNICODE)
_YEAR_RANGE = re.compile(r"^(\d{4})-(\d{4})$")
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Types cited by name (laws, codes): not abbreviations, so not in abbreviations.tsv.
_NAMED_TYPES = {("luat",), ("bo", "luat"), ("phap", "lenh"), ("hien", "phap"), ("thong", "tu")}

_KEYS = {
    "loai": "type", "type": "type",
    "nam": "year", "year": "year",
    "cites": "cites", "trichdan": "cites", "cancu": "cites",
    "stale": "stale", "hethieuluc": "stale",
    "coquan": "issuer", "issuer": "issuer",
    "tinh": "province", "province": "province",
}
_YES = {"yes", "co", "true", "1", "y"}
_NO = {"no", "khong", "false", "0", "n"}


class QueryError(ValueError):
    """A query the user must correct; the message is meant for them."""


class QueryParser:
    def __init__(self, abbreviations: Abbreviations | None = None,
                 instrument_finder: InstrumentFinder | None = None,
                 restorer: DiacriticRestorer | None = None):
        self.abbreviations = abbreviations or default_abbreviations()
        self.instrument_finder = instrument_finder
        self.restorer = restorer

    def parse(self, text: str) -> ParsedQuery:
        text = unicodedata.normalize("NFC", text)
        q = ParsedQuery(text=text)
        # Blank out what has been consumed, keeping offsets, so later steps
        # (and the finder's spans) still refer to positions in `text`.
        rest = list(text)

        def consume(start: int, end: int) -> None:
            rest[start:end] = " " * (end - start)

        for m in _FILTER.finditer(text):
            key = _KEYS.get(fold(m.group(1)))
            if key is None:
                continue            # "Điều 11:" and the like stay ordinary text
            self._add_filter(q, key, m.group(2).strip('"'))
            consume(m.start(), m.end())
        for m in _PHRASE.finditer("".join(rest)):
            words = syllables(m.group(1))
            if words:
                q.phrases.append(words)
            consume(m.start(), m.end())

        remaining = "".join(rest)
        for hit in self._find_instruments(remaining):
            if not self._names_an_instrument(remaining[hit.span[0]:hit.span[1]]):
                # A topic that is also in a law's name: the words are what the user looks
                # for; the instrument is a choice the page offers (a chip to cites:).
                q.suggested.append(hit)
                continue
            q.instruments.append(hit)
            if not any(ch.isdigit() for ch in remaining[hit.span[0]:hit.span[1]]):
                # Named without a number ("Luật Hải quan"): the words stay search terms too,
                # so a document that writes the name matches even where its citation could
                # not be resolved (several laws share the name); citing ones rank first.
                continue
            consume(*hit.span)
            # "NĐ 59/2023/NĐ-CP", "nghị định số 59": the type word belongs to the
            # instrument, it is no topic of its own.
            consume(*self._type_words_before("".join(rest), hit))
        remaining = "".join(rest)

        q.terms = [w for run in phrase_runs(remaining) for w in run]
        words_typed = q.terms + [w for p in q.phrases for w in p]
        q.accentless = bool(words_typed) and is_accentless(" ".join(words_typed))
        q.expansions = self.abbreviations.expansions([fold(t) for t in q.terms])
        for phrase in q.phrases:
            q.expansions += [e for e in self.abbreviations.expansions([fold(w) for w in phrase])
                             if e not in q.expansions]
        if q.accentless and self.restorer is not None and q.terms:
            restored = self.restorer.restore(q.terms)
            if restored != q.terms:
                q.restored = restored
        return q

    def _find_instruments(self, text: str) -> list[InstrumentHit]:
        hits: list[InstrumentHit] = []
        if self.instrument_finder is not None:
            for hit in self.instrument_finder(text):
                if not (0 <= hit.span[0] < hit.span[1] <= len(text)):
                    raise ValueError(f"instrument finder returned span {hit.span} outside "
                                     f"the query {text!r}")
                hits.append(hit)
        # A symbol written out in full needs no grammar to be recognised.
        for m in _SYMBOL.finditer(text):
            if not any(h.span[0] <= m.start() < h.span[1] for h in hits):
                hits.append(InstrumentHit(symbol=m.group(), iri=None, span=(m.start(), m.end())))
        return sorted(hits, key=lambda h: h.span)

    def _names_an_instrument(self, written: str) -> bool:
        """A number ("59/2023", "nđ 59") or a type word first ("Luật Thực hiện dân chủ
        ở cơ sở") names an instrument; "dân chủ ở cơ sở" alone is a topic."""
        if _DIGIT.search(written):
            return True
        words = tuple(fold(w).lower() for w in _WORD.findall(written))
        return any(words[:n] in self._type_words for n in range(1, 4))

    def _type_words_before(self, text: str, hit: InstrumentHit) -> tuple[int, int]:
        """The span of the type word (and "số") just before `hit` when it names the
        hit's own type ("NĐ 59/2023/NĐ-CP"), or an empty span: in "kế hoạch
        217-QĐ/TW" the type word asks for plans, and stays."""
        end = hit.span[0]
        words = [(m.start(), fold(m.group()).lower()) for m in _WORD.finditer(text, 0, end)]
        if words and words[-1][1] == "so":
            words.pop()
        own = self._hit_types(hit)
        for n in range(min(4, len(words)), 0, -1):
            key = tuple(w for _, w in words[-n:])
            if key in self._type_words and self._type_of(key) in own:
                return words[-n][0], end
        return end, end

    def _type_of(self, key: tuple[str, ...]) -> str:
        name = self.abbreviations.type_name(" ".join(key))
        return "-".join(fold(w) for w in syllables(name)) if name else "-".join(key)

    def _hit_types(self, hit: InstrumentHit) -> set[str]:
        """Type slugs the hit is of: from its IRI (…/instrument/nghi-dinh/…) and
        from the codes of its symbol (NĐ → nghi-dinh)."""
        out = set()
        if hit.iri and "/instrument/" in hit.iri:
            out.add(hit.iri.split("/instrument/", 1)[1].split("/", 1)[0])
        for code in re.findall(r"[^\W\d_]+", hit.symbol or ""):
            out.add(self._type_of((fold(code).lower(),)))
        return out

    @property
    def _type_words(self) -> set[tuple[str, ...]]:
        return self.abbreviations.type_words() | _NAMED_TYPES

    def _cited(self, value: str) -> list[str]:
        """Keys a cites: filter matches: an IRI as given, else folded symbols."""
        if "://" in value:
            return [value]
        keys = [symbol_key(value)]
        for hit in (self.instrument_finder(value) if self.instrument_finder else []):
            keys += [k for k in (hit.iri, symbol_key(hit.symbol) if hit.symbol else None) if k]
        return list(dict.fromkeys(keys))

    def _add_filter(self, q: ParsedQuery, key: str, value: str) -> None:
        if not value:
            raise QueryError(f"Bộ lọc “{key}:” thiếu giá trị.")
        if key == "type":
            q.types.append(type_key(self.abbreviations.type_name(value) or value))
        elif key == "year":
            q.years.extend(_years(value))
        elif key == "cites":
            q.cites.extend(self._cited(value))
        elif key == "stale":
            v = fold(value)
            if v in _YES:
                q.stale = True
            elif v in _NO:
                q.stale = False
            else:
                raise QueryError(f"“stale:{value}” không hợp lệ: dùng stale:yes hoặc stale:no.")
        elif key == "issuer":
            q.issuers.append(value)
        elif key == "province":
            q.provinces.append(type_key(value))


def _years(value: str) -> list[int]:
    years: list[int] = []
    for part in value.split(","):
        m = _YEAR_RANGE.match(part)
        if m:
            lo, hi = int(m.group(1)), int(m.group(2))
            if hi < lo or hi - lo > 200:
                raise QueryError(f"Khoảng năm “{part}” không hợp lệ.")
            years.extend(range(lo, hi + 1))
        elif part.isdigit() and len(part) == 4:
            years.append(int(part))
        else:
            raise QueryError(f"Năm “{part}” không hợp lệ: dùng nam:2025, nam:2023,2024 "
                             "hoặc nam:2023-2025.")
    return years
