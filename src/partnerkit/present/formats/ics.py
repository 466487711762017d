"""`show --format ics`: the asks, follow-ups and the action as all-day events, for a calendar program.

Each event's UID is derived from the worksheet's id (or, for a worksheet from before ids, its file
name), the kind of partner, the organization and the kind of event, never from the time:
importing a newer export updates the events instead of adding copies. Each event has a reminder
at 9:00 the day before. An ask already made, or a follow-up no longer awaited, is exported
cancelled, with a higher SEQUENCE, so a calendar that imported it before takes it away.

The calendar is written here, as the icalendar library writes it (the same properties in the same
order): RFC 5545 asks little of one of all-day events and text, namely TEXT escaping, dates, and
lines folded within 75 octets. The library took seconds for a large worksheet's events, a
character at a time; the tests read every export back with it, and with vobject.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ... import __version__
from ..view import View

REMINDER = "-PT15H"  # an all-day event starts at midnight: 9:00 the day before
_ONE_DAY = timedelta(days=1)
_LIMIT = 75  # octets a line holds, its line break not counted (RFC 5545 3.1)


def render(view: View) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{text(f'-//partnerkit {__version__}//EN')}", "METHOD:PUBLISH"]
    lines.append(f"X-WR-CALNAME:{text(view.title)}")  # text, escaped: a comma in the title stays in it
    for item in view.events:
        lines += ["BEGIN:VEVENT", f"SUMMARY:{text(item.summary)}", f"DTSTART;VALUE=DATE:{_day(item.day)}"]
        if item.day < date.max:  # all-day: the end is exclusive; without one, an event on a date lasts that day
            lines.append(f"DTEND;VALUE=DATE:{_day(item.day + _ONE_DAY)}")
        lines += [f"DTSTAMP:{stamp}", f"UID:{text(item.uid)}", f"SEQUENCE:{item.sequence}"]
        if item.description:
            lines.append(f"DESCRIPTION:{text(item.description)}")
        lines += ["STATUS:CANCELLED" if item.cancelled else "STATUS:CONFIRMED", "TRANSP:TRANSPARENT"]  # a reminder, not time taken
        if not item.cancelled:
            reminder = text(view.reminder.format(event=item.summary))
            lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{reminder}", f"TRIGGER:{REMINDER}", "END:VALARM"]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_folded(line) for line in lines)


def text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslashes, semicolons and commas escaped, each line break
    (LF, CR LF or a lone CR) as \\n."""
    escaped = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return escaped.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _day(day: date) -> str:
    return f"{day.year:04}{day.month:02}{day.day:02}"


def _folded(line: str) -> str:
    """The content line and its CRLF, folded (CRLF and a space) so no line exceeds 75 octets,
    never inside a character, nor just after the backslash of an escape."""
    if len(line) < _LIMIT and line.isascii():
        return line + "\r\n"
    data = line.encode("utf-8")
    if len(data) < _LIMIT:
        return line + "\r\n"
    pieces, start, room = [], 0, _LIMIT - 1  # the first line's 74 octets, as icalendar leaves; then a space and 74
    while len(data) - start > room:
        end = start + room
        while data[end] & 0xC0 == 0x80:  # inside a character's UTF-8 bytes: end before it
            end -= 1
        if data[end - 1] in b"\\^" and end - 1 > start:  # an escape stays whole on the next line
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces).decode("utf-8") + "\r\n"
