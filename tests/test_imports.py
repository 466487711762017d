"""Start-up stays light: heavy modules are imported only by the commands that use them.

Each check runs in a fresh interpreter, since this test session has imported everything already.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from support import EXAMPLE

INTERVIEW_ONLY = ("questionary", "prompt_toolkit")
GUIDANCE_ONLY = ("rich.markdown", "markdown_it", "pygments")  # Markdown, for `partnerkit guide`


def modules_after(code: str) -> set[str]:
    """The top-level and dotted names in sys.modules after running `code` in a new interpreter."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)), file=sys.__stderr__)"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


def imported(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if m in names or m.startswith(tuple(n + "." for n in names)))


def invoke(*args: str) -> str:
    return (
        "from typer.testing import CliRunner\n"
        "from partnerkit.cli.app import app\n"
        f"result = CliRunner().invoke(app, {list(args)!r})\n"
        "assert result.exit_code == 0, result.output\n"
    )


def test_importing_the_cli_does_not_import_the_interview():
    assert imported(modules_after("import partnerkit.cli.app"), INTERVIEW_ONLY) == []


def test_help_does_not_import_the_interview():
    assert imported(modules_after(invoke("--help")), INTERVIEW_ONLY) == []


def test_show_imports_neither_the_interview_nor_markdown():
    modules = modules_after(invoke("show", str(EXAMPLE)))
    assert imported(modules, INTERVIEW_ONLY + GUIDANCE_ONLY) == []


def test_agenda_and_log_import_no_interview_and_agenda_no_markdown(tmp_path):
    (tmp_path / "w.yaml").write_text(EXAMPLE.read_text())
    agenda = modules_after(invoke("agenda", str(tmp_path / "w.yaml")))
    assert imported(agenda, INTERVIEW_ONLY + GUIDANCE_ONLY + ("icalendar",)) == []
    logged = modules_after(invoke("log", "garden", "a note", "--file", str(tmp_path / "w.yaml")))
    assert imported(logged, INTERVIEW_ONLY + ("icalendar",)) == []


@pytest.mark.parametrize("lang", ["C.UTF-8", "es_US.UTF-8"])
def test_showing_a_valid_worksheet_reads_no_catalog(lang):
    """The catalog (and gettext) load on the first message shown: the table from the quick path shows
    none, in English or Spanish (its words, the statuses' too, are the guide's)."""
    code = f"import os, sys\nos.environ['LANG'] = {lang!r}\nsys.argv = ['partnerkit', 'show', {str(EXAMPLE)!r}]\nfrom partnerkit.cli.main import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
    modules = modules_after(code)
    assert "partnerkit.present.view" in modules  # it did show the worksheet
    assert imported(modules, ("gettext",)) == []


def through_main(*args: str) -> str:
    """The command as the `partnerkit` script runs it: the quick path when it can."""
    return f"import sys\nsys.argv = ['partnerkit', *{list(args)!r}]\nfrom partnerkit.cli.main import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"


WRITING = ("partnerkit.worksheet.dump", "partnerkit.worksheet.rewrite", "partnerkit.worksheet.sealing", "partnerkit.files.locking")


def test_showing_a_worksheet_loads_nothing_for_writing_hashing_or_typer():
    """The table needs no calendar UIDs (hashlib: OpenSSL), no dumper or lock, no Typer."""
    modules = modules_after(through_main("show", str(EXAMPLE)))
    assert "partnerkit.present.view" in modules  # it did show the worksheet
    assert imported(modules, WRITING + ("hashlib", "typer")) == []


def test_check_agenda_and_log_build_no_view_of_the_worksheet(tmp_path):
    (tmp_path / "w.yaml").write_text(EXAMPLE.read_text())
    for args in (["check", str(tmp_path / "w.yaml")], ["agenda", str(tmp_path / "w.yaml")], ["log", "garden", "a note", "--file", str(tmp_path / "w.yaml")]):
        modules = modules_after(through_main(*args))
        assert imported(modules, ("partnerkit.present.view", "hashlib")) == [], args
    assert imported(modules, WRITING) != []  # log writes: the check above can see what a command loads


def test_only_the_calendar_hashes(tmp_path):
    (tmp_path / "w.yaml").write_text(EXAMPLE.read_text())
    for fmt in ("csv", "json", "markdown", "html"):
        assert imported(modules_after(through_main("show", "-f", fmt, str(tmp_path / "w.yaml"))), ("hashlib",)) == [], fmt
    assert imported(modules_after(through_main("show", "-f", "ics", str(tmp_path / "w.yaml"))), ("hashlib",)) == ["hashlib"]


def test_help_and_a_command_through_typer_load_no_console_or_core_they_do_not_use(tmp_path):
    """--help draws nothing with Rich; `log` needs no agenda (its --days default is the CLI's own),
    and its lock names the host without the socket module."""
    helped = modules_after(through_main("--help"))
    assert "typer" in helped  # it did go through Typer
    assert imported(helped, ("rich.console", "partnerkit.cli.consoles", "partnerkit.tracking.agenda", "socket")) == []
    (tmp_path / "w.yaml").write_text(EXAMPLE.read_text())
    logged = modules_after(through_main("log", "garden", "a note", "--file", str(tmp_path / "w.yaml")))
    assert "partnerkit.files.locking" in logged  # it did write, under the lock
    assert imported(logged, ("partnerkit.tracking.agenda", "socket")) == []
