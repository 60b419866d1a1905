"""Load and validate a federation's files: federation.toml, and per year year.toml, budget.csv,
meetings/*.toml and the CSV tables of data extensions.

Every problem in every file is collected before anything is raised, so the user sees them all at
once, each with file, line, field path and what was expected.
"""

import datetime as dt
import math
import re
import tomli
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from rapportkarna.containment import links_out
from rapportkarna.csv_tables import CsvRow, read_csv
from rapportkarna.errors import Problem, ValidationFailed, format_path
from rapportkarna.extensions import DataExtension
from rapportkarna.model import FederationConfig, Meeting, MomentData, MomentRef, YearData
from rapportkarna.model.common import ready
from rapportkarna.model.moment import MOMENT_NAMES, parse_moment_folder
from rapportkarna.spreadsheets import SPREADSHEET, Table, both_present, read_table, table_file
from rapportkarna.sie.model import SieFile
from rapportkarna.toml_lines import line_index, locate

Loc = tuple[str | int, ...]
#: Maps a pydantic error location to (file, line, path shown to the user).
Locator = Callable[[Loc], tuple[Path, int | None, str]]

CONFIG_FILE = "federation.toml"
YEAR_FILE = "year.toml"
BUDGET_FILE = "budget.csv"
#: A moment's utfall and prognos per project (ids of year.toml); see :func:`_project_figures`.
PROJECT_FILE = "projekt.csv"
#: Columns of budget.csv and projekt.csv that hold names, not amounts (for spreadsheets' messages).
TEXT_COLUMNS = ("kostnadsstalle", "kind", "code", "group", "projekt", "rad", "namn")
MEETINGS_DIR = "meetings"
MOMENT_FILE = "moment.toml"
#: A moment's SIE 4 export from the accounting system (see docs/economy.md).
SIE_FILE = "bokforing.se"
#: A kommunalförbund's economic plan: per line of the resultaträkning, and per investment project.
RESULT_BUDGET_FILE = "resultatbudget.csv"
INVESTMENT_BUDGET_FILE = "investeringsbudget.csv"

#: Keys of year.toml in the one-state-per-year layout, now recorded per reporting moment.
MOVED_TO_MOMENTS = {
    "texts": f"a report's texts are written per reporting moment: [texts] in <moment>/{MOMENT_FILE} "
             f"(moment folders: {MOMENT_NAMES})",
    "follow_up": f"uppföljning is written per reporting moment: [[follow_up]] in <moment>/{MOMENT_FILE}",
}


