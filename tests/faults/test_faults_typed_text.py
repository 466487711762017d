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


@pytest.mark.parametrize("planted", ["folder", "named pipe"])
def test_new_refuses_a_folder_or_pipe_in_the_drafts_place_before_any_question(tmp_path, guide, planted):
    draft = tmp_path / ".team.yaml.draft"
    draft.mkdir() if planted == "folder" else os.mkfifo(draft)  # a pipe would hang the first answer's save
    script = Script(guide)
    with pytest.raises(PartnerkitError, match="is not a file"):
        new_worksheet(tmp_path / "team.yaml", guide, script)
    assert script.asked == []


def test_a_read_only_draft_is_still_written(tmp_path, guide):
    draft = tmp_path / ".team.yaml.draft"
    draft.write_text("version: 1\nanswers: []\n")
    draft.chmod(0o444)
    assert new_worksheet(tmp_path / "team.yaml", guide, Script(guide), resume=False) == tmp_path / "team.yaml"


# --- `edit`: only the lines it added are taken off -------------------------------------------

OWN = b"#! our own note, kept at the top on purpose\n#!\n"


def test_edit_keeps_a_persons_own_hash_bang_lines(sheet, guide):
    sheet.write_bytes(OWN + sheet.read_bytes())
    rounds = []

    def editor(path: Path) -> int:  # first a mistake (the header appears above our lines), then its fix
        text = path.read_bytes()
        rounds.append(text)
        path.write_bytes(text.replace(b"status: asked", b"status: maybe", 1) if len(rounds) == 1 else edit_module.strip_header(text).replace(b"maybe", b"agreed", 1))
        return 0

    assert edit_file(sheet, guide, editor).value == "saved"
    assert rounds[1].startswith(b"#! partnerkit:") and OWN in rounds[1]
    assert sheet.read_bytes().startswith(OWN) and b"status: agreed" in sheet.read_bytes()


def test_edit_of_a_file_starting_with_hash_bang_lines_saves_them(sheet, guide):
    sheet.write_bytes(OWN + sheet.read_bytes())
    assert edit_file(sheet, guide, typist).value == "saved"
    assert sheet.read_bytes().startswith(OWN) and sheet.read_bytes().endswith(TYPED.encode())


# --- `log`: all that could stop it is found before the note is asked for; the note is kept after -----

WAITING = "version: 2\npartners:\n  immigrant-led:\n    - organization: Unidos en la Lucha\n      status: asked\n"


def log_in_a_terminal(folder: Path, *args: str, name: str = "unidos"):
    from support import in_a_terminal

    return in_a_terminal(folder, "log", name, *args, "--file", "team.yaml")


def ended(child) -> tuple[int, str]:
    import pexpect

    child.expect(pexpect.EOF)
    output = child.before
    child.close()
    return child.exitstatus, output


def flow_style(path: Path) -> None:
    path.write_text(WAITING.replace("    - organization: Unidos en la Lucha\n      status: asked\n", "    - {organization: Unidos en la Lucha, status: asked}\n"))


def hard_linked(path: Path) -> None:
    os.link(path, path.with_name("other-name.yaml"))


