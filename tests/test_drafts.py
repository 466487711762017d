"""Never lose an answer: Ctrl-C keeps a draft, and the next `partnerkit new` resumes it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from interview_keys import CTRL_C, SAVE, action, bundled, choose, partner, partners, say
from partnerkit.worksheet.model import Ask, Partner
from partnerkit.worksheet.store import load as load_worksheet

DRAFT = Path(".team.yaml.draft")
STOPPED = action() + say("Two groups nearby") + "y" + say("Unidos", "court watch") + CTRL_C  # at "who"
INTERRUPTED = "Interrupted. Your answers so far are in .team.yaml.draft; run the same command to resume.\n"


def after_who() -> str:
    """From "how" of the first partner to the end of the bundled interview."""
    return (
        choose() + say("", "") + "n" + choose() + say("")
        + say("") + choose() + partners() + say("")
        + choose() + partners() + say("")
        + say("", "", "", "")
    )


def rest_of_run(who: str = "Dana") -> str:
    return say(who) + after_who()


def test_ctrl_c_exits_130_naming_the_draft_which_holds_every_answer(keyboard):
    result = keyboard("team.yaml", keys=STOPPED)

    assert result.exit_code == 130
    assert result.stderr == INTERRUPTED
    assert "Traceback" not in result.output
    assert not Path("team.yaml").exists()
    answers = yaml.safe_load(DRAFT.read_text())["answers"]
    assert [a[2] for a in answers] == ["Vigil", "2027-08-12", "Elizabeth", "Two groups nearby", True, "Unidos", "court watch"]
    assert DRAFT.stat().st_mode & 0o777 == 0o600  # like the worksheet: it may name people


def test_ctrl_c_before_any_answer_leaves_no_draft(keyboard):
    result = keyboard("team.yaml", keys=CTRL_C)

    assert result.exit_code == 130
    assert result.stderr == "Interrupted.\n"
    assert list(keyboard.folder.iterdir()) == []


def test_resume_replays_the_draft_and_asks_only_the_rest(keyboard, guide):
    keyboard("team.yaml", keys=STOPPED)

    result = keyboard("team.yaml", keys="\r" + rest_of_run() + choose(SAVE))  # Enter: "Resume it?" yes

    assert result.exit_code == 0, result.output
    saved = load_worksheet(Path("team.yaml"), guide)
    assert saved.action.name == "Vigil"
    assert saved.considerations["immigrant-led"]["local-landscape"] == "Two groups nearby"
    assert saved.partners["immigrant-led"] == (Partner("Unidos", "court watch", Ask("Dana", "one-on-one")),)
    assert not DRAFT.exists()
    assert "Immigrant-led and immigration-focused organizations" in result.stdout  # where we left off
    assert "It takes about 10 minutes" not in result.stdout  # answered panels are not shown again


def test_an_interrupted_resume_keeps_old_and_new_answers(keyboard, guide):
    keyboard("team.yaml", keys=STOPPED)
    keyboard("team.yaml", "--resume", keys=say("Dana") + CTRL_C)  # no question with --resume

    result = keyboard("team.yaml", "--resume", keys=after_who() + choose(SAVE))

    assert result.exit_code == 0, result.output
    assert load_worksheet(Path("team.yaml"), guide).partners["immigrant-led"][0].ask.who == "Dana"


def test_no_resume_starts_afresh_and_replaces_the_draft(keyboard, guide):
    keyboard("team.yaml", keys=STOPPED)

    result = keyboard("team.yaml", "--no-resume", keys=bundled(immigrant=(partner("Dream Network"),)) + choose(SAVE))

    assert result.exit_code == 0, result.output
    saved = load_worksheet(Path("team.yaml"), guide)
    assert [p.organization for _, p in saved.all_partners()] == ["Dream Network"]
    assert not DRAFT.exists()


def test_declining_to_resume_starts_afresh(keyboard, guide):
    keyboard("team.yaml", keys=STOPPED)

    result = keyboard("team.yaml", keys="n" + bundled(action("Other action")) + choose(SAVE))

    assert result.exit_code == 0, result.output
    assert load_worksheet(Path("team.yaml"), guide).action.name == "Other action"


@pytest.mark.slow
def test_resume_after_the_guide_changed_asks_from_the_first_changed_question(keyboard, guide, tmp_path):
    custom = tmp_path / "guide"
    custom.mkdir()
    bundled_guide = (guide.folder / "guide.yaml").read_text()
    (custom / "guide.yaml").write_text(bundled_guide)
    keyboard("team.yaml", "--guide", custom, keys=STOPPED)
    (custom / "guide.yaml").write_text(bundled_guide.replace("Where will it happen?", "Which city?"))

    keys = "\r" + say("Newark") + say("Another landscape") + "y" + say("Unidos", "court watch") + rest_of_run()
    result = keyboard("team.yaml", "--guide", custom, keys=keys + choose(SAVE))

    assert result.exit_code == 0, result.output
    saved = load_worksheet(Path("team.yaml"), guide)
    assert (saved.action.name, saved.action.place) == ("Vigil", "Newark")  # kept, then asked anew
    assert saved.considerations["immigrant-led"]["local-landscape"] == "Another landscape"


def test_an_unreadable_draft_is_reported_with_a_way_out(keyboard):
    DRAFT.write_text("answers: [oops")

    result = keyboard("team.yaml", keys="\r")

    assert result.exit_code == 1
    assert f"error: {DRAFT} is not a draft this partnerkit can read" in result.stderr
    assert "--no-resume" in result.stderr
