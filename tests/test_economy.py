"""The budget tables: which figures each moment's report shows, the comparison columns from
earlier moments, the sign of avvikelse, and what a draft lacks."""

from decimal import Decimal

import pytest

from rapportkarna.economy import budget_table
from rapportkarna.formatting import LACKING
from rapportkarna.history import History, NotEarlier
from rapportkarna.loader import LoadedYear
from rapportkarna.model import Budget, MomentData, MomentRef, YearData

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
    assert table.columns == ["Budget 2011", "Utfall t.o.m. 2011-06-30", "Kvar att förbruka", "Prognos helår",
                             "Avvikelse prognos"]
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
