"""Readers keep answering while another process writes (kg/store/snapshots.py)."""
from __future__ import annotations

import subprocess
import sys
import time

from cancu.cli import main
from cancu.kg.store.snapshots import FollowingReader, open_writer, snapshots
from cancu.kg.store.graph import StoreLockedError
from tests.gold import PLANS

import pytest


def test_queries_answer_during_an_ingest_in_another_process(tmp_path, capsys):
    home = tmp_path / "ws"
    assert main(["--home", str(home), "ingest", str(PLANS / "000_ba1120af1f27bf6e.txt")]) == 0
    reader = FollowingReader(home / "store", interval=0.0)
    assert reader.current().stats()["documents"] == 1

    writer = subprocess.Popen([sys.executable, "-m", "cancu.cli", "--home", str(home), "ingest", str(PLANS)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    answered = 0
    deadline = time.monotonic() + 120
    while writer.poll() is None and time.monotonic() < deadline:
        assert reader.current().stats()["documents"] >= 1   # never fails, never blocks
        answered += 1
        time.sleep(0.05)
    assert writer.wait(timeout=120) == 0
    assert answered > 0
    assert reader.current().stats()["documents"] == 5       # switched to the new checkpoint
    # A second writer is refused with a clear message while the first runs.
    w = open_writer(home / "store")
    try:
        with pytest.raises(StoreLockedError):
            open_writer(home / "store")
    finally:
        w.close()
    reader.close()
    assert 1 <= len(snapshots(home / "store")) <= 3           # old checkpoints are pruned


def test_a_reader_sees_a_checkpoint_as_soon_as_it_is_published(tmp_path):
    """No waiting out the re-listing interval: publishing moves the checkpoints
    folder's modification time, which every `current()` compares."""
    home = tmp_path / "ws"
    assert main(["--home", str(home), "ingest", str(PLANS / "000_ba1120af1f27bf6e.txt")]) == 0
    reader = FollowingReader(home / "store", interval=3600.0)
    try:
        assert reader.current().stats()["documents"] == 1
        assert main(["--home", str(home), "ingest", str(PLANS)]) == 0
        assert reader.current().stats()["documents"] == 5
    finally:
        reader.close()
