"""The context a report is rendered with: everything templates may use, computed once."""

import base64
import mimetypes
from datetime import date
from typing import Any

from rapportkarna.adoption import adoption_href, adoption_line
from rapportkarna.charts import report_charts
from rapportkarna.economy import budget_table, project_table
from rapportkarna.economy.report import ReportEconomy
from rapportkarna.economy.texts import filled_texts
from rapportkarna.economy.fees import member_fees
from rapportkarna.errors import RapportError, ValidationFailed
from rapportkarna.formatting import kortdatum
from rapportkarna.history import History
from rapportkarna.model import Meeting, MomentData, MomentKind, MomentRef, Priority, YearData
from rapportkarna.charts import theme_palette
from rapportkarna.goals.korthet import i_korthet
from rapportkarna.locations import Locations
from rapportkarna.views import (Evaluation, IndicatorView, contributed_views, goals_summary, priority_views,
                                project_views)
from rapportkarna.regimes import RegimeRules
from rapportkarna.reports import ContributedIndicator, ReportType, Section
from rapportkarna.workspace import Federation


def report_date(moment: MomentData) -> date | None:
    """The date a report speaks from: the date of its adoption. A draft has none.

    Never the clock, never a default: the same data gives the same report.
    """
    adoption = moment.adoption
    return adoption.date if adoption is not None and adoption.adopted else None


def report_title(report: ReportType, rules: RegimeRules, federation: Federation, data: YearData) -> str:
    settings = federation.config.reports.get(report.id)
    template = (settings.title if settings and settings.title else None) or rules.report_title(report.id, report.title)
    return template.replace("{year}", str(data.year))


def logo_data_url(federation: Federation) -> str | None:
    """The logo as a data: URL, so the HTML stands alone; only files inside the federation."""
    logo = federation.config.organisation.logo
    if not logo:
        return None
    path = (federation.root / logo).resolve()
    if not path.is_relative_to(federation.root.resolve()) or not path.is_file():
        raise RapportError(f"{federation.root / 'federation.toml'}: organisation.logo: "
                           f"'{logo}' is not a file inside {federation.root}")
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode()}"


def _groups(contributed: list[ContributedIndicator], ev: Evaluation) -> dict[str, list[IndicatorView]]:
    groups: dict[str, list[IndicatorView]] = {}
    for item in contributed:
        if not item.priority:
            groups.setdefault(item.group, []).extend(contributed_views([item], ev))
    return groups


KOLADA_FOLDER = "kolada"
"""The Kolada cache inside the federation's folder (rapportkarna.kolada.cli writes it)."""


def _goal_context(federation: Federation, data: YearData, ref: MomentRef | None, moment: MomentData,
                  history: History, contributed: list[ContributedIndicator], context: dict[str, Any]) -> dict[str, Any]:
    """Goals, indicators and projects evaluated at the report's moment, and what sums them up.

    Values read from Kolada or the economy's figures that an adopted report lacks stop the build
    with the indicator's place in year.toml; a draft shows "Uppgift saknas" there.
    """
    config = federation.config
    ev = Evaluation(settings=config.goals, data_year=data.year, ref=ref, members=config.members,
                    figures=context.get("figures") or {}, kolada_dir=federation.root / KOLADA_FOLDER,
                    plan_years=data.budget.plan_years, slug=federation.slug, palette=theme_palette(config.theme))
    priorities = priority_views(data.priorities, contributed, moment, ev, history)
    found = {
        "priorities": priorities,
        "projects": project_views(data.projects, moment, ev, history),
        "indicator_groups": _groups(contributed, ev),
        "goals_summary": goals_summary(priorities, interim=ref is not None and ref.kind is MomentKind.INTERIM),
        "goal_headings": config.goals.headings,
    }
    if ev.gaps and moment.adopted:
        where = Locations(federation, data.year)
        raise ValidationFailed([where.in_year(loc, message) for loc, message in ev.gaps])
    return found


def _check_attached(priorities: list[Priority], contributed: list[ContributedIndicator]) -> None:
    unknown = {item.priority for item in contributed if item.priority} - {p.id for p in priorities}
    if unknown:
        raise RapportError(f"indicators are attached to unknown prioriterade uppgifter: {', '.join(sorted(unknown))}")


def build_context(report: ReportType, federation: Federation, data: YearData, rules: RegimeRules,
                  sections: list[Section], contributed: list[ContributedIndicator],
                  ref: MomentRef | None, moment: MomentData, history: History,
                  adoption_meeting: Meeting | None = None,
                  economy: ReportEconomy | None = None) -> dict[str, Any]:
    config = federation.config
    settings = config.reports.get(report.id)
    when = report_date(moment)
    draft = ref is not None and not moment.adopted
    title = report_title(report, rules, federation, data)
    _check_attached(data.priorities, contributed)
    context: dict[str, Any] = {
        # no Federation (it holds the federation's folder as a Path): templates get its data only
        "slug": federation.slug,
        "config": config,
        "org": config.organisation,
        "members": config.members,
        "theme": config.theme,
        "rules": rules,
        "data": data,
        "year": data.year,
        "meta": data.meta,
        "report": report,
        "title": title,
        "doc_title": f"UTKAST – {title}" if draft else title,
        "subtitle": settings.subtitle if settings else None,
        "moment": moment,
        "moment_ref": ref,
        "period_end": ref.period_end if ref else None,
        "history": history,
        "draft": draft,
        "adoption": moment.adoption,
        "adoption_line": adoption_line(moment.adoption, config.organisation, ref.kind, adoption_meeting) if ref else None,
        "adoption_meeting": adoption_meeting,
        "adoption_href": adoption_href(moment.adoption, adoption_meeting, data.year),
        "report_date": when,
        "report_date_iso": kortdatum(when) if when else None,
        "texts": filled_texts(federation, data.year, ref, moment, economy,
                              settings.amount_unit if settings else "tkr"),
        "economy": economy,
        "figures": economy.values() if economy else {},
        "follow_up": moment.follow_up,
        "unit": settings.amount_unit if settings else "tkr",
        "sections": [s for s in sections if s.part == "main"],
        "appendices": [s for s in sections if s.part == "appendix"],
        "budget_table": budget_table(data.budget, ref, moment, history, draft) if ref else None,
        "project_table": project_table(data.projects, ref, moment, draft),
        "member_fees": member_fees(federation, data, ref, moment),
    }
    # goals and indicators come last: financial goals are evaluated from the economy's figures
    context.update(_goal_context(federation, data, ref, moment, history, contributed, context))
    context["i_korthet"] = i_korthet(context)
    context["charts"] = report_charts(context["budget_table"], ref, context["unit"], config.theme,
                                      economy.overview if economy else None, context["member_fees"])
    return context
