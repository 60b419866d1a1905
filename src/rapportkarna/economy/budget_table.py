"""Budget tables for each reporting moment, computed once so templates only lay them out.

verksamhetsplan (plan): the latest closed year's utfall and last year's budget where known, the
budget and the multi-year ekonomisk plan. delårsrapport (interim): budget, utfall to the period
end, the same period's utfall a year earlier where known, kvar att förbruka, prognos for the year
and its avvikelse. årsredovisning (annual): last year's utfall where known, budget, the year's
utfall and avvikelse. Avvikelse is signed so that a positive figure is favourable: more income or
lower cost than budgeted.

A value the moment should have but lacks is :data:`~rapportkarna.formatting.LACKING`; it only
occurs in drafts, since an adopted report with missing data does not build.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rapportkarna.formatting import LACKING, kortdatum
from rapportkarna.history import History
from rapportkarna.model import Budget, LineKey, LineKind, MomentData, MomentKind, MomentRef

Value = Any  # Decimal, None (nothing to show) or LACKING (a draft's missing figure)
Getter = Callable[[LineKey], Value]


@dataclass
class Row:
    label: str
    values: list[Value]
    kind: str = "line"  # line, sum, result


@dataclass
class Block:
    heading: str
    rows: list[Row]


@dataclass
class BudgetTable:
    columns: list[str]
    blocks: list[Block]
    result: Row
    comparison: list[str] = field(default_factory=list)
    """Labels of the columns that come from earlier moments."""


@dataclass
class _Column:
    label: str
    get: Getter | None = None
    """Value of a line; None for a column computed from two others."""
    diff: tuple[int, int] | None = None
    """(a, b): this column is a − b of columns a and b, turned favourable for costs."""
    result: bool = True
    """Whether the result row has a value in this column."""
    earlier: bool = False
    keys: set[LineKey] = field(default_factory=set)
    """Lines this column has figures for (rows from earlier years no longer budgeted)."""


def _sum(values: list[Value]) -> Value:
    if any(v is LACKING for v in values):
        return LACKING
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def _minus(a: Value, b: Value) -> Value:
    if a is LACKING or b is LACKING:
        return LACKING
    return None if a is None or b is None else a - b


def _outcome_getter(moment: MomentData | None, column: str, due: set[LineKey] | None = None) -> Getter:
    """Values of ``column`` ('utfall', 'prognos') of a moment's rows; LACKING for a line in ``due``
    (the budget's lines, in a draft) that has no figure."""
    def get(key: LineKey) -> Value:
        row = moment.outcome(key) if moment else None
        value = getattr(row, column) if row else None
        return LACKING if value is None and due and key in due else value
    return get


def _earlier(label: str, moment: MomentData, column: str = "utfall") -> _Column:
    return _Column(label, _outcome_getter(moment, column), earlier=True,
                   keys={row.key for row in moment.outcomes if getattr(row, column) is not None})


def _budget_column(label: str, budget: Budget, earlier: bool = False) -> _Column:
    amounts = {line.key: line.budget for line in budget.lines}
    return _Column(label, amounts.get, earlier=earlier, keys=set(amounts))


def _plan_columns(year: int, budget: Budget, history: History) -> list[_Column]:
    columns = []
    closed = history.last_annual()
    if closed:
        columns.append(_earlier(f"Utfall {closed[0]}", closed[1]))
    previous = history.year_data(year - 1)
    if previous is not None and previous.budget.lines:
        columns.append(_budget_column(f"Budget {year - 1}", previous.budget, earlier=True))
    columns.append(_budget_column(f"Budget {year}", budget))
    for plan_year in budget.plan_years:
        plans = {line.key: line.plan.get(plan_year) for line in budget.lines}
        columns.append(_Column(f"Plan {plan_year}", plans.get))
    return columns


def _interim_columns(ref: MomentRef, budget: Budget, moment: MomentData, history: History,
                     draft: bool) -> list[_Column]:
    due = {line.key for line in budget.lines} if draft else None
    columns = [_budget_column(f"Budget {ref.year}", budget),
               _Column(f"Utfall t.o.m. {kortdatum(ref.period_end)}", _outcome_getter(moment, "utfall", due))]
    same = history.same_period_last_year()
    if same:
        columns.append(_earlier(f"Utfall t.o.m. {kortdatum(same[0].period_end)}", same[1]))
    remaining = _Column("Kvar att förbruka", diff=(0, 1), result=False)
    prognos = _Column("Prognos helår", _outcome_getter(moment, "prognos", due))
    columns += [remaining, prognos]
    columns.append(_Column("Avvikelse prognos", diff=(len(columns) - 1, 0)))
    return columns


def _annual_columns(ref: MomentRef, budget: Budget, moment: MomentData, history: History,
                    draft: bool) -> list[_Column]:
    columns = []
    closed = history.last_annual()
    if closed:
        columns.append(_earlier(f"Utfall {closed[0]}", closed[1]))
    budget_at = len(columns)
    due = {line.key for line in budget.lines} if draft else None
    columns += [_budget_column(f"Budget {ref.year}", budget),
                _Column(f"Utfall {ref.year}", _outcome_getter(moment, "utfall", due))]
    columns.append(_Column("Avvikelse", diff=(budget_at + 1, budget_at)))
    return columns


def _columns(ref: MomentRef, budget: Budget, moment: MomentData, history: History, draft: bool) -> list[_Column]:
    if ref.kind is MomentKind.PLAN:
        return _plan_columns(ref.year, budget, history)
    if ref.kind is MomentKind.INTERIM:
        return _interim_columns(ref, budget, moment, history, draft)
    return _annual_columns(ref, budget, moment, history, draft)


def _values(columns: list[_Column], kind: LineKind, base: Callable[[_Column], Value]) -> list[Value]:
    """A row's values: plain columns from ``base``, computed columns from the plain ones."""
    values: list[Value] = []
    for column in columns:
        if column.diff is None:
            values.append(base(column))
            continue
        a, b = values[column.diff[0]], values[column.diff[1]]
        remaining = column.label == "Kvar att förbruka"
        # favourable: more income than budgeted, or less cost; "kvar" is budget minus utfall
        values.append(_minus(a, b) if remaining or kind is LineKind.INTAKT else _minus(b, a))
    return values


def _block(kind: LineKind, heading: str, budget: Budget, columns: list[_Column],
           only: set[LineKey] | None) -> Block | None:
    keys = [line.key for line in budget.lines_of(kind)]
    extra = sorted({k for c in columns if c.earlier for k in c.keys if k[1] is kind and k not in keys})
    keys += extra  # lines of earlier years that are no longer budgeted still count in their sums
    if only is not None:
        keys = [k for k in keys if k in only]
    if not keys:
        return None
    rows = [Row(name, _values(columns, kind, lambda c, k=(name, kind): c.get(k) if c.get else None))  # type: ignore[misc]
            for name, _ in keys]
    plain = {i: _sum([row.values[i] for row in rows]) for i, c in enumerate(columns) if c.diff is None}
    rows.append(Row(f"Summa {heading.lower()}", _values(columns, kind, lambda c: plain[columns.index(c)]),
                    kind="sum"))
    return Block(heading, rows)


def _result(blocks: dict[LineKind, Block], columns: list[_Column]) -> Row:
    def net(index: int) -> Value:
        income = blocks[LineKind.INTAKT].rows[-1].values[index] if LineKind.INTAKT in blocks else None
        cost = blocks[LineKind.KOSTNAD].rows[-1].values[index] if LineKind.KOSTNAD in blocks else None
        if income is None and cost is None:
            return None
        return _minus(income if income is not None else Decimal(0), cost if cost is not None else Decimal(0))
    values: list[Value] = []
    for index, column in enumerate(columns):
        if not column.result:
            values.append(None)
        elif column.diff is not None:
            values.append(_minus(values[column.diff[0]], values[column.diff[1]]))
        else:
            values.append(net(index))
    return Row("Resultat", values, kind="result")


def budget_table(budget: Budget, ref: MomentRef, moment: MomentData, history: History,
                 draft: bool = False, only: set[LineKey] | None = None) -> BudgetTable:
    """The budget table of the report of moment ``ref``, with its comparison columns.

    ``only`` makes an excerpt: just these lines (a särskild verksamhet's), in every column and sum.
    """
    columns = _columns(ref, budget, moment, history, draft)
    blocks: dict[LineKind, Block] = {}
    for kind, heading in ((LineKind.INTAKT, "Intäkter"), (LineKind.KOSTNAD, "Kostnader")):
        block = _block(kind, heading, budget, columns, only)
        if block:
            blocks[kind] = block
    return BudgetTable(columns=[c.label for c in columns], blocks=list(blocks.values()),
                       result=_result(blocks, columns), comparison=[c.label for c in columns if c.earlier])
