"""Encoders for the legacy Vietnamese encodings, written from the readers' own
tables, so tests can make files in them (shared by the reader tests)."""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "nlp" / "data"
_TONES = "\u0300\u0301\u0303\u0309\u0323"


@lru_cache(maxsize=None)
def legacy_table(filename: str) -> dict[str, bytes]:
    out = {}
    for line in (DATA / filename).read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        hexbytes, _codepoint, char = line.split("\t")
        out[char] = bytes(int(h, 16) for h in hexbytes.split())
    return out


def encode_legacy(text: str, filename: str) -> bytes:
    """TCVN3 (tcvn3.tsv) or VNI (vni.tsv); characters not in the table as cp1252."""
    table = legacy_table(filename)
    return b"".join(table.get(ch) or ch.encode("cp1252") for ch in unicodedata.normalize("NFC", text))


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 as Word writes it: precomposed where cp1258 has the letter,
    else the base letter (with its circumflex/breve/horn) plus a combining tone."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        nfd = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in nfd if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in tones))
        out.append((base + tones).encode("cp1258"))
    return b"".join(out)
