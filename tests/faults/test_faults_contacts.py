"""Contact details: `check` finds phone numbers, e-mail addresses and A-numbers wherever the team's
text is, the action's name and place (which `--redact` shares) included, without repeating them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from partnerkit.worksheet.model import Action, Ask, LogEntry, Partner, Worksheet
from partnerkit.worksheet.store import save

PHONES = [
    "+19085550123",
    "9085550123",
    "1-800-555-0199",
    "+52 55 1234 5678",
    "(201) 555-0147",
    "+1 (908) 555-0123",
    "908.555.0123",
    "555-0147",
    "+44 20 7946 0958",
    "06 12 34 56 78",
    "wa.me/19085550123",
    "٩٠٨٥٥٥٠١٢٣",  # in Arabic-Indic digits
    "９０８ ５５５ ０１２３",  # full-width
]
NOT_CONTACTS = [
    "on 2027-05-20 after services",
    "2027-05-20 10 people came",
    "the 2026-2027 season",
    "Local 1031 meets at 7:30",
    "about 40 people, Room 101",
    "1 000 000 signatures",
    "$1.500.000 raised",
    "12/31/2027 at 10:30",
    "pages 12-15 of version 2.1.3",
]
PLACES = {  # where the team writes text, and how check names it
    "the action's name": (lambda w, t: replace(w, action=replace(w.action, name=t)), "action.name"),
    "the action's place": (lambda w, t: replace(w, action=replace(w.action, place=t)), "action.place"),
    "a partner's notes": (lambda w, t: _partner(w, notes=t), "Unidos: notes"),
    "who makes the ask": (lambda w, t: _partner(w, ask=Ask(who=t, how="email")), "Unidos: ask.who"),
    "a log entry's note": (lambda w, t: _partner(w, log=(LogEntry(date(2027, 6, 1), "Ana", t),)), "Unidos: log.note"),
    "an answer": (lambda w, t: replace(w, tips={"not-every-partner-clicks": {"after-a-decline": t}}), "tips.not-every-partner-clicks.after-a-decline"),
}


def _partner(worksheet: Worksheet, **fields) -> Worksheet:
    return worksheet.with_partners("immigrant-led", (replace(worksheet.partners["immigrant-led"][0], **fields),))


def worksheet_with(guide, where: str, text: str) -> Worksheet:
    base = Worksheet.empty(guide).with_partners("immigrant-led", (Partner("Unidos", "court watch", Ask(how="email")),))
    return PLACES[where][0](replace(base, action=Action("Vigil", date(2027, 8, 12), "Elizabeth")), text)


@pytest.mark.parametrize("where", PLACES)
@pytest.mark.parametrize("phone", PHONES)
def test_check_finds_a_phone_number_wherever_the_team_writes(run, tmp_path, guide, where, phone):
    sheet = tmp_path / "team.yaml"
    save(sheet, worksheet_with(guide, where, f"call {phone} first"), guide)

    result = run("check", sheet)

    assert result.exit_code == 0
    assert f"warning: {PLACES[where][1]} looks like it holds a phone number" in result.stdout, result.stdout
    assert phone not in result.stdout + result.stderr


@pytest.mark.parametrize("where", ["the action's name", "the action's place"])
@pytest.mark.parametrize(("text", "kind"), [("rsvp dana.r@example.org", "an e-mail address"), ("case A-123-456-789", "an A-number")])
def test_check_finds_other_contact_details_in_the_action(run, tmp_path, guide, where, text, kind):
    sheet = tmp_path / "team.yaml"
    save(sheet, worksheet_with(guide, where, text), guide)
    result = run("check", sheet)
    assert f"warning: {PLACES[where][1]} looks like it holds {kind}" in result.stdout


@pytest.mark.parametrize("text", NOT_CONTACTS)
def test_dates_years_times_and_round_numbers_are_not_phone_numbers(run, tmp_path, guide, text):
    sheet = tmp_path / "team.yaml"
    save(sheet, worksheet_with(guide, "a partner's notes", text), guide)
    result = run("check", sheet)
    assert "looks like it holds" not in result.stdout, result.stdout
