"""The budget tables: which figures each moment's report shows, the comparison columns from
earlier moments, the sign of avvikelse, and what a draft lacks."""

import datetime as _dt
from decimal import Decimal

import pytest

from rapportkarna.economy import budget_table
from rapportkarna.economy.budget_table import months_left
from rapportkarna.economy.project_table import (budget_to_year_end, default_project_prognos, months_between,
                                                project_table)
from rapportkarna.formatting import LACKING
from rapportkarna.history import History, NotEarlier
from rapportkarna.loader import LoadedYear
from rapportkarna.model import Budget, LineKind, MomentData, MomentRef, YearData
from rapportkarna.model.project import Project

BUDGET = Budget.model_validate({
    "lines": [
        {"kostnadsstalle": "Avgifter", "kind": "intakt", "budget": 1000, "plan": {2012: 1200, 2013: 1300}},
        {"kostnadsstalle": "Kansli", "kind": "kostnad", "budget": 800, "plan": {2012: 900}},
    ],
})


def moment(*rows: tuple[str, str, int | None, int | None]) -> MomentData:
    return MomentData.model_validate({"outcomes": [
        {"kostnadsstalle": name, "kind": kind, "utfall": utfall, "prognos": prognos}
        for name, kind, utfall, prognos in rows]})


DELAR = moment(("Avgifter", "intakt", 500, 1100), ("Kansli", "kostnad", 300, 850))
BOKSLUT = moment(("Avgifter", "intakt", 1050, None), ("Kansli", "kostnad", 780, None))

D = Decimal


def history(current: MomentRef, years: dict[int, LoadedYear] | None = None) -> History:
    return History(current, (years or {}).get)


def earlier_year(year: int, budget: Budget | None = None, **moments: MomentData) -> LoadedYear:
    data = YearData(year=year, comparison_only=budget is None, budget=budget or Budget())
    return LoadedYear(data, {name.replace("_", "-"): m for name, m in moments.items()})


def rows(table):
    return {row.label: row.values for block in table.blocks for row in block.rows} | {"Resultat": table.result.values}


def test_plan_shows_budget_and_plan_years():
    table = budget_table(BUDGET, MomentRef(2011, "plan"), MomentData(), history(MomentRef(2011, "plan")))
    assert table.columns == ["Budget 2011", "Plan 2012", "Plan 2013"]
    assert rows(table)["Kansli"] == [D(800), D(900), None]
    assert rows(table)["Resultat"] == [D(200), D(300), D(1300)]


def test_interim_uses_the_moments_utfall_and_the_forecast():
    ref = MomentRef(2011, "delar-0630")
    table = budget_table(BUDGET, ref, DELAR, history(ref))
    assert table.columns == ["Budget 2011", "Utfall t.o.m. 2011-06-30", "Återstår / kvar att förbruka",
                             "Prognos helår", "Avvikelse prognos"]
    assert rows(table)["Avgifter"] == [D(1000), D(500), D(500), D(1100), D(100)]  # more income: +
    assert rows(table)["Kansli"] == [D(800), D(300), D(500), D(850), D(-50)]      # more cost: −
    assert rows(table)["Resultat"] == [D(200), D(200), None, D(250), D(50)]


def test_annual_uses_the_bokslut_and_never_the_delar():
    ref = MomentRef(2011, "bokslut")
    table = budget_table(BUDGET, ref, BOKSLUT, history(ref))
    assert table.columns == ["Budget 2011", "Utfall 2011", "Avvikelse"]
    assert rows(table)["Avgifter"] == [D(1000), D(1050), D(50)]
    assert rows(table)["Kansli"] == [D(800), D(780), D(20)]
    assert rows(table)["Summa kostnader"] == [D(800), D(780), D(20)]
    assert rows(table)["Resultat"] == [D(200), D(270), D(70)]
    values = {v for r in rows(table).values() for v in r}
    assert not values & {D(500), D(300), D(1100), D(850)}  # the delår's figures


