"""The HTML page: parsed by html5lib as a browser would, and printed by headless Chromium.

The print test runs only where Chromium and poppler's pdftotext are installed (Debian: chromium,
poppler-utils); elsewhere it is skipped. It prints a 24-partner worksheet on Letter and A4 paper
and reads each page back: rows are never split, every page repeats the header and names the kind
of partner of each of its rows, the first page is more than a title, and the answers are there.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pytest

from partnerkit.present.formats import Format, render
from partnerkit.present.formats.html import BLANK_ROWS
from partnerkit.present.view import build_view
from partnerkit.worksheet.model import Action, Ask, Partner, Status, Worksheet

WORDS = ["court", "watch", "families", "testimony", "organizers", "vigil", "congregation", "choir", "songs", "clergy", "union", "solidarity"]


def twenty_four(guide) -> Worksheet:
    """24 partners over the guide's categories, each row marked at its start and its end."""
    partners: dict[str, list[Partner]] = {cid: [] for cid in guide.category_ids}
    for i in range(24):
        why = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(8 + 7 * (i % 5))).capitalize() + "."
        partner = Partner(
            f"P{i:02d}START Organization {i}",
            why=why,
            ask=Ask(who="Dana", how="one-on-one", when=f"after the meeting P{i:02d}END"),
            status=list(Status)[i % 4],
            notes="Call first." if i % 3 == 0 else None,
        )
        partners[guide.category_ids[i % len(guide.category_ids)]].append(partner)
    category = guide.categories[0]
    question = next(q for q in category.questions if q.kind.value == "text")
    return Worksheet(
        {cid: tuple(ps) for cid, ps in partners.items()},
        Action("Tisha b'Av vigil", date(2027, 8, 12), "Elizabeth, NJ"),
        considerations={category.id: {question.id: "ANSWERSHOWN: the families asked us to go ahead."}},
    )


def page_of(guide, worksheet: Worksheet) -> str:
    return render(build_view([(Path("w.yaml"), worksheet)], guide), Format.HTML)


def parse(page: str) -> Element:
    return html5lib.parse(page, namespaceHTMLElements=False)


def text_of(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_the_page_parses_and_every_cell_reads_its_own_direction(guide):
    document = parse(page_of(guide, twenty_four(guide)))

    cells = document.findall(".//tbody/tr/td") + document.findall(".//tbody/tr/th") + document.findall(".//thead/tr/th")
    assert len(cells) == 24 * 4 + 4
    assert {cell.get("dir") for cell in cells} == {"auto"}
    rows = document.findall(".//tbody/tr")
    labels = [c.label for c in guide.categories]
    assert all(text_of(row.find("th")) in labels for row in rows)  # each row names its kind of partner
    assert "ANSWERSHOWN: the families asked us to go ahead." in [text_of(dd) for dd in document.iter("dd")]


def test_a_blank_worksheet_has_empty_rows_to_write_in(guide, run, tmp_path):
    assert run("init", tmp_path / "w.yaml").exit_code == 0
    document = parse(run("show", "-f", "html", tmp_path / "w.yaml").stdout)

    for group, category in zip(document.findall(".//tbody"), guide.categories, strict=True):
        rows = group.findall("tr")
        assert len(rows) == BLANK_ROWS
        assert [text_of(row.find("th")) for row in rows] == [category.label] * BLANK_ROWS
        assert all(row.get("class") == "blank" for row in rows)


def test_right_to_left_text_is_marked_to_read_its_own_way(guide):
    worksheet = Worksheet.empty(guide).with_partners(guide.category_ids[1], (Partner("בית תקווה", why="قافلة العائلات"),))
    document = parse(page_of(guide, worksheet))
    cell = next(td for td in document.iter("td") if "בית תקווה" in text_of(td))
    assert cell.get("dir") == "auto"


# --- printing -------------------------------------------------------------------------------

CHROMIUM = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)), None)
needs_printing = pytest.mark.skipif(
    CHROMIUM is None or shutil.which("pdftotext") is None, reason="needs Chromium and pdftotext (Debian: chromium poppler-utils)"
)


def print_pages(page: str, paper: str, folder: Path) -> list[str]:
    """The page printed by headless Chromium on `paper`, as the text of each printed page."""
    # The page asks for landscape on the reader's paper; pick the paper as the print dialog would.
    html = folder / f"{paper}.html"
    html.write_text(page.replace("</head>", f"<style>@page {{ size: {paper} landscape; }}</style></head>"), encoding="utf-8")
    pdf = folder / f"{paper}.pdf"
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={folder / 'profile'}",
               "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri()]
    subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert pdf.exists(), "Chromium wrote no PDF"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60).stdout
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


