"""A mention being assembled, before it is mapped back to the original text."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cancu.nlp.citations.symbols import Symbol


@dataclass
class Draft:
    """A mention being assembled, in working-copy offsets."""

    kind: str
    start: int
    end: int
    type_as_written: str | None = None
    type: str | None = None
    symbol: Symbol | None = None
    symbol_text: str | None = None
    name: str | None = None
    date: dt.date | None = None
    year: int | None = None
    issuer: str | None = None
    pinpoint: str | None = None
    abbreviated: bool = False
    embedded: bool = False
    title: tuple[int, int] | None = None   # span of a following "về …" title
    known_keys: tuple[str, ...] = ()       # gazetteer keys of the name it cites
    notes: list[str] = field(default_factory=list)
