"""The one reader of the headed word lists under nlp/data/ (package data, read with
importlib.resources, so an installed wheel has them)."""
from __future__ import annotations

import csv
from importlib import resources

DATA = resources.files("cancu.nlp") / "data"     # package data (nlp/data/)


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a TSV data file with a header line; lines starting with '#' are comments."""
    with (DATA / name).open(encoding="utf-8") as f:
        lines = [ln for ln in f if ln.strip() and not ln.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()}
            for row in csv.DictReader(lines, delimiter="\t")]
