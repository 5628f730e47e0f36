"""A masterclass room in real headless Chromium: two participants who cannot see each other's
sessions, a report downloaded through the browser, the lead's view of both; and pages of other
origins or under other host names that get nothing.

Needs Debian's Chromium and playwright (the test extra); skips with the reason otherwise.
"""
from __future__ import annotations

import http.client
import os
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from test_browser import (CHROMIUM, CHROMIUM_ARGS, screen_text, start_server, stop, store_rows,
                          wait_until)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (apt-get install chromium)")
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

ROOM_CODE = "4821"
LEAD_CODE = "lead-77"
REPLY = "What would you like to get out of today?"
#: Where screenshots of the room go when COACHSIM_SHOTS names a folder (for a look by eye).
SHOTS = os.environ.get("COACHSIM_SHOTS")


@pytest.fixture
def browser():
    """Headless Chromium, offline; each Tab opens its own context (its own cookies)."""
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def room(tmp_path):
    proc, port, data_dir = start_server(tmp_path, "--room-code", ROOM_CODE,
                                        "--facilitator-code", LEAD_CODE)
    try:
        yield f"http://127.0.0.1:{port}/", data_dir
    finally:
        stop(proc)


class Tab:
    """One browser (its own cookies: one participant) with one tab on the room."""

    def __init__(self, browser, url: str, name: str) -> None:
        self.context = browser.new_context(viewport={"width": 1213, "height": 811})
        self.page = self.context.new_page()
        self.name = name
        self.frames: list = []
        self.downloads: list = []
        self.page.on("websocket", lambda ws: ws.on("framereceived", lambda f: self.frames.append(f)))
        # textual-serve opens each delivered file in a new tab, which downloads it: keep what
        # the browser received (a popup's download event can fire before a listener is on it).
        self.context.route("**/download/*", self._download)
        self.page.goto(url)
        self.wait_for("Your name", "the name screen")
        self.page.mouse.click(5, 5)  # focus the terminal

    def _download(self, route) -> None:
        response = route.fetch()
        self.downloads.append((response.headers.get("content-disposition", ""), response.text()))
        route.fulfill(response=response)

    def text(self) -> str:
        return screen_text(self.frames)

    def wait_for(self, words: str, what: str, timeout: float = 60) -> None:
        wait_until(lambda: words in self.text(), timeout, f"{what} in {self.name}'s tab", self.page)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text, delay=20)

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)

    def shot(self, name: str) -> None:
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))

    def join(self, code: str = ROOM_CODE) -> None:
        self.type(self.name)
        self.press("Enter")
        self.page.wait_for_timeout(500)  # the app moves the focus to the code box first
        self.type(code)
        self.press("Enter")
        self.wait_for("disengaged", "the scenario picker")


def light(css_colour: str) -> bool:
    """True for a light ``rgb(r, g, b)`` colour."""
    values = [int(v) for v in css_colour.strip("rgb() ").split(",") if v.strip().isdigit()]
    return len(values) == 3 and sum(values) > 3 * 180


def participant_stores(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "room" / "participants").glob("*/coachsim.db"))


def test_two_participants_keep_their_own_sessions_and_the_lead_sees_both(room, browser):
    url, data_dir = room
    ana = Tab(browser, url, "Ana")
    ana.shot("1-name-screen")
    ana.join()
    ben = Tab(browser, url, "Ben")
    ben.join()
    # Ana practises one scenario, finishes it and downloads her report.
    ana.press("Enter")
    ana.wait_for("Assessment", "the briefing")
    ana.press("p")
    wait_until(lambda: store_rows(data_dir, "SELECT id FROM sessions"), 30,
               "Ana's session to start", ana.page)
    ana.type(REPLY)
    ana.press("Enter")
    wait_until(lambda: store_rows(data_dir, "SELECT coach FROM turns"), 30,
               "Ana's reply to be stored", ana.page)
    ana.shot("2-ana-conversation")
    ana.press("Control+r")
    ana.wait_for("practice report", "the report")
    ana.press("x")
    wait_until(lambda: ana.downloads, 30, "the report download", ana.page)
    disposition, report = ana.downloads[0]
    assert disposition.startswith("attachment") and disposition.endswith(".html")
    assert "Trainee" in report and "Ana" in report, report[:3000]
    assert "get out of today" in report, report
    # It reached her browser, not the server's disk.
    assert not list((data_dir / "room" / "participants").glob("*/exports/*"))
    # She shares the session with the lead from her history.
    ana.press("h")
    ana.wait_for("History: 1 finished session", "Ana's history")
    ana.press("s")
    ana.wait_for("can now read this session", "the session shared")

    # Ben's history is his own: empty, and nothing of Ana's reached his screen.
    ben.press("h")
    ben.wait_for("History: 0 finished sessions", "Ben's history")
    # The light theme: the page around the terminal turns light too (no dark strip).
    ben.press("Control+t")
    wait_until(lambda: light(ben.page.evaluate("document.body.style.background")), 30,
               "the page to take the light theme", ben.page)
    ben.shot("3-ben-history")
    assert REPLY not in ben.text()
    stores = participant_stores(data_dir)
    assert len(stores) == 2, stores
    assert {stat_mode(p) for p in stores} == {0o600}
    assert {stat_mode(p.parent) for p in stores} == {0o700}

    # The lead's tab: the facilitator code, then the room without anyone's words.
    lead = Tab(browser, url, "the lead")
    lead.press("Control+f")
    lead.page.wait_for_timeout(500)  # the app shows the code box first
    lead.type(LEAD_CODE)
    lead.press("Enter")
    lead.wait_for("Facilitator: 2 in the room", "the facilitator view")
    lead.wait_for("Ben", "Ben in the room")
    lead.wait_for("history", "what Ana and Ben are doing")
    lead.wait_for("open question", "the debrief table")
    lead.shot("4-facilitator")
    assert REPLY not in lead.text()
    # Ana shared her session: the lead may open it, and only then reads her words.
    lead.press("Enter")
    lead.wait_for("Shared by Ana", "Ana's shared session")
    lead.press("End")  # the transcript is at the foot of the report
    lead.wait_for("get out of today", "Ana's reply in the shared session")
    lead.shot("5-shared-session")


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_wrong_room_code_does_not_let_anyone_in(room, browser):
    url, data_dir = room
    tab = Tab(browser, url, "Cas")
    tab.type("Cas")
    tab.press("Enter")
    tab.page.wait_for_timeout(500)
    tab.type("0000")
    tab.press("Enter")
    tab.wait_for("not the room code", "the refusal")
    assert not participant_stores(data_dir)


