"""The umearegionen plugin: arbetsgruppernas VP/VB per moment, and its checks.

The plugin is registered in code on the small tmp federation (``mini``: 2011 with a plan, a delår
per 30 June and a bokslut), and the real federation in ``federations/umearegionen`` is built
through the repository's catalogue. The members' fees ("alla betalar relativt invånare") were the
plugin's until version 0.3.0; they are core's [fees] now (tests/test_fees.py).
"""

import re
from decimal import Decimal
from types import ModuleType

import pytest
from conftest import load_repo_plugin, problems_of

from rapportkarna.build import FederationBuild
from rapportkarna.history import History
from rapportkarna.model import MomentRef, ProjectStatus

ARBETSGRUPP_BODIES = """
[[organisation.bodies]]
id = "folkhalsa"
kind = "arbetsgrupp"
name = "Folkhälsogruppen"

[[organisation.bodies]]
id = "it"
kind = "arbetsgrupp"
name = "IT/telefoni <b>&</b>"

[[organisation.bodies]]
id = "kommunchefsgrupp"
kind = "kommunchefsgrupp"
name = "Kommunchefsgruppen"
"""

# What the plan for 2011 knew: VB09, VP10, VP11 (a VB is handed in after its year)
CSV = """\
arbetsgrupp,ar,vp,vb
folkhalsa,2009,,true
it,2009,,false
kommunchefsgrupp,2009,,true
folkhalsa,2010,true,
it,2010,nej,
kommunchefsgrupp,2010,false,
folkhalsa,2011,true,
it,2011,true,
kommunchefsgrupp,2011,false,
"""

# The delår per 30 June: one VB for 2010 handed in so far
DELAR_VB = """\
arbetsgrupp,ar,vb
folkhalsa,2010,true
it,2010,nej
kommunchefsgrupp,2010,false
"""

# The bokslut: all VB for 2010, two of three for 2011
BOKSLUT_VB = """\
arbetsgrupp,ar,vb
folkhalsa,2010,true
it,2010,ja
kommunchefsgrupp,2010,true
folkhalsa,2011,true
it,2011,false
kommunchefsgrupp,2011,true
"""


@pytest.fixture
def plugin() -> ModuleType:
    return load_repo_plugin("umearegionen")


@pytest.fixture
def fed(mini, plugin):
    """The mini federation with three reporting bodies, the plugin registered in code."""
    mini.append("federation.toml", ARBETSGRUPP_BODIES)
    mini.write("2011/arbetsgrupper.csv", CSV)
    mini.write("2011/delar-0630/verksamhetsberattelser.csv", DELAR_VB)
    mini.write("2011/bokslut/verksamhetsberattelser.csv", BOKSLUT_VB)
    return mini


def _load(mini, plugin):
    build = mini.build(plugins={"umearegionen": plugin})
    return build, build.load(2011)


def _table(plugin, mini, loaded, moment_id):
    rows = plugin.known_rows(loaded.data.extensions["arbetsgrupper"],
                             loaded.moments[moment_id].extensions.get("arbetsgrupper"))
    return plugin.vp_vb_table(rows, mini.federation.config)


def _vp_vb_html(html: str) -> str:
    table = html[html.index('<table class="arbetsgrupper">'):]
    return table[: table.index("</table>")]


def _sums(html: str) -> list[str]:
    sums = re.search(r"Summa inlämnade</th>(.*?)</tr>", _vp_vb_html(html), re.S).group(1)
    return re.findall(r'<td class="mark">(\d+)</td>', sums)


# -- arbetsgrupper: the table at each moment ------------------------------------------------------

def test_extension_is_set_once_with_a_part_per_moment(plugin):
    [ext] = [e for e in plugin.data_extensions() if e.name == "arbetsgrupper"]
    assert ext.tables == {"rows": "arbetsgrupper.csv"}
    assert ext.moment_tables == {"rows": "verksamhetsberattelser.csv"}
    assert ext.expected_at == ("annual",)
    assert [e.name for e in plugin.data_extensions()] == ["arbetsgrupper"]  # the fees are core's [fees]


def test_each_moment_adds_only_its_own_verksamhetsberattelser(fed, plugin):
    _, loaded = _load(fed, plugin)
    plan = _table(plugin, fed, loaded, "plan")
    assert [c.label for c in plan.columns] == ["VB09", "VP10", "VP11"]
    delar = _table(plugin, fed, loaded, "delar-0630")
    assert [c.label for c in delar.columns] == ["VB09", "VP10", "VB10", "VP11"]
    assert delar.sums == (2, 1, 1, 2)
    annual = _table(plugin, fed, loaded, "bokslut")
    assert [c.label for c in annual.columns] == ["VB09", "VP10", "VB10", "VP11", "VB11"]
    assert [r.name for r in annual.rows] == ["Folkhälsogruppen", "IT/telefoni <b>&</b>", "Kommunchefsgruppen"]
    assert annual.rows[1].cells == (False, False, True, True, False)  # "nej"/"ja" read as booleans
    assert annual.sums == (2, 1, 3, 2, 2)
    assert annual.reported == (3, 3, 3, 3, 3)


