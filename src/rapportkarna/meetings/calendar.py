"""The sammanträdesplan as an iCalendar file (RFC 5545), to import into any calendar."""

import datetime as dt
from zoneinfo import ZoneInfo

from rapportkarna.model import Organisation, PlannedMeeting

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _uid(meeting: PlannedMeeting, slug: str) -> str:
    # stable across builds, so a re-import updates events instead of duplicating them
    return f"{meeting.date.isoformat()}-{meeting.body}@{slug}.rapportkarna"


def sammantradesplan_ics(plan: list[PlannedMeeting], org: Organisation, slug: str, year: int) -> bytes:
    from icalendar import Calendar, Event  # imported when a plan is written, not by every command

    calendar = Calendar()
    calendar.add("prodid", "-//rapportkarna//sammantradesplan//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{org.name}: sammanträdesplan {year}")
    for meeting in sorted(plan, key=lambda m: (m.date, m.body)):
        body = org.body(meeting.body)
        event = Event()
        event.add("uid", _uid(meeting, slug))
        # a fixed DTSTAMP (the meeting's own date) keeps the file the same for the same data
        event.add("dtstamp", dt.datetime.combine(meeting.date, dt.time(0, 0), tzinfo=dt.timezone.utc))
        summary = body.name if body else meeting.body
        event.add("summary", f"{summary}{' – ' + meeting.note if meeting.note else ''}")
        if meeting.start:
            start = dt.datetime.combine(meeting.date, meeting.start, tzinfo=STOCKHOLM)
            event.add("dtstart", start)
            end = meeting.end or (dt.datetime.combine(meeting.date, meeting.start) + dt.timedelta(hours=3)).time()
            event.add("dtend", dt.datetime.combine(meeting.date, end, tzinfo=STOCKHOLM))
        else:
            event.add("dtstart", meeting.date)
            event.add("dtend", meeting.date + dt.timedelta(days=1))
        if meeting.place:
            event.add("location", meeting.place)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
