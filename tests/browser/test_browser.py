"""End to end in headless Chromium: `cancu serve` on 127.0.0.1, then search
without diacritics → a plan → a stale citation → its instrument page → the
chain view; a screenshot of every page goes to tests/browser/screenshots/.

Needs Debian's chromium: installed here when missing if CI=true or
CANCU_BROWSER_TESTS=1 (apt-get), skipped with the reason otherwise.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path

import pytest

from tests.browser.cdp import Page
from tests.server import free_port, serving, stop, wait_http
from tests.test_web_support import workspace_copy

SHOTS = Path(__file__).parent / "screenshots"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,900"]


@pytest.fixture(scope="session")
def chromium() -> str:
    if not Path(CHROMIUM).exists():
        wanted = os.environ.get("CI") == "true" or os.environ.get("CANCU_BROWSER_TESTS") == "1"
        if not wanted:
            pytest.skip("chromium is not installed (/usr/bin/chromium); set CANCU_BROWSER_TESTS=1 "
                        "(or CI=true) to install it with apt-get, or run `apt-get install -y chromium`")
        if shutil.which("apt-get") is None:
            pytest.skip("chromium is missing and apt-get is not available")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
        subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env)
    return CHROMIUM


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = workspace_copy(tmp_path_factory.mktemp("browser") / "home")
    with serving(home, tmp_path_factory.getbasetemp() / "serve.log", "--host", "127.0.0.1",
                 ready_within=60) as srv:
        yield srv.base


@pytest.fixture(scope="module")
def page(chromium, server):
    port = free_port()
    profile = tempfile.mkdtemp(prefix="cancu-chromium-")
    proc = subprocess.Popen([chromium, *FLAGS, f"--user-data-dir={profile}",
                             f"--remote-debugging-port={port}", "--remote-debugging-address=127.0.0.1",
                             "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_http(f"http://127.0.0.1:{port}/json/version", 30, proc)
        p = Page(port)
        yield p
        p.close()
    finally:
        stop(proc, wait_s=10)
        shutil.rmtree(profile, ignore_errors=True)


def test_search_to_plan_to_stale_citation_to_instrument_to_chain(page, server):
    page.goto(server + "/")
    page.screenshot(SHOTS / "01-home.png")

    # 1. Search without diacritics.
    page.type_and_enter("#q", "nghi dinh 59")
    assert "/?q=nghi+dinh+59" in page.eval("location.href")
    assert page.eval("document.querySelectorAll('ol.hits li').length") >= 1
    assert "59/2023/NĐ-CP" in page.eval("document.body.innerText")
    assert page.eval("document.querySelectorAll('.snippet mark').length") >= 1
    page.screenshot(SHOTS / "02-search-nghi-dinh-59.png")

    # 2. Open a plan from the results.
    page.click("ol.hits li h2 a")
    assert "/document/" in page.eval("location.pathname")
    page.screenshot(SHOTS / "03-plan-from-search.png", full_page=False)

    # 3. The plan with stale citations (found without diacritics too), and a stale citation in it.
    page.goto(server + "/")
    page.type_and_enter("#q", "phap lenh dan chu")
    page.click("ol.hits li h2 a[href*='002_93d6b709dd7d643f']")
    assert page.eval("document.querySelectorAll('a.cit-stale').length") >= 2
    page.screenshot(SHOTS / "04-plan-002-top.png", full_page=False)
    page.eval("document.querySelectorAll('a.cit-stale')[1].scrollIntoView({block: 'center'})")
    page.screenshot(SHOTS / "04-plan-002-stale-citations.png", full_page=False)
    page.click("a.cit-stale")

    # 4. The instrument page: Pháp lệnh 34/2007, no longer in force, replaced by Luật 10/2022/QH15.
    text = page.eval("document.body.innerText")
    assert page.eval("location.pathname") == "/instrument"
    assert "34/2007/PL-UBTVQH11" in text and "Hết hiệu lực" in text and "10/2022/QH15" in text
    page.screenshot(SHOTS / "05-instrument-phap-lenh-34-2007.png")

    # 5. The chain view, drawn as SVG by the server.
    page.click("a[href^='/chain?iri=']")
    assert page.eval("location.pathname") == "/chain"
    assert page.eval("document.querySelectorAll('figure svg .chain-node').length") >= 2
    page.screenshot(SHOTS / "06-chain.png")
    assert not page.console_errors(), page.console_errors()     # CSP violations would show here


def test_other_pages_render(page, server):
    for name, path in [("07-audit", "/audit"), ("08-obligations", "/obligations"),
                       ("09-sparql", "/sparql"), ("10-upload", "/upload"), ("11-api", "/api/"),
                       ("12-chain-law", "/chain?q=Lu%E1%BA%ADt+10%2F2022%2FQH15&direction=down"),
                       ("13-english-instrument", "/instrument?q=nd+59&lang=en")]:
        page.goto(server + path)
        assert page.eval("document.querySelector('main h1') !== null"), path
        page.screenshot(SHOTS / f"{name}.png")
    page.goto(server + "/sparql?format=html&query=" + urllib.request.quote(
        'SELECT ?id WHERE { GRAPH ?g { ?g cancu:documentId ?id } }'))
    assert page.eval("document.querySelectorAll('table.grid tbody tr').length") == 5
    page.screenshot(SHOTS / "14-sparql-results.png")
    page.goto(server + "/?lang=vi")
    assert not page.console_errors(), page.console_errors()


# Every page a person opens, for the width checks.
PAGES = [("home", "/"), ("search", "/?q=nghi+dinh+59"), ("search-topic", "/?q=dan+chu+o+co+so"),
         ("plan", "/document/002_93d6b709dd7d643f.txt"),
         ("instrument", "/instrument?q=Ph%C3%A1p+l%E1%BB%87nh+34%2F2007"),
         ("audit", "/audit"), ("obligations", "/obligations"), ("legend", "/legend"),
         ("sparql", "/sparql"), ("upload", "/upload"), ("api", "/api/"),
         ("chain-law", "/chain?q=Lu%E1%BA%ADt+10%2F2022%2FQH15&direction=down"),
         ("chain-plan", "/chain?q=002_93d6b709dd7d643f.txt"),
         ("english-obligations", "/obligations?lang=en")]
CHAIN_LAW = "/chain?q=Lu%E1%BA%ADt+10%2F2022%2FQH15&direction=down&lang=vi"


def test_phone_width(page, server):
    """No page is wider than a phone (390 px): scrollWidth ≤ innerWidth everywhere;
    wide tables and the chain scroll inside their own box."""
    page.viewport(390, 844, mobile=True)
    try:
        for name, path in PAGES:
            page.goto(server + path)
            overflow = page.eval("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (path, overflow)          # nothing wider than the phone
            page.screenshot(SHOTS / f"15-phone-{name}.png", full_page=False)
        # on a phone the findings come before the text of a plan
        page.goto(server + "/document/002_93d6b709dd7d643f.txt")
        assert page.eval("document.querySelector('.side').getBoundingClientRect().top"
                         " < document.querySelector('.doctext').getBoundingClientRect().top")
    finally:
        page.call("Emulation.clearDeviceMetricsOverride")


@pytest.mark.parametrize("width", [1366, 390])
def test_chain_of_the_largest_law_fits_the_page(page, server, width):
    page.viewport(width, 900, mobile=width < 800)
    try:
        page.goto(server + CHAIN_LAW)
        assert page.eval("document.documentElement.scrollWidth - window.innerWidth") <= 0
        # grouped by plan, every node a link; each plan folded, its tasks read when opened
        assert page.eval("[...document.querySelectorAll('.chain-list li > .node')].every(e => e.tagName === 'A')")
        assert page.eval("document.querySelectorAll('.chain-task').length") == 0
        counted = page.eval("[...document.querySelectorAll('.chain-tasks-later a')]"
                            ".map(a => parseInt(a.textContent.match(/\\d+/)[0]))")
        assert counted and all(n > 0 for n in counted)
        page.screenshot(SHOTS / f"18-chain-law-{width}.png", full_page=False)
        # a plan opened: its tasks with agency and deadline, still no wider than the page
        page.eval("document.querySelector('.chain-tasks-later').closest('details').open = true")
        assert wait_for(page, "document.querySelectorAll('.chain-task').length === %d" % counted[0])
        assert page.eval("document.querySelectorAll('.chain-task .who a').length") >= 1
        assert page.eval("document.documentElement.scrollWidth - window.innerWidth") <= 0
        page.eval("document.querySelector('li.chain-document .chain-task').scrollIntoView()")
        page.screenshot(SHOTS / f"19-chain-law-plan-{width}.png", full_page=False)
        # every plan opened: each task once, as many as the plans said
        page.eval("document.querySelectorAll('.chain-tasks-later').forEach(p => p.closest('details').open = true)")
        assert wait_for(page, "document.querySelectorAll('.chain-tasks-later').length === 0")
        tasks = page.eval("[...document.querySelectorAll('.chain-task')].map(e => e.dataset.iri)")
        assert len(tasks) == len(set(tasks)) == sum(counted)
        assert page.eval("document.querySelectorAll('.chain-task .due').length") >= 1
        assert not page.console_errors(), page.console_errors()
    finally:
        page.call("Emulation.clearDeviceMetricsOverride")


def wait_for(page, condition: str, seconds: float = 10) -> bool:
    """Whether the JS `condition` holds within `seconds` (what a fetch brings in)."""
    return page.eval(f"new Promise(done => {{ const until = Date.now() + {seconds * 1000};"
                     f" (function poll() {{ if ({condition}) done(true);"
                     f" else if (Date.now() > until) done(false); else setTimeout(poll, 50); }})(); }})")


def test_keyboard_only(page, server):
    page.goto(server + "/audit")
    # Tab from the top reaches the skip link first, which moves focus to the main content.
    page.call("Input.dispatchKeyEvent", type="keyDown", key="Tab", code="Tab", windowsVirtualKeyCode=9)
    page.call("Input.dispatchKeyEvent", type="keyUp", key="Tab", code="Tab", windowsVirtualKeyCode=9)
    assert page.eval("document.activeElement.className") == "skip"
    # "/" jumps to the search box on the home page.
    page.goto(server + "/")
    page.eval("document.activeElement.blur()")
    page.call("Input.dispatchKeyEvent", type="keyDown", key="/", code="Slash", text="/")
    page.call("Input.dispatchKeyEvent", type="keyUp", key="/", code="Slash")
    assert page.eval("document.activeElement.id") == "q"
