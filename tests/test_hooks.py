"""Every hook, exercised by plugins registered in the test, as plugin authors would use them."""


import pytest
from pydantic import BaseModel

from rapportkarna import hookimpl
from rapportkarna.errors import Problem, RapportError, ValidationFailed
from rapportkarna.extensions import DataExtension
from rapportkarna.model import Indicator, IndicatorValue, Priority, YearData
from rapportkarna.plugins import PluginError, PluginSet, discover
from rapportkarna.reports import ContributedIndicator, ReportType, Section
from conftest import problems_of


def test_report_sections_adds_a_section_with_its_own_template(mini, tmp_path):
    templates = tmp_path / "plugin_templates"
    (templates / "sections").mkdir(parents=True)
    (templates / "sections" / "extra.html").write_text(
        '{% extends "blocks/section.html" %}{% block body %}<p>Extra: {{ section.data.n }}</p>{% endblock %}')

    class Plugin:
        @hookimpl
        def report_sections(self, report):
            if report.id == "delarsrapport":
                return [Section(id="extra", title="Extra avsnitt", template="sections/extra.html",
                                after="inledning", data={"n": 42})]
            return []

        @hookimpl
        def template_dirs(self):
            return [templates]

    fed = mini.build({"extra": Plugin()})
    data = fed.load(2011)
    html = fed.render_html(data, "delarsrapport").html
    assert "<p>Extra: 42</p>" in html
    ids = [s.id for s in fed.render_html(data, "delarsrapport").sections]
    assert ids[ids.index("inledning") + 1] == "extra"
    assert "Extra avsnitt" not in fed.render_html(data, "arsredovisning").html


def test_report_types_adds_a_report_that_builds(mini):
    (mini.root / "templates" / "reports" / "styrelsebrev.html").write_text(
        '{% extends "base.html" %}{% block cover_subtitle %}Brev till styrelsen{% endblock %}')

    class Plugin:
        @hookimpl
        def report_types(self):
            return [ReportType(id="styrelsebrev", title="Brev {year}", template="reports/styrelsebrev.html")]

        @hookimpl
        def report_sections(self, report, rules):
            if report.id != "styrelsebrev":
                return []
            return [Section(id="inledning", title="Inledning", template="sections/inledning.html"),
                    Section(id="ekonomi", title="Ekonomi", template="sections/ekonomi.html")]

    fed = mini.build({"brev": Plugin()})
    assert "styrelsebrev" in fed.report_types
    html = fed.render_html(fed.load(2011), "styrelsebrev").html
    assert "Brev 2011" in html and "Brev till styrelsen" in html


def test_indicators_attach_to_priority_or_nyckeltal(mini):
    mini.append("2011/year.toml", """
[[priorities]]
id = "tillvaxt"
title = "Hållbar tillväxt"
""")

    class Plugin:
        @hookimpl
        def indicators(self, data):
            return [
                ContributedIndicator(indicator=Indicator(text="Beräknad indikator A"), priority="tillvaxt"),
                ContributedIndicator(indicator=Indicator(text="Fristående nyckeltal B", unit="st"),
                                     value=IndicatorValue(outcome=88), group="Kurser"),
            ]

    html = mini.build({"ind": Plugin()}).render_html(mini.build({"ind": Plugin()}).load(2011), "arsredovisning").html
    prio = html[html.index('id="prioriterade"'):]
    assert "Beräknad indikator A" in prio.split('id="nyckeltal"')[0]
    nyckeltal = html[html.index('id="nyckeltal"'):]
    assert "Kurser" in nyckeltal and "Fristående nyckeltal B" in nyckeltal and "Utfall: 88\xa0st" in nyckeltal


def test_indicator_for_unknown_priority_is_an_error(mini):
    class Plugin:
        @hookimpl
        def indicators(self):
            return [ContributedIndicator(indicator=Indicator(text="x"), priority="finns-inte")]

    fed = mini.build({"ind": Plugin()})
    with pytest.raises(RapportError, match="finns-inte"):
        fed.render_html(fed.load(2011), "arsredovisning")


