"""Obligation extraction: who must do what, by when, with whom, reporting to whom.

Reads the three places Vietnamese plans put tasks — the "TỔ CHỨC THỰC HIỆN" section,
appendix tables (TAB-separated rows) and labelled task paragraphs — and splits out
reporting duties. Every other document (Quyết định, Nghị quyết, Công văn, Công điện, Thông
báo …) is read by its articles, items and task tables (cancu.nlp.obligations.admin, grid). Rules over a spaCy frame (syllable tokenizer, PhraseMatcher over the
agency gazetteer); vocabulary lives in nlp/data/agencies.tsv and nlp/data/obligation_*.tsv.

    from cancu.nlp.obligations import extract_obligations
    obligations = extract_obligations(source, mentions=mentions, issuer="Ủy ban nhân dân xã X")
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cancu.nlp.model import Mention, SourceText
from cancu.nlp.obligations.deadlines import RelativeLimit

if TYPE_CHECKING:
    from cancu.nlp.text.normalize import NormalizedText


@dataclass
class Deadline:
    """A time limit or recurrence, as written and structured."""

    text: str                   # as written (NFC, whitespace collapsed)
    start: int                  # offsets into the original text
    end: int
    date: dt.date | None        # a fixed day ("trước 15/12/2025", "Quý III/2025" → 2025-09-30)
    recurrence: str | None      # RRULE body: "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=10"
    # a length of time counted from an event ("trong thời hạn 05 ngày làm việc kể từ ngày nhận
    # được hồ sơ"): no date, the typed value instead
    relative: RelativeLimit | None = None


@dataclass
class Obligation:
    start: int                  # offsets into the original text
    end: int
    text: str                   # original[start:end]
    # plans: org_section | appendix_table | labelled_task | reporting; administrative
    # documents: closing_article | article | numbered_item | letter_body | appendix_table | reporting
    source: str
    section: str | None         # "III.1", "II.1.a", "PL-II.3"
    actor: str | None           # the lead as written
    actor_normalized: str | None
    co_leads: list[str]
    cooperating: list[str]
    modality: str               # must | request | prohibition
    task: str
    schedule: str | None
    deadlines: list[Deadline]
    output: str | None
    reports_to: str | None
    basis: list[str]            # symbols of the citation mentions inside the span
    basis_mentions: list[tuple[int, int]]
    # The issuer every normalised agency above is scoped to (an extension of the shared
    # interface, defaulted so that positional construction stays as agreed).
    issuer_scope: str | None = field(default=None)
    # The body each lead stands for, in the order of [actor_normalized, *co_leads]: a post is
    # kept as written above and mapped to the body it heads here ("Giám đốc Sở Ngoại vụ" →
    # "Sở Ngoại vụ", "Chủ tịch Ủy ban nhân dân cấp xã" → "Ủy ban nhân dân cấp xã").
    bodies: list[str] = field(default_factory=list)


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
