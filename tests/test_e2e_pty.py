"""The installed `partnerkit new` in a real pseudo-terminal: typing, Ctrl-C, resuming."""

from __future__ import annotations

import io
import os
import re
from datetime import date
from pathlib import Path

import pexpect
import pytest

from partnerkit.guide.loading import load_guide
from partnerkit.worksheet.model import Ask, Partner
from partnerkit.worksheet.store import load as load_worksheet
from support import PARTNERKIT, SMALL_GUIDE

pytestmark = [
    pytest.mark.skipif(not PARTNERKIT.exists(), reason="partnerkit is not installed in this environment"),
    pytest.mark.timeout(60),
]


def spawn(folder: Path, guide: Path = SMALL_GUIDE, *options: str, term: str = "xterm-256color") -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if k not in ("PARTNERKIT_GUIDE", "NO_COLOR", "PARTNERKIT_PLAIN")}
    # pexpect is no terminal emulator: it never answers prompt_toolkit's cursor-position request,
    # which would make each prompt wait for the reply.
    env.update(TERM=term, COLUMNS="100", LINES="40", PROMPT_TOOLKIT_NO_CPR="1")
    return pexpect.spawn(
        str(PARTNERKIT), ["new", "team.yaml", "--guide", str(guide), *options],
        cwd=folder, env=env, dimensions=(40, 100), encoding="utf-8", timeout=15,
    )


def answer(child: pexpect.spawn, question: str, keys: str) -> None:
    child.expect(re.escape(question))
    child.send(keys)


def script(child: pexpect.spawn, steps: list[tuple[str, str]]) -> None:
    for question, keys in steps:
        answer(child, question, keys)


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def first_half(child: pexpect.spawn) -> None:
    answer(child, "What is the action called?", "Vigil\r")
    answer(child, "When is the action?", "2027-08-12\r")
    answer(child, "Where will it happen?", "\r")
    answer(child, "Will we canvass first?", "y")
    answer(child, "Do you want to reach out to neighborhood groups?", "y")
    answer(child, "Which organization?", "Elm Street Association\r")


def second_half(child: pexpect.spawn) -> None:
    answer(child, "Why do we want to ask them?", "They host the block party\r")
    answer(child, "Who from our team will make the ask?", "Dana\r")
    answer(child, "How will we make the ask?", "\x1b[B\r")  # the second channel
    answer(child, "When will we make the ask?", "2027-08-01\r")
    child.expect("Heads up: asking Elm Street Association")  # the late-ask warning
    answer(child, "Anything else to remember", "\r")
    answer(child, "Add another partner from neighborhood groups?", "n")
    answer(child, "Do you want to reach out to faith communities?", "n")
    answer(child, "By when will we decide?", "\r")
    answer(child, "What did we hear?", "\r")
    answer(child, "What next?", "\r")  # save
    child.expect(re.escape("Saved to team.yaml."))


EXPECTED = (Partner("Elm Street Association", "They host the block party", Ask("Dana", "phone-call", date(2027, 8, 1))),)


@pytest.mark.slow
def test_a_short_interview_in_a_terminal_saves_the_worksheet(tmp_path):
    child = spawn(tmp_path)
    first_half(child)
    second_half(child)

    assert finish(child) == 0
    saved = load_worksheet(tmp_path / "team.yaml", load_guide(SMALL_GUIDE))
    assert saved.partners["neighbors"] == EXPECTED
    assert saved.action.date == date(2027, 8, 12)
    assert not (tmp_path / ".team.yaml.draft").exists()


@pytest.mark.slow
def test_ctrl_c_keeps_a_draft_and_the_next_run_resumes_it(tmp_path):
    child = spawn(tmp_path)
    first_half(child)
    answer(child, "Why do we want to ask them?", "\x03")
    child.expect(re.escape("Interrupted. Your answers so far are in .team.yaml.draft; run the same command to resume."))

    assert finish(child) == 130
    assert (tmp_path / ".team.yaml.draft").is_file()
    assert not (tmp_path / "team.yaml").exists()

    child = spawn(tmp_path)
    answer(child, "Resume it?", "y")
    second_half(child)  # straight to the first unanswered question

    assert finish(child) == 0
    saved = load_worksheet(tmp_path / "team.yaml", load_guide(SMALL_GUIDE))
    assert saved.partners["neighbors"] == EXPECTED
    assert saved.action.name == "Vigil"
    assert not (tmp_path / ".team.yaml.draft").exists()


