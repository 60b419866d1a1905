"""Meetings: kallelse, protokoll and minnesanteckningar, with attendees and agenda items."""

from datetime import date, time
from enum import StrEnum

from pydantic import Field, ValidationInfo, field_validator

from rapportkarna.model.common import NonEmptyStr, Slug, StrictModel, repeated


class MeetingKind(StrEnum):
    KALLELSE = "kallelse"
    PROTOKOLL = "protokoll"
    MINNESANTECKNINGAR = "minnesanteckningar"


class Attendance(StrEnum):
    NARVARANDE = "narvarande"
    FRANVARANDE = "franvarande"
    ERSATTARE = "ersattare"
    OVRIG = "ovrig"


class Attendee(StrictModel):
    name: NonEmptyStr
    organisation: str | None = Field(None, description="Den personen företräder, t.ex. 'Malå kommun'.")
    role: str | None = Field(None, description="ordförande, vice ordförande, sekreterare, beslutande …")
    attendance: Attendance = Attendance.NARVARANDE
    items: str | None = Field(None, description="Deltog bara i vissa punkter, t.ex. 'p 5-10'.")


class AgendaItem(StrictModel):
    number: int = Field(ge=1)
    title: NonEmptyStr
    presenter: str | None = Field(None, description="Föredragande.")
    attachments: list[str] = Field(default_factory=list, description="Bilagor.")
    description: str | None = Field(None, description="Ärendebeskrivning.")
    proposal: str | None = Field(None, description="Förslag till beslut (t.ex. 'Presidiet föreslår').")
    decision: str | None = Field(None, description="Beslut.")
    referred_to: Slug | None = Field(None, description="Organ som ärendet hänvisas till (id i federation.toml).")


class Meeting(StrictModel):
    id: Slug
    body: Slug = Field(description="Id of the body in federation.toml that meets.")
    kind: MeetingKind
    date: date
    start: time | None = None
    end: time | None = None
    place: str | None = None
    attendees: list[Attendee] = Field(default_factory=list)
    items: list[AgendaItem] = Field(default_factory=list)
    next_meeting: date | None = None

    @field_validator("items")
    @classmethod
    def _items_numbered_once(cls, items: list[AgendaItem]) -> list[AgendaItem]:
        numbers = [item.number for item in items]
        repeated_numbers = repeated(numbers)
        if repeated_numbers:
            raise ValueError(f"agenda item numbers must be unique; repeated: {repeated_numbers}")
        return items

    @field_validator("end")
    @classmethod
    def _ends_after_start(cls, end: time | None, info: ValidationInfo) -> time | None:
        start = info.data.get("start")
        if start and end and end < start:
            raise ValueError(f"end {end} is before start {start}")
        return end
