"""Budget, utfall and prognos per kostnadsställe. Amounts are kronor as ``Decimal``."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from rapportkarna.model.common import Amount, NonEmptyStr, StrictModel


class LineKind(StrEnum):
    INTAKT = "intakt"
    KOSTNAD = "kostnad"


class BudgetLine(StrictModel):
    """One kostnadsställe's line. Costs and income are both entered as positive amounts."""

    kostnadsstalle: NonEmptyStr
    kind: LineKind
    code: str | None = Field(None, description="Kostnadsställets nummer, om det har ett.")
    group: str | None = Field(None, description="Verksamhetsområde som raden summeras under.")
    budget: Amount
    utfall_period: Amount | None = Field(
        None, description="Utfall till och med delårsperiodens slut (budget.period_end), för delårsrapporten.")
    prognos: Amount | None = Field(None, description="Prognos för helåret, gjord vid delåret.")
    utfall: Amount | None = Field(None, description="Utfall för hela året, för årsredovisningen.")
    plan: dict[int, Amount] = Field(default_factory=dict, description="Ekonomisk plan för kommande år.")


def _total(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


class Budget(StrictModel):
    period_end: date | None = Field(None, description="Sista dagen som delårets utfall (utfall_period) avser.")
    adopted: str | None = Field(None, description="Var och när budgeten antogs.")
    lines: list[BudgetLine] = Field(default_factory=list)

    def lines_of(self, kind: LineKind) -> list[BudgetLine]:
        return [line for line in self.lines if line.kind is kind]

    def total(self, kind: LineKind, column: str) -> Decimal | None:
        """Sum of ``column`` ('budget', 'utfall_period', 'prognos', 'utfall') over lines of ``kind``."""
        return _total(getattr(line, column) for line in self.lines_of(kind))

    def plan_total(self, kind: LineKind, year: int) -> Decimal | None:
        return _total(line.plan.get(year) for line in self.lines_of(kind))

    def result(self, column: str) -> Decimal | None:
        """Intäkter minus kostnader for ``column``; None where neither side has figures."""
        income, cost = self.total(LineKind.INTAKT, column), self.total(LineKind.KOSTNAD, column)
        if income is None and cost is None:
            return None
        return (income or Decimal(0)) - (cost or Decimal(0))

    def plan_result(self, year: int) -> Decimal | None:
        income, cost = self.plan_total(LineKind.INTAKT, year), self.plan_total(LineKind.KOSTNAD, year)
        if income is None and cost is None:
            return None
        return (income or Decimal(0)) - (cost or Decimal(0))

    @property
    def plan_years(self) -> list[int]:
        return sorted({year for line in self.lines for year in line.plan})
