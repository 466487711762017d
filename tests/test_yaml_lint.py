"""The YAML partnerkit writes passes yamllint's default configuration without errors.

Hand editors open these files in any editor, and their linters; long answers are block scalars
(`>` or `|`), never plain text wrapped over lines, where typing `word: ` would break the file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yamllint import linter
from yamllint.config import YamlLintConfig

from interview_keys import SAVE, action, choose, partner, partners, say
from partnerkit.worksheet.dump import dump_worksheet
from partnerkit.worksheet.model import Ask, Partner, Worksheet
from partnerkit.worksheet.store import load as load_worksheet
from support import SMALL_GUIDE

DEFAULT = YamlLintConfig("extends: default")

LONG = "They run the court-watch program and know the families of people detained here; " * 3


def lint_errors(text: str) -> list[str]:
    return [f"{p.line}:{p.column} {p.desc} ({p.rule})" for p in linter.run(text, DEFAULT) if p.level == "error"]


def test_init_writes_a_blank_worksheet_that_lints(run, tmp_path):
    assert run("init", tmp_path / "w.yaml").exit_code == 0
    assert lint_errors((tmp_path / "w.yaml").read_text()) == []


def test_init_example_lints(run, tmp_path):
    assert run("init", "--example", tmp_path / "w.yaml").exit_code == 0
    assert lint_errors((tmp_path / "w.yaml").read_text()) == []


def test_new_with_long_answers_writes_block_scalars_that_lint(keyboard):
    keys = (
        action("A vigil " + LONG)
        + "y" + partners(partner("Elm Street Association", LONG, notes="call first"))
        + partners() + say("2027-07-01")
        + say(LONG)
    )
    result = keyboard("team.yaml", "--guide", SMALL_GUIDE, keys=keys + choose(SAVE))

    assert result.exit_code == 0, result.output
    text = Path("team.yaml").read_text()
    assert lint_errors(text) == []
    assert "  name: >-\n    A vigil They run" in text
    assert "      why: >-\n        They run the court-watch" in text


# What the interview's prompts take: one line of any printable characters (emoji too). Text that
# must be double-quoted (control characters, a space before a line break: only a hand edit can
# make those) may overrun 80 columns by an escape; test_worksheet_file proves it reads back.
typed = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufeff")
texts = st.text(typed | st.sampled_from(" :#-'\"|>"), min_size=1, max_size=60).filter(str.strip)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(texts, min_size=1, max_size=12), lines=st.lists(texts.map(str.strip), min_size=1, max_size=4), who=texts)
def test_any_saved_worksheet_lints_and_reads_back(guide, tmp_path, words, lines, who):
    why = " ".join(words)
    notes = "\n".join(lines)  # several lines, as an edit in the review or by hand makes
    partner = Partner("Unidos", why=why, ask=Ask(who=who), notes=notes)
    worksheet = Worksheet.empty(guide).with_partners(guide.category_ids[0], (partner,))
    text = dump_worksheet(worksheet, guide)
    assert lint_errors(text) == []  # yamllint allows a line past 80 columns only for one long word
    path = tmp_path / "w.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_worksheet(path, guide) == worksheet


def test_a_worksheet_kept_with_log_still_lints(run, tmp_path):
    path = tmp_path / "w.yaml"
    assert run("init", "--example", path).exit_code == 0
    assert run("log", "unidos", LONG, "--status", "asked", "--follow-up", "2027-06-10", "--file", path).exit_code == 0
    assert run("log", "unidos", "Line one.\nLine two.", "--flag", "harm", "--file", path).exit_code == 0
    assert run("log", "local 1031", "Short.", "--by", "Eli", "--file", path).exit_code == 0
    assert lint_errors(path.read_text()) == []
