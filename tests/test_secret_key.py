"""One session-signing key per workspace: every server process accepts the
sessions (sign-in, CSRF) the others signed. Created once, race-safe, mode 0600."""
from __future__ import annotations

import http.cookiejar
import multiprocessing
import os
import re
import stat
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from cancu.workspace import Workspace
from tests.server import serving
from tests.test_web_support import workspace_copy

TOKEN = "mã-thử-nghiệm-2-workers"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_created_once_owner_only(tmp_path):
    ws = Workspace(tmp_path / "home")
    key = ws.secret_key()
    assert len(key) >= 64 and mode(ws.secret_file) == 0o600
    assert ws.secret_key() == key and Workspace(tmp_path / "home").secret_key() == key
    assert Workspace(tmp_path / "other").secret_key() != key
    assert [p.name for p in ws.root.iterdir()] == ["secret_key"]    # no temporary file left


def test_a_key_others_could_read_is_kept_to_its_owner(tmp_path):
    ws = Workspace(tmp_path)
    key = ws.secret_key()
    os.chmod(ws.secret_file, 0o644)
    assert ws.secret_key() == key and mode(ws.secret_file) == 0o600


def test_a_symlink_or_a_short_key_is_refused(tmp_path):
    ws = Workspace(tmp_path / "a")
    ws.root.mkdir()
    (tmp_path / "elsewhere").write_text("x" * 64)
    ws.secret_file.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(ValueError, match="regular file"):
        ws.secret_key()
    short = Workspace(tmp_path / "b")
    short.root.mkdir()
    short.secret_file.write_text("ngắn")
    with pytest.raises(ValueError, match="too short"):
        short.secret_key()


def _key_after(root: str, barrier, out) -> None:
    barrier.wait()
    out.put(Workspace(Path(root)).secret_key())


def test_processes_starting_at_once_share_one_key(tmp_path):
    ctx = multiprocessing.get_context("fork")
    for attempt in range(5):            # five fresh races, eight processes each
        root = tmp_path / f"race{attempt}"
        barrier, out = ctx.Barrier(8), ctx.Queue()
        procs = [ctx.Process(target=_key_after, args=(str(root), barrier, out)) for _ in range(8)]
        for p in procs:
            p.start()
        keys = [out.get(timeout=60) for _ in procs]
        for p in procs:
            p.join(60)
        assert len(set(keys)) == 1 and keys[0] == (root / "secret_key").read_bytes()
        assert mode(root / "secret_key") == 0o600 and len(list(root.iterdir())) == 1


def test_serve_refuses_several_workers_without_one_key():
    from cancu.serve import serve
    with pytest.raises(ValueError, match="SECRET_KEY"):
        serve(lambda: None, workers=2, config={})


# ---------------------------------------------------------------- a real server
def sign_in(base: str) -> bool:
    """GET the form, POST the token with its CSRF field; True when the page then
    offers the upload form (signed in)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base + "/upload", timeout=30).read().decode("utf-8")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    body = urllib.parse.urlencode({"csrf_token": csrf, "token": TOKEN}).encode()
    try:
        page = opener.open(base + "/login", data=body, timeout=30).read().decode("utf-8")
    except urllib.error.HTTPError as e:
        if e.code in (401, 403):                  # the CSRF field or the session refused
            return False
        raise
    return 'name="file"' in page and 'type="password"' not in page


def test_sign_in_works_across_two_workers(tmp_path):
    home = workspace_copy(tmp_path / "home")
    with serving(home, tmp_path / "serve.log", "--workers", "2", env={"CANCU_TOKEN": TOKEN}) as server:
        results = [sign_in(server.base) for _ in range(20)]
    assert results.count(True) == 20, f"{results.count(False)} of 20 sign-ins failed"
    assert mode(home / "secret_key") == 0o600
