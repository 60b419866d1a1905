"""Apply an account mapping to a SIE file: Decimal figures per statement line, this year and last.

Each account's balances come from the file: the opening balance from ``#IB`` (else the year
before's ``#UB``), the closing balance from ``#UB`` or ``#RES`` (else, for year 0, the opening
balance plus the vouchers' rows). A line adds up its accounts' balances in its measure (closing,
opening or change) and turns the sign so that a reader sees what they expect: with ``credit``
income and skulder are positive, with ``debit`` assets are.

Two mistakes are errors, not guesses: an account with a balance that is on no line of a
statement that should cover it, and an account that two lines of one statement both count.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from rapportkarna.errors import Problem, ValidationFailed
from rapportkarna.sie.checks import amount_text
from rapportkarna.sie.mapping import AccountMapping, Line, Measure, Sign, Statement
from rapportkarna.sie.model import Balance, SieFile

ZERO = Decimal(0)
YEARS = (0, -1)
#: Accounts listed by name in one "two lines" problem before the rest are counted.
SHOWN_ACCOUNTS = 6


@dataclass(frozen=True)
class Balances:
    """One account's opening and closing balance in one year, with SIE's signs."""

    opening: Decimal = ZERO
    closing: Decimal = ZERO

    def measure(self, measure: Measure) -> Decimal:
        if measure is Measure.OPENING:
            return self.opening
        if measure is Measure.CLOSING:
            return self.closing
        return self.closing - self.opening

    @property
    def nonzero(self) -> bool:
        return bool(self.opening or self.closing)


class LineFigures(BaseModel):
    model_config = ConfigDict(defer_build=True)  # built when first made, as StrictModel

    id: str
    label: str
    is_sum: bool
    values: dict[int, Decimal] = Field(description="Year index (0, −1) → the line's value, sign turned.")
    accounts: list[str] = Field(default_factory=list, description="The accounts it counts (recounts too).")


class StatementFigures(BaseModel):
    model_config = ConfigDict(defer_build=True)  # built when first made, as StrictModel

    id: str
    title: str
    lines: list[LineFigures]

    def value(self, line_id: str, year: int = 0) -> Decimal:
        line = next(line for line in self.lines if line.id == line_id)
        return line.values[year]


class Figures(BaseModel):
    model_config = ConfigDict(defer_build=True)  # built when first made, as StrictModel

    mapping: str
    years: list[int] = Field(description="The year indexes the file has figures for: [0] or [0, -1].")
    statements: dict[str, StatementFigures]
    unmapped: dict[str, dict[str, dict[int, Decimal]]] = Field(
        default_factory=dict,
        description="Statement id → account → year → closing balance, for the accounts with a balance "
                    "that are on no line of a statement that should cover them.")

    def __getitem__(self, statement_id: str) -> StatementFigures:
        return self.statements[statement_id]


def _by_account(balances: Iterable[Balance], year: int) -> dict[str, Decimal]:
    return {b.account: b.amount for b in balances if b.year == year and not b.objects}


def account_balances(sie: SieFile, year: int) -> dict[str, Balances]:
    """Every account's balances in ``year``, by the rule in this module's documentation."""
    opening, closing = _by_account(sie.opening, year), _by_account(sie.closing, year)
    previous_closing, results = _by_account(sie.closing, year - 1), _by_account(sie.results, year)
    moved = sie.movements() if year == 0 else {}
    accounts = set(sie.accounts) | set(opening) | set(closing) | set(previous_closing) | set(results) | set(moved)
    balances = {}
    for account in accounts:
        start = opening.get(account, previous_closing.get(account, ZERO))
        end = closing.get(account, results.get(account))
        if end is None:
            end = start + moved.get(account, ZERO)
        balances[account] = Balances(start, end)
    return balances


def _turn(value: Decimal, sign: Sign) -> Decimal:
    return (value if sign is Sign.DEBIT else -value) + ZERO  # + 0 turns −0.00 into 0.00


def _statement(statement_id: str, statement: Statement, years: dict[int, dict[str, Balances]],
               accounts: list[str]) -> StatementFigures:
    lines: list[LineFigures] = []
    done: dict[str, LineFigures] = {}
    for line in statement.lines:
        if line.sum:
            values = {y: sum((done[ref].values[y] for ref in line.sum), ZERO) for y in years}
            figures = LineFigures(id=line.id, label=line.label, is_sum=True, values=values)
        else:
            counted, recounted = line.counted, line.recounted
            mine = [a for a in accounts if counted.matches(a) or recounted.matches(a)]
            # An account both counted and recounted by one line counts twice, as written.
            weights = {a: counted.matches(a) + recounted.matches(a) for a in mine}
            measure, sign = line.measure or statement.measure, line.sign or statement.sign
            values = {y: _turn(sum((balances[a].measure(measure) * weights[a] for a in mine
                                    if a in balances), ZERO), sign)
                      for y, balances in years.items()}
            figures = LineFigures(id=line.id, label=line.label, is_sum=False, values=values, accounts=mine)
        lines.append(figures)
        done[line.id] = figures
    return StatementFigures(id=statement_id, title=statement.title, lines=lines)


def _account_line(sie: SieFile, account: str) -> int | None:
    known = sie.accounts.get(account)
    if known and known.line:
        return known.line
    lines = [b.line for b in (*sie.opening, *sie.closing, *sie.results) if b.account == account]
    return min(lines, default=None)


def _named(sie: SieFile, account: str) -> str:
    name = sie.account_name(account)
    return f"{account} {name!r}" if name else account


def _double(sie: SieFile, statement: Statement, accounts: list[str]) -> list[Problem]:
    """Accounts in the statement's scope that two of its lines count: one problem per pair of lines."""
    covers = statement.covers
    owners: dict[tuple[int, int], list[str]] = defaultdict(list)
    owning = [(i, line) for i, line in enumerate(statement.lines) if not line.sum]
    for account in accounts:
        if not covers.matches(account):
            continue
        hits = [i for i, line in owning if line.counted.matches(account)]
        for second in hits[1:]:
            owners[(hits[0], second)].append(account)
    problems = []
    for (first, second), clashing in sorted(owners.items()):
        line: Line = statement.lines[second]
        file, at, path = line.origin
        shown = ", ".join(_named(sie, a) for a in clashing[:SHOWN_ACCOUNTS])
        more = f" and {len(clashing) - SHOWN_ACCOUNTS} more" if len(clashing) > SHOWN_ACCOUNTS else ""
        problems.append(Problem(file, at, f"{path}.accounts",
                                f"{statement.title}: line '{line.id}' counts accounts that line "
                                f"'{statement.lines[first].id}' counts too: {shown}{more}; an account "
                                "belongs to one line (use exclude on one of them)"))
    return problems


