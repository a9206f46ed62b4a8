"""Bytes of a plain-text file (or an HTML page) to Unicode, with the encoding found.

Order of evidence: a byte-order mark; the NUL pattern of BOM-less UTF-16; a
charset the file declares (HTML), verified; strict UTF-8; then the legacy
Vietnamese 8-bit encodings, chosen by how Vietnamese each decoding reads. A file
none of them reads as Vietnamese is refused rather than returned as garbage.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from cancu.nlp.readers import legacy
from cancu.nlp.readers.errors import ReadError, describe

_BOMS = (  # UTF-32 LE's BOM starts with UTF-16 LE's, so it is tried first.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Labels a page may declare for the legacy encodings Python has no codec for.
_LEGACY_LABELS = {"tcvn3": "tcvn3", "tcvn": "tcvn3", "tcvn-3": "tcvn3", "vn3": "tcvn3",
                  "abc": "tcvn3", "vni": "vni", "vni-windows": "vni", "cp1258": "cp1258"}
# Western labels: legacy Vietnamese pages often declare these while carrying
# TCVN3 or VNI bytes, so the declaration is only a hint to detect.
_WESTERN = frozenset(("ascii", "latin-1", "iso8859-1", "cp1252"))
# Share of control characters above which "text" is really binary data.
_MAX_CONTROL_SHARE = 0.01
# C0/C1 controls other than \t \n \v \f \r and the DOS end-of-file mark \x1a.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def decode_text(data: bytes, path: str, declared: str | None = None) -> Decoded:
    """Decode `data`; `declared` is a charset the file itself names (HTML meta)."""
    result = _decode(data, path, declared)
    _check_controls(result.text, path)
    return result


def _decode(data: bytes, path: str, declared: str | None) -> Decoded:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return Decoded(_strict(data, codec, path), codec)
    utf16 = _sniff_utf16(data)
    if utf16:
        return Decoded(_strict(data, utf16, path), utf16)
    if b"\x00" in data:
        raise ReadError(path, "tệp nhị phân (có byte NUL), không phải văn bản",
                        "binary file (contains NUL bytes), not text")
    warnings: list[str] = []
    if declared:
        found = _try_declared(data, declared, warnings)
        if found:
            return found
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        repaired = legacy.repair_mojibake(text)
        if repaired is None:
            return Decoded(text, "utf-8", warnings)
        fixed, name = repaired
        warnings.append(
            f"văn bản {legacy.DISPLAY[name]} bị đọc nhầm thành Windows-1252 đã được sửa / "
            f"{legacy.DISPLAY[name]} text mis-read as Windows-1252 was repaired")
        return Decoded(fixed, f"utf-8+{name}", warnings)
    return _detect_legacy(data, path, warnings)


def _strict(data: bytes, codec: str, path: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ReadError(path, f"nội dung không hợp lệ theo bảng mã {codec}",
                        f"invalid {codec} data ({describe(exc)})") from exc


def _sniff_utf16(data: bytes) -> str | None:
    """BOM-less UTF-16: ASCII characters leave a NUL in every other byte."""
    sample = data[:1 << 16]
    half = len(sample) // 2
    if half < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.2 * half and even <= 0.02 * half:
        return "utf-16-le"
    if even >= 0.2 * half and odd <= 0.02 * half:
        return "utf-16-be"
    return None


def _codec_name(label: str) -> str | None:
    label = label.strip().lower()
    if label in _LEGACY_LABELS:
        return _LEGACY_LABELS[label]
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _try_declared(data: bytes, declared: str, warnings: list[str]) -> Decoded | None:
    """Use a declared charset if the bytes bear it out; else note why not."""
    name = _codec_name(declared)
    if name is None:
        warnings.append(f"bảng mã khai báo không rõ: {declared} / unknown declared charset: "
                        f"{declared}")
        return None
    if name in _WESTERN or name.startswith(("utf-16", "utf-32")):
        # Western: verified by detection below. UTF-16/32 without a BOM or NULs:
        # the declaration cannot be true of these bytes.
        return None
    if name in legacy.LEGACY_NAMES:
        dec = legacy.decode(data, name)
        if legacy.plausible(dec.text, dec.stray):
            return Decoded(dec.text, name, warnings + [_converted(name)])
    else:
        try:
            return Decoded(data.decode(name), name, warnings)
        except UnicodeDecodeError:
            pass
    warnings.append(f"nội dung không khớp bảng mã khai báo {declared}, đã tự nhận dạng / "
                    f"content does not match the declared charset {declared}; detected instead")
    return None


def _converted(name: str) -> str:
    shown = legacy.DISPLAY[name]
    return f"bảng mã cũ {shown} đã chuyển sang Unicode / legacy encoding {shown} converted to Unicode"


def _detect_legacy(data: bytes, path: str, warnings: list[str]) -> Decoded:
    found = legacy.detect(data)
    if found.best is None:
        if found.ambiguous:
            names = " / ".join(legacy.DISPLAY[c.name] for c in found.candidates)
            raise ReadError(path, f"không xác định được bảng mã ({names} đều có thể)",
                            f"ambiguous legacy encoding ({names} all plausible)")
        raise ReadError(
            path,
            "không nhận ra bảng mã tiếng Việt (không phải UTF-8, UTF-16, Windows-1258, TCVN3, VNI)",
            "unrecognised text encoding (not UTF-8, UTF-16, Windows-1258, TCVN3 or VNI)")
    name = found.best.name
    dec = legacy.decode(data, name)
    warnings.append(_converted(name))
    if dec.stray:
        warnings.append(f"{dec.stray} byte không có nghĩa trong {legacy.DISPLAY[name]} được giữ "
                        f"nguyên / {dec.stray} bytes with no meaning in {legacy.DISPLAY[name]} "
                        f"were kept as Windows-1252")
    return Decoded(dec.text, name, warnings)


def _check_controls(text: str, path: str) -> None:
    controls = len(_CONTROL.findall(text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise ReadError(path, "tệp nhị phân (nhiều ký tự điều khiển), không phải văn bản",
                        "binary file (many control characters), not text")