def test_vp_vb_table_is_rendered_with_words_not_colour(fed, plugin):
    build, loaded = _load(fed, plugin)
    html = build.render_html(loaded, "verksamhetsplan").html
    assert "Arbetsgruppernas verksamhetsplaner och verksamhetsberättelser" in html
    table = _vp_vb_html(html)
    assert _sums(html) == ["2", "1", "2"]
    assert table.count('<span class="visually-hidden">Inlämnad</span>') == 5
    assert table.count('<span class="visually-hidden">Ej inlämnad</span>') == 4
    assert "IT/telefoni &lt;b&gt;&amp;&lt;/b&gt;" in table  # data is escaped, never markup
    assert "<b>&</b>" not in html
    assert "För 2011 har 2 av 3 arbetsgrupper lämnat verksamhetsplan" in html
    assert "verksamhetsberättelse för 2010" not in html  # the plan cannot know it


def test_the_delar_verksamhetsberattelser_never_reach_the_arsredovisning(fed, plugin):
    build, loaded = _load(fed, plugin)
    delar = build.render_html(loaded, "delarsrapport").html
    assert _sums(delar) == ["2", "1", "1", "2"]
    assert "Per den 30\u00a0juni 2011 har 1 av 3 arbetsgrupper lämnat verksamhetsberättelse för 2010" in delar
    annual = build.render_html(loaded, "arsredovisning").html
    assert _sums(annual) == ["2", "1", "3", "2", "2"]
    assert "Verksamhetsberättelse för 2011 har lämnats av 2 av 3 arbetsgrupper" in annual
    assert "1 av 3" not in annual and "30\u00a0juni" not in annual
    # without its own VB the årsredovisning shows none, rather than the delår's
    (fed.fed_dir / "2011" / "bokslut" / "verksamhetsberattelser.csv").unlink()
    build, loaded = _load(fed, plugin)
    annual = build.render_html(loaded, "arsredovisning").html
    assert "VB10" not in _vp_vb_html(annual) and _sums(annual) == ["2", "1", "2"]
    assert "verksamhetsberättelse för 2010" not in annual


def test_a_delar_without_verksamhetsberattelser_has_no_table(fed, plugin):
    (fed.fed_dir / "2011" / "delar-0630" / "verksamhetsberattelser.csv").unlink()
    build, loaded = _load(fed, plugin)
    assert "arbetsgrupper" not in [s.id for s in build.render_html(loaded, "delarsrapport").sections]
    assert "arbetsgrupper" in [s.id for s in build.render_html(loaded, "verksamhetsplan").sections]


def test_the_bokslut_without_verksamhetsberattelser_is_named_as_missing(fed, plugin):
    (fed.fed_dir / "2011" / "bokslut" / "verksamhetsberattelser.csv").unlink()
    build, loaded = _load(fed, plugin)
    gaps = [p for p in build.gaps(loaded, "bokslut") if p.path == "extensions.arbetsgrupper"]
    assert len(gaps) == 1 and "verksamhetsberattelser.csv" in gaps[0].message
    assert not [p for p in build.gaps(loaded, "delar-0630") if p.path == "extensions.arbetsgrupper"]


def _indicators(plugin, build, loaded, moment_id, report_id):
    ref = MomentRef(2011, moment_id)
    found = plugin.indicators(report=build.report_type(report_id), federation=build.federation,
                              data=loaded.data, moment=loaded.moments[moment_id], history=History(ref, lambda _: None))
    return {item.indicator.id: item for item in found}


