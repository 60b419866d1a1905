"""The budget tables: which figures each report shows, and the sign of avvikelse."""

from datetime import date
from decimal import Decimal

from rapportkarna.economy import budget_table
from rapportkarna.model import Budget

BUDGET = Budget.model_validate({
    "period_end": date(2011, 6, 30),
    "lines": [
        {"kostnadsstalle": "Avgifter", "kind": "intakt", "budget": 1000, "utfall_period": 500,
         "prognos": 1100, "utfall": 1050, "plan": {2012: 1200, 2013: 1300}},
        {"kostnadsstalle": "Kansli", "kind": "kostnad", "budget": 800, "utfall_period": 300,
         "prognos": 850, "utfall": 780, "plan": {2012: 900}},
    ],
})

D = Decimal


def rows(table):
    return {row.label: row.values for block in table.blocks for row in block.rows} | {"Resultat": table.result.values}


def test_plan_shows_budget_and_plan_years():
    table = budget_table(BUDGET, "plan", 2011)
    assert table.columns == ["Budget 2011", "Plan 2012", "Plan 2013"]
    assert rows(table)["Kansli"] == [D(800), D(900), None]
    assert rows(table)["Resultat"] == [D(200), D(300), D(1300)]


def test_interim_uses_the_periods_utfall_and_the_forecast():
    table = budget_table(BUDGET, "interim", 2011)
    assert table.columns == ["Budget 2011", "Utfall t.o.m. 2011-06-30", "Kvar att förbruka", "Prognos helår",
                             "Avvikelse prognos"]
    assert rows(table)["Avgifter"] == [D(1000), D(500), D(500), D(1100), D(100)]  # more income: +
    assert rows(table)["Kansli"] == [D(800), D(300), D(500), D(850), D(-50)]      # more cost: −
    assert rows(table)["Resultat"] == [D(200), D(200), None, D(250), D(50)]


def test_annual_uses_the_years_utfall():
    table = budget_table(BUDGET, "annual", 2011)
    assert table.columns == ["Budget 2011", "Utfall 2011", "Avvikelse"]
    assert rows(table)["Avgifter"] == [D(1000), D(1050), D(50)]
    assert rows(table)["Kansli"] == [D(800), D(780), D(20)]
    assert rows(table)["Summa kostnader"] == [D(800), D(780), D(20)]
    assert rows(table)["Resultat"] == [D(200), D(270), D(70)]
