"""Overlapping drafts settle as one rule says: best kind first, then document order, each
draft kept unless it overlaps one kept before it. `_settle` merges kind by kind; the rule
here is read straight off, one draft against every draft kept."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from cancu.nlp.citations.draft import Draft
from cancu.nlp.citations.extract import PRIORITY, _settle


def _by_the_rule(drafts: list[Draft]) -> list[Draft]:
    kept: list[Draft] = []
    for d in sorted(drafts, key=lambda x: (PRIORITY[x.kind], x.start)):
        if all(d.end <= k.start or k.end <= d.start for k in kept):
            kept.append(d)
    return sorted(kept, key=lambda x: x.start)


_DRAFTS = st.lists(
    st.builds(lambda kind, start, length: Draft(kind, start, start + length),
              st.sampled_from(sorted(PRIORITY)), st.integers(0, 60), st.integers(1, 12)),
    max_size=40)


@settings(max_examples=400, deadline=None)
@given(_DRAFTS)
def test_settle_keeps_what_the_rule_keeps_in_document_order(drafts):
    settled = _settle(drafts)
    assert [id(d) for d in settled] == [id(d) for d in _by_the_rule(drafts)]


def test_a_symbol_wins_over_a_name_it_overlaps_and_the_name_beside_it_stays():
    name = Draft("name", 0, 20)
    symbol = Draft("symbol", 10, 30)
    later = Draft("name", 30, 40)
    assert _settle([later, name, symbol]) == [symbol, later]
