"""Reporting moments: the plan, the interim follow-ups (delår) and the annual follow-up (bokslut).

A year's folder holds what is set once (``year.toml``: prioriterade uppgifter, målvärden,
projects, the budget) and one folder per moment that has come, written when it comes:

``plan/``
    the verksamhetsplan, written in the autumn before the year;
``delar-MMDD/``
    an interim follow-up per the day MMDD of the year (``delar-0430``, ``delar-0630``,
    ``delar-0831``); a year may have several (tertial reports);
``bokslut/``
    the annual follow-up per 31 December.

Each holds a ``moment.toml`` (:class:`MomentData`) and, where the moment has figures, a
``budget.csv`` of :class:`Outcome` rows and the tables of plugins' data extensions.
"""

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field, model_validator

from rapportkarna.model.budget import LineKey, LineKind, MomentBudget
from rapportkarna.model.common import Amount, Name, NonEmptyStr, Slug, StrictModel
from rapportkarna.model.economy import MomentEconomy
from rapportkarna.model.fees import FeesFollowUp
from rapportkarna.model.goals import IndicatorValue, PriorityFollowUp
from rapportkarna.model.project import ProjectFollowUp


class MomentKind(StrEnum):
    PLAN = "plan"
    INTERIM = "interim"
    ANNUAL = "annual"


MOMENT_FOLDER = re.compile(r"^(?:plan|bokslut|delar-(\d{2})(\d{2}))$")
MOMENT_NAMES = "plan, delar-MMDD (e.g. delar-0630) or bokslut"


@dataclass(frozen=True, order=True)
class MomentRef:
    """Which moment: the year and the folder name, with what they imply."""

    year: int
    id: str

    @property
    def kind(self) -> MomentKind:
        if self.id == "plan":
            return MomentKind.PLAN
        return MomentKind.ANNUAL if self.id == "bokslut" else MomentKind.INTERIM

    @property
    def period_end(self) -> dt.date | None:
        """The last day the moment's figures cover; None for the plan."""
        if self.kind is MomentKind.PLAN:
            return None
        if self.kind is MomentKind.ANNUAL:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, int(self.id[6:8]), int(self.id[8:10]))

    @property
    def period_start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def order(self) -> tuple[int, int, dt.date]:
        """Chronological order of when a moment's data becomes known.

        A plan for year Y is written in the autumn of Y−1: after Y−1's interim moments, before
        Y−1's bokslut (closed in the spring of Y).
        """
        if self.kind is MomentKind.PLAN:
            return (self.year - 1, 1, dt.date(self.year - 1, 12, 31))
        if self.kind is MomentKind.INTERIM:
            return (self.year, 0, self.period_end or dt.date(self.year, 1, 1))
        return (self.year, 2, dt.date(self.year, 12, 31))

    def __str__(self) -> str:
        return f"{self.year}/{self.id}"


def parse_moment_folder(name: str, year: int) -> MomentRef | str:
    """The moment of a folder name, or a message saying what is wrong with it."""
    match = MOMENT_FOLDER.match(name)
    if not match:
        return f"'{name}' is not a reporting moment; moment folders are named {MOMENT_NAMES}"
    if match.group(1):
        month, day = int(match.group(1)), int(match.group(2))
        try:
            end = dt.date(year, month, day)
        except ValueError:
            return f"'{name}': {year}-{match.group(1)}-{match.group(2)} is not a date"
        if end == dt.date(year, 12, 31):
            return f"'{name}': a follow-up per 31 December is the bokslut; name the folder 'bokslut'"
    return MomentRef(year, name)


class Adoption(StrictModel):
    """``[adoption]``: whether the moment's report is a draft or adopted, and by whom.

    Without an ``[adoption]`` table the report is a draft (utkast). An adopted report names the
    body (an id of federation.toml), the date and the paragraph of the decision; ``meeting``
    refers to the meeting in the federation's meetings data where it was taken.
    """

    status: Literal["utkast", "beslutad"] = Field(
        description="'utkast' while the report is being written; 'beslutad' once it is adopted.")
    body: Slug | None = Field(None, description="Organ som beslutade (id i federation.toml).")
    date: dt.date | None = Field(None, description="Beslutsdatum.")
    paragraph: int | None = Field(None, ge=1, description="Paragraf i protokollet (§).")
    meeting: Slug | None = Field(None, description="Sammanträdet där beslutet togs (möte-id i meetings/).")

    @model_validator(mode="after")
    def _complete(self) -> "Adoption":
        if self.status == "beslutad":
            missing = [name for name in ("body", "date", "paragraph") if getattr(self, name) is None]
            if missing:
                raise ValueError(f"an adopted report names body, date and paragraph; missing: {', '.join(missing)}")
        elif any(getattr(self, name) is not None for name in ("body", "date", "paragraph", "meeting")):
            raise ValueError("a draft (status = 'utkast') has no body, date, paragraph or meeting; "
                             "set status = 'beslutad' once the report is adopted")
        return self

    @property
    def adopted(self) -> bool:
        return self.status == "beslutad"