def test_template_filters_and_globals(mini):
    mini.write("templates/sections/inledning.html",
               '{% extends "blocks/section.html" %}{% block body %}{{ "abc" | shout }} {{ motto }}{% endblock %}')

    class Plugin:
        @hookimpl
        def template_filters(self):
            return {"shout": lambda s: s.upper() + "!"}

        @hookimpl
        def template_globals(self):
            return {"motto": "Tillsammans"}

    fed = mini.build({"f": Plugin()})
    assert "ABC! Tillsammans" in fed.render_html(fed.load(2011), "arsredovisning").html


def test_a_plugin_cannot_replace_a_core_filter(mini):
    class Plugin:
        @hookimpl
        def template_filters(self):
            return {"kr": lambda v: "fel"}

    fed = mini.build({"f": Plugin()})
    with pytest.raises(RapportError, match="filter 'kr' is defined by plugin 'core' and again by plugin 'f'"):
        fed.render_html(fed.load(2011), "arsredovisning")


def test_transform_year_data_chains_and_validate_federation_reports(mini):
    class Add:
        @hookimpl
        def transform_year_data(self, data: YearData):
            return data.model_copy(update={"priorities": [*data.priorities, Priority(id="ny", title="Tillagd")]})

    class Check:
        @hookimpl
        def validate_federation(self, federation, data, moments):
            titles = [p.title if hasattr(p, "title") else p["title"] for p in data.priorities]
            return [Problem(federation.root / "2011/year.toml", 3, "priorities",
                            f"saw {titles} and moments {sorted(moments)}")]

    fed = mini.build({"add": Add(), "check": Check()})
    with pytest.raises(ValidationFailed) as caught:
        fed.load(2011)
    assert "saw ['Tillagd'] and moments ['bokslut', 'delar-0630', 'plan']" in str(caught.value)
    assert "year.toml:3: priorities:" in str(caught.value)


class Lending(BaseModel):
    kommun: str
    antal: int


class Media(BaseModel):
    period: str
    rows: list[Lending] = []


def test_data_extension_is_validated_from_toml_and_csv(mini):
    class Plugin:
        @hookimpl
        def data_extensions(self):
            return [DataExtension("media", Media, tables={"rows": "media.csv"})]

        @hookimpl
        def extend_context(self, data):
            return {"media_total": sum(r.antal for r in data.extensions["media"].rows)}

    mini.append("2011/year.toml", '\n[extensions.media]\nperiod = "VT 2011"\n')
    mini.write("2011/media.csv", "kommun,antal\nUmeå,10\nVännäs,5\n")
    fed = mini.build({"media": Plugin()})
    data = fed.load(2011).data
    assert data.extensions["media"].period == "VT 2011"
    assert [r.antal for r in data.extensions["media"].rows] == [10, 5]

    mini.write("2011/media.csv", "kommun,antal\nUmeå,10\nVännäs,fem\n")
    with pytest.raises(ValidationFailed) as caught:
        mini.build({"media": Plugin()}).load(2011)
    problem = caught.value.problems[0]
    assert problem.file.name == "media.csv" and problem.line == 3 and problem.path == "row 2, column antal"


class Term(BaseModel):
    termin: str
    rows: list[Lending] = []


class TermPlugin:
    """A plugin whose statistics are recorded per reporting moment (a term's lending)."""

    @hookimpl
    def data_extensions(self):
        return [DataExtension("media", moment_model=Term, moment_tables={"rows": "media.csv"},
                              expected_at=("interim", "annual"))]

    @hookimpl
    def extend_context(self, moment, history):
        term = moment.extensions.get("media")
        earlier = history.annual(history.current.year - 1) if history.current.kind.value != "plan" else None
        return {"media_line": f"{term.termin}: {sum(r.antal for r in term.rows)}" if term else "ingen",
                "media_earlier": earlier is not None and "media" in earlier.extensions}

    @hookimpl
    def template_globals(self):
        return {}