def test_annual_compares_with_an_earlier_year_that_holds_only_its_outcome():
    ref = MomentRef(2011, "bokslut")
    only_outcome = earlier_year(2010, bokslut=moment(("Avgifter", "intakt", 990, None),
                                                     ("Kansli", "kostnad", 700, None),
                                                     ("Lokaler", "kostnad", 50, None)))
    table = budget_table(BUDGET, ref, BOKSLUT, history(ref, {2010: only_outcome}))
    assert table.columns == ["Utfall 2010", "Budget 2011", "Utfall 2011", "Avvikelse"]
    assert table.comparison == ["Utfall 2010"]
    assert rows(table)["Avgifter"] == [D(990), D(1000), D(1050), D(50)]
    # a line of the earlier year that is no longer budgeted still counts in that year's sums
    assert rows(table)["Lokaler"] == [D(50), None, None, None]
    assert rows(table)["Summa kostnader"] == [D(750), D(800), D(780), D(20)]
    assert rows(table)["Resultat"] == [D(240), D(200), D(270), D(70)]


def test_interim_compares_with_the_same_period_of_the_previous_year():
    ref = MomentRef(2011, "delar-0630")
    previous = earlier_year(2010, delar_0630=moment(("Avgifter", "intakt", 450, 990), ("Kansli", "kostnad", 280, 700)),
                            delar_0831=moment(("Avgifter", "intakt", 1, 1)))
    table = budget_table(BUDGET, ref, DELAR, history(ref, {2010: previous}))
    assert table.columns[2] == "Utfall t.o.m. 2010-06-30"
    assert rows(table)["Avgifter"][:3] == [D(1000), D(500), D(450)]
    assert rows(table)["Resultat"][:3] == [D(200), D(200), D(170)]


def test_plan_compares_with_the_last_closed_year_and_last_years_budget():
    ref = MomentRef(2011, "plan")
    years = {2009: earlier_year(2009, bokslut=moment(("Avgifter", "intakt", 900, None))),
             2010: earlier_year(2010, Budget.model_validate(
                 {"lines": [{"kostnadsstalle": "Avgifter", "kind": "intakt", "budget": 950}]}),
                 bokslut=moment(("Avgifter", "intakt", 999, None)))}
    table = budget_table(BUDGET, ref, MomentData(), history(ref, years))
    # 2010's bokslut is made after the plan for 2011 is adopted: not in the plan
    assert table.columns == ["Utfall 2009", "Budget 2010", "Budget 2011", "Plan 2012", "Plan 2013"]
    assert rows(table)["Avgifter"][:3] == [D(900), D(950), D(1000)]


def test_a_draft_lacks_what_its_moment_has_not_recorded():
    ref = MomentRef(2011, "delar-0630")
    partial = moment(("Avgifter", "intakt", 500, 1100))
    table = budget_table(BUDGET, ref, partial, history(ref), draft=True)
    assert rows(table)["Kansli"][1] is LACKING and rows(table)["Kansli"][3] is LACKING
    assert rows(table)["Summa kostnader"][1] is LACKING
    assert rows(table)["Resultat"][1] is LACKING
    assert rows(table)["Avgifter"] == [D(1000), D(500), D(500), D(1100), D(100)]


@pytest.mark.parametrize(("current", "asked", "allowed"), [
    ("2011/bokslut", "2011/delar-0630", False),   # never an interim value in an annual report
    ("2011/bokslut", "2010/delar-0630", False),
    ("2011/bokslut", "2010/bokslut", True),
    ("2011/delar-0630", "2011/bokslut", False),   # later
    ("2011/delar-0831", "2011/delar-0430", True),  # an earlier tertial
    ("2011/delar-0430", "2011/delar-0831", False),
    ("2011/plan", "2010/bokslut", False),          # closed in the spring of 2011
    ("2011/plan", "2010/delar-0831", True),
    ("2011/plan", "2009/bokslut", True),
    ("2011/delar-0630", "2011/plan", True),
])
def test_history_gives_only_earlier_moments(current: str, asked: str, allowed: bool):
    year, moment_id = current.split("/")
    want_year, want_id = asked.split("/")
    h = history(MomentRef(int(year), moment_id), {int(want_year): earlier_year(int(want_year))})
    if allowed:
        assert h.moment(int(want_year), want_id) is None  # allowed, and this year has no such moment
    else:
        with pytest.raises(NotEarlier):
            h.moment(int(want_year), want_id)


