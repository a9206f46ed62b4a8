"""A bounded breadth-first crawler for a served workspace, and the mutations a
fuzzing test applies to each URL it finds (tests/test_fuzz_crawl.py uses both).

Every distinct same-origin link of every fetched page (HTML href/src/action of
GET forms, the URLs a page's script fetches (data-tasks), JSON string values
that are paths, a redirect's Location) is
collected; pages are fetched by *kind* (the route with its identifiers blanked
and its parameter names), at most `per_kind` of each, so a cap on pages still
reaches every kind of page rather than the first thousand documents."""
from __future__ import annotations

import http.client
import json
import re
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit


@dataclass(frozen=True)
class Response:
    method: str
    url: str
    status: int
    content_type: str
    body: bytes
    location: str | None


class Client:
    """One HTTP/1.1 connection per call to a loopback server (no redirects followed)."""

    def __init__(self, base: str, timeout: float = 60):
        parts = urlsplit(base)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout

    def request(self, method: str, url: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> Response:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            conn.request(method, url, body=body, headers=headers or {})
            r = conn.getresponse()
            return Response(method, url, r.status, r.getheader("Content-Type", ""), r.read(),
                            r.getheader("Location"))
        except OSError as e:      # no answer in time, or the worker died: status 0, kept as a failure
            return Response(method, url, 0, "", repr(e).encode(), None)
        finally:
            conn.close()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        a = dict(attrs)
        for name in ("href", "src", "xlink:href", "data-tasks"):
            if a.get(name):
                self.links.append(a[name])
        if tag == "form" and (a.get("method") or "get").lower() == "get" and a.get("action"):
            self.links.append(a["action"])


def _json_strings(value) -> Iterator[str]:
    if isinstance(value, dict):       # keys too: an OpenAPI document's paths are keys
        for k, v in value.items():
            yield k
            yield from _json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v)
    elif isinstance(value, str):
        yield value


def links_of(response: Response) -> list[str]:
    """Same-origin paths (with their query) a response points to."""
    found: list[str] = []
    if response.location:
        found.append(response.location)
    ctype = response.content_type
    if "html" in ctype or "svg" in ctype:
        parser = _Links()
        parser.feed(response.body.decode("utf-8", "replace"))
        found += parser.links
    elif "json" in ctype:
        try:
            # A path, not text that opens with a slash (a document number cut in front of
            # its code, "/KH-UBND Đầm Hà, ngày …", in the generated plans): no whitespace.
            found += [s for s in _json_strings(json.loads(response.body))
                      if s.startswith("/") and not any(c.isspace() for c in s)]
        except ValueError:
            pass
    return [p for p in (local_path(u, response.url) for u in found) if p]


def local_path(link: str, page: str) -> str | None:
    """`link` as a path on this server, or None (other hosts, fragments, mailto …)."""
    parts = urlsplit(link)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    if parts.netloc and not parts.netloc.startswith(("127.0.0.1", "localhost")):
        return None
    path = parts.path
    if not path:
        if not parts.query:
            return None          # "#main"
        path = urlsplit(page).path
    elif not path.startswith("/"):
        base = urlsplit(page).path
        path = base[: base.rfind("/") + 1] + path
    return urlunsplit(("", "", path, parts.query, ""))


_ID_ROUTES = (re.compile(r"^(/document/).+"), re.compile(r"^(/api/v1/documents/).+"),
              re.compile(r"^(/static/).+"))


def kind_of(url: str) -> str:
    """The route a URL reaches, with identifiers blanked: '/document/*?at', '/instrument?iri'."""
    parts = urlsplit(url)
    path = parts.path
    for pattern in _ID_ROUTES:
        path = pattern.sub(r"\1*", path)
    names = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return path + ("?" + "&".join(names) if names else "")


@dataclass
class Crawl:
    responses: list[Response] = field(default_factory=list)
    distinct_links: set[str] = field(default_factory=set)
    skipped_by_cap: set[str] = field(default_factory=set)

    def kinds(self) -> set[str]:
        return {kind_of(r.url) for r in self.responses}


def crawl(client: Client, seeds: list[str], *, per_kind: int, max_pages: int,
          workers: int = 4) -> Crawl:
    """Breadth-first from `seeds`: each level's pages fetched in parallel."""
    result = Crawl()
    per: dict[str, int] = {}
    seen: set[str] = set()
    level = deque()

    def admit(url: str) -> None:
        result.distinct_links.add(url)
        if url in seen:
            return
        seen.add(url)
        k = kind_of(url)
        if per.get(k, 0) >= per_kind or len(seen) - len(result.skipped_by_cap) > max_pages:
            result.skipped_by_cap.add(url)
            return
        per[k] = per.get(k, 0) + 1
        level.append(url)

    for s in seeds:
        admit(s)
    with ThreadPoolExecutor(workers) as pool:
        while level:
            batch = list(level)
            level.clear()
            for response in pool.map(lambda u: client.request("GET", u), batch):
                result.responses.append(response)
                for link in links_of(response):
                    admit(link)
    return result


