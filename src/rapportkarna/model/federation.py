"""A federation's configuration: the contents of ``federations/<slug>/federation.toml``."""

from typing import Any, Literal

from pydantic import Field, field_validator

from rapportkarna.kolada.settings import KoladaSettings
from rapportkarna.model.common import Slug, StrictModel, repeated
from rapportkarna.model.economy import AccountsSettings
from rapportkarna.model.goals import GoalSettings
from rapportkarna.model.organisation import Member, Organisation


class SectionSettings(StrictModel):
    """A federation's say over one section of a report: place it, rename it or leave it out."""

    enabled: bool = True
    title: str | None = None
    order: int | None = None
    after: str | None = Field(None, description="Place the section right after this section id.")
    part: Literal["main", "appendix"] | None = Field(None, description="Move the section to the body or the bilagor.")


class ReportSettings(StrictModel):
    title: str | None = Field(None, description="Replaces the report's title from the regime.")
    subtitle: str | None = None
    amount_unit: Literal["kr", "tkr", "mnkr"] = Field("tkr", description="Unit of amounts in tables.")
    sections: dict[str, SectionSettings] = Field(default_factory=dict)


class Theme(StrictModel):
    primary: str = Field("#1f4e79", pattern=r"^#[0-9a-fA-F]{6}$")
    accent: str = Field("#c8102e", pattern=r"^#[0-9a-fA-F]{6}$")


class MeetingSettings(StrictModel):
    """``[meetings]``: the federation's rules for its meetings (from its stadgar or arbetsordning)."""

    kallelse_days: int = Field(7, ge=0, description="Kallelsen skickas minst så många dagar före sammanträdet.")
    justering_days: int = Field(14, ge=0, description="Protokollet justeras inom så många dagar.")
    kept_at: str | None = Field(None, description="Förvaringsplats för protokollen, t.ex. 'Förbundets kansli, Luleå'.")
    contact: str | None = Field(None, description="Dit ledamöter anmäler förhinder, t.ex. telefon och e-post till kansliet.")
    website: str | None = Field(None, description="Var handlingarna finns på webbplatsen, t.ex. 'Politisk organisation › Styrelsen'.")


class FederationConfig(StrictModel):
    organisation: Organisation
    members: list[Member] = Field(min_length=1)
    plugins: list[Slug] = Field(default_factory=list, description="Plugins this federation uses, by name.")
    themes: list[Slug] = Field(default_factory=list, description="Shared template sets this federation uses, "
                                                                 "searched after its own templates and its plugins', before core's.")
    reports: dict[str, ReportSettings] = Field(default_factory=dict, description="Settings per report id.")
    theme: Theme = Field(default_factory=Theme)
    meetings: MeetingSettings = Field(default_factory=MeetingSettings)
    accounts: AccountsSettings | None = Field(
        None, description="Bokföringen: SIE 4-filer per tidpunkt (bokforing.se) och kontoplanens mappning.")
    kolada: KoladaSettings | None = Field(None, description="Nyckeltal från Kolada som federationen använder.")
    goals: GoalSettings = Field(default_factory=GoalSettings,
                                description="Mål och indikatorer: gränser för status, egen bedömningsskala, egna rubriker.")
    plugin_config: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="Settings per plugin name, read by that plugin."
    )

    @field_validator("members")
    @classmethod
    def _members_unique(cls, members: list[Member]) -> list[Member]:
        codes = [m.kommunkod for m in members]
        repeated_codes = repeated(codes)
        if repeated_codes:
            where = "; ".join(f"{c} in " + ", ".join(f"members[{i}] ({m.name})" for i, m in enumerate(members)
                                                      if m.kommunkod == c) for c in repeated_codes)
            raise ValueError(f"kommunkod must be unique; repeated: {where}")
        return members
