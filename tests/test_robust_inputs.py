"""Robustness: over a thousand bad inputs in one `cancu ingest` batch.

Every file gives either a correct result or one clear line on stderr
(`lỗi / error: <file>: …`), never a traceback, and the batch goes on: the good
files of the same batch are ingested. The inputs are generated here from fixed
seeds: random bytes under every supported suffix, truncated and corrupt .docx
(broken zips, zip bombs, nested and many-member zips), corrupt and text-less
.pdf, empty files, files over --max-bytes, text in every legacy encoding,
mixed NFD/NFC, HTML with scripts and odd Unicode.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import signal
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest

from cancu.cli import main
from cancu.nlp.model import SourceText
from tests.encodings import encode_cp1258, encode_legacy
from tests.samples import make_pdf
from cancu.nlp.readers import SUPPORTED_SUFFIXES, ReadError, read_bytes, read_document
from cancu.nlp.readers.errors import one_line

ROOT = Path(__file__).resolve().parents[1]
SEED_PLAN = ROOT / "corpus" / "plans" / "000_ba1120af1f27bf6e.txt"
MAX_BYTES = 1_000_000            # passed as --max-bytes: files above it are refused
SUFFIXES = sorted(SUPPORTED_SUFFIXES)
ERROR_LINE = re.compile(r"^lỗi / error: (.+)$")

# Lower case and plain capitals only: TCVN3 has no code for a capital with a tone mark.
SAMPLE = ("Uỷ ban nhân dân xã An Phú\n"
          "Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15 ngày 10/11/2022;\n"
          "Căn cứ Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ quy định chi tiết;\n"
          "Uỷ ban nhân dân xã ban hành kế hoạch triển khai thực hiện như sau:\n"
          "1. Phòng Văn hoá - Xã hội chủ trì tuyên truyền, báo cáo kết quả trước ngày 10/6 hằng năm.\n")


# --------------------------------------------------------------------------- helpers

@contextlib.contextmanager
def time_limit(seconds: int):
    """Fail (not hang) if a reader loops on a hostile file."""
    def boom(signum, frame):
        raise TimeoutError(f"took more than {seconds} s")
    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def make_docx(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def make_zip(members: list[tuple[str, bytes]], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def declare_huge(zip_bytes: bytes, size: int = 0xFFFFFFF0) -> bytes:
    """A zip bomb by declaration: every member claims `size` uncompressed bytes."""
    data = bytearray(zip_bytes)
    for sig, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        start = 0
        while (i := data.find(sig, start)) >= 0:
            data[i + offset: i + offset + 4] = size.to_bytes(4, "little")
            start = i + 4
    return bytes(data)


def flip(data: bytes, rng: random.Random, n: int) -> bytes:
    out = bytearray(data)
    for _ in range(n):
        i = rng.randrange(len(out))
        out[i] = rng.randrange(256)
    return bytes(out)


# --------------------------------------------------------------------------- the inputs

@dataclass
class Case:
    name: str
    data: bytes
    expect: str          # "error" | "ok" | "any"  (any: either outcome is correct)
    text: str | None = None   # for "ok": the text the reader must return (None: not checked)


def bad_inputs(seed: int = 20240607) -> list[Case]:
    rng = random.Random(seed)
    cases: list[Case] = []
    good_docx = make_docx(SAMPLE.splitlines())
    good_pdf = make_pdf(b"BT /F1 12 Tf 72 720 Td (Can cu Nghi dinh 59/2023/ND-CP ngay 14/8/2023) Tj ET")

    def add(stem: str, suffix: str, data: bytes, expect: str = "error", text: str | None = None) -> None:
        cases.append(Case(f"{len(cases):04d}-{stem}{suffix}", data, expect, text))

    # Random bytes under every suffix (with and without a NUL byte, and high bytes only).
    for suffix in SUFFIXES:
        for k in range(90):
            n = rng.randint(1, 3000)
            if k % 3 == 0:
                data = bytes(rng.randrange(256) for _ in range(n))
            elif k % 3 == 1:
                data = bytes(rng.randrange(1, 256) for _ in range(n))
            else:   # 8-bit "text" that is no Vietnamese encoding: must not be indexed as garbage
                data = bytes(rng.randrange(0x80, 0x100) for _ in range(max(n, 64)))
            add("random", suffix, data, "error")
    # Random bytes behind a real magic number.
    for magic in (b"PK\x03\x04", b"PK\x05\x06", b"%PDF-1.7\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        for suffix in (".docx", ".pdf", ".txt"):
            for _ in range(6):
                add("magic", suffix, magic + bytes(rng.randrange(256) for _ in range(rng.randint(0, 2000))))
    # Truncated .docx (the central directory is at the end: always broken).
    for _ in range(110):
        add("cut", ".docx", good_docx[: rng.randrange(1, len(good_docx) - 22)])
    # Corrupt .docx: bytes flipped anywhere (may still be readable, then it must read).
    for _ in range(110):
        add("flip", ".docx", flip(good_docx, rng, rng.randint(1, 40)), "any")
    # Zip bombs: declared sizes, real high-ratio content, nested zips, too many members.
    for _ in range(4):
        add("bomb-declared", ".docx", declare_huge(good_docx))
    add("bomb-deflate", ".docx", make_zip([("word/document.xml", b"\0" * (11 * MAX_BYTES))]))
    add("bomb-many-parts", ".docx", make_zip([(f"word/p{i}.xml", b"\0" * (2 * MAX_BYTES)) for i in range(6)]))
    inner = make_zip([("word/document.xml", b"\0" * (4 * MAX_BYTES))])
    nested = inner
    for depth in range(3):
        nested = make_zip([(f"layer{depth}.zip", nested), ("word/document.xml", nested)])
        add(f"nested{depth}", ".docx", nested)
    add("many-members", ".docx", make_zip([(f"m/{i}", b"") for i in range(10_050)], zipfile.ZIP_STORED))
    # Zips that are not Word documents.
    for _ in range(50):
        members = [(rng.choice(["word/document.xml", "[Content_Types].xml", "_rels/.rels", "a.txt"]) + str(j),
                    bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))) for j in range(rng.randint(0, 4))]
        add("notword", ".docx", make_zip(members))
    add("notword-xml", ".docx", make_zip([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<<<")]))
    # Corrupt PDFs: truncated, bytes flipped, garbage xref; scanned-like (no text layer).
    for _ in range(110):
        add("cut", ".pdf", good_pdf[: rng.randrange(5, len(good_pdf) - 40)], "any")
    for _ in range(110):
        add("flip", ".pdf", flip(good_pdf, rng, rng.randint(1, 30)), "any")
    for _ in range(5):
        add("scan", ".pdf", make_pdf(None))
    add("scan-image", ".pdf", make_pdf(b"q 100 0 0 100 0 0 cm /Im1 Do Q"))
    add("xref-garbage", ".pdf", good_pdf.replace(b"xref", b"xrfe").replace(b"startxref", b"startxrfe"), "any")
    add("loop", ".pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 1 0 R >> endobj\n"
                        b"trailer << /Root 1 0 R >>\n%%EOF\n")
    # Empty, whitespace-only and too-large files under every suffix.
    for suffix in SUFFIXES:
        add("empty", suffix, b"")
        add("blank", suffix, b" \r\n\t \n")
        add("big", suffix, (b"Can cu Nghi dinh 59/2023/ND-CP.\n" * (MAX_BYTES // 32 + 2))[: MAX_BYTES + 1])
    # UTF-16 that is broken (odd length, lone surrogate), UTF-8 with invalid sequences in
    # otherwise plain text, controls.
    add("utf16-odd", ".txt", b"\xff\xfe" + "Căn cứ".encode("utf-16-le") + b"\x00")
    add("utf16-surrogate", ".txt", b"\xff\xfe" + "Căn cứ".encode("utf-16-le") + b"\x00\xd8A\x00")
    add("controls", ".txt", b"\x01\x02\x03abc\x04\x05\x06" * 50)
    add("doc-ole", ".docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    add("old-word", ".doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    add("unsupported", ".rtf", b"{\\rtf1 Can cu}")
    add("html-only-script", ".html", b"<html><script>document.write('Can cu 59/2023/ND-CP')</script>"
                                     b"<style>p{}</style><p>\xc2\xa0</p></html>")

    # ---- inputs that must read correctly (and be ingested) ------------------------
    nfc = unicodedata.normalize("NFC", SAMPLE)
    plan = SEED_PLAN.read_text("utf-8")
    add("tcvn3", ".txt", encode_legacy(SAMPLE, "tcvn3.tsv"), "ok", nfc)
    add("vni", ".txt", encode_legacy(SAMPLE, "vni.tsv"), "ok", nfc)
    add("cp1258", ".txt", encode_cp1258(SAMPLE), "ok", nfc)
    add("tcvn3", ".html", b"<html><head><meta charset=windows-1252></head><body><p>" +
        encode_legacy(SAMPLE, "tcvn3.tsv").replace(b"\n", b"</p><p>") + b"</p></body></html>", "ok",
        nfc.strip())
    add("cp1258", ".htm", b"<meta charset=windows-1258><p>" + encode_cp1258(SAMPLE).replace(b"\n", b"<br>"),
        "ok", nfc.strip())
    add("utf16-bom", ".txt", plan.encode("utf-16"), "ok", plan)
    add("utf16be-bom", ".txt", b"\xfe\xff" + plan.encode("utf-16-be"), "ok", plan)
    add("utf16le-nobom", ".txt", plan.encode("utf-16-le"), "ok", plan)
    add("utf16be-nobom", ".txt", plan.encode("utf-16-be"), "ok", plan)
    add("utf8-bom", ".txt", plan.encode("utf-8-sig"), "ok", plan)
    mixed = "\n".join(unicodedata.normalize("NFD" if i % 2 else "NFC", line)
                      for i, line in enumerate(plan.split("\n")))
    add("nfd-mixed", ".txt", mixed.encode("utf-8"), "ok", mixed)
    odd = ("<!DOCTYPE html><html><head><title>x</title><script>var s='<p>Nghị định 1/2000/NĐ-CP</p>';"
           "</script><style>p::before{content:'x'}</style></head><body>"
           "<p>\u202eCăn cứ\u202c Nghị\u200b định số 59/2023/NĐ-CP\ufeff ngày 14/8/2023;</p>"
           "<p>e\u0301\u0301\u0301\u0323\u0323 &#0; &#xD800; &#x110000; &#xFFFF; \U0001F600 \u2028 mục \u2029</p>"
           "<script>alert('Luật 99/2099/QH99')</script><noscript>bật JS</noscript>"
           "<p>Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15;</p></body></html>")
    add("odd-unicode", ".html", odd.encode("utf-8"), "ok")
    add("plan", ".docx", make_docx(plan.split("\n")), "ok")
    add("plan", ".txt", plan.encode("utf-8"), "ok", plan)
    add("text-layer", ".pdf", good_pdf, "ok")
    return cases


def write_cases(folder: Path, cases: list[Case]) -> dict[str, Case]:
    folder.mkdir(parents=True, exist_ok=True)
    by_path = {}
    for case in cases:
        path = folder / case.name
        path.write_bytes(case.data)
        by_path[str(path)] = case
    return by_path


def read_outcome(path: str) -> SourceText | ReadError:
    try:
        return read_document(path, max_bytes=MAX_BYTES)
    except ReadError as err:
        return err


# --------------------------------------------------------------------------- tests

@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, Case], dict[str, SourceText | ReadError]]:
    folder = tmp_path_factory.mktemp("bad") / "in"
    by_path = write_cases(folder, bad_inputs())
    outcomes = {}
    with time_limit(120):
        for path in by_path:
            outcomes[path] = read_outcome(path)
    return folder, by_path, outcomes


def test_there_are_over_a_thousand_bad_inputs(corpus):
    _, by_path, outcomes = corpus
    assert sum(1 for c in by_path.values() if c.expect != "ok") >= 1000
    assert sum(1 for o in outcomes.values() if isinstance(o, ReadError)) >= 1000


def test_readers_give_text_or_one_line_error(corpus):
    _, by_path, outcomes = corpus
    wrong = []
    for path, case in by_path.items():
        out = outcomes[path]
        assert isinstance(out, (SourceText, ReadError)), (path, out)
        if isinstance(out, ReadError):
            message = str(out)
            assert "\n" not in message and message.startswith(f"{path}: ") and " / " in message
            if case.expect == "ok":
                wrong.append(f"{case.name}: refused: {message}")
        else:
            assert out.text.strip() and "\r" not in out.text
            out.text.encode("utf-8")
            if case.expect == "error":
                wrong.append(f"{case.name}: read as {out.format}/{out.encoding}: {out.text[:60]!r}")
            if case.text is not None and out.text != case.text:
                wrong.append(f"{case.name}: wrong text {out.text[:80]!r}")
    assert not wrong, "\n".join(wrong)


def test_upload_path_agrees_with_the_file_path(corpus):
    _, by_path, outcomes = corpus
    for path, case in by_path.items():
        try:
            got: SourceText | ReadError = read_bytes(case.data, case.name, max_bytes=MAX_BYTES)
        except ReadError as err:
            got = err
        expected = outcomes[path]
        assert type(got) is type(expected), case.name
        if isinstance(got, SourceText):
            assert got.text == expected.text
        elif not case.name.endswith(".doc") and "big" not in case.name:
            assert got.reason_en == expected.reason_en, case.name


def test_html_scripts_and_odd_unicode(corpus):
    _, by_path, outcomes = corpus
    [path] = [p for p, c in by_path.items() if c.name.endswith("odd-unicode.html")]
    text = outcomes[path].text
    assert "1/2000" not in text and "99/2099" not in text and "alert" not in text and "bật JS" not in text
    assert "59/2023/NĐ-CP" in text and "10/2022/QH15" in text


def _run_batch(home: Path, folder: Path, extra: list[str], jobs: int, capsys) -> tuple[int, str, str]:
    with time_limit(240):
        code = main(["--home", str(home), "--max-bytes", str(MAX_BYTES), "ingest", str(folder), *extra,
                     "--jobs", str(jobs)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("jobs", [1, 2])
def test_one_ingest_batch_reports_each_bad_file_and_ingests_the_good_ones(corpus, tmp_path, capsys, jobs):
    folder, by_path, outcomes = corpus
    # Paths named explicitly that are not readable files: missing, a FIFO, a folder's sibling.
    missing = str(tmp_path / "khong-co.txt")
    fifo = tmp_path / "ong.txt"
    os.mkfifo(fifo)
    # Files of an unsupported type are skipped in a folder, but reported when named.
    unsupported = [p for p in by_path if Path(p).suffix.lower() not in SUPPORTED_SUFFIXES]
    assert unsupported
    extra = [missing, str(fifo), *unsupported]
    home = tmp_path / "ws"
    code, out, err = _run_batch(home, folder, extra, jobs, capsys)

    assert "Traceback" not in err and "Traceback" not in out
    errors = [m.group(1) for line in err.splitlines() if (m := ERROR_LINE.match(line.strip("\r")))]
    readable = {p for p, o in outcomes.items() if isinstance(o, SourceText)}
    unreadable = {p for p, o in outcomes.items() if isinstance(o, ReadError)} | set(extra)
    assert code == 1
    # One line per bad file, naming it; none for a readable one.
    named = {}
    for line in errors:
        path = line.split(": ", 1)[0]
        named[path] = named.get(path, 0) + 1
    assert set(named) == {one_line(p) for p in unreadable}, sorted(set(named) ^ set(unreadable))[:10]
    assert all(n == 1 for n in named.values())
    assert len(errors) == len(unreadable)
    # The good files of the same batch were ingested.
    assert main(["--home", str(home), "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"] == len(readable)
    assert f"added {len(readable)}" in out and f"failed {len(unreadable)}" in out
    query = "SELECT ?id WHERE { GRAPH ?g { ?g cancu:documentId ?id } }"
    assert main(["--home", str(home), "sparql", query, "--format", "csv"]) == 0
    ids = set(capsys.readouterr().out.split())
    assert {Path(p).name for p in readable} <= ids


def test_mixed_nfd_nfc_and_legacy_files_extract_like_nfc_utf8(corpus, capsys):
    _, by_path, _ = corpus
    def symbols(suffix: str) -> list[str]:
        [path] = [p for p, c in by_path.items() if c.name.endswith(suffix)]
        assert main(["extract", "--json", path]) == 0
        return [json.loads(line)["symbol"] for line in capsys.readouterr().out.splitlines()]
    plan = symbols("-plan.txt")
    assert plan and symbols("-nfd-mixed.txt") == plan and symbols("-utf16le-nobom.txt") == plan
    sample = symbols("-tcvn3.txt")
    assert "59/2023/NĐ-CP" in sample and "10/2022/QH15" in sample
    assert symbols("-vni.txt") == sample and symbols("-cp1258.txt") == sample


def test_stderr_holds_only_progress_and_error_lines(tmp_path):
    import subprocess
    import sys
    folder = tmp_path / "in"
    folder.mkdir()
    good = make_pdf(b"BT /F1 12 Tf 72 720 Td (Can cu Nghi dinh 59/2023/ND-CP) Tj ET")
    (folder / "cut.pdf").write_bytes(good[:300])
    (folder / "flip.pdf").write_bytes(good.replace(b"/Root", b"/Rxot"))
    proc = subprocess.run([sys.executable, "-m", "cancu.cli", "--home", str(tmp_path / "ws"), "ingest",
                           str(folder)], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 1
    stray = [line for line in proc.stderr.splitlines()
             if line.strip() and not line.startswith("[") and not ERROR_LINE.match(line)]
    assert not stray, stray
