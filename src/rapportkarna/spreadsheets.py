"""Tables as CSV or as a spreadsheet: ``budget.csv`` may instead be ``budget.xlsx``.

A kansli keeps its budget in Excel or LibreOffice Calc; it need not export CSV. The workbook's
sheet named like the file (``Budget`` for budget.xlsx, any case) is read, or else its first
sheet; its first row is the header, with the same column names as the CSV. Rows come out as the
CSV reader's :class:`~rapportkarna.csv_tables.CsvRow`, so everything after reading is the same;
a row also knows its sheet and column letters, and messages name the cell:
``2025/budget.xlsx: sheet 'Budget', row 7, column D (budget): …``.

Cells may be numbers or text. A formula gives the value the program saved with the file
(openpyxl ``data_only``): a file written by a program that does not compute formulas has none,
and that is said rather than read as an empty cell. Dates, true/false and error values
(``#DIV/0!``) are never amounts and are refused.
"""

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from rapportkarna.csv_tables import CsvRow, hidden_character, read_csv_table, repeated_names, repeated_rows
from rapportkarna.errors import Problem

SPREADSHEET = ".xlsx"
AMOUNT_EXAMPLE = "an amount like 1234,50"


@dataclass(frozen=True)
class Table:
    """A table as read: the file it came from, its column names, its rows and what was wrong."""

    path: Path
    columns: list[str]
    rows: list[CsvRow]
    problems: list[Problem]
    sheet: str | None = None
    """The sheet read, for a spreadsheet."""

    def missing(self, required: Collection[str]) -> Problem | None:
        """One problem naming the required columns the header lacks (rather than one per row)."""
        absent = [name for name in required if name not in self.columns]
        if not absent or self.problems and not self.columns:
            return None
        return self.at_header(

            f"no column {', '.join(repr(a) for a in absent)}; the header has "
            f"{', '.join(repr(c) for c in self.columns if c) or 'no names'}, and this table needs "
            f"{', '.join(required)}")

    def at_header(self, message: str) -> Problem:
        """A problem about the table's columns, at its header: line 1 of a CSV, row 1 of a sheet."""
        if self.sheet is None:
            return Problem(self.path, 1, None, message)
        return Problem(self.path, None, f"sheet '{self.sheet}', row 1", message)


def table_file(path: Path) -> Path:
    """The file that holds the table ``path`` names (``…/budget.csv``): the CSV, or the .xlsx of
    the same name when only that is there."""
    other = path.with_suffix(SPREADSHEET)
    return other if not path.exists() and other.exists() else path


def both_present(path: Path) -> Problem | None:
    """A problem when both ``budget.csv`` and ``budget.xlsx`` are there: which one counts is not
    guessed."""
    other = path.with_suffix(SPREADSHEET)
    if path.exists() and other.exists():
        return Problem(other, None, None, f"both {path.name} and {other.name} are in {path.parent}; the table is "
                                          "read from one file: remove or rename the other")
    return None


def read_table(path: Path, text_columns: Collection[str] = ()) -> Table:
    """The CSV or spreadsheet ``path`` (see :func:`table_file`), by its suffix.

    ``text_columns`` are the columns that hold names (kostnadsställe, kind …); every other column
    of a spreadsheet is expected to hold amounts, which is what its messages then say.
    """
    if path.suffix.lower() == SPREADSHEET:
        return read_xlsx(path, text_columns)
    return Table(path, *read_csv_table(path))


def _open(path: Path, data_only: bool) -> Any:
    # imported here: openpyxl (with numpy and Pillow behind it) takes a tenth of a second to import,
    # and only a federation that keeps a table as .xlsx needs it
    from openpyxl import load_workbook
    return load_workbook(path, data_only=data_only, read_only=False)


def _sheet_name(names: list[str], stem: str) -> str:
    return next((name for name in names if name.strip().casefold() == stem.casefold()), names[0])


