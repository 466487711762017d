"""`show --format ics`: a calendar other programs read, with UIDs that survive a re-export."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import icalendar
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import EXAMPLE


def export(run, path: Path, *args: str) -> str:
    result = run("show", "--format", "ics", *args, path)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_dated_ask_follow_up_and_the_action_is_an_all_day_event(run, tmp_path):
    path = tmp_path / "team.yaml"
    path.write_text(EXAMPLE.read_text())
    assert run("log", "unidos", "Called.", "--follow-up", "2027-06-10", "--file", path).exit_code == 0
    calendar = icalendar.Calendar.from_ical(export(run, path))
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert events["Ask Unidos en la Lucha (fictional) — Dana and Marisol, One-on-one meeting"].decoded("dtstart") == date(2027, 5, 20)
    assert events["Follow up with Unidos en la Lucha (fictional)"].decoded("dtstart") == date(2027, 6, 10)
    assert events["Tisha b'Av vigil at the detention center"].decoded("dtend") == date(2027, 8, 13)
    assert len(events) == 1 + 5 + 1  # the action, five dated asks ("after their June meeting" is no date), one follow-up
    assert len({str(e["uid"]) for e in events.values()}) == len(events)


def test_uids_are_stable_across_exports_and_edits(run, tmp_path):
    path = tmp_path / "team.yaml"
    path.write_text(EXAMPLE.read_text())
    first = icalendar.Calendar.from_ical(export(run, path))
    path.write_text(EXAMPLE.read_text().replace("when: 2027-05-20", "when: 2027-05-22"))
    second = icalendar.Calendar.from_ical(export(run, path))
    uids = [{str(e["summary"]): str(e["uid"]) for e in c.walk("VEVENT")} for c in (first, second)]
    assert uids[0] == uids[1]


def test_another_parser_reads_it(run, tmp_path):
    path = tmp_path / "team.yaml"
    path.write_text(EXAMPLE.read_text())
    out = tmp_path / "team.ics"
    assert run("show", "--format", "ics", "-o", out, path).exit_code == 0
    calendar = vobject.readOne(out.read_text(encoding="utf-8"))
    summaries = sorted(e.summary.value for e in calendar.vevent_list)
    assert "Ask Local 1031, building trades (fictional) — Eli, Through a mutual contact" in summaries
    assert all(e.dtstart.value == e.dtend.value.__class__.fromordinal(e.dtend.value.toordinal() - 1) for e in calendar.vevent_list)
    # RFC 5545 by hand: CRLF line ends, no line longer than 75 octets
    raw = out.read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_the_library_is_imported_only_by_this_export(run, tmp_path):
    import subprocess
    import sys

    code = "import sys; from partnerkit.cli.app import app; import partnerkit.cli.show; print('icalendar' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_two_teams_files_of_the_same_name_keep_their_events_apart(run, tmp_path):
    for team in ("a", "b"):
        (tmp_path / team).mkdir()
        (tmp_path / team / "worksheet.yaml").write_text(EXAMPLE.read_text())
    result = run("show", "--format", "ics", tmp_path / "a" / "worksheet.yaml", tmp_path / "b" / "worksheet.yaml")
    events = icalendar.Calendar.from_ical(result.stdout).walk("VEVENT")
    assert len(events) == 2 * 7 and len({str(e["uid"]) for e in events}) == 14


def test_a_declined_or_made_ask_is_cancelled_so_calendars_take_it_away(run, tmp_path):
    path = tmp_path / "team.yaml"
    path.write_text(EXAMPLE.read_text())
    before = {str(e["summary"]): e for e in icalendar.Calendar.from_ical(export(run, path)).walk("VEVENT")}
    assert run("log", "local 1031", "Not this year.", "--status", "declined", "--date", "2027-06-01", "--file", path).exit_code == 0
    after = {str(e["summary"]): e for e in icalendar.Calendar.from_ical(export(run, path)).walk("VEVENT")}

    local = "Ask Local 1031, building trades (fictional) — Eli, Through a mutual contact"
    assert str(before[local]["status"]) == "CONFIRMED" and str(after[local]["status"]) == "CANCELLED"
    assert after[local]["uid"] == before[local]["uid"] and int(after[local]["sequence"]) > int(before[local]["sequence"])
    declined = "Ask Elizabeth Interfaith Coalition for Justice (fictional) — Dana, Phone call"
    assert str(after[declined]["status"]) == "CANCELLED" and not after[declined].walk("VALARM")


def test_every_event_to_come_has_a_reminder_the_day_before_in_both_readers(run, tmp_path):
    path = tmp_path / "team.yaml"
    path.write_text(EXAMPLE.read_text())
    text = export(run, path)
    for event in vobject.readOne(text).vevent_list:
        if event.status.value == "CANCELLED":
            continue
        alarm = event.valarm
        assert alarm.action.value == "DISPLAY" and alarm.trigger.value.total_seconds() == -15 * 3600
        assert alarm.description.value == "Tomorrow: " + event.summary.value


def test_the_calendars_name_is_read_whole(run, tmp_path):
    path = tmp_path / "team.yaml"
    path.write_text(EXAMPLE.read_text())
    text = export(run, path)
    name = "Tisha b'Av vigil at the detention center (2027-08-12, Elizabeth, NJ)"
    assert vobject.readOne(text).x_wr_calname.value == name  # unescaped as TEXT, a comma no end
    # icalendar leaves a property it does not know as written: TEXT, its commas escaped, as RFC 5545 types it
    assert str(icalendar.Calendar.from_ical(text)["x-wr-calname"]) == name.replace(",", "\\,")


def test_two_teams_worksheets_of_the_default_name_have_their_own_uids(run, tmp_path):
    uids = []
    for team in ("a", "b"):
        (tmp_path / team).mkdir()
        assert run("init", "--example", tmp_path / team / "worksheet.yaml").exit_code == 0
        uids.append({str(e["uid"]) for e in icalendar.Calendar.from_ical(export(run, tmp_path / team / "worksheet.yaml")).walk("VEVENT")})
    assert uids[0] and not uids[0] & uids[1]
    (tmp_path / "a" / "worksheet.yaml").rename(tmp_path / "a" / "renamed.yaml")  # the id, not the name, makes the UIDs
    assert {str(e["uid"]) for e in icalendar.Calendar.from_ical(export(run, tmp_path / "a" / "renamed.yaml")).walk("VEVENT")} == uids[0]


def test_a_worksheet_from_before_ids_keeps_the_uids_it_had(run, tmp_path):
    """Its calendar was imported with UIDs from the file name: new ones would make copies of every event."""
    import hashlib

    path = tmp_path / "team.yaml"
    path.write_text(EXAMPLE.read_text())
    key = "\0".join(["team.yaml", "action"])
    expected = hashlib.sha256(key.encode()).hexdigest()[:32] + "@partnerkit"
    events = icalendar.Calendar.from_ical(export(run, path)).walk("VEVENT")
    assert expected in {str(e["uid"]) for e in events}


def test_the_calendar_is_what_icalendar_writes_of_it_whole(guide):
    """Each event is written as it is made (a large calendar is not held whole as components): the
    text is the very text icalendar writes of the whole calendar."""
    from partnerkit.present.formats.ics import _event, render
    from partnerkit.present.view import build_view
    from partnerkit.worksheet.store import load

    view = build_view([(EXAMPLE, load(EXAMPLE, guide))], guide)
    text = render(view)
    whole = icalendar.Calendar.from_ical(text)
    assert len(whole.walk("VEVENT")) == len(view.events) > 3
    assert whole.to_ical().decode("utf-8") == text
    stamp = whole.walk("VEVENT")[0].decoded("dtstamp")
    assert [_event(e, stamp, view.reminder).to_ical() for e in view.events] == [e.to_ical() for e in whole.walk("VEVENT")]


# Text a team may write, and what RFC 5545 escapes or folds: no letter n after a backslash, which
# icalendar (not vobject) reads back as a line break whatever the escaping.
PIECES = st.sampled_from(["a", "Zoë", "—", "中文", "😀", "e\u0301", ",", ";", "\\", "^", ":", " ", "\n", "x" * 40, "Ask ", "\\\\,"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.lists(PIECES, min_size=1, max_size=30).map("".join), why=st.lists(PIECES, max_size=60).map("".join))
def test_any_text_reads_back_whole_in_both_readers(guide, name, why):
    from partnerkit.present.formats.ics import render
    from partnerkit.present.view import build_view
    from partnerkit.worksheet.model import Action, Ask, Partner, Worksheet

    partner = Partner(organization=name.strip() or "a", why=why or None, ask=Ask(who=name, how="email", when=date(2027, 6, 1)))
    worksheet = Worksheet.empty(guide).with_partners("jewish", (partner,))
    worksheet = replace(worksheet, action=Action(name, date(2027, 8, 12), why or None), id="w")
    view = build_view([(Path("team.yaml"), worksheet)], guide)
    text = render(view)
    raw = text.encode("utf-8")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")) and b"\n" not in raw.replace(b"\r\n", b"")
    expected = {(e.summary, e.description) for e in view.events}
    both = vobject.readOne(text).vevent_list
    assert {(e.summary.value, e.description.value if hasattr(e, "description") else "") for e in both} == expected
    events = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert {(str(e["summary"]), str(e.get("description", ""))) for e in events} == expected
    assert vobject.readOne(text).x_wr_calname.value == view.title