class TomlFile:
    """A parsed TOML file with the line index used to point at fields (made when first asked for:
    most files have no problem to point at, and every command reads them all)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: dict[str, Any] | None = None
        self.problems: list[Problem] = []
        self._text = ""
        self._index: dict[Loc, int] | None = None
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.problems.append(Problem(path, None, None, "file not found"))
            return
        except UnicodeDecodeError as exc:
            self.problems.append(Problem(path, None, None, f"not UTF-8 text ({exc.reason})"))
            return
        except OSError as exc:  # a folder where the file should be, a file that may not be read
            self.problems.append(Problem(path, None, None, f"cannot be read: {exc.strerror or exc}"))
            return
        try:
            self.data = tomli.loads(text)
            self._text = text
        except tomli.TOMLDecodeError as exc:
            self.problems.append(_syntax_problem(path, exc))
            return
        except (RecursionError, ValueError) as exc:
            # arrays or tables nested thousands deep; an integer of thousands of digits
            deep = isinstance(exc, RecursionError)
            self.problems.append(Problem(path, _deep_line(text) if deep else None, None, "TOML that cannot be read: "
                                         + (f"arrays or tables nested more than {MAX_DEPTH} levels deep" if deep
                                            else str(exc))))
            return
        self.problems += [Problem(path, locate(self.index, loc), format_path(loc) or None, message)
                          for loc, message in _unreadable_values(self.data)]

    @property
    def index(self) -> dict[Loc, int]:
        """The line of each key and value, by its path in the data."""
        if self._index is None:
            try:
                self._index = line_index(self._text)
            except (RecursionError, ValueError):  # the problems still name the file and the field
                self._index = {}
        return self._index

    @classmethod
    def empty(cls, path: Path) -> "TomlFile":
        """Stands for a file that does not exist (yet): problems in it name the file alone."""
        self = cls.__new__(cls)
        self.path, self.data, self.problems, self._text, self._index = path, {}, [], "", {}
        return self

    def locator(self, prefix: Loc = ()) -> Locator:
        def where(loc: Loc) -> tuple[Path, int | None, str]:
            full = prefix + loc
            return self.path, locate(self.index, full), format_path(full)
        return where


#: How deep arrays and tables may nest in a data file; nothing the tool reads needs more than a few.
MAX_DEPTH = 32
#: Control characters other than tab and line breaks: never part of a text, invisible in a report.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _deep_line(text: str) -> int | None:
    """The line where brackets first nest deeper than :data:`MAX_DEPTH` (strings not told apart:
    this only points at the place)."""
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        for char in line:
            depth += 1 if char in "[{" else -1 if char in "]}" else 0
            if depth > MAX_DEPTH:
                return number
    return None


def _unreadable_values(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Values no field takes: nesting deeper than :data:`MAX_DEPTH`, control characters in text
    (a NUL byte, a bell pasted along with a text)."""
    if len(loc) > MAX_DEPTH:
        yield loc[:MAX_DEPTH], f"nested more than {MAX_DEPTH} levels deep; no field of rapportkarna takes that"
        return
    if isinstance(value, str):
        found = _CONTROL.search(value)
        if found:
            yield loc, (f"holds the invisible character U+{ord(found.group()):04X} at position {found.start() + 1}, "
                        "a control character; texts are plain text (tabs and line breaks are fine): retype it, "
                        "or remove it")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _unreadable_values(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unreadable_values(item, (*loc, index))


def _syntax_problem(path: Path, exc: tomli.TOMLDecodeError) -> Problem:
    if exc.pos >= len(exc.doc):  # its line would be the one after the last
        return Problem(path, None, None, f"TOML syntax error: {exc.msg} (at the end of the file)")
    return Problem(path, exc.lineno, None, f"TOML syntax error: {exc.msg}")


# -- turning pydantic's errors into problems ------------------------------------------------------

def _unwrap(annotation: Any) -> Any:
    """The model inside Optional[...], list[...] or dict[..., ...], if any."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, dict, typing.Annotated):
        for arg in typing.get_args(annotation):
            inner = _unwrap(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return annotation


def _known_keys(model: type[BaseModel] | None, loc: Loc) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        field = current.model_fields.get(part)
        current = _unwrap(field.annotation) if field else None
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _describe(error: Any, model: type[BaseModel] | None) -> str:
    kind, loc = error["type"], tuple(error["loc"])
    if kind == "extra_forbidden":
        known = _known_keys(model, loc[:-1])
        hint = f"; expected one of: {', '.join(known)}" if known else ""
        return f"unknown key '{loc[-1]}'{hint}"
    if kind == "missing":
        return "required field is missing"
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind == "decimal_parsing":  # an amount typed as text that is no number: show how one is written
        message = f"expected a number like 1234,50 or 1 234 567; {message}"
    value = error.get("input")
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) or value is None:
        shown = repr(value)
        message += f" (got {shown[:60] + '…' if len(shown) > 60 else shown})"
    return message


def problems_from(exc: ValidationError, where: Locator, model: type[BaseModel] | None) -> list[Problem]:
    problems = []
    for error in exc.errors():
        file, line, path = where(tuple(error["loc"]))
        problems.append(Problem(file, line, path or None, _describe(error, model)))
    return problems


def validate(model: type[BaseModel], data: Any, where: Locator,
             problems: list[Problem]) -> Any | None:
    """``model.model_validate(data)``, with any errors appended to ``problems``.

    Before pydantic sees it, a number where a time or date belongs is refused (pydantic would
    read ``start = 1300`` as 1 300 seconds after midnight); after, a number too large to be
    formatted is."""
    ready(model)  # the models are built on first use: inside out, so each is built once
    found = [_problem(where, loc, message) for loc, message in _numbers_as_times(model, data)]
    try:
        validated = model.model_validate(data)
    except ValidationError as exc:
        # one problem per field: not also pydantic's for a field named already (a control
        # character the file's reading found, a number given for a time)
        named = {(p.file, p.path) for p in [*problems, *found]}
        problems.extend(found + [p for p in problems_from(exc, where, model) if (p.file, p.path) not in named])
        return None
    found += [_problem(where, loc, message) for loc, message in _too_large(validated)]
    problems.extend(found)
    return None if found else validated


def _problem(where: Locator, loc: Loc, message: str) -> Problem:
    file, line, path = where(loc)
    return Problem(file, line, path or None, message)


#: The largest amount or count the reports format: 15 digits before the decimal comma (a thousand
#: billion kronor); beyond it a number is a typing mistake, and the formatter's precision ends.
MAX_DIGITS = 15
_TIME_TYPES = {dt.time: "a time like 13:00 (13:00:00 in TOML, or \"13:00\")",
               dt.date: "a date like 2011-03-01", dt.datetime: "a date and time like 2011-03-01T13:00:00"}


def _numbers_as_times(annotation: Any, value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """(where, message) for every number given where the model expects a time or date."""
    if not _may_hold_time(annotation):
        return  # most of the data (the budget, the accounts, the goals) has no time or date to check
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        yield from _numbers_as_times(args[0], value, loc)
    elif origin in (typing.Union, types.UnionType):
        kinds = [a for a in args if a is not type(None)]
        if len(kinds) == 1:
            yield from _numbers_as_times(kinds[0], value, loc)
    elif annotation in _TIME_TYPES and isinstance(value, (int, float)) and not isinstance(value, bool):
        yield loc, f"expected {_TIME_TYPES[annotation]}, not the number {value}"
    elif origin is list and args and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _numbers_as_times(args[0], item, (*loc, index))
    elif origin is dict and len(args) == 2 and isinstance(value, dict):
        for key, item in value.items():
            yield from _numbers_as_times(args[1], item, (*loc, key))
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(value, dict):
        for name, item in value.items():
            field_info = annotation.model_fields.get(name) if isinstance(name, str) else None
            if field_info is not None:
                yield from _numbers_as_times(field_info.annotation, item, (*loc, name))


_may_hold: dict[Any, bool] = {}


def _may_hold_time(annotation: Any) -> bool:
    """Whether a value of this annotation can hold a time or date anywhere inside it (worked out
    once for each annotation)."""
    try:
        known = _may_hold.get(annotation)
    except TypeError:  # an annotation that cannot be a key (unhashable metadata): look inside
        return True
    if known is None:
        known = _may_hold[annotation] = _reaches_time(annotation, set())
    return known


def _reaches_time(annotation: Any, seen: set[int]) -> bool:
    if isinstance(annotation, type) and annotation in _TIME_TYPES:
        return True
    if id(annotation) in seen:  # a model inside itself: what it reaches is looked at once
        return False
    seen.add(id(annotation))
    parts: Iterable[Any] = typing.get_args(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        parts = [f.annotation for f in annotation.model_fields.values()]
    return any(_reaches_time(part, seen) for part in parts)


def _too_large(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """(where, message) for every number in a validated model that cannot be a real amount or count."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _too_large(getattr(value, name), (*loc, name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _too_large(item, (*loc, key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _too_large(item, (*loc, index))
    elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        if isinstance(value, Decimal):  # by its exponent: arithmetic on 1E+1000000 overflows the context
            large = not value.is_finite() or (value != 0 and value.adjusted() >= MAX_DIGITS)
        else:
            large = isinstance(value, float) and not math.isfinite(value) or abs(value) >= 10 ** MAX_DIGITS
        if large:
            shown = str(value) if len(str(value)) <= 24 else f"{str(value)[:20]}… ({len(str(value))} characters)"
            yield loc, (f"the number {shown} is too large: at most {MAX_DIGITS} digits before the decimal comma "
                        "(a typing mistake?)")


def csv_locator(path: Path, rows: list[CsvRow], prefix: Loc) -> Locator:
    """Locations ``prefix + (row, column, …)`` point at the CSV row; others at the file.

    Rows read from a spreadsheet (``budget.xlsx`` for ``budget.csv``) point at its sheet and cell."""
    if rows and rows[0].sheet is not None:
        path = path.with_suffix(SPREADSHEET)

    def where(loc: Loc) -> tuple[Path, int | None, str]:
        rest = loc[len(prefix):]
        if loc[: len(prefix)] == prefix and rest and isinstance(rest[0], int) and rest[0] < len(rows):
            line, place = rows[rest[0]].place(rest[0], str(rest[1]) if len(rest) > 1 else None)
            return path, line, place
        return path, None, format_path(loc)
    return where


# -- federation.toml ------------------------------------------------------------------------------

def load_config(root: Path) -> FederationConfig:
    source = TomlFile(root / CONFIG_FILE)
    problems = list(source.problems)
    problems += links_out(root) + _case_mistakes(root, {CONFIG_FILE, "templates"})
    config = None
    if source.data is not None:
        config = validate(FederationConfig, source.data, source.locator(), problems)
    if isinstance(config, FederationConfig):
        problems += _named_twice(config.plugins, ("plugins",), source)
    if problems or not isinstance(config, FederationConfig):
        raise ValidationFailed(problems)
    return config


def _named_twice(names: list[str], loc: Loc, source: TomlFile) -> list[Problem]:
    """A plugin listed twice would be registered twice: a problem at its second place."""
    first: dict[str, int] = {}
    problems = []
    for index, name in enumerate(names):
        if name in first:
            problems.append(Problem(source.path, locate(source.index, (*loc, index)), format_path((*loc, index)),
                                    f"plugin '{name}' is named twice (also at {format_path((*loc, first[name]))}); "
                                    "name each plugin once"))
        first.setdefault(name, index)
    return problems


# -- one year -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LoadedYear:
    """A year as read from its folder: what is set once, and each reporting moment that has come."""

    data: YearData
    moments: dict[str, MomentData]
    """Moment folder name (``plan``, ``delar-0630``, ``bokslut``) → what that moment recorded."""
    sie: dict[str, SieFile] = field(default_factory=dict)
    """Moment folder name → the moment's SIE file (``bokforing.se``), where it has one."""

    @property
    def year(self) -> int:
        return self.data.year

    def refs(self) -> list[MomentRef]:
        """The year's moments in the order their data becomes known."""
        return sorted((MomentRef(self.year, m) for m in self.moments), key=lambda r: r.order)


#: Columns of the one-state-per-year budget.csv that are now recorded per moment.
MOMENT_COLUMNS = ("utfall_period", "utfall", "prognos")


def _plan_rows(path: Path, key: str, problems: list[Problem]) -> tuple[list[dict[str, Any]], list[CsvRow]]:
    """Rows of a table with a ``key`` column, a budget column and ``plan_<year>`` columns
    (resultatbudget.csv, investeringsbudget.csv, or their .xlsx), the plan columns under ``plan``."""
    table = read_budget_table(path, (key, "budget"), problems)
    if table is None:
        return [], []
    return [_with_plan(row.values) for row in table.rows], table.rows


def _with_plan(values: Mapping[str, Any]) -> dict[str, Any]:
    gathered: dict[str, Any] = {k: v for k, v in values.items() if not k.startswith("plan_")}
    plan = {k.removeprefix("plan_"): v for k, v in values.items() if k.startswith("plan_")}
    if plan:
        gathered["plan"] = plan
    return gathered


def read_moment_sie(path: Path, problems: list[Problem]) -> SieFile | None:
    """The moment's SIE file, if it has one; its problems (with line numbers) are appended."""
    if not path.is_file():
        return None
    from rapportkarna.sie.reader import read_sie  # the reader is only needed where there are accounts
    try:
        return read_sie(path)
    except ValidationFailed as exc:
        problems.extend(exc.problems)
        return None


def read_budget_table(path: Path, required: tuple[str, ...], problems: list[Problem]) -> Table | None:
    """The table ``path`` names (``budget.csv``, ``projekt.csv``), read from it or from the .xlsx of
    the same name; None when neither is there. Problems are appended; a table without a required
    column has no rows, so that the column is named once rather than missing in every row."""
    clash = both_present(path)
    if clash is not None:
        problems.append(clash)
        return None
    path = table_file(path)
    if not path.exists():
        return None
    table = read_table(path, TEXT_COLUMNS)
    problems.extend(table.problems)
    missing = table.missing(required)
    if missing is not None:
        problems.append(missing)
        return replace(table, rows=[])
    return table


def _budget_rows(path: Path, problems: list[Problem],
                 moment_columns: bool = True) -> tuple[list[dict[str, Any]], list[CsvRow]]:
    table = read_budget_table(path, ("kostnadsstalle", "kind") if moment_columns else
                              ("kostnadsstalle", "kind", "budget"), problems)
    if table is None:
        return [], []
    rows = table.rows
    misplaced = sorted({c for row in rows for c in row.values if c in MOMENT_COLUMNS}) if not moment_columns else []
    if misplaced:
        problems.append(table.at_header(f"columns {', '.join(misplaced)}: the year's budget.csv holds "
                                        "the budget and plan_<year>; utfall and prognos are written per reporting "
                                        "moment, in delar-MMDD/budget.csv and bokslut/budget.csv"))
        rows = [replace(r, values={k: v for k, v in r.values.items() if k not in MOMENT_COLUMNS}) for r in rows]
    if not moment_columns:
        problems += _lines_twice(table.path, rows)
    return [_with_plan(row.values) for row in rows], rows


def _lines_twice(path: Path, rows: list[CsvRow]) -> list[Problem]:
    """A budget line given in two rows would be added twice, or one of them lost."""
    first: dict[tuple[str, str], CsvRow] = {}
    problems = []
    for index, row in enumerate(rows):
        key = (row.values.get("kostnadsstalle", ""), row.values.get("kind", ""))
        if key in first:
            earlier = first[key]
            at = f"line {earlier.line}" if earlier.sheet is None else f"row {earlier.line}"
            problems.append(Problem(path if row.sheet is None else path.with_suffix(SPREADSHEET),
                                    *row.place(index, "kostnadsstalle"),
                                    f"{key[0]} ({key[1]}) has two rows; the first is on {at}"))
        first.setdefault(key, row)
    return problems


def _case_mistakes(folder: Path, expected: set[str]) -> list[Problem]:
    """A file whose name differs from one the tool reads only in case (``Budget.csv``) is not
    read, whatever the file system says: name it rather than leave it out without a word."""
    if not folder.is_dir():
        return []
    folded = {name.casefold(): name for name in expected}
    problems = []
    for path in sorted(folder.iterdir()):
        wanted = folded.get(path.name.casefold())
        if wanted is not None and wanted != path.name:
            problems.append(Problem(path, None, None, f"rapportkarna reads it only as {wanted} (names are "
                                                      "case-sensitive); rename it"))
        elif path.suffix.casefold() == ".toml" and path.suffix != ".toml" and folder.name == MEETINGS_DIR:
            problems.append(Problem(path, None, None, "rapportkarna reads meeting files only with the suffix .toml "
                                                      "(names are case-sensitive); rename it"))
    return problems


def _meetings(folder: Path, config: FederationConfig, problems: list[Problem]) -> list[tuple[Path, Meeting]]:
    body_ids = {b.id for b in config.organisation.bodies}
    meetings = []
    seen: dict[str, Path] = {}
    for path in sorted((folder / MEETINGS_DIR).glob("*.toml")):
        source = TomlFile(path)
        problems.extend(source.problems)
        if source.data is None:
            continue
        meeting = validate(Meeting, source.data, source.locator(), problems)
        if meeting is None:
            continue
        known = ", ".join(sorted(body_ids)) or "(none defined)"
        refs: list[tuple[Loc, str | None]] = [(("body",), meeting.body)]
        refs += [(("items", i, "referred_to"), item.referred_to) for i, item in enumerate(meeting.items)]
        for loc, ref in refs:
            if ref is not None and ref not in body_ids:
                problems.append(Problem(path, locate(source.index, loc), format_path(loc),
                                        f"unknown body '{ref}'; bodies in {CONFIG_FILE}: {known}"))
        if meeting.id in seen:
            problems.append(Problem(path, locate(source.index, ("id",)), "id",
                                    f"meeting id '{meeting.id}' is also used in "
                                    f"{MEETINGS_DIR}/{seen[meeting.id].name}; ids must be unique"))
        seen.setdefault(meeting.id, path)
        if folder.name.isdigit() and meeting.date.year != int(folder.name):
            problems.append(Problem(path, locate(source.index, ("date",)), "date",
                                    f"{meeting.date} is not in {folder.name}, the year of this folder"))
        meetings.append((path, meeting))
    return meetings


def load_meetings(folder: Path, config: FederationConfig) -> list[tuple[Path, Meeting]]:
    """The valid meetings of a year's folder, with their files; the year's own validation reports
    the others."""
    return _meetings(folder, config, [])


@dataclass(frozen=True)
class _Part:
    """Which part of a data extension a file holds: the year's or a moment's."""

    per_moment: bool

    def model(self, ext: DataExtension) -> type[BaseModel] | None:
        return ext.moment_model if self.per_moment else ext.model

    def tables(self, ext: DataExtension) -> dict[str, str]:
        return ext.moment_tables if self.per_moment else ext.tables

    @property
    def where(self) -> str:
        return MOMENT_FILE if self.per_moment else YEAR_FILE


def _extension(name: str, model: type[BaseModel], tables: dict[str, str], section: Any, folder: Path,
               source: TomlFile, problems: list[Problem]) -> BaseModel | None:
    data = dict(section) if isinstance(section, dict) else {}
    locators: dict[str, Locator] = {}
    for field_name, file_name in tables.items():
        path = folder / file_name
        if not path.exists():
            continue
        rows, csv_problems = read_csv(path)
        problems.extend(csv_problems)
        data[field_name] = [row.values for row in rows]
        locators[field_name] = csv_locator(path, rows, (field_name,))
    toml_where = source.locator(("extensions", name))

    def where(loc: Loc) -> tuple[Path, int | None, str]:
        if loc and loc[0] in locators:
            return locators[str(loc[0])](loc)
        return toml_where(loc)

    return validate(model, data, where, problems)


def _extensions(raw: Any, folder: Path, source: TomlFile, extensions: Mapping[str, DataExtension],
                part: _Part, problems: list[Problem]) -> dict[str, BaseModel]:
    if not isinstance(raw, dict):
        problems.append(Problem(source.path, locate(source.index, ("extensions",)), "extensions",
                                "expected a table of data extensions, [extensions.<name>]"))
        raw = {}
    loaded: dict[str, BaseModel] = {}
    here = {name: ext for name, ext in extensions.items() if part.model(ext) is not None}
    for name in raw:
        if name not in here:
            if name in extensions:
                other = "a reporting moment's moment.toml" if not part.per_moment else YEAR_FILE
                message = f"extension '{name}' is not recorded here but in {other}"
            else:
                offered = ", ".join(sorted(here)) or "none"
                message = f"no plugin of this federation provides extension '{name}'; provided: {offered}"
            problems.append(Problem(source.path, locate(source.index, ("extensions", name)),
                                    f"extensions.{name}", message))
    for name, ext in here.items():
        model, tables = part.model(ext), part.tables(ext)
        assert model is not None
        if name in raw or any((folder / f).exists() for f in tables.values()):
            value = _extension(name, model, tables, raw.get(name), folder, source, problems)
            if value is not None:
                loaded[name] = value
    return loaded


def _misplaced_tables(folder: Path, extensions: Mapping[str, DataExtension], part: _Part,
                      problems: list[Problem]) -> None:
    """A plugin's CSV file in the year folder when it belongs in a moment's, or the other way."""
    for ext in extensions.values():
        other = ext.tables if part.per_moment else ext.moment_tables
        for file_name in other.values():
            mine = (ext.moment_tables if part.per_moment else ext.tables).values()
            if file_name not in mine and (folder / file_name).exists():
                home = "the year's folder" if part.per_moment else f"a moment's folder ({MOMENT_NAMES})"
                problems.append(Problem(folder / file_name, None, None,
                                        f"{file_name} of extension '{ext.name}' belongs in {home}"))


def _moment_folders(folder: Path, year: int, problems: list[Problem]) -> list[MomentRef]:
    refs = []
    for path in sorted(p for p in folder.iterdir() if p.is_dir()):
        if path.name in (MEETINGS_DIR, "__pycache__") or path.name.startswith("."):
            continue
        ref = parse_moment_folder(path.name, year)
        if isinstance(ref, str):
            problems.append(Problem(path, None, None, ref))
        else:
            refs.append(ref)
    return refs


#: projekt.csv's columns → the fields of a project's follow-up (model.project.ProjectFollowUp).
PROJECT_COLUMNS = {"utfall": "spent", "prognos": "prognos"}


def _project_figures(path: Path, data: dict[str, Any], problems: list[Problem],
                     annual: bool = False) -> Callable[[Loc], tuple[Path, int | None, str] | None]:
    """Merge the moment's projekt.csv (or .xlsx) into ``[projects.<id>]`` of its moment.toml.

    A row's utfall is the project's upparbetat (``spent``) to the moment, its prognos the forecast
    for the year; the budget is the project's ``budget`` in year.toml and the status stays in
    moment.toml, so a project has one follow-up whichever file its figures are typed in. Returns
    where a merged field came from (None for what moment.toml says)."""
    table = read_budget_table(path, ("projekt",), problems)
    projects = data.get("projects")
    if table is None or not isinstance(projects, dict):
        return lambda loc: None
    unknown = [c for c in table.columns if c and c != "projekt" and c not in PROJECT_COLUMNS]
    if unknown:
        problems.append(table.at_header(
            f"unknown column {', '.join(repr(c) for c in unknown)}; {path.name} has the columns projekt, utfall "
            "and prognos (a project's budget is its budget in year.toml, its status in moment.toml)"))
        return lambda loc: None
    if annual and "prognos" in table.columns:
        problems.append(table.at_header("column 'prognos': the bokslut has the year's utfall; a prognos belongs "
                                        "to a delår"))
        return lambda loc: None
    places: dict[tuple[str, str], tuple[int, CsvRow, str]] = {}
    for index, row in enumerate(table.rows):
        project_id = row.values.get("projekt", "")
        followed = projects.get(project_id)
        line, place = row.place(index, "projekt")
        if not isinstance(followed, dict):
            problems.append(Problem(table.path, line, place, f"project '{project_id}' has no [projects.{project_id}] "
                                    "in moment.toml; its status is written there (status = \"pagaende\")"))
            continue
        if any((project_id, field_name) in places for field_name in PROJECT_COLUMNS.values()):
            problems.append(Problem(table.path, line, place, f"project '{project_id}' has two rows"))
            continue
        for column, field_name in PROJECT_COLUMNS.items():
            if column not in row.values:
                continue
            if field_name in followed:
                problems.append(Problem(table.path, *row.place(index, column),
                                        f"{column} of '{project_id}' is also given as projects.{project_id}."
                                        f"{field_name} in moment.toml; write it in one place"))
                continue
            followed = projects[project_id] = {**followed, field_name: row.values[column]}
            places[(project_id, field_name)] = (index, row, column)

    def where(loc: Loc) -> tuple[Path, int | None, str] | None:
        found = places.get((str(loc[1]), str(loc[2]))) if len(loc) > 2 else None
        if found is None:
            return None
        index, row, column = found
        return (table.path, *row.place(index, column))
    return where


def load_moment(folder: Path, ref: MomentRef, extensions: Mapping[str, DataExtension],
                problems: list[Problem]) -> MomentData | None:
    """Validate one moment's folder: moment.toml, budget.csv and plugins' moment tables."""
    path = folder / ref.id
    tables = {t for ext in extensions.values() for t in ext.moment_tables.values()}
    problems += _case_mistakes(path, {MOMENT_FILE, BUDGET_FILE, PROJECT_FILE, SIE_FILE, *tables,
                                      *(Path(n).with_suffix(SPREADSHEET).name for n in (BUDGET_FILE, PROJECT_FILE))})
    source = TomlFile(path / MOMENT_FILE) if (path / MOMENT_FILE).exists() else None
    if source is not None:
        problems.extend(source.problems)
    data = dict(source.data or {}) if source else {}
    raw_extensions = data.pop("extensions", {})
    loaded_extensions = _extensions(raw_extensions, path, source or TomlFile.empty(path / MOMENT_FILE),
                                    extensions, _Part(per_moment=True), problems)
    _misplaced_tables(path, extensions, _Part(per_moment=True), problems)
    outcomes, rows = _budget_rows(path / BUDGET_FILE, problems)
    if any("plan" in row or "budget" in row for row in outcomes):
        problems.append(Problem(table_file(path / BUDGET_FILE), 1, None,
                                "a moment's budget.csv has the columns kostnadsstalle, kind, utfall and "
                                "prognos; budget and plan_<year> belong in the year's budget.csv"))
        return None
    if "outcomes" in data:
        problems.append(Problem(source.path if source else path, None, "outcomes",
                                f"utfall and prognos are written in {ref.id}/{BUDGET_FILE}"))
    data["outcomes"] = outcomes
    project_where = _project_figures(path / PROJECT_FILE, data, problems, annual=ref.id == "bokslut")
    toml_where = source.locator() if source else (lambda loc: (path / MOMENT_FILE, None, format_path(loc)))
    csv_where = csv_locator(path / BUDGET_FILE, rows, ("outcomes",))

    def where(loc: Loc) -> tuple[Path, int | None, str]:
        merged = project_where(loc) if loc[:1] == ("projects",) else None
        if merged is not None:
            return merged
        return csv_where(loc) if rows and loc[:1] == ("outcomes",) else toml_where(loc)

    moment = validate(MomentData, data, where, problems)
    if not isinstance(moment, MomentData):
        return None
    return moment.model_copy(update={"extensions": loaded_extensions})


def load_year(root: Path, config: FederationConfig, year: int,
              extensions: Mapping[str, DataExtension]) -> LoadedYear:
    """Validate one year's folder and its moments; raise :class:`ValidationFailed` with every problem."""
    folder = root / str(year)
    source = TomlFile(folder / YEAR_FILE)
    problems = list(source.problems)
    year_files = (YEAR_FILE, BUDGET_FILE, RESULT_BUDGET_FILE, INVESTMENT_BUDGET_FILE)
    problems += _case_mistakes(folder, {*year_files, MEETINGS_DIR,
                                        *(Path(n).with_suffix(SPREADSHEET).name for n in year_files[1:]),
                                        *(t for ext in extensions.values() for t in ext.tables.values())})
    problems += _case_mistakes(folder / MEETINGS_DIR, set())
    data = dict(source.data or {})
    lines, rows = _budget_rows(folder / BUDGET_FILE, problems, moment_columns=False)
    meetings = _meetings(folder, config, problems)
    loaded_extensions = _extensions(data.pop("extensions", {}), folder, source, extensions,
                                    _Part(per_moment=False), problems)
    _misplaced_tables(folder, extensions, _Part(per_moment=False), problems)
    if "meetings" in data:
        problems.append(Problem(source.path, locate(source.index, ("meetings",)), "meetings",
                                f"meetings belong in {MEETINGS_DIR}/<id>.toml, one file each"))
        del data["meetings"]
    for key, message in MOVED_TO_MOMENTS.items():
        if key in data:
            problems.append(Problem(source.path, locate(source.index, (key,)), key, message))
            del data[key]
    moments: dict[str, MomentData] = {}
    sie: dict[str, SieFile] = {}
    for ref in _moment_folders(folder, year, problems):
        moment = load_moment(folder, ref, extensions, problems)
        if moment is not None:
            moments[ref.id] = moment
        books = read_moment_sie(folder / ref.id / SIE_FILE, problems)
        if books is not None:
            sie[ref.id] = books
    plan_tables = {key: (folder / name, *_plan_rows(folder / name, column, problems))
                   for key, name, column in (("resultatbudget", RESULT_BUDGET_FILE, "rad"),
                                             ("investeringsbudget", INVESTMENT_BUDGET_FILE, "projekt"))}
    if source.data is not None:
        if data.setdefault("year", year) != year:
            problems.append(Problem(source.path, locate(source.index, ("year",)), "year",
                                    f"says {data['year']} but the folder is {year}"))
        if lines:
            data["budget"] = {**data.get("budget", {}), "lines": lines}
        for key, (_, plan_rows, _) in plan_tables.items():
            if key in data:
                problems.append(Problem(source.path, locate(source.index, (key,)), key,
                                        f"the {key} is read from {key}.csv in the year's folder"))
            if plan_rows:
                data[key] = plan_rows
        toml_where = source.locator()
        tables: dict[Loc, tuple[int, Locator]] = {}
        if rows:
            tables[("budget", "lines")] = (2, csv_locator(folder / BUDGET_FILE, rows, ("budget", "lines")))
        for key, (path, _, csv_rows) in plan_tables.items():
            if csv_rows:
                tables[(key,)] = (1, csv_locator(path, csv_rows, (key,)))

        def where(loc: Loc) -> tuple[Path, int | None, str]:
            for prefix, (depth, table_where) in tables.items():
                if loc[:depth] == prefix:
                    if loc[depth + 1:depth + 2] == ("plan",) and len(loc) > depth + 2:  # plan_<year> columns
                        loc = (*loc[:depth + 1], f"plan_{loc[depth + 2]}", *loc[depth + 3:])
                    return table_where(loc)
            return toml_where(loc)

        year_data = validate(YearData, data, where, problems)
        if year_data is not None and not problems:
            # Meetings and extensions were validated from their own files above.
            year_data = year_data.model_copy(update={"meetings": [m for _, m in meetings],
                                                     "extensions": loaded_extensions})
            return LoadedYear(year_data, moments, sie)
    raise ValidationFailed(problems)
