"""`registry load` re-audits the workspace: every document rebuilt in place,
from the text its graph keeps, each replaced in one update."""
from cancu.services import Services
from cancu.workspace import Workspace
from tests.gold import PLANS


def _graphs(store) -> dict[str, set[str]]:
    return {g: {str(q) for q in store.graph_triples(g)} for g in store.documents()}


def test_reaudit_rebuilds_every_document_and_keeps_its_hash(tmp_path):
    services = Services(Workspace.locate(str(tmp_path / "ws")), writable=True)
    try:
        ingestor = services.ingestor
        ingestor.load_registry()
        ingestor.ingest_paths(sorted(PLANS.glob("*.txt"))[:2])
        before = _graphs(services.store)
        assert len(before) == 2

        summary = ingestor.reaudit()
        assert [o.status for o in summary.outcomes] == ["replaced", "replaced"]
        assert _graphs(services.store) == before          # same registry: the same triples
        again = ingestor.ingest_paths(sorted(PLANS.glob("*.txt"))[:2])
        assert {o.status for o in again.outcomes} == {"unchanged"}
    finally:
        services.close()
