"""Checks of a year's reporting moments against what is set once in year.toml.

Two kinds: *references* (a moment names only priorities, projects, indicators and budget lines
that year.toml has, and says nothing a moment of its kind cannot know) are always errors.
*Missing data* (a follow-up without the utfall of a budget line, a project's status, a measured
indicator's utfall) is an error for an adopted report and a note for a draft, whose report then
says "Uppgift saknas" in those places.
"""

from collections.abc import Iterable, Mapping

from rapportkarna.errors import Problem, format_path
from rapportkarna.extensions import DataExtension
from rapportkarna.loader import BUDGET_FILE, MOMENT_FILE, YEAR_FILE, LoadedYear
from rapportkarna.locations import Locations
from rapportkarna.model import MomentData, MomentKind, MomentRef, ProjectStatus, YearData
from rapportkarna.workspace import Federation


def _known(ids: Iterable[str]) -> str:
    return ", ".join(sorted(ids)) or "none"


def _unknown_ids(moment: MomentData, ref: MomentRef, data: YearData, where: Locations) -> list[Problem]:
    tables = {
        "priorities": ({p.id for p in data.priorities}, "prioriterad uppgift"),
        "projects": ({p.id for p in data.projects}, "project"),
        "indicators": ({i.id for i in data.all_indicators() if i.id}, "indicator"),
    }
    problems = []
    for table, (ids, what) in tables.items():
        for key in getattr(moment, table):
            if key not in ids:
                problems.append(where.in_moment(ref.id, (table, key),
                                                f"no {what} '{key}' in {YEAR_FILE}; ids there: {_known(ids)}"))
    return problems


def _plan_records_no_follow_up(moment: MomentData, ref: MomentRef, where: Locations) -> list[Problem]:
    """The plan is written before the year: it has no utfall, status or vidtagna åtgärder."""
    problems = [where.in_moment(ref.id, (table,), f"the plan is written before the year and follows "
                                f"nothing up; {table} belong in a delår or the bokslut")
                for table in ("priorities", "projects", "indicators", "follow_up") if getattr(moment, table)]
    if moment.outcomes:
        problems.append(where.in_file(f"{ref.id}/{BUDGET_FILE}", None, "the plan has no utfall; the budget "
                                      f"and the ekonomisk plan are in the year's {BUDGET_FILE}"))
    return problems


def _outcome_rows(moment: MomentData, ref: MomentRef, data: YearData, where: Locations) -> list[Problem]:
    keys = {line.key for line in data.budget.lines}
    known = "; ".join(f"{name} ({kind.value})" for name, kind in sorted(keys)) or "none"
    first: dict[tuple[str, str], int] = {}
    problems = []
    for index, row in enumerate(moment.outcomes):
        if row.key in first:
            line = where.row_line(BUDGET_FILE, first[row.key], ref.id)
            problems.append(where.in_table(BUDGET_FILE, index, "kostnadsstalle",
                                           f"{row.kostnadsstalle} ({row.kind.value}) has two rows; the first "
                                           f"is on line {line}", moment=ref.id))
        first.setdefault(row.key, index)
        if keys and row.key not in keys and not data.comparison_only:
            problems.append(where.in_table(BUDGET_FILE, index, "kostnadsstalle",
                                           f"no budget line {row.kostnadsstalle} ({row.kind.value}) in the "
                                           f"year's {BUDGET_FILE}; lines: {known}", moment=ref.id))
        if ref.kind is MomentKind.ANNUAL and row.prognos is not None:
            problems.append(where.in_table(BUDGET_FILE, index, "prognos",
                                           "the bokslut has the year's utfall; a prognos belongs to a delår",
                                           moment=ref.id))
    return problems


def _projects_in_time(moment: MomentData, ref: MomentRef, data: YearData, where: Locations) -> list[Problem]:
    """A project's status and upparbetat agree with its dates at the moment's period end."""
    end = ref.period_end
    assert end is not None
    problems = []
    for project in data.projects:
        followed = moment.project(project.id)
        if followed is None:
            continue
        at = ("projects", project.id)
        if not project.started_by(end):
            if followed.spent:
                problems.append(where.in_moment(ref.id, at + ("spent",),
                                                f"{project.name} starts {project.start}, after this moment's "
                                                f"period end {end}; nothing can be upparbetat yet"))
            if followed.status is not ProjectStatus.PLANERAT:
                problems.append(where.in_moment(ref.id, at + ("status",),
                                                f"{project.name} starts {project.start}, after {end}; its "
                                                f"status is 'planerat', not '{followed.status.value}'"))
        elif project.ended_by(end) and followed.status is not ProjectStatus.AVSLUTAT:
            problems.append(where.in_moment(ref.id, at + ("status",),
                                            f"{project.name} ended {project.end}, by this moment's period end "
                                            f"{end}, but its status is '{followed.status.value}'; set "
                                            "'avslutat', or move its end date in year.toml"))
    return problems


