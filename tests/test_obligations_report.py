"""bench/obligations_report.py: obligations per document kind and source kind, through the library."""
from __future__ import annotations

import json
import shutil

from bench.obligations_report import UNKNOWN_KIND, build_report, files_of, main
from cancu.pipeline import Extractor, load_registry
from cancu.nlp.model import SourceText
from tests.gold import PLANS, ROOT

REALDOC = ROOT / "corpus" / "realdocs" / "005d8820eb95c1cb.txt"     # a Công văn


def folder_with_a_bad_file(tmp_path):
    for plan in sorted(PLANS.glob("*.txt"))[:2]:
        shutil.copy(plan, tmp_path / plan.name)
    shutil.copy(REALDOC, tmp_path / REALDOC.name)
    (tmp_path / "hong.pdf").write_bytes(b"not a pdf at all")
    (tmp_path / "ghi-chu.md").write_text("not a supported suffix", encoding="utf-8")
    return tmp_path


def test_counts_per_kind_and_source(tmp_path):
    folder = folder_with_a_bad_file(tmp_path)
    paths = files_of([folder])
    assert sorted(p.name for p in paths) == sorted(["000_ba1120af1f27bf6e.txt", "001_205a99ee8602f0ef.txt",
                                                    REALDOC.name, "hong.pdf"])
    report = build_report(paths)
    assert len(report.failed) == 1 and "hong.pdf" in report.failed[0]
    extractor = Extractor(load_registry())
    expected = sum(len(extractor.extract(SourceText(p.name, p.read_text(encoding="utf-8"), "txt"),
                                         obligations=True).obligations) for p in paths if p.suffix == ".txt")
    d = report.as_dict()
    assert d["documents"] == 3 and d["obligations"] == expected > 0
    plans = d["by_kind"]["Kế hoạch"]
    assert plans["documents"] == 2 and plans["with_obligations"] == 2 and plans["empty"] == []
    assert sum(plans["sources"].values()) == plans["obligations"]
    assert sum(k["obligations"] for k in d["by_kind"].values()) == sum(d["by_source"].values()) == expected
    letter = d["by_kind"]["Công văn"]
    assert letter["documents"] == 1 and letter["documents"] == letter["with_obligations"] + len(letter["empty"])
    assert UNKNOWN_KIND not in d["by_kind"]


def test_json_and_exit_code(tmp_path, capsys):
    folder = folder_with_a_bad_file(tmp_path)
    assert main(["--json", str(folder)]) == 1          # one unreadable file
    out = json.loads(capsys.readouterr().out)
    assert out["documents"] == 3 and set(out["by_kind"]) == {"Kế hoạch", "Công văn"}
    (folder / "hong.pdf").unlink()
    assert main([str(folder), "--list-empty"]) == 0
    assert "Kế hoạch" in capsys.readouterr().out
