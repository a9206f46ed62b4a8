"""Scale-test corpus generator: seeded, deterministic Vietnamese plans with known answers.

    python bench/corpus.py --docs 1000 --seed 7 --out DIR [--mixed-formats] [--workers N]

Writes DIR/plans/NNNNNN.txt (with --mixed-formats a share as .docx and .html) and
DIR/truth.jsonl, one record per document:

    {"file", "format", "date", "issuer", "level", "type", "expected_stale": [symbols],
     "citations":   [{"start","end","text","symbol","name","type","date","stale","form"}],
     "obligations": [{"start","end","text","actor","actor_normalized","source","modality",
                      "deadlines":[...]}]}

Offsets point into the text the project's readers return for the file
(`cancu.nlp.readers.read_document(path).text`); for .txt that is the file itself.
Documents are built from grammar fragments in bench/corpus_fragments.json (our own
wording, not copied from the seed plans); nationally cited instruments are the real
ones of corpus/registry/instruments.tsv, local ones are invented with an issuer and a
date. Truth conventions follow tests/data/gold/*_notes.md: a law cited by a name that
several registry laws share, with no year or date, has symbol null; self-references
("Kèm theo Kế hoạch số …" of the document itself) are not citations; the reporting
clause after ";" in a bullet is its own obligation (source "reporting").

Each document has its own RNG seeded from (seed, index), so the output does not depend
on the number of workers and the same seed gives byte-identical files.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import re
import sys
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRAGMENTS = Path(__file__).resolve().parent / "corpus_fragments.json"
REGISTRY = ROOT / "corpus" / "registry" / "instruments.tsv"

# Rates (per document unless said otherwise).
P_STALE = 0.12          # a deliberately stale citation
P_NOISE = 0.04          # per citation: OCR-style noise in the symbol or type word
P_OLD_TONE = 0.25       # old tone placement (Uỷ, hoá) throughout
P_WRAP = 0.35           # .txt: hard-wrapped lines as copied from PDF
P_NFD = 0.03            # .txt: decomposed Unicode
P_CONSTITUTION = 0.06  # the Constitution opens the preamble
P_TABLE = 0.35          # an appendix table (plans and programmes)
MIXED_SHARE = (("docx", 0.08), ("html", 0.07))
TWO_LEVEL = dt.date(2025, 7, 1)   # communes under the 2-level government from this day


# --------------------------------------------------------------------------- data

@dataclass
class Instrument:
    symbol: str
    type: str
    name: str
    title: str
    issuer: str
    signed: dt.date | None
    effective: dt.date | None
    expired: dt.date | None


def _date(s: str) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def load_registry(path: Path = REGISTRY) -> list[Instrument]:
    rows = []
    header = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        r = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        rows.append(Instrument(r["symbol"], r["type"], r["name"], r["title"], r["issuer"],
                               _date(r["signed"]), _date(r["effective"]), _date(r["expired"])))
    return rows


class Data:
    """Fragments + registry, with the indexes the generator needs (built once per process)."""

    def __init__(self) -> None:
        self.f = json.loads(FRAGMENTS.read_text(encoding="utf-8"))
        self.reg = load_registry()
        counts: dict[str, int] = {}
        for i in self.reg:
            counts[i.symbol] = counts.get(i.symbol, 0) + 1
        aliases = {"124-QĐ/TW"}   # also an alias of 124-QĐi/TW: ambiguous as written
        self.by_symbol = {i.symbol: i for i in self.reg if counts[i.symbol] == 1 and i.symbol not in aliases}
        self.citable = [i for i in self.by_symbol.values() if i.signed]
        self.by_name: dict[str, list[Instrument]] = {}
        for i in self.reg:
            if i.name:
                self.by_name.setdefault(i.name, []).append(i)
        # Law names findable inside titles, longest first.
        names = sorted((n for n in self.by_name if not n.startswith("Luật sửa đổi")), key=len, reverse=True)
        self.name_re = re.compile("|".join(re.escape(n) for n in names))

    def name_symbol(self, name: str, *, year: int | None = None, date: dt.date | None = None) -> str | None:
        """Gold convention: the symbol when the name (and stated year/date) picks out one law."""
        cands = self.by_name.get(name, [])
        if date:
            cands = [c for c in cands if c.signed == date]
        elif year:
            cands = [c for c in cands if c.signed and c.signed.year == year]
        return cands[0].symbol if len(cands) == 1 else None


_DATA: Data | None = None


def data() -> Data:
    global _DATA
    if _DATA is None:
        _DATA = Data()
    return _DATA


# --------------------------------------------------------------------------- text building

@dataclass
class Para:
    """One paragraph (or line) with the truth spans inside it, offsets relative to it."""
    buf: list[str] = field(default_factory=list)
    n: int = 0
    cites: list[dict] = field(default_factory=list)
    obls: list[dict] = field(default_factory=list)
    wrap: bool = True

    def t(self, s: str) -> "Para":
        self.buf.append(s)
        self.n += len(s)
        return self

    def c(self, piece: "Piece") -> "Para":
        base = self.n
        self.t(piece.text)
        self.cites += shifted(piece.cites, base)
        return self

    def text(self) -> str:
        return "".join(self.buf)


@dataclass
class Piece:
    """A rendered fragment of text with citation records relative to it."""
    text: str = ""
    cites: list[dict] = field(default_factory=list)

    def add(self, s: str) -> "Piece":
        self.text += s
        return self

    def cite(self, s: str, **rec) -> "Piece":
        rec.update(start=len(self.text), end=len(self.text) + len(s))
        self.text += s
        self.cites.append(rec)
        return self

    def extend(self, other: "Piece") -> "Piece":
        base = len(self.text)
        self.text += other.text
        self.cites += shifted(other.cites, base)
        return self


def shifted(cites: list[dict], base: int) -> list[dict]:
    """Copies of citation records with their offsets moved `base` characters on."""
    return [{**r, "start": r["start"] + base, "end": r["end"] + base} for r in cites]


def wrap_para(s: str, rng: random.Random, width: int, sep: str) -> tuple[str, list[int]]:
    """Hard-wrap at spaces; returns the text and the sorted insertion points (old offsets)."""
    out, ins, col, last = [], [], 0, 0
    i = 0
    for m in re.finditer(r" ", s):
        p = m.start()
        if p - last + col > width and p > 0:
            out.append(s[last:p])
            out.append(sep)
            ins.append(p)
            col = 0
            last = p + 1
        i = p
    out.append(s[last:])
    return "".join(out), ins


def shift(o: int, ins: list[int], extra: int) -> int:
    # each insertion replaces the space at p by `sep` (len(sep) - 1 extra characters)
    k = 0
    for p in ins:
        if p < o:
            k += 1
        else:
            break
    return o + k * extra


# --------------------------------------------------------------------------- helpers

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


def lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s else s


def upper_first(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def fmt_date(rng: random.Random, d: dt.date, *, words_ok: bool = True) -> str:
    r = rng.random()
    if words_ok and r < 0.15:
        return f"ngày {d.day} tháng {d.month} năm {d.year}"
    if r < 0.55:
        return f"ngày {d.day}/{d.month}/{d.year}"
    return f"ngày {d.day:02d}/{d.month:02d}/{d.year}"


def weighted(rng: random.Random, items: list[dict]) -> dict:
    return rng.choices(items, weights=[it.get("weight", 1) for it in items])[0]


def code_of(symbol: str) -> str | None:
    m = re.match(r"^\d+-([A-Za-zĐđ]+)/", symbol)               # party: 217-QĐ/TW
    if m:
        return m.group(1)
    m = re.match(r"^\d+(?:/\d{4})?/([A-Za-zĐđ]+)(?:-|$)", symbol)   # state: 59/2023/NĐ-CP
    if m:
        return m.group(1)
    if re.match(r"^\d+/\d{4}/QH\d+$", symbol):
        return "QH"
    return None


# --------------------------------------------------------------------------- the document

@dataclass
class Ctx:
    rng: random.Random
    date: dt.date
    level: str              # tỉnh | thành phố | xã | phường | thị trấn | đặc khu
    place: str              # Tân Lập
    province_kind: str      # tỉnh | thành phố
    province: str
    district: str | None    # pre-2025 communes only
    fmt: str                # txt | docx | html
    kind: dict
    theme: dict
    year: int
    number: int | None
    cited_full: set = field(default_factory=set)   # symbols already cited in full
    stale: list = field(default_factory=list)
    used: set = field(default_factory=set)

    @property
    def commune(self) -> bool:
        return self.level not in ("tỉnh", "thành phố")

    @property
    def lvl(self) -> str:
        return self.level

    @property
    def issuer(self) -> str:
        return f"Ủy ban nhân dân {self.level} {self.place}"

    @property
    def own_symbol(self) -> str | None:
        return f"{self.number}/{self.kind['code']}-UBND" if self.number else None


class Builder:
    def __init__(self, ctx: Ctx):
        self.ctx = ctx
        self.d = data()
        self.f = self.d.f
        self.rng = ctx.rng
        self.paras: list[Para] = []

    # ---------------------------------------------------------------- citations

    def symbol_text(self, symbol: str, noisy: bool) -> str:
        """The symbol as written, with OCR-style noise at a low rate."""
        if not noisy:
            return symbol
        rng = self.rng
        txt_like = self.ctx.fmt == "txt"
        choices = []
        if "Đ" in symbol:
            choices.append("ascii")
        if re.match(r"^\d+-", symbol):
            choices.append("space_after_dash")
        if re.search(r"/[A-ZĐ]+-[A-Za-z]", symbol):
            choices.append("space_before_dash")
        if txt_like and "-" in symbol:
            choices.append("break")
        if not choices:
            return symbol
        kind = rng.choice(choices)
        if kind == "ascii":
            return symbol.replace("Đ", "D", 1)
        if kind == "space_after_dash":
            return symbol.replace("-", "- ", 1)
        if kind == "space_before_dash":
            i = symbol.rfind("-")
            return symbol[:i] + " " + symbol[i:]
        i = symbol.rfind("-")
        return symbol[:i + 1] + "\n" + symbol[i + 1:]

    def type_word_text(self, word: str, noisy: bool) -> str:
        if noisy and self.ctx.fmt == "txt" and " " in word and self.rng.random() < 0.5:
            return word.replace(" ", " \n", 1)
        return word

    def issuer_phrase(self, inst: Instrument) -> str:
        opts = self.f["issuer_phrase"].get(inst.issuer)
        return " " + self.rng.choice(opts) if opts else ""

    def title_piece(self, inst: Instrument) -> Piece:
        """' về …' / ' quy định chi tiết …' with the instruments named in it (embedded mentions)."""
        p = Piece()
        title = inst.title
        if not title or title.casefold() == inst.name.casefold() or re.search(r"\d", title) or "Hiến pháp" in title:
            return p
        title = lower_first(title) if not title.startswith("Về ") else "về " + title[3:]
        p.add(" ")
        pos = 0
        for m in self.d.name_re.finditer(title):
            p.add(title[pos:m.start()])
            name = m.group(0)
            p.cite(name, symbol=self.d.name_symbol(name), name=name, type=self.d.by_name[name][0].type,
                   date=None, form="embedded")
            pos = m.end()
        p.add(title[pos:])
        return p

    def national(self, inst: Instrument, *, allow_title: bool = True, pinpoint: bool = True) -> Piece:
        """One national instrument in one of the forms plans use."""
        rng, ctx = self.rng, self.ctx
        noisy = rng.random() < P_NOISE
        p = Piece()
        pin = ""
        if pinpoint and rng.random() < 0.12 and inst.type in ("Luật", "Nghị định", "Thông tư", "Bộ luật", "Pháp lệnh"):
            pin = rng.choice([f"Điều {rng.randint(2, 40)} ", f"khoản {rng.randint(1, 5)} Điều {rng.randint(2, 40)} ",
                              f"Chương {rng.choice(ROMAN[:6])} ", f"Mục {rng.randint(1, 4)} Chương {rng.choice(ROMAN[1:5])} ",
                              f"điểm {rng.choice('abcd')} khoản {rng.randint(1, 4)} Điều {rng.randint(2, 30)} "])
        sym = inst.symbol
        code = code_of(sym)
        true_type = self.f["code_type"].get(code, inst.type) if code else inst.type
        date = inst.signed
        rec = dict(symbol=sym, name=None, type=true_type, date=None, form="symbol")
        if inst.name and rng.random() < 0.6 or sym.startswith(("HP-", "BLLĐ")):
            return self.by_name(inst, pin)
        tw = inst.type if not (code == "QĐ" and inst.type == "Quy định" and rng.random() < 0.5) else "Quyết định"
        if code == "QH":
            tw = inst.type
        tw_text = self.type_word_text(tw, noisy)
        r = rng.random()
        body = f"{pin}{tw_text} số {self.symbol_text(sym, noisy)}"
        if r < 0.12 and code not in ("QH",):
            body = f"{pin}{tw_text} {self.symbol_text(sym, noisy)}"      # no "số"
            rec["form"] = "no_so"
        elif r < 0.2 and re.match(r"^\d+/\d{4}/", sym) and code != "QH":
            if sym in ctx.cited_full or rng.random() < 0.3:
                short = re.sub(r"/\d{4}/", "/", sym, count=1)
                body = f"{pin}{tw_text} {'số ' if rng.random() < 0.5 else ''}{short}"
                rec["form"] = "abbreviated"
        elif r < 0.24 and re.match(r"^\d+/\d{4}/", sym) and code != "QH":
            body = f"{pin}{tw_text} {sym.split('/')[0]}/{sym.split('/')[1]}"  # Nghị định 59/2023
            rec["form"] = "no_suffix"
        elif code == "QH" and inst.name and rng.random() < 0.5:
            body = f"{pin}{inst.name} số {self.symbol_text(sym, noisy)}"
            rec["form"] = "name_and_symbol"
        if rec["form"] == "symbol" and noisy:
            rec["form"] = "noisy"
        if rec["form"] not in ("abbreviated", "no_suffix"):
            ctx.cited_full.add(sym)
        if date and rng.random() < 0.75:
            body += (", " if rng.random() < 0.08 else " ") + fmt_date(rng, date)
            rec["date"] = date.isoformat()
        if rng.random() < 0.7:
            body += self.issuer_phrase(inst)
        p.cite(body, **rec)
        if allow_title and rng.random() < 0.4:
            p.extend(self.title_piece(inst))
        return p

    def by_name(self, inst: Instrument, pin: str = "") -> Piece:
        rng = self.rng
        p = Piece()
        name = inst.name
        rec = dict(name=name, type=inst.type, date=None, form="name")
        if inst.symbol.startswith("HP-"):
            y = inst.symbol[3:]
            text = f"{pin}Hiến pháp năm {y}" if rng.random() < 0.8 else \
                f"{pin}Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm {y}"
            rec.update(symbol=inst.symbol, name="Hiến pháp", form="constitution")
            return p.cite(text, **rec)
        if inst.symbol == "34/2007/PL-UBTVQH11" and rng.random() < 0.5:
            text = rng.choice(["Pháp lệnh dân chủ 2007", "Pháp lệnh dân chủ năm 2007", "Pháp lệnh dân chủ"])
            rec.update(symbol=inst.symbol, form="nickname")
            return p.cite(pin + text, **rec)
        r = rng.random()
        if r < 0.35:
            text = f"{pin}{name} {fmt_date(rng, inst.signed)}"
            rec.update(symbol=self.d.name_symbol(name, date=inst.signed), date=inst.signed.isoformat(), form="name_date")
        elif r < 0.6:
            text = f"{pin}{name} năm {inst.signed.year}"
            rec.update(symbol=self.d.name_symbol(name, year=inst.signed.year), form="name_year")
        else:
            text = f"{pin}{name}"
            rec.update(symbol=self.d.name_symbol(name), form="name")
        return p.cite(text, **rec)

    def local(self) -> Piece:
        """An invented local instrument: provincial/district/commune, state or party."""
        rng, ctx = self.rng, self.ctx
        f = self.f
        pool = f["local_state"] + f["local_party"] + f["local_normative"]
        spec = rng.choice(pool)
        if spec.get("commune_only") and not ctx.commune:
            spec = f["local_state"][0]
        # Which level issued it
        if spec.get("commune_only"):
            plvl, pname = ctx.level, ctx.place
        elif ctx.commune and ctx.district and rng.random() < 0.4 and spec in f["local_state"] and not spec.get("province_only"):
            plvl, pname = "huyện", ctx.district
        else:
            plvl, pname = ctx.province_kind, ctx.province
        back = rng.randint(15, 500)
        d = ctx.date - dt.timedelta(days=back)
        num = rng.randint(1, spec["max"])
        noisy = rng.random() < P_NOISE
        if spec in f["local_normative"]:
            sym = f"{num:02d}/{d.year}/{spec['code']}"
            tw = spec["type"]
        elif spec in f["local_party"]:
            sym = f"{num:02d}-{spec['code']}/{spec['body']}"
            tw = spec["type"]
        elif spec["code"] is None:
            sym = f"{num}/UBND-{rng.choice(spec['units'])}"
            tw = "Công văn"
        else:
            sym = f"{num}/{spec['code']}-{spec['body']}"
            tw = spec["type"]
        code = code_of(sym)
        true_type = "Công văn" if tw == "Công văn" else ("Chương trình" if code == "CTr" else f["code_type"].get(code, tw))
        issuer = rng.choice(spec["issuer"]).format(plvl=plvl, pname=pname, lvl=ctx.level)
        body = f"{self.type_word_text(tw, noisy)} số {self.symbol_text(sym, noisy)}"
        rec = dict(symbol=sym, name=None, type=true_type, date=None, form="local_noisy" if noisy else "local")
        if rng.random() < 0.9:
            body += (", " if rng.random() < 0.1 else " ") + fmt_date(rng, d)
            rec["date"] = d.isoformat()
        body += " " + issuer
        p = Piece().cite(body, **rec)
        if rng.random() < 0.5:
            about = rng.choice(spec["about"]).format(short=ctx.theme["short"], title=ctx.theme["title"],
                                                     plvl=plvl, ly=d.year, ly2=d.year + 4)
            p.add(" " + about)
        return p

    def pick_national(self, *, stale: bool = False) -> Instrument | None:
        rng, ctx = self.rng, self.ctx
        d = ctx.date
        if stale:
            cands = [i for i in self.d.citable if i.expired and i.expired <= d and i.symbol not in ctx.used
                     and not i.symbol.startswith("BLLĐ")]
            if not cands:
                return None
            pl = [i for i in cands if i.symbol == "34/2007/PL-UBTVQH11"]
            return pl[0] if pl and rng.random() < 0.5 else rng.choice(cands)

        if not hasattr(self, "_inforce"):
            lim = d - dt.timedelta(days=20)
            self._inforce = {i.symbol for i in self.d.citable
                             if i.signed <= lim and (i.effective or i.signed) <= d
                             and not (i.expired and i.expired <= d) and not i.symbol.startswith("BLLĐ")}

        def ok(i: Instrument) -> bool:
            return i.symbol in self._inforce and i.symbol not in ctx.used
        prefer = [self.d.by_symbol[s] for s in ctx.theme["prefer"] if s in self.d.by_symbol]
        prefer = [i for i in prefer if ok(i)]
        if prefer and rng.random() < 0.7:
            return rng.choice(prefer)
        general = [self.d.by_symbol[s] for s in self.f["general_national"] if s in self.d.by_symbol]
        general = [i for i in general if ok(i)]
        if general and rng.random() < 0.5:
            return rng.choice(general)
        cands = [i for i in self.d.citable if ok(i)]
        return rng.choice(cands) if cands else None

    def shared_list(self) -> Piece | None:
        """Several instruments of one type sharing the type word and issuer."""
        rng, ctx = self.rng, self.ctx
        d = ctx.date
        groups = {}
        for i in self.d.citable:
            start = i.effective or i.signed
            if i.signed and i.signed <= d - dt.timedelta(days=20) and start <= d and not (i.expired and i.expired <= d) \
                    and i.type in ("Nghị định", "Quyết định", "Chỉ thị") and i.symbol not in ctx.used:
                groups.setdefault((i.type, i.issuer), []).append(i)
        groups = {k: v for k, v in groups.items() if len(v) >= 2}
        if not groups:
            return None
        (tw, issuer), items = rng.choice(sorted(groups.items(), key=lambda kv: kv[0]))
        items = rng.sample(items, min(len(items), rng.choice([2, 2, 3])))
        items.sort(key=lambda i: i.signed)
        p = Piece()
        lead_plural = rng.random() < 0.3
        if lead_plural:
            p.add(f"các {tw} {self.issuer_phrase(items[0]).strip()}: ")
        shared_date = len({i.signed for i in items}) == 1 and rng.random() < 0.7
        for k, inst in enumerate(items):
            ctx.used.add(inst.symbol)
            ctx.cited_full.add(inst.symbol)
            code = code_of(inst.symbol)
            true_type = self.f["code_type"].get(code, inst.type)
            if lead_plural:
                text = f"số {inst.symbol}"
            elif k == 0:
                text = f"{tw} số {inst.symbol}"
            else:
                text = f"{'số ' if rng.random() < 0.6 else ''}{inst.symbol}"
            rec = dict(symbol=inst.symbol, name=None, type=true_type, date=None, form="list")
            if not shared_date or k == len(items) - 1:
                text += " " + fmt_date(rng, inst.signed, words_ok=False)
                rec["date"] = inst.signed.isoformat()
            if k == len(items) - 1 and not lead_plural:
                text += self.issuer_phrase(inst)
            p.cite(text, **rec)
            if k < len(items) - 1:
                p.add("; " if lead_plural else (", " if k < len(items) - 2 or rng.random() < 0.5 else " và "))
        return p

    def any_cite(self, *, local_share: float = 0.35) -> Piece:
        rng = self.rng
        if rng.random() < local_share:
            return self.local()
        inst = self.pick_national()
        if inst is None:
            return self.local()
        self.ctx.used.add(inst.symbol)
        return self.national(inst)

    def stale_cite(self) -> Piece | None:
        inst = self.pick_national(stale=True)
        if inst is None:
            return None
        self.ctx.used.add(inst.symbol)
        p = self.national(inst, allow_title=False)
        return p

    # ---------------------------------------------------------------- paragraphs

    def para(self, s: str = "", *, wrap: bool = True) -> Para:
        p = Para(wrap=wrap)
        if s:
            p.t(s)
        self.paras.append(p)
        return p

    def blank(self) -> None:
        if self.ctx.fmt != "html":
            self.paras.append(Para(wrap=False))

    def fill(self, template: str) -> str:
        ctx = self.ctx
        return template.format(lvl=ctx.lvl, short=ctx.theme["short"], title=ctx.theme["title"], year=ctx.year,
                               Issuer=ctx.issuer, Kind=ctx.kind["type"], cite="{cite}")

    def with_cites(self, template: str, para: Para) -> None:
        """Fill a template whose {cite} slots become citations."""
        parts = template.split("{cite}")
        for k, part in enumerate(parts):
            para.t(self.fill(part))
            if k < len(parts) - 1:
                para.c(self.any_cite(local_share=0.2))

    # ---------------------------------------------------------------- sections

    def header(self) -> None:
        ctx, rng = self.ctx, self.rng
        self.para("ỦY BAN NHÂN DÂN", wrap=False)
        self.para(f"{ctx.level} {ctx.place}".upper(), wrap=False)
        self.blank()
        if rng.random() < 0.8:
            self.para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", wrap=False)
            self.para("Độc lập - Tự do - Hạnh phúc", wrap=False)
            self.blank()
        num = f"{ctx.number}" if ctx.number else ("   " if ctx.fmt == "txt" else "")
        self.para(f"Số: {num}/{ctx.kind['code']}-UBND", wrap=False)
        d = ctx.date
        dd = f"{d.day:02d}" if rng.random() < 0.7 else str(d.day)
        self.para(f"{ctx.place}, ngày {dd} tháng {d.month} năm {d.year}", wrap=False)
        self.blank()

    def title(self) -> None:
        ctx = self.ctx
        self.para(ctx.kind["upper"], wrap=False)
        t = self.rng.choice(self.f["titles"][ctx.kind["type"]])
        self.title_text = t.format(title=ctx.theme["title"], short=ctx.theme["short"], year=ctx.year,
                                   year2=ctx.year + 4, lvl=ctx.lvl)
        self.para(self.title_text)
        self.blank()

    def preamble(self, closing: bool = True) -> None:
        rng, ctx = self.rng, self.ctx
        n = rng.randint(3, 8)
        pieces: list[Piece] = []
        if rng.random() < 0.25:
            lst = self.shared_list()
            if lst:
                pieces.append(lst)
        while len(pieces) < n:
            pieces.append(self.any_cite())
        if rng.random() < P_CONSTITUTION and "HP-2013" in self.d.by_symbol and ctx.date.year >= 2014:
            pieces.insert(0, self.by_name(self.d.by_symbol["HP-2013"]))
        if ctx.stale:
            pieces.insert(rng.randint(0, len(pieces)), ctx.stale.pop())
        style = rng.random()
        lead = rng.choice(self.f["preamble_lead"])
        if style < 0.6:                      # one "Căn cứ …;" per line
            for k, pc in enumerate(pieces):
                p = self.para()
                p.t(f"{lead} ").c(pc).t(";" if k < len(pieces) - 1 or closing else ".")
                if rng.random() < 0.3:
                    self.blank()
        else:                                # grouped into paragraphs
            k = 0
            while k < len(pieces):
                group = pieces[k:k + rng.randint(2, 4)]
                p = self.para()
                p.t(f"{lead} ")
                for j, pc in enumerate(group):
                    p.c(pc)
                    p.t("; " if j < len(group) - 1 else ";")
                k += len(group)
        if closing:
            key = "preamble_close_ctr" if ctx.kind["type"] == "Chương trình" else "preamble_close"
            self.para(self.fill(rng.choice(self.f[key])))
        self.blank()

    def purpose(self) -> None:
        rng = self.rng
        self.para("I. MỤC ĐÍCH, YÊU CẦU", wrap=False)
        self.para("1. Mục đích", wrap=False)
        for s in rng.sample(self.f["purpose"], rng.randint(2, 4)):
            self.para("- " + self.fill(s))
        self.para("2. Yêu cầu", wrap=False)
        for s in rng.sample(self.f["requirement"], rng.randint(1, 3)):
            self.para("- " + self.fill(s))
        self.blank()

    def content(self, roman: str) -> None:
        rng = self.rng
        self.para(f"{roman}. NỘI DUNG", wrap=False)
        for k, head in enumerate(rng.sample(self.f["content_heads"], rng.randint(2, 4)), 1):
            self.para(f"{k}. {head}", wrap=False)
            for s in rng.sample(self.f["content_bullets"], rng.randint(1, 3)):
                p = self.para("- ")
                self.with_cites(s, p)
        self.blank()

    def deadline(self) -> str:
        rng, y = self.rng, self.ctx.year
        m = rng.choice([6, 11, 12, 6, 12, 9, 3])
        dd = rng.choice([5, 10, 15, 20, 25])
        return rng.choice(self.f["deadline_forms"]).format(d=dd, m=m, year=y)

    def reporting(self, lead_as_written: str) -> tuple[str, list[str]]:
        rng, ctx = self.rng, self.ctx
        key = "commune" if ctx.commune else "province"
        recipient = rng.choice(self.f["recipients"][key]).format(lvl=ctx.lvl, lead=lead_as_written)
        freq = rng.choice(self.f["report_freq"])
        body = rng.choice(self.f["report_bodies"]).format(recipient=recipient)
        if rng.random() < 0.2:
            tail = "(báo cáo 6 tháng trước ngày 10/6, báo cáo năm trước ngày 15/11 hằng năm)"
            dls = ["trước ngày 10/6", "trước ngày 15/11 hằng năm"]
            s = f"{freq} {body} {tail}".strip()
        else:
            dl = self.deadline()
            dls = [dl]
            s = f"{freq} {body} {dl}".strip()
        return s, dls

    def task(self) -> str:
        rng = self.rng
        task = self.fill(rng.choice(self.f["tasks"]))
        return task + self.fill(rng.choice(self.f["task_tails"]))

    def task_para(self, p: Para, text: str) -> None:
        parts = text.split("{cite}")
        for k, part in enumerate(parts):
            p.t(part)
            if k < len(parts) - 1:
                p.c(self.any_cite(local_share=0.1))

    def units(self) -> list[tuple[dict, bool]]:
        rng, ctx = self.rng, self.ctx
        u = self.f["units"]
        if ctx.commune:
            pool = u["commune_new"] if ctx.date >= TWO_LEVEL else u["commune_old"]
        else:
            pool = u["province"]
        pool = [x for x in pool if not x.get("only") or ctx.level in x["only"]]
        k = min(len(pool), rng.randint(2, 5))
        chosen: list[dict] = []
        while len(chosen) < k:
            x = weighted(rng, pool)
            if x not in chosen:
                chosen.append(x)
        req_pool = [x for x in u["request"]
                    if not (x.get("commune_only") and not ctx.commune)
                    and not (x.get("only_new_commune") and not (ctx.commune and ctx.date >= TWO_LEVEL))]
        reqs: list[dict] = []
        for _ in range(rng.choice([0, 1, 1, 2])):
            x = weighted(rng, req_pool)
            if x not in reqs:
                reqs.append(x)
        return [(x, False) for x in chosen] + [(x, True) for x in reqs]

    def canonical(self, unit: dict) -> str:
        return unit["canonical"].replace("{cấp}", self.ctx.level)

    def org_section(self, roman: str) -> None:
        rng, ctx = self.rng, self.ctx
        self.para(f"{roman}. TỔ CHỨC THỰC HIỆN", wrap=False)
        for n, (unit, request) in enumerate(self.units(), 1):
            variant = rng.choice(unit["variants"]).format(lvl=ctx.lvl)
            tail = self.fill(rng.choice(unit.get("tails", [""]))) if request else ""
            actor = self.canonical(unit)
            modality = "request" if request else "must"
            head = f"{n}. {'Đề nghị ' if request else ''}{upper_first(variant) if not request else variant}{tail}"
            if not request and rng.random() < 0.12:
                # heading-inline item: "3. Phòng Kinh tế xã hướng dẫn …"
                p = self.para(f"{head} ")
                s = p.n
                self.task_para(p, lower_first(self.task()))
                p.obls.append(dict(start=s, end=p.n, actor=variant, actor_normalized=actor,
                                   source="org_section", modality=modality, deadlines=[]))
                p.t(".")
                continue
            self.para(head + (":" if rng.random() < 0.2 else ""), wrap=False)
            nb = rng.randint(1, 4)
            dash = not (request and rng.random() < 0.4)
            if not dash:
                nb = 1
            report_at = rng.randrange(nb) if (not request and rng.random() < 0.5) else -1
            for b in range(nb):
                p = self.para("- " if dash else "")
                if request:
                    text = self.fill(rng.choice(self.f["request_tasks"]))
                else:
                    text = self.task()
                if b == report_at and rng.random() < 0.35:
                    # the whole bullet is a reporting duty
                    s_text, dls = self.reporting(variant)
                    s = p.n
                    p.t(upper_first(s_text))
                    p.obls.append(dict(start=s, end=p.n, actor=variant, actor_normalized=actor,
                                       source="reporting", modality=modality, deadlines=dls))
                    p.t(".")
                    continue
                s = p.n
                self.task_para(p, text)
                p.obls.append(dict(start=s, end=p.n, actor=variant, actor_normalized=actor,
                                   source="org_section", modality=modality, deadlines=[]))
                if b == report_at:
                    s_text, dls = self.reporting(variant)
                    p.t("; ")
                    s = p.n
                    p.t(lower_first(s_text))
                    p.obls.append(dict(start=s, end=p.n, actor=variant, actor_normalized=actor,
                                       source="reporting", modality=modality, deadlines=dls))
                p.t(".")
        self.blank()

    def closing(self) -> None:
        rng, ctx = self.rng, self.ctx
        t = rng.choice(self.f["closing"])
        self.para(t.format(Kind=ctx.kind["type"], title=ctx.theme["title"], year=ctx.year, Issuer=ctx.issuer))
        self.blank()
        self.para("Nơi nhận:", wrap=False)
        for r in rng.sample(self.f["recipients_list"], 4):
            self.para(f"- {r.format(lvl=ctx.lvl)};", wrap=False)
        self.blank()
        self.para("TM. ỦY BAN NHÂN DÂN", wrap=False)
        for line in rng.choice(self.f["positions"]).split("\n"):
            self.para(line, wrap=False)
        self.blank()
        self.para("(Đã ký)", wrap=False)
        self.blank()
        name = " ".join([rng.choice(self.f["person_surnames"]), rng.choice(self.f["person_middles"]),
                         rng.choice(self.f["person_givens"])])
        self.para(name, wrap=False)

    def table(self) -> None:
        rng, ctx = self.rng, self.ctx
        self.blank()
        self.para("PHỤ LỤC", wrap=False)
        self.para("DANH MỤC NHIỆM VỤ TRIỂN KHAI THỰC HIỆN", wrap=False)
        if rng.random() < 0.5 and ctx.own_symbol:
            # a self-reference: not a citation (gold convention)
            self.para(f"(Kèm theo {ctx.kind['type']} số {ctx.own_symbol} ngày {ctx.date.day:02d}/{ctx.date.month:02d}/{ctx.date.year} "
                      f"của Ủy ban nhân dân {ctx.level} {ctx.place})", wrap=False)
        else:
            self.para(f"(Kèm theo {ctx.kind['type']} của Ủy ban nhân dân {ctx.level})", wrap=False)
        self.blank()
        header = rng.choice(self.f["table_headers"])
        self.para("\t".join(header), wrap=False)
        u = self.f["units"]
        pool = (u["commune_new"] if ctx.date >= TWO_LEVEL else u["commune_old"]) if ctx.commune else u["province"]
        pool = [x for x in pool if not x.get("only") or ctx.level in x["only"]]
        groups = rng.sample(self.f["table_groups"], rng.randint(1, 3))
        for g, gname in enumerate(groups):
            self.para(f"{ROMAN[g]}\t{gname}\t\t\t\t", wrap=False)
            for k in range(1, rng.randint(2, 4)):
                unit = weighted(rng, pool)
                lead = upper_first(rng.choice(unit["variants"]).format(lvl=ctx.lvl))
                partner = rng.choice(["Các cơ quan, đơn vị liên quan", "Ủy ban MTTQ " + ctx.lvl, "Các phòng, ban chuyên môn", ""])
                t = rng.choice(self.f["table_times"]).format(q=rng.choice(["I", "II", "III", "IV"]), year=ctx.year,
                                                              d=rng.choice([10, 15, 20, 30]), m=rng.randint(3, 12))
                prod = rng.choice(self.f["table_products"])
                task = rng.choice(self.f["table_tasks"])
                line = f"{k}\t{task}\t{lead}\t{partner}\t{t}\t{prod}"
                p = self.para(line, wrap=False)
                dls = [t] if t.lower().startswith("trước ngày") else []
                p.obls.append(dict(start=0, end=len(line), actor=lead, actor_normalized=self.canonical(unit),
                                   source="appendix_table", modality="must", deadlines=dls))

    # ---------------------------------------------------------------- whole documents

    def decision_body(self) -> None:
        rng, ctx = self.rng, self.ctx
        self.para(f"CHỦ TỊCH ỦY BAN NHÂN DÂN {ctx.level.upper()} {ctx.place.upper()}", wrap=False)
        self.blank()
        self.preamble(closing=False)
        self.para("QUYẾT ĐỊNH:", wrap=False)
        self.para(f"Điều 1. Ban hành kèm theo Quyết định này Kế hoạch {ctx.theme['title']} năm {ctx.year}.")
        self.para("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.")
        self.para(f"Điều 3. Chánh Văn phòng, Thủ trưởng các cơ quan, đơn vị liên quan chịu trách nhiệm thi hành Quyết định này./.")
        self.blank()
        self.para("KẾ HOẠCH", wrap=False)
        self.para(f"{upper_first(ctx.theme['title'])} năm {ctx.year}")
        if ctx.own_symbol and rng.random() < 0.6:
            self.para(f"(Ban hành kèm theo Quyết định số {ctx.own_symbol} ngày {ctx.date.day:02d}/{ctx.date.month:02d}/{ctx.date.year} "
                      f"của Chủ tịch Ủy ban nhân dân {ctx.level})", wrap=False)
        self.blank()

    def report(self) -> None:
        rng, ctx = self.rng, self.ctx
        p = self.para()
        t = rng.choice(self.f["report_open"])
        a, b = t.split("{cite}")
        p.t(self.fill(a)).c(self.local()).t(self.fill(b))
        if ctx.stale:
            p2 = self.para("Trong năm, tiếp tục thực hiện ")
            p2.c(ctx.stale.pop()).t(" và các văn bản hướng dẫn.")
        self.blank()
        self.para("I. KẾT QUẢ THỰC HIỆN", wrap=False)
        for s in rng.sample(self.f["report_results"], rng.randint(2, 4)):
            p = self.para()
            s = s.replace("{n}", str(rng.randint(2, 30))).replace("{m}", str(rng.randint(50, 900)))
            self.with_cites(s, p)
        self.para("II. HẠN CHẾ, NGUYÊN NHÂN", wrap=False)
        for s in rng.sample(self.f["report_limits"], 2):
            self.para("- " + s)
        self.para("III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", wrap=False)
        for s in rng.sample(self.f["report_next"], 2):
            p = self.para("- ")
            self.with_cites(s, p)
        self.blank()

    def build(self) -> None:
        ctx, rng = self.ctx, self.rng
        if rng.random() < P_STALE:
            st = self.stale_cite()
            if st:
                ctx.stale.append(st)
        self.header()
        self.title()
        kind = ctx.kind["type"]
        if kind == "Quyết định":
            self.decision_body()
            self.purpose()
            self.content("II")
            self.org_section("III")
        elif kind == "Báo cáo":
            self.report()
        else:
            self.preamble()
            self.purpose()
            self.content("II")
            roman = "III"
            if rng.random() < 0.4:
                self.para("III. KINH PHÍ THỰC HIỆN", wrap=False)
                self.para("Kinh phí thực hiện Kế hoạch được bố trí từ ngân sách nhà nước theo phân cấp hiện hành.")
                self.blank()
                roman = "IV"
            self.org_section(roman)
        self.closing()
        if kind in ("Kế hoạch", "Chương trình") and rng.random() < P_TABLE:
            self.table()


# --------------------------------------------------------------------------- assembly

OLD_TONE = (("Ủy", "Uỷ"), ("ủy", "uỷ"), ("hóa", "hoá"), ("Hóa", "Hoá"), ("hòa", "hoà"), ("Hòa", "Hoà"),
            ("thủy", "thuỷ"), ("Thủy", "Thuỷ"))


def assemble(b: Builder) -> tuple[str, list[dict], list[dict]]:
    ctx, rng = b.ctx, b.rng
    wrap = ctx.fmt == "txt" and rng.random() < P_WRAP
    width = rng.randint(70, 95)
    wsep = rng.choice(["\n", " \n", " \n\n"])
    joiner = "\n" if ctx.fmt != "txt" or rng.random() < 0.6 else "\n\n"
    out: list[str] = []
    pos = 0
    cites, obls = [], []
    for k, p in enumerate(b.paras):
        s = p.text()
        ins: list[int] = []
        if wrap and p.wrap and len(s) > width:
            s, ins = wrap_para(s, rng, width, wsep)
        extra = len(wsep) - 1
        for rec in p.cites:
            r = dict(rec)
            r["start"] = pos + shift(rec["start"], ins, extra)
            r["end"] = pos + shift(rec["end"], ins, extra)
            cites.append(r)
        for rec in p.obls:
            r = dict(rec)
            r["start"] = pos + shift(rec["start"], ins, extra)
            r["end"] = pos + shift(rec["end"], ins, extra)
            obls.append(r)
        out.append(s)
        pos += len(s)
        if k < len(b.paras) - 1:
            out.append(joiner)
            pos += len(joiner)
    text = "".join(out) + "\n"
    if rng.random() < P_OLD_TONE:           # length-preserving
        for a, z in OLD_TONE:
            text = text.replace(a, z)
    if ctx.fmt == "txt" and rng.random() < P_NFD:
        starts = [0]
        for ch in text:
            starts.append(starts[-1] + len(unicodedata.normalize("NFD", ch)))
        text = unicodedata.normalize("NFD", text)
        for r in cites + obls:
            r["start"], r["end"] = starts[r["start"]], starts[r["end"]]
    for r in cites + obls:
        r["text"] = text[r["start"]:r["end"]]
    return text, cites, obls


def pick_issuer(rng: random.Random, f: dict, date: dt.date) -> dict:
    new = date >= TWO_LEVEL
    provs = f["provinces_from_2025_07"] if new else f["provinces_before_2025_07"]
    pk = rng.choices(["tỉnh", "thành phố"], weights=[len(provs["tỉnh"]), len(provs["thành phố"])])[0]
    province = rng.choice(provs[pk])
    if rng.random() < 0.25:
        return dict(level=pk, place=province, province_kind=pk, province=province, district=None)
    if new:
        level = rng.choices(["xã", "phường", "đặc khu"], weights=[70, 28, 2])[0]
        district = None
    else:
        level = rng.choices(["xã", "phường", "thị trấn"], weights=[65, 20, 15])[0]
        district = rng.choice(f["district_names"])
    return dict(level=level, place=rng.choice(f["commune_names"]), province_kind=pk, province=province,
                district=district)


def make_document(seed: int, index: int, mixed: bool) -> tuple[str, str, dict]:
    """(format, text, truth) of document `index`."""
    d = data()
    f = d.f
    rng = random.Random(f"cancu-corpus:{seed}:{index}")
    start = dt.date(2016, 1, 1)
    date = start + dt.timedelta(days=rng.randrange((dt.date(2026, 12, 31) - start).days))
    fmt = "txt"
    if mixed:
        r = rng.random()
        acc = 0.0
        for name, share in MIXED_SHARE:
            acc += share
            if r < acc:
                fmt = name
                break
    iss = pick_issuer(rng, f, date)
    kind = weighted(rng, f["doc_kinds"])
    theme = rng.choice(f["themes"])
    number = rng.randint(1, 400) if rng.random() < 0.9 else None
    ctx = Ctx(rng=rng, date=date, fmt=fmt, kind=kind, theme=theme, year=date.year, number=number, **iss)
    b = Builder(ctx)
    b.build()
    text, cites, obls = assemble(b)
    expected_stale = []
    for c in cites:
        inst = d.by_symbol.get(c["symbol"] or "")
        c["stale"] = bool(inst and inst.expired and inst.expired <= date)
        if c["stale"] and c["symbol"] not in expected_stale:
            expected_stale.append(c["symbol"])
    truth = {"file": None, "format": fmt, "date": date.isoformat(), "issuer": ctx.issuer, "level": ctx.level,
             "province": f"{ctx.province_kind} {ctx.province}", "type": kind["type"],
             "symbol": ctx.own_symbol, "expected_stale": expected_stale,
             "citations": [{k: c.get(k) for k in ("start", "end", "text", "symbol", "name", "type", "date", "stale", "form")}
                           for c in cites],
             "obligations": [{k: o.get(k) for k in ("start", "end", "text", "actor", "actor_normalized", "source",
                                                     "modality", "deadlines")} for o in obls]}
    return fmt, text, truth


# --------------------------------------------------------------------------- formats

FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def docx_bytes(text: str) -> bytes:
    import docx  # python-docx
    document = docx.Document()
    cp = document.core_properties
    fixed = dt.datetime(2020, 1, 1)
    cp.created = cp.modified = cp.last_printed = fixed
    cp.author = cp.last_modified_by = "cancu-corpus"
    cp.revision = 1
    lines = text[:-1].split("\n") if text.endswith("\n") else text.split("\n")
    k = 0
    while k < len(lines):
        if "\t" in lines[k]:
            rows = []
            while k < len(lines) and "\t" in lines[k]:
                rows.append(lines[k].split("\t"))
                k += 1
            ncol = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=ncol)
            for i, r in enumerate(rows):
                for j in range(ncol):
                    table.cell(i, j).text = r[j] if j < len(r) else ""
            continue
        document.add_paragraph(lines[k])
        k += 1
    buf = io.BytesIO()
    document.save(buf)
    # Re-zip with fixed timestamps so the same seed gives the same bytes.
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, src.read(info.filename))
    return out.getvalue()


def html_bytes(text: str) -> bytes:
    lines = text.rstrip("\n").split("\n")
    out = ['<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Văn bản</title></head><body>\n']
    k = 0
    while k < len(lines):
        if "\t" in lines[k]:
            out.append("<table>\n")
            while k < len(lines) and "\t" in lines[k]:
                out.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in lines[k].split("\t")) + "</tr>\n")
                k += 1
            out.append("</table>\n")
            continue
        out.append(f"<p>{escape(lines[k])}</p>\n")
        k += 1
    out.append("</body></html>\n")
    return "".join(out).encode("utf-8")


def expected_text(fmt: str, text: str) -> str:
    """The text the project's reader returns for a file written from `text`."""
    if fmt == "txt":
        return text
    return text.rstrip("\n") if fmt == "html" else text[:-1] if text.endswith("\n") else text


