"""Checks of a year's reporting moments against what is set once in year.toml.

Two kinds: *references* (a moment names only priorities, projects, indicators and budget lines
that year.toml has, and says nothing a moment of its kind cannot know) are always errors.
*Missing data* (a follow-up without the utfall of a budget line, a project's status, a measured
indicator's utfall) is an error for an adopted report and a note for a draft, whose report then
says "Uppgift saknas" in those places.
"""

from collections.abc import Iterable, Mapping

from rapportkarna.economy.fee_checks import fee_gaps, fee_problems
from rapportkarna.errors import Problem, format_path
from rapportkarna.goals import kolada_year, read_kolada
from rapportkarna.extensions import DataExtension
from rapportkarna.loader import BUDGET_FILE, MOMENT_FILE, YEAR_FILE, LoadedYear
from rapportkarna.locations import Locations
from rapportkarna.model import GoalSettings, MomentData, MomentKind, MomentRef, ProjectStatus, Regime, YearData
from rapportkarna.workspace import Federation


def _known(ids: Iterable[str]) -> str:
    return ", ".join(sorted(ids)) or "none"


def _unknown_ids(moment: MomentData, ref: MomentRef, data: YearData, where: Locations) -> list[Problem]:
    tables = {
        "priorities": ({p.id for p in data.priorities}, "prioriterad uppgift"),
        "projects": ({p.id for p in data.projects}, "project"),
        "indicators": ({i.id for i in data.all_indicators() if i.id}, "indicator"),
        "activities": ({a.id for p in data.priorities for a in p.key_activities if a.id}, "nyckelaktivitet"),
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
                for table in ("priorities", "projects", "indicators", "activities", "follow_up")
                if getattr(moment, table)]
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


def _status_problem(status: str | None, steps: set[str], at: tuple[str | int, ...], ref: MomentRef,
                    where: Locations) -> list[Problem]:
    if status is None or status in steps:
        return []
    return [where.in_moment(ref.id, at + ("status",), f"unknown bedömning '{status}'; the scale is: "
                            f"{', '.join(steps)} (a scale of your own is [[goals.scale]] in federation.toml)")]


def _goal_values(moment: MomentData, ref: MomentRef, data: YearData, settings: GoalSettings, members: set[str],
                 where: Locations) -> list[Problem]:
    """Bedömningar on the scale, members that are members, and no utfall typed where it is read."""
    steps = set(settings.steps())
    indicators = {i.id: i for i in data.all_indicators() if i.id}
    problems = []
    for key, value in moment.indicators.items():
        at = ("indicators", key)
        problems += _status_problem(value.status, steps, at, ref, where)
        problems += [where.in_moment(ref.id, at + ("members", code), f"kommunkod {code} is not a member; members "
                                     f"in federation.toml: {_known(members)}") for code in value.members
                     if code not in members]
        indicator = indicators.get(key)
        if indicator is not None and not indicator.typed_in and (value.outcome is not None or value.members):
            problems.append(where.in_moment(ref.id, at + ("outcome",), f"the utfall of '{indicator.text}' is read "
                                            f"from {indicator.source.value} (source in {YEAR_FILE}), not written here"))
        if value.prognos is not None and ref.kind is not MomentKind.INTERIM:
            problems.append(where.in_moment(ref.id, at + ("prognos",), "a prognos for the year belongs to a delår"))
    for table in ("activities", "priorities"):
        for key, followed in getattr(moment, table).items():
            problems += _status_problem(followed.status, steps, (table, key), ref, where)
    return problems


def _goal_links(data: YearData, where: Locations) -> list[Problem]:
    """A goal's projects exist; a nyckelaktivitet id is unique in the year."""
    projects = {p.id for p in data.projects}
    problems = [where.in_year(("priorities", i, "projects", j), f"no project '{pid}' in {YEAR_FILE}; projects: "
                              f"{_known(projects)}")
                for i, p in enumerate(data.priorities) for j, pid in enumerate(p.projects) if pid not in projects]
    seen: set[str] = set()
    for i, priority in enumerate(data.priorities):
        for j, activity in enumerate(priority.key_activities):
            if activity.id and activity.id in seen:
                problems.append(where.in_year(("priorities", i, "key_activities", j, "id"),
                                              f"nyckelaktivitet id '{activity.id}' is used twice; ids are unique in the year"))
            seen.update([activity.id] if activity.id else [])
    return problems


