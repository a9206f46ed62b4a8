"""The command line: JSON fields, tables, exit codes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cancu.cli import main
from tests.gold import PLANS

SEED = str(PLANS / "000_ba1120af1f27bf6e.txt")
FIELDS = {"file", "start", "end", "text", "type_as_written", "type", "number", "year", "symbol",
          "name", "date", "issuer", "pinpoint", "instrument", "note"}


def test_extract_json_lines_point_into_cancu_text(capsys):
    assert main(["text", SEED]) == 0
    text = capsys.readouterr().out
    assert main(["extract", "--json", SEED]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 30
    assert FIELDS <= set(records[0])
    for r in records:
        assert text[r["start"]:r["end"]] == r["text"]
    law = records[0]
    assert law["symbol"] == "72/2025/QH15" and law["date"] == "2025-06-16"
    assert law["instrument"].endswith("/instrument/luat/2025/72-2025-qh15")


def test_extract_table(capsys):
    assert main(["extract", SEED]) == 0
    out = capsys.readouterr().out
    assert "59/2023/NĐ-CP" in out and "30 trích dẫn" in out


def test_bad_file_is_reported_and_the_batch_goes_on(tmp_path, capsys):
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    code = main(["extract", "--json", str(empty), SEED])
    captured = capsys.readouterr()
    assert code == 1
    assert "rong.txt" in captured.err and len(captured.out.splitlines()) == 30


def test_usage_error_exits_2(capsys):
    assert main(["no-such-command"]) == 2
    assert main(["extract"]) == 2


def test_run_ingests_and_summarises_the_corpus(capsys, tmp_path):
    assert main(["--home", str(tmp_path / "ws"), "run", "--no-serve", str(PLANS)]) == 0
    out = capsys.readouterr().out
    assert "5 văn bản, 125 trích dẫn" in out
    assert "002_93d6b709dd7d643f.txt: 34/2007/PL-UBTVQH11 — Hết hiệu lực trong thời gian áp dụng" in out


@pytest.fixture()
def compactions(monkeypatch) -> list:
    """The stores GraphStore.compact is called on (each still compacted)."""
    from cancu.kg.store.graph import GraphStore
    compacted: list = []
    compact = GraphStore.compact
    monkeypatch.setattr(GraphStore, "compact", lambda self: (compacted.append(self.path), compact(self)))
    return compacted


def test_ingest_compacts_the_store_when_it_wrote_documents(capsys, tmp_path, compactions):
    home = str(tmp_path / "ws")
    assert main(["--home", home, "ingest", str(PLANS)]) == 0
    assert len(compactions) == 1
    assert "compacting the graph store" in capsys.readouterr().err
    assert main(["--home", home, "ingest", str(PLANS)]) == 0      # nothing new: nothing to compact
    assert len(compactions) == 1
    assert main(["--home", home, "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["documents"] == 5


def test_compact_command_compacts_and_keeps_the_workspace(capsys, tmp_path, compactions):
    home = str(tmp_path / "ws")
    assert main(["--home", home, "ingest", str(PLANS)]) == 0
    assert main(["--home", home, "stats", "--json"]) == 0
    before = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert main(["--home", home, "compact"]) == 0
    assert len(compactions) == 2          # the ingest's, then the command's
    assert "graph store compacted" in capsys.readouterr().out
    assert main(["--home", home, "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1]) == before


def test_compaction_is_due_when_a_run_wrote_a_tenth_of_the_store():
    from cancu.ingest import compaction_due
    assert compaction_due(5, 5)                 # a first ingest
    assert compaction_due(1_000, 10_000)
    assert not compaction_due(999, 10_000)      # a few files into a large workspace
    assert not compaction_due(0, 0)


def test_extract_obligations_json(capsys):
    plan = str(PLANS / "004_9804076c90d51208.txt")
    assert main(["extract", "--obligations", "--json", plan]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 56
    needed = {"file", "start", "end", "source", "actor", "actor_normalized", "co_leads", "cooperating",
              "modality", "task", "schedule", "deadlines", "output", "reports_to", "basis"}
    assert needed <= set(records[0])
    assert {r["source"] for r in records} == {"org_section", "appendix_table", "labelled_task", "reporting"}
    assert [r["start"] for r in records] == sorted(r["start"] for r in records)


def test_extract_obligations_json_carries_bodies_and_relative_limits(capsys):
    # a real Quyết định: "Giao Sở Giáo dục và Đào tạo … trong thời hạn 03 ngày làm việc, kể từ
    # ngày Quyết định có hiệu lực thi hành", and a closing article listing posts
    doc = str(Path(__file__).resolve().parent / "data" / "realdocs" / "65dec8089b8bd9d9.txt")
    assert main(["extract", "--obligations", "--json", doc]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    relative = [d["relative"] for r in records for d in r["deadlines"] if d["relative"]]
    assert {"amount": 3, "unit": "working_day",
            "event": "kể từ ngày Quyết định có hiệu lực thi hành"} in relative
    closing = next(r for r in records if r["actor"].startswith("Chánh Văn phòng"))
    assert closing["bodies"][:2] == ["Văn phòng Ủy ban nhân dân tỉnh", "Sở Giáo dục và Đào tạo"]
