"""The date rules of meetings, with messages that say which rule and by how much.

A kallelse is sent at least ``kallelse_days`` before the meeting (the federation's own rule,
from its stadgar or arbetsordning); a protokoll is justerat within ``justering_days`` (default 14);
the anslag about the justering goes up within two days after it and stays up at least three weeks
(KL 8 kap. 12 §). The rules are problems of the data's own history: ``validate`` and
``rapportkarna meetings`` report them, and a document still shows what happened.
"""

import datetime as dt

from rapportkarna.model import Meeting, MeetingKind
from rapportkarna.model.federation import MeetingSettings

ANSLAG_WITHIN = dt.timedelta(days=2)
ANSLAG_FOR = dt.timedelta(weeks=3)


def anslag_dates(meeting: Meeting) -> tuple[dt.date, dt.date] | None:
    """When the anslag about a protokoll's justering goes up and comes down (the earliest lawful day)."""
    if meeting.kind is not MeetingKind.PROTOKOLL or meeting.justering is None:
        return None
    up = meeting.posted or meeting.justering.date
    return up, up + ANSLAG_FOR


def date_problems(meeting: Meeting, settings: MeetingSettings) -> list[tuple[str, str]]:
    """(field, message) for each rule the meeting breaks."""
    problems = []
    if meeting.sent and (meeting.date - meeting.sent).days < settings.kallelse_days:
        problems.append(("sent", f"the kallelse was sent {meeting.sent}, {(meeting.date - meeting.sent).days} "
                                 f"days before the meeting; the rule is at least {settings.kallelse_days} days"))
    if meeting.kind is MeetingKind.PROTOKOLL:
        if meeting.justering is None:
            problems.append(("justering", "the protokoll has no justering (date and place) yet"))
        elif (meeting.justering.date - meeting.date).days > settings.justering_days:
            problems.append(("justering.date", f"justerat {meeting.justering.date}, "
                                               f"{(meeting.justering.date - meeting.date).days} days after the "
                                               f"meeting; the rule is within {settings.justering_days} days"))
        if meeting.justering and meeting.posted:
            if meeting.posted < meeting.justering.date:
                problems.append(("posted", f"the anslag went up {meeting.posted}, before the justering "
                                           f"{meeting.justering.date}"))
            elif meeting.posted - meeting.justering.date > ANSLAG_WITHIN:
                problems.append(("posted", f"the anslag went up {meeting.posted}, more than two days after the "
                                           f"justering {meeting.justering.date} (KL 8 kap. 12 §)"))
        if not meeting.adjusters:
            problems.append(("adjusters", "the protokoll names no justerare"))
    return problems
