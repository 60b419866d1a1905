"""Problems at the right place: for plugins that check a federation's data.

A plugin's ``validate_federation`` finds a mistake in validated data; the user needs it named by
file, line and field like the loader's own problems. :class:`Locations` knows where a
federation's year came from and makes those :class:`~rapportkarna.errors.Problem` objects::

    where = Locations(federation, data.year)
    where.in_year(("extensions", "mediacenter", "priority"), "no prioriterad uppgift 'x'")
    where.in_config(("members", 3, "population"), "no population for 2013")
    where.in_table("mediacenter.csv", 4, "kommunkod", "kommunkod 9999 is not a member")
    where.in_moment("bokslut", ("projects", "vildlaxen", "status"), "ended 2011-12-31 but pågående")
    where.in_table("mediacenter.csv", 4, "period", "not this term", moment="delar-0630")
"""

from functools import cached_property, lru_cache
from pathlib import Path

from rapportkarna.csv_tables import CsvRow
from rapportkarna.errors import Problem, format_path
from rapportkarna.loader import CONFIG_FILE, MOMENT_FILE, YEAR_FILE, TomlFile
from rapportkarna.spreadsheets import read_table, table_file
from rapportkarna.toml_lines import locate
from rapportkarna.workspace import Federation

Loc = tuple[str | int, ...]


@lru_cache(maxsize=64)
def _rows(path: Path, stamp: float) -> tuple[CsvRow, ...]:
    # the same reading as the loader's, so row i is the loader's row i; a budget.xlsx in place of
    # budget.csv is read as the loader reads it
    return tuple(read_table(path).rows)


class Locations:
    """Where a federation's files are; ``year`` is needed only for problems in the year's files."""

    def __init__(self, federation: Federation, year: int | None = None) -> None:
        self.federation = federation
        self._folder = federation.root / str(year) if year is not None else None
        self._moments: dict[str, TomlFile] = {}

    @property
    def folder(self) -> Path:
        if self._folder is None:
            raise ValueError("Locations was made without a year; pass the year for year files")
        return self._folder

    @cached_property
    def _config(self) -> TomlFile:
        return TomlFile(self.federation.root / CONFIG_FILE)

    @cached_property
    def _year(self) -> TomlFile:
        return TomlFile(self.folder / YEAR_FILE)

    @staticmethod
    def _in_toml(source: TomlFile, loc: Loc, message: str) -> Problem:
        return Problem(source.path, locate(source.index, loc), format_path(loc) or None, message)

    def in_config(self, loc: Loc, message: str) -> Problem:
        """A problem at ``loc`` in federation.toml."""
        return self._in_toml(self._config, loc, message)

    def in_year(self, loc: Loc, message: str) -> Problem:
        """A problem at ``loc`` in the year's year.toml."""
        return self._in_toml(self._year, loc, message)

    def _moment(self, moment: str) -> TomlFile:
        if moment not in self._moments:
            path = self.folder / moment / MOMENT_FILE
            self._moments[moment] = TomlFile(path) if path.exists() else TomlFile.empty(path)
        return self._moments[moment]

    def in_moment(self, moment: str, loc: Loc, message: str) -> Problem:
        """A problem at ``loc`` in the moment.toml of the moment folder ``moment`` (e.g. 'bokslut')."""
        return self._in_toml(self._moment(moment), loc, message)

    def _table(self, file_name: str, moment: str | None) -> Path:
        return table_file((self.folder / moment if moment else self.folder) / file_name)

    def _row(self, file_name: str, row: int, moment: str | None) -> CsvRow | None:
        path = self._table(file_name, moment)
        rows = _rows(path, path.stat().st_mtime) if path.exists() else ()
        return rows[row] if row < len(rows) else None

    def row_line(self, file_name: str, row: int, moment: str | None = None) -> int | None:
        """The line of row ``row`` (0-based, as in the validated list) of a CSV in the year folder,
        or in the folder of ``moment``; for a spreadsheet, the row's number on its sheet."""
        found = self._row(file_name, row, moment)
        return found.line if found else None

    def in_table(self, file_name: str, row: int, column: str | None, message: str,
                 moment: str | None = None) -> Problem:
        """A problem in row ``row`` (0-based, as in the validated list) of a CSV in the year folder,
        or in the folder of ``moment``; of its sheet and cell where the table is a spreadsheet."""
        found = self._row(file_name, row, moment)
        line, where = found.place(row, column) if found else (None, f"row {row + 1}" + (f", column {column}" if column else ""))
        return Problem(self._table(file_name, moment), line, where, message)

    def in_file(self, relative: str, field: str | None, message: str) -> Problem:
        """A problem about a file of the year folder as a whole (``bokslut/budget.csv``), e.g. a
        row it lacks."""
        return Problem(table_file(self.folder / relative), None, field, message)
