"""One rule for the year a symbol carries, shared by extraction, registry keys and the audit."""
import pytest

from cancu.nlp.citations import year_in_symbol


@pytest.mark.parametrize("symbol, year", [
    ("59/2023/NĐ-CP", 2023),
    ("10/2022/QH15", 2022),
    ("34/2007/PL-UBTVQH11", 2007),
    ("BLLĐ-1994", 1994),          # a registry pseudo-symbol
    ("217-QĐ/TW", None),          # party symbols carry none
    ("2231/SNV-CCHC&PC", None),
    ("1999/QĐ-UBND", None),       # a number that looks like a year is not one
    (None, None),
])
def test_year_in_symbol(symbol, year):
    assert year_in_symbol(symbol) == year
