"""Write the example federations' SIE 4 files (``bokforing.se``), deterministically.

Run from the repository root:

    .venv/bin/python scripts/example_sie.py              # write every example file
    .venv/bin/python scripts/example_sie.py --check      # exit 1 if a committed file differs
    .venv/bin/python scripts/example_sie.py --big 100000 /tmp/big.se   # a synthetic benchmark file

The books are simulated, not drawn at random: every federation's ledger starts from an opening
balance sheet and runs month by month through fees, payroll, supplier and customer invoices with
their payments, grants, investments and depreciation, interest and the year-end entries (with the
result closed to eget kapital on 31 December). Each file is one view of that ledger: the year's
vouchers up to the moment's last day, with ``#IB``/``#UB``/``#RES`` that follow from them and the
previous year's closing balances as year −1. So every voucher balances, ``#IB`` + the year's rows
= ``#UB`` (resp. ``#RES``), and a year's ``#UB`` is the next year's ``#IB``.

- **Kommunalförbundet Botnia Digital** (``federations/botniadigital``, Kommun-Bas): bokslut 2021–2025,
  delår per 31 August 2025 and 2026. The member fees are the year's rate per inhabitant times each
  member's population (federation.toml ``members[].population``, year.toml ``[fees]``).
- **Kommunförbundet Norrbotten** (BAS, ideell förening): bokslut 2010 and 2011, delår per 30 June
  2010 and 2011, with the utfall per kostnadsställe of the moments' budget.csv.
- **Kommunförbundet Västernorrland** (BAS, ideell förening): bokslut 2005 and 2007, delår per
  31 August 2007, likewise.

Nothing depends on the clock or on chance; ``--big`` uses a fixed seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FEDERATIONS = ROOT / "federations"
ZERO = Decimal(0)
CENT = Decimal("0.01")
KOSTNADSSTALLE = 1
PROJEKT = 6

Objects = tuple[tuple[int, str], ...]


# -- the ledger -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    account: str
    amount: Decimal
    objects: Objects = ()


@dataclass
class Voucher:
    series: str
    date: dt.date
    text: str
    rows: list[Row]


@dataclass(frozen=True)
class Company:
    name: str
    org_number: str
    fnr: str
    program: str
    version: str
    kptyp: str
    signature: str


@dataclass(frozen=True)
class Chart:
    """Account names and dimension objects: what the file's #KONTO and #OBJEKT lines may name."""

    accounts: Mapping[str, str]
    objects: Mapping[int, Mapping[str, str]]


def is_balance(account: str) -> bool:
    return account[0] in "12"


def kr(value: float | int | Decimal) -> Decimal:
    """Whole kronor, rounded half up (the simulation books whole kronor)."""
    return Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def split(total: Decimal, parts: int) -> list[Decimal]:
    """``total`` in ``parts`` whole-krona amounts that add up to it exactly (the last takes the rest)."""
    each = (total / parts).quantize(Decimal(1), rounding="ROUND_FLOOR")
    return [each] * (parts - 1) + [total - each * (parts - 1)]


class Ledger:
    """Every voucher of one organisation's books over several years, from an opening balance sheet."""

    def __init__(self, first_year: int, opening: Mapping[str, Decimal]) -> None:
        if sum(opening.values(), ZERO) != 0:
            raise ValueError(f"the opening balance sheet does not balance: {sum(opening.values(), ZERO)}")
        self.first_year = first_year
        self.opening = dict(opening)
        self.vouchers: list[Voucher] = []

    def add(self, series: str, date: dt.date, text: str, rows: Iterable[Row]) -> None:
        kept = [row for row in rows if row.amount != 0]
        if not kept:
            return
        total = sum((row.amount for row in kept), ZERO)
        if total != 0:
            raise ValueError(f"voucher '{text}' of {date} does not balance: {total}")
        self.vouchers.append(Voucher(series, date, text, kept))

    def movements(self, start: dt.date, end: dt.date, result_accounts: bool) -> dict[str, Decimal]:
        sums: defaultdict[str, Decimal] = defaultdict(Decimal)
        for voucher in self.vouchers:
            if start <= voucher.date <= end:
                for row in voucher.rows:
                    if is_balance(row.account) != result_accounts:
                        sums[row.account] += row.amount
        return dict(sums)

    def balances_at(self, day: dt.date) -> dict[str, Decimal]:
        """The balance accounts at the end of ``day``."""
        sums = defaultdict(Decimal, self.opening)
        for account, amount in self.movements(dt.date(self.first_year, 1, 1), day, False).items():
            sums[account] += amount
        return dict(sums)

    def result_of(self, year: int, end: dt.date | None = None) -> dict[str, Decimal]:
        return self.movements(dt.date(year, 1, 1), end or dt.date(year, 12, 31), True)

    def close_year(self, year: int, equity: str, carried: str) -> Decimal:
        """Book the year's result to ``equity`` on 31 December (8999 Årets resultat), and move it
        to ``carried`` on 2 January; return the result (positive = surplus)."""
        total = sum((v for a, v in self.result_of(year).items() if a != "8999"), ZERO)
        self.add("Ö", dt.date(year, 12, 31), f"Årets resultat {year}", [Row("8999", -total), Row(equity, total)])
        self.add("Ö", dt.date(year + 1, 1, 2), f"Omföring av årets resultat {year}", [Row(equity, -total),
                                                                                        Row(carried, total)])
        return -total

    def view(self, year: int, until: dt.date) -> YearView:
        first = dt.date(year, 1, 1)
        opening = self.balances_at(first - dt.timedelta(days=1)) if year > self.first_year else dict(self.opening)
        chosen = [v for v in self.vouchers if first <= v.date <= until]
        return YearView(year, until, opening, chosen)


@dataclass
class YearView:
    """One year of the ledger up to a day: what a SIE file of that moment holds for the year."""

    year: int
    until: dt.date
    opening: dict[str, Decimal]
    vouchers: list[Voucher]
    closing: dict[str, Decimal] = field(init=False)
    results: dict[str, Decimal] = field(init=False)

    def __post_init__(self) -> None:
        closing = defaultdict(Decimal, self.opening)
        results: defaultdict[str, Decimal] = defaultdict(Decimal)
        for voucher in self.vouchers:
            for row in voucher.rows:
                (closing if is_balance(row.account) else results)[row.account] += row.amount
        self.closing, self.results = dict(closing), dict(results)

    def numbered(self) -> list[tuple[int, Voucher]]:
        """Vouchers in date order, numbered from 1 in each series (as an accounting system does)."""
        counters: defaultdict[str, int] = defaultdict(int)
        out = []
        for voucher in sorted(self.vouchers, key=lambda v: (v.date, v.series)):
            counters[voucher.series] += 1
            out.append((counters[voucher.series], voucher))
        return out


# -- the writer -----------------------------------------------------------------------------------

def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def amount_text(amount: Decimal) -> str:
    return f"{(amount + ZERO).quantize(CENT)}"