def _unmapped(statement: Statement, years: dict[int, dict[str, Balances]],
              accounts: list[str]) -> dict[str, dict[int, Balances]]:
    """Accounts in the statement's scope with a balance in some year, that no line counts."""
    covers = statement.covers
    owning = [line.counted for line in statement.lines if not line.sum]
    unmapped = {}
    for account in accounts:
        if not covers.matches(account) or any(line.matches(account) for line in owning):
            continue
        held = {y: b[account] for y, b in years.items() if account in b and b[account].nonzero}
        if held:
            unmapped[account] = held
    return unmapped


def _unmapped_problems(sie: SieFile, mapping: AccountMapping, statement: Statement,
                       unmapped: dict[str, dict[int, Balances]]) -> list[Problem]:
    problems = []
    for account, held in unmapped.items():
        shown = ", ".join(f"{amount_text(b.closing)} at the end of year {y}" if b.closing
                          else f"{amount_text(b.opening)} at the start of year {y}" for y, b in held.items())
        problems.append(Problem(sie.path, _account_line(sie, account), f"account {account}",
                                f"account {_named(sie, account)} (balance {shown}) is on no line of the "
                                f"{statement.title} of mapping {mapping.name}; add it to a line, "
                                "for example in an override (see docs/sie.md)"))
    return problems


def years_of(sie: SieFile) -> list[int]:
    """0, and −1 where the file has the year before (#RAR −1 or any balance of it)."""
    previous = -1 in sie.years or any(b.year == -1 for b in (*sie.opening, *sie.closing, *sie.results))
    return [0, -1] if previous else [0]


def map_figures(sie: SieFile, mapping: AccountMapping) -> tuple[Figures, list[Problem]]:
    """The figures of every statement, and the mapping's problems with this file (not raised)."""
    years = {y: account_balances(sie, y) for y in years_of(sie)}
    accounts = sorted(set().union(*(b.keys() for b in years.values())))
    statements, problems, unmapped = {}, [], {}
    for statement_id, statement in mapping.statements.items():
        statements[statement_id] = _statement(statement_id, statement, years, accounts)
        problems += _double(sie, statement, accounts)
        missing = _unmapped(statement, years, accounts)
        problems += _unmapped_problems(sie, mapping, statement, missing)
        if missing:
            unmapped[statement_id] = {a: {y: b.closing for y, b in held.items()} for a, held in missing.items()}
    return Figures(mapping=mapping.name, years=list(years), statements=statements, unmapped=unmapped), problems


def apply_mapping(sie: SieFile, mapping: AccountMapping) -> Figures:
    """The figures of every statement; raise :class:`ValidationFailed` if the mapping does not
    fit the file (an account on no line, or on two)."""
    figures, problems = map_figures(sie, mapping)
    if problems:
        raise ValidationFailed(problems)
    return figures
