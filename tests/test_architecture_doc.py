"""Docstrings point at docs/ARCHITECTURE.md sections that exist."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_cited_section_is_a_heading():
    doc = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^## (.+)$", doc, re.M))
    cited = {}
    for path in ROOT.glob("*/**/*.py"):
        if ".venv" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert "design" + ".md" not in text, path    # a file the repository does not have
        for section in re.findall(r"ARCHITECTURE\.md § ([A-Z][A-Za-z -]*[a-z])", text):
            cited.setdefault(section, path)
    assert cited
    missing = {s: str(p) for s, p in cited.items() if s not in headings}
    assert not missing, missing
