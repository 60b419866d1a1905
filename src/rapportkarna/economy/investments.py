"""The investeringsredovisning: budget and utfall per investment project.

Utfall is what the vouchers of the year put on the anläggningstillgångar (account classes 10–13)
per project, SIE dimension 6; budget is the year's ``investeringsbudget.csv``. Investments without
a project are one row of their own, so the total is all the year's investments.
"""

from collections import defaultdict
from decimal import Decimal

from rapportkarna.economy.accounts import Books
from rapportkarna.economy.statements import StatementRow, StatementTable, Value
from rapportkarna.sie.model import PROJEKT
from rapportkarna.model.economy import InvestmentBudgetRow

FIXED_ASSET_CLASSES = ("10", "11", "12", "13")
WITHOUT_PROJECT = "Investeringar utan projekt"


def investment_outcomes(books: Books) -> dict[str | None, Decimal]:
    """Debits on anläggningstillgångar per project (None: rows without a project)."""
    sums: defaultdict[str | None, Decimal] = defaultdict(Decimal)
    for voucher in books.sie.vouchers:
        for row in voucher.transactions:
            if row.account[:2] in FIXED_ASSET_CLASSES and row.amount > 0:
                sums[row.object(PROJEKT)] += row.amount
    return dict(sums)


def investeringsredovisning(books: Books, budget: list[InvestmentBudgetRow]) -> StatementTable | None:
    outcomes = investment_outcomes(books)
    if not outcomes and not budget:
        return None
    names = books.sie.objects.get(PROJEKT, {})
    rows: list[StatementRow] = []

    def name(project: str, given: str | None = None) -> str:
        known = names.get(project)
        return f"{project} {given or (known.name if known else '')}".strip()
    for item in budget:
        utfall = outcomes.get(item.projekt, Decimal(0))
        rows.append(StatementRow(item.projekt, name(item.projekt, item.namn),
                                 [item.budget, utfall, item.budget - utfall]))
    budgeted = {item.projekt for item in budget}
    for project, utfall in sorted(((p, v) for p, v in outcomes.items() if p is not None and p not in budgeted)):
        rows.append(StatementRow(project, name(project) + " (ej budgeterat)", [None, utfall, -utfall]))
    if None in outcomes:
        rows.append(StatementRow("utan_projekt", WITHOUT_PROJECT, [None, outcomes[None], -outcomes[None]]))

    def total(i: int) -> Value:
        present = [v for v in (r.values[i] for r in rows) if v is not None]
        return sum(present, Decimal(0)) if present else None
    rows.append(StatementRow("summa", "Summa investeringar", [total(0), total(1), total(2)], "result"))
    year = books.ref.year
    return StatementTable("investeringsredovisning", "Investeringsredovisning",
                          [f"Budget {year}", f"Utfall {year}", "Avvikelse"], rows,
                          ["Avvikelse: budget minus utfall; ett positivt tal är en lägre utgift än budgeterat."])
