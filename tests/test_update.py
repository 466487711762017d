"""`new --from FILE` saves into the source's own text: comments, blank lines and layout kept."""

from __future__ import annotations

import difflib
from dataclasses import replace
from datetime import date
from pathlib import Path

from interview_keys import CLEAR, SAVE, choose, enter_through_example, say
from partnerkit.files.yamldoc import compose
from partnerkit.worksheet.model import Action, Ask, LogEntry, Partner, Status
from partnerkit.worksheet.parse import parse_worksheet
from partnerkit.worksheet.rewrite import updated_text
from partnerkit.worksheet.store import open_for_change
from support import SMALL_GUIDE

HANDMADE = Path(__file__).parent / "fixtures" / "handmade.yaml"


def changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_nothing_changed_is_the_same_text_but_the_version(guide):
    opened = open_for_change(HANDMADE, guide)
    text, document, worksheet = opened.text, opened.document, opened.worksheet
    assert changed_lines(text, updated_text(text, document, worksheet, worksheet, guide)) == ["-version: 1", "+version: 2"]


def test_the_interviews_changes_go_where_they_belong(guide):
    opened = open_for_change(HANDMADE, guide)
    text, old = opened.text, opened.worksheet
    cosecha, unidos = old.partners["immigrant-led"]
    beth = old.partners["jewish"][0]
    new = replace(
        old,
        action=replace(old.action, place="Newark, NJ"),
        tips={"not-every-partner-clicks": {"after-a-decline": "Thank them warmly.", "rethink-flags": "Any word of risk to detainees."}},
    )
    new = new.with_partners("immigrant-led", (replace(cosecha, why="They organize families.\nThey lead.\n", status=Status.ASKED),))
    new = new.with_partners("jewish", (beth, Partner("Workmen's Circle", why="Songs.", ask=Ask(who="Sam", when=date(2027, 6, 5)))))
    result = updated_text(text, opened.document_for(new), old, new, guide)
    assert result is not None
    assert parse_worksheet(compose(result, HANDMADE), HANDMADE, guide) == new
    assert changed_lines(text, result) == [
        "-version: 1",
        "+version: 2",
        "-  place: Elizabeth, NJ",
        "+  place: Newark, NJ",
        "-      They organize the families of people detained here.",
        "+      They organize families.",
        "+      They lead.",
        "-    status: planned   # ask early!",
        "+    status: asked   # ask early!",
        "-  - organization: \"Unidos en la Lucha\"",
        "-    why: >",
        "-      Court watch.",
        "-    notes: Met at May Day.  # keep this comment",
        "+      -   organization: Workmen's Circle",
        "+          why: Songs.",
        "+          ask:",
        "+            who: Sam",
        "+            when: 2027-06-05",
        "+          status: planned",
        "-    after-a-decline: Thank them, and ask how we can support their work.",
        "+    after-a-decline: Thank them warmly.",
        "+    rethink-flags: Any word of risk to detainees.",
    ]
    for comment in ("# Our team's worksheet", "# working title", "# Immigrant partners first", "# a flow mapping, by hand",
                    "# trailing comment inside the partner", "# none yet"):
        assert comment in result


def test_history_is_kept_through_the_interview(guide):
    opened = open_for_change(HANDMADE, guide)
    text, old = opened.text, opened.worksheet
    beth = old.partners["jewish"][0]
    assert beth.log == (LogEntry(date(2027, 5, 28), "Rachel", "Rabbi Naomi said yes.", Status.AGREED),)
    new = old.with_partners("jewish", (replace(beth, notes="Choir too."),))
    result = updated_text(text, opened.document_for(new), old, new, guide)
    assert parse_worksheet(compose(result, HANDMADE), HANDMADE, guide).partners["jewish"][0].log == beth.log
    assert changed_lines(text, result)[2:] == ["+          notes: Choir too."]


def test_a_layout_that_cannot_take_the_change_says_so(guide):
    opened = open_for_change(HANDMADE, guide)
    text, old = opened.text, opened.worksheet
    cosecha, unidos = old.partners["immigrant-led"]
    swapped = old.with_partners("immigrant-led", (unidos, cosecha))
    assert updated_text(text, opened.document_for(swapped), old, swapped, guide) is None
    assert updated_text(text, opened.document_for(old), old, replace(old, action=Action()), guide) is not None



SOURCE = """\
# Our block's worksheet, kept by hand.
version: 1
action:
  name: Vigil   # a working title
  date: 2027-08-12
partners:
  neighbors:
  # the block first
  - organization: Elm Street Association
    why: They host the block party
    status: asked
    log:
    - date: 2027-06-01
      by: Dana
      note: Called them.
      status: asked
  faith: []   # none yet
considerations:
  neighbors:
    canvass: true
"""


def test_new_from_a_file_keeps_its_comments_and_history(keyboard):
    (keyboard.folder / "team.yaml").write_text(SOURCE)
    keys = (
        say("", "", "")  # the action: name, date, place as they were
        + say("") + say("")  # canvass first? (yes, as before); reach out to neighborhood groups? (yes)
        + say("", CLEAR + "They host the block party every June", "") + choose() + say("", "")  # the partner
        + say("")  # add another? (no)
        + say("") + say("")  # reach out to faith communities? (no); decide by (blank)
        + say("")  # what did we hear? (blank)
        + choose(SAVE)
    )
    result = keyboard("team.yaml", "--from", "team.yaml", "--guide", SMALL_GUIDE, keys=keys)
    assert result.exit_code == 0, result.output
    saved = (keyboard.folder / "team.yaml").read_text()
    assert changed_lines(SOURCE, saved) == [
        "-version: 1",
        "+version: 2",
        "-    why: They host the block party",
        "+    why: They host the block party every June",
    ]


def test_enter_through_new_from_changes_nothing_in_the_file(keyboard, guide):
    """Every answer given back as it was: folded (>) and literal (|) blocks keep their style, an
    unanswered question (a date the guide suggests) stays unanswered, and the file is byte for byte."""
    source = (Path(__file__).parents[1] / "guide" / "example.yaml").read_text()
    source = source.replace("    action-size: medium-plus-close-allies\n",
                            "    action-size: medium-plus-close-allies\n    tisha-bav-welcome: |\n      A short teaching.\n      Then songs.\n")
    assert "Then songs." in source
    (keyboard.folder / "team.yaml").write_text(source)
    keys = enter_through_example()
    result = keyboard("team.yaml", "--from", "team.yaml", keys=keys)

    assert result.exit_code == 0, result.output
    assert (keyboard.folder / "team.yaml").read_text() == source
