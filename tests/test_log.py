"""`partnerkit log`: one entry added where it goes, every other byte of the file kept."""

from __future__ import annotations

import difflib
import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerkit.errors import UsageError
from partnerkit.tracking.log import find_partner, record_in_file
from partnerkit.worksheet.model import Flag, LogEntry, Status
from partnerkit.worksheet.store import load as load_worksheet
from partnerkit.worksheet.store import save
from test_worksheet_file import dates, maybe_text, worksheets

FIXTURES = Path(__file__).parent / "fixtures"
HANDMADE = FIXTURES / "handmade.yaml"


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "team.yaml"
    path.write_bytes(HANDMADE.read_bytes())
    return path


def changes(before: bytes, after: bytes) -> list[str]:
    """The diff's changed lines, each '-' or '+' and the line."""
    diff = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_an_entry_changes_only_its_own_lines(run, sheet):
    before = sheet.read_bytes()
    result = run("log", "cosecha", "Called their organizer; they'll discuss it Thursday.", "--status", "asked",
                 "--by", "Ana", "--date", "2027-06-02", "--follow-up", "2027-06-10", "--file", sheet)
    assert result.exit_code == 0, result.output
    assert changes(before, sheet.read_bytes()) == [
        "-version: 1",
        "+version: 2",
        "-    status: planned   # ask early!",
        "+    status: asked   # ask early!",
        "+    follow_up: 2027-06-10",
        "+    log:",
        "+    - date: 2027-06-02",
        "+      by: Ana",
        "+      note: Called their organizer; they'll discuss it Thursday.",
        "+      status: asked",
    ]
    assert "format 1; it is now format 2" in result.stderr
    partner = load_worksheet(sheet, load_guide_for_tests()).partners["immigrant-led"][0]
    assert partner.status is Status.ASKED and partner.follow_up == date(2027, 6, 10)
    assert partner.log == (LogEntry(date(2027, 6, 2), "Ana", "Called their organizer; they'll discuss it Thursday.", Status.ASKED),)


def load_guide_for_tests():
    from partnerkit.guide.loading import load_guide

    return load_guide()


def test_an_entry_follows_the_existing_log_and_its_indentation(run, sheet):
    run("log", "beth", "first", "--date", "2027-06-01", "--file", sheet)
    before = sheet.read_bytes()
    result = run("log", "beth tikvah", "Choir confirmed for Eicha.", "--by", "Rachel", "--date", "2027-06-09", "--file", sheet)
    assert result.exit_code == 0, result.output
    assert changes(before, sheet.read_bytes()) == [
        "+              -   date: 2027-06-09",
        "+                  by: Rachel",
        "+                  note: Choir confirmed for Eicha.",
    ]
    text = sheet.read_text()
    assert text.index("note: first") < text.index("Choir confirmed") < text.index("# trailing comment inside the partner")


def test_a_partner_without_status_gets_its_keys_after_its_last_line(run, sheet):
    before = sheet.read_bytes()
    result = run("log", "unidos", "Left a voicemail.", "--status", "asked", "--date", "2027-06-03", "--file", sheet)
    assert result.exit_code == 0, result.output
    after = sheet.read_bytes()
    assert changes(before, after)[2:] == [
        "+    status: asked",
        "+    log:",
        "+    - date: 2027-06-03",
        "+      note: Left a voicemail.",
        "+      status: asked",
    ]
    assert b"    notes: Met at May Day.  # keep this comment\n    status: asked\n" in after


def test_a_flag_and_how_it_was_addressed(run, sheet, guide):
    flagged = run("log", "cosecha", "A vigil at the gate could bring retribution on detainees.", "--flag", "harm",
                  "--date", "2027-06-09", "--file", sheet)
    assert flagged.exit_code == 0, flagged.output
    partner = load_worksheet(sheet, guide).partners["immigrant-led"][0]
    assert [e.flag for e in partner.open_flags()] == [Flag.HARM]
    assert "What would make us stop and rethink the plan?" in flagged.stdout  # the moment's question, unanswered
    addressed = run("log", "cosecha", "We moved the vigil to the church; they agree.", "--addressed", "harm",
                    "--date", "2027-06-12", "--file", sheet)
    assert addressed.exit_code == 0, addressed.output
    assert load_worksheet(sheet, guide).partners["immigrant-led"][0].open_flags() == []
    again = run("log", "cosecha", "again", "--addressed", "harm", "--file", sheet)
    assert again.exit_code == 2 and "no open harm flag" in again.stderr


def test_a_decline_shows_the_tip_and_the_teams_own_answer(run, sheet):
    result = run("log", "unidos", "Not this year.", "--status", "declined", "--file", sheet)
    assert result.exit_code == 0, result.output
    assert "Not every partner will click" in result.stdout
    assert "Thank them, and ask how we can support their work." in result.stdout


