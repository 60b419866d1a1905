"""Adoption of a report: checked against the organisation, its meetings and its legal form, and
written the way the reports write it ("Godkänd av styrelsen 2011-09-15, § 4").

A report is a draft (utkast) until its moment's ``[adoption]`` says ``status = "beslutad"``; a
draft says UTKAST on its cover and every page, and carries no date.
"""

from rapportkarna.errors import Problem
from rapportkarna.formatting import kortdatum
from rapportkarna.loader import LoadedYear
from rapportkarna.locations import Locations
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
                      rules: RegimeRules) -> list[Problem]:
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
            problems += _check_meeting(adoption, meetings.get(adoption.meeting), sorted(meetings), ref, where)
        problems += _check_date(adoption, ref, where)
    return problems
