"""Find instruments from what a person types: `59/2023/NĐ-CP`, `nđ 59/2023`,
`nghi dinh 59`, `qd 217`, `Luật Thực hiện dân chủ ở cơ sở`, `Pháp lệnh 2007`.

The query is read with the citation grammar first (a full symbol, a law's name or
a nickname resolves exactly); otherwise it is taken apart into a type (a type
word or a symbol code, with or without accents), a number, a year and name
words, and matched against a catalogue of known instruments — the registry's
and those cited in the workspace. Several matches are all returned, best first,
so a caller can list the candidates of an ambiguous query.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from cancu.kg.registry.sequences import separate_counters
from cancu.nlp.citations import extract_mentions
from cancu.nlp.citations.gazetteer import gazetteer_of
from cancu.nlp.citations.vocab import vocabulary
from cancu.nlp.text.fold import fold, fold_key


@dataclass(frozen=True)
class CatalogueEntry:
    iri: str
    type: str | None
    symbol: str | None
    year: int | None
    name: str | None = None
    aliases: tuple[str, ...] = ()    # other symbols and names it is known by


@dataclass(frozen=True)
class CatalogueMatch:
    entry: CatalogueEntry
    score: float
    why: str


@lru_cache(maxsize=1)
def _type_aliases() -> dict[str, set[str]]:
    """Folded type words and symbol codes → the types they may mean ("tt" → Thông tư, Thông tri)."""
    out: dict[str, set[str]] = {}
    for tw in vocabulary().type_words:
        out.setdefault(fold_key(tw.word), set()).add(tw.type)
    for (code, _family), typ in vocabulary().codes.items():
        out.setdefault(fold(code), set()).add(typ)
    out.setdefault("qh", set()).add("Luật")
    return out


_NUMBER = re.compile(r"(?<![\w/])(\d{1,5}[a-z]?)(?:\s*[/-]\s*(\d{4}))?(?:\s*[/-]\s*([a-zđ][\w-]*(?:/[a-z]+)?))?(?![\w])")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@dataclass(frozen=True)
class _Parsed:
    types: frozenset[str]
    number: str | None
    year: int | None
    code: str | None
    words: str          # the rest, folded


@lru_cache(maxsize=1)
def _alias_patterns() -> list[tuple[str, re.Pattern]]:
    """Each type alias as a whole word, longest first (compiled once: a search query
    is parsed for every shorthand in it)."""
    return [(alias, re.compile(rf"(?<![a-z0-9]){re.escape(alias)}(?![a-z0-9/-])"))
            for alias in sorted(_type_aliases(), key=len, reverse=True)]


def parse_query(query: str) -> _Parsed:
    q = fold_key(query)
    types: set[str] = set()
    # Longest type words first ("nghi quyet lien tich" before "nghi quyet").
    for alias, pattern in _alias_patterns():
        m = pattern.search(q)
        if m:
            types |= _type_aliases()[alias]
            q = (q[:m.start()] + " " + q[m.end():]).strip()
            break
    number = year = code = None
    m = _NUMBER.search(q)
    if m and not (m.group(1).isdigit() and len(m.group(1)) == 4 and not m.group(2) and not m.group(3)
                  and 1945 <= int(m.group(1)) <= 2100):
        number, code = m.group(1), m.group(3)
        year = int(m.group(2)) if m.group(2) else None
        q = (q[:m.start()] + " " + q[m.end():]).strip()
    y = _YEAR.search(q)
    if y and year is None:
        year = int(y.group(1))
        q = (q[:y.start()] + " " + q[y.end():]).strip()
    return _Parsed(frozenset(types), number, year, code, " ".join(q.split()))


class InstrumentCatalogue:
    def __init__(self, entries: Iterable[CatalogueEntry], names: Iterable[str] = ()):
        self.entries = list({e.iri: e for e in entries}.values())
        self.names = list(names)
        self._gazetteer = gazetteer_of(self.names)     # compiled once, not per query
        self._positions: tuple[dict, dict, dict, dict, dict] | None = None
        self._by_symbol: dict[str, list[CatalogueEntry]] = {}
        for e in self.entries:
            for s in (e.symbol, *e.aliases):
                if s:
                    self._by_symbol.setdefault(fold_key(s), []).append(e)

    def find(self, query: str, *, limit: int = 20) -> list[CatalogueMatch]:
        exact = self._by_grammar(query)
        if exact:
            return exact[:limit]
        p = parse_query(query)
        words = _words_of(p)
        positions = self._could_score(p)
        hits = self._word_hits(words, positions)
        found: list[CatalogueMatch] = []
        for n in positions:
            e = self.entries[n]
            score, why = self._score(e, p, words, hits[n])
            if score > 0:
                found.append(CatalogueMatch(e, score, why))
        found.sort(key=lambda c: (-c.score, -(c.entry.year or 0), c.entry.symbol or ""))
        return found[:limit]

    def _word_hits(self, words: list[str], positions: list[int]) -> Counter:
        """Position → how many of `words` are whole words of that entry's names.
        A word of letters and digits is looked up in the by-word index (set
        intersections: a regular expression per entry and word was most of a search
        query's parsing, the entries of a type being hundreds); another word is
        searched for in each entry's names."""
        by_word = self._keys()[4]
        wanted = set(positions)
        hits: Counter = Counter()
        for w in words:
            if _ALNUM.fullmatch(w):
                hits.update(wanted.intersection(by_word.get(w, ())))
            else:
                hits.update(n for n in positions if _whole_word(w).search(_hay(self.entries[n])))
        return hits

    def _could_score(self, p: _Parsed) -> list[int]:
        """Positions of the entries `_score` can score above zero, in catalogue order: with a
        type, a number or a year only those that have it (look-ups, where scoring
        every entry took a search request's largest share at 1,000 documents)."""
        if not (p.types or p.number or p.year):
            # Words alone: an entry scores only when one of them is a whole word of its names.
            words = _words_of(p)
            if not words or not all(_ALNUM.fullmatch(w) for w in words):
                return list(range(len(self.entries)))
            by_word = self._keys()[4]
            return sorted({n for w in words for n in by_word.get(w, ())})
        by_type, by_number, by_year, _, _ = self._keys()
        picks: set[int] | None = None
        for wanted, positions in ((p.types, lambda: [n for t in p.types for n in by_type.get(t, ())]),
                                  (p.number, lambda: by_number.get(_number(p.number), ())),
                                  (p.year, lambda: by_year.get(p.year, ()))):
            if wanted:
                found = set(positions())
                picks = found if picks is None else picks & found
        return sorted(picks or ())

    def _keys(self) -> tuple[dict, dict, dict, dict, dict]:
        """Positions of the entries by type, number, year, name key and word of their
        names (as `_score` folds them), made on first use."""
        if self._positions is None:
            by_type: dict[str, list[int]] = {}
            by_number: dict[str, list[int]] = {}
            by_year: dict[int, list[int]] = {}
            by_name: dict[str, list[int]] = {}
            by_word: dict[str, list[int]] = {}
            for n, e in enumerate(self.entries):
                for w in set(_ALNUM.findall(_hay(e))):
                    by_word.setdefault(w, []).append(n)
                by_type.setdefault(e.type, []).append(n)
                for key in {_number(s) for s in (e.symbol, *e.aliases) if s and re.match(r"\d", s)}:
                    by_number.setdefault(key, []).append(n)
                if e.year is not None:
                    by_year.setdefault(e.year, []).append(n)
                for key in {_name_key(x) for x in (e.name, *e.aliases) if x}:
                    by_name.setdefault(key, []).append(n)
            self._positions = (by_type, by_number, by_year, by_name, by_word)
        return self._positions

    def find_in_query(self, query: str) -> list[tuple[tuple[int, int], list[CatalogueMatch]]]:
        """Instruments named inside a search query, each with its span in `query`
        (NFC) and its best candidates. Only what names an instrument by itself
        counts: a citation the grammar reads (a symbol, a law's name, a nickname),
        a type with a number or a year ("nghi dinh 59", "qd 217", "phap lenh
        2007"), a number/year ("59/2023"), or a type followed by words that are
        all in one instrument's name ("luat dat dai"). Other words stay words:
        "hội thi cồng chiêng" is searched as text, not as a law that shares a word."""
        found: list[tuple[tuple[int, int], list[CatalogueMatch]]] = []

        def free(start: int, end: int) -> bool:
            return all(end <= a or start >= b for (a, b), _ in found)

        for m in extract_mentions(query, names=self._gazetteer):
            candidates = self._by_grammar(query[m.start:m.end])
            if candidates and free(m.start, m.end):
                found.append(((m.start, m.end), _best(candidates)))
        folded = fold(query)              # one character per character of NFC text
        for m in _shorthand().finditer(folded):
            if not free(m.start(), m.end()):
                continue
            part = parse_query(m.group())
            candidates = [c for c in self.find(query[m.start():m.end()], limit=20)
                          if part.number or part.year or _names_all_words(c.entry, part.words)]
            if candidates:
                found.append((m.span(), _best(candidates)))
        return sorted(found)

    def _by_grammar(self, query: str) -> list[CatalogueMatch]:
        """A query that is itself a citation: a full symbol, a law's name, a nickname."""
        mentions = extract_mentions(query, names=self._gazetteer)
        if len(mentions) != 1 or len(mentions[0].text) < 0.6 * len(query.strip()):
            return []
        m = mentions[0]
        out = []
        if m.symbol:
            entries = self._by_symbol.get(fold_key(m.symbol), [])
            # A symbol two counters share (Luật and Nghị quyết 55/2010/QH12): the type word
            # ("Nghị quyết số …") or its abbreviation ("nq 55/2010/QH12") says which.
            written = {m.type} if m.type_as_written and m.type else parse_query(query).types
            if written and len(entries) > 1:
                entries = [e for e in entries if not e.type or not e.symbol
                           or any(not separate_counters(t, e.type, e.symbol) for t in written)] or entries
            for e in entries:
                out.append(CatalogueMatch(e, 10.0, f"ký hiệu {m.symbol}"))
        elif m.name:
            for n in self._keys()[3].get(_name_key(m.name), ()):
                e = self.entries[n]
                if m.year and e.year and m.year != e.year and not m.date:
                    continue
                out.append(CatalogueMatch(e, 9.0, f"tên {e.name}"))
        return sorted(out, key=lambda c: -(c.entry.year or 0))

    @staticmethod
    def _score(e: CatalogueEntry, p: _Parsed, words: list[str], hits: int) -> tuple[float, str]:
        """`words`: the query's name words (`_words_of`), `hits`: how many of them
        are whole words of the entry's names."""
        score, why = 0.0, []
        if p.types:
            if e.type not in p.types:
                return 0.0, ""
            score += 1
            why.append(e.type or "")
        if p.number:
            symbols = [s for s in (e.symbol, *e.aliases) if s]
            numbers = {_number(s) for s in symbols if re.match(r"\d", s)}
            if _number(p.number) not in numbers:
                return 0.0, ""
            score += 3
            why.append(f"số {p.number}")
            if p.code and not any(fold(p.code) in fold(s) for s in symbols):
                return 0.0, ""
        if p.year:
            if e.year != p.year:
                return 0.0, ""
            score += 2
            why.append(f"năm {p.year}")
        if p.words:
            if words and hits == 0:
                return 0.0, ""
            score += 2 * hits / max(1, len(words))
        if not (p.number or p.year or p.words):
            return 0.0, ""   # a bare type word names nothing
        return score, ", ".join(why)


_ALNUM = re.compile(r"[a-z0-9]+")


def _words_of(p: _Parsed) -> list[str]:
    """The name words of a parsed query that an entry's names are searched for."""
    return [w for w in p.words.split() if w not in ("so",)]


@lru_cache(maxsize=4096)
def _whole_word(word: str) -> re.Pattern:
    return re.compile(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])")


