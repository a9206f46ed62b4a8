"""The markers that open an item line, one definition for every reader of layout
(cancu.nlp.obligations.layout, cancu.nlp.obligations.structure, cancu.nlp.obligations.actors,
cancu.search.passages). Offsets and groups are those of the stripped line."""
from __future__ import annotations

import re

from cancu.nlp.text.characters import char_class
from cancu.nlp.text.datafiles import read_tsv

# A regex character class body: hyphen, every dash of the one character table
# (nlp/data/characters.tsv; a raw text, as search passages read, still has them), bullet, star.
# "+" (SUB_BULLET) opens a bullet one level under them.
BULLETS = char_class("dash") + "\u2022*"
SUB_BULLET = "+"

# "2.", "3.1.", "3.1.2)": a numbered item of up to three levels (group 1: "3.1.2"); not
# "12.10.2025", a date, nor a code «1.16 )/Báo cáo chi tiết» (a menu path wrapped to a line start)
_ITEM_NUMBER = r"(\d{1,2}(?:\.\d{1,2}){0,2})\s*[.)]"
NUMBERED = re.compile(rf"^{_ITEM_NUMBER}(?!\d)\s*(?=[^\s/])")
# the same number alone on its line, its text on the next ("2.\nVăn phòng UBND tỉnh cập nhật …"; fullmatch)
NUMBER_ALONE = re.compile(_ITEM_NUMBER)
# "- ", "+ ", "• " opening a text: a list's bullet, no part of the item (a table cell's, a member's)
LEADING_BULLET = re.compile(rf"^[{BULLETS}{re.escape(SUB_BULLET)}]\s*")
# "a)", "đ)": a lettered point (group 1: the letter)
LETTERED = re.compile(r"^([a-zđ])\s*\)\s*(?=\S)")
# "(i)", "(2)": an item numbered inside a running line, after a colon or a semicolon
# ("Giao Bộ trưởng Bộ Tài chính: (i) … ; (ii) …"); a regex fragment
INLINE_LABEL = r"\((?:[ivx]{1,4}|\d{1,2})\)"
# "[4]": a footnote's number glued to the word it annotates ("Bộ Nội vụ[4]", "Điều 8[7]."), in a
# consolidated text; a regex fragment
FOOTNOTE_MARK = r"\[\d{1,3}\]"


# "QUYẾT ĐỊNH", "QUYẾT NGHỊ" …: the capitalised words of the line that opens a decision's
# operative part (nlp/data/operative_lines.tsv)
OPERATIVE_WORDS = tuple(r["word"] for r in read_tsv("operative_lines.tsv"))
# Words that open a preamble line ("Căn cứ …", "Thực hiện …"), lower case: title_lines.tsv's
# preamble cues, which nlp/document.py reads too.
PREAMBLE_OPENERS = tuple(r["phrase"] for r in read_tsv("title_lines.tsv")
                         if r["cue"] in ("preamble", "preamble_after_title"))
