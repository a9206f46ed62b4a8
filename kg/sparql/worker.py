"""A process that runs users' SPARQL queries for a server (kg/sparql/pool.py
starts it, sends it queries, and kills it at the time limit: pyoxigraph cannot
cancel a running query, a process can be killed).

    python -m cancu.kg.sparql.worker [--network] [--memory-mb N]

Protocol on stdin/stdout: frames of a 4-byte big-endian length and a pickle.
It first sends {"ready": True, "sandbox": None or why the network is open};
then for each request {"query", "store" (a published checkpoint folder) or
"endpoint" (a SPARQL URL), "max_rows", "max_bytes", and optionally "page_rows"
and "offset" (a SELECT without LIMIT answered a page at a time, kg/sparql/page.py)
and "format" (the answer written in it, or "html": plain terms for the page)}
it answers {"answer": SparqlAnswer} or {"error": (class name, reason, detail, keyword)}.
A request {"prepare": checkpoint folder} opens that store ahead of the queries
(kg/sparql/pool.py sends it to a process it has just started) and is answered
{"answer": None}.

Before anything else it gives up the network (kg/sparql/sandbox.py) unless --network
(the endpoint mode, whose job is to reach that one server) and caps its heap. It
exits when its parent goes.

A query runs at the web workers' priority for its first `yield_after_s` of CPU time
(a request field, default YIELD_AFTER_S), then at a lower one (nice +LONG_QUERY_NICE)
to its end: an ordinary query (milliseconds) is not made to queue behind every page
being served, a long or runaway one yields the cores to them. An unprivileged
process cannot raise its priority again, so the answer then says "lowered" and the
pool retires the process. CPU time, not wall time: on a busy server (20 clients on
2 cores) a 20 ms query waited past 0.5 s for a core, was lowered, and its process
was retired and replaced (~0.3 s of CPU), which made the server busier still.
"""
from __future__ import annotations

import argparse
import os
import pickle
import select
import struct
import sys
import threading
import time
from functools import lru_cache
from typing import IO, Any

from cancu.kg.sparql import sandbox

YIELD_AFTER_S = 0.5     # a query using more CPU seconds than this yields the cores to the web workers
LONG_QUERY_NICE = 5
IDLE_CLOSE_S = 30.0     # an idle worker lets go of a superseded checkpoint so the writer can prune it
FRAME_HEADER = struct.Struct(">I")


def read_frame(stream: IO[bytes]) -> Any | None:
    head = stream.read(FRAME_HEADER.size)
    if len(head) < FRAME_HEADER.size:
        return None
    size = FRAME_HEADER.unpack(head)[0]
    body = stream.read(size)
    if len(body) < size:
        return None
    return pickle.loads(body)


def write_frame(stream: IO[bytes], value: Any) -> None:
    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(FRAME_HEADER.pack(len(body)) + body)
    stream.flush()


