"""The hook boundary: a plugin's mistake is named by plugin and hook, never a bare traceback."""

import re

import pytest
from click.testing import CliRunner
from pydantic import BaseModel, ConfigDict

from rapportkarna import hookimpl
from rapportkarna.cli import main
from rapportkarna.errors import ValidationFailed
from rapportkarna.plugins import PluginError, PluginSet, discover


def test_a_result_of_the_wrong_type_names_plugin_hook_and_type(mini):
    class Plugin:
        @hookimpl
        def report_sections(self):
            return ["inledning"]

    fed = mini.build({"fel": Plugin()})
    with pytest.raises(PluginError, match=r"plugin 'fel' returned from hook 'report_sections' something that "
                                          r"is not list\[.*Section\]: at 0: Input should be a valid dictionary"):
        fed.render_html(fed.load(2011), "arsredovisning")


def test_a_filter_hook_returning_a_list_is_named(mini):
    class Plugin:
        @hookimpl
        def template_filters(self):
            return ["shout"]

    fed = mini.build({"f": Plugin()})
    with pytest.raises(PluginError, match="plugin 'f' returned from hook 'template_filters' something that is not dict"):
        fed.render_html(fed.load(2011), "arsredovisning")


@pytest.mark.parametrize("option", ["tryfirst", "trylast", "hookwrapper", "wrapper"])
def test_hook_options_core_does_not_honour_are_refused_at_load(option):
    class Plugin:
        @hookimpl(**{option: True})
        def report_types(self):
            yield  # a wrapper must be a generator; the option is refused before it is called

    with pytest.raises(PluginError, match=rf"plugin 'ordnad' \(registered in code\) marks hook 'report_types' "
                                          rf"{option}; .*order the plugins there instead"):
        PluginSet([], discover([]), extra={"ordnad": Plugin()})


def test_a_transformed_year_is_validated_again(mini):
    class Plugin:
        @hookimpl
        def transform_year_data(self, data):
            return data.model_copy(update={"year": "not a year"})

    with pytest.raises(PluginError, match="plugin 'bad' returned from hook 'transform_year_data' an invalid "
                                          "YearData: year: Input should be a valid integer"):
        mini.build({"bad": Plugin()}).load(2011)


def test_a_hook_that_changes_its_input_is_caught(mini):
    class Plugin:
        @hookimpl
        def validate_federation(self, data):
            data.budget.lines.clear()  # changes the year in place instead of returning problems
            return []

    with pytest.raises(PluginError, match="plugin 'mutant' changed its argument data in hook 'validate_federation'"):
        mini.build({"mutant": Plugin()}).load(2011)


def test_plugins_registered_in_code_keep_their_own_names(mini):
    class Quiet:
        @hookimpl
        def template_globals(self):
            return {"quiet": 1}

    class Loud:
        @hookimpl
        def report_sections(self):
            raise KeyError("oj")

    fed = mini.build({"quiet": Quiet(), "loud": Loud()})
    registered = [fed.plugins.pm.get_plugin("quiet"), fed.plugins.pm.get_plugin("loud")]
    infos = fed.plugins.describe()[1:]
    assert [(i.name, i.loader() is p) for i, p in zip(infos, registered, strict=True)] == [
        ("quiet", True), ("loud", True)]
    with pytest.raises(PluginError, match="plugin 'loud' failed in hook 'report_sections'"):
        fed.render_html(fed.load(2011), "arsredovisning")


def test_two_plugins_with_one_name_are_an_error(mini, tmp_path):
    (tmp_path / "dubbel.py").write_text("")
    with pytest.raises(PluginError, match="two plugins are named 'dubbel'"):
        PluginSet(["dubbel"], discover([tmp_path]), extra={"dubbel": object()})


