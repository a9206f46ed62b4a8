"""Typed objects of the graph side: an instrument's identity and how a mention
resolved to it."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from cancu.nlp.model import Mention


@dataclass(frozen=True)
class InstrumentKey:
    """The identity of an instrument (docs/ARCHITECTURE.md § Identity).

    National symbols are unique with their year; local ones (88/KH-UBND) also
    need the issuer; party numbers restart each term, so the year is part of
    the key. A name-only instrument with no symbol is keyed by its name.
    """

    type: str | None
    symbol: str | None
    year: int | None
    issuer: str | None = None
    name: str | None = None


class ResolutionStatus(str, Enum):
    RESOLVED = "resolved"        # identity fully known (symbol + year, or registry)
    INFERRED = "inferred"        # filled in from the citing document or the registry by date
    AMBIGUOUS = "ambiguous"      # several instruments fit; see candidates
    UNRESOLVED = "unresolved"    # not enough to identify; see reason


@dataclass
class Resolution:
    """A mention joined to the instrument it cites, or the reason it is not."""

    mention: Mention
    status: ResolutionStatus
    key: InstrumentKey | None = None
    iri: str | None = None
    symbol: str | None = None          # registry symbol, e.g. 10/2022/QH15 for a law by name
    reason: str | None = None          # why not resolved / how it was inferred (Vietnamese)
    candidates: list[str] = field(default_factory=list)   # symbols, when ambiguous

    @property
    def cited_symbol(self) -> str | None:
        """The symbol to report for this citation: as written, else the registry's
        for a law cited by name — but never a pseudo-symbol (HP-2013), since the
        instrument has no number."""
        if self.mention.symbol:
            return self.mention.symbol
        if self.symbol and self.symbol[:1].isdigit() and \
                self.status in (ResolutionStatus.RESOLVED, ResolutionStatus.INFERRED):
            return self.symbol
        return None
