"""A clean install works: a wheel built from the repository and installed (not
editable) in a fresh virtual environment runs `cancu ingest` on the embedded
corpus and `cancu serve` answers on loopback, with nothing read from the source
tree. The packages install under one name (cancu.kg, cancu.nlp, cancu.search,
cancu.web, cancu.corpus), their data read as package data.

The fresh environment gets the project's locked dependencies without a network:
a .pth file adds the project environment's site-packages after its own (a path
named in a .pth file is only appended to sys.path; its own .pth files, among
them the editable install's import hook, are not run), so the only cancu it can
import is the wheel's. Everything runs from a temporary folder."""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.server import free_port, stop, wait_http

ROOT = Path(__file__).resolve().parents[1]
# What the wheel is built from: the user's layout, as in the repository.
SOURCES = ("pyproject.toml", "README.md", "cancu", "kg", "nlp", "search", "web", "contract", "corpus")
EMBEDDED = sorted((ROOT / "corpus" / "plans").glob("*.txt")) + sorted((ROOT / "corpus" / "realdocs").glob("*.txt"))


def run(args: list[str], cwd: Path, env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """(a fresh environment's python, its cancu script, a clean environment, a work folder)."""
    if importlib.util.find_spec("setuptools") is None:    # the locked build backend, used without isolation
        pytest.skip("setuptools is not installed in this environment: `make test` installs it from the lock")
    root = tmp_path_factory.mktemp("wheel")
    src, dist, venv, work = root / "src", root / "dist", root / "venv", root / "work"
    work.mkdir()
    src.mkdir()
    for name in SOURCES:            # a copy: building in place would leave build/ in the checkout
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(
            ROOT / name, src / name, **({"ignore": shutil.ignore_patterns("__pycache__", "*.egg-info")}
                                        if (ROOT / name).is_dir() else {}))
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "CANCU_HOME", "CANCU_TOKEN", "CANCU_SPARQL_ENDPOINT")}
    env["PIP_NO_INDEX"] = "1"       # nothing from a package registry
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--quiet", "-w", str(dist), str(src)], cwd=work, env=env, timeout=600)
    [wheel] = dist.glob("cancu-*.whl")
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=work, env=env, timeout=120)
    python = venv / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
         "--quiet", str(wheel)], cwd=work, env=env, timeout=600)
    purelib = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                       cwd=work, env=env, timeout=60).stdout.strip())
    deps = [p for p in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()}
            if Path(p).is_dir()]
    (purelib / "project_dependencies.pth").write_text("\n".join(sorted(deps)) + "\n", encoding="utf-8")
    return python, venv / "bin" / "cancu", env, work


def test_the_wheel_holds_the_packages_and_their_data(fresh):
    python, _, env, work = fresh
    probe = ("import json, cancu, cancu.kg.vocab, cancu.nlp.citations.vocab, cancu.web.i18n, cancu.search.abbreviations\n"
             "from importlib import resources\n"
             "from cancu.kg.registry.instruments import default_registry_dir\n"
             "print(json.dumps({'cancu': cancu.__file__, 'kg': cancu.kg.vocab.__file__,\n"
             "  'registry': str(default_registry_dir()), 'ontology': cancu.kg.vocab.ONTOLOGY_FILE.is_file(),\n"
             "  'type_words': len(cancu.nlp.citations.vocab.read_tsv('type_words.tsv')),\n"
             "  'strings': cancu.web.i18n.STRINGS_FILE.is_file(),\n"
             "  'templates': resources.files('cancu.web').joinpath('templates', 'base.html').is_file(),\n"
             "  'top_level': [m for m in ('kg', 'nlp', 'search', 'web', 'contract', 'corpus')\n"
             "                if __import__('importlib.util').util.find_spec(m)]}))\n")
    got = json.loads(run([str(python), "-c", probe], cwd=work, env=env, timeout=120).stdout)
    site_dir = str(python.parents[1])
    assert got["cancu"].startswith(site_dir) and got["kg"].startswith(site_dir), got   # not the checkout
    assert got["registry"].startswith(site_dir) and Path(got["registry"], "instruments.tsv").is_file()
    assert got["ontology"] and got["strings"] and got["templates"] and got["type_words"] > 0
    assert got["top_level"] == [], "the wheel claims generic top-level names"


def test_ingest_the_embedded_corpus_then_serve_it(fresh):
    _, cancu, env, work = fresh
    home = work / "home"
    done = run([str(cancu), "--home", str(home), "ingest", "--jobs", "2"], cwd=work, env=env, timeout=1800)
    assert f"added {len(EMBEDDED)}, replaced 0, unchanged 0, failed 0" in done.stdout, done.stdout
    stats = json.loads(run([str(cancu), "--home", str(home), "stats", "--json"], cwd=work, env=env,
                           timeout=300).stdout.splitlines()[0])
    assert stats["documents"] == len(EMBEDDED), stats

    port, log = free_port(), work / "serve.log"
    with open(log, "wb") as fh:
        server = subprocess.Popen([str(cancu), "--home", str(home), "serve", "--port", str(port), "--workers", "1"],
                                  stdout=fh, stderr=fh, cwd=work, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_http(base + "/api/v1/stats", 120, server, log)
        with urllib.request.urlopen(base + "/api/v1/cites?q=" + urllib.parse.quote("59/2023/NĐ-CP"), timeout=60) as r:
            answer = json.loads(r.read())
        with urllib.request.urlopen(base + "/", timeout=60) as r:
            page = r.read().decode("utf-8")
    finally:
        stop(server)
    assert answer["total"] > 0, answer
    assert "cancu" in page.lower()