def test_indicators_take_their_values_from_the_moment(fed, plugin):
    build, loaded = _load(fed, plugin)
    plan = _indicators(plugin, build, loaded, "plan", "verksamhetsplan")
    assert list(plan) == ["andel-arbetsgrupper-vp"]
    assert plan["andel-arbetsgrupper-vp"].value is None  # a plan states the målvärde only
    delar = _indicators(plugin, build, loaded, "delar-0630", "delarsrapport")
    vb = delar["andel-arbetsgrupper-vb"]
    assert vb.indicator.text == "Andel arbetsgrupper som lämnat verksamhetsberättelse för 2010"
    # the plugin gives the utfall; core judges it against the målvärde by the federation's thresholds
    assert (vb.value.outcome, vb.value.status) == (Decimal("33.3"), None)
    annual = _indicators(plugin, build, loaded, "bokslut", "arsredovisning")
    vp, vb = annual["andel-arbetsgrupper-vp"], annual["andel-arbetsgrupper-vb"]
    assert vp.indicator.text == "Andel arbetsgrupper som lämnat verksamhetsplan för 2011"
    assert (vp.value.outcome, vp.indicator.target) == (Decimal("66.7"), 100)
    assert vp.value.assessment == "2 av 3 arbetsgrupper har lämnat verksamhetsplan för 2011."
    assert vb.indicator.text == "Andel arbetsgrupper som lämnat verksamhetsberättelse för 2011"
    assert (vb.value.outcome, vb.value.status) == (Decimal("66.7"), None)
    assert vp.priority is None
    rendered = build.render_html(loaded, "arsredovisning")
    assert "nyckeltal" in [s.id for s in rendered.sections]  # not attached to a priority
    nyckeltal = rendered.html[rendered.html.index('id="nyckeltal"'):]
    # 66,7 % of a målvärde of 100 % is below the default 80 % for delvis uppfyllt
    assert 'Utfall: 66,7\u00a0% · Målvärde: 100\u00a0%' in nyckeltal and "Ej uppfyllt" in nyckeltal
    assert "Andel arbetsgrupper som lämnat verksamhetsberättelse för 2011" in rendered.html
    assert "verksamhetsberättelse för 2010" not in rendered.html


def test_indicator_uses_latest_year_with_plans(plugin):
    ext = plugin.Arbetsgrupper.model_validate({"rows": [
        {"arbetsgrupp": "a", "ar": 2010, "vp": "true"}, {"arbetsgrupp": "b", "ar": 2010, "vp": "true"},
        {"arbetsgrupp": "a", "ar": 2012, "vb": "true"}]})
    share = plugin.plan_share(ext.rows, 2013)
    assert (share.year, share.handed_in, share.groups) == (2010, 2, 2)
    assert plugin.share_value(share).outcome == Decimal("100.0")
    assert plugin.plan_share(ext.rows, 2009) is None


def test_verksamhetsplan_indicator_has_its_trend_over_the_years(plugin):
    ext = plugin.Arbetsgrupper.model_validate({"rows": [
        {"arbetsgrupp": "a", "ar": 2009, "vp": "true"}, {"arbetsgrupp": "b", "ar": 2009, "vp": "false"},
        {"arbetsgrupp": "a", "ar": 2010, "vp": "true"}, {"arbetsgrupp": "b", "ar": 2010, "vp": "true"},
        {"arbetsgrupp": "a", "ar": 2011, "vp": "true"}, {"arbetsgrupp": "b", "ar": 2011, "vp": "false"}]})
    share = plugin.plan_share(ext.rows, 2011)
    assert plugin.share_trend(ext.rows, share) == [(2009, Decimal("50.0")), (2010, Decimal("100.0"))]


# -- validation of arbetsgrupper ------------------------------------------------------------------

def test_unknown_arbetsgrupp_names_csv_file_and_line(fed, plugin):
    path = fed.write("2011/arbetsgrupper.csv", CSV + "kultur,2011,true,\n\nstyrelse,2011,true,\n")
    problems = problems_of(fed.build(plugins={"umearegionen": plugin}))
    by_line = {p.line: p for p in problems}
    assert set(by_line) == {11, 13}
    unknown = by_line[11]
    assert unknown.file == path
    assert unknown.path == "row 10, column arbetsgrupp"
    assert "unknown arbetsgrupp 'kultur'" in unknown.message
    assert "folkhalsa, it, kommunchefsgrupp" in unknown.message
    wrong_kind = by_line[13]  # the blank line 12 is skipped, the line number still counts it
    assert wrong_kind.path == "row 11, column arbetsgrupp"
    assert "kind 'styrelse'" in wrong_kind.message
    assert str(path) + ":11:" in str(unknown)


def test_same_group_and_year_twice_is_a_problem(fed, plugin):
    path = fed.write("2011/arbetsgrupper.csv", CSV + "it,2010,true,\n")
    [problem] = problems_of(fed.build(plugins={"umearegionen": plugin}))
    assert (problem.file, problem.line) == (path, 11)
    assert "already given on row 5" in problem.message