@lru_cache(maxsize=65536)
def _hay(e: CatalogueEntry) -> str:
    """The folded names and symbol of an entry, where query words are looked for."""
    return fold_key(" ".join(filter(None, (e.name, *e.aliases, e.symbol))))


def _best(candidates: list[CatalogueMatch]) -> list[CatalogueMatch]:
    top = max(c.score for c in candidates)
    return [c for c in candidates if c.score == top][:5]


@lru_cache(maxsize=1)
def _shorthand() -> re.Pattern:
    """Shorthand citations in folded query text: a type word or code, then a
    number (with /year and /code), a year, or name words to the end; or a bare
    number/year."""
    aliases = "|".join(re.escape(a) for a in sorted(_type_aliases(), key=len, reverse=True))
    number = r"\d{1,5}[a-z]?(?:\s*[/-]\s*\d{4})?(?:\s*[/-]\s*[a-z][\w-]*(?:/[a-z]+)?)?"
    return re.compile(
        rf"(?<![\w/])(?:(?:{aliases})\.?\s*(?:so\s*)?(?:{number}(?![\w/])|[a-z][a-z ]*[a-z])"
        rf"|\d{{1,5}}[a-z]?\s*/\s*\d{{4}}(?:\s*/\s*[a-z][\w-]*(?:/[a-z]+)?)?(?![\w/]))")


def _names_all_words(e: CatalogueEntry, words: str) -> bool:
    """Every word of `words` is a word of the entry's name or aliases."""
    hay = _name_hay(e)
    ws = [w for w in words.split() if w != "so"]
    return bool(ws) and all(_whole_word(w).search(hay) for w in ws)


@lru_cache(maxsize=65536)
def _name_hay(e: CatalogueEntry) -> str:
    """The folded names and aliases of an entry (not its symbol)."""
    return fold_key(" ".join(filter(None, (e.name, *e.aliases))))


def _number(symbol: str) -> str:
    """'05/2025/QĐ-UBND' → '5': leading zeros are not part of a number's identity."""
    return re.match(r"\d+[a-zA-Z]?", symbol).group(0).lower().lstrip("0") or "0"


def _name_key(name: str) -> str:
    return " ".join(w for w in fold_key(name).split() if w not in ("o", "ve", "cua", "va"))
