"""`partnerkit edit`, driven by a scripted $EDITOR that follows a plan, one step per opening."""

from __future__ import annotations

import json
import shlex
import stat
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import FIXTURES
from partnerkit.editing.header import MARK, strip_header, with_header
from partnerkit.errors import Problem

EDITOR_SCRIPT = r'''
import json, os, stat, sys
from pathlib import Path

plan_file, target = Path(sys.argv[1]), Path(sys.argv[-1])
plan = json.loads(plan_file.read_text())
step = plan["steps"][len(plan["seen"])]
plan["seen"].append(target.read_text(encoding="utf-8"))
plan["paths"].append(str(target))
plan["modes"].append([stat.S_IMODE(target.stat().st_mode), stat.S_IMODE(target.parent.stat().st_mode)])
plan["args"].append(sys.argv[2:-1])
plan_file.write_text(json.dumps(plan))
if "replace" in step:
    old, new = step["replace"]
    text = target.read_text(encoding="utf-8")
    assert old in text, old
    target.write_bytes(text.replace(old, new).encode())
if "write" in step:
    target.write_bytes(step["write"].encode())
if "outside" in step:  # someone else saves the real file while the editor is open
    Path(step["outside"][0]).write_text(step["outside"][1])
if "run" in step:  # a teammate's command runs while the editor is open
    import subprocess
    subprocess.run([sys.executable, step["run"]], check=True)
sys.exit(step.get("status", 0))
'''

VALID = """# Our worksheet. A comment the user wrote, which must survive.
version: 1
action:
  name: Vigil
  date: 2027-08-12
partners:
  immigrant-led:
  - organization: Unidos
    status: asked   # asked them in May
"""


