"""The worksheet file: validation with exact locations, the saved form, and save -> load."""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerkit.errors import InvalidFile
from partnerkit.worksheet.dump import blank_worksheet_text, dump_worksheet, file_comment
from partnerkit.worksheet.model import Action, Ask, Partner, Status, Worksheet
from partnerkit.worksheet.store import load as load_worksheet
from partnerkit.worksheet.store import save


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "worksheet.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path, guide) -> list[str]:
    with pytest.raises(InvalidFile) as caught:
        load_worksheet(path, guide)
    return [str(p) for p in caught.value.problems]


def test_every_problem_is_reported_at_once_with_its_line_and_column(tmp_path, guide):
    path = write(
        tmp_path,
        "version: 1\n"
        "action:\n"
        "  nmae: Vigil\n"
        "  date: next week\n"
        "partners:\n"
        "  jewsh: []\n"
        "  immigrant-led:\n"
        "    - organization: Unidos\n"
        "      status: maybe\n"
        "      ask: {who: 42}\n"
        "    - why: no name\n",
    )
    assert problems(path, guide) == [
        f"{path}:3:3: action: unknown key 'nmae' (did you mean \"name\"?)",
        f"{path}:4:9: action.date: expected a date like 2027-08-12, found text",
        f"{path}:6:3: partners: unknown category 'jewsh' (did you mean \"jewish\"?); "
        "the guide's categories are immigrant-led, jewish, interfaith",
        f"{path}:9:15: partners.immigrant-led[1].status: 'maybe' is not one of planned, asked, agreed, declined",
        f"{path}:10:18: partners.immigrant-led[1].ask.who: expected text, found a number (put it in quotes to keep it as text)",
        f"{path}:11:7: partners.immigrant-led[2]: missing 'organization' (the organization's name)",
    ]


def test_duplicate_keys_and_wrong_top_level_are_errors(tmp_path, guide):
    path = write(tmp_path, "version: 1\npartners: {}\npartners: {}\n")
    assert problems(path, guide) == [f"{path}:3:1: worksheet: duplicate key 'partners' (first given on line 2)"]
    path = write(tmp_path, "- just\n- a list\n")
    assert problems(path, guide) == [f"{path}:1:1: worksheet: expected a mapping of key: value, found a list"]


def test_invalid_yaml_points_at_the_character(tmp_path, guide):
    path = write(tmp_path, "version: 1\npartners:\n\timmigrant-led: []\n")
    (message,) = problems(path, guide)
    assert message.startswith(f"{path}:3:1: invalid YAML: a tab character")


def test_answers_are_checked_against_the_guide_questions(tmp_path, guide):
    tip = guide.tips[0]
    date_question = next(q for q in tip.questions if q.kind.value == "date")
    path = write(tmp_path, f"version: 1\ntips:\n  {tip.id}:\n    {date_question.id}: soon\n    nope: 1\n")
    assert problems(path, guide) == [
        f"{path}:4:{len(date_question.id) + 7}: tips.{tip.id}.{date_question.id}: expected a date like 2027-06-01, found text",
        f"{path}:5:5: tips.{tip.id}: unknown key 'nope'",
    ]


def test_a_newer_version_says_what_probably_happened(tmp_path, guide):
    path = write(tmp_path, "version: 4\n")
    assert problems(path, guide) == [
        f"{path}:1:10: version: this partnerkit reads worksheet versions 1 to 3, not 4 (written by a newer partnerkit? upgrade it)"
    ]


def example_worksheet(guide) -> Worksheet:
    worksheet = Worksheet.empty(guide).with_partners(
        "immigrant-led",
        (
            Partner(
                "Unidos en la Lucha",
                why="Testimony from families.\nThey lead the court-watch.",
                ask=Ask(who="Marisol Peña", how="one-on-one", when=date(2027, 5, 20)),
                status=Status.ASKED,
            ),
        ),
    )
    return Worksheet(
        partners=worksheet.partners,
        action=Action("תשעה באב vigil", date(2027, 8, 12), "Elizabeth, NJ"),
        tips={guide.tips[0].id: {guide.tips[0].questions[0].id: date(2027, 6, 1)}},
    )


