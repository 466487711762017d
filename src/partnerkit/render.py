"""Rich renderables for worksheets and guides. Functions return renderables; the CLI prints them."""

from __future__ import annotations

from datetime import date

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .guide import Category, Guide, Question
from .longtable import LongTable
from .worksheet import Answer, Partner, Status, Worksheet

STATUS_STYLE = {Status.PLANNED: "dim", Status.ASKED: "yellow", Status.AGREED: "green", Status.DECLINED: "red"}


def worksheet_title(worksheet: Worksheet, guide: Guide) -> str:
    action = worksheet.action
    details = [str(x) for x in (action.date, action.place) if x]
    name = action.name or guide.worksheet.title
    return f"{name} ({', '.join(details)})" if details else name


def worksheet_view(worksheet: Worksheet, guide: Guide) -> RenderableType:
    """The paper worksheet as a table, then the answers to the guide's questions."""
    return Group(*worksheet_parts(worksheet, guide))


def worksheet_parts(worksheet: Worksheet, guide: Guide) -> list[RenderableType]:
    """worksheet_view in parts to print one by one, since Rich holds all of one print in memory.

    The table is drawn by LongTable: the same picture as Rich's, five times faster.
    """
    parts: list[RenderableType] = [*LongTable(worksheet_table(worksheet, guide)).parts()]
    answers = answers_view(worksheet, guide)
    if answers is not None:
        parts.append(answers)
    return parts


def worksheet_table(worksheet: Worksheet, guide: Guide) -> Table:
    columns, labels = guide.worksheet.columns, guide.worksheet.labels
    # Text rather than str throughout: Rich reads a str as markup, so an action called
    # "Vigil [/b]" would crash and ":pray:" would become an emoji.
    table = Table(title=Text(worksheet_title(worksheet, guide), style="bold"), box=box.SQUARE, expand=True)
    table.add_column(Text(columns.category), width=14, style="bold", overflow="fold")
    table.add_column(Text(columns.organization), ratio=3, overflow="fold")
    table.add_column(Text(columns.why), ratio=4, overflow="fold")
    table.add_column(Text(columns.ask), ratio=4, overflow="fold")
    for category in guide.categories:
        partners = worksheet.partners.get(category.id, ())
        if not partners:
            table.add_row(Text(category.label), Text(labels["none"], style="dim italic"), Text(), Text(), end_section=True)
            continue
        for index, partner in enumerate(partners):
            table.add_row(
                Text(category.label if index == 0 else ""),
                _organization(partner),
                _why(partner, labels),
                _ask(partner, labels),
                end_section=index == len(partners) - 1,
            )
    return table


def reflow(text: str) -> str:
    """Hand-wrapped lines joined into paragraphs, so the table wraps them to its own width."""
    paragraphs = (" ".join(line.strip() for line in p.splitlines()) for p in text.strip().split("\n\n"))
    return "\n".join(p for p in paragraphs if p)


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
    for key in ("who", "how", "when"):
        value = getattr(partner.ask, key)
        if value:
            if text:
                text.append("\n")
            text.append(f"{labels[key]}: ", style="bold")
            text.append(reflow(str(value)))
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
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=False)
    labels = guide.worksheet.labels
    for title, questions, given in sections:
        answered = [(q, given[q.id]) for q in questions if q.id in given]
        if not answered:
            continue
        grid.add_row(Text(title, style="bold"))
        for question, answer in answered:
            line = Text("  ")
            line.append(question.prompt, style="dim")
            line.append("  " + format_answer(answer, labels))
            grid.add_row(line)
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