def _work(args: tuple[int, int, bool, str]) -> str:
    seed, index, mixed, out = args
    fmt, text, truth = make_document(seed, index, mixed)
    name = f"plans/{index:06d}.{fmt}"
    path = os.path.join(out, name)
    if fmt == "txt":
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    elif fmt == "docx":
        with open(path, "wb") as fh:
            fh.write(docx_bytes(text))
    else:
        with open(path, "wb") as fh:
            fh.write(html_bytes(text))
    # docx/html readers drop the final line end; offsets are unaffected (it is the last char).
    truth["file"] = name
    return json.dumps(truth, ensure_ascii=False, sort_keys=False)


def generate(docs: int, seed: int, out: str | os.PathLike, *, mixed: bool = False, workers: int = 1,
             progress: bool = False) -> None:
    out = os.fspath(out)
    os.makedirs(os.path.join(out, "plans"), exist_ok=True)
    jobs = ((seed, i, mixed, out) for i in range(docs))
    t0 = time.perf_counter()
    with open(os.path.join(out, "truth.jsonl"), "w", encoding="utf-8", newline="\n") as truth:
        if workers > 1:
            import multiprocessing as mp
            with mp.get_context("fork").Pool(workers, initializer=data) as pool:
                it = pool.imap(_work, jobs, chunksize=64)
                for k, line in enumerate(it, 1):
                    truth.write(line + "\n")
                    if progress and k % 10000 == 0:
                        print(f"  {k} documents, {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        else:
            for k, job in enumerate(jobs, 1):
                truth.write(_work(job) + "\n")
                if progress and k % 10000 == 0:
                    print(f"  {k} documents, {time.perf_counter() - t0:.1f} s", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", required=True)
    ap.add_argument("--mixed-formats", action="store_true", help="write a share as .docx and .html")
    ap.add_argument("--workers", type=int, default=min(8, os.cpu_count() or 1),
                    help="processes (output is identical for any number)")
    args = ap.parse_args(argv)
    if args.docs < 0:
        ap.error("--docs must be >= 0")
    t0 = time.perf_counter()
    generate(args.docs, args.seed, args.out, mixed=args.mixed_formats, workers=max(1, args.workers), progress=True)
    dt_s = time.perf_counter() - t0
    print(f"{args.docs} documents in {dt_s:.1f} s ({args.docs / dt_s if dt_s else 0:.0f} docs/s) -> {args.out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
