"""Kurser och konferenser: the courses a federation held, followed up at each reporting moment."""

from pydantic import Field

from rapportkarna import (ContributedIndicator, DataExtension, Indicator, IndicatorValue, NonEmptyStr, Section,
                          StrictModel, hookimpl)

__version__ = "1.0.0"


class Course(StrictModel):
    namn: NonEmptyStr
    deltagare: int = Field(ge=0)


class Courses(StrictModel):
    period: NonEmptyStr
    rows: list[Course] = []


@hookimpl
def data_extensions():
    # recorded per reporting moment: [extensions.kurser] in <year>/<moment>/moment.toml,
    # rows from <year>/<moment>/kurser.csv (delar-0630/, bokslut/ …)
    return [DataExtension("kurser", moment_model=Courses, moment_tables={"rows": "kurser.csv"})]


@hookimpl
def indicators(moment):
    # only the report's own moment: the bokslut never shows the delår's figures
    courses = moment.extensions.get("kurser")
    if courses is None:
        return []
    total = sum(c.deltagare for c in courses.rows)
    return [ContributedIndicator(indicator=Indicator(text="Deltagare i kurser", unit="st"),
                                 value=IndicatorValue(outcome=total), group="Kurser och konferenser")]


@hookimpl
def report_sections(report, moment):
    if report.period == "plan" or "kurser" not in moment.extensions:
        return []
    # order 56: right after core's uppföljning (55); `after="uppfoljning"` would fail in a
    # report that has no uppföljning section. The template is templates/sections/kurser.html,
    # found because the plugin is a package with a templates/ folder.
    return [Section(id="kurser", title="Kurser och konferenser", template="sections/kurser.html",
                    order=56)]
