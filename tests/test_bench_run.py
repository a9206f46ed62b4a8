"""bench/run.py --quick: a smoke run of the benchmark driver (behaviour, no timing goals)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_run_writes_the_expected_figures(tmp_path):
    target = tmp_path / "run.json"
    proc = subprocess.run([sys.executable, "bench/run.py", "--quick", "--only", "extract,ingest,cli",
                           "--json", str(target)], capture_output=True, text=True, cwd=ROOT, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(target.read_text(encoding="utf-8"))
    assert {"meta", "extract", "ingest", "growth", "side_by_side", "goals", "table"} <= set(result)
    assert result["meta"]["quick"] is True and result["meta"]["sizes"] == [200]
    assert {"mb_per_s", "mentions", "peak_rss_mb", "bare_regex_mb_per_s",
            "times_slower_than_bare_regex"} <= set(result["extract"])
    assert result["extract"]["times_slower_than_bare_regex"] > 0
    assert result["cli"]["help_s"] > 0 and result["cli"]["stats_first_output_s"] > 0
    [ingest] = result["ingest"]
    assert {"docs", "jobs", "wall_s", "docs_per_s", "peak_rss_mb", "peak_tree_rss_mb", "store_mb", "index_mb",
            "completed", "documents", "triples"} <= set(ingest)
    assert ingest["completed"] and ingest["docs"] == 200 and ingest["documents"] == 200 and ingest["jobs"] == 2
    assert ingest["triples"] > 0 and ingest["store_mb"] > 0 and ingest["index_mb"] > 0 and ingest["peak_rss_mb"] > 0
    assert "ingest_10k_projected_s" in result["goals"]
    benches = {row[0] for row in result["table"]}
    assert {"extract", "ingest"} <= benches
    # One table on stdout, with a row per bench.
    assert "bench" in proc.stdout and "ingest" in proc.stdout and "extract" in proc.stdout
    # Then each goal of issue #16 beside its figure; unmeasured ones (10k) say so.
    goals = proc.stdout.split("goal (issue #16)", 1)[1]
    assert "cancu --help (s)" in goals and "ingest 10k plans, --jobs 2 (s)" in goals
