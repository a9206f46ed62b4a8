"""No import circle between the modules of cancu, counting the imports inside
functions too: an import moved into a function to dodge a circle is still a circle
(docs/ARCHITECTURE.md § Layers). A lazy import for start-up time is fine; it just
must not close a loop."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# pyproject.toml's package-dir: folder → installed name.
FOLDERS = {"cancu": "cancu", "contract": "cancu.contract", "kg": "cancu.kg", "nlp": "cancu.nlp",
           "search": "cancu.search", "web": "cancu.web"}
# Circles accepted for now, as (module, the module it imports lazily): none. The last one,
# cancu.nlp.obligations ↔ .run, went when the Obligation records moved to .records.
KNOWN: set[tuple[str, str]] = set()


def _modules() -> dict[str, Path]:
    out = {}
    for folder, package in FOLDERS.items():
        for path in (ROOT / folder).rglob("*.py"):
            parts = [p for p in path.relative_to(ROOT / folder).with_suffix("").parts if p != "__init__"]
            out[".".join([package, *parts])] = path
    return out


def _edges(modules: dict[str, Path]) -> dict[str, set[str]]:
    """module → the cancu modules it imports anywhere (not under `if TYPE_CHECKING:`).
    `from package import submodule` is an edge to the submodule only; a name defined in
    the package's __init__ is an edge to the package."""
    edges = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                       and "TYPE_CHECKING" in ast.unparse(node.test) for n in ast.walk(node)}
        out = set()
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.Import):
                out |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                subs = {f"{node.module}.{a.name}" for a in node.names} & modules.keys()
                out |= subs
                if len(subs) < len(node.names):
                    out.add(node.module)
        edges[name] = (out & modules.keys()) - {name}
    return edges


def _circle_through(edges: dict[str, set[str]], a: str, b: str) -> bool:
    """Whether b leads back to a."""
    seen, todo = set(), [b]
    while todo:
        m = todo.pop()
        if m == a:
            return True
        if m not in seen:
            seen.add(m)
            todo.extend(edges.get(m, ()))
    return False


def test_no_module_imports_one_that_imports_it_back():
    edges = _edges(_modules())
    for a, b in KNOWN:
        edges[a].discard(b)
    circles = sorted((a, b) for a, targets in edges.items() for b in targets if _circle_through(edges, a, b))
    assert not circles, circles


def test_the_known_circle_is_still_there():
    """When it is fixed, KNOWN must shrink with it (so it never hides a new one)."""
    edges = _edges(_modules())
    assert all(_circle_through(edges, a, b) for a, b in KNOWN)
