"""What a report shows of each goal, project and indicator at its moment.

The set-once data of year.toml joined with the report's own moment (and, for indicators, the
earlier years' bokslut it may compare with), evaluated by :mod:`rapportkarna.goals`: målvärde for
the report's year (each year of the plan period in a verksamhetsplan), utfall and prognos, values
per member, and the status as a :class:`~rapportkarna.goals.Mark` that carries its word. Where a
draft lacks a value its moment should have, the view holds :data:`~rapportkarna.formatting.LACKING`
and the report says "Uppgift saknas".
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from rapportkarna.charts import Palette
from rapportkarna.formatting import LACKING
from rapportkarna.goals import (GehCount, Mark, accounts_value, builtin, geh_counts, geh_judgement, geh_sentence,
                                goal_level, kolada_year, mark_of, members_status, met_sentence, read_kolada,
                                status_from)
from rapportkarna.goals.charts import indicator_charts
from rapportkarna.history import History
from rapportkarna.locations import Loc
from rapportkarna.model import (GoalKind, GoalSettings, Indicator, IndicatorSource, IndicatorValue, KeyActivity,
                                Member, MomentData, MomentKind, MomentRef, Priority, PriorityFollowUp, Project,
                                ProjectFollowUp, ProjectStatus)
from rapportkarna.reports import ContributedIndicator


@dataclass
class Evaluation:
    """What evaluating a report's goals needs besides the goals: one per report."""

    settings: GoalSettings
    data_year: int
    ref: MomentRef | None
    members: Sequence[Member] = ()
    figures: Mapping[str, Decimal] = field(default_factory=dict)
    """The economy's named figures at the report's moment (empty without accounts)."""
    kolada_dir: Path | None = None
    plan_years: list[int] = field(default_factory=list)
    """The years of the plan period after the report's year (the ekonomisk plan's)."""
    slug: str | None = None
    palette: Palette | None = None
    """The federation's colours for the indicators' charts."""
    gaps: list[tuple[Loc, str]] = field(default_factory=list)
    """What an adopted report may not lack, by its place in year.toml: filled while evaluating."""

    @property
    def follow_up(self) -> bool:
        return self.ref is not None and self.ref.kind is not MomentKind.PLAN


@dataclass
class MemberValue:
    """One member's utfall of an indicator per member, with its mark against the målvärde."""

    name: str
    kommunkod: str
    value: Any
    mark: Mark | None = None


@dataclass
class IndicatorView:
    indicator: Indicator
    value: IndicatorValue | None = None
    earlier: list[tuple[int, Decimal]] = field(default_factory=list)
    """Utfall of earlier years, oldest first."""
    lacking: bool = False
    """A measured indicator without utfall in a draft's bokslut."""
    target: Decimal | None = None
    """The målvärde for the report's year."""
    plan_targets: list[tuple[int, Decimal | None]] = field(default_factory=list)
    """Målvärde per year of the plan period (a verksamhetsplan shows them)."""
    mark: Mark | None = None
    """The status at the report's moment: typed in, or from målvärde and utfall."""
    members: list[MemberValue] = field(default_factory=list)
    citation: str | None = None
    """'Källa: Kolada, KPI U07414, hämtad 2026-11-20' for a Kolada indicator."""
    value_year: int | None = None
    """The year the utfall is of, where it is not the report's (Kolada's last whole year)."""
    year: int | None = None
    """The report's year."""
    charts: list[Any] = field(default_factory=list)
    """Per-member bars and the trend against the målvärde (rapportkarna.charts.Chart), in a follow-up."""

    @property
    def outcome(self) -> Any:
        if self.value is not None and self.value.outcome is not None:
            return self.value.outcome
        return LACKING if self.lacking else None

    @property
    def prognos(self) -> Any:
        return self.value.prognos if self.value is not None else None

    @property
    def status(self) -> Mark | None:
        return self.mark

    @property
    def members_met(self) -> tuple[int, int] | None:
        """(members reaching the målvärde, members) of an indicator per member with a målvärde."""
        judged = [m for m in self.members if m.mark is not None]
        return (sum(1 for m in judged if m.mark and m.mark.met), len(self.members)) if judged else None


@dataclass
class ActivityView:
    activity: KeyActivity
    value: IndicatorValue | None
    mark: Mark | None


@dataclass
class PriorityView:
    priority: Priority
    follow_up: PriorityFollowUp | None
    indicators: list[IndicatorView]
    lacking: bool = False
    """A follow-up moment (draft) with nothing on this goal yet."""
    activities: list[ActivityView] = field(default_factory=list)
    mark: Mark | None = None
    """The goal's bedömning: typed in its follow-up, or from its indicators'."""


@dataclass
class ProjectView:
    project: Project
    follow_up: ProjectFollowUp | None
    status: Any
    """ProjectStatus, LACKING, or None in the plan."""
    spent: Any
    indicators: list[IndicatorView]


def _earlier_outcomes(indicator: Indicator, history: History) -> list[tuple[int, Decimal]]:
    if not indicator.id or history.current is None:
        return []
    found = []
    for year, moment in history.annual_series():
        value = moment.indicator(indicator.id)
        if value is not None and value.outcome is not None:
            found.append((year, value.outcome))
    return found


