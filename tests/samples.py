"""Samples built in code: files for the reader and robustness tests, and the
obligations of a text given in a test."""
from __future__ import annotations

from cancu.nlp.model import SourceText
from cancu.nlp.obligations import extract_obligations


def make_pdf(content: bytes | None) -> bytes:
    """A one-page PDF written by hand; `content` is the page's content stream (None: no text)."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
    if content is not None:
        page += b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               page + b" >>"]
    if content is not None:
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def obligations_of(text: str, **options):
    """The obligations extracted from a text given in a test (`options`: issuer, mentions…)."""
    return extract_obligations(SourceText("t.txt", text, "txt"), **options)
