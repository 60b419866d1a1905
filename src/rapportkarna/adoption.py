"""Adoption of a report: checked against the organisation, its meetings and its legal form, and
written the way the reports write it ("Godkänd av styrelsen 2011-09-15, § 4").

A report is a draft (utkast) until its moment's ``[adoption]`` says ``status = "beslutad"``; a
draft says UTKAST on its cover and every page, and carries no date.
"""

from rapportkarna.errors import Problem
from rapportkarna.formatting import kortdatum
from rapportkarna.loader import LoadedYear
from rapportkarna.locations import Locations
from rapportkarna.meetings.register import Register
from rapportkarna.model import Adoption, Meeting, MeetingKind, MomentKind, MomentRef, Organisation
from rapportkarna.regimes import ADOPTION_WORDS, RegimeRules
from rapportkarna.workspace import Federation


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def adoption_line(adoption: Adoption | None, org: Organisation, kind: MomentKind,
                  meeting: Meeting | None = None) -> str | None:
    """'Godkänd av styrelsen 2011-09-15, § 4'; None for a draft.

    Minnesanteckningar number their points, not paragraphs: a decision there is 'punkt 5'.
    """
    if adoption is None or not adoption.adopted:
        return None
    assert adoption.body and adoption.date
    body = org.body(adoption.body)
    name = _lower_first(body.name) if body else adoption.body
    point = "punkt" if meeting is not None and meeting.kind is MeetingKind.MINNESANTECKNINGAR else "§"
    return f"{ADOPTION_WORDS[kind.value]} av {name} {kortdatum(adoption.date)}, {point}\u00a0{adoption.paragraph}"


def _check_meeting(adoption: Adoption, meeting: Meeting | None, known: list[str], ref: MomentRef,
                   where: Locations) -> list[Problem]:
    at = ("adoption", "meeting")
    if meeting is None:
        shown = ", ".join(known[-8:]) or "none"
        return [where.in_moment(ref.id, at, f"no meeting '{adoption.meeting}' in the federation's meetings "
                                f"(<year>/meetings/*.toml); meetings: {shown}")]
    problems = []
    if meeting.body != adoption.body:
        problems.append(where.in_moment(ref.id, ("adoption", "body"), f"'{adoption.body}', but meeting "
                                        f"'{meeting.id}' is a meeting of '{meeting.body}'"))
    if meeting.date != adoption.date:
        problems.append(where.in_moment(ref.id, ("adoption", "date"), f"{adoption.date}, but meeting "
                                        f"'{meeting.id}' was held {meeting.date}"))
    return problems


def adoption_href(adoption: Adoption | None, meeting: Meeting | None, report_year: int) -> str | None:
    """Where the decision stands: the record of the adopting meeting, at its paragraph or punkt,
    relative to the report in ``<out>/<slug>/<year>/`` (a plan is often adopted the year before)."""
    if adoption is None or not adoption.adopted or meeting is None or meeting.kind is MeetingKind.KALLELSE:
        return None
    folder = "meetings/" if meeting.date.year == report_year else f"../{meeting.date.year}/meetings/"
    anchor = "paragraf" if meeting.kind is MeetingKind.PROTOKOLL else "punkt"
    return f"{folder}{meeting.date.isoformat()}-{meeting.body}-{meeting.kind.value}.html#{anchor}-{adoption.paragraph}"


def _check_paragraph(adoption: Adoption, meeting: Meeting, paragraphs: set[int], ref: MomentRef,
                     where: Locations) -> list[Problem]:
    """The paragraph (or punkt) must be one of the adopting meeting's record, where the data has it."""
    if meeting.kind is MeetingKind.KALLELSE or adoption.paragraph in paragraphs:
        return []
    word = "§" if meeting.kind is MeetingKind.PROTOKOLL else "punkt"
    shown = ", ".join(f"{word} {n}" for n in sorted(paragraphs)) or "none"
    return [where.in_moment(ref.id, ("adoption", "paragraph"), f"{word} {adoption.paragraph} is not in the "
                            f"{meeting.kind.value} of '{meeting.id}'; it has {shown}")]


def _check_date(adoption: Adoption, ref: MomentRef, where: Locations) -> list[Problem]:
    assert adoption.date
    end = ref.period_end
    if end is not None and adoption.date <= end:
        return [where.in_moment(ref.id, ("adoption", "date"), f"{adoption.date} is not after the period the "
                                f"report covers (to {end}); a follow-up is adopted after its period")]
    if ref.kind is MomentKind.PLAN and adoption.date.year > ref.year:
        return [where.in_moment(ref.id, ("adoption", "date"), f"{adoption.date} is after the year {ref.year} "
                                "the plan is for")]
    return []


def adoption_problems(federation: Federation, loaded: LoadedYear, meetings: dict[str, Meeting],
                      rules: RegimeRules, register: Register) -> list[Problem]:
    """Errors in the ``[adoption]`` of each of the year's moments."""
    where = Locations(federation, loaded.year)
    org = federation.config.organisation
    problems: list[Problem] = []
    for ref in loaded.refs():
        adoption = loaded.moments[ref.id].adoption
        if adoption is None or not adoption.adopted:
            continue
        body = org.body(adoption.body or "")
        if body is None:
            problems.append(where.in_moment(ref.id, ("adoption", "body"), f"unknown body '{adoption.body}'; "
                                            f"bodies in federation.toml: {', '.join(b.id for b in org.bodies)}"))
        elif ref.kind is MomentKind.ANNUAL and rules.annual_adopters and body.kind not in rules.annual_adopters:
            problems.append(where.in_moment(ref.id, ("adoption", "body"),
                                            f"a {rules.label}'s annual report is adopted by "
                                            f"{rules.annual_adopters_label}; '{body.id}' is a {body.kind.value}"))
        if adoption.meeting:
            meeting = meetings.get(adoption.meeting)
            problems += _check_meeting(adoption, meeting, sorted(meetings), ref, where)
            if meeting is not None:
                numbers = {register.paragraph(meeting, i.number) or i.number for i in meeting.items}
                problems += _check_paragraph(adoption, meeting, numbers, ref, where)
        problems += _check_date(adoption, ref, where)
    return problems
