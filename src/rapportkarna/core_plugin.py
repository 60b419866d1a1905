"""Core as a plugin: the three yearly reports, their default sections and the Swedish filters.

It uses the same hooks as any federation's plugin, and is always loaded first.
"""

from datetime import date
from typing import Any, Callable

from rapportkarna import hookimpl
from rapportkarna.formatting import FILTERS
from rapportkarna.economy.report import ReportEconomy
from rapportkarna.history import History
from rapportkarna.model import MomentData, Regime, YearData
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
    sections.append(_section(rules, report, "i_korthet", "I korthet", 12))
    if any(not p.geh for p in data.priorities):
        sections.append(_section(rules, report, "prioriterade", "Prioriterade uppgifter", 40,
                                 data={"follow_up": follow_up}))
    if any(p.geh for p in data.priorities):
        sections.append(_section(rules, report, "god_ekonomisk_hushallning", "God ekonomisk hushållning", 42,
                                 data={"follow_up": follow_up, "interim": report.period == "interim"}))
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


#: The economy's sections from the accounts: (id, title, order, moments they belong to).
ECONOMY_SECTIONS = (
    ("forvaltningsberattelse", "Förvaltningsberättelse", 12, {"annual"}),
    ("balanskrav", "Balanskravsresultat", 64, {"interim"}),
    ("ekonomisk_plan", "Resultatbudget, balansbudget och kassaflödesbudget", 72, {"plan"}),
    ("resultatrakning", "Resultaträkning", 66, {"interim", "annual"}),
    ("balansrakning", "Balansräkning", 67, {"interim", "annual"}),
    ("kassaflodesanalys", "Kassaflödesanalys", 68, {"annual"}),
    ("noter", "Noter", 69, {"annual"}),
    ("investeringsredovisning", "Investeringsredovisning", 71, {"annual"}),
    ("resultatdisposition", "Förslag till resultatdisposition", 90, {"annual"}),
    ("underskrifter", "Underskrifter", 95, {"annual"}),
)


def _economy_sections(report: ReportType, rules: RegimeRules, economy: ReportEconomy | None) -> list[Section]:
    """The statements and what belongs with them, for the legal forms that keep accounts.

    A kommunalförbund gets them even without its books (a draft then says what is missing; an
    adopted report is refused), so its required parts are always core's own.
    """
    statutory = rules.regime is Regime.KOMMUNALFORBUND
    if not (statutory or (rules.keeps_accounts and economy is not None)):
        return []
    wanted = {
        "forvaltningsberattelse": statutory, "balanskrav": statutory, "ekonomisk_plan": statutory,
        "resultatrakning": True, "balansrakning": True, "kassaflodesanalys": statutory or bool(
            economy and "kassaflodesanalys" in economy.statements),
        "noter": True, "investeringsredovisning": bool(economy and economy.investments),
        "resultatdisposition": rules.regime is Regime.IDEELL_FORENING,
        "underskrifter": True,
    }
    return [_section(rules, report, section_id, title, order)
            for section_id, title, order, periods in ECONOMY_SECTIONS
            if report.period in periods and wanted[section_id]]


@hookimpl
def report_sections(report: ReportType, data: YearData, moment: MomentData, history: History,
                    rules: RegimeRules, indicators: list[ContributedIndicator],
                    economy: ReportEconomy | None) -> list[Section]:
    if report.id not in {VERKSAMHETSPLAN.id, DELARSRAPPORT.id, ARSREDOVISNING.id}:
        return []
    texts = moment.texts
    plan_title = "Budget och ekonomisk plan" if data.budget.plan_years else "Budget"
    economy_title = {"plan": plan_title, "interim": "Ekonomisk uppföljning"}.get(report.period, "Ekonomisk redovisning")
    sections = _main_sections(report, data, moment, rules, indicators, history)
    sections.append(_section(rules, report, "ekonomi", economy_title, 70))
    sections += _economy_sections(report, rules, economy)
    if data.fees is not None:  # the table itself comes from the context's member_fees
        sections.append(_section(rules, report, "medlemsavgifter", "Medlemsavgifter", 75))
    if texts.framtid:
        sections.append(_section(rules, report, "framtid", "Förväntad utveckling", 80))
    return sections


@hookimpl
def template_filters() -> dict[str, Callable[..., Any]]:
    return dict(FILTERS)
