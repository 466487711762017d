"""Write only what you mean: links, special files, read-only targets, owners, full disks, odd paths.

Every failing command leaves the user's files as they were and says why in one message.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import threading
from pathlib import Path

import pytest

from partnerkit.errors import PartnerkitError
from partnerkit.files import writing as yamlio
from partnerkit.files.writing import atomic_write, check_writable
from partnerkit.interview.drafts import Draft

ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(not ROOT, reason="needs root (chown to another user, mount a tmpfs)")
needs_non_root = pytest.mark.skipif(ROOT, reason="root ignores permission bits")


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp") or p.name.startswith(".partnerkit-probe"))


# --- links ----------------------------------------------------------------------------------


def test_a_planted_draft_link_is_refused_not_written_through(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    draft = Draft(tmp_path / "w.yaml")
    draft.path.symlink_to(victim)
    with pytest.raises(PartnerkitError, match="symbolic link"):
        draft.save([("text", "q", "a")])
    with pytest.raises(PartnerkitError, match="symbolic link"):
        draft.load()
    assert victim.read_text() == "precious"
    assert draft.path.is_symlink()


def test_a_dangling_planted_draft_link_is_refused_before_the_interview(keyboard, tmp_path):
    (tmp_path / ".team.yaml.draft").symlink_to(tmp_path / "created-by-attacker")
    result = keyboard("team.yaml", keys="")
    assert result.exit_code == 1
    assert "symbolic link" in result.stderr
    assert not (tmp_path / "created-by-attacker").exists()


def test_a_worksheet_that_is_a_link_is_written_through_and_stays_a_link(tmp_path):
    real = tmp_path / "shared" / "team.yaml"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "team.yaml"
    link.symlink_to(real)
    atomic_write(link, "new\n")
    assert link.is_symlink() and real.read_text() == "new\n"
    assert leftovers(real.parent) == []


def test_a_dangling_link_is_not_followed_to_create_a_file(tmp_path):
    link = tmp_path / "team.yaml"
    link.symlink_to(tmp_path / "elsewhere.yaml")
    with pytest.raises(PartnerkitError, match="symbolic link to nothing"):
        atomic_write(link, "x")
    assert not (tmp_path / "elsewhere.yaml").exists()


def test_the_scratch_file_is_created_exclusively(tmp_path, monkeypatch):
    import tempfile

    flags = []
    real_open = os.open

    def spy(path, flag, *args, **kwargs):
        flags.append(flag)
        return real_open(path, flag, *args, **kwargs)

    monkeypatch.setattr(tempfile._os, "open", spy)
    atomic_write(tmp_path / "w.yaml", "x")
    created = [f for f in flags if f & os.O_CREAT]
    assert created and all(f & os.O_EXCL and f & os.O_NOFOLLOW for f in created)


# --- special files --------------------------------------------------------------------------


def test_output_onto_a_named_pipe_writes_into_it_and_keeps_the_pipe(run, tmp_path, example_sheet):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run("show", "-f", "csv", "-o", fifo, example_sheet)
    reader.join(10)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received and received[0].startswith("\ufeffcategory,".encode())


def test_output_onto_a_character_device_writes_into_it_and_keeps_the_node(run, example_sheet):
    before = os.stat("/dev/null")
    result = run("show", "-f", "json", "-o", "/dev/null", example_sheet)
    assert result.exit_code == 0, result.output
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_output_onto_a_folder_or_socket_is_refused(run, tmp_path, example_sheet):
    import socket

    result = run("show", "-f", "csv", "-o", tmp_path, example_sheet)
    assert result.exit_code == 1 and "folder" in result.stderr
    sock_path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        result = run("show", "-f", "csv", "-o", sock_path, example_sheet)
    assert result.exit_code == 1 and "not a regular file" in result.stderr


# --- read-only, hard links, owner and mode ---------------------------------------------------


@pytest.mark.parametrize("command", [["init"], ["show", "-f", "markdown", "-o"]])
def test_a_read_only_target_is_refused_unless_forced(run, tmp_path, example_sheet, command):
    target = tmp_path / "out.txt"
    target.write_text("keep me")
    target.chmod(0o444)
    args = [*command, target] + ([example_sheet] if command[0] == "show" else [])
    if command == ["init"]:
        args.append("--force")  # init's --force replaces an existing file; read-only needs it too
        target.chmod(0o444)
    refused = run(*args) if command[0] == "show" else None
    if refused is not None:
        assert refused.exit_code == 1 and "read-only" in refused.stderr
        assert target.read_text() == "keep me"
    forced = run(*args, "--force") if command[0] == "show" else run(*args)
    assert forced.exit_code == 0, forced.output
    assert target.read_text() != "keep me"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444  # its mode is kept


def test_edit_refuses_a_read_only_worksheet_before_the_editor_opens(run, tmp_path, example_sheet, monkeypatch):
    monkeypatch.setenv("EDITOR", "false")  # would fail, were it started
    sheet = tmp_path / "w.yaml"
    sheet.write_bytes(example_sheet.read_bytes())
    sheet.chmod(0o400)
    result = run("edit", sheet)
    assert result.exit_code == 1 and "read-only" in result.stderr and "--force" in result.stderr


def test_a_hard_linked_target_is_named_and_refused_unless_forced(tmp_path):
    target = tmp_path / "w.yaml"
    target.write_text("old")
    os.link(target, tmp_path / "other.yaml")
    with pytest.raises(PartnerkitError, match="1 other hard link"):
        atomic_write(target, "new")
    atomic_write(target, "new", force=True)
    assert target.read_text() == "new" and (tmp_path / "other.yaml").read_text() == "old"


def test_mode_is_kept_and_a_new_file_is_private(tmp_path):
    target = tmp_path / "w.yaml"
    atomic_write(target, "a")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    target.chmod(0o640)
    atomic_write(target, "b")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@needs_root
def test_owner_and_group_are_kept_when_replacing(tmp_path):
    target = tmp_path / "w.yaml"
    target.write_text("a")
    os.chown(target, 65534, 65534)
    atomic_write(target, "b")
    info = target.stat()
    assert (info.st_uid, info.st_gid) == (65534, 65534)


def test_the_folder_is_synced_after_the_rename(tmp_path, monkeypatch):
    synced = []
    monkeypatch.setattr(yamlio, "_sync_folder", synced.append)
    atomic_write(tmp_path / "w.yaml", "x")
    assert synced == [tmp_path]


# --- full disk ------------------------------------------------------------------------------


def test_an_injected_full_disk_leaves_the_old_file_and_no_scratch(tmp_path, monkeypatch):
    target = tmp_path / "w.yaml"
    target.write_text("old")

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(yamlio.os, "fsync", full)
    with pytest.raises(PartnerkitError, match="No space left on device"):
        atomic_write(target, "new" * 1000)
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


@pytest.fixture
def tiny_disk(tmp_path):
    """A 64 KiB tmpfs (root only); skips where it cannot be mounted."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if not ROOT or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("needs root and permission to mount a tmpfs")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_real_full_disk_is_one_message_and_the_old_file_survives(run, tiny_disk, example_sheet):
    target = tiny_disk / "w.yaml"
    target.write_bytes(example_sheet.read_bytes())
    (tiny_disk / "filler").write_bytes(b"x" * (64 * 1024 - 2 * len(example_sheet.read_bytes())))
    result = run("show", "-f", "html", "-o", tiny_disk / "out.html", target)
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
    assert target.read_bytes() == example_sheet.read_bytes()
    assert leftovers(tiny_disk) == []


