"""Federation data is untrusted: every text field is escaped; the PDF renderer reads nothing
from the network and no file outside the federation, plugin and template folders."""

import enum
import typing

import pytest
from jinja2 import StrictUndefined
from pydantic import BaseModel

from rapportkarna.fetcher import RestrictedFetcher
from rapportkarna.loader import LoadedYear
from rapportkarna.model import FederationConfig
from rapportkarna.pdf import PdfError, render_pdf

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>&'

FULL_YEAR = """
[meta]
note = "n"
sources = ["s"]
assumptions = ["a"]
example_data = true

[[priorities]]
id = "p"
title = "t"
description = "d"
responsible = "r"
key_activities = ["k"]
indicators = [{ id = "i", text = "t", unit = "u", target = 1, source_text = "s" }]

[[projects]]
id = "pr"
name = "n"
owner = "o"
manager = "m"
purpose = "p"
description = "d"
start = 2011-01-01
end = 2011-12-31
budget = 100
staff = 1.5
financiers = [{ name = "f", amount = 100 }]
indicators = [{ text = "t" }]
key_activities = ["k"]

[budget]
adopted = "a"
"""

#: Every text a moment can hold; the plan's moment holds only meta and texts.
FULL_MOMENT = """
[meta]
example_data = true
note = "n"
assumptions = ["a"]

[texts]
inledning = "i"
sammanfattning = "s"
framtid = "f"
ekonomi = "e"

[priorities.p]
actions_taken = ["a"]
comment = "c"

[indicators.i]
outcome = 2
status = "delvis"
assessment = "a"

[projects.pr]
status = "pagaende"
spent = 50
actions_taken = ["a"]
comment = "c"

[[follow_up]]
title = "t"
text = "x"
"""

MEETING = """
id = "m1"
body = "styrelse"
kind = "protokoll"
date = 2011-09-15
place = "p"
attendees = [{ name = "n", organisation = "o", role = "r", items = "p 1" }]
[[items]]
number = 1
title = "t"
presenter = "p"
attachments = ["a"]
description = "d"
proposal = "p"
decision = "d"
"""


def _poison(value: typing.Any, counter: list[int]) -> typing.Any:
    """Every free-text string in a model tree replaced by a hostile one (ids, codes and enums kept)."""
    def fresh() -> str:
        counter[0] += 1
        return f"{HOSTILE}#{counter[0]}"

    if isinstance(value, BaseModel):
        updates = {}
        for name, field in type(value).model_fields.items():
            current = getattr(value, name)
            constrained = any(getattr(m, "pattern", None) for m in field.metadata)
            if isinstance(current, str) and not isinstance(current, enum.Enum) and not constrained \
                    and name not in {"id", "body", "referred_to", "logo"}:
                updates[name] = fresh()
            else:
                updates[name] = _poison(current, counter)
        return value.model_copy(update=updates)
    if isinstance(value, list):
        return [fresh() if isinstance(v, str) else _poison(v, counter) for v in value]
    if isinstance(value, dict):
        return {k: fresh() if isinstance(v, str) else _poison(v, counter) for k, v in value.items()}
    return value


def test_every_text_field_is_escaped_in_every_report(mini):
    mini.write("2011/year.toml", FULL_YEAR)
    mini.write("2011/meetings/m1.toml", MEETING)
    mini.write("2011/plan/moment.toml", FULL_MOMENT.split("[priorities.p]")[0])
    mini.write("2011/delar-0630/moment.toml", FULL_MOMENT)
    mini.write("2011/bokslut/moment.toml", FULL_MOMENT.replace('"pagaende"', '"avslutat"'))
    fed = mini.build()
    counter = [0]
    config: FederationConfig = _poison(fed.federation.config, counter)
    loaded = fed.load(2011)
    data = LoadedYear(_poison(loaded.data, counter),
                      {name: _poison(moment, counter) for name, moment in loaded.moments.items()})
    fed.federation.__dict__["config"] = config  # the cached configuration, replaced
    assert counter[0] > 50, "the poisoning must reach the text fields"
    for report in ("verksamhetsplan", "delarsrapport", "arsredovisning"):
        html = fed.render_html(data, report).html
        assert "<script>" not in html and "<img src=x" not in html, report
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_prose_keeps_structure_but_escapes(mini, render):
    text = (mini.fed_dir / "2011/bokslut/moment.toml").read_text().replace(
        'inledning = "Inledning till året."', 'inledning = """\nFörsta <b>stycket</b>.\n\n- punkt <i>ett</i>\n- punkt två\n"""')
    mini.write("2011/bokslut/moment.toml", text)
    html = render("arsredovisning")
    assert "<p>Första &lt;b&gt;stycket&lt;/b&gt;.</p>" in html
    assert "<ul><li>punkt &lt;i&gt;ett&lt;/i&gt;</li><li>punkt två</li></ul>" in html


