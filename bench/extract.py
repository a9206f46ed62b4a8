"""Citation-extraction throughput: MB/s on a large text built from the corpus.

    python bench/extract.py [--mb 20] [--profile] [--json FILE]

Prints throughput (MB of UTF-8 input per second of extraction, one core), the
time of each stage, peak memory, and with --profile the functions where time goes.
The baseline for later work: one pass of a bare regular expression for
symbol-shaped strings ("59/2023/NĐ-CP") over the same text, and the ratio of the
two speeds (how many times slower than that pass the whole extraction is).
The text is the seed plans repeated, so the mix of citations is a real one.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cancu.pipeline import load_registry  # noqa: E402
from nlp.citations import extract_mentions  # noqa: E402
from nlp.text.normalize import normalize  # noqa: E402


# Number / [year /] code: what a citation regex without grammar, names or
# resolution finds; the floor any extraction's speed is compared with.
BARE_SYMBOL = re.compile(r"\b\d{1,5}/(?:\d{4}/)?[A-ZĐ][A-ZĐa-z0-9]*(?:-[A-ZĐa-z0-9]+)*")


def bare_regex_pass(text: str) -> tuple[int, float]:
    """Matches of BARE_SYMBOL and the seconds the pass took."""
    t0 = time.perf_counter()
    found = sum(1 for _ in BARE_SYMBOL.finditer(text))
    return found, time.perf_counter() - t0


def corpus_text(megabytes: float) -> str:
    plans = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "plans").glob("*.txt"))]
    unit = "\n\n".join(plans)
    target = int(megabytes * 1024 * 1024)
    reps = max(1, target // len(unit.encode("utf-8")))
    return "\n\n".join([unit] * reps)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0, help="size of the text in MB (default 20)")
    ap.add_argument("--profile", action="store_true", help="print the 15 costliest functions")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()

    names = load_registry().names()
    text = corpus_text(args.mb)
    size_mb = len(text.encode("utf-8")) / 1e6
    extract_mentions(text[:20000], names=names)   # warm caches (compiled patterns)

    t0 = time.perf_counter()
    norm = normalize(text)
    t1 = time.perf_counter()
    prof = cProfile.Profile() if args.profile else None
    if prof:
        prof.enable()
    mentions = extract_mentions(text, names=names, normalized=norm)
    if prof:
        prof.disable()
    t2 = time.perf_counter()
    regex_found, regex_s = bare_regex_pass(text)

    figures = {
        "input_mb": round(size_mb, 2),
        "mentions": len(mentions),
        "normalise_s": round(t1 - t0, 3),
        "extract_s": round(t2 - t1, 3),
        "total_s": round(t2 - t0, 3),
        "mb_per_s": round(size_mb / (t2 - t0), 2),
        "mentions_per_s": round(len(mentions) / (t2 - t0)),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "bare_regex_matches": regex_found,
        "bare_regex_mb_per_s": round(size_mb / regex_s, 1),
        # extraction time ÷ bare regex pass time, same text, same run
        "times_slower_than_bare_regex": round((t2 - t0) / regex_s, 1),
    }
    print(f"{'input':<16}{figures['input_mb']:>10} MB")
    print(f"{'mentions':<16}{figures['mentions']:>10}")
    print(f"{'normalise':<16}{figures['normalise_s']:>10} s")
    print(f"{'extract':<16}{figures['extract_s']:>10} s")
    print(f"{'throughput':<16}{figures['mb_per_s']:>10} MB/s (one core)")
    print(f"{'peak RSS':<16}{figures['peak_rss_mb']:>10} MB")
    print(f"{'bare regex':<16}{figures['bare_regex_mb_per_s']:>10} MB/s ({regex_found} symbol-shaped matches)")
    print(f"{'vs bare regex':<16}{figures['times_slower_than_bare_regex']:>10} × the time")
    if prof:
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(15)
        print(out.getvalue())
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
