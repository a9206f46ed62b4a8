"""Every benchmark in one run: one table on stdout, and a JSON file to compare runs.

    .venv/bin/python bench/run.py                          # 1k and 10k documents
    .venv/bin/python bench/run.py --full                   # also 100k
    .venv/bin/python bench/run.py --quick                  # 200 documents: a smoke run
    .venv/bin/python bench/run.py --sizes 1000 --only ingest,graph --json bench/out/a.json

Benchmarks (each a subprocess, so one's memory does not weigh on the next):

- extract  bench/extract.py: citation extraction MB/s on one core.
- ingest   `cancu ingest --jobs 2` of a bench/corpus.py corpus (cached under
           bench/out/corpus-N-sSEED/) into a fresh workspace per size: wall time
           (time.perf_counter), documents/s, peak RSS (largest process, from
           getrusage(RUSAGE_CHILDREN) in a wrapper; and the whole process tree,
           sampled from /proc), store and index size on disk, triples; then
           bench/cites_workspace.py on the workspace made: who cites X for the 10
           most cited instruments, first page + total, from its newest checkpoint.
- graph    bench/graph.py --json: rdflib Dataset vs Oxigraph, load and `cites` p50/p95.
- search   bench/search.py --json: whoosh vs tantivy, build and query p50/p95.
- web      bench/web.py --cache-size 0: 20 clients, every request computed, p50/p95
           per page on the seed workspace and on the largest ingest workspace of
           this run (or --web-workspace DIR).
- cli      `cancu --help` (median of 5 runs) and the time to the first line of
           `cancu stats` on the largest ingest workspace of this run.

Growth ratios compare consecutive sizes: time ratio ÷ size ratio, so 1.0 is
linear and 2.0 means the cost per document doubled; the CPU time of all the
ingest's processes (user + sys) gives the same ratio unblurred by other jobs on
the machine. After the table, each goal of issue #16 beside its figure (GOALS
below) and, for extraction and ingest, the ratio of their time to one bare
regular-expression pass over the same text (bench/extract.py's baseline).

A subset: `--only extract,cli` (seconds), `--only ingest --sizes 1000,3000`,
`--only web --web-workspace DIR`; `--show` prints the goals of saved runs merged.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

# bench/, for a run loaded by its path (tests); at the end, so no bench file hides a module
sys.path.append(str(Path(__file__).resolve().parent))
from proc_stat import children, processes  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PY = sys.executable
BENCHES = ("extract", "ingest", "graph", "search", "web", "cli")
GOAL_10K_S, GOAL_RSS_MB, GOAL_MB_PER_S, GOAL_PAGE_MS = 300, 1024, 10, 100
# Issue #16 "Fast where users wait": (name, goal as shown, test of the figure).
GOALS = {
    "extraction, plan text (MB/s, one core)": ("≥ 10", lambda v: v >= GOAL_MB_PER_S),
    "extraction, realdocs (MB/s, one core)": ("≥ 10", lambda v: v >= GOAL_MB_PER_S),
    "cancu --help (s)": ("≤ 0.3", lambda v: v <= 0.3),
    "cancu stats, first output (s)": ("≤ 1", lambda v: v <= 1.0),
    "web worst page p95, seed, cache off (ms)": ("≤ 100", lambda v: v <= GOAL_PAGE_MS),
    "web worst page p95, ingest workspace, cache off (ms)": ("≤ 100", lambda v: v <= GOAL_PAGE_MS),
    "cites first page + total, 10 most cited, 10k (p95 ms)": ("≤ 20", lambda v: v <= 20),
    "cites first page + total, 10 most cited, 100k (p95 ms)": ("≤ 20", lambda v: v <= 20),
    "ingest 10k plans, --jobs 2 (s)": ("≤ 300", lambda v: v <= GOAL_10K_S),
    "ingest 10k peak RSS, all processes (MB)": ("≤ 1024", lambda v: v <= GOAL_RSS_MB),
    "ingest cost per document 1k → 10k, wall (×)": ("≈ 1.0 (flat)", lambda v: v <= 1.1),
    "ingest cost per document 1k → 10k, CPU (×)": ("≈ 1.0 (flat)", lambda v: v <= 1.1),
    "ingest cost per document 10k → 100k, wall (×)": ("≈ 1.0 (flat)", lambda v: v <= 1.1),
    "ingest cost per document 10k → 100k, CPU (×)": ("≈ 1.0 (flat)", lambda v: v <= 1.1),
}

# Runs a command and writes the peak RSS of its largest process (KiB) and the CPU
# seconds (user + sys) of all its processes to a file: RUSAGE_CHILDREN of this
# wrapper covers only the one command and the processes it waited for.
_WRAPPER = ("import json, resource, subprocess, sys\n"
            "code = subprocess.call(sys.argv[2:])\n"
            "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "open(sys.argv[1], 'w').write(json.dumps([u.ru_maxrss, u.ru_utime + u.ru_stime]))\n"
            "sys.exit(code)\n")


# ---------------------------------------------------------------------- helpers
def dir_mb(path: Path) -> float | None:
    if not path.exists():
        return None
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1)


def tree_rss_mb(pid: int, table: dict) -> float:
    """The resident memory of `pid` and its descendants (`table`: proc_stat.processes(),
    one reading of /proc for the whole tree, where each process read it again)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            continue
        todo += children(p, table)
    return total / 2**20


