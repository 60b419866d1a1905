"""A kommunalförbund's economic plan in its verksamhetsplan: resultatbudget, balansbudget and
kassaflödesbudget for the budget year and the plan years, and whether each year meets the
balanskrav.

The resultatbudget is the year's ``resultatbudget.csv``. The balansbudget is projected from the
last closed year's balansräkning (the latest bokslut the plan can know, Y−2), rolled forward
through each year's budget: eget kapital grows by the result, anläggningstillgångar by the
investments (``investeringsbudget.csv``) less the avskrivningar, and kassa och bank takes the
year's kassaflöde; the other lines are held at their last known balance, which the plan says.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from rapportkarna.economy.accounts import Books
from rapportkarna.economy.roles import BR, RR, Role, line_id
from rapportkarna.economy.statements import (Column, ColumnSource, StatementRow, StatementTable, Value, books_column,
                                             budget_column, line_values, table)
from rapportkarna.model import YearData
from rapportkarna.sie.mapping import AccountMapping

ZERO = Decimal(0)


@dataclass
class PlanYear:
    label: str
    year: int
    result: Value
    depreciation: Value
    investments: Decimal


@dataclass
class EconomicPlan:
    resultatbudget: StatementTable | None
    balansbudget: StatementTable | None
    kassaflodesbudget: StatementTable | None
    balanskrav: list[tuple[int, Value, bool]]
    """(year, budgeted result, whether it meets the balanskrav: a result of at least zero)."""


def _years(data: YearData) -> list[tuple[str, int, int | None]]:
    """(label, year, plan year or None for the budget year)."""
    plan_years = sorted({y for row in data.resultatbudget for y in row.plan})
    return [(f"Budget {data.year}", data.year, None)] + [(f"Plan {y}", y, y) for y in plan_years]


def resultatbudget(data: YearData, mapping: AccountMapping, closed: Books | None,
                   last_year: YearData | None) -> StatementTable | None:
    columns: list[Column] = []
    if closed is not None:
        columns.append(books_column(f"Utfall {closed.ref.year}", closed, RR))
    if last_year is not None and last_year.resultatbudget:
        columns.append(budget_column(f"Budget {last_year.year}", last_year.resultatbudget, last_year.year))
    columns += [budget_column(label, data.resultatbudget, data.year, plan) for label, _, plan in _years(data)]
    return table(RR, mapping, columns, title="Resultatbudget")


def _plan_year(data: YearData, mapping: AccountMapping, label: str, year: int, plan: int | None) -> PlanYear:
    statement = mapping.statements[RR]
    values = line_values(statement, budget_column(label, data.resultatbudget, data.year, plan).leaf)
    result_line, depreciation_line = line_id(mapping, Role.RESULT), line_id(mapping, Role.DEPRECIATION)
    investments = sum(((row.budget if plan is None else row.plan.get(plan, ZERO)) for row in data.investeringsbudget),
                      ZERO)
    return PlanYear(label, year, values.get(result_line[1]) if result_line else None,
                    values.get(depreciation_line[1]) if depreciation_line else None, investments)


def _roll(balances: dict[str, Value], plan: PlanYear, mapping: AccountMapping) -> dict[str, Value]:
    """Next year's closing balances from this year's and the year's budget."""
    rolled = dict(balances)
    result, depreciation = plan.result or ZERO, plan.depreciation or ZERO  # depreciation is negative

    def move(role: Role, amount: Decimal) -> None:
        found = line_id(mapping, role)
        if found and rolled.get(found[1]) is not None:
            rolled[found[1]] = (rolled[found[1]] or ZERO) + amount
    fixed = line_id(mapping, Role.FIXED_ASSETS)
    leaf_fixed = _first_leaf(mapping, fixed[1]) if fixed else None
    if leaf_fixed and rolled.get(leaf_fixed) is not None:
        rolled[leaf_fixed] = (rolled[leaf_fixed] or ZERO) + plan.investments + depreciation
    move(Role.EQUITY, result)
    move(Role.CASH, result - depreciation - plan.investments)
    return rolled


