"""Read long tables from CSV: one dict per row, with the row's line number for error messages.

The same rows come from a spreadsheet (:mod:`rapportkarna.spreadsheets`); a row then also knows
its sheet and the letter of each column, so a message can name the cell as the user sees it.
"""

import csv
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
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    reader = csv.reader(text.splitlines(), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        return [], [], [Problem(path, 1, None, "empty file; expected a header line with column names")]
    names = [h.strip() for h in header]
    # a repeated column would silently lose one of its values: refuse the file instead
    twice = [Problem(path, 1, None, f"column '{name}' is named {len(where)} times in the header (columns "
                     f"{' and '.join(str(i + 1) for i in where)}); each column is named once")
             for name, where in repeated_names(names).items()]
    if twice:
        return names, [], twice
    rows: list[CsvRow] = []
    problems: list[Problem] = []
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(names):
            problems.append(Problem(path, line, None,
                                    f"{len(cells)} cells, but the header has {len(names)} columns"))
            continue
        rows.append(CsvRow(line, {n: c.strip() for n, c in zip(names, cells, strict=True) if c.strip()}))
    return names, rows, problems
