"""Uploads at the same time (issue #14): 8 clients against a 2-worker `cancu
serve` all get their document in — uploads wait for each other across threads
and worker processes — and a workspace that stays busy answers 503 with
Retry-After; no answer shows a server path."""
from __future__ import annotations

import io
import json
import threading
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

import cancu.services
from cancu.cli import main
from cancu.services import Services
from cancu.workspace import Workspace
from cancu.kg.store.snapshots import open_writer
from tests.server import serving
from cancu.web.app import create_app
from tests.threads import run_threads

PLANS = Path(__file__).resolve().parents[1] / "corpus" / "plans"
TOKEN = "t0ken-for-uploads"


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: text/plain\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def post_upload(base: str, name: str, data: bytes) -> tuple[int, dict, str]:
    body, ctype = multipart(name, data)
    req = urllib.request.Request(base + "/api/v1/documents", data=body, method="POST",
                                 headers={"Content-Type": ctype, "Authorization": f"Bearer {TOKEN}"})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


def plan_texts(n: int) -> list[bytes]:
    """n different real plans: the embedded ones, each again with its own last line."""
    plans = [p.read_bytes() for p in sorted(PLANS.glob("*.txt"))]
    return [plans[i % len(plans)] + f"\nBản số {i + 1}.\n".encode() for i in range(n)]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("uploads") / "ws"
    assert main(["--home", str(home), "ingest", str(sorted(PLANS.glob("*.txt"))[0])]) == 0
    return home


def test_eight_concurrent_uploads_to_two_workers_all_get_in(workspace, tmp_path):
    with serving(workspace, tmp_path / "serve.log", "--workers", "2", token=TOKEN) as srv:
        names = [f"tai-len-{i:02d}.txt" for i in range(8)]
        answers: dict[str, tuple[int, dict, str]] = {}
        start = threading.Barrier(len(names))

        def send(name: str, data: bytes) -> None:
            start.wait()
            answers[name] = post_upload(srv.base, name, data)

        run_threads(send, zip(names, plan_texts(len(names))))
        for name, (status, headers, body) in answers.items():
            assert str(workspace) not in body and "/tmp" not in body, body
            assert status == 201, (name, status, body)
            assert json.loads(body)["document"] == name
        listed = json.loads(urllib.request.urlopen(srv.base + "/api/v1/documents?per_page=100", timeout=30).read())
        assert set(names) <= {d["id"] for d in listed["documents"]}


def test_a_workspace_that_stays_busy_answers_503_with_retry_after(workspace, monkeypatch):
    """Another process writes (here: the store held open for writing) longer than an
    upload waits: 503, Retry-After, a Vietnamese message, and no path."""
    monkeypatch.setattr(cancu.services, "UPLOAD_WAIT_S", 0.5)
    services = Services(Workspace.locate(str(workspace)))
    client = create_app(services, token=TOKEN).test_client()
    writer = open_writer(Workspace.locate(str(workspace)).store_dir)
    try:
        r = client.post("/api/v1/documents", data={"file": (io.BytesIO(plan_texts(1)[0]), "ban.txt")},
                        headers={"Authorization": f"Bearer {TOKEN}"}, content_type="multipart/form-data")
    finally:
        writer.close()
        services.close()
    assert r.status_code == 503 and int(r.headers["Retry-After"]) > 0
    message = r.get_json()["error"]["message"]
    assert message.startswith("Kho đang bận") and str(workspace) not in message and "/" not in message


def test_upload_threads_of_one_worker_wait_for_each_other(workspace):
    """The app's own test client with threads: one process, one lock, every upload in."""
    services = Services(Workspace.locate(str(workspace)))
    client_app = create_app(services, token=TOKEN)
    statuses: list[int] = []

    def send(i: int, data: bytes) -> None:
        r = client_app.test_client().post(
            "/api/v1/documents", data={"file": (io.BytesIO(data), f"luong-{i}.txt")},
            headers={"Authorization": f"Bearer {TOKEN}"}, content_type="multipart/form-data")
        statuses.append(r.status_code)

    try:
        run_threads(send, enumerate(plan_texts(4)))
    finally:
        services.close()
    assert statuses == [201] * 4


def test_a_broken_settings_file_is_no_400_quoting_its_path(tmp_path):
    home = tmp_path / "ws"
    assert main(["--home", str(home), "ingest", str(sorted(PLANS.glob("*.txt"))[0])]) == 0
    (home / "settings.json").write_text("{not json", encoding="utf-8")
    services = Services(Workspace.locate(str(home)))
    try:
        r = create_app(services).test_client().get("/api/v1/search?q=nghi+dinh")
    finally:
        services.close()
    assert r.status_code == 500 and str(home) not in r.get_data(as_text=True)
