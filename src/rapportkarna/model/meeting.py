"""Meetings: what was called, who came, what was on the agenda and what was decided.

One file per meeting (``<year>/meetings/<id>.toml``). ``kind`` says how far the meeting's record
has come: ``kallelse`` (called, not yet held), ``protokoll`` (a deciding body's minutes with
paragraphs, justering and anslag) or ``minnesanteckningar`` (a samverkan's or a working group's
notes with punkter). Which record a body keeps follows from the organisation's legal form and the
body (see :mod:`rapportkarna.meetings.forms`).
"""

import datetime as dt
from enum import StrEnum

from pydantic import Field, ValidationInfo, field_validator, model_validator

from rapportkarna.model.common import Name, NonEmptyStr, repeated, Slug, StrictModel


class MeetingKind(StrEnum):
    KALLELSE = "kallelse"
    PROTOKOLL = "protokoll"
    MINNESANTECKNINGAR = "minnesanteckningar"


class Attendance(StrEnum):
    NARVARANDE = "narvarande"
    FRANVARANDE = "franvarande"
    ERSATTARE = "ersattare"
    """Tjänstgörande ersättare."""
    OVRIG = "ovrig"
    """Övriga närvarande: tjänstepersoner, föredragande, gäster."""


class Attendee(StrictModel):
    name: Name
    organisation: str | None = Field(None, description="Den personen företräder, t.ex. 'Malå kommun'.")
    party: str | None = Field(None, description="Parti, för förtroendevalda (t.ex. 'S', 'M').")
    role: str | None = Field(None, description="ordförande, vice ordförande, sekreterare, beslutande …")
    attendance: Attendance = Attendance.NARVARANDE
    items: str | None = Field(None, description="Deltog bara i vissa punkter, t.ex. 'p 5-10'.")
    replaces: str | None = Field(None, description="För en tjänstgörande ersättare: den ledamot hen ersätter.")


class ItemKind(StrEnum):
    """What an agenda item is. Formal items open and close a meeting and are no ärenden."""

    FORMAL = "formal"
    ARENDE = "arende"
    INFORMATION = "information"
    RAPPORT = "rapport"
    OVRIGT = "ovrigt"


#: Titles of the standard opening and closing items: an item with one of these titles (and no
#: ``kind`` of its own) is formal, so it is no ärende in the register and the yearly reports.
FORMAL_TITLES = (
    "mötets öppnande", "sammanträdets öppnande", "upprop", "val av justerare",
    "val av justerare och tid för justering", "justering", "föredragningslista",
    "fastställande av föredragningslista", "godkännande av föredragningslista", "dagordning",
    "godkännande av dagordning", "mötets avslutande", "sammanträdets avslutande", "nästa möte",
    "föregående minnesanteckningar", "föregående protokoll", "presentation",
)


NOT_DECIDING = (ItemKind.FORMAL.value, ItemKind.OVRIGT.value, ItemKind.INFORMATION.value, ItemKind.RAPPORT.value)


class Assignment(StrictModel):
    """An uppdrag given at a meeting: who is to do what, by when."""

    id: Slug = Field(description="Unikt id, t.ex. 'utredning-hemsjukvard'; senare möten avslutar det med 'closes'.")
    text: NonEmptyStr = Field(description="Uppdraget, t.ex. 'Kansliet får i uppdrag att utreda …'.")
    responsible: str | None = Field(None, description="Vem som har uppdraget.")
    due: dt.date | None = Field(None, description="Senast.")


class AgendaItem(StrictModel):
    number: int = Field(ge=1)
    title: Name
    kind: str | None = Field(None, description="formal, arende, information, rapport, ovrigt, or a plugin's own "
                                                "kind; without it the standard opening and closing items are formal, "
                                                "'Övriga frågor' is ovrigt and the rest are ärenden.")
    diarienummer: str | None = Field(None, description="Diarienummer, t.ex. 'Dnr 2011/45'.")
    presenter: str | None = Field(None, description="Föredragande.")
    attachments: list[str] = Field(default_factory=list, description="Bilagor.")
    description: str | None = Field(None, description="Ärendebeskrivning.")
    underlag: list[str] = Field(default_factory=list, description="Beslutsunderlag.")
    proposal: str | None = Field(None, description="Förslag till beslut (t.ex. 'Presidiet föreslår …').")
    motions: list[str] = Field(default_factory=list, description="Yrkanden.")
    order_of_questions: str | None = Field(None, description="Propositionsordning.")
    decision: str | None = Field(None, description="Beslut.")
    conflicts: list[str] = Field(default_factory=list, description="Jäv: vem som anmält jäv och inte deltog.")
    reservations: list[str] = Field(default_factory=list, description="Reservationer.")
    notes: list[str] = Field(default_factory=list, description="Protokollsanteckningar.")
    send_to: list[str] = Field(default_factory=list, description="Beslutet skickas till.")
    assignments: list[Assignment] = Field(default_factory=list, description="Uppdrag som ges i ärendet.")
    closes: list[Slug] = Field(default_factory=list, description="Uppdrag från tidigare möten som redovisas och avslutas här.")
    referred_to: Slug | None = Field(None, description="Organ som ärendet hänvisas till (id i federation.toml).")

    @property
    def item_kind(self) -> str:
        if self.kind:
            return self.kind
        title = self.title.strip().casefold()
        if title in FORMAL_TITLES:
            return ItemKind.FORMAL.value
        return ItemKind.OVRIGT.value if title == "övriga frågor" else ItemKind.ARENDE.value

    @property
    def formal(self) -> bool:
        return self.item_kind == ItemKind.FORMAL.value

    @property
    def decides(self) -> bool:
        """An ärende with a beslut: what the register and the yearly reports count as a decision.
        Not the formal items, not "övriga frågor" (mostly "inga övriga frågor"), and not information
        or rapporter, whose beslut is that the information was noted."""
        return bool(self.decision) and self.item_kind not in NOT_DECIDING


