"""Projects with financiers, budget, indicators, key activities and actions taken."""

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import Field, ValidationInfo, field_validator

from rapportkarna.model.common import Amount, Name, Slug, StrictModel
from rapportkarna.model.goals import Indicator


class ProjectStatus(StrEnum):
    PLANERAT = "planerat"
    PAGAENDE = "pagaende"
    AVSLUTAT = "avslutat"

    @property
    def label(self) -> str:
        return {"planerat": "Planerat", "pagaende": "Pågående", "avslutat": "Avslutat"}[self.value]


class Financier(StrictModel):
    name: Name
    amount: Amount


class Project(StrictModel):
    id: Slug
    name: Name
    owner: str | None = Field(None, description="Projektägare.")
    manager: str | None = Field(None, description="Projektledare.")
    start: date | None = None
    end: date | None = None
    description: str | None = None
    purpose: str | None = Field(None, description="Syfte.")
    staff: Amount | None = Field(None, description="Personella resurser i årsarbetare/tjänster.")
    budget: Amount | None = Field(None, description="Total budget för projektet, kr.")
    code: str | None = Field(None, description="Projektnummer: objektet i SIE-dimension 6. Med en SIE-fil i "
                                               "tidpunkten räknas upparbetat fram ur bokföringen.")
    financiers: list[Financier] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    key_activities: list[str] = Field(default_factory=list)

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

    def started_by(self, day: date) -> bool:
        return self.start is None or self.start <= day

    def ended_by(self, day: date) -> bool:
        return self.end is not None and self.end <= day


class ProjectFollowUp(StrictModel):
    """A project at one reporting moment: ``[projects.<id>]`` in moment.toml."""

    status: ProjectStatus = Field(description="Status vid tidpunkten.")
    spent: Amount | None = Field(None, description="Upparbetat (utfall) till och med tidpunkten, kr; eller "
                                                   "kolumnen utfall i momentets projekt.csv.")
    prognos: Amount | None = Field(None, description="Delår: prognos för året, kr; eller kolumnen prognos i "
                                                     "momentets projekt.csv.")
    actions_taken: list[str] = Field(default_factory=list, description="Vidtagna åtgärder till och med tidpunkten.")
    comment: str | None = None