def _first_leaf(mapping: AccountMapping, line: str) -> str | None:
    """The line the projected investments go on: the largest kind of anläggningstillgång, by
    convention the materiella (the second leaf of Kommun-Bas' sum), else the first."""
    statement = mapping.statements[BR]
    found = statement.line(line)
    if found is None:
        return None
    if not found.sum:
        return found.id
    materiella = [ref for ref in found.sum if "materiella" in ref and "immateriella" not in ref]
    return materiella[0] if materiella else found.sum[0]


def _leaves(closed: Books, mapping: AccountMapping) -> dict[str, Value]:
    statement = mapping.statements[BR]
    return {line.id: closed.value(BR, line.id) for line in statement.lines if not line.sum}


def economic_plan(data: YearData, mapping: AccountMapping, closed: Books | None,
                  last_year: YearData | None) -> EconomicPlan:
    """The plan's three budgets. ``closed`` is the latest bokslut the plan may know (Y−2), and
    ``last_year`` the year between it and the plan (Y−1), whose budget carries the balances on."""
    results = resultatbudget(data, mapping, closed, last_year) if data.resultatbudget else None
    plans = [_plan_year(data, mapping, label, year, plan) for label, year, plan in _years(data)] \
        if data.resultatbudget else []
    balance = cash = None
    if closed is not None and plans and BR in mapping.statements:
        steps: list[tuple[str, dict[str, Value]]] = [(f"Bokslut {closed.ref.year}", _leaves(closed, mapping))]
        if last_year is not None and last_year.resultatbudget:
            between = _plan_year(last_year, mapping, f"Budget {last_year.year}", last_year.year, None)
            steps.append((between.label, _roll(steps[-1][1], between, mapping)))
        for plan in plans:
            steps.append((plan.label, _roll(steps[-1][1], plan, mapping)))
        leaves: dict[str, Callable[[str], Value]] = {label: values.get for label, values in steps}
        rolled = ColumnSource(how="the previous column rolled forward by the year's resultatbudget and "
                                  "investeringsbudget")
        sources = [ColumnSource(closed, 0)] + [rolled] * (len(steps) - 1)
        balance = table(BR, mapping, [Column(label, leaf, source) for (label, leaf), source
                                      in zip(leaves.items(), sources, strict=True)], title="Balansbudget",
                        notes=["Balansbudgeten bygger på balansräkningen i bokslutet "
                               f"{closed.ref.year} och årens budget: eget kapital ändras med resultatet, "
                               "anläggningstillgångarna med investeringar och avskrivningar och likvida medel "
                               "med kassaflödet. Övriga poster antas oförändrade."])
        cash = _cash_flow(plans, steps[-len(plans) - 1:-1], mapping)
    return EconomicPlan(results, balance, cash, [(p.year, p.result, p.result is not None and p.result >= 0)
                                                 for p in plans])


def _cash_flow(plans: list[PlanYear], before: list[tuple[str, dict[str, Value]]],
               mapping: AccountMapping) -> StatementTable:
    cash_line = line_id(mapping, Role.CASH)
    rows: list[StatementRow] = []

    def row(label: str, values: list[Value], kind: str = "line") -> None:
        rows.append(StatementRow(label.lower().replace(" ", "_"), label, values, kind))
    results = [p.result or ZERO for p in plans]
    back = [-(p.depreciation or ZERO) for p in plans]
    running = [r + b for r, b in zip(results, back, strict=True)]
    invest = [-p.investments for p in plans]
    flow = [r + i for r, i in zip(running, invest, strict=True)]
    start = [values.get(cash_line[1]) if cash_line else None for _, values in before]
    row("Årets resultat", list(results))
    row("Justering för avskrivningar", list(back))
    row("Kassaflöde från den löpande verksamheten", list(running), "sum")
    row("Investeringar i anläggningstillgångar", list(invest))
    row("Kassaflöde från investeringsverksamheten", list(invest), "sum")
    row("Årets kassaflöde", list(flow), "sum")
    row("Likvida medel vid årets början", list(start))
    row("Likvida medel vid årets slut", [s + f if s is not None else None for s, f in zip(start, flow, strict=True)], "result")
    return StatementTable("kassaflodesbudget", "Kassaflödesbudget", [p.label for p in plans], rows)
