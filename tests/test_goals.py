"""Goals and indicators: status from målvärde and utfall, målvärde per plan year, values per member,
Kolada from the cache only, plugins' indicators, god ekonomisk hushållning, i korthet and the
number words of running text."""

import re
import socket
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from rapportkarna import hookimpl
from rapportkarna.formatting import antal_ord
from rapportkarna.goals import (GehCount, geh_counts, geh_judgement, geh_sentence, mark_of, met_sentence, reached,
                                status_from)
from rapportkarna.history import History
from rapportkarna.kolada.cache import CachedKpi, CachedYear, write_kpi, write_year
from rapportkarna.kolada.model import DataPoint, DataRow, KpiMeta
from rapportkarna.model import (GoalKind, GoalSettings, Indicator, IndicatorStatus, IndicatorValue, Member,
                                MomentData, MomentRef, Priority)
from rapportkarna.model.goals import Thresholds
from rapportkarna.reports import ContributedIndicator
from rapportkarna.testing import MiniFederation
from rapportkarna.views import Evaluation, goals_summary, priority_views

NBSP = "\u00a0"
FETCHED = date(2026, 11, 20)


def section(html: str, section_id: str) -> str:
    match = re.search(rf'<section [^>]*id="{section_id}".*?</section>', html, re.S)
    assert match, f"no section {section_id}"
    return re.sub(r"[ \t\r\n]+", " ", match.group(0))


def no_history() -> History:
    return History(None, lambda _: None)


# -- status from målvärde and utfall --------------------------------------------------------------

@pytest.mark.parametrize(("target", "value", "higher", "expected"), [
    (100, 100, True, IndicatorStatus.UPPFYLLT),
    (100, 120, True, IndicatorStatus.UPPFYLLT),
    (100, 80, True, IndicatorStatus.DELVIS),       # the default: delvis from 80 % of the målvärde
    (100, 79, True, IndicatorStatus.EJ_UPPFYLLT),
    (10, 10, False, IndicatorStatus.UPPFYLLT),     # lower is better: at or under the målvärde
    (10, 12, False, IndicatorStatus.DELVIS),       # 10/12 = 83 %
    (10, 13, False, IndicatorStatus.EJ_UPPFYLLT),  # 10/13 = 77 %
    (10, 5, False, IndicatorStatus.UPPFYLLT),
    (0, 0, False, IndicatorStatus.UPPFYLLT),       # no errors allowed, none made
    (0, 1, False, IndicatorStatus.EJ_UPPFYLLT),
    (-500, -400, True, IndicatorStatus.UPPFYLLT),  # a loss of at most 500 tkr
    (-500, -600, True, IndicatorStatus.EJ_UPPFYLLT),
])
def test_status_by_default_thresholds_and_direction(target, value, higher, expected):
    assert status_from(Decimal(target), Decimal(value), higher, Thresholds()) is expected


def test_thresholds_are_the_federations():
    strict = Thresholds(uppfyllt=Decimal(100), delvis=Decimal(95))
    assert status_from(Decimal(100), Decimal(90), True, strict) is IndicatorStatus.EJ_UPPFYLLT
    lenient = Thresholds(uppfyllt=Decimal(90), delvis=Decimal(50))
    assert status_from(Decimal(100), Decimal(90), True, lenient) is IndicatorStatus.UPPFYLLT
    assert reached(Decimal(8), Decimal(10), higher_is_better=False) == Decimal(80)
    with pytest.raises(ValueError, match="delvis .* must not be above uppfyllt"):
        Thresholds(uppfyllt=Decimal(80), delvis=Decimal(90))


def _measured_year(extra: str = "") -> str:
    return f"""
[[priorities]]
id = "kurser"
title = "Kurser"
indicators = [
  {{ id = "deltagare", text = "Deltagare i kurser", unit = "st", targets = {{ 2011 = 3000, 2012 = 3200, 2013 = 3400 }} }},
  {{ id = "fel", text = "Felaktiga fakturor", unit = "st", target = 10, direction = "decrease" }},
]
{extra}"""


