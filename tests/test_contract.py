"""The seam between web and the rest (contract/): cancu's Services answers every
method the contract names, with the same parameters and types; web imports only
the contract and itself, in no circle; the vocabularies web shows come from kg."""
from __future__ import annotations

import ast
import inspect
import typing
from pathlib import Path

import cancu.contract.views
from cancu.services import Services as CancuServices
from cancu.contract.services import Services

ROOT = Path(__file__).resolve().parent.parent


def _names() -> dict:
    """The read models cancu.contract.views names for type checking, for resolving annotations."""
    from cancu.kg.queries.documents import DocumentMeta, FindingRow
    from cancu.kg.registry.lookup import CatalogueMatch
    from cancu.kg.queries.named import CitationRow
    from cancu.kg.queries.reports import DocumentView, InstrumentReport
    from cancu.kg.views import ChainResult, ObligationRow, ObligationSummary
    from cancu.search.model import SearchResult
    return {**vars(cancu.contract.views), **locals()}


def _methods(cls) -> list[str]:
    return [n for n, v in vars(cls).items() if callable(v) and not n.startswith("_")]


def test_the_contract_names_methods():
    assert len(_methods(Services)) >= 20


def test_cancu_services_answer_every_method_of_the_contract():
    names = _names()
    for name in _methods(Services):
        wanted = inspect.signature(getattr(Services, name))
        have = getattr(CancuServices, name, None)
        assert callable(have), name
        got = inspect.signature(have)
        wanted_hints = typing.get_type_hints(getattr(Services, name), localns=names)
        got_hints = typing.get_type_hints(have, localns=names)
        for pname, p in wanted.parameters.items():
            assert pname in got.parameters, (name, pname)
            q = got.parameters[pname]
            assert q.kind == p.kind, (name, pname, q.kind, p.kind)
            assert (q.default is inspect.Parameter.empty) == (p.default is inspect.Parameter.empty), (name, pname)
            if pname != "self":
                assert got_hints.get(pname) == wanted_hints.get(pname), (name, pname)
        # Parameters beyond the contract's are the implementation's own, and optional.
        for pname, q in got.parameters.items():
            if pname not in wanted.parameters:
                assert q.default is not inspect.Parameter.empty, (name, pname)
        assert got_hints.get("return") == wanted_hints.get("return"), (name, got_hints.get("return"))


def test_cancu_services_have_the_contract_attributes():
    for name in typing.get_type_hints(Services, localns=_names()):
        assert hasattr(CancuServices(_FakeWorkspace()), name), name


class _FakeWorkspace:
    root = ROOT


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out |= {f"{node.module}.{a.name}" for a in node.names}
    return out


def test_web_imports_only_the_contract_and_itself():
    allowed = ("cancu.web", "cancu.contract")
    for path in sorted((ROOT / "web").glob("*.py")):
        bad = sorted(m for m in _imports(path)
                     if (m.split(".")[0] == "cancu" and not m.startswith(allowed))
                     or m.split(".")[0] in ("pyoxigraph", "rdflib"))
        assert not bad, (path.name, bad)
        text = path.read_text(encoding="utf-8")
        assert ".store" not in text and "has(" not in text and "optional(" not in text, path.name


def test_web_modules_import_each_other_in_no_circle():
    modules = {p.stem: p for p in (ROOT / "web").glob("*.py")}
    edges = {m: {i.split(".")[2] for i in _imports(p) if i.startswith("cancu.web.") and i.split(".")[2] in modules}
             for m, p in modules.items()}
    for m, p in modules.items():      # `from cancu.web import x, y`
        tree = ast.parse(p.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "cancu.web":
                edges[m] |= {a.name for a in node.names if a.name in modules}
    done: set[str] = set()

    def visit(m: str, path: tuple[str, ...]) -> None:
        assert m not in path, " → ".join((*path, m))
        if m in done:
            return
        for n in edges[m]:
            visit(n, (*path, m))
        done.add(m)
    for m in modules:
        visit(m, ())


def test_vocabularies_come_from_kg():
    from cancu.contract import vocab
    from cancu.kg.chains import walk as chain
    from cancu.kg.audit import findings
    assert chain.DIRECTIONS is vocab.CHAIN_DIRECTIONS
    assert vocab.FindingKind is findings.FindingKind
    assert set(vocab.LEGEND_STATUSES) <= set(vocab.INSTRUMENT_STATUSES) | set(vocab.MENTION_STATUSES)
    assert set(vocab.MENTION_STATUSES) <= set(vocab.LEGEND_STATUSES)


def test_named_errors_map_to_statuses(client):
    """BadQuery → 400 (a direction that is not one, an IRI that is not one), and the API says why."""
    r = client.get("/api/v1/chains", query_string={"q": "10/2022/QH15", "direction": "sideways"})
    assert r.status_code == 400 and "direction" in r.get_json()["error"]["message"]
    r = client.get("/api/v1/instrument", query_string={"iri": "http://bad iri/x"})
    assert r.status_code == 400 and "iri" in r.get_json()["error"]["message"]


class _Refusing:
    """A stand-in that refuses as the contract allows, to see each error's status."""

    max_upload_bytes = 1024

    def checkpoint_id(self) -> str:
        return "stand-in"

    def document(self, doc_id: str):
        from cancu.contract.errors import NotFound
        raise NotFound("không có / none", what="document", name=doc_id)

    def sparql(self, query: str, *, format: str, limits, offset: int = 0):
        from cancu.contract.errors import Busy
        raise Busy("bận / busy", retry_after_s=3)

    def search(self, query: str, *, limit: int = 10, facets: bool = False, facet_values: int | None = None):
        from cancu.contract.errors import TimedOut
        raise TimedOut("chậm / slow", limit_s=1.0)


def test_not_found_busy_and_timed_out_map_to_404_and_503():
    from cancu.web.app import create_app
    client = create_app(_Refusing(), config={"RESPONSE_CACHE_SIZE": 0}).test_client()
    r = client.get("/api/v1/documents/a.txt")
    assert r.status_code == 404 and "a.txt" in r.get_json()["error"]["message"]
    r = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": "application/json"})
    assert r.status_code == 503 and r.headers["Retry-After"] == "3"
    r = client.get("/api/v1/search", query_string={"q": "x"})
    assert r.status_code == 503 and r.get_json()["error"]["message"]


from tests.test_web_support import app, built_workspace, client, services  # noqa: E402,F401  (fixtures)
