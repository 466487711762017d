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
        (["show"], ("show", [Path("worksheet.yaml")], None)),
        (["show", "team.yaml"], ("show", [Path("team.yaml")], None)),
        (["check", "team.yaml"], ("check", [Path("team.yaml")], None)),
        (["agenda"], ("agenda", [Path("worksheet.yaml")], None)),
        (["agenda", "a.yaml", "b.yaml"], ("agenda", [Path("a.yaml"), Path("b.yaml")], None)),
        (["show", "t.yaml.age", "-i", "k.txt"], ("show", [Path("t.yaml.age")], Path("k.txt"))),
        (["-i", "k.txt", "check", "t.yaml.age"], ("check", [Path("t.yaml.age")], Path("k.txt"))),
        (["agenda", "--identity", "k", "a.yaml", "b.yaml"], ("agenda", [Path("a.yaml"), Path("b.yaml")], Path("k"))),
        (["show", "--identity=k.txt"], ("show", [Path("worksheet.yaml")], Path("k.txt"))),
        (["show", "-i", "k", "-i", "k"], None),
        (["show", "t.yaml", "-i"], None),
        (["show", "-i", "", "t.yaml"], None),
        (["show", "-i", "--help"], None),
        (["show", "--identity="], None),
        (["show", "-ik.txt"], None),
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


@pytest.mark.parametrize("command", ["show", "check", "agenda"])
def test_the_key_on_the_quick_path_opens_as_typer_opens(run, tmp_path, command):
    """`-i KEY` keeps a command on the quick path: an encrypted worksheet opens, or fails, the same."""
    key, other = tmp_path / "key.txt", tmp_path / "other.txt"
    for made in (key, other):
        assert run("key", "new", made).exit_code == 0
    public = next(line.split(": ", 1)[1] for line in key.read_text().splitlines() if line.startswith("# public key: "))
    (tmp_path / "team.yaml").write_text(EXAMPLE.read_text())
    assert run("lock", tmp_path / "team.yaml", "--to", public).exit_code == 0
    for args in (["team.yaml.age", "-i", "key.txt"], ["-i", "key.txt", "team.yaml.age"], ["--identity=key.txt", "team.yaml.age"],
                 ["team.yaml.age", "-i", "other.txt"], ["team.yaml.age", "-i", "missing.txt"]):
        assert quick_form([command, *args]) is not None
        result = same_through_both(command, *args, cwd=tmp_path)
        if args[-1] == "key.txt" or args[0] in ("-i", "--identity=key.txt"):
            assert result.returncode in (0, 1) and "team.yaml.age" not in result.stderr, args  # opened (check: warnings are exit 0)
        else:
            assert result.returncode == 1 and ("cannot" in result.stdout + result.stderr or "no such file" in result.stderr), args
