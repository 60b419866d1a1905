"""The checks that tie the statements together. A failing check is an error naming both sides and
their figures: the report would otherwise print two figures that cannot both be true.

- the balansräkning balances: tillgångar = eget kapital, avsättningar och skulder;
- årets resultat equals the change in eget kapital;
- the kassaflödesanalys' closing cash equals kassa och bank, and opening cash plus the year's
  kassaflöde equals the closing cash;
- the driftredovisning per kostnadsställe sums to the resultaträkning's verksamhetens nettokostnad.

Member fees are reconciled with their budget line by :mod:`rapportkarna.economy.fees`.
"""

from decimal import Decimal

from rapportkarna.economy.accounts import Books
from rapportkarna.economy.roles import Role, line_id
from rapportkarna.errors import Problem
from rapportkarna.model import LineKey, LineKind
from rapportkarna.sie.checks import amount_text
from rapportkarna.sie.mapping import AccountMapping


def _get(books: Books, mapping: AccountMapping, role: Role, year: int) -> tuple[str, Decimal | None]:
    found = line_id(mapping, role)
    if found is None:
        return role.value, None
    statement = mapping.statements[found[0]]
    line = statement.line(found[1])
    label = f"{statement.title}: {line.label if line else found[1]}"
    return label, books.value(found[0], found[1], year)


def _equal(books: Books, what: str, left: tuple[str, Decimal | None], right: tuple[str, Decimal | None],
           year: int) -> list[Problem]:
    (a_label, a), (b_label, b) = left, right
    if a is None or b is None or a == b:
        return []
    when = books.ref.year + year
    return [Problem(books.path, None, None,
                    f"{what} ({when}): {a_label} is {amount_text(a)} but {b_label} is {amount_text(b)}, "
                    f"a difference of {amount_text(a - b)}; check the mapping (docs/sie.md) and the file")]


def statement_checks(books: Books, mapping: AccountMapping, balance_only: bool = False) -> list[Problem]:
    """The checks within one moment's books, for each year the file has."""
    problems: list[Problem] = []
    for year in books.figures.years:
        def get(role: Role, year: int = year) -> tuple[str, Decimal | None]:
            return _get(books, mapping, role, year)
        problems += _equal(books, "the balansräkning does not balance", get(Role.TOTAL_ASSETS),
                           get(Role.TOTAL_CLAIMS), year)
        if balance_only or year != 0:
            continue
        label, equity = get(Role.EQUITY)
        _, before = _get(books, mapping, Role.EQUITY, -1)
        if equity is not None and before is not None and books.has_previous:
            problems += _equal(books, "årets resultat is not the change in eget kapital", get(Role.RESULT),
                               (f"the change in {label.split(': ')[-1].lower()}", equity - before), year)
        problems += _equal(books, "the kassaflödesanalys does not end in kassa och bank", get(Role.CASH_END),
                           get(Role.CASH), year)
        start, flow = get(Role.CASH_START), get(Role.CASH_FLOW)
        if start[1] is not None and flow[1] is not None:
            problems += _equal(books, "the kassaflöde does not add up", get(Role.CASH_END),
                               (f"{start[0]} plus {flow[0].split(': ')[-1].lower()}", start[1] + flow[1]), year)
    return problems


def operating_check(books: Books, mapping: AccountMapping, utfall: dict[LineKey, Decimal]) -> list[Problem]:
    """The driftredovisning (utfall per kostnadsställe, income and costs positive) sums to the
    resultaträkning's verksamhetens nettokostnad."""
    if not utfall:
        return []
    income = sum((v for k, v in utfall.items() if k[1] is LineKind.INTAKT), Decimal(0))
    costs = sum((v for k, v in utfall.items() if k[1] is LineKind.KOSTNAD), Decimal(0))
    return _equal(books, "the driftredovisning does not sum to the resultaträkning",
                  ("the driftredovisning's intäkter minus kostnader", income - costs),
                  _get(books, mapping, Role.NET_OPERATING_COST, 0), 0)