@pytest.mark.parametrize("url", [
    "http://example.com/logo.png",
    "https://example.com/x.css",
    "ftp://example.com/x",
    "file:///etc/passwd",
])
def test_fetcher_refuses_network_and_outside_files(tmp_path, url):
    fetcher = RestrictedFetcher([tmp_path])
    assert not fetcher.allows(url)
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_refuses_escape_by_dotdot_and_symlink(tmp_path):
    inside = tmp_path / "fed"
    inside.mkdir()
    (tmp_path / "secret.txt").write_text("hemligt")
    (inside / "link.txt").symlink_to(tmp_path / "secret.txt")
    (inside / "ok.txt").write_text("ok")
    fetcher = RestrictedFetcher([inside])
    assert fetcher.allows((inside / "ok.txt").as_uri())
    assert not fetcher.allows((inside / ".." / "secret.txt").as_uri())
    assert not fetcher.allows((inside / "link.txt").as_uri())


def test_pdf_build_fails_naming_a_reference_outside(tmp_path):
    html = '<html lang="sv"><head><title>t</title></head><body><img src="file:///etc/hostname" alt="x"><img src="http://192.0.2.1/a.png" alt="y"></body></html>'
    with pytest.raises(PdfError, match=r"outside the allowed folders: file:///etc/hostname, http://192.0.2.1/a.png"):
        render_pdf(html, base_dir=tmp_path, allowed_roots=[tmp_path])


def test_pdf_reads_files_inside_the_federation(tmp_path):
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>')
    html = '<html lang="sv"><head><title>t</title></head><body><img src="logo.svg" alt="Logotyp"></body></html>'
    assert render_pdf(html, base_dir=tmp_path, allowed_roots=[tmp_path]).startswith(b"%PDF")


def test_template_reference_to_network_fails_the_build(mini):
    from rapportkarna.publish import Options, publish_year
    mini.write("templates/sections/uppdraget.html",
               '{% extends "blocks/section.html" %}{% block body %}<img src="https://example.com/t.png" alt="t">{% endblock %}')
    with pytest.raises(PdfError, match="https://example.com/t.png"):
        publish_year(mini.build(), 2011, ["arsredovisning"], Options(out_dir=mini.root / "out"))
    assert not (mini.root / "out" / "test" / "2011" / "arsredovisning.html").exists()


def test_a_template_cannot_reach_python_internals_or_files(mini, render):
    from rapportkarna.errors import RapportError
    mini.write("templates/sections/inledning.html",
               '{% extends "blocks/section.html" %}{% block body %}{{ cycler.__init__.__globals__.os.listdir("/") }}'
               '{% endblock %}')
    with pytest.raises(RapportError, match="inledning.html:1: SecurityError: access to attribute '__init__' of "
                                           "'type' object is unsafe"):
        render("arsredovisning")


def test_the_sandboxs_remembered_verdicts_hold_for_each_type_and_attribute_alike():
    """ReportEnvironment remembers the sandbox's verdict by type and attribute name: a safe
    attribute of one type never makes the same name safe on a type where it is internal."""
    from jinja2.exceptions import SecurityError

    from rapportkarna.templating import ReportEnvironment

    env = ReportEnvironment(undefined=StrictUndefined)

    def numbers():
        yield 1

    class Step:
        gi_frame = "ett fält som heter så"
        mro = "också"

    template = env.from_string("{{ x.gi_frame }}|{{ x.mro }}")
    for _ in range(2):  # the second time from what was remembered
        assert template.render(x=Step()) == "ett fält som heter så|också"
        with pytest.raises(SecurityError, match="'gi_frame' of 'generator' object is unsafe"):
            env.from_string("{{ x.gi_frame }}").render(x=numbers())
        with pytest.raises(SecurityError, match="'mro' of 'type' object is unsafe"):
            env.from_string("{{ x.mro }}").render(x=Step)
        with pytest.raises(SecurityError, match="'__class__' of 'Step' object is unsafe"):
            env.from_string("{{ x.__class__ }}").render(x=Step())


def test_no_filesystem_object_is_in_a_templates_context(mini, render):
    mini.write("templates/sections/inledning.html",
               '{% extends "blocks/section.html" %}{% block body %}<p id="f">{{ federation is defined }}</p>{% endblock %}')
    assert '<p id="f">False</p>' in render("arsredovisning")


def test_a_plugin_cannot_widen_what_the_build_reads(mini, tmp_path):
    from rapportkarna.plugins import PluginError, discover
    package = mini.root / "plugins" / "vidga"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("from rapportkarna import hookimpl\n"
                                         "@hookimpl\ndef template_dirs():\n    return ['/etc']\n")
    config = (mini.fed_dir / "federation.toml").read_text().replace("plugins = []", 'plugins = ["vidga"]')
    mini.write("federation.toml", config)
    fed = mini.build(catalogue=discover([mini.root / "plugins"]))
    with pytest.raises(PluginError, match="plugin 'vidga' gives template folder '/etc', outside its own package"):
        fed.allowed_roots()
    (package / "__init__.py").write_text("from rapportkarna import hookimpl\n"
                                         "@hookimpl\ndef template_dirs():\n    return ['/finns/inte']\n")
    import sys
    sys.modules.pop("rapportkarna_plugins.vidga", None)
    fed = mini.build(catalogue=discover([mini.root / "plugins"]))
    with pytest.raises(PluginError, match="gives template folder '/finns/inte', which is not a folder"):
        fed.render_html(fed.load(2011), "arsredovisning")


