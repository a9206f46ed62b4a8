"""Uploads: the API (Bearer token) and the page (sign-in, CSRF), size and type
limits, file names from hostile clients, and documents that carry HTML."""
from __future__ import annotations

import io
import re
import time

import pytest

from tests.test_web_support import services_for, workspace_copy
from cancu.web.app import create_app
from cancu.web.upload import safe_name

TOKEN = "s3cret-token"
HOSTILE = ("KẾ HOẠCH\nThực hiện dân chủ ở cơ sở năm 2025\n"
           "Căn cứ Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ;\n"
           "<script>alert('xss')</script> <img src=x onerror=alert(1)> <b>đậm</b> & \"quotes\"\n"
           "Odd: \u202eevil\u202c zero\u200bwidth, combining a\u0301, emoji 🏛️, NUL-free.\n")


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    s = services_for(workspace_copy(tmp_path_factory.mktemp("upload") / "home"))
    yield s
    s.close()


@pytest.fixture(scope="module")
def app(services):
    return create_app(services, token=TOKEN, config={"MAX_CONTENT_LENGTH": 64 * 1024})


@pytest.fixture()
def client(app):
    return app.test_client()


def auth(token=TOKEN):
    return {"Authorization": f"Bearer {token}"}


def upload(client, name, data, headers=None):
    return client.post("/api/v1/documents", data={"file": (io.BytesIO(data), name)},
                       headers=headers if headers is not None else auth(), content_type="multipart/form-data")


