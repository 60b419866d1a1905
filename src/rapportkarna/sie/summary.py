"""What a SIE file holds and what a mapping makes of it, as text for the terminal.

Amounts are shown as in the reports, in Swedish: ``1 234 567,50`` and ``−12,00``.
"""

from collections import Counter
from decimal import Decimal

from rapportkarna.formatting import tal
from rapportkarna.sie.figures import Figures
from rapportkarna.sie.model import FinancialYear, SieFile

LABEL_WIDTH = 14
AMOUNT_WIDTH = 16


def _row(label: str, value: str) -> str:
    return f"{label:<{LABEL_WIDTH}}{value}"


def year_label(sie: SieFile, index: int) -> str:
    """``2024`` for a calendar year, ``2023/24`` for a brutet räkenskapsår, ``year -1`` without #RAR."""
    year: FinancialYear | None = sie.years.get(index)
    if year is None:
        return f"year {index}"
    if year.start.year == year.end.year:
        return str(year.start.year)
    return f"{year.start.year}/{year.end.year % 100:02d}"


def _company(sie: SieFile) -> list[str]:
    company = sie.company
    rows = [_row("File", str(sie.path)), _row("Encoding", f"{sie.encoding} ({sie.encoding_reason})"),
            _row("Company", company.name or "(no #FNAMN)"), _row("Org nr", company.orgnr or "(no #ORGNR)")]
    if company.kind:
        rows.append(_row("Type", company.kind))
    if company.program:
        generated = f", generated {company.generated}" if company.generated else ""
        by = f" by {company.generated_by}" if company.generated_by else ""
        rows.append(_row("Program", f"{company.program} {company.program_version or ''}".strip() + generated + by))
    rows.append(_row("SIE type", str(company.sie_type) if company.sie_type is not None else "(no #SIETYP)"))
    if company.chart:
        rows.append(_row("Kontoplan", company.chart))
    return rows


def _contents(sie: SieFile) -> list[str]:
    rows = []
    for i, (index, year) in enumerate(sie.years.items()):
        rows.append(_row("Years" if i == 0 else "", f"{index:>2}: {year.start} – {year.end}"))
    if not sie.years:
        rows.append(_row("Years", "(no #RAR)"))
    rows.append(_row("Accounts", str(len(sie.accounts))))
    series = sorted({v.series for v in sie.vouchers})
    dates = [v.date for v in sie.vouchers]
    span = f", {min(dates)} – {max(dates)}" if dates else ""
    names = ", ".join(s or '""' for s in series)
    in_series = f" in {len(series)} series ({names})" if series else ""
    rows.append(_row("Vouchers", f"{len(sie.vouchers)}{in_series}{span}"))
    kinds = Counter(row.kind.value for v in sie.vouchers for row in v.rows)
    extra = [f"{kinds[k]} {what} with #{k}" for k, what in (("RTRANS", "added"), ("BTRANS", "removed")) if kinds[k]]
    counted = kinds["TRANS"] + kinds["RTRANS"]
    rows.append(_row("Transactions", f"{counted}" + (f" ({', '.join(extra)})" if extra else "")))
    per_dimension = Counter({dimension: len(objects) for dimension, objects in sie.objects.items()})
    numbers = sorted(set(sie.dimensions) | set(per_dimension))
    for i, number in enumerate(numbers):
        name = sie.dimensions[number].name if number in sie.dimensions else "(no #DIM)"
        count = per_dimension[number]
        rows.append(_row("Dimensions" if i == 0 else "", f"{number} {name}: {count} object{'s' if count != 1 else ''}"))
    if not numbers:
        rows.append(_row("Dimensions", "none"))
    balances = [(len(sie.opening), "#IB"), (len(sie.closing), "#UB"), (len(sie.results), "#RES"),
                (len(sie.object_opening) + len(sie.object_closing), "#OIB/#OUB"),
                (len(sie.period_balances), "#PSALDO"), (len(sie.period_budgets), "#PBUDGET")]
    rows.append(_row("Balances", ", ".join(f"{n} {label}" for n, label in balances if n) or "none"))
    ignored = ", ".join(f"{label} ({count})" for label, count in sie.ignored.items())
    rows.append(_row("Ignored", ignored or "none"))
    return rows


def describe_file(sie: SieFile) -> str:
    return "\n".join(_company(sie) + _contents(sie))


def _amount(value: Decimal | None) -> str:
    return f"{tal(value, 2) if value is not None else '':>{AMOUNT_WIDTH}}"


def describe_figures(sie: SieFile, figures: Figures, heading: str) -> str:
    width = max((len(line.label) for s in figures.statements.values() for line in s.lines), default=20) + 4
    years = "".join(f"{year_label(sie, y):>{AMOUNT_WIDTH}}" for y in figures.years)
    out = [heading]
    for statement in figures.statements.values():
        out += ["", f"{statement.title:<{width}}{years}"]
        for line in statement.lines:
            label = f"  {line.label}" if line.is_sum else f"    {line.label}"
            out.append(f"{label:<{width}}" + "".join(_amount(line.values.get(y)) for y in figures.years))
    out += ["", "Accounts on no line:" if figures.unmapped else "Accounts on no line: none"]
    for statement_id, accounts in figures.unmapped.items():
        title = figures.statements[statement_id].title
        for account, balances in accounts.items():
            name = f"{account} {sie.account_name(account)}".strip()
            out.append(f"  {title}: {name:<{width - len(title) - 4}}"
                       + "".join(_amount(balances.get(y)) for y in figures.years))
    return "\n".join(out)
