"""The document-level stage: what one mention learns from the others."""
from __future__ import annotations

import bisect
from dataclasses import replace

from cancu.nlp.citations.draft import Draft


def finish(drafts: list[Draft], text: str, *, own_symbols: set[str] = frozenset()) -> list[Draft]:
    """Complete abbreviations, mark embedded mentions, drop the document's own number."""
    _complete_abbreviations(drafts)
    _mark_embedded(drafts)
    if own_symbols:
        drafts = [d for d in drafts if d.symbol_text not in own_symbols]
    return drafts


def _complete_abbreviations(drafts: list[Draft]) -> None:
    """59/NĐ-CP → 59/2023/NĐ-CP when the same document cites the full symbol."""
    full = {}
    for d in drafts:
        s = d.symbol
        if s is not None and s.year and s.family == "state":
            full.setdefault((s.number, s.body, s.code), d.symbol_text)
    for d in drafts:
        s = d.symbol
        if s is None or not d.abbreviated:
            continue
        complete = full.get((s.number, s.body, s.code))
        if complete:
            d.notes.append(f"ký hiệu viết tắt «{d.symbol_text}», hoàn chỉnh theo trích dẫn đầy đủ trong văn bản")
            d.symbol_text = complete
            d.symbol = replace(s, text=complete, year=int(complete.split("/")[1]))
        elif d.date is not None:
            # A normative symbol carries its year; the stated date gives it.
            complete = f"{s.number}/{d.date.year}/{s.body if not s.code else s.code + '-' + s.body}"
            d.notes.append(f"ký hiệu viết tắt «{d.symbol_text}», thêm năm theo ngày ban hành ghi kèm")
            d.symbol_text = complete
            d.symbol = replace(s, text=complete, year=d.date.year)
        else:
            d.notes.append(f"ký hiệu viết tắt «{d.symbol_text}», thiếu năm ban hành")


def _mark_embedded(drafts: list[Draft]) -> None:
    """A mention inside another citation's title ("… quy định chi tiết Luật …")."""
    titles = sorted((d.title[0], d.title[1], d.symbol_text) for d in drafts if d.title)
    starts = [t[0] for t in titles]
    for d in drafts:
        # Titles do not nest, so only the last one starting at or before d can hold it.
        i = bisect.bisect_right(starts, d.start) - 1
        if i >= 0 and titles[i][0] <= d.start < titles[i][1]:
            d.embedded = True
            d.notes.append(f"nêu trong trích yếu của {titles[i][2]}")
