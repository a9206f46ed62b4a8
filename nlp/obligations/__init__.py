"""Obligation extraction: who must do what, by when, with whom, reporting to whom.

Reads the three places Vietnamese plans put tasks — the "TỔ CHỨC THỰC HIỆN" section,
appendix tables (TAB-separated rows) and labelled task paragraphs — and splits out
reporting duties. Every other document (Quyết định, Nghị quyết, Công văn, Công điện, Thông
báo …) is read by its articles, items and task tables (cancu.nlp.obligations.admin, grid).
Rules over a spaCy frame (syllable tokenizer, PhraseMatcher over the agency gazetteer); vocabulary lives in nlp/data/agencies.tsv and nlp/data/obligation_*.tsv.

    from cancu.nlp.obligations import extract_obligations
    obligations = extract_obligations(source, mentions=mentions, issuer="Ủy ban nhân dân xã X")
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cancu.nlp.model import Mention, SourceText
from cancu.nlp.obligations.deadlines import RelativeLimit
from cancu.nlp.obligations.records import Deadline, Obligation

if TYPE_CHECKING:
    from cancu.nlp.text.normalize import NormalizedText


def extract_obligations(source: SourceText, *, mentions: Sequence[Mention] = (),
                        issuer: str | None = None,
                        normalized: NormalizedText | None = None) -> list[Obligation]:
    """All obligations of one document, in document order. `issuer` scopes the agencies
    and supplies the level of bodies named without one; when None it is read from the
    text ("Ủy ban nhân dân xã X ban hành Kế hoạch …"). `normalized`: the text's working
    copy (cancu.nlp.text.normalize) when the caller has made it for the citations."""
    from cancu.nlp.obligations.run import run
    return run(source, mentions=mentions, issuer=issuer, normalized=normalized)


def normalize_agency(text: str, issuer: str | None = None) -> str:
    """The canonical name of one agency as a user or a document writes it ("Phòng Văn hoá -
    Xã hội xã" → "Phòng Văn hóa - Xã hội"); a name the gazetteer does not know is tidied."""
    from cancu.nlp.obligations.issuers import normalize_agency as by_frame
    return by_frame(text, issuer)


__all__ = ["Deadline", "Obligation", "RelativeLimit", "extract_obligations", "normalize_agency"]
