"""`cancu serve` for the tests that need a real server: a free loopback port,
the server's output in a log file, ready when /api/v1/stats answers, and
stopped whatever the test does."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen, wait_s: float = 20) -> None:
    """Terminate a server process, then kill it if it has not gone within `wait_s`."""
    proc.terminate()
    try:
        proc.wait(wait_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def wait_http(url: str, seconds: float, proc: subprocess.Popen, log: Path | None = None) -> None:
    """Until `url` answers; fails with the log's tail if `proc` exits first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log else ""
            raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode}\n{tail}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {seconds:g} s")


@dataclass
class Server:
    base: str
    port: int
    proc: subprocess.Popen
    log: Path


@contextmanager
def serving(home: Path, log: Path, *options: str, ready_within: float = 90,
            token: str | None = None, env: dict[str, str] | None = None) -> Iterator[Server]:
    """`cancu --home HOME serve --port P OPTIONS…`, with uploads only when given a
    `token`, and without a remote SPARQL endpoint from the environment (unless `env`
    gives one)."""
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if k not in ("CANCU_TOKEN", "CANCU_SPARQL_ENDPOINT")},
           **(env or {})}
    if token:
        env["CANCU_TOKEN"] = token
    with open(log, "wb") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "cancu.cli", "--home", str(home), "serve",
                                 "--port", str(port), *options], stdout=fh, stderr=fh, cwd=ROOT, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_http(base + "/api/v1/stats", ready_within, proc, log)
        yield Server(base, port, proc, log)
    finally:
        stop(proc)