def test_saved_file_is_commented_block_style_and_keeps_non_ascii(tmp_path, guide):
    text = dump_worksheet(example_worksheet(guide), guide)
    comment = "".join(f"# {line}".rstrip() + "\n" for line in guide.worksheet.file_comment.strip().splitlines())
    assert text.startswith(comment + "\n")  # the guide's lines as written, none wrapped
    assert "name: תשעה באב vigil\n" in text
    assert "who: Marisol Peña\n" in text
    assert "    - organization: Unidos en la Lucha\n      why: |-\n        Testimony from families.\n        They lead the court-watch.\n" in text
    assert "{" not in text.split("version: 2", 1)[1]  # block style, no flow mappings
    keys = [line.split(":")[0] for line in text.splitlines() if line and not line.startswith((" ", "#"))]
    assert keys == ["version", "action", "partners", "tips"]


def test_a_long_comment_line_is_wrapped_at_spaces_within_80_columns(guide):
    long_line = "word " * 40 + "end"
    wordy = replace(guide, worksheet=replace(guide.worksheet, file_comment=f"{long_line}\n  check it with:  partnerkit check FILE\n"))
    lines = file_comment(wordy)
    assert all(len(line) <= 80 and line.startswith("# ") for line in lines)
    assert " ".join(line[2:] for line in lines[:-1]) == long_line
    assert lines[-1] == "#   check it with:  partnerkit check FILE"


def test_new_files_are_private_and_existing_files_keep_their_mode(tmp_path, guide):
    path = tmp_path / "w.yaml"
    save(path, example_worksheet(guide), guide)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    os.chmod(path, 0o640)
    save(path, Worksheet.empty(guide), guide)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["w.yaml"]  # no temp file left behind


def test_blank_worksheet_loads_as_empty(tmp_path, guide):
    path = write(tmp_path, blank_worksheet_text(guide, "0123abcd"))
    assert load_worksheet(path, guide) == replace(Worksheet.empty(guide), id="0123abcd")


# --- property: any valid worksheet survives save -> load unchanged ---------------------------

# Any text at all (Hebrew, accents, emoji, control characters, every kind of line break), biased
# towards the awkward ones; not blank, since blank answers are stored as absent.
texts = st.text(
    st.characters(blacklist_categories=("Cs",)) | st.sampled_from("\n\t\r \u2028\x85\ufeff#:-|>'\""),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip())
texts = texts | st.lists(texts, min_size=2, max_size=8).map(" ".join)  # long enough to fold
maybe_text = st.none() | texts
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


def partners_strategy():
    asks = st.builds(Ask, who=maybe_text, how=maybe_text, when=st.none() | dates | texts)
    return st.lists(
        st.builds(Partner, organization=texts, why=maybe_text, ask=asks, status=st.sampled_from(Status), notes=maybe_text),
        max_size=3,
    ).map(tuple)


@st.composite
def worksheets(draw, guide):
    partners = {c.id: draw(partners_strategy()) for c in guide.categories}

    def answers(sections):
        result = {}
        for sid, questions in sections:
            given = {}
            for q in questions:
                kind = q.kind.value
                value = draw(st.none() | {"confirm": st.booleans(), "date": dates}.get(kind, texts))
                if value is not None:
                    given[q.id] = value
            if given:
                result[sid] = given
        return result

    return Worksheet(
        partners=partners,
        action=draw(st.builds(Action, name=maybe_text, date=st.none() | dates, place=maybe_text)),
        considerations=answers((c.id, c.questions) for c in guide.categories),
        tips=answers((t.id, t.questions) for t in guide.tips),
    )


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_worksheet_survives_save_then_load(tmp_path, guide, data):
    worksheet = data.draw(worksheets(guide))
    path = tmp_path / "round.yaml"
    save(path, worksheet, guide)
    assert load_worksheet(path, guide) == worksheet
