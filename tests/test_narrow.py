"""Narrow terminals: at any width every partner and every answer stays on screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerkit.cli.consoles import err, out
from partnerkit.present.view import build_view
from partnerkit.worksheet.model import Worksheet
from partnerkit.worksheet.store import load as load_worksheet
from partnerkit.worksheet.store import save


def squeezed(text: str) -> str:
    """Text without its line wrapping and padding: only the characters that were shown."""
    return "".join(text.split())


def columns_of(screen: str) -> list[str]:
    """What each table column shows, top to bottom, squeezed; text outside the table is one more."""
    columns: dict[int, str] = {}
    for line in screen.splitlines():
        parts = line.split("│")[1:-1] if "│" in line else [line]
        for index, part in enumerate(parts, 0 if "│" in line else -1):
            columns[index] = columns.get(index, "") + part
    return [squeezed(text) for text in columns.values()]


@pytest.fixture(autouse=True)
def _fresh_consoles():
    """The consoles are made once per process, reading COLUMNS then: make them again here."""
    out.cache_clear()
    err.cache_clear()
    yield
    out.cache_clear()
    err.cache_clear()


@pytest.fixture
def answered(guide, tmp_path: Path) -> Path:
    """The example worksheet with an answer to a question of every category and tip."""
    example = load_worksheet(guide.folder / "example.yaml", guide)
    considerations = {c.id: {q.id: f"Answer to {q.id}" for q in c.questions if q.kind.value == "text"} for c in guide.categories}
    tips = {t.id: {q.id: f"Tip answer {q.id}" for q in t.questions if q.kind.value == "text"} for t in guide.tips}
    worksheet = Worksheet(example.partners, example.action, {k: v for k, v in considerations.items() if v}, {k: v for k, v in tips.items() if v})
    path = tmp_path / "w.yaml"
    save(path, worksheet, guide)
    return path


@pytest.mark.parametrize("columns", ["20", "0", "45", "80"])
def test_every_partner_and_answer_is_shown_at_any_width(run, guide, answered, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    result = run("show", answered)

    assert result.exit_code == 0, result.output
    shown = columns_of(result.stdout)
    view = build_view([(answered, load_worksheet(answered, guide))], guide)
    texts = [line.text for group in view.groups for row in group.rows for cell in row.cells for line in cell]
    texts += [text for section in view.sections for pair in section.answers for text in pair]
    assert len(view.sections) == len(guide.categories) + len(guide.tips) + 1  # and "Still open" (its judgement questions)
    missing = [text for text in texts if not any(squeezed(text) in column for column in shown)]
    assert missing == []
    if columns == "20":
        assert max(len(line) for line in result.stdout.splitlines()) <= 20
