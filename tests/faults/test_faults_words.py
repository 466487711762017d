"""No traceback, and no message that blames the wrong thing: the calendar's last days, positions as
an editor shows them, hints that name what works, and a file named twice counted once.
"""

from __future__ import annotations

import os
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from partnerkit.guide.model import Kind, Question
from partnerkit.interview.flow import Interview
from partnerkit.worksheet.model import Action, Ask, Partner, Status, Worksheet
from support import EXAMPLE, partnerkit

LAST_DAYS = """\
version: 2
action:
  name: Vigil
  date: 9999-12-31
partners:
  immigrant-led:
    - organization: Unidos
      why: court watch
      ask:
        when: 9999-12-31
      follow_up: 9999-12-31
      log:
        - date: 9999-12-30
          note: called
    - organization: Dream Network
      why: youth
      status: asked
      log:
        - date: 9999-12-30
          note: emailed
"""


def no_traceback(result) -> str:
    text = (result.stdout + result.stderr).decode()
    assert "Traceback" not in text and "Error:" not in text, text
    return text


# --- the calendar's last days -----------------------------------------------------------------


@pytest.mark.parametrize("command", [["check"], ["agenda"], ["agenda", "--today", "9999-12-31"], ["show", "-f", "ics"], ["show", "-f", "html"]], ids=" ".join)
def test_dates_at_the_end_of_the_calendar_are_no_traceback(tmp_path, command):
    sheet = tmp_path / "late.yaml"
    sheet.write_text(LAST_DAYS)
    result = partnerkit(*command, sheet)
    assert result.returncode == 0
    no_traceback(result)


def test_an_event_on_the_calendars_last_day_is_a_day_long(tmp_path):
    import icalendar

    sheet = tmp_path / "late.yaml"
    sheet.write_text(LAST_DAYS)
    calendar = icalendar.Calendar.from_ical(partnerkit("show", "-f", "ics", sheet).stdout)
    events = list(calendar.walk("VEVENT"))
    assert {e.decoded("dtstart") for e in events} == {date.max}
    assert all("DTEND" not in e for e in events)  # RFC 5545: a DATE start and no end lasts that day


def test_an_answer_awaited_past_the_calendars_end_is_due_on_its_last_day():
    partner = Partner("Dream Network", status=Status.ASKED, ask=Ask(when=date(9999, 12, 30)))
    assert partner.follow_up_due(3650) == date.max


def test_a_suggested_date_before_the_calendars_start_is_no_suggestion(guide):
    interview = Interview(guide, prompter=None)  # type: ignore[arg-type]
    interview.sheet = Worksheet(partners=interview.sheet.partners, action=Action(date=date(1, 1, 5)))
    assert interview.suggested_date(Question("by", "By when?", kind=Kind.DATE, suggest="lead-days")) is None


def test_a_draft_saved_past_the_calendars_end_still_offers_to_resume(tmp_path, monkeypatch):
    from partnerkit.interview import drafts

    draft = drafts.Draft(tmp_path / "team.yaml")
    draft.save([("text", "q", "a")])

    class Late(datetime):
        @classmethod
        def fromtimestamp(cls, stamp, tz=None):
            raise ValueError("year 33658 is out of range")

    monkeypatch.setattr(drafts, "datetime", Late)
    assert draft.saved_at() == "?"


def test_a_guides_days_past_ten_years_are_refused_where_they_are(tmp_path):
    folder = tmp_path / "guide"
    folder.mkdir()
    (folder / "tracking.yaml").write_text((Path(EXAMPLE).parent / "tracking.yaml").read_text().replace("follow_up_days: 7", "follow_up_days: 3000000"))
    result = partnerkit("check", EXAMPLE, "--guide", folder)
    assert result.returncode == 1
    assert f"{folder / 'tracking.yaml'}:" in no_traceback(result) and "follow_up_days: must be from 0 to 3650 days" in result.stderr.decode()


# --- positions as an editor shows them; messages about the tool's own text --------------------


def test_unicode_line_breaks_do_not_shift_the_lines_reported(tmp_path):
    sheet = tmp_path / "w.yaml"
    sheet.write_text(
        'version: 2\naction:\n  name: "a\u2028b\u2029c\x85d"\n  bogus: 1\npartners:\n  immigrant-led:\n'
        '    - organization: "Org\u2028One"\n      why: x\n    - organization: Org Two\n'
    )
    text = partnerkit("check", sheet).stdout.decode()
    assert f"{sheet}:4:3: action: unknown key 'bogus'" in text  # YAML counts line 6 there

    sheet.write_text(sheet.read_text().replace("  bogus: 1\n", ""))
    text = partnerkit("check", sheet).stdout.decode()
    assert f"{sheet}:8: warning: Org Two: no why" in text  # the partner's line, as the editor shows it


def test_a_raw_line_separator_that_breaks_the_yaml_is_named(tmp_path):
    sheet = tmp_path / "w.yaml"
    sheet.write_text("version: 2\naction:\n  name: a\u2028b: c\n  place: x\npartners: {}\n")
    text = partnerkit("check", sheet).stdout.decode()
    assert f"{sheet}:4:8:" in text and "line 3 holds U+2028, which YAML reads as a line break" in text


