"""How much one input file may cost: the one place that defines the limits.

Every limit follows from one number, the largest file accepted (`file_bytes`),
which is also the upload limit the web app enforces, so `--max-bytes`, an
upload and a reader agree:

- unpacked bytes: what a .docx may decompress to, all zip members together,
  and what a PDF's streams may inflate to, counted as they are read (a zip's
  declared sizes are checked first but never trusted alone). Real .docx XML
  compresses 5-20x and is small; pictures barely compress. A file whose
  content inflates past UNPACK_FACTOR times the file limit is a decompression
  bomb: a 1.5 MB .docx with 500 MB of XML drove one worker past 15 GB.
- text characters: the text extracted from one file. A plain-text file at the
  size limit gives at most about as many characters as bytes, so no format may
  give more than that.
"""
from __future__ import annotations

from dataclasses import dataclass

from cancu.nlp.readers.errors import ReadError, human_size

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
UNPACK_FACTOR = 4
MAX_ZIP_MEMBERS = 10_000


@dataclass(frozen=True)
class InputLimits:
    file_bytes: int = DEFAULT_MAX_BYTES

    def __post_init__(self) -> None:
        if isinstance(self.file_bytes, bool) or not isinstance(self.file_bytes, int) or self.file_bytes <= 0:
            raise ValueError(f"max_bytes must be a positive int, not {self.file_bytes!r}")

    @property
    def unpacked_bytes(self) -> int:
        return UNPACK_FACTOR * self.file_bytes

    @property
    def text_chars(self) -> int:
        return self.file_bytes

    @property
    def zip_members(self) -> int:
        return MAX_ZIP_MEMBERS


def text_too_long(path: str, chars: int, limits: InputLimits):
    """The error for a file whose extracted text passes the limit (raise it)."""
    return ReadError(path, f"văn bản trích ra quá dài (hơn {chars:,} ký tự, giới hạn "
                           f"{limits.text_chars:,}); hãy tách tệp".replace(",", "."),
                     f"extracted text too long (over {chars:,} characters, limit {limits.text_chars:,}); "
                     "split the file")


def unpacked_too_large(path: str, what: tuple[str, str], size: int, limits: InputLimits, *,
                       zip_file: bool = True):
    """The error for content that inflates past the limit (raise it); `what` names
    the part, in Vietnamese and English."""
    bomb_vi, bomb_en = ("bom zip", "zip bomb") if zip_file else ("bom nén trong PDF", "PDF stream bomb")
    limit = human_size(limits.unpacked_bytes)
    return ReadError(path, f"nội dung giải nén quá lớn ({what[0]}: hơn {human_size(size)}, giới hạn {limit}), "
                           f"nghi là {bomb_vi}",
                     f"uncompressed content too large ({what[1]}: over {human_size(size)}, limit {limit}); "
                     f"possible {bomb_en}")
