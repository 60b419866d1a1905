"""Goals and indicators: vision → övergripande mål / prioriterade uppgifter → indikatorer and
nyckelaktiviteter.

What is set once, with the plan, is written in year.toml: the goals (``[[priorities]]``, with a
``kind`` for the verksamhetsmål and finansiella mål of god ekonomisk hushållning), their
indicators with unit, direction and målvärde per year of the plan period, and their
nyckelaktiviteter. What each reporting moment found — utfall (per member where the indicator is
per member), prognos at a delår, bedömning, comment and vidtagna åtgärder — is written in that
moment's moment.toml under ``[indicators.<id>]``, ``[activities.<id>]`` and
``[priorities.<id>]``. How a status is reached from målvärde and utfall, and the federation's own
words, are ``[goals]`` in federation.toml (:class:`GoalSettings`).
"""

from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from rapportkarna.model.common import Amount, Kommunkod, Name, NonEmptyStr, Slug, StrictModel

#: Named figures of the economy that a financial goal may be evaluated from (``figure = "…"``).
#: At a delår the economy also gives each as ``prognos_<name>``: the forecast for the whole year.
FIGURES: dict[str, str] = {
    "arets_resultat": "Årets resultat",
    "verksamhetens_intakter": "Verksamhetens intäkter",
    "resultat_andel_av_intakter": "Resultat som andel av intäkterna",
    "soliditet": "Soliditet",
    "soliditet_inkl_pensioner": "Soliditet inklusive pensionsförpliktelser",
    "kassalikviditet": "Kassalikviditet",
    "nettoinvesteringar": "Nettoinvesteringar",
    "balanskravsresultat": "Balanskravsresultat",
    "verksamhetens_kostnader": "Verksamhetens kostnader",
    "verksamhetens_nettokostnad": "Verksamhetens nettokostnad",
    "resultat_efter_finansiella_poster": "Resultat efter finansiella poster",
    "eget_kapital": "Eget kapital",
    "likvida_medel": "Likvida medel",
    "sjalvfinansieringsgrad": "Självfinansieringsgrad av investeringarna",
}
PROGNOS_PREFIX = "prognos_"


class IndicatorStatus(StrEnum):
    """The built-in bedömning scale; the report shows the word, never a colour alone."""

    UPPFYLLT = "uppfyllt"
    DELVIS = "delvis"
    EJ_UPPFYLLT = "ej_uppfyllt"
    EJ_PABORJAD = "ej_paborjad"
    EJ_BEDOMT = "ej_bedomt"

    @property
    def label(self) -> str:
        return {
            "uppfyllt": "Uppfyllt",
            "delvis": "Delvis uppfyllt",
            "ej_uppfyllt": "Ej uppfyllt",
            "ej_paborjad": "Ej påbörjad",
            "ej_bedomt": "Ej bedömt",
        }[self.value]

    @property
    def level(self) -> "Level":
        return self.value  # the built-in ids are the levels


Level = Literal["uppfyllt", "delvis", "ej_uppfyllt", "ej_paborjad", "ej_bedomt"]
"""What a bedömning means for the summaries ("4 av 6 mål är uppfyllda") and the marker's colour."""


class GoalKind(StrEnum):
    """What a goal is: a prioriterad uppgift, or a goal for god ekonomisk hushållning (KL 11 kap.)."""

    UPPGIFT = "uppgift"
    VERKSAMHETSMAL = "verksamhetsmal"
    FINANSIELLT_MAL = "finansiellt_mal"


class IndicatorSource(StrEnum):
    """Where an indicator's utfall comes from."""

    MANUAL = "manual"
    """Typed in each moment's moment.toml."""
    PLUGIN = "plugin"
    """Computed by a plugin from the federation's data (the ``indicators`` hook)."""
    KOLADA = "kolada"
    """Read per member and year from the federation's Kolada cache (``kpi``)."""
    ACCOUNTS = "accounts"
    """A named figure of the economy (``figure``): a financial goal."""


class IndicatorValue(StrictModel):
    """What an indicator (or nyckelaktivitet) showed at one reporting moment.

    Written in the moment's ``moment.toml`` under ``[indicators.<id>]`` (``[activities.<id>]`` for
    a nyckelaktivitet), or computed for the report's moment by a plugin, from Kolada or from the
    accounts.
    """

    outcome: Amount | None = Field(None, description="Utfall vid tidpunkten (för en delår: hittills under året).")
    prognos: Amount | None = Field(None, description="Prognos för helåret, gjord vid ett delår.")
    members: dict[Kommunkod, Amount] = Field(
        default_factory=dict, description="Utfall per medlemskommun (kommunkod → värde), för en indikator per medlem.")
    status: Slug | None = Field(
        None, description="Bedömning: uppfyllt, delvis, ej_uppfyllt, ej_paborjad, ej_bedomt, eller ett id ur "
                          "federationens egen skala ([[goals.scale]] i federation.toml). För en mätbar indikator "
                          "räknas den fram ur målvärde och utfall när den inte anges.")
    assessment: str | None = Field(None, description="Bedömning i ord: kommentar.")
    actions_taken: list[str] = Field(default_factory=list, description="Vidtagna åtgärder till och med tidpunkten.")

    @field_validator("status", mode="before")
    @classmethod
    def _plain_status(cls, value: Any) -> Any:
        # a plugin may pass IndicatorStatus.UPPFYLLT: keep the id, not the enum
        return value.value if isinstance(value, StrEnum) else value


