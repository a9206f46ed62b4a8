"""What the tests of the bench scripts that read a workspace share: the script imported from
bench/, a workspace of the seed plans, the index files of a checkpoint, and every file of a
workspace to show a script only read it."""
from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

from cancu.cli import main as cancu
from tests.gold import PLANS

BENCH = Path(__file__).resolve().parents[1] / "bench"
INDEX_FILES = ("chains", "cites", "counts", "documents", "findings", "obligations")


def workspace_files(home: Path) -> list[tuple[Path, int]]:
    """Every file with its size, but the lock a reader takes."""
    return sorted((p.relative_to(home), p.stat().st_size) for p in home.rglob("*")
                  if p.is_file() and p.suffix != ".lock")


def seed_workspace(folder: Path) -> Path:
    """A workspace in `folder` holding the five seed plans."""
    home = folder / "ws"
    assert cancu(["--home", str(home), "ingest", str(PLANS)]) == 0
    return home


def bench_script(name: str) -> ModuleType:
    """The script bench/`name`.py as a module (the scripts import their neighbours by name)."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    return importlib.import_module(name)
