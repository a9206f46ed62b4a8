"""Property: any bytes under any name → a SourceText or a one-line ReadError, nothing else."""
from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cancu.nlp.model import SourceText
from cancu.nlp.readers import ReadError, read_bytes

SUFFIXES = [".txt", ".docx", ".pdf", ".html", ".htm", ".TXT", ".Docx", ".doc", ".xyz", ""]
PREFIXES = [b"", b"PK\x03\x04", b"PK\x05\x06", b"%PDF-1.4\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"<html><meta charset='tcvn3'>",
            b"<meta charset=windows-1258><p>"]


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


_members = st.lists(st.tuples(st.sampled_from(["word/document.xml", "[Content_Types].xml",
                                               "_rels/.rels", "x"]),
                              st.binary(max_size=200)), max_size=4, unique_by=lambda m: m[0])
_data = st.one_of(
    st.binary(max_size=4096),
    st.tuples(st.sampled_from(PREFIXES), st.binary(max_size=2048)).map(lambda t: t[0] + t[1]),
    st.text(max_size=1500).map(lambda s: s.encode("utf-8", "surrogatepass")),
    _members.map(_zip),
)


def _check(data: bytes, name: str) -> None:
    try:
        result = read_bytes(data, name, max_bytes=1 << 20)
    except ReadError as err:
        message = str(err)
        assert "\n" not in message and message.startswith(f"{name}: ") and " / " in message
        return
    assert isinstance(result, SourceText)
    assert isinstance(result.text, str) and result.text.strip()
    assert "\r" not in result.text
    result.text.encode("utf-8")          # no lone surrogates: the text can be stored and indexed


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_data, suffix=st.sampled_from(SUFFIXES), stem=st.sampled_from(["a", "kế hoạch", "x.y"]))
def test_any_bytes_under_any_suffix_give_text_or_read_error(data, suffix, stem):
    _check(data, stem + suffix)
