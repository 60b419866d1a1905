"""Which record a meeting gets, and how its items are numbered.

A body that decides on behalf of a legal person (a kommunalförbund's or an association's
fullmäktige, stämma, styrelse, arbetsutskott) keeps a **protokoll**: §-numbered paragraphs that
run on through the year, justering and anslag (KL 5 and 8 kap.). A samverkan without legal person,
and every preparing or working group, keeps **minnesanteckningar**: punkter, numbered per meeting.
"""

from collections.abc import Iterable

from rapportkarna.model import BodyKind, Meeting, MeetingKind, Regime

#: Bodies whose meetings decide, where the organisation is a legal person.
DECIDING = (BodyKind.FULLMAKTIGE, BodyKind.STAMMA, BodyKind.STYRELSE, BodyKind.ARBETSUTSKOTT)


def record_kind(regime: Regime, body: BodyKind) -> MeetingKind:
    """The record a body of an organisation of ``regime`` keeps."""
    if regime is not Regime.SAMVERKAN and body in DECIDING:
        return MeetingKind.PROTOKOLL
    return MeetingKind.MINNESANTECKNINGAR


def paragraph_numbers(meetings: Iterable[Meeting], body: str, year: int) -> dict[tuple[str, int], int]:
    """(meeting id, item number) → § for every protokoll of ``body`` in ``year``.

    Paragraphs run on through the year in meeting order; a meeting's ``first_paragraph`` sets
    where its numbering starts (and so where the next meeting's goes on from).
    """
    numbers: dict[tuple[str, int], int] = {}
    next_number = 1
    ordered = sorted((m for m in meetings if m.body == body and m.date.year == year
                      and m.kind is MeetingKind.PROTOKOLL), key=lambda m: (m.date, m.id))
    for meeting in ordered:
        next_number = meeting.first_paragraph or next_number
        for item in sorted(meeting.items, key=lambda i: i.number):
            numbers[(meeting.id, item.number)] = next_number
            next_number += 1
    return numbers


def item_label(meeting: Meeting, number: int, paragraphs: dict[tuple[str, int], int]) -> str:
    """'§ 14' in a protokoll, 'punkt 3' in minnesanteckningar, '3.' in a kallelse's list."""
    if meeting.kind is MeetingKind.PROTOKOLL:
        return f"§\u00a0{paragraphs[(meeting.id, number)]}"
    if meeting.kind is MeetingKind.MINNESANTECKNINGAR:
        return f"punkt\u00a0{number}"
    return f"{number}."