def test_status_in_the_report_comes_from_målvärde_and_utfall(mini):
    mini.append("2011/year.toml", _measured_year())
    mini.append("2011/bokslut/moment.toml", """
[indicators.deltagare]
outcome = 2500
[indicators.fel]
outcome = 8
""")
    html = section(mini.report("arsredovisning").html, "prioriterade")
    assert f"Utfall: 2{NBSP}500{NBSP}st · Målvärde: 3{NBSP}000{NBSP}st" in html
    deltagare = html[html.index("Deltagare i kurser"):html.index("Felaktiga fakturor")]
    assert "Delvis uppfyllt" in deltagare  # 83 % of the målvärde
    fel = html[html.index("Felaktiga fakturor"):]
    assert "Uppfyllt" in fel and "Ej uppfyllt" not in fel  # lower is better: 8 under 10
    # the same utfall against a stricter federation
    mini.append("federation.toml", "\n[goals.thresholds]\ndelvis = 90\n")
    html = section(mini.report("arsredovisning").html, "prioriterade")
    assert "Ej uppfyllt" in html[html.index("Deltagare i kurser"):html.index("Felaktiga fakturor")]


def test_a_mark_always_carries_its_word(mini):
    mini.append("2011/year.toml", _measured_year())
    mini.append("2011/bokslut/moment.toml", "[indicators.deltagare]\noutcome = 3100\n[indicators.fel]\noutcome = 30\n")
    html = mini.report("arsredovisning").html
    marks = re.findall(r'<span class="mark mark-([a-z_]+)"><span class="mark-symbol" aria-hidden="true"></span>([^<]+)</span>',
                       html)
    assert ("uppfyllt", "Uppfyllt") in marks and ("ej_uppfyllt", "Ej uppfyllt") in marks


def test_målvärde_per_plan_year_in_the_verksamhetsplan(mini):
    mini.write("2011/budget.csv", "kostnadsstalle,kind,budget,plan_2012,plan_2013\n"
                                  "Medlemsavgifter,intakt,1000000,1000000,1000000\nKansli,kostnad,900000,900000,900000\n")
    mini.append("2011/year.toml", _measured_year())
    plan = section(mini.report("verksamhetsplan").html, "prioriterade")
    assert (f"Målvärde 2011: 3{NBSP}000{NBSP}st · Målvärde 2012: 3{NBSP}200{NBSP}st · "
            f"Målvärde 2013: 3{NBSP}400{NBSP}st") in plan
    assert f"Målvärde: 10{NBSP}st" in plan  # one målvärde, for the plan's own year
    assert "Utfall" not in plan and "Uppfyllt" not in plan  # the plan follows nothing up
    # the follow-up compares with the målvärde of its own year only
    mini.append("2011/bokslut/moment.toml", "[indicators.deltagare]\noutcome = 3000\n[indicators.fel]\noutcome = 3\n")
    annual = section(mini.report("arsredovisning").html, "prioriterade")
    assert f"Målvärde: 3{NBSP}000{NBSP}st" in annual and "3 200" not in annual.replace(NBSP, " ")


def test_target_and_targets_together_is_an_error_at_its_line(mini):
    path = mini.append("2011/year.toml", """
[[priorities]]
id = "a"
title = "A"
indicators = [{ id = "x", text = "X", target = 5, targets = { 2011 = 5 } }]
""")
    [problem] = mini.report("arsredovisning").problems
    assert (problem.file, problem.line, problem.path) == (path, 6, "priorities[0].indicators[0]")
    assert "target (this year) or targets (per year), not both" in problem.message


