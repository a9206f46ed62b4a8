"""Keeping the writing process of a long ingest to the memory it holds.

Every batch the writer receives a few hundred documents from the workers, loads
them into the store (pyoxigraph's bulk loader) and the search index (tantivy's
writer threads), then frees them. glibc's malloc keeps what was freed: each
thread that allocates gets an arena of its own (up to 8 per core), and the
RocksDB, bulk-loader and tantivy threads are new ones batch after batch, so the
freed memory is spread over many arenas that are seldom reused and never
returned. Measured with bench/ingest.py (3,000 plans, --jobs 2): the writer's
RSS grew to 737 MB, of which malloc_trim after each stage released hundreds of
MB. Two settings keep it down: few arenas, and a trim after each batch.

Both are no-ops where the C library is not glibc.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import logging

_LOG = logging.getLogger(__name__)
_M_ARENA_MAX = -8            # mallopt parameter (glibc malloc.h)
# Two arenas: the main thread's and one its helper threads share. One alone
# serialises every thread's malloc behind one lock.
ARENAS = 2


def _glibc():
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        libc = ctypes.CDLL(name)
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None


_LIBC = _glibc()


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Cap the arenas malloc creates from now on (threads started later share them).
    True when the C library took the setting."""
    if _LIBC is None:
        return False
    return bool(_LIBC.mallopt(_M_ARENA_MAX, arenas))


def release_free_memory() -> bool:
    """Give memory malloc holds free back to the system (after a batch is written).
    True when some was released."""
    if _LIBC is None:
        return False
    return bool(_LIBC.malloc_trim(0))
