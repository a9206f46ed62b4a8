"""Faults for the ingest's extraction workers, importable by a spawned worker: a test
puts one of these in place of `cancu.ingest._worker_prepare` (a spawned pool sends its
function by module and name, so the worker imports it from here)."""
from __future__ import annotations

import os
from pathlib import Path

from cancu import ingest


def prepare_or_die(task):
    """The worker stops at once, as if killed, on a file whose name starts with "die"."""
    if Path(task[0]).name.startswith("die"):
        os._exit(9)
    return ingest._worker_prepare(task)
