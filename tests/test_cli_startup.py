"""`cancu --help` and usage errors answer without loading the heavy parts
(the graph store, rdflib, spaCy, the .docx/.pdf readers, networkx): they are
imported by the commands that use them."""
import subprocess
import sys

HEAVY = ("pyoxigraph", "rdflib", "spacy", "docx", "pypdf", "networkx", "tantivy", "whoosh")

_PROBE = """
import sys
from cancu.cli import main
code = main(sys.argv[1:])
print("loaded:" + ",".join(sorted(m for m in {heavy!r} if m in sys.modules)))
sys.exit(code)
"""


def _loaded(*args: str) -> tuple[int, str]:
    done = subprocess.run([sys.executable, "-c", _PROBE.format(heavy=HEAVY), *args],
                          capture_output=True, text=True, timeout=120)
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("loaded:"), done.stderr
    return done.returncode, last.removeprefix("loaded:")


def test_help_loads_nothing_heavy():
    code, loaded = _loaded("--help")
    assert code == 0
    assert loaded == ""


def test_a_usage_error_loads_nothing_heavy():
    code, loaded = _loaded("cites")        # the instrument is missing
    assert code == 2
    assert loaded == ""


def test_stats_loads_no_chain_or_document_readers(tmp_path):
    code, loaded = _loaded("--home", str(tmp_path / "empty"), "stats")
    assert "networkx" not in loaded and "docx" not in loaded and "pypdf" not in loaded
