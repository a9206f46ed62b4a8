"""kill -9 of `cancu ingest` at many moments never breaks the workspace.

One workspace is ingested into again and again and killed at ≥ 20 moments chosen
from a fixed seed: during start-up and registry load, after the k-th document
was committed, while the search index is flushed and while a checkpoint is
published. Between kills some files are edited, so every run has documents to
add or replace. After each kill the store opens (`cancu stats --json`), and at
the end a completed `cancu ingest` of the original files gives exactly the
triples of a clean run on a fresh workspace.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from cancu.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED = 9
KILLS = 20
DOCS = 60
RUN_LIMIT = 120          # seconds: any single ingest that takes longer fails the test


def generate_corpus(out: Path, docs: int = DOCS, seed: int = SEED) -> Path:
    subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), "--docs", str(docs), "--seed", str(seed),
                    "--out", str(out), "--workers", "1"], check=True, capture_output=True, timeout=120)
    return out / "plans"


def ingest_cmd(home: Path, plans: Path) -> list[str]:
    return [sys.executable, "-m", "cancu.cli", "--home", str(home), "ingest", str(plans)]


def stats(home: Path, capsys) -> tuple[int, dict | None, str]:
    code = main(["--home", str(home), "stats", "--json"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, (json.loads(captured.out) if code == 0 else None), captured.err


class Ingest:
    """`cancu ingest` in a child process, its stderr progress lines followed in a thread."""

    def __init__(self, home: Path, plans: Path):
        self.proc = subprocess.Popen(ingest_cmd(home, plans), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, cwd=ROOT)
        self.started = time.monotonic()
        self.done_lines = 0
        self.err: list[str] = []
        self.cond = threading.Condition()
        self.reader = threading.Thread(target=self._follow, daemon=True)
        self.reader.start()

    def _follow(self) -> None:
        for line in self.proc.stderr:
            with self.cond:
                self.err.append(line)
                if line.startswith("["):
                    self.done_lines += 1
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def wait_lines(self, n: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self.cond:
            while self.done_lines < n and self.proc.poll() is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.cond.wait(min(left, 0.2))
            return self.done_lines >= n

    def kill(self) -> bool:
        """SIGKILL; False if it had already finished."""
        if self.proc.poll() is not None:
            return False
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
        self.reader.join(10)
        return True

    def finish(self, timeout: float = RUN_LIMIT) -> int:
        try:
            code = self.proc.wait(timeout)
        finally:
            if self.proc.poll() is None:
                self.kill()
        self.reader.join(10)
        self.proc.stdout.close()
        return code


def wait_unready_checkpoint(store: Path, known: set[str], timeout: float) -> bool:
    """Poll for a checkpoint folder being written (no `ready` mark yet)."""
    deadline = time.monotonic() + timeout
    folder = store / "snapshots"
    while time.monotonic() < deadline:
        if folder.is_dir():
            for p in folder.iterdir():
                if p.name not in known and not (p / "ready").exists():
                    return True
        time.sleep(0.002)
    return False


def edit(plans: Path, originals: dict[str, bytes], rng: random.Random, round_no: int, n: int) -> int:
    """Change n files (so the next run replaces them); returns how many files differ now."""
    for name in rng.sample(sorted(originals), n):
        (plans / name).write_bytes(originals[name] + f"\nGhi chú sửa đổi lần {round_no}.\n".encode())
    return sum(1 for name, data in originals.items() if (plans / name).read_bytes() != data)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return generate_corpus(tmp_path_factory.mktemp("corpus"))


def test_kill_9_at_random_moments_leaves_a_working_store(corpus, tmp_path, capsys):
    rng = random.Random(SEED)
    plans = tmp_path / "plans"
    shutil.copytree(corpus, plans)
    originals = {p.name: p.read_bytes() for p in sorted(plans.iterdir())}
    # The clean run (fresh workspace, same corpus) runs alongside the kills.
    clean_home = tmp_path / "clean"
    clean = subprocess.Popen(ingest_cmd(clean_home, corpus), stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True, cwd=ROOT)
    home = tmp_path / "ws"
    store = home / "store"
    modes = ["start"] * 5 + ["document"] * 8 + ["flush"] * 3 + ["publish"] * 4
    rng.shuffle(modes)
    log: list[str] = []
    published = False
    last_docs = 0
    kills = 0
    edited = 0
    caught_publish = 0
    try:
        for i, mode in enumerate(modes):
            known = {p.name for p in (store / "snapshots").iterdir()} if (store / "snapshots").is_dir() else set()
            run = Ingest(home, plans)
            if mode == "start":                    # import, registry load, first reads
                # a random moment, but never after the first committed document: a fast
                # machine ingests all 60 within a fixed 3 s sleep and nothing is killed
                run.wait_lines(1, rng.uniform(0.05, 3.0))
            elif mode == "document":               # after the k-th document was committed
                run.wait_lines(rng.randint(1, DOCS), RUN_LIMIT)
                time.sleep(rng.uniform(0, 0.05))
            elif mode == "flush":                  # all committed, search index being written
                run.wait_lines(DOCS, RUN_LIMIT)
                time.sleep(rng.uniform(0, 0.5))
            else:                                  # a checkpoint is being published
                run.wait_lines(DOCS, RUN_LIMIT)
                caught_publish += wait_unready_checkpoint(store, known, RUN_LIMIT)
            when = time.monotonic() - run.started
            killed = run.kill()
            if not killed:
                assert run.finish() == 0, "".join(run.err[-5:])
            kills += killed
            assert not any("Traceback" in line for line in run.err), "".join(run.err)
            code, found, err = stats(home, capsys)
            if code == 0:
                published = True
                assert found["documents"] >= last_docs      # a reader never goes back in time
                last_docs = found["documents"]
            else:   # only before anything was ever published, and said plainly
                assert not published, err
                assert "chưa có dữ liệu" in err or "nothing" in err, err
            log.append(f"kill {i:2d} {mode:<8} at {when:5.2f} s, {run.done_lines:2d}/{DOCS} files done, {edited} edited, "
                       f"killed={killed}, stats exit {code}, documents {found and found['documents']}")
            edited = edit(plans, originals, rng, i, rng.randint(2, 5))
        assert kills >= 20, "\n".join(log)
        # Back to the original files: a completed run equals a clean run.
        for name, data in originals.items():
            (plans / name).write_bytes(data)
        final = Ingest(home, plans)
        assert final.finish() == 0, "".join(final.err[-10:])
        assert clean.wait(RUN_LIMIT) == 0, clean.stderr.read()
    finally:
        for p in (clean,):
            if p.poll() is None:
                p.kill()
                p.wait(10)
        if clean.stderr:
            clean.stderr.close()
    code, found, _ = stats(home, capsys)
    code_clean, expected, _ = stats(clean_home, capsys)
    orphans = [p.name for p in (store / "snapshots").iterdir() if not (p / "ready").exists()]
    with capsys.disabled():
        print("\n" + "\n".join(log))
        print(f"kills during a publish: {caught_publish}; half-written checkpoints left: {len(orphans)}")
    assert caught_publish >= 1
    assert code == 0 and code_clean == 0
    assert found["triples"] == expected["triples"], (found, expected)
    assert found == expected
    # Half-written checkpoints left by kills are never shown to readers.
    assert (store / "snapshots").is_dir()


def test_search_index_catches_up_after_a_kill(corpus, tmp_path, capsys):
    plans = tmp_path / "plans"
    plans.mkdir()
    for p in sorted(corpus.iterdir())[:12]:
        shutil.copy(p, plans / p.name)
    home = tmp_path / "ws"
    run = Ingest(home, plans)
    assert run.wait_lines(12, RUN_LIMIT)   # every document committed to the store …
    run.kill()                             # … killed while the index is being written
    run = Ingest(home, plans)
    assert run.finish() == 0
    code, found, _ = stats(home, capsys)
    from cancu.search import open_index
    index = open_index(home / "index")
    try:
        indexed = index.count()
    finally:
        index.close()
    assert found["documents"] == 12
    assert indexed == 12


def test_a_checkpoint_left_half_written_by_a_kill_is_cleaned_up(tmp_path):
    from cancu.kg.store.snapshots import SNAPSHOTS, open_writer, publish
    root = tmp_path / "store"
    writer = open_writer(root)
    try:
        publish(writer, root)
        orphan = root / SNAPSHOTS / str(time.time_ns())   # what a kill during publish leaves
        writer.snapshot(orphan)
        for _ in range(3):
            time.sleep(0.01)
            publish(writer, root)
    finally:
        writer.close()
    assert not orphan.exists()
