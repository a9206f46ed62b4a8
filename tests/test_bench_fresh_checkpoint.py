"""bench/fresh_checkpoint.py writes the six index files of a workspace's newest checkpoint
afresh, apart from the workspace, and prints what that cost and each file's size."""
from __future__ import annotations

import sys
from pathlib import Path

from cancu.cli import main as cancu
from tests.gold import PLANS

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import fresh_checkpoint  # noqa: E402

FILES = ("chains", "cites", "counts", "documents", "findings", "obligations")


def _files(home: Path) -> list[tuple[Path, int]]:
    """Every file with its size, but the lock a reader takes."""
    return sorted((p.relative_to(home), p.stat().st_size) for p in home.rglob("*")
                  if p.is_file() and p.suffix != ".lock")


def test_the_six_files_are_written_apart_and_reported(tmp_path, capsys):
    home = tmp_path / "ws"
    assert cancu(["--home", str(home), "ingest", str(PLANS)]) == 0
    before = _files(home)
    capsys.readouterr()
    assert fresh_checkpoint.main(["--home", str(home)]) == 0
    out = capsys.readouterr().out
    assert "six index files written fresh" in out and "peak RSS" in out
    assert all(f"{name}.sqlite:" in out for name in FILES)
    assert _files(home) == before       # only read
