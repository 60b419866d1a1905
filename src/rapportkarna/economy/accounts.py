"""A federation's books: each moment's SIE file read through the federation's account mapping.

The mapping is named in federation.toml (``[accounts] mapping``): a built-in one, or a file that
must lie inside the federation's folder, as must its overrides. Each moment's ``bokforing.se`` is
mapped once into :class:`Books`, which the statements, the driftredovisning and the checks read.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rapportkarna.containment import inside
from rapportkarna.errors import Problem, ValidationFailed
from rapportkarna.locations import Locations
from rapportkarna.model import MomentRef
from rapportkarna.sie.figures import Balances, Figures, StatementFigures, account_balances, map_figures
from rapportkarna.sie.mapping import AccountMapping, builtin_names, load_mapping
from rapportkarna.sie.model import SieFile
from rapportkarna.workspace import Federation

ZERO = Decimal(0)


def _inside(federation: Federation, name: str, loc: tuple[str | int, ...], where: Locations) -> Path:
    path = federation.root / name
    if not inside(path, [federation.root]) or not path.is_file():
        raise ValidationFailed([where.in_config(loc, f"'{name}' is not a built-in mapping "
                                                f"({', '.join(builtin_names())}) nor a file inside "
                                                f"{federation.root}")])
    return path


def mapping_for(federation: Federation) -> AccountMapping | None:
    """The federation's account mapping with its overrides; None where it keeps no accounts here.

    Raises :class:`ValidationFailed` naming the file and line of every problem.
    """
    settings = federation.config.accounts
    if settings is None:
        return None
    where = Locations(federation)
    top: str | Path = settings.mapping
    if settings.mapping not in builtin_names():
        top = _inside(federation, settings.mapping, ("accounts", "mapping"), where)
    overrides = [_inside(federation, name, ("accounts", "overrides", i), where)
                 for i, name in enumerate(settings.overrides)]
    return load_mapping(top, overrides, roots=[federation.root])


@dataclass(frozen=True)
class Books:
    """One moment's accounts: its SIE file and the mapped figures of year 0 and, where the file has
    it, year −1."""

    ref: MomentRef
    sie: SieFile
    figures: Figures
    _balances: dict[int, dict[str, Balances]] = field(default_factory=dict, compare=False, repr=False)

    def balances(self, year: int) -> dict[str, Balances]:
        """Every account's opening and closing balance in ``year`` (0 or −1), with SIE's signs."""
        if year not in self._balances:
            self._balances[year] = account_balances(self.sie, year)
        return self._balances[year]

    @property
    def path(self) -> Path:
        return self.sie.path

    @property
    def has_previous(self) -> bool:
        return -1 in self.figures.years

    def statement(self, statement_id: str) -> StatementFigures | None:
        return self.figures.statements.get(statement_id)

    def value(self, statement_id: str, line_id: str, year: int = 0) -> Decimal | None:
        """A line's figure, sign turned for the reader; None where the mapping has no such line."""
        statement = self.statement(statement_id)
        line = next((line for line in statement.lines if line.id == line_id), None) if statement else None
        return line.values.get(year) if line else None

    def accounts_of(self, statement_id: str, line_id: str) -> list[str]:
        statement = self.statement(statement_id)
        line = next((line for line in statement.lines if line.id == line_id), None) if statement else None
        return list(line.accounts) if line else []


def map_books(ref: MomentRef, sie: SieFile, mapping: AccountMapping) -> tuple[Books, list[Problem]]:
    """The moment's books, and the mapping's problems with its file (accounts on no line or two)."""
    figures, problems = map_figures(sie, mapping)
    return Books(ref, sie, figures), problems


class Ledger:
    """Every moment's books of one federation, mapped once and kept for the build."""

    def __init__(self, mapping: AccountMapping) -> None:
        self.mapping = mapping
        self._books: dict[tuple[int, str], tuple[Books, list[Problem]]] = {}

    def map(self, ref: MomentRef, sie: SieFile) -> tuple[Books, list[Problem]]:
        """The moment's books and the mapping's problems with its file (mapped on first use)."""
        key = (ref.year, ref.id)
        if key not in self._books:
            self._books[key] = map_books(ref, sie, self.mapping)
        return self._books[key]
