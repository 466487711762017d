"""`partnerkit new` as a command: where it refuses to run, replacing files, a custom guide."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from interview_keys import SAVE, action, bundled, choose, partner, partners, say
from partnerkit.guide.loading import load_guide
from partnerkit.worksheet.model import Ask, Partner
from partnerkit.worksheet.store import load as load_worksheet
from support import SMALL_GUIDE


def test_without_a_terminal_exits_2_pointing_to_init_and_writes_nothing(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    result = run("new", "team.yaml", input="Vigil\n")  # stdin is a pipe here, not a terminal

    assert result.exit_code == 2
    assert "needs a terminal" in result.stderr
    assert "partnerkit init FILE" in result.stderr and "by hand" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_kept_unless_the_person_agrees(keyboard):
    Path("team.yaml").write_text("keep me\n")

    result = keyboard("team.yaml", keys="n")

    assert result.exit_code == 1
    assert "error: team.yaml exists; nothing was written" in result.stderr
    assert "--from team.yaml" in result.stderr
    assert Path("team.yaml").read_text() == "keep me\n"
    assert sorted(p.name for p in keyboard.folder.iterdir()) == ["team.yaml"]  # no draft either


@pytest.mark.slow
def test_an_existing_file_is_replaced_after_yes_or_with_force(keyboard, guide):
    Path("team.yaml").write_text("old\n")
    result = keyboard("team.yaml", keys="y" + bundled(action("Yes")) + choose(SAVE))
    assert result.exit_code == 0, result.output
    assert load_worksheet(Path("team.yaml"), guide).action.name == "Yes"

    result = keyboard("team.yaml", "--force", keys=bundled(action("Forced")) + choose(SAVE))
    assert result.exit_code == 0, result.output
    assert load_worksheet(Path("team.yaml"), guide).action.name == "Forced"


def test_from_a_missing_file_fails_before_any_question(keyboard):
    result = keyboard("team.yaml", "--from", "nowhere.yaml", keys="")

    assert result.exit_code == 1
    assert "error: nowhere.yaml: no such file" in result.stderr


def test_a_missing_folder_fails_before_any_question(keyboard):
    result = keyboard("no/such/team.yaml", keys="")

    assert result.exit_code == 1
    assert "folder no/such does not exist" in result.stderr




def test_a_custom_guide_changes_the_interview(keyboard):
    keys = (
        action()
        + "y" + partners(partner("Elm Street Association", "They host the block party")) # canvass; partners
        + partners(partner("First Church")) + say("2027-07-01")
        + say("Mostly support")
    )
    result = keyboard("team.yaml", "--guide", SMALL_GUIDE, keys=keys + choose(SAVE))

    assert result.exit_code == 0, result.output
    custom_guide = load_guide(SMALL_GUIDE)
    saved = load_worksheet(Path("team.yaml"), custom_guide)
    assert saved.partners == {
        "neighbors": (Partner("Elm Street Association", "They host the block party", Ask(how="one-on-one")),),
        "faith": (Partner("First Church", ask=Ask(how="one-on-one")),),
    }
    assert saved.considerations == {"neighbors": {"canvass": True}, "faith": {"decide-by": date(2027, 7, 1)}}
    assert saved.tips == {"listen": {"what-we-heard": "Mostly support"}}
    assert "Neighborhood groups" in result.stdout and "Ask before you tell." in result.stdout
    assert "Immigrant-led" not in result.stdout


def test_the_cli_and_the_interview_core_do_not_import_the_terminal_libraries():
    code = (
        "import sys, partnerkit.cli.app, partnerkit.interview.run;"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'questionary', 'prompt_toolkit', 'rich', 'typer'}))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "['typer']"  # the CLI needs typer; the session needs none of them


def test_new_help_names_its_options(run):
    result = run("new", "--help")

    assert result.exit_code == 0
    for option in ("--from", "--resume", "--no-resume", "--force", "--guide", "--plain"):
        assert option in result.stdout
