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


def _undescribed(parser: argparse.ArgumentParser, path: str) -> list[str]:
    """Every command, subcommand and argument under `parser` without a one-line help
    (commands: their description too), walked down the whole tree."""
    missing = []
    for action in parser._actions:
        if not action.help or "\n" in action.help:
            missing.append(f"{path}: {'/'.join(action.option_strings) or action.dest}")
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            for name, command in action.choices.items():
                if not helps.get(name) or "\n" in helps[name] or not command.description:
                    missing.append(f"{path} {name}: no one-line help or description")
                missing += _undescribed(command, f"{path} {name}")
    return missing


def test_every_command_and_argument_says_what_it_is():
    assert _undescribed(build_parser(), "cancu") == []


def test_the_walk_finds_a_missing_help():
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    sub.add_parser("bare").add_argument("thing")
    assert set(_undescribed(parser, "cancu")) == {"cancu bare: no one-line help or description",
                                                   "cancu bare: thing"}


@pytest.mark.parametrize("argv", [
    ["obligations", "--due-before", "2026-13-01"],
    ["obligations", "--due-before", "30/06/2026"],
    ["search", "x", "--limit", "many"],
    ["nosuchcommand"],
    ["cites"],                              # a missing argument
    ["stats", "--bogus"],                   # an unknown option
    ["chain", "x", "--direction", "sideways"],
    ["ingest", "--jobs", "two"],
])
def test_usage_errors_exit_2(argv, tmp_path, capsys):
    assert main(argv + ["--home", str(tmp_path / "ws")]) == 2
    assert "cancu" in capsys.readouterr().err


def test_a_good_due_before_is_a_date():
    args = build_parser().parse_args(["obligations", "--due-before", "2026-06-30"])
    assert args.due_before.isoformat() == "2026-06-30"


def test_chain_directions_are_the_contracts():
    from cancu.contract.vocab import CHAIN_DIRECTIONS
    chain = _commands(build_parser())["chain"]
    direction = next(a for a in chain._actions if a.dest == "direction")
    assert set(direction.choices) == set(CHAIN_DIRECTIONS) and direction.default == CHAIN_DIRECTIONS[0]