def test_a_per_moment_extension_is_read_from_each_moment(mini):
    mini.write("templates/sections/inledning.html",
               '{% extends "blocks/section.html" %}{% block body %}<p id="m">{{ media_line }}</p>{% endblock %}')
    mini.append("2011/delar-0630/moment.toml", '\n[extensions.media]\ntermin = "VT 2011"\n')
    mini.write("2011/delar-0630/media.csv", "kommun,antal\nUmeå,10\nVännäs,5\n")
    mini.append("2011/bokslut/moment.toml", '\n[extensions.media]\ntermin = "HT 2011"\n')
    mini.write("2011/bokslut/media.csv", "kommun,antal\nUmeå,30\n")
    fed = mini.build({"media": TermPlugin()})
    loaded = fed.load(2011)
    assert loaded.moments["delar-0630"].extensions["media"].termin == "VT 2011"
    assert '<p id="m">VT 2011: 15</p>' in fed.render_html(loaded, "delarsrapport").html
    annual = fed.render_html(loaded, "arsredovisning").html
    assert '<p id="m">HT 2011: 30</p>' in annual and "VT 2011" not in annual


def test_a_per_moment_extension_in_the_wrong_place_or_missing(mini):
    mini.write("2011/media.csv", "kommun,antal\nUmeå,10\n")  # in the year folder: belongs in a moment's
    mini.append("2011/year.toml", '\n[extensions.media]\ntermin = "VT 2011"\n')
    problems = problems_of(mini.build({"media": TermPlugin()}))
    assert any(p.file.name == "media.csv" and "belongs in a moment's folder" in p.message for p in problems)
    assert any(p.file.name == "year.toml" and p.path == "extensions.media"
               and "is not recorded here but in a reporting moment's moment.toml" in p.message for p in problems)
    mini.write("2011/media.csv", "")
    (mini.fed_dir / "2011/media.csv").unlink()
    mini.write("2011/year.toml", "")
    fed = mini.build({"media": TermPlugin()})
    gaps = fed.gaps(fed.load(2011), "bokslut")  # a draft: notes, not errors
    assert any(p.path == "extensions.media" and "no data for extension 'media'" in p.message for p in gaps)
    mini.append("2011/bokslut/moment.toml", '\n[adoption]\nstatus = "beslutad"\nbody = "arsmote"\n'
                'date = 2012-03-20\nparagraph = 5\n')
    config = (mini.fed_dir / "federation.toml").read_text()
    mini.write("federation.toml", config.replace('[[members]]', '[[organisation.bodies]]\nid = "arsmote"\n'
                                                 'kind = "stamma"\nname = "Årsmötet"\n\n[[members]]', 1))
    problems = problems_of(mini.build({"media": TermPlugin()}))
    assert [p.path for p in problems] == ["extensions.media"]  # adopted: the missing data is an error


def test_extension_no_plugin_provides_is_an_error(mini):
    mini.append("2011/year.toml", '\n[extensions.okand]\nx = 1\n')
    with pytest.raises(ValidationFailed, match="no plugin of this federation provides extension 'okand'"):
        mini.build().load(2011)


def test_extend_context_may_not_replace_core_variables(mini):
    class Plugin:
        @hookimpl
        def extend_context(self):
            return {"title": "kapat"}

    fed = mini.build({"p": Plugin()})
    with pytest.raises(RapportError, match="may not replace core variables: title"):
        fed.render_html(fed.load(2011), "arsredovisning")


def test_unknown_hook_is_reported_by_plugin_name():
    class Plugin:
        @hookimpl
        def report_sektioner(self):
            return []

    with pytest.raises(PluginError, match="plugin 'typo' .* implements unknown hook 'report_sektioner'"):
        PluginSet([], discover([]), extra={"typo": Plugin()})


def test_plugin_that_fails_to_import_is_reported(tmp_path):
    (tmp_path / "trasig.py").write_text("import modul_som_inte_finns\n")
    catalogue = discover([tmp_path])
    with pytest.raises(PluginError, match="plugin 'trasig' .*trasig.py.* failed to import: ModuleNotFoundError"):
        PluginSet(["trasig"], catalogue)