def test_old_layout_says_where_the_utfall_goes_now(mini):
    path = mini.append("2011/year.toml", """
[[priorities]]
id = "a"
title = "A"
indicators = [
  { id = "x", text = "X", target = 5, outcome = 3, status = "delvis" },
  { text = "Y", source = "Kansliets sammanställning" },
]
""")
    problems = {p.path: p for p in mini.report("arsredovisning").problems}
    moved = problems["priorities[0].indicators[0]"]
    assert moved.file == path and moved.line == 7
    assert "outcome, status is followed up per reporting moment" in moved.message
    assert "<moment>/moment.toml under [indicators.x]" in moved.message
    source = problems["priorities[0].indicators[1].source"]
    assert source.line == 8 and "source_text = 'Kansliets sammanställning'" in source.message


# -- a delår: utfall to date beside the prognos ---------------------------------------------------

def test_delar_shows_prognos_beside_utfall_and_judges_the_prognos(mini):
    mini.append("2011/year.toml", _measured_year())
    mini.append("2011/delar-0630/moment.toml", "[indicators.deltagare]\noutcome = 1700\nprognos = 3100\n")
    html = section(mini.report("delarsrapport").html, "prioriterade")
    assert (f"Utfall: 1{NBSP}700{NBSP}st · Prognos för helåret: 3{NBSP}100{NBSP}st · "
            f"Målvärde: 3{NBSP}000{NBSP}st") in html
    assert "Uppfyllt" in html[html.index("Deltagare i kurser"):html.index("Felaktiga fakturor")]
    path = mini.append("2011/bokslut/moment.toml", "[indicators.deltagare]\noutcome = 3000\nprognos = 3000\n")
    [problem] = mini.report("arsredovisning").problems
    assert (problem.file, problem.path) == (path, "indicators.deltagare.prognos")
    assert "a prognos for the year belongs to a delår" in problem.message


# -- qualitative bedömning, the federation's own scale, activities --------------------------------

def test_own_scale_activities_and_goal_bedomning(mini):
    mini.append("federation.toml", """
[[goals.scale]]
id = "gron"
label = "Grönt: enligt plan"
level = "uppfyllt"

[[goals.scale]]
id = "gul"
label = "Gult: försenat"
level = "delvis"
""")
    mini.append("2011/year.toml", """
[[priorities]]
id = "dialog"
title = "Dialog med medlemmarna"
key_activities = ["Besöka fyra kommuner under hösten.", { id = "riksdag", text = "Möte med riksdagsledamöterna." }]
indicators = [{ id = "besok", text = "Kommunerna upplever dialogen som god." }]
""")
    mini.append("2011/bokslut/moment.toml", """
[priorities.dialog]
actions_taken = ["Fyra kommuner besöktes."]

[indicators.besok]
status = "gron"
assessment = "Kommunerna är nöjda."

[activities.riksdag]
status = "gul"
assessment = "Mötet flyttades till januari 2012."
actions_taken = ["Inbjudan skickad."]
""")
    html = section(mini.report("arsredovisning").html, "prioriterade")
    assert "Grönt: enligt plan" in html and "Gult: försenat" in html
    assert "Mötet flyttades till januari 2012." in html and "Vidtagna åtgärder: Inbjudan skickad." in html
    # the goal's bedömning follows from its indicators' and activities': one met, one partly
    assert re.search(r'Bedömning: <span class="mark mark-delvis">.*?Delvis uppfyllt', html)
    path = mini.append("2011/bokslut/moment.toml", '\n[indicators.extra]\nstatus = "rod"\n')
    problems = mini.report("arsredovisning").problems
    assert any(p.file == path and p.path == "indicators.extra" and "no indicator 'extra'" in p.message for p in problems)


def test_unknown_bedomning_is_an_error_at_its_line(mini):
    mini.append("2011/year.toml", '[[priorities]]\nid = "a"\ntitle = "A"\nindicators = [{ id = "x", text = "X" }]\n')
    path = mini.append("2011/bokslut/moment.toml", '[priorities.a]\ncomment = "Klart."\n\n[indicators.x]\nstatus = "klart"\n')
    [problem] = mini.report("arsredovisning").problems
    assert (problem.file, problem.line, problem.path) == (path, 7, "indicators.x.status")
    assert "unknown bedömning 'klart'" in problem.message and "[[goals.scale]]" in problem.message


