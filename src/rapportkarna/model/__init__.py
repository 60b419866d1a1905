"""The core model: organisation, members, meetings, projects, budget, goals, reporting moments.

Everything a federation keeps in its folder is validated into these pydantic models. What only one
federation has does not belong here: it is attached through a plugin's data extension
(see :mod:`rapportkarna.extensions`).
"""

from rapportkarna.model.budget import Budget, BudgetLine, LineKey, LineKind
from rapportkarna.model.common import Amount, Kommunkod, Slug, StrictModel
from rapportkarna.model.federation import FederationConfig, ReportSettings, SectionSettings
from rapportkarna.model.fees import FeeMethod, Fees, FeesFollowUp, PopulationSource
from rapportkarna.model.goals import (GoalKind, GoalSettings, Indicator, IndicatorSource, IndicatorStatus, IndicatorValue,
                                      KeyActivity, Priority, PriorityFollowUp)
from rapportkarna.model.meeting import (AgendaItem, Assignment, Attendance, Attendee, ItemKind, Meeting,
                                        MeetingKind)
from rapportkarna.model.moment import (Adoption, FollowUp, MomentData, MomentKind, MomentMeta, MomentRef, MomentTexts,
                                       Outcome)
from rapportkarna.model.organisation import Body, BodyKind, Member, Organisation, Person
from rapportkarna.model.project import Financier, Project, ProjectFollowUp, ProjectStatus
from rapportkarna.model.regime import Regime
from rapportkarna.model.year import PlannedMeeting, YearData, YearMeta

__all__ = [
    "Adoption", "AgendaItem", "Assignment", "ItemKind", "PlannedMeeting", "Amount", "Attendance", "Attendee", "Body", "BodyKind", "Budget", "BudgetLine",
    "FederationConfig", "FeeMethod", "GoalKind", "GoalSettings", "IndicatorSource", "KeyActivity", "Fees", "FeesFollowUp", "Financier", "FollowUp", "Indicator", "IndicatorStatus", "IndicatorValue", "Kommunkod",
    "LineKey", "LineKind", "Meeting", "MeetingKind", "Member", "MomentData", "MomentKind", "MomentMeta", "MomentRef",
    "MomentTexts", "Organisation", "Outcome", "Person", "PopulationSource", "Priority", "PriorityFollowUp", "Project",
    "ProjectFollowUp", "ProjectStatus", "Regime", "ReportSettings", "SectionSettings", "Slug",
    "StrictModel", "YearData", "YearMeta",
]