class Indicator(StrictModel):
    """An indicator: a statement of what success looks like, qualitative or measured.

    What is set once (text, unit, direction, målvärde per year) is written in year.toml; what each
    reporting moment found, in that moment's file under the indicator's ``id``. A measured
    indicator has a målvärde (``target`` for the year, or ``targets`` per year of the plan
    period), or takes its utfall from Kolada or the accounts.
    """

    text: NonEmptyStr
    id: Slug | None = Field(None, description="Needed to give the indicator values per moment.")
    unit: str | None = Field(None, description="Enhet: 'st', '%', 'kommuner' …")
    target: Amount | None = Field(None, description="Målvärde för årets utfall.")
    targets: dict[int, Amount] = Field(
        default_factory=dict, description="Målvärde per år i planperioden: { 2011 = 3000, 2012 = 3200 }.")
    direction: Literal["increase", "decrease"] | None = Field(
        None, description="Whether a higher ('increase', the default) or lower ('decrease') value is better.")
    source: IndicatorSource = Field(
        IndicatorSource.MANUAL, description="Var utfallet kommer ifrån: manual (skrivs in per tidpunkt), plugin, "
                                            "kolada (kpi) eller accounts (figure).")
    source_text: str | None = Field(None, description="Källa för utfallet i ord, som rapporten anger.")
    per_member: bool = Field(False, description="Utfallet redovisas per medlemskommun.")
    kpi: str | None = Field(None, pattern=r"^[A-Z][0-9]{5}$",
                            description="Kolada KPI id (source = 'kolada'), t.ex. 'U07414'.")
    gender: Literal["T", "K", "M"] = Field("T", description="Kolada: T (totalt), K (kvinnor) eller M (män).")
    figure: str | None = Field(None, description="Ekonomins nyckeltal (source = 'accounts'): "
                                                 + ", ".join(FIGURES) + ".")

    @model_validator(mode="before")
    @classmethod
    def _set_once_only(cls, value: Any) -> Any:
        """The one-state-per-year layout wrote utfall beside the målvärde: say where it goes now."""
        if isinstance(value, dict):
            moved = [key for key in ("outcome", "status", "assessment", "prognos", "members") if key in value]
            if moved:
                where = f"[indicators.{value['id']}]" if value.get("id") else "[indicators.<id>] (give the indicator an id)"
                raise ValueError(f"{', '.join(moved)} is followed up per reporting moment: write it in "
                                 f"<moment>/moment.toml under {where}; year.toml holds what is set once "
                                 "(text, unit, direction, target or targets, source)")
        return value

    @field_validator("source", mode="before")
    @classmethod
    def _source_is_a_kind(cls, value: Any) -> Any:
        kinds = [s.value for s in IndicatorSource]
        if isinstance(value, str) and value not in kinds:
            raise ValueError(f"source says where the utfall comes from: one of {', '.join(kinds)}; "
                             f"a källa in words goes in source_text = {value!r}")
        return value

    @field_validator("figure")
    @classmethod
    def _known_figure(cls, value: str | None) -> str | None:
        if value is not None and value.removeprefix(PROGNOS_PREFIX) not in FIGURES:
            raise ValueError(f"unknown figure '{value}'; the economy's figures are: {', '.join(FIGURES)}")
        return value.removeprefix(PROGNOS_PREFIX) if value else value

    @model_validator(mode="after")
    def _source_needs(self) -> "Indicator":
        if self.target is not None and self.targets:
            raise ValueError("give the målvärde as target (this year) or targets (per year), not both")
        if self.source is IndicatorSource.KOLADA and not self.kpi:
            raise ValueError("source = 'kolada' needs kpi = the Kolada KPI id, e.g. 'U07414'")
        if self.source is IndicatorSource.ACCOUNTS and not self.figure:
            raise ValueError(f"source = 'accounts' needs figure = one of {', '.join(FIGURES)}")
        if self.kpi and self.source is not IndicatorSource.KOLADA:
            raise ValueError("kpi is read only with source = 'kolada'")
        if self.figure and self.source is not IndicatorSource.ACCOUNTS:
            raise ValueError("figure is read only with source = 'accounts'")
        return self

    @property
    def measured(self) -> bool:
        """A measured indicator has a målvärde, or a utfall that is read rather than written."""
        return (self.target is not None or bool(self.targets)
                or self.source in (IndicatorSource.KOLADA, IndicatorSource.ACCOUNTS))

    @property
    def typed_in(self) -> bool:
        """Whether each follow-up writes its utfall in moment.toml."""
        return self.source is IndicatorSource.MANUAL

    def target_for(self, year: int, data_year: int) -> Decimal | None:
        """The målvärde for ``year``; ``target`` is the målvärde of the year of year.toml."""
        if year in self.targets:
            return self.targets[year]
        return self.target if year == data_year else None

    @property
    def higher_is_better(self) -> bool:
        return self.direction != "decrease"


