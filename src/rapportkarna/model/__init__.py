"""The core model: organisation, members, meetings, projects, budget, goals.

Everything a federation keeps in its folder is validated into these pydantic models. What only one
federation has does not belong here: it is attached through a plugin's data extension
(see :mod:`rapportkarna.extensions`).
"""

from rapportkarna.model.budget import Budget, BudgetLine, LineKind
from rapportkarna.model.common import Amount, Kommunkod, Slug, StrictModel
from rapportkarna.model.federation import FederationConfig, ReportSettings, SectionSettings
from rapportkarna.model.goals import Indicator, IndicatorStatus, Priority
from rapportkarna.model.meeting import AgendaItem, Attendance, Attendee, Meeting, MeetingKind
from rapportkarna.model.organisation import Body, BodyKind, Member, Organisation, Person
from rapportkarna.model.project import Financier, Project, ProjectStatus
from rapportkarna.model.regime import Regime
from rapportkarna.model.year import FollowUp, ReportTexts, YearData, YearMeta

__all__ = [
    "AgendaItem", "Amount", "Attendance", "Attendee", "Body", "BodyKind", "Budget", "BudgetLine",
    "FederationConfig", "Financier", "FollowUp", "Indicator", "IndicatorStatus", "Kommunkod",
    "LineKind", "Meeting", "MeetingKind", "Member", "Organisation", "Person", "Priority", "Project",
    "ProjectStatus", "Regime", "ReportSettings", "ReportTexts", "SectionSettings", "Slug",
    "StrictModel", "YearData", "YearMeta",
]