def eventually(fetch, check, seconds=10.0):
    """Readers follow published checkpoints with a short delay (kg/store/snapshots.py)."""
    deadline = time.monotonic() + seconds
    while True:
        value = fetch()
        if check(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def error_of(response, status):
    assert response.status_code == status, response.data[:400]
    body = response.get_json()
    assert body["error"]["status"] == status and body["error"]["message"]
    return body["error"]


def test_safe_name():
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..\\..\\windows\\system32\\x.txt") == "x.txt"
    assert safe_name("/abs/path/kế hoạch.txt") == "kế hoạch.txt"
    assert safe_name("..") == "tai-len" and safe_name("") == "tai-len"
    assert safe_name(".bashrc.txt") == "bashrc.txt"
    assert safe_name("a\x00b\u202e.txt") == "ab.txt"
    assert safe_name("x;rm -rf $(y).txt") == "x_rm -rf _(y).txt"
    assert len(safe_name("a" * 400 + ".docx")) <= 150 and safe_name("a" * 400 + ".docx").endswith(".docx")


def test_api_upload_needs_the_token(client):
    error_of(upload(client, "a.txt", b"x", headers={}), 401)
    r = upload(client, "a.txt", b"x", headers=auth("wrong"))
    error_of(r, 401)
    assert r.headers["WWW-Authenticate"].startswith("Bearer")


def test_uploads_disabled_without_a_configured_token(services):
    client = create_app(services, token=None).test_client()
    err = error_of(upload(client, "a.txt", b"x"), 403)
    assert "CANCU_TOKEN" in err["message"]
    assert "CANCU_TOKEN" in client.get("/upload").get_data(as_text=True)
    assert client.post("/upload").status_code == 403


def test_hostile_document_is_ingested_and_shown_as_text(client):
    r = upload(client, "../../etc/hostile plan.txt", HOSTILE.encode("utf-8"))
    assert r.status_code == 201, r.data
    body = r.get_json()
    assert body["document"] == "hostile plan.txt" and body["status"] == "added"
    page = eventually(lambda: client.get("/document/hostile plan.txt"), lambda r: r.status_code == 200)
    page = page.get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>đậm</b>" not in page and "&amp; &#34;quotes&#34;" in page
    assert "\u202eevil" in page and "🏛️" in page
    assert "cit cit-in_force" in page          # its citation of 59/2023/NĐ-CP, linked
    # The same file again changes nothing; in search it is found, and shown escaped.
    again = upload(client, "hostile plan.txt", HOSTILE.encode("utf-8"))
    assert again.status_code == 200 and again.get_json()["status"] == "unchanged"
    results = client.get("/", query_string={"q": "alert xss"}).get_data(as_text=True)
    assert "<script>alert" not in results
    api = client.get("/api/v1/documents/hostile plan.txt").get_json()
    assert "<script>alert('xss')</script>" in api["text"]       # JSON carries the text as it is


def test_bad_files_change_nothing(client, services):
    before = client.get("/api/v1/documents").get_json()["documents"]
    triples = services.store.stats()["triples"]
    err = error_of(upload(client, "broken.docx", b"this is not a zip file"), 400)
    assert "broken.docx" in err["message"] or "docx" in err["message"].lower()
    error_of(upload(client, "evil.exe", b"MZ\x90\x00"), 415)
    error_of(upload(client, "noext", b"text"), 415)
    error_of(upload(client, "empty.txt", b""), 400)
    error_of(client.post("/api/v1/documents", data={}, headers=auth(), content_type="multipart/form-data"), 400)
    assert client.get("/api/v1/documents").get_json()["documents"] == before
    assert services.store.stats()["triples"] == triples


def test_too_large_is_413(client):
    err = error_of(upload(client, "big.txt", b"a" * (65 * 1024)), 413)
    assert "MB" in err["message"]
    page = client.post("/upload", data={"file": (io.BytesIO(b"a" * (65 * 1024)), "big.txt")},
                       content_type="multipart/form-data")
    assert page.status_code == 413


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_upload_page_sign_in_csrf_and_upload(app):
    client = app.test_client()
    page = client.get("/upload").get_data(as_text=True)
    assert 'type="password"' in page
    token = _csrf(page)
    # No CSRF token → 403; wrong access token → 401.
    assert client.post("/login", data={"token": TOKEN}).status_code == 403
    assert client.post("/login", data={"token": "nope", "csrf_token": token}).status_code == 401
    # Uploading before signing in → 401.
    r = client.post("/upload", data={"csrf_token": token, "file": (io.BytesIO(b"x"), "a.txt")},
                    content_type="multipart/form-data")
    assert r.status_code == 401
    r = client.post("/login", data={"token": TOKEN, "csrf_token": token})
    assert r.status_code == 303
    page = client.get("/upload").get_data(as_text=True)
    assert 'type="file"' in page
    token = _csrf(page)
    # Signed in, but the form lacks its CSRF token → 403, nothing ingested.
    r = client.post("/upload", data={"file": (io.BytesIO(b"x"), "nocsrf.txt")}, content_type="multipart/form-data")
    assert r.status_code == 403
    text = "KẾ HOẠCH\nTuyên truyền pháp luật năm 2025\nCăn cứ Luật số 10/2022/QH15;\n".encode()
    r = client.post("/upload", data={"csrf_token": token, "file": (io.BytesIO(text), "../ke-hoach-moi.txt")},
                    content_type="multipart/form-data")
    assert r.status_code == 201, r.data[:500]
    assert "ke-hoach-moi.txt" in r.get_data(as_text=True)
    r = client.post("/upload", data={"csrf_token": token, "file": (io.BytesIO(b"x"), "bad.exe")},
                    content_type="multipart/form-data")
    assert r.status_code == 415 and "chỉ nhận" in r.get_data(as_text=True).lower()
    assert eventually(lambda: client.get("/document/ke-hoach-moi.txt"), lambda r: r.status_code == 200).status_code == 200
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert 'type="password"' in client.get("/upload").get_data(as_text=True)


def test_an_upload_is_seen_at_once_despite_the_response_cache(client):
    before = [d["id"] for d in client.get("/api/v1/documents").get_json()["documents"]]
    assert client.get("/api/v1/documents").get_json()["documents"] == \
        client.get("/api/v1/documents").get_json()["documents"]          # served from the cache
    text = "KẾ HOẠCH\nPhổ biến pháp luật 2025\nCăn cứ Nghị định số 59/2023/NĐ-CP;\n".encode()
    assert upload(client, "cache-check.txt", text).status_code == 201
    after = eventually(lambda: [d["id"] for d in client.get("/api/v1/documents").get_json()["documents"]],
                       lambda ids: "cache-check.txt" in ids)
    assert set(after) - set(before) == {"cache-check.txt"}
