"""The errors a service raises for a request it cannot answer, by what the caller
can do about it. The web app maps them to statuses (404, 400, 503); the CLI prints
them and exits 1. Messages are Vietnamese first, then English."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cancu.contract.views import CatalogueMatch


class ServiceError(Exception):
    """A request the services refuse, with a message for the person who made it."""


class NotFound(ServiceError):
    """What was asked for is not in the workspace: `what` says which kind of thing
    ("document", "instrument"), `name` how it was asked for."""

    def __init__(self, message: str, *, what: str = "", name: str = ""):
        super().__init__(message)
        self.what = what
        self.name = name


class Ambiguous(NotFound):
    """The text names several things equally well, so none is taken: `candidates`
    (cancu.contract.views.CatalogueMatch, best first) are for the caller to choose from."""

    def __init__(self, message: str, *, what: str, name: str, candidates: list[CatalogueMatch]):
        super().__init__(message, what=what, name=name)
        self.candidates = candidates


class BadQuery(ServiceError):
    """The question cannot be asked this way: a search query, an IRI or a SPARQL
    query that does not parse, or that asks for what is not allowed.

    `reason`: "syntax" (does not parse), "update" (a SPARQL update; `keyword` names
    it), "service" (SPARQL federation), "value" (a parameter out of its range);
    `param` names the parameter at fault when there is one."""

    def __init__(self, message: str, *, reason: str = "syntax", param: str | None = None, keyword: str = ""):
        super().__init__(message)
        self.reason = reason
        self.param = param
        self.keyword = keyword


class Unavailable(ServiceError):
    """The services cannot answer now; asking again later may work."""

    retry_after_s: int | None = None


class Busy(Unavailable):
    """Every worker that could answer is taken (SPARQL query processes, the writer)."""

    def __init__(self, message: str, *, retry_after_s: int):
        super().__init__(message)
        self.retry_after_s = retry_after_s


class TimedOut(Unavailable):
    """The work ran past its time limit and was stopped."""

    def __init__(self, message: str, *, limit_s: float):
        super().__init__(message)
        self.limit_s = limit_s


class TooLarge(Unavailable):
    """The work needed more memory than it may use and was stopped."""

    def __init__(self, message: str, *, limit_mb: int):
        super().__init__(message)
        self.limit_mb = limit_mb


class NoData(Unavailable):
    """Nothing has been ingested into the workspace yet."""
