"""What a report shows of each prioriterad uppgift, project and indicator at its moment.

The set-once data of year.toml joined with the report's own moment (and, for indicators, the
earlier years' bokslut it may compare with). Where a draft lacks a value its moment should have,
the view holds :data:`~rapportkarna.formatting.LACKING` and the report says "Uppgift saknas".
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rapportkarna.formatting import LACKING
from rapportkarna.history import History
from rapportkarna.model import (Indicator, IndicatorValue, MomentData, MomentKind, MomentRef, Priority,
                                PriorityFollowUp, Project, ProjectFollowUp, ProjectStatus)
from rapportkarna.reports import ContributedIndicator


@dataclass
class IndicatorView:
    indicator: Indicator
    value: IndicatorValue | None = None
    earlier: list[tuple[int, Decimal]] = field(default_factory=list)
    """Utfall of earlier years' bokslut, oldest first."""
    lacking: bool = False
    """A measured indicator without utfall in a draft's bokslut."""

    @property
    def outcome(self) -> Any:
        if self.value is not None and self.value.outcome is not None:
            return self.value.outcome
        return LACKING if self.lacking else None


@dataclass
class PriorityView:
    priority: Priority
    follow_up: PriorityFollowUp | None
    indicators: list[IndicatorView]
    lacking: bool = False
    """A follow-up moment (draft) with nothing on this uppgift yet."""


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


def indicator_views(indicators: list[Indicator], moment: MomentData, ref: MomentRef | None,
                    history: History) -> list[IndicatorView]:
    follow_up = ref is not None and ref.kind is not MomentKind.PLAN
    annual = ref is not None and ref.kind is MomentKind.ANNUAL
    views = []
    for indicator in indicators:
        value = moment.indicator(indicator.id) if follow_up else None
        lacking = annual and indicator.measured and (value is None or value.outcome is None)
        views.append(IndicatorView(indicator, value, _earlier_outcomes(indicator, history), lacking))
    return views


def contributed_views(items: list[ContributedIndicator]) -> list[IndicatorView]:
    return [IndicatorView(item.indicator, item.value) for item in items]


def priority_views(priorities: list[Priority], contributed: list[ContributedIndicator], moment: MomentData,
                   ref: MomentRef | None, history: History) -> list[PriorityView]:
    follow_up = ref is not None and ref.kind is not MomentKind.PLAN
    extra: dict[str, list[ContributedIndicator]] = {}
    for item in contributed:
        if item.priority:
            extra.setdefault(item.priority, []).append(item)
    views = []
    for priority in priorities:
        followed = moment.priority(priority.id) if follow_up else None
        indicators = indicator_views(priority.indicators, moment, ref, history)
        indicators += contributed_views(extra.get(priority.id, []))
        views.append(PriorityView(priority, followed, indicators, lacking=follow_up and followed is None))
    return views


def project_views(projects: list[Project], moment: MomentData, ref: MomentRef | None,
                  history: History) -> list[ProjectView]:
    views = []
    for project in projects:
        indicators = indicator_views(project.indicators, moment, ref, history)
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
