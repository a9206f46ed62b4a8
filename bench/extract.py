"""Citation-extraction throughput: MB/s on plan text and on the real documents.

    python bench/extract.py [--mb 20] [--texts DIR] [--repeat N] [--stages] [--obligations] [--profile] [--json FILE]

Two inputs: one large text built from the seed plans repeated (so the mix of
citations is a real one), and every *.txt of a folder of real documents
(default /work/shared/realdocs/texts), read as the pipeline reads them: a batch at a
time (`cancu.pipeline.batches`), each stage over the whole batch.
"Extraction" is what `cancu.pipeline.Extractor.extract_many` does before resolution:
normalise, read the document's own type and number, extract mentions; resolution
against the registry is timed apart. MB are of UTF-8 input.

Each figure is given in CPU time of this process (time.process_time: what one core
does, whatever else runs on the machine) and in wall-clock time. The baseline is one
bare pass of the symbol regular expression (`cancu.nlp.citations.symbols.SYMBOL`) over
the same texts; "ratio" is how many times slower extraction is than that pass.
--stages splits extraction into its stages (private functions of
cancu.nlp.citations.extract, for measuring only); --obligations also times the obligations
read from each text as `Extractor.extract_many(…, obligations=True)` reads them (after
resolution, apart from the extraction figures, which it can lower: its spaCy pass between
batches takes the caches; realdocs 8.63 → 7.47 MB/s on one machine when the texts were read
one at a time; quote extraction from a run without it); --profile prints the costliest functions.
--repeat N extracts each input N times and also prints the median and the spread of
the N CPU figures (the machine is shared: one run can be slowed by its neighbours);
the figures printed in full and written by --json are those of the median run. Runs
after the first reuse what the first cached (compiled back-reference patterns,
accent checks), which a process meets only on documents it has seen: for a figure
of new documents, take the median of separate processes instead.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cancu.pipeline import Extractor, batches, load_registry, note_stated_dates, obligation_basis  # noqa: E402
from cancu.nlp.model import SourceText  # noqa: E402
from cancu.nlp.obligations import extract_obligations  # noqa: E402
from cancu.nlp.citations import extract_mentions  # noqa: E402
from cancu.nlp.citations import extract as engine  # noqa: E402
from cancu.nlp.citations.document_pass import finish  # noqa: E402
from cancu.nlp.citations.symbols import SYMBOL  # noqa: E402
from cancu.nlp.document import read_document_info  # noqa: E402
from cancu.nlp.text.normalize import normalize  # noqa: E402

REALDOCS = ROOT.parent / "shared" / "realdocs" / "texts"   # ../shared beside the checkout


def corpus_text(megabytes: float) -> str:
    plans = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "plans").glob("*.txt"))]
    unit = "\n\n".join(plans)
    target = int(megabytes * 1024 * 1024)
    reps = max(1, target // len(unit.encode("utf-8")))
    return "\n\n".join([unit] * reps)


class Clock:
    """CPU and wall seconds summed per stage."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = {}
        self.wall: dict[str, float] = {}
        self._at = (time.process_time(), time.perf_counter())

    def start(self) -> None:
        self._at = (time.process_time(), time.perf_counter())

    def lap(self, stage: str) -> None:
        cpu, wall = time.process_time(), time.perf_counter()
        self.cpu[stage] = self.cpu.get(stage, 0.0) + cpu - self._at[0]
        self.wall[stage] = self.wall.get(stage, 0.0) + wall - self._at[1]
        self._at = (cpu, wall)


