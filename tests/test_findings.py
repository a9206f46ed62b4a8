"""The finding kinds have one source (cancu.kg.audit.findings): every place that lists them agrees."""
import ast
from pathlib import Path

from cancu.kg.audit.findings import STALE_KINDS, FindingKind, is_stale, label, severity

ROOT = Path(__file__).resolve().parents[1]


def test_every_kind_the_audit_emits_is_a_finding_kind():
    tree = ast.parse((ROOT / "kg" / "audit" / "auditor.py").read_text(encoding="utf-8"))
    used = {n.attr for n in ast.walk(tree)
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "FindingKind"}
    assert used and used <= {k.name for k in FindingKind}


def test_stale_kinds_rank_first_and_unresolved_last():
    order = FindingKind.by_severity()
    stale = [k for k in order if k.is_stale]
    assert order[:len(stale)] == stale            # stale bases before every other finding
    assert set(STALE_KINDS) == {"stale", "stale_during_period", "replaced_since", "possibly_stale"}
    assert order[-1] is FindingKind.UNRESOLVED
    assert severity("no_such_kind") == len(FindingKind) and not is_stale("no_such_kind")


def test_labels_in_both_languages_with_diacritics():
    for k in FindingKind:
        assert k.label("vi") and k.label("en") and k.meaning("vi") and k.meaning("en")
    assert label("stale") == "Căn cứ hết hiệu lực" and label("stale", "en") == "Basis no longer in force"
    assert label("no_such_kind") == "no_such_kind"


def test_web_strings_and_exports_read_the_kinds():
    from cancu.web.exports import SEVERITY, finding_label
    from cancu.web.i18n import strings
    assert SEVERITY == tuple(k.value for k in FindingKind.by_severity())
    for k in FindingKind:
        assert strings()[f"finding_{k.value}"] == {"vi": k.label("vi"), "en": k.label("en")}
        assert finding_label(k.value, "en") == k.label("en")


def test_no_list_of_stale_codes_outside_kg_findings():
    for path in [*ROOT.glob("cancu/*.py"), *ROOT.glob("kg/**/*.py"), *ROOT.glob("web/*.py")]:
        text = path.read_text(encoding="utf-8")
        if path.name == "findings.py":
            continue
        assert '"replaced_since"' not in text and 'startswith("stale")' not in text, path