def test_plugin_exception_names_plugin_and_hook(mini):
    class Plugin:
        @hookimpl
        def report_sections(self):
            raise KeyError("oj")

    fed = mini.build({"buggy": Plugin()})
    with pytest.raises(PluginError, match="plugin 'buggy' failed in hook 'report_sections': KeyError"):
        fed.render_html(fed.load(2011), "arsredovisning")


def test_file_plugins_are_discovered_and_only_named_ones_load(mini):
    plugins = mini.root / "plugins"
    plugins.mkdir()
    (plugins / "stamp.py").write_text(
        "from rapportkarna import hookimpl\n__version__ = '2.1'\n"
        "@hookimpl\ndef template_globals():\n    return {'stamp': 'STAMP'}\n")
    catalogue = discover([plugins])
    assert catalogue["stamp"].source.endswith("stamp.py")
    fed = mini.build(catalogue=catalogue)
    assert [i.name for i in fed.plugins.describe()] == ["core"]  # not named in federation.toml
    text = (mini.fed_dir / "federation.toml").read_text().replace("plugins = []", 'plugins = ["stamp"]')
    mini.write("federation.toml", text)
    fed = mini.build(catalogue=catalogue)
    assert fed.plugins.order == ["core", "stamp"]
    assert fed.plugins.describe()[1].version == "2.1"  # from the module's __version__


def test_extra_css_is_included_inline_after_the_shared_css(mini, tmp_path):
    folder = tmp_path / "css_plugin" / "css"
    folder.mkdir(parents=True)
    (folder / "egen.css").write_text(".egen { color: #123456; }")

    class Plugin:
        @hookimpl
        def extra_css(self, report):
            return ["css/egen.css"] if report.id == "arsredovisning" else []

        @hookimpl
        def template_dirs(self):
            return [folder.parent]

    fed = mini.build({"css": Plugin()})
    data = fed.load(2011)
    html = fed.render_html(data, "arsredovisning").html
    assert html.index(".visually-hidden") < html.index(".egen { color: #123456; }") < html.index("</style>")
    assert ".egen" not in fed.render_html(data, "verksamhetsplan").html


def test_one_federations_plugin_does_not_change_another(repo, catalogue):
    from rapportkarna.build import FederationBuild
    skelleftea = FederationBuild(repo, repo.federation("skellefteregionen"), catalogue)
    others = [FederationBuild(repo, f, catalogue) for f in repo.federations() if f.slug != "skellefteregionen"]
    assert "skellefteregionen" in skelleftea.plugins.order
    for other in others:
        assert "skellefteregionen" not in other.plugins.order
        assert "kommunrapporter" not in other.extensions


def test_plugins_dir_option_and_listing(mini, tmp_path):
    from click.testing import CliRunner
    from rapportkarna.cli import main
    extra = tmp_path / "extra_plugins"
    extra.mkdir()
    (extra / "sigill.py").write_text("__version__ = '3.0'\n")
    result = CliRunner().invoke(main, ["--root", str(mini.root), "--plugins-dir", str(extra), "plugins"])
    assert result.exit_code == 0
    line = next(text for text in result.output.splitlines() if text.startswith("sigill"))
    assert "3.0" in line and str(extra / "sigill.py") in line


def test_entry_point_plugins_are_discovered(monkeypatch):
    import importlib.metadata
    import types

    module = types.ModuleType("fake_ep_plugin")

    class FakeEntryPoint:
        name = "extern"
        value = "fake_ep_plugin"
        dist = types.SimpleNamespace(name="rapportkarna-extern", version="4.2")

        def load(self):
            return module

    monkeypatch.setattr(importlib.metadata, "entry_points",
                        lambda group: [FakeEntryPoint()] if group == "rapportkarna" else [])
    info = discover([])["extern"]
    assert (info.source, info.version) == ("rapportkarna-extern", "4.2")
    assert PluginSet(["extern"], discover([])).order == ["core", "extern"]
