"""PDF with a text layer, via pypdf. Scanned, locked or broken PDFs are refused."""
from __future__ import annotations

import io
import logging
import threading
from contextlib import contextmanager
from typing import Iterator

from pypdf import PasswordType, PdfReader

from nlp.readers.errors import ReadError, describe


class _Collect(logging.Handler):
    """pypdf reports damage ("EOF marker not found") through logging; those lines
    belong in the file's warnings, not as bare lines on stderr."""

    local = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        sink = getattr(self.local, "sink", None)
        if sink is not None:
            sink.append(f"pypdf: {record.getMessage()}")


_PYPDF_LOG = logging.getLogger("pypdf")
_PYPDF_LOG.addHandler(_Collect())
_PYPDF_LOG.propagate = False


@contextmanager
def _pypdf_warnings(into: list[str]) -> Iterator[None]:
    _Collect.local.sink = into
    try:
        yield
    finally:
        _Collect.local.sink = None


def read_pdf(data: bytes, path: str) -> tuple[str, list[str]]:
    """Pages' text joined with "\\n", and warnings (pages without text…)."""
    warnings: list[str] = []
    with _pypdf_warnings(warnings):
        return _read_pdf(data, path, warnings)


def _read_pdf(data: bytes, path: str, warnings: list[str]) -> tuple[str, list[str]]:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # Many official PDFs are locked only against editing: the user
            # password is empty and the text can be read.
            if reader.decrypt("") == PasswordType.NOT_DECRYPTED:
                raise ReadError(path, "PDF được mã hoá bằng mật khẩu",
                                "PDF is encrypted with a password")
            warnings.append("PDF được mã hoá (mật khẩu rỗng), vẫn đọc được / "
                            "PDF is encrypted with an empty password; read anyway")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReadError:
        raise
    except Exception as exc:  # pypdf raises many types on bad input; all mean "unreadable"
        if "crypt" in type(exc).__name__.lower() or "AES" in str(exc):
            raise ReadError(path, "PDF được mã hoá, không giải mã được",
                            f"encrypted PDF that cannot be decrypted ({describe(exc)})") from exc
        raise ReadError(path, "tệp PDF hỏng hoặc không đọc được",
                        f"corrupt or unreadable PDF ({describe(exc)})") from exc
    if not pages:
        raise ReadError(path, "PDF không có trang nào", "PDF has no pages")
    blank = [i for i, text in enumerate(pages, 1) if not text.strip()]
    if len(blank) == len(pages):
        raise ReadError(path, "PDF không có lớp văn bản (có thể là bản quét, cần OCR)",
                        "PDF has no text layer (probably scanned; needs OCR)")
    if blank:
        shown = ", ".join(map(str, blank[:20])) + (" …" if len(blank) > 20 else "")
        warnings.append(f"trang không có chữ (bản quét?): {shown} / "
                        f"pages without text (scanned?): {shown}")
    return "\n".join(pages), warnings