class Forvaltningsberattelse(StrictModel):
    """``[texts.forvaltningsberattelse]``: the headings of a kommunalförbund's förvaltningsberättelse
    (LKBR 11 kap., RKR R15). The balanskravsutredning and the femårsöversikt are computed; these
    texts comment on them."""

    oversikt: str | None = Field(None, description="Översikt över verksamhetens utveckling.")
    viktiga_forhallanden: str | None = Field(None, description="Viktiga förhållanden för resultat och ekonomisk ställning.")
    vasentliga_handelser: str | None = Field(None, description="Händelser av väsentlig betydelse.")
    styrning_och_uppfoljning: str | None = Field(None, description="Styrning och uppföljning av den egna verksamheten.")
    god_ekonomisk_hushallning: str | None = Field(None, description="God ekonomisk hushållning och ekonomisk ställning.")
    balanskravsresultat: str | None = Field(None, description="Kommentar till balanskravsresultatet.")
    personal: str | None = Field(None, description="Väsentliga personalförhållanden.")
    forvantad_utveckling: str | None = Field(None, description="Förväntad utveckling.")


class MomentTexts(StrictModel):
    """The free texts of the moment's report: paragraphs separated by blank lines."""

    inledning: str | None = None
    sammanfattning: str | None = None
    framtid: str | None = Field(None, description="Förväntad utveckling / framåtblick.")
    ekonomi: str | None = Field(None, description="Kommentar till den ekonomiska redovisningen.")
    forvaltningsberattelse: Forvaltningsberattelse | None = Field(
        None, description="Förvaltningsberättelsens avsnitt (kommunalförbund, LKBR 11 kap.).")
    redovisningsprinciper: str | None = Field(None, description="Not 1: redovisningsprinciper.")


class FollowUp(StrictModel):
    """An item of uppföljning: nätverksträffar, kurser och konferenser, resfria möten …"""

    title: Name
    text: str | None = None


class Outcome(StrictModel):
    """One row of a moment's budget.csv: a budget line's utfall to the moment, and the prognos.

    The row names its line by kostnadsställe and kind, as in the year's budget.csv.
    """

    kostnadsstalle: NonEmptyStr
    kind: LineKind
    utfall: Amount | None = Field(None, description="Utfall från årets början till och med tidpunkten.")
    prognos: Amount | None = Field(None, description="Prognos för helåret, gjord vid tidpunkten (delår).")

    @property
    def key(self) -> LineKey:
        return (self.kostnadsstalle, self.kind)


class MomentMeta(StrictModel):
    """Where the moment's data comes from, when it is not all from a source document."""

    example_data: bool = Field(False, description="True where this moment's figures or texts are invented examples.")
    note: str | None = Field(None, description="What of this moment is example data; shown in the Exempeldata notice.")
    assumptions: list[str] = Field(default_factory=list, description="Facts of this moment that are not in a source.")


class MomentData(StrictModel):
    """What one reporting moment recorded: the contents of ``<year>/<moment>/moment.toml``.

    Everything is keyed by the ids of year.toml, so the file of the bokslut has the same shape as
    the delår's and a diff between them shows what changed.
    """

    meta: MomentMeta = Field(default_factory=MomentMeta)
    adoption: Adoption | None = Field(None, description="Utkast eller beslutad; utan tabell är rapporten ett utkast.")
    texts: MomentTexts = Field(default_factory=MomentTexts)
    priorities: dict[Slug, PriorityFollowUp] = Field(
        default_factory=dict, description="Uppföljning per prioriterad uppgift (id i year.toml).")
    indicators: dict[Slug, IndicatorValue] = Field(
        default_factory=dict, description="Utfall, status och bedömning per indikator (id i year.toml).")
    activities: dict[Slug, IndicatorValue] = Field(
        default_factory=dict, description="Bedömning, kommentar och vidtagna åtgärder per nyckelaktivitet (id i year.toml).")
    projects: dict[Slug, ProjectFollowUp] = Field(
        default_factory=dict, description="Status och upparbetat per projekt (id i year.toml).")
    follow_up: list[FollowUp] = Field(default_factory=list, description="Uppföljning: texter om årets verksamhet.")
    outcomes: list[Outcome] = Field(default_factory=list, description="Rows of the moment's budget.csv.")
    budget: MomentBudget = Field(default_factory=MomentBudget,
                                 description="Budgetuppföljning utöver budgetraderna: ianspråktaget överskott.")
    economy: MomentEconomy = Field(default_factory=MomentEconomy,
                                   description="Uppgifter utanför bokföringen: ansvarsförbindelser, balanskrav, prognos.")
    fees: FeesFollowUp | None = Field(
        None, description="Medlemsavgifter fakturerade till och med periodens slut (delår, bokslut).")
    extensions: dict[str, Any] = Field(
        default_factory=dict, description="Plugins' data for this moment, one table per data extension.")

    @property
    def adopted(self) -> bool:
        return self.adoption is not None and self.adoption.adopted

    def outcome(self, key: LineKey) -> Outcome | None:
        return next((row for row in self.outcomes if row.key == key), None)

    def priority(self, priority_id: str) -> PriorityFollowUp | None:
        return self.priorities.get(priority_id)

    def project(self, project_id: str) -> ProjectFollowUp | None:
        return self.projects.get(project_id)

    def indicator(self, indicator_id: str | None) -> IndicatorValue | None:
        return self.indicators.get(indicator_id) if indicator_id else None

    def activity(self, activity_id: str | None) -> IndicatorValue | None:
        return self.activities.get(activity_id) if activity_id else None
