"""Skellefteregionen: the round of reports from each municipality, and the samordnare's lägesrapport.

At a styrgrupp meeting each member municipality reports what is going on at home (item
"Rapport från respektive kommun"). The rounds are records of the year's meetings and are set
once, in year.toml (``[[extensions.kommunrapporter.rounds]]``, one per meeting). A report
shows the rounds held on or before its period end, so a delår per 30 June never shows a round
from the autumn; the verksamhetsplan, written before the year, shows none.

The samordnare's lägesrapport says where each area of the common work stands at one reporting
moment: it is recorded per moment, in the moment.toml of a delår or the bokslut
(``[extensions.lagesrapport]``), and each follow-up report shows its own moment's lägesrapport
and no other. A draft without one says "Uppgift saknas" in the section.

Checks (``validate_federation``): a round names a meeting of the year's meetings/ and reports
only from member municipalities, each by someone who attended that meeting for that
municipality; a lägesrapport is not part of the plan, is dated within its moment's period and
after the year's earlier moments, and an area an earlier moment called "klar" is not reopened.
"""

import datetime as dt
from typing import Any, Literal

from pydantic import Field

from rapportkarna import (hookimpl, AgendaItemKind, Attendance, DataExtension, Federation, History,
                          Kommunkod, Locations, Meeting, Member, MomentData, MomentKind, MomentRef, Problem,
                          ReportType, Section, Slug, StrictModel, YearData)

__version__ = "2.0.0"


#: Moment kinds whose report has a lägesrapport: the follow-ups, not the plan.
LAGESRAPPORT_AT = (MomentKind.INTERIM.value, MomentKind.ANNUAL.value)


class MunicipalityReport(StrictModel):
    kommunkod: Kommunkod
    reporter: str | None = Field(None, description="Who reported for the municipality; an attendee of the meeting.")
    points: list[str] = Field(min_length=1)


class Round(StrictModel):
    """The reports from the municipalities at one meeting."""

    meeting: Slug = Field(description="Id of the meeting (in the year's meetings/) where the round was held.")
    reports: list[MunicipalityReport] = Field(min_length=1)


class Kommunrapporter(StrictModel):
    rounds: list[Round] = Field(default_factory=list, description="One round per meeting, set once for the year.")


class AreaStatus(StrictModel):
    area: str
    status: Literal["planerad", "pågår", "klar", "pausad"]
    text: str | None = None


class Lagesrapport(StrictModel):
    """The samordnare's lägesrapport of one reporting moment."""

    date: dt.date = Field(description="Dagen läget avser; inom momentets period.")
    author: str | None = None
    summary: str | None = None
    areas: list[AreaStatus] = Field(default_factory=list)


@hookimpl
def data_extensions() -> list[DataExtension]:
    return [
        DataExtension("kommunrapporter", Kommunrapporter,
                      description="Rapport från respektive kommun vid styrgruppens möten."),
        DataExtension("lagesrapport", moment_model=Lagesrapport, expected_at=LAGESRAPPORT_AT,
                      description="Samordnarens lägesrapport."),
    ]


# -- checks ---------------------------------------------------------------------------------------

def _member_of(attendee_organisation: str | None, member: Member) -> bool:
    """Whether an attendee's organisation ('Malå kommun') is the member municipality ('Malå')."""
    if not attendee_organisation:
        return False
    return attendee_organisation.removesuffix(" kommun") in (member.name, member.name + "s")


def _reporter_problems(report: MunicipalityReport, member: Member, meeting: Meeting,
                       where: Locations, at: tuple[str | int, ...]) -> list[Problem]:
    if report.reporter is None:
        return []
    attendee = next((a for a in meeting.attendees if a.name == report.reporter), None)
    if attendee is None or attendee.attendance is Attendance.FRANVARANDE:
        return [where.in_year(at + ("reporter",), f"{report.reporter} is not among those present at meeting "
                              f"'{meeting.id}' ({meeting.date})")]
    if not _member_of(attendee.organisation, member):
        return [where.in_year(at + ("reporter",), f"{report.reporter} attended meeting '{meeting.id}' for "
                              f"{attendee.organisation or 'no organisation'}, not for {member.name}")]
    return []


def _round_problems(index: int, round_: Round, members: dict[str, Member], meetings: dict[str, Meeting],
                    year: int, where: Locations) -> list[Problem]:
    at: tuple[str | int, ...] = ("extensions", "kommunrapporter", "rounds", index)
    meeting = meetings.get(round_.meeting)
    if meeting is None:
        return [where.in_year(at + ("meeting",), f"no meeting '{round_.meeting}' in meetings/; meetings: "
                              + (", ".join(sorted(meetings)) or "none"))]
    problems = []
    if meeting.date.year != year:
        problems.append(where.in_year(at + ("meeting",), f"meeting '{meeting.id}' was held {meeting.date}, "
                                      f"not in {year}"))
    seen: set[str] = set()
    for number, report in enumerate(round_.reports):
        here = at + ("reports", number)
        member = members.get(report.kommunkod)
        if member is None:
            problems.append(where.in_year(here + ("kommunkod",), f"kommunkod {report.kommunkod} is not a member; "
                                          "members: " + ", ".join(f"{m.name} {code}" for code, m in members.items())))
            continue
        if report.kommunkod in seen:
            problems.append(where.in_year(here + ("kommunkod",), f"{member.name} reports twice in this round"))
        seen.add(report.kommunkod)
        problems += _reporter_problems(report, member, meeting, where, here)
    return problems


