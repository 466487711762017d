"""The Typer path builds only the command named (cli/app.py main): it says what the whole app says.

Building every command's options took longer than most commands do, so `main` gives Typer an app
holding just the command the arguments name. Help, usage errors, --identity anywhere, groups and
misspelt commands must come out exactly as from the whole app.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from partnerkit.cli.app import _command_named, _for_arguments, app
from support import EXAMPLE

ARGUMENTS = [
    ["show", "--help"],
    ["show", "-f", "csv", "team.yaml"],
    ["show", "--format", "nope", "team.yaml"],
    ["show", "--bogus"],
    ["check", "--format", "json", "team.yaml"],
    ["agenda", "--days", "-1", "team.yaml"],
    ["log"],
    ["-i", "missing.key", "show", "-f", "table", "team.yaml"],
    ["show", "team.yaml", "--identity", "missing.key", "-f", "markdown"],
    ["team", "--help"],
    ["team", "list", "--help"],
    ["key"],
    ["shwo", "team.yaml"],
    ["--version"],
    ["--help"],
    [],
    ["guide", "jewsh"],
]


def through(entry: str, args: list[str], cwd: Path) -> tuple[int, str, str]:
    code = f"import sys; sys.argv = ['partnerkit', *sys.argv[1:]]; from partnerkit.cli.app import app, main; {entry}"
    env = {k: v for k, v in os.environ.items() if k not in ("PARTNERKIT_GUIDE", "PARTNERKIT_IDENTITY")} | {"COLUMNS": "80", "TERM": "dumb"}
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("args", ARGUMENTS, ids=" ".join)
def test_the_command_alone_says_what_the_whole_app_says(tmp_path, args):
    (tmp_path / "team.yaml").write_text(EXAMPLE.read_text())
    assert through("main()", args, tmp_path) == through("app()", args, tmp_path)


def test_only_a_command_named_first_gets_an_app_of_its_own():
    assert _command_named(["show", "-f", "csv"]) == "show"
    assert _command_named(["-i", "key", "show"]) == "show"
    assert _command_named(["--identity=key", "team", "list"]) == "team"
    assert _command_named(["--help"]) is None and _command_named([]) is None and _command_named(["-ikey", "show"]) is None
    assert [c.callback.__name__ for c in _for_arguments(["show", "x"]).registered_commands] == ["show"]
    assert [g.name for g in _for_arguments(["team", "list"]).registered_groups] == ["team"]
    assert _for_arguments(["setup-git"]).registered_commands[0].name == "setup-git"
    assert _for_arguments(["shwo"]) is app and _for_arguments(["--version"]) is app


def test_shell_completion_gets_every_command(monkeypatch):
    monkeypatch.setenv("_PARTNERKIT_COMPLETE", "bash_complete")
    assert _for_arguments(["show"]) is app
