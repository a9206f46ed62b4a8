"""PDF with a text layer, via pypdf. Scanned, locked or broken PDFs are refused.

A PDF's streams are compressed, so a small file can inflate to gigabytes: pypdf's
own limits are set from this file's `InputLimits` for every stream, the page
content inflated is counted across pages, and the text stops at its limit.
"""
from __future__ import annotations

import io
import logging
import threading
from contextlib import contextmanager
from typing import Iterator

from pypdf import PasswordType, PdfReader, apply_configuration
from pypdf.errors import LimitReachedError

from cancu.nlp.readers.errors import ReadError, describe
from cancu.nlp.readers.limits import InputLimits, text_too_long, unpacked_too_large


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


def read_pdf(data: bytes, path: str, limits: InputLimits) -> tuple[str, list[str]]:
    """Pages' text joined with "\\n", and warnings (pages without text…)."""
    warnings: list[str] = []
    bound = limits.unpacked_bytes
    # A context variable: each thread's (or upload's) own limits.
    with _pypdf_warnings(warnings), apply_configuration(
            maximum_declared_stream_length=bound, array_based_stream_maximum_output_length=bound,
            zlib_maximum_output_length=bound, lzw_maximum_output_length=bound,
            run_length_maximum_output_length=bound, brotli_maximum_output_length=bound,
            jbig2_maximum_output_length=bound, stream_decoding_work_maximum_length=bound,
            image_maximum_buffer_size=bound):
        return _read_pdf(data, path, warnings, limits)


def _pages_text(reader: PdfReader, path: str, limits: InputLimits) -> list[str]:
    """Each page's text, counting what its content inflates to and the text so far."""
    pages: list[str] = []
    inflated = chars = 0
    for page in reader.pages:
        contents = page.get_contents()
        inflated += len(contents.get_data()) if contents is not None else 0
        if inflated > limits.unpacked_bytes:
            raise unpacked_too_large(path, (f"đến trang {len(pages) + 1}", f"up to page {len(pages) + 1}"), inflated,
                                     limits, zip_file=False)
        text = page.extract_text() or ""
        chars += len(text) + 1
        if chars > limits.text_chars:
            raise text_too_long(path, chars, limits)
        pages.append(text)
    return pages


def _read_pdf(data: bytes, path: str, warnings: list[str], limits: InputLimits) -> tuple[str, list[str]]:
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
        pages = _pages_text(reader, path, limits)
    except ReadError:
        raise
    except LimitReachedError as exc:
        raise unpacked_too_large(path, ("một luồng dữ liệu", "one stream"), limits.unpacked_bytes, limits,
                                 zip_file=False) from exc
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
