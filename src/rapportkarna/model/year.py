"""One year of a federation's data: texts, priorities, projects, follow-up, budget, meetings."""

import datetime as dt
from typing import Any

from pydantic import Field, ValidationInfo, field_validator

from rapportkarna.model.budget import Budget
from rapportkarna.model.common import NonEmptyStr, StrictModel, repeated
from rapportkarna.model.goals import Priority
from rapportkarna.model.meeting import Meeting
from rapportkarna.model.project import Project


class YearMeta(StrictModel):
    example_data: bool = Field(
        False, description="True where figures are invented examples; every report then says so."
    )
    note: str | None = Field(None, description="What is example data and what comes from the source.")
    sources: list[str] = Field(default_factory=list, description="Källor: de dokument uppgifterna bygger på.")


class ReportTexts(StrictModel):
    """The free texts of one report: kansli staff write them, paragraphs separated by blank lines."""

    date: dt.date | None = Field(None, description="Rapportens datum (fastställd/beslutad); står i PDF:ens metadata.")

    inledning: str | None = None
    sammanfattning: str | None = None
    framtid: str | None = Field(None, description="Förväntad utveckling / framåtblick.")
    ekonomi: str | None = Field(None, description="Kommentar till den ekonomiska redovisningen.")


class FollowUp(StrictModel):
    """An item of uppföljning: nätverksträffar, kurser och konferenser, resfria möten …"""

    title: NonEmptyStr
    text: str | None = None


class YearData(StrictModel):
    year: int = Field(ge=1900, le=2200)
    meta: YearMeta = Field(default_factory=YearMeta)
    texts: dict[str, ReportTexts] = Field(
        default_factory=dict, description="Texter per rapport-id: verksamhetsplan, delarsrapport, arsredovisning."
    )
    priorities: list[Priority] = Field(default_factory=list, description="Prioriterade uppgifter.")
    projects: list[Project] = Field(default_factory=list)
    follow_up: list[FollowUp] = Field(default_factory=list, description="Uppföljning.")
    budget: Budget = Field(default_factory=Budget)
    meetings: list[Meeting] = Field(default_factory=list)
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

    def texts_for(self, report_id: str) -> ReportTexts:
        return self.texts.get(report_id, ReportTexts())
