"""A small pool of query processes (kg/sparql/worker.py) for a server: at most
`size` user queries run at once, each in its own process, and a query past its
time limit is stopped by killing its process (pyoxigraph cannot cancel a query
in a thread; a thread left running would hold a core and a slot until the
query ends, which for a cartesian COUNT is never in practice).

A request that finds every slot taken waits `queue_s` at most (queries under
normal load take milliseconds, so a short queue absorbs bursts), then gets
`SparqlBusy` (the web answers 503 with Retry-After). Idle processes stay warm
for the next query; a killed one is replaced in the background, so the next
query does not pay a process start.

A process is started only in the background, and a request takes whichever
process is free first. With a slot but no idle process, a request waits up to
`start_after_s` for a busy one to finish before it has another started: a new
process costs ~0.3 s of CPU before its first answer (Python, pyoxigraph and rdflib
loaded, the store opened, its caches cold) while a typical query takes ~20 ms, so
under a burst of ordinary queries the warm processes serve it and only long
queries make the pool grow. A new process opens the checkpoint the last query
named before it takes requests. A process whose query used enough CPU time to lower
its priority (kg/sparql/worker.py) is retired after it answers (one line on stderr,
the server's log), and replaced in the background.
"""
from __future__ import annotations

import math
import os
import pickle
import select
import subprocess
import sys
import threading
import time
from typing import Any

from cancu.kg.sparql.worker import FRAME_HEADER, YIELD_AFTER_S, write_frame
from cancu.kg.sparql.run import SparqlAnswer, SparqlBusy, SparqlFailed, SparqlRejected, SparqlTimeout



class _Deadline(Exception):
    pass


class _Died(Exception):
    pass


