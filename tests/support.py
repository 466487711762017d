"""Paths and runners the tests share, defined once (conftest.py's fixtures use them too)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = ROOT / "guide" / "example.yaml"  # the bundled guide's example worksheet (read only: copy it to change it)
SMALL_GUIDE = FIXTURES / "small-guide"  # two categories of its own, one tip: a short interview
FLOW_GUIDE = FIXTURES / "flow-guide"  # judgement questions, cautions, a suggested date
PARTNERKIT = Path(sys.executable).with_name("partnerkit")  # the console script of this venv


# Where the language to speak comes from (catalog.languages): the tests choose it themselves.
LANGUAGE_VARIABLES = ("PARTNERKIT_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def environment(env: dict[str, str] | None = None) -> dict[str, str]:
    """The tests' own environment for a real process: no developer's guide, English, 80 columns, then `env`."""
    base = {k: v for k, v in os.environ.items() if k != "PARTNERKIT_GUIDE" and k not in LANGUAGE_VARIABLES}
    return base | {"COLUMNS": "80", "LANG": "C.UTF-8"} | (env or {})


def partnerkit(*args: str | Path, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    """Run the installed command for real (a new process, bytes out), as a user's shell would."""
    return subprocess.run([PARTNERKIT, *map(str, args)], capture_output=True, env=environment(env), timeout=60, **kwargs)


def in_a_terminal(folder: Path, *args: str | Path, env: dict[str, str] | None = None):
    """The installed command in a real pseudo-terminal (pexpect), as a person types at it."""
    import pexpect

    # pexpect is no terminal emulator: it never answers prompt_toolkit's cursor-position request.
    terminal = {"TERM": "xterm-256color", "LINES": "40", "PROMPT_TOOLKIT_NO_CPR": "1", "COLUMNS": "100"}
    variables = {k: v for k, v in environment(terminal | (env or {})).items() if k not in ("NO_COLOR", "PARTNERKIT_PLAIN")}
    return pexpect.spawn(str(PARTNERKIT), [str(a) for a in args], cwd=folder, env=variables, dimensions=(40, 100), encoding="utf-8", timeout=15)
