"""Ingest into a workspace and ask it questions, through the command line."""
from __future__ import annotations

import json
import shutil

import pytest

from cancu.kg.audit.findings import is_stale
from cancu.cli import main
from tests.gold import PLANS, gold_mentions


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("ws")
    assert main(["--home", str(home), "ingest", str(PLANS)]) == 0
    return str(home)


def run_json(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr().out
    return code, [json.loads(line) for line in out.splitlines() if line.strip()]


def quiet(capsys, *args) -> int:
    code = main(list(args))
    capsys.readouterr()
    return code


def test_stats(home, capsys):
    code, [stats] = run_json(capsys, "--home", home, "stats", "--json")
    assert code == 0
    assert stats["documents"] == 5 and stats["mentions"] == 125 and stats["triples"] > 1000


def test_cites_lists_exactly_the_plans_the_gold_says(home, capsys):
    expected = {g.doc for g in gold_mentions() if g.symbol == "59/2023/NĐ-CP"}
    for typed in ["59/2023/NĐ-CP", "nđ 59/2023", "nghi dinh 59", "Nghị định 59"]:
        code, rows = run_json(capsys, "--home", home, "cites", typed, "--json")
        assert code == 0, typed
        assert {r["document"] for r in rows} == expected, typed
        assert {"document", "symbol", "text", "start", "end", "pinpoint"} <= set(rows[0])


def test_cites_a_law_by_name_and_a_nickname(home, capsys):
    code, rows = run_json(capsys, "--home", home, "cites", "Luật Thực hiện dân chủ ở cơ sở", "--json")
    assert code == 0 and len(rows) == 30 and any(r["pinpoint"] == "Điều 11" for r in rows)
    code, rows = run_json(capsys, "--home", home, "cites", "Pháp lệnh dân chủ 2007", "--json")
    assert code == 0 and {r["document"] for r in rows} == {"002_93d6b709dd7d643f.txt"}
    # The registry holds several ordinances of 2007: type and year alone list them.
    code, rows = run_json(capsys, "--home", home, "cites", "Pháp lệnh 2007", "--json")
    assert code == 1 and "34/2007/PL-UBTVQH11" in {r["symbol"] for r in rows}


def test_ambiguous_query_lists_candidates(home, capsys):
    code, rows = run_json(capsys, "--home", home, "cites", "luat to cao", "--json")
    assert code == 1 and {r["symbol"] for r in rows} == {"03/2011/QH13", "25/2018/QH14"}


def test_audit_json_fields(home, capsys):
    code, rows = run_json(capsys, "--home", home, "audit", "002_93d6b709dd7d643f.txt", "--json")
    assert code == 0
    stale = [r for r in rows if is_stale(r["finding"])]
    assert {r["symbol"] for r in stale} == {"34/2007/PL-UBTVQH11", "22/2018/QĐ-TTg"}
    assert {"document", "symbol", "finding", "explanation", "replaced_by"} <= set(stale[0])


def test_audit_table_shows_the_vietnamese_label_of_each_finding(home, capsys):
    assert main(["--home", home, "audit", "002_93d6b709dd7d643f.txt"]) == 0
    out = capsys.readouterr().out
    assert "Hết hiệu lực trong thời gian áp dụng" in out and "34/2007/PL-UBTVQH11" in out
    assert " stale " not in out


def test_sparql_csv_is_the_endpoints_results_format(home, capsys):
    query = 'SELECT ?id ?none WHERE { GRAPH ?g { ?g cancu:documentId ?id } FILTER(?id = "000_ba1120af1f27bf6e.txt") }'
    assert main(["--home", home, "sparql", query, "--format", "csv"]) == 0
    assert capsys.readouterr().out == "id,none\r\n000_ba1120af1f27bf6e.txt,\r\n"


def test_reingest_is_idempotent_and_a_changed_file_replaces_its_triples(home, tmp_path, capsys):
    code, [before] = run_json(capsys, "--home", home, "stats", "--json")
    assert quiet(capsys, "--home", home, "ingest", str(PLANS)) == 0
    code, [same] = run_json(capsys, "--home", home, "stats", "--json")
    assert same == before
    # A copy of plan 001 under a new name, then changed, then removed.
    plan = tmp_path / "them.txt"
    plan.write_text((PLANS / "001_205a99ee8602f0ef.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert quiet(capsys, "--home", home, "ingest", str(plan)) == 0
    code, [added] = run_json(capsys, "--home", home, "stats", "--json")
    assert added["documents"] == 6 and added["mentions"] == before["mentions"] + 19
    plan.write_text("KẾ HOẠCH\nCăn cứ Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ;\n", encoding="utf-8")
    assert quiet(capsys, "--home", home, "ingest", str(plan)) == 0
    code, [changed] = run_json(capsys, "--home", home, "stats", "--json")
    assert changed["documents"] == 6 and changed["mentions"] == before["mentions"] + 1
    assert quiet(capsys, "--home", home, "remove", "them.txt") == 0
    code, [after] = run_json(capsys, "--home", home, "stats", "--json")
    assert after == before


def test_bad_file_does_not_stop_ingest(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(PLANS / "004_9804076c90d51208.txt", folder)
    (folder / "rong.txt").write_bytes(b"")
    (folder / "hong.docx").write_bytes(b"PK\x03\x04 not a zip")
    code = main(["--home", str(tmp_path / "ws"), "ingest", str(folder)])
    err = capsys.readouterr().err
    assert code == 1 and "rong.txt" in err and "hong.docx" in err
    code, [stats] = run_json(capsys, "--home", str(tmp_path / "ws"), "stats", "--json")
    assert stats["documents"] == 1


def test_query_on_empty_workspace_says_so(tmp_path, capsys):
    assert main(["--home", str(tmp_path / "none"), "stats"]) == 1
    assert "cancu ingest" in capsys.readouterr().err


def test_sparql_and_export(home, capsys, tmp_path):
    assert main(["--home", home, "sparql",
                 "SELECT (COUNT(*) AS ?n) WHERE { ?d a cancu:IngestedDocument }", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["n"] == "5"
    out = tmp_path / "all.nq"
    assert main(["--home", home, "export", "--format", "nq", "-o", str(out)]) == 0
    assert out.stat().st_size > 100_000


def test_parallel_ingest_writes_the_same_graph(home, tmp_path, capsys):
    other = tmp_path / "parallel"
    assert quiet(capsys, "--home", str(other), "ingest", "--jobs", "2", str(PLANS)) == 0
    code, [serial] = run_json(capsys, "--home", home, "stats", "--json")
    code, [parallel] = run_json(capsys, "--home", str(other), "stats", "--json")
    assert parallel == serial


def test_export_then_import_into_a_fresh_workspace_gives_the_same_quads(home, tmp_path, capsys):
    dump = tmp_path / "all.nq"
    assert quiet(capsys, "--home", home, "export", "--format", "nq", "-o", str(dump)) == 0
    fresh = tmp_path / "fresh"
    assert quiet(capsys, "--home", str(fresh), "import", str(dump)) == 0
    again = tmp_path / "again.nq"
    assert quiet(capsys, "--home", str(fresh), "export", "--format", "nq", "-o", str(again)) == 0
    assert sorted(dump.read_text().splitlines()) == sorted(again.read_text().splitlines())


def test_instrument_report(home, capsys):
    code, [r] = run_json(capsys, "--home", home, "instrument", "Pháp lệnh dân chủ", "--json")
    assert code == 0 and r["symbol"] == "34/2007/PL-UBTVQH11" and r["status"] == "no_longer_in_force"
    assert r["ended"] == "2023-07-01" and {c["document"] for c in r["cited_by"]} == {"002_93d6b709dd7d643f.txt"}
    assert any(rel["symbol"] == "10/2022/QH15" and rel["relation"] == "repeals" for rel in r["relations_in"])


def test_a_large_first_ingest_starts_on_tantivy_and_an_index_keeps_its_backend(tmp_path, monkeypatch):
    from cancu.services import Services
    from cancu.workspace import Workspace
    monkeypatch.delenv("CANCU_SEARCH_BACKEND", raising=False)
    big = Services(Workspace.locate(str(tmp_path / "big")), writable=True)
    big.expect_documents(5000)
    assert big.index.backend_name == "tantivy"
    big.close()
    again = Services(Workspace.locate(str(tmp_path / "big")))      # no hint: the index says
    assert again.index.backend_name == "tantivy"
    again.close()
    small = Services(Workspace.locate(str(tmp_path / "small")), writable=True)
    small.expect_documents(50)
    assert small.index.backend_name == "whoosh"                     # the user's default
    small.close()


def test_search_cli(home, capsys):
    code, rows = run_json(capsys, "--home", home, "search", "phap lenh 2007", "--json")
    assert code == 0 and rows[0]["document"] == "002_93d6b709dd7d643f.txt"
    assert {"document", "passage", "score", "snippet"} <= set(rows[0])
    code, rows = run_json(capsys, "--home", home, "search", "nghi dinh 59", "--json", "--facets")
    docs = {r["document"] for r in rows if "document" in r}
    assert docs == {"000_ba1120af1f27bf6e.txt", "001_205a99ee8602f0ef.txt", "003_49e1674737018ede.txt"}
    assert "facets" in rows[-1]
    assert main(["--home", home, "search", "nam:abc"]) == 2        # a bad filter is a usage error