class QueryProcess:
    """One child process and its pipes."""

    def __init__(self, *, network: bool, memory_mb: int, start_timeout_s: float):
        env = {k: v for k, v in os.environ.items() if k != "CANCU_TOKEN"}    # no secret it needs
        # -P: the worker imports the installed cancu (wheel or editable), never a `cancu`
        # folder that happens to stand in the current directory.
        command = [sys.executable, "-P", "-m", "cancu.kg.sparql.worker", "--memory-mb", str(memory_mb)]
        if network:
            command.append("--network")
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     env=env, close_fds=True)
        try:
            hello = self._read(time.monotonic() + start_timeout_s)
        except (_Deadline, _Died) as e:
            self.kill()
            raise SparqlFailed("error", f"the SPARQL query process did not start ({type(e).__name__})") from None
        self.pid = self.proc.pid
        self.sandbox = hello.get("sandbox")     # None: no network; else why it is open

    def ask(self, request: dict[str, Any], timeout_s: float) -> dict[str, Any]:
        assert self.proc.stdin is not None
        deadline = time.monotonic() + timeout_s
        try:
            write_frame(self.proc.stdin, request)
        except OSError:
            raise _Died() from None
        return self._read(deadline)

    def _read(self, deadline: float) -> dict[str, Any]:
        """One frame from the child, or _Deadline / _Died."""
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        head = self._read_exactly(fd, FRAME_HEADER.size, deadline)
        body = self._read_exactly(fd, FRAME_HEADER.unpack(head)[0], deadline)
        # Our own child's pickles (kg/sparql/worker.py), never a user's bytes.
        frame = pickle.loads(body)
        if not isinstance(frame, dict):
            raise _Died()
        return frame

    @staticmethod
    def _read_exactly(fd: int, size: int, deadline: float) -> bytes:
        chunks: list[bytes] = []
        left = size
        while left:
            wait = deadline - time.monotonic()
            if wait <= 0:
                raise _Deadline()
            ready, _, _ = select.select([fd], [], [], wait)
            if not ready:
                raise _Deadline()
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                raise _Died()
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        """SIGKILL and reap: the query stops now, whatever it was doing."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                try:
                    pipe.close()
                except OSError:      # flushing to a dead child fails; it has nothing left to read
                    pass

    def close(self) -> None:
        """Ask it to leave (its stdin ends), kill it if it lingers."""
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
            self.proc.wait(2)
        except (OSError, subprocess.TimeoutExpired):
            pass                     # gone already, or lingering: killed just below either way
        self.kill()


class QueryProcesses:
    """Runs queries in at most `size` processes; see the module doc."""

    def __init__(self, *, size: int = 2, memory_mb: int = 1024, network: bool = False,
                 queue_s: float = 1.0, warm: int = 1, start_timeout_s: float = 60.0,
                 start_after_s: float = 0.25, yield_after_s: float | None = None):
        if size < 1:
            raise ValueError("a query pool needs at least one process")
        self.size = size
        self.memory_mb = memory_mb
        self.network = network
        self.queue_s = queue_s
        self.warm = min(warm, size)
        self.start_timeout_s = start_timeout_s
        self.start_after_s = start_after_s
        self.yield_after_s = yield_after_s      # None: the query process's own default
        self._slots = threading.BoundedSemaphore(size)
        self._lock = threading.Condition()
        self._idle: list[QueryProcess] = []
        self._busy = 0
        self._starting = 0
        self._failed_starts = 0          # counts background starts that failed, for the waiters
        self._last_failure = ""
        self._store: str | None = None   # the checkpoint the last query named: a new process opens it
        self.started = 0                 # processes started so far (tests and benchmarks read it)
        self._closed = False
        self._warned = False

    # ------------------------------------------------------------ processes
    def _spawn(self) -> QueryProcess:
        child = QueryProcess(network=self.network, memory_mb=self.memory_mb,
                             start_timeout_s=self.start_timeout_s)
        if not self.network and child.sandbox and not self._warned:
            self._warned = True     # the parsed-query check still refuses SERVICE
            print(f"cancu: cảnh báo / warning: SPARQL query processes keep network access "
                  f"({child.sandbox})", file=sys.stderr, flush=True)
        return child

    def _take(self) -> QueryProcess:
        """An idle process, waiting for one (see the module doc). The caller holds a
        slot, so fewer than `size` processes are busy and waiting always ends: a
        busy one comes back, or one started here is ready (or fails: SparqlFailed)."""
        with self._lock:
            since = time.monotonic()
            failures = self._failed_starts
            while True:
                while self._idle:
                    child = self._idle.pop()
                    if child.alive():
                        self._busy += 1
                        return child
                    child.kill()
                if self._closed:
                    raise SparqlFailed("error", "the SPARQL query pool is closed")
                if self._failed_starts != failures:
                    raise SparqlFailed("error", self._last_failure)
                waited = time.monotonic() - since
                live = self._busy + self._starting
                if not self._starting and live < self.size and (not self._busy or waited >= self.start_after_s):
                    self._start_in_background(1)
                wait = None if self._starting else max(0.01, self.start_after_s - waited)
                self._lock.wait(wait)

    def _give_back(self, child: QueryProcess, retire: bool = False) -> None:
        with self._lock:
            self._busy -= 1
            if not retire and not self._closed and child.alive() and len(self._idle) < self.size:
                self._idle.append(child)
                self._lock.notify()
                return
        # Its exit takes a moment: not the request's.
        threading.Thread(target=child.close, name="sparql-retire", daemon=True).start()

    def _lost(self, child: QueryProcess) -> None:
        """A busy process that was killed (or died)."""
        child.kill()
        with self._lock:
            self._busy -= 1
            self._lock.notify()

    def keep_warm(self) -> None:
        """Start processes in the background until `warm` are idle (or starting)."""
        with self._lock:
            missing = min(self.warm - len(self._idle) - self._starting,
                          self.size - len(self._idle) - self._starting - self._busy)
            if self._closed or missing <= 0:
                return
            self._start_in_background(missing)

    def _start_in_background(self, count: int) -> None:
        """Called with the lock held."""
        self._starting += count
        self.started += count
        for _ in range(count):
            threading.Thread(target=self._start_one, name="sparql-start", daemon=True).start()

    def _start_one(self) -> None:
        child: QueryProcess | None = None
        try:
            child = self._spawn()
            if self._store is not None:
                # Open the checkpoint now, not in the first request; a checkpoint gone
                # meanwhile is the next request's business.
                child.ask({"prepare": self._store}, self.start_timeout_s)
        except SparqlFailed as e:
            print(f"cancu: {e}", file=sys.stderr, flush=True)
            failure = str(e)
        except (_Deadline, _Died):
            failure = "the SPARQL query process did not open its store"
        else:
            failure = ""
        if failure and child is not None:
            child.kill()
            child = None
        with self._lock:
            self._starting -= 1
            if child is None:
                self._failed_starts += 1
                self._last_failure = failure
                self._lock.notify_all()
                return
            if not self._closed and len(self._idle) < self.size:
                self._idle.append(child)
                self._lock.notify()
                return
        child.close()

    # ------------------------------------------------------------ queries
    def run(self, request: dict[str, Any], timeout_s: float, queue_s: float | None = None) -> SparqlAnswer:
        """The answer, or SparqlRejected / SparqlTimeout / SparqlBusy / SparqlFailed.
        Waits `queue_s` (default: the pool's) for a free process."""
        if self._closed:
            raise SparqlFailed("error", "the SPARQL query pool is closed")
        if not self._slots.acquire(timeout=self.queue_s if queue_s is None else queue_s):
            raise SparqlBusy(max(1, math.ceil(timeout_s)))
        try:
            if request.get("store"):
                self._store = request["store"]
            child = self._take()
            if self.yield_after_s is not None:
                request = {**request, "yield_after_s": self.yield_after_s}
            try:
                reply = child.ask({**request, "timeout_s": timeout_s}, timeout_s)
            except _Deadline:
                self._lost(child)
                raise SparqlTimeout(f"the query ran past {timeout_s:g} s and was stopped") from None
            except _Died:
                try:                    # it closed its output: let it finish dying to read why
                    code = child.proc.wait(5)
                except subprocess.TimeoutExpired:
                    code = None
                self._lost(child)
                raise SparqlFailed("memory" if code is not None and code < 0 else "error",
                                   f"the SPARQL query process ended (exit {code})") from None
            if reply.get("lowered"):
                # One line in the server's log: a process replaced costs ~0.3 s of CPU.
                allowance = YIELD_AFTER_S if self.yield_after_s is None else self.yield_after_s
                print(f"cancu: SPARQL query process {child.pid} retired: a query used more than "
                      f"{allowance:g} s of CPU", file=sys.stderr, flush=True)
            self._give_back(child, retire=bool(reply.get("lowered")))
        finally:
            self._slots.release()
            self.keep_warm()
        if "error" in reply:
            raise _rebuilt(*reply["error"])
        return reply["answer"]

    def pids(self) -> list[int]:
        """Process ids of the idle processes (tests look at them)."""
        with self._lock:
            return [c.pid for c in self._idle]

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            self._lock.notify_all()
        for child in idle:
            child.close()


def _rebuilt(name: str, reason: str, detail: str, keyword: str) -> Exception:
    if name == "SparqlRejected":
        return SparqlRejected(reason, detail, keyword)
    if name == "SparqlFailed":
        return SparqlFailed(reason or "error", detail)
    if name in ("EndpointError", "EndpointUnsupported"):
        return SparqlFailed("endpoint", detail)
    if name in ("StoreError", "StoreLockedError", "OSError"):
        return SparqlFailed("store", detail)
    return SparqlFailed("error", f"{name}: {detail}")
