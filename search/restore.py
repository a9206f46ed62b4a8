"""Putting the diacritics back on an accent-less query.

The model is learnt from the indexed documents themselves: for every folded
syllable, how often each accented form occurs, and for every pair of adjacent
folded syllables, how often each accented pair occurs. Restoring is a Viterbi
search over the accented candidates of each syllable, scoring a path by
P(accented | folded) for each syllable and P(pair | folded pair) between
neighbours, interpolated with the unigram so unseen pairs still work.

The model lives next to the index (`restore.json`) and is updated, up and down,
whenever documents are indexed or removed, so it always matches the corpus.
"""
from __future__ import annotations

import json
import math
import os
from collections import Counter
from functools import lru_cache
from pathlib import Path

from cancu.nlp.text.fold import fold
from cancu.search.analysis import fold_syllable, phrase_runs
from cancu.search.model import RestoreCounts

FILE_NAME = "restore.json"
_FORMAT = 1
_MAX_CANDIDATES = 8
_PAIR_WEIGHT = 2.0       # how much a seen pair outweighs the unigram prior


def count_syllables(text: str) -> RestoreCounts:
    """What the restorer learns from one text; pure, so ingest workers can do it."""
    unigrams: Counter = Counter()
    pairs: Counter = Counter()
    for run in phrase_runs(text):
        run = list(filter(_has_letter, run))
        folded = list(map(fold_syllable, run))
        unigrams.update(zip(folded, run))
        pairs.update(zip(map(" ".join, zip(folded, folded[1:])), map(" ".join, zip(run, run[1:]))))
    return RestoreCounts(dict(unigrams), dict(pairs))


@lru_cache(maxsize=200_000)
def _has_letter(syllable: str) -> bool:
    """Whether a syllable holds a letter ("59" and "2023" teach the restorer nothing);
    cached like the syllables themselves, a corpus has a few thousand."""
    return any(c.isalpha() for c in syllable)


class DiacriticRestorer:
    def __init__(self) -> None:
        self.unigrams: dict[str, Counter[str]] = {}
        self.bigrams: dict[str, Counter[str]] = {}

    # -- learning --------------------------------------------------------------
    def add_text(self, text: str, sign: int = 1) -> None:
        """Count the syllables of `text` (sign=-1 takes a removed text back out)."""
        self.add_counts(count_syllables(text), sign)

    def add_counts(self, counts: RestoreCounts, sign: int = 1) -> None:
        if sign > 0:
            # Ingest's path (the writer's, per document): counts only grow, so
            # nothing is deleted and no Counter is made for a key already seen.
            for table, items in ((self.unigrams, counts.unigrams), (self.bigrams, counts.bigrams)):
                for (f, s), n in items.items():
                    known = table.get(f)
                    if known is None:
                        known = table[f] = Counter()
                    known[s] += n
            return
        for (f, s), n in counts.unigrams.items():
            self._bump(self.unigrams, f, s, sign * n)
        for (f, s), n in counts.bigrams.items():
            self._bump(self.bigrams, f, s, sign * n)

    @staticmethod
    def _bump(table: dict[str, Counter[str]], key: str, value: str, delta: int) -> None:
        counts = table.setdefault(key, Counter())
        counts[value] += delta     # negative to take a removed text back out
        if counts[value] <= 0:
            del counts[value]
            if not counts:
                del table[key]

    # -- restoring -------------------------------------------------------------
    def restore(self, folded: list[str]) -> list[str]:
        """The most likely accented form of a sequence of folded syllables.

        Syllables the corpus never saw come back unchanged.
        """
        if not folded:
            return []
        keys = [fold(s) for s in folded]
        candidates = [self._candidates(k) for k in keys]
        # best[i][cand] = (log score of best path ending in cand, back pointer)
        best: list[dict[str, tuple[float, str | None]]] = [
            {c: (math.log(p), None) for c, p in candidates[0].items()}]
        for i in range(1, len(keys)):
            pair = self.bigrams.get(f"{keys[i - 1]} {keys[i]}", Counter())
            pair_total = sum(pair.values())
            column: dict[str, tuple[float, str | None]] = {}
            for cand, p_uni in candidates[i].items():
                best_prev, best_score = None, -math.inf
                for prev, (score, _) in best[-1].items():
                    # Interpolate the pair estimate with the unigram prior.
                    p = (pair.get(f"{prev} {cand}", 0) * _PAIR_WEIGHT + p_uni) / (
                        pair_total * _PAIR_WEIGHT + 1)
                    if score + math.log(p) > best_score:
                        best_prev, best_score = prev, score + math.log(p)
                column[cand] = (best_score, best_prev)
            best.append(column)
        out = [max(best[-1], key=lambda c: best[-1][c][0])]
        for i in range(len(best) - 1, 0, -1):
            out.append(best[i][out[-1]][1])  # type: ignore[arg-type]
        return out[::-1]

    def _candidates(self, key: str) -> dict[str, float]:
        counts = self.unigrams.get(key)
        if not counts:
            return {key: 1.0}
        top = counts.most_common(_MAX_CANDIDATES)
        total = sum(n for _, n in top)
        return {form: n / total for form, n in top}

    # -- persistence -----------------------------------------------------------
    def save(self, directory: Path | str) -> None:
        path = Path(directory) / FILE_NAME
        tmp = path.with_suffix(".tmp")
        data = {"format": _FORMAT, "unigrams": self.unigrams, "bigrams": self.bigrams}
        tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                       encoding="utf-8")
        os.replace(tmp, path)      # never leave a half-written model behind

    @staticmethod
    def version(directory: Path | str) -> int | None:
        """Changes whenever save() replaces the model (its file's mtime), else the same."""
        try:
            return (Path(directory) / FILE_NAME).stat().st_mtime_ns
        except FileNotFoundError:
            return None

    @classmethod
    def load(cls, directory: Path | str) -> "DiacriticRestorer":
        model = cls()
        path = Path(directory) / FILE_NAME
        if not path.exists():
            return model
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != _FORMAT:
            raise ValueError(f"{path}: unknown restoration model format {data.get('format')!r}; "
                             "re-index the documents to rebuild it")
        model.unigrams = {k: Counter(v) for k, v in data["unigrams"].items()}
        model.bigrams = {k: Counter(v) for k, v in data["bigrams"].items()}
        return model
