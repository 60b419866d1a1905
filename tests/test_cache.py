"""The tool's cache on disk (rapportkarna.cache): compiled templates and drawn charts kept between
runs, found by their whole input, private to the user, never needed."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from rapportkarna import cache, template_cache
from rapportkarna.cli import main
from rapportkarna.templating import ReportEnvironment


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    """An empty cache of this test's own, and no compiled templates held in memory."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    monkeypatch.setattr(template_cache, "_CACHES", {})
    return folder


def _html(mini) -> str:
    fed = mini.build()
    return fed.render_html(fed.load(2011), "arsredovisning").html


def test_compiled_templates_are_kept_on_disk_for_the_next_process(mini, here, monkeypatch):
    first = _html(mini)
    assert len(list((here / "templates").iterdir())) > 10
    template_cache._CACHES.clear()  # as in a new process: only the disk remains

    def compile_again(*args, **kwargs):
        raise AssertionError("a template was compiled again")
    monkeypatch.setattr(ReportEnvironment, "compile", compile_again)
    assert _html(mini) == first


def test_an_edited_template_is_compiled_again(mini, here):
    _html(mini)
    template_cache._CACHES.clear()
    page = mini.root / "templates" / "base.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", "<p>Ny rad i mallen.</p></body>"),
                    encoding="utf-8")
    assert "Ny rad i mallen." in _html(mini)


def test_a_damaged_entry_is_made_again(mini, here):
    first = _html(mini)
    template_cache._CACHES.clear()
    for entry in (here / "templates").iterdir():
        data = bytearray(entry.read_bytes())
        data[-10] ^= 0xFF  # one bit pattern changed: the stored digest no longer matches
        entry.write_bytes(bytes(data))
    assert _html(mini) == first


def test_a_cache_others_may_write_to_is_not_used(mini, here):
    here.mkdir(mode=0o700)
    here.chmod(0o777)  # compiled templates are code: not from a folder anyone may write
    _html(mini)
    assert list(here.iterdir()) == []


def test_the_cache_can_be_turned_off(mini, here, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    _html(mini)
    assert not here.exists()


def test_a_chart_drawn_once_is_read_back_without_matplotlib(here):
    program = """
import sys
from decimal import Decimal
from rapportkarna.charts import Series, bar_chart
chart = bar_chart("Kostnader", ["Kansli", "Projekt"], [Series(name="Budget", values=[Decimal(900000), Decimal(100000)])], "tkr")
svg = chart.svg
print(len(svg), "matplotlib" in sys.modules)
"""
    env = {**os.environ, cache.CACHE_ENV: str(here)}
    run = [subprocess.run([sys.executable, "-c", program], env=env, capture_output=True, text=True, check=True).stdout
           for _ in range(2)]
    assert run[0].split()[1] == "True" and run[1].split()[1] == "False"  # drawn, then read
    assert run[0].split()[0] == run[1].split()[0]


def test_old_entries_are_removed_when_the_cache_grows_too_big(here, monkeypatch):
    monkeypatch.setattr(cache, "LIMIT_BYTES", 1000)
    monkeypatch.setattr(cache, "_pruned", set())
    store = cache.Store("test")
    for number in range(5):
        store.put(f"entry{number}", b"x" * 300)
        os.utime(here / "test" / f"entry{number}", (number, number))  # entry0 used longest ago
    cache._pruned.clear()
    store.put("entry5", b"x" * 300)  # 6 × 365 bytes > 1000: down to 750
    assert sorted(p.name for p in (here / "test").iterdir()) == ["entry4", "entry5"]


def test_the_cache_command_shows_and_clears(here, mini):
    _html(mini)
    shown = CliRunner().invoke(main, ["cache"])
    assert shown.exit_code == 0 and str(here) in shown.output and "templates" in shown.output
    cleared = CliRunner().invoke(main, ["cache", "--clear"])
    assert cleared.exit_code == 0 and "removed" in cleared.output
    assert cache.entries(here) == []


def test_a_sie_file_read_once_is_read_back_from_the_cache(here, monkeypatch):
    from rapportkarna.errors import ValidationFailed
    from rapportkarna.sie import reader
    source = Path(__file__).resolve().parents[1] / "federations/norrbotten/2011/bokslut/bokforing.se"
    copy = here.parent / "bokforing.se"
    copy.write_bytes(source.read_bytes())
    first = reader.read_sie(copy)

    def read_again(self, text):
        raise AssertionError("read again")
    with monkeypatch.context() as patched:
        patched.setattr(reader._Reader, "read", read_again)
        assert reader.read_sie(copy) == first
    # a changed file is read again, and one with problems is reported every time, never kept
    copy.write_bytes(source.read_bytes() + b'#VER "" "" 20111301 "fel"\n')
    for _ in range(2):
        with pytest.raises(ValidationFailed):
            reader.read_sie(copy)
    assert len(list((here / "sie").iterdir())) == 1
