"""One set of item markers (nlp/text/markers.py) for the obligation layout and search passages:
a line every reader takes for a bullet is a bullet to all of them."""
import pytest

from cancu.nlp.obligations.layout import blocks
from cancu.nlp.obligations.structure import _BULLET, opens_item
from cancu.search.passages import _line_kind

# the hyphen, the dashes PDF text and Word put for it, the bullet sign
BULLET_LINES = ["- Sở Tài chính chủ trì", "– Sở Tài chính chủ trì", "— Sở Tài chính chủ trì",
                "‒ Sở Tài chính chủ trì", "• Sở Tài chính chủ trì"]


@pytest.mark.parametrize("line", BULLET_LINES)
def test_a_bullet_line_is_a_bullet_everywhere(line):
    assert _line_kind(line) == "bullet"
    assert [b.kind for b in blocks(line + "\n")] == ["dash"]
    assert _BULLET.match(line)


def test_a_plus_bullet_sits_under_a_dash_bullet():
    levels = [b.level for b in blocks("- Sở Y tế:\n+ Hướng dẫn các xã\n")]
    assert levels[1] > levels[0]
    assert _line_kind("+ Hướng dẫn các xã") == "bullet"


def test_numbered_and_lettered_items():
    kinds = [b.kind for b in blocks("3.1. Sở Y tế\na) Hướng dẫn các xã\nNgày 12.10.2025 họp\n")]
    assert kinds[:2] == ["numbered", "lettered"] and "numbered" not in kinds[2:]
    assert opens_item("4. Trung tâm Văn hóa") and not opens_item("4.1. Trung tâm Văn hóa")


def test_an_item_number_alone_on_its_line_takes_the_next_line_as_its_text():
    # 04e413…, d5f01e…, a16f8b…: «2.\nVăn phòng UBND tỉnh cập nhật …» (page dumps break after the number)
    text = "Điều 2. Trách nhiệm\n1. Sở Tài chính rà soát danh mục.\n2.\nVăn phòng UBND tỉnh cập nhật dữ liệu.\n"
    found = [(b.kind, b.marker, text[b.body:b.end]) for b in blocks(text)]
    assert found[1:] == [("numbered", "1", "Sở Tài chính rà soát danh mục."),
                         ("numbered", "2", "Văn phòng UBND tỉnh cập nhật dữ liệu.")]
