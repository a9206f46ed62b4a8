"""The workspace: where one installation keeps its graph store, search index and
settings. Chosen by `--home DIR`, else `CANCU_HOME`, else `./cancu-home`."""
from __future__ import annotations

import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from cancu.kg.store.graph import StoreError

DEFAULT_HOME = "cancu-home"
SECRET_BYTES = 32


class WorkspaceError(StoreError):
    """A broken workspace file. Its message names server paths: the CLI prints it,
    the web app logs it and answers 500 (not a ValueError, which the web layer turns
    into a 400 that quotes the message)."""


@dataclass(frozen=True)
class Workspace:
    root: Path

    @classmethod
    def locate(cls, home: str | None = None) -> "Workspace":
        return cls(Path(home or os.environ.get("CANCU_HOME") or DEFAULT_HOME).resolve())

    @property
    def store_dir(self) -> Path:
        return self.root / "store"

    @property
    def index_dir(self) -> Path:
        return self.root / "index"

    @property
    def settings_file(self) -> Path:
        return self.root / "settings.json"

    def settings(self) -> dict:
        """User settings (e.g. {"search_backend": "tantivy"}); empty when none were written."""
        if not self.settings_file.exists():
            return {}
        try:
            return json.loads(self.settings_file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise WorkspaceError(f"{self.settings_file}: JSON không hợp lệ / invalid JSON: {e}") from e

    @property
    def secret_file(self) -> Path:
        return self.root / "secret_key"

    def secret_key(self) -> bytes:
        """The key that signs the web sessions (sign-in, CSRF), the same for every
        server process of this workspace: created once, readable by its owner alone.

        Two servers starting at once may both create one; each writes its own
        under a private name and links it into place, which fails if the other
        got there first: both then read the one that won, never a half-written file.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.secret_file
        if not path.exists():
            tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(secrets.token_bytes(SECRET_BYTES).hex().encode("ascii"))
                    fh.flush()
                    os.fsync(fh.fileno())
                try:
                    os.link(tmp, path)
                except FileExistsError:
                    pass                     # another process won the race: use its key
            finally:
                tmp.unlink(missing_ok=True)
        return self._read_secret(path)

    @staticmethod
    def _read_secret(path: Path) -> bytes:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(f"{path}: không phải tệp thường / not a regular file")
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            raise ValueError(f"{path}: thuộc người dùng khác / owned by another user; "
                             f"hãy xóa tệp để tạo lại / delete it to make a new one")
        if stat.S_IMODE(info.st_mode) & 0o077:
            os.chmod(path, 0o600)           # others could read it: keep it to its owner from now on
        key = path.read_bytes().strip()
        if len(key) < 2 * SECRET_BYTES:
            raise ValueError(f"{path}: khóa bí mật quá ngắn / secret key too short; "
                             f"hãy xóa tệp để tạo lại / delete it to make a new one")
        return key

    def exists(self) -> bool:
        """True once something was ingested (the live store exists)."""
        return (self.store_dir / "live").exists()
