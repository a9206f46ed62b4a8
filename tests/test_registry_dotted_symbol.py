"""A member of a numbered series of Government resolutions (66.7/2025/NQ-CP) is a symbol
the registry check accepts, as the citation extractor reads it (nlp/citations/symbols.py)."""
import datetime as dt

from cancu.kg.registry.check import allowed_types, symbol_problem
from cancu.kg.registry.instruments import Registry, default_registry_dir


def test_a_dotted_series_number_with_a_year_is_a_symbol():
    assert symbol_problem("66.7/2025/NQ-CP") is None
    assert symbol_problem("66.13/2026/NQ-CP") is None
    assert allowed_types("66.7/2025/NQ-CP") == allowed_types("66/2025/NQ-CP")


def test_a_dot_without_a_year_or_with_a_long_tail_is_not():
    assert symbol_problem("66.7/NQ-CP") is not None
    assert symbol_problem("66.777/2025/NQ-CP") is not None
    assert symbol_problem("66./2025/NQ-CP") is not None


def test_the_shipped_series_members_and_the_yearless_decree_load():
    reg = Registry.load(default_registry_dir())
    assert reg.get("66.7/2025/NQ-CP").key == "66.7/2025/NQ-CP"
    assert reg.get("66.4/2025/NQ-CP") is not None
    assert reg.get("74/CP", year=1993).key == "74/CP@1993"
    assert reg.status_at("66.7/2025/NQ-CP", dt.date(2026, 12, 5)).code == "in_force"
