"""The grammar's vocabulary, loaded from the data files in `nlp/data/`."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from cancu.nlp.text.datafiles import DATA, read_tsv  # noqa: F401  (read_tsv: the one reader)


@dataclass(frozen=True)
class TypeWord:
    word: str
    type: str
    named: bool      # cited by name without a number (Luật …)
    titled: str      # "yes", "titled" (only with a capitalised title) or "no"
    implied_block: str | None = None   # "NĐ-CP": the symbol block only one body can issue
    single_code: bool = False          # a letter's word: "công văn số 01/KGL" is read


@dataclass(frozen=True)
class KnownIssuer:
    written: str
    canonical: str
    place: str       # "yes", "no" or "ministry"


@dataclass(frozen=True)
class Nickname:
    pattern: str
    type: str
    symbol: str | None
    name: str | None


@dataclass(frozen=True)
class Vocabulary:
    type_words: tuple[TypeWord, ...]
    codes: dict[tuple[str, str], str]   # (code, family) → type; family "state"/"party"
    issuers: tuple[KnownIssuer, ...]
    places: tuple[str, ...]
    nicknames: tuple[Nickname, ...]
    pinpoint_units: tuple[str, ...]
    form_words: tuple[str, ...] = ()   # "tờ khai 05/KK-TNCN": a form's number, not a citation
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)   # citation_cues.tsv, by cue
    province_units: tuple[str, ...] = ()   # places.tsv words of level "province"

    @property
    def named_types(self) -> tuple[str, ...]:
        """Types cited by name without a number (Hiến pháp, Bộ luật, Luật, Pháp lệnh)."""
        return tuple(dict.fromkeys(t.type for t in self.type_words if t.named))

    def type_of_code(self, code: str, family: str) -> str | None:
        return self.codes.get((code, family)) or self.codes.get((code, "any"))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    codes: dict[tuple[str, str], str] = {}
    for r in read_tsv("type_codes.tsv"):
        families = ("state", "party") if r["family"] == "any" else (r["family"],)
        for fam in families:
            codes.setdefault((r["code"], fam), r["type"])
    places = read_tsv("places.tsv")
    return Vocabulary(
        type_words=tuple(TypeWord(r["word"], r["type"], r["named"] == "yes", r["titled"],
                                  r.get("implied_block") or None, r.get("single_code") == "yes")
                         for r in read_tsv("type_words.tsv")),
        codes=codes,
        issuers=tuple(KnownIssuer(r["written"], r["canonical"], r["place"])
                      for r in read_tsv("issuers.tsv")),
        places=tuple(r["word"] for r in places),
        province_units=tuple(r["word"] for r in places if r["level"] == "province"),
        nicknames=tuple(Nickname(r["pattern"], r["type"], r["symbol"] or None, r["name"] or None)
                        for r in read_tsv("nicknames.tsv")),
        pinpoint_units=tuple(r["word"] for r in read_tsv("pinpoint_units.tsv")),
        form_words=tuple(r["word"] for r in read_tsv("form_words.tsv")),
        cues=_cues(),
    )


def _cues() -> dict[str, tuple[str, ...]]:
    known = {"appendix_heading", "output_before", "draft_before", "amending", "title_start", "title_end", "title_lead",
             "based_on", "implements", "own_before", "amended_next", "common_noun_before",
             "amended_note", "country_after", "constitution_of"}
    out: dict[str, list[str]] = {}
    for r in read_tsv("citation_cues.tsv"):
        if r["cue"] not in known:
            raise ValueError(f"citation_cues.tsv: unknown cue «{r['cue']}»")
        out.setdefault(r["cue"], []).append(r["phrase"])
    return {k: tuple(v) for k, v in out.items()}
