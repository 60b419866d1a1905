"""Rapportkärna: the reports of Swedish municipal federations from one model.

This module is the public surface for plugins: everything a plugin may use is importable from
``rapportkarna`` itself (``from rapportkarna import hookimpl, Section, YearData``); the modules
behind it may change. Plugins implement hooks with :data:`hookimpl`; the specifications live in
:mod:`rapportkarna.hookspecs`.
"""

import importlib
from typing import TYPE_CHECKING, Any

import pluggy

__version__ = "0.1.0"

PROJECT_NAME = "rapportkarna"

#: Decorator for plugin hook implementations: ``@hookimpl def report_sections(...)``.
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

#: Public name → the module that defines it. Imported on first use, so that importing
#: ``rapportkarna`` stays cheap and the core modules (which import ``hookimpl`` from here) load
#: without a cycle.
_PUBLIC: dict[str, str] = {
    # what a plugin contributes
    "ReportType": "rapportkarna.reports", "Section": "rapportkarna.reports",
    "ContributedIndicator": "rapportkarna.reports", "DataExtension": "rapportkarna.extensions",
    "AgendaItemKind": "rapportkarna.meetings.kinds",
    # what hooks receive
    "Federation": "rapportkarna.workspace", "FederationConfig": "rapportkarna.model",
    "YearData": "rapportkarna.model", "MomentData": "rapportkarna.model", "MomentRef": "rapportkarna.model",
    "MomentKind": "rapportkarna.model", "History": "rapportkarna.history", "NotEarlier": "rapportkarna.history",
    "RegimeRules": "rapportkarna.regimes", "Regime": "rapportkarna.model", "LoadedYear": "rapportkarna.loader",
    # the models a plugin's data builds on
    "StrictModel": "rapportkarna.model", "Amount": "rapportkarna.model", "Kommunkod": "rapportkarna.model",
    "Slug": "rapportkarna.model", "NonEmptyStr": "rapportkarna.model.common",
    "Member": "rapportkarna.model", "Body": "rapportkarna.model", "BodyKind": "rapportkarna.model",
    "Organisation": "rapportkarna.model", "Meeting": "rapportkarna.model", "Attendance": "rapportkarna.model",
    "Priority": "rapportkarna.model", "Project": "rapportkarna.model", "ProjectStatus": "rapportkarna.model",
    "Indicator": "rapportkarna.model", "IndicatorValue": "rapportkarna.model",
    "IndicatorStatus": "rapportkarna.model", "IndicatorSource": "rapportkarna.model",
    "GoalKind": "rapportkarna.model", "Budget": "rapportkarna.model", "BudgetLine": "rapportkarna.model",
    "LineKind": "rapportkarna.model", "LineKey": "rapportkarna.model",
    # problems at their place
    "Problem": "rapportkarna.errors", "RapportError": "rapportkarna.errors",
    "ValidationFailed": "rapportkarna.errors", "Locations": "rapportkarna.locations",
    "Loc": "rapportkarna.locations", "YEAR_FILE": "rapportkarna.loader", "MOMENT_FILE": "rapportkarna.loader",
    "BUDGET_FILE": "rapportkarna.loader", "CONFIG_FILE": "rapportkarna.loader",
    # the economy's tables, for a plugin's excerpt of the budget
    "BudgetTable": "rapportkarna.economy", "budget_table": "rapportkarna.economy",
    # the statements computed from the accounts, as report_sections receives them
    "ReportEconomy": "rapportkarna.economy.report", "StatementTable": "rapportkarna.economy.statements",
    # Swedish formatting, as the templates' filters
    "tal": "rapportkarna.formatting", "belopp": "rapportkarna.formatting", "kr": "rapportkarna.formatting",
    "procent": "rapportkarna.formatting", "andel": "rapportkarna.formatting", "datum": "rapportkarna.formatting",
    "kortdatum": "rapportkarna.formatting", "manad": "rapportkarna.formatting",
    "veckodag": "rapportkarna.formatting", "klockslag": "rapportkarna.formatting",
    "prose": "rapportkarna.formatting", "antal_ord": "rapportkarna.formatting", "LACKING": "rapportkarna.formatting", "MISSING": "rapportkarna.formatting",
    "LOCALE": "rapportkarna.formatting",
}