FLOW_GUIDE = Path(__file__).parent / "fixtures" / "flow-guide"  # see test_interview_flow.py
BACK, CLEAR = "\x1b[Z", "\x15"  # Shift-Tab, Ctrl-U


@pytest.mark.slow
def test_going_back_twice_then_completing_a_researched_name_and_saving(tmp_path):
    child = spawn(tmp_path, FLOW_GUIDE)
    answer(child, "What is the action called?", "Vigil\r")
    answer(child, "When is the action?", "2027-08-12\r")
    answer(child, "Where will it happen?", "Elizabeth\r")
    answer(child, "Which groups did we find?", "Elm Street Association, Oak Tenants Union\r")
    answer(child, "Do you want to reach out to neighborhood groups?", BACK)
    answer(child, "Which groups did we find?", BACK)  # its answer is the default; back once more
    answer(child, "Where will it happen?", CLEAR + "Newark\r")
    answer(child, "Which groups did we find?", "\r")  # forward again: the answer given before is kept
    answer(child, "Do you want to reach out to neighborhood groups?", "y")
    answer(child, "Which organization?", "Oak")
    child.expect("Oak Tenants Union")  # offered from the research answer
    child.send("\t\r")
    questions = ("Why do we want to ask them?", "Who from our team", "How will we make the ask?", "When will we make the ask?", "Anything else")
    script(child, [(question, "\r") for question in questions] + [
        ("Add another partner from neighborhood groups?", "n"),
        ("Has the block association weighed in?", "\r"),  # Enter: not sure yet
        ("Do you want to reach out to faith communities?", "n"),
        ("By when will we have asked everyone?", "\r"),
        ("What next?", "\r"),
    ])
    child.expect(re.escape("Saved to team.yaml."))

    assert finish(child) == 0
    saved = load_worksheet(tmp_path / "team.yaml", load_guide(FLOW_GUIDE))
    assert (saved.action.name, saved.action.place) == ("Vigil", "Newark")
    assert [p.organization for p in saved.partners["neighbors"]] == ["Oak Tenants Union"]
    assert "block-ok" not in saved.considerations["neighbors"]
    assert not (tmp_path / ".team.yaml.draft").exists()


@pytest.mark.slow
@pytest.mark.parametrize("how", ["--plain", "TERM=dumb"])
def test_plain_mode_in_a_terminal_numbers_choices_and_goes_back(tmp_path, how):
    child = spawn(tmp_path, FLOW_GUIDE, "--plain") if how == "--plain" else spawn(tmp_path, FLOW_GUIDE, term="dumb")
    child.logfile_read = transcript = io.StringIO()
    answer(child, "What is the action called?", "Vigil\r")
    answer(child, "When is the action?", BACK)
    answer(child, "What is the action called? [Vigil]", "\r")
    answer(child, "When is the action?", "2027-08-12\r")
    answer(child, "Where will it happen?", "\r")
    answer(child, "Which groups did we find?", "\r")
    answer(child, "Do you want to reach out to neighborhood groups? (y/n) [n]", "n\r")
    child.expect(re.escape("Has the block association weighed in? [1]"))  # the question, then its choices
    script(child, [
        ("2. Yes — they back it", "2\r"),
        ("Do you want to reach out to faith communities? (y/n) [n]", "\r"),
        ("suggested: 2027-07-01", ""),  # the action date - lead_days, suggested in the hint
        ("By when will we have asked everyone?", "\r"),  # Enter leaves it open
        ("What next? [1]", "\r"),
    ])
    child.expect(re.escape("Saved to team.yaml."))

    assert finish(child) == 0
    saved = load_worksheet(tmp_path / "team.yaml", load_guide(FLOW_GUIDE))
    assert saved.considerations["neighbors"] == {"block-ok": "Yes — they back it"}
    assert saved.action.name == "Vigil"
    if how == "TERM=dumb":  # prompt_toolkit's dumb prompt: no cursor movement, nothing hidden or drawn
        assert "\x1b[?25l" not in transcript.getvalue() and "─" not in transcript.getvalue()