@pytest.mark.parametrize("columns", ["80", "50"])
def test_the_teams_answer_is_titled_by_its_whole_question(run, sheet, monkeypatch, columns):
    """A question too long for the panel's border is written above the answer, never cut off."""
    monkeypatch.setenv("COLUMNS", columns)
    result = run("log", "unidos", "Not this year.", "--status", "declined", "--file", sheet)
    flat = " ".join(result.stdout.replace("│", " ").split())
    assert "Your team's answer to: If a partner declines, how will we respond and keep the door open? Thank them" in flat
    assert "…" not in result.stdout


def test_a_late_ask_shows_the_reach_out_early_tip(run, sheet):
    result = run("log", "unidos", "Asked.", "--status", "asked", "--date", "2027-08-01", "--file", sheet)
    shown = " ".join(result.stdout.split())
    assert "leaves only 11 days before the action" in shown
    assert "Make your outreach list" in shown


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Unidoz", 'no partner matches \'Unidoz\' (did you mean "Unidos en la Lucha"?)'),
        ("nobody at all", "no partner matches 'nobody at all'"),
        ("c", "'c' matches 2 partners: Movimiento Cosecha NJ (immigrant-led); Congregation Beth Tikvah (jewish)"),
    ],
)
def test_a_name_that_is_not_one_partner_writes_nothing(run, sheet, name, message):
    before = sheet.read_bytes()
    result = run("log", name, "a note", "--file", sheet)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "nothing was written" in result.stderr
    assert sheet.read_bytes() == before


@pytest.mark.parametrize(
    ("query", "expected"),
    [("cosecha", "Movimiento Cosecha NJ"), ("  MOVIMIENTO   cosecha ", "Movimiento Cosecha NJ"), ("tikv", "Congregation Beth Tikvah"),
     ("unidos en la lucha", "Unidos en la Lucha"), ("la luc", "Unidos en la Lucha")],
)
def test_names_match_by_prefix_of_the_name_or_a_word(guide, query, expected):
    worksheet = load_worksheet(HANDMADE, guide)
    assert find_partner(worksheet, query)[2].organization == expected


