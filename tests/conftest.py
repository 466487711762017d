from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnerkit.cli import app
from partnerkit.guide import Guide, load_guide

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see the developer's guide override, colours or terminal width."""
    monkeypatch.delenv("PARTNERKIT_GUIDE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("TERM", "dumb")


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
