"""Every command given a broken or hostile file answers with one clear message and exit 1: fast,
without a traceback, without executing anything, and without touching the file.

Each case is a fixture file in tests/fixtures/hostile/, except those that cannot be one (a missing
file, a folder, an unreadable file, a named pipe, a 50 MB file), which are made in tmp_path.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import FIXTURES

HOSTILE = FIXTURES / "hostile"
MARKER = "pwned-marker"  # what the !!python payloads would create in the working folder

# fixture -> (line, column, part of the message); line None where no position applies
EXPECTED: dict[str, tuple[int | None, int | None, str]] = {
    "empty.yaml": (None, None, "worksheet: expected a mapping of key: value, the file is empty"),
    "not-utf8.yaml": (3, 12, "not UTF-8 text"),
    "nul-byte.yaml": (3, 14, "control characters are not allowed (character #x0000)"),
    "tabs.yaml": (3, 1, "a tab character; YAML indents with spaces only"),
    "unclosed-quote.yaml": (5, 1, "while scanning a quoted scalar that starts at line 3, column 9"),
    "duplicate-keys.yaml": (6, 5, "duplicate key 'status' (first given on line 5)"),
    "top-level-list.yaml": (1, 1, "worksheet: expected a mapping of key: value, found a list"),
    "top-level-scalar.yaml": (1, 1, "worksheet: expected a mapping of key: value, found text"),
    "wrong-types-top.yaml": (1, 10, "version: expected a whole number, found text"),
    "wrong-types-nested.yaml": (10, 19, "partners.interfaith[2].organization: expected text, found a number"),
    "unknown-keys.yaml": (7, 5, "unknown key 'statsu' (did you mean \"status\"?)"),
    "python-tag.yaml": (4, 19, "YAML tag !!python/object/apply:os.system is not allowed"),
    "python-tag-top.yaml": (1, 1, "YAML tag !!python/object/apply:os.system is not allowed"),
    "python-tag-new.yaml": (2, 9, "YAML tag !!python/object/new:subprocess.Popen is not allowed"),
    "python-name.yaml": (3, 9, "YAML tag !!python/name:os.system is not allowed"),
    "alias-bomb.yaml": (9, 4, "partners.jewish[1]: expected a mapping of key: value, found a list"),
    "merge-key.yaml": (5, 5, "YAML tag !!merge is not allowed"),
    "deep-nesting.yaml": (2, 1008, "exceeded maximum nesting depth"),
    "newer-version.yaml": (1, 10, "reads worksheet versions 1 to 3, not 7 (written by a newer partnerkit? upgrade it)"),
}

COMMANDS: dict[str, list[str]] = {
    "show": ["show"],
    "markdown": ["show", "--format", "markdown"],
    "csv": ["show", "--format", "csv"],
    "json": ["show", "--format", "json"],
    "html": ["show", "--format", "html", "-o", "out.html"],
    "check": ["check"],
    "check-json": ["check", "--format", "json"],
    "edit": ["edit"],
    "ics": ["show", "--format", "ics"],
    "agenda": ["agenda"],
    "agenda-markdown": ["agenda", "--format", "markdown"],
    "log": ["log", "unidos", "a note", "--file"],
}

NOOP_EDITOR = "import sys; sys.exit(0)  # saves nothing: the user quits the editor\n"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding only the case; a no-op $EDITOR; edit's copies in a folder we watch."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    script = tmp_path / "noop_editor.py"
    script.write_text(NOOP_EDITOR)
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")
    monkeypatch.delenv("VISUAL", raising=False)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    return work


def test_every_fixture_has_an_expectation():
    assert sorted(p.name for p in HOSTILE.iterdir()) == sorted(EXPECTED)


def run_timed(run, command: str, name: str):
    start = time.monotonic()
    result = run(*COMMANDS[command], name)
    return result, time.monotonic() - start


def assert_refused(result, elapsed: float, workdir: Path) -> None:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # no uncaught exception
    assert "Traceback" not in result.output
    assert elapsed < 2.0
    assert not (workdir / MARKER).exists()
    assert not (workdir / "out.html").exists()
    assert not os.listdir(workdir.parent / "scratch")  # edit left no copy behind: nothing to keep


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_fixture(run, workdir: Path, command: str, name: str):
    target = workdir / name
    shutil.copyfile(HOSTILE / name, target)
    before = target.read_bytes()

    result, elapsed = run_timed(run, command, name)

    assert_refused(result, elapsed, workdir)
    assert target.read_bytes() == before
    line, column, message = EXPECTED[name]
    if command == "check-json":
        report = json.loads(result.stdout)
        assert report["valid"] is False and report["file"] == name
        assert any((e["line"], e["column"]) == (line, column) and message in e["message"] for e in report["errors"])
    else:
        where = f"{name}:{line}:{column}: " if line else f"{name}: "
        assert any(where in text and message in text for text in result.output.splitlines()), result.output


def _missing(path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    return "no such file"


def _folder(path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path.mkdir()
    return "is a folder, not a file"


def _pipe(path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    os.mkfifo(path)  # opening it to read would wait forever for a writer
    return "is not a regular file"


def _huge(path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    entry = b"  - organization: Org\n    why: a reason\n"
    with path.open("wb") as handle:
        handle.write(b"version: 1\npartners:\n  jewish:\n")
        handle.write(entry * (50 * 2**20 // len(entry)))
    return "is too large (50.0 MiB; a worksheet is at most 8 MiB)"


def _unreadable(path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path.write_text("version: 1\n")
    path.chmod(0)
    if os.geteuid() == 0:
        # root reads a mode-000 file anyway; make this one path fail as it would for anyone else
        real_open = os.open

        def refusing_open(name, *args, **kwargs):
            if os.path.basename(name) == path.name:
                raise PermissionError(13, "Permission denied", str(name))
            return real_open(name, *args, **kwargs)

        monkeypatch.setattr(os, "open", refusing_open)  # read_bytes opens with os.open (without blocking)
    return "permission denied (cannot read it)"


def _state(path: Path) -> object:
    if not path.exists():
        return None
    info = path.stat()
    return (info.st_mode, info.st_size, info.st_mtime_ns, sorted(os.listdir(path)) if path.is_dir() else None)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("make", [_missing, _folder, _pipe, _huge, _unreadable], ids=lambda f: f.__name__[1:])
def test_unusable_path(run, workdir: Path, monkeypatch: pytest.MonkeyPatch, command: str, make):
    name = "case.yaml"
    message = make(workdir / name, monkeypatch)
    before = _state(workdir / name)

    result, elapsed = run_timed(run, command, name)

    assert_refused(result, elapsed, workdir)
    assert _state(workdir / name) == before
    if command == "check-json":
        assert json.loads(result.stdout)["errors"][0]["message"].endswith(message)
    else:
        assert f"{name}{'' if message.startswith('is') else ':'} {message}" in result.output


@pytest.mark.parametrize("name", ["python-tag-top.yaml", "python-tag-new.yaml", "alias-bomb.yaml"])
def test_installed_command_refuses_payloads(tmp_path: Path, name: str):
    """The real executable, in its own process: nothing runs, nothing hangs, no traceback."""
    shutil.copyfile(HOSTILE / name, tmp_path / name)
    command = Path(sys.executable).with_name("partnerkit")
    done = subprocess.run([command, "check", name], cwd=tmp_path, capture_output=True, text=True, timeout=10)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert f"{name}:" in done.stdout
    assert not (tmp_path / MARKER).exists()
