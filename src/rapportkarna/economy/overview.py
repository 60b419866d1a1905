"""Key ratios of one year's accounts, and the femårsöversikt that lines five years of them up.

soliditet = eget kapital / tillgångar; soliditet inklusive pensionsförpliktelser = (eget kapital −
ansvarsförbindelsen för pensioner) / tillgångar; kassalikviditet = (omsättningstillgångar − förråd)
/ kortfristiga skulder; nettoinvesteringar = the kassaflödesanalys' investments, turned positive;
självfinansieringsgrad = (årets resultat + avskrivningar) / nettoinvesteringar. All in percent.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from rapportkarna.economy.accounts import Books
from rapportkarna.economy.roles import Role, line_id
from rapportkarna.sie.mapping import AccountMapping

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class YearBooks:
    """Where one year's closing figures are: a file and the year index in it (0 or −1)."""

    year: int
    books: Books
    index: int
    pensions: Decimal | None = None

    def get(self, mapping: AccountMapping, role: Role) -> Decimal | None:
        found = line_id(mapping, role)
        return self.books.value(found[0], found[1], self.index) if found else None


def _ratio(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or not b else a / b * HUNDRED


def key_ratios(source: YearBooks, mapping: AccountMapping) -> dict[str, Decimal | None]:
    get: Callable[[Role], Decimal | None] = lambda role: source.get(mapping, role)  # noqa: E731
    result, assets, equity = get(Role.RESULT), get(Role.TOTAL_ASSETS), get(Role.EQUITY)
    current, inventory, short = get(Role.CURRENT_ASSETS), get(Role.INVENTORY), get(Role.CURRENT_LIABILITIES)
    investments, depreciation = get(Role.INVESTMENTS), get(Role.DEPRECIATION)
    income = get(Role.OPERATING_INCOME)
    net_investments = -investments if investments is not None else None
    own_funds = result - depreciation if result is not None and depreciation is not None else result
    liquid = current - (inventory or 0) if current is not None else None
    with_pensions = equity - source.pensions if equity is not None and source.pensions is not None else None
    return {
        "arets_resultat": result,
        "verksamhetens_intakter": income,
        "resultat_andel_av_intakter": _ratio(result, income),
        "soliditet": _ratio(equity, assets),
        "soliditet_inkl_pensioner": _ratio(with_pensions, assets),
        "kassalikviditet": _ratio(liquid, short),
        "nettoinvesteringar": net_investments,
        "sjalvfinansieringsgrad": _ratio(own_funds, net_investments),
        "eget_kapital": equity,
        "likvida_medel": get(Role.CASH),
    }


#: The femårsöversikt's rows: key, label, kind ('amount' or 'percent').
OVERVIEW_ROWS = (
    ("verksamhetens_intakter", "Verksamhetens intäkter", "amount"),
    ("arets_resultat", "Årets resultat", "amount"),
    ("soliditet", "Soliditet", "percent"),
    ("soliditet_inkl_pensioner", "Soliditet inklusive pensionsförpliktelser", "percent"),
    ("kassalikviditet", "Kassalikviditet", "percent"),
    ("nettoinvesteringar", "Nettoinvesteringar", "amount"),
    ("sjalvfinansieringsgrad", "Självfinansieringsgrad av investeringar", "percent"),
)


@dataclass
class OverviewRow:
    key: str
    label: str
    kind: str
    values: list[Decimal | None]


@dataclass
class Overview:
    years: list[int]
    rows: list[OverviewRow]
    missing: list[int]
    """Years of the five with no bokslut to take figures from."""

    def series(self, key: str) -> list[Decimal | None]:
        return next(row.values for row in self.rows if row.key == key)


def femarsoversikt(year: int, sources: dict[int, YearBooks], mapping: AccountMapping) -> Overview:
    years = list(range(year - 4, year + 1))
    ratios = {y: key_ratios(sources[y], mapping) for y in years if y in sources}
    rows = [OverviewRow(key, label, kind, [ratios[y][key] if y in ratios else None for y in years])
            for key, label, kind in OVERVIEW_ROWS]
    return Overview(years, rows, [y for y in years if y not in sources])
