"""The history (log, follow_up) is the most sensitive part: redaction, purge and encryption cover it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerkit.files.age import Keyring
from partnerkit.present.formats import SHOW_FORMATS, render
from partnerkit.present.view import build_view
from partnerkit.worksheet.model import Ask, Flag, LogEntry, Partner, Status, Worksheet
from partnerkit.worksheet.privacy import purge, redact
from partnerkit.worksheet.store import load as load_worksheet
from partnerkit.worksheet.store import plaintext

MARK = "☃"


@pytest.fixture
def worked(worked_example) -> Path:
    """The example worksheet after a few weeks of work, its notes naming people."""
    return worked_example([
        ("unidos", "Called Marisol at home.", "--by", "Dana", "--date", "2027-05-20"),
        ("unidos", "Marisol warns a vigil at the gate could bring retribution.", "--flag", "harm", "--date", "2027-05-27"),
        ("beth tikvah", "Rabbi Yael confirmed the choir.", "--date", "2027-05-28", "--follow-up", "2027-06-01"),
    ])


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_agenda_redact_leaves_out_names_and_notes_but_keeps_the_flag(run, worked, fmt):
    result = run("agenda", worked, "--redact", "--today", "2027-06-08", "--days", "45", "-f", fmt)

    assert result.exit_code == 0, result.output
    for private in ("Marisol", "Dana", "Yael", "retribution"):
        assert private not in result.stdout, private
    assert "Unidos en la Lucha" in result.stdout  # the flag is still on the agenda, without its words
    if fmt == "json":
        json.loads(result.stdout)


def test_agenda_who_and_redact_together_is_a_usage_error(run, worked):
    result = run("agenda", worked, "--redact", "--who", "Dana")

    assert result.exit_code == 2
    assert "--redact withholds" in result.stderr


def test_show_redact_leaves_out_the_history(run, worked):
    for fmt in ("markdown", "html", "csv", "json"):
        result = run("show", worked, "--redact", "-f", fmt)
        assert result.exit_code == 0, result.output
        for private in ("Marisol", "Dana", "Yael"):
            assert private not in result.stdout, (fmt, private)


def test_purge_drops_history_and_follow_ups(run, worked, guide):
    assert run("purge", worked, "--yes", "--today", "2027-08-13").exit_code == 0

    purged = load_worksheet(worked, guide)
    assert all(p.log == () and p.follow_up is None for _, p in purged.all_partners())
    assert "Marisol" not in worked.read_text() and "Unidos en la Lucha" in worked.read_text()


def test_log_reads_and_writes_an_encrypted_worksheet(run, worked, tmp_path, monkeypatch):
    key = tmp_path / "key.txt"
    assert run("key", "new", key).exit_code == 0
    public = next(line.split(": ", 1)[1] for line in key.read_text().splitlines() if line.startswith("# public key: "))
    assert run("lock", worked, "--to", public).exit_code == 0
    locked = tmp_path / "team.yaml.age"
    monkeypatch.setenv("PARTNERKIT_IDENTITY", str(key))

    result = run("log", "local 1031", "Left a message with Chaya.", "--file", locked, "--date", "2027-06-02")

    assert result.exit_code == 0, result.output
    assert locked.read_bytes().startswith(b"age-encryption.org/v1\n")
    assert "Left a message with Chaya." in plaintext(locked, Keyring(key))[1].decode()
    # lock zeroed and removed the plain undo file the fixture's entries left; log keeps its own, encrypted
    assert sorted(p.name for p in tmp_path.iterdir()) == [".team.yaml.age.undo", "key.txt", "team.yaml.age", "team.yaml.age.recipients"]
    assert (tmp_path / ".team.yaml.age.undo").read_bytes().startswith(b"age-encryption.org/v1\n")
    assert run("undo", locked).exit_code == 0
    assert "Chaya" not in plaintext(locked, Keyring(key))[1].decode()
    assert not (tmp_path / ".team.yaml.age.undo").exists()


def test_check_warns_of_contact_details_in_the_history(run, worked):
    assert run("log", "unidos", "Her cell is 201-555-0147", "--file", worked, "--date", "2027-06-03").exit_code == 0

    result = run("check", worked)

    assert "Unidos en la Lucha (fictional): log.note looks like it holds a phone number" in result.stdout
    assert "555-0147" not in result.stdout


entries = st.builds(
    LogEntry,
    date=st.dates(min_value=date(2027, 1, 1), max_value=date(2027, 12, 31)),
    by=st.integers(0, 999).map(lambda n: f"{MARK}by{n}{MARK}"),
    note=st.integers(0, 999).map(lambda n: f"{MARK}note{n}{MARK}"),
    status=st.none() | st.sampled_from(Status),
    flag=st.none() | st.sampled_from(Flag),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(histories=st.lists(st.lists(entries, max_size=4), min_size=1, max_size=4))
def test_no_history_text_appears_in_any_redacted_format(histories, guide):
    partners = tuple(
        Partner(f"Org {i}", "why", Ask(how="email"), log=tuple(sorted(log, key=lambda e: e.date)), follow_up=date(2027, 7, 1))
        for i, log in enumerate(histories)
    )
    worksheet = Worksheet(partners={"immigrant-led": partners, "jewish": (), "interfaith": ()})
    shown = build_view([(Path("team.yaml"), redact(worksheet, guide))], guide)

    for fmt in SHOW_FORMATS:
        assert MARK not in render(shown, fmt, to_file=True), fmt
    assert all(p.log == () for p in purge(worksheet, guide).partners["immigrant-led"])
