"""Never lose typed text: whatever fails after the user has typed, their text is kept and its path printed."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from partnerkit.editing import loop as edit_module
from partnerkit.editing.loop import EditCancelled, edit_file
from partnerkit.errors import PartnerkitError
from partnerkit.guide.loading import load_guide
from partnerkit.interview.run import new_worksheet

TYPED = "# typed by hand, precious\n"


def typist(path: Path) -> int:
    """An editor that adds the user's precious line to a valid worksheet."""
    path.write_bytes(edit_module.strip_header(path.read_bytes()) + TYPED.encode())
    return 0


def kept_copy(error: BaseException) -> Path:
    found = re.search(r"kept in (\S+?);?\s", str(getattr(error, "hint", "")) + " " + " ".join(getattr(error, "__notes__", [])) + " ")
    assert found, (error, getattr(error, "hint", None))
    return Path(found.group(1))


@pytest.fixture
def sheet(tmp_path, example_sheet):
    path = tmp_path / "w.yaml"
    path.write_bytes(example_sheet.read_bytes())
    return path


def test_a_failing_save_keeps_the_text(sheet, guide, monkeypatch):
    from partnerkit.worksheet import store

    real = store.atomic_write

    def full_disk(path, text, **options):
        if Path(path) == sheet:
            raise PartnerkitError(f"cannot write {path} (No space left on device)")
        real(path, text, **options)

    monkeypatch.setattr(store, "atomic_write", full_disk)
    with pytest.raises(EditCancelled) as caught:
        edit_file(sheet, guide, typist)
    assert "No space left" in caught.value.message
    assert TYPED in kept_copy(caught.value).read_text()


def test_a_worksheet_deleted_meanwhile_keeps_the_text(sheet, guide):
    def typist_then_delete(path: Path) -> int:
        sheet.unlink()
        return typist(path)

    with pytest.raises(EditCancelled) as caught:
        edit_file(sheet, guide, typist_then_delete)
    assert TYPED in kept_copy(caught.value).read_text()


def test_a_bug_while_validating_keeps_the_text_and_the_traceback(sheet, guide, monkeypatch):
    def crash(*args):
        raise RuntimeError("a bug")

    monkeypatch.setattr(edit_module, "find_problems", lambda data, path, guide: [] if TYPED.encode() not in data else crash())
    with pytest.raises(RuntimeError) as caught:
        edit_file(sheet, guide, typist)
    assert TYPED in kept_copy(caught.value).read_text()


def test_an_edit_that_changed_nothing_leaves_no_copy_behind(sheet, guide, monkeypatch):
    monkeypatch.setattr(edit_module, "find_problems", lambda *args: (_ for _ in ()).throw(RuntimeError("bug")))
    with pytest.raises(RuntimeError) as caught:
        edit_file(sheet, guide, lambda path: 0)
    assert not getattr(caught.value, "__notes__", None)


