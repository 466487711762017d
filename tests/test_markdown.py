"""The Markdown export read back by a real CommonMark + GFM parser: text stays text, exactly.

markdown-it-py renders the export (tables and strikethrough on, as on GitHub); html5lib reads the
result; every cell and answer must read back as the view's text, line breaks included.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from partnerkit.present.formats import Format, render
from partnerkit.present.view import View, build_view
from partnerkit.worksheet.model import Ask, Partner, Status, Worksheet
from partnerkit.worksheet.store import load as load_worksheet

GITHUB = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def parse(markdown: str) -> Element:
    return html5lib.parse(GITHUB.render(markdown), namespaceHTMLElements=False)


def text_of(element: Element) -> str:
    """An element's text as a reader sees it, each <br> a line break."""
    parts = [element.text or ""]
    for child in element:
        parts += ["\n" if child.tag == "br" else text_of(child), child.tail or ""]
    return "".join(parts)


def cell_texts(view: View) -> list[list[str]]:
    """What each row's cells should read: the view's lines, labels as "Label: text"."""
    rows = []
    for group in view.groups:
        for index, row in enumerate(group.rows):
            cells = ["\n".join(f"{line.label}: {line.text}" if line.label else line.text for line in cell) for cell in row.cells]
            rows.append([group.label if index == 0 else "", *cells])
    return rows


def one_partner_view(guide, partner: Partner, answer: str | None = None) -> View:
    worksheet = Worksheet.empty(guide).with_partners(guide.categories[0].id, (partner,))
    if answer is not None:
        category = guide.categories[0]
        text_question = next(q for q in category.questions if q.kind.value == "text")
        worksheet = Worksheet(worksheet.partners, considerations={category.id: {text_question.id: answer}})
    return build_view([(Path(), worksheet)], guide)


def test_the_export_is_a_title_a_table_and_the_answers(guide):
    example = guide.folder / "example.yaml"
    view = build_view([(example, load_worksheet(example, guide))], guide)
    page = parse(render(view, Format.MARKDOWN))

    assert text_of(page.find(".//h1")) == view.title
    assert [text_of(th) for th in page.findall(".//thead/tr/th")] == list(view.headings)
    assert [[text_of(td) for td in tr.findall("td")] for tr in page.findall(".//tbody/tr")] == cell_texts(view)
    assert [text_of(h2) for h2 in page.findall(".//h2")] == [section.title for section in view.sections]
    paragraphs = [text_of(p) for p in page.findall(".//p")]
    for section in view.sections:
        for question, answer in section.answers:
            assert paragraphs[paragraphs.index(question) + 1] == answer


MARKUP = "\\`*_~[]()<>&|$#:!-+=.{}\"' \n"
URLS = ("https://example.org/a_b?x=1&y=~z~", "www.example.org/some_path_here", "(see https://x.org/a_(b)).", "<https://x.org>")
texts = (
    st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(MARKUP), min_size=1, max_size=30)
    | st.lists(st.sampled_from(("~~struck~~", "**bold**", "_em_", "`code`", "<b>x</b>", "&amp;", ":pray:", "1. item", "- item", "# h", "| a |", "$x$", *URLS)), min_size=1, max_size=4).map(" ".join)
).filter(lambda s: s.strip())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(organization=texts, why=texts, notes=texts, who=texts, answer=texts)
def test_any_text_reads_back_exactly_as_written(guide, organization, why, notes, who, answer):
    partner = Partner(organization, why=why, ask=Ask(who=who), status=Status.ASKED, notes=notes)
    view = one_partner_view(guide, partner, answer)
    page = parse(render(view, Format.MARKDOWN))

    rows = [[text_of(td) for td in tr.findall("td")] for tr in page.findall(".//tbody/tr")]
    assert rows == cell_texts(view)
    assert page.find(".//del") is None and page.find(".//code") is None and page.find(".//img") is None
    ((question, expected),) = view.sections[0].answers
    paragraphs = [text_of(p) for p in page.findall(".//p")]
    assert paragraphs[paragraphs.index(question) + 1] == expected


def test_web_addresses_stay_working_links(guide):
    partner = Partner("Unidos", why="Their page: https://example.org/court_watch?a=1&b=2_3. And www.example.org/a_b")
    page = parse(render(one_partner_view(guide, partner), Format.MARKDOWN))

    links = [(a.get("href"), text_of(a)) for a in page.iter("a")]
    assert links == [
        ("https://example.org/court_watch?a=1&b=2_3", "https://example.org/court_watch?a=1&b=2_3"),
        ("https://www.example.org/a_b", "www.example.org/a_b"),
    ]


def test_strikethrough_and_single_line_breaks_do_not_happen(guide):
    partner = Partner("~~Unidos~~", why="First line\nsecond line")
    markdown = render(one_partner_view(guide, partner), Format.MARKDOWN)
    page = parse(markdown)

    assert page.find(".//del") is None
    first_row = [text_of(td) for td in page.find(".//tbody/tr").findall("td")]
    assert first_row[1:3] == ["~~Unidos~~\nplanned", "First line\nsecond line"]
    assert "First line<br>second line" in markdown


PANDOC = shutil.which("pandoc")
ADDRESSES = "Read https://en.wikipedia.org/wiki/Foo_(and_parens) and (see www.example.org/a_b). Or https://x.org/a|b?q=1&r=2."
LINKED = [
    ("https://en.wikipedia.org/wiki/Foo_(and_parens)", "https://en.wikipedia.org/wiki/Foo_(and_parens)"),
    ("https://www.example.org/a_b", "www.example.org/a_b"),
    ("https://x.org/a%7Cb?q=1&r=2", "https://x.org/a|b?q=1&r=2"),
]


def test_an_address_keeps_a_closing_parenthesis_of_its_own(guide):
    page = parse(render(one_partner_view(guide, Partner("Unidos", why=ADDRESSES)), Format.MARKDOWN))
    assert [(a.get("href"), text_of(a)) for a in page.iter("a")] == LINKED


@pytest.mark.skipif(PANDOC is None, reason="needs pandoc (Debian: apt-get install pandoc)")
def test_pandoc_reads_every_link_once_and_the_table_as_written(guide, tmp_path):
    """pandoc's GitHub reader finds addresses in plain text too: in a link's text, it must find none."""

    view = one_partner_view(guide, Partner("Unidos | *x*", why=ADDRESSES, notes="a_b_c ~~no~~ <b>"), answer="Yes — `this`.")
    markdown = render(view, Format.MARKDOWN)
    html = subprocess.run([PANDOC, "-f", "gfm", "-t", "html"], input=markdown, capture_output=True, text=True, check=True).stdout
    page = html5lib.parse(html, namespaceHTMLElements=False)
    assert [(a.get("href"), text_of(a)) for a in page.iter("a")] == LINKED
    assert not [a for a in page.iter("a") if a.find(".//a") is not None]  # no link inside a link
    cells = [text_of(td) for td in page.find(".//tbody/tr").findall("td")]
    assert cells[1] == "Unidos | *x*\nplanned" and " ".join(cells[2].split()).endswith("Notes: a_b_c ~~no~~ <b>")  # pandoc wraps lines
    assert "Yes — `this`." in [text_of(p) for p in page.iter("p")]