class Editor:
    """Writes the script and its plan, and points $EDITOR at it."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.script = folder / "editor.py"
        self.script.write_text(EDITOR_SCRIPT)
        self.plan = folder / "plan.json"
        self.monkeypatch = monkeypatch
        monkeypatch.delenv("VISUAL", raising=False)

    def will(self, *steps: dict, extra: str = "", variable: str = "EDITOR") -> None:
        self.plan.write_text(json.dumps({"steps": list(steps), "seen": [], "paths": [], "modes": [], "args": []}))
        command = f"{shlex.quote(sys.executable)} {shlex.quote(str(self.script))} {shlex.quote(str(self.plan))} {extra}"
        self.monkeypatch.setenv(variable, command.strip())

    def _plan(self) -> dict:
        return json.loads(self.plan.read_text())

    @property
    def seen(self) -> list[str]:
        return self._plan()["seen"]

    @property
    def paths(self) -> list[str]:
        return self._plan()["paths"]

    @property
    def modes(self) -> list[list[int]]:
        return self._plan()["modes"]

    @property
    def args(self) -> list[list[str]]:
        return self._plan()["args"]


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Editor:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where edit makes its private copies
    return Editor(tmp_path, monkeypatch)


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "worksheet.yaml"
    path.write_text(VALID)
    return path


def scratch_contents(tmp_path: Path) -> list[Path]:
    return sorted(p for p in (tmp_path / "scratch").rglob("*"))


def test_invalid_then_fixed_saves_the_users_exact_text(run, editor, sheet, tmp_path):
    editor.will({"replace": ["status: asked", "status: maybe"]}, {"replace": ["status: maybe", "status: agreed"]})

    result = run("edit", sheet)

    assert result.exit_code == 0, result.output
    assert result.stdout == f"Saved {sheet}.\n"
    assert sheet.read_text() == VALID.replace("status: asked", "status: agreed")  # comments kept, header gone
    first, second = editor.seen
    assert first == VALID
    header = [line for line in second.splitlines() if line.startswith("#!")]
    assert "#! line 15, column 13: partners.immigrant-led[1].status: 'maybe' is not one of planned, asked, agreed, declined" in header
    assert second.splitlines()[14].startswith("    status: maybe")  # line 15 in the editor, as the header says
    assert scratch_contents(tmp_path) == []


def test_a_flood_of_tiny_items_typed_into_the_copy_is_refused_before_parsing(run, editor, sheet):
    """The editor's copy is the user's text, not a file read with its bounds: the same limits apply to it."""
    flood = VALID + "notes: [" + "a," * 600_000 + "a]\n"  # 1.2 MB, but 600,000 separators
    editor.will({"write": flood}, {"write": VALID.replace("Vigil", "Our vigil")})

    result = run("edit", sheet)

    assert result.exit_code == 0, result.output
    header = [line for line in editor.seen[1].splitlines() if line.startswith("#!")]
    assert any("is too large (600,0" in line and "a worksheet has at most 500,000)" in line for line in header), header
    assert "Our vigil" in sheet.read_text()


def test_private_copy_has_the_same_name_in_a_private_folder(run, editor, sheet):
    editor.will({})

    run("edit", sheet)

    assert Path(editor.paths[0]).name == "worksheet.yaml"
    assert Path(editor.paths[0]).parent != sheet.parent
    assert editor.modes == [[0o600, 0o700]]


def test_unchanged_valid_file_is_left_alone(run, editor, sheet, tmp_path):
    editor.will({})
    before = sheet.stat().st_mtime_ns

    result = run("edit", sheet)

    assert result.exit_code == 0
    assert result.stdout == f"No changes; {sheet} was left as it was.\n"
    assert sheet.read_text() == VALID and sheet.stat().st_mtime_ns == before
    assert scratch_contents(tmp_path) == []


def test_giving_up_on_invalid_text_keeps_it_and_says_where(run, editor, sheet, tmp_path):
    editor.will({"replace": ["status: asked", "status: maybe"]}, {})

    result = run("edit", sheet)

    assert result.exit_code == 1
    assert sheet.read_text() == VALID
    [kept] = [p for p in scratch_contents(tmp_path) if p.is_file()]
    assert kept.read_text() == VALID.replace("status: asked", "status: maybe")  # without the #! lines
    assert f"edit cancelled: no changes saved, and problems remain; {sheet} was not changed" in result.stderr
    assert f"{kept}:9:13: partners.immigrant-led[1].status: 'maybe' is not one of" in result.stderr
    assert f"your text is kept in {kept}" in result.stderr


def test_saving_empty_cancels_and_keeps_nothing(run, editor, sheet, tmp_path):
    editor.will({"write": "\n  \n"})

    result = run("edit", sheet)

    assert result.exit_code == 1
    assert "edit cancelled: the file was saved empty" in result.stderr
    assert sheet.read_text() == VALID
    assert scratch_contents(tmp_path) == []


def test_empty_after_the_error_header_also_cancels(run, editor, sheet):
    editor.will({"replace": ["version: 1", "version: one"]}, {"write": "#! partnerkit: this worksheet has problems\n#!\n"})

    result = run("edit", sheet)

    assert result.exit_code == 1
    assert "saved empty" in result.stderr
    assert sheet.read_text() == VALID


def test_editor_failure_cancels_and_keeps_the_changed_text(run, editor, sheet, tmp_path):
    editor.will({"replace": ["Vigil", "Vigil at the gates"], "status": 3})

    result = run("edit", sheet)

    assert result.exit_code == 1
    assert "edit cancelled: the editor exited with status 3" in result.stderr
    assert sheet.read_text() == VALID
    [kept] = [p for p in scratch_contents(tmp_path) if p.is_file()]
    assert "Vigil at the gates" in kept.read_text()


def test_file_changed_meanwhile_is_not_overwritten(run, editor, sheet, tmp_path):
    editor.will({"replace": ["Vigil", "Our vigil"], "outside": [str(sheet), VALID + "# someone else\n"]})

    result = run("edit", sheet)

    assert result.exit_code == 1
    assert "changed while you were editing" in result.stderr
    assert sheet.read_text().endswith("# someone else\n")
    [kept] = [p for p in scratch_contents(tmp_path) if p.is_file()]
    assert "Our vigil" in kept.read_text()


def test_a_teammates_entry_saved_meanwhile_is_kept_with_the_edit(run, editor, sheet, tmp_path):
    """While the editor is open a teammate logs a call (a real `log` in another process, taking the
    lock): saving the edit keeps both the edit and their entry."""
    logger = (
        f"import subprocess; subprocess.run([{str(Path(__import__('sys').executable).with_name('partnerkit'))!r}, 'log', 'unidos', "
        f"'They called back', '--date', '2027-06-02', '--file', {str(sheet)!r}], check=True)"
    )
    (tmp_path / "teammate.py").write_text(logger)
    editor.will({"replace": ["Vigil", "Our vigil"], "run": str(tmp_path / "teammate.py")})

    result = run("edit", sheet)

    assert result.exit_code == 0, result.output
    text = sheet.read_text()
    assert "name: Our vigil" in text and "They called back" in text
    assert "# asked them in May" in text  # our own text, comments and all, is the one the merge went into
    assert "their changes are kept along with yours" in result.stderr


def test_exact_bytes_and_mode_are_kept(run, editor, tmp_path):
    sheet = tmp_path / "crlf.yaml"
    sheet.write_bytes(b"\xef\xbb\xbfversion: 1\r\npartners: {}\r\n")
    sheet.chmod(0o640)
    editor.will({"write": "version: 1\r\npartners: {}\r\n# caf\u00e9\r\n"})

    result = run("edit", sheet)

    assert result.exit_code == 0, result.output
    assert sheet.read_bytes() == "version: 1\r\npartners: {}\r\n# caf\u00e9\r\n".encode()
    assert stat.S_IMODE(sheet.stat().st_mode) == 0o640


def test_editor_command_may_carry_arguments_and_visual_wins(run, editor, sheet, monkeypatch):
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")
    editor.will({}, extra="--wait --new-window", variable="VISUAL")

    result = run("edit", sheet)

    assert result.exit_code == 0, result.output
    assert editor.args == [["--wait", "--new-window"]]


def test_fallback_is_nano_then_vi(run, editor, sheet, tmp_path, monkeypatch):
    monkeypatch.delenv("EDITOR", raising=False)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_vi = bin_dir / "vi"
    fake_vi.write_text(f"#!/bin/sh\necho vi >> {tmp_path / 'used'}\n")
    fake_vi.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))

    result = run("edit", sheet)

    assert result.exit_code == 0, result.output
    assert (tmp_path / "used").read_text() == "vi\n"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("/nonexistent/editor --wait", "editor '/nonexistent/editor' (from $EDITOR) not found"),
        ("'unbalanced", "$EDITOR is not a command I can run (No closing quotation): 'unbalanced"),
    ],
)
def test_bad_editor_is_a_clear_error(run, sheet, monkeypatch, value, message):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", value)

    result = run("edit", sheet)

    assert result.exit_code == 1
    assert f"error: {message}" in result.stderr
    assert "hint: set $EDITOR" in result.stderr
    assert sheet.read_text() == VALID


def test_no_editor_at_all(run, sheet, tmp_path, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))

    result = run("edit", sheet)

    assert result.exit_code == 1
    assert "no text editor found" in result.stderr


def test_missing_file_is_reported_before_looking_for_an_editor(run, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")

    result = run("edit", tmp_path / "nope.yaml")

    assert result.exit_code == 1
    assert "nope.yaml: no such file" in result.stderr
    assert "partnerkit init" in result.stderr


def test_an_invalid_file_opens_with_its_problems_and_can_be_fixed(run, editor, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_bytes((FIXTURES / "hostile" / "unknown-keys.yaml").read_bytes())
    fixed = "version: 1\naction:\n  name: vigil\npartners:\n  jewish:\n  - organization: Beth Tikvah\n"
    editor.will({"write": fixed})

    result = run("edit", broken)

    assert result.exit_code == 0, result.output
    assert "unknown key 'acton'" in editor.seen[0]
    assert broken.read_text() == fixed


def test_header_round_trip():
    text = b"# mine\n#! not at the top, so kept\nversion: 1\n"
    shown = with_header(text, [Problem("bad", Path("f"), 3, 1), Problem("somewhere")])
    assert shown.startswith(MARK)
    assert b"#! line 10, column 1: bad\n" in shown  # 4 intro lines + 2 problems + 1 blank, then the text
    assert shown.splitlines()[9] == b"version: 1"
    assert strip_header(shown) == text
    assert with_header(text, []) == text
