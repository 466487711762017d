"""The installed `partnerkit log` in a real pseudo-terminal: with no NOTE it asks for one."""

from __future__ import annotations

import os
from pathlib import Path

import pexpect
import pytest

from partnerkit.guide.loading import load_guide
from partnerkit.worksheet.store import load as load_worksheet
from support import EXAMPLE, PARTNERKIT

pytestmark = [
    pytest.mark.skipif(not PARTNERKIT.exists(), reason="partnerkit is not installed in this environment"),
    pytest.mark.timeout(60),
]


def spawn(folder: Path, *args: str) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if k not in ("PARTNERKIT_GUIDE", "NO_COLOR")}
    env.update(TERM="xterm-256color", COLUMNS="100", LINES="40", PROMPT_TOOLKIT_NO_CPR="1")
    return pexpect.spawn(str(PARTNERKIT), list(args), cwd=folder, env=env, dimensions=(40, 100), encoding="utf-8", timeout=15)


def test_log_asks_for_the_note_in_a_terminal(tmp_path):
    (tmp_path / "worksheet.yaml").write_text(EXAMPLE.read_text())
    child = spawn(tmp_path, "log", "garden", "--status", "asked", "--by", "Eli", "--date", "2027-06-12")
    child.expect("What happened with Garden State Dream Network")
    child.send("Met them after their general meeting; they'll vote on it.\r")
    child.expect("Logged for Garden State Dream Network")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    partner = load_worksheet(tmp_path / "worksheet.yaml", load_guide()).partners["immigrant-led"][1]
    assert partner.log[-1].note == "Met them after their general meeting; they'll vote on it."
    assert partner.status.value == "asked"


def test_ctrl_c_at_the_note_writes_nothing(tmp_path):
    path = tmp_path / "worksheet.yaml"
    path.write_text(EXAMPLE.read_text())
    child = spawn(tmp_path, "log", "garden")
    child.expect("What happened with")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert path.read_text() == EXAMPLE.read_text()
