"""Serve the web app on waitress (a production WSGI server, not Flask's
development server), on 127.0.0.1 unless told otherwise, logging each
request (method, path, status, duration) to stderr.

    serve(services, port=8080, token=os.environ.get("CANCU_TOKEN"))
    python -m cancu.serve --home WORKSPACE --port 8080     # until `cancu serve` is wired
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from typing import Any, Callable, Iterable

from web.app import create_app

log = logging.getLogger("cancu.http")


class RequestLog:
    """WSGI middleware: one line per request once its body has been sent."""

    def __init__(self, app: Callable, stream=None):
        self.app = app
        self.stream = stream or sys.stderr

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        started = time.perf_counter()
        status_holder: list[str] = []

        def recording_start_response(status: str, headers, exc_info=None):
            status_holder.append(status.split(" ", 1)[0])
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        body = self.app(environ, recording_start_response)
        return _Logged(body, lambda: self._line(environ, status_holder, started))

    def _line(self, environ: dict, status: list[str], started: float) -> None:
        ms = (time.perf_counter() - started) * 1000
        path = environ.get("PATH_INFO", "")
        if environ.get("QUERY_STRING"):
            path += "?" + environ["QUERY_STRING"][:200]
        print(f'{time.strftime("%Y-%m-%dT%H:%M:%S")} {environ.get("REMOTE_ADDR", "-")} '
              f'{environ.get("REQUEST_METHOD", "-")} {path} {status[0] if status else "-"} {ms:.1f}ms',
              file=self.stream, flush=True)


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


def warm_up(services: Any) -> None:
    """Open the store, index and catalogue before the first request (and before
    threads race to build them)."""
    services.store.stats()
    services.search("nghị định", limit=1)


def serve(services: Any, *, host: str = "127.0.0.1", port: int = 8080, token: str | None = None,
          threads: int = 8, config: dict | None = None) -> None:
    import waitress

    app = create_app(services, token=token, config=config)
    warm_up(services)
    uploads = "bật / enabled" if token else "tắt / disabled (no CANCU_TOKEN)"
    print(f"cancu: http://{host}:{port}/ — tải lên / uploads: {uploads}", file=sys.stderr, flush=True)
    waitress.serve(RequestLog(app.wsgi_app), host=host, port=port, threads=threads,
                   ident="cancu", clear_untrusted_proxy_headers=True,
                   max_request_body_size=int(app.config["MAX_CONTENT_LENGTH"]) + 1024 * 1024)


def main(argv: list[str] | None = None) -> int:
    from cancu.services import Services
    from cancu.workspace import Workspace

    p = argparse.ArgumentParser(prog="python -m cancu.serve", description="Chạy máy chủ web / run the web server")
    p.add_argument("--home", default=None)
    p.add_argument("--registry", default=None)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--cache-size", type=int, default=512, help="rendered responses cached (0: off)")
    args = p.parse_args(argv)
    token = os.environ.get("CANCU_TOKEN") or None
    # A reader: it follows the published checkpoints; an upload opens the writer for itself.
    services = Services(Workspace.locate(args.home), registry_dir=args.registry)
    try:
        serve(services, host=args.host, port=args.port, token=token, threads=args.threads,
              config={"RESPONSE_CACHE_SIZE": args.cache_size})
    finally:
        services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
