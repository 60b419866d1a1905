"""The vasternorrland plugin: åtaganden per verksamhetsområde and särskilda verksamheter.

The plugin is registered in code on the small tmp federation of ``mini`` (whose federation.toml
names no plugins), and the real federation in federations/vasternorrland is built with it as its
federation.toml says.
"""

import re
from types import ModuleType

import pytest
from conftest import MINIMAL_YEAR

from rapportkarna.build import FederationBuild
from rapportkarna.errors import ValidationFailed
from rapportkarna.plugins import PluginInfo

# A year for the mini federation (body "styrelse"; budget.csv has Medlemsavgifter and Kansli 900 000)
# with both extensions of the plugin. Tests replace parts of it to break one rule at a time.
YEAR = MINIMAL_YEAR + """
[extensions.ataganden]
inledning = "Åtagandena per område."

[[extensions.ataganden.omraden]]
id = "socialtjanst"
namn = "Socialtjänst"
presidier = ["styrelse"]
malsattning = "Bättre vårdsamverkan."

[[extensions.ataganden.omraden.ataganden]]
rubrik = "Mötesplatser"
text = "Erbjuda mötesplatser för chefsgrupper."
delarsrapport = { status = "pagar", kommentar = "Halvvägs i juni." }
arsredovisning = { status = "genomfort", kommentar = "Alla träffar hölls." }

[[extensions.ataganden.omraden.ataganden]]
text = "Se över hemsjukvårdsavtalet."
delarsrapport = { status = "ej_paborjat" }
arsredovisning = { status = "senarelagt", kommentar = "Flyttat till nästa år." }

[[extensions.ataganden.omraden]]
id = "samhallsbyggnad"
namn = "Samhällsbyggnad"

[[extensions.ataganden.omraden.ataganden]]
text = "Samordna luftvården."

[[extensions.sarskilda_verksamheter.verksamheter]]
id = "kansliet"
namn = "Kansliet i Bryssel"
uppdrag = "Bevaka EU-frågor."
ataganden = ["Bevaka kommunernas intressen."]
budget = 900000
finansiering = [
  { finansiar = "Kommunerna", belopp = 600000 },
  { finansiar = "Landstinget", belopp = 300000 },
]
kostnadsstallen = ["Kansli"]
delarsrapport = "Chefen tillträdde i februari."
arsredovisning = "Sex ansökningar stöddes."
"""


@pytest.fixture
def plugin(catalogue: dict[str, PluginInfo]) -> ModuleType:
    module = catalogue["vasternorrland"].loader()
    assert isinstance(module, ModuleType)
    return module


@pytest.fixture
def vn(mini, plugin):
    """The mini federation with YEAR, built with the plugin registered in code."""
    mini.write("2011/year.toml", YEAR)

    def build(year_text: str | None = None) -> FederationBuild:
        if year_text is not None:
            mini.write("2011/year.toml", year_text)
        return mini.build(plugins={"vasternorrland": plugin})
    return build


def html_of(fed: FederationBuild, report_id: str, year: int = 2011) -> str:
    return fed.render_html(fed.year_data(year), report_id).html


def section_html(html: str, section_id: str) -> str:
    match = re.search(rf'<section [^>]*id="{section_id}".*?</section>', html, re.S)
    assert match, f"no section {section_id}"
    return match.group(0)


def problems_of(fed: FederationBuild, year: int = 2011) -> list:
    with pytest.raises(ValidationFailed) as caught:
        fed.year_data(year)
    return caught.value.problems


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


# -- the plugin itself ----------------------------------------------------------------------------

def test_plugin_has_a_version_and_declares_its_extensions(plugin):
    assert isinstance(plugin.__version__, str) and plugin.__version__
    names = {ext.name for ext in plugin.data_extensions()}
    assert names == {"ataganden", "sarskilda_verksamheter"}


# -- sections -------------------------------------------------------------------------------------

