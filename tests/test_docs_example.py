"""The plugin example in docs/plugins.md works as written."""

import re
from pathlib import Path

from rapportkarna.plugins import discover

DOC = Path(__file__).resolve().parents[1] / "docs" / "plugins.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_the_kurser_example_plugin_builds(mini):
    plugin_source = next(b for b in _blocks("python") if b.startswith("# plugins/kurser.py"))
    template = next(b for b in _blocks("jinja") if "moment.extensions.kurser" in b)
    plugins = mini.root / "plugins"
    (plugins / "kurser_templates" / "sections").mkdir(parents=True)
    (plugins / "kurser.py").write_text(plugin_source, encoding="utf-8")
    (plugins / "kurser_templates" / "sections" / "kurser.html").write_text(template, encoding="utf-8")
    mini.write("federation.toml", (mini.fed_dir / "federation.toml").read_text().replace(
        "plugins = []", 'plugins = ["kurser"]'))
    mini.append("2011/delar-0630/moment.toml", '\n[extensions.kurser]\nperiod = "VT 2011"\n')
    mini.write("2011/delar-0630/kurser.csv", "namn,deltagare\nLAS,40\nBBIC,25\n")
    fed = mini.build(catalogue=discover([plugins]))
    data = fed.load(2011)
    html = fed.render_html(data, "delarsrapport").html
    assert "<caption>Kurser VT 2011</caption>" in html and "<th scope=\"row\">LAS</th>" in html
    assert "Deltagare i kurser" in html and "Utfall: 65\u00a0st" in html
    assert 'id="kurser"' not in fed.render_html(data, "verksamhetsplan").html  # no section in the plan
    annual = fed.render_html(data, "arsredovisning").html  # the bokslut has no kurser of its own yet
    assert 'id="kurser"' not in annual and "LAS" not in annual
