"""Budget tables for each reporting moment, computed once so templates only lay them out.

verksamhetsplan (plan): the latest closed year's utfall and last year's budget where known, the
budget and the multi-year ekonomisk plan. delårsrapport (interim): budget, utfall to the period
end, the same period's utfall a year earlier where known, återstår / kvar att förbruka, prognos
for the year and its avvikelse. årsredovisning (annual): last year's utfall where known, budget,
the year's utfall and avvikelse. Avvikelse is signed so that a positive figure is favourable: more
income or lower cost than budgeted.

A delår's prognos for a line defaults to the utfall so far plus the line's budget for the months
left of the year (budget × remaining months / 12); such prognoses are marked and the table says
how they were made. Lines with a ``code`` (kostnadsställe number) show it; lines with a ``group``
(verksamhetsområde) are grouped under its heading with a subtotal, inside Intäkter and Kostnader.
The use of earlier years' surplus is never income: it is shown below the result line.

Where utfall comes from (the moment's budget.csv or .xlsx, or its SIE file) is not this module's
concern: it reads :attr:`MomentData.outcomes`.

A value the moment should have but lacks is :data:`~rapportkarna.formatting.LACKING`; it only
occurs in drafts, since an adopted report with missing data does not build.
"""

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rapportkarna.formatting import LACKING, datum, kortdatum, tal
from rapportkarna.history import History
from rapportkarna.model import Budget, LineKey, LineKind, MomentData, MomentKind, MomentRef
from rapportkarna.model.budget import BudgetLine

Value = Any  # Decimal, None (nothing to show) or LACKING (a draft's missing figure)
Getter = Callable[[LineKey], Value]
SurplusGetter = Callable[[], Value]

REMAINING_INCOME = "Återstår"
REMAINING_COST = "Kvar att förbruka"
COMPUTED_MARK = "*"


@dataclass
class Row:
    label: str
    values: list[Value]
    kind: str = "line"
    """line, group (a verksamhetsområde's heading), subtotal (its sum), sum, result, surplus."""
    code: str | None = None
    """The kostnadsställe's number, where the budget gives one."""
    computed: set[int] = field(default_factory=set)
    """Columns whose value is computed rather than given (a prognos by the default rule)."""


@dataclass
class Block:
    heading: str | None
    """Intäkter, Kostnader; None for a table of one kind of row (the projects)."""
    rows: list[Row]
    labels: dict[int, str] = field(default_factory=dict)
    """Columns this block names in its own words: 'Återstår' for income, 'Kvar att förbruka' for costs."""


@dataclass
class BudgetTable:
    columns: list[str]
    blocks: list[Block]
    result: Row
    comparison: list[str] = field(default_factory=list)
    """Labels of the columns that come from earlier moments."""
    codes: bool = False
    """Whether the lines have kostnadsställe numbers (a column of its own)."""
    after_result: list[Row] = field(default_factory=list)
    """Below the result: the surplus of earlier years used, and the result after it."""
    notes: list[str] = field(default_factory=list)
    """Notes printed under the table (how computed prognoses were made)."""
    row_heading: str = "Kostnadsställe"
    """The heading of the column that names the rows."""


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
    remaining: bool = False
    """Återstår / kvar att förbruka: budget minus utfall, in every block."""
    surplus: SurplusGetter | None = None
    """This column's use of earlier years' surplus, if it has one."""
    computed: Callable[[LineKey], bool] | None = None
    """Whether a line's value in this column was computed by the default rule."""
    surplus_computed: Callable[[], bool] | None = None
    """Whether the surplus's value in this column was computed by the default rule."""


def sum_values(values: list[Value]) -> Value:
    """Sum of the present values; LACKING if any is (a draft's gap spreads to its sums)."""
    if any(v is LACKING for v in values):
        return LACKING
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def minus(a: Value, b: Value) -> Value:
    if a is LACKING or b is LACKING:
        return LACKING
    return None if a is None or b is None else a - b


