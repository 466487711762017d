"""No plaintext where the team chose encryption: an encrypted worksheet's text reaches the disk only
encrypted, or where the person asked for it (`unlock`, a `--redact`ed export).

Each test scans the folders involved for a marker kept in the worksheet's private fields.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest

from partnerkit.files import writing
from partnerkit.files.writing import in_memory, memory_folder
from support import EXAMPLE, in_a_terminal, partnerkit

MARKER = "MRKR-18e"
EDITOR = """
import sys
from pathlib import Path
target = Path(sys.argv[-1])
Path({record!r}).write_text(str(target))  # where the plaintext was (no text of it)
text = target.read_text(encoding="utf-8")
if not text.startswith("#!"):  # its problems listed at the top: give up, changing nothing
    target.write_text(text + {append!r}, encoding="utf-8")
"""


def files_holding(text: str, *folders: Path) -> list[Path]:
    needle = text.encode()
    return sorted(p for folder in folders for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes())


@pytest.fixture
def locked(tmp_path) -> tuple[Path, Path]:
    """(an encrypted team worksheet with the marker in a private field, the key that opens it)."""
    key = tmp_path / "key.txt"
    public = partnerkit("key", "new", key).stdout.decode().strip()
    plain = tmp_path / "team.yaml"
    plain.write_text(EXAMPLE.read_text().replace("who: Dana and Marisol", f"who: Dana and Marisol {MARKER}", 1))
    assert partnerkit("lock", plain, "--to", public).returncode == 0
    return tmp_path / "team.yaml.age", key


def editor_env(tmp_path: Path, append: str = "") -> tuple[dict[str, str], Path]:
    """An editor that appends `append` and records where the file it opened was (kept out of tmp_path's scans)."""
    tools = tmp_path.with_name(tmp_path.name + "-editor")
    tools.mkdir(exist_ok=True)
    record = tools / "where.txt"
    script = tools / "editor.py"
    script.write_text(EDITOR.format(record=str(record), append=append))
    return {"EDITOR": f"{sys.executable} {script}", "VISUAL": ""}, record


# --- `new --from FILE.age` ----------------------------------------------------------------------


@pytest.mark.slow
def test_new_into_a_plain_file_from_an_encrypted_one_is_refused_before_any_question(locked, tmp_path):
    sheet, key = locked
    child = in_a_terminal(tmp_path, "new", "team.yaml", "--from", sheet.name, env={"PARTNERKIT_IDENTITY": str(key)})
    child.expect(pexpect.EOF)
    output = child.before
    child.close()
    assert child.exitstatus == 1, output
    assert "team.yaml.age is encrypted: its answers are not written to team.yaml in plain text" in output
    assert "partnerkit new team.yaml.age --from team.yaml.age" in output and "?" not in output.split("error:")[0]
    assert not (tmp_path / "team.yaml").exists() and not (tmp_path / ".team.yaml.draft").exists()
    assert files_holding(MARKER, tmp_path) == []


def test_saving_elsewhere_keeps_an_encrypted_worksheets_answers_encrypted(tmp_path, guide):
    """The target changed while the person answered; they are asked for another file: a plain one is refused."""
    import pyrage
    from test_faults_typed_text import Script

    from partnerkit.errors import PartnerkitError
    from partnerkit.files.age import Keyring
    from partnerkit.interview.run import new_worksheet

    target = tmp_path / "team.yaml.age"
    public = partnerkit("key", "new", tmp_path / "k.txt").stdout.decode().strip()
    (tmp_path / "team.yaml.age.recipients").write_text(public + "\n")
    theirs = pyrage.encrypt(EXAMPLE.read_bytes(), [pyrage.x25519.Recipient.from_str(public)])  # a teammate's save
    answers = iter([str(tmp_path / "mine.yaml"), str(tmp_path / "mine.yaml.age"), ""])
    warned: list[str] = []
    script = Script(guide, during=lambda: target.write_bytes(theirs))
    script.text = lambda message, *args, **kwargs: next(answers) if "instead" in message else "Org"
    script.warn = warned.append
    with pytest.raises(PartnerkitError, match="changed while you answered"):
        new_worksheet(target, guide, script, keys=Keyring(tmp_path / "k.txt"))
    assert "not written to" in warned[0] and "cannot encrypt" in warned[1]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".team.yaml.age.draft", "k.txt", "team.yaml.age", "team.yaml.age.recipients"]
    assert (tmp_path / ".team.yaml.age.draft").read_bytes().startswith(b"age-encryption.org/v1\n")


# --- `edit`: a memory folder is one the mount table says is in memory ----------------------------


def test_only_a_folder_the_mount_table_says_is_in_memory_counts(tmp_path, monkeypatch):
    table = tmp_path / "mounts"
    table.write_text(
        "/dev/sda1 / ext4 rw 0 0\n"
        "tmpfs /run/user/1000 tmpfs rw 0 0\n"
        "/dev/sda2 /dev/shm ext4 rw 0 0\n"  # /dev/shm, but on disk
        "tmpfs /mnt/ram\\040disk tmpfs rw 0 0\n"  # spaces are \\040 in the table
        "/dev/sdb1 /run/user/1000/disk xfs rw 0 0\n"  # a disk mounted inside a tmpfs
    )
    monkeypatch.setattr(writing, "MOUNTS", str(table))
    assert in_memory("/run/user/1000") and in_memory("/mnt/ram disk/x")
    assert not in_memory("/dev/shm") and not in_memory("/run/user/1000/disk/x") and not in_memory("/home")
    monkeypatch.setattr(writing, "MOUNTS", str(tmp_path / "no-such-table"))  # not Linux: nothing counts
    assert not in_memory("/run/user/1000")


