"""A parallel ingest whose extraction worker dies: the run ends, the documents it could not
read fail with a reason, what was read is written, and the next run reads the rest."""
from __future__ import annotations

import json
import shutil

from cancu import ingest
from cancu.cli import main
from tests import worker_faults
from tests.gold import PLANS


def test_a_dead_worker_fails_the_documents_in_flight_and_loses_nothing(tmp_path, monkeypatch, capsys):
    plans = sorted(PLANS.glob("*.txt"))
    folder = tmp_path / "in"
    folder.mkdir()
    for p in plans:
        shutil.copy(p, folder / p.name)
    shutil.copy(plans[0], folder / "die-first.txt")    # read by a worker that then dies
    home = str(tmp_path / "home")

    monkeypatch.setattr(ingest, "_worker_prepare", worker_faults.prepare_or_die)
    assert main(["--home", home, "ingest", "--jobs", "2", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "an extraction worker stopped before reading this document" in err
    assert "die-first.txt" in err

    failed = err.count("an extraction worker stopped before reading this document")
    assert main(["--home", home, "stats", "--json"]) == 0
    written = json.loads(capsys.readouterr().out)["documents"]
    assert written + failed == len(plans) + 1        # each document written or failed, once

    monkeypatch.undo()          # the next run, with healthy workers, reads what was left
    assert main(["--home", home, "ingest", "--jobs", "2", str(folder)]) == 0
    assert f"added {failed}," in capsys.readouterr().out
    assert main(["--home", home, "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == len(plans) + 1
