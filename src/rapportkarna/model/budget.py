"""The budget, set once with the plan: budget and ekonomisk plan per kostnadsställe.

What each reporting moment found (utfall to the moment, prognos made then) is an
:class:`~rapportkarna.model.moment.Outcome` per line, read from the moment's own budget.csv (or
budget.xlsx); the use of earlier years' surplus is :class:`SurplusUse` in year.toml and
:class:`SurplusOutcome` in the moment. Amounts are kronor as ``Decimal``.
"""

from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from rapportkarna.model.common import Amount, NonEmptyStr, StrictModel


class LineKind(StrEnum):
    INTAKT = "intakt"
    KOSTNAD = "kostnad"


LineKey = tuple[str, LineKind]
"""A budget line's identity across moments and years: (kostnadsställe, kind)."""


class BudgetLine(StrictModel):
    """One kostnadsställe's line. Costs and income are both entered as positive amounts."""

    kostnadsstalle: NonEmptyStr
    kind: LineKind
    code: str | None = Field(None, description="Kostnadsställets nummer, om det har ett.")
    group: str | None = Field(None, description="Verksamhetsområde som raden summeras under.")
    budget: Amount
    plan: dict[int, Amount] = Field(default_factory=dict, description="Ekonomisk plan för kommande år.")

    @property
    def key(self) -> LineKey:
        return (self.kostnadsstalle, self.kind)


def total(values: Iterable[Decimal | None]) -> Decimal | None:
    """Sum of the values given; None where none is."""
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


class SurplusUse(StrictModel):
    """``[budget.anvandning_av_overskott]`` in year.toml: earlier years' surplus (eget kapital) the
    budget plans to use. It is not income: the budget table shows it below the result line."""

    budget: Amount = Field(description="Ianspråktaget överskott från tidigare år enligt budgeten, kr.")
    plan: dict[int, Amount] = Field(default_factory=dict, description="Enligt ekonomisk plan, per år.")


class SurplusOutcome(StrictModel):
    """``[budget.anvandning_av_overskott]`` in a moment's moment.toml: the surplus of earlier years
    used, to the moment, and (delår) the prognos for the year."""

    utfall: Amount | None = Field(None, description="Ianspråktaget till och med tidpunkten, kr.")
    prognos: Amount | None = Field(None, description="Delår: prognos för året, kr; utan prognos gäller budgeten.")


class MomentBudget(StrictModel):
    """``[budget]`` in a moment's moment.toml: what of the budget follow-up is not a budget line."""

    anvandning_av_overskott: SurplusOutcome | None = Field(
        None, description="Ianspråktaget överskott från tidigare år (visas under resultatraden, inte som intäkt).")


class Budget(StrictModel):
    adopted: str | None = Field(None, description="Var och när budgeten antogs.")
    lines: list[BudgetLine] = Field(default_factory=list)
    anvandning_av_overskott: SurplusUse | None = Field(
        None, description="Ianspråktaget överskott från tidigare år (visas under resultatraden, inte som intäkt).")

    def lines_of(self, kind: LineKind) -> list[BudgetLine]:
        return [line for line in self.lines if line.kind is kind]

    @property
    def plan_years(self) -> list[int]:
        return sorted({year for line in self.lines for year in line.plan})