def read_xlsx(path: Path, text_columns: Collection[str] = ()) -> Table:
    """The sheet of ``path`` named like the file, or its first sheet."""
    from openpyxl.utils import get_column_letter
    try:
        values, formulas = _open(path, data_only=True), _open(path, data_only=False)
    except Exception as exc:  # noqa: BLE001 — openpyxl raises many kinds for a file it cannot read
        return Table(path, [], [], [Problem(
            path, None, None, f"not a readable .xlsx workbook ({type(exc).__name__}: {exc}); save it from "
                              "Excel or LibreOffice Calc as an Excel workbook (.xlsx)")])
    name = _sheet_name(values.sheetnames, path.stem)
    sheet, formula_sheet = values[name], formulas[name]
    header, problems = _header(path, name, sheet)
    if problems or not header:
        return Table(path, header, [], problems, name)
    letters = {column: get_column_letter(i + 1) for i, column in enumerate(header) if column}
    rows: list[CsvRow] = []
    for number in range(2, sheet.max_row + 1):
        row, row_problems = _row(path, name, number, header, letters, sheet, formula_sheet, text_columns)
        problems += row_problems
        if row is not None:
            rows.append(row)
    rows, repeats = repeated_rows(rows)
    problems += [Problem(path, None, f"sheet '{name}', row {row.line}", f"the same row as row {first.line}; a row "
                                                                         "is given once")
                 for row, first in repeats]
    return Table(path, header, rows, problems, name)


def _header(path: Path, name: str, sheet: Any) -> tuple[list[str], list[Problem]]:
    from openpyxl.utils import get_column_letter
    cells = [sheet.cell(1, column).value for column in range(1, sheet.max_column + 1)]
    header = [str(value).strip() if value is not None else "" for value in cells]
    where = f"sheet '{name}', row 1"
    hidden = [Problem(path, None, f"{where}, column {get_column_letter(i + 1)}", f"the column name {hidden_character(h)}")
              for i, h in enumerate(header) if hidden_character(h)]
    if hidden:
        return [], hidden
    if not any(header):
        return [], [Problem(path, None, where, "no header; the first row of the sheet names the columns, as the "
                                               "CSV's header line does")]
    problems = [Problem(path, None, where, f"columns {' and '.join(get_column_letter(i + 1) for i in at)} are both "
                                           f"named '{column}'; each column is named once")
                for column, at in repeated_names(header).items()]
    return header, problems


def _row(path: Path, name: str, number: int, header: list[str], letters: dict[str, str], sheet: Any,
         formula_sheet: Any, text_columns: Collection[str]) -> tuple[CsvRow | None, list[Problem]]:
    from openpyxl.utils import get_column_letter
    values: dict[str, str] = {}
    problems: list[Problem] = []
    for index in range(sheet.max_column):
        cell = sheet.cell(number, index + 1)
        column = header[index] if index < len(header) else ""
        where = f"sheet '{name}', row {number}, column {get_column_letter(index + 1)}" + (f" ({column})" if column else "")
        text, message = _cell_text(cell, formula_sheet.cell(number, index + 1).value, column in text_columns)
        if message:
            problems.append(Problem(path, None, where, message))
        elif text is not None and not column:
            problems.append(Problem(path, None, where, f"a value ({text}) in a column without a name in row 1"))
        elif text is not None:
            values[column] = text
    if problems or not values:
        # an empty row is skipped as a blank line of a CSV is; a row with an unreadable cell is left
        # out, as a CSV line with the wrong number of cells is, so its cell is not also "missing"
        return None, problems
    return CsvRow(number, values, sheet=name, letters=letters), problems


def _cell_text(cell: Any, formula: Any, text: bool) -> tuple[str | None, str | None]:
    """(the cell as the CSV would have it, or a message saying why it cannot be read)."""
    value = cell.value
    expected = "text" if text else AMOUNT_EXAMPLE
    if value is None:
        if isinstance(formula, str) and formula.startswith("="):
            return None, (f"the formula {formula} has no saved value: the file was saved by a program that does "
                          "not compute formulas. Open it in Excel or LibreOffice Calc and save it, or type the value")
        return None, None
    if cell.data_type == "e":
        return None, f"expected {expected}; the cell holds the error value {value}"
    if isinstance(value, bool):
        return None, f"expected {expected}, not the truth value {'TRUE' if value else 'FALSE'}"
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):  # datetime is a date
        shown = value.isoformat() if isinstance(value, (dt.date, dt.time)) else str(value)
        return None, f"expected {expected}, not a date or time ({shown}); format the cell as a number or text"
    if isinstance(value, (int, float)):
        return _number(value), None
    stripped = str(value).strip()
    hidden = hidden_character(stripped)
    if hidden:
        return None, hidden
    return stripped or None, None


def _number(value: int | float) -> str:
    """A number cell as text, exactly: a float through its shortest repr, never binary noise."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(Decimal(repr(value))) if isinstance(value, float) else str(value)
