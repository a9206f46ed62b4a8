"""Input limits (nlp/readers/limits.py): what one file may decompress to and how
much text it may give, for every reader, tied to the upload limit; a file over a
limit is one clear error and the rest of a batch goes on (issue #14)."""
from __future__ import annotations

import io
import tracemalloc
import zipfile
import zlib

import docx
import pytest

from cancu.cli import main
from cancu.nlp.readers import DEFAULT_MAX_BYTES, InputLimits, ReadError, read_bytes
from tests.samples import make_pdf

PARAGRAPH = ("<w:p><w:r><w:t>Căn cứ Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ quy định "
             "chi tiết một số điều của Luật Thực hiện dân chủ ở cơ sở;</w:t></w:r></w:p>").encode()


def docx_with_body(paragraphs: int) -> bytes:
    """A real .docx (python-docx's template) whose document.xml holds `paragraphs`
    paragraphs, written to the zip in a stream: a small file that inflates a lot."""
    template = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.save(template)
    out = io.BytesIO()
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename != "word/document.xml":
                dst.writestr(info.filename, data)
                continue
            head, tail = data.split(b"<w:body>", 1)
            with dst.open("word/document.xml", "w") as fh:
                fh.write(head + b"<w:body>")
                block = PARAGRAPH * 1000
                for _ in range(paragraphs // 1000):
                    fh.write(block)
                fh.write(tail)
    return out.getvalue()


def test_limits_follow_the_file_limit():
    limits = InputLimits(DEFAULT_MAX_BYTES)
    assert limits.unpacked_bytes > limits.file_bytes and limits.text_chars == limits.file_bytes
    assert InputLimits(1000).unpacked_bytes == limits.unpacked_bytes * 1000 // DEFAULT_MAX_BYTES
    with pytest.raises(ValueError):
        InputLimits(0)


def test_docx_bomb_is_refused_at_the_unpacked_limit():
    # 1 MB file limit: the unpacked limit is a few MB; this XML inflates past it.
    limit = InputLimits(1 << 20)
    data = docx_with_body(2 * limit.unpacked_bytes // len(PARAGRAPH))
    assert len(data) < 200_000
    with pytest.raises(ReadError) as err:
        read_bytes(data, "bom.docx", max_bytes=limit.file_bytes)
    message = str(err.value)
    assert message.startswith("bom.docx: nội dung giải nén quá lớn") and "zip bomb" in message
    assert "(tổng kích thước khai báo: hơn " in message and "giới hạn 4.0 MB)" in message


def test_docx_within_the_limit_is_read_whole():
    limit = InputLimits(1 << 20)
    paragraphs = (limit.text_chars // 2) // len(PARAGRAPH) // 1000 * 1000
    text = read_bytes(docx_with_body(paragraphs), "lon.docx", max_bytes=limit.file_bytes).text
    assert text.count("Nghị định số 59/2023/NĐ-CP") == paragraphs


def test_the_reported_docx_bomb_is_refused_without_inflating_it_in_memory():
    """The case of issue #14: a small .docx whose document.xml inflates far past any
    real document (here 1.5 × the unpacked limit of the default upload limit)."""
    limit = InputLimits()
    data = docx_with_body(int(1.5 * limit.unpacked_bytes) // len(PARAGRAPH) // 1000 * 1000)
    assert len(data) < limit.file_bytes // 10
    tracemalloc.start()
    try:
        with pytest.raises(ReadError, match="zip bomb"):
            read_bytes(data, "bom.docx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Inflated in 1 MB chunks with a count: Python never holds the XML whole.
    assert peak < len(data) + 16 * (1 << 20)


def _lying_zip(real: bytes, declared: int) -> bytes:
    """A zip whose one member's declared size (both headers) is smaller than it is."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", real)
    data = bytearray(buf.getvalue())
    central = data.index(b"PK\x01\x02")
    data[central + 24: central + 28] = declared.to_bytes(4, "little")
    data[22:26] = declared.to_bytes(4, "little")
    return bytes(data)


def test_a_zip_that_understates_its_size_is_refused():
    data = _lying_zip(PARAGRAPH * 50_000, declared=1000)
    with pytest.raises(ReadError) as err:
        read_bytes(data, "noi-doi.docx", max_bytes=1 << 20)
    assert str(err.value).startswith("noi-doi.docx: ")


def test_docx_entities_are_not_expanded():
    """A billion-laughs DOCTYPE in document.xml: lxml (python-docx's parser) keeps
    entities unresolved, so the text cannot grow past the file."""
    laughs = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "hahahahahahahahaha">'
              + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&" + bytes([97 + i]) + b";") * 10)
                         for i in range(9))
              + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
              b"<w:body><w:p><w:r><w:t>K&j;</w:t></w:r></w:p></w:body></w:document>")
    template = io.BytesIO()
    docx.Document().save(template)
    out = io.BytesIO()
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, laughs if info.filename == "word/document.xml" else src.read(info))
    try:
        text = read_bytes(out.getvalue(), "cuoi.docx", max_bytes=1 << 20).text
    except ReadError as err:
        assert str(err).startswith("cuoi.docx: ")
    else:
        assert len(text) < 100


def _flate_pdf(content: bytes) -> bytes:
    """make_pdf's page with its content stream deflated."""
    plain = make_pdf(content)
    packed = zlib.compress(content, 9)
    old = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)
    new = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(packed), packed)
    # Offsets in the xref table shift; pypdf repairs them (with a warning).
    return plain.replace(old, new)


def test_pdf_stream_that_inflates_past_the_limit_is_refused():
    limit = InputLimits(1 << 20)
    content = b"BT /F1 12 Tf 72 720 Td (Can cu Nghi dinh 59/2023/ND-CP) Tj ET\n" + b" " * (2 * limit.unpacked_bytes)
    data = _flate_pdf(content)
    assert len(data) < 50_000
    with pytest.raises(ReadError) as err:
        read_bytes(data, "bom.pdf", max_bytes=limit.file_bytes)
    assert str(err.value).startswith("bom.pdf: nội dung giải nén quá lớn")


def test_pdf_text_past_the_limit_is_refused():
    limit = InputLimits(100_000)
    line = b"(Can cu Nghi dinh 59/2023/ND-CP ngay 14/8/2023 cua Chinh phu) Tj 0 -14 Td\n"
    content = b"BT /F1 12 Tf 72 720 Td\n" + line * (2 * limit.text_chars // 60) + b"ET"
    assert len(content) < limit.unpacked_bytes
    with pytest.raises(ReadError) as err:
        read_bytes(_flate_pdf(content), "dai.pdf", max_bytes=limit.file_bytes)
    assert str(err.value).startswith("dai.pdf: văn bản trích ra quá dài")


def test_html_and_txt_text_never_exceed_the_file_limit():
    """HTML entities and legacy encodings never give more characters than bytes, so the
    size check bounds their text; the text check is the backstop for every format."""
    limit = 50_000
    page = b"<html><body><p>" + b"&amp;" * (limit // 5 - 40) + b"</p></body></html>"
    assert len(read_bytes(page, "a.html", max_bytes=limit).text) < limit
    with pytest.raises(ReadError, match="quá lớn"):
        read_bytes(page + b" " * limit, "b.html", max_bytes=limit)


def test_upload_limit_is_the_readers_limit(tmp_path):
    from cancu.services import Services
    from cancu.workspace import Workspace
    from cancu.web.app import create_app
    services = Services(Workspace.locate(str(tmp_path / "home")))
    app = create_app(services)
    assert services.max_upload_bytes == DEFAULT_MAX_BYTES
    assert DEFAULT_MAX_BYTES < app.config["MAX_CONTENT_LENGTH"] <= DEFAULT_MAX_BYTES + (1 << 20)


def test_a_bomb_in_an_ingest_batch_is_one_error_and_the_batch_goes_on(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    limit = InputLimits(1 << 20)
    (folder / "a-bom.docx").write_bytes(docx_with_body(2 * limit.unpacked_bytes // len(PARAGRAPH)))
    (folder / "b-tot.txt").write_text("KẾ HOẠCH\nCăn cứ Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ;\n",
                                      encoding="utf-8")
    code = main(["--home", str(tmp_path / "home"), "--max-bytes", str(limit.file_bytes), "ingest", str(folder)])
    err = capsys.readouterr().err
    assert code == 1
    assert [line for line in err.splitlines() if "a-bom.docx" in line and "zip bomb" in line]
    assert main(["--home", str(tmp_path / "home"), "stats", "--json"]) == 0
    assert '"documents": 1' in capsys.readouterr().out


def test_a_docx_bomb_upload_is_a_400_with_the_reason_and_changes_nothing(tmp_path):
    from cancu.services import Services
    from cancu.workspace import Workspace
    from cancu.web.app import create_app
    services = Services(Workspace.locate(str(tmp_path / "home")))
    services.max_upload_bytes = 1 << 20
    limit = InputLimits(services.max_upload_bytes)
    data = docx_with_body(2 * limit.unpacked_bytes // len(PARAGRAPH))
    client = create_app(services, token="t").test_client()
    r = client.post("/api/v1/documents", data={"file": (io.BytesIO(data), "bom.docx")},
                    headers={"Authorization": "Bearer t"}, content_type="multipart/form-data")
    message = r.get_json()["error"]["message"]
    assert r.status_code == 400 and "bom.docx: nội dung giải nén quá lớn" in message
    assert str(tmp_path) not in message and not services.workspace.exists()