def test_bad_cell_is_located_by_the_loader(fed, plugin):
    path = fed.write("2011/arbetsgrupper.csv", CSV.replace("it,2011,true,", "it,2011,kanske,"))
    [problem] = problems_of(fed.build(plugins={"umearegionen": plugin}))
    assert (problem.file, problem.line, problem.path) == (path, 9, "row 8, column vp")


def test_a_verksamhetsberattelse_the_plan_cannot_know_is_not_set_once(fed, plugin):
    path = fed.write("2011/arbetsgrupper.csv", CSV.replace("it,2010,nej,", "it,2010,nej,ja")
                     + "it,2012,true,\n")
    problems = problems_of(fed.build(plugins={"umearegionen": plugin}))
    assert [(p.file, p.line, p.path) for p in problems] == [
        (path, 6, "row 5, column vb"), (path, 11, "row 10, column vp")]
    assert "record it in the moment that knows it" in problems[0].message
    assert "delar-MMDD/verksamhetsberattelser.csv (for 2010)" in problems[0].message
    assert "2012/arbetsgrupper.csv" in problems[1].message


def test_a_moment_records_only_the_verksamhetsberattelser_it_can_know(fed, plugin):
    delar = fed.write("2011/delar-0630/verksamhetsberattelser.csv", DELAR_VB + "folkhalsa,2011,true\n")
    plan = fed.write("2011/plan/verksamhetsberattelser.csv", "arbetsgrupp,ar,vb\nfolkhalsa,2010,true\n")
    problems = problems_of(fed.build(plugins={"umearegionen": plugin}))
    assert [(p.file, p.line, p.path) for p in problems] == [
        (delar, 5, "row 4, column ar"), (plan, 2, "row 1, column ar")]
    assert "delar-0630 cannot record a verksamhetsberättelse for 2011; it knows those for 2010" \
        in problems[0].message
    assert "the plan is written before any is handed in" in problems[1].message


def test_unknown_group_in_a_moment_names_that_moments_file(fed, plugin):
    path = fed.write("2011/bokslut/verksamhetsberattelser.csv", BOKSLUT_VB + "kultur,2011,true\n")
    [problem] = problems_of(fed.build(plugins={"umearegionen": plugin}))
    assert (problem.file, problem.line, problem.path) == (path, 8, "row 7, column arbetsgrupp")
    assert "unknown arbetsgrupp 'kultur'" in problem.message


def test_the_bokslut_cannot_take_back_what_the_delar_reported(fed, plugin):
    path = fed.write("2011/bokslut/verksamhetsberattelser.csv",
                     BOKSLUT_VB.replace("folkhalsa,2010,true\n", "folkhalsa,2010,false\n"))
    [problem] = problems_of(fed.build(plugins={"umearegionen": plugin}))
    assert (problem.file, problem.line, problem.path) == (path, 2, "row 1, column vb")
    assert "delar-0630 recorded the verksamhetsberättelse 2010 of 'folkhalsa' as handed in" in problem.message
    path = fed.write("2011/bokslut/verksamhetsberattelser.csv", BOKSLUT_VB.replace("folkhalsa,2010,true\n", ""))
    [problem] = problems_of(fed.build(plugins={"umearegionen": plugin}))
    assert (problem.file, problem.path) == (path, "folkhalsa 2010")
    assert "bokslut has no row for it" in problem.message


# -- finansiering: now core's [fees] ---------------------------------------------------------------

def test_the_plugin_no_longer_offers_finansiering(mini, plugin):
    path = mini.append("2011/year.toml", "\n[extensions.finansiering]\ntotal = 1000000\n")
    [problem] = problems_of(mini.build(plugins={"umearegionen": plugin}))
    assert (problem.file, problem.path) == (path, "extensions.finansiering")
    assert "no plugin of this federation provides extension 'finansiering'; provided: arbetsgrupper" in problem.message
    assert not hasattr(plugin, "apportion") and not hasattr(plugin, "Finansiering")


def test_unknown_plugin_setting_and_priority(fed, plugin):
    config = (fed.fed_dir / "federation.toml").read_text()
    fed.write("federation.toml", config.replace(
        "plugins = []", 'plugins = []\n\n[plugin_config.umearegionen]\nindicator_priority = "saknas"\nfarg = 1\n'))
    problems = problems_of(fed.build(plugins={"umearegionen": plugin}))
    assert sorted(p.path for p in problems) == ["plugin_config.umearegionen.farg",
                                                "plugin_config.umearegionen.indicator_priority"]
    assert all(p.line for p in problems)


# -- the real federation --------------------------------------------------------------------------

@pytest.fixture
def umearegionen(repo, catalogue):
    build = FederationBuild(repo, repo.federation("umearegionen"), catalogue)
    return build, build.load(2013)


