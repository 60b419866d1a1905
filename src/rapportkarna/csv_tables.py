"""Read long tables from CSV: one dict per row, with the row's line number for error messages.

The same rows come from a spreadsheet (:mod:`rapportkarna.spreadsheets`); a row then also knows
its sheet and the letter of each column, so a message can name the cell as the user sees it.
"""

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rapportkarna.errors import Problem


@dataclass(frozen=True)
class CsvRow:
    line: int
    """The line of a CSV file; the row number of a spreadsheet's sheet."""
    values: dict[str, str]
    sheet: str | None = None
    """The sheet a spreadsheet row is on; None for CSV."""
    letters: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    """Column name → spreadsheet column letter (``budget`` → ``D``); empty for CSV."""

    def place(self, index: int, column: str | None = None) -> tuple[int | None, str]:
        """(line, where) of this row, the ``index``-th (0-based) of its table, and of ``column``.

        CSV: the file's line, and ``row 3, column budget``. A spreadsheet has no lines: ``sheet
        'Budget', row 7, column D (budget)``, with the row number the program shows.
        """
        if self.sheet is None:
            return self.line, f"row {index + 1}" + (f", column {column}" if column else "")
        letter = self.letters.get(column) if column else None
        cell = f", column {letter} ({column})" if letter else (f", column {column}" if column else "")
        return None, f"sheet '{self.sheet}', row {self.line}{cell}"


def repeated_names(names: list[str]) -> dict[str, list[int]]:
    """Header names that occur more than once → their 0-based positions; blanks are not names."""
    positions: dict[str, list[int]] = {}
    for index, name in enumerate(names):
        if name:
            positions.setdefault(name, []).append(index)
    return {name: where for name, where in positions.items() if len(where) > 1}


#: Characters no cell may hold: control characters (a NUL byte, a bell; tabs are spaces to a
#: table), and the bidirectional and zero-width marks that make two names look alike.
HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def hidden_character(text: str, what: str = "a table's cells") -> str | None:
    """What is wrong with a cell (or ``what``) that holds an invisible character; None for a plain one."""
    found = HIDDEN.search(text)
    if found is None:
        return None
    return (f"holds the invisible character U+{ord(found.group()):04X} at position {found.start() + 1}; "
            f"{what} are plain text (retype it, or remove it)")


def repeated_rows(rows: list[CsvRow]) -> tuple[list[CsvRow], list[tuple[CsvRow, CsvRow]]]:
    """The rows without exact repeats, and (repeat, first) pairs: a row pasted twice would be
    counted twice."""
    first: dict[tuple[tuple[str, str], ...], CsvRow] = {}
    kept, repeats = [], []
    for row in rows:
        key = tuple(sorted(row.values.items()))
        if key in first:
            repeats.append((row, first[key]))
        else:
            first[key] = row
            kept.append(row)
    return kept, repeats


def read_csv(path: Path) -> tuple[list[CsvRow], list[Problem]]:
    """Rows of a comma- or semicolon-separated UTF-8 file with a header line.

    Empty cells are left out of ``values`` so that optional fields take their defaults.
    """
    _, rows, problems = read_csv_table(path)
    return rows, problems


def read_csv_table(path: Path) -> tuple[list[str], list[CsvRow], list[Problem]]:
    """The header's column names, the rows and the problems of the CSV file ``path``."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [], [Problem(path, None, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    except OSError as exc:  # a folder where the file should be, a file that may not be read
        return [], [], [Problem(path, None, None, f"cannot be read: {exc.strerror or exc}")]
    return _parse(path, text)


def _unreadable(path: Path, line: int, exc: csv.Error) -> Problem:
    # a cell over the csv module's limit (131 072 characters): most often a quote left open
    return Problem(path, line, None, f"cannot be read as CSV: {exc}; is a quote (\") left open?")


def _parse(path: Path, text: str) -> tuple[list[str], list[CsvRow], list[Problem]]:
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    # newline="": only line breaks end a line (str.splitlines would also break at a form feed or
    # U+2028 inside a cell, and the cell's invisible character would go unnoticed)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return [], [], [_unreadable(path, 1, exc)]
    if not header:
        return [], [], [Problem(path, 1, None, "empty file; expected a header line with column names")]
    names = [h.strip() for h in header]
    # a repeated column would silently lose one of its values: refuse the file instead
    twice = [Problem(path, 1, None, f"column '{name}' is named {len(where)} times in the header (columns "
                     f"{' and '.join(str(i + 1) for i in where)}); each column is named once")
             for name, where in repeated_names(names).items()]
    if twice:
        return names, [], twice
    problems = [Problem(path, 1, f"column {i + 1}", f"the column name {hidden_character(n)}")
                for i, n in enumerate(names) if hidden_character(n)]
    if problems:
        return names, [], problems
    rows: list[CsvRow] = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(_unreadable(path, reader.line_num, exc))
            return names, [], problems
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(names):
            problems.append(Problem(path, line, None,
                                    f"{len(cells)} cells, but the header has {len(names)} columns"))
            continue
        hidden = [Problem(path, line, f"row {len(rows) + 1}, column {n}", hidden_character(c) or "")
                  for n, c in zip(names, cells, strict=True) if hidden_character(c)]
        if hidden:
            problems += hidden
            continue
        rows.append(CsvRow(line, {n: c.strip() for n, c in zip(names, cells, strict=True) if c.strip()}))
    rows, repeats = repeated_rows(rows)
    problems += [Problem(path, row.line, None, f"the same row as line {first.line}; a row is given once")
                 for row, first in repeats]
    return names, rows, problems
