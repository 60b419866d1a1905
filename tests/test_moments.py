"""Reporting moments: each report shows its own moment's data, and earlier moments only where it
compares with them; an interim value never reaches an annual report."""

import re
from decimal import Decimal
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from rapportkarna import hookimpl
from rapportkarna.cli import main
from rapportkarna.errors import RapportError
from rapportkarna.extensions import DataExtension
from rapportkarna.model import MomentData

YEAR = """
[[priorities]]
id = "digitalisering"
title = "Digitalisering"
indicators = [
  { id = "etjanster", text = "Antal e-tjänster", unit = "st", target = 12 },
  { id = "plattform", text = "En gemensam plattform" },
]

[[projects]]
id = "e-arkiv"
name = "E-arkiv"
start = 2011-01-01
end = 2011-12-31
budget = 800000
"""

#: The delår: every kind of follow-up value, each one recognisable (DELAR…, 7 777 …).
DELAR = """
[meta]
example_data = true
note = "DELARMETANOTE"
assumptions = ["DELARASSUMPTION"]

[texts]
inledning = "DELARINLEDNING under första halvåret."
sammanfattning = "DELARSAMMANFATTNING"
ekonomi = "DELAREKONOMI"
framtid = "DELARFRAMTID"

[priorities.digitalisering]
actions_taken = ["DELARACTION"]
comment = "DELARPRIOCOMMENT"

[indicators.etjanster]
outcome = 7
status = "delvis"
assessment = "DELARASSESSMENT"

[indicators.plattform]
status = "ej_bedomt"
assessment = "DELARPLATTFORM"

[projects.e-arkiv]
status = "pagaende"
spent = 7777000
actions_taken = ["DELARPROJECTACTION"]
comment = "DELARPROJECTCOMMENT"

[[follow_up]]
title = "DELARFOLLOWTITLE"
text = "DELARFOLLOWTEXT"

[extensions.termin]
namn = "DELARTERM"
lan = 7771
"""

DELAR_BUDGET = """
kostnadsstalle,kind,utfall,prognos
Medlemsavgifter,intakt,7772000,7773000
Kansli,kostnad,7774000,7775000
"""

BOKSLUT = """
[texts]
inledning = "Året i sin helhet."
framtid = "Framåt."

[priorities.digitalisering]
actions_taken = ["Plattformen är upphandlad."]

[indicators.etjanster]
outcome = 12
status = "uppfyllt"
assessment = "Målet nåddes."

[projects.e-arkiv]
status = "avslutat"
spent = 790000

[extensions.termin]
namn = "HT 2011"
lan = 4200
"""


class Termin(BaseModel):
    namn: str
    lan: int


class TerminPlugin:
    @hookimpl
    def data_extensions(self) -> list[DataExtension]:
        return [DataExtension("termin", moment_model=Termin)]

    @hookimpl
    def extend_context(self, moment: MomentData) -> dict[str, Any]:
        term = moment.extensions.get("termin")
        return {"termin_rad": f"{term.namn}: {term.lan} lån" if term else ""}


@pytest.fixture
def two_moments(mini):
    mini.append("2011/year.toml", YEAR)
    mini.write("2011/delar-0630/moment.toml", DELAR)
    mini.write("2011/delar-0630/budget.csv", DELAR_BUDGET)
    mini.write("2011/bokslut/moment.toml", BOKSLUT)
    mini.write("templates/sections/framtid.html",  # a template that shows the plugin's per-moment value
               '{% extends "blocks/section.html" %}{% block body %}{{ texts.framtid | prose }}'
               '<p>{{ termin_rad }}</p>{% endblock %}')
    return mini


def _leaves(value: Any, path: str = "") -> list[tuple[str, Any]]:
    """Every value of a moment's data, with its field path."""
    if isinstance(value, BaseModel):
        return [leaf for name in type(value).model_fields for leaf in _leaves(getattr(value, name), f"{path}.{name}")]
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _leaves(item, f"{path}[{key}]")]
    if isinstance(value, list):
        return [leaf for i, item in enumerate(value) for leaf in _leaves(item, f"{path}[{i}]")]
    return [(path, value)]


def _shown(value: Any) -> list[str]:
    """How a value can appear in a report: as text, or an amount in kr, tkr or as a plain number."""
    if hasattr(value, "label"):  # a status: the report shows its word
        return [value.label]
    if isinstance(value, str):
        return [value]
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        number = int(value)
        return [f"{number:,}".replace(",", "\u00a0"), f"{round(number / 1000):,}".replace(",", "\u00a0")]
    return []