# -- values per member ----------------------------------------------------------------------------

PER_MEMBER = """
[[priorities]]
id = "skola"
title = "Skola"
indicators = [{ id = "behoriga", text = "Andel behöriga lärare", unit = "%", target = 80, per_member = true }]
"""


def test_values_per_member_as_table_chart_and_status(mini):
    mini.append("2011/year.toml", PER_MEMBER)
    mini.append("2011/bokslut/moment.toml", '[indicators.behoriga]\nmembers = { "2480" = 86.5, "2460" = 60 }\n')
    html = section(mini.report("arsredovisning").html, "prioriterade")
    table = re.search(r'<table class="indicator-members">.*?</table>', html).group(0)
    assert f"<td class=\"label\">Umeå</td><td class=\"num\">86,5{NBSP}%</td>" in table
    assert "Vännäs" in table and "Ej uppfyllt" in table  # 60 of 80 is below delvis
    assert "en av två medlemmar når målvärdet" in html
    assert '<figure class="chart chart-bar">' in html and "per medlemskommun" in html
    assert "Delvis uppfyllt" in html  # some members reach the målvärde


def test_a_member_that_is_not_a_member_is_an_error(mini):
    mini.append("2011/year.toml", PER_MEMBER)
    path = mini.append("2011/bokslut/moment.toml", '[indicators.behoriga]\nmembers = { "2480" = 86, "0180" = 90 }\n')
    [problem] = mini.report("arsredovisning").problems
    assert (problem.file, problem.path) == (path, "indicators.behoriga.members.0180")
    assert "kommunkod 0180 is not a member" in problem.message


# -- Kolada, from the cache only ------------------------------------------------------------------

KOLADA_YEAR = """
[[priorities]]
id = "miljo"
title = "Miljö"
indicators = [{ id = "atervinning", text = "Hushållsavfall som materialåtervinns", unit = "%", source = "kolada", kpi = "U07414", target = 40 }]
"""


def _cache(fed: MiniFederation, year: int, values: dict[str, float | None], kpi: str = "U07414") -> Path:
    folder = fed.fed_dir / "kolada"
    write_kpi(folder, CachedKpi(format=1, retrieved=FETCHED, urls=[f"https://api.kolada.se/v3/kpi/{kpi}"],
                                kpi=KpiMeta(id=kpi, title="Hushållsavfall som materialåtervinns, andel (%)")))
    rows = [DataRow(kpi=kpi, municipality=code, period=year,
                    values=[DataPoint(gender="T", value=None if v is None else Decimal(str(v)),
                                      status="Missing" if v is None else "")])
            for code, v in values.items()]
    write_year(folder, CachedYear(format=1, kpi=kpi, year=year, retrieved=FETCHED, urls=["https://api.kolada.se/v3/data"],
                                  municipalities=sorted(values), rows=rows))
    return folder


@pytest.fixture
def offline(monkeypatch):
    """A build that tried to reach the network would fail."""
    def refuse(*args, **kwargs):
        raise AssertionError("a build reached for the network")
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_kolada_indicator_reads_the_cache_per_member_and_cites_it(mini, offline):
    mini.append("2011/year.toml", KOLADA_YEAR)
    _cache(mini, 2011, {"2480": 43.2, "2460": 38.5})
    html = section(mini.report("arsredovisning").html, "prioriterade")
    assert "Källa: Kolada, KPI U07414, hämtad 2026-11-20" in html
    assert f"Umeå</td><td class=\"num\">43,2{NBSP}%</td>" in html and "38,5" in html
    assert "en av två medlemmar når målvärdet" in html
    # a delår shows the last whole year, 2010: not in the cache, so the draft says what is missing
    report = mini.report("delarsrapport")
    assert any("KPI U07414 has no values for 2010 in the cache; run `rapportkarna kolada fetch test`" in g.message
               and g.path == "priorities[0].indicators[0].kpi" for g in report.gaps)
    assert "Uppgift saknas" in section(report.html, "prioriterade")