@pytest.mark.parametrize("report_id", ["verksamhetsplan", "delarsrapport", "arsredovisning"])
def test_both_sections_are_in_every_report_from_the_plugin(vn, report_id):
    fed = vn()
    rendered = fed.render_html(fed.year_data(2011), report_id)
    by_id = {s.id: s for s in rendered.sections}
    assert by_id["ataganden"].title == "Åtaganden och prioriteringar"
    assert by_id["sarskilda_verksamheter"].title == "Särskilda verksamheter"
    assert by_id["ataganden"].plugin == by_id["sarskilda_verksamheter"].plugin == "vasternorrland"
    ids = [s.id for s in rendered.sections]
    assert ids.index("ataganden") < ids.index("sarskilda_verksamheter") < ids.index("ekonomi")
    # the plugin's styles are added to the shared ones through the extra_css hook
    assert ".vn-tabell { break-inside: avoid; }" in rendered.html
    assert "vasternorrland/templates/css/" in rendered.templates["css/vasternorrland.css"][0]


def test_plan_lists_ataganden_per_omrade_without_follow_up(vn):
    html = section_html(html_of(vn(), "verksamhetsplan"), "ataganden")
    assert "Åtagandena per område." in html
    assert "<h2" in html and "Socialtjänst" in html and "Samhällsbyggnad" in html
    assert "Förankring: Styrelsen." in html
    assert "Bättre vårdsamverkan." in html
    assert "<h3>Mötesplatser</h3>" in html
    assert "<h3>Åtaganden 2011</h3>" in html  # åtaganden without rubrik
    assert "Erbjuda mötesplatser för chefsgrupper." in html
    # a plan speaks before the year: no status, no follow-up comment of either report
    for later in ("Pågår", "Genomfört", "Halvvägs i juni.", "Alla träffar hölls."):
        assert later not in html


def test_delarsrapport_shows_its_own_follow_up_of_each_atagande(vn):
    html = section_html(html_of(vn(), "delarsrapport"), "ataganden")
    assert "Halvvägs i juni." in html and "Alla träffar hölls." not in html
    assert re.search(r"Erbjuda mötesplatser för chefsgrupper\.</span>\s*<span class=\"status-word\">Pågår", html)
    assert re.search(r"Se över hemsjukvårdsavtalet\.</span>\s*<span class=\"status-word\">Ej påbörjat", html)
    # an åtagande with no follow-up in this report says so in words
    assert re.search(r"Samordna luftvården\.</span>\s*<span class=\"status-word\">Ej uppföljt", html)
    assert "Uppföljning av åtagandena t.o.m. 30\u00a0juni 2011" in html


def test_arsredovisning_shows_its_own_follow_up_and_a_summary(vn):
    html = section_html(html_of(vn(), "arsredovisning"), "ataganden")
    assert "Alla träffar hölls." in html and "Flyttat till nästa år." in html
    assert "Halvvägs i juni." not in html
    summary = re.search(r'<table class="ataganden-summering">.*?</table>', html, re.S).group(0)
    # only statuses that occur are columns: Genomfört and Senarelagt
    assert "Genomfört" in summary and "Senarelagt" in summary and "Utgår" not in summary
    socialtjanst = re.search(r"Socialtjänst</a></th>(.*?)</tr>", summary, re.S).group(1)
    assert re.findall(r'<td class="num">(\d+)</td>', socialtjanst) == ["2", "1", "1"]
    total = re.search(r"Summa</th>(.*?)</tr>", summary, re.S).group(1)
    assert re.findall(r'<td class="num">(\d+)</td>', total) == ["3", "1", "1"]


def test_sarskilda_verksamheter_with_financing_and_budget_lines(vn):
    html = section_html(html_of(vn(), "verksamhetsplan"), "sarskilda_verksamheter")
    assert "Kansliet i Bryssel" in html and "Bevaka EU-frågor." in html
    assert "Bevaka kommunernas intressen." in html
    assert "900\u00a0000\u00a0kr" in html  # the budget in the facts, with the kr filter
    financing = re.search(r'<table class="financiers">.*?</table>', html, re.S).group(0)
    assert "(belopp i tkr)" in financing
    assert re.search(r"Kommunerna</th><td class=\"num\">600</td><td class=\"num\">66,7\u00a0%", financing)
    assert re.search(r"Summa finansiering</th><td class=\"num\">900</td>", financing)
    # the verksamhet's own line of budget.csv, laid out by the shared amount_table macro
    assert "Kansliet i Bryssel i verksamhetsbudgeten" in html
    assert "Netto, intäkter minus kostnader" in html
    assert "Chefen tillträdde i februari." not in html


