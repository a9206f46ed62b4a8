"""bench/web_instructions.py compares checkouts by importing `cancu` from another one: its
finder must map the package, a subpackage and a module below it to that checkout's
folders (as its pyproject.toml maps them), not to the installed one."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_another_checkout_is_imported_from_its_own_folders(tmp_path):
    other = tmp_path / "other"
    for folder in ("cancu", "kg", "kg/chains"):
        (other / folder).mkdir(parents=True)
        (other / folder / "__init__.py").write_text("", encoding="utf-8")
    (other / "kg" / "chains" / "walk.py").write_text("WHERE = 'other'\n", encoding="utf-8")
    (other / "pyproject.toml").write_text(
        '[tool.setuptools]\npackage-dir = { "cancu" = "cancu", "cancu.kg" = "kg" }\n', encoding="utf-8")
    script = (f"import sys; sys.path.insert(0, {str(ROOT / 'bench')!r})\n"
              "from pathlib import Path\n"
              "import web_instructions\n"
              f"sys.meta_path.insert(0, web_instructions._CheckoutFinder(Path({str(other)!r})))\n"
              "import cancu.kg.chains.walk as walk\n"
              "print(walk.WHERE, walk.__file__)\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["other", str(other / "kg" / "chains" / "walk.py")]