def months_left(period_end: dt.date) -> Decimal:
    """Months of the year after ``period_end``: 6 after 30 June, 4 after 31 August; a period that
    ends inside a month counts that month's remaining days as a fraction of it."""
    days = calendar.monthrange(period_end.year, period_end.month)[1]
    return Decimal(12 - period_end.month) + Decimal(days - period_end.day) / Decimal(days)


def default_prognos(utfall: Value, budget: Value, left: Decimal) -> Value:
    """The prognos when none is given: utfall so far plus the budget for the months left."""
    if utfall is None or utfall is LACKING:
        return utfall
    return utfall + (budget if budget is not None else Decimal(0)) * left / Decimal(12)


def _outcome_getter(moment: MomentData | None, column: str, due: set[LineKey] | None = None) -> Getter:
    """Values of ``column`` ('utfall', 'prognos') of a moment's rows; LACKING for a line in ``due``
    (the budget's lines, in a draft) that has no figure."""
    def get(key: LineKey) -> Value:
        row = moment.outcome(key) if moment else None
        value = getattr(row, column) if row else None
        return LACKING if value is None and due and key in due else value
    return get


def _surplus_outcome(moment: MomentData | None, column: str, due: bool = False) -> SurplusGetter:
    def get() -> Value:
        given = moment.budget.anvandning_av_overskott if moment else None
        value = getattr(given, column) if given else None
        return LACKING if value is None and due else value
    return get


def _surplus_budget(budget: Budget, plan_year: int | None = None) -> SurplusGetter:
    def get() -> Value:
        use = budget.anvandning_av_overskott
        if use is None:
            return None
        return use.budget if plan_year is None else use.plan.get(plan_year)
    return get


def _earlier(label: str, moment: MomentData, column: str = "utfall") -> _Column:
    return _Column(label, _outcome_getter(moment, column), earlier=True,
                   keys={row.key for row in moment.outcomes if getattr(row, column) is not None},
                   surplus=_surplus_outcome(moment, column))


def _budget_column(label: str, budget: Budget, earlier: bool = False) -> _Column:
    amounts = {line.key: line.budget for line in budget.lines}
    return _Column(label, amounts.get, earlier=earlier, keys=set(amounts), surplus=_surplus_budget(budget))


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
        columns.append(_Column(f"Plan {plan_year}", plans.get, surplus=_surplus_budget(budget, plan_year)))
    return columns


def _prognos_column(ref: MomentRef, budget: Budget, moment: MomentData, due: set[LineKey] | None) -> _Column:
    """Prognos helår: as given, or by default utfall so far plus the budget for the months left."""
    assert ref.period_end is not None
    left = months_left(ref.period_end)
    amounts = {line.key: line.budget for line in budget.lines}
    given, utfall = _outcome_getter(moment, "prognos"), _outcome_getter(moment, "utfall", due)

    def get(key: LineKey) -> Value:
        value = given(key)
        return value if value is not None else default_prognos(utfall(key), amounts.get(key), left)

    def computed(key: LineKey) -> bool:
        return given(key) is None and utfall(key) not in (None, LACKING)

    use = budget.anvandning_av_overskott
    surplus_given = _surplus_outcome(moment, "prognos")
    surplus_utfall = _surplus_outcome(moment, "utfall", due=bool(due) and use is not None)

    def surplus() -> Value:
        value = surplus_given()
        if value is not None or use is None and surplus_utfall() is None:
            return value
        return default_prognos(surplus_utfall(), use.budget if use else None, left)

    def surplus_computed() -> bool:
        return surplus_given() is None and surplus() not in (None, LACKING)

    return _Column("Prognos helår", get, surplus=surplus, computed=computed, surplus_computed=surplus_computed)