def test_a_draft_does_not_lack_figures_for_lines_that_are_no_longer_budgeted():
    ref = MomentRef(2011, "bokslut")
    earlier = earlier_year(2010, bokslut=moment(("Lokaler", "kostnad", 50, None)))
    table = budget_table(BUDGET, ref, moment(("Avgifter", "intakt", 1050, None)), history(ref, {2010: earlier}),
                         draft=True)
    assert rows(table)["Lokaler"] == [D(50), None, None, None]
    assert rows(table)["Kansli"][2] is LACKING


# -- prognos by default, återstår / kvar att förbruka, code and group, surplus (issue 6) ----------


def test_months_left_of_the_year():
    assert months_left(_dt.date(2011, 6, 30)) == D(6)
    assert months_left(_dt.date(2011, 4, 30)) == D(8)
    assert months_left(_dt.date(2011, 8, 31)) == D(4)
    assert months_left(_dt.date(2011, 6, 15)) == D("6.5")  # 15 of June's 30 days are left


def test_interim_prognos_defaults_to_utfall_plus_the_budget_for_the_months_left():
    ref = MomentRef(2011, "delar-0630")
    table = budget_table(BUDGET, ref, moment(("Avgifter", "intakt", 500, None), ("Kansli", "kostnad", 300, None)),
                         history(ref))
    # Avgifter 500 + 1000 × 6/12 = 1000; Kansli 300 + 800 × 6/12 = 700
    assert rows(table)["Avgifter"] == [D(1000), D(500), D(500), D(1000), D(0)]
    assert rows(table)["Kansli"] == [D(800), D(300), D(500), D(700), D(100)]
    assert rows(table)["Resultat"] == [D(200), D(200), None, D(300), D(100)]
    computed = {row.label: row.computed for block in table.blocks for row in block.rows}
    assert computed == {"Avgifter": {3}, "Kansli": {3}, "Summa intäkter": set(), "Summa kostnader": set()}
    assert table.notes == ["* Prognosen är inte angiven utan beräknad: utfall till och med 30\u00a0juni 2011 "
                           "plus budgeten för årets återstående 6 månader (budget × 6/12)."]


def test_a_given_prognos_is_kept_and_not_marked():
    ref = MomentRef(2011, "delar-0430")
    table = budget_table(BUDGET, ref, moment(("Avgifter", "intakt", 300, 990), ("Kansli", "kostnad", 300, None)),
                         history(ref))
    assert rows(table)["Avgifter"][3] == D(990)
    assert rows(table)["Kansli"][3] == D(300) + D(800) * 8 / 12  # 833,33…: eight months left after 30 April
    assert [row.computed for row in table.blocks[0].rows] == [set(), set()]
    assert "8 månader (budget × 8/12)" in table.notes[0]


def test_remaining_says_aterstar_for_income_and_kvar_att_forbruka_for_costs():
    ref = MomentRef(2011, "delar-0630")
    table = budget_table(BUDGET, ref, DELAR, history(ref))
    assert table.columns[2] == "Återstår / kvar att förbruka"
    assert [(block.heading, block.labels) for block in table.blocks] == [
        ("Intäkter", {2: "Återstår"}), ("Kostnader", {2: "Kvar att förbruka"})]
    costs_only = Budget.model_validate({"lines": [{"kostnadsstalle": "Kansli", "kind": "kostnad", "budget": 800}]})
    assert budget_table(costs_only, ref, DELAR, history(ref)).columns[2] == "Kvar att förbruka"
    assert table.notes == []  # every prognos was given


