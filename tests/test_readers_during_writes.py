"""The query commands (`cancu cites`, `cancu audit`) answer — exit 0, right
answers — while a `cancu ingest` in another process writes the workspace.

tests/test_snapshots.py covers the store level (FollowingReader, a second writer
refused, checkpoints pruned); this covers the CLI verbs users run meanwhile.
"""
from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from cancu.cli import main
from tests.gold import PLANS

ROOT = Path(__file__).resolve().parents[1]
WRITER_DOCS = 40
SYMBOL = "59/2023/NĐ-CP"
LIMIT = 180


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def cli(capsys, *args: str) -> tuple[int, list[dict], str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, _json_lines(captured.out) if code == 0 else [], captured.err


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gen")
    subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), "--docs", str(WRITER_DOCS), "--seed", "5",
                    "--out", str(out), "--workers", "1"], check=True, capture_output=True, timeout=120)
    return out / "plans"


@pytest.fixture(scope="module")
def written(generated, tmp_path_factory):
    """A workspace holding the seed plans, then a writer adding the generated ones while
    the CLI is queried; returns what was seen."""
    home = tmp_path_factory.mktemp("rw") / "ws"
    return {"home": home}


def test_cites_and_audit_answer_while_ingest_writes(generated, written, capsys):
    home = written["home"]
    h = ["--home", str(home)]
    assert main([*h, "ingest", str(PLANS)]) == 0
    capsys.readouterr()
    code, cites_before, err = cli(capsys, *h, "cites", SYMBOL, "--json")
    assert code == 0, err
    assert len(cites_before) == 8 and {r["symbol"] for r in cites_before} == {SYMBOL}
    code, audit_before, err = cli(capsys, *h, "audit", "--json")
    assert code == 0 and audit_before, err

    writer = subprocess.Popen([sys.executable, "-m", "cancu.cli", *h, "ingest", str(generated)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    progress = [0]

    def follow() -> None:
        for line in writer.stderr:
            if line.startswith("["):
                progress[0] += 1
    follower = threading.Thread(target=follow, daemon=True)
    follower.start()
    answered = {"cites": 0, "audit": 0, "cites-process": 0, "audit-process": 0}
    try:
        deadline = time.monotonic() + LIMIT
        # Query until the writer has gone through all but the last few files; after
        # that it publishes its checkpoint, which readers switch to.
        while writer.poll() is None and progress[0] < WRITER_DOCS - 3 and time.monotonic() < deadline:
            code, rows, err = cli(capsys, *h, "cites", SYMBOL, "--json")
            assert code == 0, err
            assert rows == cites_before
            answered["cites"] += 1
            code, rows, err = cli(capsys, *h, "audit", "--json")
            assert code == 0, err
            assert rows == audit_before
            answered["audit"] += 1
            if answered["cites"] == 1:     # the real command line too, as a separate process
                for verb, expected in (("cites", cites_before), ("audit", audit_before)):
                    args = [SYMBOL] if verb == "cites" else []
                    proc = subprocess.run([sys.executable, "-m", "cancu.cli", *h, verb, *args, "--json"],
                                          capture_output=True, text=True, timeout=60, cwd=ROOT)
                    assert proc.returncode == 0, proc.stderr
                    assert _json_lines(proc.stdout) == expected
                    answered[f"{verb}-process"] += 1
        assert writer.poll() is None or progress[0] >= WRITER_DOCS - 3, "the writer ended before the readers ran"
        assert writer.wait(LIMIT) == 0
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait(10)
        follower.join(10)
        writer.stdout.close()
        writer.stderr.close()
    assert answered["cites"] >= 2 and answered["audit"] >= 2 and answered["cites-process"] == 1, answered

    # Once the writer is done, readers see everything it wrote (audit: all documents).
    code, audit_after, err = cli(capsys, *h, "audit", "--json")
    assert code == 0, err
    docs_after = {r["document"] for r in audit_after}
    assert all(r in audit_after for r in audit_before)
    assert docs_after - {r["document"] for r in audit_before}       # new documents' findings
    code, _, _ = cli(capsys, *h, "stats", "--json")
    written["done"] = True


def test_cites_answers_on_45_documents(written):
    """Regression: the instrument catalogue once joined copies across document
    graphs and took minutes here (the timeout only stops a hang)."""
    if not written.get("done"):
        pytest.skip("needs the workspace of the test above")
    h = ["--home", str(written["home"])]
    try:
        proc = subprocess.run([sys.executable, "-m", "cancu.cli", *h, "cites", SYMBOL, "--json"],
                              capture_output=True, text=True, timeout=120, cwd=ROOT)
    except subprocess.TimeoutExpired:
        pytest.fail("`cancu cites` hung on 45 documents")
    assert proc.returncode == 0
    from cancu.services import Services
    from cancu.workspace import Workspace
    services = Services(Workspace.locate(str(written["home"])))
    try:
        expected = [(r.document, r.start) for r in services.cites(SYMBOL).rows]
    finally:
        services.close()
    assert [(r["document"], r["start"]) for r in _json_lines(proc.stdout)] == expected
    assert len(expected) >= 8          # at least the seed plans' citations
