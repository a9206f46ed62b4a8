"""Long lists a part at a time: `?page=&per_page=` on pages for people,
`?limit=&offset=` in the JSON API. At 10k documents an unpaged list is
megabytes of HTML and seconds of rendering. Links to other parts keep the
other parameters (the filters), so totals and page counts are of the filtered
rows. Exports (CSV, XLSX, ICS) are never paged."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import request

from cancu.web.context import int_arg
from cancu.web.errors import UserError

PER_PAGE, MAX_PER_PAGE = 50, 500
# High enough that clients written before paging see everything on a small workspace.
API_LIMIT, API_MAX_LIMIT = 1000, 10_000
_FAR = 10**9


@dataclass(frozen=True)
class Page:
    number: int           # 1-based
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def start(self) -> int:
        return (self.number - 1) * self.per_page

    @property
    def end(self) -> int:
        return min(self.start + self.per_page, self.total)

    def rows(self, items: Sequence) -> list:
        return list(items[self.start:self.end])

    def url(self, number: int) -> str:
        return with_args(page=number, per_page=self.per_page if self.per_page != PER_PAGE else None)


def page_request() -> tuple[int, int]:
    """The page asked for, checked (a bad value is a 400)."""
    return int_arg("page", 1, lo=1, hi=_FAR), int_arg("per_page", PER_PAGE, lo=1, hi=MAX_PER_PAGE)


def page_for(total: int, number: int, per_page: int) -> Page:
    page = Page(number, per_page, total)
    if number > page.pages:
        raise UserError(404, "page_past_end", page=number, pages=page.pages)
    return page


def paged(items: Sequence) -> tuple[Page, list]:
    page = page_for(len(items), *page_request())
    return page, page.rows(items)


@dataclass(frozen=True)
class Window:
    limit: int
    offset: int
    total: int

    def fields(self) -> dict:
        more = self.offset + self.limit < self.total
        return {"total": self.total, "limit": self.limit, "offset": self.offset,
                "next": with_args(offset=self.offset + self.limit, limit=self.limit) if more else None}


def window_request() -> tuple[int, int]:
    return int_arg("limit", API_LIMIT, lo=1, hi=API_MAX_LIMIT), int_arg("offset", 0, lo=0, hi=_FAR)


def windowed(items: Sequence) -> tuple[Window, list]:
    """The API's part of `items`; an offset past the end gives an empty list, not an error."""
    limit, offset = window_request()
    return Window(limit, offset, len(items)), list(items[offset:offset + limit])


def with_args(**changes: object) -> str:
    """This URL with some parameters changed (None drops one). `lang` is left out:
    the cookie remembers it, and a URL without it can be cached."""
    args = {k: v for k, v in request.args.to_dict(flat=False).items() if k != "lang"}
    for k, v in changes.items():
        if v is None:
            args.pop(k, None)
        else:
            args[k] = [str(v)]
    return request.path + ("?" + urlencode(args, doseq=True) if args else "")