# --- paths that cannot work -----------------------------------------------------------------


def odd_paths(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "file").write_text("x")
    (tmp_path / "loop1").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop1")
    return {
        "through-a-file": tmp_path / "file" / "w.yaml",
        "name-too-long": tmp_path / ("n" * 300 + ".yaml"),
        "symlink-loop": tmp_path / "loop1",
        "missing-folder": tmp_path / "no" / "such" / "w.yaml",
        "empty-name": Path(""),
    }


@pytest.mark.parametrize("kind", ["through-a-file", "name-too-long", "symlink-loop", "missing-folder", "empty-name"])
@pytest.mark.parametrize("command", ["show", "check", "edit", "init", "show-o", "new"])
def test_a_path_that_cannot_work_is_one_message(run, keyboard, tmp_path, example_sheet, monkeypatch, kind, command):
    monkeypatch.setenv("EDITOR", "false")
    path = odd_paths(tmp_path)[kind]
    if command == "new":
        result = keyboard(path, keys="")
    elif command == "show-o":
        result = run("show", "-f", "csv", "-o", path, example_sheet)
    else:
        result = run(command, path)
    text = result.stdout + result.stderr
    assert result.exit_code in (1, 2), text
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in text and text.strip()


@needs_non_root
def test_a_folder_without_permission_is_one_message(run, tmp_path, example_sheet):
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "w.yaml").write_bytes(example_sheet.read_bytes())
    folder.chmod(0)
    try:
        for args in (["check", folder / "w.yaml"], ["init", folder / "new.yaml"]):
            result = run(*args)
            assert result.exit_code == 1 and "ermission denied" in result.stdout + result.stderr
    finally:
        folder.chmod(0o700)


def test_an_unwritable_folder_is_found_before_any_question(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    if ROOT:
        pytest.skip("root writes in any folder; the tmpfs test covers a read-only file system") if subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "ro,size=16k", "tmpfs", str(folder)], capture_output=True
        ).returncode else None
    else:
        folder.chmod(0o500)
    try:
        with pytest.raises(PartnerkitError, match="cannot write in"):
            check_writable(folder / "w.yaml")
    finally:
        if ROOT:
            subprocess.run(["umount", "-l", str(folder)], check=False)
        folder.chmod(0o700)


def test_new_into_a_folder_fails_before_the_interview(keyboard, tmp_path):
    (tmp_path / "team").mkdir()
    result = keyboard(tmp_path / "team", keys="")
    assert result.exit_code == 1
    assert "is a folder" in result.stderr
