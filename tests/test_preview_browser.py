"""The live preview in a real browser: Debian's chromium driven by Playwright, never a downloaded one.

Edit a data file and see the change appear; break the TOML and see the message with file and line;
fix it and see the report again.
"""

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: scripts/test.sh installs chromium and sets this: there a missing browser fails, it is not skipped
REQUIRED = os.environ.get("RAPPORTKARNA_BROWSER_TESTS") == "1"
playwright_api = pytest.importorskip("playwright.sync_api") if not REQUIRED else __import__(
    "playwright.sync_api", fromlist=["sync_playwright"])
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not REQUIRED and not Path(CHROMIUM).exists(),
                                 reason="Debian's chromium is installed by scripts/test.sh")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(mini) -> Iterator[tuple[str, object]]:
    import uvicorn

    from rapportkarna.plugins import discover
    from rapportkarna.preview import HOST, Preview, app

    port = _free_port()
    preview = Preview(mini.workspace, mini.federation, discover([mini.root / "plugins"]))
    config = uvicorn.Config(app(preview), host=HOST, port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert uv.started, "the preview server did not start"
    yield f"http://{HOST}:{port}", mini
    uv.should_exit = True
    thread.join(timeout=5)


@pytest.fixture
def page() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield browser.new_page()
        browser.close()


def test_the_preview_follows_edits_shows_problems_and_recovers(server, page):
    url, mini = server
    page.goto(url + "/")
    page.click("text=2011 arsredovisning")
    page.wait_for_selector("text=Inledning till året.")
    assert page.locator("a", has_text="PDF").count() == 1
    moment = mini.fed_dir / "2011" / "bokslut" / "moment.toml"
    time.sleep(0.3)  # the page's event stream is open
    moment.write_text(moment.read_text(encoding="utf-8").replace("Inledning till året.", "Ett nytt år."),
                      encoding="utf-8")
    page.wait_for_selector("text=Ett nytt år.", timeout=5000)
    started = time.monotonic()
    moment.write_text('[texts\ninledning = "trasig"\n', encoding="utf-8")
    page.wait_for_selector(".problem", timeout=5000)
    assert time.monotonic() - started < 5
    problem = page.locator(".problem").first.inner_text()
    assert "bokslut/moment.toml:1:" in problem and "TOML syntax error" in problem
    moment.write_text('[texts]\ninledning = "Lagat."\n', encoding="utf-8")
    page.wait_for_selector("text=Lagat.", timeout=5000)
    assert page.locator(".problem").count() == 0


def test_the_preview_listens_on_localhost_only(server):
    url, _ = server
    assert url.startswith("http://127.0.0.1:")
