"""The one error every reader raises for a file it cannot turn into text."""
from __future__ import annotations

import re

_WS = re.compile(r"\s+")


def one_line(text: str) -> str:
    """Collapse newlines and runs of whitespace: batch logs show one line per file."""
    return _WS.sub(" ", text).strip()


class ReadError(Exception):
    """A file that cannot be read, with the reason in Vietnamese and English.

    `str(err)` is one line, `<path>: <lý do> / <reason>`, so a batch can log one
    line per failed file and go on.
    """

    def __init__(self, path: str, reason_vi: str, reason_en: str) -> None:
        # Passing all three to Exception keeps the error picklable (args replayed).
        super().__init__(path, reason_vi, reason_en)
        self.path = str(path)
        self.reason_vi = reason_vi
        self.reason_en = reason_en

    def __str__(self) -> str:
        return one_line(f"{self.path}: {self.reason_vi} / {self.reason_en}")


def describe(exc: BaseException) -> str:
    """A short one-line description of a library exception, for the English reason."""
    msg = one_line(str(exc))
    if len(msg) > 160:
        msg = msg[:157] + "..."
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


def human_size(n: int) -> str:
    """Bytes in the unit a user reads at a glance."""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} B"
