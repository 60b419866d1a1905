"""Core as a plugin: the three yearly reports, their default sections and the Swedish filters.

It uses the same hooks as any federation's plugin, and is always loaded first.
"""

from datetime import date
from typing import Any, Callable

from rapportkarna import hookimpl
from rapportkarna.formatting import FILTERS
from rapportkarna.history import History
from rapportkarna.model import MomentData, YearData
from rapportkarna.regimes import RegimeRules
from rapportkarna.reports import ContributedIndicator, ReportType, Section

VERKSAMHETSPLAN = ReportType(
    id="verksamhetsplan", title="Verksamhetsplan {year}", template="reports/verksamhetsplan.html",
    period="plan", description="Plan och budget för kommande år, med ekonomisk plan för flera år.")
DELARSRAPPORT = ReportType(
    id="delarsrapport", title="Delårsrapport {year}", template="reports/delarsrapport.html",
    period="interim", description="Uppföljning under året med prognos för helåret.")
ARSREDOVISNING = ReportType(
    id="arsredovisning", title="Årsredovisning {year}", template="reports/arsredovisning.html",
    period="annual", description="Redovisning av det gångna året.")


@hookimpl
def report_types() -> list[ReportType]:
    return [VERKSAMHETSPLAN, DELARSRAPPORT, ARSREDOVISNING]


def _section(rules: RegimeRules, report: ReportType, id: str, title: str, order: int, **extra: Any) -> Section:
    return Section(id=id, title=rules.section_title(report.id, id, title), template=f"sections/{id}.html",
                   order=order, **extra)


def _held_by(day: date, report: ReportType, history: History) -> bool:
    """Whether a meeting on ``day`` is within the period of the report's moment."""
    end = history.current.period_end if history.current else None
    return end is not None and day <= end


def _main_sections(report: ReportType, data: YearData, moment: MomentData, rules: RegimeRules,
                   indicators: list[ContributedIndicator], history: History) -> list[Section]:
    texts = moment.texts
    follow_up = report.period != "plan"
    inledning = {"plan": "Inledning", "interim": "Inledning"}.get(report.period, "Verksamhetsberättelse")
    sections = [_section(rules, report, "inledning", inledning, 10)]
    if texts.sammanfattning:
        sections.append(_section(rules, report, "sammanfattning", "Sammanfattning", 15))
    sections.append(_section(rules, report, "uppdraget", "Uppdraget", 20))
    if report.period != "interim":
        sections.append(_section(rules, report, "organisation", "Organisation och medlemmar", 30))
    if data.priorities:
        sections.append(_section(rules, report, "prioriterade", "Prioriterade uppgifter", 40,
                                 data={"follow_up": follow_up}))
    if data.projects:
        sections.append(_section(rules, report, "projekt", "Projekt", 50, data={"follow_up": follow_up}))
    if follow_up and moment.follow_up:
        sections.append(_section(rules, report, "uppfoljning", "Uppföljning", 55))
    if follow_up and any(_held_by(m.date, report, history) for m in data.meetings):
        sections.append(_section(rules, report, "sammantraden", "Sammanträden och beslut", 58))
    if report.period == "plan" and data.meeting_plan:
        sections.append(_section(rules, report, "sammantradesplan", "Sammanträdesplan", 85))
    if any(i.priority is None for i in indicators):
        sections.append(_section(rules, report, "nyckeltal", "Nyckeltal", 60))
    return sections


@hookimpl
def report_sections(report: ReportType, data: YearData, moment: MomentData, history: History,
                    rules: RegimeRules, indicators: list[ContributedIndicator]) -> list[Section]:
    if report.id not in {VERKSAMHETSPLAN.id, DELARSRAPPORT.id, ARSREDOVISNING.id}:
        return []
    texts = moment.texts
    plan_title = "Budget och ekonomisk plan" if data.budget.plan_years else "Budget"
    economy = {"plan": plan_title, "interim": "Ekonomisk uppföljning"}.get(report.period, "Ekonomisk redovisning")
    sections = _main_sections(report, data, moment, rules, indicators, history)
    sections.append(_section(rules, report, "ekonomi", economy, 70))
    if texts.framtid:
        sections.append(_section(rules, report, "framtid", "Förväntad utveckling", 80))
    return sections


@hookimpl
def template_filters() -> dict[str, Callable[..., Any]]:
    return dict(FILTERS)
