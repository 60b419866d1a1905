"""Rapportkärna: the reports of Swedish municipal federations from one model.

This module is the public surface for plugins: everything a plugin may use is importable from
``rapportkarna`` itself (``from rapportkarna import hookimpl, Section, YearData``); the modules
behind it may change. Plugins implement hooks with :data:`hookimpl`; the specifications live in
:mod:`rapportkarna.hookspecs`.
"""

import importlib
from typing import Any

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
    "IndicatorStatus": "rapportkarna.model", "Budget": "rapportkarna.model", "BudgetLine": "rapportkarna.model",
    "LineKind": "rapportkarna.model", "LineKey": "rapportkarna.model",
    # problems at their place
    "Problem": "rapportkarna.errors", "RapportError": "rapportkarna.errors",
    "ValidationFailed": "rapportkarna.errors", "Locations": "rapportkarna.locations",
    "Loc": "rapportkarna.locations", "YEAR_FILE": "rapportkarna.loader", "MOMENT_FILE": "rapportkarna.loader",
    "BUDGET_FILE": "rapportkarna.loader", "CONFIG_FILE": "rapportkarna.loader",
    # the economy's tables, for a plugin's excerpt of the budget
    "BudgetTable": "rapportkarna.economy", "budget_table": "rapportkarna.economy",
    # Swedish formatting, as the templates' filters
    "tal": "rapportkarna.formatting", "belopp": "rapportkarna.formatting", "kr": "rapportkarna.formatting",
    "procent": "rapportkarna.formatting", "andel": "rapportkarna.formatting", "datum": "rapportkarna.formatting",
    "kortdatum": "rapportkarna.formatting", "manad": "rapportkarna.formatting",
    "veckodag": "rapportkarna.formatting", "klockslag": "rapportkarna.formatting",
    "prose": "rapportkarna.formatting", "LACKING": "rapportkarna.formatting", "MISSING": "rapportkarna.formatting",
    "LOCALE": "rapportkarna.formatting",
}

__all__ = ["PROJECT_NAME", "__version__", "hookimpl", *_PUBLIC]


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        value = getattr(importlib.import_module(_PUBLIC[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'rapportkarna' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted(__all__)
