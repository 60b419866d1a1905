"""A meeting's documents and what each is rendered with.

Every meeting with an agenda has a **kallelse** (with its föredragningslista); a held meeting has
its record, a **protokoll** or **minnesanteckningar**. Documents are written under
``<out>/<slug>/<year>/meetings/`` as ``<date>-<body>-<document>``.
"""

from dataclasses import dataclass
from typing import Any

from rapportkarna.errors import RapportError
from rapportkarna.meetings.kinds import AgendaItemKind
from rapportkarna.meetings.register import Register
from rapportkarna.meetings.rules import anslag_dates
from rapportkarna.model import Attendance, Attendee, FederationConfig, Meeting, MeetingKind

DOCUMENTS = ("kallelse", "protokoll", "minnesanteckningar")
TITLES = {"kallelse": "Kallelse", "protokoll": "Protokoll", "minnesanteckningar": "Minnesanteckningar"}
DEFAULT_ABSENCE = "Ordinarie ledamot som inte kan närvara ombeds kalla sin ersättare och meddela detta till"


@dataclass(frozen=True)
class MeetingDocument:
    meeting: Meeting
    document: str

    @property
    def stem(self) -> str:
        return f"{self.meeting.date.isoformat()}-{self.meeting.body}-{self.document}"


def documents_of(meeting: Meeting) -> list[str]:
    """The documents a meeting has: its kallelse (if it has an agenda) and its record, if held."""
    found = ["kallelse"] if meeting.items else []
    if meeting.kind is not MeetingKind.KALLELSE:
        found.append(meeting.kind.value)
    return found


def select(meetings: dict[str, Meeting], wanted: str, year: int | None = None) -> list[Meeting]:
    """Meetings by id, or all meetings on a date (YYYY-MM-DD)."""
    if wanted in meetings:
        return [meetings[wanted]]
    found = [m for m in meetings.values() if m.date.isoformat() == wanted and year in (None, m.date.year)]
    if not found:
        known = ", ".join(sorted(meetings)) or "none"
        raise RapportError(f"no meeting '{wanted}' (an id, or a date YYYY-MM-DD); meetings: {known}")
    return sorted(found, key=lambda m: m.id)


def document(meeting: Meeting, wanted: str | None) -> list[MeetingDocument]:
    have = documents_of(meeting)
    if wanted is None:
        return [MeetingDocument(meeting, d) for d in have]
    if wanted not in have:
        raise RapportError(f"meeting '{meeting.id}' has no {wanted}; it has: {', '.join(have) or 'nothing'}"
                           + (" (a kallelse becomes a protokoll or minnesanteckningar when `kind` says so)"
                              if wanted != "kallelse" else ""))
    return [MeetingDocument(meeting, wanted)]


def _groups(attendees: list[Attendee]) -> dict[str, list[Attendee]]:
    """Attendees as a protokoll lists them."""
    groups: dict[str, list[Attendee]] = {"beslutande": [], "ersattare": [], "ovriga": [], "franvarande": []}
    for person in attendees:
        key = {Attendance.NARVARANDE: "beslutande", Attendance.ERSATTARE: "ersattare",
               Attendance.OVRIG: "ovriga", Attendance.FRANVARANDE: "franvarande"}[person.attendance]
        groups[key].append(person)
    return groups


def _names_member(organisation: str, member: str) -> bool:
    """'Bjurholms kommun', 'Vännäs kommun' and 'Umeå' name the members; 'Umeåregionens kansli' not."""
    place = organisation.removesuffix(" kommun")
    return member in (organisation, place, place.removesuffix("s"))


def _by_organisation(attendees: list[Attendee], config: FederationConfig) -> list[tuple[str, list[Attendee]]]:
    """Attendees per municipality (members in their order), then others: how minnesanteckningar list them."""
    present = [a for a in attendees if a.attendance is not Attendance.FRANVARANDE]
    order = [m.name for m in config.members]
    groups: dict[str, list[Attendee]] = {}
    for person in present:
        groups.setdefault(person.organisation or "Övriga", []).append(person)

    def rank(name: str) -> tuple[int, int, str]:
        member = next((i for i, m in enumerate(order) if _names_member(name, m)), None)
        return (0, member, name) if member is not None else (1, 0, name)
    return sorted(groups.items(), key=lambda item: rank(item[0]))


def _genitive(name: str) -> str:
    return name if name.endswith(("s", "x", "z")) else f"{name}s"


def _absence(config: FederationConfig) -> str:
    """'… meddela detta till Kommunförbundet Norrbottens kansli på telefon eller e-post: …'."""
    office = f"{_genitive(config.organisation.name)} kansli"
    contact = f" på {config.meetings.contact}" if config.meetings.contact else ""
    return f"{DEFAULT_ABSENCE} {office}{contact}."


def document_context(doc: MeetingDocument, config: FederationConfig, register: Register,
                     kinds: dict[str, AgendaItemKind]) -> dict[str, Any]:
    meeting = doc.meeting
    body = config.organisation.body(meeting.body)
    assert body is not None  # checked when the meetings were loaded
    anslag = anslag_dates(meeting)
    return {
        "meeting": meeting,
        "body": body,
        "document": doc.document,
        "document_title": TITLES[doc.document],
        "doc_title": f"{TITLES[doc.document]} – {body.name} {meeting.date.isoformat()}",
        "label": lambda number: register.label(meeting, number),
        "attendance": _groups(meeting.attendees),
        "by_organisation": _by_organisation(meeting.attendees, config),
        "pending": register.pending_at(meeting),
        "closing": {a for item in meeting.items for a in item.closes},
        "assignment": register.assignment,
        "anslag": anslag,
        "kept_at": config.meetings.kept_at or f"{config.organisation.name}s kansli",
        "absence_instruction": meeting.absence_instruction or _absence(config),
        "website": config.meetings.website,
        "item_kinds": kinds,
    }
