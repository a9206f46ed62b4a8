"""Threads for the tests that need several at once: start them all, then wait for all."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any


def run_threads(target: Callable[..., Any], args: Iterable[tuple], *, timeout: float | None = None,
                daemon: bool = False) -> None:
    """One thread per tuple of `args`, all started before any is waited for (so they
    overlap); fails when one is still running `timeout` seconds after its join began."""
    threads = [threading.Thread(target=target, args=a, daemon=daemon) for a in args]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    alive = [t.name for t in threads if t.is_alive()]
    assert not alive, f"still running after {timeout} s: {alive}"


@contextmanager
def serving_forever(httpd: Any) -> Iterator[None]:
    """A socketserver's serve_forever in a thread for the block, then shut down and closed."""
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
