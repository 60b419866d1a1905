"""The template search order, overrides that extend what they shadow, strict undefined."""

import pytest

from rapportkarna.build import TemplateError


def test_federation_template_overrides_a_shared_section(mini, render):
    mini.write("templates/sections/uppdraget.html",
               '{% extends "blocks/section.html" %}{% block body %}<p>Vårt eget uppdrag</p>{% endblock %}')
    html = render("arsredovisning")
    assert "<p>Vårt eget uppdrag</p>" in html
    assert "<h2>Verksamhetsidé</h2>" not in html


def test_override_extends_the_core_template_and_replaces_one_block(mini, render):
    mini.write("templates/reports/arsredovisning.html", """
        {% extends "core:reports/arsredovisning.html" %}
        {% block cover_subtitle %}Fastställd av förbundsstämman{% endblock %}
    """)
    html = render("arsredovisning")
    assert "Fastställd av förbundsstämman" in html
    assert "Verksamhetsåret 2011" not in html  # the block it replaced
    assert 'id="toc-heading"' in html  # everything else still comes from core


def test_core_base_can_be_extended_by_a_federation_base(mini, render):
    mini.write("templates/base.html", """
        {% extends "core:base.html" %}
        {% block back %}<footer>Egen sidfot</footer>{% endblock %}
    """)
    assert "<footer>Egen sidfot</footer>" in render("verksamhetsplan")


def test_plugin_templates_come_between_federation_and_shared(mini, tmp_path):
    from rapportkarna import hookimpl
    plugin_dir = tmp_path / "pt"
    (plugin_dir / "sections").mkdir(parents=True)
    (plugin_dir / "sections" / "framtid.html").write_text("PLUGIN")
    (plugin_dir / "sections" / "uppdraget.html").write_text("PLUGIN-UPPDRAG")
    mini.write("templates/sections/uppdraget.html", "FEDERATION-UPPDRAG")

    class Plugin:
        @hookimpl
        def template_dirs(self):
            return [plugin_dir]

    fed = mini.build({"p": Plugin()})
    html = fed.render_html(fed.load(2011), "arsredovisning").html
    assert "FEDERATION-UPPDRAG" in html and "PLUGIN-UPPDRAG" not in html


def test_undefined_variable_is_an_error_naming_the_template(mini, render):
    mini.write("templates/sections/uppdraget.html", "{{ finns_inte }}")
    with pytest.raises(TemplateError, match=r"uppdraget.html:1: UndefinedError: 'finns_inte' is undefined"):
        render("arsredovisning")


def test_syntax_error_names_file_and_line(mini, render):
    mini.write("templates/sections/uppdraget.html", "ok\n{% if %}")
    with pytest.raises(TemplateError, match=r"uppdraget.html:2: template syntax error"):
        render("arsredovisning")


def test_unknown_template_is_an_error_naming_where_it_looked(mini):
    from rapportkarna import hookimpl
    from rapportkarna.reports import Section

    class Plugin:
        @hookimpl
        def report_sections(self):
            return [Section(id="x", title="X", template="sections/saknas.html")]

    fed = mini.build({"p": Plugin()})
    with pytest.raises(TemplateError, match=r"template not found: sections/saknas.html \(searched: "):
        fed.render_html(fed.load(2011), "arsredovisning")


def test_manifest_records_which_templates_came_from_where(mini):
    mini.write("templates/sections/uppdraget.html",
               '{% extends "blocks/section.html" %}{% block body %}x{% endblock %}')
    fed = mini.build()
    used = fed.render_html(fed.load(2011), "arsredovisning").templates
    assert used["sections/uppdraget.html"][0].startswith(str(mini.fed_dir / "templates"))
    assert used["base.html"][0].startswith(str(mini.root / "templates"))


def test_a_theme_is_searched_after_the_federation_and_before_core(mini):
    themes = mini.root / "themes"
    (themes / "norrland" / "reports").mkdir(parents=True)
    (themes / "norrland" / "reports" / "arsredovisning.html").write_text(
        '{% extends "core:reports/arsredovisning.html" %}{% block cover_subtitle %}Norrlandstema{% endblock %}')
    (themes / "norrland" / "theme.toml").write_text('extends = ["bas"]\n')
    (themes / "bas" / "sections").mkdir(parents=True)
    (themes / "bas" / "sections" / "framtid.html").write_text(
        '{% extends "blocks/section.html" %}{% block body %}<p>Bastema</p>{% endblock %}')
    config = (mini.fed_dir / "federation.toml").read_text().replace("plugins = []", 'plugins = []\nthemes = ["norrland"]')
    mini.write("federation.toml", config)
    mini.append("2011/bokslut/moment.toml", 'framtid = "Framåt."\n')
    fed = mini.build()
    assert [name for name, _ in fed.template_layers()] == ["federation", "theme norrland", "theme bas", "core"]
    html = fed.render_html(fed.load(2011), "arsredovisning").html
    assert "Norrlandstema" in html and "<p>Bastema</p>" in html
    # the federation's own override wins over the theme's
    mini.write("templates/reports/arsredovisning.html",
               '{% extends "core:reports/arsredovisning.html" %}{% block cover_subtitle %}Eget{% endblock %}')
    assert "Eget" in mini.build().render_html(fed.load(2011), "arsredovisning").html


def test_an_unknown_theme_is_named_at_its_line(mini):
    from conftest import problems_of
    config = (mini.fed_dir / "federation.toml").read_text().replace("plugins = []", 'plugins = []\nthemes = ["finns-inte"]')
    mini.write("federation.toml", config)
    [problem] = problems_of(mini.build())
    assert (problem.path, problem.line) == ("themes[0]", 2)
    assert "no theme 'finns-inte'" in problem.message
