"""Fixtures shared by several test files."""
from __future__ import annotations

import pytest

from tests.gold import PLANS


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory):
    """A graph store holding the five seed plans and the registry, built once per run
    (read-only use: tests that change a store build their own)."""
    from cancu.ingest import Ingestor
    from cancu.pipeline import Extractor, load_registry
    from cancu.kg.store.graph import GraphStore
    store = GraphStore.open(tmp_path_factory.mktemp("seed-workspace") / "store")
    ingestor = Ingestor(store, Extractor(load_registry()))
    ingestor.load_registry()
    ingestor.ingest_paths(sorted(PLANS.glob("*.txt")))
    yield store
    store.close()


@pytest.fixture(scope="session")
def realdocs_home(tmp_path_factory):
    """A workspace of the seed plans and the real documents (embedded, or ../shared beside the
    clone), ingested once per run with two jobs as `cancu ingest --jobs 2` does: the search
    relevance and the crawl of every route both read it (read-only: a test that serves or writes
    it works on a copy). One ingest instead of two saves some 45 s of the suite."""
    import contextlib
    import io

    from bench.search_relevance import realdocs_dir
    from cancu import cli
    realdocs = realdocs_dir()
    if realdocs is None:
        pytest.skip("the real documents are not here: neither corpus/realdocs/ nor "
                    "../shared/realdocs/texts beside the clone nor $CANCU_REALDOCS")
    home = tmp_path_factory.mktemp("realdocs") / "ws"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = cli.main(["--home", str(home), "ingest", "--jobs", "2", str(PLANS), str(realdocs)])
    assert code == 0, f"ingest of the plans and {realdocs} into {home} failed (exit {code})"
    return home

