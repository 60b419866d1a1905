"""One year of a federation's data, as far as it is set once: ``<year>/year.toml``.

The prioriterade uppgifter with their indicators and målvärden, the projects with their budgets,
and the budget with its ekonomisk plan are written once, with the plan. What each reporting
moment found is in that moment's folder (see :mod:`rapportkarna.model.moment`).
"""

import datetime as dt
from typing import Any

from pydantic import Field, ValidationInfo, field_validator

from rapportkarna.model.budget import Budget
from rapportkarna.model.common import Slug, StrictModel, repeated
from rapportkarna.model.economy import InvestmentBudgetRow, ResultBudgetRow
from rapportkarna.model.fees import Fees
from rapportkarna.model.goals import Indicator, Priority
from rapportkarna.model.meeting import Meeting
from rapportkarna.model.project import Project


class YearMeta(StrictModel):
    example_data: bool = Field(
        False, description="True where figures are invented examples; every report then says so."
    )
    note: str | None = Field(None, description="What is example data and what comes from the source.")
    assumptions: list[str] = Field(
        default_factory=list,
        description="Every fact that is not in a source, one line each; listed in the Exempeldata notice.")
    sources: list[str] = Field(default_factory=list, description="Källor: de dokument uppgifterna bygger på.")


class PlannedMeeting(StrictModel):
    """A meeting of the sammanträdesplan: set with the plan, before the year."""

    body: Slug = Field(description="Id of the body in federation.toml.")
    date: dt.date
    start: dt.time | None = None
    end: dt.time | None = None
    place: str | None = None
    note: str | None = Field(None, description="T.ex. 'Budget', 'Bokslut', 'Videosammanträde'.")


class YearData(StrictModel):
    year: int = Field(ge=1900, le=2200)
    comparison_only: bool = Field(
        False, description="The folder holds only what later years compare with (e.g. the bokslut's "
                           "budget outcome); no reports are built for this year.")
    meta: YearMeta = Field(default_factory=YearMeta)
    priorities: list[Priority] = Field(default_factory=list, description="Prioriterade uppgifter.")
    projects: list[Project] = Field(default_factory=list)
    budget: Budget = Field(default_factory=Budget)
    resultatbudget: list[ResultBudgetRow] = Field(
        default_factory=list, description="Rows of resultatbudget.csv: budget and plan per line of the resultaträkning.")
    investeringsbudget: list[InvestmentBudgetRow] = Field(
        default_factory=list, description="Rows of investeringsbudget.csv: budget and plan per investment project.")
    fees: Fees | None = Field(None, description="Medlemsavgifterna: hur de fördelas mellan medlemmarna.")
    meetings: list[Meeting] = Field(default_factory=list)
    meeting_plan: list[PlannedMeeting] = Field(default_factory=list, description="Sammanträdesplan för året.")
    extensions: dict[str, Any] = Field(
        default_factory=dict,
        description="Data owned by plugins, one table per data extension, validated by the plugin's model.",
    )

    @field_validator("priorities", "projects", "meetings")
    @classmethod
    def _unique_ids(cls, items: list[Any], info: ValidationInfo) -> list[Any]:
        ids = [item.id for item in items]
        repeated_ids = repeated(ids)
        if repeated_ids:
            raise ValueError(f"{info.field_name}: ids must be unique; repeated: {', '.join(repeated_ids)}")
        return items

    def all_indicators(self) -> list[Indicator]:
        return ([i for p in self.priorities for i in p.indicators]
                + [i for p in self.projects for i in p.indicators])

    def indicator(self, indicator_id: str) -> Indicator | None:
        return next((i for i in self.all_indicators() if i.id == indicator_id), None)
