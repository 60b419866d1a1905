"""The context a report is rendered with: everything templates may use, computed once."""

import base64
import mimetypes
from datetime import date
from typing import Any

from rapportkarna.economy import budget_table
from rapportkarna.errors import RapportError
from rapportkarna.formatting import kortdatum
from rapportkarna.model import Indicator, Priority, YearData
from rapportkarna.regimes import RegimeRules
from rapportkarna.reports import ContributedIndicator, ReportType, Section
from rapportkarna.workspace import Federation


def report_date(report: ReportType, data: YearData) -> date:
    """The date a report speaks from: its own date if the data gives one, else the period's end.

    Never the clock: the same data gives the same report.
    """
    given = data.texts_for(report.id).date
    if given:
        return given
    if report.period == "plan":
        return date(data.year - 1, 12, 31)
    if report.period == "interim":
        return data.budget.period_end or date(data.year, 8, 31)
    return date(data.year, 12, 31)


def report_title(report: ReportType, rules: RegimeRules, federation: Federation, data: YearData) -> str:
    settings = federation.config.reports.get(report.id)
    template = (settings.title if settings and settings.title else None) or rules.report_title(report.id, report.title)
    return template.replace("{year}", str(data.year))


def _logo(federation: Federation) -> str | None:
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


def _attach(priorities: list[Priority], contributed: list[ContributedIndicator]) -> list[Priority]:
    extra: dict[str, list[Indicator]] = {}
    for item in contributed:
        if item.priority:
            extra.setdefault(item.priority, []).append(item.indicator)
    unknown = set(extra) - {p.id for p in priorities}
    if unknown:
        raise RapportError(f"indicators are attached to unknown prioriterade uppgifter: {', '.join(sorted(unknown))}")
    return [p.model_copy(update={"indicators": [*p.indicators, *extra.get(p.id, [])]}) for p in priorities]


def _groups(contributed: list[ContributedIndicator]) -> dict[str, list[Indicator]]:
    groups: dict[str, list[Indicator]] = {}
    for item in contributed:
        if not item.priority:
            groups.setdefault(item.group, []).append(item.indicator)
    return groups


def build_context(report: ReportType, federation: Federation, data: YearData, rules: RegimeRules,
                  sections: list[Section], contributed: list[ContributedIndicator]) -> dict[str, Any]:
    config = federation.config
    settings = config.reports.get(report.id)
    when = report_date(report, data)
    return {
        "federation": federation,
        "config": config,
        "org": config.organisation,
        "members": config.members,
        "theme": config.theme,
        "rules": rules,
        "data": data,
        "year": data.year,
        "meta": data.meta,
        "report": report,
        "title": report_title(report, rules, federation, data),
        "subtitle": settings.subtitle if settings else None,
        "report_date": when,
        "report_date_iso": kortdatum(when),
        "texts": data.texts_for(report.id),
        "unit": settings.amount_unit if settings else "tkr",
        "sections": [s for s in sections if s.part == "main"],
        "appendices": [s for s in sections if s.part == "appendix"],
        "priorities": _attach(data.priorities, contributed),
        "indicator_groups": _groups(contributed),
        "budget_table": budget_table(data.budget, report.period, data.year),
        "logo_src": _logo(federation),
    }
