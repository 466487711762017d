"""Rich renderables for worksheets and guides. Functions return renderables; the CLI prints them."""

from __future__ import annotations

from datetime import date

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .errors import PartnerkitError
from .export import View, ask_lines, reflow
from .guide import Category, Guide, Question
from .longtable import LongTable
from .worksheet import Answer, Partner, Status, Worksheet

STATUS_STYLE = {Status.PLANNED: "dim", Status.ASKED: "yellow", Status.AGREED: "green", Status.DECLINED: "red"}


def worksheet_view(worksheet: Worksheet, guide: Guide) -> RenderableType:
    """The paper worksheet as a table, then the answers to the guide's questions."""
    return Group(*view_parts(View.of(worksheet, guide)))


def view_parts(view: View) -> list[RenderableType]:
    """The table, then (for one unfiltered worksheet) the answers to the guide's questions.

    In parts, to print one by one: Rich holds all of one print in memory. The table is drawn by
    LongTable: the same picture as Rich's table, several times faster.
    """
    parts: list[RenderableType] = [*LongTable(view_table(view)).parts()]
    answers = None if view.several or view.filtered else answers_view(view.sources[0][1], view.guide)
    if answers is not None:
        parts += [Text(""), answers]
    return parts


def view_table(view: View) -> Table:
    """One row group per category; with several files, a column says which file a row is from."""
    labels = view.guide.worksheet.labels
    # Text rather than str throughout: Rich reads a str as markup, so an action called
    # "Vigil [/b]" would crash and ":pray:" would become an emoji.
    table = Table(title=Text(view.title(), style="bold"), box=box.SQUARE, expand=True)
    sizes = [{"width": 14, "style": "bold"}, *([{"ratio": 2}] if view.several else []), {"ratio": 3}, {"ratio": 4}, {"ratio": 4}]
    for heading, size in zip(view.headings(), sizes, strict=True):
        table.add_column(Text(heading), overflow="fold", **size)
    for category, rows in view.groups():
        if not rows:
            table.add_row(Text(category.label), *([Text()] if view.several else []), Text(labels["none"], style="dim italic"), Text(), Text(), end_section=True)
            continue
        for index, (path, partner) in enumerate(rows):
            table.add_row(
                Text(category.label if index == 0 else ""),
                *([Text(str(path))] if view.several else []),
                _organization(partner),
                _why(partner, labels),
                _ask(partner, labels),
                end_section=index == len(rows) - 1,
            )
    return table


def problems_view(error: PartnerkitError) -> RenderableType:
    """A file's problems where its table would be (for `show --watch`)."""
    lines = [Text.assemble(("error: ", "bold red"), line) for line in error.lines()]
    if error.hint:
        lines.append(Text(f"hint: {error.hint}", style="dim"))
    return Group(*lines)


def _organization(partner: Partner) -> Text:
    text = Text(partner.organization)
    text.append(f"\n{partner.status.value}", style=STATUS_STYLE[partner.status])
    return text


def _why(partner: Partner, labels: dict[str, str]) -> Text:
    text = Text(reflow(partner.why or ""))
    if partner.notes:
        text.append(("\n" if partner.why else "") + f"{labels['notes']}: ", style="dim bold")
        text.append(reflow(partner.notes), style="dim")
    return text


def _ask(partner: Partner, labels: dict[str, str]) -> Text:
    text = Text()
    for label, value in ask_lines(partner, labels):
        if text:
            text.append("\n")
        text.append(f"{label}: ", style="bold")
        text.append(value)
    return text


def format_answer(answer: Answer, labels: dict[str, str]) -> str:
    if isinstance(answer, bool):
        return labels["yes"] if answer else labels["no"]
    return answer.isoformat() if isinstance(answer, date) else answer


def answers_view(worksheet: Worksheet, guide: Guide) -> RenderableType | None:
    """The answers to category and tip questions, grouped under their headings, in guide order."""
    sections: list[tuple[str, tuple[Question, ...], dict]] = []
    for category in guide.categories:
        sections.append((category.title, category.questions, worksheet.considerations.get(category.id, {})))
    for tip in guide.tips:
        sections.append((tip.title, tip.questions, worksheet.tips.get(tip.id, {})))
    # Question above answer, each indented as a block, so long prompts wrap without hiding answers.
    grid = Table.grid(padding=(0, 0, 0, 2))
    grid.add_column(no_wrap=False)
    labels = guide.worksheet.labels
    for title, questions, given in sections:
        answered = [(q, given[q.id]) for q in questions if q.id in given]
        if not answered:
            continue
        grid.add_row(Text(("\n" if grid.row_count else "") + title, style="bold"))
        for question, answer in answered:
            grid.add_row(Padding(Text(question.prompt, style="dim"), (0, 0, 0, 2)))
            grid.add_row(Padding(Text(reflow(format_answer(answer, labels))), (0, 0, 0, 4)))
    return grid if grid.row_count else None


def _markdown(text: str) -> RenderableType:
    # rich.markdown pulls in markdown-it and pygments; only the guidance needs it, and importing it
    # at the top made every `show` pay for it.
    from rich.markdown import Markdown

    return Markdown(text)


def category_view(category: Category, guide: Guide) -> RenderableType:
    labels = guide.worksheet.labels
    weigh = "\n".join(f"- {item}" for item in category.weigh)
    body = f"### {labels['why_partner']}\n\n{category.why}\n\n### {labels['who_partner']}\n\n{category.who}"
    if weigh:
        body += f"\n\n### {labels['weigh']}\n\n{weigh}"
    return Panel(_markdown(body), title=f"[bold]{category.title}[/]", title_align="left", border_style="cyan")


def guide_view(guide: Guide, category: Category | None = None) -> RenderableType:
    """All the guidance (or one category's), as panels of Markdown."""
    if category is not None:
        return category_view(category, guide)
    parts: list[RenderableType] = [
        Panel(_markdown(guide.worksheet.intro), title=f"[bold]{guide.worksheet.title}[/]", title_align="left")
    ]
    parts += [category_view(c, guide) for c in guide.categories]
    parts += [tip_view(t) for t in guide.tips]
    return Group(*parts)


def tip_view(tip) -> RenderableType:  # noqa: ANN001 - a guide Tip
    return Panel(_markdown(tip.text), title=f"[bold]{tip.title}[/]", title_align="left", border_style="magenta")
