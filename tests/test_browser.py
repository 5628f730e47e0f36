"""The practice app in a real browser: coachsim serve, headless Chromium, a reply and an answer.

Needs Debian's Chromium (.ci/run installs it) and the playwright package (the test extra);
skips with the reason where either is missing.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = next((p for p in (shutil.which("chromium"), "/usr/bin/chromium") if p and Path(p).exists()), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (apt-get install chromium)")
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

#: Flags for a sandboxed, offline headless Chromium (the machine has no network to call home to).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")
REPLY = "What would you like to get out of today?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout: float, what: str, page=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if page is not None:
            page.wait_for_timeout(100)  # lets Playwright deliver websocket events meanwhile
        else:
            time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def screen_text(frames: list) -> str:
    raw = b"".join(f if isinstance(f, bytes) else f.encode() for f in frames)
    return " ".join(ANSI.sub("", raw.decode("utf-8", "replace")).split())


def store_rows(data_dir: Path, sql: str) -> list:
    """Rows from every participant's store in the room (each tab keeps its own)."""
    rows = []
    for db in sorted((data_dir / "room" / "participants").glob("*/coachsim.db")):
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            try:
                rows += conn.execute(sql).fetchall()
            except sqlite3.OperationalError:
                pass
    return rows


def start_server(tmp_path: Path, *options: str):
    """``coachsim serve`` on a free port over a data folder in ``tmp_path``, once it listens."""
    port = free_port()
    data_dir = tmp_path / "data"
    env = {**os.environ, "COACHSIM_DATA_DIR": str(data_dir)}
    proc = subprocess.Popen([sys.executable, "-m", "simulator", "serve", "--port", str(port), *options],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)

    def listening():
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return True
        except OSError:
            assert proc.poll() is None, proc.stdout.read().decode()
            return False

    try:
        wait_until(listening, 30, "the server to listen")
    except BaseException:
        stop(proc)
        raise
    return proc, port, data_dir


def stop(proc) -> str:
    """Stop the server; return what it printed."""
    proc.terminate()
    try:
        out, _ = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return out.decode("utf-8", "replace")


@pytest.fixture
def server(tmp_path):
    proc, port, data_dir = start_server(tmp_path)
    try:
        yield f"http://127.0.0.1:{port}/", data_dir
    finally:
        stop(proc)


def test_a_trainee_replies_in_the_browser_and_the_patient_answers(server):
    url, data_dir = server
    frames: list = []
    requests: list[str] = []
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(f)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(url)
            wait_until(lambda: "Your name" in screen_text(frames), 60, "the name screen", page)
            page.mouse.click(5, 5)  # focus the terminal (the name box has the app's focus)
            page.keyboard.type("Ana", delay=30)
            page.keyboard.press("Enter")
            # Scenarios load after the first frame: wait for the picker's rows.
            wait_until(lambda: "disengaged" in screen_text(frames), 60, "the scenario picker", page)
            page.mouse.click(600, 300)  # focus the terminal
            page.keyboard.press("Enter")  # the highlighted scenario's briefing
            wait_until(lambda: "Assessment" in screen_text(frames), 30, "the briefing", page)
            page.keyboard.press("p")      # practice mode
            opening = wait_until(lambda: store_rows(data_dir, "SELECT opening FROM sessions"),
                                 30, "the session to start", page)[0][0]
            wait_until(lambda: opening[:30] in screen_text(frames), 30, "the opening line on screen", page)
            page.keyboard.type(REPLY, delay=30)
            page.keyboard.press("Enter")
            [(coach, patient)] = wait_until(
                lambda: store_rows(data_dir, "SELECT coach, patient FROM turns"), 30, "the turn to be saved", page)
            assert coach == REPLY
            # The patient's answer reaches the browser (allow for wrapping: its first words).
            first_words = " ".join(patient.split()[:4])
            wait_until(lambda: first_words in screen_text(frames), 30, "the patient's answer on screen", page)
            # Nothing was fetched from anywhere but this server (no web fonts, no CDN).
            assert requests and all(u.startswith(url.rstrip("/")) or u.startswith("ws://127.0.0.1")
                                    for u in requests), requests
        finally:
            browser.close()