def test_missing_kpi_is_a_clear_message_and_an_error_when_adopted(mini, offline):
    mini.append("2011/year.toml", KOLADA_YEAR)
    _cache(mini, 2011, {"2480": 43.2}, kpi="U07414")  # Vännäs was never fetched
    gaps = mini.report("arsredovisning").gaps
    assert [g.message for g in gaps if g.path == "priorities[0].indicators[0].kpi"] == [
        f"KPI U07414 has no value for 2460 Vännäs in 2011 in the cache; run `rapportkarna kolada fetch test` "
        f"({mini.fed_dir / 'kolada' / 'U07414' / '2011.json'})"]
    mini.append("2011/bokslut/moment.toml", """
[adoption]
status = "beslutad"
body = "styrelse"
date = 2012-04-20
paragraph = 3
""")
    problems = mini.report("arsredovisning").problems
    assert any(p.path == "priorities[0].indicators[0].kpi" and "2460 Vännäs" in p.message for p in problems)
    mini.write("2011/year.toml", mini.path("2011/year.toml").read_text().replace("U07414", "N00002"))
    problems = mini.report("arsredovisning").problems
    assert any("KPI N00002 is not in the cache" in p.message for p in problems)


def test_kolada_utfall_is_read_not_written(mini):
    mini.append("2011/year.toml", KOLADA_YEAR)
    _cache(mini, 2011, {"2480": 43.2, "2460": 38.5})
    path = mini.append("2011/bokslut/moment.toml", "[indicators.atervinning]\noutcome = 41\n")
    [problem] = mini.report("arsredovisning").problems
    assert (problem.file, problem.path) == (path, "indicators.atervinning.outcome")
    assert "is read from kolada" in problem.message


def test_kolada_source_needs_a_kpi(mini):
    mini.append("2011/year.toml", '[[priorities]]\nid = "a"\ntitle = "A"\n'
                                  'indicators = [{ id = "x", text = "X", source = "kolada" }]\n')
    [problem] = mini.report("arsredovisning").problems
    assert "source = 'kolada' needs kpi" in problem.message


# -- plugins' indicators --------------------------------------------------------------------------

class Computed:
    """A plugin computing an indicator per member with its trend, from the federation's data."""

    @hookimpl
    def indicators(self, report, federation, data, moment, history):
        if history.current is None or history.current.id == "plan":
            return [ContributedIndicator(indicator=Indicator(id="lan", text="Lån per kommun", unit="st",
                                                             targets={2011: 100, 2012: 120}, source="plugin"),
                                         priority=None, group="Beräknat")]
        return [ContributedIndicator(
            indicator=Indicator(id="lan", text="Lån per kommun", unit="st", target=100, source="plugin",
                                source_text="Utlåningsstatistiken"),
            value=IndicatorValue(outcome=Decimal(130), members={"2480": Decimal(110), "2460": Decimal(20)}),
            earlier=[(2009, Decimal(60)), (2010, Decimal(90))], group="Beräknat")]


def test_indicator_hook_values_are_judged_charted_and_tabled(mini):
    mini.use_plugin(Computed())
    annual = section(mini.report("arsredovisning").html, "nyckeltal")
    assert "Beräknat" in annual and "Källa: Utlåningsstatistiken" in annual
    assert "Uppfyllt" in annual  # 130 of 100
    assert '<figure class="chart chart-bar">' in annual and '<figure class="chart chart-line">' in annual
    assert "Lån per kommun: utfall över åren" in annual
    plan = section(mini.report("verksamhetsplan").html, "nyckeltal")
    assert f"Målvärde 2011: 100{NBSP}st · Målvärde 2012: 120{NBSP}st" in plan and "Utfall" not in plan


# -- god ekonomisk hushållning --------------------------------------------------------------------

