"""Citation extraction: find every instrument a Vietnamese document cites.

Stages, as in eyecite: the text is normalised (`cancu.nlp.text.normalize`), anchors
are found (symbols, type words, names, pinpoints: `grammar`), assembled into
mentions with their attached date, issuer and pinpoint (`extract`), and a
document-level pass completes abbreviated symbols, links title back-references
and drops self-references (`document_pass`). Resolution to instruments is not
done here: that is `cancu.kg.registry.resolve`.

Callers that know instrument names (cancu passes the registry's) compile them
once, `Gazetteer([KnownName("Luật", "Quản lý, sử dụng tài sản công", key), …])`,
and pass the gazetteer as `extract_mentions(text, names=gazetteer)`.
"""
from cancu.nlp.citations.extract import extract_mentions
from cancu.nlp.citations.gazetteer import Gazetteer, KnownName
from cancu.nlp.citations.grammar import type_named
from cancu.nlp.citations.symbols import year_in_symbol

__all__ = ["extract_mentions", "Gazetteer", "KnownName", "pinpoint_parts", "place_units", "type_named",
           "year_in_symbol"]


def place_units() -> tuple[str, ...]:
    """The administrative unit words that may follow a body's name ("tỉnh", "thành phố", "đặc
    khu" …; places.tsv, the one list of them), longest first."""
    from cancu.nlp.citations.vocab import vocabulary
    return tuple(sorted(vocabulary().places, key=len, reverse=True))


def pinpoint_parts() -> dict[str, str]:
    """The pinpoint units that name a structural part, as written ("Điều") → the part
    ("article", "clause", "point", "section", "chapter"); pinpoint_units.tsv."""
    from cancu.nlp.text.datafiles import read_tsv
    return {r["word"]: r["part"] for r in read_tsv("pinpoint_units.tsv") if r["part"]}
