"""How many of the normative resolutions of the Quốc hội and the UBTVQH the
registry holds, per legislature, beside the total a public source states.

Both bodies number normative and other resolutions on one counter (the Quốc
hội's QH15 counter passed 265 with 49 normative acts), so the numbering gaps of
`sequences` cannot say whether the normative ones are all there.  A facts row
says it in its `normative` cell; `research/normative_totals*.tsv` records, with
its source, how many a legislature adopted.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

__all__ = ["NormativeCoverage", "StatedTotal", "TOTALS_COLUMNS", "body_of", "coverage_figures", "coverage_lines",
           "normative_coverage", "read_totals", "read_totals_folder"]

TOTALS_GLOB = "normative_totals*.tsv"
TOTALS_COLUMNS = ("legislature", "issuer", "total", "source")
ISSUERS = ("Quốc hội", "UBTVQH")
# …/QH15, …/2016/UBTVQH13, …/NQ-UBTVQH11: the body and its legislature (khóa);
# the QH9 UBTVQH wrote the khóa as K9 (header of 35/NQ-UBTVQHK9, 1993, vbpl.vn).
_SYMBOL_END = re.compile(r"/(?:NQ-)?(?P<body>UBTVQH|QH)K?(?P<legislature>\d+)$")


@dataclass(frozen=True)
class StatedTotal:
    total: int
    source: str
    origin: str          # file:line


@dataclass(frozen=True)
class NormativeCoverage:
    """The resolutions of one body in one legislature."""
    legislature: str
    issuer: str
    normative: int
    not_normative: int
    unknown: int                      # rows whose `normative` cell is empty
    stated: StatedTotal | None

    @property
    def complete(self) -> bool | None:
        """Whether every normative resolution a source counts is held (None: no count known)."""
        return None if self.stated is None else self.normative >= self.stated.total


def body_of(symbol: str) -> tuple[str, str] | None:
    """(legislature, issuer) of a Quốc hội or UBTVQH symbol, or None."""
    m = _SYMBOL_END.search(symbol)
    if not m:
        return None
    return f"QH{int(m.group('legislature'))}", "UBTVQH" if m.group("body") == "UBTVQH" else "Quốc hội"


def read_totals(path: Path) -> dict[tuple[str, str], StatedTotal]:
    lines = [(n, l) for n, l in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if l.strip() and not l.startswith("#")]
    if not lines or tuple(lines[0][1].split("\t")) != TOTALS_COLUMNS:
        raise ValueError(f"{path}: header must be {' '.join(TOTALS_COLUMNS)}")
    out: dict[tuple[str, str], StatedTotal] = {}
    for n, line in lines[1:]:
        cells = dict(zip(TOTALS_COLUMNS, line.split("\t")))
        where = f"{path}:{n}"
        if not re.fullmatch(r"QH\d+", cells.get("legislature") or ""):
            raise ValueError(f"{where}: legislature must be written QH<khóa> (QH15)")
        if cells.get("issuer") not in ISSUERS:
            raise ValueError(f"{where}: issuer must be one of {', '.join(ISSUERS)}")
        if not (cells.get("total") or "").isdigit():
            raise ValueError(f"{where}: total must be a number")
        if not (cells.get("source") or "").strip():
            raise ValueError(f"{where}: a stated total needs its source")
        key = (cells["legislature"], cells["issuer"])
        if key in out:
            raise ValueError(f"{where}: {key[0]} {key[1]} already has a total at {out[key].origin}")
        out[key] = StatedTotal(int(cells["total"]), cells["source"].strip(), where)
    return out


def read_totals_folder(folder: Path) -> dict[tuple[str, str], StatedTotal]:
    """Every ``research/normative_totals*.tsv`` of a registry folder; one total per body and legislature."""
    out: dict[tuple[str, str], StatedTotal] = {}
    for path in sorted((Path(folder) / "research").glob(TOTALS_GLOB)):
        for key, stated in read_totals(path).items():
            if key in out:
                raise ValueError(f"{stated.origin}: {key[0]} {key[1]} already has a total at {out[key].origin}")
            out[key] = stated
    return out


def normative_coverage(registry, totals: dict[tuple[str, str], StatedTotal]) -> list[NormativeCoverage]:
    """Per legislature and body, the resolutions held by their `normative` cell."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for inst in registry.instruments:
        if inst.type != "Nghị quyết":
            continue
        placed = body_of(inst.symbol)
        if placed is None:
            continue
        counts[placed][{True: 0, False: 1, None: 2}[inst.normative]] += 1
    for key in totals:
        counts.setdefault(key, [0, 0, 0])
    return [NormativeCoverage(leg, issuer, *c, totals.get((leg, issuer)))
            for (leg, issuer), c in sorted(counts.items(), key=lambda kv: (int(kv[0][0][2:]), kv[0][1]))]


def coverage_lines(rows: list[NormativeCoverage]) -> list[str]:
    """The lines `cancu registry check` prints."""
    lines = []
    for r in rows:
        stated = (f"nguồn ghi {r.stated.total} / a source counts {r.stated.total}" if r.stated
                  else "chưa có nguồn ghi tổng số / no source counts them")
        lines.append(f"{r.legislature} {r.issuer}: {r.normative} quy phạm, {r.not_normative} không quy phạm, "
                     f"{r.unknown} chưa rõ / {r.normative} normative, {r.not_normative} not, {r.unknown} unknown; "
                     f"{stated}")
    return lines


def coverage_figures(rows: list[NormativeCoverage]) -> dict:
    """`registry stats --json`: {legislature: {issuer: counts}}."""
    out: dict[str, dict] = defaultdict(dict)
    for r in rows:
        out[r.legislature][r.issuer] = {"normative": r.normative, "not_normative": r.not_normative,
                                        "unknown": r.unknown,
                                        "stated_total": r.stated.total if r.stated else None}
    return {"normative_resolutions": dict(out)}