def test_sarskilda_verksamheter_follow_up_per_report(vn):
    fed = vn()
    delar = section_html(html_of(fed, "delarsrapport"), "sarskilda_verksamheter")
    annual = section_html(html_of(fed, "arsredovisning"), "sarskilda_verksamheter")
    assert "Chefen tillträdde i februari." in delar and "Sex ansökningar stöddes." not in delar
    assert "Sex ansökningar stöddes." in annual and "Chefen tillträdde i februari." not in annual
    assert "Utfall t.o.m. 2011-06-30" in delar  # the interim columns of the core budget table


def test_indicators_count_genomforda_ataganden_in_follow_up_reports(vn, plugin):
    fed = vn()
    data = fed.year_data(2011)
    plan = fed.report_type("verksamhetsplan")
    assert plugin.indicators(report=plan, data=data) == []
    annual = plugin.indicators(report=fed.report_type("arsredovisning"), data=data)
    first = annual[0].indicator
    assert (first.outcome, first.target, first.status.value) == (1, 2, "delvis")
    assert first.assessment == "1 av 2 genomförda; 1 senarelagt."
    assert len(annual) == 1  # Samhällsbyggnad has no follow-up in any report
    html = html_of(fed, "delarsrapport")
    assert "Socialtjänst: genomförda åtaganden t.o.m. 2011-06-30" in section_html(html, "nyckeltal")


def test_sections_left_out_without_extension_data(mini, plugin):
    fed = mini.build(plugins={"vasternorrland": plugin})
    ids = [s.id for s in fed.render_html(fed.year_data(2011), "arsredovisning").sections]
    assert "ataganden" not in ids and "sarskilda_verksamheter" not in ids and "nyckeltal" not in ids


# -- untrusted text -------------------------------------------------------------------------------

def test_hostile_text_in_extension_data_is_escaped(vn):
    hostile = YEAR.replace("Erbjuda mötesplatser för chefsgrupper.", "<script>alert(1)</script>")
    hostile = hostile.replace('kommentar = "Alla träffar hölls."', 'kommentar = "<img src=x onerror=alert(2)>"')
    hostile = hostile.replace('"Landstinget"', '"<b onclick=alert(3)>Landstinget</b>"')
    hostile = hostile.replace('uppdrag = "Bevaka EU-frågor."', 'uppdrag = "</section><iframe src=evil>"')
    fed = vn(hostile)
    for report_id in ("verksamhetsplan", "arsredovisning"):
        html = html_of(fed, report_id)
        assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<iframe" not in html and "&lt;iframe src=evil&gt;" in html
        assert "<b onclick" not in html and "&lt;b onclick=alert(3)&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html_of(fed, "arsredovisning")
    assert "<img src=x" not in html_of(fed, "arsredovisning")


# -- validation -----------------------------------------------------------------------------------

def test_financing_that_does_not_sum_to_budget_is_a_problem(vn, mini):
    text = YEAR.replace("belopp = 300000", "belopp = 250000")
    problems = problems_of(vn(text))
    [problem] = problems
    assert problem.file == mini.fed_dir / "2011" / "year.toml"
    assert problem.path == "extensions.sarskilda_verksamheter.verksamheter[0].finansiering"
    assert problem.line == line_of(text, "finansiering = [")
    assert "850\u00a0000\u00a0kr" in problem.message and "900\u00a0000\u00a0kr" in problem.message


def test_budget_must_match_its_kostnadsstallen_in_budget_csv(vn):
    text = YEAR.replace("budget = 900000", "budget = 800000").replace("belopp = 300000", "belopp = 200000")
    [problem] = problems_of(vn(text))
    assert problem.path == "extensions.sarskilda_verksamheter.verksamheter[0].budget"
    assert problem.line == line_of(text, "budget = 800000")
    assert "Kansli" in problem.message


def test_unknown_kostnadsstalle_is_a_problem(vn):
    text = YEAR.replace('kostnadsstallen = ["Kansli"]', 'kostnadsstallen = ["Kansli", "Bryssel"]')
    [problem] = problems_of(vn(text))
    assert problem.path == "extensions.sarskilda_verksamheter.verksamheter[0].kostnadsstallen[1]"
    assert problem.line == line_of(text, "kostnadsstallen = [")
    assert "'Bryssel'" in problem.message and "Medlemsavgifter" in problem.message


