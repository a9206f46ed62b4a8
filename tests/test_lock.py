"""The dependency lock: every dependency pyproject.toml declares is pinned in
requirements.lock with hashes, and every third-party module the code imports
is declared (not merely installed as something else's dependency)."""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = ("cancu", "contract", "kg", "nlp", "search", "web", "tests", "bench")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = project["dependencies"] + [d for ds in project["optional-dependencies"].values() for d in ds]
    return {canonical(re.match(r"[A-Za-z0-9_.-]+", s).group(0)) for s in specs}


def locked() -> dict[str, list[str]]:
    """name → its hashes, from requirements.lock."""
    out: dict[str, list[str]] = {}
    for block in re.split(r"\n(?=\S)", (ROOT / "requirements.lock").read_text(encoding="utf-8")):
        m = re.match(r"([A-Za-z0-9_.-]+)==\S+", block)
        if m:
            out[canonical(m.group(1))] = re.findall(r"--hash=sha256:[0-9a-f]{64}", block)
    return out


def test_every_declared_dependency_is_pinned_with_hashes():
    lock = locked()
    assert declared() - set(lock) == set()
    assert [name for name, hashes in lock.items() if not hashes] == []
    assert "setuptools" in lock          # the build backend too (installed --no-build-isolation)


def imported_top_level_modules() -> set[str]:
    names: set[str] = set()
    for folder in CODE:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names.add(node.module.split(".")[0])
    return names


def test_every_imported_third_party_module_is_declared():
    ours = set(CODE) | {p.stem for folder in CODE for p in (ROOT / folder).rglob("*.py")}
    owners = packages_distributions()
    third_party = {m for m in imported_top_level_modules()
                   if m not in sys.stdlib_module_names and m not in ours and m in owners}
    undeclared = {m: owners[m] for m in third_party
                  if not any(canonical(d) in declared() for d in owners[m])}
    assert undeclared == {}