GROUPED = Budget.model_validate({"lines": [
    {"kostnadsstalle": "Medlemsavgifter", "kind": "intakt", "code": "100", "group": "Kansliet", "budget": 1000},
    {"kostnadsstalle": "Statsbidrag", "kind": "intakt", "code": "200", "group": "Flyktingmottagning", "budget": 600},
    {"kostnadsstalle": "Personal", "kind": "kostnad", "code": "110", "group": "Kansliet", "budget": 700},
    {"kostnadsstalle": "Boende", "kind": "kostnad", "code": "210", "group": "Flyktingmottagning", "budget": 500},
    {"kostnadsstalle": "Lokaler", "kind": "kostnad", "code": "120", "group": "Kansliet", "budget": 150},
    {"kostnadsstalle": "Revision", "kind": "kostnad", "budget": 50},
]})


def test_groups_get_a_heading_and_a_subtotal_inside_each_block():
    ref = MomentRef(2011, "bokslut")
    outcome = moment(("Medlemsavgifter", "intakt", 1000, None), ("Statsbidrag", "intakt", 650, None),
                     ("Personal", "kostnad", 690, None), ("Boende", "kostnad", 520, None),
                     ("Lokaler", "kostnad", 140, None), ("Revision", "kostnad", 45, None))
    table = budget_table(GROUPED, ref, outcome, history(ref))
    assert table.codes
    costs = table.blocks[1]
    assert [(row.kind, row.label, row.code) for row in costs.rows] == [
        ("group", "Kansliet", None), ("line", "Personal", "110"), ("line", "Lokaler", "120"),
        ("subtotal", "Summa Kansliet", None),
        ("group", "Flyktingmottagning", None), ("line", "Boende", "210"),
        ("subtotal", "Summa Flyktingmottagning", None),
        ("line", "Revision", None), ("sum", "Summa kostnader", None)]
    values = {row.label: row.values for row in costs.rows}
    assert values["Summa Kansliet"] == [D(850), D(830), D(20)]
    assert values["Summa Flyktingmottagning"] == [D(500), D(520), D(-20)]
    # the block's sum counts each line once, not the subtotals again
    assert values["Summa kostnader"] == [D(1400), D(1395), D(5)]
    assert rows(table)["Resultat"] == [D(200), D(255), D(55)]


def test_a_budget_without_codes_or_groups_is_laid_out_as_before():
    ref = MomentRef(2011, "bokslut")
    table = budget_table(BUDGET, ref, BOKSLUT, history(ref))
    assert not table.codes and [row.kind for row in table.blocks[1].rows] == ["line", "sum"]


SURPLUS = Budget.model_validate({**BUDGET.model_dump(), "anvandning_av_overskott": {"budget": 150, "plan": {2012: 50}}})


def test_the_use_of_earlier_years_surplus_is_below_the_result_never_income():
    ref = MomentRef(2011, "plan")
    table = budget_table(SURPLUS, ref, MomentData(), history(ref))
    assert rows(table)["Summa intäkter"] == [D(1000), D(1200), D(1300)]  # not in the income
    assert rows(table)["Resultat"] == [D(200), D(300), D(1300)]
    assert [(row.label, row.values) for row in table.after_result] == [
        ("Ianspråktaget överskott från tidigare år", [D(150), D(50), None]),
        ("Resultat efter ianspråktagande", [D(350), D(350), D(1300)])]


def test_the_surplus_used_in_the_bokslut_and_its_avvikelse():
    ref = MomentRef(2011, "bokslut")
    used = MomentData.model_validate({**BOKSLUT.model_dump(), "budget": {"anvandning_av_overskott": {"utfall": 120}}})
    table = budget_table(SURPLUS, ref, used, history(ref))
    assert rows(table)["Resultat"] == [D(200), D(270), D(70)]
    assert [row.values for row in table.after_result] == [[D(150), D(120), D(-30)], [D(350), D(390), D(40)]]


def test_a_surplus_used_that_the_budget_did_not_plan_is_its_whole_avvikelse():
    ref = MomentRef(2011, "bokslut")
    used = MomentData.model_validate({**BOKSLUT.model_dump(), "budget": {"anvandning_av_overskott": {"utfall": 250}}})
    table = budget_table(BUDGET, ref, used, history(ref))
    # Resultat: budget 200, utfall 270, avvikelse 70; the 250 used were not budgeted
    assert [row.values for row in table.after_result] == [[None, D(250), D(250)], [D(200), D(520), D(320)]]