def _kommunrapporter_problems(federation: Federation, data: YearData, where: Locations) -> list[Problem]:
    rounds = data.extensions.get("kommunrapporter")
    if not isinstance(rounds, Kommunrapporter):
        return []
    members = {m.kommunkod: m for m in federation.config.members}
    meetings = {m.id: m for m in data.meetings}
    problems = []
    seen: set[str] = set()
    for index, round_ in enumerate(rounds.rounds):
        if round_.meeting in seen:
            problems.append(where.in_year(("extensions", "kommunrapporter", "rounds", index, "meeting"),
                                          f"meeting '{round_.meeting}' has two rounds; one round per meeting"))
        seen.add(round_.meeting)
        problems += _round_problems(index, round_, members, meetings, data.year, where)
    return problems


def _lagesrapport_date(report: Lagesrapport, ref: MomentRef, earlier_end: dt.date | None,
                       where: Locations) -> list[Problem]:
    """A lägesrapport tells the state at its moment: within the period, after earlier moments."""
    at = ("extensions", "lagesrapport", "date")
    assert ref.period_end is not None
    if not ref.period_start <= report.date <= ref.period_end:
        return [where.in_moment(ref.id, at, f"{report.date} is outside the period of {ref.id} "
                                f"({ref.period_start} – {ref.period_end})")]
    if earlier_end is not None and report.date <= earlier_end:
        return [where.in_moment(ref.id, at, f"{report.date} is not after {earlier_end}, the period end of an "
                                f"earlier moment: {ref.id} needs its own lägesrapport, not the earlier one's")]
    return []


def _reopened(report: Lagesrapport, ref: MomentRef, done: dict[str, str], where: Locations) -> list[Problem]:
    """An area an earlier moment called klar cannot be unfinished later: what was done stays done."""
    return [where.in_moment(ref.id, ("extensions", "lagesrapport", "areas", index, "status"),
                            f"'{area.area}' was 'klar' in {done[area.area]}; it cannot be '{area.status}' later")
            for index, area in enumerate(report.areas) if area.area in done and area.status != "klar"]


def _lagesrapport_problems(data: YearData, moments: dict[str, MomentData], where: Locations) -> list[Problem]:
    problems = []
    earlier_end: dt.date | None = None
    done: dict[str, str] = {}
    for ref in sorted((MomentRef(data.year, m) for m in moments), key=lambda r: r.order):
        report = moments[ref.id].extensions.get("lagesrapport")
        if ref.kind is MomentKind.PLAN:
            if report is not None:
                problems.append(where.in_moment(ref.id, ("extensions", "lagesrapport"),
                                                "the plan is written before the year; a lägesrapport belongs "
                                                "to a delår or the bokslut"))
            continue
        if isinstance(report, Lagesrapport):
            problems += _lagesrapport_date(report, ref, earlier_end, where)
            problems += _reopened(report, ref, done, where)
            done.update({a.area: ref.id for a in report.areas if a.status == "klar" and a.area not in done})
        earlier_end = ref.period_end
    return problems


@hookimpl
def validate_federation(federation: Federation, data: YearData, moments: dict[str, MomentData]) -> list[Problem]:
    where = Locations(federation, data.year)
    return _kommunrapporter_problems(federation, data, where) + _lagesrapport_problems(data, moments, where)


# -- reports --------------------------------------------------------------------------------------

def _period_end(report: ReportType, history: History) -> dt.date | None:
    """The period end of a follow-up report; None for the plan and reports of no moment."""
    if report.period not in LAGESRAPPORT_AT or history.current is None:
        return None
    return history.current.period_end


def visible_rounds(data: YearData, period_end: dt.date | None) -> list[tuple[Meeting, Round]]:
    """The rounds held on or before ``period_end``, with their meetings, in date order."""
    rounds = data.extensions.get("kommunrapporter")
    if period_end is None or not isinstance(rounds, Kommunrapporter):
        return []
    meetings = {m.id: m for m in data.meetings}
    found = [(meetings[r.meeting], r) for r in rounds.rounds
             if r.meeting in meetings and meetings[r.meeting].date <= period_end]
    return sorted(found, key=lambda pair: pair[0].date)


@hookimpl
def report_sections(report: ReportType, data: YearData, history: History) -> list[Section]:
    period_end = _period_end(report, history)
    if period_end is None:
        return []
    sections = []
    if visible_rounds(data, period_end):
        sections.append(Section(id="kommunrapporter", title="Rapporter från kommunerna",
                                template="sections/kommunrapporter.html", order=35))
    # every follow-up has a lägesrapport section; a draft without one says "Uppgift saknas"
    sections.append(Section(id="lagesrapport", title="Lägesrapport", template="sections/lagesrapport.html",
                            order=45))
    return sections


@hookimpl
def extend_context(report: ReportType, data: YearData, moment: MomentData,
                   history: History) -> dict[str, Any]:
    return {"kommunrapporter_rounds": visible_rounds(data, _period_end(report, history)),
            "lagesrapport": moment.extensions.get("lagesrapport")}


@hookimpl
def agenda_item_kinds() -> list[AgendaItemKind]:
    """An item of kind 'kommunrapporter' holds the round of reports from each municipality:
    its minnesanteckningar show the round the year's data records for that meeting."""
    return [AgendaItemKind(id="kommunrapporter", label="Rapporter från kommunerna",
                           template="meetings/kommunrapporter_item.html")]


def round_of(data: YearData | None, meeting_id: str) -> Round | None:
    """The round of reports held at a meeting, if the year's data has one."""
    rounds = data.extensions.get("kommunrapporter") if data is not None else None
    if not isinstance(rounds, Kommunrapporter):
        return None
    return next((r for r in rounds.rounds if r.meeting == meeting_id), None)



@hookimpl
def template_globals() -> dict[str, object]:
    return {"member_by_code": _member_by_code, "kommunrapporter_round": round_of}


def _member_by_code(members: list[Member], kommunkod: str) -> str:
    return next((m.name for m in members if m.kommunkod == kommunkod), kommunkod)
