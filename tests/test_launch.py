"""The quick start-up path gives exactly what the Typer commands give, and only for plain forms."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from partnerkit.launch import quick_form

EXAMPLE = Path(__file__).parents[1] / "guide" / "example.yaml"


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


def partnerkit(*args: str, cwd: Path, via_typer: bool) -> subprocess.CompletedProcess[str]:
    """Run the command in a fresh interpreter, through the launcher or straight through Typer."""
    entry = "partnerkit.cli" if via_typer else "partnerkit.launch"
    code = f"import sys; sys.argv = ['partnerkit', *sys.argv[1:]]; from {entry} import main; main()"
    env = {**os.environ, "COLUMNS": "80", "TERM": "dumb"}
    env.pop("PARTNERKIT_GUIDE", None)
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("command", ["show", "check", "agenda"])
@pytest.mark.parametrize("content", ["example", "invalid", "missing"])
def test_quick_path_matches_the_typer_command(tmp_path, command, content):
    if content == "example":
        (tmp_path / "worksheet.yaml").write_text(EXAMPLE.read_text())
    elif content == "invalid":
        (tmp_path / "worksheet.yaml").write_text("version: 1\npartners:\n  jewsh: []\n")
    quick = partnerkit(command, cwd=tmp_path, via_typer=False)
    typer = partnerkit(command, cwd=tmp_path, via_typer=True)
    assert (quick.returncode, quick.stdout, quick.stderr) == (typer.returncode, typer.stdout, typer.stderr)
    assert quick.returncode == (0 if content == "example" else 1)
    assert "Traceback" not in quick.stderr


def test_quick_path_loads_neither_typer_nor_pydantic(tmp_path):
    (tmp_path / "worksheet.yaml").write_text(EXAMPLE.read_text())
    code = (
        "import sys; sys.argv = ['partnerkit', 'show']\n"
        "from partnerkit.launch import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('typer', 'pydantic', 'questionary') if m in sys.modules), file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.stderr.strip().splitlines()[-1] == "[]"
    assert "Tisha b'Av vigil at the detention center" in result.stdout


LOG_ARGS = [
    ["log", "garden", "Met them.", "--status", "asked", "--by", "Eli", "--date", "2027-06-01", "--follow-up=2027-06-08"],
    ["log", "-F", "worksheet.yaml", "unidos", "They fear retribution.", "--flag", "harm", "--date", "2027-06-02"],
    ["log", "nobody", "x"],  # no such partner: exit 2, nothing written
    ["log", "garden", "x", "--status", "maybe"],  # Typer's own message for a bad value
    ["log", "garden", "x", "--file", "missing.yaml"],
    ["log", "garden"],  # no note and no terminal: nothing to record
]


@pytest.mark.parametrize("args", LOG_ARGS, ids=lambda args: " ".join(args[1:3]))
def test_the_quick_log_matches_the_typer_command(tmp_path, args):
    results = {}
    for via_typer in (False, True):
        folder = tmp_path / ("typer" if via_typer else "quick")
        folder.mkdir()
        (folder / "worksheet.yaml").write_text(EXAMPLE.read_text())
        done = partnerkit(*args, cwd=folder, via_typer=via_typer)
        results[via_typer] = (done.returncode, done.stdout, done.stderr.replace(str(folder), "DIR"), (folder / "worksheet.yaml").read_text())
    assert results[False] == results[True]
    assert "Traceback" not in results[False][2]


@pytest.mark.parametrize(
    ("args", "quick"),
    [(["log", "garden", "x", "--date", "2027-06-01"], True), (["log", "garden", "--help"], False), (["log", "garden", "x", "--nope"], False),
     (["log", "garden", "x", "--date", "June"], False), (["log"], False), (["log", "a", "b", "c"], False), (["show", "x"], False)],
)
def test_only_plain_log_lines_take_the_quick_path(args, quick):
    from partnerkit.launch import quick_log

    assert (quick_log(args) is not None) is quick


def test_the_quick_log_loads_no_validation_library(tmp_path):
    (tmp_path / "worksheet.yaml").write_text(EXAMPLE.read_text())
    code = (
        "import sys; sys.argv = ['partnerkit', 'log', 'garden', 'Met them.']\n"
        "from partnerkit.launch import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('pydantic', 'questionary', 'icalendar') if m in sys.modules), file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.stderr.strip().splitlines()[-1] == "[]"
    assert "note: Met them." in (tmp_path / "worksheet.yaml").read_text()