def run_texts(texts: list[str], extractor: Extractor, stages: bool, obligations: bool = False) -> Clock:
    """The texts read as `Extractor.extract_many` reads them (keep in step with
    cancu/pipeline.py): a batch at a time, each stage over the whole batch; the
    time of each stage summed over the batches."""
    clock = Clock()
    for batch in batches(SourceText("bench.txt", text, "txt") for text in texts):
        batch_texts = [source.text for source in batch]
        clock.start()
        for text in batch_texts:
            SYMBOL.findall(text)
        clock.lap("bare regex")
        norms = [normalize(text) for text in batch_texts]
        clock.lap("normalise")
        infos = [read_document_info(text, normalized=norm) for text, norm in zip(batch_texts, norms)]
        clock.lap("document info")
        if stages:
            found = [_extract_by_stage(text, norm, info, extractor, clock)
                     for text, norm, info in zip(batch_texts, norms, infos)]
        else:
            found = [extract_mentions(text, names=extractor.names, own_type=info.type, own_symbol=info.symbol,
                                      from_offset=info.summary_end or 0, normalized=norm)
                     for text, norm, info in zip(batch_texts, norms, infos)]
            clock.lap("extract")
        for mentions, info in zip(found, infos):
            note_stated_dates(info, mentions)
        resolved = [extractor.resolver.resolve_document(mentions, info) for mentions, info in zip(found, infos)]
        clock.lap("resolve")
        clock.cpu["mentions"] = clock.cpu.get("mentions", 0) + sum(map(len, found))
        if obligations:
            clock.start()
            records = 0
            for source, info, norm, resolutions in zip(batch, infos, norms, resolved):
                records += len(extract_obligations(source, mentions=obligation_basis(resolutions),
                                                   issuer=info.issuer, normalized=norm))
            clock.lap("obligations")
            clock.cpu["records"] = clock.cpu.get("records", 0) + records
    return clock


def _extract_by_stage(text, norm, info, extractor: Extractor, clock: Clock) -> list:
    """extract_mentions, step by step (keep in step with nlp/citations/extract.py)."""
    reader = engine._Reader(norm, engine.gazetteer_of(extractor.names), info.type)
    clock.lap("e: fold")
    reader.type_words()
    clock.lap("e: type-word scan")
    symbols = reader.symbol_drafts() + reader.single_code_drafts()
    clock.lap("e: symbols")
    drafts = symbols + reader.bare_number_drafts() + reader.nickname_drafts()
    clock.lap("e: bare numbers, nicknames")
    drafts += reader.name_drafts()
    clock.lap("e: names")
    drafts += reader.backref_drafts(symbols)
    clock.lap("e: back-references")
    drafts += reader.blank_number_drafts() + reader.titled_drafts()
    clock.lap("e: blank, titled")
    drafts = engine._merge_name_and_number(engine._settle(drafts), reader.f)
    clock.lap("e: settle")
    engine._attach_pinpoints(reader, drafts)
    clock.lap("e: pinpoints")
    own = reader.own_symbols | ({info.symbol} if info.symbol else set())
    drafts = finish(drafts, reader.t, own_symbols=own)
    clock.lap("e: document pass")
    spans = norm.original_spans([(d.start, d.end) for d in drafts])
    start = info.summary_end or 0
    mentions = [engine._to_mention(d, norm, span) for d, span in zip(drafts, spans) if span[0] >= start]
    clock.lap("e: mentions")
    return mentions


EXTRACTION = ("normalise", "document info")


def figures_of(name: str, texts: list[str], clock: Clock) -> dict:
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    out: dict = {"input": name, "texts": len(texts), "input_mb": round(size, 2),
                 "mentions": int(clock.cpu.pop("mentions", 0))}
    if "records" in clock.cpu:
        out["obligations"] = int(clock.cpu.pop("records"))
    for kind, times in (("cpu", clock.cpu), ("wall", clock.wall)):
        extraction = sum(v for k, v in times.items() if k in EXTRACTION or k == "extract" or k.startswith("e: "))
        bare = times["bare regex"]
        out[kind] = {
            "extraction_s": round(extraction, 3),
            "extraction_mb_per_s": round(size / extraction, 2),
            "with_resolution_mb_per_s": round(size / (extraction + times["resolve"]), 2),
            "bare_regex_mb_per_s": round(size / bare, 1),
            "ratio_to_bare_regex": round(extraction / bare, 1),
            "stages_s": {k: round(v, 3) for k, v in times.items()},
        }
        if "obligations" in times:
            out[kind]["obligations_mb_per_s"] = round(size / times["obligations"], 2)
    return out


