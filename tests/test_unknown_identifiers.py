"""Unknown identifiers are a 404 with a Vietnamese-first message on every page
and API route, and one line with exit code 1 on the command line; instruments
outside the registry (a plan's own local basis) have their page."""
from __future__ import annotations

import shutil

import pytest

from cancu.cli import main
from cancu.contract.errors import Ambiguous, NotFound
from cancu.kg.registry.resolve import registry_by_iri
from tests.test_web_support import app, built_workspace, client, services  # noqa: F401  (fixtures)

# Cited by seed plan 000 as its local basis; not in the registry.
LOCAL_BASIS = "http://cancu.local/instrument/quyet-dinh/2025/05-2025-qd-ubnd/uy-ban-nhan-dan-xa"
UNKNOWN = ["http://cancu.local/instrument/luat/1900/khong-co", "https://example.invalid/x",
           "http://cancu.local/document/khong-co-txt"]


def test_instrument_page_of_a_local_basis_outside_the_registry(client, services):
    assert LOCAL_BASIS not in registry_by_iri(services.registry)
    r = client.get("/instrument", query_string={"iri": LOCAL_BASIS})
    page = r.get_data(as_text=True)
    assert r.status_code == 200, page[:500]
    assert "05/2025/QĐ-UBND" in page and "/document/000_ba1120af1f27bf6e.txt#m-" in page
    body = client.get("/api/v1/instrument", query_string={"iri": LOCAL_BASIS}).get_json()
    assert body["symbol"] == "05/2025/QĐ-UBND" and body["total"] == 2
    assert {c["document"] for c in body["cited_by"]} == {"000_ba1120af1f27bf6e.txt"}


def test_every_local_basis_of_the_seeds_has_a_page(client, services):
    """Every instrument a seed plan cites, registry or not, answers 200."""
    rows = services.store.query("SELECT DISTINCT ?i WHERE { GRAPH ?g { ?m cancu:resolvedTo ?i } }")
    iris = sorted(r["i"].value for r in rows)
    assert len(iris) > 20
    failing = [(i, s) for i in iris if (s := client.get("/instrument", query_string={"iri": i}).status_code) != 200]
    assert failing == []


@pytest.mark.parametrize("iri", UNKNOWN)
@pytest.mark.parametrize("url", ["/instrument", "/chain", "/chain.svg"])
def test_pages_answer_404_in_vietnamese_for_unknown_iris(client, url, iri):
    r = client.get(url, query_string={"iri": iri})
    assert r.status_code == 404
    assert "Không tìm thấy" in r.get_data(as_text=True)


@pytest.mark.parametrize("iri", UNKNOWN)
@pytest.mark.parametrize("url", ["/api/v1/instrument", "/api/v1/chains"])
@pytest.mark.parametrize("param", ["iri", "q"])
def test_api_answers_404_json_for_unknown_iris(client, url, iri, param):
    r = client.get(url, query_string={param: iri})
    assert r.status_code == 404
    error = r.get_json()["error"]
    assert error["status"] == 404 and error["message"].startswith("Không tìm thấy") and iri in error["message"]
    english = client.get(url, query_string={param: iri, "lang": "en"}).get_json()["error"]["message"]
    assert english.startswith("Nothing in the workspace matches")


def test_chain_of_unknown_text_is_404_not_500(client):
    assert client.get("/chain", query_string={"q": "zzzz qqqq"}).status_code == 404
    assert client.get("/api/v1/chains", query_string={"q": "zzzz qqqq"}).status_code == 404


# Four Luật đất đai (1993, 2003, 2013, 2024) answer this name equally well.
TIE = "luật đất đai"


@pytest.mark.parametrize("ask", ["instrument", "chain"])
def test_services_raise_named_errors_not_an_empty_answer(services, ask):
    with pytest.raises(NotFound) as unknown:
        getattr(services, ask)("zzzz qqqq")
    assert not isinstance(unknown.value, Ambiguous) and unknown.value.what == "instrument"
    with pytest.raises(Ambiguous) as tie:
        getattr(services, ask)(TIE)
    symbols = {c.entry.symbol for c in tie.value.candidates}
    assert {"45/2013/QH13", "31/2024/QH15"} <= symbols


@pytest.mark.parametrize("url", ["/instrument", "/chain"])
def test_pages_list_the_candidates_of_a_tie(client, url):
    r = client.get(url, query_string={"q": TIE})
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "45/2013/QH13" in page and "31/2024/QH15" in page


@pytest.mark.parametrize("url", ["/api/v1/instrument", "/api/v1/chains"])
def test_api_answers_409_with_the_candidates_of_a_tie(client, url):
    r = client.get(url, query_string={"q": TIE})
    assert r.status_code == 409
    error = r.get_json()["error"]
    assert {"45/2013/QH13", "31/2024/QH15"} <= {c["symbol"] for c in error["candidates"]}


@pytest.mark.parametrize("url", ["/audit", "/audit.csv", "/obligations", "/obligations.csv",
                                 "/api/v1/audit", "/api/v1/obligations"])
def test_a_filter_on_an_unknown_document_is_404(client, url):
    r = client.get(url, query_string={"document": "khong-co.txt"})
    assert r.status_code == 404
    assert "Không có văn bản «khong-co.txt» trong kho" in r.get_data(as_text=True)
    assert client.get(url, query_string={"document": "000_ba1120af1f27bf6e.txt"}).status_code == 200


def test_cites_of_something_that_names_no_instrument_is_404(client):
    r = client.get("/api/v1/cites", query_string={"q": "zzzz qqqq"})
    assert r.status_code == 404 and r.get_json()["error"]["message"].startswith("Không tìm thấy")


# ---------------------------------------------------------------- the CLI
@pytest.fixture(scope="module")
def home(built_workspace, tmp_path_factory):
    target = tmp_path_factory.mktemp("cli") / "home"
    shutil.copytree(built_workspace, target)
    return str(target)


@pytest.mark.parametrize("verb", ["instrument", "chain"])
@pytest.mark.parametrize("target", UNKNOWN + ["zzzz qqqq"])
def test_cli_unknown_target_is_one_line_and_exit_1(home, capsys, verb, target):
    code = main(["--home", home, verb, target])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err and "không tìm thấy" in err


@pytest.mark.parametrize("verb", ["instrument", "chain"])
def test_cli_tie_says_so_and_lists_the_candidates_exit_1(home, capsys, verb):
    code = main(["--home", home, verb, TIE])
    first, *candidates = capsys.readouterr().err.splitlines()
    assert code == 1
    assert "có thể là" in first and len(candidates) >= 2
    assert any("45/2013/QH13" in line for line in candidates)


@pytest.mark.parametrize("args", [["chain"], ["instrument"], ["chain", "x", "--direction", "sideways"]])
def test_cli_usage_errors_exit_2(home, capsys, args):
    assert main(["--home", home, *args]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_cli_instrument_of_a_local_basis(home, capsys):
    assert main(["--home", home, "instrument", LOCAL_BASIS]) == 0
    out = capsys.readouterr().out
    assert "05/2025/QĐ-UBND" in out and "000_ba1120af1f27bf6e.txt" in out


def test_registry_load_re_audits_an_ingested_workspace(home, capsys):
    """The re-audit reads each document by a substituted IRI (it failed: pyoxigraph
    refuses a substituted variable the SELECT does not project)."""
    assert main(["--home", home, "registry", "load"]) == 0
    out = capsys.readouterr().out
    assert "đã rà soát lại 5 văn bản" in out