def test_area_names_must_be_unique(vn):
    text = YEAR.replace('namn = "Samhällsbyggnad"', 'namn = "socialtjänst"')
    [problem] = problems_of(vn(text))
    assert problem.path == "extensions.ataganden.omraden[1].namn"
    assert problem.line == line_of(text, 'namn = "socialtjänst"')
    assert "omraden[0]" in problem.message


def test_presidier_must_be_bodies_of_the_federation(vn):
    text = YEAR.replace('presidier = ["styrelse"]', 'presidier = ["styrelse", "skolpresidiet"]')
    [problem] = problems_of(vn(text))
    assert problem.path == "extensions.ataganden.omraden[0].presidier[1]"
    assert problem.line == line_of(text, "presidier = [")
    assert "'skolpresidiet'" in problem.message and "styrelse" in problem.message


def test_genomfort_atagande_cannot_go_back_in_the_arsredovisning(vn):
    text = YEAR.replace('delarsrapport = { status = "pagar"', 'delarsrapport = { status = "genomfort"')
    text = text.replace('arsredovisning = { status = "genomfort"', 'arsredovisning = { status = "pagar"')
    [problem] = problems_of(vn(text))
    assert problem.path == "extensions.ataganden.omraden[0].ataganden[0].arsredovisning.status"
    assert problem.line == line_of(text, 'arsredovisning = { status = "pagar"')


def test_all_problems_are_reported_together(vn):
    text = (YEAR.replace("belopp = 300000", "belopp = 1")
            .replace('presidier = ["styrelse"]', 'presidier = ["nope"]')
            .replace('namn = "Samhällsbyggnad"', 'namn = "Socialtjänst"'))
    assert len(problems_of(vn(text))) == 3


def test_mistakes_in_extension_data_are_located_by_the_loader(vn):
    text = YEAR.replace('delarsrapport = { status = "ej_paborjat" }', 'delarsrapport = { status = "klart" }')
    [problem] = problems_of(vn(text))
    assert problem.path == "extensions.ataganden.omraden[0].ataganden[1].delarsrapport.status"
    assert problem.line == line_of(text, 'status = "klart"')


# -- the real federation --------------------------------------------------------------------------

def test_real_federation_builds_with_its_sections(repo, catalogue):
    fed = FederationBuild(repo, repo.federation("vasternorrland"), catalogue)
    assert fed.plugins.order == ["core", "vasternorrland"]
    data = fed.year_data(2007)
    ataganden = data.extensions["ataganden"]
    assert [o.namn for o in ataganden.omraden] == [
        "Utbildning, näringsliv och arbetsmarknad", "Socialtjänst", "Samhällsbyggnad", "Kompetensutveckling"]
    verksamheter = data.extensions["sarskilda_verksamheter"].verksamheter
    assert [v.namn for v in verksamheter] == ["Mid Sweden Office", "FoU Västernorrland"]
    assert all(v.finansierat == v.budget for v in verksamheter)

    plan = fed.render_html(data, "verksamhetsplan")
    assert plan.title == "Verksamhetsplan och budget 2007"
    html = section_html(plan.html, "sarskilda_verksamheter")
    assert "Finansiering av Mid Sweden Office 2007" in html and "Regionförbundet Jämtlands län" in html
    assert "Socialnämnden i Sundsvall" in html
    assert "Vara koordinator för ett framtida luftvårdssamarbete i länet" in section_html(plan.html, "ataganden")

    annual = fed.render_html(data, "arsredovisning").html
    assert "Konventet hölls i november med drygt 300 deltagare." in section_html(annual, "ataganden")
    assert "Genomförda åtaganden" in section_html(annual, "nyckeltal")


def test_other_federations_are_untouched_by_the_plugin(repo, catalogue):
    fed = FederationBuild(repo, repo.federation("skellefteregionen"), catalogue)
    assert "vasternorrland" not in fed.plugins.order
    ids = [s.id for s in fed.render_html(fed.year_data(2015), "arsredovisning").sections]
    assert "ataganden" not in ids and "sarskilda_verksamheter" not in ids
