"""Synthetic plans for benchmarks and tests: plausible Vietnamese plan text with
a "Căn cứ" preamble and a body, and hand-made Mentions/Resolutions whose offsets
point into that text. Deterministic for a given seed.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass

from cancu.kg.iri import document_iri, instrument_iri
from cancu.kg.model import InstrumentKey, Resolution, ResolutionStatus
from cancu.nlp.model import DocumentInfo, Mention, Period, SourceText

_TYPES = [("Nghị định", "NĐ-CP"), ("Quyết định", "QĐ-TTg"), ("Thông tư", "TT-BNV"),
          ("Luật", "QH15"), ("Chỉ thị", "CT-TTg"), ("Nghị quyết", "NQ-CP")]


@dataclass(frozen=True)
class PoolInstrument:
    type: str
    number: str
    year: int
    symbol: str
    iri: str


@dataclass
class SyntheticDocument:
    doc_id: str
    doc_iri: str
    source: SourceText
    info: DocumentInfo
    resolutions: list[Resolution]
    content_hash: str


def instrument_pool(size: int, seed: int = 7) -> list[PoolInstrument]:
    rng = random.Random(seed)
    pool: list[PoolInstrument] = []
    seen: set[str] = set()
    while len(pool) < size:
        type_name, code = rng.choice(_TYPES)
        number, year = str(rng.randint(1, 400)), rng.randint(2005, 2025)
        symbol = f"{number}/{year}/{code}"
        if symbol in seen:
            continue
        seen.add(symbol)
        key = InstrumentKey(type=type_name, symbol=symbol, year=year)
        pool.append(PoolInstrument(type_name, number, year, symbol, instrument_iri(key)))
    return pool


def _mention(inst: PoolInstrument, start: int, text: str, pinpoint: str | None) -> Mention:
    return Mention(start=start, end=start + len(text), text=text, type_as_written=inst.type,
                   type=inst.type, number=inst.number, symbol=inst.symbol, year=inst.year,
                   date=dt.date(inst.year, 1 + start % 12, 1 + start % 28), pinpoint=pinpoint)


def synthetic_document(index: int, pool: list[PoolInstrument], *, cites: int = 15,
                       variant: int = 0, seed: int = 11, unresolved: int = 1) -> SyntheticDocument:
    """Plan number `index`, citing `cites` instruments drawn from `pool` (a Zipf-like
    draw, so a few instruments are popular), the first third in the preamble.
    `variant` changes the body text so a re-ingest really changes the graph."""
    rng = random.Random(seed * 1_000_003 + index)
    weights = [1.0 / (rank + 1) for rank in range(len(pool))]
    chosen: list[PoolInstrument] = []
    while len(chosen) < min(cites, len(pool)):
        inst = rng.choices(pool, weights)[0]
        if inst not in chosen:
            chosen.append(inst)

    parts: list[str] = []
    length = 0
    resolutions: list[Resolution] = []

    def put(chunk: str) -> int:
        nonlocal length
        parts.append(chunk)
        length += len(chunk)
        return length - len(chunk)

    commune = f"xã Thử Nghiệm {index}"
    put(f"ỦY BAN NHÂN DÂN\n{commune.upper()}\n\nKẾ HOẠCH\nThực hiện nhiệm vụ năm 2025 "
        f"(bản {variant})\n\n")
    n_basis = max(1, len(chosen) // 3)
    for k, inst in enumerate(chosen):
        if k == n_basis:
            put("Ủy ban nhân dân xã xây dựng Kế hoạch như sau:\nI. MỤC ĐÍCH, YÊU CẦU\n")
        pin = f"Điều {rng.randint(1, 40)}" if k >= n_basis and rng.random() < 0.3 else None
        lead = "Căn cứ " if k < n_basis else f"{k}. Triển khai nội dung tại "
        put(lead + (f"{pin} " if pin else ""))
        text = f"{inst.type} số {inst.symbol}"
        start = put(text)
        put(f" ngày 01/01/{inst.year} về công tác số {variant}-{k};\n")
        m = _mention(inst, start, text, pin)
        key = InstrumentKey(type=inst.type, symbol=inst.symbol, year=inst.year)
        resolutions.append(Resolution(mention=m, status=ResolutionStatus.RESOLVED, key=key,
                                      iri=inst.iri, symbol=inst.symbol))
    for u in range(unresolved):
        text = "Kế hoạch số 12/KH-UBND"
        start = put(f"Thực hiện theo {text}")
        start += len("Thực hiện theo ")
        put(" của cấp trên.\n")
        m = Mention(start=start, end=start + len(text), text=text, type_as_written="Kế hoạch",
                    type="Kế hoạch", number="12", symbol="12/KH-UBND")
        resolutions.append(Resolution(mention=m, status=ResolutionStatus.UNRESOLVED,
                                      reason="thiếu năm và cơ quan ban hành"))
    put("III. TỔ CHỨC THỰC HIỆN\nCác cơ quan, đơn vị triển khai thực hiện.\n")
    text = "".join(parts)

    doc_id = f"synthetic_{index:06d}.txt"
    source = SourceText(path=f"/corpus/{doc_id}", text=text, format="txt", encoding="utf-8")
    info = DocumentInfo(type="Kế hoạch", date=dt.date(2025, 1 + index % 12, 1 + index % 28),
                        issuer=f"Ủy ban nhân dân {commune}", place=commune,
                        title="Thực hiện nhiệm vụ năm 2025",
                        period=Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31), "năm 2025"))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return SyntheticDocument(doc_id, document_iri(doc_id), source, info, resolutions, digest)