class ProgramItem(StrictModel):
    time: dt.time | None = None
    text: NonEmptyStr


class Justering(StrictModel):
    date: dt.date = Field(description="Dag då protokollet justerades.")
    place: str | None = Field(None, description="Plats för justeringen.")


class Meeting(StrictModel):
    id: Slug
    body: Slug = Field(description="Id of the body in federation.toml that meets.")
    kind: MeetingKind
    date: dt.date
    start: dt.time | None = None
    end: dt.time | None = None
    place: str | None = None
    example_data: bool = Field(False, description="True for a meeting that is an invented example.")
    note: str | None = Field(None, description="Where the meeting's data comes from, shown with the document.")
    sent: dt.date | None = Field(None, description="Dag då kallelsen skickades.")
    program: list[ProgramItem] = Field(default_factory=list, description="Program för dagen, före sammanträdet.")
    absence_instruction: str | None = Field(
        None, description="Till ledamöter som inte kan komma; utan den står standardtexten om att kalla ersättare.")
    web_only: list[str] = Field(default_factory=list,
                                description="Handlingar som bara finns på webbplatsen, t.ex. 'Delgivningar'.")
    attendees: list[Attendee] = Field(default_factory=list)
    adjusters: list[str] = Field(default_factory=list, description="Justerare (namn).")
    justering: Justering | None = None
    posted: dt.date | None = Field(None, description="Dag då anslaget om justeringen sattes upp; "
                                                     "utan den dagen för justeringen.")
    kept_at: str | None = Field(None, description="Förvaringsplats för protokollet; utan den kansliet.")
    first_paragraph: int | None = Field(None, ge=1, description="Första paragrafen, om numreringen inte ska "
                                                                "räknas fram ur årets tidigare protokoll.")
    items: list[AgendaItem] = Field(default_factory=list)
    next_meeting: dt.date | None = None

    @field_validator("items")
    @classmethod
    def _items_numbered_once(cls, items: list[AgendaItem]) -> list[AgendaItem]:
        numbers = [item.number for item in items]
        repeated_numbers = repeated(numbers)
        if repeated_numbers:
            raise ValueError(f"agenda item numbers must be unique; repeated: {repeated_numbers}")
        ids = repeated([a.id for item in items for a in item.assignments])
        if ids:
            raise ValueError(f"assignment ids must be unique; repeated: {', '.join(ids)}")
        return items

    @field_validator("end")
    @classmethod
    def _ends_after_start(cls, end: dt.time | None, info: ValidationInfo) -> dt.time | None:
        start = info.data.get("start")
        if start and end and end < start:
            raise ValueError(f"end {end} is before start {start}")
        return end

    @model_validator(mode="after")
    def _record_fields(self) -> "Meeting":
        if self.kind is not MeetingKind.PROTOKOLL:
            given = [name for name in ("adjusters", "justering", "posted") if getattr(self, name)]
            if given:
                raise ValueError(f"{', '.join(given)}: only a protokoll is justerat and anslaget; "
                                 f"this meeting is '{self.kind.value}'")
        if self.justering and self.justering.date < self.date:
            raise ValueError(f"justering {self.justering.date} is before the meeting {self.date}")
        if self.sent and self.sent > self.date:
            raise ValueError(f"sent {self.sent} is after the meeting {self.date}")
        return self

    def item(self, number: int) -> AgendaItem | None:
        return next((i for i in self.items if i.number == number), None)

    @property
    def secretary(self) -> Attendee | None:
        return next((a for a in self.attendees if a.role and "sekreterare" in a.role), None)

    @property
    def chair(self) -> Attendee | None:
        return next((a for a in self.attendees if a.role and a.role.startswith("ordförande")), None)
