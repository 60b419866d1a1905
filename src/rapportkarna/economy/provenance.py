"""Where each figure of a report's statements comes from: for a line from the books, the SIE file,
the mapping's line and each account with its balance and the line of the file it is read from; for
a budget column, the table file; for a computed column, how it is computed.

The build writes this beside the report as ``<report>.provenance.json``, and
``rapportkarna economy trace`` prints one line's.
"""

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from rapportkarna.economy.accounts import Books
from rapportkarna.economy.statements import ColumnSource, StatementRow, StatementTable
from rapportkarna.locations import Locations
from rapportkarna.sie.mapping import MAPPINGS_DIR, AccountMapping, Measure, Sign
from rapportkarna.workspace import Federation


def _balance_lines(books: Books, account: str, year: int) -> list[int]:
    """Lines of the file with the account's balances in ``year`` (#IB, #UB, #RES)."""
    sie = books.sie
    return sorted(b.line for b in (*sie.opening, *sie.closing, *sie.results)
                  if b.account == account and b.year == year and not b.objects)


def _account_trace(books: Books, mapping: AccountMapping, statement_id: str, line_id: str,
                   year: int) -> list[dict[str, Any]]:
    statement = mapping.statements[statement_id]
    line = statement.line(line_id)
    if line is None or line.sum:
        return []
    measure: Measure = line.measure or statement.measure
    sign: Sign = line.sign or statement.sign
    balances = books.balances(year)
    traced = []
    for account in books.accounts_of(statement_id, line_id):
        held = balances.get(account)
        if held is None:
            continue
        amount = held.measure(measure)
        if not amount:
            continue
        traced.append({"account": account, "name": books.sie.account_name(account),
                       "value": str((amount if sign is Sign.DEBIT else -amount) + Decimal(0)),
                       "sie_lines": _balance_lines(books, account, year)})
    return traced


def _mapping_place(path: Path, line: int | None, root_relative: dict[str, str]) -> str:
    """The mapping file and line a statement line is defined at, without this machine's folders."""
    shown = f"{path.name} (built-in)" if path.parent == MAPPINGS_DIR else root_relative.get(str(path), path.name)
    return f"{shown}:{line}" if line else shown


#: Where row i, column c of a table file is: 'resultatbudget.csv:4' or 'resultatbudget.xlsx, sheet …, cell D4'.
Locate = Callable[[str, int, str], str]


def cell_locator(federation: Federation) -> Locate:
    """Names the cell of row ``row`` and ``column`` of a year's table file ('2026/resultatbudget.csv'):
    its line in a CSV, its sheet and cell in a spreadsheet."""
    def locate(relative: str, row: int, column: str) -> str:
        year, _, name = relative.partition("/")
        found = Locations(federation, int(year)).in_table(name, row, column, "")
        shown = found.file.relative_to(federation.root) if found.file else relative
        return f"{shown}:{found.line} ({found.path})" if found.line else f"{shown} ({found.path})"
    return locate


def _cell(source: ColumnSource, row: StatementRow, table: StatementTable, mapping: AccountMapping,
          root_relative: dict[str, str], locate: Locate | None) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if source.books is not None and source.how is None:
        statement = mapping.statements.get(table.id)
        line = statement.line(row.id) if statement else None
        found["file"] = root_relative.get(str(source.books.path), source.books.path.name)
        found["year_index"] = source.year
        if line is not None:
            found["mapping"] = _mapping_place(line.origin[0], line.origin[1], root_relative)
            if line.sum:
                found["sum_of"] = list(line.sum)
            else:
                found["accounts"] = _account_trace(source.books, mapping, table.id, row.id, source.year)
    if source.file:
        found["file"] = source.file
        if row.id in source.rows and locate is not None:
            found["cell"] = locate(source.file, source.rows.index(row.id), source.column or "budget")
    if source.how:
        found["computed"] = source.how
    return found


def provenance(tables: list[StatementTable], mapping: AccountMapping, root_relative: dict[str, str],
               locate: Locate | None = None) -> dict[str, Any]:
    """Per '<statement>.<line>', per column: the value and where it comes from."""
    traced: dict[str, Any] = {}
    for table in tables:
        for row in table.rows:
            cells = []
            for index, column in enumerate(table.columns):
                value = row.values[index] if index < len(row.values) else None
                source = table.sources[index] if index < len(table.sources) else ColumnSource()
                cells.append({"column": column, "value": None if value is None else str(value),
                              **_cell(source, row, table, mapping, root_relative, locate)})
            traced[f"{table.id}.{row.id}"] = {"label": row.label, "columns": cells}
    return traced
