"""Guides: the bundled one is complete, a campaign's own guide just works, a broken one is located."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from partnerkit.errors import InvalidFile
from partnerkit.guide.loading import bundled_guide_dir, load_guide
from partnerkit.guide.model import PHRASES

TWO_CATEGORIES = """\
categories:
  - id: tenants
    title: Tenant unions
    label: Tenant union
    name: tenant unions
    essential: true
    why: They organize the buildings where our neighbors live.
    who: The union in each building, and the citywide federation.
    weigh: [Will our action put tenants at risk of retaliation?]
    fields:
      organization: {hint: "e.g. the 5th Street tenants' association"}
  - id: faith
    title: Faith communities
    label: Faith community
    name: faith communities
    why: Moral voice.
    who: Congregations near the courthouse.
"""

FOUR_TIPS = "tips:\n" + "".join(
    f"  - id: tip-{n}\n    title: Tip {n}\n    text: Do thing {n}.\n    questions:\n      - id: q{n}\n        prompt: Did we do {n}?\n        kind: confirm\n"
    for n in range(1, 5)
)


@pytest.fixture
def custom_guide(tmp_path: Path) -> Path:
    """A campaign guide that replaces only its categories and tips; the rest comes bundled."""
    folder = tmp_path / "tenant-guide"
    folder.mkdir()
    (folder / "categories.yaml").write_text(TWO_CATEGORIES)
    (folder / "tips.yaml").write_text(FOUR_TIPS)
    return folder


def test_bundled_guide_has_the_three_categories_and_the_general_tips(guide):
    assert guide.category_ids == ("immigrant-led", "jewish", "interfaith")
    assert tuple(t.id for t in guide.tips) == ("reach-out-early", "not-every-partner-clicks")
    assert [c.essential for c in guide.categories] == [True, False, False]
    assert set(guide.phrases) == set(PHRASES)
    assert guide.lead_days > 0
    for category in guide.categories:
        assert category.why and category.who and category.weigh and category.questions
        assert set(category.fields) == {"organization", "why", "who", "how", "when", "notes"}


def test_bundled_guide_covers_the_seed_considerations(guide):
    """Each consideration of the organizers' tip sheet is somewhere in the guide's words."""
    text = " ".join(
        [guide.worksheet.intro]
        + [f"{c.why} {c.who} {' '.join(c.weigh)} {' '.join(q.prompt for q in c.questions)}" for c in guide.categories]
        + [t.text for t in guide.tips]
    ).lower()
    for phrase in [
        "testimon", "accountab", "retribution", "detain", "research", "rabbi", "stretch",
        "worth it", "tent", "discerning", "interfaith", "labor", "climate", "neighborhood",
        "early", "failure of effort", "tisha b'av", "palestine",
    ]:
        assert phrase in text, phrase


def test_a_custom_guide_with_two_categories_and_four_tips_just_works(custom_guide, run, tmp_path):
    guide = load_guide(custom_guide)
    assert guide.category_ids == ("tenants", "faith")
    assert len(guide.tips) == 4
    tenants = guide.category("tenants")
    # a hint-only override keeps the bundled question text
    bundled = yaml.safe_load((bundled_guide_dir() / "interview.yaml").read_text())
    assert tenants.fields["organization"].text == bundled["fields"]["organization"]["text"]
    assert tenants.fields["organization"].hint == "e.g. the 5th Street tenants' association"

    sheet = tmp_path / "w.yaml"
    made = run("init", sheet, "--guide", custom_guide)
    assert made.exit_code == 0, made.output
    sheet.write_text(sheet.read_text().replace("  tenants:\n", "  tenants:\n    - organization: Elm St Tenants\n"))
    result = run("show", sheet, "--guide", custom_guide)
    assert result.exit_code == 0, result.output
    assert "Tenant union" in result.stdout and "Elm St Tenants" in result.stdout
    assert "Faith" in result.stdout and "Immigrant" not in result.stdout


def test_guide_folder_from_the_environment(custom_guide, run, monkeypatch):
    monkeypatch.setenv("PARTNERKIT_GUIDE", str(custom_guide))
    result = run("guide")
    assert result.exit_code == 0
    assert "Tenant unions" in result.stdout and "Tip 4" in result.stdout


def test_a_missing_guide_folder_is_a_clear_error(tmp_path, run):
    result = run("guide", "--guide", tmp_path / "nope")
    assert result.exit_code == 1
    assert result.stderr == f"error: guide folder {tmp_path / 'nope'} (from --guide) does not exist or is not a folder\n"


def test_a_broken_guide_lists_every_problem_with_its_line(tmp_path):
    folder = tmp_path / "g"
    shutil.copytree(bundled_guide_dir(), folder)
    text = (folder / "categories.yaml").read_text()
    text = text.replace("  - id: jewish", "  - id: Jewish Orgs", 1).replace("    essential: true", "    essential: yes please", 1)
    (folder / "categories.yaml").write_text(text)
    (folder / "tips.yaml").write_text("tips:\n  - id: early\n    titel: Early\n    text: Go.\n")
    with pytest.raises(InvalidFile) as caught:
        load_guide(folder)
    lines = text.splitlines()
    jewish = next(i for i, line in enumerate(lines, 1) if "Jewish Orgs" in line)
    essential = next(i for i, line in enumerate(lines, 1) if "essential: yes please" in line)
    assert [str(p) for p in caught.value.problems] == [
        f"{folder}/categories.yaml:{essential}:16: categories[1].essential: expected true or false, found text",
        f"{folder}/categories.yaml:{jewish}:9: categories[2].id: 'Jewish Orgs' must be lower-case letters, digits and dashes",
        f"{folder}/tips.yaml:3:5: tips[1]: unknown key 'titel' (did you mean \"title\"?)",
        f"{folder}/tips.yaml:2:5: tips[1]: missing key 'title'",
    ]


def test_guide_command_shows_one_category(run):
    result = run("guide", "jewish")
    assert result.exit_code == 0
    assert "Jewish" in result.stdout and "Immigrant-led and" not in result.stdout


def test_guide_command_suggests_a_category_id(run):
    result = run("guide", "jewsh")
    assert result.exit_code == 2
    assert 'no category \'jewsh\' (did you mean "jewish"?); choose from immigrant-led, jewish, interfaith' in result.stderr

