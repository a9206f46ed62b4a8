"""Word .docx via python-docx: body paragraphs and tables in reading order.

A table row becomes one line with its cells separated by TAB, as appendix
tables appear in the .txt corpus; a cell's own paragraphs are joined by spaces
so the row stays on one line. Text boxes follow the paragraph that anchors
them. Headers, footers, footnotes and comments are not read.
"""
from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator

import docx
from lxml import etree

from cancu.nlp.readers.errors import ReadError, describe
from cancu.nlp.readers.limits import InputLimits, text_too_long, unpacked_too_large

_CHUNK = 1 << 20

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
P, TBL, TR, TC, SDT, SDT_CONTENT, CUSTOM_XML = (
    _W + t for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml"))
# Subtrees with no reading text: properties (w:tab there is a tab stop),
# deleted or moved-away runs, and the VML copy of a text box.
_SKIP = frozenset((_W + "pPr", _W + "rPr", _W + "del", _W + "moveFrom",
                   _W + "tblPr", _W + "tcPr", _W + "trPr", _MC + "Fallback"))


def check_zip(data: bytes, path: str, limits: InputLimits) -> None:
    """Refuse broken zips and zip bombs before python-docx reads any part whole.

    The central directory's sizes give a cheap first refusal, but a header may
    lie, so every member is then inflated in chunks with a running count that
    stops at the limit: what python-docx later reads is what was counted.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = zf.infolist()
            if len(members) > limits.zip_members:
                raise ReadError(path, f"tệp nén có quá nhiều thành phần ({len(members)})",
                                f"zip has too many members ({len(members)})")
            declared = sum(m.file_size for m in members)
            if declared > limits.unpacked_bytes:
                raise unpacked_too_large(path, ("tổng kích thước khai báo", "declared total"), declared, limits)
            total = 0
            for member in members:
                with zf.open(member) as fh:
                    while chunk := fh.read(_CHUNK):
                        total += len(chunk)
                        if total > limits.unpacked_bytes:
                            raise unpacked_too_large(path, (member.filename, member.filename), total, limits)
    except ReadError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError,
            NotImplementedError, RuntimeError, zlib.error) as exc:
        raise ReadError(path, "tệp .docx hỏng (không phải zip hợp lệ)",
                        f"corrupt .docx (not a valid zip: {describe(exc)})") from exc


def read_docx(data: bytes, path: str, limits: InputLimits) -> str:
    check_zip(data, path, limits)
    try:
        # python-docx parses with resolve_entities=False and lxml's default
        # huge_tree=False, so entity expansion cannot grow the text either.
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        chars = 0
        for line in _blocks(document.element.body):
            chars += len(line) + 1
            if chars > limits.text_chars:
                raise text_too_long(path, chars, limits)
            lines.append(line)
    except ReadError:
        raise
    except Exception as exc:  # python-docx/lxml raise many types on bad parts
        raise ReadError(path, "tệp không phải tài liệu Word (.docx) hợp lệ",
                        f"not a valid Word .docx document ({describe(exc)})") from exc
    return "\n".join(lines)


def _blocks(parent: etree._Element) -> Iterator[str]:
    """Lines of a block container (body, cell, text box) in document order."""
    for child in parent:
        tag = child.tag
        if tag == P:
            boxes: list[str] = []
            parts: list[str] = []
            _inline(child, parts, boxes)
            yield "".join(parts)
            yield from boxes
        elif tag == TBL:
            yield from _table(child)
        elif tag in (SDT, CUSTOM_XML):
            content = child.find(SDT_CONTENT) if tag == SDT else child
            if content is not None:
                yield from _blocks(content)


def _inline(el: etree._Element, out: list[str], boxes: list[str]) -> None:
    """Text of runs under `el`; text-box content goes to `boxes` as lines."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _W + "t":
            out.append(child.text or "")
        elif tag == _W + "tab":
            out.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            out.append("\n")
        elif tag == _W + "noBreakHyphen":
            out.append("-")
        elif tag == _W + "txbxContent":
            boxes.extend(_blocks(child))
        else:
            _inline(child, out, boxes)


def _table(tbl: etree._Element) -> Iterator[str]:
    for tr in _children(tbl, TR):
        # Each w:tc once: python-docx's row.cells repeats merged cells.
        yield "\t".join(_cell(tc) for tc in _children(tr, TC))


def _children(el: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with `tag`, also those wrapped in content controls."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in (SDT, CUSTOM_XML):
            content = child.find(SDT_CONTENT) if child.tag == SDT else child
            if content is not None:
                yield from _children(content, tag)


def _cell(tc: etree._Element) -> str:
    # One line per row: a cell's paragraphs, breaks and tabs become spaces.
    lines = (" ".join(line.split()) for line in _blocks(tc))
    return " ".join(line for line in lines if line)
