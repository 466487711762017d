from __future__ import annotations

import os
from pathlib import Path

import pytest

from support import LANGUAGE_VARIABLES

# The suite speaks English unless a test says otherwise: the app's help is built, in the language
# asked for, when it is imported just below, so the developer's own locale must not reach it.
for _variable in LANGUAGE_VARIABLES:
    os.environ.pop(_variable, None)

from typer.testing import CliRunner  # noqa: E402

from partnerkit.catalog import use_language  # noqa: E402
from partnerkit.cli.app import app  # noqa: E402
from partnerkit.guide.loading import load_guide  # noqa: E402
from partnerkit.guide.model import Guide  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see the developer's guide override, colours or terminal width."""
    monkeypatch.delenv("PARTNERKIT_GUIDE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("TERM", "dumb")
    # Encrypted worksheets: no developer's key (each command gets its own Keyring, passed explicitly).
    monkeypatch.delenv("PARTNERKIT_IDENTITY", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", "/nonexistent/partnerkit-tests")
    for variable in LANGUAGE_VARIABLES:  # English, whatever the developer's locale
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture(autouse=True)
def _english_again() -> object:
    """A test that chose a language (--lang in-process, use_language) leaves English behind it."""
    yield
    use_language(None)


@pytest.fixture(scope="session")
def guide() -> Guide:
    return load_guide()


class Run:
    """Invoke the CLI in-process; returns the result with separate stdout and stderr."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str | Path, input: str | None = None):  # noqa: A002 - click's name
        return self.runner.invoke(app, [str(a) for a in args], input=input)


@pytest.fixture
def run() -> Run:
    return Run()


class Keyboard:
    """Run `partnerkit new` in-process, typing `keys` into its real questionary prompts.

    The keys go through prompt_toolkit's pipe input; the pipe is closed after them, so a script
    that runs out of keys ends the interview (as Ctrl-D would) instead of hanging.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __call__(self, *args: str | Path, keys: str):
        from prompt_toolkit.application import create_app_session
        from prompt_toolkit.input import create_pipe_input
        from prompt_toolkit.output import DummyOutput

        with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
            pipe.send_text(keys)
            pipe.close()
            return CliRunner().invoke(app, ["new", *(str(a) for a in args)])


@pytest.fixture
def keyboard(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Keyboard:
    """`partnerkit new` at a (simulated) terminal, working in an empty folder."""
    monkeypatch.setattr("partnerkit.cli.prompters.terminal.is_terminal", lambda: True)
    monkeypatch.setenv("TERM", "xterm-256color")  # TERM=dumb would choose the plain prompter
    monkeypatch.delenv("PARTNERKIT_PLAIN", raising=False)
    monkeypatch.chdir(tmp_path)
    return Keyboard(tmp_path)


@pytest.fixture
def example_sheet() -> Path:
    """The bundled guide's filled-in example worksheet (read only; copy it to change it)."""
    from partnerkit.guide.loading import bundled_guide_dir

    return bundled_guide_dir() / "example.yaml"


@pytest.fixture
def worked_example(tmp_path: Path, run: Run, example_sheet: Path):
    """`worked_example(entries)`: a copy of the example worksheet after weeks of work, each entry
    (the arguments of `partnerkit log` before --file) recorded with the real command."""

    def make(entries: list[tuple[str, ...]]) -> Path:
        path = tmp_path / "team.yaml"
        path.write_text(example_sheet.read_text(encoding="utf-8"), encoding="utf-8")
        for args in entries:
            result = run("log", *args, "--file", path)
            assert result.exit_code == 0, result.output
        return path

    return make
