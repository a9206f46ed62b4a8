"""The folders kg/ nlp/ search/ web/ contract/ corpus/ install under the one name cancu
(pyproject.toml's package-dir): every package folder is listed, and no code
imports them by their folder names (which only a checkout on sys.path would
find, and which a clean install does not have)."""
from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = {"cancu": "cancu", "kg": "cancu.kg", "nlp": "cancu.nlp", "search": "cancu.search",
           "web": "cancu.web", "contract": "cancu.contract", "corpus": "cancu.corpus"}
CODE = ("cancu", "contract", "kg", "nlp", "search", "web", "tests", "bench")


def setuptools_config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_each_folder_is_mapped_under_cancu():
    assert setuptools_config()["package-dir"] == {name: folder for folder, name in FOLDERS.items()}


def test_every_package_folder_is_listed():
    found = set()
    for folder, name in FOLDERS.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / folder)
            found.add(".".join([name, *rel.parts]))
    assert set(setuptools_config()["packages"]) == found


def test_nothing_imports_the_folder_names():
    bare = []
    for folder in CODE:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                         [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
                         else [])
                bare += [f"{path.relative_to(ROOT)}:{node.lineno} {n}" for n in names
                         if n.split(".")[0] in ("kg", "nlp", "search", "web", "contract")]
    assert bare == []


def test_nlp_imports_nothing_of_the_other_layers():
    """nlp/ stays the bottom layer: under the shared name it may import only cancu.nlp."""
    wrong = []
    for path in (ROOT / "nlp").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
                     else [])
            wrong += [f"{path.relative_to(ROOT)}: {n}" for n in names
                      if n.split(".")[0] == "cancu" and not n.startswith("cancu.nlp")]
    assert wrong == []
