"""Shared set-up for the web tests (no tests here): one workspace built from
corpus/plans per test session with the real CLI, copied for each module that
writes to it, and the app fixtures over a copy that is only read."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from cancu import cli
from cancu.services import Services
from cancu.workspace import Workspace
from cancu.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
PLANS = str(ROOT / "corpus" / "plans")


_BUILT: dict[str, Path] = {}


def build_workspace(target: Path) -> Path:
    assert cli.main(["--home", str(target), "ingest", PLANS]) == 0
    return target


def workspace_copy(target: Path) -> Path:
    """A fresh copy of the session's built workspace (built on first use)."""
    if "home" not in _BUILT:
        _BUILT["home"] = build_workspace(Path(tempfile.mkdtemp(prefix="cancu-web-")) / "home")
    return copy_workspace(_BUILT["home"], target)


def copy_workspace(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def services_for(home: Path) -> Services:
    """Services as a server holds them: a reader; uploads open the writer themselves."""
    return Services(Workspace.locate(str(home)))


# -- fixtures: a read-only copy of that workspace behind the app, for the
# modules that only read (import them by name).
@pytest.fixture(scope="session")
def built_workspace(tmp_path_factory):
    return workspace_copy(tmp_path_factory.mktemp("web") / "home")


@pytest.fixture(scope="module")
def services(built_workspace):
    s = services_for(built_workspace)
    yield s
    s.close()


@pytest.fixture(scope="module")
def app(services):
    return create_app(services, token=None, config={"TESTING": False})


@pytest.fixture()
def client(app):
    return app.test_client()