def test_the_surplus_prognos_at_a_delar_and_what_a_draft_lacks():
    ref = MomentRef(2011, "delar-0630")
    used = MomentData.model_validate({**DELAR.model_dump(), "budget": {"anvandning_av_overskott": {"utfall": 40}}})
    table = budget_table(SURPLUS, ref, used, history(ref))
    surplus, after = table.after_result
    # budget 150, utfall 40, prognos 40 + 150 × 6/12 = 115 (computed), avvikelse 115 − 150
    assert surplus.values == [D(150), D(40), None, D(115), D(-35)] and surplus.computed == {3}
    assert after.values == [D(350), D(240), None, D(365), D(15)]
    lacking = budget_table(SURPLUS, ref, DELAR, history(ref), draft=True)
    assert lacking.after_result[0].values[1] is LACKING and lacking.after_result[1].values[1] is LACKING


def test_no_surplus_rows_without_a_surplus_or_in_an_excerpt():
    ref = MomentRef(2011, "plan")
    assert budget_table(BUDGET, ref, MomentData(), history(ref)).after_result == []
    excerpt = budget_table(SURPLUS, ref, MomentData(), history(ref), only={("Kansli", LineKind.KOSTNAD)})
    assert excerpt.after_result == []


# -- per project ----------------------------------------------------------------------------------

KOH = Project(id="koh-i-noor", name="Koh-i-noor", start=_dt.date(2010, 9, 1), end=_dt.date(2013, 8, 31),
              budget=D(9_800_000))
YEARLONG = Project(id="bredband", name="Bredband", budget=D(1_200_000))


def test_a_projects_budget_is_spread_over_its_months():
    assert months_between(_dt.date(2010, 9, 1), _dt.date(2013, 8, 31)) == D(36)
    assert months_between(_dt.date(2011, 1, 1), _dt.date(2011, 6, 30)) == D(6)
    # 16 of its 36 months fall before the end of 2011: 9 800 000 × 16/36
    assert budget_to_year_end(KOH, 2011) == D(9_800_000) * 16 / 36
    assert budget_to_year_end(YEARLONG, 2011) == D(1_200_000)  # no dates: the year's
    # at 30 June, six of the project's months are left of the year: 3 000 000 + 9 800 000 × 6/36
    assert default_project_prognos(KOH, D(3_000_000), _dt.date(2011, 6, 30)) == D(3_000_000) + D(9_800_000) * 6 / 36
    ended = Project(id="x", name="X", start=_dt.date(2011, 1, 1), end=_dt.date(2011, 5, 31), budget=D(100))
    assert default_project_prognos(ended, D(90), _dt.date(2011, 6, 30)) == D(90)  # nothing left to spend


def test_the_project_table_of_a_delar_and_of_the_bokslut():
    delar = MomentData.model_validate({"projects": {
        "koh-i-noor": {"status": "pagaende", "spent": 3_000_000},
        "bredband": {"status": "pagaende", "spent": 500_000, "prognos": 1_150_000}}})
    table = project_table([KOH, YEARLONG], MomentRef(2011, "delar-0630"), delar)
    assert table is not None and table.row_heading == "Projekt"
    assert table.columns == ["Projektbudget", "Upparbetat t.o.m. 2011-06-30", "Prognos t.o.m. 2011-12-31",
                             "Budget t.o.m. 2011-12-31", "Avvikelse prognos"]
    koh, bredband = table.blocks[0].rows
    share = D(9_800_000) * 16 / 36
    prognos = D(3_000_000) + D(9_800_000) * 6 / 36
    assert koh.values == [D(9_800_000), D(3_000_000), prognos, share, share - prognos] and koh.computed == {2}
    assert bredband.values == [D(1_200_000), D(500_000), D(1_150_000), D(1_200_000), D(50_000)]
    assert bredband.computed == set() and len(table.notes) == 2
    bokslut = MomentData.model_validate({"projects": {"bredband": {"status": "avslutat", "spent": 1_230_000}}})
    annual = project_table([KOH, YEARLONG], MomentRef(2011, "bokslut"), bokslut)
    assert annual is not None and annual.columns[1:] == ["Budget till och med 2011", "Upparbetat till och med 2011",
                                                         "Avvikelse"]
    assert [row.values for row in annual.blocks[0].rows] == [[D(1_200_000), D(1_200_000), D(1_230_000), D(-30_000)]]
    assert annual.result.values == [D(1_200_000), D(1_200_000), D(1_230_000), D(-30_000)]
    assert project_table([KOH], MomentRef(2011, "plan"), MomentData()) is None


