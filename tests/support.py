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


def environment(env: dict[str, str] | None = None) -> dict[str, str]:
    """The tests' own environment for a real process: no developer's guide, 80 columns, then `env`."""
    base = {k: v for k, v in os.environ.items() if k != "PARTNERKIT_GUIDE"}
    return base | {"COLUMNS": "80"} | (env or {})


def partnerkit(*args: str | Path, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    """Run the installed command for real (a new process, bytes out), as a user's shell would."""
    return subprocess.run([PARTNERKIT, *map(str, args)], capture_output=True, env=environment(env), timeout=60, **kwargs)
