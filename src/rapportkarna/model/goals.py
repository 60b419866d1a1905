"""Prioriterade uppgifter (priority areas) and their indicators."""

from enum import StrEnum
from typing import Literal

from pydantic import Field

from rapportkarna.model.common import Amount, Name, NonEmptyStr, Slug, StrictModel


class IndicatorStatus(StrEnum):
    """Assessment of an indicator; the report shows the word, never a colour alone."""

    UPPFYLLT = "uppfyllt"
    DELVIS = "delvis"
    EJ_UPPFYLLT = "ej_uppfyllt"
    EJ_BEDOMT = "ej_bedomt"

    @property
    def label(self) -> str:
        return {
            "uppfyllt": "Uppfyllt",
            "delvis": "Delvis uppfyllt",
            "ej_uppfyllt": "Ej uppfyllt",
            "ej_bedomt": "Ej bedömt",
        }[self.value]


class IndicatorValue(StrictModel):
    """What an indicator showed at one reporting moment: utfall, status and bedömning.

    Written in the moment's ``moment.toml`` under ``[indicators.<indicator id>]``, or computed by a
    plugin for the report's moment.
    """

    outcome: Amount | None = Field(None, description="Utfall vid tidpunkten.")
    status: IndicatorStatus | None = None
    assessment: str | None = Field(None, description="Bedömning i ord.")


class Indicator(StrictModel):
    """An indicator: a statement of what success looks like, optionally measured.

    What is set once (text, unit, målvärde) is written in year.toml; what each reporting moment
    found (utfall, status, bedömning) in that moment's file, under the indicator's ``id``.
    Norrbotten's indicators are qualitative statements; a measured one has a unit and a target.
    """

    text: NonEmptyStr
    id: Slug | None = Field(None, description="Needed to give the indicator values per moment.")
    unit: str | None = None
    target: Amount | None = Field(None, description="Målvärde.")
    direction: Literal["increase", "decrease"] | None = Field(
        None, description="Whether a higher ('increase') or lower value is better."
    )
    source: str | None = Field(None, description="Källa för utfallet.")

    @property
    def measured(self) -> bool:
        """An indicator with a målvärde is measured: each follow-up reports its utfall."""
        return self.target is not None


class Priority(StrictModel):
    """A prioriterad uppgift: why, how we know (indikatorer), what we do, what we did."""

    id: Slug
    title: Name
    description: str | None = None
    responsible: str | None = Field(None, description="Ansvarig tjänsteperson.")
    indicators: list[Indicator] = Field(default_factory=list)
    key_activities: list[str] = Field(default_factory=list, description="Nyckelaktiviteter.")


class PriorityFollowUp(StrictModel):
    """A prioriterad uppgift at one reporting moment: ``[priorities.<id>]`` in moment.toml."""

    actions_taken: list[str] = Field(default_factory=list, description="Vidtagna åtgärder till och med tidpunkten.")
    comment: str | None = Field(None, description="Kommentar till uppföljningen.")
