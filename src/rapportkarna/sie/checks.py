"""Checks across a SIE file's records, run once the whole file has been read.

- every voucher balances: its rows (#TRANS and #RTRANS) sum to 0;
- for every account with both ``#IB 0`` and ``#UB 0``: #IB + the vouchers' rows = #UB; and for
  every account with ``#RES 0``: the vouchers' rows = #RES (when the file has vouchers: a file
  of balances only, SIE type 1–3, has nothing to add up);
- a balance is given once per year and account (and object list).
"""

from collections.abc import Iterable
from decimal import Decimal

from rapportkarna.errors import Problem
from rapportkarna.sie.model import Balance, SieFile

ZERO = Decimal(0)


def amount_text(value: Decimal) -> str:
    """An amount as SIE writes it, for messages: ``-1234.50``."""
    return f"{value:.2f}" if value == value.quantize(Decimal("0.01")) else str(value)


def vouchers_balance(sie: SieFile) -> list[Problem]:
    problems = []
    for voucher in sie.vouchers:
        total = sum((row.amount for row in voucher.rows if row.counts), ZERO)
        if total != 0:
            problems.append(Problem(
                sie.path, voucher.line, "#VER",
                f"voucher {voucher.label} of {voucher.date} does not balance: its rows sum to "
                f"{amount_text(total)}, a difference of {amount_text(total)} from 0"))
    return problems


def _by_account(balances: Iterable[Balance], year: int) -> dict[str, Balance]:
    return {b.account: b for b in balances if b.year == year and not b.objects}


def balances_follow_vouchers(sie: SieFile) -> list[Problem]:
    """#IB + the year's rows = #UB, and the year's rows = #RES, for year 0."""
    if not sie.vouchers and sie.company.sie_type != 4:
        return []
    movements = sie.movements()
    opening = _by_account(sie.opening, 0)
    problems = []
    for account, closing in _by_account(sie.closing, 0).items():
        if account not in opening:
            continue
        ib, moved = opening[account].amount, movements.get(account, ZERO)
        if ib + moved != closing.amount:
            name = f" {sie.account_name(account)!r}" if sie.account_name(account) else ""
            problems.append(Problem(
                sie.path, closing.line, "#UB amount",
                f"account {account}{name}: #IB {amount_text(ib)} + the year's transactions "
                f"{amount_text(moved)} = {amount_text(ib + moved)}, but #UB says "
                f"{amount_text(closing.amount)} (difference {amount_text(closing.amount - ib - moved)})"))
    for account, result in _by_account(sie.results, 0).items():
        moved = movements.get(account, ZERO)
        if moved != result.amount:
            name = f" {sie.account_name(account)!r}" if sie.account_name(account) else ""
            problems.append(Problem(
                sie.path, result.line, "#RES amount",
                f"account {account}{name}: the year's transactions sum to {amount_text(moved)}, but "
                f"#RES says {amount_text(result.amount)} (difference {amount_text(result.amount - moved)})"))
    return problems


def repeated_balances(sie: SieFile) -> list[Problem]:
    problems = []
    for label, balances in (("#IB", sie.opening), ("#UB", sie.closing), ("#RES", sie.results),
                            ("#OIB", sie.object_opening), ("#OUB", sie.object_closing)):
        seen: dict[tuple[object, ...], int] = {}
        for b in balances:
            key = (b.year, b.account, b.objects)
            if key in seen:
                objects = f", objects {b.objects}" if b.objects else ""
                problems.append(Problem(sie.path, b.line, label,
                                        f"account {b.account}, year {b.year}{objects} is also given on "
                                        f"line {seen[key]}; each balance is given once"))
            seen.setdefault(key, b.line)
    return problems
