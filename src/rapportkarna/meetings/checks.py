"""Checks of a year's meetings against the organisation and the rest of the meetings.

Errors: a record the body does not keep (a samverkan's styrgrupp with a protokoll), an agenda item
kind no plugin provides, an assignment closed that no earlier meeting gave, an assignment id used
twice. Notes: the date rules (see :mod:`rapportkarna.meetings.rules`), which describe what
happened and do not stop a build.
"""

from pathlib import Path

from rapportkarna.errors import Problem, format_path
from rapportkarna.loader import TomlFile
from rapportkarna.meetings.forms import record_kind
from rapportkarna.meetings.register import Register
from rapportkarna.meetings.rules import date_problems
from rapportkarna.model import FederationConfig, Meeting, MeetingKind
from rapportkarna.toml_lines import locate

Loc = tuple[str | int, ...]


class _Where:
    def __init__(self, files: dict[str, Path]) -> None:
        self.files = files
        self._parsed: dict[str, TomlFile] = {}

    def __call__(self, meeting: Meeting, loc: Loc, message: str) -> Problem:
        if meeting.id not in self._parsed:
            self._parsed[meeting.id] = TomlFile(self.files[meeting.id])
        source = self._parsed[meeting.id]
        # a field the file does not have (no justerare) is placed at the line saying what record it is
        line = locate(source.index, loc) or locate(source.index, ("kind",))
        return Problem(source.path, line, format_path(loc) or None, message)


def _record(meeting: Meeting, config: FederationConfig, where: _Where) -> list[Problem]:
    body = config.organisation.body(meeting.body)
    if body is None or meeting.kind is MeetingKind.KALLELSE:
        return []
    expected = record_kind(config.organisation.regime, body.kind)
    if meeting.kind is expected:
        return []
    why = ("a body that decides for a legal person keeps a protokoll with §"
           if expected is MeetingKind.PROTOKOLL else
           "a samverkan without legal person, and a preparing or working group, keeps minnesanteckningar with punkter")
    return [where(meeting, ("kind",), f"{body.name} ({body.kind.value}) keeps {expected.value}, not "
                                      f"{meeting.kind.value}: {why}")]


def _items(meeting: Meeting, kinds: set[str], register: Register, where: _Where) -> list[Problem]:
    problems = []
    for i, item in enumerate(meeting.items):
        if item.kind and item.kind not in kinds:
            problems.append(where(meeting, ("items", i, "kind"), f"unknown agenda item kind '{item.kind}'; "
                                                                 f"kinds: {', '.join(sorted(kinds))}"))
        for j, assignment_id in enumerate(item.closes):
            given = register.assignment(assignment_id)
            if given is None or (given.meeting.date, given.meeting.id) >= (meeting.date, meeting.id):
                earlier = [e.assignment.id for e in register.assignments
                           if (e.meeting.date, e.meeting.id) < (meeting.date, meeting.id)]
                problems.append(where(meeting, ("items", i, "closes", j),
                                      f"no earlier meeting gave assignment '{assignment_id}'; "
                                      f"assignments before this meeting: {', '.join(earlier) or 'none'}"))
    return problems


def _assignment_ids(meetings: list[Meeting], year: int, where: _Where) -> list[Problem]:
    first: dict[str, Meeting] = {}
    problems = []
    for meeting in sorted(meetings, key=lambda m: (m.date, m.id)):
        for i, item in enumerate(meeting.items):
            for j, assignment in enumerate(item.assignments):
                earlier = first.setdefault(assignment.id, meeting)
                if earlier is not meeting and meeting.date.year == year:
                    problems.append(where(meeting, ("items", i, "assignments", j, "id"),
                                          f"assignment id '{assignment.id}' is also given at meeting "
                                          f"'{earlier.id}'; ids must be unique"))
    return problems


def meeting_problems(config: FederationConfig, meetings: list[Meeting], files: dict[str, Path], year: int,
                     kinds: set[str]) -> list[Problem]:
    """Errors in the meetings of ``year`` (``meetings`` holds every year's, for the register)."""
    where = _Where(files)
    register = Register(meetings)
    problems = _assignment_ids(meetings, year, where)
    for meeting in (m for m in meetings if m.date.year == year):
        problems += _record(meeting, config, where) + _items(meeting, kinds, register, where)
    return problems


def meeting_notes(config: FederationConfig, meetings: list[Meeting], files: dict[str, Path],
                  year: int) -> list[Problem]:
    """The date rules the meetings of ``year`` break."""
    where = _Where(files)
    return [where(meeting, tuple(field.split(".")), message)
            for meeting in meetings if meeting.date.year == year
            for field, message in date_problems(meeting, config.meetings)]
