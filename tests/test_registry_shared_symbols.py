"""Symbols two instruments share (issue #13): the Quốc hội numbers its laws and
its resolutions in two counters written alike, so 55/2010/QH12 is the Luật An
toàn thực phẩm and a Nghị quyết on agricultural land use tax.  Both are kept,
keyed type:symbol; a citation's type word says which; a bare symbol is ambiguous;
no existing instrument's IRI changes."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from cancu.contract.errors import Ambiguous
from cancu.kg.audit.auditor import Auditor
from cancu.kg.model import ResolutionStatus
from cancu.kg.registry.check import check, sequence_gaps, stats
from cancu.kg.registry.instruments import (FACT_COLUMNS, RELATION_COLUMNS, Registry, RegistryError,
                                           default_registry_dir)
from cancu.kg.registry.resolve import Resolver, registry_by_iri
from cancu.nlp.citations import extract_mentions
from cancu.nlp.model import DocumentInfo
from cancu.services import Services
from cancu.web.app import create_app
from cancu.workspace import Workspace

LAW_IRI = "http://cancu.local/instrument/luat/2010/55-2010-qh12"
RESOLUTION_IRI = "http://cancu.local/instrument/nghi-quyet/2010/55-2010-qh12"
# The plan resolution for 2011 shares 51/2010/QH12 with the Luật Người khuyết tật.
RESOLUTION_51_IRI = "http://cancu.local/instrument/nghi-quyet/2010/51-2010-qh12"
LAW_51_IRI = "http://cancu.local/instrument/luat/2010/51-2010-qh12"

# Real sentences: realdocs 478446b53ded4c18 (UBND thành phố Hà Nội), lines 25–31.
HANOI_BASIS = ("Căn cứ các Nghị quyết của Quốc hội: số 55/2010/QH12 ngày 24/11/2010 về miễn, giảm thuế sử dụng "
               "đất nông nghiệp; số 28/2016/QH14 ngày 11/11/2016 về sửa đổi, bổ sung một số điều của Nghị quyết "
               "số 55/2010/QH12 về miễn, giảm thuế sử dụng đất nông nghiệp; số 107/2020/QH14 ngày 10/6/2020 về "
               "kéo dài thời hạn miễn thuế sử dụng đất nông nghiệp được quy định tại Nghị quyết số 55/2010/QH12 "
               "ngày 24/11/2010 của Quốc hội về miễn, giảm thuế sử dụng đất nông nghiệp đã được sửa đổi, bổ sung "
               "một số điều theo Nghị quyết số 28/2016/QH14;")
# The law's own header (vanban.chinhphu.vn, docid 96032) and the preamble form that cites it.
LAW_HEADER = "Luật số: 55/2010/QH12"
LAW_BASIS = "Căn cứ Luật An toàn thực phẩm số 55/2010/QH12 ngày 17 tháng 6 năm 2010;"


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load()


def _resolve(reg: Registry, text: str):
    return Resolver(reg).resolve_document(extract_mentions(text), DocumentInfo())


def _of(resolutions, symbol="55/2010/QH12"):
    return [r for r in resolutions if r.mention.symbol == symbol]


# ------------------------------------------------------------------ the shipped registry

def test_the_law_and_the_resolution_are_two_instruments(reg):
    shared = reg.shared_symbols()["55/2010/QH12"]
    assert sorted(i.key for i in shared) == ["Luật:55/2010/QH12", "Nghị quyết:55/2010/QH12"]
    law, resolution = reg.get("Luật:55/2010/QH12"), reg.get("Nghị quyết:55/2010/QH12")
    assert law.name == "Luật An toàn thực phẩm" and law.signed == date(2010, 6, 17)
    assert resolution.name == "Nghị quyết về miễn, giảm thuế sử dụng đất nông nghiệp"
    assert resolution.signed == date(2010, 11, 24) and resolution.issuer == "Quốc hội"
    # The resolution's row did not merge into the law's.
    assert not law.also_from and "Nghị quyết" not in law.notes
    assert reg.get("55/2010/QH12") is None
    assert reg.get("55/2010/QH12", type="Nghị quyết") is resolution
    assert reg.get("55/2010/QH12", type="Luật") is law


def test_relations_say_which_instrument_of_a_shared_symbol(reg):
    assert [r.subject for r in reg.relations_to("Nghị quyết:55/2010/QH12") if r.relation == "amends"] \
        == ["28/2016/QH14"]
    assert not reg.relations_to("Luật:55/2010/QH12")
    assert [r.object for r in reg.relations_from("Luật:55/2010/QH12")] == ["12/2003/PL-UBTVQH11"]
    end, ending = reg.end_of(reg.get("12/2003/PL-UBTVQH11"))
    assert end == date(2011, 7, 1) and [r.subject for r in ending] == ["Luật:55/2010/QH12"]
    bare = reg.status_at("55/2010/QH12", date(2012, 1, 1))
    assert bare.code == "unknown" and "cần loại văn bản" in bare.explanation_vi


def test_no_iri_of_an_existing_instrument_changes(reg, tmp_path):
    """The registry without the research file that adds the resolutions has the same
    IRIs less theirs alone; the laws keep the IRIs they always had."""
    folder = tmp_path / "registry"
    shutil.copytree(default_registry_dir(), folder)
    for path in (folder / "research").glob("shared_symbols*.tsv"):
        path.unlink()
    (folder / "laws.tsv").write_text((folder / "laws.tsv").read_text(encoding="utf-8")
                                     .replace("Luật:55/2010/QH12", "55/2010/QH12"), encoding="utf-8")
    before = set(registry_by_iri(Registry.load(folder)))
    after = set(registry_by_iri(reg))
    assert before < after and after - before == {RESOLUTION_IRI, RESOLUTION_51_IRI}
    assert LAW_IRI in before and LAW_51_IRI in before


def test_check_and_stats_report_the_shared_symbol(reg):
    report = check(reg)
    assert any(line.startswith("55/2010/QH12: Luật:55/2010/QH12 (laws.tsv:") and "Nghị quyết:55/2010/QH12" in line
               for line in report.shared)
    figures = stats(reg, date(2026, 1, 1))
    assert figures["shared_symbols"]["55/2010/QH12"] == ["Luật:55/2010/QH12", "Nghị quyết:55/2010/QH12"]
    # The resolution counts in the QH12 resolution counter, the law in the law counter.
    gaps = {(g.legislature, g.sequence): g for g in sequence_gaps(reg)}
    for sequence in ("Luật", "Nghị quyết"):
        assert gaps[("QH12", sequence)].highest >= 55 and 55 not in gaps[("QH12", sequence)].missing


# ------------------------------------------------------------------ loading from several files

FACT_HEAD = "\t".join(FACT_COLUMNS)
REL_HEAD = "\t".join(RELATION_COLUMNS)


def _fact(symbol, type_, name, adopted, issuer="Quốc hội", replaced_by="", amends=""):
    return "\t".join([symbol, type_, name, name, adopted, "", "", replaced_by, amends, issuer, "http://example.org"])


def _folder(tmp_path: Path, files: dict[str, list[str]], relations: list[str] | None = None) -> Path:
    (tmp_path / "research").mkdir(exist_ok=True)
    for name, rows in files.items():
        (tmp_path / name).write_text(FACT_HEAD + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    if relations is not None:
        (tmp_path / "relations.tsv").write_text(REL_HEAD + "\n" + "\n".join(relations) + "\n", encoding="utf-8")
    return tmp_path


LAW = _fact("55/2010/QH12", "Luật", "Luật An toàn thực phẩm", "2010-06-17")
RESOLUTION = _fact("55/2010/QH12", "Nghị quyết", "Nghị quyết về miễn, giảm thuế sử dụng đất nông nghiệp", "2010-11-24")


def test_rows_of_two_counters_from_two_files_stay_apart(tmp_path):
    reg = Registry.load(_folder(tmp_path, {"laws.tsv": [LAW], "research/x.tsv": [RESOLUTION]}))
    assert sorted(i.key for i in reg) == ["Luật:55/2010/QH12", "Nghị quyết:55/2010/QH12"]
    assert reg.get("Nghị quyết:55/2010/QH12").signed == date(2010, 11, 24)


def test_rows_of_one_counter_still_merge(tmp_path):
    """A Bộ luật is numbered among the laws: a row typed Luật and one typed Bộ luật are one."""
    code = _fact("100/2015/QH13", "Bộ luật", "Bộ luật Hình sự", "2015-11-27")
    other = _fact("100/2015/QH13", "Luật", "Bộ luật Hình sự", "")
    reg = Registry.load(_folder(tmp_path, {"laws.tsv": [code], "research/x.tsv": [other]}))
    assert [i.key for i in reg] == ["100/2015/QH13"] and reg.get("100/2015/QH13").also_from


def test_duplicates_are_per_key(tmp_path):
    # The law and the resolution in one file: two instruments, not a duplicate.
    reg = Registry.load(_folder(tmp_path, {"laws.tsv": [LAW, RESOLUTION]}))
    assert len(reg) == 2
    with pytest.raises(RegistryError, match=r"laws\.tsv:4: column 1 \(symbol\).*duplicate instrument "
                                            r"'Nghị quyết:55/2010/QH12'"):
        Registry.load(_folder(tmp_path, {"laws.tsv": [LAW, RESOLUTION, RESOLUTION]}))


def test_a_row_whose_type_no_counter_holds_cannot_say_which(tmp_path):
    odd = _fact("55/2010/QH12", "Hiến pháp", "Hiến pháp", "2010-01-01")
    with pytest.raises(RegistryError, match=r"research/x\.tsv|x\.tsv:2: column 2 \(type\).*several counters"):
        Registry.load(_folder(tmp_path, {"laws.tsv": [LAW, RESOLUTION], "research/x.tsv": [odd]}))


def test_a_relation_to_a_bare_shared_symbol_is_refused(tmp_path):
    amending = _fact("28/2016/QH14", "Nghị quyết", "Nghị quyết sửa đổi Nghị quyết 55/2010/QH12", "2016-11-11")
    _folder(tmp_path, {"laws.tsv": [LAW, RESOLUTION, amending]},
            ["28/2016/QH14\tamends\t55/2010/QH12\t\thttp://x\tmedium\t"])
    with pytest.raises(RegistryError, match=r"relations\.tsv:2: column 3 \(object\): ambiguous instrument "
                                            r"'55/2010/QH12': write one of Luật:55/2010/QH12, "
                                            r"Nghị quyết:55/2010/QH12"):
        Registry.load(tmp_path)
    (tmp_path / "relations.tsv").write_text(
        REL_HEAD + "\n28/2016/QH14\tamends\tNghị quyết:55/2010/QH12\t\thttp://x\tmedium\t\n", encoding="utf-8")
    reg = Registry.load(tmp_path)
    assert [r.object for r in reg.relations_from("28/2016/QH14")] == ["Nghị quyết:55/2010/QH12"]


def test_a_facts_row_names_the_shared_instrument_it_is_replaced_by(tmp_path):
    ordinance = _fact("12/2003/PL-UBTVQH11", "Pháp lệnh", "Pháp lệnh Vệ sinh an toàn thực phẩm", "2003-07-26",
                      issuer="Ủy ban Thường vụ Quốc hội", replaced_by="Luật:55/2010/QH12")
    row = ordinance.split("\t")
    row[6] = "2011-07-01"
    reg = Registry.load(_folder(tmp_path, {"laws.tsv": [LAW, RESOLUTION, "\t".join(row)]}))
    assert reg.replacement_chain("12/2003/PL-UBTVQH11", date(2012, 1, 1)) == \
        ["12/2003/PL-UBTVQH11", "Luật:55/2010/QH12"]


# ------------------------------------------------------------------ resolving citations

def test_the_hanoi_basis_cites_the_resolution_each_time(reg):
    found = _of(_resolve(reg, HANOI_BASIS))
    assert len(found) == 3
    assert {r.iri for r in found} == {RESOLUTION_IRI}
    # The first, in a list after "các Nghị quyết của Quốc hội: số", has no type word of its own:
    # the other mentions of the symbol in the document give it.
    first = found[0]
    assert first.status is ResolutionStatus.INFERRED and "Nghị quyết 55/2010/QH12" in first.reason
    assert all(r.status is ResolutionStatus.RESOLVED for r in found[1:])


@pytest.mark.parametrize("text", [LAW_HEADER, LAW_BASIS, "Luật số 55/2010/QH12"])
def test_the_law_cited_with_its_type_word(reg, text):
    [r] = _of(_resolve(reg, text))
    assert r.status is ResolutionStatus.RESOLVED and r.iri == LAW_IRI


def test_a_bare_shared_symbol_is_ambiguous(reg):
    [r] = _of(_resolve(reg, "theo quy định tại 55/2010/QH12;"))
    assert r.status is ResolutionStatus.AMBIGUOUS and r.iri is None
    assert r.candidates == ["Luật:55/2010/QH12", "Nghị quyết:55/2010/QH12"]
    assert "không ghi loại văn bản" in r.reason


def test_a_resolution_the_registry_lacks_is_not_the_law_of_its_symbol(tmp_path):
    """Only the law is known: "Nghị quyết số 55/2010/QH12" is another instrument, not the law."""
    reg = Registry.load(_folder(tmp_path, {"laws.tsv": [LAW]}))
    found = _of(_resolve(reg, HANOI_BASIS))
    assert LAW_IRI not in {r.iri for r in found}
    typed = [r for r in found if r.mention.type_as_written]
    assert typed and {r.iri for r in typed} == {RESOLUTION_IRI}
    assert "trích dẫn ghi «Nghị quyết» nên là văn bản khác" in typed[0].reason


def test_the_audit_dates_the_resolution_not_the_law(reg):
    [r] = _of(_resolve(reg, "Căn cứ Nghị quyết số 55/2010/QH12 ngày 24/11/2010 của Quốc hội;"))
    assert Auditor(reg)._entry(r) is reg.get("Nghị quyết:55/2010/QH12")


# ------------------------------------------------------------------ services, API

@pytest.fixture(scope="module")
def services(tmp_path_factory):
    s = Services(Workspace.locate(str(tmp_path_factory.mktemp("shared") / "home")))
    yield s
    s.close()


@pytest.mark.parametrize("query, iri", [("Nghị quyết số 55/2010/QH12", RESOLUTION_IRI),
                                        ("Luật số 55/2010/QH12", LAW_IRI),
                                        ("Luật An toàn thực phẩm số 55/2010/QH12", LAW_IRI),
                                        ("nq 55/2010/QH12", RESOLUTION_IRI)])
def test_services_find_the_instrument_a_type_word_names(services, query, iri):
    assert services.instrument(query).iri == iri


def test_services_and_api_answer_a_bare_shared_symbol_with_both(services):
    with pytest.raises(Ambiguous) as exc:
        services.instrument("55/2010/QH12")
    assert {c.entry.iri for c in exc.value.candidates} == {LAW_IRI, RESOLUTION_IRI}
    client = create_app(services).test_client()
    r = client.get("/api/v1/instrument", query_string={"q": "55/2010/QH12"})
    assert r.status_code == 409
    candidates = r.get_json()["error"]["candidates"]
    assert {(c["instrument"], c["type"]) for c in candidates} == {(LAW_IRI, "Luật"), (RESOLUTION_IRI, "Nghị quyết")}


def test_the_import_names_a_shared_successor_with_its_type(tmp_path):
    """laws.tsv is generated: regenerating it keeps `Luật:55/2010/QH12` while another
    registry file gives the Nghị quyết of that symbol, and writes the bare symbol without it."""
    from cancu.kg.registry.import_facts import _qualify_shared, registry_instruments
    _folder(tmp_path, {"laws.tsv": [LAW], "research/x.tsv": [RESOLUTION]})

    def rows():
        return [{"symbol": "55/2010/QH12", "type": "Luật", "replaced_by": "", "amends": ""},
                {"symbol": "12/2003/PL-UBTVQH11", "type": "Pháp lệnh", "replaced_by": "55/2010/QH12", "amends": ""}]
    shared, alone = rows(), rows()
    _qualify_shared(shared, registry_instruments(tmp_path, leave_out=tmp_path / "laws.tsv"))
    assert shared[1]["replaced_by"] == "Luật:55/2010/QH12"
    (tmp_path / "research" / "x.tsv").unlink()
    _qualify_shared(alone, registry_instruments(tmp_path, leave_out=tmp_path / "laws.tsv"))
    assert alone[1]["replaced_by"] == "55/2010/QH12"
