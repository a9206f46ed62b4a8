"""The one reader of the headed word lists under nlp/data/ and kg/data/ (package data,
read with importlib.resources, so an installed wheel has them)."""
from __future__ import annotations

import csv
from importlib import resources

DATA = resources.files("cancu.nlp") / "data"     # package data (nlp/data/)


def read_tsv(name: str, package: str = "cancu.nlp") -> list[dict[str, str]]:
    """Rows of a TSV data file of `package`'s data/ with a header line; lines starting
    with '#' are comments."""
    folder = DATA if package == "cancu.nlp" else resources.files(package) / "data"
    with (folder / name).open(encoding="utf-8") as f:
        lines = [ln for ln in f if ln.strip() and not ln.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()}
            for row in csv.DictReader(lines, delimiter="\t")]
