"""Report types and sections: what plugins contribute and the build assembles."""

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from rapportkarna.model import Indicator, IndicatorValue


class ReportType(BaseModel):
    """A kind of report. Core contributes verksamhetsplan, delarsrapport and arsredovisning."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=r"^[a-z0-9_-]+$")
    title: str = Field(description="Default title; '{year}' is replaced. The regime may rename it.")
    template: str = Field(description="Template rendered for the whole report, e.g. 'reports/delarsrapport.html'.")
    period: Literal["plan", "interim", "annual", "other"] = "other"
    description: str = ""


class Section(BaseModel):
    """One section of a report, rendered from ``template`` with ``section`` in the context.

    Order is data: sections are sorted by ``order`` (ties by id), then a section with ``after``
    is moved right behind the section it names. ``part`` puts it in the body or among the bilagor.
    """

    id: str = Field(pattern=r"^[a-z0-9_-]+$")
    title: str
    template: str
    order: int = 100
    after: str | None = None
    part: Literal["main", "appendix"] = "main"
    in_toc: bool = True
    data: dict[str, Any] = Field(default_factory=dict, description="Extra values for the template.")
    plugin: str | None = Field(None, description="Filled in by the build: the plugin that contributed it.")


class ContributedIndicator(BaseModel):
    """An indicator a plugin computes; attached to a prioriterad uppgift when ``priority`` names one."""

    indicator: Indicator
    value: IndicatorValue | None = Field(None, description="Utfall, status and bedömning at the report's moment.")
    priority: str | None = None
    group: str = Field("Nyckeltal", description="Heading for indicators not attached to a priority.")
    earlier: list[tuple[int, Decimal]] = Field(
        default_factory=list, description="Utfall of earlier years, oldest first: the indicator's trend.")
