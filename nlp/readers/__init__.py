"""Turning the files legal staff have (.txt, .docx, .pdf, .html) into text.

`read_document(path)` / `read_bytes(data, name)` return a `SourceText` whose
`text` is what every later offset points into. Decisions that shape that text:

- Line ends are "\\n" in every format (CRLF and lone CR are converted).
- Windows-1258, TCVN3 and VNI are converted to NFC Unicode (cp1258's combining
  tone marks are composed), so legacy files read like Unicode ones; UTF-8/16
  text is returned as decoded, without normalisation (that is `cancu.nlp.text`'s job).
- The format comes from the extension, checked against the content: a file
  that is really a PDF or a zip (.docx) is read as what it is, with a warning;
  an old binary Office file (.doc) is refused.
- Anything that cannot be read raises `ReadError`, one line, Vietnamese first.
"""
from __future__ import annotations

import os
import stat

from cancu.nlp.model import SourceText
from cancu.nlp.readers.errors import ReadError, describe, human_size
from cancu.nlp.readers.html import read_html
from cancu.nlp.readers.limits import DEFAULT_MAX_BYTES, InputLimits, text_too_long
from cancu.nlp.readers.sniff import OLE, PDF, ZIP, sniff
from cancu.nlp.readers.text import decode_text

__all__ = ["DEFAULT_MAX_BYTES", "InputLimits", "ReadError", "SUPPORTED_SUFFIXES", "read_bytes",
           "read_document"]

_FORMATS = {".txt": "txt", ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html"}
SUPPORTED_SUFFIXES = frozenset(_FORMATS)
_SNIFFED_FORMAT = {PDF: "pdf", ZIP: "docx"}


def read_document(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read a file from disk; raise `ReadError` if it cannot be turned into text."""
    shown = os.fsdecode(path)
    limits = InputLimits(max_bytes)
    fmt = _format_of(shown)
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise ReadError(shown, "là thư mục, không phải tệp", "is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise ReadError(shown, "không phải tệp thông thường", "not a regular file")
        _check_size(info.st_size, shown, max_bytes)
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)   # +1: notice a file that grew past the limit
    except FileNotFoundError as exc:
        raise ReadError(shown, "không tìm thấy tệp", "file not found") from exc
    except PermissionError as exc:
        raise ReadError(shown, "không có quyền đọc tệp", "permission denied") from exc
    except OSError as exc:
        raise ReadError(shown, "không đọc được tệp", f"cannot read file ({describe(exc)})") from exc
    return _read(data, shown, fmt, limits)


def read_bytes(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read an upload; `name` (its file name) gives the format by its extension."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"data must be bytes, not {type(data).__name__}")
    limits = InputLimits(max_bytes)
    return _read(bytes(data), name, _format_of(name), limits)


def _format_of(name: str) -> str:
    suffix = os.path.splitext(name)[1].lower()
    if suffix in _FORMATS:
        return _FORMATS[suffix]
    if suffix == ".doc":
        raise ReadError(name, "định dạng Word 97-2003 (.doc) không được hỗ trợ, hãy lưu lại thành .docx",
                        "Word 97-2003 .doc is not supported; save it as .docx")
    shown = suffix or "không có phần mở rộng"
    supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
    raise ReadError(name, f"định dạng không được hỗ trợ ({shown}); chỉ đọc {supported}",
                    f"unsupported format ({suffix or 'no extension'}); supported: {supported}")


def _check_size(size: int, name: str, max_bytes: int) -> None:
    if size > max_bytes:
        raise ReadError(name, f"tệp quá lớn ({human_size(size)}, giới hạn {human_size(max_bytes)})",
                        f"file too large ({human_size(size)}, limit {human_size(max_bytes)})")


def _read(data: bytes, name: str, fmt: str, limits: InputLimits) -> SourceText:
    try:
        return _read_checked(data, name, fmt, limits)
    except ReadError:
        raise
    except Exception as exc:
        # Every library call is wrapped where it is made; this is the last guard so
        # one bad file never stops a batch with a foreign exception type.
        raise ReadError(name, "lỗi nội bộ khi đọc tệp",
                        f"internal error while reading ({describe(exc)})") from exc


def _read_checked(data: bytes, name: str, fmt: str, limits: InputLimits) -> SourceText:
    _check_size(len(data), name, limits.file_bytes)
    if not data:
        raise ReadError(name, "tệp rỗng (0 byte)", "empty file (0 bytes)")
    warnings: list[str] = []
    kind = sniff(data)
    if kind == OLE:
        raise ReadError(name, "tệp Office 97-2003 (.doc/.xls) không được hỗ trợ, hãy lưu lại thành .docx",
                        "Office 97-2003 file (.doc/.xls) is not supported; save it as .docx")
    actual = _SNIFFED_FORMAT.get(kind or "", fmt if fmt in ("txt", "html") else "")
    if not actual:
        raise ReadError(name, f"nội dung không phải tệp .{fmt}",
                        f"content is not a .{fmt} file (" +
                        ("no %PDF- header)" if fmt == "pdf" else "not a zip archive)"))
    if actual != fmt:
        warnings.append(f"tệp .{fmt} thực chất là {actual.upper()}, đã đọc như {actual.upper()} / "
                        f"the .{fmt} file is really a {actual.upper()}; read as such")
    encoding = None
    if actual == "txt":
        decoded = decode_text(data, name)
        text, encoding = decoded.text, decoded.encoding
        warnings += decoded.warnings
    elif actual == "html":
        decoded = read_html(data, name)
        text, encoding = decoded.text, decoded.encoding
        warnings += decoded.warnings
    elif actual == "docx":
        from cancu.nlp.readers.docx import read_docx     # python-docx and pypdf take 0.2 s to import:
        text = read_docx(data, name, limits)       # only when such a file comes
    else:
        from cancu.nlp.readers.pdf import read_pdf
        text, pdf_warnings = read_pdf(data, name, limits)
        warnings += pdf_warnings
    if len(text) > limits.text_chars:     # html and txt; docx and pdf stop on the way
        raise text_too_long(name, len(text), limits)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        if actual == "txt":
            raise ReadError(name, "tệp rỗng (chỉ có khoảng trắng)", "empty file (only whitespace)")
        raise ReadError(name, "tài liệu không có nội dung chữ", "document has no text")
    return SourceText(path=name, text=text, format=actual, encoding=encoding,
                      warnings=tuple(warnings))
