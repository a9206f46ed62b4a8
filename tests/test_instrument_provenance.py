"""Each surface of an instrument (`cancu instrument`, its --json, the web page, the API)
shows where every fact comes from and how sure it is, and says when the status rests on
a low-confidence source (issue #13). A registry of its own, no workspace needed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cancu import cli
from cancu.kg.registry.instruments import INSTRUMENT_COLUMNS
from cancu.services import Services
from cancu.web.app import create_app
from cancu.workspace import Workspace

I_HEAD = "\t".join(INSTRUMENT_COLUMNS)
FACT_HEAD = "symbol\ttype\tname\tfull_title\tadopted\teffective\texpired\treplaced_by\tamends\tissuer\tsource\tconfidence"
OFFICIAL = "https://example.org/gazette/luat-1-2010"
WEAK = "secondary public file https://example.org/fixture.txt (a test fixture quoting Điều 52 of the new law)"
CAVEAT = "nguồn độ tin cậy thấp: acts.tsv:2"


def _fact(symbol, adopted="", effective="", expired="", replaced_by="", source=OFFICIAL, confidence="high"):
    return "\t".join([symbol, "Luật", "Luật Thử nghiệm", "", adopted, effective, expired, replaced_by, "",
                      "Quốc hội", source, confidence])


@pytest.fixture()
def registry_dir(tmp_path) -> Path:
    """A reliable row gives the old law's dates; only a low-confidence research row gives
    its end and successor (the shape of 38/2019/QH14 in the shipped registry)."""
    folder = tmp_path / "registry"
    (folder / "research").mkdir(parents=True)
    (folder / "instruments.tsv").write_text(I_HEAD + "\n", encoding="utf-8")
    (folder / "laws.tsv").write_text(FACT_HEAD + "\n" + _fact("1/2010/QH12", "2010-06-01", "2011-01-01") + "\n"
                                     + _fact("2/2020/QH14", "2020-06-01", "2021-01-01",
                                             source="https://example.org/gazette/luat-2-2020") + "\n",
                                     encoding="utf-8")
    (folder / "research" / "acts.tsv").write_text(
        FACT_HEAD + "\n" + _fact("1/2010/QH12", expired="2021-01-01", replaced_by="2/2020/QH14", source=WEAK,
                                 confidence="low") + "\n", encoding="utf-8")
    return folder


def _cli(capsys, registry_dir: Path, tmp_path: Path, *args: str) -> str:
    code = cli.main(["--home", str(tmp_path / "home"), "--registry", str(registry_dir), "instrument", *args])
    out = capsys.readouterr().out
    assert code == 0, out
    return out


def test_cli_text_shows_the_weak_end_and_the_source_of_each_row(capsys, registry_dir, tmp_path):
    out = _cli(capsys, registry_dir, tmp_path, "1/2010/QH12")
    assert ("tình trạng hôm nay: Luật 1/2010/QH12 hết hiệu lực từ ngày 01/01/2021, được thay thế bởi "
            f"Luật 2/2020/QH14 ({CAVEAT}).") in out
    assert "ngày hết hiệu lực 01/01/2021 — acts.tsv:2, độ tin cậy thấp" in out
    assert "laws.tsv:2 — độ tin cậy cao: cho loại, tên, cơ quan ban hành, ngày ban hành, ngày có hiệu lực" in out
    assert "acts.tsv:2 — độ tin cậy thấp: cho ngày hết hiệu lực" in out
    assert f"nguồn: {OFFICIAL}" in out and f"nguồn: {WEAK}" in out
    assert "được thay thế bởi 2/2020/QH14 (từ 2021-01-01) — acts.tsv:2, độ tin cậy thấp" in out


def test_cli_json_gives_rows_grounds_and_relation_sources(capsys, registry_dir, tmp_path):
    r = json.loads(_cli(capsys, registry_dir, tmp_path, "1/2010/QH12", "--json"))
    assert r["status"] == "no_longer_in_force" and r["status_caveat"] == CAVEAT
    assert {(g["fact"], g["origin"], g["confidence"]) for g in r["status_grounds"]} == {
        ("được thay thế bởi Luật 2/2020/QH14 từ ngày 01/01/2021", "acts.tsv:2", "low"),
        ("ngày hết hiệu lực 01/01/2021", "acts.tsv:2", "low")}
    assert [(row["origin"], row["confidence"], row["sources"]) for row in r["rows"]] == [
        ("laws.tsv:2", "high", [OFFICIAL]), ("acts.tsv:2", "low", [WEAK])]
    assert r["rows"][1]["facts"] == ["expired"]
    [rel] = r["relations_in"]
    assert (rel["symbol"], rel["confidence"], rel["origin"], rel["sources"]) == \
        ("2/2020/QH14", "low", "acts.tsv:2", [WEAK])


@pytest.fixture()
def client(registry_dir, tmp_path):
    services = Services(Workspace.locate(str(tmp_path / "home")), registry_dir=str(registry_dir))
    yield create_app(services, token=None, config={"TESTING": False}).test_client()
    services.close()


def test_api_gives_rows_grounds_and_relation_sources(client):
    body = client.get("/api/v1/instrument", query_string={"q": "1/2010/QH12"}).get_json()
    status = body["status"]
    assert status["caveat_vi"] == CAVEAT and status["explanation_vi"].endswith(f"({CAVEAT}).")
    assert {(g["origin"], g["confidence"]) for g in status["grounds"]} == {("acts.tsv:2", "low")}
    assert [(row["origin"], row["confidence"], row["sources"], row["gave"]) for row in body["rows"]] == [
        ("laws.tsv:2", "high", [OFFICIAL], ["type", "name", "issuer", "signed", "effective"]),
        ("acts.tsv:2", "low", [WEAK], ["expired"])]
    [rel] = body["relations_in"]
    assert (rel["confidence"], rel["origin"], rel["sources"]) == ("low", "acts.tsv:2", [WEAK])
    # the API's own description lists the new fields
    schema = client.get("/api/openapi.json").get_json()["components"]["schemas"]
    assert {"rows", "statements"} <= set(schema["Instrument"]["properties"])
    assert {"sources", "origin"} <= set(schema["Relation"]["properties"])


def test_page_shows_the_weak_end_and_each_rows_sources_as_links(client):
    page = client.get("/instrument", query_string={"q": "1/2010/QH12"}).get_data(as_text=True)
    assert f"({CAVEAT})." in page
    assert "Tình trạng dựa trên" in page and "Nguồn và độ tin cậy của từng dòng danh mục" in page
    assert '<span class="confidence conf-low">Độ tin cậy: thấp</span>' in page
    assert '<span class="confidence conf-high">Độ tin cậy: cao</span>' in page
    assert f'<a href="{OFFICIAL}" rel="noopener noreferrer nofollow">{OFFICIAL}</a>' in page
    # an address inside a source's text is a link too, the text around it kept
    assert ('secondary public file <a href="https://example.org/fixture.txt" rel="noopener noreferrer nofollow">'
            'https://example.org/fixture.txt</a> (a test fixture') in page
    assert "ngày hết hiệu lực" in page and "<code>acts.tsv:2</code>" in page
