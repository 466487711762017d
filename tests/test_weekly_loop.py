"""Issue 17: what `log`, `agenda`, `check`, `undo` and `purge` say must match what happened.

Each test is one promise of the weekly loop, through the real commands: entries in date order, an
answer that ends the wait, dates as people type them, short names, undo, the agenda before, on
and after the action's day, who is one person, and purge only once the action is over.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from partnerkit.worksheet.dates import parse_day
from partnerkit.worksheet.model import Status
from partnerkit.worksheet.store import load as load_worksheet
from support import EXAMPLE

SHEET = """\
version: 2
action:
  name: Vigil
  date: 2027-08-12
partners:
  immigrant-led:
    - organization: Jews For Racial & Economic Justice
      ask:
        who: Dana (knows their lead organizer)
        how: Email
        when: 2027-06-10
      status: asked
      follow_up: 2027-06-12
      log:
        - date: 2027-06-03
          note: Emailed them.
          status: asked
    - organization: Make the Road New Jersey
      ask:
        who: Dana
        when: 2027-06-09
    - organization: Garden State Dream Network
      ask:
        who: Marisol and Dana
        when: after Shabbat services
considerations:
  immigrant-led:
    detainee-safety: Yes — they support the plan as it is
  jewish:
    stretch-to-synagogues: A little — only those we already trust
  interfaith:
    action-size: Medium — plus a few close allies