def print_figures(f: dict) -> None:
    print(f"\n{f['input']}: {f['texts']} text(s), {f['input_mb']} MB, {f['mentions']} mentions")
    cpu, wall = f["cpu"], f["wall"]
    print(f"  {'':<28}{'CPU':>10}{'wall':>10}")
    print(f"  {'extraction MB/s':<28}{cpu['extraction_mb_per_s']:>10}{wall['extraction_mb_per_s']:>10}")
    print(f"  {'… with resolution MB/s':<28}{cpu['with_resolution_mb_per_s']:>10}"
          f"{wall['with_resolution_mb_per_s']:>10}")
    print(f"  {'bare symbol regex MB/s':<28}{cpu['bare_regex_mb_per_s']:>10}{wall['bare_regex_mb_per_s']:>10}")
    print(f"  {'extraction / bare regex':<28}{cpu['ratio_to_bare_regex']:>9}×{wall['ratio_to_bare_regex']:>9}×")
    if "obligations" in f:
        print(f"  {'obligations MB/s':<28}{cpu['obligations_mb_per_s']:>10}{wall['obligations_mb_per_s']:>10}"
              f"   ({f['obligations']} records)")
    extraction = cpu["extraction_s"]
    for stage, s in cpu["stages_s"].items():
        share = f"{100 * s / extraction:5.1f}% of extraction" if stage not in ("bare regex", "resolve", "obligations") else ""
        print(f"    {stage:<26}{s:>8.3f} s CPU {wall['stages_s'][stage]:>8.3f} s wall  {share}")


def print_spread(runs: list[dict]) -> None:
    cpu = [f["cpu"] for f in runs]
    mb = ", ".join(str(c["extraction_mb_per_s"]) for c in cpu)
    ratio = ", ".join(str(c["ratio_to_bare_regex"]) for c in cpu)
    print(f"  {len(runs)} runs, CPU extraction MB/s {mb} (median {cpu[len(cpu) // 2]['extraction_mb_per_s']}); "
          f"× bare regex {ratio}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0, help="size of the plan text in MB (default 20)")
    ap.add_argument("--texts", default=str(REALDOCS), help="folder of real documents (*.txt); '' to skip")
    ap.add_argument("--repeat", type=int, default=1, help="extract each input N times; figures of the median run")
    ap.add_argument("--stages", action="store_true", help="time each stage of extraction")
    ap.add_argument("--obligations", action="store_true", help="also time reading each text's obligations")
    ap.add_argument("--profile", action="store_true", help="print the 20 costliest functions")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()

    extractor = Extractor(load_registry())
    inputs = [("plan text", [corpus_text(args.mb)])]
    folder = Path(args.texts) if args.texts else None
    if folder and folder.is_dir():
        inputs.append((f"{folder} ", [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]))
    elif folder:
        print(f"(no folder {folder}: real documents skipped)")
    extract_mentions(inputs[0][1][0][:20000], names=extractor.names)   # compile patterns first

    prof = cProfile.Profile() if args.profile else None
    results = []
    for name, texts in inputs:
        runs = []
        for _ in range(max(1, args.repeat)):
            if prof:
                prof.enable()
            clock = run_texts(texts, extractor, args.stages, args.obligations)
            if prof:
                prof.disable()
            runs.append(figures_of(name.strip(), texts, clock))
        runs.sort(key=lambda f: f["cpu"]["extraction_mb_per_s"])
        results.append(runs[len(runs) // 2])
        print_figures(results[-1])
        if len(runs) > 1:
            print_spread(runs)
    peak = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(f"\npeak RSS {peak} MB")
    if prof:
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(20)
        print(out.getvalue())
    if args.json:
        plan = results[0]
        # The keys bench/run.py reads: plan text, wall clock.
        Path(args.json).write_text(json.dumps(
            {"mb_per_s": plan["wall"]["extraction_mb_per_s"], "input_mb": plan["input_mb"],
             "mentions": plan["mentions"],
             "bare_regex_mb_per_s": plan["cpu"]["bare_regex_mb_per_s"],
             "times_slower_than_bare_regex": plan["cpu"]["ratio_to_bare_regex"],
             "peak_rss_mb": peak, "results": results},
            indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
