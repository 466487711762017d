"""`show --format ics`: the asks, follow-ups and the action as all-day events, for a calendar program.

Written by the icalendar library (RFC 5545 line folding, escaping, dates), imported only here.
Each event's UID is derived from the worksheet's id (or, for a worksheet from before ids, its file
name), the kind of partner, the organization and the kind of event, never from the time:
importing a newer export updates the events instead of adding copies. Each event has a reminder
at 9:00 the day before. An ask already made, or a follow-up no longer awaited, is exported
cancelled, with a higher SEQUENCE, so a calendar that imported it before takes it away.

May import: partnerkit, errors, guide, worksheet, tracking, safetext, present; icalendar
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event, vText

from ... import __version__
from ..view import Event as Item
from ..view import View

REMINDER = timedelta(hours=-15)  # an all-day event starts at midnight: 9:00 the day before


def render(view: View) -> str:
    """The calendar, as icalendar writes it; each event written as soon as it is made, so a large
    worksheet's calendar holds its text, not every event's components, at once."""
    calendar = Calendar()
    calendar.add("prodid", f"-//partnerkit {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", vText(view.title))  # text, escaped: a comma in the title stays in it
    stamp = datetime.now(UTC).replace(microsecond=0)
    # The calendar's lines, then its events' (as Component.to_ical orders them), then its END line.
    head, end = calendar.to_ical().decode("utf-8").removesuffix(END), END
    return "".join((head, *(_event(item, stamp, view.reminder).to_ical().decode("utf-8") for item in view.events), end))


END = "END:VCALENDAR\r\n"


def _event(item: Item, stamp: datetime, reminder: str) -> Event:
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", item.day)
    if item.day < date.max:  # all-day: the end is exclusive; without one, an event on a date lasts that day
        event.add("dtend", item.day + timedelta(days=1))
    event.add("summary", item.summary)
    if item.description:
        event.add("description", item.description)
    event.add("transp", "TRANSPARENT")  # a reminder, not time taken
    event.add("sequence", item.sequence)
    if item.cancelled:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", reminder.format(event=item.summary))
        alarm.add("trigger", REMINDER)
        event.add_component(alarm)
    return event