class KeyActivity(StrictModel):
    """A nyckelaktivitet; with an ``id`` it gets a bedömning per moment under ``[activities.<id>]``."""

    text: str = Field(description="The activity; a blank one is left out of the report.")
    id: Slug | None = None


def _activity(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class Priority(StrictModel):
    """A goal: a prioriterad uppgift or övergripande mål, or (``kind``) a verksamhetsmål or
    finansiellt mål for god ekonomisk hushållning. Why, how we know (indikatorer), what we do
    (nyckelaktiviteter), what we did (each moment's vidtagna åtgärder)."""

    id: Slug
    title: Name
    kind: GoalKind = Field(GoalKind.UPPGIFT, description="uppgift (prioriterad uppgift), verksamhetsmal eller "
                                                         "finansiellt_mal (god ekonomisk hushållning).")
    description: str | None = None
    responsible: str | None = Field(None, description="Ansvarig tjänsteperson.")
    indicators: list[Indicator] = Field(default_factory=list)
    key_activities: list[KeyActivity] = Field(
        default_factory=list, description="Nyckelaktiviteter: en text, eller { id, text } för en bedömning per tidpunkt.")
    projects: list[Slug] = Field(default_factory=list, description="Projekt (id i year.toml) som hör till målet.")

    @field_validator("key_activities", mode="before")
    @classmethod
    def _activities(cls, value: Any) -> Any:
        return [_activity(v) for v in value] if isinstance(value, list) else value

    @property
    def geh(self) -> bool:
        """A goal for god ekonomisk hushållning."""
        return self.kind is not GoalKind.UPPGIFT


class PriorityFollowUp(StrictModel):
    """A goal at one reporting moment: ``[priorities.<id>]`` in moment.toml."""

    actions_taken: list[str] = Field(default_factory=list, description="Vidtagna åtgärder till och med tidpunkten.")
    comment: str | None = Field(None, description="Kommentar till uppföljningen.")
    status: Slug | None = Field(
        None, description="Bedömning av målet; utan den räknas den fram ur indikatorernas bedömning.")


# -- federation.toml: [goals] -----------------------------------------------------------------------

class ScaleStep(StrictModel):
    """One step of a federation's own bedömning scale."""

    id: Slug = Field(description="What moment.toml writes as status.")
    label: Name = Field(description="The word the report shows.")
    level: Level = Field(description="What it counts as: uppfyllt, delvis, ej_uppfyllt, ej_paborjad or ej_bedomt.")


class Thresholds(StrictModel):
    """How a measured indicator's status follows from målvärde and utfall.

    ``reached`` is how much of the målvärde the utfall reaches, in percent (for a lower-is-better
    indicator, målvärde / utfall). At 100 % or more: uppfyllt; from ``delvis`` %: delvis uppfyllt;
    below: ej uppfyllt.
    """

    uppfyllt: Decimal = Field(Decimal(100), gt=0, description="Uppfyllt från så många procent av målvärdet.")
    delvis: Decimal = Field(Decimal(80), ge=0, description="Delvis uppfyllt från så många procent av målvärdet.")

    @model_validator(mode="after")
    def _ordered(self) -> "Thresholds":
        if self.delvis > self.uppfyllt:
            raise ValueError(f"delvis ({self.delvis}) must not be above uppfyllt ({self.uppfyllt})")
        return self


class Headings(StrictModel):
    """The federation's own words for the parts of its goals, used in every report."""

    vision: str = "Vision"
    mission: str = "Verksamhetsidé"
    overall_goals: str = "Övergripande mål"
    principles: str = "Principer för samverkan"
    indicators: str = "Indikatorer"
    key_activities: str = "Nyckelaktiviteter"
    actions_taken: str = "Vidtagna åtgärder"


class GoalSettings(StrictModel):
    """``[goals]`` in federation.toml: thresholds, the bedömning scale and the federation's words."""

    thresholds: Thresholds = Field(default_factory=Thresholds)
    scale: list[ScaleStep] = Field(
        default_factory=list, description="Federationens egen bedömningsskala; utan den gäller uppfyllt, delvis, "
                                          "ej_uppfyllt, ej_paborjad och ej_bedomt.")
    headings: Headings = Field(default_factory=Headings)

    def steps(self) -> dict[str, ScaleStep]:
        """Every status a moment may write, by id: the built-in ones and the federation's own."""
        found = {s.value: ScaleStep(id=s.value, label=s.label, level=s.level) for s in IndicatorStatus}
        found.update({step.id: step for step in self.scale})
        return found
