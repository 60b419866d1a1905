"""Read long tables from CSV: one dict per row, with the row's line number for error messages."""

import csv
from dataclasses import dataclass
from pathlib import Path

from rapportkarna.errors import Problem


@dataclass(frozen=True)
class CsvRow:
    line: int
    values: dict[str, str]


def read_csv(path: Path) -> tuple[list[CsvRow], list[Problem]]:
    """Rows of a comma- or semicolon-separated UTF-8 file with a header line.

    Empty cells are left out of ``values`` so that optional fields take their defaults.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [Problem(path, None, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    reader = csv.reader(text.splitlines(), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        return [], [Problem(path, 1, None, "empty file; expected a header line with column names")]
    names = [h.strip() for h in header]
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
    return rows, problems