def _judge(target: Decimal | None, value: IndicatorValue | None, indicator: Indicator, ev: Evaluation) -> Mark | None:
    """The typed status, else målvärde against the prognos (at a delår, where given) or the utfall."""
    if value is None:
        return None
    if value.status is not None:
        return mark_of(value.status, ev.settings)
    basis = value.prognos if value.prognos is not None else value.outcome
    if target is None or basis is None:
        return None
    return builtin(status_from(target, basis, indicator.higher_is_better, ev.settings.thresholds))


def _per_member(view: IndicatorView, values: Mapping[str, Decimal | None], ev: Evaluation) -> None:
    """Fill the view's rows per member, in the members' order, each judged against the målvärde."""
    view.members = []
    for member in ev.members:
        found = values.get(member.kommunkod)
        mark = None
        if view.target is not None and found is not None:
            mark = builtin(status_from(view.target, found, view.indicator.higher_is_better, ev.settings.thresholds))
        view.members.append(MemberValue(member.name, member.kommunkod, found, mark))
    if view.mark is None and view.target is not None:
        overall = members_status([m.mark for m in view.members])
        view.mark = builtin(overall) if overall else None


def _read_value(indicator: Indicator, moment: MomentData, ev: Evaluation, at: Loc,
                view: IndicatorView) -> IndicatorValue | None:
    """The indicator's value at the report's moment, from where its source says."""
    assert ev.ref is not None
    typed = moment.indicator(indicator.id)
    if indicator.source is IndicatorSource.ACCOUNTS:
        value = accounts_value(indicator, ev.figures, ev.ref)
        if value is None:
            # the bokslut has every figure of the year; a delår may lack one (a balance-sheet figure
            # has no prognos): there the goal is not judged
            if ev.ref.kind is MomentKind.ANNUAL:
                ev.gaps.append((at + ("figure",), f"the economy has no figure '{indicator.figure}' at {ev.ref} "
                                                  f"for the financial goal '{indicator.text}'"))
                view.lacking = True
            return typed
        # a bedömning and comment may still be written in moment.toml beside the computed utfall
        return value.model_copy(update={"status": typed.status, "assessment": typed.assessment,
                                        "actions_taken": typed.actions_taken}) if typed else value
    if indicator.source is IndicatorSource.KOLADA and ev.kolada_dir is not None:
        year = kolada_year(ev.ref)
        read = read_kolada(ev.kolada_dir, indicator, [(m.kommunkod, m.name) for m in ev.members], year, ev.slug)
        view.value_year, view.citation = year, read.citation
        for problem in read.problems:
            ev.gaps.append((at + ("kpi",), problem.message))
        view.target = indicator.target_for(year, ev.data_year) if view.target is None else view.target
        _per_member(view, read.members, ev)
        if read.problems:
            view.lacking = True
        return typed
    return typed


def indicator_view(indicator: Indicator, moment: MomentData, ev: Evaluation, history: History,
                   at: Loc = ()) -> IndicatorView:
    year = ev.ref.year if ev.ref else ev.data_year
    view = IndicatorView(indicator, earlier=_earlier_outcomes(indicator, history),
                         target=indicator.target_for(year, ev.data_year), year=year)
    if not ev.follow_up:
        view.plan_targets = _plan_targets(indicator, ev)
        view.charts = indicator_charts(view, ev.palette)  # the trend so far, where earlier years have utfall
        return view
    assert ev.ref is not None
    view.value = _read_value(indicator, moment, ev, at, view)
    if ev.ref.kind is MomentKind.ANNUAL and indicator.measured and indicator.typed_in and (
            view.value is None or (view.value.outcome is None and not view.value.members)):
        view.lacking = True
    if view.mark is None:
        view.mark = _judge(view.target, view.value, indicator, ev)
    if indicator.per_member and view.value is not None and view.value.members and not view.members:
        _per_member(view, view.value.members, ev)
    view.charts = indicator_charts(view, ev.palette)
    return view


def indicator_views(indicators: list[Indicator], moment: MomentData, ev: Evaluation, history: History,
                    at: Loc = ()) -> list[IndicatorView]:
    return [indicator_view(indicator, moment, ev, history, at + ("indicators", j))
            for j, indicator in enumerate(indicators)]


def contributed_view(item: ContributedIndicator, ev: Evaluation) -> IndicatorView:
    """A plugin's indicator, judged like any other: its own status, else målvärde against utfall."""
    indicator = item.indicator
    year = ev.ref.year if ev.ref else ev.data_year
    view = IndicatorView(indicator, item.value, earlier=list(item.earlier),
                         target=indicator.target_for(year, ev.data_year), year=year)
    if not ev.follow_up:
        view.plan_targets = _plan_targets(indicator, ev)
        view.charts = indicator_charts(view, ev.palette)  # the trend so far, where earlier years have utfall
        return view
    view.mark = _judge(view.target, item.value, indicator, ev)
    if item.value is not None and item.value.members:
        _per_member(view, item.value.members, ev)
    view.charts = indicator_charts(view, ev.palette)
    return view