def test_a_key_longer_than_yaml_allows_is_named_as_such(tmp_path):
    sheet = tmp_path / "w.yaml"
    sheet.write_text("version: 2\npartners:\n  immigrant-led:\n    - organization: Org\n      " + "k" * 1100 + ": v\n")
    text = partnerkit("check", sheet).stdout.decode()
    assert f"{sheet}:5:7: invalid YAML: a key longer than 1024 characters" in text and "could not find expected ':'" not in text


def test_a_note_that_is_not_utf8_is_a_usage_error_not_invalid_yaml(tmp_path):
    sheet = tmp_path / "w.yaml"
    shutil.copy(EXAMPLE, sheet)
    result = partnerkit("log", "unidos", b"caf\xe9".decode("utf-8", "surrogateescape"), "--file", sheet)
    assert result.returncode == 2
    assert "error: NOTE holds a byte that is not UTF-8 text (0xE9)" in no_traceback(result)
    assert "invalid YAML" not in result.stderr.decode() and sheet.read_bytes() == EXAMPLE.read_bytes()


def test_lock_to_a_key_that_is_not_utf8_is_a_usage_error(tmp_path):
    sheet = tmp_path / "w.yaml"
    shutil.copy(EXAMPLE, sheet)
    result = partnerkit("lock", sheet, "--to", b"age1\xff".decode("utf-8", "surrogateescape"))
    assert result.returncode == 2 and "--to holds a byte that is not UTF-8" in no_traceback(result)
    assert sheet.exists()


# --- hints that name what works -------------------------------------------------------------------


@pytest.fixture
def locked(tmp_path) -> tuple[Path, Path]:
    key = tmp_path / "key.txt"
    public = partnerkit("key", "new", key).stdout.decode().strip()
    (tmp_path / "public.txt").write_text(public + "\n")
    plain = tmp_path / "team.yaml"
    shutil.copy(EXAMPLE, plain)
    assert partnerkit("lock", plain, "--to", public).returncode == 0
    return tmp_path / "team.yaml.age", key


KEY_COMMANDS = [["show"], ["check"], ["agenda"], ["log", "unidos", "x", "--file"], ["purge", "--yes"], ["edit"], ["show", "-f", "json"]]


@pytest.mark.parametrize("command", KEY_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("given", ["a missing key file", "a public key"])
def test_a_wrong_key_file_gets_a_hint_about_keys(locked, tmp_path, command, given):
    sheet, _key = locked
    identity = tmp_path / ("typo.txt" if given == "a missing key file" else "public.txt")
    before = sheet.read_bytes()
    result = partnerkit(*command, sheet, "-i", identity, env={"EDITOR": "true", "VISUAL": ""})
    text = no_traceback(result)
    assert result.returncode == 1, text
    assert str(identity) in text
    assert "create one with `partnerkit new`" not in text and "partnerkit check FILE lists" not in text
    assert "invalid, 1 error" not in text  # a key file's problem is not the worksheet's
    assert "hint: give your key with --identity FILE" in text or given == "a missing key file"
    assert sheet.read_bytes() == before


def test_an_output_in_a_missing_folder_is_not_told_to_create_a_worksheet(tmp_path):
    result = partnerkit("show", "-f", "csv", "-o", tmp_path / "no" / "out.csv", EXAMPLE)
    text = no_traceback(result)
    assert result.returncode == 1 and "cannot write in" in text and "create one with" not in text


def test_a_missing_worksheet_is_still_told_how_to_create_one(tmp_path):
    for command in (["show"], ["agenda"], ["edit"], ["purge", "--yes"], ["log", "x", "y", "--file"]):
        result = partnerkit(*command, tmp_path / "missing.yaml")
        assert "hint: create one with `partnerkit new`" in no_traceback(result), command


# --- the same file named twice is one file ---------------------------------------------------------


@pytest.fixture
def named_twice(tmp_path) -> dict[str, list[Path]]:
    sheet = tmp_path / "team.yaml"
    shutil.copy(EXAMPLE, sheet)
    (tmp_path / "link.yaml").symlink_to(sheet)
    os.link(sheet, tmp_path / "hard.yaml")
    return {"repeated": [sheet, sheet], "through a link": [sheet, tmp_path / "link.yaml"], "another hard link": [sheet, tmp_path / "hard.yaml"]}


@pytest.mark.parametrize("how", ["repeated", "through a link", "another hard link"])
def test_the_same_worksheet_named_twice_to_agenda_is_read_once(named_twice, how):
    once = partnerkit("agenda", "--today", "2027-06-08", "-f", "json", EXAMPLE)
    twice = partnerkit("agenda", "--today", "2027-06-08", "-f", "json", *named_twice[how])
    assert twice.returncode == 0
    assert twice.stdout == once.stdout  # no "more than one team plans to ask", counts not doubled
    assert b"read once" in twice.stderr


@pytest.mark.parametrize("fmt", ["csv", "ics", "json"])
def test_the_same_worksheet_named_twice_to_show_is_shown_once(named_twice, fmt):
    once = partnerkit("show", "-f", fmt, named_twice["through a link"][0])
    twice = partnerkit("show", "-f", fmt, *named_twice["through a link"])
    strip = (lambda data: b"\n".join(line for line in data.splitlines() if not line.startswith(b"DTSTAMP"))) if fmt == "ics" else bytes
    assert strip(twice.stdout) == strip(once.stdout)
