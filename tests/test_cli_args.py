"""The CLI's argument parsing: global options on either side of the command,
--version, a description on every command and argument, usage errors exit 2."""
from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from cancu.cli import build_parser, main
from tests.gold import PLANS

SEED = str(PLANS / "000_ba1120af1f27bf6e.txt")


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


@pytest.mark.parametrize("argv, home, registry", [
    (["--home", "A", "stats"], "A", None),
    (["stats", "--home", "B"], "B", None),
    (["--registry", "R", "audit", "--home", "C"], "C", "R"),
    (["--home", "A", "ingest", "x.txt", "--home", "B"], "B", None),   # the later one wins
    (["stats"], None, None),
])
def test_global_options_before_or_after_the_command(argv, home, registry):
    args = build_parser().parse_args(argv)
    assert (args.home, args.registry, args.max_bytes) == (home, registry, None)


def test_ingest_with_home_after_the_command(tmp_path, capsys):
    home = tmp_path / "ws"
    assert main(["ingest", "--home", str(home), SEED]) == 0
    capsys.readouterr()
    assert main(["stats", "--json", "--home", str(home)]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 1


def test_version():
    done = subprocess.run([sys.executable, "-m", "cancu.cli", "--version"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("cancu ")


def test_every_command_and_argument_says_what_it_is():
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    described = {a.dest: a.help for a in sub._choices_actions}
    for name, command in _commands(parser).items():
        assert described.get(name), f"command {name} has no help"
        for action in command._actions:
            assert action.help, f"{name}: {action.option_strings or action.dest} has no help"
    for action in parser._actions:
        assert action.help, action.option_strings


@pytest.mark.parametrize("argv", [
    ["obligations", "--due-before", "2026-13-01"],
    ["obligations", "--due-before", "30/06/2026"],
    ["search", "x", "--limit", "many"],
    ["nosuchcommand"],
    ["cites"],
])
def test_usage_errors_exit_2(argv, tmp_path, capsys):
    assert main(argv + ["--home", str(tmp_path / "ws")]) == 2
    assert "cancu" in capsys.readouterr().err


def test_a_good_due_before_is_a_date():
    args = build_parser().parse_args(["obligations", "--due-before", "2026-06-30"])
    assert args.due_before.isoformat() == "2026-06-30"