def _body(html: str) -> str:
    """The report without its stylesheet (whose class names are not report text)."""
    return html[html.index("<body"):]


def test_no_value_of_the_delar_reaches_the_arsredovisning(two_moments, render):
    plugins = {"termin": TerminPlugin()}
    delar = _body(render("delarsrapport", plugins))
    annual = _body(render("arsredovisning", plugins))
    moment = two_moments.build(plugins).load(2011).moments["delar-0630"]
    # every value but the keys that name a budget line (the same line exists at both moments)
    leaves = [(path, value) for path, value in _leaves(moment)
              if _shown(value) and value is not True and not path.endswith((".kostnadsstalle", ".kind"))]
    kinds = {re.sub(r"\[[^]]*\]", "", path).split(".")[1] for path, _ in leaves}
    # every kind of follow-up value is covered by this test
    assert kinds >= {"meta", "texts", "priorities", "indicators", "projects", "follow_up", "outcomes", "extensions"}
    for path, value in leaves:
        forms = _shown(value)
        assert any(form in delar for form in forms), f"{path} = {value!r} is not shown in the delår at all"
        for form in forms:
            if len(form) >= 5 or not form.isdigit():
                assert form not in annual, f"{path} = {value!r} of the delår appears in the årsredovisning"
    assert "Avslutat" in annual and "HT 2011: 4200 lån" in annual and "Året i sin helhet." in annual


def test_the_annual_view_holds_the_bokslut_values(two_moments):
    fed = two_moments.build({"termin": TerminPlugin()})
    loaded = fed.load(2011)
    html = fed.render_html(loaded, "arsredovisning").html
    assert "Utfall: 12\u00a0st" in html and "Uppfyllt" in html and "Målet nåddes." in html
    assert "Utfall 2011" in html and "871" in html  # Kansli's utfall in the bokslut, 871 000 kr in tkr


def test_several_interim_moments_give_one_delarsrapport_each(mini, tmp_path):
    mini.write("2011/delar-0430/moment.toml", '[texts]\ninledning = "Per sista april."\n')
    mini.write("2011/delar-0430/budget.csv",
               "kostnadsstalle,kind,utfall,prognos\nMedlemsavgifter,intakt,300000,990000\nKansli,kostnad,250000,870000\n")
    mini.write("2011/delar-0831/moment.toml", '[texts]\ninledning = "Per sista augusti."\n')
    mini.write("2011/delar-0831/budget.csv",
               "kostnadsstalle,kind,utfall,prognos\nMedlemsavgifter,intakt,650000,1010000\nKansli,kostnad,560000,890000\n")
    (mini.fed_dir / "2011/delar-0630/budget.csv").unlink()
    (mini.fed_dir / "2011/delar-0630/moment.toml").unlink()
    (mini.fed_dir / "2011/delar-0630").rmdir()
    fed = mini.build()
    loaded = fed.load(2011)
    jobs, _ = fed.jobs(loaded)
    assert [j.stem for j in jobs] == ["verksamhetsplan", "delarsrapport-0430", "delarsrapport-0831", "arsredovisning"]
    april = fed.render_html(loaded, "delarsrapport", "delar-0430").html
    august = fed.render_html(loaded, "delarsrapport", "delar-0831").html
    assert "Per sista april." in april and "Utfall t.o.m. 2011-04-30" in april and "Per sista augusti." not in april
    # the second tertial may compare with the first, but core's table compares with a year earlier
    assert "Per sista augusti." in august and "Utfall t.o.m. 2011-08-31" in august and "Per sista april." not in august
    with pytest.raises(RapportError, match="several moments"):
        fed.render_html(loaded, "delarsrapport")
    result = CliRunner().invoke(main, ["--root", str(mini.root), "build", "test", "--out", str(tmp_path),
                                       "--format", "html", "--moment", "delar-0831"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "test" / "2011").iterdir()) == [
        "delarsrapport-0831.html", "manifest.json"]


