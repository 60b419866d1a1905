"""The driftredovisning from the accounts: utfall per kostnadsställe from SIE dimension 1.

Every voucher row on an account of the operating classes (3 intäkter, 4–7 kostnader) carries the
kostnadsställe it belongs to as an object of dimension 1; the budget line whose ``code`` is that
object gets the row. So a moment with a SIE file needs no typed utfall: its budget.csv holds at
most the prognos, and a typed utfall that disagrees with the books is an error.

A row without a kostnadsställe, or with one the budget does not know, is an error naming the
voucher's line in the file: the driftredovisning must add up to the resultaträkning.
"""

from collections import defaultdict
from decimal import Decimal

from rapportkarna.economy.accounts import Books
from rapportkarna.errors import Problem
from rapportkarna.model import Budget, LineKey, LineKind, MomentData, Outcome
from rapportkarna.sie.checks import amount_text
from rapportkarna.sie.model import KOSTNADSSTALLE, RowKind

#: At most this many rows are named in one problem; the rest are counted.
SHOWN = 5


def line_kind(account: str) -> LineKind | None:
    """Income for class 3, cost for classes 4–7, nothing for the rest."""
    if account[:1] == "3":
        return LineKind.INTAKT
    if account[:1] in {"4", "5", "6", "7"}:
        return LineKind.KOSTNAD
    return None


def operating_outcomes(books: Books, budget: Budget) -> tuple[dict[LineKey, Decimal], list[Problem]]:
    """Utfall per budget line (income and cost both positive), and the rows that fit no line."""
    by_code = {(line.code, line.kind): line.key for line in budget.lines if line.code}
    sums: dict[LineKey, Decimal] = {line.key: Decimal(0) for line in budget.lines if line.code}
    stray: defaultdict[str, list[str]] = defaultdict(list)
    counted: defaultdict[str, int] = defaultdict(int)
    kinds: dict[str, LineKind | None] = {}
    for voucher in books.sie.vouchers:
        for row in voucher.rows:
            if row.kind is RowKind.REMOVED:
                continue
            account = row.account
            kind = kinds[account] if account in kinds else kinds.setdefault(account, line_kind(account))
            if kind is None:
                continue
            code = row.object(KOSTNADSSTALLE)
            key = by_code.get((code, kind)) if code else None
            if key is None:
                reason = ("no kostnadsställe (dimension 1)" if code is None else
                          f"kostnadsställe {code}, which budget.csv has no {kind.value} line for (column code)")
                counted[reason] += 1
                if len(stray[reason]) < SHOWN:  # the first few are named, the rest counted
                    stray[reason].append(f"line {row.line} (voucher {voucher.label}, account {account}, "
                                         f"{amount_text(row.amount)})")
                continue
            sums[key] += -row.amount if kind is LineKind.INTAKT else row.amount
    problems = [Problem(books.path, None, None,
                        f"{counted[reason]} voucher row(s) on income or cost accounts with {reason}: "
                        + "; ".join(rows) + (f" and {counted[reason] - SHOWN} more" if counted[reason] > SHOWN else "")
                        + "; every such row belongs to a kostnadsställe of the budget, so the "
                        "driftredovisning adds up to the resultaträkning")
                for reason, rows in stray.items()]
    return sums, problems


def with_operating_outcomes(moment: MomentData, books: Books, budget: Budget, sums: dict[LineKey, Decimal],
                            budget_file: str) -> tuple[MomentData, list[Problem]]:
    """The moment with utfall per budget line taken from the books (``sums``, from
    :func:`operating_outcomes`); a typed utfall that differs is a problem. Lines without a ``code``
    keep what the moment's budget.csv says."""
    problems: list[Problem] = []
    rows = {row.key: row for row in moment.outcomes}
    for key, amount in sums.items():
        typed = rows.get(key)
        if typed is not None and typed.utfall is not None and typed.utfall != amount:
            problems.append(Problem(books.path.parent / budget_file, None, f"{key[0]} ({key[1].value}), utfall",
                                    f"utfall {amount_text(typed.utfall)} differs from the accounts in "
                                    f"{books.path.name}, which give {amount_text(amount)}; leave utfall "
                                    "empty where the moment has a SIE file"))
        rows[key] = Outcome(kostnadsstalle=key[0], kind=key[1], utfall=amount,
                            prognos=typed.prognos if typed else None)
    ordered = [rows[line.key] for line in budget.lines if line.key in rows]
    ordered += [row for key, row in rows.items() if key not in {line.key for line in budget.lines}]
    return moment.model_copy(update={"outcomes": ordered}), problems