def run_measured(cmd: list[str], log: Path, timeout: float) -> dict:
    """Run `cmd` (its own process group), with wall time, peak RSS, and a timeout."""
    rss_file = Path(tempfile.mktemp(prefix="cancu-rss-"))
    peak_tree = [0.0]
    progress: list[tuple[float, int]] = []     # (seconds, progress lines so far), every 10 s
    with open(log, "w") as fh:
        t0 = time.perf_counter()
        proc = subprocess.Popen([PY, "-c", _WRAPPER, str(rss_file), *cmd], stdout=fh, stderr=subprocess.STDOUT,
                                cwd=ROOT, start_new_session=True)
        done = threading.Event()

        def sample() -> None:
            ticks, lines, tail = 0, 0, b"\n"
            with open(log, "rb") as reader:
                while not done.wait(0.5):
                    # The command's processes: the wrapper is the bench's own (it reads getrusage).
                    table = processes()
                    peak_tree[0] = max(peak_tree[0], sum(tree_rss_mb(c, table) for c in children(proc.pid, table)))
                    ticks += 1
                    if ticks % 20 == 0:       # the log only grows: read what is new
                        chunk = tail + reader.read()
                        lines += chunk.count(b"\n[")     # progress lines start with "["
                        tail = chunk[-1:]
                        progress.append((round(time.perf_counter() - t0, 1), lines))
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        timed_out = False
        try:
            code = proc.wait(timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(proc.pid, signal.SIGTERM)      # the group we started, nothing else
            try:
                code = proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                code = proc.wait(30)
        wall = time.perf_counter() - t0
        done.set()
        sampler.join(5)
    try:
        peak_kib, cpu = json.loads(rss_file.read_text())
        peak = peak_kib / 1024
    except (OSError, ValueError):
        peak = cpu = None
    rss_file.unlink(missing_ok=True)
    return {"exit": code, "wall_s": round(wall, 2), "timed_out": timed_out,
            "cpu_s": round(cpu, 1) if cpu is not None else None,
            "peak_rss_mb": round(peak, 1) if peak else None, "peak_tree_rss_mb": round(peak_tree[0], 1),
            "progress": progress}


def rate_by_tenth(progress: list[tuple[float, int]], total: int) -> list[float]:
    """Documents per second in each tenth of the corpus, from the progress trace:
    a flat row means the cost per document does not grow with the store."""
    rates, start = [], (0.0, 0)
    for k in range(1, 11):
        goal = total * k // 10
        reached = next((p for p in progress if p[1] >= goal), None)
        if reached is None:
            break
        if reached[0] > start[0]:
            rates.append(round((reached[1] - start[1]) / (reached[0] - start[0]), 2))
        start = reached
    return rates


def run_json(cmd: list[str], timeout: float) -> tuple[object | None, str]:
    """Run a bench that writes --json FILE; returns (figures, output)."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "out.json"
        try:
            proc = subprocess.run([*cmd, "--json", str(target)], capture_output=True, text=True, cwd=ROOT,
                                  timeout=timeout)
        except subprocess.TimeoutExpired as e:
            return None, f"timed out after {timeout} s: {e.stdout or ''}"
        out = proc.stdout + proc.stderr
        if proc.returncode != 0 or not target.exists():
            return None, out
        return json.loads(target.read_text()), out


# ---------------------------------------------------------------------- benches
def bench_extract(args) -> dict:
    figures, out = run_json([PY, "bench/extract.py", "--mb", str(2 if args.quick else 20)], args.timeout)
    return figures if figures is not None else {"error": out[-2000:]}


def corpus(n: int, seed: int) -> Path:
    folder = OUT / f"corpus-{n}-s{seed}"
    plans = folder / "plans"
    if not ((folder / "truth.jsonl").exists() and plans.is_dir() and sum(1 for _ in plans.iterdir()) == n):
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([PY, "bench/corpus.py", "--docs", str(n), "--seed", str(seed), "--out", str(folder)],
                       check=True, cwd=ROOT, capture_output=True)
    return plans


def bench_ingest(args, n: int) -> dict:
    plans = corpus(n, args.seed)
    home = OUT / f"ws-ingest-{n}"
    shutil.rmtree(home, ignore_errors=True)
    log = OUT / f"ingest-{n}.log"
    m = run_measured([PY, "-m", "cancu.cli", "--home", str(home), "ingest", str(plans), "--jobs", str(args.jobs)],
                     log, args.ingest_timeout)
    progress = m.pop("progress")
    text = log.read_text(errors="replace")
    done = sum(1 for line in text.splitlines() if line.startswith("["))
    failed = re.search(r"failed (\d+)", text)
    row = {"docs": n, "jobs": args.jobs, **m, "docs_done": done,
           "corpus_mb": round(sum(f.stat().st_size for f in plans.iterdir()) / 1e6, 2),
           "completed": m["exit"] in (0, 1) and not m["timed_out"],
           "failed": int(failed.group(1)) if failed else None,
           "docs_per_s": round(done / m["wall_s"], 2) if m["wall_s"] else None,
           "docs_per_s_by_tenth": rate_by_tenth(progress, n),
           "store_mb": dir_mb(home / "store" / "live"),
           "snapshots_mb": dir_mb(home / "store" / "snapshots"),
           "index_mb": dir_mb(home / "index"), "log": str(log.relative_to(ROOT))}
    if row["completed"]:
        proc = subprocess.run([PY, "-m", "cancu.cli", "--home", str(home), "stats", "--json"],
                              capture_output=True, text=True, cwd=ROOT, timeout=600)
        if proc.returncode == 0:
            row.update({k: v for k, v in json.loads(proc.stdout).items() if k in ("documents", "triples")})
        # Who cites X on the workspace just made (its newest checkpoint, as the web app reads it).
        cites, out = run_json([PY, "bench/cites_workspace.py", "--home", str(home)], args.timeout)
        row["cites"] = cites if cites is not None else {"error": out[-2000:]}
    return row


def bench_graph(args, sizes: list[int]) -> list[dict]:
    cmd = [PY, "bench/graph.py", "--sizes", *map(str, sizes)]
    if args.quick:
        cmd += ["--queries", "50"]
    figures, out = run_json(cmd, args.timeout)
    return figures if figures is not None else [{"error": out[-2000:]}]


def bench_search(args, sizes: list[int]) -> list[dict]:
    figures, out = run_json([PY, "bench/search.py", "--sizes", *map(str, sizes)], args.timeout)
    return figures if figures is not None else [{"error": out[-2000:]}]


_WEB_HEAD = re.compile(r"(\d+) clients, ([\d.]+) s, (\d+) requests \((\d+)/s\), (\d+) errors")
# "CPU ms per request: workers 5.25, query processes 0.84, clients 0.22"
_WEB_CPU = re.compile(r"^CPU ms per request: (.+)$", re.M)
# page, n, p50, p95, max (client's time), then the server's own p50 and p95 when logged, and
# the median wait for the first turn, the CPU p50 and mean of a request's thread when logged.
_NUM = r"([\d.]+|nan)"
_WEB_PAGE = re.compile(rf"^(\S+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)"
                       rf"(?:\s+{_NUM}\s+{_NUM}(?:\s+{_NUM}\s+{_NUM}\s+{_NUM})?)?\s*$")


def parse_web(out: str) -> list[dict]:
    """bench/web.py's output: one section ("== label") per workspace measured."""
    sections: list[dict] = []
    for chunk in re.split(r"^== ", out, flags=re.M)[1:]:
        label, _, body = chunk.partition("\n")
        head = _WEB_HEAD.search(body)
        pages = {}
        for line in body.splitlines():
            m = _WEB_PAGE.match(line)
            if m:
                server = [float(v) if v and v != "nan" else None for v in m.group(6, 7, 8, 9, 10)]
                pages[m.group(1)] = {"n": int(m.group(2)), "p50_ms": float(m.group(3)),
                                     "p95_ms": float(m.group(4)), "max_ms": float(m.group(5)),
                                     "server_p50_ms": server[0], "server_p95_ms": server[1],
                                     "turn_p50_ms": server[2], "cpu_p50_ms": server[3], "cpu_mean_ms": server[4]}
        cpu = _WEB_CPU.search(body)
        if head:
            sections.append({"workspace": label.strip(), "clients": int(head.group(1)),
                             "seconds": float(head.group(2)), "requests": int(head.group(3)),
                             "requests_per_s": int(head.group(4)), "errors": int(head.group(5)),
                             # CPU per request by kind of process ({} from a bench/web.py before it said)
                             "cpu_ms_per_request": {kind: float(ms) for kind, ms in
                                                    (part.rsplit(" ", 1) for part in cpu.group(1).split(", "))}
                             if cpu else {},
                             "pages": pages})
    return sections


def bench_web(args, sizes: list[int]) -> dict:
    """Every request computed (the goal's condition): the seed workspace, then the
    largest ingest workspace of this run (or --web-workspace)."""
    seconds = 3 if args.quick else 10
    cmd = [PY, "bench/web.py", "--seconds", str(seconds), "--cache-size", "0"]
    second = args.web_workspace or next((h for h in (OUT / f"ws-ingest-{n}" for n in sorted(sizes, reverse=True))
                                         if (h / "store").exists()), None)
    if second is not None:
        cmd += ["--workspace", str(second)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        return {"error": "timed out"}
    sections = parse_web(proc.stdout)
    if not sections:
        return {"error": (proc.stdout + proc.stderr)[-2000:]}
    return {"cache": "off", "sections": sections}


def _first_output_s(cmd: list[str], timeout: float = 120) -> float | None:
    """Seconds from start to the first byte on stdout."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
    first = proc.stdout.read(1) if proc.stdout else b""
    took = time.perf_counter() - t0
    proc.communicate(timeout=timeout)
    return round(took, 3) if first else None


def bench_cli(args, sizes: list[int]) -> dict:
    cancu = [PY, "-m", "cancu.cli"]
    helps = sorted(_first_output_s([*cancu, "--help"]) or 0.0 for _ in range(5))
    row: dict = {"help_s": helps[2]}
    homes = [OUT / f"ws-ingest-{n}" for n in sorted(sizes, reverse=True)]
    home = next((h for h in homes if (h / "store").exists()), None)
    if home is not None:
        stats = sorted(_first_output_s([*cancu, "--home", str(home), "stats"]) or 0.0 for _ in range(3))
        row.update({"stats_first_output_s": stats[1], "workspace": str(home.relative_to(ROOT))})
    return row


# ---------------------------------------------------------------------- summary
def growth(rows: list[dict], key: str, size_key: str) -> list[dict]:
    """Cost-per-item ratio between consecutive sizes (1.0 = linear)."""
    pts = sorted((r[size_key], r[key]) for r in rows if r.get(key) and r.get(size_key))
    out = []
    for (n1, t1), (n2, t2) in zip(pts, pts[1:]):
        out.append({"from": n1, "to": n2, "time_ratio": round(t2 / t1, 2), "size_ratio": round(n2 / n1, 2),
                    "per_item_ratio": round((t2 / t1) / (n2 / n1), 2)})
    return out


def table(result: dict) -> list[list[str]]:
    rows: list[list[str]] = []

    def add(bench, variant, size, thr, p50, p95, rss, disk, note=""):
        f = lambda v, d=1: "" if v is None else (f"{v:.{d}f}" if isinstance(v, float) else str(v))  # noqa: E731
        rows.append([bench, variant, f(size), thr, f(p50, 2), f(p95, 2), f(rss), f(disk), note])

    e = result.get("extract")
    if e and "error" not in e:
        for name, r in _extract_inputs(e).items():     # CPU of one core, per input
            cpu = r["cpu"]
            add("extract", name, None, f"{cpu['extraction_mb_per_s']} MB/s", None, None, e.get("peak_rss_mb"),
                None, f"{r['input_mb']} MB, {r['mentions']} mentions, CPU time; ×{cpu['ratio_to_bare_regex']} "
                      f"the time of a bare regex pass ({cpu['bare_regex_mb_per_s']} MB/s)")
        if not _extract_inputs(e):                    # a run saved before the figures by input
            add("extract", "citations", None, f"{e['mb_per_s']} MB/s", None, None, e.get("peak_rss_mb"), None,
                f"{e['input_mb']} MB, {e['mentions']} mentions; ×{e.get('times_slower_than_bare_regex')} "
                f"the time of a bare regex pass ({e.get('bare_regex_mb_per_s')} MB/s)")
    for r in result.get("ingest", []):
        note = (f"{r['wall_s']:.0f} s, CPU {r.get('cpu_s')} s, {r.get('triples', '?')} triples" if r["completed"]
                else f"NOT completed ({'timeout' if r['timed_out'] else 'exit ' + str(r['exit'])}), "
                     f"{r['docs_done']} docs in {r['wall_s']:.0f} s")
        add("ingest", f"cancu --jobs {r['jobs']}", r["docs"], f"{r['docs_per_s']} docs/s", None, None,
            r.get("peak_tree_rss_mb"), (r.get("store_mb") or 0) + (r.get("index_mb") or 0),
            note + f"; store {r.get('store_mb')} MB, index {r.get('index_mb')} MB, "
                   f"largest process {r.get('peak_rss_mb')} MB")
        c = r.get("cites")
        if c and "error" not in c:
            add("cites", "10 most cited", r["docs"], f"{c['instruments']} instruments", c["p50_ms"], c["p95_ms"],
                None, None, f"first page + total on the ingest's checkpoint; CPU p95 {c['cpu_p95_ms']} ms, "
                            f"first round p50 {c['cold_p50_ms']} ms; at most {c['most_mentions']} mentions")
        elif c:
            add("cites", "error", r["docs"], "", None, None, None, None, _last_line(c["error"]))
    for r in result.get("graph", []):
        if "error" in r:
            add("graph", "error", None, "", None, None, None, None, _last_line(r["error"]))
            continue
        add("graph", _short(r["store"]), r["documents"], f"load {r['load_s']:.1f} s", r["cites_p50_ms"],
            r["cites_p95_ms"], r.get("rss_mb"), r.get("size_mb"),
            f"{r['triples']} triples, most cited instrument {r['cites_top_ms']:.1f} ms (whole list), "
            f"first page + total p95 (10 most cited) {r.get('checkpoint_page95_ms')} ms on a checkpoint, "
            f"{r.get('page_top10_p95_ms')} ms on the live store by scan")
    for r in result.get("search", []):
        if "error" in r:
            add("search", "error", None, "", None, None, None, None, _last_line(r["error"]))
            continue
        add("search", r["backend"], r["docs"], f"build {r['build_s']} s", r["p50_ms"], r["p95_ms"], None,
            r["size_mb"], f"with facets p50 {r.get('facets_p50_ms')} / p95 {r.get('facets_p95_ms')} ms")
    w = result.get("web")
    if w:
        if "error" in w:
            add("web", "error", None, "", None, None, None, None, _last_line(w["error"]))
        for section in _web_sections(w):
            for page, p in section.get("pages", {}).items():
                add("web", page, None, f"{p['n']} req", p["p50_ms"], p["p95_ms"], None, None,
                    f"{section['workspace']}, {section['clients']} clients, cache {w.get('cache', 'on')}, "
                    f"{section['errors']} errors; server's own p95 {p.get('server_p95_ms')} ms")
            cpu = section.get("cpu_ms_per_request")
            if cpu:
                add("web", "cpu per request", None, f"{section['requests_per_s']} req/s", None, None, None, None,
                    f"{section['workspace']}: " + ", ".join(f"{kind} {ms} ms" for kind, ms in cpu.items()))
    for name, ratios in result.get("growth", {}).items():
        for g in ratios:
            add("growth", name, f"{g['from']}→{g['to']}", f"×{g['time_ratio']} time", None, None, None, None,
                f"per item ×{g['per_item_ratio']} (1.0 = linear)")
    for name, ratio in result.get("side_by_side", {}).items():
        add("ratio", name, None, ratio, None, None, None, None, "")
    c = result.get("cli")
    if c:
        add("cli", "--help", None, f"{c['help_s']} s", None, None, None, None, "median of 5")
        if c.get("stats_first_output_s") is not None:
            add("cli", "stats", None, f"{c['stats_first_output_s']} s", None, None, None, None,
                f"first output, {c['workspace']}")
    return rows


def _web_sections(w: dict) -> list[dict]:
    """Web figures as sections per workspace (runs saved before --workspace had one)."""
    if "sections" in w:
        return w["sections"]
    return [{**w, "workspace": "seed"}] if w.get("pages") else []


def _extract_inputs(e: dict) -> dict[str, dict]:
    """bench/extract.py's median figures by input: 'plan text' and the realdocs folder."""
    return {("plan text" if r.get("input") == "plan text" else "realdocs"): r
            for r in e.get("results", []) if "cpu" in r}


def goal_figures(result: dict) -> dict[str, tuple[float | None, float | None]]:
    """Each of GOALS: (its figure in this result, the time of that work ÷ the time
    of one bare regex pass over the same text, where it applies); None: not measured."""
    found: dict[str, tuple[float | None, float | None]] = dict.fromkeys(GOALS, (None, None))
    e = result.get("extract") or {}
    inputs = _extract_inputs(e)
    for key, name in (("plan text", "extraction, plan text (MB/s, one core)"),
                      ("realdocs", "extraction, realdocs (MB/s, one core)")):
        if key in inputs:
            cpu = inputs[key]["cpu"]
            found[name] = (cpu["extraction_mb_per_s"], cpu["ratio_to_bare_regex"])
    bare = inputs.get("plan text", {}).get("cpu", {}).get("bare_regex_mb_per_s") or e.get("bare_regex_mb_per_s")
    c = result.get("cli") or {}
    found["cancu --help (s)"] = (c.get("help_s"), None)
    found["cancu stats, first output (s)"] = (c.get("stats_first_output_s"), None)
    sections = _web_sections(result.get("web") or {})
    for n, section in enumerate(sections[:2]):
        worst = max((p["p95_ms"] for p in section["pages"].values()), default=None)
        name = ("web worst page p95, seed, cache off (ms)" if n == 0
                else "web worst page p95, ingest workspace, cache off (ms)")
        if (result.get("web") or {}).get("cache") == "off":
            found[name] = (worst, None)
    for r in result.get("graph", []):
        # Readers (the web app, the CLI) answer from a published checkpoint's cites index;
        # page_top10_p95_ms is the writer's live store, read by scan.
        if r.get("documents") == 10_000 and r.get("checkpoint_page95_ms") is not None:
            found["cites first page + total, 10 most cited, 10k (p95 ms)"] = (r["checkpoint_page95_ms"], None)
    for r in result.get("ingest", []):
        # A real ingest's checkpoint (bench/cites_workspace.py) wins over bench/graph.py's built graph.
        c = r.get("cites") or {}
        if r["docs"] in (10_000, 100_000) and c.get("p95_ms") is not None:
            found[f"cites first page + total, 10 most cited, {r['docs'] // 1000}k (p95 ms)"] = (c["p95_ms"], None)
    for r in result.get("ingest", []):
        if r["docs"] == 10_000 and r["completed"]:
            # One core's share of the wall time against one bare pass over the corpus.
            ratio = (round(r["wall_s"] * r["jobs"] / (r["corpus_mb"] / bare), 1)
                     if bare and r.get("corpus_mb") else None)
            found["ingest 10k plans, --jobs 2 (s)"] = (r["wall_s"], ratio)
            found["ingest 10k peak RSS, all processes (MB)"] = (r.get("peak_tree_rss_mb"), None)
    for kind, growth_key in (("wall", "ingest wall"), ("CPU", "ingest cpu")):
        for g in result.get("growth", {}).get(growth_key, []):
            if (g["from"], g["to"]) in ((1000, 10_000), (10_000, 100_000)):
                span = f"{g['from'] // 1000}k → {g['to'] // 1000}k"
                found[f"ingest cost per document {span}, {kind} (×)"] = (g["per_item_ratio"], None)
    return found


def print_goals(result: dict) -> None:
    figures = goal_figures(result)
    width = max(map(len, GOALS))
    print(f"\n{'goal (issue #16)':<{width}}  {'figure':>10}  {'goal':<14}  {'met':<4}  time ÷ bare regex pass")
    for name, (shown, met) in GOALS.items():
        v, ratio = figures[name]
        verdict = "—" if v is None or met is None else ("yes" if met(v) else "NO")
        print(f"{name:<{width}}  {'' if v is None else v:>10}  {shown:<14}  {verdict:<4}  "
              f"{'' if ratio is None else f'×{ratio}'}")


def _short(store: str) -> str:
    return store.split()[0]


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:160] if lines else ""


def print_table(rows: list[list[str]]) -> None:
    head = ["bench", "variant", "size", "throughput", "p50 ms", "p95 ms", "RSS MB", "disk MB", "notes"]
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head) - 1)]
    print("  ".join(h.ljust(w) for h, w in zip(head, widths)) + "  notes")
    for r in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)) + "  " + r[-1])


