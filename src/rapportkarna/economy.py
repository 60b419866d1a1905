"""Budget tables for each kind of report, computed once so templates only lay them out.

verksamhetsplan: budget and the multi-year economic plan; delårsrapport: budget, utfall so far
(``utfall_period``), kvar att förbruka, prognos for the year and its avvikelse; årsredovisning:
budget, the year's utfall, avvikelse. Avvikelse is signed so that a positive figure is favourable: more income or lower
cost than budgeted.
"""

from decimal import Decimal

from pydantic import BaseModel

from rapportkarna.formatting import kortdatum
from rapportkarna.model import Budget, BudgetLine, LineKind


class Row(BaseModel):
    label: str
    values: list[Decimal | None]
    kind: str = "line"  # line, sum, result


class Block(BaseModel):
    heading: str
    rows: list[Row]


class BudgetTable(BaseModel):
    columns: list[str]
    blocks: list[Block]
    result: Row


def _diff(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a - b


def _favourable(kind: LineKind, budget: Decimal | None, actual: Decimal | None) -> Decimal | None:
    return _diff(actual, budget) if kind is LineKind.INTAKT else _diff(budget, actual)


def _columns(period: str, year: int, budget: Budget) -> list[str]:
    if period == "plan":
        return [f"Budget {year}"] + [f"Plan {y}" for y in budget.plan_years]
    if period == "interim":
        until = f" t.o.m. {kortdatum(budget.period_end)}" if budget.period_end else ""
        return [f"Budget {year}", f"Utfall{until}", "Kvar att förbruka", "Prognos helår",
                "Avvikelse prognos"]
    return [f"Budget {year}", f"Utfall {year}", "Avvikelse"]


def _values(period: str, kind: LineKind, line: BudgetLine | None, totals: dict[str, Decimal | None],
            plan_years: list[int]) -> list[Decimal | None]:
    get = (lambda col: getattr(line, col)) if line else (lambda col: totals[col])
    budget = get("budget")
    if period == "plan":
        plans = [line.plan.get(y) for y in plan_years] if line else [totals[f"plan_{y}"] for y in plan_years]
        return [budget, *plans]
    if period == "interim":
        so_far, prognos = get("utfall_period"), get("prognos")
        return [budget, so_far, _diff(budget, so_far), prognos, _favourable(kind, budget, prognos)]
    utfall = get("utfall")
    return [budget, utfall, _favourable(kind, budget, utfall)]


def _result_values(period: str, budget: Budget) -> list[Decimal | None]:
    result = budget.result
    if period == "plan":
        return [result("budget"), *[budget.plan_result(y) for y in budget.plan_years]]
    if period == "interim":
        return [result("budget"), result("utfall_period"), None, result("prognos"),
                _diff(result("prognos"), result("budget"))]
    return [result("budget"), result("utfall"), _diff(result("utfall"), result("budget"))]


def budget_table(budget: Budget, period: str, year: int) -> BudgetTable:
    """The table for a report of ``period`` ('plan', 'interim' or 'annual')."""
    blocks = []
    for kind, heading in ((LineKind.INTAKT, "Intäkter"), (LineKind.KOSTNAD, "Kostnader")):
        lines = budget.lines_of(kind)
        if not lines:
            continue
        totals: dict[str, Decimal | None] = {c: budget.total(kind, c)
                                             for c in ("budget", "utfall_period", "prognos", "utfall")}
        totals |= {f"plan_{y}": budget.plan_total(kind, y) for y in budget.plan_years}
        rows = [Row(label=line.kostnadsstalle, values=_values(period, kind, line, totals, budget.plan_years))
                for line in lines]
        rows.append(Row(label=f"Summa {heading.lower()}", kind="sum",
                        values=_values(period, kind, None, totals, budget.plan_years)))
        blocks.append(Block(heading=heading, rows=rows))
    result = Row(label="Resultat", kind="result", values=_result_values(period, budget))
    return BudgetTable(columns=_columns(period, year, budget), blocks=blocks, result=result)
