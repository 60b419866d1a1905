"""Budget and utfall per project, for a delår and the bokslut.

A project is what year.toml's ``[[projects]]`` says (:class:`~rapportkarna.model.project.Project`):
its ``budget`` is the whole project's, over its period from ``start`` to ``end``. What a moment
found is the project's follow-up (:class:`~rapportkarna.model.project.ProjectFollowUp`): ``spent``
is the utfall, upparbetat from the project's start to the moment's period end, and at a delår
``prognos`` is what will be upparbetat by the end of the year. Both may be typed in moment.toml or
in the moment's projekt.csv / projekt.xlsx (see the loader); there is one notion of a project's
figures, not a second one for the economy.

A project's budget spans years, so it is compared with the share of it that falls before the
year's end, the budget spread evenly over the project's months (a project without dates counts as
the year's). A delår's prognos defaults, as a budget line's does, to the utfall so far plus the
budget for the months left: the project's months between the period end and the year's end.
"""

import calendar
import datetime as dt
from decimal import Decimal

from rapportkarna.economy.budget_table import COMPUTED_MARK, Block, BudgetTable, Row, Value, minus, sum_values
from rapportkarna.formatting import LACKING, datum, kortdatum
from rapportkarna.model import MomentData, MomentKind, MomentRef
from rapportkarna.model.project import Project


def _position(day: dt.date) -> Decimal:
    """Months since year 0 at the end of ``day``: whole months plus the month's elapsed share."""
    days = calendar.monthrange(day.year, day.month)[1]
    return Decimal(day.year * 12 + day.month - 1) + Decimal(day.day) / Decimal(days)


def months_between(first: dt.date, last: dt.date) -> Decimal:
    """Months from the start of ``first`` to the end of ``last``: 2011-01-01 to 2011-06-30 is 6."""
    return max(Decimal(0), _position(last) - _position(first - dt.timedelta(days=1)))


def _period(project: Project, year: int) -> tuple[dt.date, dt.date]:
    return project.start or dt.date(year, 1, 1), project.end or dt.date(year, 12, 31)


def budget_to_year_end(project: Project, year: int) -> Decimal | None:
    """The share of the project's budget for its months up to the end of ``year``."""
    if project.budget is None:
        return None
    start, end = _period(project, year)
    whole = months_between(start, end)
    if whole == 0:
        return project.budget
    return project.budget * months_between(start, min(end, dt.date(year, 12, 31))) / whole


def default_project_prognos(project: Project, spent: Value, period_end: dt.date) -> Value:
    """Upparbetat so far plus the budget for the project's months left of the year."""
    if spent is None or spent is LACKING or project.budget is None:
        return spent
    start, end = _period(project, period_end.year)
    whole = months_between(start, end)
    left = months_between(max(start, period_end + dt.timedelta(days=1)), min(end, dt.date(period_end.year, 12, 31)))
    if whole == 0 or period_end >= min(end, dt.date(period_end.year, 12, 31)):
        return spent
    return spent + project.budget * left / whole


def _followed(projects: list[Project], moment: MomentData, ref: MomentRef) -> list[Project]:
    """The projects the moment follows up that have a budget or figures."""
    return [p for p in projects if (f := moment.project(p.id)) is not None
            and (p.budget is not None or f.spent is not None or f.prognos is not None)
            and p.started_by(ref.period_end or dt.date(ref.year, 12, 31))]


def _row(project: Project, moment: MomentData, ref: MomentRef, draft: bool) -> Row:
    assert ref.period_end is not None
    followed = moment.project(project.id)
    spent: Value = followed.spent if followed else None
    if spent is None and draft and project.budget is not None:
        spent = LACKING
    share = budget_to_year_end(project, ref.year)
    if ref.kind is MomentKind.ANNUAL:
        return Row(project.name, [project.budget, share, spent, minus(share, spent)])
    given = followed.prognos if followed else None
    prognos = given if given is not None else default_project_prognos(project, spent, ref.period_end)
    computed = {2} if given is None and prognos not in (None, LACKING) else set()
    return Row(project.name, [project.budget, spent, prognos, share, minus(share, prognos)], computed=computed)


def project_table(projects: list[Project], ref: MomentRef | None, moment: MomentData,
                  draft: bool = False) -> BudgetTable | None:
    """Budget, upparbetat and (delår) prognos per project at a follow-up; None for the plan, or
    where no project the moment follows has a budget or figures."""
    if ref is None or ref.period_end is None:
        return None
    shown = _followed(projects, moment, ref)
    if not shown:
        return None
    year_end = f"t.o.m. {kortdatum(dt.date(ref.year, 12, 31))}"
    if ref.kind is MomentKind.ANNUAL:  # the whole year, in the words of an annual report
        columns = ["Projektbudget", f"Budget till och med {ref.year}", f"Upparbetat till och med {ref.year}",
                   "Avvikelse"]
    else:
        columns = ["Projektbudget", f"Upparbetat t.o.m. {kortdatum(ref.period_end)}", f"Prognos {year_end}",
                   f"Budget {year_end}", "Avvikelse prognos"]
    rows = [_row(project, moment, ref, draft) for project in shown]
    total = Row("Summa projekt", [sum_values([row.values[i] for row in rows]) for i in range(len(columns))],
                kind="result")
    notes = ["Projektbudgeten gäller hela projekttiden. Budgeten till och med årets slut är den del av den "
             "som faller på projektets månader fram till årets slut, med budgeten jämnt fördelad över månaderna."]
    if any(row.computed for row in rows):
        notes.append(f"{COMPUTED_MARK} Prognosen är inte angiven utan beräknad: upparbetat till och med "
                     f"{datum(ref.period_end)} plus projektbudgeten för projektets återstående månader av året.")
    return BudgetTable(columns=columns, blocks=[Block(None, rows)], result=total, notes=notes,
                       row_heading="Projekt")
