"""The guide's words on a terminal: its guidance as panels of Markdown.

The guidance is Markdown by design, so a campaign can write **bold** and lists; it is still text
from a file, so its control characters are spelled out first, titles are plain text (never Rich
markup: a title "[/]" prints as written), and links show their address instead of becoming
terminal hyperlinks.
"""

from __future__ import annotations

from datetime import date

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.text import Text

from ...guide.model import Category, Guide, Moment, Said, Tip, choice_text
from ...safetext import visible
from ...worksheet.model import Worksheet


def markdown(text: str) -> RenderableType:
    # rich.markdown pulls in markdown-it and pygments: only the guidance needs them.
    from rich.markdown import Markdown

    return Markdown(visible(text), hyperlinks=False)


class _Titled:
    """A Panel of `body` titled `heading` at its top left, or, when the heading is too long for the
    border (a long question), with the heading as its first lines: never cut off mid-question."""

    def __init__(self, body: RenderableType, heading: Text, border_style: str) -> None:
        self.body, self.heading, self.border_style = body, heading, border_style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.heading.cell_len + 6 <= options.max_width:  # "╭─ " + heading + " ─╮"
            yield Panel(self.body, title=self.heading, title_align="left", border_style=self.border_style)
        else:
            yield Panel(Group(self.heading, self.body), border_style=self.border_style)


def panel(text: str, title: str, border_style: str = "none") -> RenderableType:
    """Markdown `text` in a box, `title` at its top left (or, too long for it, above the text)."""
    return _Titled(markdown(text), Text(visible(title, one_line=True), style="bold"), border_style)


def category_view(category: Category, guide: Guide) -> RenderableType:
    """Why partner with this kind of partner, who they might be, and what to weigh."""
    labels = guide.worksheet.labels
    body = f"### {labels['why_partner']}\n\n{category.why}\n\n### {labels['who_partner']}\n\n{category.who}"
    if category.weigh:
        body += f"\n\n### {labels['weigh']}\n\n" + "\n".join(f"- {item}" for item in category.weigh)
    return panel(body, category.title, "cyan")


def tip_view(tip: Tip) -> RenderableType:
    return panel(tip.text, tip.title, "magenta")


def guide_view(guide: Guide, category: Category | None = None) -> RenderableType:
    """All the guidance (or one category's), as panels of Markdown."""
    if category is not None:
        return category_view(category, guide)
    parts = [panel(guide.worksheet.intro, guide.worksheet.title)]
    parts += [category_view(c, guide) for c in guide.categories]
    parts += [tip_view(t) for t in guide.tips]
    return Group(*parts)


def moment_view(guide: Guide, worksheet: Worksheet, moment: Moment, organization: str, when: date, file: str = "FILE", command: str = "partnerkit") -> RenderableType:
    """What the guide says at a moment of working the plan: its tips, and the team's own answers
    (or, unanswered, how to answer: `command` and `file` as the reader runs them)."""
    said, words = guide.moments.get(moment, Said()), guide.tracking
    parts: list[RenderableType] = []
    if moment is Moment.LATE_ASK:
        days = worksheet.days_before_action(when)
        late = guide.phrases["late_ask"].format(organization=organization, when=when, days=days, lead_days=guide.lead_days)
        parts.append(Text(visible(late), style="yellow"))
    parts += [tip_view(guide.tip(tip_id)) for tip_id in said.tips]
    for tip_id, question_id in said.answers:
        tip = guide.tip(tip_id)
        question = next(q for q in tip.questions if q.id == question_id)
        answer = worksheet.tips.get(tip_id, {}).get(question_id)
        if answer is None:
            unanswered = words["team_unanswered"].format(question=question.prompt, command=command, file=file)
            parts.append(Text(visible(unanswered), style="yellow"))
        else:
            shown = choice_text(question.choices, answer) if isinstance(answer, str) else str(answer)  # a chosen answer: its words
            parts.append(panel(shown, words["team_answer"].format(question=question.prompt), "green"))
    return Group(*parts)
