"""rapportkarna.testing: the small federation, plugins in one call, reports as HTML, text and problems."""

import types
from pathlib import Path

import pytest

from rapportkarna import Section, hookimpl
from rapportkarna.testing import MiniFederation, html_to_text

PLUGIN_SOURCE = '''
from rapportkarna import Section, hookimpl

__version__ = "2.0.0"


@hookimpl
def report_sections(report):
    return [Section(id="egen", title="Egen sektion", template="sections/egen.html", order=12)]
'''

TEMPLATE = '{% extends "blocks/section.html" %}{% block body %}<p>Från mallen.</p>{% endblock %}\n'


def _code_plugin() -> types.SimpleNamespace:
    @hookimpl
    def report_sections(report):
        return [Section(id="egen", title="Egen sektion", template="sections/inledning.html", order=12)]
    return types.SimpleNamespace(report_sections=report_sections, __name__="tests.egen")


def test_the_text_is_what_a_reader_sees():
    html = """<html><head><title>Titel</title><style>p { color: red }</style></head><body>
      <h1>Rubrik</h1><p>Ett   stycke
      över två rader.</p><ul><li>en</li><li>två</li></ul>
      <table><caption>Tabell</caption><tr><th>Kurs</th><td>65&nbsp;st</td></tr>
      <tr><th>Summa</th><td>1\u202f234</td></tr></table>rad<br>bryts</body></html>"""
    assert html_to_text(html) == ("Rubrik\nEtt stycke över två rader.\nen\ntvå\nTabell\n"
                                  "Kurs | 65 st\nSumma | 1 234\nrad\nbryts")


def test_a_report_has_html_text_and_its_moment(mini_federation):
    report = mini_federation.report("delarsrapport")
    assert report.ok and report.draft and report.moment == "delar-0630" and not report.problems
    assert report.title == "Delårsredovisning 2011"
    assert report.html.startswith("<!DOCTYPE html>")
    assert "Inledning till delåret." in report.text.splitlines()


def test_problems_stop_the_report_and_read_as_the_cli_prints_them(mini_federation):
    mini_federation.append("federation.toml", "[theme]\nprimary = \"röd\"\n")
    report = mini_federation.report()
    assert not report.ok
    assert report.messages == mini_federation.messages()
    assert report.messages[0].startswith("federations/test/federation.toml:")
    assert "theme.primary" in report.messages[0]
    with pytest.raises(AssertionError, match="was not built:\nfederations/test/federation.toml"):
        report.text  # noqa: B018


def test_a_draft_tells_what_it_lacks(mini_federation):
    mini_federation.write("2011/bokslut/budget.csv", "kostnadsstalle,kind,utfall\nMedlemsavgifter,intakt,1000000\n")
    report = mini_federation.report("arsredovisning")
    assert report.ok and [g.message for g in report.gaps] == ["no utfall for this budget line"]


def test_a_plugin_module_is_registered_in_code(mini_federation):
    assert mini_federation.use_plugin(_code_plugin()) == "egen"
    assert "Egen sektion" in mini_federation.report().text


def test_a_plugin_file_or_package_is_found_by_path(mini_federation, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "paket" / "templates" / "sections").mkdir(parents=True)
    (elsewhere / "paket" / "__init__.py").write_text(PLUGIN_SOURCE, encoding="utf-8")
    (elsewhere / "paket" / "templates" / "sections" / "egen.html").write_text(TEMPLATE, encoding="utf-8")
    assert mini_federation.use_plugin(elsewhere / "paket") == "paket"
    assert mini_federation.use_plugin(elsewhere / "paket") == "paket"  # twice is once
    assert 'plugins = ["paket"]' in mini_federation.path("federation.toml").read_text(encoding="utf-8")
    assert "Egen sektion\nFrån mallen." in mini_federation.report().text
    assert mini_federation.build().plugins.describe()[-1].source == str(elsewhere / "paket")


def test_a_plugin_is_named_as_federation_toml_names_it(mini_federation):
    plugins = mini_federation.root / "plugins"
    (plugins / "sektion" / "templates" / "sections").mkdir(parents=True)
    (plugins / "sektion" / "__init__.py").write_text(PLUGIN_SOURCE, encoding="utf-8")
    (plugins / "sektion" / "templates" / "sections" / "egen.html").write_text(TEMPLATE, encoding="utf-8")
    (plugins / "annan.py").write_text(PLUGIN_SOURCE, encoding="utf-8")
    mini_federation.use_plugin("sektion")
    assert "Från mallen." in mini_federation.report().text
    assert [info.name for info in mini_federation.build().plugins.describe()] == ["core", "sektion"]


def test_a_path_that_is_no_plugin_is_refused(mini_federation, tmp_path):
    with pytest.raises(ValueError, match="not a plugin"):
        mini_federation.use_plugin(tmp_path / "saknas.py")
    (tmp_path / "fil.py").write_text(PLUGIN_SOURCE, encoding="utf-8")
    with pytest.raises(ValueError, match="named by its file"):
        mini_federation.use_plugin(tmp_path / "fil.py", name="annat")


def test_other_legal_forms(tmp_path):
    samverkan = MiniFederation(tmp_path / "s", regime="samverkan")
    assert samverkan.report().title == "Verksamhetsberättelse 2011"
    kommunalforbund = MiniFederation(tmp_path / "k", regime="kommunalforbund")
    assert kommunalforbund.report("verksamhetsplan").ok
    annual = kommunalforbund.report("arsredovisning")  # a draft: its statements lack the accounts
    assert "Uppgift saknas: räkenskaperna" in annual.text
    assert any("add [accounts]" in str(gap) for gap in annual.gaps)


def test_the_shared_templates_are_the_installed_ones(mini_federation):
    assert not (mini_federation.root / "templates").exists()
    assert mini_federation.workspace.templates_dir == Path(__file__).resolve().parents[1] / "templates"
