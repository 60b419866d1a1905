"""The context a report is rendered with: everything templates may use, computed once."""

import base64
import mimetypes
from datetime import date
from typing import Any

from rapportkarna.adoption import adoption_href, adoption_line
from rapportkarna.economy import budget_table
from rapportkarna.errors import RapportError
from rapportkarna.formatting import kortdatum
from rapportkarna.history import History
from rapportkarna.model import Meeting, MomentData, MomentRef, Priority, YearData
from rapportkarna.views import IndicatorView, contributed_views, priority_views, project_views
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


def _groups(contributed: list[ContributedIndicator]) -> dict[str, list[IndicatorView]]:
    groups: dict[str, list[IndicatorView]] = {}
    for item in contributed:
        if not item.priority:
            groups.setdefault(item.group, []).extend(contributed_views([item]))
    return groups


def _check_attached(priorities: list[Priority], contributed: list[ContributedIndicator]) -> None:
    unknown = {item.priority for item in contributed if item.priority} - {p.id for p in priorities}
    if unknown:
        raise RapportError(f"indicators are attached to unknown prioriterade uppgifter: {', '.join(sorted(unknown))}")


def build_context(report: ReportType, federation: Federation, data: YearData, rules: RegimeRules,
                  sections: list[Section], contributed: list[ContributedIndicator],
                  ref: MomentRef | None, moment: MomentData, history: History,
                  adoption_meeting: Meeting | None = None) -> dict[str, Any]:
    config = federation.config
    settings = config.reports.get(report.id)
    when = report_date(moment)
    draft = ref is not None and not moment.adopted
    title = report_title(report, rules, federation, data)
    _check_attached(data.priorities, contributed)
    return {
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
        "texts": moment.texts,
        "follow_up": moment.follow_up,
        "unit": settings.amount_unit if settings else "tkr",
        "sections": [s for s in sections if s.part == "main"],
        "appendices": [s for s in sections if s.part == "appendix"],
        "priorities": priority_views(data.priorities, contributed, moment, ref, history),
        "projects": project_views(data.projects, moment, ref, history),
        "indicator_groups": _groups(contributed),
        "budget_table": budget_table(data.budget, ref, moment, history, draft) if ref else None,
    }