def _geh_priorities() -> list[Priority]:
    verksamhet = [Priority(id=f"v{i}", title=f"Verksamhetsmål {i}", kind="verksamhetsmal",
                           indicators=[Indicator(id=f"vi{i}", text=f"Mått {i}", unit="st", target=10)])
                  for i in range(6)]
    finans = [
        Priority(id="resultat", title="Resultatet ska vara minst 1 % av intäkterna", kind="finansiellt_mal",
                 indicators=[Indicator(id="res", text="Resultat som andel av intäkterna", unit="%", target=1,
                                       source="accounts", figure="resultat_andel_av_intakter")]),
        Priority(id="soliditet", title="Soliditeten ska vara minst 20 %", kind="finansiellt_mal",
                 indicators=[Indicator(id="sol", text="Soliditet", unit="%", target=20,
                                       source="accounts", figure="soliditet")]),
    ]
    return verksamhet + finans


def _evaluate(figures: dict[str, Decimal], outcomes: list[int], moment_id: str = "bokslut"):
    ref = MomentRef(2011, moment_id)
    moment = MomentData(indicators={f"vi{i}": IndicatorValue(outcome=Decimal(v)) for i, v in enumerate(outcomes)})
    ev = Evaluation(GoalSettings(), 2011, ref, members=[Member(name="Umeå", kommunkod="2480")], figures=figures)
    views = priority_views(_geh_priorities(), [], moment, ev, History(ref, lambda _: None))
    return goals_summary(views, interim=moment_id != "bokslut"), ev


def test_geh_goals_evaluated_from_the_economys_figures():
    summary, ev = _evaluate({"resultat_andel_av_intakter": Decimal("1.4"), "soliditet": Decimal("23.0")},
                            [10, 12, 10, 11, 5, 7])
    assert summary.geh_sentence == "4 av 6 verksamhetsmål och 2 av 2 finansiella mål är uppfyllda."
    assert summary.geh_judgement.startswith("Den sammanfattande bedömningen är att förbundet i huvudsak har en god "
                                            "ekonomisk hushållning")
    [resultat] = summary.finansiella[0].indicators
    assert (resultat.outcome, resultat.mark.label) == (Decimal("1.4"), "Uppfyllt")
    summary, _ = _evaluate({"resultat_andel_av_intakter": Decimal("0.5"), "soliditet": Decimal("23.0")}, [10] * 6)
    assert summary.geh_sentence == "6 av 6 verksamhetsmål och 1 av 2 finansiella mål är uppfyllda."
    assert not ev.gaps


def test_geh_at_a_delar_judges_the_prognos():
    figures = {"arets_resultat": Decimal(100), "resultat_andel_av_intakter": Decimal("0.2"),
               "prognos_resultat_andel_av_intakter": Decimal("1.1"), "soliditet": Decimal(21)}
    summary, _ = _evaluate(figures, [10] * 6, "delar-0831")
    [resultat] = summary.finansiella[0].indicators
    assert (resultat.outcome, resultat.prognos, resultat.mark.met) == (Decimal("0.2"), Decimal("1.1"), True)
    assert summary.geh_sentence == "6 av 6 verksamhetsmål och 2 av 2 finansiella mål bedöms bli uppfyllda."


def test_a_missing_figure_is_a_gap_at_the_goals_indicator():
    _, ev = _evaluate({"soliditet": Decimal(21)}, [10] * 6)
    [(loc, message)] = ev.gaps
    assert loc == ("priorities", 6, "indicators", 0, "figure")
    assert "no figure 'resultat_andel_av_intakter'" in message
    # a delår may lack a figure (the soliditet has no prognos): the goal is then not judged
    summary, ev = _evaluate({"resultat_andel_av_intakter": Decimal(2)}, [10] * 6, "delar-0831")
    assert not ev.gaps and summary.finansiella[1].mark is None
    assert summary.geh_sentence == ("6 av 6 verksamhetsmål och 1 av 2 finansiella mål bedöms bli uppfyllda. "
                                    "Ett mål kan inte bedömas förrän i bokslutet.")


