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
    assert {"docs", "jobs", "wall_s", "cpu_s", "corpus_mb", "docs_per_s", "peak_rss_mb", "peak_tree_rss_mb",
            "store_mb", "index_mb", "completed", "documents", "triples"} <= set(ingest)
    assert ingest["cpu_s"] > 0 and ingest["corpus_mb"] > 0
    assert ingest["completed"] and ingest["docs"] == 200 and ingest["documents"] == 200 and ingest["jobs"] == 2
    assert ingest["triples"] > 0 and ingest["store_mb"] > 0 and ingest["index_mb"] > 0 and ingest["peak_rss_mb"] > 0
    assert "ingest_10k_projected_s" in result["goals"]
    # Who cites X, read from the workspace the ingest made.
    assert ingest["cites"]["instruments"] == 10 and ingest["cites"]["citing_documents"] == 200
    benches = {row[0] for row in result["table"]}
    assert {"extract", "ingest"} <= benches
    # One table on stdout, with a row per bench.
    assert "bench" in proc.stdout and "ingest" in proc.stdout and "extract" in proc.stdout
    # Then each goal of issue #16 beside its figure; unmeasured ones (10k) say so.
    goals = proc.stdout.split("goal (issue #16)", 1)[1]
    assert "cancu --help (s)" in goals and "ingest 10k plans, --jobs 2 (s)" in goals
    plan_row = next(line for line in goals.splitlines() if line.startswith("extraction, plan text"))
    assert f"×{result['extract']['times_slower_than_bare_regex']}" in plan_row


def _run_module():
    import importlib.util
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


WEB_OUTPUT = """== seed
20 clients, 10 s, 700 requests (70/s), 0 errors, server workers default × threads 4, response cache off
5 documents; distinct URLs per page: search 9, document 5
client time (queueing included); server: the server's own time from its log
page                 n   p50 ms   p95 ms   max ms  server p50  server p95
search             350     40.0     90.5    120.0        20.0        60.0
document           350     30.0    130.0    150.0         nan         nan
goal p95 ≤ 100 ms: NOT met (worst p95 130.0 ms)
== bench/out/ws-ingest-10000
20 clients, 10 s, 100 requests (10/s), 1 errors, server workers default × threads 4, response cache off
10000 documents; distinct URLs per page: search 9
SPARQL query processes retired after a long query: 0
CPU ms per request: workers 5.25, query processes 0.84, clients 0.22
client time (queueing included); server: the server's own time from its log; turn: the part of it spent waiting for the first turn (cancu/turns.py); cpu: its thread's CPU
page                 n   p50 ms   p95 ms   max ms  server p50  server p95  turn p50  cpu p50  cpu mean
search             100    400.0    900.0   1000.0       300.0       800.0      30.1     11.2      12.8
goal p95 ≤ 100 ms: NOT met (worst p95 900.0 ms)
"""


def test_web_goals_per_workspace_and_ingest_goals_from_cpu():
    run = _run_module()
    sections = run.parse_web(WEB_OUTPUT)
    assert [s["workspace"] for s in sections] == ["seed", "bench/out/ws-ingest-10000"]
    assert sections[0]["pages"]["search"]["server_p95_ms"] == 60.0
    assert sections[0]["pages"]["document"]["server_p95_ms"] is None
    assert sections[1]["errors"] == 1 and sections[1]["pages"]["search"]["p95_ms"] == 900.0
    assert {k: sections[1]["pages"]["search"][k] for k in ("turn_p50_ms", "cpu_p50_ms", "cpu_mean_ms")} == \
        {"turn_p50_ms": 30.1, "cpu_p50_ms": 11.2, "cpu_mean_ms": 12.8}
    assert sections[0]["cpu_ms_per_request"] == {}
    assert sections[1]["cpu_ms_per_request"] == {"workers": 5.25, "query processes": 0.84, "clients": 0.22}
    result = {"web": {"cache": "off", "sections": sections},
              "extract": {"bare_regex_mb_per_s": 20.0, "results": [
                  {"input": "plan text", "input_mb": 2.0, "mentions": 9, "cpu": {"extraction_mb_per_s": 5.0, "ratio_to_bare_regex": 4.0,
                                                 "bare_regex_mb_per_s": 20.0}},
                  {"input": "/x/realdocs/texts", "input_mb": 1.0, "mentions": 5, "cpu": {"extraction_mb_per_s": 4.0, "ratio_to_bare_regex": 5.5,
                                                         "bare_regex_mb_per_s": 22.0}}]},
              "ingest": [{"docs": 1000, "jobs": 2, "completed": True, "wall_s": 30.0, "cpu_s": 40.0, "docs_per_s": 33.3,
                          "corpus_mb": 13.0},
                         {"docs": 10_000, "jobs": 2, "completed": True, "wall_s": 400.0, "cpu_s": 420.0, "docs_per_s": 25.0,
                          "corpus_mb": 130.0, "peak_tree_rss_mb": 900.0}]}
    run.summarise(result)
    goals = run.goal_figures(result)
    assert goals["web worst page p95, seed, cache off (ms)"] == (130.0, None)
    assert goals["web worst page p95, ingest workspace, cache off (ms)"] == (900.0, None)
    assert goals["extraction, plan text (MB/s, one core)"] == (5.0, 4.0)
    assert goals["extraction, realdocs (MB/s, one core)"] == (4.0, 5.5)
    assert goals["ingest cost per document 1k → 10k, CPU (×)"] == (1.05, None)
    assert goals["ingest cost per document 1k → 10k, wall (×)"] == (1.33, None)
    # 400 s on 2 processes against 130 MB / 20 MB/s = 6.5 s for one bare pass.
    assert goals["ingest 10k plans, --jobs 2 (s)"] == (400.0, 123.1)


def test_cites_goals_come_from_each_ingest_workspace_and_growth_reaches_100k():
    run = _run_module()
    cites = {"instruments": 10, "p50_ms": 1.0, "p95_ms": 2.5, "cpu_p95_ms": 2.0, "cold_p50_ms": 9.0,
             "most_mentions": 7000}
    result = {"ingest": [
        {"docs": 10_000, "jobs": 2, "completed": True, "wall_s": 250.0, "cpu_s": 400.0, "docs_per_s": 40.0,
         "cites": cites},
        {"docs": 100_000, "jobs": 2, "completed": True, "wall_s": 3000.0, "cpu_s": 4800.0, "docs_per_s": 33.3,
         "cites": {**cites, "p95_ms": 31.0}}]}
    run.summarise(result)
    figures = run.goal_figures(result)
    assert figures["cites first page + total, 10 most cited, 10k (p95 ms)"] == (2.5, None)
    assert figures["cites first page + total, 10 most cited, 100k (p95 ms)"] == (31.0, None)
    assert figures["ingest cost per document 10k → 100k, wall (×)"] == (1.2, None)
    assert figures["ingest cost per document 10k → 100k, CPU (×)"] == (1.2, None)
    assert [row[2] for row in result["table"] if row[0] == "cites"] == ["10000", "100000"]