def contributed_views(items: list[ContributedIndicator], ev: Evaluation) -> list[IndicatorView]:
    return [contributed_view(item, ev) for item in items]


def _plan_targets(indicator: Indicator, ev: Evaluation) -> list[tuple[int, Decimal | None]]:
    """Målvärde per year of the plan period: the ekonomisk plan's years and any the indicator names."""
    years = sorted({ev.data_year, *ev.plan_years, *(y for y in indicator.targets if y >= ev.data_year)})
    return [(y, indicator.target_for(y, ev.data_year)) for y in years]


def _activities(priority: Priority, moment: MomentData, ev: Evaluation) -> list[ActivityView]:
    views = []
    for activity in priority.key_activities:
        value = moment.activity(activity.id) if ev.follow_up else None
        views.append(ActivityView(activity, value, mark_of(value.status, ev.settings) if value else None))
    return views


def priority_views(priorities: list[Priority], contributed: list[ContributedIndicator], moment: MomentData,
                   ev: Evaluation, history: History) -> list[PriorityView]:
    extra: dict[str, list[ContributedIndicator]] = {}
    for item in contributed:
        if item.priority:
            extra.setdefault(item.priority, []).append(item)
    views = []
    for i, priority in enumerate(priorities):
        followed = moment.priority(priority.id) if ev.follow_up else None
        indicators = indicator_views(priority.indicators, moment, ev, history, ("priorities", i))
        indicators += contributed_views(extra.get(priority.id, []), ev)
        activities = _activities(priority, moment, ev)
        view = PriorityView(priority, followed, indicators, lacking=ev.follow_up and followed is None,
                            activities=activities)
        if ev.follow_up:
            if followed is not None and followed.status is not None:
                view.mark = mark_of(followed.status, ev.settings)
            else:
                level = goal_level([v.mark for v in indicators] + [a.mark for a in activities])
                view.mark = builtin(level) if level else None
        views.append(view)
    return views


def project_views(projects: list[Project], moment: MomentData, ev: Evaluation, history: History) -> list[ProjectView]:
    views = []
    ref = ev.ref
    for i, project in enumerate(projects):
        indicators = indicator_views(project.indicators, moment, ev, history, ("projects", i))
        if ref is None or ref.kind is MomentKind.PLAN or ref.period_end is None:
            views.append(ProjectView(project, None, None, None, indicators))
            continue
        followed = moment.project(project.id)
        if followed is not None:
            status, spent = followed.status, followed.spent
            if spent is None and project.budget and project.started_by(ref.period_end):
                spent = LACKING
        elif not project.started_by(ref.period_end):
            status, spent = ProjectStatus.PLANERAT, None
        else:
            status, spent = LACKING, (LACKING if project.budget else None)
        views.append(ProjectView(project, followed, status, spent, indicators))
    return views


@dataclass
class GoalsSummary:
    """How many goals are met at the report's moment, and the GEH goals with their summary."""

    met: int
    judged: int
    total: int
    geh: list[PriorityView]
    geh_counts: list[GehCount]
    interim: bool = False

    @property
    def geh_sentence(self) -> str | None:
        """'4 av 6 verksamhetsmål och 2 av 2 finansiella mål är uppfyllda.'"""
        return geh_sentence(self.geh_counts, prognos=self.interim)

    @property
    def geh_judgement(self) -> str | None:
        return geh_judgement(self.geh_counts, prognos=self.interim)

    uppgifter: tuple[int, int] = (0, 0)
    """(met, judged) of the prioriterade uppgifter (goals that are not GEH goals)."""

    def sentence(self, one: str = "mål", many: str = "mål", genus: str = "ett") -> str | None:
        """'Sju av nio bedömda mål är uppfyllda.' over all goals; None when no goal is judged."""
        return met_sentence(self.met, self.judged, one, many, genus) if self.judged else None

    @property
    def uppgifter_sentence(self) -> str | None:
        """'En av nio bedömda uppgifter är uppfylld.' over the prioriterade uppgifter."""
        met, judged = self.uppgifter
        return met_sentence(met, judged, "uppgift", "uppgifter") if judged else None

    @property
    def verksamhetsmal(self) -> list[PriorityView]:
        return [v for v in self.geh if v.priority.kind is GoalKind.VERKSAMHETSMAL]

    @property
    def finansiella(self) -> list[PriorityView]:
        return [v for v in self.geh if v.priority.kind is GoalKind.FINANSIELLT_MAL]


def _met(views: list[PriorityView]) -> tuple[int, int]:
    judged = [v for v in views if v.mark is not None and v.mark.level != "ej_bedomt"]
    return sum(1 for v in judged if v.mark and v.mark.met), len(judged)


def goals_summary(views: list[PriorityView], interim: bool = False) -> GoalsSummary:
    met, judged = _met(views)
    geh = [v for v in views if v.priority.geh]
    return GoalsSummary(met=met, judged=judged, total=len(views), geh=geh,
                        geh_counts=geh_counts([(v.priority.kind, v.mark) for v in geh]), interim=interim,
                        uppgifter=_met([v for v in views if not v.priority.geh]))