EDITOR = """
import sys, time
from pathlib import Path
path = Path(sys.argv[-1])
if {typed!r}:
    path.write_text(path.read_text() + {typed!r})
Path({ready!r}).write_text("typed")
time.sleep(60)
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_edit_keeps_the_text_and_says_where(sheet, tmp_path, signum):
    ready = tmp_path / "ready"
    editor = tmp_path / "editor.py"
    editor.write_text(EDITOR.format(typed=TYPED, ready=str(ready)))
    env = {**os.environ, "EDITOR": f"{sys.executable} {editor}"}
    errors = tmp_path / "stderr"
    process = subprocess.Popen(
        [Path(sys.executable).with_name("partnerkit"), "edit", sheet], env=env, stderr=errors.open("wb"), start_new_session=True
    )
    for _ in range(600):
        if ready.exists():
            break
        time.sleep(0.05)
    original = sheet.read_bytes()
    process.send_signal(signum)
    try:
        process.wait(timeout=30)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # the editor too, should it still run
    message = errors.read_text()
    assert process.returncode == 128 + signum, message
    assert "Traceback" not in message
    copy = Path(re.search(r"kept in (\S+?);", message).group(1))
    assert TYPED in copy.read_text()
    assert sheet.read_bytes() == original


def test_a_signal_before_anything_was_typed_is_one_line(sheet, tmp_path):
    ready = tmp_path / "ready"
    editor = tmp_path / "editor.py"
    editor.write_text(EDITOR.format(typed="", ready=str(ready)))
    errors = tmp_path / "stderr"
    process = subprocess.Popen(
        [Path(sys.executable).with_name("partnerkit"), "edit", sheet],
        env={**os.environ, "EDITOR": f"{sys.executable} {editor}"}, stderr=errors.open("wb"), start_new_session=True,
    )
    for _ in range(600):
        if ready.exists():
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 143
    assert errors.read_text().startswith("error: edit stopped by SIGTERM;"), errors.read_text()
    assert "Traceback" not in errors.read_text()


# --- `new`: the target re-checked before writing ------------------------------------------


class Script:
    """A prompter for the bundled guide: one partner named Org, defaults everywhere else, then save.

    `during` runs when the welcome is shown (as if someone else saved the target meanwhile);
    `instead` is the answer to "save to which file instead?".
    """

    def __init__(self, guide, during=None, replace=False, instead=""):
        self.guide, self.during, self.replace, self.instead = guide, during, replace, instead
        self.asked: list[str] = []

    def show(self, content, title=None):
        if title == self.guide.name and self.during:
            self.during()

    def heading(self, text): ...

    def warn(self, text): ...

    def progress(self, text): ...

    def text(self, message, hint=None, default="", validate=None, suggestions=()):
        self.asked.append(message)
        if "instead" in message:
            return self.instead
        return default or "Org"

    def confirm(self, message, hint=None, default=False):
        self.asked.append(message)
        return self.replace if "changed by someone else" in message else default

    def select(self, message, choices, hint=None, default=None):
        self.asked.append(message)
        save = self.guide.phrases["review_save"]
        return save if save in choices else (default or choices[0])


def test_new_never_silently_replaces_a_file_changed_during_the_interview(tmp_path, guide):
    target = tmp_path / "team.yaml"
    script = Script(guide, during=lambda: target.write_text("theirs\n"), instead=str(tmp_path / "mine.yaml"))
    saved = new_worksheet(target, guide, script)
    assert target.read_text() == "theirs\n"
    assert saved == tmp_path / "mine.yaml" and saved.read_text().startswith("#")
    assert any("changed by someone else" in message for message in script.asked)


def test_new_replaces_a_changed_file_only_with_consent(tmp_path, guide):
    target = tmp_path / "team.yaml"
    script = Script(guide, during=lambda: target.write_text("theirs\n"), replace=True)
    assert new_worksheet(target, guide, script) == target
    assert target.read_text() != "theirs\n"


def test_new_declining_both_keeps_the_draft_and_their_file(tmp_path, guide):
    target = tmp_path / "team.yaml"
    script = Script(guide, during=lambda: target.write_text("theirs\n"))
    with pytest.raises(PartnerkitError, match="changed while you answered") as caught:
        new_worksheet(target, guide, script)
    assert target.read_text() == "theirs\n"
    assert "kept in" in caught.value.hint and (tmp_path / ".team.yaml.draft").is_file()


def test_new_keeps_the_draft_and_says_so_when_the_save_fails(tmp_path, guide, monkeypatch):
    target = tmp_path / "team.yaml"

    def full(*args, **kwargs):
        raise PartnerkitError(f"cannot write {target} (No space left on device)")

    monkeypatch.setattr("partnerkit.worksheet.store.atomic_write", full)
    with pytest.raises(PartnerkitError) as caught:
        new_worksheet(target, guide, Script(guide))
    assert "kept in" in caught.value.hint and (tmp_path / ".team.yaml.draft").is_file()


def test_new_refuses_a_read_only_target_before_any_question(tmp_path, guide):
    target = tmp_path / "team.yaml"
    target.write_text("x")
    target.chmod(0o444)
    script = Script(load_guide())
    with pytest.raises(PartnerkitError, match="read-only"):
        new_worksheet(target, load_guide(), script)
    assert script.asked == []