# -- as printed -----------------------------------------------------------------------------------

def test_the_printed_table_has_codes_groups_marks_and_the_rounding_note(mini, render):
    mini.write("2011/budget.csv", """\
        kostnadsstalle,kind,code,group,budget
        Medlemsavgifter,intakt,100,Kansliet,1000000
        Kansli,kostnad,110,Kansliet,700000
        Lokaler,kostnad,120,Kansliet,200000
        """)
    mini.write("2011/delar-0630/budget.csv", """\
        kostnadsstalle,kind,utfall,prognos
        Medlemsavgifter,intakt,500000,1000000
        Kansli,kostnad,340000,
        Lokaler,kostnad,100000,200000
        """)
    html = render("delarsrapport")
    table = html[html.index('<table class="amounts with-codes">'):]
    notes, table = table[table.index("</table>"):], table[:table.index("</table>")]
    assert '<th scope="col" class="code">Nr</th><th scope="col">Kostnadsställe</th>' in table
    assert '<td class="code">110</td><th scope="row">Kansli</th>' in table
    assert '<tr class="row-group"><th scope="rowgroup" colspan="6">Kansliet</th><td></td></tr>' in table
    assert '<tr class="row-subtotal"><th scope="row" colspan="2">Summa Kansliet</th>' in table
    # 340 000 + 700 000 × 6/12 = 690 000, marked as computed
    assert '<td class="num">690<span class="computed-mark">*</span></td>' in table
    assert '<td class="num block-label">Återstår</td>' in table and "Återstår / kvar att förbruka</th>" in table
    assert "* Prognosen är inte angiven utan beräknad: utfall till och med 30\u00a0juni 2011" in notes
    assert notes.index("Prognosen") < notes.index("Avrundningsdifferenser kan förekomma.")


def test_the_rounding_note_only_under_rounded_tables(mini, render):
    assert render("arsredovisning").count("Avrundningsdifferenser kan förekomma.") == 1  # tkr, the default
    toml = mini.path("federation.toml").read_text(encoding="utf-8")
    mini.write("federation.toml", toml + '\n[reports.arsredovisning]\namount_unit = "kr"\n')
    assert "Avrundningsdifferenser" not in render("arsredovisning")


def test_a_follow_up_lacks_the_surplus_used_where_the_budget_plans_one(mini):
    mini.append("2011/year.toml", "\n[budget.anvandning_av_overskott]\nbudget = 250000\n")
    fed = mini.build()
    loaded = fed.load(2011)
    gaps = [(p.file.name, p.path, p.message) for p in fed.gaps(loaded, "bokslut")]
    assert gaps == [("moment.toml", "budget.anvandning_av_overskott.utfall",
                     "no utfall for the use of earlier years' surplus that the budget plans "
                     "([budget.anvandning_av_overskott] in year.toml)")]
    mini.append("2011/bokslut/moment.toml", "\n[budget.anvandning_av_overskott]\nutfall = 250000\n")
    fed = mini.build()
    assert fed.gaps(fed.load(2011), "bokslut") == []
    # a delår needs no prognos: it is computed
    mini.write("2011/delar-0630/budget.csv", "kostnadsstalle,kind,utfall\nMedlemsavgifter,intakt,500000\n"
                                             "Kansli,kostnad,420000\n")
    mini.append("2011/delar-0630/moment.toml", "\n[budget.anvandning_av_overskott]\nutfall = 0\n")
    fed = mini.build()
    assert fed.gaps(fed.load(2011), "delar-0630") == []