@needs_printing
@pytest.mark.parametrize("paper", ["letter", "A4"])
def test_a_printed_worksheet_keeps_rows_whole_and_says_what_each_row_is(guide, tmp_path, paper):
    worksheet = twenty_four(guide)
    pages = print_pages(page_of(guide, worksheet), paper, tmp_path)

    assert len(pages) > 1  # enough partners to need several pages
    assert "P00START" in pages[0]  # the first page is more than a title
    label_of = {p.organization[:8]: c.label for c in guide.categories for p in worksheet.partners[c.id]}
    seen, answers_only = [], []
    for text in pages:
        starts = {token for token in label_of if token in text}
        ends = {token.replace("START", "END") for token in starts}
        if not starts:  # only the answers (every question, with room to answer) may follow the table
            answers_only.append(text)
            continue
        assert not answers_only, "a page of rows after the answers"
        assert ends == {token.replace("START", "END") for token in label_of if token.replace("START", "END") in text}
        assert guide.worksheet.columns.organization in text  # the header repeats
        assert all(label_of[token] in text for token in starts)  # each row's kind of partner, on its page
        seen += sorted(starts)
    assert sorted(seen) == sorted(label_of)  # each row on exactly one page
    assert "ANSWERSHOWN: the families asked us to go ahead." in " ".join(pages)


@needs_printing
def test_a_blank_worksheet_prints_rows_to_write_in(guide, run, tmp_path):
    assert run("init", tmp_path / "w.yaml").exit_code == 0
    pages = print_pages(run("show", "-f", "html", tmp_path / "w.yaml").stdout, "letter", tmp_path)

    printed = " ".join(pages)
    assert guide.worksheet.labels["none"] not in printed  # the placeholder is for screens only
    for category in guide.categories:
        assert printed.count(category.label) == BLANK_ROWS


BIDI = """\
version: 2
action:
  name: Vigil at the gate وقفة
  date: 2027-08-12
  place: Elizabeth, NJ
partners:
  jewish:
    - organization: קהילת בית תקווה
      status: asked
      log:
        - date: 2027-06-02
          by: Dana
          note: Called the office, 3 people said yes.
"""


def test_each_line_reads_its_own_way_and_the_actions_name_is_set_apart(run, tmp_path):
    (tmp_path / "w.yaml").write_text(BIDI, encoding="utf-8")
    document = parse(run("show", "-f", "html", tmp_path / "w.yaml").stdout)
    lines = document.findall(".//tbody/tr/td/div")
    assert lines and {line.get("dir") for line in lines} == {"auto"}  # an English line under a Hebrew name
    heading = document.find(".//h1")
    assert text_of(heading.find("bdi")) == "Vigil at the gate وقفة" and text_of(heading).endswith("(2027-08-12, Elizabeth, NJ)")


@needs_printing
def test_printed_dates_and_english_lines_keep_their_order_beside_hebrew_and_arabic(run, tmp_path):
    (tmp_path / "w.yaml").write_text(BIDI, encoding="utf-8")
    printed = " ".join(print_pages(run("show", "-f", "html", tmp_path / "w.yaml").stdout, "letter", tmp_path))
    assert "2027-08-12, Elizabeth, NJ)" in printed and "12-08-2027" not in printed
    assert "2027-06-02 Dana: Called the office, 3 people said yes." in printed


def test_a_blank_worksheet_has_room_to_answer_every_question_and_nothing_open(guide, run, tmp_path):
    assert run("init", tmp_path / "w.yaml").exit_code == 0
    document = parse(run("show", "-f", "html", tmp_path / "w.yaml").stdout)
    prompts = [q.prompt for s in (*guide.categories, *guide.tips) for q in s.questions]
    asked = [text_of(dt) for dt in document.iter("dt")]
    assert asked == prompts  # every question, in guide order, each once
    assert len([dd for dd in document.iter("dd") if dd.get("class") == "blank"]) == len(prompts)
    assert "not answered yet" not in text_of(document.find(".//body"))


@needs_printing
@pytest.mark.parametrize("paper", ["letter", "A4"])
def test_a_blank_worksheets_table_prints_on_one_page(guide, run, tmp_path, paper):
    assert run("init", tmp_path / "w.yaml").exit_code == 0
    pages = print_pages(run("show", "-f", "html", tmp_path / "w.yaml").stdout, paper, tmp_path)
    for category in guide.categories:
        assert pages[0].count(category.label) == BLANK_ROWS, (paper, category.label)
    assert all(category.label not in page for page in pages[1:] for category in guide.categories)
