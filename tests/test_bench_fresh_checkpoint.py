"""bench/fresh_checkpoint.py writes the six index files of a workspace's newest checkpoint
afresh, apart from the workspace, and prints what that cost and each file's size."""
from __future__ import annotations

from tests.bench_support import INDEX_FILES, bench_script, seed_workspace, workspace_files

fresh_checkpoint = bench_script("fresh_checkpoint")


def test_the_six_files_are_written_apart_and_reported(tmp_path, capsys):
    home = seed_workspace(tmp_path)
    before = workspace_files(home)
    capsys.readouterr()
    assert fresh_checkpoint.main(["--home", str(home)]) == 0
    out = capsys.readouterr().out
    assert "six index files written fresh" in out and "peak RSS" in out
    assert all(f"{name}.sqlite:" in out for name in INDEX_FILES)
    assert workspace_files(home) == before       # only read