def reference_problems(federation: Federation, loaded: LoadedYear) -> list[Problem]:
    """Errors in what the year's moments refer to; always fatal, draft or not."""
    where = Locations(federation, loaded.year)
    data = loaded.data
    problems = _year_ids(data, {b.id for b in federation.config.organisation.bodies}, where)
    problems += _goal_links(data, where)
    for ref in loaded.refs():
        moment = loaded.moments[ref.id]
        if not data.comparison_only:
            problems += _unknown_ids(moment, ref, data, where)
            problems += _goal_values(moment, ref, data, federation.config.goals,
                                     {m.kommunkod for m in federation.config.members}, where)
        if ref.kind is MomentKind.PLAN:
            problems += _plan_records_no_follow_up(moment, ref, where)
            continue
        problems += _outcome_rows(moment, ref, data, where)
        if not data.comparison_only:
            problems += _projects_in_time(moment, ref, data, where)
    return problems + fee_problems(federation, loaded)


def _missing_budget(moment: MomentData, ref: MomentRef, data: YearData, where: Locations) -> list[Problem]:
    # a delår's prognos may be left out: it is then utfall plus the budget for the months left
    # (rapportkarna.economy.budget_table), and the report says so
    problems = []
    for line in data.budget.lines:
        row = moment.outcome(line.key)
        if row is None or row.utfall is None:
            problems.append(where.in_file(f"{ref.id}/{BUDGET_FILE}", f"{line.kostnadsstalle} ({line.kind.value})",
                                          "no utfall for this budget line"))
    surplus = moment.budget.anvandning_av_overskott
    if data.budget.anvandning_av_overskott is not None and (surplus is None or surplus.utfall is None):
        problems.append(where.in_moment(ref.id, ("budget", "anvandning_av_overskott", "utfall"),
                                        "no utfall for the use of earlier years' surplus that the budget "
                                        "plans ([budget.anvandning_av_overskott] in year.toml)"))
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
            if indicator.measured and indicator.typed_in and indicator.id and (
                    value is None or (value.outcome is None and not value.members)):
                problems.append(where.in_moment(ref.id, ("indicators", indicator.id, "outcome"),
                                                f"no utfall for the measured indicator '{indicator.text}'"))
    return problems


def _missing_kolada(federation: Federation, ref: MomentRef, data: YearData, where: Locations) -> list[Problem]:
    """Every Kolada indicator's KPI, member and year is in the cache (builds never ask Kolada)."""
    members = [(m.kommunkod, m.name) for m in federation.config.members]
    problems = []
    places = [(("priorities", i), p.indicators) for i, p in enumerate(data.priorities)]
    places += [(("projects", i), p.indicators) for i, p in enumerate(data.projects)]
    for at, indicators in places:
        for j, indicator in enumerate(indicators):
            if indicator.kpi is None:
                continue
            read = read_kolada(federation.root / "kolada", indicator, members, kolada_year(ref), federation.slug)
            problems += [where.in_year((*at, "indicators", j, "kpi"), f"{problem.message} ({problem.file})")
                         for problem in read.problems]
    return problems


def _missing_geh(federation: Federation, ref: MomentRef, data: YearData, where: Locations) -> list[Problem]:
    """A kommunalförbund's årsredovisning evaluates its goals for god ekonomisk hushållning (KL 11 kap.)."""
    if (ref.kind is not MomentKind.ANNUAL or federation.config.organisation.regime is not Regime.KOMMUNALFORBUND
            or any(p.geh for p in data.priorities)):
        return []
    return [where.in_year(("priorities",), "a kommunalförbund's årsredovisning evaluates its goals for god "
                          "ekonomisk hushållning (kommunallagen 11 kap.): give the plan's verksamhetsmål and "
                          "finansiella mål as [[priorities]] with kind = \"verksamhetsmal\" or "
                          "kind = \"finansiellt_mal\"")]


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
    return (problems + _missing_budget(moment, ref, loaded.data, where)
            + _missing_follow_up(moment, ref, loaded.data, where)
            + _missing_kolada(federation, ref, loaded.data, where) + _missing_geh(federation, ref, loaded.data, where)) + fee_gaps(federation, loaded, ref)
