"""Stable, readable IRIs computed from identity (docs/ARCHITECTURE.md § Identity).

    instrument/<type>/<year>/<symbol>[/<issuer>]   national and party symbols
    instrument/<type>/ten/<name>[/<year>]          instruments known only by name
    document/<slug of the file name>-<hash>         an ingested file

The base is configurable (CANCU_BASE_IRI); nothing else about an IRI depends
on where or when it was computed, so re-ingesting gives the same IRIs.
"""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from cancu.kg.model import InstrumentKey
from cancu.nlp.citations.symbols import is_single_code
from cancu.nlp.citations.vocab import vocabulary
from cancu.nlp.text.datafiles import read_tsv
from cancu.nlp.text.fold import fold

DEFAULT_BASE = "http://cancu.local/"
_NON_SLUG = re.compile(r"[^a-z0-9]+")

# Symbols that are unique nationally without naming the issuer: their suffix
# already names the issuing body (NĐ-CP, QĐ-TTg, QH15, …/TW). Local symbols
# (…-UBND, …-HĐND, …/TU, …/HU) recur in every province and need the issuer.
_LOCAL_BODY = re.compile(r"(?:^|[-/])(?:UBND|HĐND|UBMTTQ|MTTQ|[A-ZĐ]*(?:TU|HU|QU|ThU|ĐU|ĐUK)|CB)(?:$|[-/])")


def base_iri() -> str:
    base = os.environ.get("CANCU_BASE_IRI", DEFAULT_BASE)
    return base if base.endswith(("/", "#")) else base + "/"


def slug(text: str) -> str:
    """ASCII slug of Vietnamese text: 'QĐ-UBND' → 'qd-ubnd', 'QĐi' → 'qdi'."""
    return _NON_SLUG.sub("-", fold(text)).strip("-")


@lru_cache(maxsize=1)
def _register_posts() -> re.Pattern[str]:
    """kg/data/register_posts.tsv: posts that sign in their body's register."""
    rows = read_tsv("register_posts.tsv", package="cancu.kg")
    posts = sorted((" ".join(r["post"].split()) for r in rows), key=len, reverse=True)
    # the post, then a body issuers.tsv knows ("Chủ tịch nước" is no post of a body)
    bodies = sorted({" ".join(i.canonical.split()) for i in vocabulary().issuers}, key=len, reverse=True)
    return re.compile(r"(?:" + "|".join(re.escape(p) for p in posts) + r")\s+"
                      r"(?=(?:" + "|".join(re.escape(b) for b in bodies) + r")(?:\s|$))", re.I)


def register_body(issuer: str) -> str:
    """The body in whose register an issuer's instruments are numbered: "Chủ tịch Ủy ban nhân
    dân tỉnh Đồng Nai" → "Ủy ban nhân dân tỉnh Đồng Nai" (kg/data/register_posts.tsv)."""
    m = _register_posts().match(issuer)
    return issuer[m.end():] if m else issuer


def needs_issuer(symbol: str) -> bool:
    """True for symbols reused by many bodies (docs/ARCHITECTURE.md § Identity): local
    ones, and a letter's number with one code ("01/CV", "01/KGL"), which any company or
    office may write."""
    block = symbol.split("/", 1)[-1] if "/" in symbol else symbol
    return bool(_LOCAL_BODY.search(block)) or is_single_code(symbol)


def instrument_iri(key: InstrumentKey, base: str | None = None) -> str:
    base = base or base_iri()
    type_part = slug(key.type or "van-ban")
    if key.symbol:
        year = str(key.year) if key.year else "khong-ro-nam"
        path = f"instrument/{type_part}/{year}/{slug(key.symbol)}"
        if key.issuer and needs_issuer(key.symbol):
            path += f"/{slug(register_body(key.issuer))}"
        return base + path
    if not key.name:
        raise ValueError("an instrument key needs a symbol or a name")
    path = f"instrument/{type_part}/ten/{slug(key.name)}"
    if key.year:
        path += f"/{key.year}"
    return base + path


DOCUMENT_HASH_HEX = 12


def document_id(path: str | Path) -> str:
    """A document's id: its file name, in NFC so a name typed on another system
    (macOS writes NFD) is the same name."""
    return unicodedata.normalize("NFC", Path(path).name)


def document_iri(doc_id: str, base: str | None = None) -> str:
    """`document/<slug>-<hash>`. The slug keeps the IRI readable but folds case,
    accents and punctuation ('KH 01.txt', 'kh-01.txt' and 'KH_01.TXT' slug alike),
    so the first 48 bits of the SHA-256 of the exact id follow it: two ids give two
    documents, the same id always the same one."""
    digest = hashlib.sha256(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:DOCUMENT_HASH_HEX]
    return (base or base_iri()) + f"document/{slug(doc_id) or 'van-ban'}-{digest}"


def legacy_document_iri(doc_id: str, base: str | None = None) -> str:
    """The slug-only IRI documents had before (issue #14): read only to find and
    replace a graph a workspace still holds under it."""
    return (base or base_iri()) + f"document/{slug(doc_id)}"