def side_by_side(result: dict) -> dict:
    out = {}
    g = [r for r in result.get("graph", []) if "error" not in r]
    for n in sorted({r["documents"] for r in g}):
        by = {_short(r["store"]): r for r in g if r["documents"] == n}
        if "rdflib" in by and "oxigraph" in by:
            ra, rb = by["rdflib"], by["oxigraph"]
            out[f"graph {n}: cites p50 rdflib/oxigraph"] = f"×{ra['cites_p50_ms'] / max(rb['cites_p50_ms'], 1e-9):.1f}"
            out[f"graph {n}: cites p95 rdflib/oxigraph"] = f"×{ra['cites_p95_ms'] / max(rb['cites_p95_ms'], 1e-9):.1f}"
            out[f"graph {n}: load rdflib/oxigraph"] = f"×{ra['load_s'] / max(rb['load_s'], 1e-9):.2f}"
    s = [r for r in result.get("search", []) if "error" not in r]
    for n in sorted({r["docs"] for r in s}):
        by = {r["backend"]: r for r in s if r["docs"] == n}
        if "whoosh" in by and "tantivy" in by:
            out[f"search {n}: build whoosh/tantivy"] = \
                f"×{by['whoosh']['build_s'] / max(by['tantivy']['build_s'], 1e-9):.0f}"
            out[f"search {n}: p50 whoosh/tantivy"] = \
                f"×{by['whoosh']['p50_ms'] / max(by['tantivy']['p50_ms'], 1e-9):.0f}"
    return out