def test_a_report_whose_moment_has_not_come_is_named_not_faked(mini, tmp_path):
    for name in ("bokslut/moment.toml", "bokslut/budget.csv"):
        (mini.fed_dir / "2011" / name).unlink()
    (mini.fed_dir / "2011/bokslut").rmdir()
    fed = mini.build()
    with pytest.raises(RapportError, match="no moment for arsredovisning: create 2011/bokslut/moment.toml"):
        fed.render_html(fed.load(2011), "arsredovisning")
    result = CliRunner().invoke(main, ["--root", str(mini.root), "build", "test", "--out", str(tmp_path),
                                       "--format", "html"])
    assert result.exit_code == 0, result.output
    assert "note: test 2011: no moment for arsredovisning: create 2011/bokslut/moment.toml" in result.output
    assert not (tmp_path / "test" / "2011" / "arsredovisning.html").exists()


def test_a_draft_prints_uppgift_saknas_and_validate_names_what_is_missing(mini, render):
    mini.append("2011/year.toml", YEAR)
    html = render("arsredovisning")
    assert "UTKAST" in html
    # the project has no status and no upparbetat in the bokslut, the measured indicator no utfall,
    # the priority no follow-up: each place says so
    projects = html[html.index('id="projekt"'):]
    assert projects.count("Uppgift saknas") >= 2
    priorities = html[html.index('id="prioriterade"'):html.index('id="projekt"')]
    assert priorities.count("Uppgift saknas") == 2  # the indicator's utfall and the vidtagna åtgärder
    result = CliRunner().invoke(main, ["--root", str(mini.root), "validate"])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if line.startswith("note test 2011 bokslut")]
    assert any("2011/bokslut/moment.toml" in n and "projects.e-arkiv: no status of project 'E-arkiv'" in n
               for n in notes), result.output
    assert any("indicators.etjanster.outcome: no utfall for the measured indicator" in n for n in notes)
    assert "ok   test 2011: plan (utkast), delar-0630 (utkast), bokslut (utkast)" in result.output


def test_an_adoption_refers_to_its_meeting(mini, render):
    mini.write("2011/meetings/2011-09-15-styrelse.toml",
               'id = "2011-09-15-styrelse"\nbody = "styrelse"\nkind = "protokoll"\ndate = 2011-09-15\nplace = "Luleå"\n'
               + "".join(f'[[items]]\nnumber = {n}\ntitle = "Ärende {n}"\n' for n in range(1, 5)))
    mini.append("2011/delar-0630/moment.toml", '\n[adoption]\nstatus = "beslutad"\nbody = "styrelse"\n'
                'date = 2011-09-15\nparagraph = 4\nmeeting = "2011-09-15-styrelse"\n')
    html = render("delarsrapport")
    cover = html[html.index('<header class="cover"'):html.index("</header>")]
    assert "Godkänd av styrelsen 2011-09-15, §\u00a04" in cover
    assert "Styrelsen 15\u00a0september 2011, Luleå" in cover
    assert "UTKAST" not in _body(html) and "<title>Delårsredovisning 2011" in html
    # the decision links to its paragraph in the meeting's protokoll
    assert '<a href="meetings/2011-09-15-styrelse-protokoll.html#paragraf-4">' in cover
    mini.append("2011/delar-0630/moment.toml", "")
    text = (mini.fed_dir / "2011/delar-0630/moment.toml").read_text().replace("date = 2011-09-15", "date = 2011-09-16")
    mini.write("2011/delar-0630/moment.toml", text)
    from conftest import problems_of
    problems = problems_of(mini.build())
    assert [(p.path, p.message) for p in problems] == [
        ("adoption.date", "2011-09-16, but meeting '2011-09-15-styrelse' was held 2011-09-15")]
    text = (mini.fed_dir / "2011/delar-0630/moment.toml").read_text().replace(
        "date = 2011-09-16", "date = 2011-09-15").replace("paragraph = 4", "paragraph = 7")
    mini.write("2011/delar-0630/moment.toml", text)
    [problem] = problems_of(mini.build())
    assert (problem.path, problem.message) == (
        "adoption.paragraph", "§ 7 is not in the protokoll of '2011-09-15-styrelse'; it has § 1, § 2, § 3, § 4")


def test_comparison_with_an_earlier_year_that_holds_only_its_outcome(mini, render):
    mini.write("2010/year.toml", 'comparison_only = true\n')
    mini.write("2010/bokslut/budget.csv", "kostnadsstalle,kind,utfall\nMedlemsavgifter,intakt,950000\n"
                                          "Kansli,kostnad,812000\nLokaler,kostnad,40000\n")
    html = render("arsredovisning")
    table = html[html.index('<table class="amounts">'):]
    table = table[:table.index("</table>")]
    assert '<th scope="col" class="num earlier">Utfall 2010</th>' in table
    assert "<th scope=\"row\">Lokaler</th><td class=\"num\">40</td>" in table
    assert "812" in table and "950" in table
    assert mini.federation.report_years == [2011]  # no reports are built for 2010
    result = CliRunner().invoke(main, ["--root", str(mini.root), "validate"])
    assert "ok   test 2010 (comparison only): bokslut\n" in result.output


