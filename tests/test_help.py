"""Every command explains itself and shows an example (the habit from sqlite-utils' test_docs)."""

from __future__ import annotations

import pytest

from partnerkit.cli import app

COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)


def test_the_commands_this_issue_adds_are_there():
    assert {"show", "check", "edit"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_an_example(run, command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example: partnerkit " in result.stdout or "Example: EDITOR=" in result.stdout
