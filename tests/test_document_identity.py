"""Document identity (issue #14): the file name, exactly, is the document. Names
that slug alike ('KH 01.txt', 'kh-01.txt', an upload '002-93d6b709dd7d643f.TXT')
are different documents in the graph, the search index and `cancu remove`; the
same name is always the same document, also in a workspace written before."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

import cancu.ingest
from cancu.cli import main
from cancu.services import Services
from cancu.workspace import Workspace
from cancu.contract.errors import NotFound
from cancu.kg.iri import document_iri, legacy_document_iri, slug

PLANS = Path(__file__).resolve().parents[1] / "corpus" / "plans"
PLAN_A, PLAN_B = "000_ba1120af1f27bf6e.txt", "001_205a99ee8602f0ef.txt"
ALIKE = ["KH 01.txt", "kh-01.txt", "KH_01.TXT", "kh 01 .txt", "Kh—01.txt", "KH  01.txt"]


def test_names_that_slug_alike_get_different_iris():
    assert len({slug(n) for n in ALIKE}) == 1
    assert len({document_iri(n) for n in ALIKE}) == len(ALIKE)
    assert document_iri("002-93d6b709dd7d643f.TXT") != document_iri("002_93d6b709dd7d643f.txt")


def test_document_iri_is_stable_and_readable():
    iri = document_iri("002_93d6b709dd7d643f.txt")
    # The same name gives this IRI in every run and every version: stored graphs depend on it.
    assert iri == "http://cancu.local/document/002-93d6b709dd7d643f-txt-543d33b93fbf"
    assert document_iri("002_93d6b709dd7d643f.txt") == iri
    assert document_iri("Kế hoạch số 5.docx").startswith("http://cancu.local/document/ke-hoach-so-5-docx-")
    assert document_iri("...").startswith("http://cancu.local/document/van-ban-")


def test_the_same_name_in_nfd_is_the_same_document():
    nfc = "Kế hoạch.txt"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd and cancu.ingest.document_id(f"/tmp/{nfd}") == nfc


def _stats(home: Path, capsys) -> dict:
    capsys.readouterr()
    assert main(["--home", str(home), "stats", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture()
def alike_workspace(tmp_path, capsys):
    """Two different plans under names that used to share one document IRI."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "KH 01.txt").write_bytes((PLANS / PLAN_A).read_bytes())
    (folder / "kh-01.txt").write_bytes((PLANS / PLAN_B).read_bytes())
    home = tmp_path / "home"
    assert main(["--home", str(home), "ingest", str(folder)]) == 0
    return home


def test_two_names_that_slug_alike_stay_two_documents(alike_workspace, capsys):
    assert _stats(alike_workspace, capsys)["documents"] == 2
    services = Services(Workspace.locate(str(alike_workspace)))
    try:
        assert services.documents() == ["KH 01.txt", "kh-01.txt"]
        for name, plan in (("KH 01.txt", PLAN_A), ("kh-01.txt", PLAN_B)):
            view = services.document(name)
            assert view.document == name and view.iri == document_iri(name)
            assert view.text == (PLANS / plan).read_text(encoding="utf-8")
    finally:
        services.close()


def test_remove_takes_away_one_name_only(alike_workspace, capsys):
    assert main(["--home", str(alike_workspace), "remove", "KH 01.txt"]) == 0
    assert _stats(alike_workspace, capsys)["documents"] == 1
    services = Services(Workspace.locate(str(alike_workspace)))
    try:
        assert services.documents() == ["kh-01.txt"]
        with pytest.raises(NotFound):
            services.document("KH 01.txt")
        hits = services.search("kế hoạch", limit=10)
        assert {h.doc_id for h in getattr(hits, "hits", hits)} == {"kh-01.txt"}
    finally:
        services.close()
    assert main(["--home", str(alike_workspace), "remove", "KH 01.txt"]) == 1


def test_an_upload_whose_name_slugs_like_a_stored_file_is_its_own_document(tmp_path, capsys):
    home = tmp_path / "home"
    stored = "002_93d6b709dd7d643f.txt"
    assert main(["--home", str(home), "ingest", str(PLANS / stored)]) == 0
    services = Services(Workspace.locate(str(home)))
    try:
        outcome = services.ingest_upload("002-93d6b709dd7d643f.TXT", (PLANS / PLAN_B).read_bytes())
        assert (outcome.status, outcome.document) == ("added", "002-93d6b709dd7d643f.TXT")
    finally:
        services.close()
    reader = Services(Workspace.locate(str(home)))
    try:
        assert reader.documents() == ["002-93d6b709dd7d643f.TXT", stored]
        assert reader.document(stored).text == (PLANS / stored).read_text(encoding="utf-8")
    finally:
        reader.close()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_workspace_written_with_slug_only_iris_moves_over(tmp_path, capsys, monkeypatch, jobs):
    """Graphs stored under the old IRI are found, replaced on the next ingest (not
    duplicated) and removable by name; also by a run in workers, which knows the store's
    graphs from one read of their names."""
    home = tmp_path / "home"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / PLAN_A).write_bytes((PLANS / PLAN_A).read_bytes())
    (folder / PLAN_B).write_bytes((PLANS / PLAN_B).read_bytes())
    with monkeypatch.context() as m:      # as the code before issue #14 wrote them
        m.setattr(cancu.ingest, "document_iri", legacy_document_iri)
        assert main(["--home", str(home), "ingest", str(folder)]) == 0
    reader = Services(Workspace.locate(str(home)))
    try:
        assert reader.document(PLAN_A).iri == legacy_document_iri(PLAN_A)     # still shown
    finally:
        reader.close()
    assert main(["--home", str(home), "remove", PLAN_B]) == 0
    assert main(["--home", str(home), "ingest", "--jobs", jobs, str(folder / PLAN_A)]) == 0
    assert _stats(home, capsys)["documents"] == 1
    services = Services(Workspace.locate(str(home)))
    try:
        assert services.documents() == [PLAN_A]
        assert services.document(PLAN_A).iri == document_iri(PLAN_A)
        assert legacy_document_iri(PLAN_A) not in services.store.graphs()
    finally:
        services.close()
