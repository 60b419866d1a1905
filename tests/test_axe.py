"""HTML accessibility: every example report's and meeting document's HTML has no axe-core violation
of WCAG 2.0 and 2.1, levels A and AA, in Debian's chromium driven by Playwright.

axe-core comes from npm at the version package.json pins, installed into node_modules/ by
scripts/test.sh; nothing is downloaded here, and no browser but the installed one is used.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from test_pdf_ua import build_examples  # the same build, made once per session

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: scripts/test.sh installs chromium and axe-core and sets this: there a missing one fails, not skips
REQUIRED = os.environ.get("RAPPORTKARNA_BROWSER_TESTS") == "1"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

playwright_api = pytest.importorskip("playwright.sync_api") if not REQUIRED else __import__(
    "playwright.sync_api", fromlist=["sync_playwright"])
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not REQUIRED and not (Path(CHROMIUM).exists() and AXE.exists()),
                                 reason="chromium and axe-core are installed by scripts/test.sh")]


@pytest.fixture(scope="module")
def browser_page() -> Iterator[object]:
    assert AXE.exists(), f"{AXE} is missing: scripts/test.sh installs axe-core from package.json"
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = browser.new_page()
        # the reports load nothing from elsewhere; a request that is not the file itself is refused
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                   or route.request.url.startswith("data:") else route.abort())
        yield page
        browser.close()


def violations(page: object, path: Path) -> list[str]:
    page.goto(path.as_uri())  # type: ignore[attr-defined]
    page.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
    result = page.evaluate(  # type: ignore[attr-defined]
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", TAGS)
    found = []
    for violation in result["violations"]:
        targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        found.append(f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])} element(s)): "
                     f"{violation['help']} — {targets}")
    return found


def test_every_example_html_has_no_axe_violations(tmp_path_factory, browser_page):
    examples = build_examples(tmp_path_factory.getbasetemp())
    documents = sorted(examples.rglob("*.html"))
    assert len(documents) >= 20
    failures = [f"{path.relative_to(examples)}: {line}" for path in documents for line in violations(browser_page, path)]
    assert not failures, "\n".join(failures)


def test_axe_finds_a_violation_when_there_is_one(tmp_path, browser_page):
    """The check can fail: a page with an image without alt text and grey-on-white text."""
    page = tmp_path / "broken.html"
    page.write_text('<!DOCTYPE html><html lang="sv"><head><title>Trasig</title></head><body><main>'
                    '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                    '<p style="color:#bbb">Svag kontrast</p></main></body></html>', encoding="utf-8")
    found = " ".join(violations(browser_page, page))
    assert "image-alt" in found and "color-contrast" in found
