"""Going back, progress, judgement questions, long answers and fewer keystrokes, by real keystrokes.

These run on tests/fixtures/flow-guide, whose questions are, in order: the action (name, date,
place); "Which groups did we find?"; "reach out?"; each partner's six questions then "add
another?"; the judgement "Has the block association weighed in?"; "reach out?" for faith
communities; the tip's date; then the review menu.
"""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest
import yaml

from interview_keys import BACK, CLEAR, CTRL_C, EDITOR, SAVE, choose, say
from partnerkit.guide.loading import load_guide
from partnerkit.worksheet.model import Action, Ask, Partner
from partnerkit.worksheet.store import load as load_worksheet

FLOW = Path(__file__).parent / "fixtures" / "flow-guide"
DRAFT = Path(".team.yaml.draft")


@pytest.fixture(scope="module")
def flow():
    return load_guide(FLOW)


def flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


def partner(organization: str, why: str = "") -> str:
    """A new partner: organization, why, then Enter for who, how (the first channel), when, notes."""
    return say(organization, why, "") + choose() + say("", "")


def after_research(block: int = 0) -> str:
    """From "reach out?" for neighbors to the review: one partner, the judgement, no faith partner."""
    return "y" + partner("Elm Street Association") + "n" + choose(block) + "n" + say("")


def interview(keyboard, *args: str, keys: str):
    return keyboard("team.yaml", "--guide", FLOW, *args, keys=keys)


def test_back_across_a_section_boundary_offers_the_earlier_answer(keyboard, flow):
    # At the first question of "Neighborhood groups", back to the action's place: its answer is the default.
    keys = say("Vigil", "2027-08-12", "Elizabeth") + BACK + CLEAR + say("Newark") + say("Elm, Oak") + after_research()
    result = interview(keyboard, keys=keys + choose(SAVE))

    assert result.exit_code == 0, result.output
    saved = load_worksheet(Path("team.yaml"), flow)
    assert saved.action == Action("Vigil", date(2027, 8, 12), "Newark")
    assert saved.considerations["neighbors"] == {"research": "Elm, Oak"}
    out = flat(result.stdout)
    assert out.count("Step 1 of 5 · About the action") == 2  # shown again on arriving back
    assert "Step 2 of 5 · Neighborhood groups · partner 1" in out
    assert out.count("It takes about 10 minutes") == 1  # arriving back does not repeat the guidance
    assert out.count("They know the block.") == 2  # entering the section again does


def test_back_works_from_an_invalid_answer_and_any_number_of_times(keyboard, flow):
    # An impossible date is refused; Shift-Tab still leaves it, twice, to the action's name.
    keys = say("Vigil", "2027-13-01") + BACK + BACK + CLEAR + say("Tisha b'Av vigil", "2027-08-12", "")
    result = interview(keyboard, keys=keys + say("") + after_research() + choose(SAVE))

    assert result.exit_code == 0, result.output
    assert "This is the first question; there is nothing before it." in result.stdout
    saved = load_worksheet(Path("team.yaml"), flow)
    assert saved.action == Action("Tisha b'Av vigil", date(2027, 8, 12), None)


def test_back_within_a_partner_loop_and_from_the_review(keyboard, flow):
    # At "add another?", back to notes; at the review, back to the tip's date.
    keys = say("Vigil", "2027-08-12", "", "") + "y" + say("Elm Street Association", "", "") + choose() + say("", "")
    keys += BACK + say("bring flyers") + "n" + choose() + "n" + say("") + BACK + CLEAR + say("2027-06-15")
    result = interview(keyboard, keys=keys + choose(SAVE))

    assert result.exit_code == 0, result.output
    saved = load_worksheet(Path("team.yaml"), flow)
    assert saved.partners["neighbors"] == (Partner("Elm Street Association", ask=Ask(how="one-on-one"), notes="bring flyers"),)
    assert saved.tips == {"early": {"asks-by": date(2027, 6, 15)}}


def test_back_three_questions_and_forward_again_keeps_each_answer(keyboard, flow):
    # At notes, back to "who"; then Enter through who, how and when: each keeps what was given.
    keys = say("Vigil", "2027-08-12", "", "") + "y" + say("Elm Street Association", "They host", "Dana") + choose(2)
    keys += say("June 1 2027") + BACK + BACK + BACK + say("") + choose() + say("") + say("") + "n" + choose() + "n" + say("")
    result = interview(keyboard, keys=keys + choose(SAVE))

    assert result.exit_code == 0, result.output
    (saved,) = load_worksheet(Path("team.yaml"), flow).partners["neighbors"]
    assert saved.ask == Ask("Dana", flow.channels[2].id, date(2027, 6, 1)) and saved.why == "They host"