def test_xdg_runtime_dir_on_disk_is_not_trusted_with_plaintext(locked, tmp_path):
    sheet, key = locked
    disk = tmp_path / "runtime"
    disk.mkdir(mode=0o700)
    env, record = editor_env(tmp_path, append="# edited\n")
    result = partnerkit("edit", sheet, env={**env, "XDG_RUNTIME_DIR": str(disk), "PARTNERKIT_IDENTITY": str(key)})
    assert result.returncode == 0, result.stderr
    copy = Path(record.read_text())
    assert disk not in copy.parents
    assert in_memory(copy.parent.parent) or b"No memory-backed folder here" in result.stderr
    assert files_holding(MARKER, disk) == [] and not copy.exists()


def test_without_memory_a_given_up_edit_keeps_only_ciphertext(run, locked, tmp_path, monkeypatch):
    sheet, key = locked
    monkeypatch.setattr(writing, "MOUNTS", str(tmp_path / "no-such-table"))  # no folder counts as memory
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(scratch))
    env, _record = editor_env(tmp_path, append="status: [broken\n")
    for name, value in {**env, "PARTNERKIT_IDENTITY": str(key)}.items():
        monkeypatch.setenv(name, value)

    result = run("edit", sheet)  # the editor breaks it, then changes nothing: given up

    assert result.exit_code == 1
    assert f"the decrypted copy is in {scratch}" in result.stderr
    kept = [p for p in scratch.rglob("*") if p.is_file()]
    assert [p.name for p in kept] == ["team.yaml.age"] and kept[0].read_bytes().startswith(b"age-encryption.org/v1\n")
    assert files_holding(MARKER, tmp_path) == []


# --- an answer opened in an editor (Ctrl-X Ctrl-E) -----------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(memory_folder() is None, reason="no memory-backed folder on this system")
def test_a_note_written_in_an_editor_for_an_encrypted_worksheet_stays_in_memory(locked, tmp_path):
    sheet, key = locked
    env, record = editor_env(tmp_path, append=f"Called them {MARKER}-note")
    child = in_a_terminal(tmp_path, "log", "unidos", "--file", sheet, env={**env, "PARTNERKIT_IDENTITY": str(key), "TMPDIR": str(tmp_path)})
    child.expect("What happened with")
    child.send("\x18\x05")  # Ctrl-X Ctrl-E
    child.expect("Logged for Unidos")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    answer_file = Path(record.read_text())
    assert in_memory(answer_file.parent) and not answer_file.parent.exists()
    assert files_holding(MARKER, tmp_path) == []
    assert f"{MARKER}-note" in partnerkit("show", "-f", "json", sheet, env={"PARTNERKIT_IDENTITY": str(key)}).stdout.decode()


def test_without_memory_the_editor_key_is_off_for_an_encrypted_worksheet(monkeypatch):
    from partnerkit.cli.prompters.plain import editor_files

    monkeypatch.setattr(writing, "MEMORY_FOLDERS", ())
    with editor_files(encrypted=True) as editor:
        assert editor is False
    with editor_files(encrypted=False) as editor:
        assert editor is True


# --- what --redact shares, for a guide written before a private field existed --------------------

OLD_GUIDE_PRIVATE = "private:\n  - ask.who\n  - notes\n"


def old_guide(tmp_path: Path, public: str = "") -> Path:
    """A custom guide.yaml whose private list predates `log` and judgement questions."""
    import re

    from partnerkit.guide.loading import bundled_guide_dir

    folder = tmp_path / "guide"
    folder.mkdir()
    text = (bundled_guide_dir() / "guide.yaml").read_text()
    text = re.sub(r"^private:\n(  - .*\n)+", OLD_GUIDE_PRIVATE + public, text, flags=re.M)
    (folder / "guide.yaml").write_text(text)
    return folder


@pytest.mark.parametrize("public", ["", "public:\n  - judgements\n  - log.note\n"])
def test_a_guide_that_predates_a_private_field_still_keeps_it_private(run, tmp_path, guide, public):
    from dataclasses import replace

    from partnerkit.worksheet import store

    sheet = tmp_path / "team.yaml"
    judged = "yes-support-plan-as-is"  # the answer to a judgement question (its choice's id, as saved)
    worksheet = store.load(EXAMPLE, guide)
    store.save(sheet, replace(worksheet, considerations={**worksheet.considerations, "immigrant-led": {"detainee-safety": judged}}), guide)
    folder = old_guide(tmp_path, public)
    assert run("log", "unidos", f"Said {MARKER}-note", "--by", f"Ana {MARKER}-by", "--file", sheet).exit_code == 0

    result = run("show", "--redact", "-f", "json", "--guide", folder, sheet)
    assert result.exit_code == 0, result.output
    shared = result.stdout

    assert f"{MARKER}-by" not in shared
    assert (f"{MARKER}-note" in shared, judged in shared) == ((True, True) if public else (False, False))


# --- lock: the encrypted file is as readable as the plain one was -----------------------------------


@pytest.mark.slow
def test_lock_refuses_a_file_whose_encrypted_form_partnerkit_could_not_read(tmp_path):
    from partnerkit.files.reading import MAX_BYTES

    key = tmp_path / "key.txt"
    public = partnerkit("key", "new", key).stdout.decode().strip()
    plain = tmp_path / "team.yaml"
    text = EXAMPLE.read_text()
    plain.write_text(text + "#" * (MAX_BYTES - len(text.encode()) - 2) + "\n")  # just under the limit; age adds more
    result = partnerkit("lock", plain, "--to", public)
    assert result.returncode == 1 and b"team.yaml.age was not written: it would be 8.0 MiB" in result.stderr
    assert plain.read_text().startswith(text) and not (tmp_path / "team.yaml.age").exists()
    assert os.path.getsize(plain) <= MAX_BYTES