def _interim_columns(ref: MomentRef, budget: Budget, moment: MomentData, history: History,
                     draft: bool) -> list[_Column]:
    due = {line.key for line in budget.lines} if draft else None
    surplus_due = draft and budget.anvandning_av_overskott is not None
    columns = [_budget_column(f"Budget {ref.year}", budget),
               _Column(f"Utfall t.o.m. {kortdatum(ref.period_end)}", _outcome_getter(moment, "utfall", due),
                       surplus=_surplus_outcome(moment, "utfall", surplus_due))]
    same = history.same_period_last_year()
    if same:
        columns.append(_earlier(f"Utfall t.o.m. {kortdatum(same[0].period_end)}", same[1]))
    columns += [_Column(REMAINING_COST, diff=(0, 1), result=False, remaining=True),
                _prognos_column(ref, budget, moment, due)]
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
    surplus_due = draft and budget.anvandning_av_overskott is not None
    columns += [_budget_column(f"Budget {ref.year}", budget),
                _Column(f"Utfall {ref.year}", _outcome_getter(moment, "utfall", due),
                        surplus=_surplus_outcome(moment, "utfall", surplus_due))]
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
        # favourable: more income than budgeted, or less cost; "återstår/kvar" is budget minus utfall
        values.append(minus(a, b) if column.remaining or kind is LineKind.INTAKT else minus(b, a))
    return values


def _line_row(key: LineKey, line: BudgetLine | None, columns: list[_Column]) -> Row:
    values = _values(columns, key[1], lambda c: c.get(key) if c.get else None)
    computed = {i for i, c in enumerate(columns) if c.computed and c.computed(key)}
    return Row(key[0], values, code=line.code if line else None, computed=computed)


def _sum_row(label: str, kind: str, lines: list[Row], line_kind: LineKind, columns: list[_Column]) -> Row:
    plain = {i: sum_values([row.values[i] for row in lines]) for i, c in enumerate(columns) if c.diff is None}
    return Row(label, _values(columns, line_kind, lambda c: plain[columns.index(c)]), kind=kind)


def _grouped(lines: list[Row], groups: dict[str, str | None], kind: LineKind, columns: list[_Column]) -> list[Row]:
    """The block's lines under their verksamhetsområde's heading, each group with its subtotal, in
    the order the groups first occur; lines without a group after them, as they are."""
    order = list(dict.fromkeys(g for g in (groups.get(row.label) for row in lines) if g))
    if not order:
        return lines
    rows: list[Row] = []
    for group in order:
        members = [row for row in lines if groups.get(row.label) == group]
        rows += [Row(group, [None] * len(columns), kind="group"), *members,
                 _sum_row(f"Summa {group}", "subtotal", members, kind, columns)]
    return rows + [row for row in lines if not groups.get(row.label)]


def _block(kind: LineKind, heading: str, budget: Budget, columns: list[_Column],
           only: set[LineKey] | None) -> Block | None:
    by_key = {line.key: line for line in budget.lines_of(kind)}
    keys = list(by_key)
    extra = sorted({k for c in columns if c.earlier for k in c.keys if k[1] is kind and k not in keys})
    keys += extra  # lines of earlier years that are no longer budgeted still count in their sums
    if only is not None:
        keys = [k for k in keys if k in only]
    if not keys:
        return None
    lines = [_line_row(key, by_key.get(key), columns) for key in keys]
    groups = {key[0]: line.group for key, line in by_key.items()}
    rows = _grouped(lines, groups, kind, columns)
    rows.append(_sum_row(f"Summa {heading.lower()}", "sum", lines, kind, columns))
    word = REMAINING_INCOME if kind is LineKind.INTAKT else REMAINING_COST
    return Block(heading, rows, labels={i: word for i, c in enumerate(columns) if c.remaining})


def _result(blocks: dict[LineKind, Block], columns: list[_Column]) -> Row:
    def net(index: int) -> Value:
        income = blocks[LineKind.INTAKT].rows[-1].values[index] if LineKind.INTAKT in blocks else None
        cost = blocks[LineKind.KOSTNAD].rows[-1].values[index] if LineKind.KOSTNAD in blocks else None
        if income is None and cost is None:
            return None
        return minus(income if income is not None else Decimal(0), cost if cost is not None else Decimal(0))
    values: list[Value] = []
    for index, column in enumerate(columns):
        if not column.result:
            values.append(None)
        elif column.diff is not None:
            values.append(minus(values[column.diff[0]], values[column.diff[1]]))
        else:
            values.append(net(index))
    return Row("Resultat", values, kind="result")