def test_resume_after_going_back_replays_exactly_the_answers_that_stand(keyboard, flow):
    stopped = say("Vigil", "2027-08-12", "Elizabeth", "Elm") + BACK + BACK + CTRL_C  # back to the place, then stop
    result = interview(keyboard, keys=stopped)
    assert result.exit_code == 130
    answers = yaml.safe_load(DRAFT.read_text())["answers"]
    assert [a[2] for a in answers] == ["Vigil", "2027-08-12"]  # the place and research were taken back

    result = interview(keyboard, "--resume", keys=say("Newark", "Oak") + after_research() + choose(SAVE))

    assert result.exit_code == 0, result.output
    saved = load_worksheet(Path("team.yaml"), flow)
    assert saved.action == Action("Vigil", date(2027, 8, 12), "Newark")
    assert saved.considerations["neighbors"] == {"research": "Oak"}
    assert not DRAFT.exists()


def test_enter_at_a_judgement_records_nothing_and_the_review_lists_it_as_open(keyboard, flow, run):
    result = interview(keyboard, keys=say("Vigil", "2027-08-12", "", "") + after_research(block=0) + choose(SAVE))

    assert result.exit_code == 0, result.output
    saved = load_worksheet(Path("team.yaml"), flow)
    assert "block-ok" not in saved.considerations.get("neighbors", {})
    still_open = "Neighborhood groups: not answered yet — Has the block association weighed in?"
    assert "Still open" in result.stdout and still_open in flat(result.stdout)  # the review's worksheet
    shown = run("show", "team.yaml", "--guide", FLOW)
    assert still_open in flat(shown.stdout)
    checked = run("check", "team.yaml", "--guide", FLOW)
    assert f"team.yaml: warning: {still_open}" in checked.stdout


def test_a_choice_with_a_caution_is_heeded_at_once_in_the_review_and_by_check(keyboard, flow, run):
    result = interview(keyboard, keys=say("Vigil", "2027-08-12", "", "") + after_research(block=2) + choose(SAVE))  # "Not yet"

    assert result.exit_code == 0, result.output
    saved = load_worksheet(Path("team.yaml"), flow)
    assert saved.considerations["neighbors"]["block-ok"] == "Not yet"
    assert flat(result.stdout).count("Ask the block association before we commit.") == 2  # when chosen, in the review
    checked = run("check", "team.yaml", "--guide", FLOW)
    assert "team.yaml: warning: Ask the block association before we commit." in checked.stdout


def test_the_date_question_suggests_the_action_date_minus_lead_days_but_enter_leaves_it_open(keyboard, flow):
    result = interview(keyboard, keys=say("Vigil", "2027-08-12", "", "") + after_research() + choose(SAVE))

    assert result.exit_code == 0, result.output
    assert "suggested: 2027-07-01" in result.output  # 42 days before, in the hint
    assert load_worksheet(Path("team.yaml"), flow).tips == {}  # a suggestion, not an answer


def test_organization_prompt_offers_names_from_the_research_answer_and_the_earlier_worksheet(flow):
    # Tab-completing them by real keys needs real time (completions arrive asynchronously): see test_e2e_pty.
    from partnerkit.interview.flow import Interview
    from partnerkit.worksheet.model import Worksheet

    earlier = Worksheet.empty(flow).with_partners("faith", (Partner("First Church"), Partner("Elm Street Association")))
    interview = Interview(flow, prompter=None, base=earlier)  # type: ignore[arg-type] - nothing is asked
    interview.sheet = Worksheet(
        partners={"neighbors": (Partner("Oak Tenants Union"),), "faith": ()},
        considerations={"neighbors": {"research": "- Elm Street Association,\n- Oak tenants union; Maple Block Club."}},
    )

    assert interview.named_elsewhere() == ["Elm Street Association", "Maple Block Club", "First Church"]


def staged(folder: Path, args: list[str], first: str, then: str, ready) -> object:
    """Type `first`, wait until `ready()` (e.g. an answer reached the draft), then type `then`."""
    import threading
    import time

    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput
    from typer.testing import CliRunner

    from partnerkit.cli.app import app

    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        def rest() -> None:
            for _ in range(300):  # at most 30 s; pytest-timeout stops a hung run
                if ready():
                    break
                time.sleep(0.1)
            pipe.send_text(then)
            pipe.close()

        pipe.send_text(first)
        threading.Thread(target=rest, daemon=True).start()
        return CliRunner().invoke(app, ["new", *args])


