"""`show --watch`: the polling loop, driven by a sleep that changes the file from the test."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

import partnerkit.files.watch
from partnerkit.files.watch import watch

FIRST = "version: 1\npartners:\n  jewish:\n  - organization: Beth Tikvah\n"
BROKEN = FIRST + "    status: maybe\n"
FIXED = FIRST + "  - organization: Hillel\n    status: agreed\n"


def replace_file(path: Path, text: str) -> None:
    """Save the way many editors do: a new file renamed over the old one."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


class Script:
    """A fake sleep: each call does the next step (write a text, or press Ctrl-C)."""

    def __init__(self, path: Path, *steps: str | None) -> None:
        self.path, self.steps, self.calls = path, list(steps), 0

    def __call__(self, seconds: float) -> None:
        self.calls += 1
        if not self.steps:
            raise KeyboardInterrupt
        step = self.steps.pop(0)
        if step is not None:
            replace_file(self.path, step)


def test_redraws_once_per_change(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(FIRST)
    seen: list[str] = []

    redraws = watch([path], lambda: seen.append(path.read_text()), sleep=Script(path, None, BROKEN, None, FIXED), polls=4)

    assert redraws == 3
    assert seen == [FIRST, BROKEN, FIXED]


def test_ctrl_c_ends_the_loop_quietly(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(FIRST)
    sleep = Script(path, None, None)
    assert watch([path], lambda: None, sleep=sleep) == 1
    assert sleep.calls == 3


def test_a_file_that_appears_is_drawn(tmp_path):
    path = tmp_path / "later.yaml"
    seen: list[bool] = []
    watch([path], lambda: seen.append(path.exists()), sleep=Script(path, FIRST), polls=1)
    assert seen == [False, True]


def test_cli_shows_errors_in_place_of_the_table_then_recovers(run, tmp_path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "w.yaml"
    path.write_text(FIRST)
    script = Script(path, BROKEN, FIXED)
    monkeypatch.setattr(partnerkit.files.watch, "time", types.SimpleNamespace(sleep=script))

    result = run("show", "--watch", path)

    assert result.exit_code == 0  # Ctrl-C is how one stops watching
    assert "Traceback" not in result.output
    out = result.stdout
    first = out.index("Beth Tikvah")
    error = out.index(f"{path}:5:13: partners.jewish[1].status: 'maybe' is not one of")
    fixed = out.index("Hillel")
    assert first < error < fixed
    assert out.count("Watching") == 3
    assert script.calls == 3


def test_installed_command_stops_on_ctrl_c_with_exit_0(tmp_path):
    """The real executable: it redraws after a change, and SIGINT ends it cleanly."""
    path = tmp_path / "w.yaml"
    path.write_text(FIRST)
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    command = [Path(sys.executable).with_name("partnerkit"), "show", "--watch", path]
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr)
        try:
            wait_for(lambda: out.read_text().count("Watching") == 1)
            replace_file(path, FIXED)
            wait_for(lambda: out.read_text().count("Watching") == 2)
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=10) == 0
        finally:
            process.kill()
    assert err.read_text() == ""
    assert "Hillel" in out.read_text()


def wait_for(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