def _plus(a: Value, b: Value) -> Value:
    if a is LACKING or b is LACKING:
        return LACKING
    if a is None or b is None:
        return a if b is None else b
    return a + b


def _difference(values: list[Value], column: _Column) -> Value:
    """a − b of a difference column, where a surplus not budgeted (None) counts as none used."""
    assert column.diff is not None
    a, b = values[column.diff[0]], values[column.diff[1]]
    if a is None and b is None:
        return None
    return minus(Decimal(0) if a is None else a, Decimal(0) if b is None else b)


def _after_result(result: Row, columns: list[_Column]) -> list[Row]:
    """Ianspråktaget överskott från tidigare år, and the result after it, below the result line:
    using eget kapital is not income, and must not flatter the year's result."""
    used: list[Value] = []
    for column in columns:
        if column.diff is not None:
            used.append(_difference(used, column) if column.result else None)
        else:
            used.append(column.surplus() if column.surplus else None)
    if all(value is None for value in used):
        return []
    after: list[Value] = []
    for r, u, c in zip(result.values, used, columns, strict=True):
        # a difference column is the difference of the results after the surplus, like the result's own
        after.append(None if not c.result else _difference(after, c) if c.diff is not None else _plus(r, u))
    computed = {i for i, c in enumerate(columns) if c.surplus_computed and c.surplus_computed()}
    return [Row("Ianspråktaget överskott från tidigare år", used, kind="surplus", computed=computed),
            Row("Resultat efter ianspråktagande", after, kind="result")]


def _notes(ref: MomentRef, blocks: list[Block], after: list[Row]) -> list[str]:
    if ref.period_end is None or not any(row.computed for block in blocks for row in block.rows + after):
        return []
    left = months_left(ref.period_end)
    months = tal(left, 0 if left == left.to_integral_value() else 1)
    return [f"{COMPUTED_MARK} Prognosen är inte angiven utan beräknad: utfall till och med "
            f"{datum(ref.period_end)} plus budgeten för årets återstående {months} månader "
            f"(budget × {months}/12)."]


def budget_table(budget: Budget, ref: MomentRef, moment: MomentData, history: History,
                 draft: bool = False, only: set[LineKey] | None = None) -> BudgetTable:
    """The budget table of the report of moment ``ref``, with its comparison columns.

    ``only`` makes an excerpt: just these lines (a särskild verksamhet's), in every column and sum,
    without the use of earlier years' surplus.
    """
    columns = _columns(ref, budget, moment, history, draft)
    blocks: dict[LineKind, Block] = {}
    for kind, heading in ((LineKind.INTAKT, "Intäkter"), (LineKind.KOSTNAD, "Kostnader")):
        block = _block(kind, heading, budget, columns, only)
        if block:
            blocks[kind] = block
    labels = [c.label for c in columns]
    kinds = set(blocks)
    for i, column in enumerate(columns):
        if column.remaining:  # one word where the table has one kind of line, both where it has both
            labels[i] = (REMAINING_INCOME if kinds == {LineKind.INTAKT} else
                         REMAINING_COST if kinds == {LineKind.KOSTNAD} else
                         f"{REMAINING_INCOME} / {REMAINING_COST.lower()}")
    result = _result(blocks, columns)
    after = _after_result(result, columns) if only is None else []
    shown = list(blocks.values())
    return BudgetTable(columns=labels, blocks=shown, result=result,
                       comparison=[c.label for c in columns if c.earlier],
                       codes=any(line.code for line in budget.lines if only is None or line.key in only),
                       after_result=after, notes=_notes(ref, shown, after))
