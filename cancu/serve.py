"""Serve the web app on gunicorn (a production WSGI server, not Flask's
development server): worker processes with threads, on 127.0.0.1 unless told
otherwise, logging each request (method, path, status, duration) to stderr.

    serve(lambda: Services(workspace), port=8080, token=os.environ.get("CANCU_TOKEN"))
    python -m cancu.serve --home WORKSPACE --port 8080 [--workers 2]

Why processes: a request is mostly Python (SPARQL result rows, templates,
snippets) and holds the GIL, so one process serves on one core whatever its
threads; bench/web.py measures workers 1 against 2. Each worker builds its own
services after the fork: a store or index opened before forking would be
shared by processes that each think they own it.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any, Callable, Iterable

from gunicorn.app.base import BaseApplication

from cancu.connections import BalancedThreadWorker, ConnectionShares
from cancu.contract.views import SparqlLimits
from cancu.heap import FrozenHeap, collect_less_often
from cancu.kg.queries.tasks import agency_keys
from cancu.services import Services
from cancu.turns import TURNS, WAITED, TakeTurns
from cancu.web.app import create_app
from cancu.workspace import Workspace


class RequestLog:
    """WSGI middleware: one line per request once its body has been sent, with
    the server's own time (until the app returned its response, so a slow
    page can be found), the time until the body was sent (network too), behind
    TakeTurns how much of the first was waiting for the request's turn, and the CPU
    its thread spent on it (a page slow on a busy server is not always a costly one):

        2026-12-04T15:20:07 127.0.0.1 GET /api/v1/stats 200 3.1ms (sent 3.4ms, turn 0.2ms, cpu 2.7ms) pid 4242
    """

    def __init__(self, app: Callable, stream=None, after: Callable[[], None] | None = None):
        self.app = app
        self.stream = stream or sys.stderr
        self.after = after          # run once a response is sent (cancu.heap.FrozenHeap.follow)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        started, cpu_started = time.perf_counter(), time.thread_time()
        status_holder: list[str] = []

        def recording_start_response(status: str, headers, exc_info=None):
            status_holder.append(status.split(" ", 1)[0])
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        body = self.app(environ, recording_start_response)
        computed, cpu_ms = time.perf_counter(), (time.thread_time() - cpu_started) * 1000
        return _Logged(body, lambda: self._done(environ, status_holder, started, computed, cpu_ms))

    def _done(self, environ: dict, status: list[str], started: float, computed: float, cpu_ms: float) -> None:
        self._line(environ, status, started, computed, cpu_ms)
        if self.after is not None:
            self.after()

    def _line(self, environ: dict, status: list[str], started: float, computed: float, cpu_ms: float) -> None:
        sent_ms = (time.perf_counter() - started) * 1000
        own_ms = (computed - started) * 1000
        path = environ.get("PATH_INFO", "")
        if environ.get("QUERY_STRING"):
            path += "?" + environ["QUERY_STRING"][:200]
        waited = environ.get(WAITED)
        turn = f", turn {waited:.1f}ms" if waited is not None else ""
        # One write of the whole line: print() writes the newline apart, and the workers
        # (and a worker's threads) share the stream, so lines ran into each other.
        self.stream.write(f'{time.strftime("%Y-%m-%dT%H:%M:%S")} {environ.get("REMOTE_ADDR", "-")} '
                          f'{environ.get("REQUEST_METHOD", "-")} {path} {status[0] if status else "-"} '
                          f'{own_ms:.1f}ms (sent {sent_ms:.1f}ms{turn}, cpu {cpu_ms:.1f}ms) '
                          f'pid {os.getpid()}\n')
        self.stream.flush()


class _Logged:
    def __init__(self, body: Iterable[bytes], on_close: Callable[[], None]):
        self.body = body
        self.on_close = on_close

    def __iter__(self):
        return iter(self.body)

    def close(self) -> None:
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            self.on_close()


# Paths whose work runs in other processes (the SPARQL query processes): no turn (cancu/turns.py).
RUN_ELSEWHERE = frozenset({"/sparql"})


def warm_up(services: Any, config: dict | None = None, templates: Any = None) -> None:
    """Open the store, index and catalogue before the first request (and before
    threads race to build them), load the agency gazetteer, compile the pages' templates
    (`templates`: the app's Jinja environment), and start a SPARQL query process (its pool
    sized by the app's config), so the first /sparql query pays no process start."""
    services.stats()
    warm_checkpoint(services)
    if templates is not None:       # compiled on first use otherwise (0.12 s for all of them)
        for name in templates.list_templates():
            templates.get_template(name)
    # The agency filter of the obligations pages reads names with the spaCy gazetteer:
    # load it now, not in the first such request (seconds).
    agency_keys("Ủy ban nhân dân xã")
    if config is not None and callable(getattr(services, "sparql", None)):
        services.sparql("ASK {}", format="json", limits=SparqlLimits(
            timeout_s=float(config["SPARQL_TIMEOUT_S"]), max_rows=1,
            processes=int(config["SPARQL_WORKERS"]), memory_mb=int(config["SPARQL_MEMORY_MB"])))


def warm_checkpoint(services: Any) -> None:
    """What each checkpoint keeps per process, made before requests need it: the search
    index at this checkpoint, the catalogue's indexes, the obligations filters' tables."""
    services.search("nghị định", limit=1)
    # The instrument, cites and chain pages look names up in the catalogue, whose indexes
    # are made on first use (0.24 s of CPU at 10k documents, in the first such request).
    services.find_instruments("nghị định")
    # The first agency or due-date filter made them otherwise (0.25 s of CPU at 10k
    # documents, every other obligations request of the worker waiting).
    services.prepare_obligation_filters()


def default_workers() -> int:
    """One worker per core, up to four (each holds its own store reader and index)."""
    return max(1, min(os.cpu_count() or 1, 4))


class _Server(BaseApplication):
    """gunicorn driven from code: the options below, the app built per worker, and the
    workers' connection counts (`shares`, read by cancu.connections.BalancedThreadWorker)."""

    def __init__(self, make_app: Callable[[], Callable], shares: ConnectionShares, options: dict[str, Any]):
        self._make_app = make_app
        self.shares = shares
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Callable:
        return self._make_app()


# The SPARQL endpoint's limits (web/sparql.py), settable without code.
SPARQL_ENV = {"CANCU_SPARQL_TIMEOUT_S": ("SPARQL_TIMEOUT_S", float),
              "CANCU_SPARQL_MAX_ROWS": ("SPARQL_MAX_ROWS", int),
              "CANCU_SPARQL_PAGE_ROWS": ("SPARQL_PAGE_ROWS", int),
              "CANCU_SPARQL_HTML_PAGE_ROWS": ("SPARQL_HTML_PAGE_ROWS", int),
              "CANCU_SPARQL_WORKERS": ("SPARQL_WORKERS", int),
              "CANCU_SPARQL_QUEUE_S": ("SPARQL_QUEUE_S", float),
              "CANCU_SPARQL_MEMORY_MB": ("SPARQL_MEMORY_MB", int)}


def sparql_config_from_env(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """The CANCU_SPARQL_* variables that are set, as app config; a bad value stops
    the server with a message rather than serving with a limit nobody asked for."""
    environ = os.environ if environ is None else environ
    out: dict[str, Any] = {}
    for name, (key, kind) in SPARQL_ENV.items():
        raw = environ.get(name, "").strip()
        if not raw:
            continue
        try:
            value = kind(raw)
        except ValueError:
            value = None
        if value is None or value <= 0:
            raise SystemExit(f"cancu: {name}={raw!r} phải là số dương / must be a positive number")
        out[key] = value
    return out


def serve(make_services: Callable[[], Any], *, host: str = "127.0.0.1", port: int = 8080,
          token: str | None = None, workers: int | None = None, threads: int = 8,
          config: dict | None = None) -> None:
    """Serve until SIGTERM/SIGINT. `make_services` runs once in each worker.
    With more than one worker, `config["SECRET_KEY"]` is required: a key drawn by
    each worker would refuse the session (sign-in, CSRF) another worker signed."""
    workers = workers or default_workers()
    if workers > 1 and not (config or {}).get("SECRET_KEY"):
        raise ValueError("serve: several workers need one SECRET_KEY (Workspace.secret_key())")
    config = {**sparql_config_from_env(), **(config or {})}

    def make_app() -> Callable:
        services = make_services()
        app = create_app(services, token=token, config=config)
        warm_up(services, app.config, app.jinja_env)
        heap = FrozenHeap(services.checkpoint_id)
        heap.freeze()
        collect_less_often()
        TURNS.enable()
        return RequestLog(TakeTurns(app.wsgi_app, elsewhere=RUN_ELSEWHERE), after=heap.follow)

    uploads = "bật / enabled" if token else "tắt / disabled (no CANCU_TOKEN)"
    print(f"cancu: http://{host}:{port}/ — {workers} tiến trình × {threads} luồng / "
          f"{workers} workers × {threads} threads — tải lên / uploads: {uploads}", file=sys.stderr, flush=True)
    # Made here, before the workers are forked: the memory they share their connection counts in.
    # Twice the workers: on a reload (HUP) the new ones start before the old ones leave.
    shares = ConnectionShares(slots=2 * workers + 2)
    _Server(make_app, shares, {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": BalancedThreadWorker,
        "child_exit": lambda arbiter, worker: shares.release(worker.pid),
        "proc_name": "cancu",
        "accesslog": None,              # RequestLog writes one line per request
        "errorlog": "-",
        "loglevel": "warning",
        "graceful_timeout": 10,
        "timeout": 60,                  # a worker silent this long is restarted
        "limit_request_line": 8190,     # the most gunicorn allows; long SPARQL goes by POST
        "control_socket_disable": True,  # nothing to control at run time; it writes under ~
    }).run()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m cancu.serve", description="Chạy máy chủ web / run the web server")
    p.add_argument("--home", default=None)
    p.add_argument("--registry", default=None)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--workers", type=int, default=None, help="processes (default: one per core, up to 4)")
    p.add_argument("--threads", type=int, default=8, help="threads per process")
    p.add_argument("--cache-size", type=int, default=512, help="rendered responses cached per process (0: off)")
    args = p.parse_args(argv)
    token = os.environ.get("CANCU_TOKEN") or None
    workspace = Workspace.locate(args.home)
    # Readers: each follows the published checkpoints; an upload opens the writer for itself.
    serve(lambda: Services(workspace, registry_dir=args.registry), host=args.host, port=args.port,
          token=token, workers=args.workers, threads=args.threads,
          config={"RESPONSE_CACHE_SIZE": args.cache_size, "SECRET_KEY": workspace.secret_key()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
