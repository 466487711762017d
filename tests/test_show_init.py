"""`partnerkit show` and `partnerkit init` as a person uses them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from partnerkit.guide.loading import bundled_guide_dir
from partnerkit.worksheet.store import load as load_worksheet

SNAPSHOTS = Path(__file__).parent / "snapshots"


def snapshot(name: str, text: str) -> str:
    """The stored snapshot; UPDATE_SNAPSHOTS=1 rewrites it (then review the diff)."""
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.write_text(text, encoding="utf-8")
    return path.read_text(encoding="utf-8")


def test_show_renders_the_example_like_the_paper_worksheet(run, tmp_path):
    sheet = tmp_path / "example.yaml"
    assert run("init", "--example", sheet).exit_code == 0
    result = run("show", sheet)
    assert result.exit_code == 0
    assert result.stdout == snapshot("show_example_80.txt", result.stdout)
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert "\x1b[" not in result.stdout  # not a terminal: no colour codes


def test_show_keeps_an_empty_category_row_and_puts_answers_below(run, tmp_path, guide):
    tip, question = guide.tips[0], guide.tips[0].questions[0]
    sheet = tmp_path / "w.yaml"
    sheet.write_text(
        "version: 1\n"
        "partners:\n"
        "  jewish:\n"
        "    - organization: Beth Tikvah\n"
        "      ask: {who: Rachel, how: Email, when: 2027-06-01}\n"
        "      status: agreed\n"
        f"tips:\n  {tip.id}:\n    {question.id}: 2027-06-01\n"
    )
    out = run("show", sheet).stdout
    labels = guide.worksheet.labels
    rows = [line for line in out.splitlines() if line.startswith("│")]
    assert any("Immigrant-led" in r and labels["none"] in r for r in rows)
    assert any("Interfaith" in r and labels["none"] in r for r in rows)
    assert any("Beth Tikvah" in r and f"{labels['who']}: Rachel" in r for r in rows)
    assert any("agreed" in r for r in rows)
    assert out.index(tip.title) > out.index("└")  # below the table
    assert "2027-06-01" in out.split("└", 1)[1]


def test_show_without_a_worksheet_says_how_to_make_one(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("show")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: worksheet.yaml: no such file\n"
        "hint: create one with `partnerkit new` (an interview) or `partnerkit init` (a blank file)\n"
    )


def test_show_reports_every_problem_on_stderr_and_nothing_on_stdout(run, tmp_path):
    sheet = tmp_path / "w.yaml"
    sheet.write_text("version: 1\npartners:\n  jewish:\n    - organisation: Beth\n")
    result = run("show", sheet)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[:2] == [
        f"error: {sheet}:4:7: partners.jewish[1]: unknown key 'organisation' (did you mean \"organization\"?)",
        f"error: {sheet}:4:7: partners.jewish[1]: missing 'organization' (the organization's name)",
    ]


def test_init_then_show_the_blank_worksheet(run, tmp_path, guide):
    sheet = tmp_path / "team.yaml"
    result = run("init", sheet)
    assert result.exit_code == 0
    assert f"Wrote {sheet}" in result.stdout
    assert oct(sheet.stat().st_mode & 0o777) == "0o600"
    text = sheet.read_text()
    for category in guide.categories:
        assert f"  {category.id}:\n" in text
    assert "#   why:" in text  # the example entry, commented out
    shown = run("show", sheet).stdout
    assert shown.count(guide.worksheet.labels["none"]) == len(guide.categories)


def test_init_refuses_to_overwrite_without_force(run, tmp_path):
    sheet = tmp_path / "w.yaml"
    sheet.write_text("mine\n")
    result = run("init", sheet)
    assert result.exit_code == 1
    assert result.stderr == f"error: {sheet} already exists\nhint: use --force to replace it, or give another file name\n"
    assert sheet.read_text() == "mine\n"
    assert run("init", sheet, "--force").exit_code == 0
    assert sheet.read_text() != "mine\n"


def test_init_example_is_a_valid_realistic_worksheet(run, tmp_path, guide):
    sheet = tmp_path / "ex.yaml"
    assert run("init", "--example", sheet).exit_code == 0
    worksheet = load_worksheet(sheet, guide)
    assert all(worksheet.partners[c] for c in guide.category_ids)
    assert worksheet.action.date is not None


def test_init_example_with_a_guide_that_has_none_says_so(run, tmp_path):
    from support import SMALL_GUIDE

    result = run("init", "--example", "--guide", SMALL_GUIDE, tmp_path / "ex.yaml")

    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: the guide in {SMALL_GUIDE} has no example worksheet (example.yaml)")
    assert not (tmp_path / "ex.yaml").exists()


def test_no_color_and_a_terminal(tmp_path, monkeypatch):
    """Colour appears only on a terminal, and NO_COLOR turns it off there too."""
    from rich.console import Console

    from partnerkit.guide.loading import load_guide
    from partnerkit.present.formats.table import renderable
    from partnerkit.present.view import worksheet_view

    monkeypatch.setenv("TERM", "xterm-256color")
    guide = load_guide()
    sheet = tmp_path / "ex.yaml"
    sheet.write_text((bundled_guide_dir() / "example.yaml").read_text())
    view = renderable(worksheet_view(load_worksheet(sheet, guide), guide), 80)
    for no_color, expect_ansi in ((None, True), ("1", False)):
        if no_color:
            monkeypatch.setenv("NO_COLOR", no_color)
        console = Console(force_terminal=True, width=80, record=True)
        with console.capture() as capture:
            console.print(view)
        colours = re.findall(r"\x1b\[[0-9;]*?\b(3[0-7])m", capture.get())
        assert bool(colours) is expect_ansi  # bold may stay under NO_COLOR; colour may not


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_a_wheel_install_finds_its_guide(tmp_path):
    """A plain (non-editable) install carries the guide inside the package."""
    import zipfile

    root = Path(__file__).parents[1]
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", tmp_path, root],
        check=True,
    )
    (wheel,) = tmp_path.glob("partnerkit-*.whl")
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    assert (site / "partnerkit" / "bundled_guide" / "categories.yaml").is_file()
    shipped = site / "partnerkit" / "bundled_guide" / "es"
    assert sorted(p.name for p in shipped.glob("*.yaml")) == sorted(p.name for p in (root / "guide").glob("*.yaml"))  # every language's guide
    assert (site / "partnerkit" / "locale" / "es" / "LC_MESSAGES" / "partnerkit.mo").is_file()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "worksheet.yaml").write_text("version: 1\npartners:\n  jewish:\n    - organization: Beth Tikvah\n")
    env = {**os.environ, "PYTHONPATH": str(site), "COLUMNS": "80"}
    code = "import partnerkit, sys; print(partnerkit.__file__); sys.argv=['partnerkit','show']; from partnerkit.cli.app import main; main()"
    result = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(str(site / "partnerkit"))
    assert "Beth Tikvah" in result.stdout
    spanish = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env | {"LANG": "es_US.UTF-8"}, capture_output=True, text=True)
    assert "Tipo de aliado" in spanish.stdout, spanish.stderr
