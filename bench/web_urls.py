"""The URLs the web benchmarks ask for, by page kind (bench/web.py under load,
bench/web_requests.py one at a time). Each page is asked for in several forms,
drawn in turn, so a response cache answers what a real mix would repeat and no
more: queries as staff type them, documents spread over the workspace (listed
from the API), instruments, filters, agencies."""
from __future__ import annotations

from typing import Callable
from urllib.parse import quote as q

SEARCHES = ["nghi dinh 59", "dân chủ ở cơ sở", "ubnd xa bao cao 6 thang", "qd 217", "phap lenh 2007",
            "tiếp công dân", "cong khai tai chinh", "hương ước quy ước", "kiem tra giam sat loai:kh",
            "ban thanh tra nhân dân stale:no", "Luật Thực hiện dân chủ ở cơ sở", "tuyen truyen nam:2025"]
INSTRUMENTS = ["Pháp lệnh 34/2007", "59/2023/NĐ-CP", "nghi dinh 61/2023", "qd 217", "Luật 10/2022/QH15",
               "218-QĐ/TW", "Quyết định 22/2018/QĐ-TTg", "Hiến pháp 2013"]
AUDITS = ["/audit", "/audit?finding=stale", "/audit?finding=stale_during_period", "/audit?year=2025",
          "/audit?finding=unresolved", "/audit?year=2024"]
SPARQL = [
    "SELECT ?id ?title WHERE { GRAPH ?g { ?g cancu:documentId ?id OPTIONAL { ?g eli:title ?title } } }",
    "SELECT ?id WHERE { GRAPH ?g { ?m cancu:resolvedTo ?i ; cancu:symbol \"59/2023/NĐ-CP\" . ?g cancu:documentId ?id } }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?m a cancu:Mention }",
    "SELECT ?kind (COUNT(*) AS ?n) WHERE { ?f cancu:findingKind ?kind } GROUP BY ?kind",
]
CHAINS = ["59/2023/NĐ-CP", "Luật 10/2022/QH15", "nghi dinh 61/2023", "Pháp lệnh 34/2007"]


def spread(items: list, n: int) -> list:
    """`n` items spread evenly over the list (the same ones every run)."""
    if len(items) <= n:
        return list(items)
    return [items[i * len(items) // n] for i in range(n)]


def page_urls(get_json: Callable[[str], dict], per_kind: int | None = None) -> dict[str, list[str]]:
    """Page kind → URLs; `get_json(path)` reads the API of the server measured.
    With `per_kind`, at most that many URLs of each kind (spread over its list).
    Key "_documents" holds the number of documents."""
    documents = [d["id"] for d in get_json("/api/v1/documents?limit=10000")["documents"]]
    agencies = sorted({o["agency"] for o in get_json("/api/v1/obligations?limit=200")["obligations"]
                       if o.get("agency")})
    cap = (lambda xs: spread(xs, per_kind)) if per_kind else list
    docs = cap(documents) if per_kind else documents
    kinds = {
        "home": ["/", "/?page=2"] if len(documents) > 50 else ["/"],
        "search": ["/?q=" + q(s) for s in SEARCHES],
        "search-api": ["/api/v1/search?q=" + q(s) for s in SEARCHES],
        "document": ["/document/" + q(d) for d in docs],
        "document-api": ["/api/v1/documents/" + q(d) for d in docs],
        "instrument": ["/instrument?q=" + q(s) for s in INSTRUMENTS],
        "instrument-api": ["/api/v1/instrument?limit=50&q=" + q(s) for s in INSTRUMENTS],
        "cites-api": ["/api/v1/cites?limit=50&q=" + q(s) for s in INSTRUMENTS],
        "audit": AUDITS,
        "audit-api": ["/api/v1" + a + ("&" if "?" in a else "?") + "limit=50" for a in AUDITS],
        "obligations": (["/obligations", "/obligations?page=3"]
                        + ["/obligations?agency=" + q(a) for a in spread(agencies, 3)]
                        + ["/obligations?document=" + q(d) for d in spread(documents, 2)]),
        "obligations-api": (["/api/v1/obligations?limit=50", "/api/v1/obligations?limit=50&offset=100"]
                            + ["/api/v1/obligations?limit=50&agency=" + q(a) for a in spread(agencies, 2)]),
        "chain": ["/chain?q=" + q(c) for c in CHAINS],
        "chains-api": ["/api/v1/chains?q=" + q(c) for c in CHAINS],
        "sparql": ["/sparql?query=" + q(s) for s in SPARQL],
        "stats-api": ["/api/v1/stats", "/api/v1/documents?limit=50"],
    }
    out: dict = {k: cap(v) for k, v in kinds.items()}
    out["_documents"] = len(documents)
    return out