def day_text(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def objects_text(objects: Objects) -> str:
    return "{" + " ".join(f'{dim} {quoted(obj)}' for dim, obj in objects) + "}"


def account_type(account: str) -> str:
    """#KTYP: T tillgång, S skuld (and eget kapital), I intäkt, K kostnad."""
    return {"1": "T", "2": "S", "3": "I"}.get(account[0], "K")


def sie_text(company: Company, chart: Chart, current: YearView, previous: YearView | None,
             generated: dt.date) -> str:
    """A SIE 4 file (type 4: balances and vouchers) of ``current``, with ``previous`` as year −1."""
    year = current.year
    lines = ["#FLAGGA 0", "#FORMAT PC8", "#SIETYP 4",
             f"#PROGRAM {quoted(company.program)} {company.version}",
             f"#GEN {day_text(generated)} {quoted(company.signature)}",
             f"#FNR {quoted(company.fnr)}", f"#ORGNR {company.org_number}", f"#FNAMN {quoted(company.name)}",
             f"#RAR 0 {year}0101 {year}1231"]
    if previous is not None:
        lines.append(f"#RAR -1 {previous.year}0101 {previous.year}1231")
    if current.until != dt.date(year, 12, 31):
        lines.append(f"#OMFATTN {day_text(current.until)}")
    lines += [f"#KPTYP {quoted(company.kptyp)}", "#VALUTA SEK"]
    views = [(0, current)] + ([(-1, previous)] if previous else [])
    used = {row.account for v in current.vouchers for row in v.rows}
    for _, view in views:
        used |= {a for a, b in (*view.opening.items(), *view.closing.items(), *view.results.items()) if b}
    missing = sorted(used - set(chart.accounts))
    if missing:
        raise KeyError(f"accounts without a name in the chart: {', '.join(missing)}")
    accounts = sorted(used)
    lines += [f"#KONTO {a} {quoted(chart.accounts[a])}" for a in accounts]
    lines += [f"#KTYP {a} {account_type(a)}" for a in accounts]
    names = {KOSTNADSSTALLE: "Kostnadsställe", PROJEKT: "Projekt"}
    for dim, objects in sorted(chart.objects.items()):
        lines.append(f"#DIM {dim} {quoted(names[dim])}")
        lines += [f"#OBJEKT {dim} {quoted(obj)} {quoted(name)}" for obj, name in sorted(objects.items())]
    for index, view in views:
        for account in accounts:
            if not is_balance(account):
                continue
            opening, closing = view.opening.get(account, ZERO), view.closing.get(account, ZERO)
            if opening or closing:
                lines += [f"#IB {index} {account} {amount_text(opening)}", f"#UB {index} {account} {amount_text(closing)}"]
        lines += [f"#RES {index} {a} {amount_text(view.results[a])}" for a in accounts
                  if not is_balance(a) and view.results.get(a)]
    for number, voucher in current.numbered():
        lines.append(f"#VER {voucher.series} {number} {day_text(voucher.date)} {quoted(voucher.text)} "
                     f"{day_text(voucher.date)}")
        lines.append("{")
        lines += [f"   #TRANS {row.account} {objects_text(row.objects)} {amount_text(row.amount)}"
                  for row in voucher.rows]
        lines.append("}")
    return "\r\n".join(lines) + "\r\n"


def write_sie(path: Path, company: Company, chart: Chart, current: YearView, previous: YearView | None,
              generated: dt.date) -> None:
    """Write the file in code page 437 (#FORMAT PC8), as the SIE 4 standard asks."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(sie_text(company, chart, current, previous, generated).encode("cp437"))


# -- shared bookkeeping routines ------------------------------------------------------------------


def day(year: int, month: int, dom: int) -> dt.date:
    """Day ``dom`` of a month, or its last day if the month is shorter; month 13 is next January."""
    if month > 12:
        year, month = year + 1, month - 12
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(dom, last))


@dataclass(frozen=True)
class Payroll:
    """Accounts and rates of a payroll: salary accounts → arbetsgivaravgifter, pension, tax."""

    social: str
    social_rate: Decimal
    pension: str | None
    pension_rate: Decimal
    pension_tax: str | None
    tax_liability: str
    social_liability: str
    pension_liability: str | None
    tax_rate: Decimal = Decimal("0.31")
    pensionless: tuple[str, ...] = ("5031",)
    """Salary accounts without occupational pension (arvoden to förtroendevalda)."""

    def costs(self, account: str, amount: Decimal) -> tuple[Decimal, Decimal, Decimal]:
        """Arbetsgivaravgifter, pension and löneskatt on it, of a salary on ``account``."""
        social = kr(amount * self.social_rate)
        if not (self.pension and self.pension_tax) or account in self.pensionless:
            return social, ZERO, ZERO
        pension = kr(amount * self.pension_rate)
        return social, pension, kr(pension * Decimal("0.2426"))


def book_payroll(ledger: Ledger, payroll: Payroll, year: int, month: int,
                 salaries: Mapping[tuple[str, str, str | None], Decimal], bank: str) -> Decimal:
    """The month's payroll on the 25th: salaries per kostnadsställe (and project) with their
    arbetsgivaravgifter and pension, the tax withheld and the net pay; the tax and avgifter are
    paid on the 12th of the next month."""
    rows: list[Row] = []
    gross = social_total = pension_total = ZERO
    for (code, account, project), amount in sorted(salaries.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or "")):
        if not amount:
            continue
        objects: Objects = ((KOSTNADSSTALLE, code),) + (((PROJEKT, project),) if project else ())
        social, pension, tax = payroll.costs(account, amount)
        rows += [Row(account, amount, objects), Row(payroll.social, social, objects)]
        gross += amount
        social_total += social
        if payroll.pension and payroll.pension_tax and pension:
            rows += [Row(payroll.pension, pension, objects), Row(payroll.pension_tax, tax, objects)]
            pension_total += pension + tax
    withheld = kr(gross * payroll.tax_rate)
    rows += [Row(payroll.tax_liability, -withheld), Row(payroll.social_liability, -social_total),
             Row(bank, -(gross - withheld))]
    if payroll.pension_liability:
        rows.append(Row(payroll.pension_liability, -pension_total))
    names = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
             "november", "december"]
    ledger.add("L", day(year, month, 25), f"Lön {names[month - 1]} {year}", rows)
    ledger.add("B", day(year, month + 1, 12), f"Skatter och arbetsgivaravgifter {names[month - 1]} {year}",
               [Row(payroll.tax_liability, withheld), Row(payroll.social_liability, social_total),
                Row(bank, -(withheld + social_total))])
    return pension_total


def book_invoices(ledger: Ledger, year: int, month: int, costs: Mapping[tuple[str, str, str | None], Decimal],
                  payable: str, bank: str) -> None:
    """The month's supplier invoices, one voucher per kostnadsställe, paid together on the 28th of
    the next month (so December's stand as leverantörsskulder at the year's end)."""
    by_centre: defaultdict[str, list[Row]] = defaultdict(list)
    for (code, account, project), amount in sorted(costs.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or "")):
        objects: Objects = ((KOSTNADSSTALLE, code),) + (((PROJEKT, project),) if project else ())
        by_centre[code].append(Row(account, amount, objects))
    total = ZERO
    for index, (code, rows) in enumerate(sorted(by_centre.items())):
        amount = sum((r.amount for r in rows), ZERO)
        total += amount
        ledger.add("A", day(year, month, 4 + (3 * index + month) % 20), f"Leverantörsfakturor kostnadsställe {code}",
                   [*rows, Row(payable, -amount)])
    ledger.add("B", day(year, month + 1, 28), "Betalning av leverantörsfakturor", [Row(payable, total), Row(bank, -total)])


def book_sales(ledger: Ledger, year: int, month: int, income: Mapping[tuple[str, str, str | None], Decimal],
               receivable: str, bank: str, paid_day: int = 25, text: str = "Kundfakturor") -> None:
    """The month's customer invoices on the 5th, paid on ``paid_day`` of the next month."""
    rows = [Row(account, -amount, ((KOSTNADSSTALLE, code),) + (((PROJEKT, project),) if project else ()))
            for (code, account, project), amount in sorted(income.items(), key=lambda kv: (kv[0][0], kv[0][1],
                                                                                             kv[0][2] or ""))]
    total = -sum((r.amount for r in rows), ZERO)
    ledger.add("K", day(year, month, 5), text, [Row(receivable, total), *rows])
    ledger.add("B", day(year, month + 1, paid_day), f"Inbetalning: {text.lower()}", [Row(bank, total),
                                                                                     Row(receivable, -total)])


def monthly(annual: Mapping[tuple[str, str, str | None], Decimal], last: int = 12
            ) -> list[dict[tuple[str, str, str | None], Decimal]]:
    """Annual amounts per key in twelve monthly parts (only the first ``last`` months returned)."""
    parts = {key: split(value, 12) for key, value in annual.items()}
    return [{key: values[m] for key, values in parts.items() if values[m]} for m in range(last)]


# -- Kommunalförbundet Botnia Digital (Kommun-Bas) ------------------------------------------------

BOTNIA = Company("Kommunalförbundet Botnia Digital", "222000-3185", "BOTNIADIG", "Kommunekonomi Norr", "7.4",
                 "Kommun-Bas 20", "Ekonomienheten")

BOTNIA_ACCOUNTS = {
    "1011": "Programvaror och licenser, anskaffningsvärde",
    "1019": "Programvaror och licenser, ackumulerade avskrivningar",
    "1221": "IT-utrustning, anskaffningsvärde",
    "1229": "IT-utrustning, ackumulerade avskrivningar",
    "1231": "Nätverksutrustning, anskaffningsvärde",
    "1239": "Nätverksutrustning, ackumulerade avskrivningar",
    "1511": "Kundfordringar",
    "1710": "Förutbetalda kostnader",
    "1790": "Upplupna intäkter",
    "1930": "Bank",
    "2010": "Årets resultat",
    "2050": "Övrigt eget kapital",
    "2211": "Avsättning för pensioner",
    "2215": "Avsättning för löneskatt på pensioner",
    "2321": "Lån från Kommuninvest",
    "2441": "Leverantörsskulder",
    "2711": "Personalens källskatt",
    "2731": "Avräkning lagstadgade sociala avgifter",
    "2920": "Semesterlöneskuld",
    "2940": "Upplupna pensionskostnader, individuell del",
    "3411": "Statsbidrag",
    "3431": "EU-bidrag",
    "3441": "Bidrag från Region Västerbotten",
    "3511": "Medlemsavgifter",
    "3521": "Försäljning av tjänster till medlemskommuner",
    "3531": "Försäljning av tjänster till övriga",
    "4610": "Köp av konsulttjänster",
    "4630": "Köp av drift- och molntjänster",
    "5011": "Löner tillsvidareanställda",
    "5021": "Löner visstidsanställda",
    "5031": "Arvoden förtroendevalda",
    "5081": "Förändring av semesterlöneskuld",
    "5411": "Arbetsgivaravgifter",
    "5511": "Pensionskostnader, individuell del",
    "5521": "Pensionskostnader, förmånsbestämd ålderspension",
    "5591": "Löneskatt på pensionskostnader",
    "5611": "Utbildning och kompetensutveckling",
    "6110": "Lokalhyror",
    "6410": "Förbrukningsinventarier",
    "6540": "Programlicenser och supportavtal",
    "6550": "Datakommunikation och nätverkstjänster",
    "7010": "Resor och logi",
    "7110": "Försäkringar",
    "7310": "Konferenser och representation",
    "7610": "Revision",
    "7690": "Övriga verksamhetskostnader",
    "7811": "Avskrivningar programvaror och licenser",
    "7831": "Avskrivningar IT-utrustning",
    "7832": "Avskrivningar nätverksutrustning",
    "8411": "Ränteintäkter",
    "8511": "Räntekostnader lån",
    "8541": "Ränta på pensionsavsättning",
    "8999": "Årets resultat",
}


@dataclass(frozen=True)
class Centre:
    code: str
    name: str
    group: str


BOTNIA_CENTRES = [
    Centre("100", "Förbundsfullmäktige och styrelse", "Politisk verksamhet och ledning"),
    Centre("110", "Revision", "Politisk verksamhet och ledning"),
    Centre("120", "Förbundskansli", "Politisk verksamhet och ledning"),
    Centre("190", "Avskrivningar", "Politisk verksamhet och ledning"),
    Centre("200", "Drift och infrastruktur", "IT-drift"),
    Centre("210", "Nätverk och kommunikation", "IT-drift"),
    Centre("220", "Informationssäkerhet", "IT-drift"),
    Centre("300", "E-arkiv", "Digitala tjänster"),
    Centre("310", "E-tjänster och integrationer", "Digitala tjänster"),
    Centre("320", "Servicedesk", "Digitala tjänster"),
    Centre("400", "Utvecklingsprojekt", "Utveckling och projekt"),
    Centre("900", "Medlemsavgifter", "Finansiering"),
]

#: Members by kommunkod: name and population on 31 December (SCB's figures, rounded; example data).
BOTNIA_MEMBERS: dict[str, tuple[str, dict[int, int]]] = {
    "2480": ("Umeå", {2018: 127119, 2019: 128901, 2020: 130224, 2021: 131155, 2022: 132235, 2023: 133310, 2024: 134220,
                      2025: 135050}),
    "2482": ("Skellefteå", {2018: 72558, 2019: 72841, 2020: 73179, 2021: 73982, 2022: 75254, 2023: 76690, 2024: 77652,
                            2025: 78310}),
    "2481": ("Lycksele", {2018: 12225, 2019: 12189, 2020: 12155, 2021: 12119, 2022: 12138, 2023: 12206, 2024: 12184,
                          2025: 12151}),
    "2460": ("Vännäs", {2018: 8706, 2019: 8737, 2020: 8768, 2021: 8795, 2022: 8852, 2023: 8891, 2024: 8906, 2025: 8922}),
    "2401": ("Nordmaling", {2018: 7097, 2019: 7063, 2020: 7022, 2021: 6987, 2022: 6961, 2023: 6992, 2024: 6970,
                            2025: 6948}),
    "2409": ("Robertsfors", {2018: 6727, 2019: 6747, 2020: 6762, 2021: 6781, 2022: 6803, 2023: 6831, 2024: 6812,
                             2025: 6799}),
    "2404": ("Vindeln", {2018: 5470, 2019: 5449, 2020: 5417, 2021: 5391, 2022: 5362, 2023: 5334, 2024: 5311, 2025: 5290}),
    "2417": ("Norsjö", {2018: 4115, 2019: 4076, 2020: 4053, 2021: 4031, 2022: 4012, 2023: 4001, 2024: 3986, 2025: 3971}),
    "2418": ("Malå", {2018: 3114, 2019: 3089, 2020: 3062, 2021: 3071, 2022: 3043, 2023: 3026, 2024: 3011, 2025: 2996}),
    "2403": ("Bjurholm", {2018: 2451, 2019: 2424, 2020: 2410, 2021: 2402, 2022: 2391, 2023: 2386, 2024: 2371, 2025: 2362}),
}

#: Avgift per invånare (kr), on the population of 31 December two years before the budget year:
#: the figure SCB has published when the plan is adopted in December.
BOTNIA_RATES = {2020: 137, 2021: 138, 2022: 142, 2023: 149, 2024: 150, 2025: 156, 2026: 162, 2027: 168,
                2028: 173, 2029: 178}

#: Indexes on the 2022 level: salaries (löneavtal) and prices (licences, drift, lokaler).
SALARY_INDEX = {2020: Decimal("0.952"), 2021: Decimal("0.975"), 2022: Decimal("1.000"), 2023: Decimal("1.041"),
                2024: Decimal("1.070"), 2025: Decimal("1.095"), 2026: Decimal("1.120"), 2027: Decimal("1.145"),
                2028: Decimal("1.170"), 2029: Decimal("1.195")}
PRICE_INDEX = {2020: Decimal("0.950"), 2021: Decimal("0.972"), 2022: Decimal("1.000"), 2023: Decimal("1.050"),
               2024: Decimal("1.075"), 2025: Decimal("1.090"), 2026: Decimal("1.105"), 2027: Decimal("1.120"),
               2028: Decimal("1.135"), 2029: Decimal("1.150")}

#: The budget at 2022 level per (kostnadsställe, account); salaries (5011, 5031) without
#: arbetsgivaravgifter and pension, which the payroll adds.
BOTNIA_BASE: dict[tuple[str, str], int] = {
    ("100", "5031"): 580_000, ("100", "7310"): 80_000, ("100", "7010"): 60_000,
    ("110", "5031"): 90_000, ("110", "7610"): 350_000,
    ("120", "5011"): 2_640_000, ("120", "6110"): 1_320_000, ("120", "7110"): 150_000, ("120", "4610"): 230_000,
    ("120", "5611"): 110_000, ("120", "7690"): 350_000,
    ("200", "5011"): 4_730_000, ("200", "4630"): 2_640_000, ("200", "6540"): 2_370_000, ("200", "6410"): 410_000,
    ("200", "5611"): 110_000,
    ("210", "5011"): 1_410_000, ("210", "6550"): 2_090_000,
    ("220", "5011"): 1_050_000, ("220", "4610"): 380_000, ("220", "6540"): 230_000,
    ("300", "5011"): 1_460_000, ("300", "6540"): 1_090_000, ("300", "4630"): 270_000,
    ("310", "5011"): 1_960_000, ("310", "6540"): 960_000, ("310", "4610"): 550_000,
    ("320", "5011"): 2_230_000, ("320", "6410"): 140_000, ("320", "7690"): 50_000,
}
#: Sales at 2022 level: income per (kostnadsställe, account).
BOTNIA_SALES: dict[tuple[str, str], int] = {("300", "3531"): 850_000, ("310", "3521"): 1_100_000,
                                            ("320", "3521"): 550_000}

#: Outcome against budget, per (year, kostnadsställe, account) or (year, kostnadsställe); the rest
#: of a year follows that year's default. 2023: licences and drift far above budget (the deficit).
BOTNIA_OUTCOME: dict[tuple[int, str] | tuple[int, str, str], Decimal] = {
    (2020, "200"): Decimal("0.99"), (2021, "200"): Decimal("0.985"), (2021, "310"): Decimal("0.97"),
    (2022, "200"): Decimal("0.975"), (2022, "300"): Decimal("0.96"), (2022, "120"): Decimal("0.97"),
    (2023, "200", "6540"): Decimal("1.12"), (2023, "200", "4630"): Decimal("1.09"),
    (2023, "210", "6550"): Decimal("1.06"), (2023, "300", "6540"): Decimal("1.07"),
    (2023, "310", "6540"): Decimal("1.08"), (2023, "120", "5011"): Decimal("1.03"),
    (2023, "300", "3531"): Decimal("0.85"),
    (2024, "200"): Decimal("0.985"), (2024, "310", "3521"): Decimal("1.12"), (2024, "220", "4610"): Decimal("0.70"),
    (2025, "200"): Decimal("0.98"), (2025, "320"): Decimal("0.97"), (2025, "300", "3531"): Decimal("1.15"),
    (2026, "200", "6540"): Decimal("1.04"), (2026, "310"): Decimal("0.98"),
}
DEFAULT_OUTCOME = {2020: Decimal("0.995"), 2021: Decimal("0.99"), 2022: Decimal("0.985"), 2023: Decimal("1.0"),
                   2024: Decimal("0.99"), 2025: Decimal("0.985"), 2026: Decimal("0.995")}

SALARY_ACCOUNTS = ("5011", "5021", "5031")
#: Payroll on-costs in a kommunalförbund: PO (arbetsgivaravgifter and avtalsförsäkringar) and the
#: individual part of the pension (with löneskatt 24,26 %).
BOTNIA_PAYROLL = Payroll("5411", Decimal("0.3142"), "5511", Decimal("0.045"), "5591", "2711", "2731", "2940")
ON_COST = 1 + Decimal("0.3142") + Decimal("0.045") * Decimal("1.2426")


@dataclass(frozen=True)
class Investment:
    project: str
    name: str
    centre: str
    account: str
    year: int
    budget: int
    outcome: int
    months: tuple[int, ...]
    """The months of the year the equipment is delivered and invoiced."""


ASSET_ACCOUNTS = {"1011": ("1019", "7811"), "1221": ("1229", "7831"), "1231": ("1239", "7832")}
#: Written off over five years from the month after delivery.
DEPRECIATION_MONTHS = 60

BOTNIA_INVESTMENTS = [
    Investment("I2101", "Serverplattform, etapp 1", "200", "1221", 2021, 1_800_000, 1_742_600, (4, 9)),
    Investment("I2201", "E-arkivplattform", "300", "1011", 2022, 2_400_000, 2_515_800, (3, 6, 10)),
    Investment("I2202", "Nätverksutrustning i medlemskommunerna", "210", "1231", 2022, 1_200_000, 1_126_400, (5, 9)),
    Investment("I2301", "Brandväggar och säkerhetsutrustning", "220", "1231", 2023, 1_500_000, 1_581_900, (3, 8)),
    Investment("I2302", "Serverplattform, etapp 2", "200", "1221", 2023, 2_200_000, 2_146_300, (5, 11)),
    Investment("I2401", "Klientutrustning servicedesk", "320", "1221", 2024, 600_000, 571_200, (2,)),
    Investment("I2402", "Integrationsplattform", "310", "1011", 2024, 1_600_000, 1_488_500, (4, 10)),
    Investment("I2501", "Reservdatacenter", "200", "1221", 2025, 2_800_000, 2_934_700, (5, 9, 11)),
    Investment("I2502", "Nätverksutrustning, utbyte", "210", "1231", 2025, 1_000_000, 962_300, (6,)),
    Investment("I2601", "Identitets- och behörighetssystem", "220", "1011", 2026, 1_900_000, 1_935_000, (3, 10)),
    Investment("I2602", "Lagringsplattform", "200", "1221", 2026, 1_500_000, 1_462_900, (6, 11)),
]
#: Planned, not yet made: the 2027 budget and the plan years (investeringsbudget.csv 2027).
BOTNIA_PLANNED_INVESTMENTS = {"I2701": "Serverplattform, etapp 3", "I2702": "Nätverksutrustning, utbyte etapp 2",
                              "I2801": "Ersättning av e-arkivplattformen"}

#: Assets owned on 1 January 2020 and what is left to write off, per year.
BOTNIA_OLD_DEPRECIATION = {
    "1221": {2020: 1_200_000, 2021: 1_000_000, 2022: 600_000, 2023: 300_000},
    "1231": {2020: 400_000, 2021: 350_000, 2022: 250_000, 2023: 100_000},
}


@dataclass(frozen=True)
class DevProject:
    """A development project on kostnadsställe 400, financed by a grant booked quarterly as the
    costs arise (income matched to cost)."""

    project: str
    name: str
    grant_account: str
    share: Decimal
    costs: Mapping[int, tuple[int, int, int]]
    """Per year: salaries (5021, before on-costs), consultants (4610), travel (7010)."""


BOTNIA_PROJECTS = [
    DevProject("P2001", "Gemensam e-tjänsteplattform", "3411", Decimal("1"),
               {2020: (420_000, 380_000, 30_000), 2021: (650_000, 820_000, 45_000), 2022: (310_000, 260_000, 20_000)}),
    DevProject("P2201", "Digital medborgarservice i små kommuner", "3441", Decimal("0.8"),
               {2022: (540_000, 450_000, 60_000), 2023: (610_000, 380_000, 70_000), 2024: (280_000, 120_000, 25_000)}),
    DevProject("P2301", "Informationssäkerhet i små kommuner", "3411", Decimal("1"),
               {2023: (480_000, 520_000, 40_000), 2024: (560_000, 610_000, 55_000), 2025: (520_000, 300_000, 45_000)}),
    DevProject("P2401", "Framtidens e-arkiv i norra Sverige", "3431", Decimal("0.6"),
               {2024: (380_000, 450_000, 90_000), 2025: (720_000, 665_000, 120_000), 2026: (690_000, 560_000, 110_000)}),
    DevProject("P2501", "AI-stöd i ärendehandläggning", "3441", Decimal("0.75"),
               {2025: (300_000, 420_000, 30_000), 2026: (640_000, 780_000, 50_000)}),
]

#: Bank interest received and the loan's interest rate, per year.
BOTNIA_BANK_INTEREST = {2020: 2_000, 2021: 1_600, 2022: 14_000, 2023: 96_000, 2024: 134_000, 2025: 88_000,
                        2026: 72_000}
BOTNIA_LOAN_RATE = {2020: Decimal("0.006"), 2021: Decimal("0.005"), 2022: Decimal("0.012"), 2023: Decimal("0.032"),
                    2024: Decimal("0.031"), 2025: Decimal("0.024"), 2026: Decimal("0.022")}
BOTNIA_AMORTISATION = 500_000
#: Förmånsbestämd pension earned in the year (avsättning), and pensions paid from the avsättning.
BOTNIA_PENSION_EARNED = {2020: 120_000, 2021: 135_000, 2022: 160_000, 2023: 240_000, 2024: 150_000,
                         2025: 145_000, 2026: 150_000}
BOTNIA_PENSION_PAID = 60_000
#: The e-arkiv licence, invoiced each December for the next year and paid in advance.
LICENCE_CENTRE = ("300", "6540")

#: The balance sheet of 1 January 2020, but for the prepaid licence (see :func:`botnia_opening`)
#: and eget kapital, which balances it.
BOTNIA_OPENING_2020 = {
    "1221": 7_200_000, "1229": -4_100_000, "1231": 2_400_000, "1239": -1_300_000, "1930": 6_812_000,
    "2211": -1_400_000, "2215": -339_640, "2321": -5_000_000, "2920": -1_480_000, "2940": -760_000,
}


def botnia_fee(kommunkod: str, year: int) -> int:
    """A member's fee of ``year``: the rate times its population two years before (whole kronor)."""
    return BOTNIA_RATES[year] * BOTNIA_MEMBERS[kommunkod][1][year - 2]


def _index(account: str, year: int) -> Decimal:
    return SALARY_INDEX[year] if account in SALARY_ACCOUNTS else PRICE_INDEX[year]


def botnia_budget_accounts(year: int) -> dict[tuple[str, str], Decimal]:
    """The budget per (kostnadsställe, account), in whole thousands: costs positive, sales income
    positive on its 35xx account (the licence prepaid in December belongs to the year it covers)."""
    budget = {key: kr(Decimal(value) * _index(key[1], year) / 1000) * 1000 for key, value in BOTNIA_BASE.items()}
    budget.update({key: kr(Decimal(value) * PRICE_INDEX[year] / 1000) * 1000 for key, value in BOTNIA_SALES.items()})
    return budget


def _outcome_factor(year: int, centre: str, account: str) -> Decimal:
    return BOTNIA_OUTCOME.get((year, centre, account), BOTNIA_OUTCOME.get((year, centre), DEFAULT_OUTCOME[year]))


def botnia_outcome_accounts(year: int) -> dict[tuple[str, str], Decimal]:
    """What was booked per (kostnadsställe, account) in the year: the budget times its outcome."""
    return {key: kr(value * _outcome_factor(year, *key)) for key, value in botnia_budget_accounts(year).items()}


def _depreciation_plan() -> dict[tuple[int, int], list[tuple[Investment | None, str, Decimal]]]:
    """(year, month) → the month's depreciation: (investment or None for old assets, asset account, amount)."""
    plan: defaultdict[tuple[int, int], list[tuple[Investment | None, str, Decimal]]] = defaultdict(list)
    for account, years in BOTNIA_OLD_DEPRECIATION.items():
        for year, amount in years.items():
            for month, part in enumerate(split(Decimal(amount), 12), start=1):
                plan[(year, month)].append((None, account, part))
    for investment in BOTNIA_INVESTMENTS:
        parts = split(Decimal(investment.outcome), len(investment.months))
        for delivered, cost in zip(investment.months, parts, strict=True):
            start = investment.year * 12 + delivered  # the month after delivery, counted from year 0
            for offset, part in enumerate(split(cost, DEPRECIATION_MONTHS)):
                year, month = divmod(start + offset, 12)
                plan[(year, month + 1)].append((investment, investment.account, part))
    return dict(plan)


def _project_annual(year: int) -> dict[tuple[str, str, str | None], Decimal]:
    costs: dict[tuple[str, str, str | None], Decimal] = {}
    for project in BOTNIA_PROJECTS:
        if year in project.costs:
            salary, consultants, travel = project.costs[year]
            costs[("400", "5021", project.project)] = Decimal(salary)
            costs[("400", "4610", project.project)] = Decimal(consultants)
            costs[("400", "7010", project.project)] = Decimal(travel)
    return costs


def botnia_opening() -> dict[str, Decimal]:
    """1 January 2020: the year's e-arkiv licence prepaid in December and still owed to the supplier,
    as every later year begins; övrigt eget kapital balances the sheet."""
    licence = botnia_outcome_accounts(2020)[LICENCE_CENTRE]
    opening = {a: Decimal(v) for a, v in BOTNIA_OPENING_2020.items()} | {"1710": licence, "2441": -licence}
    opening["2050"] = -sum(opening.values(), ZERO)
    return opening


def botnia_ledger(last_year: int = 2026) -> Ledger:
    """The books of Botnia Digital from 1 January 2020 to 31 December ``last_year``; every year but
    the last is closed."""
    opening = botnia_opening()
    ledger = Ledger(2020, opening)
    # What the opening balance sheet owed: the licence invoice and 2019's individual pension part.
    ledger.add("B", dt.date(2020, 1, 14), "Betalning av e-arkivlicens 2020", [Row("2441", -opening["2441"]),
                                                                             Row("1930", opening["2441"])])
    ledger.add("B", dt.date(2020, 3, 20), "Pensionsavgift individuell del 2019", [Row("2940", -opening["2940"]),
                                                                                 Row("1930", opening["2940"])])
    depreciation = _depreciation_plan()
    loan = Decimal(5_000_000)
    for year in range(2020, last_year + 1):
        loan = _botnia_year(ledger, year, depreciation, loan)
        if year < last_year:
            ledger.close_year(year, "2010", "2050")
    return ledger


def _botnia_year(ledger: Ledger, year: int, depreciation: Mapping[tuple[int, int], list[tuple[Investment | None, str, Decimal]]],
                 loan: Decimal) -> Decimal:
    outcome = botnia_outcome_accounts(year)
    licence = outcome.pop(LICENCE_CENTRE)
    Keyed = dict[tuple[str, str, str | None], Decimal]
    salaries: Keyed = {(c, a, None): v for (c, a), v in outcome.items() if a in SALARY_ACCOUNTS}
    sales: Keyed = {(c, a, None): v for (c, a), v in outcome.items() if a[0] == "3"}
    costs: Keyed = {(c, a, None): v for (c, a), v in outcome.items() if a not in SALARY_ACCOUNTS and a[0] != "3"}
    project = _project_annual(year)
    salaries |= {k: v for k, v in project.items() if k[1] in SALARY_ACCOUNTS}
    costs |= {k: v for k, v in project.items() if k[1] not in SALARY_ACCOUNTS}
    fees = {code: split(Decimal(botnia_fee(code, year)), 12) for code in BOTNIA_MEMBERS}
    # The year's licence is prepaid: expensed month by month from förutbetalda kostnader.
    for month, part in enumerate(split(licence, 12), start=1):
        ledger.add("M", day(year, month, 1), "Periodisering av e-arkivlicens",
                   [Row("6540", part, ((KOSTNADSSTALLE, "300"),)), Row("1710", -part)])
    for month, (pay, cost, sale) in enumerate(zip(monthly(salaries), monthly(costs), monthly(sales), strict=True),
                                              start=1):
        book_payroll(ledger, BOTNIA_PAYROLL, year, month, pay, "1930")
        book_invoices(ledger, year, month, cost, "2441", "1930")
        book_sales(ledger, year, month, sale, "1511", "1930")
        total = sum((parts[month - 1] for parts in fees.values()), ZERO)
        ledger.add("K", day(year, month, 1), "Medlemsavgifter", [Row("1511", total),
                                                                 Row("3511", -total, ((KOSTNADSSTALLE, "900"),))])
        ledger.add("B", day(year, month, 28), "Inbetalning av medlemsavgifter", [Row("1930", total),
                                                                                Row("1511", -total)])
        _book_depreciation(ledger, year, month, depreciation.get((year, month), []))
        _book_investments(ledger, year, month)
        if month % 3 == 0:
            loan_interest = kr(loan * BOTNIA_LOAN_RATE[year] / 4)
            bank = split(Decimal(BOTNIA_BANK_INTEREST[year]), 4)[month // 3 - 1]
            ledger.add("B", day(year, month, 30), "Räntor", [Row("8511", loan_interest), Row("8411", -bank),
                                                             Row("1930", bank - loan_interest)])
            _book_grants(ledger, year, month)
    # The individual part of the pension is paid in March of the next year.
    accrued = -ledger.balances_at(dt.date(year, 12, 31)).get("2940", ZERO)
    ledger.add("B", dt.date(year + 1, 3, 20), f"Pensionsavgift individuell del {year}",
               [Row("2940", accrued), Row("1930", -accrued)])
    next_licence = botnia_outcome_accounts(year + 1)[LICENCE_CENTRE] if year + 1 in DEFAULT_OUTCOME else licence
    ledger.add("A", dt.date(year, 12, 15), f"E-arkivlicens {year + 1}, förskott", [Row("1710", next_licence),
                                                                                  Row("2441", -next_licence)])
    ledger.add("B", dt.date(year + 1, 1, 14), f"Betalning av e-arkivlicens {year + 1}", [Row("2441", next_licence),
                                                                                        Row("1930", -next_licence)])
    _book_year_end(ledger, year, salaries)
    ledger.add("B", dt.date(year, 12, 15), "Amortering Kommuninvest", [Row("2321", Decimal(BOTNIA_AMORTISATION)),
                                                                      Row("1930", -Decimal(BOTNIA_AMORTISATION))])
    return loan - BOTNIA_AMORTISATION


def _book_depreciation(ledger: Ledger, year: int, month: int,
                       items: list[tuple[Investment | None, str, Decimal]]) -> None:
    rows: list[Row] = []
    for investment, account, amount in items:
        accumulated, cost_account = ASSET_ACCOUNTS[account]
        project: Objects = ((PROJEKT, investment.project),) if investment else ()
        rows += [Row(cost_account, amount, ((KOSTNADSSTALLE, "190"), *project)), Row(accumulated, -amount, project)]
    ledger.add("M", day(year, month, 31), "Avskrivningar enligt plan", rows)


def _book_investments(ledger: Ledger, year: int, month: int) -> None:
    for investment in BOTNIA_INVESTMENTS:
        if investment.year != year or month not in investment.months:
            continue
        parts = split(Decimal(investment.outcome), len(investment.months))
        amount = parts[investment.months.index(month)]
        ledger.add("A", day(year, month, 18), f"{investment.name}, leverans",
                   [Row(investment.account, amount, ((PROJEKT, investment.project),)), Row("2441", -amount)])
        ledger.add("B", day(year, month + 1, 17), f"Betalning {investment.name.lower()}",
                   [Row("2441", amount), Row("1930", -amount)])


def _book_grants(ledger: Ledger, year: int, month: int) -> None:
    """A project's grant for the quarter ending in ``month``: its share of the quarter's costs,
    booked as upplupen intäkt and received on the 15th of the month after the quarter."""
    start = dt.date(year, month - 2, 1)
    end = day(year, month, 31)
    for project in BOTNIA_PROJECTS:
        if year not in project.costs:
            continue
        cost = sum((row.amount for v in ledger.vouchers if start <= v.date <= end for row in v.rows
                    if (PROJEKT, project.project) in row.objects and row.account[0] in "4567"), ZERO)
        grant = kr(cost * project.share)
        objects: Objects = ((KOSTNADSSTALLE, "400"), (PROJEKT, project.project))
        ledger.add("K", end, f"Projektbidrag {project.name}, kvartal {month // 3}",
                   [Row("1790", grant), Row(project.grant_account, -grant, objects)])
        ledger.add("B", day(year, month + 1, 15), f"Inbetalning projektbidrag {project.name}",
                   [Row("1930", grant), Row("1790", -grant)])


def _book_year_end(ledger: Ledger, year: int, salaries: Mapping[tuple[str, str, str | None], Decimal]) -> None:
    """Semesterlöneskuld (12 % of the year's salaries, per kostnadsställe) and the pensions."""
    end = dt.date(year, 12, 31)
    total_salaries = sum((v for (_, a, _), v in salaries.items() if a != "5031"), ZERO)
    target = kr(total_salaries * Decimal("0.12"))
    change = target + ledger.balances_at(end).get("2920", ZERO)
    by_centre: defaultdict[str, Decimal] = defaultdict(Decimal)
    for (code, account, _), value in salaries.items():
        if account != "5031":
            by_centre[code] += value
    parts = {c: kr(change * v / total_salaries) for c, v in sorted(by_centre.items())}
    parts["120"] += change - sum(parts.values(), ZERO)
    ledger.add("Ö", end, "Semesterlöneskuld", [*(Row("5081", v, ((KOSTNADSSTALLE, c),)) for c, v in parts.items()),
                                               Row("2920", -change)])
    earned = Decimal(BOTNIA_PENSION_EARNED[year])
    tax = kr(earned * Decimal("0.2426"))
    interest = kr(-ledger.balances_at(end).get("2211", ZERO) * Decimal("0.025"))
    paid = Decimal(BOTNIA_PENSION_PAID)
    paid_tax = kr(paid * Decimal("0.2426"))
    kansli: Objects = ((KOSTNADSSTALLE, "120"),)
    ledger.add("Ö", end, "Pensionsavsättning enligt KPA:s beräkning",
               [Row("5521", earned, kansli), Row("5591", tax, kansli), Row("8541", interest),
                Row("2211", -(earned + interest)), Row("2215", -tax)])
    ledger.add("B", dt.date(year, 12, 20), "Utbetalda pensioner ur avsättningen",
               [Row("2211", paid), Row("2215", paid_tax), Row("1930", -(paid + paid_tax))])


def botnia_chart() -> Chart:
    projects = {i.project: i.name for i in BOTNIA_INVESTMENTS} | {p.project: p.name for p in BOTNIA_PROJECTS}
    projects |= BOTNIA_PLANNED_INVESTMENTS
    return Chart(BOTNIA_ACCOUNTS, {KOSTNADSSTALLE: {c.code: c.name for c in BOTNIA_CENTRES}, PROJEKT: projects})


#: (year, moment folder, last day, day the file was exported)
BOTNIA_FILES = [
    (2021, "bokslut", dt.date(2021, 12, 31), dt.date(2022, 2, 11)),
    (2022, "bokslut", dt.date(2022, 12, 31), dt.date(2023, 2, 10)),
    (2023, "bokslut", dt.date(2023, 12, 31), dt.date(2024, 2, 9)),
    (2024, "bokslut", dt.date(2024, 12, 31), dt.date(2025, 2, 14)),
    (2025, "delar-0831", dt.date(2025, 8, 31), dt.date(2025, 9, 12)),
    (2025, "bokslut", dt.date(2025, 12, 31), dt.date(2026, 2, 13)),
    (2026, "delar-0831", dt.date(2026, 8, 31), dt.date(2026, 9, 11)),
]


def _chart_of(chart: Chart, year: int) -> Chart:
    """The chart as the system knew it in ``year``: projects numbered for that year or earlier (and
    the next year's, opened with the budget); P2001 is 2020's, I2101 2021's."""
    projects = {p: name for p, name in chart.objects[PROJEKT].items() if 2000 + int(p[1:3]) <= year + 1}
    return Chart(chart.accounts, {**chart.objects, PROJEKT: projects})


def botnia_files(root: Path = FEDERATIONS) -> dict[Path, bytes]:
    ledger = botnia_ledger()
    out = {}
    for year, moment, until, generated in BOTNIA_FILES:
        chart = _chart_of(botnia_chart(), year)
        current = ledger.view(year, until)
        previous = ledger.view(year - 1, dt.date(year - 1, 12, 31))
        out[root / "botniadigital" / str(year) / moment / "bokforing.se"] = sie_text(
            BOTNIA, chart, current, previous, generated).encode("cp437")
    return out


# -- the ideella föreningar: Norrbotten and Västernorrland (BAS) ----------------------------------

ASSOCIATION_ACCOUNTS = {
    "1220": "Inventarier och datorer",
    "1229": "Ackumulerade avskrivningar på inventarier",
    "1510": "Kundfordringar",
    "1930": "Företagskonto",
    "2067": "Balanserat resultat",
    "2069": "Årets resultat",
    "2440": "Leverantörsskulder",
    "2710": "Personalens källskatt",
    "2730": "Lagstadgade sociala avgifter och särskild löneskatt",
    "2920": "Upplupna semesterlöner",
    "2990": "Upplupna pensionspremier",
    "3011": "Medlemsavgifter från kommunerna",
    "3041": "Kurs- och konferensavgifter",
    "3051": "Försäljning av AV-media och filmlicenser",
    "3985": "Erhållna projektbidrag",
    "3990": "Ersättningar från övriga huvudmän",
    "4010": "Köpta tjänster för kurser och konferenser",
    "4020": "Inköp av media och filmlicenser",
    "5010": "Lokalhyra",
    "5410": "Förbrukningsinventarier",
    "5800": "Resekostnader",
    "6110": "Kontorsmateriel och trycksaker",
    "6211": "Telefon och datakommunikation",
    "6420": "Revisionsarvoden",
    "6540": "IT-tjänster",
    "6550": "Konsultarvoden",
    "6990": "Övriga externa kostnader",
    "7010": "Löner till tjänstemän",
    "7240": "Styrelsearvoden",
    "7411": "Pensionsförsäkringspremier",
    "7510": "Lagstadgade sociala avgifter",
    "7530": "Särskild löneskatt på pensionskostnader",
    "7610": "Utbildning",
    "7832": "Avskrivningar på inventarier och datorer",
    "8310": "Ränteintäkter",
    "8999": "Årets resultat",
}
ASSOCIATION_PAYROLL = Payroll("7510", Decimal("0.3142"), "7411", Decimal("0.045"), "7530", "2710", "2730", "2990",
                              pensionless=("7240",))


@dataclass(frozen=True)
class Line:
    """A kostnadsställe line of an association's budget: its SIE object and how it is booked."""

    code: str
    name: str
    income: bool
    accounts: tuple[tuple[str, Decimal], ...]
    """Income: the account; costs: the external accounts and their shares (the last takes the rest)."""
    salary: tuple[str, Decimal] | None = None
    """Costs: the salary account and the share of the line's cost that is payroll (with its on-costs)."""
    object: str | None = None
    """The SIE object, where it is not ``code``: a kostnadsställe with both an income and a cost line."""

    @property
    def centre(self) -> str:
        return self.object or self.code


@dataclass(frozen=True)
class Association:
    company: Company
    lines: tuple[Line, ...]
    first_year: int
    opening: Mapping[str, int]
    depreciation: Mapping[int, int]
    """Avskrivningar per year, booked on the depreciation line."""
    depreciation_line: str
    investments: Mapping[tuple[int, int], tuple[str, int]]
    """(year, month) → (what, amount) of equipment bought."""
    interest: Mapping[int, int]
    outcomes: Mapping[int, Mapping[str, int]]
    """Per year: the year's utfall per line (by code), costs and income both positive."""
    interim: Mapping[int, tuple[int, Mapping[str, int]]]
    """Per year with a delår: (its last month, utfall per line up to then)."""
    files: tuple[tuple[str, int, str, dt.date, dt.date], ...]
    """(folder, year, moment, last day, day exported)."""


def _monthly_targets(association: Association, year: int, code: str) -> list[Decimal]:
    """A line's utfall per month: the delår's utfall spread over its months, the rest of the year
    over the months after (so the file of each moment gives that moment's utfall exactly)."""
    annual = Decimal(association.outcomes[year][code])
    if year in association.interim:
        last, upto = association.interim[year]
        part = Decimal(upto[code])
        return split(part, last) + split(annual - part, 12 - last)
    return split(annual, 12)


def _payroll_share(payroll: Payroll, account: str, total: Decimal, share: Decimal) -> Decimal:
    """The salary whose cost with arbetsgivaravgifter and pension is ``share`` of ``total``."""
    social, pension, tax = payroll.costs(account, Decimal(1000))
    factor = 1 + (social + pension + tax) / 1000
    return kr(total * share / factor)


def association_ledger(association: Association) -> Ledger:
    opening = {a: Decimal(v) for a, v in association.opening.items()}
    opening["2067"] = -sum(opening.values(), ZERO)
    ledger = Ledger(association.first_year, opening)
    payable = opening.get("2440", ZERO)
    ledger.add("B", dt.date(association.first_year, 1, 28), "Betalning av leverantörsfakturor",
               [Row("2440", -payable), Row("1930", payable)])
    payroll = ASSOCIATION_PAYROLL
    for year in sorted(association.outcomes):
        targets = {line.code: _monthly_targets(association, year, line.code) for line in association.lines}
        depreciation = split(Decimal(association.depreciation[year]), 12)
        for month in range(1, 13):
            salaries: dict[tuple[str, str, str | None], Decimal] = {}
            costs: dict[tuple[str, str, str | None], Decimal] = {}
            income: dict[tuple[str, str, str | None], Decimal] = {}
            for line in association.lines:
                target = targets[line.code][month - 1]
                if line.income:
                    income[(line.centre, line.accounts[0][0], None)] = target
                    continue
                rest = target
                if line.code == association.depreciation_line:
                    rest -= depreciation[month - 1]
                if line.salary:
                    account, share = line.salary
                    salary = _payroll_share(payroll, account, target, share)
                    salaries[(line.centre, account, None)] = salary
                    rest -= salary + sum(payroll.costs(account, salary), ZERO)
                shares = [kr(rest * s) for _, s in line.accounts[:-1]]
                for (account, _), amount in zip(line.accounts, [*shares, rest - sum(shares, ZERO)], strict=True):
                    costs[(line.centre, account, None)] = amount
            pensions = book_payroll(ledger, payroll, year, month, salaries, "1930")
            ledger.add("B", day(year, month + 1, 20), "Pensionspremier och särskild löneskatt",
                       [Row("2990", pensions), Row("1930", -pensions)])
            book_invoices(ledger, year, month, costs, "2440", "1930")
            book_sales(ledger, year, month, income, "1510", "1930", text="Fakturor till kommuner och kunder")
            ledger.add("M", day(year, month, 31), "Avskrivningar enligt plan",
                       [Row("7832", depreciation[month - 1], ((KOSTNADSSTALLE, association.depreciation_line),)),
                        Row("1229", -depreciation[month - 1])])
            if (year, month) in association.investments:
                what, price = association.investments[(year, month)]
                ledger.add("A", day(year, month, 16), what, [Row("1220", Decimal(price)), Row("2440", -Decimal(price))])
                ledger.add("B", day(year, month + 1, 16), f"Betalning: {what.lower()}",
                           [Row("2440", Decimal(price)), Row("1930", -Decimal(price))])
            if month % 6 == 0:
                received = split(Decimal(association.interest[year]), 2)[month // 6 - 1]
                ledger.add("B", day(year, month, 30), "Ränta på företagskontot", [Row("1930", received),
                                                                                 Row("8310", -received)])
        ledger.close_year(year, "2069", "2067")
    return ledger


def association_files(root: Path = FEDERATIONS) -> dict[Path, bytes]:
    out = {}
    for association in (NORRBOTTEN, VASTERNORRLAND):
        ledger = association_ledger(association)
        chart = Chart(ASSOCIATION_ACCOUNTS, {KOSTNADSSTALLE: {line.centre: line.name for line in association.lines}})
        for folder, year, moment, until, generated in association.files:
            current = ledger.view(year, until)
            previous = ledger.view(year - 1, dt.date(year - 1, 12, 31))
            out[root / folder / str(year) / moment / "bokforing.se"] = sie_text(
                association.company, chart, current, previous, generated).encode("cp437")
    return out


def _costs(*pairs: tuple[str, str]) -> tuple[tuple[str, Decimal], ...]:
    return tuple((account, Decimal(share)) for account, share in pairs)


def _scaled(values: Mapping[str, int], factor: str) -> dict[str, int]:
    """Invented utfall of a year without a source: another year's, scaled and rounded to thousands."""
    return {code: int(kr(Decimal(v) * Decimal(factor) / 1000) * 1000) for code, v in values.items()}


STAFF = ("7010", Decimal("0.62"))
NORRBOTTEN_LINES = (
    Line("1010", "Finansiering/medlemsavgifter", True, _costs(("3011", "1"))),
    Line("1020", "Intäkter kurs/konferens", True, _costs(("3041", "1"))),
    Line("1210", "Styrelse och au", False, _costs(("5800", "0.7"), ("6990", "1")), ("7240", Decimal("0.55"))),
    Line("1215", "Revision", False, _costs(("6420", "1"))),
    Line("1220", "Kansli", False, _costs(("5010", "0.55"), ("6540", "0.25"), ("6110", "1")), ("7010", Decimal("0.55"))),
    Line("1225", "Direktören", False, _costs(("5800", "0.6"), ("6990", "1")), ("7010", Decimal("0.8"))),
    Line("1230", "Socialtjänst", False, _costs(("5800", "0.5"), ("6550", "1")), STAFF),
    Line("1235", "Barn- och utbildning", False, _costs(("5800", "0.5"), ("6550", "1")), STAFF),
    Line("1240", "Miljö och samhällsbyggnad", False, _costs(("5800", "0.6"), ("6990", "1")), STAFF),
    Line("1245", "EU och internationalisering", False, _costs(("5800", "0.6"), ("6990", "1")), STAFF),
    Line("1250", "Tillväxt/regional utveckling", False, _costs(("5800", "0.5"), ("6550", "1")), STAFF),
    Line("1255", "Personalfrågor", False, _costs(("7610", "0.5"), ("6990", "1")), ("7010", Decimal("0.5"))),
    Line("1260", "Övriga uppgifter", False, _costs(("6550", "0.5"), ("6990", "1"))),
    Line("1265", "Kurser/konferenser", False, _costs(("4010", "0.78"), ("5800", "1")), ("7010", Decimal("0.2"))),
    Line("1270", "MediaCenter", False, _costs(("4020", "0.6"), ("6540", "1")), ("7010", Decimal("0.45"))),
    Line("1275", "Utbildningsradion", False, _costs(("4020", "1"))),
    Line("1280", "Filmcentral", False, _costs(("4020", "0.8"), ("6990", "1"))),
    Line("1285", "Övrig verksamhet", False, _costs(("6990", "1"))),
)
NORRBOTTEN_NAMES = {line.name: line.code for line in NORRBOTTEN_LINES}


def _by_code(names: Mapping[str, str], values: Mapping[str, int]) -> dict[str, int]:
    return {names[name]: value for name, value in values.items()}


# The moments' budget.csv (utfall per kostnadsställe, kr); 2009 is invented for year −1 of 2010.
NORRBOTTEN_2010 = _by_code(NORRBOTTEN_NAMES, {
    "Styrelse och au": 1378000, "Revision": 115000, "Kansli": 6111000, "Direktören": 1310000,
    "Socialtjänst": 1995000, "Barn- och utbildning": 1200000, "Miljö och samhällsbyggnad": 418000,
    "EU och internationalisering": 846000, "Tillväxt/regional utveckling": 1248000, "Personalfrågor": 332000,
    "Övriga uppgifter": 582000, "Kurser/konferenser": 4704000, "MediaCenter": 3783000, "Utbildningsradion": 1078000,
    "Filmcentral": 644000, "Övrig verksamhet": 270000, "Intäkter kurs/konferens": 5174000,
    "Finansiering/medlemsavgifter": 21200000})
NORRBOTTEN_2010_0630 = _by_code(NORRBOTTEN_NAMES, {
    "Styrelse och au": 579000, "Revision": 34000, "Kansli": 2933000, "Direktören": 629000, "Socialtjänst": 958000,
    "Barn- och utbildning": 576000, "Miljö och samhällsbyggnad": 201000, "EU och internationalisering": 406000,
    "Tillväxt/regional utveckling": 599000, "Personalfrågor": 159000, "Övriga uppgifter": 279000,
    "Kurser/konferenser": 2634000, "MediaCenter": 1816000, "Utbildningsradion": 517000, "Filmcentral": 309000,
    "Övrig verksamhet": 130000, "Intäkter kurs/konferens": 2949000, "Finansiering/medlemsavgifter": 10600000})
NORRBOTTEN_2011 = _by_code(NORRBOTTEN_NAMES, {
    "Styrelse och au": 1392000, "Revision": 118000, "Kansli": 6214000, "Direktören": 1338000,
    "Socialtjänst": 2071000, "Barn- och utbildning": 1219000, "Miljö och samhällsbyggnad": 418000,
    "EU och internationalisering": 867000, "Tillväxt/regional utveckling": 1264000, "Personalfrågor": 334000,
    "Övriga uppgifter": 571000, "Kurser/konferenser": 5187000, "MediaCenter": 3861000, "Utbildningsradion": 1100000,
    "Filmcentral": 633000, "Övrig verksamhet": 268000, "Intäkter kurs/konferens": 5702000,
    "Finansiering/medlemsavgifter": 21720000})
NORRBOTTEN_2011_0630 = _by_code(NORRBOTTEN_NAMES, {
    "Styrelse och au": 598000, "Revision": 38000, "Kansli": 3020000, "Direktören": 640000, "Socialtjänst": 968000,
    "Barn- och utbildning": 571000, "Miljö och samhällsbyggnad": 186000, "EU och internationalisering": 352000,
    "Tillväxt/regional utveckling": 583000, "Personalfrågor": 142000, "Övriga uppgifter": 247000,
    "Kurser/konferenser": 2710000, "MediaCenter": 1905000, "Utbildningsradion": 545000, "Filmcentral": 318000,
    "Övrig verksamhet": 112000, "Intäkter kurs/konferens": 3010000, "Finansiering/medlemsavgifter": 10860000})

NORRBOTTEN = Association(
    company=Company("Kommunförbundet Norrbotten", "897600-1234", "KFNB", "Föreningsekonomi", "3.1",
                    "BAS 2010", "Kansliet"),
    lines=NORRBOTTEN_LINES,
    first_year=2009,
    opening={"1220": 1_180_000, "1229": -720_000, "1930": 5_352_600, "2440": -610_000, "2920": -690_000},
    depreciation={2009: 150_000, 2010: 140_000, 2011: 176_000},
    depreciation_line="1220",
    # "Serverparken är nu baserad på virtuell teknik" (delårsredovisningen per 2011-06-30).
    investments={(2011, 3): ("Servrar för virtualisering av serverparken", 286_000)},
    # No interest where the texts give the result: it is the sum of the budget lines.
    interest={2009: 41_000, 2010: 0, 2011: 0},
    outcomes={2009: _scaled(NORRBOTTEN_2010, "0.97"), 2010: NORRBOTTEN_2010, 2011: NORRBOTTEN_2011},
    interim={2010: (6, NORRBOTTEN_2010_0630), 2011: (6, NORRBOTTEN_2011_0630)},
    files=(("norrbotten", 2010, "delar-0630", dt.date(2010, 6, 30), dt.date(2010, 8, 20)),
           ("norrbotten", 2010, "bokslut", dt.date(2010, 12, 31), dt.date(2011, 2, 18)),
           ("norrbotten", 2011, "delar-0630", dt.date(2011, 6, 30), dt.date(2011, 8, 19)),
           ("norrbotten", 2011, "bokslut", dt.date(2011, 12, 31), dt.date(2012, 2, 17))),
)

VASTERNORRLAND_LINES = (
    Line("100", "Avgift från kommunerna", True, _costs(("3011", "1"))),
    Line("101", "Intäkter FoU Västernorrland", True, _costs(("3990", "1"))),
    Line("102", "Konferensverksamhet", True, _costs(("3041", "1"))),
    Line("103", "Projektbidrag och övriga ersättningar", True, _costs(("3985", "1"))),
    Line("104", "Mid Sweden Office (intäkter från övriga huvudmän)", True, _costs(("3990", "1"))),
    Line("110", "Styrelse, länsmöte, revision", False, _costs(("6420", "0.4"), ("5800", "1")), ("7240", Decimal("0.5"))),
    Line("120", "Kansli", False, _costs(("5010", "0.6"), ("6540", "0.2"), ("6110", "1")), ("7010", Decimal("0.6"))),
    Line("130", "FoU Västernorrland", False, _costs(("5010", "0.4"), ("6550", "1")), ("7010", Decimal("0.7"))),
    Line("140", "Arbetsgrupper och beredningar", False, _costs(("5800", "0.7"), ("6990", "1"))),
    Line("150", "Projekt", False, _costs(("6550", "0.6"), ("5800", "1")), ("7010", Decimal("0.5"))),
    Line("160", "Mid Sweden Office", False, _costs(("5010", "0.5"), ("5800", "1")), ("7010", Decimal("0.6"))),
    Line("165", "Hemmaorganisation MSO", False, _costs(("6990", "1")), ("7010", Decimal("0.5"))),
    Line("170", "Kurs- och konferensverksamhet", False, _costs(("4010", "0.85"), ("5800", "1"))),
    # AV-media has both an income and a cost line in the budget: one kostnadsställe.
    Line("180", "AV-media", False, _costs(("4020", "0.7"), ("6540", "1")), ("7010", Decimal("0.3"))),
)
VASTERNORRLAND_NAMES = {line.name: line.code for line in VASTERNORRLAND_LINES}
#: AV-media's income: the same kostnadsställe (object 180), on an income account.
AV_MEDIA_INCOME = "180i"

VASTERNORRLAND_2005 = _by_code(VASTERNORRLAND_NAMES, {
    "Avgift från kommunerna": 5900000, "Intäkter FoU Västernorrland": 3050000, "Konferensverksamhet": 1420000,
    "Projektbidrag och övriga ersättningar": 3350000, "Mid Sweden Office (intäkter från övriga huvudmän)": 3900000,
    "Styrelse, länsmöte, revision": 610000, "Kansli": 3950000, "FoU Västernorrland": 3120000,
    "Arbetsgrupper och beredningar": 280000, "Projekt": 3420000, "Mid Sweden Office": 4050000,
    "Hemmaorganisation MSO": 560000, "Kurs- och konferensverksamhet": 1290000, "AV-media": 1160000}) | {
    AV_MEDIA_INCOME: 1180000}
VASTERNORRLAND_2007 = _by_code(VASTERNORRLAND_NAMES, {
    "Avgift från kommunerna": 6300000, "Intäkter FoU Västernorrland": 3386000, "Konferensverksamhet": 1617000,
    "Projektbidrag och övriga ersättningar": 2750000, "Mid Sweden Office (intäkter från övriga huvudmän)": 4312000,
    "Styrelse, länsmöte, revision": 653000, "Kansli": 4158000, "FoU Västernorrland": 3550000,
    "Arbetsgrupper och beredningar": 260000, "Projekt": 2822000, "Mid Sweden Office": 4646000,
    "Hemmaorganisation MSO": 683000, "Kurs- och konferensverksamhet": 1560000, "AV-media": 1010000}) | {
    AV_MEDIA_INCOME: 1030000}
VASTERNORRLAND_2007_0831 = _by_code(VASTERNORRLAND_NAMES, {
    "Avgift från kommunerna": 4200000, "Intäkter FoU Västernorrland": 2350000, "Konferensverksamhet": 870000,
    "Projektbidrag och övriga ersättningar": 1640000, "Mid Sweden Office (intäkter från övriga huvudmän)": 2930000,
    "Styrelse, länsmöte, revision": 410000, "Kansli": 2790000, "FoU Västernorrland": 2290000,
    "Arbetsgrupper och beredningar": 140000, "Projekt": 1720000, "Mid Sweden Office": 3060000,
    "Hemmaorganisation MSO": 430000, "Kurs- och konferensverksamhet": 780000, "AV-media": 660000}) | {
    AV_MEDIA_INCOME: 690000}

VASTERNORRLAND = Association(
    company=Company("Kommunförbundet Västernorrland", "889200-4711", "KFVN", "Föreningsekonomi", "1.8",
                    "BAS 2005", "Kansliet"),
    lines=(*VASTERNORRLAND_LINES, Line(AV_MEDIA_INCOME, "AV-media", True, _costs(("3051", "1")), object="180")),
    first_year=2004,
    opening={"1220": 640_000, "1229": -410_000, "1930": 3_120_000, "2440": -380_000, "2920": -420_000},
    depreciation={2004: 70_000, 2005: 64_000, 2006: 58_000, 2007: 52_000},
    depreciation_line=VASTERNORRLAND_NAMES["Kansli"],
    investments={},
    interest={2004: 22_000, 2005: 0, 2006: 31_000, 2007: 0},
    outcomes={2004: _scaled(VASTERNORRLAND_2005, "0.97"), 2005: VASTERNORRLAND_2005,
              2006: {c: int(kr(Decimal(VASTERNORRLAND_2005[c] + VASTERNORRLAND_2007[c]) / 2000) * 1000)
                     for c in VASTERNORRLAND_2005},
              2007: VASTERNORRLAND_2007},
    interim={2007: (8, VASTERNORRLAND_2007_0831)},
    files=(("vasternorrland", 2005, "bokslut", dt.date(2005, 12, 31), dt.date(2006, 2, 17)),
           ("vasternorrland", 2007, "delar-0831", dt.date(2007, 8, 31), dt.date(2007, 9, 14)),
           ("vasternorrland", 2007, "bokslut", dt.date(2007, 12, 31), dt.date(2008, 2, 15))),
)


# -- a big synthetic file for the benchmark -------------------------------------------------------

def write_big(path: Path, rows: int, seed: int = 2024) -> int:
    """A kommunalförbund's year with ``rows`` #TRANS rows (vouchers of 2–6 rows on Botnia Digital's
    chart, 20 kostnadsställen and 30 projects), with #IB, #UB and #RES that follow from them.
    Returns the number of #TRANS rows written. Deterministic for a given seed."""
    rng = random.Random(seed)
    chart = botnia_chart()
    result_accounts = [a for a in BOTNIA_ACCOUNTS if a[0] in "34567" and not a.startswith("78")]
    centres = [c.code for c in BOTNIA_CENTRES]
    projects = sorted(chart.objects[PROJEKT])
    ledger = Ledger(2024, botnia_opening())
    written = 0
    while written < rows:
        size = max(2, min(rng.choice([2, 3, 4, 4, 5, 6]), rows - written))
        date = dt.date(2024, rng.randint(1, 12), rng.randint(1, 28))
        lines: list[Row] = []
        for _ in range(size - 1):
            account = rng.choice(result_accounts)
            objects: Objects = ((KOSTNADSSTALLE, rng.choice(centres)),)
            if rng.random() < 0.3:
                objects += ((PROJEKT, rng.choice(projects)),)
            lines.append(Row(account, Decimal(rng.randint(-500_000, 500_000)) / 100, objects))
        total = sum((r.amount for r in lines), ZERO)
        if total == 0:
            lines[0] = Row(lines[0].account, lines[0].amount + CENT, lines[0].objects)
            total += CENT
        ledger.add(rng.choice("ABK"), date, "Verifikation för kansliet", [*lines, Row("1930", -total)])
        written += size
    view = ledger.view(2024, dt.date(2024, 12, 31))
    write_sie(path, BOTNIA, chart, view, None, dt.date(2025, 2, 14))
    return sum(len(v.rows) for v in ledger.vouchers)


# -- the command ----------------------------------------------------------------------------------

def example_files(root: Path = FEDERATIONS) -> dict[Path, bytes]:
    """Every example SIE file: its path and its bytes."""
    return botnia_files(root) | association_files(root)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="compare with the committed files; write nothing")
    parser.add_argument("--big", nargs=2, metavar=("ROWS", "PATH"), help="write a synthetic file of ROWS #TRANS rows")
    args = parser.parse_args(argv)
    if args.big:
        count = write_big(Path(args.big[1]), int(args.big[0]))
        print(f"{args.big[1]}: {count} #TRANS rows")
        return 0
    differ = []
    for path, data in example_files().items():
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                differ.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(ROOT)}")
    for path in differ:
        print(f"differs from the generator: {path.relative_to(ROOT)}", file=sys.stderr)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
