"""Prioriterade uppgifter (priority areas) and their indicators."""

from enum import StrEnum
from typing import Literal

from pydantic import Field

from rapportkarna.model.common import Amount, NonEmptyStr, Slug, StrictModel


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


class Indicator(StrictModel):
    """An indicator: a statement of what success looks like, optionally measured.

    Norrbotten's indicators are qualitative statements; a measured one has a unit, a target
    (målvärde) and an outcome (utfall).
    """

    text: NonEmptyStr
    id: Slug | None = None
    unit: str | None = None
    target: Amount | None = Field(None, description="Målvärde.")
    outcome: Amount | None = Field(None, description="Utfall.")
    direction: Literal["increase", "decrease"] | None = Field(
        None, description="Whether a higher ('increase') or lower value is better."
    )
    status: IndicatorStatus | None = None
    assessment: str | None = Field(None, description="Bedömning i ord.")
    source: str | None = Field(None, description="Källa för utfallet.")


class Priority(StrictModel):
    """A prioriterad uppgift: why, how we know (indikatorer), what we do, what we did."""

    id: Slug
    title: NonEmptyStr
    description: str | None = None
    responsible: str | None = Field(None, description="Ansvarig tjänsteperson.")
    indicators: list[Indicator] = Field(default_factory=list)
    key_activities: list[str] = Field(default_factory=list, description="Nyckelaktiviteter.")
    actions_taken: list[str] = Field(default_factory=list, description="Vidtagna åtgärder (uppföljning).")