def _year_ids(data: YearData, bodies: set[str], where: Locations) -> list[Problem]:
    """Indicator ids unique across the year (moments name indicators by id alone), and the bodies
    of the sammanträdesplan known."""
    problems: list[Problem] = []
    first: dict[str, tuple[str | int, ...]] = {}
    places = [(("priorities", i), p.indicators) for i, p in enumerate(data.priorities)]
    places += [(("projects", i), p.indicators) for i, p in enumerate(data.projects)]
    for at, indicators in places:
        for j, indicator in enumerate(indicators):
            if indicator.id is None:
                continue
            loc = (*at, "indicators", j, "id")
            if indicator.id in first:
                problems.append(where.in_year(loc, f"indicator id '{indicator.id}' is also used at "
                                                   f"{format_path(first[indicator.id])}; ids are unique in the year"))
            first.setdefault(indicator.id, loc)
    problems += [where.in_year(("meeting_plan", i, "body"), f"unknown body '{m.body}'; bodies in federation.toml: "
                               f"{_known(bodies)}") for i, m in enumerate(data.meeting_plan) if m.body not in bodies]
    return problems


def reference_problems(federation: Federation, loaded: LoadedYear) -> list[Problem]:
    """Errors in what the year's moments refer to; always fatal, draft or not."""
    where = Locations(federation, loaded.year)
    data = loaded.data
    problems = _year_ids(data, {b.id for b in federation.config.organisation.bodies}, where)
    for ref in loaded.refs():
        moment = loaded.moments[ref.id]
        if not data.comparison_only:
            problems += _unknown_ids(moment, ref, data, where)
        if ref.kind is MomentKind.PLAN:
            problems += _plan_records_no_follow_up(moment, ref, where)
            continue
        problems += _outcome_rows(moment, ref, data, where)
        if not data.comparison_only:
            problems += _projects_in_time(moment, ref, data, where)
    return problems


def _missing_budget(moment: MomentData, ref: MomentRef, data: YearData, where: Locations) -> list[Problem]:
    columns = ("utfall", "prognos") if ref.kind is MomentKind.INTERIM else ("utfall",)
    problems = []
    for line in data.budget.lines:
        row = moment.outcome(line.key)
        lacking = [c for c in columns if row is None or getattr(row, c) is None]
        if lacking:
            problems.append(where.in_file(f"{ref.id}/{BUDGET_FILE}", f"{line.kostnadsstalle} ({line.kind.value})",
                                          f"no {' and no '.join(lacking)} for this budget line"))
    return problems


def _missing_follow_up(moment: MomentData, ref: MomentRef, data: YearData, where: Locations) -> list[Problem]:
    end = ref.period_end
    assert end is not None
    problems = []
    for priority in data.priorities:
        followed = moment.priority(priority.id)
        if followed is None or not (followed.actions_taken or followed.comment):
            problems.append(where.in_moment(ref.id, ("priorities", priority.id),
                                            f"no follow-up of '{priority.title}' (actions_taken or comment)"))
    for project in data.projects:
        if (project.end and project.end < ref.period_start) or not project.started_by(end):
            continue  # ended before the year, or not begun by the period end: nothing to follow up
        status = moment.project(project.id)
        if status is None:
            problems.append(where.in_moment(ref.id, ("projects", project.id),
                                            f"no status of project '{project.name}'"))
        elif project.budget and project.started_by(end) and status.spent is None:
            problems.append(where.in_moment(ref.id, ("projects", project.id, "spent"),
                                            f"no upparbetat for project '{project.name}'"))
    if ref.kind is MomentKind.ANNUAL:
        for indicator in data.all_indicators():
            value = moment.indicator(indicator.id)
            if indicator.measured and indicator.id and (value is None or value.outcome is None):
                problems.append(where.in_moment(ref.id, ("indicators", indicator.id, "outcome"),
                                                f"no utfall for the measured indicator '{indicator.text}'"))
    return problems


def missing_data(federation: Federation, loaded: LoadedYear, moment_id: str,
                 extensions: Mapping[str, DataExtension]) -> list[Problem]:
    """What the moment ``moment_id`` lacks for its report: errors if adopted, notes if a draft."""
    ref = MomentRef(loaded.year, moment_id)
    moment = loaded.moments[moment_id]
    where = Locations(federation, loaded.year)
    problems = [where.in_moment(ref.id, ("extensions", ext.name),
                                f"no data for extension '{ext.name}' ({ext.description or 'plugin data'}) "
                                f"in {ref.id}/{MOMENT_FILE} or its tables {', '.join(ext.moment_tables.values()) or ''}".rstrip())
                for ext in extensions.values()
                if ref.kind.value in ext.expected_at and ext.name not in moment.extensions]
    if ref.kind is MomentKind.PLAN:
        return problems
    return problems + _missing_budget(moment, ref, loaded.data, where) + _missing_follow_up(
        moment, ref, loaded.data, where)
