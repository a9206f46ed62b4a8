"""The typed objects that flow out of `nlp` into `kg`, `search` and the CLI.

Offsets (`start`, `end`) always point into `SourceText.text`, the text that
`cancu text FILE` prints, never into a normalised working copy.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SourceText:
    """A file read into text. `text` is what every offset refers to."""

    path: str                     # as given by the user
    text: str
    format: str                   # "txt" | "docx" | "pdf" | "html"
    encoding: str | None = None   # the detected encoding of a .txt file
    warnings: tuple[str, ...] = ()


@dataclass
class Mention:
    """One citation of an instrument, as written in one document."""

    start: int
    end: int
    text: str                     # exactly text[start:end] of the original
    type_as_written: str | None   # the type word in the text, NFC, one space
    type: str | None              # true type: from the symbol's code when it has one
    number: str | None            # leading number of the symbol
    symbol: str | None            # normalised symbol: 59/2023/NĐ-CP, 217-QĐ/TW
    name: str | None = None       # normalised title, for name-only mentions
    date: dt.date | None = None   # the date the mention states for the instrument
    year: int | None = None
    issuer: str | None = None     # full name of an attached issuer phrase
    pinpoint: str | None = None   # "Điều 11", "Mục 1, 2 Chương III"
    abbreviated: bool = False     # a symbol completed from elsewhere (59/NĐ-CP)
    embedded: bool = False        # named inside another instrument's title
    # Damaged words restored inside the span, "«Nghi định» → «Nghị định»; «s20» → «số 20»"
    # (nlp/data/text_repairs.tsv); None when the mention was read as written.
    repaired: str | None = None
    # Keys of the known names (cancu.nlp.citations.gazetteer.KnownName.key) the cited name
    # matched, sorted; several when instruments share the name. Empty when none matched.
    known_keys: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Period:
    """The span of time a plan governs ("6 tháng cuối năm 2025")."""

    start: dt.date
    end: dt.date
    text: str


@dataclass
class DocumentInfo:
    """What a document says about itself: its own identity and time."""

    type: str | None = None          # "Kế hoạch"
    symbol: str | None = None        # its own số/ký hiệu, when filled in
    number: str | None = None
    date: dt.date | None = None      # the date line ("Bình Giang, ngày … năm 2025")
    date_text: str | None = None
    issuer: str | None = None        # "Ủy ban nhân dân xã Kiến Thụy"
    place: str | None = None         # "xã Kiến Thụy", "tỉnh Quảng Trị"
    title: str | None = None
    period: Period | None = None
    # The earliest date the document can have been signed: the newest date among
    # the instruments it cites. Used when the date line is missing or blank.
    not_before: dt.date | None = None
    # (year, month) of a date line with a blank day ("ngày    tháng 12 năm 2025").
    month: tuple[int, int] | None = None
    # Where a site's summary of the document ends: text before its header that names its own
    # number ("Ngày 27/11/2025, Thủ tướng Chính phủ đã ban hành Công điện 232/CĐ-TTg …").
    # Not the document's text: its citations are left out. None when there is none.
    summary_end: int | None = None

    @property
    def reference_date(self) -> dt.date | None:
        """The best date to judge the document's citations by."""
        if self.date:
            return self.date
        candidates = [d for d in (self.not_before,
                                  self.period.start if self.period else None) if d]
        return max(candidates) if candidates else None
