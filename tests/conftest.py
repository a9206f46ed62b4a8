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