def test_geh_sentences():
    counts = [GehCount(GoalKind.VERKSAMHETSMAL, 4, 6), GehCount(GoalKind.FINANSIELLT_MAL, 2, 2)]
    assert geh_sentence(counts) == "4 av 6 verksamhetsmål och 2 av 2 finansiella mål är uppfyllda."
    assert geh_sentence([GehCount(GoalKind.FINANSIELLT_MAL, 1, 1)]) == "1 av 1 finansiellt mål är uppfyllt."
    assert geh_judgement([GehCount(GoalKind.FINANSIELLT_MAL, 0, 2)]).endswith("noll av två bedömda mål är uppfyllda.")
    # a goal that cannot be judged yet (at a delår) does not count against the bedömning
    assert geh_judgement([GehCount(GoalKind.VERKSAMHETSMAL, 3, 3), GehCount(GoalKind.FINANSIELLT_MAL, 1, 2, 1)],
                         prognos=True) == ("Den sammanfattande bedömningen är att förbundet bedöms ha en god "
                                           "ekonomisk hushållning.")
    assert geh_counts([]) == [] and geh_sentence([]) is None


def test_unknown_figure_is_an_error_at_its_line(mini):
    path = mini.append("2011/year.toml", """
[[priorities]]
id = "resultat"
title = "Resultat"
kind = "finansiellt_mal"
indicators = [{ id = "r", text = "Resultat", source = "accounts", figure = "arets_vinst" }]
""")
    [problem] = mini.report("arsredovisning").problems
    assert (problem.file, problem.line, problem.path) == (path, 7, "priorities[0].indicators[0].figure")
    assert "unknown figure 'arets_vinst'; the economy's figures are: arets_resultat" in problem.message


def test_geh_section_in_the_plan_and_its_absence_in_a_kommunalforbund(tmp_path):
    fed = MiniFederation(tmp_path, regime="kommunalforbund")
    gaps = fed.report("arsredovisning").gaps
    assert any(g.path == "priorities" and "god ekonomisk hushållning (kommunallagen 11 kap.)" in g.message
               for g in gaps)
    fed.append("2011/year.toml", """
[[priorities]]
id = "kvalitet"
title = "Medlemmarna är nöjda med tjänsterna"
kind = "verksamhetsmal"
indicators = [{ id = "nojd", text = "Nöjda medlemmar", unit = "%", target = 80 }]
""")
    assert not [g for g in fed.report("arsredovisning").gaps if g.path == "priorities"]
    plan = section(fed.report("verksamhetsplan").html, "god_ekonomisk_hushallning")
    assert "Verksamhetsmål för god ekonomisk hushållning" in plan and "Nöjda medlemmar: 2011 80&nbsp;%" in plan


def test_geh_section_ends_with_the_summary(tmp_path):
    fed = MiniFederation(tmp_path, regime="kommunalforbund")
    fed.append("2011/year.toml", """
[[priorities]]
id = "kvalitet"
title = "Medlemmarna är nöjda med tjänsterna"
kind = "verksamhetsmal"
indicators = [{ id = "nojd", text = "Nöjda medlemmar", unit = "%", target = 80 }]

[[priorities]]
id = "svar"
title = "Snabba svar"
kind = "verksamhetsmal"
indicators = [{ id = "dagar", text = "Svarstid", unit = "dagar", target = 5, direction = "decrease" }]
""")
    fed.append("2011/bokslut/moment.toml", "[indicators.nojd]\noutcome = 84\n[indicators.dagar]\noutcome = 9\n")
    html = section(fed.report("arsredovisning").html, "god_ekonomisk_hushallning")
    assert "Sammanfattande bedömning" in html
    assert "1 av 2 verksamhetsmål är uppfyllda." in html
    assert html.index("Sammanfattande bedömning") > html.index("Snabba svar")


# -- the federation's own words -------------------------------------------------------------------