# -- other origins, other host names, a full room --------------------------------------------
FOREIGN_PAGE = """<!DOCTYPE html><html><body><script>
window.results = {};
const target = "%s";
const ws = new WebSocket("ws://" + target + "/ws?width=80&height=24");
ws.onopen = () => { window.results.ws = "open"; };
ws.onerror = () => { window.results.ws = window.results.ws || "error"; };
ws.onclose = () => { window.results.ws = window.results.ws || "closed"; };
fetch("http://" + target + "/", {credentials: "include"})
  .then(r => r.text()).then(t => { window.results.fetch = "read:" + t.length; })
  .catch(() => { window.results.fetch = "failed"; });
</script></body></html>"""


@pytest.fixture
def foreign_site(tmp_path):
    """A second local web server, on another port: the page of 'another site'."""
    folder = tmp_path / "foreign"
    folder.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def test_a_page_of_another_origin_gets_nothing_and_starts_no_app(tmp_path, foreign_site, browser):
    proc, port, data_dir = start_server(tmp_path)
    folder, foreign = foreign_site
    (folder / "index.html").write_text(FOREIGN_PAGE % f"127.0.0.1:{port}", encoding="utf-8")
    try:
        page = browser.new_page()
        page.goto(f"{foreign}/index.html")
        results = wait_until(
            lambda: (r := page.evaluate("window.results")) and len(r) == 2 and r, 30,
            "the foreign page's attempts", page)
        assert results == {"ws": "error", "fetch": "failed"}, results
        # The same page served by coachsim itself does open the websocket (the control).
        own = browser.new_page()
        own.goto(f"http://127.0.0.1:{port}/")
        own.wait_for_function("document.body.classList.contains('-first-byte')", timeout=60000)
    finally:
        log = stop(proc)
    assert "refused GET /ws" in log and "refused GET /" in log
    # No participant was ever created by the foreign page: the only tab was our own page's.
    assert not participant_stores(data_dir)


def test_a_foreign_host_name_is_refused_dns_rebinding_included(tmp_path):
    proc, port, _ = start_server(tmp_path)
    try:
        raw = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        raw.request("GET", "/", headers={"Host": f"attacker.example:{port}"})
        answer = raw.getresponse()
        assert answer.status == 403 and b"textual" not in answer.read()
        # The served name gets the page, which no other site may frame, and a participant
        # cookie that scripts cannot read and other sites' requests do not carry.
        raw.request("GET", "/", headers={"Host": f"localhost:{port}"})
        answer = raw.getresponse()
        assert answer.status == 200 and b"ws://localhost:%d/ws" % port in answer.read()
        assert answer.getheader("X-Frame-Options") == "DENY"
        cookie = answer.getheader("Set-Cookie")
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        with playwright_api.sync_playwright() as p:
            # A rebinding name: resolves to this machine, but is not the served host.
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                *CHROMIUM_ARGS, "--host-resolver-rules=MAP rebind.test 127.0.0.1"])
            try:
                page = browser.new_page()
                response = page.goto(f"http://rebind.test:{port}/")
                assert response.status == 403
                assert "data-session-websocket-url" not in page.content()
            finally:
                browser.close()
    finally:
        stop(proc)


def test_a_full_room_says_so_plainly(tmp_path, browser):
    proc, port, _ = start_server(tmp_path, "--max-sessions", "1")
    try:
        first = browser.new_page()
        first.goto(f"http://127.0.0.1:{port}/")
        first.wait_for_function("document.body.classList.contains('-first-byte')", timeout=60000)
        second = browser.new_page()
        response = second.goto(f"http://127.0.0.1:{port}/")
        assert response.status == 503
        assert "The room is full" in second.content()
        first.close()  # a place frees up when a tab closes
        wait_until(lambda: second.goto(f"http://127.0.0.1:{port}/").status == 200, 30,
                   "the place to free up", second)
    finally:
        stop(proc)
