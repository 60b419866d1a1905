"""The statements of a report, laid out once so templates only print them: resultaträkning,
balansräkning and kassaflödesanalys, each with its comparison columns.

årsredovisning: this year beside the year before (from the SIE file's year −1, else the earlier
year's bokslut), with the resultaträkning's budget where the year has a resultatbudget.
delårsrapport: the period against the same period a year earlier (the earlier year's delår of the
same day), the budget and the prognos for the year; the balansräkning against the last balance
date. A column's sum lines are added up by the mapping's own sums, so every column foots the same
way.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from rapportkarna.economy.accounts import Books
from rapportkarna.economy.roles import BR, KF, RR
from rapportkarna.formatting import kortdatum
from rapportkarna.model import MomentRef
from rapportkarna.model.economy import ResultBudgetRow
from rapportkarna.sie.mapping import AccountMapping, Statement

Value = Decimal | None
Leaf = Callable[[str], Value]
"""A column's value of a line that takes accounts (not a sum line)."""

TITLES = {RR: "Resultaträkning", BR: "Balansräkning", KF: "Kassaflödesanalys"}


@dataclass
class StatementRow:
    id: str
    label: str
    values: list[Value]
    kind: str = "line"
    """'line' (from accounts), 'sum' (adds earlier lines) or 'result' (the statement's last line)."""
    note: int | None = None
    """Number of the note that specifies the line, set once the notes are numbered."""


@dataclass(frozen=True)
class ColumnSource:
    """Where a column's figures come from, for the provenance of each line."""

    books: Books | None = None
    year: int = 0
    """The year index in the books (0, or −1 for the year before in the same file)."""
    file: str | None = None
    """A table file the column is read from (resultatbudget.csv), where it is not books."""
    column: str | None = None
    """The file's column (budget, plan_2027)."""
    rows: tuple[str, ...] = ()
    """The file's rows in order, by the line they give: row i of the file is rows[i]."""
    how: str | None = None
    """How a computed column is computed, in words."""


@dataclass
class StatementTable:
    """A statement laid out: its columns and rows (label, values per column, kind, note number)."""

    id: str = field(metadata={"doc": "The mapping's statement id (resultatrakning …) or the table's own."})
    title: str = field(metadata={"doc": "The title, as printed."})
    columns: list[str] = field(metadata={"doc": "Column labels: 'Budget 2025', '2025', '2024' …"})
    rows: list[StatementRow] = field(metadata={"doc": "Rows in order: `id`, `label`, `values`, `kind`, `note`."})
    notes: list[str] = field(default_factory=list, metadata={"doc": "Sentences printed under the table."})
    sources: list[ColumnSource] = field(default_factory=list,
                                        metadata={"doc": "Per column, where its figures come from."})

    def row(self, line_id: str) -> StatementRow | None:
        return next((row for row in self.rows if row.id == line_id), None)

    def value(self, line_id: str, column: int) -> Value:
        row = self.row(line_id)
        return row.values[column] if row else None


@dataclass
class Column:
    label: str
    leaf: Leaf
    source: ColumnSource = field(default_factory=ColumnSource)


def _add(values: list[Value]) -> Value:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def line_values(statement: Statement, leaf: Leaf) -> dict[str, Value]:
    """Every line's value in one column: leaves from ``leaf``, sum lines by the mapping's sums."""
    values: dict[str, Value] = {}
    for line in statement.lines:
        values[line.id] = _add([values.get(ref) for ref in line.sum]) if line.sum else leaf(line.id)
    return values


def table(statement_id: str, mapping: AccountMapping, columns: list[Column],
          notes: list[str] | None = None, title: str | None = None) -> StatementTable | None:
    statement = mapping.statements.get(statement_id)
    if statement is None:
        return None
    per_column = [line_values(statement, column.leaf) for column in columns]
    last = statement.lines[-1].id
    rows = [StatementRow(line.id, line.label, [values[line.id] for values in per_column],
                         kind="result" if line.id == last and statement_id == RR else "sum" if line.sum else "line")
            for line in statement.lines]
    # A line with nothing in any column is not printed (a kommunalförbund has no skatteintäkter);
    # sum lines always are, so a reader can follow the totals.
    rows = [row for row in rows if row.kind != "line" or any(v for v in row.values)]
    return StatementTable(statement_id, title or TITLES.get(statement_id, statement.title),
                          [c.label for c in columns], rows, notes or [], [c.source for c in columns])


def books_column(label: str, books: Books, statement_id: str, year: int = 0) -> Column:
    return Column(label, lambda line_id: books.value(statement_id, line_id, year), ColumnSource(books, year))


def budget_column(label: str, rows: list[ResultBudgetRow], year: int, plan_year: int | None = None,
                  file: str = "resultatbudget.csv") -> Column:
    amounts = {row.rad: (row.budget if plan_year is None else row.plan.get(plan_year)) for row in rows}
    column = "budget" if plan_year is None else f"plan_{plan_year}"
    return Column(label, lambda line_id: amounts.get(line_id),
                  ColumnSource(file=f"{year}/{file}", column=column, rows=tuple(row.rad for row in rows)))