def test_an_exact_name_wins_over_a_longer_one(guide, tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text("version: 2\npartners:\n  jewish:\n  - organization: Beth\n  - organization: Beth Tikvah\n")
    assert find_partner(load_worksheet(path, guide), "beth")[2].organization == "Beth"
    with pytest.raises(UsageError):
        find_partner(load_worksheet(path, guide), "bet")


def test_a_file_changed_meanwhile_is_not_replaced(sheet, guide, monkeypatch):
    import partnerkit.tracking.log as tracking
    import partnerkit.worksheet.store as store

    real = store.read_bytes
    calls = []

    def someone_saves(path, **options):
        calls.append(path)
        if len(calls) == 2:  # the check just before writing: a teammate saved in between
            path.write_text(path.read_text() + "# theirs\n")
        return real(path, **options)

    monkeypatch.setattr(store, "read_bytes", someone_saves)
    entry = LogEntry(date(2027, 6, 2), note="x")
    with pytest.raises(store.PartnerkitError, match="changed while"):
        tracking.record_in_file(sheet, guide, "cosecha", entry)
    assert sheet.read_text().endswith("# theirs\n") and "note: x" not in sheet.read_text()


def test_an_invalid_file_is_reported_and_left_alone(run, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("version: 2\npartners:\n  jewsh: []\n")
    result = run("log", "x", "note", "--file", path)
    assert result.exit_code == 1
    assert f"{path}:3:3: partners: unknown category 'jewsh'" in result.stderr
    assert path.read_text() == "version: 2\npartners:\n  jewsh: []\n"


def test_a_flow_style_partner_is_refused_with_a_way_out(run, tmp_path):
    path = tmp_path / "flow.yaml"
    text = "version: 2\npartners:\n  jewish:\n  - {organization: Beth, status: planned}\n"
    path.write_text(text)
    result = run("log", "beth", "note", "--file", path)
    assert result.exit_code == 1 and "flow style" in result.stderr and "block style" in result.stderr
    assert path.read_text() == text


def test_crlf_files_without_a_final_newline_keep_their_line_ends(run, tmp_path, guide):
    path = tmp_path / "crlf.yaml"
    path.write_bytes(b"version: 2\r\npartners:\r\n  jewish:\r\n    - organization: Beth\r\n      status: planned")
    result = run("log", "beth", "Said yes.", "--status", "agreed", "--date", "2027-06-01", "--file", path)
    assert result.exit_code == 0, result.output
    data = path.read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert data.startswith(b"version: 2\r\npartners:\r\n  jewish:\r\n    - organization: Beth\r\n      status: agreed\r\n      log:\r\n")
    assert load_worksheet(path, guide).partners["jewish"][0].log[0].note == "Said yes."


def test_a_byte_order_mark_is_kept(run, sheet, tmp_path):
    """Some Windows editors start a file with a byte-order mark: the entry goes in as it would
    without one, and the mark stays."""
    marked = tmp_path / "marked.yaml"
    marked.write_bytes(b"\xef\xbb\xbf" + sheet.read_bytes())

    for path in (sheet, marked):
        assert run("log", "cosecha", "Said yes.", "--date", "2027-06-01", "--file", path).exit_code == 0

    assert marked.read_bytes() == b"\xef\xbb\xbf" + sheet.read_bytes()


def test_a_note_with_lines_and_quotes_reads_back_exactly(run, sheet, guide):
    note = "They said: \"not now\".\n# not a comment\n- nor a list"
    assert run("log", "cosecha", note, "--file", sheet).exit_code == 0
    assert load_worksheet(sheet, guide).partners["immigrant-led"][0].log[-1].note == note


@pytest.mark.parametrize("args", [("--status", "asked"), (), ("",), ("  ", "--status", "agreed")])
def test_an_entry_without_a_note_is_refused_where_no_one_can_be_asked(run, sheet, args):
    """`log ORG --status asked </dev/null` writes nothing: every entry says what happened."""
    before = sheet.read_bytes()
    result = run("log", "cosecha", *args, "--file", sheet, input="")
    assert result.exit_code == 2 and "every entry says what happened" in result.stderr
    assert 'partnerkit log cosecha "what happened"' in result.stderr
    assert sheet.read_bytes() == before


def test_log_keeps_the_files_permissions(run, sheet):
    os.chmod(sheet, 0o640)
    assert run("log", "cosecha", "x", "--file", sheet).exit_code == 0
    assert sheet.stat().st_mode & 0o777 == 0o640


# --- property: any valid worksheet takes any entry, and nothing else changes -----------------

entries = st.builds(LogEntry, date=dates, by=maybe_text, note=maybe_text, status=st.none() | st.sampled_from(Status),
                    flag=st.none() | st.just(Flag.HARM))


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_worksheet_takes_any_entry_changing_only_its_lines(tmp_path, guide, data):
    worksheet = data.draw(worksheets(guide))
    everyone = worksheet.all_partners()
    if not everyone:
        return
    cid, target = data.draw(st.sampled_from(everyone))
    unique = f"Zz target {data.draw(st.integers(0, 10**6))}"
    history = tuple(data.draw(st.lists(entries, max_size=2)))
    partners = tuple(replace(p, organization=unique, log=history) if p is target else p for p in worksheet.partners[cid])
    worksheet = worksheet.with_partners(cid, partners)
    path = tmp_path / "w.yaml"
    save(path, worksheet, guide)
    before = path.read_bytes()
    entry = data.draw(entries)
    follow_up = data.draw(st.none() | dates)
    record_in_file(path, guide, unique.lower(), entry, follow_up)
    logged = load_worksheet(path, guide)
    found = next(p for p in logged.partners[cid] if p.organization == unique)
    place = max((i + 1 for i, e in enumerate(history) if e.date <= entry.date), default=0)  # by date: after its day's
    assert found.log == (*history[:place], entry, *history[place:])
    sets_status = entry.status is not None and not any(e.status for e in history[place:])  # a later one stands
    assert found.status == (entry.status if sets_status else target.status)
    answer = sets_status and entry.status in (Status.AGREED, Status.DECLINED)
    assert found.follow_up == (follow_up or (None if answer else target.follow_up))  # an answer ends the wait
    removed = [line for line in changes(before, path.read_bytes()) if line.startswith("-")]
    assert all(line.lstrip("-").lstrip().startswith(("status:", "follow_up:")) for line in removed), removed


@pytest.mark.parametrize("empty", ["log:", "log: []", "log: ~"])
def test_an_empty_log_takes_the_first_entry(run, tmp_path, guide, empty):
    path = tmp_path / "w.yaml"
    path.write_text(f"version: 2\npartners:\n  jewish:\n  - organization: Beth\n    {empty}  # none yet\n    notes: x\n")
    assert run("log", "beth", "First.", "--date", "2027-06-01", "--file", path).exit_code == 0
    assert path.read_text() == "version: 2\npartners:\n  jewish:\n  - organization: Beth\n    log:  # none yet\n    - date: 2027-06-01\n      note: First.\n    notes: x\n"
    assert load_worksheet(path, guide).partners["jewish"][0].log[0].note == "First."


def test_names_from_the_file_cannot_drive_the_terminal(run, tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text('version: 2\npartners:\n  jewish:\n  - organization: "Beth\\e]0;pwned\\a"\n  - organization: "Beth\\u202eTikvah"\n')
    ambiguous = run("log", "beth", "x", "--file", path)
    logged = run("log", "beth\u202etik", "x", "--file", path)
    for output in (ambiguous.stderr, logged.stdout):
        assert "\x1b" not in output and "\x07" not in output and "\u202e" not in output
    assert "Beth\\x1b]0;pwned\\x07" in ambiguous.stderr
    assert "Logged for Beth<U+202E>Tikvah" in logged.stdout


def test_a_read_only_worksheet_is_written_only_with_force(run, sheet):
    os.chmod(sheet, 0o444)
    before = sheet.read_bytes()
    refused = run("log", "cosecha", "x", "--file", sheet)
    assert refused.exit_code == 1 and "read-only" in refused.stderr and "--force" in refused.stderr
    assert sheet.read_bytes() == before
    assert run("log", "cosecha", "x", "--file", sheet, "--force").exit_code == 0
    assert "note: x" in sheet.read_text() and sheet.stat().st_mode & 0o777 == 0o444
