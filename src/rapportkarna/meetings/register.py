"""The register of decisions and assignments across a federation's meetings.

Every non-formal item with a beslut is a decision; every uppdrag is an assignment, open from the
meeting that gave it until a later meeting's item ``closes`` it. A meeting's documents list the
assignments open when it is held; the yearly reports list the year's important decisions and the
assignments open and overdue at the report's period end.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from rapportkarna.meetings.forms import item_label, paragraph_numbers
from rapportkarna.model import AgendaItem, Assignment, Meeting


@dataclass(frozen=True)
class Decision:
    meeting: Meeting
    item: AgendaItem
    label: str
    """'§ 14' or 'punkt 3'."""


@dataclass(frozen=True)
class AssignmentEntry:
    assignment: Assignment
    meeting: Meeting
    label: str
    closed_at: tuple[Meeting, str] | None

    def open_on(self, day: dt.date) -> bool:
        """Given on or before ``day`` and not closed by then."""
        closed = self.closed_at is not None and self.closed_at[0].date <= day
        return self.meeting.date <= day and not closed

    def overdue_on(self, day: dt.date) -> bool:
        return self.open_on(day) and self.assignment.due is not None and self.assignment.due < day


class Register:
    """Decisions and assignments of all the meetings given, in date order."""

    def __init__(self, meetings: list[Meeting]) -> None:
        self.meetings = sorted(meetings, key=lambda m: (m.date, m.id))

    @cached_property
    def _paragraphs(self) -> dict[tuple[str, int], int]:
        numbers: dict[tuple[str, int], int] = {}
        for body, year in {(m.body, m.date.year) for m in self.meetings}:
            numbers |= paragraph_numbers(self.meetings, body, year)
        return numbers

    def label(self, meeting: Meeting, number: int) -> str:
        return item_label(meeting, number, self._paragraphs)

    def paragraph(self, meeting: Meeting, number: int) -> int | None:
        return self._paragraphs.get((meeting.id, number))

    def decisions(self, start: dt.date, end: dt.date, body: str | None = None) -> list[Decision]:
        """The decisions on ärenden (see :attr:`AgendaItem.decides`) taken between ``start`` and ``end``."""
        return [Decision(m, item, self.label(m, item.number))
                for m in self.meetings if start <= m.date <= end and body in (None, m.body)
                for item in m.items if item.decides]

    @cached_property
    def _closed(self) -> dict[str, tuple[Meeting, str]]:
        closed: dict[str, tuple[Meeting, str]] = {}
        for meeting in self.meetings:
            for item in meeting.items:
                for assignment_id in item.closes:
                    closed.setdefault(assignment_id, (meeting, self.label(meeting, item.number)))
        return closed

    @cached_property
    def assignments(self) -> list[AssignmentEntry]:
        return [AssignmentEntry(a, m, self.label(m, item.number), self._closed.get(a.id))
                for m in self.meetings for item in m.items for a in item.assignments]

    def assignment(self, assignment_id: str) -> AssignmentEntry | None:
        return next((e for e in self.assignments if e.assignment.id == assignment_id), None)

    def open_on(self, day: dt.date, body: str | None = None) -> list[AssignmentEntry]:
        """Assignments (of ``body``) open on ``day``."""
        return [e for e in self.assignments if e.open_on(day) and body in (None, e.meeting.body)]

    def pending_at(self, meeting: Meeting) -> list[AssignmentEntry]:
        """What a meeting follows up: its body's assignments given at earlier meetings and not
        closed before it (those it closes itself included)."""
        key = (meeting.date, meeting.id)
        return [e for e in self.assignments if e.meeting.body == meeting.body
                and (e.meeting.date, e.meeting.id) < key
                and (e.closed_at is None or (e.closed_at[0].date, e.closed_at[0].id) >= key)]

    def meetings_between(self, start: dt.date, end: dt.date) -> list[Meeting]:
        """Meetings between ``start`` and ``end``; a meeting whose record is not written yet (only
        its kallelse) counts as held on its day."""
        return [m for m in self.meetings if start <= m.date <= end]


@dataclass(frozen=True)
class Summary:
    """What a yearly report says of the meetings of its period."""

    start: dt.date
    end: dt.date
    per_body: list[tuple[str, list[Meeting]]]
    decisions: list[Decision]
    open: list[AssignmentEntry]
    closed: list[AssignmentEntry]

    @property
    def overdue(self) -> list[AssignmentEntry]:
        return [e for e in self.open if e.overdue_on(self.end)]


def summary(register: Register, start: dt.date, end: dt.date) -> Summary:
    """The meetings held between ``start`` and ``end`` per body, their decisions on ärenden, the
    assignments open at ``end`` and those redovisade during the period."""
    per_body: dict[str, list[Meeting]] = {}
    for meeting in register.meetings_between(start, end):
        per_body.setdefault(meeting.body, []).append(meeting)
    closed = [e for e in register.assignments if e.closed_at and start <= e.closed_at[0].date <= end]
    return Summary(start, end, sorted(per_body.items()), register.decisions(start, end),
                   register.open_on(end), closed)