# -- the årsredovisning ---------------------------------------------------------------------------

def previous_year(books: Books, earlier: Books | None) -> tuple[Books, int] | None:
    """Where last year's figures come from: the file's own year −1, else last year's bokslut file."""
    if books.has_previous:
        return books, -1
    if earlier is not None:
        return earlier, 0
    return None


def year_label(statement_id: str, year: int) -> str:
    """A column of closing balances is headed by its date, a column of a year's flows by the year."""
    return f"{year}-12-31" if statement_id == BR else str(year)


def annual_statements(books: Books, earlier: Books | None, mapping: AccountMapping,
                      budget: list[ResultBudgetRow]) -> dict[str, StatementTable]:
    year = books.ref.year
    previous = previous_year(books, earlier)
    missing = [] if previous else [f"Jämförelsetal för {year - 1} saknas: SIE-filen har inget år −1 och "
                                   f"{year - 1} har ingen bokslutsfil."]
    tables: dict[str, StatementTable] = {}
    for statement_id in (RR, BR, KF):
        columns = []
        if statement_id == RR and budget:
            columns.append(budget_column(f"Budget {year}", budget, year))
        columns.append(books_column(year_label(statement_id, year), books, statement_id))
        if previous:
            columns.append(books_column(year_label(statement_id, year - 1), previous[0], statement_id, previous[1]))
        found = table(statement_id, mapping, columns, missing)
        if found:
            tables[statement_id] = found
    return tables


# -- the delårsrapport ----------------------------------------------------------------------------

def remaining_months(ref: MomentRef) -> Decimal:
    """Whole months left of the year after the period end: 4 after 31 August."""
    assert ref.period_end is not None
    return Decimal(12 - ref.period_end.month)


def prognos_values(books: Books, statement: Statement, budget: list[ResultBudgetRow],
                   given: dict[str, Decimal]) -> tuple[dict[str, Value], bool]:
    """The prognos per line that takes accounts: as given in ``[economy.prognos]``, else utfall so
    far plus the budget for the remaining months. Also whether any line was computed that way."""
    amounts = {row.rad: row.budget for row in budget}
    months = remaining_months(books.ref)
    values: dict[str, Value] = {}
    computed = False
    for line in statement.lines:
        if line.sum:
            continue
        utfall, planned = books.value(RR, line.id), amounts.get(line.id)
        if line.id in given:
            values[line.id] = given[line.id]
        elif planned is not None:
            values[line.id] = (utfall or Decimal(0)) + planned * months / 12
            computed = True
        else:
            values[line.id] = utfall
    return values, computed


def interim_statements(books: Books, same_period: Books | None, mapping: AccountMapping,
                       budget: list[ResultBudgetRow], given: dict[str, Decimal]) -> dict[str, StatementTable]:
    ref = books.ref
    assert ref.period_end is not None
    end = ref.period_end
    columns = [books_column(f"Utfall t.o.m. {kortdatum(end)}", books, RR)]
    notes: list[str] = []
    if same_period is not None:
        columns.append(books_column(f"Utfall t.o.m. {kortdatum(same_period.ref.period_end)}", same_period, RR))
    else:
        notes.append(f"Jämförelsetal för samma period {ref.year - 1} saknas (ingen delårsfil för {ref.year - 1}).")
    tables: dict[str, StatementTable] = {}
    if budget and RR in mapping.statements:
        prognos, computed = prognos_values(books, mapping.statements[RR], budget, given)
        how = ("[economy.prognos] in moment.toml where given, else utfall so far plus the budget for the "
               f"remaining {remaining_months(ref)} months")
        columns += [budget_column(f"Budget {ref.year}", budget, ref.year),
                    Column(f"Prognos {ref.year}", prognos.get, ColumnSource(books, 0, how=how))]
        if computed:
            notes.append("Prognosen är utfallet hittills plus budgeten för årets återstående "
                         f"{remaining_months(ref)} månader, där ingen annan prognos är angiven.")
    found = table(RR, mapping, columns, notes)
    if found:
        if budget:  # avvikelse: prognos mot budget, favourable positive (RR signs: income +, costs −)
            for row in found.rows:
                b, p = row.values[-2], row.values[-1]
                row.values.append(p - b if p is not None and b is not None else None)
            found.columns.append("Avvikelse prognos mot budget")
            found.sources.append(ColumnSource(how="prognos minus budget"))
        tables[RR] = found
    balance = [books_column(kortdatum(end), books, BR)]
    if books.has_previous:
        balance.append(books_column(f"{ref.year - 1}-12-31", books, BR, -1))
    found = table(BR, mapping, balance)
    if found:
        tables[BR] = found
    return tables