def merge(runs: list[dict]) -> dict:
    """Several saved runs as one: rows of each bench by size (a later run's row
    for the same size and variant wins), extract and web from the last run with them."""
    merged: dict = {"meta": {"merged": [r.get("meta", {}) for r in runs]}}
    keys = {"ingest": ("docs",), "graph": ("store", "documents"), "search": ("backend", "docs")}
    for bench, key in keys.items():
        rows: dict[tuple, dict] = {}
        for run in runs:
            for r in run.get(bench, []):
                rows[tuple(r.get(k) for k in key)] = r
        if rows:
            merged[bench] = sorted(rows.values(), key=lambda r: tuple(str(r.get(k)) for k in key[:-1])
                                   + (r.get(key[-1]) or 0,))
    for bench in ("extract", "web", "cli"):
        for run in runs:
            if run.get(bench):
                merged[bench] = run[bench]
    return merged


def summarise(result: dict) -> None:
    """Growth between sizes, side-by-side ratios, goals and the table, in place."""
    result["growth"] = {}
    ing = [r for r in result.get("ingest", []) if r["completed"]]
    if len(ing) > 1:
        result["growth"]["ingest wall"] = growth(ing, "wall_s", "docs")
        if sum(1 for r in ing if r.get("cpu_s")) > 1:
            result["growth"]["ingest cpu"] = growth(ing, "cpu_s", "docs")
    for store in ("rdflib", "oxigraph"):
        rows = [r for r in result.get("graph", []) if _short(r.get("store", "")) == store]
        if len(rows) > 1:
            result["growth"][f"graph load {store}"] = growth(rows, "load_s", "documents")
    for backend in ("whoosh", "tantivy"):
        rows = [r for r in result.get("search", []) if r.get("backend") == backend]
        if len(rows) > 1:
            result["growth"][f"search build {backend}"] = growth(rows, "build_s", "docs")
    result["side_by_side"] = side_by_side(result)
    goals = {}
    for r in result.get("ingest", []):
        if r["docs"] == 10_000:
            goals["ingest_10k_within_5_min"] = r["completed"] and r["wall_s"] <= GOAL_10K_S
            goals["ingest_10k_rss_within_1_gb"] = (r.get("peak_tree_rss_mb") or 0) <= GOAL_RSS_MB
    if ing and not goals:   # projected from the largest completed size, linearly
        big = max(ing, key=lambda r: r["docs"])
        goals["ingest_10k_projected_s"] = round(big["wall_s"] * 10_000 / big["docs"])
    result["goals"] = goals
    result["table"] = table(result)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="1000,10000", help="document counts, comma-separated (default 1000,10000)")
    p.add_argument("--full", action="store_true", help="also 100k documents")
    p.add_argument("--quick", action="store_true", help="200 documents, short runs: a smoke test")
    p.add_argument("--only", default=",".join(BENCHES), help=f"benches to run, of {','.join(BENCHES)}")
    p.add_argument("--jobs", type=int, default=2, help="cancu ingest --jobs (default 2)")
    p.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    p.add_argument("--web-workspace", type=Path, default=None,
                   help="the second workspace bench/web.py measures (default: the largest ingest "
                        "workspace under bench/out)")
    p.add_argument("--ingest-timeout", type=float, default=3600, help="seconds per ingest before it is stopped")
    p.add_argument("--timeout", type=float, default=7200, help="seconds per other bench")
    p.add_argument("--json", type=Path, default=None, help="where to write the figures "
                   "(default bench/out/run-<time>.json)")
    p.add_argument("--show", type=Path, nargs="+", metavar="FILE",
                   help="print the table of saved runs and exit; several runs (say 1k/10k and a "
                        "separate 100k ingest) are merged, and growth is computed across them")
    args = p.parse_args(argv)
    if args.show:
        result = merge([json.loads(f.read_text(encoding="utf-8")) for f in args.show])
        summarise(result)
        print_table(result["table"])
        print_goals(result)
        return 0
    only = [b.strip() for b in args.only.split(",") if b.strip()]
    unknown = set(only) - set(BENCHES)
    if unknown:
        p.error(f"unknown bench(es): {', '.join(sorted(unknown))}")
    sizes = [200] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.full and not args.quick:
        sizes.append(100_000)
    OUT.mkdir(parents=True, exist_ok=True)
    target = args.json or OUT / f"run-{dt.datetime.now():%Y%m%d-%H%M%S}.json"

    result: dict = {"meta": {"started": dt.datetime.now().isoformat(timespec="seconds"), "sizes": sizes,
                             "quick": args.quick, "only": only, "jobs": args.jobs, "seed": args.seed,
                             "cpus": os.cpu_count(), "python": platform.python_version(),
                             "machine": platform.machine(),
                             "load_avg_at_start": [round(x, 2) for x in os.getloadavg()]}}
    t0 = time.perf_counter()
    for bench in only:
        print(f"… {bench}", file=sys.stderr, flush=True)
        if bench == "extract":
            result["extract"] = bench_extract(args)
        elif bench == "ingest":
            result["ingest"] = []
            for n in sizes:
                print(f"  ingest {n} documents", file=sys.stderr, flush=True)
                result["ingest"].append(bench_ingest(args, n))
        elif bench == "graph":
            result["graph"] = bench_graph(args, sizes)
        elif bench == "search":
            result["search"] = bench_search(args, sizes)
        elif bench == "web":
            result["web"] = bench_web(args, sizes)
        elif bench == "cli":
            result["cli"] = bench_cli(args, sizes)

    summarise(result)
    result["meta"]["total_s"] = round(time.perf_counter() - t0, 1)
    print_table(result["table"])
    print_goals(result)
    target.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"→ {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