def test_compare_shows_what_changed_between_the_delar_and_the_bokslut(two_moments):
    for name in ("delar-0630", "bokslut"):  # the command loads the federation's own plugins: none
        path = two_moments.fed_dir / "2011" / name / "moment.toml"
        path.write_text(path.read_text(encoding="utf-8").split("[extensions.termin]")[0], encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(two_moments.root), "compare", "test", "2011",
                                       "delar-0630", "bokslut"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "~ projects.e-arkiv.status: pagaende → avslutat" in lines
    assert "~ indicators.etjanster.outcome: 7 → 12" in lines
    assert "~ budget.Kansli (kostnad).utfall: 7774000 → 871000" in lines
    assert "- budget.Kansli (kostnad).prognos: 7775000" in lines
    assert "+ texts.framtid: Framåt." not in lines and "~ texts.framtid: DELARFRAMTID → Framåt." in lines
    missing = CliRunner().invoke(main, ["--root", str(two_moments.root), "compare", "test", "2011", "plan", "delar-0831"])
    assert missing.exit_code == 1 and "no moment 'delar-0831'; moments: plan, delar-0630, bokslut" in missing.output


def test_a_decision_in_minnesanteckningar_is_a_punkt_not_a_paragraph(mini, render):
    config = (mini.fed_dir / "federation.toml").read_text()
    mini.write("federation.toml", config.replace("[[members]]", '[[organisation.bodies]]\nid = "ledning"\n'
                                                 'kind = "ledningsgrupp"\nname = "Ledningsgruppen"\n\n[[members]]', 1))
    mini.write("2011/meetings/2011-09-15-ledning.toml",
               'id = "2011-09-15-ledning"\nbody = "ledning"\nkind = "minnesanteckningar"\ndate = 2011-09-15\n'
               + "".join(f'[[items]]\nnumber = {n}\ntitle = "Punkt {n}"\n' for n in range(1, 6)))
    mini.append("2011/delar-0630/moment.toml", '\n[adoption]\nstatus = "beslutad"\nbody = "ledning"\n'
                'date = 2011-09-15\nparagraph = 5\nmeeting = "2011-09-15-ledning"\n')
    assert "Godkänd av ledningsgruppen 2011-09-15, punkt\u00a05" in render("delarsrapport")


def test_the_plan_shows_the_population_known_when_it_was_written(mini, render):
    text = (mini.fed_dir / "federation.toml").read_text().replace(
        "population = { 2011 = 116000 }", "population = { 2010 = 115000, 2011 = 116000 }")
    mini.write("federation.toml", text)
    plan, annual = render("verksamhetsplan"), render("arsredovisning")
    assert "Folkmängd 31 dec 2010" in plan and "115\u00a0000" in plan and "116\u00a0000" not in plan
    assert "Folkmängd 31 dec 2011" in annual and "116\u00a0000" in annual


def test_indicators_show_earlier_years_utfall_from_their_bokslut(two_moments, render):
    two_moments.write("2009/year.toml", "comparison_only = true\n")
    two_moments.write("2009/bokslut/moment.toml", "[indicators.etjanster]\noutcome = 3\n")
    two_moments.write("2010/year.toml", "comparison_only = true\n")
    two_moments.write("2010/bokslut/moment.toml", "[indicators.etjanster]\noutcome = 5\n")
    two_moments.write("2010/delar-0630/moment.toml", "[indicators.etjanster]\noutcome = 4\n")
    annual = render("arsredovisning", {"termin": TerminPlugin()})
    assert "Utfall: 12\u00a0st · Målvärde: 12\u00a0st · Utfall 2009: 3\u00a0st · Utfall 2010: 5\u00a0st" in annual
    plan = render("verksamhetsplan", {"termin": TerminPlugin()})
    # the plan for 2011 is written before 2010's bokslut: only 2009 is known then, and no utfall of its own
    assert "Målvärde: 12\u00a0st · Utfall 2009: 3\u00a0st" in plan and "Utfall 2010" not in plan
