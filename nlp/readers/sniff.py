"""What a file's first bytes say it is, to check the extension against."""
from __future__ import annotations

PDF, ZIP, OLE = "pdf", "zip", "ole"


def sniff(data: bytes) -> str | None:
    """"pdf", "zip" (a .docx is one), "ole" (old .doc/.xls), or None for anything else."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return ZIP
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OLE
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return PDF
    return None
