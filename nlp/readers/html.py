"""HTML pages to text with the standard library's parser.

Script, style and similar content is dropped; block elements end lines; a
table row is one line with its cells separated by TAB (as for .docx); entities
are decoded. The charset comes from a BOM or `<meta charset>`, verified, then
the same detection as for .txt (legacy Vietnamese pages often declare
windows-1252 while carrying TCVN3 or VNI bytes).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from cancu.nlp.readers.errors import ReadError, describe
from cancu.nlp.readers.text import Decoded, decode_text

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_SKIP = frozenset(("script", "style", "noscript", "template", "title", "svg"))
_BLOCK = frozenset((
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main "
    "menu nav ol p pre section summary tbody tfoot thead ul br").split())
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")   # HTML collapses these, not NBSP
_AROUND_TAB = re.compile(r"[ \u00a0]*\t[ \u00a0]*")
_SPACES = re.compile(r" {2,}")


def declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


def read_html(data: bytes, path: str) -> Decoded:
    """Decoded page text; `.text` is the extracted text, not the markup."""
    decoded = decode_text(data, path, declared=declared_charset(data))
    extractor = _Extractor()
    try:
        extractor.feed(decoded.text)
        extractor.close()
    except Exception as exc:  # html.parser is lenient; anything it raises is a bad page
        raise ReadError(path, "không phân tích được HTML",
                        f"cannot parse HTML ({describe(exc)})") from exc
    return Decoded(extractor.result(), decoded.encoding, decoded.warnings)


@dataclass
class _Table:
    nested: bool          # inside another table's cell: flattened to spaces
    cells: int = 0        # cells opened in the current row
    in_cell: bool = False


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._lines: list[str] = []
        self._cur: list[str] = []
        self._skip = 0
        self._pre = 0
        self._tables: list[_Table] = []

    def result(self) -> str:
        self._flush()
        return "\n".join(self._lines)

    def _in_cell(self) -> bool:
        return any(t.in_cell for t in self._tables)

    def _flush(self) -> None:
        line = _AROUND_TAB.sub("\t", _SPACES.sub(" ", "".join(self._cur))).strip(" \u00a0")
        self._cur = []
        if line.strip():
            self._lines.append(line)

    def _break(self) -> None:
        # Inside a cell a block only separates words: the row stays on one line.
        if self._in_cell():
            self._cur.append(" ")
        else:
            self._flush()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
            return
        if self._skip:
            return
        table = self._tables[-1] if self._tables else None
        if tag == "table":
            self._break()
            self._tables.append(_Table(nested=self._in_cell()))
        elif tag == "tr" and table:
            if table.nested:
                self._cur.append(" ")
            else:
                self._flush()
            table.cells, table.in_cell = 0, False
        elif tag in ("td", "th") and table:
            if table.cells:
                self._cur.append(" " if table.nested else "\t")
            table.cells += 1
            table.in_cell = True
        elif tag in _BLOCK:
            self._break()
        if tag == "pre":
            self._pre += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
            return
        if self._skip:
            return
        table = self._tables[-1] if self._tables else None
        if tag in ("td", "th") and table:
            table.in_cell = False
        elif tag == "tr" and table:
            table.in_cell = False
            if table.nested:
                self._cur.append(" ")
            else:
                self._flush()
        elif tag == "table" and table:
            self._tables.pop()
            self._break()
        elif tag in _BLOCK:
            self._break()
        if tag == "pre":
            self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if not self._pre:
            self._cur.append(_HTML_SPACE.sub(" ", data))
            return
        first, *rest = data.split("\n")
        self._cur.append(first)
        for piece in rest:
            self._break()
            self._cur.append(piece)
