#!/usr/bin/env python3
"""Candidates for status statements: where the real documents say an instrument was amended.

    python3 find_amendments.py 63/2010/NĐ-CP 3212/QĐ-BKHCN@2025 …   (or keys on stdin, one a line)

Prints, per instrument X, every amending instrument Y the texts name, in either form

    "X … (được/đã được) sửa đổi, bổ sung (một số điều) bởi/tại/theo … Y[, Y2 …]"
    "Y … sửa đổi, bổ sung (một số điều(, phụ lục) của) <type> (số) X1 … và <type> (số) X2"

with the date written after Y (if any), the realdocs line (``realdocs:<id>:<line>``, as in
status.tsv) and the clause.  It only finds candidates: every row of status.tsv and
amendments.tsv built from it was read by hand (a clause such as "Nghị định 280/2025 sửa đổi …
Nghị định 23/2015 …, được sửa đổi bởi Nghị định 07/2025" names 07/2025 as amending 23/2015,
not 280/2025, which is why no other symbol may stand between X and the cue).
Standard library only; input /work/shared/realdocs/texts.
"""
from __future__ import annotations

import bisect
import re
import sys
import unicodedata
from pathlib import Path

# ../shared beside the checkout (this folder is corpus/registry/research of the repository).
SHARED = Path(__file__).resolve().parents[3].parent / "shared"

TEXTS = (SHARED / "realdocs/texts")
SYMBOL = re.compile(r"(?<![\d/])\d{1,5}(?:/\d{4})?/[A-ZĐ][A-ZĐa-z0-9\-]*[A-ZĐa-z0-9]")
CUE = re.compile(r"sửa đổi,?\s*(?:và\s*)?bổ sung", re.I)
BY = re.compile(r"\s*(?:một số điều\s*)?(?:năm \d{4}\s*)?(?:bởi|tại|theo)\s")
TYPE = r"(?:Nghị định|Thông tư liên tịch|Thông tư|Luật|Bộ luật|Quyết định|Nghị quyết|Pháp lệnh)"
OBJECT_AFTER_CUE = re.compile(r"sửa đổi,?\s*bổ sung\s*(?:một số điều(?:,\s*phụ lục)?\s*)?(?:của\s*)?(?:các\s*)?"
                              + TYPE + r"?\s*(?:số\s*)?$", re.I)
LIST_ITEM = re.compile(r"(?:,|\bvà)\s*" + TYPE + r"\s*(?:số\s*)?$", re.I)
NESTED = re.compile(r"(?:được|đã được)\s+sửa đổi", re.I)
DATE = re.compile(r"^\s*(?:của [^;]{0,40}?)?\s*ngày\s+(\d{1,2})\s*(?:/|-|\.|tháng)\s*(\d{1,2})\s*"
                  r"(?:/|-|\.|năm)\s*(\d{4})")


def _date_after(text: str, pos: int) -> str:
    m = DATE.match(text[pos:pos + 60])
    return f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}" if m else ""


def _clause_end(text: str, pos: int) -> int:
    ends = [p for p in (text.find(";", pos), text.find(". ", pos)) if p != -1]
    return min(ends + [len(text)])


def amendments(text: str) -> list[tuple[str, str, str, int, int]]:
    """(X, Y, date written after Y, offset of the clause, clause end) for one text."""
    syms = [(m.start(), m.end(), m.group().replace(" ", "")) for m in SYMBOL.finditer(text)]
    found = []
    for i, (start, end, x) in enumerate(syms):
        stop = _clause_end(text, end)
        cue = CUE.search(text, end, stop)
        following = syms[i + 1][0] if i + 1 < len(syms) else len(text)
        if cue and following > cue.start() and BY.match(text[cue.end():stop]):
            for ys, ye, y in syms[i + 1:]:
                if ys > stop:
                    break
                found.append((x, y, _date_after(text, ye), start, stop))
        before = text[max(0, start - 80):start]
        m = OBJECT_AFTER_CUE.search(before)
        if m and i > 0:
            ys, ye, y = syms[i - 1]
            cue_at = max(0, start - 80) + m.start()
            if ye <= cue_at and cue_at - ye < 250 and ";" not in text[ye:cue_at] and y != x:
                found.append((x, y, _date_after(text, ye), ys, stop))
                # "… của Nghị định số X1 … và Nghị định số X2": the list goes on in the clause.
                for xs, xe, x2 in syms[i + 1:]:
                    if xs > stop or NESTED.search(text, end, xs):
                        break
                    if LIST_ITEM.search(text[max(end, xs - 40):xs]) and x2 != y:
                        found.append((x2, y, _date_after(text, ye), ys, stop))
    return found


def main() -> None:
    keys = sys.argv[1:] or [line.strip() for line in sys.stdin if line.strip()]
    wanted = {k.split("@")[0]: k for k in keys}
    hits: dict[str, dict[tuple[str, str], str]] = {k: {} for k in keys}
    for path in sorted(TEXTS.glob("*.txt")):
        raw = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        starts = [0] + [m.end() for m in re.finditer("\n", raw)]
        text = raw.replace("\n", " ")
        for x, y, ydate, at, stop in amendments(text):
            if x in wanted:
                line = bisect.bisect_right(starts, at)
                clause = " ".join(text[at:min(stop, at + 300)].split())
                # One line per amending instrument and document (the first mention).
                hits[wanted[x]].setdefault((y, path.stem), f"  {y}\t{ydate or '-'}\trealdocs:{path.stem}:{line}\t{clause}")
    for key, rows in hits.items():
        print(f"== {key} ({len(rows)})")
        for row in rows.values():
            print(row)


if __name__ == "__main__":
    main()
