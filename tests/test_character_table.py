"""One character table (nlp/data/characters.tsv): the readers of a text as written
(item bullets, section headings) and the keys of the registry know the same dashes."""
from __future__ import annotations

import re

import pytest

from cancu.kg.registry.instruments import symbol_key
from cancu.nlp.citations.basis import preamble_end
from cancu.nlp.text.characters import char_class, unified
from cancu.nlp.text.markers import BULLETS

DASHES = sorted(unified(("dash",)))


def test_the_table_has_the_dashes_writers_use():
    assert {"\u2013", "\u2014", "\u2212", "\u2011"} <= set(DASHES)


@pytest.mark.parametrize("dash", DASHES)
def test_every_dash_of_the_table_opens_a_bullet_and_a_section_heading(dash):
    assert re.fullmatch(f"[{BULLETS}]", dash)
    text = f"Căn cứ Luật Tổ chức chính quyền địa phương;\nII {dash} MỤC TIÊU\n1. Nội dung"
    assert preamble_end(text) == text.index("II")


@pytest.mark.parametrize("dash", DASHES)
def test_symbol_key_unifies_every_dash_of_the_table(dash):
    assert symbol_key(f"59/2023/NĐ{dash}CP") == symbol_key("59/2023/NĐ-CP")


def test_char_class_holds_the_plain_character_too():
    assert re.fullmatch(f"[{char_class('dash')}]+", "-\u2013") and re.fullmatch(f"[{char_class('quote')}]+", "\"\u201c'")
