"""Projects with financiers, budget, indicators, key activities and actions taken."""

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import Field, ValidationInfo, field_validator

from rapportkarna.model.common import Amount, NonEmptyStr, Slug, StrictModel
from rapportkarna.model.goals import Indicator


class ProjectStatus(StrEnum):
    PLANERAT = "planerat"
    PAGAENDE = "pagaende"
    AVSLUTAT = "avslutat"

    @property
    def label(self) -> str:
        return {"planerat": "Planerat", "pagaende": "Pågående", "avslutat": "Avslutat"}[self.value]


class Financier(StrictModel):
    name: NonEmptyStr
    amount: Amount


class Project(StrictModel):
    id: Slug
    name: NonEmptyStr
    owner: str | None = Field(None, description="Projektägare.")
    manager: str | None = Field(None, description="Projektledare.")
    start: date | None = None
    end: date | None = None
    status: ProjectStatus = ProjectStatus.PAGAENDE
    description: str | None = None
    purpose: str | None = Field(None, description="Syfte.")
    staff: Amount | None = Field(None, description="Personella resurser i årsarbetare/tjänster.")
    budget: Amount | None = Field(None, description="Total budget för projektet, kr.")
    spent: Amount | None = Field(None, description="Upparbetat hittills, kr.")
    financiers: list[Financier] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    key_activities: list[str] = Field(default_factory=list)
    actions_taken: list[str] = Field(default_factory=list)

    @field_validator("end")
    @classmethod
    def _period_in_order(cls, end: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start")
        if start and end and end < start:
            raise ValueError(f"end {end} is before start {start}")
        return end

    @property
    def financed(self) -> Decimal:
        return sum((f.amount for f in self.financiers), Decimal(0))
