"""The quick start-up path gives exactly what the Typer commands give, and only for plain forms."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from partnerkit.cli.quick import quick_form
from support import EXAMPLE, SMALL_GUIDE


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["show"], ("show", [Path("worksheet.yaml")])),
        (["show", "team.yaml"], ("show", [Path("team.yaml")])),
        (["check", "team.yaml"], ("check", [Path("team.yaml")])),
        (["agenda"], ("agenda", [Path("worksheet.yaml")])),
        (["agenda", "a.yaml", "b.yaml"], ("agenda", [Path("a.yaml"), Path("b.yaml")])),
        (["agenda", "a.yaml", "--days", "3"], None),
        (["agenda", "--who=Eli"], None),
        (["show", "--help"], None),
        (["show", "-f", "csv"], None),
        (["show", "a.yaml", "b.yaml"], None),
        (["check", "a.yaml", "--strict"], None),
        (["new"], None),
        (["--version"], None),
        ([], None),
    ],
)
def test_only_plain_show_check_and_agenda_take_the_quick_path(args, expected):
    assert quick_form(args) == expected




def partnerkit(*args: str, cwd: Path, via_typer: bool, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the command in a fresh interpreter, through the launcher or straight through Typer."""
    entry = "partnerkit.cli.app" if via_typer else "partnerkit.cli.main"
    code = f"import sys; sys.argv = ['partnerkit', *sys.argv[1:]]; from {entry} import main; main()"
    environment = {key: value for key, value in os.environ.items() if key not in ("PARTNERKIT_GUIDE", "NO_COLOR", "FORCE_COLOR")}
    environment.update({"COLUMNS": "80", "TERM": "dumb", **(env or {})})
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=60)


def same_through_both(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    quick = partnerkit(*args, cwd=cwd, via_typer=False, env=env)
    typer = partnerkit(*args, cwd=cwd, via_typer=True, env=env)
    assert (quick.returncode, quick.stdout, quick.stderr) == (typer.returncode, typer.stdout, typer.stderr)
    assert "Traceback" not in quick.stderr
    return quick


@pytest.mark.parametrize("command", ["show", "check", "agenda"])
@pytest.mark.parametrize("content", ["example", "invalid", "missing", "folder"])
def test_quick_path_matches_the_typer_command(tmp_path, command, content):
    if content == "example":
        (tmp_path / "worksheet.yaml").write_text(EXAMPLE.read_text())
    elif content == "invalid":
        (tmp_path / "worksheet.yaml").write_text("version: 1\npartners:\n  jewsh: []\n")
    elif content == "folder":
        (tmp_path / "worksheet.yaml").mkdir()
    result = same_through_both(command, cwd=tmp_path)  # the default file
    assert result.returncode == (0 if content == "example" else 1)
    assert same_through_both(command, "worksheet.yaml", cwd=tmp_path).stdout == result.stdout  # named


ENVIRONMENTS = {
    "colour": {"FORCE_COLOR": "1", "TERM": "xterm-256color"},
    "NO_COLOR": {"FORCE_COLOR": "1", "TERM": "xterm-256color", "NO_COLOR": "1"},
    "narrow": {"COLUMNS": "30"},
    "COLUMNS=0": {"COLUMNS": "0"},
    "guide": {"PARTNERKIT_GUIDE": str(SMALL_GUIDE)},
    "missing guide": {"PARTNERKIT_GUIDE": "/no/such/guide"},
}


@pytest.mark.parametrize("command", ["show", "check"])
@pytest.mark.parametrize("name", list(ENVIRONMENTS))
def test_quick_path_matches_the_typer_command_in_any_environment(tmp_path, command, name):
    (tmp_path / "team.yaml").write_text(EXAMPLE.read_text())
    result = same_through_both(command, "team.yaml", cwd=tmp_path, env=ENVIRONMENTS[name])

    if name == "colour":
        assert re.search(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7])[;m]", result.stdout)
    if name == "NO_COLOR":  # bold may stay; colours go (no-color.org)
        assert not re.search(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7])[;m]", result.stdout)
    if name == "guide":  # the example's categories are not the small guide's
        assert result.returncode == 1 and "unknown category 'immigrant-led'" in result.stdout + result.stderr
    if name == "missing guide":
        assert result.returncode == 1 and "/no/such/guide" in result.stderr


def test_quick_path_loads_neither_typer_nor_pydantic(tmp_path):
    (tmp_path / "worksheet.yaml").write_text(EXAMPLE.read_text())
    code = (
        "import sys; sys.argv = ['partnerkit', 'show']\n"
        "from partnerkit.cli.main import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('typer', 'pydantic', 'questionary') if m in sys.modules), file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.stderr.strip().splitlines()[-1] == "[]"
    assert "Tisha b'Av vigil at the detention center" in result.stdout
