"""Whether a registry name can be an instrument's name, or runs on into the sentence it
was mined from ("Nghị quyết về … phát triển kinh tế tư nhân thì hộ kinh doanh …").

A name runs on when it holds the instrument's own symbol (a second sentence about it), two
words glued where a page lost its line break ("Bộ Quốc phòngSửa đổi"), a sentence break, far
more words than any title, or a cue of kg/data/name_run_on.tsv (a clause of the citing
sentence).  `cancu registry check` warns about every such row (kg/registry/check.py); the
research scripts that mine names from documents drop such a title instead of keeping it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["RunOnCue", "name_problem", "run_on_cues", "whole_name_before"]

_DATA = resources.files("cancu.kg") / "data" / "name_run_on.tsv"     # package data
# The longest real name in the registry has 110 words (08/2025/UBTVQH15, a Pháp lệnh amending
# six others, each named); a name of many more is a paragraph.
MAX_NAME_WORDS = 150
# A sentence ends and the next begins with a capital: ". Theo …".
_SENTENCE_BREAK = re.compile(r"\.\s+(?=[^\W\d_])")


@dataclass(frozen=True)
class RunOnCue:
    pattern: re.Pattern[str]
    cut: bool                 # the sentence only turns here: what comes before is the whole name
    why: str                  # Vietnamese
    example: str              # the real mined name it was seen in


@lru_cache(maxsize=1)
def run_on_cues() -> tuple[RunOnCue, ...]:
    rows = [ln.split("\t") for ln in _DATA.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]
    if not rows or rows[0] != ["cue", "cut", "why", "example"]:
        raise ValueError(f"{_DATA}: the header must be cue, cut, why, example")
    out = []
    for lineno, fields in enumerate(rows[1:], start=2):
        if len(fields) != 4 or not all(fields) or fields[1] not in ("yes", "no"):
            raise ValueError(f"{_DATA}: row {lineno} needs a cue, cut yes/no, why it is a clause, a real example")
        out.append(RunOnCue(re.compile(fields[0]), fields[1] == "yes", fields[2], fields[3]))
    return tuple(out)


def whole_name_before(name: str) -> str:
    """``name`` without a tail where the sentence only turns (cues with cut = yes:
    "…, cụ thể như sau", a footnote number), so a miner can keep the name before it."""
    for cue in run_on_cues():
        m = cue.pattern.search(name) if cue.cut else None
        if m:
            name = name[:m.start()].rstrip(" ,;:")
    return name


def name_problem(name: str, symbol: str = "") -> str | None:
    """Why ``name`` cannot be the name of the instrument ``symbol``, in Vietnamese; None when
    nothing shows it running on."""
    if not name:
        return None
    own = symbol.split("@")[0]
    if "/" in own and re.sub(r"\s+", "", own) in re.sub(r"\s+", "", name):
        return f"tên nhắc lại chính số hiệu {own}: một câu khác chen vào tên"
    for word in name.split():
        if any(a.islower() and b.isupper() for a, b in zip(word, word[1:])):
            return f"hai từ dính liền «{word}»: tên chạy sang câu khác"
    if _SENTENCE_BREAK.search(name):
        return "tên có dấu chấm hết câu rồi một câu khác"
    words = len(name.split())
    if words > MAX_NAME_WORDS:
        return f"tên dài {words} từ, quá dài so với mọi tên văn bản"
    for cue in run_on_cues():
        m = cue.pattern.search(name)
        if m:
            return f"{cue.why}: «…{name[max(0, m.start() - 30):m.end() + 30].strip()}…»"
    return None
