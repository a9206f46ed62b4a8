"""Walls around a process that runs untrusted SPARQL (kg/sparql/worker.py).

pyoxigraph is built with an HTTP client and evaluates `SERVICE <url>` by
POSTing to that address; `Store.query` has no option to turn federation off.
The query parser check (kg/sparql/guard.py) refuses SERVICE, but a parser is
not the one that executes, so the process that executes gets no network at all:
a seccomp filter makes `socket()` fail for every address family but AF_UNIX,
and io_uring (which can open sockets without that syscall) unavailable.

Linux only (x86_64, aarch64); `deny_network` says whether the filter holds.
"""
from __future__ import annotations

import ctypes
import errno
import platform
import resource
import struct
import sys

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_AF_UNIX = 1
_X32_BIT = 0x40000000

# arch name → (AUDIT_ARCH_*, socket syscall number, io_uring_setup syscall number)
_ARCHES = {
    "x86_64": (0xC000003E, 41, 425),
    "aarch64": (0xC00000B7, 198, 425),
}

# classic BPF opcodes
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_RET_K = 0x06


def _insn(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def _filter(audit_arch: int, nr_socket: int, nr_io_uring: int) -> bytes:
    deny = _RET_ERRNO | errno.EACCES
    return b"".join([
        _insn(_LD_W_ABS, 0, 0, 4),                  # 0  seccomp_data.arch
        _insn(_JEQ_K, 1, 0, audit_arch),            # 1  our arch → 3
        _insn(_RET_K, 0, 0, deny),                  # 2  any other ABI: refuse the call
        _insn(_LD_W_ABS, 0, 0, 0),                  # 3  seccomp_data.nr
        _insn(_JGE_K, 6, 0, _X32_BIT),              # 4  x32 calls → deny (11)
        _insn(_JEQ_K, 5, 0, nr_io_uring),           # 5  io_uring_setup → deny (11)
        _insn(_JEQ_K, 1, 0, nr_socket),             # 6  socket → 8
        _insn(_RET_K, 0, 0, _RET_ALLOW),            # 7  anything else
        _insn(_LD_W_ABS, 0, 0, 16),                 # 8  args[0] (domain), low 32 bits
        _insn(_JEQ_K, 2, 0, _AF_UNIX),              # 9  AF_UNIX → 12
        _insn(_RET_K, 0, 0, deny),                  # 10 other families: deny
        _insn(_RET_K, 0, 0, deny),                  # 11
        _insn(_RET_K, 0, 0, _RET_ALLOW),            # 12
    ])


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def deny_network() -> str | None:
    """Install the filter on this process (threads started later inherit it).
    Returns None when it holds, else why not. Call it before any thread starts."""
    arch = _ARCHES.get(platform.machine())
    if not sys.platform.startswith("linux") or arch is None:
        return f"no seccomp filter for {sys.platform}/{platform.machine()}"
    program = _filter(*arch)
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = _SockFprog(len(program) // 8, ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return f"prctl(NO_NEW_PRIVS) failed: errno {ctypes.get_errno()}"
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        return f"prctl(SECCOMP) failed: errno {ctypes.get_errno()}"
    return None


def limit_memory(megabytes: int) -> None:
    """Cap the heap (RLIMIT_DATA: brk and private anonymous mappings, which is
    where Rust's allocator and thread stacks live; the store's mapped files are
    not counted). An allocation past it aborts the process, which the parent
    reports as a query that needed too much memory."""
    if megabytes > 0:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
