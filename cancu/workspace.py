"""The workspace: where one installation keeps its graph store, search index and
settings. Chosen by `--home DIR`, else `CANCU_HOME`, else `./cancu-home`."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from kg.store import StoreError

DEFAULT_HOME = "cancu-home"


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

    def exists(self) -> bool:
        """True once something was ingested (the live store exists)."""
        return (self.store_dir / "live").exists()