"""


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "team.yaml"
    path.write_text(SHEET, encoding="utf-8")
    return path


def log(run, sheet: Path, *args: str):
    result = run("log", *args, "--file", sheet)
    assert result.exit_code == 0, result.output
    return result


def sections(run, *args) -> dict[str, list[dict]]:
    result = run("agenda", *map(str, args), "--format", "json")
    assert result.exit_code == 0, result.output
    return {s["kind"]: s["items"] for s in json.loads(result.stdout)["sections"]}


def partner(sheet: Path, guide, name: str):
    return next(p for _, p in load_worksheet(sheet, guide).all_partners() if p.organization.startswith(name))


# --- the log ------------------------------------------------------------------------------------


def test_an_answer_ends_the_wait_and_its_follow_up(run, sheet, guide):
    assert [i["title"] for i in sections(run, sheet, "--today", "2027-06-14")["waiting"]] == ["Jews For Racial & Economic Justice"]
    result = log(run, sheet, "jews for", "They're in.", "--status", "agreed", "--date", "2027-06-13")

    assert "The follow-up of 2027-06-12 is off the agenda: they have agreed." in result.stdout
    assert partner(sheet, guide, "Jews").follow_up is None and "follow_up" not in sheet.read_text()
    assert "waiting" not in sections(run, sheet, "--today", "2027-06-20")
    ics = run("show", "-f", "ics", sheet).stdout
    assert "SUMMARY:Follow up with Jews For Racial & Economic Justice\r\nDTSTART;VALUE=DATE:20270612" not in ics


def test_an_empty_follow_up_takes_it_away_and_a_new_one_after_an_answer_is_a_check_in(run, sheet, guide):
    log(run, sheet, "jews for", "No answer yet; we wait.", "--follow-up", "", "--date", "2027-06-12")
    assert partner(sheet, guide, "Jews").follow_up is None
    log(run, sheet, "jews for", "Yes! Logistics call in a week.", "--status", "agreed", "--follow-up", "2027-06-20", "--date", "2027-06-13")

    agenda = sections(run, sheet, "--today", "2027-06-21")
    assert "waiting" not in agenda  # they answered: nothing is awaited
    assert [i["text"] for i in agenda["check_in"]] == ["agreed; check in 2027-06-20, yesterday"]


def test_a_backdated_entry_takes_its_place_by_date_and_leaves_a_later_status(run, sheet, guide):
    log(run, sheet, "jews for", "They said yes.", "--status", "agreed", "--date", "2027-06-08")
    result = log(run, sheet, "jews for", "Called, no answer.", "--status", "asked", "--date", "2027-06-05")

    assert "Its status stays agreed: a later entry (2027-06-08) set it." in result.stdout
    found = partner(sheet, guide, "Jews")
    assert [e.date for e in found.log] == [date(2027, 6, 3), date(2027, 6, 5), date(2027, 6, 8)]  # in the file too
    assert found.status is Status.AGREED and found.latest.note == "They said yes."
    assert "2027-06-08: They said yes. [agreed]" in run("show", "-f", "csv", sheet).stdout  # the latest by date


def test_an_addressed_flag_must_have_been_raised_before(run, sheet):
    log(run, sheet, "jews for", "They warn of retribution.", "--flag", "harm", "--date", "2027-06-05")
    early = run("log", "jews for", "We changed the plan.", "--addressed", "harm", "--date", "2027-06-04", "--file", sheet)
    assert early.exit_code == 2 and "no open harm flag" in early.stderr
    log(run, sheet, "jews for", "We changed the plan.", "--addressed", "harm", "--date", "2027-06-06")


@pytest.mark.parametrize(("query", "found"), [("jfrej", "Jews For Racial"), ("JFREJ", "Jews For Racial"), ("mrnj", "Make the Road"),
                                               ("gsdn", "Garden State"), ("dream", "Garden State")])
def test_short_names_are_the_initials_of_the_name(run, sheet, guide, query, found):
    result = log(run, sheet, query, "A note.", "--date", "2027-06-05")
    assert f"Logged for {found}" in result.stdout


def test_undo_takes_back_the_last_entry_once_and_only_while_the_file_is_as_log_left_it(run, sheet, guide):
    before = sheet.read_bytes()
    log(run, sheet, "jfrej", "They agreed.", "--status", "agreed", "--date", "2027-06-08")
    result = run("undo", sheet)
    assert result.exit_code == 0, result.output
    assert "Took back the entry of 2027-06-08 for Jews For Racial & Economic Justice" in result.stdout
    assert sheet.read_bytes() == before  # status and follow-up as they were
    again = run("undo", sheet)
    assert again.exit_code == 1 and "no entry to take back" in again.stderr

    log(run, sheet, "jfrej", "They agreed.", "--status", "agreed", "--date", "2027-06-08")
    sheet.write_text(sheet.read_text().replace("Vigil", "Vigil at the gate"))  # an edit by hand since
    changed = run("undo", sheet)
    assert changed.exit_code == 1 and "changed since the last `partnerkit log`" in changed.stderr
    assert "Vigil at the gate" in sheet.read_text() and "They agreed." in sheet.read_text()


def test_undo_reads_the_edits_log_made_and_undo_files_of_versions_1_and_2(run, sheet, tmp_path):
    """The undo file keeps a line of JSON with the edits `log` made, then the text before as it was
    (version 3), not the whole text written again nor escaped into JSON; undo files an older
    partnerkit kept (version 1: both texts in JSON; 2: the text before and the edits) still undo."""
    import json

    before = sheet.read_text()
    log(run, sheet, "jfrej", "They agreed.", "--status", "agreed", "--date", "2027-06-08")
    undo_file = tmp_path / ".team.yaml.undo"
    head, line, rest = undo_file.read_text().partition("\n")
    kept = json.loads(head)
    assert kept["version"] == 3 and line and rest == before and "before" not in kept and "written" not in kept and kept["edits"]
    older = {**{k: v for k, v in kept.items() if k != "edits"}, "version": 1, "before": before, "written": sheet.read_text()}
    undo_file.write_text(json.dumps(older))
    assert run("undo", sheet).exit_code == 0 and sheet.read_text() == before

    log(run, sheet, "jfrej", "They agreed.", "--status", "agreed", "--date", "2027-06-08")
    head, _line, rest = undo_file.read_text().partition("\n")
    undo_file.write_text(json.dumps({**json.loads(head), "version": 2, "before": rest}))
    assert run("undo", sheet).exit_code == 0 and sheet.read_text() == before

    log(run, sheet, "jfrej", "They agreed.", "--status", "agreed", "--date", "2027-06-08")
    head, _line, rest = undo_file.read_text().partition("\n")
    for edits in ([[1, 5, "x"], [3, 4, "y"]], [["a", 1, "x"]], "not a list"):  # tampered with: overlapping, not numbers
        undo_file.write_text(json.dumps({**json.loads(head), "edits": edits}) + "\n" + rest)
        result = run("undo", sheet)
        assert result.exit_code == 1 and "not an undo file partnerkit can read" in result.stderr, result.stderr
    undo_file.write_text(json.dumps({**json.loads(head), "version": 2}) + "\n" + rest)  # an older version with a text after it
    assert run("undo", sheet).exit_code == 1
    assert "They agreed." in sheet.read_text()


def test_a_read_only_undo_place_or_a_planted_link_never_fails_the_entry(run, sheet, tmp_path):
    (tmp_path / ".team.yaml.undo").symlink_to(tmp_path / "elsewhere")
    log(run, sheet, "jfrej", "Noted.", "--date", "2027-06-05")
    assert not (tmp_path / "elsewhere").exists()  # only partnerkit writes an undo file: a link is not followed
    assert run("undo", sheet).exit_code == 1


# --- dates as people type them -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("2027-06-03", date(2026, 12, 5), date(2027, 6, 3)),
        ("June 3", date(2027, 5, 20), date(2027, 6, 3)),
        ("3 June", date(2027, 5, 20), date(2027, 6, 3)),
        ("Jun 3rd", date(2027, 5, 20), date(2027, 6, 3)),
        ("june 3, 2028", date(2027, 5, 20), date(2028, 6, 3)),
        ("Sept 9", date(2027, 5, 20), date(2027, 9, 9)),
        ("January 5", date(2026, 12, 28), date(2027, 1, 5)),  # the nearest: next month
        ("December 28", date(2027, 1, 5), date(2026, 12, 28)),  # the nearest: last month
        ("today", date(2027, 6, 1), date(2027, 6, 1)),
        ("Tomorrow", date(2027, 6, 1), date(2027, 6, 2)),
        ("yesterday", date(2027, 6, 1), date(2027, 5, 31)),
        ("after Shabbat services", date(2027, 6, 1), None),
        ("after the June 5 meeting", date(2027, 6, 1), None),
        ("Ju 3", date(2027, 6, 1), None),  # June or July: not a month
    ],
)
def test_dates_as_people_type_them(text, today, expected):
    assert parse_day(text, today) == expected


@pytest.mark.parametrize("text", ["2027-02-30", "June 31", "February 29 2027"])
def test_a_day_that_does_not_exist_is_refused(text):
    with pytest.raises(ValueError):
        parse_day(text, date(2027, 6, 1))


def test_every_date_option_takes_words_and_says_what_it_takes(run, sheet, guide):
    log(run, sheet, "mrnj", "Asked.", "--status", "asked", "--date", "June 9 2027", "--follow-up", "June 16")
    found = partner(sheet, guide, "Make the Road")
    assert found.log[-1].date == date(2027, 6, 9) and found.follow_up == date(2027, 6, 16)  # the June 16 nearest the entry
    assert "Make the Road New Jersey" in [i["title"] for i in sections(run, sheet, "--today", "16 June 2027")["waiting"]]
    bad = run("agenda", sheet, "--today", "Juneteenth")
    assert bad.exit_code == 2 and "'Juneteenth' is not a date" in bad.stderr
    checked = run("check", sheet, "--today", "2027-06-30")
    assert "Make the Road New Jersey: the follow-up was due on 2027-06-16" in checked.stdout


def test_check_points_at_an_ask_dated_in_words(run, sheet):
    sheet.write_text(sheet.read_text().replace("when: after Shabbat services", "when: June 14"))
    result = run("check", sheet, "--today", "2027-06-01")
    assert "Garden State Dream Network: the ask's date is written as words, 'June 14', so neither the agenda nor the calendar sees it; write it as 2027-06-14" in result.stdout


# --- the agenda -----------------------------------------------------------------------------------


def test_an_ask_planned_in_words_is_on_the_agenda_until_it_is_made(run, sheet):
    for today in ("2027-06-01", "2027-08-11"):  # the day before the action, too
        undated = sections(run, sheet, "--today", today)["undated"]
        assert [(i["title"], i["text"]) for i in undated] == [
            ("Garden State Dream Network", "planned “after Shabbat services” (Marisol and Dana, no one yet)")
        ]
    log(run, sheet, "dream", "Asked after services.", "--status", "asked", "--date", "2027-06-05")
    assert "undated" not in sections(run, sheet, "--today", "2027-06-06")


def test_who_is_the_person_without_remarks(run, sheet):
    sheet.write_text(sheet.read_text().replace("status: asked\n      follow_up", "status: planned\n      follow_up"))
    due = sections(run, sheet, "--today", "2027-06-05", "--days", "10")["due"]
    assert [(i["who"], i["title"]) for i in due] == [("Dana", "Make the Road New Jersey"), ("Dana", "Jews For Racial & Economic Justice")]
    text = run("agenda", sheet, "--today", "2027-06-05", "--days", "10").stdout
    assert text.count("  Dana\n") == 1  # one person, one group
    mine = sections(run, sheet, "--today", "2027-06-05", "--days", "10", "--who", "DANA")
    assert len(mine["due"]) == 2 and [i["title"] for i in mine["undated"]] == ["Garden State Dream Network"]  # with Marisol


def test_days_in_words(run, sheet):
    due = sections(run, sheet, "--today", "2027-06-08", "--days", "3")["due"]
    assert [i["text"] for i in due] == ["2027-06-09, tomorrow (no one yet)"]
    due = sections(run, sheet, "--today", "2027-06-09", "--days", "3")["due"]
    assert [i["text"] for i in due] == ["2027-06-09, today (no one yet)"]
    overdue = sections(run, sheet, "--today", "2027-06-10")["overdue"]
    assert [i["text"] for i in overdue] == ["planned for 2027-06-09, yesterday (Dana, no one yet)"]
    assert "1 days" not in run("agenda", sheet, "--today", "2027-08-11").stdout


def test_after_the_action_only_the_purge_is_left(run, sheet):
    result = run("agenda", sheet, "--today", "2027-08-20", "--format", "json")
    data = json.loads(result.stdout)
    assert data["countdowns"] == ["Vigil was 8 days ago (2027-08-12)"]
    assert [s["kind"] for s in data["sections"]] == ["after"]
    assert "-8 days" not in result.stdout
    (item,) = data["sections"][0]["items"]
    assert item["title"] == "Vigil" and f"partnerkit purge {sheet}" in item["text"]


def test_a_piped_agenda_has_no_padding(run, worked_example):
    path = worked_example([("unidos", "They warn a vigil at the gate could bring retribution on the people detained inside, all of them.",
                            "--flag", "harm", "--date", "2027-05-27")])
    text = run("agenda", path, "--today", "2027-06-08", "--days", "45").stdout
    assert text.splitlines() and all(line == line.rstrip() for line in text.splitlines())
    assert max(map(len, text.splitlines())) <= 80
    assert "    detained inside, all of them." in text or "detained inside, all of them." in text


# --- check, redaction and purge -------------------------------------------------------------------


def test_a_redacted_copy_calls_answered_questions_withheld_not_open(run, tmp_path):
    path = tmp_path / "team.yaml"
    path.write_text(EXAMPLE.read_text())
    for fmt in ("markdown", "html", "json"):
        shown = run("show", path, "--redact", "-f", fmt).stdout
        assert "not answered yet — Have our immigrant partners" not in shown, fmt
        assert "(withheld)" in shown, fmt
    agenda = run("agenda", path, "--redact", "--today", "2027-06-01", "--format", "json").stdout
    assert "judgement" not in [s["kind"] for s in json.loads(agenda)["sections"]]


def test_purge_waits_for_the_action_and_leaves_nothing_to_nag_about(run, tmp_path, guide):
    path = tmp_path / "team.yaml"
    path.write_text(EXAMPLE.read_text())
    early = run("purge", path, "--yes", "--today", "2027-04-01")
    assert early.exit_code == 1 and "the action is on 2027-08-12, in 133 days" in early.stderr and "--force" in early.stderr
    assert path.read_text() == EXAMPLE.read_text()

    result = run("purge", path, "--yes", "--today", "2027-08-12")
    assert result.exit_code == 0, result.output
    assert "Congregation Beth Tikvah (fictional): why: may name Naomi, so it goes too" in result.stderr
    purged = load_worksheet(path, guide)
    assert purged.purged == date(2027, 8, 12) and "Naomi" not in path.read_text()
    for today in ("2027-06-01", "2027-09-01"):
        checked = run("check", path, "--today", today)
        assert checked.exit_code == 0 and "no warnings" in checked.stdout, checked.stdout
    shown = run("show", path, "-f", "markdown").stdout
    assert "Still open" not in shown and "not answered yet" not in shown
    assert json.loads(run("agenda", path, "--format", "json", "--today", "2027-08-13").stdout)["sections"] == []


def test_a_name_after_a_title_or_a_teammates_name_is_not_kept(run, tmp_path, guide):
    path = tmp_path / "team.yaml"
    path.write_text(EXAMPLE.read_text().replace("follow their strategy.", "follow their strategy; Rabbi Miriam is a member.")
                    .replace("Secular Yiddishists", "Eli's friends, secular Yiddishists"))
    result = run("purge", path, "--yes", "--force")
    assert result.exit_code == 0, result.output
    text = path.read_text()
    assert "Miriam" not in text and not re.search(r"\bEli\b", text)
    assert "Clergy from five faiths" in text  # a why that names no one is kept


def test_purge_and_the_json_export_keep_a_why_left_empty_on_purpose(run, sheet, guide):
    sheet.write_text(sheet.read_text().replace("    - organization: Make the Road New Jersey\n",
                                               "    - organization: Make the Road New Jersey\n      why: \"\"\n"))
    assert json.loads(run("show", "-f", "json", sheet).stdout)["partners"]["immigrant-led"][1]["why"] == ""
    assert run("purge", sheet, "--yes", "--force").exit_code == 0
    assert "why: ''" in sheet.read_text()


# --- the format ----------------------------------------------------------------------------------


def test_init_example_is_the_current_format_with_its_own_id(run, tmp_path, guide):
    for name in ("a.yaml", "b.yaml"):
        assert run("init", "--example", tmp_path / name).exit_code == 0
    a, b = (load_worksheet(tmp_path / name, guide) for name in ("a.yaml", "b.yaml"))
    assert a.id and b.id and a.id != b.id
    version, id_line = (tmp_path / "a.yaml").read_text().splitlines()[5:7]
    assert version == "version: 3" and id_line.startswith(f"id: {a.id}  # ")
    result = run("log", "unidos", "Called.", "--file", tmp_path / "a.yaml", "--date", "2027-05-21")
    assert "format" not in result.output  # nothing to upgrade


@pytest.mark.parametrize("made", ["init", "init --example", "new --from"])
@pytest.mark.parametrize("drawn", ["1234567890123456", "0123456701234567", "1e10"])
def test_a_new_id_that_yaml_would_read_as_a_number_stays_text(run, keyboard, tmp_path, guide, monkeypatch, made, drawn):
    """Ids are random hex; one in some two thousand is all digits, which YAML reads as a number: the
    file is written so that it reads back, the id as drawn (it was refused: init and new failed)."""
    from interview_keys import enter_through_example

    monkeypatch.setattr("secrets.token_hex", lambda _size: drawn)  # new_id imports secrets when it runs
    sheet = tmp_path / "team.yaml"
    if made == "new --from":
        assert run("init", "--example", tmp_path / "example.yaml").exit_code == 0
        result = keyboard(sheet, "--from", tmp_path / "example.yaml", keys=enter_through_example())
    else:
        result = run(*made.split(), sheet)
    assert result.exit_code == 0, result.output
    assert load_worksheet(sheet, guide).id == drawn


def test_a_format_2_worksheet_stays_format_2(run, sheet):
    log(run, sheet, "jfrej", "Called.", "--date", "2027-06-05")
    assert sheet.read_text().startswith("version: 2\n")  # older partnerkit still reads it


def test_older_worksheets_are_upgraded_only_as_far_as_they_need(run, tmp_path):
    path = tmp_path / "old.yaml"
    path.write_text("version: 1\npartners:\n  jewish:\n  - organization: Beth\n")
    result = run("log", "beth", "Called.", "--file", path, "--date", "2027-06-05")
    assert "was worksheet format 1; it is now format 2" in result.stderr
    assert path.read_text().startswith("version: 2\n")