def test_debug_traces_each_hook_call(mini, tmp_path):
    result = CliRunner().invoke(main, ["--root", str(mini.root), "--debug", "build", "test", "--report",
                                       "arsredovisning", "--format", "html", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "hook report_sections → plugin core: list" in result.output


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rubrik: str = "Kurser"
    antal: int = 3


class Configured:
    """A plugin with typed settings."""

    @hookimpl
    def plugin_settings(self):
        return Settings

    @hookimpl
    def extend_context(self, settings):
        return {"kurs_rubrik": f"{settings.rubrik} ({settings.antal})"}


def test_a_plugins_settings_are_validated_by_its_model_and_passed_to_its_hooks(mini):
    mini.append("federation.toml", '\n[plugin_config.kurser]\nrubrik = "Utbildning"\n')
    fed = mini.build({"kurser": Configured()})
    assert fed.plugins.settings["kurser"] == Settings(rubrik="Utbildning")
    mini.write("templates/sections/inledning.html",
               '{% extends "blocks/section.html" %}{% block body %}<p id="k">{{ kurs_rubrik }}</p>{% endblock %}')
    assert '<p id="k">Utbildning (3)</p>' in fed.render_html(fed.load(2011), "arsredovisning").html


def test_a_mistake_in_a_plugins_settings_is_named_at_its_line(mini):
    path = mini.append("federation.toml", '\n[plugin_config.kurser]\nantal = "många"\nokand = 1\n')
    lines = path.read_text().splitlines()
    with pytest.raises(ValidationFailed) as caught:
        _ = mini.build({"kurser": Configured()}).plugins
    found = {(p.line, p.path, p.message.split(";")[0]) for p in caught.value.problems}
    assert (lines.index('antal = "många"') + 1, "plugin_config.kurser.antal",
            "Input should be a valid integer, unable to parse string as an integer (got 'många')") in found
    assert (lines.index("okand = 1") + 1, "plugin_config.kurser.okand", "unknown key 'okand'") in found


def test_a_plugin_packages_templates_and_css_are_found_by_convention(mini):
    package = mini.root / "plugins" / "konvention"
    (package / "templates" / "sections").mkdir(parents=True)
    (package / "templates" / "css").mkdir()
    (package / "__init__.py").write_text(
        "from rapportkarna import hookimpl, Section\n"
        "@hookimpl\n"
        "def report_sections(report):\n"
        "    return [Section(id='egen', title='Eget avsnitt', template='sections/egen.html', order=90)]\n")
    (package / "templates" / "sections" / "egen.html").write_text(
        '{% extends "blocks/section.html" %}{% block body %}<p>Från konventionen</p>{% endblock %}')
    (package / "templates" / "css" / "konvention.css").write_text(".egen { color: #654321; }")
    (package / "templates" / "css" / "report.css").write_text("/* an override of the shared report.css */")
    config = (mini.fed_dir / "federation.toml").read_text().replace("plugins = []", 'plugins = ["konvention"]')
    mini.write("federation.toml", config)
    fed = mini.build(catalogue=discover([mini.root / "plugins"]))
    html = fed.render_html(fed.load(2011), "arsredovisning").html
    assert "<p>Från konventionen</p>" in html  # no template_dirs hook
    assert ".egen { color: #654321; }" in html  # no extra_css hook
    assert html.count("an override of the shared report.css") == 1  # an override, not an extra stylesheet


def test_a_plugin_adds_a_command_to_the_cli(mini):
    (mini.root / "plugins").mkdir(exist_ok=True)
    (mini.root / "plugins" / "kommando.py").write_text(
        "import click\nfrom rapportkarna import hookimpl\n"
        "@hookimpl\ndef register_commands(cli):\n"
        "    @cli.command()\n    @click.argument('namn')\n"
        "    def halsa(namn):\n        '''Hälsar.'''\n        click.echo(f'Hej {namn}!')\n"
        "    @cli.command()\n    def validate():\n        click.echo('kapad')\n")
    runner = CliRunner()
    result = runner.invoke(main, ["--root", str(mini.root), "halsa", "Umeå"])
    assert result.exit_code == 0, result.output
    assert "Hej Umeå!" in result.output
    listing = runner.invoke(main, ["--root", str(mini.root), "--help"]).output
    assert "halsa" in listing and "Hälsar." in listing
    assert "plugin commands validate have the names of built-in commands and are left out" in listing
    kept = runner.invoke(main, ["--root", str(mini.root), "validate"])
    assert "kapad" not in kept.output and "ok   test 2011" in kept.output


@pytest.mark.parametrize(("change", "expected"), [
    (lambda m: m.append("federation.toml", '\n[reports.arsredovisning.sections.okand]\ntitle = "X"\n'),
     "federation.toml:{line}: reports.arsredovisning.sections.okand: no section 'okand' in arsredovisning"),
    (lambda m: m.write("federation.toml", (m.fed_dir / "federation.toml").read_text().replace(
        'mission = "En verksamhetsidé."', 'mission = "En verksamhetsidé."\nlogo = "finns-inte.svg"\nlogo_alt = "Logga"')),
     "federation.toml:{line}: organisation.logo: 'finns-inte.svg' is not a file inside"),
    (lambda m: m.write("federation.toml", (m.fed_dir / "federation.toml").read_text().replace(
        'regime = "ideell_forening"', 'regime = "kommunalforbund"\norg_number = "222000-1234"')
        + "\n[reports.arsredovisning.sections.noter]\nenabled = false\n"),
     "'noter' is required by the organisation's legal form and cannot be left out"),
    (lambda m: m.write("templates/sections/framtid.html", "{% if %}"),
     "framtid.html:1: template syntax error"),
])
def test_validate_finds_what_build_would_refuse(mini, change, expected):
    mini.append("2011/plan/moment.toml", 'framtid = "Framåt."\n')
    change(mini)
    result = CliRunner().invoke(main, ["--root", str(mini.root), "validate"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    text = (mini.fed_dir / "federation.toml").read_text().splitlines()
    key = {"okand": "[reports.arsredovisning.sections.okand]", "logo": 'logo = "finns-inte.svg"'}
    line = next((i + 1 for i, t in enumerate(text) for k in key.values() if t == k), 0)
    assert expected.format(line=line) in result.output, result.output


def test_the_hook_reference_reads_as_markdown_and_documents_what_hooks_receive():
    from rapportkarna.hookdocs import hooks_markdown
    text = hooks_markdown()
    prose = re.sub(r"```python.*?```", "", text, flags=re.S)  # the signatures' code blocks aside
    assert ":class:" not in prose and ":mod:" not in prose and "``" not in prose
    for heading in ("## `ReportType`", "## `Federation`", "## `FederationConfig`", "## `YearData`",
                    "## `MomentData`", "## `History`", "## `plugin_settings`", "## `register_commands`"):
        assert heading in text
    assert "| `kolada` | `KoladaSettings \\| None` |" in text  # a union does not break the table
    assert "- `annual(year: int) -> MomentData | None`: The bokslut of `year`." in text


def test_validate_names_files_the_build_does_not_read(mini):
    mini.write("2011/budget.cvs", "kostnadsstalle,kind,budget\n")
    mini.write("2011/bokslut/momnet.toml", "[texts]\n")
    mini.write("2011/meetings/anteckningar.txt", "…")
    result = CliRunner().invoke(main, ["--root", str(mini.root), "validate"])
    assert result.exit_code == 0, result.output
    unread = sorted(line.split(": ", 1)[1].split(" is not read")[0] for line in result.output.splitlines()
                    if "is not read by rapportkarna" in line)
    assert unread == [str(mini.fed_dir / "2011" / p) for p in ("bokslut/momnet.toml", "budget.cvs",
                                                             "meetings/anteckningar.txt")]
