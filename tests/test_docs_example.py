"""The plugin example in docs/plugins.md works as written, and is the example package's code.

docs/plugins.md shows examples/rapportkarna-kurser: its ``__init__.py``, its section template and
its tests. The page's blocks must be those files, the plugin must work as a package in a
workspace's plugins/ folder, and the page's tests must pass.
"""

import re

import pytest

from conftest import ROOT

DOC = ROOT / "docs" / "plugins.md"
EXAMPLE = ROOT / "examples" / "rapportkarna-kurser"
PACKAGE = EXAMPLE / "src" / "rapportkarna_kurser"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)


def _python_block(first_line: str) -> str:
    """The python block that starts with the comment ``first_line``, without that line."""
    block = next(b for b in _blocks("python") if b.startswith(first_line + "\n"))
    return block.removeprefix(first_line + "\n")


def _template_block() -> str:
    return next(b for b in _blocks("jinja") if "moment.extensions.kurser" in b)


def test_the_page_shows_the_example_package_as_it_is():
    assert _python_block("# kurser/__init__.py") == (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    assert _template_block() == (PACKAGE / "templates/sections/kurser.html").read_text(encoding="utf-8")
    assert _python_block("# tests/test_kurser.py") == (EXAMPLE / "tests/test_kurser.py").read_text(encoding="utf-8")


def test_the_kurser_plugin_builds_from_a_workspace_plugins_folder(mini):
    package = mini.root / "plugins" / "kurser"
    (package / "templates" / "sections").mkdir(parents=True)
    (package / "__init__.py").write_text(_python_block("# kurser/__init__.py"), encoding="utf-8")
    (package / "templates" / "sections" / "kurser.html").write_text(_template_block(), encoding="utf-8")
    mini.use_plugin("kurser")
    mini.append("2011/delar-0630/moment.toml", '\n[extensions.kurser]\nperiod = "VT 2011"\n')
    mini.write("2011/delar-0630/kurser.csv", "namn,deltagare\nLAS,40\nBBIC,25\n")
    fed = mini.build()
    data = fed.load(2011)
    html = fed.render_html(data, "delarsrapport").html
    assert "<caption>Kurser VT 2011</caption>" in html and "<th scope=\"row\">LAS</th>" in html
    assert "Deltagare i kurser" in html and "Utfall: 65\u00a0st" in html
    assert 'id="kurser"' not in fed.render_html(data, "verksamhetsplan").html  # no section in the plan
    annual = fed.render_html(data, "arsredovisning").html  # the bokslut has no kurser of its own yet
    assert 'id="kurser"' not in annual and "LAS" not in annual


def test_the_testing_example_on_the_page_passes(pytester: pytest.Pytester):
    """The page's tests, run by pytest with no conftest: the fixture comes from rapportkarna's
    pytest11 entry point, as in a plugin's own folder."""
    pytester.syspathinsert(PACKAGE.parent)
    pytester.makepyfile(test_kurser=_python_block("# tests/test_kurser.py"))
    result = pytester.runpytest()
    result.assert_outcomes(passed=2)