def near_the_limit(path: Path, room: int = 10) -> None:
    """The worksheet padded with comments to `room` bytes under what partnerkit reads."""
    from partnerkit.files.reading import MAX_BYTES

    line = "# " + "x" * 97 + "\n"
    padding = MAX_BYTES - room - len(WAITING)
    path.write_text(WAITING + line * (padding // len(line)) + "#" * (padding % len(line) - 1) + "\n")


REFUSED_BEFORE_TYPING = {
    "read-only": (lambda path: path.chmod(0o444), [], 1, "read-only"),
    "hard-linked": (hard_linked, [], 1, "hard link"),
    "flow-style": (flow_style, [], 1, "{...}"),
    "no-open-flag": (lambda path: None, ["--addressed", "harm"], 2, "no open harm flag"),
    "no-such-partner": (lambda path: None, [], 2, "no partner matches"),
    "too-large": (near_the_limit, [], 1, "was not written: it would be 8.0 MiB"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", REFUSED_BEFORE_TYPING)
def test_log_in_a_terminal_refuses_before_the_note_is_asked_for(tmp_path, case):
    spoil, options, code, message = REFUSED_BEFORE_TYPING[case]
    path = tmp_path / "team.yaml"
    path.write_text(WAITING)
    spoil(path)
    before = path.read_bytes()
    status, output = ended(log_in_a_terminal(tmp_path, *options, name="nobody" if case == "no-such-partner" else "unidos"))
    assert (status, "What happened" in output) == (code, False), output
    assert message in output and "Traceback" not in output
    assert path.read_bytes() == before


@pytest.mark.slow
def test_log_in_a_terminal_refuses_an_encrypted_worksheet_it_could_not_encrypt_again(tmp_path):
    from support import in_a_terminal, partnerkit

    key = tmp_path / "mine.txt"
    public = partnerkit("key", "new", key).stdout.decode().strip()
    path = tmp_path / "team.yaml"
    path.write_text(WAITING)
    assert partnerkit("lock", path, "--to", public).returncode == 0
    recipients = tmp_path / "team.yaml.age.recipients"  # a key planted in it: the team never agreed
    recipients.write_text(recipients.read_text() + partnerkit("key", "new", tmp_path / "planted.txt").stdout.decode())
    before = (tmp_path / "team.yaml.age").read_bytes()

    child = in_a_terminal(tmp_path, "log", "unidos", "--file", "team.yaml.age", env={"PARTNERKIT_IDENTITY": str(key)})

    status, output = ended(child)
    assert (status, "What happened" in output) == (1, False), output
    assert "does not name the team recorded inside" in output and (tmp_path / "team.yaml.age").read_bytes() == before


NOTE = "Their organizer called back: yes, with two conditions."


AFTER_TYPING = {  # what stops the write once the note is typed, and what the message says
    "made read-only meanwhile": (lambda path: path.chmod(0o444), NOTE, "read-only"),
    "deleted meanwhile": (lambda path: path.unlink(), NOTE, "no such file"),
    "a note too long for the file": (lambda path: None, NOTE * 20, "it would be 8.0 MiB"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", AFTER_TYPING)
def test_log_prints_the_typed_note_when_the_write_fails_afterwards(tmp_path, case):
    spoil, note, message = AFTER_TYPING[case]
    path = tmp_path / "team.yaml"
    near_the_limit(path, room=400)  # room for a note, not for a long one
    child = log_in_a_terminal(tmp_path)
    child.expect("What happened with Unidos en la Lucha")
    spoil(path)
    after = path.read_bytes() if path.exists() else None
    child.send(note + "\r")
    status, output = ended(child)
    assert status == 1, output
    assert message in output and "Traceback" not in output
    kept = output.split("Your note was not recorded. Here it is, to log it again:", 1)[1]
    assert " ".join(note.split()) in " ".join(kept.split())  # as typed (the terminal may wrap it)
    assert (path.read_bytes() if path.exists() else None) == after


@pytest.mark.slow
def test_a_typed_answer_that_is_not_utf8_is_refused_and_kept_to_correct(tmp_path):
    path = tmp_path / "team.yaml"
    path.write_text(WAITING)
    child = log_in_a_terminal(tmp_path)
    child.expect("What happened with")
    os.write(child.child_fd, b"caf\xe9")  # typed in a Latin-1 terminal
    child.send("\r")
    child.expect("not UTF-8")
    child.send("\x7fe\r")  # the text stays in the prompt: correct the last letter
    status, output = ended(child)
    assert status == 0, output
    assert "note: cafe" in path.read_text()


def test_a_note_argument_that_is_not_utf8_is_a_usage_error(tmp_path):
    from support import partnerkit

    path = tmp_path / "team.yaml"
    path.write_text(WAITING)
    for args in (["unidos", b"caf\xe9".decode("utf-8", "surrogateescape")], ["unidos", "x", "--by", b"\xff".decode("utf-8", "surrogateescape")]):
        result = partnerkit("log", *args, "--file", path)
        assert result.returncode == 2, result.stderr
        assert b"not UTF-8" in result.stderr and b"Traceback" not in result.stderr
    assert path.read_text() == WAITING
