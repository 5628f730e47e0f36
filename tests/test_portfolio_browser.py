"""The portfolio's HTML page in real headless Chromium: it renders on its own (nothing fetched
but the file itself), shows every section, and the trainee's words stay text."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from simulator.portfolio import build
from simulator.render.portfolio import render
from simulator.rubric import load_rubric
from simulator.store import Store
from tests.test_portfolio import journey

CHROMIUM = next((p for p in (shutil.which("chromium"), "/usr/bin/chromium") if p and Path(p).exists()), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (apt-get install chromium)")
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def test_the_portfolio_page_stands_alone_in_chromium(tmp_path):
    with Store(tmp_path / "data") as store:
        journey(store, "2026-03-02", reflect="<img src=x onerror=alert(1)> stayed with him")
        page_html = render(build(store, load_rubric("core"), {"smoking_ambivalent": 3}), "html")
    path = tmp_path / "portfolio.html"
    path.write_text(page_html, encoding="utf-8")
    requests: list[str] = []
    dialogs: list[str] = []
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 800})
            page.on("request", lambda r: requests.append(r.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(path.as_uri())
            headings = page.locator("h2").all_inner_texts()
            reflection = page.locator("dd").first.inner_text()
            images = page.locator("img").count()
        finally:
            browser.close()
    assert requests == [path.as_uri()]
    assert headings == ["Practice hours by month and scenario", "Journeys", "Skills over time",
                        "Reflections", "Best replies", "Most instructive replies",
                        "Care and support plans written"]
    assert reflection == "<img src=x onerror=alert(1)> stayed with him"
    assert images == 0 and dialogs == []