def test_headings_are_the_federations_in_every_report(mini):
    mini.append("federation.toml", '\n[goals.headings]\nmission = "Övergripande inriktning"\n'
                                   'overall_goals = "Målsättning"\n')
    mini.write("federation.toml", mini.path("federation.toml").read_text().replace(
        'mission = "En verksamhetsidé."', 'mission = "En verksamhetsidé."\noverall_goals = ["Ett mål."]'))
    for report in ("verksamhetsplan", "delarsrapport", "arsredovisning"):
        html = section(mini.report(report).html, "uppdraget")
        assert "<h2>Övergripande inriktning</h2>" in html and "<h2>Målsättning</h2>" in html
        assert "Verksamhetsidé" not in html


# -- i korthet and number words --------------------------------------------------------------------

def test_i_korthet_page(mini):
    mini.append("2011/year.toml", _measured_year())
    mini.append("2011/bokslut/moment.toml", "[indicators.deltagare]\noutcome = 3100\n[indicators.fel]\noutcome = 30\n")
    html = section(mini.report("arsredovisning").html, "i_korthet")
    assert "Så här gick 2011 för Testförbundet, som samlar två medlemskommuner." in html
    assert "Året i siffror" in html and "Resultat, utfall 2011" in html
    # one goal, delvis uppfyllt: one of its indicators is met, the other not
    assert "Det bedömda målet är inte uppfyllt." in html
    assert f"Deltagare i kurser</dt><dd>3{NBSP}100{NBSP}st</dd>" in html
    plan = section(mini.report("verksamhetsplan").html, "i_korthet")
    assert "Planen för 2011 har en prioriterad uppgift." in plan and "Budgeten i siffror" in plan


@pytest.mark.parametrize(("value", "genus", "expected"), [
    (0, "ett", "noll"), (1, "ett", "ett"), (1, "en", "en"), (2, "en", "två"), (7, "ett", "sju"),
    (12, "ett", "tolv"), (13, "ett", "13"), (3444, "ett", f"3{NBSP}444"), (Decimal("2.5"), "ett", "2,5"),
    (None, "ett", "\u2013"),
])
def test_numbers_up_to_twelve_in_words(value, genus, expected):
    assert antal_ord(value, genus) == expected


def test_met_sentences_agree_in_number_and_gender():
    assert met_sentence(1, 9, "uppgift", "uppgifter") == "En av nio bedömda uppgifter är uppfylld."
    assert met_sentence(7, 9, "mål", "mål", "ett") == "Sju av nio bedömda mål är uppfyllda."
    assert met_sentence(0, 3, "uppgift", "uppgifter") == "Ingen av tre bedömda uppgifter är uppfylld."
    assert met_sentence(14, 15, "mål", "mål", "ett") == "14 av 15 bedömda mål är uppfyllda."
    assert met_sentence(1, 1, "uppgift", "uppgifter") == "Den bedömda uppgiften är uppfylld."
    assert met_sentence(0, 1, "mål", "mål", "ett") == "Det bedömda målet är inte uppfyllt."


def test_mark_of_an_unknown_status_shows_it_plainly():
    settings = GoalSettings()
    assert mark_of("ej_paborjad", settings).label == "Ej påbörjad"
    assert mark_of("okand", settings).label == "okand"
    assert mark_of(None, settings) is None


def test_norrbotten_priorities_have_status_members_and_i_korthet(repo, catalogue):
    from rapportkarna.build import FederationBuild
    build = FederationBuild(repo, repo.federation("norrbotten"), catalogue)
    loaded = build.load(2011)
    html = build.render_html(loaded, "delarsrapport").html
    prio = section(html, "prioriterade")
    assert "En av nio bedömda uppgifter är uppfylld." in prio
    assert "Utlånade och strömmade program VT 2011, per medlemskommun" in prio
    assert '<figure class="chart chart-bar">' in prio
    korthet = section(html, "i_korthet")
    assert "Året i siffror" in korthet and "Utlånade och strömmade program VT 2011" in korthet