if TYPE_CHECKING:  # the names as type checkers see them (re-exported); at run time they load on first use
    from rapportkarna.economy import budget_table as budget_table
    from rapportkarna.economy import BudgetTable as BudgetTable
    from rapportkarna.economy.report import ReportEconomy as ReportEconomy
    from rapportkarna.economy.statements import StatementTable as StatementTable
    from rapportkarna.errors import Problem as Problem
    from rapportkarna.errors import RapportError as RapportError
    from rapportkarna.errors import ValidationFailed as ValidationFailed
    from rapportkarna.extensions import DataExtension as DataExtension
    from rapportkarna.formatting import andel as andel
    from rapportkarna.formatting import belopp as belopp
    from rapportkarna.formatting import datum as datum
    from rapportkarna.formatting import klockslag as klockslag
    from rapportkarna.formatting import kortdatum as kortdatum
    from rapportkarna.formatting import kr as kr
    from rapportkarna.formatting import LACKING as LACKING
    from rapportkarna.formatting import LOCALE as LOCALE
    from rapportkarna.formatting import manad as manad
    from rapportkarna.formatting import MISSING as MISSING
    from rapportkarna.formatting import procent as procent
    from rapportkarna.formatting import prose as prose
    from rapportkarna.formatting import tal as tal
    from rapportkarna.formatting import veckodag as veckodag
    from rapportkarna.history import History as History
    from rapportkarna.history import NotEarlier as NotEarlier
    from rapportkarna.loader import BUDGET_FILE as BUDGET_FILE
    from rapportkarna.loader import CONFIG_FILE as CONFIG_FILE
    from rapportkarna.loader import LoadedYear as LoadedYear
    from rapportkarna.loader import MOMENT_FILE as MOMENT_FILE
    from rapportkarna.loader import YEAR_FILE as YEAR_FILE
    from rapportkarna.locations import Loc as Loc
    from rapportkarna.locations import Locations as Locations
    from rapportkarna.meetings.kinds import AgendaItemKind as AgendaItemKind
    from rapportkarna.model import Amount as Amount
    from rapportkarna.model import Attendance as Attendance
    from rapportkarna.model import Body as Body
    from rapportkarna.model import BodyKind as BodyKind
    from rapportkarna.model import Budget as Budget
    from rapportkarna.model import BudgetLine as BudgetLine
    from rapportkarna.model import FederationConfig as FederationConfig
    from rapportkarna.model import Indicator as Indicator
    from rapportkarna.model import GoalKind as GoalKind
    from rapportkarna.model import IndicatorSource as IndicatorSource
    from rapportkarna.model import IndicatorStatus as IndicatorStatus
    from rapportkarna.model import IndicatorValue as IndicatorValue
    from rapportkarna.model import Kommunkod as Kommunkod
    from rapportkarna.model import LineKey as LineKey
    from rapportkarna.model import LineKind as LineKind
    from rapportkarna.model import Meeting as Meeting
    from rapportkarna.model import Member as Member
    from rapportkarna.model import MomentData as MomentData
    from rapportkarna.model import MomentKind as MomentKind
    from rapportkarna.model import MomentRef as MomentRef
    from rapportkarna.model import Organisation as Organisation
    from rapportkarna.model import Priority as Priority
    from rapportkarna.model import Project as Project
    from rapportkarna.model import ProjectStatus as ProjectStatus
    from rapportkarna.model import Regime as Regime
    from rapportkarna.model import Slug as Slug
    from rapportkarna.model import StrictModel as StrictModel
    from rapportkarna.model import YearData as YearData
    from rapportkarna.model.common import NonEmptyStr as NonEmptyStr
    from rapportkarna.regimes import RegimeRules as RegimeRules
    from rapportkarna.reports import ContributedIndicator as ContributedIndicator
    from rapportkarna.reports import ReportType as ReportType
    from rapportkarna.reports import Section as Section
    from rapportkarna.workspace import Federation as Federation

__all__ = ["PROJECT_NAME", "__version__", "hookimpl", *_PUBLIC]


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        value = getattr(importlib.import_module(_PUBLIC[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'rapportkarna' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted(__all__)
