"""bench/checkpoint_update.py times the update of a workspace's six index files with a share of
its documents new to them, apart from the workspace, and checks the update gives back the
checkpoint's rows."""
from __future__ import annotations

import pytest

from cancu.cli import main as cancu
from tests.bench_support import INDEX_FILES, bench_script, seed_workspace, workspace_files

checkpoint_update = bench_script("checkpoint_update")


def test_the_update_is_timed_apart_and_gives_back_the_checkpoints_rows(tmp_path, capsys):
    home = seed_workspace(tmp_path)
    before = workspace_files(home)
    capsys.readouterr()
    assert checkpoint_update.main(["--home", str(home), "--share", "2"]) == 0
    out = capsys.readouterr().out
    assert "5 documents, 2 new to the update" in out
    assert all(f"{name}: graphs read again" in out for name in INDEX_FILES)
    assert "the previous files lacked rows in: chains.sqlite, cites.sqlite" in out
    assert "the updated files hold the checkpoint's rows: yes, all six" in out
    assert workspace_files(home) == before       # only read


def test_an_empty_workspace_is_refused(tmp_path, capsys):
    home = tmp_path / "ws"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cancu(["--home", str(home), "ingest", str(empty)]) == 0
    with pytest.raises(SystemExit) as refused:
        checkpoint_update.main(["--home", str(home)])
    assert refused.value.code == 2
    assert "holds no document" in capsys.readouterr().err


def test_a_share_below_one_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit) as refused:
        checkpoint_update.main(["--home", str(tmp_path), "--share", "0"])
    assert refused.value.code == 2
    assert "--share must be 1 or more" in capsys.readouterr().err