def test_plugin_has_version(plugin):
    assert re.fullmatch(r"\d+\.\d+\.\d+", plugin.__version__)


def test_umearegionen_builds_with_its_tables(umearegionen, plugin):
    build, loaded = umearegionen
    config = build.federation.config
    plan = plugin.vp_vb_table(plugin.known_rows(loaded.data.extensions["arbetsgrupper"], None), config)
    sums = dict(zip((c.label for c in plan.columns), plan.sums, strict=True))
    assert {k: sums[k] for k in ("VB09", "VP10", "VB10", "VP11")} == {"VB09": 11, "VP10": 12, "VB10": 16, "VP11": 18}
    assert "VB12" not in sums and sums["VP13"] == 19
    annual = _table(plugin, build, loaded, "bokslut")
    assert dict(zip((c.label for c in annual.columns), annual.sums, strict=True))["VB13"] == 17
    fees = loaded.data.fees  # the members' fees are core's [fees] (tests/test_fees.py checks the amounts)
    assert (fees.total, fees.reference_year(2013), fees.budget_line) == (3_000_000, 2012, "Medlemsavgifter")
    for report in ("verksamhetsplan", "arsredovisning"):
        rendered = build.render_html(loaded, report)
        sections = {s.id: s for s in rendered.sections}
        assert {"arbetsgrupper", "medlemsavgifter"} <= set(sections) and "finansiering" not in sections
        assert sections["medlemsavgifter"].plugin == "core"
        assert "Andel arbetsgrupper som lämnat verksamhetsplan för 2013" in rendered.html
    meeting = next(m for m in loaded.data.meetings if m.id == "2013-05-15-kommunchefsgrupp")
    assert (meeting.body, len(meeting.items)) == ("kommunchefsgrupp", 11)
    assert "300 000 kr" in meeting.items[3].decision


def test_umearegionen_adoptions(umearegionen):
    _, loaded = umearegionen
    plan, delar, annual = (loaded.moments[m].adoption for m in ("plan", "delar-0430", "bokslut"))
    assert (plan.body, plan.date.isoformat()) == ("regionrad", "2012-12-19")
    assert (delar.body, delar.date.isoformat(), delar.paragraph, delar.meeting) == (
        "kommunchefsgrupp", "2013-05-15", 5, "2013-05-15-kommunchefsgrupp")
    assert not annual.adopted  # no source says when regionrådet approved it
    # every adoption that is not in a source is listed as an assumption of its moment
    assert any("§ 4" in a for a in loaded.moments["plan"].meta.assumptions)
    assert any("punkt 5" in a for a in loaded.moments["delar-0430"].meta.assumptions)


def test_it_samverkan_has_nothing_upparbetat_before_it_starts(umearegionen):
    build, loaded = umearegionen
    delar = loaded.moments["delar-0430"].project("it-samverkan")
    assert delar.status is ProjectStatus.PLANERAT and not delar.spent
    assert loaded.moments["bokslut"].project("it-samverkan").spent == 140_000
    html = build.render_html(loaded, "delarsrapport").html
    row = re.search(r'#projekt-it-samverkan">IT-samverkan</a>.*?</tr>', html, re.S).group(0)
    assert "Planerat" in row and "140" not in row


def test_umearegionen_arsredovisning_has_nothing_of_the_delar(umearegionen):
    build, loaded = umearegionen
    delar = build.render_html(loaded, "delarsrapport").html
    assert "Per den 30\u00a0april 2013 har 14 av 19 arbetsgrupper" in delar
    annual = build.render_html(loaded, "arsredovisning").html
    for phrase in ("30\u00a0april", "04-30</th>", "första halvåret", "14 av 19", "Prognos", "till och med april"):
        assert phrase not in annual, phrase
    assert "Verksamhetsberättelse för 2013 har lämnats av 17 av 20 arbetsgrupper" in annual


def test_ornskoldsvik_takes_part_but_is_not_a_member(umearegionen):
    build, loaded = umearegionen
    config = build.federation.config
    assert "Örnsköldsvik" not in [m.name for m in config.members]
    [peter] = [p for p in config.organisation.body("kommunchefsgrupp").people if p.name == "Peter Blomqvist"]
    assert "inte medlemskommun" in peter.role
    seed = next(m for m in loaded.data.meetings if m.id == "2013-05-15-kommunchefsgrupp")
    attendee = next(a for a in seed.attendees if a.name == "Peter Blomqvist")
    assert attendee.role == "beslutande"  # the minutes as in the source
    assert any(a.startswith("Örnsköldsvik:") for a in loaded.data.meta.assumptions)