def _q(path: str, **args: str) -> str:
    return f"{path}?{urlencode(args)}"


# Where a crawl starts: the home page, the pages its forms lead to (a crawler
# does not fill forms) and the API's entry points.
SEEDS = ["/", "/api/", "/api/openapi.json", "/sparql", "/chain", "/instrument", "/upload",
         _q("/", q="nghị định 59"), _q("/", q="luat to cao"), _q("/", q="type:kh stale:yes"),
         _q("/instrument", q="luat to cao"), _q("/instrument", q="nđ 59"),
         _q("/chain", q="10/2022/QH15", direction="down"),
         _q("/api/v1/search", q="nghị định", facets="1"), _q("/api/v1/cites", q="nđ 59"),
         _q("/api/v1/instruments", q="luật"), "/api/v1/stats", "/api/v1/documents",
         _q("/api/v1/chains", q="10/2022/QH15")]


# ---------------------------------------------------------------- mutations
UNKNOWN_IRIS = ("http://cancu.local/instrument/luat/1900/khong-co", "https://example.invalid/x",
                "http://cancu.local/document/khong-co.txt", "http://cancu.local/obligation/khong-co/1")
ODD_VALUES = ("", " ", "-1", "0", "99999999999999999999999999", "1e309", "NaN", "-0",
              "../../../etc/passwd", "%00", "\x00", "\ufeff", "\u202enghị định", "ﬁ\u0301\u0323",
              "𝔑𝔡 59", "nghị định 59" * 400, "<script>alert(1)</script>", "'\"{}[]\\",
              "http://a b", "\U0010ffff", "2026-02-30", "?&=#")
ODD_PARAMS = {"page": ("-1", "0", "99999999999999999999", "abc"),
              "per_page": ("-5", "0", "100000000", "1.5"),
              "limit": ("-1", "0", "99999999999999999999"), "offset": ("-1", "99999999999999999999"),
              "at": ("-2", "99999999999999999999"), "direction": ("sideways", ""),
              "format": ("pdf", "ＪＳＯＮ"), "lang": ("xx", "vi\x00"), "due_before": ("2026-13-01", "hôm qua"),
              "year": ("-1", "99999999999999999999", "２０２５"), "facets": ("maybe",), "text": ("perhaps",)}


def _with(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    args = dict(parse_qsl(parts.query, keep_blank_values=True))
    args.update(changes)
    return urlunsplit(("", "", parts.path, urlencode(args), ""))


def mutations(url: str) -> list[str]:
    """Variants of `url`: each parameter given unknown IRIs and odd values, odd
    paging and option parameters added, and the identifier in the path replaced."""
    parts = urlsplit(url)
    args = dict(parse_qsl(parts.query, keep_blank_values=True))
    out: list[str] = []
    for name in args:
        for value in UNKNOWN_IRIS + ODD_VALUES:
            out.append(_with(url, **{name: value}))
    for name, values in ODD_PARAMS.items():
        for value in values:
            out.append(_with(url, **{name: value}))
    for pattern in _ID_ROUTES:
        m = pattern.match(parts.path)
        if m:
            for ident in ("khong-co.txt", "..%2F..%2Fetc%2Fpasswd", quote("văn bản\u0301.txt"),
                          "a" * 300, "%00", ".hidden", quote("\U0001F600")):
                out.append(urlunsplit(("", "", m.group(1) + ident, parts.query, "")))
    out.append(urlunsplit(("", "", parts.path + "/khong-co", parts.query, "")))
    out.append(urlunsplit(("", "", parts.path, parts.query + "&" + quote("\u0000=\u0000", safe="="), "")))
    return list(dict.fromkeys(out))


def sample_mutations(urls: list[str], per_kind: int) -> list[str]:
    """About `per_kind` variants of each kind of URL, spread over its pages and
    over the whole list of mutations: with n pages of a kind, page j takes the
    mutations at positions j, j+n, j+2n … of `per_kind` evenly spaced ones."""
    by_kind: dict[str, list[str]] = {}
    for u in urls:
        by_kind.setdefault(kind_of(u), []).append(u)
    out: list[str] = []
    for pages in by_kind.values():
        n = len(pages)
        for j, url in enumerate(pages):
            variants = mutations(url)
            step = max(1, len(variants) // per_kind)
            out += [variants[(t * step) % len(variants)] for t in range(j, per_kind, n)]
    return list(dict.fromkeys(out))


def fetch_all(client: Client, urls: list[str], workers: int = 4) -> list[Response]:
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda u: client.request("GET", u), urls))