def test_ctrl_x_ctrl_e_writes_a_long_answer_in_the_editor(keyboard, flow, tmp_path, monkeypatch):
    editor = tmp_path.parent / f"{tmp_path.name}-editor.sh"  # outside the worksheet's folder
    editor.write_text('#!/bin/sh\nprintf "They host the block party.\\n\\nAnd they know every landlord.\\n" > "$1"\n')
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    first = say("Vigil", "", "", "") + "y" + say("Elm Street Association") + EDITOR
    then = say("") + choose() + say("", "") + "n" + choose() + "n" + say("") + choose(SAVE)
    result = staged(tmp_path, ["team.yaml", "--guide", str(FLOW)], first, then, lambda: DRAFT.exists() and "landlord" in DRAFT.read_text())

    assert result.exit_code == 0, result.output
    saved = load_worksheet(Path("team.yaml"), flow)
    assert saved.partners["neighbors"][0].why == "They host the block party.\n\nAnd they know every landlord."  # kept as written


@pytest.mark.parametrize("how", [("--plain",), ("env",)])
def test_plain_mode_numbers_the_choices_and_draws_nothing(keyboard, flow, monkeypatch, how):
    if how == ("env",):
        monkeypatch.setenv("PARTNERKIT_PLAIN", "1")
        how = ()
    keys = say("Vigil", "2027-08-12", "", "Elm") + say("y", "Elm Street Association", "", "")
    keys += say("9", "3", "", "") + say("n") + say("3") + say("") + say("")  # 9 is refused; 3: Email; block: "Not yet"
    result = interview(keyboard, *how, keys=keys + say("1"))  # the review: Save

    assert result.exit_code == 0, result.output
    saved = load_worksheet(Path("team.yaml"), flow)
    assert saved.partners["neighbors"] == (Partner("Elm Street Association", ask=Ask(how="email")),)
    assert saved.considerations["neighbors"] == {"research": "Elm", "block-ok": "Not yet"}
    assert saved.tips == {}  # Enter answered nothing: the date is only suggested
    assert "  3. Email" in result.stdout and "  1. Not sure yet — decide later" in result.stdout
    assert "Type a number from 1 to 8, then Enter." in result.stdout
    assert "Step 2 of 5 · Neighborhood groups · partner 1" in result.stdout
    assert not set("│─╭╮╰╯┃━┏") & set(result.stdout)  # no boxes, rules or panels
    assert "They know the block." in result.stdout and "**" not in result.stdout  # guidance as plain paragraphs


def test_plain_mode_goes_back_too(keyboard, flow):
    keys = say("Vigil", "2027-08-12") + BACK + say("2027-08-13", "") + say("", "n", "", "n", "")  # at the place, back to the date
    result = interview(keyboard, "--plain", keys=keys + say("1"))

    assert result.exit_code == 0, result.output
    assert "When is the action? [2027-08-12]" in result.stdout  # the earlier answer is the default
    assert load_worksheet(Path("team.yaml"), flow).action == Action("Vigil", date(2027, 8, 13), None)


def test_term_dumb_chooses_the_plain_prompter(keyboard, monkeypatch):
    monkeypatch.setenv("TERM", "dumb")
    assert os.environ["TERM"] == "dumb"
    from partnerkit.cli.prompters.plain import wants_plain

    assert wants_plain(False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("PARTNERKIT_PLAIN", "0")
    assert not wants_plain(False)


def test_after_a_resume_the_review_warns_again_about_a_replayed_late_ask(keyboard, flow):
    late = say("Vigil", "2027-08-12", "", "") + "y" + say("Elm Street Association", "", "") + choose() + say("2027-08-01")
    assert interview(keyboard, keys=late + CTRL_C).exit_code == 130  # stopped at the notes, after the warning

    result = interview(keyboard, "--resume", keys=say("") + "n" + choose() + "n" + say("") + choose(SAVE))

    assert result.exit_code == 0, result.output
    warning = "Heads up: asking Elm Street Association on 2027-08-01 leaves only 11 days before the action."
    assert flat(result.stdout).count(warning) == 1  # in the review: the replay itself stays quiet


def test_plain_guidance_is_one_line_per_paragraph_and_list_item():
    from partnerkit.cli.prompters.plain import plain_markdown

    text = "### Why\n\nWe come as **allies**,\nwith many ties:\n\n- **Voices lead.** Partners\n  lift up testimony.\n- Accountability.\n"

    assert plain_markdown(text) == "Why\n\nWe come as allies, with many ties:\n\n- Voices lead. Partners lift up testimony.\n- Accountability."