def _exit_with_parent(parent: int) -> None:
    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(0)
            time.sleep(1.0)
    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class _Yielder:
    """Lowers the priority of the thread that runs queries (this process's main
    thread: on Linux a priority belongs to a thread) once a query has used more
    CPU time than its allowance. One watching thread for the process's life."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._query: tuple[float, float] | None = None      # (CPU time at its start, allowance)
        self.lowered = False
        self._tid = threading.get_native_id()
        self._clock = time.pthread_getcpuclockid(threading.get_ident())     # this thread's CPU time
        threading.Thread(target=self._watch, name="yield-watch", daemon=True).start()

    def _cpu(self) -> float:
        return time.clock_gettime(self._clock)

    def begin(self, allowance_s: float) -> None:
        with self._cond:
            self._query = (self._cpu(), allowance_s)
            self._cond.notify()

    def end(self) -> None:
        with self._cond:
            self._query = None

    def _watch(self) -> None:
        with self._cond:
            while True:
                query = self._query
                if query is None or self.lowered:
                    self._cond.wait()
                    continue
                # One thread's CPU time grows no faster than wall time: waiting what is
                # left of the allowance cannot overshoot it.
                left = query[0] + query[1] - self._cpu()
                if left > 0:
                    self._cond.wait(left)
                    continue
                os.setpriority(os.PRIO_PROCESS, self._tid,
                               os.getpriority(os.PRIO_PROCESS, self._tid) + LONG_QUERY_NICE)
                self.lowered = True


class _Runner:
    """Answers requests on the checkpoint named in each (reopened when it moves on).
    pyoxigraph, rdflib and cancu.kg.store.graph are imported here, after the sandbox is up."""

    def __init__(self) -> None:
        self.store: Any = None
        self.path: str | None = None

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
        self.store, self.path = None, None

    def let_go_if_superseded(self) -> None:
        """Close the store unless it is the newest published checkpoint: the writer
        prunes only older ones (cancu.kg.store.snapshots), and reopening costs the next
        query ~0.1 s of CPU and a cold cache."""
        if self.path is None:
            return
        from cancu.kg.store.snapshots import snapshots
        from pathlib import Path
        here = Path(self.path)
        published = snapshots(here.parent.parent)
        if not published or published[-1] != here:
            self.close()

    def prepare(self, path: str) -> None:
        self._open(path)

    def _open(self, path: str) -> Any:
        # Imported after the sandbox is up: nothing runs before the network is given up.
        from cancu.kg.store.graph import GraphStore
        if path != self.path:
            self.close()
            self.store, self.path = GraphStore.open(path, read_only=True), path
        return self.store

    def answer(self, request: dict[str, Any]) -> Any:
        from cancu.kg.sparql import page
        from cancu.kg.sparql.run import SparqlRejected, cap_materialised, stream
        from cancu.kg.vocab import PREFIXES

        query = request["query"]
        shape = _shape_of(query)
        max_rows, max_bytes = int(request["max_rows"]), int(request["max_bytes"])
        offset = int(request.get("offset") or 0)
        plan = None
        if shape.form == "SELECT":
            plan = page.plan(query, shape, offset=offset, max_rows=max_rows,
                             page_rows=int(request.get("page_rows") or max_rows))
        elif offset:
            raise SparqlRejected("offset", "offset= chỉ dùng cho SELECT / offset= pages a SELECT only")
        text = plan.text if plan is not None else query
        rows, skip = (plan.rows, plan.skip) if plan is not None else (max_rows, 0)
        if request.get("endpoint"):
            from cancu.kg.store.endpoint import SparqlEndpoint
            client = SparqlEndpoint(request["endpoint"], timeout=float(request.get("timeout_s", 30)))
            answer = cap_materialised(client.query(text), shape.form, max_rows=rows, skip=skip)
            return _finish(answer, plan, offset, query, request.get("format"))
        store = self._open(request["store"])
        try:
            result = store.oxigraph.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as e:         # rdflib took it, Oxigraph does not
            raise SparqlRejected("syntax", (str(e).strip().splitlines() or ["SyntaxError"])[0][:300]) from None
        if plan is not None and plan.native and request.get("format"):
            variables, bindings, answer = page.native_select(result, plan, offset=offset, max_bytes=max_bytes)
            if request["format"] == "json":
                from cancu.kg.sparql import format as sparql_format
                answer.body = sparql_format.bindings_json(variables, bindings)
                answer.media_type = "application/sparql-results+json"
                answer.row_count = len(bindings)
                return answer
            answer.rows = page.terms(bindings)
            return _write(answer, request["format"])
        answer = stream(result, shape.form, max_rows=rows, max_bytes=max_bytes, skip=skip)
        return _finish(answer, plan, offset, query, request.get("format"))


def _finish(answer: Any, plan: Any, offset: int, query: str, fmt: str | None) -> Any:
    """A streamed answer's paging fields, its variables when an endpoint named none,
    and its body in `fmt` (None: left as terms)."""
    from cancu.kg.sparql.text import projected_variables
    if plan is not None:
        answer.row_limit = plan.rows
        if plan.paged and answer.truncated:
            answer.next_offset = offset + len(answer.rows)
        if not answer.variables:     # an endpoint's empty answer names none
            answer.variables = projected_variables(query)
    return _write(answer, fmt) if fmt else answer


def _write(answer: Any, fmt: str) -> Any:
    """The answer written in `fmt` (cancu.kg.sparql.format), here rather than in the
    server: the server then copies bytes instead of decoding terms (under its GIL).
    For "html" (the SPARQL page) the terms become (kind, value, N-Triples text)."""
    from cancu.kg.sparql import format as sparql_format
    answer.row_count = len(answer.triples) if answer.form in ("CONSTRUCT", "DESCRIBE") else len(answer.rows)
    if fmt == "html":
        def plain(t: Any) -> tuple[str, str, str]:
            return (sparql_format.kind(t), t.value if hasattr(t, "value") else str(t), sparql_format.term_nt(t))
        answer.rows = [{v: plain(t) for v, t in r.items() if t is not None} for r in answer.rows]
        answer.triples = [(plain(t.subject), plain(t.predicate), plain(t.object)) for t in answer.triples]
        return answer
    answer.body, answer.media_type = sparql_format.write(answer, fmt)
    answer.rows, answer.triples = [], []
    return answer


@lru_cache(maxsize=256)
def _shape_of(query: str) -> Any:
    """The guard's verdict on a query text (cancu.kg.sparql.guard.shape), kept for the
    texts asked again: rdflib's parser takes 3–50 ms a query, more than Oxigraph
    takes to answer most of them, and a verdict depends on the text alone.
    A refusal raises and is not kept."""
    from cancu.kg.sparql.guard import shape
    from cancu.kg.vocab import PREFIXES
    return shape(query, PREFIXES)


def _error(e: BaseException) -> tuple[str, str, str, str]:
    return (type(e).__name__, getattr(e, "reason", ""), str(e)[:1000], getattr(e, "keyword", ""))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m cancu.kg.sparql.worker")
    p.add_argument("--network", action="store_true", help="keep the network (endpoint mode)")
    p.add_argument("--memory-mb", type=int, default=0)
    args = p.parse_args(argv)
    # The protocol owns the real stdout; anything else printed goes to stderr.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    inp = os.fdopen(os.dup(0), "rb")
    why_open = "--network" if args.network else sandbox.deny_network()
    sandbox.limit_memory(args.memory_mb)
    _exit_with_parent(os.getppid())
    import pyoxigraph  # noqa: F401  (loaded before "ready", so the first query is not slower)
    from cancu.kg.sparql.guard import shape
    from cancu.kg.vocab import PREFIXES
    # rdflib's first parse and translation build its grammar's caches (~20 ms): here, not in a query.
    shape("SELECT ?s WHERE { ?s a ?o OPTIONAL { ?s ?p ?o } FILTER (?o != 1) } LIMIT 1", PREFIXES)

    try:
        _serve(inp, out, why_open)
    except BrokenPipeError:     # the parent went away mid-answer
        pass
    return 0


def _serve(inp: IO[bytes], out: IO[bytes], why_open: str | None) -> None:
    write_frame(out, {"ready": True, "sandbox": why_open, "pid": os.getpid()})
    runner = _Runner()
    yielder = _Yielder()
    while True:
        waiting, _, _ = select.select([inp], [], [], IDLE_CLOSE_S)
        if not waiting:
            runner.let_go_if_superseded()
            continue
        request = read_frame(inp)
        if request is None:      # the parent closed the pipe
            runner.close()
            return
        try:
            if "prepare" in request:
                runner.prepare(request["prepare"])
                reply = {"answer": None}
            else:
                yielder.begin(float(request.get("yield_after_s", YIELD_AFTER_S)))
                try:
                    reply = {"answer": runner.answer(request)}
                finally:
                    yielder.end()
        except MemoryError as e:
            reply = {"error": ("SparqlFailed", "memory", str(e), "")}
        except Exception as e:      # sent to the parent, which raises it as its own kind
            reply = {"error": _error(e)}
        reply["lowered"] = yielder.lowered
        write_frame(out, reply)


if __name__ == "__main__":
    sys.exit(main())