# -- containment: every file the build reads lies inside the federation's folder -------------------

OUTSIDE_FILES = {
    "2011/budget.csv": "kostnadsstalle,kind,budget\nMedlemsavgifter,intakt,1000000\nKansli,kostnad,900000\n",
    "2011/year.toml": '[budget]\nadopted = "Budgeten antogs."\n',
    "2011/bokslut/moment.toml": '[texts]\ninledning = "Inledning."\n',
    "2011/meetings/m1.toml": 'id = "m1"\nbody = "styrelse"\nkind = "protokoll"\ndate = 2011-03-01\n',
    "2011/bokslut/bokforing.se": "#FLAGGA 0\n",
    "konton.toml": 'extends = "bas"\n',
    "templates/sections/inledning.html": "<p>hemlig</p>\n",
    "templates/css/theme.css": "body { color: red }\n",
    "logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
    "kolada/N01951/2011.json": "{}\n",
}


def _link_out(mini, relative: str, content: str):
    """``relative`` in the federation made a link to a file of that content outside it."""
    outside = mini.root / "utanfor" / relative.replace("/", "_")
    outside.parent.mkdir(exist_ok=True)
    outside.write_text(content, encoding="utf-8")
    link = mini.fed_dir / relative
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(outside)
    return link, outside


@pytest.mark.parametrize("relative", sorted(OUTSIDE_FILES))
def test_a_link_out_of_the_federation_is_refused_naming_it(mini, relative):
    from rapportkarna.errors import ValidationFailed
    if relative == "konton.toml":
        mini.append("federation.toml", '\n[accounts]\nmapping = "konton.toml"\n')
    if relative == "logo.svg":
        mini.write("federation.toml", (mini.fed_dir / "federation.toml").read_text().replace(
            'mission = "En verksamhetsidé."', 'mission = "En verksamhetsidé."\nlogo = "logo.svg"\nlogo_alt = "Logotyp"'))
    link, outside = _link_out(mini, relative, OUTSIDE_FILES[relative])
    with pytest.raises(ValidationFailed) as caught:
        mini.build().load(2011)
    [problem] = caught.value.problems
    assert problem.file == link
    assert f"leads to {outside}, outside the federation's folder" in problem.message
    assert f"{link}: leads to {outside}" in str(caught.value)


def test_a_year_folder_that_is_a_link_out_is_refused(mini):
    from rapportkarna.errors import ValidationFailed
    elsewhere = mini.root / "annan"
    (mini.fed_dir / "2011").rename(elsewhere)
    (mini.fed_dir / "2011").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(ValidationFailed) as caught:
        mini.build().load(2011)
    [problem] = caught.value.problems
    assert problem.file == mini.fed_dir / "2011" and f"leads to {elsewhere}, outside" in problem.message


def test_a_link_that_stays_inside_the_federation_is_read(mini):
    (mini.fed_dir / "delad").mkdir()
    (mini.fed_dir / "2011" / "budget.csv").rename(mini.fed_dir / "delad" / "budget.csv")
    (mini.fed_dir / "2011" / "budget.csv").symlink_to(mini.fed_dir / "delad" / "budget.csv")
    assert mini.build().load(2011).data.budget.lines


def test_validate_and_build_stop_at_a_link_out(mini):
    from click.testing import CliRunner
    from rapportkarna.cli import main
    link, outside = _link_out(mini, "templates/sections/inledning.html", "<p>hemlig</p>")
    for command in (["validate"], ["build", "test", "--format", "html", "--out", str(mini.root / "out")]):
        result = CliRunner().invoke(main, ["--root", str(mini.root), *command])
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
        assert f"{link}: leads to {outside}, outside the federation's folder" in result.output
    assert not list((mini.root / "out").rglob("*.html"))


def test_the_manifest_does_not_hash_through_a_link_out_of_a_plugin(mini):
    from rapportkarna.errors import RapportError
    from rapportkarna.manifest import plugin_entry
    from rapportkarna.plugins import PluginInfo
    package = mini.root / "plugins" / "lank"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    secret = mini.root / "hemligt.txt"
    secret.write_text("hemligt")
    (package / "data.txt").symlink_to(secret)
    with pytest.raises(RapportError, match=rf"{package / 'data.txt'}: leads to {secret}, outside {package}"):
        plugin_entry(PluginInfo("lank", str(package), None, lambda: None), mini.root)


def test_a_shared_template_that_is_a_link_out_is_refused(mini, render):
    from rapportkarna.errors import ValidationFailed
    secret = mini.root / "hemligt.css"
    secret.write_text("body { color: red }")
    link = mini.root / "templates" / "css" / "theme.css"
    link.unlink()
    link.symlink_to(secret)
    with pytest.raises(ValidationFailed, match=rf"{link}: leads to {secret}, outside the template folders"):
        render("arsredovisning")
