"""Organisation, its bodies and people, and its member municipalities."""

from enum import StrEnum

from pydantic import Field, StringConstraints, model_validator
from typing import Annotated

from rapportkarna.model.common import Kommunkod, Name, repeated, Slug, StrictModel
from rapportkarna.model.regime import Regime

OrgNumber = Annotated[str, StringConstraints(pattern=r"^[0-9]{6}-[0-9]{4}$")]


class BodyKind(StrEnum):
    STYRELSE = "styrelse"
    ARBETSUTSKOTT = "arbetsutskott"
    REGIONRAD = "regionrad"
    KOMMUNCHEFSGRUPP = "kommunchefsgrupp"
    STYRGRUPP = "styrgrupp"
    LEDNINGSGRUPP = "ledningsgrupp"
    ARBETSGRUPP = "arbetsgrupp"
    PRESIDIUM = "presidium"
    BEREDNING = "beredning"
    KANSLI = "kansli"
    REVISION = "revision"
    STAMMA = "stamma"
    FULLMAKTIGE = "fullmaktige"


class Person(StrictModel):
    name: Name
    role: str | None = Field(None, description="Roll i organet: ordförande, vice ordförande, sekreterare, ledamot …")
    organisation: str | None = Field(None, description="Den person representerar, t.ex. 'Vännäs kommun'.")
    title: str | None = Field(None, description="Befattning, t.ex. 'KS ordförande' eller 'kommunchef'.")


class Body(StrictModel):
    """A body of the organisation: styrelse, regionråd, kommunchefsgrupp, arbetsgrupp …"""

    id: Slug
    kind: BodyKind
    name: Name
    description: str | None = None
    people: list[Person] = Field(default_factory=list)


class Member(StrictModel):
    """A member municipality."""

    name: Name
    kommunkod: Kommunkod
    population: dict[int, Annotated[int, Field(ge=0)]] = Field(
        default_factory=dict, description="Folkmängd per år (31 december), t.ex. { 2011 = 74 000 }."
    )

    def population_in(self, year: int) -> int | None:
        """Population of the latest year at or before ``year`` that the data has."""
        known = [y for y in self.population if y <= year]
        return self.population[max(known)] if known else None


class Organisation(StrictModel):
    name: Name
    short_name: Name
    regime: Regime
    org_number: OrgNumber | None = Field(None, description="Organisationsnummer, NNNNNN-NNNN.")
    seat: str | None = Field(None, description="Säte.")
    founded: int | None = None
    vision: str | None = None
    mission: str | None = Field(None, description="Verksamhetsidé.")
    overall_goals: list[str] = Field(default_factory=list, description="Övergripande mål.")
    principles: list[str] = Field(default_factory=list, description="Grundteser och principer för samverkan.")
    description: str | None = Field(None, description="Kort presentation av organisationen.")
    logo: str | None = Field(None, description="Logotyp (SVG/PNG) relativt federationens mapp.")
    logo_alt: str | None = Field(None, description="Alternativtext för logotypen.")
    bodies: list[Body] = Field(default_factory=list)

    @model_validator(mode="after")
    def _rules_of_regime(self) -> "Organisation":
        if self.regime is Regime.KOMMUNALFORBUND and not self.org_number:
            raise ValueError("a kommunalförbund is a legal person and needs org_number (NNNNNN-NNNN)")
        if self.regime is Regime.SAMVERKAN and self.org_number:
            raise ValueError("a samverkan without legal person has no org_number; remove it or change regime")
        if self.logo and not self.logo_alt:
            raise ValueError("logo needs logo_alt: every image needs a text alternative")
        ids = [b.id for b in self.bodies]
        duplicates = repeated(ids)
        if duplicates:
            raise ValueError(f"body ids must be unique; repeated: {', '.join(duplicates)}")
        return self

    def body(self, body_id: str) -> Body | None:
        return next((b for b in self.bodies if b.id == body_id), None)
